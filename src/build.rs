//! The build: the only module that knows the whole pipeline order.
//! settings -> content -> bibliography -> site model -> the notice -> Markdown + templates
//! (parallel, per page) -> checks that need every page -> reference index, sitemap, static
//! files, worksheet PDFs -> output. [`build_into`] renders into any [`Sink`], so `build`
//! (staged on disk), `check` (nowhere) and `serve` (memory) share one code path.

use crate::cite::{Bibliography, Styler};
use crate::config::Config;
use crate::content::{self, Kind, SourcePage};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, CiteContext, PageInput};
use crate::notice::{self, Notice};
use crate::output::{MemorySite, Sink, Staging};
use crate::pdf::files as worksheets;
use crate::render::{
    self, Backlink, LinkView, PageView, ReferenceView, SitemapEntry, Theme, WorksheetView,
};
use crate::site::{self, PageFacts};
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            live_reload: false,
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

/// The outcome of a build: its problems, sorted, and its counts.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

type MarkdownEntry = (Arc<SourcePage>, blake3::Hash, u64, Arc<markdown::Rendered>);
type PageEntry = (blake3::Hash, Bytes);

/// Work kept between builds of one `serve` session, so a rebuild redoes only what a change
/// touched. Every entry is keyed by everything its result depends on (the source file's
/// identity, the link and citation context, the template, the page's view), so an
/// incremental build always equals a clean one.
#[derive(Default)]
pub struct BuildCache {
    incremental: bool,
    sources: content::SourceCache,
    markdown: Mutex<HashMap<String, MarkdownEntry>>,
    pages: Mutex<HashMap<String, PageEntry>>,
    serial: AtomicU64,
    /// The bibliography and its formatter, by the hash of their inputs.
    cites: Mutex<Option<(blake3::Hash, Arc<CiteState>)>>,
    pub pdfs: worksheets::PdfCache,
}

/// The parsed bibliography and its prepared formatter, with the problems found on the way.
/// Preparing a formatter is the costliest step of a build's setup, so `serve` keeps it
/// while the bibliography files and the style are unchanged.
struct CiteState {
    bib: Bibliography,
    styler: Option<Styler>,
    diagnostics: Vec<Diagnostic>,
}

impl BuildCache {
    /// A cache that keeps per-page work between builds (serve).
    pub fn incremental() -> Self {
        BuildCache {
            incremental: true,
            ..BuildCache::default()
        }
    }

    /// A cache holding only the PDFs of a previous build in `output`.
    pub fn from_previous_output(output: &Path) -> Self {
        BuildCache {
            pdfs: worksheets::PdfCache::from_previous_output(output),
            ..BuildCache::default()
        }
    }

    /// The page's Markdown result: cached while the file and the context are unchanged.
    fn markdown(
        &self,
        page: &Arc<SourcePage>,
        context: blake3::Hash,
        render: impl FnOnce() -> markdown::Rendered,
    ) -> (u64, Arc<markdown::Rendered>) {
        if !self.incremental {
            return (0, Arc::new(render()));
        }
        let lock = || self.markdown.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((src, ctx, serial, r)) = lock().get(&page.id) {
            if Arc::ptr_eq(src, page) && *ctx == context {
                return (*serial, r.clone());
            }
        }
        let rendered = Arc::new(render());
        let serial = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
        lock().insert(
            page.id.clone(),
            (page.clone(), context, serial, rendered.clone()),
        );
        (serial, rendered)
    }

    /// The page's final bytes: cached while the view's fingerprint is unchanged.
    fn page(
        &self,
        id: &str,
        fingerprint: impl FnOnce() -> blake3::Hash,
        render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Bytes, Diagnostic> {
        if !self.incremental {
            return render().map(Bytes::from);
        }
        let key = fingerprint();
        let lock = || self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, bytes)) = lock().get(id) {
            if *k == key {
                return Ok(bytes.clone());
            }
        }
        let bytes = Bytes::from(render()?);
        lock().insert(id.to_string(), (key, bytes.clone()));
        Ok(bytes)
    }

    /// Forgets pages that no longer exist.
    fn retain(&self, ids: &std::collections::HashSet<&str>) {
        self.markdown
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|id, _| ids.contains(id.as_str()));
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|id, _| ids.contains(id.as_str()));
    }
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
    let cache = BuildCache::from_previous_output(output);
    let mut report = build_into(opts, &staging, &cache);
    if !report.has_errors() {
        if let Err(e) = cache.pdfs.write_manifest(&staging) {
            report
                .diagnostics
                .push(Diagnostic::error(output, format!("{e:#}")));
        } else if let Err(e) = staging.commit() {
            report
                .diagnostics
                .push(Diagnostic::error(output, format!("{e:#}")));
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
    }
    build_into(opts, &Nowhere, &BuildCache::default())
}

