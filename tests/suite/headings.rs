//! Heading ids, self-links and the table of contents.

use crate::harness::{element_with, hrefs, Site};

fn doc() -> String {
    let site = Site::fixture("headings/ids");
    site.build().success();
    site.main_of("doc/index.html")
}

#[test]
fn heading_ids_come_from_their_text() {
    let main = doc();
    assert!(
        main.contains("<h2 id=\"hello-world\">Hello world<"),
        "{main}"
    );
    assert!(
        main.contains(
            "<h3 id=\"use-code-and-emphasis\">Use <code>code</code> and <em>emphasis</em><"
        ),
        "{main}"
    );
    assert!(
        main.contains("<h4 id=\"too-deep-for-the-table-of-contents\">"),
        "{main}"
    );
}

#[test]
fn repeated_headings_get_numbered_ids() {
    let main = doc();
    assert_eq!(main.matches("<h2 id=\"hello-world\">").count(), 1, "{main}");
    assert!(
        main.contains("<h2 id=\"hello-world-1\">Hello world<"),
        "{main}"
    );
}

#[test]
fn explicit_ids_are_honoured() {
    let main = doc();
    assert!(main.contains("<h2 id=\"my-own-id\">Custom id<"), "{main}");
    assert!(!main.contains("{#my-own-id}"), "{main}");
}

#[test]
fn headings_link_to_themselves() {
    let main = doc();
    for id in [
        "hello-world",
        "use-code-and-emphasis",
        "hello-world-1",
        "my-own-id",
    ] {
        assert!(
            main.contains(&format!("<a class=\"anchor\" href=\"#{id}\"")),
            "no self-link to #{id}:\n{main}"
        );
    }
}

#[test]
fn toc_lists_h2_and_h3_in_order() {
    let main = doc();
    let toc = element_with(&main, "aria-labelledby=\"toc\"", "</nav>");
    assert_eq!(
        hrefs(toc),
        [
            "#hello-world",
            "#use-code-and-emphasis",
            "#hello-world-1",
            "#my-own-id",
            "#main-1"
        ]
    );
    assert!(toc.contains(">Use code and emphasis</a>"), "{toc}");
}

// Regression: a heading called "Main" took `id="main"`, the id of the page's <main>.
#[test]
fn heading_ids_avoid_the_theme_ids() {
    let site = Site::fixture("headings/ids");
    site.build().success();
    let html = site.output("doc/index.html");
    assert_eq!(html.matches("id=\"main\"").count(), 1, "{html}");
    assert!(html.contains("<h2 id=\"main-1\">Main<"), "{html}");
}

// Regression: attributes other than id and class (`data-step=2`) were dropped.
#[test]
fn heading_attributes_are_all_kept_and_escaped() {
    let site = Site::fixture("headings/attributes");
    site.build().success();
    let main = site.main_of("doc/index.html");
    assert!(
        main.contains(
            "<h2 id=\"listen\" class=\"step\" data-step=\"2\" data-note=\"say&quot;hi&quot;&amp;bye\">Listen first<"
        ),
        "{main}"
    );
    // pulldown-cmark reads no attribute block holding `<`: it stays text, escaped.
    assert!(main.contains(">Not attributes {data-x=a&lt;c}<"), "{main}");
    assert!(!main.contains("a<c"), "{main}");
}
