//! One language's print edition: every page of its [`Plan`] rendered again as a chapter,
//! in parallel (its HTML for `/print/`, its nodes for the book), the works those chapters
//! cite, the `/print/` page through the theme, and the [`Book`] the PDF step lays out
//! with the worksheet PDFs. Only the book writer's warnings are reported: every other
//! problem of a page is its own render's, reported once.

use super::images::ImageProbes;
use super::incremental::BuildCache;
use super::pages::url_to_file;
use crate::cite::{ref_anchor, Bibliography, Styler};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::book::{self, BookChapter, Node};
use crate::markdown::{self, Chapter, CiteContext, ImageSource, PageInput};
use crate::notice::{self, Notice};
use crate::output::Sink;
use crate::paper::Paper;
use crate::print::{self, Book, BookWords, Entry, Part, Plan, Sheet};
use crate::render::{ChapterView, PageView, PdfLink, ReferenceView, Theme, ViewContext};
use crate::site;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// What a language's edition is made from.
pub(super) struct Edition<'a> {
    pub(super) views: &'a ViewContext<'a>,
    pub(super) cite: Option<(&'a Bibliography, &'a Styler)>,
    pub(super) notice: &'a Notice,
    pub(super) theme: Option<&'a Theme>,
    pub(super) base: &'a tera::Context,
    pub(super) sink: &'a dyn Sink,
    pub(super) images: &'a ImageProbes,
    pub(super) root: &'a Path,
    /// The notice's file text, and whether this is the default language's edition (which
    /// reports what the editions share: the notice, the settings).
    pub(super) notice_text: Option<&'a str>,
    pub(super) first: bool,
    /// `serve`'s cache: a chapter is rendered again only when its page's Markdown or the
    /// edition's plan changed.
    pub(super) cache: &'a BuildCache,
}

/// One planned page, rendered as a chapter.
#[derive(Clone)]
struct Rendered {
    id: String,
    html: String,
    cited: Vec<String>,
    /// The book's chapter, or the worksheet's blocks.
    book: Result<BookChapter, Vec<crate::worksheet::Block>>,
    /// What the book leaves out or cannot show of the page.
    warnings: Vec<Diagnostic>,
}

