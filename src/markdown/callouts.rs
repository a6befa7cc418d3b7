//! Callout adaptor: turns GitHub-style alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
//! `[!WARNING]`, `[!CAUTION]`), which pulldown-cmark parses as block quotes of a kind, into
//! labelled boxes with an icon and a title word in the site's language. Owns the callouts'
//! HTML, icons and ids; plain block quotes, and what a callout holds, pass through untouched.

use super::{Ev, PageInput};
use crate::i18n::Strings;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// The title word of each kind, from the language catalog (`callout-note`, …).
pub fn title(kind: BlockQuoteKind, strings: &Strings) -> String {
    strings.get(&format!("callout-{}", class(kind)))
}

/// The class suffix the theme styles each kind by.
pub(super) fn class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// The icon's strokes on a 16×16 grid: a circled "i", a light bulb, a speech bubble with
/// "!", a triangle with "!", an octagon with "!". Decoration only: the title word says it.
fn icon_paths(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4M8 4.6v.2"/>"#,
        BlockQuoteKind::Tip => {
            r#"<path d="M6 12.5h4M6.6 14.5h2.8M8 1.5a4.5 4.5 0 0 0-2.6 8.2V11h5.2V9.7A4.5 4.5 0 0 0 8 1.5z"/>"#
        }
        BlockQuoteKind::Important => {
            r#"<path d="M1.5 2.5h13v8.5H8.5l-3.5 3v-3H1.5z"/><path d="M8 4.6v3.2M8 9.4v.2"/>"#
        }
        BlockQuoteKind::Warning => {
            r#"<path d="M8 1.8l6.8 12H1.2z"/><path d="M8 6.2v3.6M8 11.6v.2"/>"#
        }
        BlockQuoteKind::Caution => {
            r#"<path d="M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2z"/><path d="M8 4.6v4M8 10.8v.2"/>"#
        }
    }
}

/// The opening of one callout: the box, named by its title, and the title (icon and word).
fn open_html(kind: BlockQuoteKind, id: &str, strings: &Strings) -> String {
    let c = class(kind);
    format!(
        "<aside class=\"callout callout-{c}\" role=\"note\" aria-labelledby=\"{id}\">\n\
         <p class=\"callout-title\" id=\"{id}\"><svg class=\"callout-icon\" aria-hidden=\"true\" \
         focusable=\"false\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" fill=\"none\" \
         stroke=\"currentColor\" stroke-width=\"1.6\" stroke-linecap=\"round\" \
         stroke-linejoin=\"round\">{}</svg>{}</p>\n",
        icon_paths(kind),
        crate::html::escape(&title(kind, strings))
    )
}

/// Rewrites the start and end of every alert; counts them for their ids.
pub struct Callouts<'p, I> {
    inner: I,
    count: usize,
    page: &'p PageInput<'p>,
}

impl<'p, I> Callouts<'p, I> {
    pub fn new(inner: I, page: &'p PageInput<'p>) -> Self {
        Callouts {
            inner,
            count: 0,
            page,
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Callouts<'_, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        let (event, range) = self.inner.next()?;
        let event = match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.count += 1;
                // `_` keeps these ids apart from heading ids, which are made of letters,
                // digits and `-` (see `slugify`), so a callout never renumbers a heading.
                let id = self.page.local_id(&format!("callout_{}", self.count));
                Event::Html(CowStr::from(open_html(kind, &id, self.page.strings)))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::from("</aside>\n")),
            other => other,
        };
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html::push_html, Parser};

    fn render(md: &str) -> String {
        let events = Parser::new_ext(md, crate::markdown::options()).into_offset_iter();
        let mut html = String::new();
        let strings = Strings::english();
        let urls = std::collections::HashMap::new();
        let page = PageInput::for_test("a.md", md, md.len(), &urls, &strings);
        push_html(&mut html, Callouts::new(events, &page).map(|(e, _)| e));
        html
    }

    #[test]
    fn each_kind_gets_its_box_title_and_hidden_icon() {
        for (marker, word, class) in [
            ("NOTE", "Note", "note"),
            ("TIP", "Tip", "tip"),
            ("IMPORTANT", "Important", "important"),
            ("WARNING", "Warning", "warning"),
            ("CAUTION", "Caution", "caution"),
        ] {
            let html = render(&format!("> [!{marker}]\n> Body *text*.\n"));
            assert!(
                html.starts_with(&format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\" aria-labelledby=\"callout_1\">\n\
                     <p class=\"callout-title\" id=\"callout_1\"><svg class=\"callout-icon\" aria-hidden=\"true\""
                )),
                "{html}"
            );
            assert!(
                html.contains(&format!(
                    "</svg>{word}</p>\n<p>Body <em>text</em>.</p>\n</aside>\n"
                )),
                "{html}"
            );
            assert!(!html.contains("[!"), "{html}");
            assert!(!html.contains("blockquote"), "{html}");
        }
    }

    #[test]
    fn plain_quotes_stay_block_quotes() {
        let html = render("> Just a quote.\n");
        assert_eq!(html, "<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n");
    }

    #[test]
    fn ids_are_numbered_in_order_and_nesting_closes_right() {
        let html = render("> [!TIP]\n> Outer.\n>\n> > Inner quote.\n\n> [!WARNING]\n> Second.\n");
        assert!(html.contains("id=\"callout_1\""), "{html}");
        assert!(html.contains("id=\"callout_2\""), "{html}");
        assert_eq!(html.matches("<aside").count(), 2, "{html}");
        assert_eq!(html.matches("</aside>").count(), 2, "{html}");
        assert!(
            html.contains("<blockquote>\n<p>Inner quote.</p>\n</blockquote>\n</aside>"),
            "{html}"
        );
    }

    #[test]
    fn a_lazy_line_and_a_list_item_are_callouts_as_pulldown_parses_them() {
        let lazy = render("> [!NOTE]\nA lazy continuation.\n");
        assert!(
            lazy.contains("</svg>Note</p>\n<p>A lazy continuation.</p>\n</aside>"),
            "{lazy}"
        );
        let listed = render("- Item\n\n  > [!CAUTION]\n  > Inside a list.\n");
        assert!(listed.contains("<li>"), "{listed}");
        assert!(listed.contains("callout-caution"), "{listed}");
        assert!(!listed.contains("[!"), "{listed}");
    }

    #[test]
    fn an_unknown_marker_is_an_ordinary_quote() {
        let html = render("> [!DANGER]\n> Not a kind.\n");
        assert!(html.starts_with("<blockquote>"), "{html}");
        assert!(html.contains("[!DANGER]"), "{html}");
    }
}
