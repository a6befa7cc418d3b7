//! Markdown: renders one page's body to HTML through pulldown-cmark and a chain of small
//! event adaptors (citations, worksheet blocks, links, images, callouts, headings), and
//! returns what the later steps need as data: the HTML, the table of contents, the anchors,
//! the internal links to check, the external links (for `check --external`), the citations
//! used, the images to publish, the worksheet model and the diagnostics. Knows nothing
//! about other pages beyond the id-to-URL map it is handed, and nothing about image files
//! beyond what the build's [`ImageFiles`] says.

pub mod book;
mod callouts;
mod citations;
mod headings;
pub mod images;
mod links;
mod worksheet;

pub use citations::{CitationUse, CiteContext, NoCitations};
pub use headings::{slugify, TocEntry};
pub use images::{ImageFiles, ImageSource, ImageUse};
pub use links::{resolve, ExternalLink, InternalLink};

use crate::diagnostic::Diagnostic;
use crate::i18n::Strings;
use crate::worksheet::Block;
use pulldown_cmark::{Event, Options, Parser};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// An event with its byte range in the page body.
pub type Ev<'a> = (Event<'a>, Range<usize>);

/// Everything the Markdown stage needs to render one page.
pub struct PageInput<'p> {
    /// Path relative to `content/`, e.g. `steps/a.md`.
    pub id: &'p str,
    /// Path shown in diagnostics.
    pub path: &'p Path,
    /// The whole file's text (for positions).
    pub text: &'p str,
    pub body_start: usize,
    /// Content id -> site URL of every page, for link rewriting.
    pub urls: &'p HashMap<String, String>,
    /// For a translation: the pages in `urls` that are not translated, whose links go
    /// to another language's page and say so.
    pub fallback: Option<Fallback<'p>>,
    pub cite: Option<&'p CiteContext<'p>>,
    /// Set for text that may not cite (see [`NoCitations`]).
    pub no_citations: Option<NoCitations<'p>>,
    /// Whether worksheet blocks become form controls and a worksheet model is collected.
    pub worksheet: bool,
    /// The words the page's HTML adds (callout titles, labels), in the site's language.
    pub strings: &'p Strings,
    /// The site's image files; None leaves images as written, unchecked.
    pub images: Option<&'p dyn ImageFiles>,
    /// Set when the page is rendered as a chapter of the print edition, not as its own
    /// page.
    pub chapter: Option<Chapter<'p>>,
}

/// A page rendered as one chapter of the print edition, where every page shares one
/// document: the ids it makes (headings, footnotes, citations, callouts, worksheet
/// blanks) are made unique under its chapter's anchor, and its links to pages of the
/// edition go to their chapters.
#[derive(Debug, Clone, Copy)]
pub struct Chapter<'p> {
    /// This page's chapter anchor (see [`chapter_anchor`]).
    pub anchor: &'p str,
    /// The chapter anchor of every page in the edition, by page id. Links to other pages
    /// keep their URL.
    pub anchors: &'p HashMap<String, String>,
    /// The same anchors by the pages' URLs, for links written as the site's own
    /// addresses (`/steps/one/`).
    pub by_url: &'p HashMap<String, String>,
}

/// The anchor of a page's chapter in the print edition, from its URL: `/steps/a/` ->
/// `steps-a`, `/` -> `home`. Ids inside the chapter are `<anchor>--<id>`.
pub fn chapter_anchor(url: &str) -> String {
    let slug = url.trim_matches('/').replace('/', "-");
    if slug.is_empty() {
        "home".to_string()
    } else {
        format!("page-{slug}")
    }
}

/// The pages a translation links that exist only in another language: links to them get
/// `hreflang` with that language's tag.
#[derive(Debug, Clone, Copy)]
pub struct Fallback<'p> {
    /// The language of those pages (the site's default language).
    pub lang: &'p str,
    /// Their ids.
    pub ids: &'p std::collections::HashSet<String>,
}

impl PageInput<'_> {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn dir(&self) -> &str {
        self.id.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// An id the page makes, as its document has it: unchanged on its own page, under
    /// its chapter's anchor in the print edition.
    pub fn local_id(&self, id: &str) -> String {
        match &self.chapter {
            Some(chapter) => format!("{}--{id}", chapter.anchor),
            None => id.to_string(),
        }
    }
}

/// What rendering one page returns.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at: headings, plus footnotes and citations.
    pub anchors: Vec<String>,
    pub links: Vec<InternalLink>,
    /// Every web link and image source, in order, for `check --external`.
    pub external: Vec<ExternalLink>,
    pub citations: Vec<CitationUse>,
    /// The site's own image files the page shows, in reading order, for the build to
    /// publish.
    pub images: Vec<ImageUse>,
    /// The worksheet model (for PDFs) when the page is a worksheet.
    pub worksheet: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        // Only GitHub's alert markers (`> [!NOTE]`) in pulldown-cmark 0.13.
        | Options::ENABLE_GFM
}

