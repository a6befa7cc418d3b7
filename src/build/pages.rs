//! One page, start to finish: its Markdown (cached by `serve`), its view, its template,
//! and its file written as soon as it is rendered. Pages render in parallel, each with
//! only what it needs from the site.

use super::checks::PageFacts;
use super::images::ImageProbes;
use super::incremental::BuildCache;
use crate::cite::Styler;
use crate::content::{self, Kind, SourcePage};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, CitationUse, CiteContext, PageInput};
use crate::output::Sink;
use crate::pdf::files as worksheets;
use crate::render::{PageView, ReferenceView, Theme, ViewContext, WorksheetView};
use crate::site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// `/a/b/` -> `a/b/index.html`.
pub fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The template a page uses unless its front matter names one.
fn default_template(p: &SourcePage) -> &'static str {
    match p.kind {
        Kind::Home => "index.html",
        Kind::Section if p.dir() == site::WORKSHEETS_DIR => "worksheets.html",
        Kind::Section => "section.html",
        Kind::Page if site::is_worksheet(p) => "worksheet.html",
        Kind::Page if p.meta.step.is_some() => "guide.html",
        Kind::Page => "page.html",
    }
}

fn page_kind(template: &str) -> &'static str {
    match template {
        "index.html" => "home",
        "section.html" | "worksheets.html" => "section",
        "worksheet.html" => "worksheet",
        "guide.html" => "guide",
        _ => "page",
    }
}

/// What rendering one page yields besides its file: its id, the facts the checks after
/// all pages need, its worksheet (for PDFs) and its problems.
type PageResult = (
    String,
    PageFacts,
    Option<worksheets::Sheet>,
    Vec<Diagnostic>,
);

/// What every page's rendering shares.
pub(super) struct PageRender<'a> {
    /// The site, its pages by id and the settings.
    pub(super) views: &'a ViewContext<'a>,
    pub(super) cite: Option<&'a CiteContext<'a>>,
    pub(super) cache: &'a BuildCache,
    pub(super) images: &'a ImageProbes,
    /// See [`BuildCache::markdown`] and [`BuildCache::page`].
    pub(super) markdown_context: blake3::Hash,
    pub(super) site_fingerprint: blake3::Hash,
    pub(super) worksheet_views: &'a [WorksheetView],
    /// The notice's blocks, which every worksheet PDF carries.
    pub(super) notice: &'a [crate::worksheet::Block],
    pub(super) theme: Option<&'a Theme>,
    pub(super) sink: &'a dyn Sink,
    /// Keep each page's external links (for `check --external`).
    pub(super) external_links: bool,
    /// For a translation: the pages its links reach in the default language.
    pub(super) fallback: Option<markdown::Fallback<'a>>,
}

