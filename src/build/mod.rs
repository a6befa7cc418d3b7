//! The build: the only module that knows the whole pipeline order. A multilingual site
//! runs the per-language part (site model to feed) once per language, over that
//! language's pages, then writes what the site has once.
//! settings -> content -> bibliography -> site model -> the notice -> Markdown + templates
//! (parallel, per page) -> checks that need every page -> reference index, sitemap, static
//! files -> images and worksheet PDFs, side by side -> output. [`build_into`] renders into any [`Sink`], so `build`
//! (staged on disk), `check` (nowhere) and `serve` (memory) share one code path; it reads
//! as the list of those stages, each one call into a file of this folder:
//!
//! - `inputs`: settings, content, bibliography and theme, read side by side.
//! - `pages`: one page's Markdown, view and template, written as soon as it is rendered.
//! - `site_files`: what needs every page: the reference index, 404, sitemap, robots,
//!   static files.
//! - `external_links`: every external address the site uses, and where, for
//!   `check --external` (the build itself never requests one).
//! - `feed`: the Atom feed of the pages with a `date`.
//! - `favicon`: which icons the head links, the theme's or the site's own.
//! - `images`: the image files pages show: read once each, published with their resized
//!   variants (cached between builds).
//! - `incremental`: what `serve` keeps between builds, and the fingerprints only it reads.

mod checks;
mod citation_order;
mod external_links;
mod favicon;
mod feed;
mod images;
mod incremental;
mod inputs;
mod pages;
mod site_files;

pub use external_links::ExternalUse;
pub use incremental::BuildCache;
pub use pages::url_to_file;

use crate::cite::Styler;
use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::markdown::CiteContext;
use crate::notice::{self, Notice};
use crate::output::{MemorySite, Sink, Staging};
use crate::pdf::files as worksheets;
use crate::render::{Alternate, SiteView, SitemapEntry, Theme, ViewContext, WorksheetView};
use crate::site::{self, Paths, Site};
use bytes::Bytes;
use checks::PageFacts;
use favicon::Favicons;
use inputs::read_inputs;
use pages::PageRender;
use site_files::{Finishing, SiteFiles};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `base_url` from site.yaml (`--base-url`, or serve's own address).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Adds the live-reload script (serve only).
    pub live_reload: bool,
    /// Gathers the external addresses the site uses into [`BuildReport::external`]
    /// (`check --external` only: other builds do not keep them).
    pub external_links: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            live_reload: false,
            external_links: false,
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub worksheets: usize,
    pub pdfs: usize,
    pub references: usize,
    pub millis: u128,
}