fn fatal(path: &Path, message: String) -> BuildReport {
    BuildReport {
        diagnostics: vec![Diagnostic::error(path, message)],
        stats: Stats::default(),
    }
}

/// `/a/b/` -> `a/b/index.html`.
pub fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Reads a file that may be absent.
fn read_optional(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            diags.push(Diagnostic::error(shown, format!("cannot read: {e}")));
            None
        }
    }
}

/// Settings, content and bibliography: everything read from disk.
struct Inputs {
    config: Option<Config>,
    pages: Vec<Arc<SourcePage>>,
    broken: Vec<String>,
    cites: Option<Arc<CiteState>>,
    /// Fingerprint of the bibliography files' text.
    bib_hash: blake3::Hash,
    theme: Option<Theme>,
    /// The text of `content/_notice.md`, if the site has one.
    notice: Option<String>,
}

fn read_inputs(opts: &BuildOptions, cache: &BuildCache, diags: &mut Diagnostics) -> Inputs {
    let root = &opts.root;
    let config = match read_optional(&root.join("site.yaml"), Path::new("site.yaml"), diags) {
        Some(text) => {
            match Config::parse(Path::new("site.yaml"), &text, opts.base_url.as_deref()) {
                Ok(c) => Some(c),
                Err(errs) => {
                    diags.extend(errs);
                    None
                }
            }
        }
        None => {
            diags.push(
                Diagnostic::error("site.yaml", format!("no site.yaml in `{}`", root.display()))
                    .with_hint("run inside a site folder, pass --root DIR, or create one with `kintsugi new DIR`"),
            );
            None
        }
    };
    let notice = read_optional(&root.join(notice::PATH), Path::new(notice::PATH), diags);
    let content_dir = root.join("content");
    let sources = cache.incremental.then_some(&cache.sources);
    // The pages, the bibliography and the theme do not depend on each other: read them
    // side by side (preparing the citation style is the longest single step of a large
    // build).
    let (((content, load_diags), (cites, bib_hash, bib_diags)), theme) = rayon::join(
        || {
            rayon::join(
                || content::load(root, &content_dir, opts.drafts, sources),
                || read_bibliography(root, config.as_ref(), cache),
            )
        },
        || Theme::load(root),
    );
    diags.extend(load_diags);
    diags.extend(bib_diags);
    let theme = theme.map_err(|errs| diags.extend(errs)).ok();
    Inputs {
        config,
        pages: content.pages,
        broken: content.broken,
        cites,
        bib_hash,
        theme,
        notice,
    }
}

/// The bibliography files and the formatter for them (reused from `cache` when neither
/// they nor the style changed), the files' fingerprint, and their problems.
fn read_bibliography(
    root: &Path,
    config: Option<&Config>,
    cache: &BuildCache,
) -> (Option<Arc<CiteState>>, blake3::Hash, Diagnostics) {
    let mut diags = Diagnostics::default();
    let yaml_path = PathBuf::from("content/references.yaml");
    let bib_path = PathBuf::from("content/references.bib");
    let yaml = read_optional(&root.join(&yaml_path), &yaml_path, &mut diags);
    let bibtex = read_optional(&root.join(&bib_path), &bib_path, &mut diags);
    let mut h = blake3::Hasher::new();
    for text in [&yaml, &bibtex] {
        h.update(text.as_deref().unwrap_or("\0").as_bytes());
        h.update(b"\x01");
    }
    let bib_hash = h.finalize();
    let (Some(config), true) = (config, yaml.is_some() || bibtex.is_some()) else {
        return (None, bib_hash, diags);
    };
    let key = {
        let mut h = blake3::Hasher::new();
        h.update(bib_hash.as_bytes())
            .update(config.citation_style.as_bytes());
        h.finalize()
    };
    let cached = cache
        .cites
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .filter(|(k, _)| *k == key)
        .map(|(_, c)| c.clone());
    let state = cached.unwrap_or_else(|| {
        let (bib, mut diagnostics) = Bibliography::parse(
            yaml.as_deref().map(|t| (yaml_path.as_path(), t)),
            bibtex.as_deref().map(|t| (bib_path.as_path(), t)),
        );
        let styler = prepare_styler(root, &bib, config, &mut diagnostics);
        let state = Arc::new(CiteState {
            bib,
            styler,
            diagnostics,
        });
        if cache.incremental {
            *cache.cites.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, state.clone()));
        }
        state
    });
    diags.extend(state.diagnostics.iter().cloned());
    (Some(state), bib_hash, diags)
}

