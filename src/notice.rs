//! The site-wide notice: `content/_notice.md`, one short note (a safety note, a
//! disclaimer) that the theme shows near the top of the home page, every guide and every
//! worksheet (`site.notice`), and that every worksheet PDF sets off under its title.
//! Owns what a notice may hold and its two forms, HTML and worksheet blocks; not the
//! Markdown pipeline it goes through (as if it were a page at the content root), nor the
//! check of its links' anchors, which needs every page rendered ([`crate::site`]).

use crate::content::NOTICE_ID;
use crate::diagnostic::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::{
    self, CiteContext, ExternalLink, ImageFiles, ImageUse, InternalLink, NoCitations, PageInput,
};
use crate::worksheet::{self, Block, ModelBuilder};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use std::collections::HashMap;
use std::path::Path;

/// The notice's file, as diagnostics show it.
pub const PATH: &str = "content/_notice.md";

/// A notice is on pages whose reference lists do not include it.
const NO_CITATIONS: NoCitations<'static> = NoCitations {
    message: "the notice cannot cite",
    hint: "the notice is shown on pages whose reference lists do not include it: cite the \
           work on a page instead, or name it in words",
};

/// The notice, rendered once per build.
#[derive(Debug, Default)]
pub struct Notice {
    /// What templates see as `site.notice`; empty when the site has no notice.
    pub html: String,
    /// The same text as worksheet blocks, for PDFs.
    pub blocks: Vec<Block>,
    /// Its links to pages' anchors, checked once every page is rendered.
    pub links: Vec<InternalLink>,
    /// Its web links, for `check --external`.
    pub external: Vec<ExternalLink>,
    /// The site's image files it shows, for the build to publish.
    pub images: Vec<ImageUse>,
    /// A warning for each image, which the worksheet PDFs leave out: for the build to
    /// report when the site has worksheets.
    pub pdf_warnings: Vec<Diagnostic>,
}

/// Renders the notice from its file's whole `text`. Pure: `urls`, `cite` and `images` are
/// the site's, as a page gets them. A notice that is only white space is no notice.
pub fn render(
    text: &str,
    urls: &HashMap<String, String>,
    cite: Option<&CiteContext<'_>>,
    strings: &Strings,
    images: Option<&dyn ImageFiles>,
) -> (Notice, Vec<Diagnostic>) {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[body_start..];
    if body.trim().is_empty() {
        return (Notice::default(), Vec::new());
    }
    if body.lines().next().is_some_and(|l| l.trim_end() == "---") {
        let error = Diagnostic::error(PATH, "the notice cannot have front matter")
            .at_offset(text, body_start)
            .with_hint(
                "`content/_notice.md` is plain Markdown with no title or settings: \
                 remove the `---` block at its top",
            );
        return (Notice::default(), vec![error]);
    }
    let input = PageInput {
        id: NOTICE_ID,
        path: Path::new(PATH),
        text,
        body_start,
        urls,
        fallback: None,
        cite,
        no_citations: Some(NO_CITATIONS),
        worksheet: false,
        strings,
        images,
        chapter: None,
    };
    let rendered = markdown::render(&input);
    let (blocks, pdf_warnings, mut diagnostics) = blocks(text, body_start);
    diagnostics.extend(rendered.diagnostics);
    // Its table of contents and anchors are left out: a notice has no headings.
    let notice = Notice {
        html: rendered.html,
        blocks,
        links: rendered.links,
        external: rendered.external,
        images: rendered.images,
        pdf_warnings,
    };
    (notice, diagnostics)
}

