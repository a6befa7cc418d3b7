//! `kintsugi check --external` against a small HTTP/1.1 server on loopback that each test
//! starts: dead, slow, redirecting, HEAD-refusing and rate-limiting addresses, DOIs through
//! the resolver override, the cache, and the per-host limit. The pages are written by
//! each test, since the server's port is known only once it runs. Retry waits and the
//! pause between requests to one host are shortened through the environment.

use crate::harness::{run_with, Run, Site};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server was asked.
#[derive(Default)]
struct Log {
    /// `HEAD /gone` -> how many times.
    hits: HashMap<String, usize>,
    /// When each request was being answered.
    spans: Vec<(Instant, Instant)>,
}

/// A server on 127.0.0.1 that answers by path (see [`answer`]) and counts requests.
struct Server {
    address: String,
    log: Arc<Mutex<Log>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = shared.clone();
                std::thread::spawn(move || serve(stream, &log));
            }
        });
        Server { address, log }
    }

    /// `http://127.0.0.1:PORT/path`.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// How many times `request` (`GET /ok`) was asked.
    fn hits(&self, request: &str) -> usize {
        let log = self.log.lock().unwrap();
        log.hits.get(request).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.log.lock().unwrap().hits.values().sum()
    }

    fn spans(&self) -> Vec<(Instant, Instant)> {
        self.log.lock().unwrap().spans.clone()
    }
}

