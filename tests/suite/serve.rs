//! `kintsugi serve`: the real binary started as a child on a free port, driven over HTTP.

use crate::harness::{Server, Site};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Events that arrive within `window`.
fn drain(rx: &mpsc::Receiver<String>, window: Duration) -> Vec<String> {
    let until = Instant::now() + window;
    let mut out = Vec::new();
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(e) => out.push(e),
            Err(_) => break,
        }
    }
    out
}

fn basic() -> Site {
    Site::fixture("basic")
}

#[test]
fn serves_pages_with_types_and_no_caching() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));
    assert!(
        home.text().contains("/__kintsugi/live.js"),
        "live-reload script missing"
    );
    let css = server.get("/kintsugi.css");
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let sitemap = server.get("/sitemap.xml");
    assert!(
        sitemap
            .text()
            .contains(&format!("http://127.0.0.1:{}/", server.port)),
        "base_url is the server's address"
    );
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
}

#[test]
fn directory_urls_and_unknown_paths() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let page = server.get("/steps/");
    assert_eq!(page.status, 200);
    let bare = server.get("/steps");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location").as_deref(), Some("/steps/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "the site's own 404 page"
    );
    assert_eq!(server.request("POST", "/").status, 405);
    assert_eq!(server.request("DELETE", "/").status, 405);
}

#[test]
fn no_path_escapes_the_site() {
    let site = basic();
    site.write("secret.txt", "TOP SECRET");
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/steps/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(!r.text().contains("TOP SECRET"), "{path} leaked a file");
        assert!(!r.text().contains("root:"), "{path} leaked /etc/passwd");
    }
}

