//! Worksheet PDFs: the worksheet model laid out as PDF files, in-process, with Typst as a
//! library, and the files a build makes of them.
//!
//! - [`files`]: which PDF files a site has, made in parallel and reused by content hash.
//! - `maker` ([`PdfMaker`]): the Typst template (`worksheet.typ`, compiled in) that lays a
//!   worksheet out for print (title, the site's notice in a box under it, text blocks,
//!   and the blanks: ruled writing lines, scale boxes, labelled fields, tables,
//!   checkboxes), with a footer on every page (site title, page URL, "Page N of M"); the
//!   embedded fonts (Inter, SIL OFL 1.1, in `fonts/`): no system font is ever loaded, so
//!   the output does not depend on the machine; every Typst error *and warning* turned
//!   into an `Err` of messages.
//! - `data`: every piece of user text reaches Typst as *data* (JSON), never spliced
//!   into Typst markup, and the model's [`limits`](crate::worksheet::limits) are checked
//!   again as a last line of defence.
//! - `world`: a minimal Typst `World` with no file system, no packages and no clock, so
//!   the same input always gives byte-identical PDFs.
//!
//! Not owned here: the worksheet model's parsing and validation (the Markdown side
//! reports errors at file:line) and the HTML print view.
//!
//! Page numbering: in a PDF holding several worksheets, each worksheet starts on a new
//! page and its pages are numbered on their own ("Page 1 of 2" counts the pages of that
//! worksheet), since each page's footer also names that worksheet's URL.

#[cfg(feature = "pdf")]
mod book;
#[cfg(feature = "pdf")]
mod data;
pub mod files;
#[cfg(feature = "pdf")]
mod glyphs;
#[cfg(feature = "pdf")]
mod maker;
#[cfg(feature = "pdf")]
mod world;

#[cfg(feature = "pdf")]
pub use book::book_fingerprint;
#[cfg(feature = "pdf")]
pub use maker::{evict_caches, PdfMaker, BOOK, SHEET, TEMPLATE};

/// The first character of `text` that no embedded font shows, with its byte offset, and
/// up to five such characters: the print edition's book prints a stand-in for them, which
/// the build warns about. None without the `pdf` feature, which makes no book.
pub fn unshown(text: &str) -> Option<(usize, String)> {
    #[cfg(feature = "pdf")]
    return glyphs::unshown(text);
    #[cfg(not(feature = "pdf"))]
    return {
        let _ = text;
        None
    };
}
