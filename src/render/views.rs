//! The views templates see: small structs made for them (`site`, `page` and what those
//! hold), each built by its constructor here from the site model and the settings, so
//! the build only calls them. Everything in them is sorted, so output is deterministic.

use crate::config::Config;
use crate::content::SourcePage;
use crate::i18n::{PageOfPart, Strings};
use crate::markdown::TocEntry;
use crate::site::{Paths, Site};
use serde::Serialize;
use std::collections::HashMap;

/// A link as templates see it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub description: String,
    /// The step number, for guides.
    pub step: Option<u32>,
}

impl LinkView {
    /// The link to `page`.
    pub fn to(page: &SourcePage) -> LinkView {
        LinkView {
            title: page.meta.title.clone(),
            url: page.url.clone(),
            description: page.meta.description.clone().unwrap_or_default(),
            step: page.meta.step,
        }
    }
}

/// A worksheet's PDF downloads.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    pub label: String,
    pub url: String,
}

/// One page of the print edition (`/print/`): its anchor, title and HTML, rendered with
/// ids under its anchor and links to the other chapters.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterView {
    pub anchor: String,
    pub title: String,
    pub html: String,
    pub worksheet: bool,
    /// In the worksheets part, after the references.
    pub closing: bool,
}

/// One entry of a reference list.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    pub key: String,
    /// The formatted reference (already escaped HTML).
    pub html: String,
    /// Where it is cited (the reference index only).
    pub cited_in: Vec<CitingPage>,
}

/// A page that cites a work, once however often it cites it, with each place on it that
/// does (the reference index's "Cited in"). Few fields, not a [`LinkView`]: a large site's
/// index lists tens of thousands of places.
#[derive(Debug, Clone, Serialize)]
pub struct CitingPage {
    pub title: String,
    /// Where the page's title links: the citation itself when the page cites the work
    /// once, else the page.
    pub url: String,
    /// Each citation of the work on the page, in reading order, when there are several;
    /// empty when there is one (the common case, kept small: a large site's index has
    /// tens of thousands).
    pub places: Vec<Backref>,
}

/// One citation of a work on a page: the URL of its anchor and its letter (`a`, `b`, …,
/// `z`, `aa`, …), as a back-reference.
#[derive(Debug, Clone, Serialize)]
pub struct Backref {
    pub url: String,
    pub letter: String,
}

impl CitingPage {
    /// The page `url` titled `title`, citing the work at each of `anchors` in order.
    pub fn new(title: &str, url: &str, anchors: &[&str]) -> Self {
        if let [anchor] = anchors {
            return CitingPage {
                title: title.to_string(),
                url: format!("{url}#{anchor}"),
                places: Vec::new(),
            };
        }
        let places = (anchors.iter().enumerate())
            .map(|(i, anchor)| Backref {
                url: format!("{url}#{anchor}"),
                letter: backref_letter(i),
            })
            .collect();
        CitingPage {
            title: title.to_string(),
            url: url.to_string(),
            places,
        }
    }
}

/// `0` -> `a`, `25` -> `z`, `26` -> `aa`, `27` -> `ab`: the letters of back-references.
fn backref_letter(mut i: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backref_letters_run_a_to_z_then_aa() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(backref_letter)
            .collect();
        assert_eq!(
            letters,
            ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]
        );
    }

    #[test]
    fn a_citing_page_lists_each_place_with_its_letter() {
        let page = CitingPage::new("Why", "/why/", &["cite-1", "cite-3"]);
        assert_eq!(page.url, "/why/");
        let places: Vec<(&str, &str)> = (page.places.iter())
            .map(|p| (p.url.as_str(), p.letter.as_str()))
            .collect();
        assert_eq!(places, [("/why/#cite-1", "a"), ("/why/#cite-3", "b")]);
        // Cited once: the title links to the citation, with no letters.
        let once = CitingPage::new("Why", "/why/", &["cite-2"]);
        assert_eq!(once.url, "/why/#cite-2");
        assert!(once.places.is_empty());
    }
}