/// Renders one page body.
pub fn render(page: &PageInput<'_>) -> Rendered {
    let body = page.body();
    let parser =
        Parser::new_with_broken_link_callback(body, options(), Some(citations::broken_link))
            .into_offset_iter();
    let mut cites = citations::Citations::new(parser, page);
    let mut blocks = worksheet::Blocks::new(&mut cites, page);
    let mut links = links::Links::new(&mut blocks, page);
    let mut images = images::Images::new(&mut links, page);
    // After the worksheet blocks, whose model keeps a callout as a quote.
    let callouts = callouts::Callouts::new(&mut images, page);
    let anchor_label = page.strings.get("heading-anchor");
    let mut heads = headings::Headings::new(callouts, &anchor_label, page);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, heads.by_ref().map(|(e, _)| e));
    let (toc, mut anchors) = (heads.toc, heads.anchors);
    let (used_images, image_diags) = (images.images, images.diagnostics);
    let (internal, external, link_diags) = (links.links, links.external, links.diagnostics);
    let (model, block_diags) = blocks.finish();
    let mut diagnostics = cites.diagnostics;
    diagnostics.extend(block_diags);
    diagnostics.extend(link_diags);
    diagnostics.extend(image_diags);
    anchors.extend(cites.uses.iter().map(|u| u.id.clone()));
    Rendered {
        html,
        toc,
        anchors,
        links: internal,
        external,
        citations: cites.uses,
        images: used_images,
        worksheet: model,
        diagnostics,
    }
}

/// The keys a page cites, in reading order, found as [`render`] finds them but without
/// rendering anything (for numbering works site-wide in a numeric style). `page.cite`
/// should hold no formatter; problems are left for the render to report.
pub fn cited_keys(page: &PageInput<'_>) -> Vec<String> {
    let parser =
        Parser::new_with_broken_link_callback(page.body(), options(), Some(citations::broken_link))
            .into_offset_iter();
    let mut cites = citations::Citations::new(parser, page);
    cites.by_ref().for_each(drop);
    cites.uses.into_iter().flat_map(|u| u.keys).collect()
}

#[cfg(test)]
impl<'p> PageInput<'p> {
    /// A page `id` whose file is `text`, its body the last `body_len` bytes, with only
    /// `urls` and `strings`: no citations, no worksheet, images left unchecked.
    pub(crate) fn for_test(
        id: &'p str,
        text: &'p str,
        body_len: usize,
        urls: &'p HashMap<String, String>,
        strings: &'p Strings,
    ) -> Self {
        PageInput {
            id,
            path: Path::new(id),
            text,
            body_start: text.len() - body_len,
            urls,
            fallback: None,
            cite: None,
            no_citations: None,
            worksheet: false,
            strings,
            images: None,
            chapter: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(id: &str, body: &str, urls: &[(&str, &str)]) -> Rendered {
        let urls: HashMap<String, String> = urls
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let text = format!("---\ntitle: t\n---\n{body}");
        let strings = Strings::english();
        render(&PageInput::for_test(id, &text, body.len(), &urls, &strings))
    }

    #[test]
    fn a_worksheet_model_keeps_a_callout_as_a_quote_led_by_its_title() {
        let body = "> [!WARNING]\n> Stop *here*.\n";
        let text = format!("---\ntitle: t\n---\n{body}");
        let urls = HashMap::new();
        let strings = Strings::english();
        let page = PageInput {
            worksheet: true,
            ..PageInput::for_test("worksheets/a.md", &text, body.len(), &urls, &strings)
        };
        let span = |text: &str, strong, emph| crate::worksheet::Span {
            text: text.into(),
            strong,
            emph,
        };
        assert_eq!(
            render(&page).worksheet,
            [Block::Quote(vec![
                span("Warning: ", true, false),
                span("Stop ", false, false),
                span("here", false, true),
                span(".", false, false),
            ])]
        );
    }

    #[test]
    fn headings_get_ids_self_links_and_toc() {
        let r = render_str(
            "a.md",
            "## Hello *you*\n\n## Hello you\n\n### Deep {#custom}\n",
            &[],
        );
        assert!(
            r.html.contains(
                "<h2 id=\"hello-you\">Hello <em>you</em><a class=\"anchor\" href=\"#hello-you\""
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"hello-you-1\">"));
        assert!(r.html.contains("<h3 id=\"custom\">"));
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["hello-you", "hello-you-1", "custom"]);
    }

    #[test]
    fn md_links_are_rewritten_and_missing_ones_reported() {
        let r = render_str(
            "steps/a.md",
            "[b](b.md#x) [about](../about.md) [ext](https://e.org/x.md)\n\n[gone](../nope.md)\n",
            &[("steps/b.md", "/steps/b/"), ("about.md", "/about/")],
        );
        assert!(r.html.contains("href=\"/steps/b/#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/about/\""));
        assert!(r.html.contains("href=\"https://e.org/x.md\""));
        assert_eq!(
            r.links,
            vec![InternalLink {
                target: "steps/b.md".into(),
                anchor: "x".into(),
                offset: 17
            }]
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, 6);
        assert_eq!(r.diagnostics[0].col, 1);
    }

    #[test]
    fn web_links_images_and_autolinks_are_recorded_with_their_offsets() {
        let body = "See [a](https://a.example/x) and <https://b.example/>.\n\n\
                    ![pic](http://c.example/p.png) [mail](mailto:x@y.z) [p](b.md)\n";
        let r = render_str("a.md", body, &[("b.md", "/b/")]);
        let start = "---\ntitle: t\n---\n".len();
        let found: Vec<(&str, usize)> = (r.external.iter())
            .map(|l| (l.url.as_str(), l.offset - start))
            .collect();
        assert_eq!(
            found,
            [
                ("https://a.example/x", body.find("[a]").unwrap()),
                ("https://b.example/", body.find("<https").unwrap()),
                ("http://c.example/p.png", body.find("![pic]").unwrap()),
            ]
        );
        // Left as written.
        assert!(
            r.html.contains("href=\"https://a.example/x\""),
            "{}",
            r.html
        );
    }
}
