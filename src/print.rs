//! The print edition: the whole guide as one book. Owns which pages it holds and in what
//! order (the home page's text, the pages of the site's reading order with the steps in
//! step order, then the references and the worksheets), each page's chapter anchor, the
//! book model the PDF is laid out from ([`Book`]) and its file names. Rendering the
//! chapters is the build's (`build::print`); laying the book out is the PDF module's.

use crate::content::SourcePage;
use crate::markdown::book::{BookChapter, Node};
use crate::markdown::{chapter_anchor, ImageSource};
use crate::site::{self, Site};
use crate::worksheet::Block;
use std::collections::HashMap;

/// Which pages the edition holds, in order, and where each one's chapter is.
#[derive(Debug, Default)]
pub struct Plan {
    /// The pages before the references, in reading order: home, the pages and sections
    /// of the menu in their order, a section's pages (the steps in step order) after it.
    pub chapters: Vec<String>,
    /// The worksheets section's own page, which opens the worksheets part.
    pub sheets_intro: Option<String>,
    /// The worksheets, in the order of their guides' steps.
    pub sheets: Vec<String>,
    /// Every planned page's chapter anchor, by id ([`chapter_anchor`]).
    pub anchors: HashMap<String, String>,
    /// The same, by the page's URL.
    pub by_url: HashMap<String, String>,
}

impl Plan {
    /// The edition of a language's site: every page but those marked `print: false`.
    pub fn new(site: &Site, pages: &HashMap<&str, &SourcePage>) -> Plan {
        let printed = |id: &&String| pages.get(id.as_str()).is_some_and(|p| p.meta.print);
        let in_sheets = |id: &str| {
            let dir = id.rsplit_once('/').map_or("", |(d, _)| d);
            dir == site::WORKSHEETS_DIR || site.worksheets.iter().any(|w| w == id)
        };
        let order = site::reading_order(site);
        let chapters: Vec<String> = (order.iter())
            .filter(printed)
            .filter(|id| !in_sheets(id))
            .cloned()
            .collect();
        let intro = format!("{}/_index.md", site::WORKSHEETS_DIR);
        let sheets_intro = Some(&intro).filter(printed).cloned();
        let sheets: Vec<String> = site.worksheets.iter().filter(printed).cloned().collect();
        let planned = || chapters.iter().chain(&sheets_intro).chain(&sheets);
        let url_of = |id: &String| Some(&pages.get(id.as_str())?.url);
        let anchors = planned()
            .filter_map(|id| Some((id.clone(), chapter_anchor(url_of(id)?))))
            .collect();
        let by_url = planned()
            .filter_map(|id| Some((url_of(id)?.clone(), chapter_anchor(url_of(id)?))))
            .collect();
        Plan {
            chapters,
            sheets_intro,
            sheets,
            anchors,
            by_url,
        }
    }

    /// Whether the edition has anything to print.
    pub fn is_empty(&self) -> bool {
        self.chapters.is_empty() && self.sheets.is_empty()
    }

    /// The planned pages, in the edition's order.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        (self.chapters.iter())
            .chain(&self.sheets_intro)
            .chain(&self.sheets)
    }
}

/// The most pages of a site the print edition holds. Typst holds the whole book in
/// memory while it lays it out, about 6 MB per page of a site (a 1,000-page site's book
/// takes 6 GB and half a minute), and a browser would not open a one-page `/print/` of
/// many thousand pages: past this the build warns and makes no edition, where it would
/// exhaust the machine's memory.
pub const MAX_PAGES: usize = 2000;

/// The PDF's file name: `<site-slug>-<paper>.pdf`, the slug made from the site's title
/// as heading ids are (`Rebuilding Trust` -> `rebuilding-trust-a4.pdf`).
pub fn pdf_name(site_title: &str, paper: &str) -> String {
    let slug = crate::markdown::slugify(site_title);
    format!("{slug}-{paper}.pdf")
}

/// One chapter of the book: a page's title, its anchor and its content.
#[derive(Debug, Default)]
pub struct Part {
    pub title: String,
    pub label: String,
    pub chapter: BookChapter,
}

/// One worksheet, laid out as the worksheet PDFs lay it out.
#[derive(Debug)]
pub struct Sheet {
    pub title: String,
    pub label: String,
    pub blocks: Vec<Block>,
}

/// A reference entry: its anchor (`ref-<key>`) and its text.
#[derive(Debug)]
pub struct Entry {
    pub label: String,
    pub text: Vec<Node>,
}

/// The words the book prints besides the site's own, in its language.
#[derive(Debug, Clone)]
pub struct BookWords {
    pub contents: String,
    pub references: String,
    /// The worksheets part's title when the worksheets section has no page of its own.
    pub worksheets: String,
    pub page_of: Vec<crate::i18n::PageOfPart>,
    /// The theme's "education, not therapy" line, on the cover.
    pub disclaimer: String,
}

/// The book, ready to be laid out: everything it prints, as data.
#[derive(Debug)]
pub struct Book {
    pub title: String,
    /// The text under the title on the cover.
    pub description: Option<String>,
    pub author: Option<String>,
    /// The date on the cover, `YYYY-MM-DD`.
    pub date: String,
    /// A BCP 47 tag.
    pub language: String,
    pub rtl: bool,
    pub words: BookWords,
    /// The site's notice, on the cover.
    pub notice: Vec<Block>,
    pub chapters: Vec<Part>,
    pub references: Vec<Entry>,
    /// Opens the worksheets part: the worksheets section's page, or only a title.
    pub sheets_intro: Part,
    pub sheets: Vec<Sheet>,
    /// The image files the chapters show, read: each chapter's
    /// [`BookChapter::images`] are found here.
    pub images: Vec<(ImageSource, bytes::Bytes)>,
}

/// The cover's date: the newest `updated` (or `date`) of the edition's pages, else the
/// day of the build (`SOURCE_DATE_EPOCH` when set, for reproducible builds).
pub fn cover_date<'a>(pages: impl Iterator<Item = &'a SourcePage>) -> String {
    let newest = pages
        .filter_map(|p| p.meta.updated.as_deref().or(p.meta.date.as_deref()))
        .map(|d| d.get(..10).unwrap_or(d).to_string())
        .max();
    newest.unwrap_or_else(|| {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
        civil_date(seconds / 86_400)
    })
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_428), "2025-12-06");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn pdf_names_come_from_the_site_title() {
        assert_eq!(
            pdf_name("Rebuilding Trust", "a4"),
            "rebuilding-trust-a4.pdf"
        );
        assert_eq!(
            pdf_name("Vertrauen — neu", "letter"),
            "vertrauen-neu-letter.pdf"
        );
    }
}
