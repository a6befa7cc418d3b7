//! The site-wide notice, `content/_notice.md`: shown once near the top of the home page,
//! every guide and every worksheet (and nowhere else), set off under the title of every
//! worksheet PDF, checked like a page at the content root, never a page itself, and
//! picked up by `serve`.

use crate::harness::{hrefs, list_files, Server, Site};
use crate::worksheets::{manifest, pdf_text};

/// The notice as the theme shows it, with its link rewritten to the page's URL.
const NOTICE_HTML: &str = "<div class=\"site-notice\" role=\"note\">\n\
    <p><strong>Before you begin:</strong> if you are in danger,\n\
    <a href=\"/about/#if-you-are-in-danger\">where to turn</a> comes first.</p>\n\
    </div>";

fn notice_site() -> Site {
    Site::fixture("notice/site")
}

/// Where `needle` is in `html`, failing with the page when it is not there.
#[track_caller]
fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in:\n{html}"))
}

#[test]
fn the_notice_is_shown_once_on_the_home_page_guides_and_worksheets() {
    let site = notice_site();
    site.build().success();
    for file in [
        "index.html",
        "steps/first/index.html",
        "worksheets/first/index.html",
    ] {
        let main = site.main_of(file);
        assert_eq!(main.matches("site-notice").count(), 1, "{file}:\n{main}");
        assert!(main.contains(NOTICE_HTML), "{file}:\n{main}");
        assert!(
            hrefs(&main).contains(&"/about/#if-you-are-in-danger"),
            "{file}:\n{main}"
        );
    }
}

#[test]
fn the_notice_sits_near_the_top_of_each_page() {
    let site = notice_site();
    site.build().success();
    // Home: right after the hero, before the program.
    let home = site.main_of("index.html");
    let notice = at(&home, NOTICE_HTML);
    assert!(at(&home, "<header class=\"hero\">") < notice, "{home}");
    assert!(notice < at(&home, "The program at a glance"), "{home}");
    // A guide: after its header, before its table of contents.
    let guide = site.main_of("steps/first/index.html");
    let notice = at(&guide, NOTICE_HTML);
    assert!(at(&guide, "</header>") < notice, "{guide}");
    assert!(notice < at(&guide, "<nav class=\"toc\""), "{guide}");
    // A worksheet: after its header, inside the article, before the form.
    let sheet = site.main_of("worksheets/first/index.html");
    let notice = at(&sheet, NOTICE_HTML);
    assert!(at(&sheet, "<article") < notice, "{sheet}");
    assert!(at(&sheet, "</header>") < notice, "{sheet}");
    assert!(
        notice < at(&sheet, "<form class=\"worksheet-form\""),
        "{sheet}"
    );
    assert!(notice < at(&sheet, "</article>"), "{sheet}");
}

#[test]
fn ordinary_pages_sections_and_the_reference_index_have_no_notice() {
    let site = notice_site();
    site.build().success();
    for file in [
        "about/index.html",
        "steps/index.html",
        "worksheets/index.html",
        "references/index.html",
        "404.html",
    ] {
        let html = site.output(file);
        assert!(!html.contains("site-notice"), "{file}:\n{html}");
        assert!(!html.contains("Before you begin"), "{file}:\n{html}");
    }
}