/// The formatter for the configured style. An unknown style is reported at its line in
/// site.yaml, and citations are still checked with the default style, so one wrong
/// setting is one error, not one per citation.
fn prepare_styler(
    root: &Path,
    bib: &Bibliography,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Styler> {
    match Styler::new(bib, &config.citation_style) {
        Ok(s) => {
            diags.extend(s.diagnostics().iter().cloned());
            Some(s)
        }
        Err(message) => {
            let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
            let offset = crate::yaml::Source::whole(Path::new("site.yaml"), &text)
                .key_offset("citation_style")
                .unwrap_or(0);
            diags.push(Diagnostic::error("site.yaml", message).at_offset(&text, offset));
            Styler::new(bib, "apa").ok()
        }
    }
}

fn link(p: &SourcePage) -> LinkView {
    LinkView {
        title: p.meta.title.clone(),
        url: p.url.clone(),
        description: p.meta.description.clone().unwrap_or_default(),
        step: p.meta.step,
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

/// Renders the whole site into `sink`.
pub fn build_into(opts: &BuildOptions, sink: &dyn Sink, cache: &BuildCache) -> BuildReport {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let mut timings = Timings::new();
    let inputs = read_inputs(opts, cache, &mut diags);
    timings.lap("read settings, content, bibliography, theme; prepare the citation style");
    let root = &opts.root;

    let bib = inputs.cites.as_ref().map(|c| &c.bib);
    let styler = inputs.cites.as_ref().and_then(|c| c.styler.as_ref());
    let has_refs = bib.is_some_and(|b| !b.is_empty());
    let reserved: Vec<&str> = if has_refs {
        vec![site::REFERENCES_URL]
    } else {
        vec![]
    };
    let (site, site_diags) = site::build(&inputs.pages, &inputs.broken, &reserved);
    diags.extend(site_diags);
    let mut theme = inputs.theme;
    let Some(config) = inputs.config else {
        return finish(diags, Stats::default(), started);
    };

    let by_id: HashMap<&str, &SourcePage> =
        inputs.pages.iter().map(|p| (p.id.as_str(), &**p)).collect();
    let get = |id: &str| by_id.get(id).copied();
    let menu = site
        .menu
        .iter()
        .filter_map(|id| get(id))
        .map(link)
        .collect();
    let steps = site
        .steps
        .iter()
        .filter_map(|id| get(id))
        .map(link)
        .collect();
    let cite_ctx = match (bib, styler) {
        (Some(bib), Some(styler)) => Some(CiteContext {
            bib,
            styler,
            index_url: site::REFERENCES_URL,
        }),
        _ => None,
    };
    // The notice, once for every page that shows it (and every worksheet PDF).
    let site_notice = match &inputs.notice {
        Some(text) => {
            let (rendered, notice_diags) = notice::render(text, &site.urls, cite_ctx.as_ref());
            diags.extend(notice_diags);
            rendered
        }
        None => Notice::default(),
    };
    let site_view = render::site_view(
        &config,
        menu,
        steps,
        has_refs,
        site_notice.html.clone(),
        opts.live_reload,
    );
    let base = match &mut theme {
        Some(theme) => theme.bind(&site_view),
        None => tera::Context::new(),
    };
    let pdf_links = |p: &SourcePage| worksheets::pdf_links(&p.url, config.paper);
    let worksheet_views: Vec<WorksheetView> = site
        .worksheets
        .iter()
        .filter_map(|id| get(id))
        .map(|w| WorksheetView {
            link: link(w),
            guide: site.node(&w.id).guide.as_deref().and_then(get).map(link),
            pdfs: pdf_links(w),
        })
        .collect();

    // What every page's Markdown depends on besides its own file: the URLs links resolve
    // to and the bibliography; and what every page's HTML depends on besides its view.
    // Only `serve`'s incremental cache reads them (and is trimmed to this build's pages).
    let (markdown_context, site_fingerprint) = if cache.incremental {
        let mut h = blake3::Hasher::new();
        let mut urls: Vec<(&String, &String)> = site.urls.iter().collect();
        urls.sort();
        for (id, url) in urls {
            h.update(id.as_bytes())
                .update(b"\0")
                .update(url.as_bytes())
                .update(b"\0");
        }
        h.update(inputs.bib_hash.as_bytes());
        h.update(config.citation_style.as_bytes());
        h.update(&[u8::from(cite_ctx.is_some())]);
        let markdown_context = h.finalize();
        let mut h = blake3::Hasher::new();
        h.update(&serde_json::to_vec(&site_view).unwrap_or_default());
        if let Some(theme) = &theme {
            h.update(theme.fingerprint().as_bytes());
        }
        cache.retain(&inputs.pages.iter().map(|p| p.id.as_str()).collect());
        (markdown_context, h.finalize())
    } else {
        let unused = blake3::Hash::from([0; 32]);
        (unused, unused)
    };

    timings.lap("site model");
    // Every page, in parallel: Markdown, then its template, then out.
    let pages = PageRender {
        site: &site,
        cite: cite_ctx.as_ref(),
        cache,
        markdown_context,
        site_fingerprint,
        config: &config,
        pages: &by_id,
        worksheet_views: &worksheet_views,
        notice: &site_notice.blocks,
        theme: theme.as_ref(),
        sink,
    };
    let results: Vec<PageResult> = (inputs.pages.par_iter())
        .map_init(|| base.clone(), |context, p| pages.render(context, p))
        .collect();

    timings.lap("render and write pages");
    let mut facts = BTreeMap::new();
    let mut sheets = Vec::new();
    for (id, f, sheet, d) in results {
        diags.extend(d);
        facts.insert(id, f);
        sheets.extend(sheet);
    }

    // What needs every page, side by side: the anchor check, the reference index (with
    // backlinks in reading order) and the site-wide files.
    let order = site::reading_order(&site);
    let finishing = Finishing {
        config: &config,
        theme: theme.as_ref(),
        sink,
        base: &base,
        order: &order,
        pages: &by_id,
    };
    let ((anchor_diags, (references, index_diags)), site_file_diags) = rayon::join(
        || {
            rayon::join(
                || site::check_anchors(&facts, &by_id),
                || finishing.reference_index(bib.zip(styler), &facts),
            )
        },
        || finishing.site_files(root, has_refs),
    );
    diags.extend(anchor_diags);
    if let Some(text) = &inputs.notice {
        diags.extend(site::check_link_anchors(
            &site_notice.links,
            &facts,
            Path::new(notice::PATH),
            text,
        ));
    }
    diags.extend(index_diags);
    diags.extend(site_file_diags);
    timings.lap("anchors, reference index, 404, sitemap, robots, static files");
    let pdfs = if diags.has_errors() {
        0
    } else {
        worksheets::write_pdfs(&sheets, &config, sink, &cache.pdfs, &mut diags)
    };

    timings.lap("worksheet PDFs");
    let stats = Stats {
        pages: inputs.pages.len() + usize::from(has_refs),
        worksheets: sheets.len(),
        pdfs,
        references,
        millis: 0,
    };
    let report = finish(diags, stats, started);
    // Freeing a large site's pages and facts takes tens of milliseconds (45 ms at 10,000
    // pages): not on the build's path. A one-shot build may exit before it is done.
    drop(by_id);
    drop_later((facts, site, order, inputs.pages));
    report
}

/// Drops `value` on a thread of its own.
fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
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
struct PageRender<'a> {
    site: &'a site::Site,
    cite: Option<&'a CiteContext<'a>>,
    cache: &'a BuildCache,
    /// See [`BuildCache::markdown`] and [`BuildCache::page`].
    markdown_context: blake3::Hash,
    site_fingerprint: blake3::Hash,
    config: &'a Config,
    pages: &'a HashMap<&'a str, &'a SourcePage>,
    worksheet_views: &'a [WorksheetView],
    /// The notice's blocks, which every worksheet PDF carries.
    notice: &'a [crate::worksheet::Block],
    theme: Option<&'a Theme>,
    sink: &'a dyn Sink,
}

impl PageRender<'_> {
    /// One page: its Markdown, then its template (with `context`, which holds `site`),
    /// then out to the sink.
    fn render(&self, context: &mut tera::Context, p: &Arc<SourcePage>) -> PageResult {
        let get = |id: &str| self.pages.get(id).copied();
        let is_ws = site::is_worksheet(p);
        let text = match p.source() {
            Ok(text) => text,
            Err(d) => return (p.id.clone(), PageFacts::default(), None, vec![d]),
        };
        let input = PageInput {
            id: &p.id,
            path: &p.path,
            text: &text,
            body_start: p.body_start,
            urls: &self.site.urls,
            cite: self.cite,
            no_citations: None,
            worksheet: is_ws,
        };
        let (serial, rendered) = self
            .cache
            .markdown(p, self.markdown_context, || markdown::render(&input));
        let mut page_diags = rendered.diagnostics.clone();
        let node = self.site.node(&p.id);
        let template = p
            .meta
            .template
            .clone()
            .unwrap_or_else(|| default_template(p).to_string());
        // The works this page cites, in reference-list order.
        let references = (self.cite.map(|c| c.styler))
            .map(|s| {
                let mut cited: Vec<&String> =
                    rendered.citations.iter().flat_map(|c| &c.keys).collect();
                cited.sort_by_key(|k| s.rank(k).unwrap_or(usize::MAX));
                cited.dedup();
                cited
                    .iter()
                    .filter_map(|k| {
                        s.entry_html(k).map(|html| ReferenceView {
                            key: (*k).clone(),
                            html: html.to_string(),
                            cited_in: Vec::new(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let view = PageView {
            kind: page_kind(&template),
            title: p.meta.title.clone(),
            description: p
                .meta
                .description
                .clone()
                .unwrap_or_else(|| self.config.description.clone()),
            url: p.url.clone(),
            permalink: self.config.permalink(&p.url),
            toc: rendered.toc.clone(),
            date: p.meta.date.clone(),
            updated: p.meta.updated.clone(),
            tags: p.meta.tags.clone(),
            step: self.site.step_position(&p.id),
            prev: node.prev.as_deref().and_then(get).map(link),
            next: node.next.as_deref().and_then(get).map(link),
            section: node.section.as_deref().and_then(get).map(link),
            menu_item: (self.site.menu_entry(&p.id))
                .and_then(get)
                .map(|x| x.url.clone()),
            worksheet: node.worksheet.as_deref().and_then(get).map(link),
            guide: node.guide.as_deref().and_then(get).map(link),
            pdfs: if is_ws {
                worksheets::pdf_links(&p.url, self.config.paper)
            } else {
                Vec::new()
            },
            children: node
                .children
                .iter()
                .filter_map(|id| get(id))
                .map(link)
                .collect(),
            references,
            worksheets: if template == "worksheets.html" {
                self.worksheet_views.to_vec()
            } else {
                Vec::new()
            },
            sitemap: Vec::new(),
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
                site_title: self.config.title.clone(),
                url: self.config.permalink(&p.url),
                notice: self.notice.to_vec(),
                blocks: rendered.worksheet.clone(),
            },
        });
        let facts = PageFacts {
            anchors: rendered.anchors.iter().cloned().collect(),
            links: rendered.links.clone(),
            citations: rendered.citations.clone(),
        };
        (p.id.clone(), facts, sheet, page_diags)
    }
}

/// What the last steps of a build (those that need every page) share.
struct Finishing<'a> {
    config: &'a Config,
    theme: Option<&'a Theme>,
    sink: &'a dyn Sink,
    base: &'a tera::Context,
    /// Page ids in reading order.
    order: &'a [String],
    pages: &'a HashMap<&'a str, &'a SourcePage>,
}

impl Finishing<'_> {
    /// The `/references/` page, with each work's backlinks, and a warning for each work
    /// cited nowhere. Returns the number of works.
    fn reference_index(
        &self,
        cites: Option<(&Bibliography, &Styler)>,
        facts: &BTreeMap<String, PageFacts>,
    ) -> (usize, Diagnostics) {
        let mut diags = Diagnostics::default();
        let Some((bib, styler)) = cites else {
            return (0, diags);
        };
        let cited_by = site::cited_by(self.order, facts);
        for key in styler.sorted_keys() {
            if !cited_by.contains_key(key.as_str()) {
                let mut d = Diagnostic::warning(
                    "content/references.yaml",
                    format!("reference `{key}` is cited nowhere"),
                )
                .with_hint("cite it with [@KEY] or remove it from the bibliography");
                if let Some((path, line)) = bib.definition(key) {
                    d.path = path.to_path_buf();
                    d.line = line;
                }
                diags.push(d);
            }
        }
        if bib.is_empty() {
            return (0, diags);
        }
        let entries: Vec<ReferenceView> = styler
            .sorted_keys()
            .iter()
            .filter_map(|k| {
                let html = styler.entry_html(k)?.to_string();
                let cited_in = cited_by
                    .get(k.as_str())
                    .map(|uses| {
                        uses.iter()
                            .filter_map(|(page, anchor)| {
                                let p = self.pages.get(*page)?;
                                Some(Backlink {
                                    title: p.meta.title.clone(),
                                    url: format!("{}#{anchor}", p.url),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Some(ReferenceView {
                    key: k.clone(),
                    html,
                    cited_in,
                })
            })
            .collect();
        let view = PageView {
            kind: "references",
            title: "References".into(),
            description: format!(
                "Every work cited on {}, with links to where it is cited.",
                self.config.title
            ),
            url: site::REFERENCES_URL.into(),
            permalink: self.config.permalink(site::REFERENCES_URL),
            references: entries,
            ..PageView::default()
        };
        self.render(
            "references.html",
            &url_to_file(site::REFERENCES_URL),
            &view,
            &mut diags,
        );
        (bib.len(), diags)
    }

    /// 404.html, sitemap.xml, robots.txt and the static files.
    fn site_files(&self, root: &Path, has_refs: bool) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let config = self.config;
        let not_found = PageView {
            kind: "404",
            title: "Page not found".into(),
            url: "/404.html".into(),
            permalink: config.permalink("/404.html"),
            ..PageView::default()
        };
        self.render("404.html", "404.html", &not_found, &mut diags);
        let mut listed: Vec<&SourcePage> = (self.order.iter())
            .filter_map(|id| self.pages.get(id.as_str()).copied())
            .collect();
        listed.sort_by(|a, b| a.url.cmp(&b.url));
        let mut sitemap: Vec<SitemapEntry> = listed
            .iter()
            .map(|p| SitemapEntry {
                loc: config.permalink(&p.url),
                lastmod: p
                    .meta
                    .updated
                    .as_ref()
                    .or(p.meta.date.as_ref())
                    .map(|d| d.chars().take(10).collect()),
            })
            .collect();
        if has_refs {
            sitemap.push(SitemapEntry {
                loc: config.permalink(site::REFERENCES_URL),
                lastmod: None,
            });
        }
        let sitemap = PageView {
            kind: "sitemap",
            sitemap,
            ..PageView::default()
        };
        self.render("sitemap.xml", "sitemap.xml", &sitemap, &mut diags);
        self.render("robots.txt", "robots.txt", &PageView::default(), &mut diags);
        copy_static(root, self.sink, &mut diags);
        diags
    }

    /// Renders a page that has no Markdown of its own into `file`.
    fn render(&self, template: &str, file: &str, view: &PageView, diags: &mut Diagnostics) {
        let Some(theme) = self.theme else { return };
        match theme.render(template, &mut self.base.clone(), view, "") {
            Ok(bytes) => {
                if let Err(e) = self.sink.put(file, bytes.into()) {
                    diags.push(Diagnostic::error(file, format!("{e:#}")));
                }
            }
            Err(d) => diags.push(d),
        }
    }
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
    }
}

/// The theme's static files, then the site's own `static/` over them.
fn copy_static(root: &Path, sink: &dyn Sink, diags: &mut Diagnostics) {
    let mut files: BTreeMap<String, Vec<u8>> = render::embedded_files(&render::THEME_STATIC)
        .into_iter()
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error("static", format!("cannot read: {e}")));
                    continue;
                }
            };
            // Symlinks are not followed: a link out of static/ must not leak files.
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let name = rel.to_string_lossy().replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(e) => diags.push(Diagnostic::error(
                    Path::new("static").join(rel),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    for (name, bytes) in files {
        if let Err(e) = sink.put(&name, bytes.into()) {
            diags.push(Diagnostic::error(
                Path::new("static").join(&name),
                format!("{e:#}"),
            ));
        }
    }
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
