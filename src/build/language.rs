//! One language's pass of the build: its site model, citation numbering, notice, pages,
//! reference index, tag pages and feed, under the language's root (`/` or `/de/`), with
//! its own words, theme and citation style. A one-language site has one pass.

use super::checks::{self, PageFacts};
use super::favicon::Favicons;
use super::incremental::BuildCache;
use super::pages::PageRender;
use super::print::Edition;
use super::site_files::Finishing;
use super::{citation_order, drop_later, feed, images, inputs, BuildOptions, Timings};
use crate::cite::Styler;
use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::markdown::CiteContext;
use crate::notice::{self, Notice};
use crate::output::Sink;
use crate::pdf::files as worksheets;
use crate::render::{Alternate, SiteView, SitemapEntry, Theme, ViewContext, WorksheetView};
use crate::site::{self, Paths, Site};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// What every language's pass shares.
pub(super) struct Shared<'a> {
    pub(super) opts: &'a BuildOptions,
    pub(super) config: &'a Config,
    pub(super) sink: &'a dyn Sink,
    /// The text of `content/_notice.md`.
    pub(super) notice: Option<&'a str>,
    pub(super) cites: Option<&'a inputs::CiteState>,
    pub(super) bib_hash: blake3::Hash,
    pub(super) favicons: Favicons,
    /// Each image file is read once, by the first page (or the notice) that shows it.
    pub(super) images: images::ImageProbes,
    pub(super) alternates: &'a HashMap<String, Vec<Alternate>>,
}

/// One language's part of the build: its pages, its words, its theme and its citation
/// style, and where its pages live.
pub(super) struct Language<'a> {
    pub(super) paths: Paths,
    pub(super) pages: &'a [Arc<SourcePage>],
    pub(super) broken: &'a [String],
    /// For a translation: the default language's URLs by page id, where links to a page
    /// with no translation go.
    pub(super) fallback: Option<&'a HashMap<String, String>>,
    /// For a translation: the default language's pages' facts, to check the anchors of
    /// those links.
    pub(super) fallback_facts: Option<&'a BTreeMap<String, PageFacts>>,
    pub(super) strings: &'a Arc<Strings>,
    pub(super) theme: Option<Theme>,
    pub(super) styler: Option<&'a Styler>,
    pub(super) cache: &'a BuildCache,
}

/// What one language's pass leaves for the rest of the build.
pub(super) struct Built {
    pub(super) paths: Paths,
    /// The default language's pass.
    pub(super) first: bool,
    pub(super) site: Site,
    pub(super) facts: BTreeMap<String, PageFacts>,
    pub(super) sheets: Vec<worksheets::Sheet>,
    pub(super) sitemap: Vec<SitemapEntry>,
    pub(super) notice_images: Vec<crate::markdown::ImageSource>,
    pub(super) notice_external: Vec<crate::markdown::ExternalLink>,
    /// The keys of the works the language's pages do not cite.
    pub(super) uncited: Vec<String>,
    /// Content pages and the pages the build makes for the language.
    pub(super) pages: usize,
    pub(super) references: usize,
    pub(super) theme: Option<Theme>,
    pub(super) base: tera::Context,
    /// The print edition's book, for the PDF step.
    pub(super) book: Option<std::sync::Arc<crate::print::Book>>,
}