impl Stats {
    /// `built 14 pages, 5 worksheets (10 PDFs), 5 references in 84 ms -> public/`
    pub fn summary(&self, verb: &str, output: Option<&Path>) -> String {
        let mut s = format!(
            "{verb} {} page{}, {} worksheet{} ({} PDF{}), {} reference{} in {} ms",
            self.pages,
            plural(self.pages),
            self.worksheets,
            plural(self.worksheets),
            self.pdfs,
            plural(self.pdfs),
            self.references,
            plural(self.references),
            self.millis
        );
        if let Some(out) = output {
            s.push_str(&format!(
                " -> {}/",
                out.display().to_string().trim_end_matches('/')
            ));
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The outcome of a build: its problems, sorted, its counts, and the external addresses
/// the site uses (which only `check --external` requests).
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    pub external: Vec<ExternalUse>,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What to do when a folder is not a site.
const NEW_SITE_HINT: &str =
    "run inside a site folder, pass --root DIR, or create one with `kintsugi new DIR`";

/// Why `root` cannot be built as a site, if it cannot (it is not a folder, or it has no
/// `site.yaml`), with a hint. The command line reports it as bad usage before building;
/// a build reports it as an error of `site.yaml`.
pub fn root_problem(root: &Path) -> Option<(String, Option<&'static str>)> {
    if !root.is_dir() {
        return Some((
            format!("the root `{}` is not a directory", root.display()),
            None,
        ));
    }
    if !root.join("site.yaml").is_file() {
        return Some((
            format!("`{}` is not a site: it has no site.yaml", root.display()),
            Some(NEW_SITE_HINT),
        ));
    }
    None
}

/// Builds the site into `output`, staged and swapped in only on success.
pub fn build(opts: &BuildOptions, output: &Path) -> BuildReport {
    if let Err(message) = crate::output::check_output_dir(&opts.root, output) {
        return fatal(output, message);
    }
    let staging = match Staging::new(output) {
        Ok(s) => s,
        Err(e) => return fatal(output, format!("{e:#}")),
    };
    let cache = BuildCache::from_previous_output(&opts.root, output);
    let mut report = build_into(opts, &staging, &cache);
    if !report.has_errors() {
        if let Err(e) = staging.commit() {
            report
                .diagnostics
                .push(Diagnostic::error(output, format!("{e:#}")));
        } else if let Err(e) = cache.pdfs.write_manifest(&opts.root, output) {
            // The site is built; only the next build's reuse of PDFs is lost.
            let message = format!("{e:#}; the next build will make every PDF again");
            report.diagnostics.push(Diagnostic::warning(
                Path::new(worksheets::CACHE_DIR),
                message,
            ));
        }
    }
    report
}

/// Builds the site in memory (for `serve`). The site is None when the build failed.
pub fn build_in_memory(
    opts: &BuildOptions,
    cache: &BuildCache,
) -> (Option<MemorySite>, BuildReport) {
    let site = MemorySite::default();
    let report = build_into(opts, &site, cache);
    let ok = !report.has_errors();
    (ok.then_some(site), report)
}

/// Validates everything a build would, writing nothing.
pub fn check(opts: &BuildOptions) -> BuildReport {
    struct Nowhere;
    impl Sink for Nowhere {
        fn put(&self, _: &str, _: Bytes) -> anyhow::Result<()> {
            Ok(())
        }
        fn keeps_files(&self) -> bool {
            false
        }
    }
    build_into(opts, &Nowhere, &BuildCache::default())
}

fn fatal(path: &Path, message: String) -> BuildReport {
    BuildReport {
        diagnostics: vec![Diagnostic::error(path, message)],
        ..BuildReport::default()
    }
}

/// Renders the whole site into `sink`: each language's pages (the default language's,
/// then each translation's under `/<lang>/`), then what the site has once (404, sitemap,
/// robots, static files), then the images and PDFs every language's pages use.
pub fn build_into(opts: &BuildOptions, sink: &dyn Sink, cache: &BuildCache) -> BuildReport {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let mut timings = Timings::new();
    let mut inputs = read_inputs(opts, cache, &mut diags);
    timings.lap("read settings, content, bibliography, theme; prepare the citation style");
    let root = &opts.root;
    let Some(config) = inputs.config.take() else {
        // The site model's checks still run, so that every problem is reported.
        let (_, site_diags) = site::build(&inputs.pages, &inputs.broken, &[]);
        diags.extend(site_diags);
        return finish(diags, Stats::default(), started);
    };
    let default_paths = Paths::new(&config.language, true);
    let alternates = alternates(&config, &inputs);
    if !sink.keeps_files() {
        diags.extend(missing_translations(&inputs));
    }
    diags.extend(under_another_language(&config, &inputs.pages));
    let shared = Shared {
        opts,
        config: &config,
        sink,
        notice: inputs.notice.as_deref(),
        cites: inputs.cites.as_deref(),
        bib_hash: inputs.bib_hash,
        favicons: Favicons::find(root),
        images: images::ImageProbes::new(root),
        alternates: &alternates,
    };
    let default_pass = Language {
        paths: default_paths.clone(),
        pages: &inputs.pages,
        broken: &inputs.broken,
        fallback: None,
        fallback_facts: None,
        strings: &inputs.strings,
        theme: inputs.theme.take(),
        styler: inputs.cites.as_ref().and_then(|c| c.styler.as_ref()),
        cache,
    };
    let mut built = vec![default_pass.build(&shared, &mut diags, &mut timings)];
    let mut others = Vec::new();
    for translation in &mut inputs.translations {
        // `serve` keeps each language's pages apart: a translation has its page's id.
        let language_cache = cache.translation(&translation.lang, &config.languages);
        let pass = Language {
            paths: Paths::new(&translation.lang, false),
            pages: &translation.pages,
            broken: &[],
            fallback: Some(&built[0].site.urls),
            fallback_facts: Some(&built[0].facts),
            strings: &translation.strings,
            theme: translation.theme.take(),
            styler: (inputs.cites.as_ref()).and_then(|c| c.translated.get(&translation.lang)),
            cache: &language_cache,
        };
        let done = pass.build(&shared, &mut diags, &mut timings);
        others.push(done);
    }
    built.extend(others);
    // A work is cited nowhere when no language cites it.
    let uncited_elsewhere = |d: &Diagnostic| {
        (built[1..].iter()).all(|b| b.uncited.iter().any(|o| o.message == d.message))
    };
    let uncited: Vec<Diagnostic> = (built[0].uncited.iter())
        .filter(|d| uncited_elsewhere(d))
        .cloned()
        .collect();
    diags.extend(uncited);
    // What the site has once, in its default language.
    let sitemap: Vec<SitemapEntry> = built.iter_mut().flat_map(|b| b.sitemap.drain(..)).collect();
    let site_files = SiteFiles {
        config: &config,
        strings: &inputs.strings,
        theme: built[0].theme.as_ref(),
        sink,
        base: &built[0].base,
        favicons: &shared.favicons,
    };
    diags.extend(site_files.write(root, sitemap));
    timings.lap("404, sitemap, robots, static files");
    // Neither for a build that fails anyway (serve shows its errors sooner); side by side,
    // as resizing images and laying out PDFs are each the longest step of some sites.
    let (published, pdfs) = if diags.has_errors() {
        (images::Published::default(), 0)
    } else {
        let used = (built.iter())
            .flat_map(|b| (b.facts.values().flat_map(|f| &f.images)).chain(b.notice_images.iter()))
            .cloned()
            .collect();
        let sheets: Vec<(String, &[worksheets::Sheet])> = (built.iter())
            .map(|b| (b.paths.home().to_string(), b.sheets.as_slice()))
            .collect();
        let (mut image_diags, mut pdf_diags) = (Diagnostics::default(), Diagnostics::default());
        let done = rayon::join(
            || images::publish(&used, &shared.images, sink, &mut image_diags),
            || worksheets::write_pdfs(&sheets, &config, sink, &cache.pdfs, &mut pdf_diags),
        );
        diags.extend(image_diags);
        diags.extend(pdf_diags);
        done
    };
    timings.lap(&format!(
        "images ({} originals; variants: {} made, {} from the cache) and worksheet PDFs",
        published.originals, published.made, published.reused
    ));
    let stats = Stats {
        // Content pages, and the pages the build makes itself: the reference index and the
        // tag pages.
        pages: built.iter().map(|b| b.pages).sum(),
        worksheets: built.iter().map(|b| b.sheets.len()).sum(),
        pdfs,
        references: built[0].references,
        millis: 0,
    };
    let external = if opts.external_links {
        let mut external = Vec::new();
        for (b, pages) in built
            .iter_mut()
            .zip(std::iter::once(&inputs.pages).chain(inputs.translations.iter().map(|t| &t.pages)))
        {
            let by_id: HashMap<&str, &SourcePage> =
                pages.iter().map(|p| (p.id.as_str(), &**p)).collect();
            let notice_links = (
                Path::new(notice::PATH),
                std::mem::take(&mut b.notice_external),
            );
            let bib = (b.first).then_some(shared.cites.map(|c| &c.bib)).flatten();
            external.extend(external_links::gather(
                &mut b.facts,
                &by_id,
                notice_links,
                bib,
            ));
        }
        external
    } else {
        Vec::new()
    };
    let report = BuildReport {
        external,
        ..finish(diags, stats, started)
    };
    // Freeing a large site's pages and facts takes tens of milliseconds (45 ms at 10,000
    // pages): not on the build's path. A one-shot build may exit before it is done.
    drop_later((built, inputs.pages, inputs.translations));
    report
}

/// What every language's pass shares.
struct Shared<'a> {
    opts: &'a BuildOptions,
    config: &'a Config,
    sink: &'a dyn Sink,
    /// The text of `content/_notice.md`.
    notice: Option<&'a str>,
    cites: Option<&'a inputs::CiteState>,
    bib_hash: blake3::Hash,
    favicons: Favicons,
    /// Each image file is read once, by the first page (or the notice) that shows it.
    images: images::ImageProbes,
    alternates: &'a HashMap<String, Vec<Alternate>>,
}

/// One language's part of the build: its pages, its words, its theme and its citation
/// style, and where its pages live.
struct Language<'a> {
    paths: Paths,
    pages: &'a [Arc<SourcePage>],
    broken: &'a [String],
    /// For a translation: the default language's URLs by page id, where links to a page
    /// with no translation go.
    fallback: Option<&'a HashMap<String, String>>,
    /// For a translation: the default language's pages' facts, to check the anchors of
    /// those links.
    fallback_facts: Option<&'a BTreeMap<String, PageFacts>>,
    strings: &'a Arc<Strings>,
    theme: Option<Theme>,
    styler: Option<&'a Styler>,
    cache: &'a BuildCache,
}

/// What one language's pass leaves for the rest of the build.
struct Built {
    paths: Paths,
    /// The default language's pass.
    first: bool,
    site: Site,
    facts: BTreeMap<String, PageFacts>,
    sheets: Vec<worksheets::Sheet>,
    sitemap: Vec<SitemapEntry>,
    notice_images: Vec<crate::markdown::ImageSource>,
    notice_external: Vec<crate::markdown::ExternalLink>,
    /// A warning for each work the language's pages do not cite.
    uncited: Diagnostics,
    /// Content pages and the pages the build makes for the language.
    pages: usize,
    references: usize,
    theme: Option<Theme>,
    base: tera::Context,
}

impl Language<'_> {
    /// The language's pages, its reference index, tag pages and feed.
    fn build(
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
        let reserved_urls: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let (mut site, site_diags) = site::build(self.pages, self.broken, &reserved_urls);
        if self.fallback.is_some() {
            // A language's home page may wait for its translation, but every page of the
            // language links it.
            let lang = &paths.lang;
            for d in site_diags {
                if !d.message.contains("home page is missing") {
                    diags.push(d);
                } else if !self.pages.is_empty() {
                    diags.push(
                        Diagnostic::warning(
                            "content/_index.md",
                            format!("the `{lang}` pages have no home page: {} is missing, and each of them links it", paths.home()),
                        )
                        .with_hint(format!("translate content/_index.md as content/_index.{lang}.md")),
                    );
                }
            }
        } else {
            diags.extend(site_diags);
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
        timings.lap(&format!(
            "anchors, reference index, tags, feed ({})",
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
        }
    }
}

/// A page of the default language whose URL is under another language's root
/// (`content/de/x.md` is `/de/x/`) would be taken for a page of that language.
fn under_another_language(config: &Config, pages: &[Arc<SourcePage>]) -> Vec<Diagnostic> {
    let roots: Vec<(&String, String)> = (config.languages.iter().skip(1))
        .map(|lang| (lang, Paths::new(lang, false).home().to_string()))
        .collect();
    let mut errors = Vec::new();
    for page in pages {
        if let Some((lang, root)) = roots
            .iter()
            .find(|(_, root)| page.url.starts_with(root.as_str()))
        {
            errors.push(
                page.error_at_key(
                    "title",
                    format!(
                        "this page's URL `{}` is under {root}, where the `{lang}` pages are",
                        page.url
                    ),
                )
                .with_hint("rename its folder or set another `slug`"),
            );
        }
    }
    errors
}

/// `check`'s note for each page that a language lacks: a warning, as diagnostics have no
/// lesser kind, and only in `check`, as a site is often translated a page at a time.
fn missing_translations(inputs: &inputs::Inputs) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for translation in &inputs.translations {
        let translated: HashSet<&str> = translation.pages.iter().map(|p| p.id.as_str()).collect();
        for page in inputs
            .pages
            .iter()
            .filter(|p| !translated.contains(p.id.as_str()))
        {
            let file = page.path.with_extension(format!("{}.md", translation.lang));
            notes.push(
                Diagnostic::warning(
                    &page.path,
                    format!(
                        "no translation into `{}`: the site in that language leaves this page out",
                        translation.lang
                    ),
                )
                .with_hint(format!(
                    "translate it as {}; links to it from `{}` pages come here",
                    file.display(),
                    translation.lang
                )),
            );
        }
    }
    notes
}

/// Every language's version of each page that has more than one, by page id, in the
/// order of `languages`.
fn alternates(config: &Config, inputs: &inputs::Inputs) -> HashMap<String, Vec<Alternate>> {
    let mut by_id: HashMap<String, Vec<Alternate>> = HashMap::new();
    if !config.is_multilingual() {
        return by_id;
    }
    let languages = std::iter::once((&config.language, &inputs.strings, &inputs.pages))
        .chain((inputs.translations.iter()).map(|t| (&t.lang, &t.strings, &t.pages)));
    for (i, (lang, strings, pages)) in languages.enumerate() {
        let name = strings.get("language-name");
        for page in pages.iter() {
            by_id.entry(page.id.clone()).or_default().push(Alternate {
                lang: lang.clone(),
                name: name.clone(),
                url: page.url.clone(),
                permalink: config.permalink(&page.url),
                default: i == 0,
            });
        }
    }
    by_id.retain(|_, versions| versions.len() > 1);
    by_id
}

/// Drops `value` on a thread of its own.
fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Per-stage wall times, printed to stderr when `KINTSUGI_TIMINGS` is set (for profiling
/// and the benchmarks; not part of the normal output).
struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    fn new() -> Self {
        Timings {
            on: std::env::var_os("KINTSUGI_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "timing: {:>8.1} ms  {stage}",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Instant::now();
        }
    }
}

fn finish(diags: Diagnostics, mut stats: Stats, started: Instant) -> BuildReport {
    stats.millis = started.elapsed().as_millis();
    BuildReport {
        diagnostics: diags.sorted(),
        stats,
        external: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line() {
        let s = Stats {
            pages: 14,
            worksheets: 5,
            pdfs: 10,
            references: 5,
            millis: 84,
        };
        assert_eq!(
            s.summary("built", Some(Path::new("public"))),
            "built 14 pages, 5 worksheets (10 PDFs), 5 references in 84 ms -> public/"
        );
    }
}
