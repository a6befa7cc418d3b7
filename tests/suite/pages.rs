//! Every kind of page builds to the right file, with the right head tags; site-wide files
//! (404, sitemap, robots); `--base-url`, drafts and `slug`.

use crate::harness::{element_with, hrefs, main_of, meta, Site};

/// The `<loc>` values of a sitemap, in order.
fn locs(sitemap: &str) -> Vec<&str> {
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect()
}

/// The `<lastmod>` of the sitemap entry for `loc`, if it has one.
fn lastmod<'a>(sitemap: &'a str, loc: &str) -> Option<&'a str> {
    let at = sitemap.find(&format!("<loc>{loc}</loc>"))?;
    let entry = &sitemap[at..sitemap[at..].find("</url>")? + at];
    let start = entry.find("<lastmod>")? + "<lastmod>".len();
    entry[start..].split("</lastmod>").next()
}

#[test]
fn every_page_kind_builds_to_its_file() {
    let site = Site::fixture("basic");
    site.build().success();
    for (file, title) in [
        ("index.html", "Basic home"),
        ("steps/index.html", "The steps"),
        ("steps/b-first/index.html", "First step"),
        ("steps/c-second/index.html", "Second step"),
        ("steps/a-third/index.html", "Third step"),
        ("about/index.html", "About this site"),
        ("worksheets/index.html", "Worksheets"),
        ("worksheets/first-sheet/index.html", "Worksheet: First step"),
    ] {
        let main = site.main_of(file);
        assert!(
            main.contains(&format!("<h1 id=\"page-title\">{title}</h1>")),
            "{file} should be `{title}`:\n{main}"
        );
    }
    for file in ["404.html", "sitemap.xml", "robots.txt", "kintsugi.css"] {
        assert!(site.has_output(file), "{file} missing");
    }
}

#[test]
fn not_found_page_has_the_site_layout() {
    let site = Site::fixture("basic");
    site.build().success();
    let html = site.output("404.html");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(
        html.contains("<link rel=\"stylesheet\" href=\"/kintsugi.css\">"),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"Main\""),
        "site menu missing:\n{html}"
    );
    assert!(html.contains("<main id=\"main\""), "{html}");
    assert!(main_of(&html).contains("Page not found"), "{html}");
    // Served at any path, so every link must work from any folder.
    for href in hrefs(&html) {
        assert!(
            href.starts_with('/') || href.starts_with("https://") || href.starts_with('#'),
            "relative link `{href}` in 404.html"
        );
    }
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = Site::fixture("basic");
    site.build().success();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"), "{sitemap}");
    let mut got = locs(&sitemap);
    got.sort();
    assert_eq!(
        got,
        [
            "https://basic.example/",
            "https://basic.example/about/",
            "https://basic.example/steps/",
            "https://basic.example/steps/a-third/",
            "https://basic.example/steps/b-first/",
            "https://basic.example/steps/c-second/",
            "https://basic.example/tags/",
            "https://basic.example/tags/background/",
            "https://basic.example/tags/faq/",
            "https://basic.example/tags/start/",
            "https://basic.example/tags/trust/",
            "https://basic.example/worksheets/",
            "https://basic.example/worksheets/first-sheet/",
        ]
    );
}

#[test]
fn sitemap_lastmod_comes_from_updated_then_date() {
    let site = Site::fixture("basic");
    site.build().success();
    let sitemap = site.output("sitemap.xml");
    // b-first has both: `updated` wins.
    assert_eq!(
        lastmod(&sitemap, "https://basic.example/steps/b-first/"),
        Some("2024-03-05")
    );
    assert_eq!(
        lastmod(&sitemap, "https://basic.example/steps/c-second/"),
        Some("2024-04-01")
    );
    assert_eq!(
        lastmod(&sitemap, "https://basic.example/about/"),
        Some("2024-01-02")
    );
    assert_eq!(
        lastmod(&sitemap, "https://basic.example/steps/a-third/"),
        None
    );
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = Site::fixture("basic");
    site.build().success();
    let robots = site.output("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://basic.example/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn description_and_open_graph_come_from_front_matter() {
    let site = Site::fixture("basic");
    site.build().success();
    let html = site.output("steps/b-first/index.html");
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("Where it begins.")
    );
    assert_eq!(meta(&html, "og:title").as_deref(), Some("First step"));
    assert_eq!(
        meta(&html, "og:description").as_deref(),
        Some("Where it begins.")
    );
    assert_eq!(
        meta(&html, "og:url").as_deref(),
        Some("https://basic.example/steps/b-first/")
    );
    assert!(
        html.contains("<title>First step · Basic Site</title>"),
        "{html}"
    );
    let home = site.output("index.html");
    assert_eq!(
        meta(&home, "og:url").as_deref(),
        Some("https://basic.example/")
    );
    assert_eq!(
        meta(&home, "description").as_deref(),
        Some("The home page of the basic site.")
    );
}