#[test]
fn many_concurrent_connections() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let port = server.port;
    let handles: Vec<_> = (0..32)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                write!(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
                let mut buf = String::new();
                s.read_to_string(&mut buf).unwrap();
                buf.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    // Live-reload streams stay open beside them.
    let _streams: Vec<_> = (0..8).map(|_| server.events()).collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn edits_creations_deletions_and_renames_are_served() {
    let site = basic();
    let server = Server::start(&site, &[]);
    site.patch(
        "content/about.md",
        "title: About this site",
        "title: About us",
    );
    server.wait_for("/about/", "the edited title", |r| {
        r.text().contains("About us")
    });

    site.write(
        "content/new-page.md",
        "---\ntitle: A new page\n---\n\nFresh text.\n",
    );
    server.wait_for("/new-page/", "the new page", |r| {
        r.status == 200 && r.text().contains("Fresh text.")
    });

    std::fs::remove_file(site.path("content/new-page.md")).unwrap();
    server.wait_for("/new-page/", "the deleted page to be gone", |r| {
        r.status == 404
    });

    std::fs::rename(
        site.path("content/about.md"),
        site.path("content/about-us.md"),
    )
    .unwrap();
    server.wait_for("/about-us/", "the renamed page", |r| r.status == 200);
    server.wait_for("/about/", "the old URL to be gone", |r| r.status == 404);
}

#[test]
fn a_catalog_created_and_edited_while_serving_is_used() {
    let site = basic();
    let server = Server::start(&site, &[]);
    // i18n/ does not exist when serve starts: it is watched once it appears.
    site.write("i18n/en.ftl", "toc-title = Contents here\n");
    server.wait_for("/steps/b-first/", "the site's own string", |r| {
        r.text().contains(">Contents here<")
    });
    site.write("i18n/en.ftl", "toc-title = Contents, edited\n");
    server.wait_for("/steps/b-first/", "the edited string", |r| {
        r.text().contains(">Contents, edited<")
    });
}

#[test]
fn a_save_by_rename_is_seen() {
    // Editors such as vim write a temp file and rename it over the original.
    let site = basic();
    let server = Server::start(&site, &[]);
    let original = std::fs::read_to_string(site.path("content/about.md")).unwrap();
    let tmp = site.path("content/.about.md.tmp-save");
    std::fs::write(
        &tmp,
        original.replace("title: About this site", "title: Saved by rename"),
    )
    .unwrap();
    std::fs::rename(&tmp, site.path("content/about.md")).unwrap();
    server.wait_for("/about/", "the renamed-over file", |r| {
        r.text().contains("Saved by rename")
    });
}

#[test]
fn a_broken_page_shows_errors_and_keeps_the_last_good_site() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let events = server.events();
    site.patch(
        "content/about.md",
        "title: About this site",
        "titel: About this site",
    );
    let started = Instant::now();
    loop {
        let status = server.status();
        let errors = status["errors"].as_array().cloned().unwrap_or_default();
        if !errors.is_empty() {
            let text = errors[0].as_str().unwrap_or("");
            assert!(
                text.starts_with("content/about.md:2:1: error: unknown key `titel`"),
                "{text}"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no error reported"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = drain(&events, Duration::from_millis(800));
    assert!(seen.contains(&"errors".to_string()), "{seen:?}");
    // The last good page is still served.
    let about = server.get("/about/");
    assert_eq!(about.status, 200);
    assert!(about.text().contains("About"));

    site.patch(
        "content/about.md",
        "titel: About this site",
        "title: About again",
    );
    server.wait_for("/about/", "the fixed page", |r| {
        r.text().contains("About again")
    });
    assert_eq!(server.status()["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let events = server.events();
    for i in 0..30 {
        site.write(
            &format!("content/burst-{i}.md"),
            &format!("---\ntitle: Burst {i}\n---\n\nText {i}.\n"),
        );
    }
    let seen = drain(&events, Duration::from_secs(3));
    assert_eq!(seen, ["reload"], "one reload per burst");
    assert_eq!(server.get("/burst-29/").status, 200);
}

#[test]
fn editor_temp_files_do_not_rebuild() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let events = server.events();
    site.write("content/.about.md.swp", "swap");
    site.write("content/about.md~", "backup");
    site.write("content/4913", "vim probe");
    let seen = drain(&events, Duration::from_millis(1500));
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn a_css_change_swaps_stylesheets_without_a_reload() {
    let site = basic();
    let server = Server::start(&site, &[]);
    let events = server.events();
    site.write("static/extra.css", "body { color: red }\n");
    let seen = drain(&events, Duration::from_secs(2));
    assert_eq!(seen, ["css"]);
    assert_eq!(server.get("/extra.css").text(), "body { color: red }\n");
}

#[test]
fn polling_also_sees_saves() {
    let site = basic();
    let server = Server::start(&site, &["--poll"]);
    site.patch(
        "content/about.md",
        "title: About this site",
        "title: Polled",
    );
    server.wait_for("/about/", "the polled change", |r| {
        r.text().contains("Polled")
    });
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = basic();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start(&site, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert_eq!(server.get("/").status, 200);
    let said = server.stderr_so_far();
    assert!(said.contains(&format!("port {port} is taken")), "{said}");
}

#[test]
fn incremental_rebuilds_equal_a_clean_build() {
    let site = basic();
    let server = Server::start(&site, &[]);
    site.patch("content/steps/c-second.md", "title: ", "title: Edited ");
    site.write(
        "content/extra.md",
        "---\ntitle: Extra\nweight: 1\n---\n\nSee [two](steps/c-second.md).\n",
    );
    server.wait_for("/extra/", "the new page", |r| r.status == 200);
    let files = server.assert_serves_a_clean_build(&site);
    assert!(files > 5);
}

/// A numeric style numbers works by the site's first citations: an edit to one page that
/// cites a work earlier renumbers the other pages too, as a clean build would.
#[test]
fn an_edit_that_renumbers_a_numeric_style_reaches_every_page() {
    let site = Site::fixture("citations/numeric").with_bibliography();
    let server = Server::start(&site, &[]);
    server.wait_for("/b/", "Johnson as [3]", |r| {
        r.text()
            .contains(r#"ref-johnson2008" aria-describedby="cite-1-tip-1">[3]</a>"#)
    });
    site.patch(
        "content/a.md",
        "A review [@field2017]",
        "A book [@johnson2008]",
    );
    server.wait_for("/b/", "Johnson as [1]", |r| {
        r.text()
            .contains(r#"ref-johnson2008" aria-describedby="cite-1-tip-1">[1]</a>"#)
    });
    server.assert_serves_a_clean_build(&site);
}