/// The notice's text as worksheet blocks, and an error for each thing a notice may not
/// hold: headings (it sits under each page's own title and stays out of its table of
/// contents), footnotes (their ids would clash with the page's own) and worksheet blocks.
/// The warnings in between are for the images, which the model leaves out.
fn blocks(text: &str, body_start: usize) -> (Vec<Block>, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut model = ModelBuilder::default();
    let mut diagnostics = Vec::new();
    let mut pdf_warnings = Vec::new();
    let events = Parser::new_ext(&text[body_start..], markdown::options()).into_offset_iter();
    for (event, range) in events {
        let refused = match &event {
            Event::Start(Tag::Heading { .. }) => Some((
                "the notice cannot have headings",
                "the notice sits under each page's own title: write it as a short paragraph \
                 (a **bold** first phrase works as a heading)",
            )),
            Event::Start(Tag::FootnoteDefinition(_)) => Some((
                "the notice cannot have footnotes",
                "the notice is shown on pages with footnotes of their own: say it in the text",
            )),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if worksheet::is_block_name(info.split_whitespace().next().unwrap_or("")) =>
            {
                Some((
                    "the notice cannot hold a worksheet block",
                    "worksheet blocks belong on worksheet pages, in content/worksheets/",
                ))
            }
            _ => None,
        };
        if let Some((message, hint)) = refused {
            diagnostics.push(
                Diagnostic::error(PATH, message)
                    .at_offset(text, body_start + range.start)
                    .with_hint(hint),
            );
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event {
            pdf_warnings.push(
                Diagnostic::warning(
                    PATH,
                    format!("the worksheet PDFs leave out the notice's image `{dest_url}`"),
                )
                .at_offset(text, body_start + range.start)
                .with_hint(
                    "the notice's box in each PDF holds its text only: if the image says \
                     something the notice needs, say it in words too",
                ),
            );
        }
        model.observe(&event);
    }
    (model.finish(), pdf_warnings, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worksheet::Span;

    fn render_str(text: &str) -> (Notice, Vec<Diagnostic>) {
        let urls = HashMap::from([("about.md".to_string(), "/about/".to_string())]);
        render(text, &urls, None, &Strings::english(), None)
    }

    fn plain(text: &str) -> Span {
        Span {
            text: text.into(),
            strong: false,
            emph: false,
        }
    }

    #[test]
    fn renders_html_blocks_and_links_as_a_page_at_the_root_would() {
        let (notice, diags) = render_str(
            "**Before you begin:** if you are in danger, see\n[where to turn](about.md#help).\n\n- one\n- two\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            notice.html,
            "<p><strong>Before you begin:</strong> if you are in danger, see\n\
             <a href=\"/about/#help\">where to turn</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
        assert_eq!(
            notice.blocks,
            [
                Block::Paragraph(vec![
                    Span {
                        text: "Before you begin:".into(),
                        strong: true,
                        emph: false,
                    },
                    plain(" if you are in danger, see where to turn."),
                ]),
                Block::List {
                    ordered: false,
                    items: vec![vec![plain("one")], vec![plain("two")]],
                },
            ]
        );
        assert_eq!(
            notice.links,
            [InternalLink {
                target: "about.md".into(),
                anchor: "help".into(),
                offset: 48,
            }]
        );
    }

    #[test]
    fn an_image_is_left_out_of_the_pdf_model_with_a_warning_for_the_build() {
        let (notice, diags) = render_str("See ![a sign](https://e.org/sign.png) here.\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(notice.blocks, [Block::Paragraph(vec![plain("See  here.")])]);
        let w = &notice.pdf_warnings;
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!((w[0].line, w[0].col, w[0].is_error()), (1, 5, false));
        assert!(notice
            .html
            .contains("<img src=\"https://e.org/sign.png\" alt=\"a sign\""));
    }

    #[test]
    fn white_space_is_no_notice() {
        let (notice, diags) = render_str("\u{feff}\n  \n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(notice.html.is_empty() && notice.blocks.is_empty());
    }

    #[test]
    fn front_matter_is_an_error_at_line_one() {
        let (notice, diags) = render_str("---\ntitle: Notice\n---\nText.\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].col), (1, 1));
        assert_eq!(diags[0].message, "the notice cannot have front matter");
        assert!(notice.html.is_empty());
        // Behind a byte order mark too.
        let (_, diags) = render_str("\u{feff}---\r\ntitle: Notice\r\n---\r\nText.\r\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 1);
    }

    #[test]
    fn headings_footnotes_worksheet_blocks_and_citations_are_errors_where_they_are() {
        let text = "Text.\n\n## Help\n\nSee[^1] [@kross2011].\n\n[^1]: A note.\n\n\
                    ```prompt\nQ?\n```\n\nSetext\n---\n";
        let (_, diags) = render_str(text);
        let mut found: Vec<(usize, usize, &str)> = diags
            .iter()
            .map(|d| (d.line, d.col, d.message.as_str()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (3, 1, "the notice cannot have headings"),
                (5, 9, "the notice cannot cite: `@kross2011`"),
                (7, 1, "the notice cannot have footnotes"),
                (9, 1, "the notice cannot hold a worksheet block"),
                (13, 1, "the notice cannot have headings"),
            ]
        );
        assert!(diags.iter().all(|d| d.path == Path::new(PATH)));
    }
}
