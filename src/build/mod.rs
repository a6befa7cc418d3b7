//! The build: the only module that knows the whole pipeline order. A multilingual site
//! runs the per-language part (site model to feed) once per language, over that
//! language's pages, then writes what the site has once.
//! settings -> content -> bibliography -> site model -> the notice -> Markdown + templates
//! (parallel, per page) -> checks that need every page -> reference index, sitemap, static
//! files -> images and worksheet PDFs, side by side -> output. [`build_into`] renders into
//! any [`Sink`], so `build` (staged on disk), `check` (nowhere) and `serve` (memory) share
//! one code path; it reads as the list of those stages, each one call into a file of this
//! folder:
//!
//! - `inputs`: settings, content, bibliography and theme, read side by side.
//! - `language`: one language's pass, from its site model to its feed.
//! - `translations`: what is known across languages: each page's versions, the pages a
//!   language lacks.
//! - `pages`: one page's Markdown, view and template, written as soon as it is rendered.
//! - `print`: the print edition: every page again as a chapter, `/print/`, and the book
//!   the PDF step lays out.
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
mod language;
mod pages;
mod print;
mod site_files;
mod translations;

pub use external_links::ExternalUse;
pub use incremental::BuildCache;
pub use pages::url_to_file;

use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::notice::{self};
use crate::output::{MemorySite, Sink, Staging};
use crate::pdf::files as worksheets;
use crate::render::SitemapEntry;
use crate::site::{self, Paths};
use bytes::Bytes;
use favicon::Favicons;
use inputs::read_inputs;
use language::{Language, Shared};
use site_files::SiteFiles;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use translations::{alternates, missing_translations, under_another_language};

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
    /// Leaves the book PDFs the cache does not hold for later, in
    /// [`BuildReport::deferred`] (`serve`, which serves the pages first).
    pub defer_books: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            live_reload: false,
            external_links: false,
            defer_books: false,
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
    /// The book PDFs left for later ([`BuildOptions::defer_books`]).
    pub deferred: Vec<worksheets::DeferredBook>,
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
        diags.extend(site::missing_home(&inputs.pages, &inputs.broken));
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
    if let Some(cites) = &inputs.cites {
        let nowhere = (built[0].uncited.iter())
            .filter(|key| built[1..].iter().all(|b| b.uncited.contains(key)))
            .map(|key| site_files::cited_nowhere(&cites.bib, key));
        diags.extend(nowhere);
    }
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
    let (published, (pdfs, deferred)) = if diags.has_errors() {
        (images::Published::default(), (0, Vec::new()))
    } else {
        let used = (built.iter())
            .flat_map(|b| (b.facts.values().flat_map(|f| &f.images)).chain(b.notice_images.iter()))
            .cloned()
            .collect();
        let sheets: Vec<worksheets::LanguagePdfs> = (built.iter())
            .map(|b| worksheets::LanguagePdfs {
                home: b.paths.home().to_string(),
                sheets: b.sheets.as_slice(),
                book: b.book.as_ref(),
            })
            .collect();
        let (mut image_diags, mut pdf_diags) = (Diagnostics::default(), Diagnostics::default());
        let done = rayon::join(
            || images::publish(&used, &shared.images, sink, &mut image_diags),
            || {
                let defer = opts.defer_books;
                worksheets::write_pdfs(&sheets, &config, sink, &cache.pdfs, defer, &mut pdf_diags)
            },
        );
        diags.extend(image_diags);
        diags.extend(pdf_diags);
        done
    };
    timings.lap(&format!(
        "images ({} originals; variants: {} made, {} from the cache) and PDFs",
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
        deferred,
        ..finish(diags, stats, started)
    };
    // Freeing a large site's pages and facts takes tens of milliseconds (45 ms at 10,000
    // pages): not on the build's path. A one-shot build may exit before it is done.
    drop_later((built, inputs.pages, inputs.translations));
    report
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
        deferred: Vec::new(),
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