impl PageRender<'_> {
    /// Every page, in parallel (each thread with a copy of `base`, which holds `site`):
    /// the facts the checks after rendering need, by page id, and the worksheets for
    /// PDFs; every page's problems go to `diags`.
    pub(super) fn render_all(
        &self,
        pages: &[Arc<SourcePage>],
        base: &tera::Context,
        diags: &mut Diagnostics,
    ) -> (BTreeMap<String, PageFacts>, Vec<worksheets::Sheet>) {
        let results: Vec<PageResult> = (pages.par_iter())
            .map_init(|| base.clone(), |context, p| self.render(context, p))
            .collect();
        let mut facts = BTreeMap::new();
        let mut sheets = Vec::new();
        for (id, f, sheet, d) in results {
            diags.extend(d);
            facts.insert(id, f);
            sheets.extend(sheet);
        }
        (facts, sheets)
    }

    /// One page: its Markdown, then its template (with `context`, which holds `site`),
    /// then out to the sink.
    fn render(&self, context: &mut tera::Context, p: &Arc<SourcePage>) -> PageResult {
        let is_ws = site::is_worksheet(p);
        let text = match content::read_source(p) {
            Ok(text) => text,
            Err(d) => return (p.id.clone(), PageFacts::default(), None, vec![d]),
        };
        let input = PageInput {
            id: &p.id,
            path: &p.path,
            text: &text,
            body_start: p.body_start,
            urls: &self.views.site.urls,
            fallback: self.fallback,
            cite: self.cite,
            no_citations: None,
            worksheet: is_ws,
            strings: self.views.strings,
            images: Some(self.images),
            chapter: None,
        };
        let (serial, rendered) =
            (self.cache).markdown(p, self.markdown_context, self.images, || {
                markdown::render(&input)
            });
        let mut page_diags = rendered.diagnostics.clone();
        let template = p
            .meta
            .template
            .clone()
            .unwrap_or_else(|| default_template(p).to_string());
        let view = PageView {
            toc: rendered.toc.clone(),
            references: (self.cite.and_then(|c| c.styler))
                .map(|styler| cited_references(styler, &rendered.citations))
                .unwrap_or_default(),
            pdfs: if is_ws {
                worksheets::pdf_links(&p.url, self.views.config.paper, self.views.strings)
            } else {
                Vec::new()
            },
            worksheets: if template == "worksheets.html" {
                self.worksheet_views.to_vec()
            } else {
                Vec::new()
            },
            ..PageView::new(p, page_kind(&template), self.views)
        };
        if let Some(theme) = self.theme {
            if !theme.has(&template) {
                page_diags.push(
                    p.error_at_key("template", format!("unknown template `{template}`"))
                        .with_hint("put it in templates/, or remove `template` to use the default"),
                );
            } else {
                let fingerprint = || {
                    // The view without its content (the serial stands for it).
                    let mut h = blake3::Hasher::new();
                    h.update(self.site_fingerprint.as_bytes());
                    h.update(template.as_bytes());
                    h.update(&serial.to_le_bytes());
                    h.update(&serde_json::to_vec(&view).unwrap_or_default());
                    h.finalize()
                };
                let bytes = self.cache.page(&p.id, fingerprint, || {
                    theme.render(&template, context, &view, &rendered.html)
                });
                match bytes {
                    Ok(bytes) => {
                        if let Err(e) = self.sink.put(&url_to_file(&p.url), bytes) {
                            page_diags.push(Diagnostic::error(&p.path, format!("{e:#}")));
                        }
                    }
                    Err(d) => page_diags.push(d),
                }
            }
        }
        let sheet = is_ws.then(|| worksheets::Sheet {
            id: p.id.clone(),
            url: p.url.clone(),
            worksheet: crate::worksheet::Worksheet {
                title: p.meta.title.clone(),
                site_title: self.views.config.title.clone(),
                url: self.views.config.permalink(&p.url),
                notice: self.notice.to_vec(),
                blocks: rendered.worksheet.clone(),
                words: crate::worksheet::SheetWords::new(
                    self.views.strings,
                    &self.views.config.title,
                ),
            },
        });
        let facts = PageFacts {
            anchors: rendered.anchors.iter().cloned().collect(),
            links: rendered.links.clone(),
            external: if self.external_links {
                rendered.external.clone()
            } else {
                Vec::new()
            },
            citations: rendered.citations.clone(),
            images: rendered.images.iter().map(|u| u.source.clone()).collect(),
        };
        (p.id.clone(), facts, sheet, page_diags)
    }
}

/// The works `citations` cite, once each, in reference-list order.
fn cited_references(styler: &Styler, citations: &[CitationUse]) -> Vec<ReferenceView> {
    let mut cited: Vec<&String> = citations.iter().flat_map(|c| &c.keys).collect();
    cited.sort_by_key(|k| styler.rank(k).unwrap_or(usize::MAX));
    cited.dedup();
    cited
        .iter()
        .filter_map(|k| {
            styler.entry_html(k).map(|html| ReferenceView {
                key: (*k).clone(),
                html: html.to_string(),
                cited_in: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files() {
        assert_eq!(url_to_file("/"), "index.html");
        assert_eq!(url_to_file("/a/b/"), "a/b/index.html");
        assert_eq!(url_to_file("/404.html"), "404.html");
    }
}