#[test]
fn a_site_without_a_notice_has_no_notice_markup() {
    let site = Site::fixture("basic");
    site.build().success();
    let pages: Vec<String> = list_files(&site.path("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 5, "{pages:?}");
    for file in pages {
        let html = site.output(&file);
        assert!(!html.contains("site-notice"), "{file}:\n{html}");
    }
}

#[test]
fn the_notice_is_not_a_page() {
    let site = notice_site();
    let run = site.build();
    run.success();
    // Home, about, two sections, a guide, a worksheet and the reference index.
    assert!(
        run.stdout.starts_with("built 8 pages, 1 worksheet"),
        "{}",
        run.stdout
    );
    let files = list_files(&site.path("public"));
    assert!(
        !files.iter().any(|f| f.contains("_notice")),
        "the notice was written as a page: {files:?}"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(!sitemap.contains("_notice"), "{sitemap}");
}

#[test]
fn a_link_to_a_missing_file_is_an_error_in_the_notice() {
    let site = notice_site();
    site.write(
        "content/_notice.md",
        "If you are in danger,\nsee [where to turn](abuot.md).\n",
    );
    let run = site.build();
    run.errors(1);
    run.diag("content/_notice.md:2:5: error: link to a missing file `abuot.md`")
        .source(2, "see [where to turn](abuot.md).")
        .caret(5)
        .hint("did you mean `about.md`?");
    assert!(
        !site.has_output("index.html"),
        "a failed build wrote output"
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_in_the_notice() {
    let site = notice_site();
    site.write(
        "content/_notice.md",
        "See [where to turn](about.md#if-in-danger).\n",
    );
    let run = site.build();
    run.errors(1);
    run.diag(
        "content/_notice.md:1:5: error: link to a missing anchor `#if-in-danger` in `about.md`",
    )
    .caret(5)
    .hint("did you mean `#if-you-are-in-danger`?");
}

#[test]
fn citations_in_the_notice_are_errors() {
    let site = notice_site();
    site.write(
        "content/_notice.md",
        "Heartbreak hurts [@field2017].\n\nAs @field2017 found, it hurts.\n",
    );
    let run = site.build();
    run.errors(2);
    run.diag("content/_notice.md:1:18: error: the notice cannot cite: `@field2017`")
        .caret(18)
        .hint("reference lists do not include it");
    run.diag("content/_notice.md:3:4: error: the notice cannot cite: `@field2017`")
        .caret(4);
}

#[test]
fn front_matter_in_the_notice_is_an_error() {
    let site = notice_site();
    site.write(
        "content/_notice.md",
        "---\ntitle: Notice\n---\n\nBefore you begin.\n",
    );
    let run = site.build();
    run.errors(1);
    run.diag("content/_notice.md:1:1: error: the notice cannot have front matter")
        .source(1, "---")
        .hint("plain Markdown");
}

#[test]
fn headings_in_the_notice_are_errors() {
    let site = notice_site();
    site.write(
        "content/_notice.md",
        "Before you begin.\n\n## Where to turn\n",
    );
    let run = site.build();
    run.errors(1);
    run.diag("content/_notice.md:3:1: error: the notice cannot have headings")
        .source(3, "## Where to turn")
        .hint("short paragraph");
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn worksheet_pdfs_carry_the_notice_under_their_title() {
    let site = notice_site();
    site.build().success();
    for rel in [
        "worksheets/first/worksheet-a4.pdf",
        "worksheets/first/worksheet-letter.pdf",
        "worksheets/worksheets-a4.pdf",
    ] {
        let text = pdf_text(&site.path("public").join(rel));
        let notice = at(
            &text,
            "Before you begin: if you are in danger, where to turn comes first.",
        );
        assert!(at(&text, "First sheet") < notice, "{rel}: {text}");
        assert!(notice < at(&text, "Answer honestly."), "{rel}: {text}");
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn a_notice_change_makes_the_pdfs_again() {
    let site = notice_site();
    site.build().success();
    let before = manifest(&site);
    site.patch("content/_notice.md", "comes first", "comes before anything");
    site.build().success();
    let after = manifest(&site);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, hash) in &before {
        assert_ne!(
            &after[path], hash,
            "{path} was reused after the notice changed"
        );
    }
    let text = pdf_text(&site.path("public/worksheets/first/worksheet-a4.pdf"));
    assert!(
        text.contains("where to turn comes before anything."),
        "{text}"
    );
}

#[test]
fn serve_shows_an_edited_notice_and_equals_a_clean_build() {
    let site = notice_site();
    let server = Server::start(&site, &[]);
    site.patch("content/_notice.md", "comes first", "comes before anything");
    server.wait_for("/steps/first/", "the edited notice", |r| {
        r.text().contains("comes before anything")
    });
    server.assert_serves_a_clean_build(&site);
    for page in ["/", "/worksheets/first/"] {
        assert!(
            server.get(page).text().contains("comes before anything"),
            "{page} shows the old notice"
        );
    }
}
