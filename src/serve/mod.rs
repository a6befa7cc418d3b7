//! Live preview: `kintsugi serve`. Builds the site in memory, serves it on loopback,
//! watches the sources, rebuilds on every coalesced burst of saves and tells browsers
//! over Server-Sent Events to reload (or only swap stylesheets) once the build has
//! finished. A failed rebuild keeps the last good site and shows its errors in an overlay.
//! The print edition's book PDFs are made after the pages are served, on a thread of
//! their own (the newest build's first); until then the last ones are served.
//! Owns the serve loop and its state; building is [`crate::build`]'s.

mod http;
mod watch;

pub use http::{content_type, site_path};
pub use watch::is_editor_noise;

use crate::build::{self, BuildOptions, BuildReport};
use crate::pdf::files::DeferredBook;
use anyhow::{Context, Result};
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// How to serve: also the options of `kintsugi serve`, so the command line and the library
/// name them once.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (the next free one is used if it is taken).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    #[arg(long)]
    pub drafts: bool,
    /// Poll for changes instead of relying on native events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
}

/// What the browsers are told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// A build finished: reload. Data: the status JSON.
    Reload(String),
    /// Only stylesheets changed: swap them.
    Css(String),
    /// A build failed: show the overlay.
    Errors(String),
}

type Files = BTreeMap<String, Bytes>;

/// State shared by the server and the rebuild loop.
pub struct Shared {
    site: RwLock<Arc<Files>>,
    status: RwLock<Status>,
    events: broadcast::Sender<LiveEvent>,
}

/// The served site's generation, its build's errors and the files still being made.
#[derive(Default)]
struct Status {
    generation: u64,
    errors: Vec<String>,
    pending: Vec<String>,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            site: RwLock::new(Arc::new(Files::new())),
            status: RwLock::new(Status::default()),
            events: broadcast::channel(64).0,
        }
    }

    pub fn site(&self) -> Arc<Files> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// `{"generation": N, "errors": [...], "pending": [...]}`: `pending` lists the book
    /// PDFs still being made for the served generation.
    pub fn status_json(&self) -> String {
        let status = self.status.read().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({
            "generation": status.generation,
            "errors": status.errors,
            "pending": status.pending,
        })
        .to_string()
    }

    /// Records a build's outcome and tells the browsers. The book PDFs it left for later
    /// are served from the last site until they are made.
    fn publish(&self, files: Option<Files>, report: &BuildReport, css_only: bool) -> u64 {
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        let ok = files.is_some();
        let pending: Vec<String> = report.deferred.iter().map(|d| d.path.clone()).collect();
        if let Some(mut files) = files {
            let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
            for path in &pending {
                if let Some(old) = site.get(path) {
                    files.entry(path.clone()).or_insert_with(|| old.clone());
                }
            }
            *site = Arc::new(files);
        }
        let generation = {
            let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
            if ok {
                status.generation += 1;
                status.pending = pending;
            }
            status.errors = errors;
            status.generation
        };
        let json = self.status_json();
        let event = match (ok, css_only) {
            (true, true) => LiveEvent::Css(json),
            (true, false) => LiveEvent::Reload(json),
            (false, _) => LiveEvent::Errors(json),
        };
        // No subscribers is fine.
        let _ = self.events.send(event);
        generation
    }

    /// Serves a book PDF made for `generation`, unless a newer site is served by then.
    fn add_book(&self, generation: u64, path: &str, bytes: Bytes) {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        let mut status = self.status.write().unwrap_or_else(|e| e.into_inner());
        if status.generation != generation {
            return;
        }
        let mut files = (**site).clone();
        files.insert(path.to_string(), bytes);
        *site = Arc::new(files);
        status.pending.retain(|p| p != path);
    }
}

/// How long the saves must pause before the book PDFs are made.
const BOOKS_AFTER: std::time::Duration = std::time::Duration::from_millis(500);