/// The most requests that were being answered at one moment.
fn most_at_once(spans: &[(Instant, Instant)]) -> usize {
    (spans.iter())
        .map(|(start, _)| {
            spans
                .iter()
                .filter(|(s, e)| s <= start && start < e)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// One connection, one request (answered with `Connection: close`).
fn serve(stream: TcpStream, log: &Mutex<Log>) {
    let started = Instant::now();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let request = format!("{method} {}", path.split('?').next().unwrap_or(path));
    let nth = {
        let mut log = log.lock().unwrap();
        let n = log.hits.entry(request).or_default();
        *n += 1;
        *n
    };
    let (status, headers, delay) = answer(method, path, nth);
    std::thread::sleep(delay);
    let mut stream = stream;
    let body = if method == "HEAD" { "" } else { "hello\n" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: 6\r\nConnection: close\r\n\r\n{body}"
    );
    let _ = stream.flush();
    log.lock().unwrap().spans.push((started, Instant::now()));
}

/// The answer to the `nth` request of `method` to `path`: status line, extra headers and
/// how long to wait before answering.
fn answer(method: &str, path: &str, nth: usize) -> (&'static str, &'static str, Duration) {
    let now = Duration::ZERO;
    let path = path.split('?').next().unwrap_or(path);
    match (method, path) {
        (_, "/ok" | "/ok.png" | "/doi/10.1000/alive") => ("200 OK", "", now),
        (_, "/gone" | "/doi/10.1000/missing") => ("404 Not Found", "", now),
        (_, "/slow") => ("200 OK", "", Duration::from_secs(3)),
        (_, "/a-while") => ("200 OK", "", Duration::from_millis(150)),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n", now),
        (_, "/moved-to-gone" | "/doi/10.1000/moved") => ("302 Found", "Location: /gone\r\n", now),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", "", now),
        ("GET", "/no-head") => ("200 OK", "", now),
        (_, "/busy") if nth == 1 => ("429 Too Many Requests", "Retry-After: 0\r\n", now),
        (_, "/busy") => ("200 OK", "", now),
        (_, "/forbidden") => ("403 Forbidden", "", now),
        (_, "/broken") => ("500 Internal Server Error", "", now),
        _ => ("418 I'm a teapot", "", now),
    }
}

/// A starter site with `content/links.md` holding `body`.
fn site_with(body: &str) -> Site {
    let site = Site::fixture("shared/starter");
    site.write(
        "content/links.md",
        &format!("---\ntitle: Links\n---\n{body}"),
    );
    site
}

/// Runs `kintsugi ARGS` in the site's root with short retry waits, a short pause between
/// requests to one host, DOIs resolved by `server`, and no proxy.
fn run(site: &Site, server: &Server, args: &[&str]) -> Run {
    run_with(site.root(), args, |command| {
        command
            .env("KINTSUGI_RETRY_BASE_MS", "20")
            .env("KINTSUGI_HOST_INTERVAL_MS", "10")
            .env("KINTSUGI_DOI_RESOLVER", server.url("/doi/"));
        for proxy in [
            "http_proxy",
            "https_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env_remove(proxy);
        }
    })
}

const CHECK: &[&str] = &["check", "--external", "--timeout", "1"];

#[test]
fn a_dead_link_is_an_error_at_every_place_that_uses_it_and_is_asked_once() {
    let server = Server::start();
    let gone = server.url("/gone");
    let site = site_with(&format!(
        "Intro.\n\nSee [the study]({gone}) now.\n\n- again: <{gone}>\n- [fine]({})\n",
        server.url("/ok")
    ));
    let run = run(&site, &server, CHECK);
    run.errors(2);
    run.diag(&format!(
        "content/links.md:6:5: error: dead link {gone}: 404 Not Found"
    ))
    .source(6, &format!("See [the study]({gone}) now."))
    .caret(5)
    .hint("the page is gone");
    run.diag_starting(&format!(
        "content/links.md:8:10: error: dead link {gone}: 404 Not Found"
    ));
    // One HEAD, then a GET in case the server only dislikes HEAD; once for both uses.
    assert_eq!(
        (server.hits("HEAD /gone"), server.hits("GET /gone")),
        (1, 1)
    );
    assert!(
        run.stdout
            .contains("checked 2 external links on 1 host: 1 alive, 1 dead, 0 from cache"),
        "{}",
        run.stdout
    );
}

#[test]
fn alive_links_and_images_pass_and_mail_links_are_not_asked() {
    let server = Server::start();
    let site = site_with(&format!(
        "[a]({}) and ![pic]({}) and [me](mailto:me@example.org) and [same]({}#part)\n",
        server.url("/ok"),
        server.url("/ok.png"),
        server.url("/ok"),
    ));
    let run = run(&site, &server, CHECK);
    run.success();
    assert!(
        run.stdout
            .contains("checked 2 external links on 1 host: 2 alive, 0 dead, 0 from cache"),
        "{}",
        run.stdout
    );
    assert_eq!(server.hits("HEAD /ok"), 1);
    assert_eq!(server.total(), 2);
}

#[test]
fn a_link_slower_than_the_timeout_is_reported_as_a_timeout() {
    let server = Server::start();
    let slow = server.url("/slow");
    let site = site_with(&format!("[slow]({slow})\n"));
    let run = run(
        &site,
        &server,
        &["check", "--external", "--timeout", "1", "--retries", "1"],
    );
    run.errors(1);
    run.diag(&format!(
        "content/links.md:4:1: error: dead link {slow}: timed out: no answer within 1 s (2 tries)"
    ))
    .hint("raise `--timeout`");
    // A timed-out HEAD is not followed by a GET: it would only wait again.
    assert_eq!(
        (server.hits("HEAD /slow"), server.hits("GET /slow")),
        (2, 0)
    );
}

#[test]
fn a_redirect_to_an_alive_page_is_alive_and_to_a_dead_one_is_dead() {
    let server = Server::start();
    let to_gone = server.url("/moved-to-gone");
    let site = site_with(&format!("[a]({}) [b]({to_gone})\n", server.url("/moved")));
    let run = run(&site, &server, CHECK);
    run.errors(1);
    run.diag(&format!(
        "content/links.md:4:{}: error: dead link {to_gone}: 404 Not Found",
        format!("[a]({}) ", server.url("/moved")).len() + 1
    ))
    .hint(&format!("it redirects to {}", server.url("/gone")));
    assert_eq!(server.hits("HEAD /ok"), 1);
}

#[test]
fn a_server_refusing_head_is_asked_with_get() {
    let server = Server::start();
    let site = site_with(&format!("[a]({})\n", server.url("/no-head")));
    run(&site, &server, CHECK).success();
    assert_eq!(
        (server.hits("HEAD /no-head"), server.hits("GET /no-head")),
        (1, 1)
    );
}

#[test]
fn too_many_requests_is_retried_after_the_wait_the_server_asks_for() {
    let server = Server::start();
    let site = site_with(&format!("[a]({})\n", server.url("/busy")));
    run(&site, &server, CHECK).success();
    assert_eq!(server.hits("HEAD /busy"), 2);
    assert_eq!(server.hits("GET /busy"), 0);
}

#[test]
fn a_site_refusing_robots_is_a_warning_not_a_dead_link() {
    let server = Server::start();
    let forbidden = server.url("/forbidden");
    let site = site_with(&format!("[a]({forbidden})\n"));
    let run = run(&site, &server, CHECK);
    run.success();
    run.stderr_has(&format!(
        "content/links.md:4:1: warning: could not check link {forbidden}: 403 Forbidden"
    ));
    assert!(
        run.stdout.contains("0 dead, 1 unverified"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dead_doi_is_reported_at_its_line_in_the_references_file() {
    let server = Server::start();
    let site = site_with("Nothing cites yet.\n");
    site.write(
        "content/references.yaml",
        "alive2020:\n  type: article\n  title: Alive\n  date: 2020\n  serial-number:\n    doi: 10.1000/moved\n\
         gone2021:\n  type: article\n  title: Gone\n  date: 2021\n  serial-number:\n    doi: 10.1000/missing\n  url: URL\n"
            .replace("URL", &server.url("/ok"))
            .as_str(),
    );
    let run = run(&site, &server, CHECK);
    run.errors(1);
    run.diag(&format!(
        "content/references.yaml:12:10: error: dead DOI 10.1000/missing of reference `gone2021` ({}): 404 Not Found",
        server.url("/doi/10.1000/missing")
    ))
    .source(12, "    doi: 10.1000/missing")
    .caret(10);
    // A DOI the resolver redirects is alive: the publisher's page (here dead) is not asked.
    assert_eq!(server.hits("HEAD /doi/10.1000/moved"), 1);
    assert_eq!(server.hits("HEAD /gone") + server.hits("GET /gone"), 0);
    assert_eq!(server.hits("HEAD /ok"), 1);
}

#[test]
fn the_cache_spares_alive_links_until_they_expire_and_always_rechecks_dead_ones() {
    let server = Server::start();
    let site = site_with(&format!(
        "[a]({}) [b]({})\n",
        server.url("/ok"),
        server.url("/gone")
    ));
    run(&site, &server, CHECK).code(1);
    assert_eq!((server.hits("HEAD /ok"), server.hits("HEAD /gone")), (1, 1));
    let cache = site.path(".kintsugi/cache/external-links.json");
    assert!(cache.is_file(), "the cache is written");

    let second = run(&site, &server, CHECK);
    second.code(1);
    assert_eq!(
        server.hits("HEAD /ok"),
        1,
        "the alive link is not asked again"
    );
    assert_eq!(server.hits("HEAD /gone"), 2, "the dead one is");
    assert!(
        second.stdout.contains("1 alive, 1 dead, 1 from cache"),
        "{}",
        second.stdout
    );

    // An entry older than the maximum age is asked again.
    let text = std::fs::read_to_string(&cache).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let at = json["alive"][server.url("/ok")]
        .as_u64()
        .expect("the entry");
    std::fs::write(
        &cache,
        text.replace(&at.to_string(), &(at - 8 * 86400).to_string()),
    )
    .unwrap();
    run(&site, &server, CHECK).code(1);
    assert_eq!(server.hits("HEAD /ok"), 2);

    // A shorter maximum age, and --no-cache, ask again too.
    run(&site, &server, &[CHECK, &["--max-cache-age", "0"]].concat()).code(1);
    assert_eq!(server.hits("HEAD /ok"), 3);
    run(&site, &server, &[CHECK, &["--no-cache"]].concat()).code(1);
    assert_eq!(server.hits("HEAD /ok"), 4);
}

#[test]
fn build_and_a_plain_check_make_no_requests() {
    let server = Server::start();
    let site = site_with(&format!(
        "[a]({}) [b]({})\n",
        server.url("/ok"),
        server.url("/gone")
    ));
    site.write(
        "content/references.yaml",
        "a2020:\n  type: article\n  title: A\n  date: 2020\n  serial-number:\n    doi: 10.1000/missing\n",
    );
    run(&site, &server, &["build"]).success();
    run(&site, &server, &["check"]).success();
    assert_eq!(server.total(), 0);
    assert!(!site.path(".kintsugi/cache/external-links.json").exists());
}

#[test]
fn one_host_is_asked_one_request_at_a_time_and_two_hosts_side_by_side() {
    let (one, two) = (Server::start(), Server::start());
    let links: String = (0..4)
        .flat_map(|i| {
            [
                format!("[{i}]({}?{i})\n", one.url("/a-while")),
                format!("[{i}]({}?{i})\n", two.url("/a-while")),
            ]
        })
        .collect();
    let site = site_with(&links);
    run(&site, &one, CHECK).success();
    assert_eq!(one.hits("HEAD /a-while"), 4);
    assert_eq!(most_at_once(&one.spans()), 1);
    assert_eq!(most_at_once(&two.spans()), 1);
    let both = [one.spans(), two.spans()].concat();
    assert_eq!(
        most_at_once(&both),
        2,
        "the two hosts are asked side by side"
    );
}

#[test]
fn a_server_error_is_retried_then_dead() {
    let server = Server::start();
    let broken = server.url("/broken");
    let site = site_with(&format!("[a]({broken})\n"));
    let run = run(&site, &server, &[CHECK, &["--retries", "2"]].concat());
    run.errors(1);
    run.diag_starting(&format!(
        "content/links.md:4:1: error: dead link {broken}: 500 Internal Server Error (3 tries)"
    ));
    // Each try is a HEAD and, since the server did not like it, a GET.
    assert_eq!(
        (server.hits("HEAD /broken"), server.hits("GET /broken")),
        (3, 3)
    );
    // Piped, as here, there is no progress line.
    run.stderr_lacks("checking external links");
}

#[test]
fn links_in_the_notice_and_urls_of_bibtex_references_are_checked_too() {
    let server = Server::start();
    let gone = server.url("/gone");
    let site = site_with("No links here.\n");
    site.write(
        "content/_notice.md",
        &format!("Read [this]({gone}) first.\n"),
    );
    site.write(
        "content/references.bib",
        &format!(
            "@misc{{web2024,\n  title = {{A page}},\n  year = {{2024}},\n  url = {{{gone}}},\n}}\n"
        ),
    );
    let run = run(&site, &server, CHECK);
    run.errors(2);
    run.diag(&format!(
        "content/_notice.md:1:6: error: dead link {gone}: 404 Not Found"
    ));
    run.diag_starting(&format!(
        "content/references.bib:4:10: error: dead link {gone} of reference `web2024`: 404 Not Found"
    ));
    assert_eq!(server.hits("HEAD /gone"), 1, "asked once for both uses");
}