impl Edition<'_> {
    /// Writes `/print/` and returns the book (None when no page is printed).
    pub(super) fn run(&self, diags: &mut Diagnostics) -> Option<Book> {
        let plan = Plan::new(self.views.site, self.views.pages);
        if plan.is_empty() {
            return None;
        }
        let index_url = String::new();
        let cite = self.cite.map(|(bib, styler)| CiteContext {
            bib,
            styler: Some(styler),
            // Citations link to the edition's own references: `#ref-<key>`.
            index_url: &index_url,
        });
        let ids: Vec<&String> = plan.ids().collect();
        if ids.len() > print::MAX_PAGES {
            if self.first {
                diags.push(
                    Diagnostic::warning(
                        Path::new("site.yaml"),
                        format!(
                            "no print edition: the site has {} pages to print, more than the {} one book can hold",
                            ids.len(),
                            print::MAX_PAGES
                        ),
                    )
                    .with_hint(
                        "pages marked `print: false` in their front matter are left out of \
                         it; the site itself is built as ever",
                    ),
                );
            }
            return None;
        }
        let books = self.makes_books();
        // What every chapter depends on besides its page: the plan and the settings.
        let edition_key = self.cache.incremental.then(|| {
            let mut h = blake3::Hasher::new();
            let mut anchors: Vec<_> = plan.anchors.iter().collect();
            anchors.sort();
            for (id, anchor) in anchors {
                h.update(id.as_bytes()).update(b"\0");
                h.update(anchor.as_bytes()).update(b"\0");
            }
            h.update(self.views.config.base_url.as_bytes());
            h.update(&[u8::from(books)]);
            h
        });
        let rendered: Vec<Rendered> = (ids.par_iter())
            .filter_map(|id| {
                let key = edition_key.as_ref().and_then(|h| {
                    let serial = self.cache.markdown_serial(id)?;
                    Some(h.clone().update(&serial.to_le_bytes()).finalize())
                });
                let render = || self.chapter(id, &plan, cite.as_ref(), books);
                // A one-shot build's chapter is its own; serve's stays in the cache.
                let chapter = self.cache.chapter(id, key, render);
                Arc::try_unwrap(chapter).unwrap_or_else(|kept| (*kept).clone())
            })
            .collect();
        let cited = self.cited(&rendered);
        if let Err(d) = self.write_page(&plan, &rendered, &cited, books) {
            diags.push(d);
        }
        if !books {
            return None;
        }
        let mut book_diags = Vec::new();
        if self.first {
            let notice = self
                .notice_text
                .and_then(|t| unshown(Path::new(notice::PATH), t));
            book_diags.extend(notice);
            let config = self.views.config;
            let cover = [&config.title, &config.description, &config.author];
            let mut cover = (cover.into_iter())
                .chain(&config.print.title)
                .chain(&config.print.cover);
            if let Some((_, chars)) = cover.find_map(|text| crate::pdf::unshown(text)) {
                let d = Diagnostic::warning(Path::new("site.yaml"), unshown_message(&chars));
                book_diags.push(d.with_hint(UNSHOWN_HINT));
            }
        }
        let book = self.book(&plan, rendered, &cited, &mut book_diags);
        diags.extend(book_diags);
        Some(book)
    }

    /// Whether the edition has book PDFs: the `pdf` feature, and `print.pdf` not `false`.
    fn makes_books(&self) -> bool {
        cfg!(feature = "pdf") && self.views.config.print.books()
    }

    /// One page as a chapter: its HTML, and with `books` its book nodes (or worksheet
    /// blocks) and what the book cannot show of it.
    fn chapter(
        &self,
        id: &str,
        plan: &Plan,
        cite: Option<&CiteContext<'_>>,
        books: bool,
    ) -> Option<Rendered> {
        let page = self.views.pages.get(id)?;
        let text = content::read_source(page).ok()?;
        let worksheet = site::is_worksheet(page);
        let input = PageInput {
            id: &page.id,
            path: &page.path,
            text: &text,
            body_start: page.body_start,
            urls: &self.views.site.urls,
            fallback: None,
            cite,
            no_citations: None,
            worksheet,
            strings: self.views.strings,
            images: Some(self.images),
            chapter: Some(Chapter {
                anchor: plan.anchors.get(id)?,
                anchors: &plan.anchors,
                by_url: &plan.by_url,
            }),
        };
        let rendered = markdown::render(&input);
        let config = self.views.config;
        let mut warnings = Vec::new();
        if books {
            warnings.extend(unshown(&page.path, &text));
        }
        let book = if worksheet {
            Err(rendered.worksheet)
        } else if !books {
            Ok(BookChapter::default())
        } else {
            let mut chapter = book::chapter(&input, &|path| config.permalink(path));
            warnings.append(&mut chapter.diagnostics);
            Ok(chapter)
        };
        Some(Rendered {
            id: id.to_string(),
            html: rendered.html,
            cited: rendered
                .citations
                .into_iter()
                .flat_map(|c| c.keys)
                .collect(),
            book,
            warnings,
        })
    }

    /// The works the chapters cite, once each, in reference-list order.
    fn cited(&self, rendered: &[Rendered]) -> Vec<String> {
        let Some((_, styler)) = self.cite else {
            return Vec::new();
        };
        let cited: HashSet<&String> = rendered.iter().flat_map(|r| &r.cited).collect();
        (styler.sorted_keys().iter())
            .filter(|k| cited.contains(k))
            .cloned()
            .collect()
    }

    fn book(
        &self,
        plan: &Plan,
        rendered: Vec<Rendered>,
        cited: &[String],
        diags: &mut Vec<Diagnostic>,
    ) -> Book {
        let config = self.views.config;
        let strings = self.views.strings;
        let pages = self.views.pages;
        let title_of = |id: &str| {
            pages
                .get(id)
                .map(|p| p.meta.title.clone())
                .unwrap_or_default()
        };
        let mut chapters = Vec::new();
        let mut sheets = Vec::new();
        let mut sheets_intro = None;
        for mut r in rendered {
            let label = plan.anchors.get(&r.id).cloned().unwrap_or_default();
            let title = title_of(&r.id);
            diags.append(&mut r.warnings);
            match r.book {
                Ok(chapter) => {
                    let part = Part {
                        title,
                        label,
                        chapter,
                    };
                    if plan.sheets_intro.as_deref() == Some(r.id.as_str()) {
                        sheets_intro = Some(part);
                    } else {
                        chapters.push(part);
                    }
                }
                Err(blocks) => sheets.push(Sheet {
                    title,
                    label,
                    blocks,
                }),
            }
        }
        let references: Vec<Entry> = match self.cite {
            Some((bib, styler)) => (cited.iter())
                .filter_map(|key| {
                    let html = styler.entry_html(key)?;
                    let text = book::inline(crate::html::inline_events(html));
                    if let Some((_, chars)) = crate::pdf::unshown(&book::plain_text(&text)) {
                        let (path, line) = bib.definition(key)?;
                        diags.push(
                            Diagnostic::warning(path, unshown_message(&chars))
                                .at(line, 1, None)
                                .with_hint(UNSHOWN_HINT),
                        );
                    }
                    Some(Entry {
                        label: ref_anchor(key),
                        text,
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let worksheets_title = strings.get("pdf-all-worksheets");
        let sheets_intro = sheets_intro.unwrap_or_else(|| Part {
            title: worksheets_title.clone(),
            label: "worksheets".into(),
            chapter: BookChapter::default(),
        });
        let images = self.read_images(&chapters, &sheets_intro, diags);
        let mut book = Book {
            title: (config.print.title.clone()).unwrap_or_else(|| config.title.clone()),
            description: (config.print.cover.clone())
                .or_else(|| Some(config.description.clone()))
                .filter(|d| !d.trim().is_empty()),
            author: Some(config.author.clone()).filter(|a| !a.trim().is_empty()),
            date: print::cover_date(plan.ids().filter_map(|id| pages.get(id.as_str()).copied())),
            language: self.views.paths.lang.clone(),
            rtl: strings.dir() == "rtl",
            words: BookWords {
                contents: strings.get("print-contents"),
                references: strings.get("references-title"),
                worksheets: worksheets_title,
                page_of: strings.page_of(),
                disclaimer: strings.get("footer-disclaimer"),
            },
            notice: self.notice.blocks.clone(),
            chapters,
            references,
            sheets_intro,
            sheets,
            images,
        };
        unlink_missing_labels(&mut book);
        book
    }

    /// Reads each image file the chapters show, once; one that cannot be read is left
    /// out with a warning (the page's own render reports why).
    fn read_images(
        &self,
        chapters: &[Part],
        intro: &Part,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(ImageSource, bytes::Bytes)> {
        let mut sources: Vec<&ImageSource> = (chapters.iter().chain([intro]))
            .flat_map(|p| &p.chapter.images)
            .collect();
        sources.sort();
        sources.dedup();
        (sources.into_iter())
            .filter_map(|source| {
                let path = self.root.join(source.folder()).join(source.path());
                match std::fs::read(&path) {
                    Ok(bytes) => Some((source.clone(), bytes.into())),
                    Err(e) => {
                        diags.push(Diagnostic::warning(
                            Path::new(&source.shown()),
                            format!("the print edition leaves out this image: {e}"),
                        ));
                        None
                    }
                }
            })
            .collect()
    }

    /// `/print/`: every chapter's HTML on one page, the references, the book PDFs' links.
    fn write_page(
        &self,
        plan: &Plan,
        rendered: &[Rendered],
        cited: &[String],
        books: bool,
    ) -> Result<(), Diagnostic> {
        let Some(theme) = self.theme else {
            return Ok(());
        };
        let config = self.views.config;
        let pages = self.views.pages;
        let url = self.views.paths.print();
        let chapters: Vec<ChapterView> = (rendered.iter())
            .filter_map(|r| {
                let page = pages.get(r.id.as_str())?;
                Some(ChapterView {
                    anchor: plan.anchors.get(&r.id)?.clone(),
                    title: page.meta.title.clone(),
                    html: r.html.clone(),
                    worksheet: r.book.is_err(),
                    closing: !plan.chapters.contains(&r.id),
                })
            })
            .collect();
        let references: Vec<ReferenceView> = match self.cite {
            Some((_, styler)) => (cited.iter())
                .filter_map(|key| {
                    Some(ReferenceView {
                        key: key.clone(),
                        html: styler.entry_html(key)?.to_string(),
                        cited_in: Vec::new(),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let pdfs = if books {
            (Paper::both(config.paper).iter())
                .map(|paper| PdfLink {
                    label: (self.views.strings)
                        .get_with("print-pdf-link", &[("paper", paper.label().into())]),
                    url: format!("{url}{}", print::pdf_name(&config.title, paper.name())),
                })
                .collect()
        } else {
            Vec::new()
        };
        let title = (config.print.title.clone()).unwrap_or_else(|| config.title.clone());
        let view = PageView {
            kind: "print",
            title,
            description: self.views.strings.get("print-lede"),
            url: url.clone(),
            permalink: config.permalink(&url),
            chapters,
            references,
            pdfs,
            ..PageView::default()
        };
        let mut context = self.base.clone();
        let bytes = theme.render("print.html", &mut context, &view, "")?;
        (self.sink)
            .put(&url_to_file(&url), bytes.into())
            .map_err(|e| Diagnostic::error(Path::new(&url_to_file(&url)), format!("{e:#}")))
    }
}

/// A warning at the first character of a file's `text` that the book's fonts cannot show.
fn unshown(path: &Path, text: &str) -> Option<Diagnostic> {
    let (offset, chars) = crate::pdf::unshown(text)?;
    Some(
        Diagnostic::warning(path, unshown_message(&chars))
            .at_offset(text, offset)
            .with_hint(UNSHOWN_HINT),
    )
}

fn unshown_message(chars: &str) -> String {
    format!("the print edition's fonts cannot show `{chars}`: the book prints `?` in their place")
}

const UNSHOWN_HINT: &str = "the book embeds fonts for Latin, Greek, Cyrillic, Arabic and \
                            Hebrew script; the site's pages show every script";

/// Makes each link to a label the book does not have (a page left out with
/// `print: false`, a citation's anchor) plain text: Typst refuses a link to no label.
fn unlink_missing_labels(book: &mut Book) {
    let mut labels: HashSet<String> = HashSet::new();
    let parts = (book.chapters.iter()).chain([&book.sheets_intro]);
    for part in parts {
        labels.insert(part.label.clone());
        labels.extend(part.chapter.labels.iter().cloned());
    }
    labels.extend(book.references.iter().map(|e| e.label.clone()));
    labels.extend(book.sheets.iter().map(|s| s.label.clone()));
    let unlink = |nodes: &mut Vec<Node>| book::retain_labels(nodes, &labels);
    for part in book.chapters.iter_mut().chain([&mut book.sheets_intro]) {
        unlink(&mut part.chapter.nodes);
    }
    for entry in &mut book.references {
        unlink(&mut entry.text);
    }
}