#[test]
fn description_falls_back_to_the_site_description() {
    let site = Site::fixture("pages/no-description");
    site.build().success();
    let html = site.output("plain/index.html");
    assert_eq!(
        meta(&html, "description").as_deref(),
        Some("The site description.")
    );
    assert_eq!(
        meta(&html, "og:description").as_deref(),
        Some("The site description.")
    );
}

#[test]
fn front_matter_text_is_escaped_in_the_head() {
    let site = Site::fixture("pages/no-description");
    site.build().success();
    let html = site.output("plain/index.html");
    assert_eq!(
        meta(&html, "og:title").as_deref(),
        Some("Fish &amp; &quot;chips&quot; &lt;now&gt;")
    );
    assert!(
        html.contains("<title>Fish &amp; &quot;chips&quot; &lt;now&gt; · Test Site</title>"),
        "{html}"
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = Site::fixture("basic");
    site.run(&["build", "--base-url", "https://other.example/sub"])
        .success();
    let html = site.output("steps/b-first/index.html");
    assert_eq!(
        meta(&html, "og:url").as_deref(),
        Some("https://other.example/sub/steps/b-first/")
    );
    let sitemap = site.output("sitemap.xml");
    assert!(
        locs(&sitemap)
            .iter()
            .all(|l| l.starts_with("https://other.example/sub/")),
        "{sitemap}"
    );
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://other.example/sub/sitemap.xml"));
    assert!(!sitemap.contains("basic.example"), "{sitemap}");
}

#[test]
fn drafts_are_skipped_by_default() {
    let site = Site::fixture("pages/drafts");
    let run = site.build();
    run.success();
    assert!(run.stdout.starts_with("built 3 pages,"), "{}", run.stdout);
    assert!(site.has_output("visible/index.html"));
    assert!(
        !site.has_output("unfinished/index.html"),
        "a draft was built"
    );
    assert!(!site.output("sitemap.xml").contains("unfinished"));
    assert!(
        !site.output("index.html").contains("/unfinished/"),
        "a draft is in the menu"
    );
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::fixture("pages/drafts");
    let run = site.run(&["build", "--drafts"]);
    run.success();
    assert!(run.stdout.starts_with("built 4 pages,"), "{}", run.stdout);
    assert!(site
        .main_of("unfinished/index.html")
        .contains("Not ready yet."));
    assert!(site
        .output("sitemap.xml")
        .contains("<loc>https://test.example/unfinished/</loc>"));
}

#[test]
fn slug_changes_the_url() {
    let site = Site::fixture("pages/slug");
    site.build().success();
    assert!(site
        .main_of("notes/short/index.html")
        .contains("Short and sweet."));
    assert!(
        !site.has_output("notes/a-very-long-file-name"),
        "the file name was used as well"
    );
    assert!(site
        .output("sitemap.xml")
        .contains("<loc>https://test.example/notes/short/</loc>"));
    // Links to the file follow its slug.
    assert!(site
        .main_of("index.html")
        .contains("href=\"/notes/short/\""));
}

/// The items of a page's tag list.
fn tags(main: &str) -> Vec<&str> {
    if !main.contains("aria-label=\"Tags\"") {
        return Vec::new();
    }
    element_with(main, "aria-label=\"Tags\"", "</ul>")
        .split("<li>")
        .skip(1)
        .filter_map(|s| s.split("</li>").next())
        .collect()
}

#[test]
fn tags_are_listed_on_an_ordinary_page() {
    let site = Site::fixture("basic");
    site.build().success();
    assert_eq!(
        tags(&site.main_of("about/index.html")),
        [
            r#"<a href="/tags/background/">background</a>"#,
            r#"<a href="/tags/faq/">faq</a>"#
        ]
    );
}

// Regression: guides dropped their `tags` (templates/guide.html never showed them).
#[test]
fn tags_are_listed_on_a_guide() {
    let site = Site::fixture("basic");
    site.build().success();
    assert_eq!(
        tags(&site.main_of("steps/b-first/index.html")),
        [
            r#"<a href="/tags/start/">start</a>"#,
            r#"<a href="/tags/trust/">trust</a>"#
        ]
    );
}

#[test]
fn guide_main_snapshot() {
    let site = Site::fixture("basic");
    site.build().success();
    insta::assert_snapshot!(site.main_of("steps/b-first/index.html"));
}

#[test]
fn section_main_snapshot() {
    let site = Site::fixture("basic");
    site.build().success();
    insta::assert_snapshot!(site.main_of("steps/index.html"));
}