/// Site-wide values every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// The language of the pages this view is for (`<html lang>`).
    pub language: String,
    /// The language's home page: `/`, or `/de/` for a site's other languages.
    pub home_url: String,
    /// The language's tag index: `/tags/`, `/de/tags/`.
    pub tags_url: String,
    /// The site has more than one language (`languages`).
    pub multilingual: bool,
    /// `ltr`, or `rtl` for Arabic, Hebrew and the other right-to-left languages.
    pub dir: &'static str,
    /// The printed page count ("Page 1 of 2") as a CSS `content` value, for `@page`.
    pub print_page_of: String,
    pub author: String,
    pub paper: &'static str,
    pub menu: Vec<LinkView>,
    /// The program's step guides, in order.
    pub steps: Vec<LinkView>,
    pub references_url: Option<String>,
    /// The site-wide notice (`content/_notice.md`) as HTML; empty when there is none.
    pub notice: String,
    /// Set by `serve`: include the live-reload script.
    pub live_reload: bool,
    /// The favicons the head links: the theme's, or the site's own.
    pub icons: Vec<IconView>,
    /// The Atom feed's path (`/atom.xml`) when the site has one.
    pub feed_url: Option<String>,
    /// The print edition's page (`/print/`), when it has pages.
    pub print_url: Option<String>,
}

/// A `<link>` to an icon in every page's head; an empty `mime` or `sizes` is left out.
#[derive(Debug, Clone, Serialize)]
pub struct IconView {
    pub rel: &'static str,
    pub href: String,
    pub mime: &'static str,
    pub sizes: &'static str,
}

/// The page being rendered, as templates see it as `page`. Its HTML (`page.content`) is
/// not a field: [`Theme::render`](super::Theme::render) takes it on its own and adds it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageView {
    /// `home`, `section`, `page`, `guide`, `worksheet`, `references`, `tags`, `tag`,
    /// `print` or `404`.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub toc: Vec<TocEntry>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    /// The page's tags with the URL of each tag's page, in the order written.
    pub tag_links: Vec<TagView>,
    /// On `/tags/`, every tag; on a tag's page, that tag with its pages.
    pub tag_list: Vec<TagView>,
    /// (number, total) for a step guide.
    pub step: Option<(usize, usize)>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub section: Option<LinkView>,
    /// The URL of the main-menu entry this page is, or is inside (its top-level section).
    pub menu_item: Option<String>,
    /// A guide's worksheet, or a worksheet's guide.
    pub worksheet: Option<LinkView>,
    pub guide: Option<LinkView>,
    pub pdfs: Vec<PdfLink>,
    /// A section's (or home's) pages and subsections, in order.
    pub children: Vec<LinkView>,
    /// The works this page cites, in reference-list order.
    pub references: Vec<ReferenceView>,
    /// For the worksheets section: every worksheet with its PDFs.
    pub worksheets: Vec<WorksheetView>,
    /// For sitemap.xml: every URL of the site.
    pub sitemap: Vec<SitemapEntry>,
    /// For the print edition: every page of it, in order.
    pub chapters: Vec<ChapterView>,
    /// Every language's version of the page, this one's included, in the order of
    /// `languages`; empty when it has no translation.
    pub translations: Vec<Alternate>,
}

/// A tag: its name as first written, its page, and (on tag pages) the pages that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    pub name: String,
    pub url: String,
    /// How many pages carry it.
    pub count: usize,
    /// The pages that carry it, in reading order (on the tag's own page only).
    pub pages: Vec<LinkView>,
}

impl TagView {
    /// The tag `name` in the language of `paths`.
    pub fn new(name: &str, pages: Vec<LinkView>, paths: &Paths) -> TagView {
        TagView {
            name: name.to_string(),
            url: paths.tag(name),
            count: pages.len(),
            pages,
        }
    }
}

/// One `<url>` of sitemap.xml.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    /// `YYYY-MM-DD` from `updated` or `date`.
    pub lastmod: Option<String>,
    /// The page in every language, when it has translations (`<xhtml:link>`).
    pub alternates: Vec<Alternate>,
}

/// A worksheet as the worksheets section lists it.
#[derive(Debug, Clone, Serialize)]
pub struct WorksheetView {
    pub link: LinkView,
    pub guide: Option<LinkView>,
    pub pdfs: Vec<PdfLink>,
}

impl WorksheetView {
    /// Every worksheet of the site in order, with its guide and `pdfs(worksheet)`.
    pub fn all(
        cx: &ViewContext<'_>,
        pdfs: impl Fn(&SourcePage) -> Vec<PdfLink>,
    ) -> Vec<WorksheetView> {
        (cx.site.worksheets.iter())
            .filter_map(|id| cx.pages.get(id.as_str()))
            .map(|w| WorksheetView {
                link: LinkView::to(w),
                guide: cx.link(cx.site.node(&w.id).guide.as_deref()),
                pdfs: pdfs(w),
            })
            .collect()
    }
}