impl Language<'_> {
    /// The language's pages, its reference index, tag pages and feed.
    pub(super) fn build(
        mut self,
        shared: &Shared<'_>,
        diags: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Built {
        let config = shared.config;
        let paths = &self.paths;
        let bib = shared.cites.map(|c| &c.bib);
        let has_refs = bib.is_some_and(|b| !b.is_empty());
        // The pages the build makes itself: no content page may take their URLs.
        let mut reserved: Vec<String> = Vec::new();
        if has_refs {
            reserved.push(paths.references());
        }
        if self.pages.iter().any(|p| !p.meta.tags.is_empty()) {
            reserved.push(paths.tags());
            let tags = self.pages.iter().flat_map(|p| &p.meta.tags);
            reserved.extend(tags.map(|t| paths.tag(t)));
            reserved.sort();
            reserved.dedup();
        }
        let printed = self.pages.iter().filter(|p| p.meta.print).count();
        let printed = (1..=crate::print::MAX_PAGES).contains(&printed);
        if printed {
            reserved.push(paths.print());
        }
        let reserved_urls: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let (mut site, site_diags) = site::build(self.pages, self.broken, &reserved_urls);
        diags.extend(site_diags);
        let missing_home = site::missing_home(self.pages, self.broken);
        if self.fallback.is_none() {
            diags.extend(missing_home);
        } else if missing_home.is_some() && !self.pages.is_empty() {
            // A language's home page may wait for its translation, but every page of the
            // language links it.
            let lang = &paths.lang;
            diags.push(
                Diagnostic::warning(
                    "content/_index.md",
                    format!(
                        "the `{lang}` pages have no home page: {} is missing, and each of them links it",
                        paths.home()
                    ),
                )
                .with_hint(format!("translate content/_index.md as content/_index.{lang}.md")),
            );
        }
        if let Some(fallback) = self.fallback {
            for (id, url) in fallback {
                site.urls.entry(id.clone()).or_insert_with(|| url.clone());
            }
        }
        let by_id: HashMap<&str, &SourcePage> =
            self.pages.iter().map(|p| (p.id.as_str(), &**p)).collect();
        let untranslated: HashSet<String> = (self.fallback.into_iter())
            .flat_map(|f| f.keys())
            .filter(|id| !by_id.contains_key(id.as_str()))
            .cloned()
            .collect();
        let order = site::reading_order(&site);
        // A numeric style numbers works in the order the site first cites them: every page
        // is read for its citations before any is rendered.
        let numbered = match (bib, self.styler) {
            (Some(bib), Some(styler)) if styler.numbers_by_citation() => {
                let cited = citation_order::cited_keys(&order, &by_id, &site, bib, self.strings);
                styler.number_by_citations(cited.iter().map(String::as_str))
            }
            _ => None,
        };
        let styler = numbered.as_ref().or(self.styler);
        // Pages' Markdown depends on the numbers too.
        let bib_hash = match styler {
            Some(styler) if styler.numbers_by_citation() => {
                let mut h = blake3::Hasher::new();
                h.update(shared.bib_hash.as_bytes());
                for key in styler.sorted_keys() {
                    h.update(key.as_bytes()).update(b"\0");
                }
                h.finalize()
            }
            _ => shared.bib_hash,
        };
        let views = ViewContext {
            site: &site,
            pages: &by_id,
            config,
            strings: self.strings,
            paths,
            alternates: shared.alternates,
        };
        let index_url = paths.references();
        let cite_ctx = match (bib, styler) {
            (Some(bib), Some(styler)) => Some(CiteContext {
                bib,
                styler: Some(styler),
                index_url: &index_url,
            }),
            _ => None,
        };
        // The notice, once for every page that shows it (and every worksheet PDF).
        let site_notice = match shared.notice {
            Some(text) => {
                let (rendered, notice_diags) = notice::render(
                    text,
                    &site.urls,
                    cite_ctx.as_ref(),
                    self.strings,
                    Some(&shared.images),
                );
                // The notice's problems are the same in every language.
                if self.fallback.is_none() {
                    diags.extend(notice_diags);
                }
                rendered
            }
            None => Notice::default(),
        };
        // Made before the pages, whose heads link it only when there is one.
        let atom = feed::atom(config, paths, self.pages.iter().map(|p| &**p));
        let site_view = SiteView::new(
            &views,
            has_refs,
            site_notice.html.clone(),
            shared.opts.live_reload,
            shared.favicons.links.clone(),
            atom.as_ref().map(|_| paths.feed()),
            printed.then(|| paths.print()),
        );
        let base = match &mut self.theme {
            Some(theme) => theme.bind(&site_view),
            None => tera::Context::new(),
        };
        let worksheet_views = WorksheetView::all(&views, |w| {
            worksheets::pdf_links(&w.url, config.paper, self.strings)
        });

        let cache = self.cache;
        cache.keep_only(self.pages);
        let markdown_context = cache.markdown_context(
            &site,
            bib_hash,
            config,
            cite_ctx.is_some(),
            self.strings.fingerprint(),
        );
        let site_fingerprint = cache.site_fingerprint(&site_view, self.theme.as_ref());

        timings.lap(&format!("site model ({})", paths.lang));
        // Every page, in parallel: Markdown, then its template, then out.
        let pages = PageRender {
            views: &views,
            cite: cite_ctx.as_ref(),
            cache,
            images: &shared.images,
            markdown_context,
            site_fingerprint,
            worksheet_views: &worksheet_views,
            notice: &site_notice.blocks,
            theme: self.theme.as_ref(),
            sink: shared.sink,
            external_links: shared.opts.external_links,
            fallback: self.fallback.map(|_| crate::markdown::Fallback {
                lang: &shared.config.language,
                ids: &untranslated,
            }),
        };
        let (facts, sheets) = pages.render_all(self.pages, &base, diags);
        if !sheets.is_empty() && self.fallback.is_none() {
            diags.extend(site_notice.pdf_warnings.iter().cloned());
        }
        timings.lap(&format!("render and write pages ({})", paths.lang));

        // What needs every page of the language, side by side.
        let finishing = Finishing {
            config,
            strings: self.strings,
            theme: self.theme.as_ref(),
            sink: shared.sink,
            base: &base,
            order: &order,
            pages: &by_id,
            paths,
            fallback_facts: self.fallback_facts,
            alternates: shared.alternates,
        };
        let (references, sitemap, uncited) =
            finishing.run(&facts, bib.zip(styler), has_refs, diags);
        if let Some(text) = shared.notice {
            if self.fallback.is_none() {
                diags.extend(checks::check_link_anchors(
                    &site_notice.links,
                    &facts,
                    Path::new(notice::PATH),
                    text,
                ));
            }
        }
        if let Some(xml) = atom {
            feed::write(xml, paths, shared.sink, diags);
        }
        let edition = Edition {
            views: &views,
            cite: bib.zip(styler),
            notice: &site_notice,
            theme: self.theme.as_ref(),
            base: &base,
            sink: shared.sink,
            images: &shared.images,
            root: &shared.opts.root,
            notice_text: shared.notice,
            first: self.fallback.is_none(),
            cache: self.cache,
        };
        let book = edition.run(diags).map(std::sync::Arc::new);
        timings.lap(&format!(
            "anchors, reference index, tags, feed, print edition ({})",
            paths.lang
        ));
        drop(by_id);
        drop_later(order);
        Built {
            first: self.fallback.is_none(),
            pages: self.pages.len() + reserved.len(),
            paths: self.paths,
            site,
            facts,
            sheets,
            sitemap,
            notice_images: site_notice
                .images
                .iter()
                .map(|u| u.source.clone())
                .collect(),
            notice_external: site_notice.external,
            references,
            uncited,
            theme: self.theme,
            base,
            book,
        }
    }
}