/// The thread that makes the book PDFs builds leave for later, once the saves pause, for
/// the newest build: books a newer build replaced are never made.
fn start_books(
    shared: Arc<Shared>,
    cache: Arc<build::BuildCache>,
    color: bool,
) -> std::sync::mpsc::Sender<(u64, Vec<DeferredBook>)> {
    let (tx, rx) = std::sync::mpsc::channel::<(u64, Vec<DeferredBook>)>();
    std::thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            // Wait for a pause in the saves: a book made while the author is still at work
            // would only take the processor from the next save's rebuild.
            while let Ok(newer) = rx.recv_timeout(BOOKS_AFTER) {
                job = newer;
            }
            let (generation, books) = job;
            for book in books {
                match book.make(&cache.pdfs) {
                    Ok(bytes) => shared.add_book(generation, &book.path, bytes),
                    Err(d) => print_report([&d], color),
                }
            }
        }
    });
    tx
}

fn bind(addr: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    for p in port..=port.saturating_add(20) {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!("port {port} is taken; using {p}");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}:{p}")),
        }
    }
    Err(last.map_or_else(|| anyhow::anyhow!("no free port"), anyhow::Error::from))
        .with_context(|| format!("ports {port} to {} are all taken", port.saturating_add(20)))
}

fn base_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// The diagnostics on the terminal, coloured when `color` is set, each followed by a blank
/// line (the overlay shows them plain).
fn print_report<'a>(
    diagnostics: impl IntoIterator<Item = &'a crate::diagnostic::Diagnostic>,
    color: bool,
) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(color));
    }
}

/// Describes a batch of changed paths for the terminal: `content/a.md` or `3 files`.
fn describe(paths: &BTreeSet<PathBuf>) -> String {
    match paths.len() {
        1 => paths
            .iter()
            .next()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        n => format!("{n} files"),
    }
}

/// Runs the server until Ctrl-C. `color`: whether diagnostics on stderr are coloured.
pub fn run(opts: ServeOptions, color: bool) -> Result<()> {
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener.local_addr()?;
    let url = base_url(addr);
    let build_opts = BuildOptions {
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        live_reload: true,
        defer_books: cfg!(feature = "pdf"),
        ..BuildOptions::new(&opts.root)
    };
    let shared = Arc::new(Shared::new());
    let cache = Arc::new(build::BuildCache::incremental());
    let books = start_books(shared.clone(), cache.clone(), color);
    let (files, report) = build::build_in_memory(&build_opts, &cache);
    print_report(&report.diagnostics, color);
    if files.is_some() {
        eprintln!("{}", report.stats.summary("built", None));
    } else {
        eprintln!("the first build failed; fix the errors above and save — the page will update");
    }
    let generation = shared.publish(files.map(|s| s.into_files()), &report, false);
    let _ = books.send((generation, report.deferred));
    cache.pdfs.retain_written();

    let mut watch = watch::Watch::start(&opts.root, &[opts.root.join("public")], opts.poll)
        .context("cannot watch the site's folders")?;
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("cannot open a browser: {e}");
        }
    }

    let rebuild_shared = shared.clone();
    std::thread::spawn(move || {
        while let Some(batch) = watch.next_batch() {
            let css_only = batch.iter().all(|p| {
                p == std::path::Path::new("static")
                    || (p.starts_with("static") && p.extension().is_some_and(|e| e == "css"))
            });
            let (files, report) = build::build_in_memory(&build_opts, &cache);
            cache.pdfs.retain_written();
            let what = describe(&batch);
            if files.is_some() {
                print_report(report.diagnostics.iter().filter(|d| !d.is_error()), color);
                eprintln!("rebuilt in {} ms ({what} changed)", report.stats.millis);
            } else {
                print_report(&report.diagnostics, color);
                let n = report.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "rebuild failed with {n} error{} ({what} changed); still serving the last good site",
                    if n == 1 { "" } else { "s" }
                );
            }
            let ok = files.is_some();
            let generation =
                rebuild_shared.publish(files.map(|s| s.into_files()), &report, css_only);
            if ok {
                let _ = books.send((generation, report.deferred));
            }
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let server = axum::serve(listener, http::router(shared));
        tokio::select! {
            result = server => result?,
            _ = tokio::signal::ctrl_c() => {
                // Live-reload streams never end by themselves, so don't wait for them:
                // nothing is written to disk, there is nothing to flush.
                eprintln!("\nstopped");
            }
        }
        anyhow::Ok(())
    })
}
