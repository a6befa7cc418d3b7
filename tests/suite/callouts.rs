//! Callouts: GitHub-style alerts (`> [!NOTE]` and the four other kinds) become labelled
//! boxes with a hidden icon and a title word; plain block quotes stay block quotes.

use crate::harness::Site;

fn doc() -> String {
    let site = Site::fixture("callouts/kinds");
    site.build().success();
    site.main_of("doc/index.html")
}

/// The `<aside>` … `</aside>` of the callout whose class is `callout-{kind}`, the first one.
fn callout<'a>(main: &'a str, kind: &str) -> &'a str {
    let marker = format!("<aside class=\"callout callout-{kind}\"");
    let start = main
        .find(&marker)
        .unwrap_or_else(|| panic!("no {kind} callout in:\n{main}"));
    let end = main[start..].find("</aside>").expect("an unclosed callout") + start;
    &main[start..end + "</aside>".len()]
}

#[test]
fn every_kind_is_a_labelled_note_with_its_title_word() {
    let main = doc();
    for (kind, word, body) in [
        ("note", "Note", "Useful information"),
        ("tip", "Tip", "Helpful advice"),
        ("important", "Important", "Key information"),
        ("warning", "Warning", "Urgent info"),
        ("caution", "Caution", "Advises about risks"),
    ] {
        let c = callout(&main, kind);
        assert!(c.contains(" role=\"note\""), "{c}");
        // Named by its title, which is real text after an icon screen readers skip.
        let id = c
            .split("aria-labelledby=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("no aria-labelledby: {c}"));
        assert!(
            c.contains(&format!("<p class=\"callout-title\" id=\"{id}\"><svg ")),
            "{c}"
        );
        assert!(c.contains(&format!("</svg>{word}</p>")), "{c}");
        assert!(
            c.contains("<svg class=\"callout-icon\" aria-hidden=\"true\""),
            "{c}"
        );
        assert!(c.contains(body), "{c}");
        assert_eq!(main.matches(&format!("id=\"{id}\"")).count(), 1, "{main}");
    }
}

#[test]
fn markers_never_reach_the_page() {
    let site = Site::fixture("callouts/kinds");
    site.build().success();
    for page in ["doc/index.html", "worksheets/sheet/index.html"] {
        let html = site.output(page);
        assert!(!html.contains("[!"), "{page}:\n{html}");
    }
}

#[test]
fn a_plain_quote_stays_a_block_quote() {
    let main = doc();
    assert_eq!(main.matches("<blockquote>").count(), 1, "{main}");
    assert!(
        main.contains("<blockquote>\n<p>A plain quote, not a callout.</p>\n</blockquote>"),
        "{main}"
    );
}

#[test]
fn a_callout_holds_markdown_and_links() {
    let main = doc();
    let caution = callout(&main, "caution");
    assert!(
        caution.contains("<li>A list inside the box.</li>"),
        "{caution}"
    );
    let warning = callout(&main, "warning");
    assert!(
        warning.contains("<a href=\"#a-heading\">a link</a>"),
        "{warning}"
    );
}

#[test]
fn a_lazy_line_continues_the_callout() {
    let main = doc();
    let lazy = main
        .split("<aside class=\"callout callout-note\"")
        .nth(2)
        .unwrap_or_else(|| panic!("no second note:\n{main}"));
    let lazy = &lazy[..lazy.find("</aside>").unwrap()];
    assert!(
        lazy.contains("A lazy line that continues the note."),
        "{lazy}"
    );
}

#[test]
fn a_callout_inside_a_list_item_stays_in_it() {
    let main = doc();
    let item = main
        .split("<li>")
        .find(|li| li.contains("A step with a callout"))
        .unwrap_or_else(|| panic!("no list item:\n{main}"));
    let item = &item[..item.find("</li>").unwrap()];
    assert!(
        item.contains("<aside class=\"callout callout-tip\""),
        "{item}"
    );
    assert!(item.contains("A tip inside a list item."), "{item}");
}

#[test]
fn headings_keep_their_ids_beside_callouts() {
    let main = doc();
    assert!(main.contains("<h2 id=\"a-heading\">A heading<"), "{main}");
}

#[test]
fn a_worksheet_page_keeps_its_blocks_beside_a_callout() {
    let site = Site::fixture("callouts/kinds");
    site.build().success();
    let main = site.main_of("worksheets/sheet/index.html");
    let c = callout(&main, "important");
    assert!(c.contains("</svg>Important</p>"), "{c}");
    assert!(c.contains("Stop if you feel unsafe."), "{c}");
    assert!(
        main.contains("<textarea id=\"ws-prompt-what-did-you-feel-answer\""),
        "{main}"
    );
    assert!(main.contains("ws-checklist"), "{main}");
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn a_worksheet_pdf_prints_a_callout_with_its_title_word() {
    let site = Site::fixture("callouts/kinds");
    site.build().success();
    let text = crate::worksheets::pdf_text(&site.path("public/worksheets/sheet/worksheet-a4.pdf"));
    assert!(
        text.contains("Important: Stop if you feel unsafe."),
        "{text}"
    );
    assert!(!text.contains("[!"), "{text}");
}
