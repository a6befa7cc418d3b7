//! Worksheets: the model of a printable worksheet. One model feeds both the HTML form
//! (made by the Markdown adaptor [`crate::markdown`]) and the Typst PDF ([`crate::pdf`]);
//! this module owns the model, the block syntax and option checks ([`syntax`]), the
//! limits both sides enforce ([`limits`]) and the builder of its text blocks
//! ([`ModelBuilder`]). It knows nothing of HTML or of Markdown pages.

mod builder;
pub mod limits;
pub mod syntax;

pub use builder::ModelBuilder;
pub use syntax::{is_block_name, parse_block, BLOCKS};

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
}

/// One block of a worksheet, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
    Quote(Vec<Span>),
    Prompt {
        question: String,
        lines: u32,
    },
    Scale {
        question: String,
        min: i32,
        max: i32,
        low: Option<String>,
        high: Option<String>,
    },
    Fields {
        labels: Vec<String>,
    },
    Table {
        columns: Vec<String>,
        rows: u32,
    },
    Checklist {
        items: Vec<String>,
    },
}

/// A whole worksheet, ready for PDF.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Worksheet {
    pub title: String,
    pub site_title: String,
    /// The worksheet page's absolute URL (for the footer).
    pub url: String,
    /// The site-wide notice ([`crate::notice`]), set off under the title; empty when the
    /// site has none.
    pub notice: Vec<Block>,
    pub blocks: Vec<Block>,
    /// What the PDF prints besides the worksheet, in the site's language.
    pub words: SheetWords,
}

/// The words and language of a worksheet PDF's frame: the footer's page count and the
/// title of the PDF of all worksheets, with the language that sets the PDF's hyphenation,
/// text direction and fonts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SheetWords {
    /// The site's language, a BCP 47 tag.
    pub language: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The footer's "Page 1 of 2".
    pub page_of: Vec<crate::i18n::PageOfPart>,
    /// The title of the PDF of all worksheets.
    pub all_title: String,
}

impl SheetWords {
    /// The words of the site titled `site_title`, from its strings.
    pub fn new(strings: &crate::i18n::Strings, site_title: &str) -> SheetWords {
        let all_title = if site_title.trim().is_empty() {
            strings.get("pdf-all-worksheets")
        } else {
            strings.get_with("pdf-site-worksheets", &[("site", site_title.into())])
        };
        SheetWords {
            language: strings.language(),
            dir: strings.dir(),
            page_of: strings.page_of(),
            all_title,
        }
    }
}

impl Default for SheetWords {
    /// English, for a site with no title.
    fn default() -> Self {
        SheetWords::new(&crate::i18n::Strings::english(), "")
    }
}
