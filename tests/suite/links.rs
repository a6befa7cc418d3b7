//! Links between content files: relative `.md` links become page URLs; missing files and
//! anchors are errors at the link; external links are left alone.

use crate::harness::{element_with, hrefs, Site};

#[test]
fn relative_md_links_become_page_urls() {
    let site = Site::fixture("links/rewrite");
    site.build().success();
    let main = site.main_of("steps/one/index.html");
    let list = element_with(&main, ">same folder</a>", "</ul>");
    assert_eq!(
        hrefs(list),
        [
            "/steps/two/",         // two.md
            "/steps/two/",         // ./two.md
            "/about/",             // ../about.md
            "/steps/two/#details", // two.md#details
            "/",                   // ../_index.md
            "/steps/",             // _index.md
            "/about/#team",        // [ref]: ../about.md#team
            "https://example.com/guide.md",
            "//cdn.example/x.md",
            "../files/sheet.pdf",
            "/elsewhere/",
            "#intro",
        ]
    );
}

#[test]
fn links_from_the_home_page_are_rewritten() {
    let site = Site::fixture("links/rewrite");
    site.build().success();
    let main = site.main_of("index.html");
    for url in ["/steps/one/", "/steps/", "/about/#team"] {
        assert!(hrefs(&main).contains(&url), "no link to {url}:\n{main}");
    }
    assert!(!main.contains(".md\""), "an unrewritten .md link:\n{main}");
}

#[test]
fn link_to_a_missing_file_is_an_error_at_the_link() {
    let site = Site::fixture("links/missing-file");
    let run = site.build();
    run.errors(1);
    run.diag("content/steps/one.md:7:10: error: link to a missing file `../no-such-page.md`")
        .source(7, "See also [the overview](../no-such-page.md) for more.")
        .caret(10)
        .hint("relative paths to their `.md` file");
}

#[test]
fn missing_file_hint_suggests_the_closest_page() {
    let site = Site::fixture("links/missing-file-typo");
    let run = site.build();
    run.errors(1);
    run.diag("content/steps/first.md:5:11: error: link to a missing file `secnod.md`")
        .source(5, "Then read [the second page](secnod.md).")
        .caret(11)
        .hint("did you mean `second.md`?");
}

#[test]
fn link_to_a_missing_anchor_in_another_page_is_an_error() {
    let site = Site::fixture("links/missing-anchor");
    let run = site.build();
    run.errors(1);
    run.diag("content/a.md:5:24: error: link to a missing anchor `#getting-startd` in `b.md`")
        .source(
            5,
            "Before you start, read [how to begin](b.md#getting-startd).",
        )
        .caret(24)
        .hint("did you mean `#getting-started`?");
}

#[test]
fn link_to_a_missing_anchor_in_the_same_page_is_an_error() {
    let site = Site::fixture("links/missing-anchor-same-page");
    let run = site.build();
    run.errors(1);
    run.diag("content/a.md:7:14: error: link to a missing anchor `#instalation` in `a.md`")
        .source(7, "Jump back to [installing](#instalation).")
        .caret(14)
        .hint("did you mean `#installation`?");
}