impl SiteView {
    /// The site view shared by every page: the settings, the main menu and the program's
    /// steps as links, the notice's HTML, whether there is a reference index, the
    /// favicons to link and the feed's path.
    pub fn new(
        cx: &ViewContext<'_>,
        has_refs: bool,
        notice: String,
        live_reload: bool,
        icons: Vec<IconView>,
        feed_url: Option<String>,
        print_url: Option<String>,
    ) -> SiteView {
        let config = cx.config;
        let links = |ids: &[String]| ids.iter().filter_map(|id| cx.link(Some(id))).collect();
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            base_url: config.base_url.clone(),
            language: cx.paths.lang.clone(),
            home_url: cx.paths.home().to_string(),
            tags_url: cx.paths.tags(),
            multilingual: config.is_multilingual(),
            dir: cx.strings.dir(),
            print_page_of: css_page_of(cx.strings),
            author: config.author.clone(),
            paper: config.paper.name(),
            menu: links(&cx.site.menu),
            steps: links(&cx.site.steps),
            references_url: has_refs.then(|| cx.paths.references()),
            notice,
            live_reload,
            icons,
            feed_url,
            print_url,
        }
    }
}

/// The catalog's "Page 1 of 2" as a CSS `content` value: its text as CSS strings around
/// `counter(page)` and `counter(pages)`, wherever the language puts them.
fn css_page_of(strings: &Strings) -> String {
    let parts: Vec<String> = (strings.page_of().into_iter())
        .map(|part| match part {
            // A CSS string with `\`, `"` and `<` escaped, so that the value can never close
            // the <style> element it is written into.
            PageOfPart::Text(text) => {
                let escaped: String = (text.chars())
                    .map(|c| match c {
                        '\\' | '"' | '<' | '\n' => format!("\\{:x} ", u32::from(c)),
                        c => c.to_string(),
                    })
                    .collect();
                format!("\"{escaped}\"")
            }
            PageOfPart::Page => "counter(page)".into(),
            PageOfPart::Total => "counter(pages)".into(),
        })
        .collect();
    parts.join(" ")
}

/// What a page's view is made from besides the page itself: the site's relations, every
/// page by id (to turn the relations' ids into links) and the settings.
pub struct ViewContext<'a> {
    pub site: &'a Site,
    pub pages: &'a HashMap<&'a str, &'a SourcePage>,
    pub config: &'a Config,
    /// The words the views add themselves (PDF labels), in the page's language.
    pub strings: &'a Strings,
    /// Where the language's pages are.
    pub paths: &'a Paths,
    /// Every language's version of each page that has more than one, by page id.
    pub alternates: &'a HashMap<String, Vec<Alternate>>,
}

/// One language's version of a page, for `<link rel="alternate" hreflang>` and the
/// language switcher.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternate {
    /// The language's tag (`de`).
    pub lang: String,
    /// The language's name in itself (`Deutsch`).
    pub name: String,
    pub url: String,
    pub permalink: String,
    /// The site's default language (`hreflang="x-default"` points there).
    pub default: bool,
}

impl ViewContext<'_> {
    /// The link to the page with id `id`, if there is one.
    pub fn link(&self, id: Option<&str>) -> Option<LinkView> {
        id.and_then(|id| self.pages.get(id))
            .map(|p| LinkView::to(p))
    }
}

impl PageView {
    /// The view of `page` as a `kind` page: its front matter and its relations as links.
    /// What rendering its Markdown gives (table of contents, references) and what only
    /// worksheets have (PDFs, the worksheet list) the caller sets.
    pub fn new(page: &SourcePage, kind: &'static str, cx: &ViewContext<'_>) -> PageView {
        let node = cx.site.node(&page.id);
        PageView {
            kind,
            title: page.meta.title.clone(),
            description: (page.meta.description.clone())
                .unwrap_or_else(|| cx.config.description.clone()),
            url: page.url.clone(),
            permalink: cx.config.permalink(&page.url),
            date: page.meta.date.clone(),
            updated: page.meta.updated.clone(),
            tags: page.meta.tags.clone(),
            tag_links: (page.meta.tags.iter())
                .map(|t| TagView::new(t, Vec::new(), cx.paths))
                .collect(),
            step: cx.site.step_position(&page.id),
            prev: cx.link(node.prev.as_deref()),
            next: cx.link(node.next.as_deref()),
            section: cx.link(node.section.as_deref()),
            menu_item: (cx.site.menu_entry(&page.id))
                .and_then(|id| cx.pages.get(id))
                .map(|p| p.url.clone()),
            worksheet: cx.link(node.worksheet.as_deref()),
            guide: cx.link(node.guide.as_deref()),
            children: (node.children.iter())
                .filter_map(|id| cx.link(Some(id)))
                .collect(),
            translations: cx.alternates.get(&page.id).cloned().unwrap_or_default(),
            ..PageView::default()
        }
    }
}
