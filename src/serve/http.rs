//! The preview server's HTTP side: serves the last good in-memory site on loopback (GET
//! and HEAD only, no caching, the site's own 404 page), the live-reload script and its
//! Server-Sent Events stream. Paths are looked up in memory, never on disk, so no request
//! can reach a file outside the site.

use super::{LiveEvent, Shared};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::wrappers::BroadcastStream;

pub const LIVE_JS: &str = include_str!("live.js");

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__kintsugi/live.js", get(live_js))
        .route("/__kintsugi/events", get(events))
        .route("/__kintsugi/status", get(status))
        .fallback(site_file)
        .with_state(shared)
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn live_js() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            LIVE_JS,
        )
            .into_response(),
    )
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let body = shared.status_json();
    no_store(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn sse_event(e: &LiveEvent) -> Event {
    match e {
        LiveEvent::Reload(json) => Event::default().event("reload").data(json.clone()),
        LiveEvent::Css(json) => Event::default().event("css").data(json.clone()),
        LiveEvent::Errors(json) => Event::default().event("errors").data(json.clone()),
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state so no build can slip between the two.
    let rx = shared.events.subscribe();
    let hello = Event::default().event("hello").data(shared.status_json());
    let live =
        BroadcastStream::new(rx).filter_map(|e| async move { e.ok().map(|e| Ok(sse_event(&e))) });
    Sse::new(stream::once(async move { Ok(hello) }).chain(live)).keep_alive(KeepAlive::default())
}

/// The content type of a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "bib" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes a request path into a site-relative file path. None for anything that tries
/// to climb out (`..`, encoded or not), holds a backslash or NUL, or isn't UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if i + 2 >= bytes.len() {
                return None;
            }
            let hex = |b: u8| (b as char).to_digit(16);
            match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    decoded.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => return None,
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(decoded).ok()?;
    if path.contains('\\') || path.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut rel = parts.join("/");
    if path.ends_with('/') || rel.is_empty() {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Some(rel)
}

fn bytes_response(status: StatusCode, path: &str, bytes: Bytes) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    no_store(r)
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return no_store(r);
    }
    let site = shared.site();
    let not_found = || match site.get("404.html") {
        Some(page) => bytes_response(StatusCode::NOT_FOUND, "404.html", page.clone()),
        None => no_store((StatusCode::NOT_FOUND, "not found\n").into_response()),
    };
    let Some(rel) = site_path(uri.path()) else {
        return no_store((StatusCode::BAD_REQUEST, "bad path\n").into_response());
    };
    if let Some(bytes) = site.get(&rel) {
        return bytes_response(StatusCode::OK, &rel, bytes.clone());
    }
    // `/steps/a` -> `/steps/a/` when that is a page.
    if site.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{}/", uri.path());
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return no_store(r);
    }
    not_found()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_only() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/steps/a/").as_deref(),
            Some("steps/a/index.html")
        );
        assert_eq!(site_path("/kintsugi.css").as_deref(), Some("kintsugi.css"));
        assert_eq!(site_path("/a%20b.pdf").as_deref(), Some("a b.pdf"));
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a/%2E%2E/%2e%2e/x"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/a%00b"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/worksheet-a4.pdf"), "application/pdf");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
    }
}
