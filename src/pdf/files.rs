//! PDFs as build output: decides which PDF files a site has (`worksheet-a4.pdf`,
//! `worksheet-letter.pdf` per worksheet, the combined `worksheets-a4.pdf` /
//! `worksheets-letter.pdf`, and the print edition's `<site-slug>-a4.pdf` and
//! `-letter.pdf` in `/print/`), makes them in parallel with the
//! `PdfMaker`, and reuses a previous build's bytes when a worksheet has not changed
//! (cache by content hash). Owns naming, caching and the manifest; not the layout. The
//! manifest lives outside the published folder, in the site's `.kintsugi/cache/`.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::output::Sink;
use crate::paper::Paper;
use crate::print::Book;
use crate::render::PdfLink;
use crate::worksheet::Worksheet;
use bytes::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Where kintsugi keeps what it reuses between builds, relative to the site folder: never in
/// the published output.
pub const CACHE_DIR: &str = ".kintsugi/cache";

/// The file that lists, for the build into `output`, each PDF's content hash and path, so
/// the next build into the same folder can reuse them: one per output folder, in
/// [`CACHE_DIR`] of the site at `root`.
pub fn manifest_path(root: &Path, output: &Path) -> std::path::PathBuf {
    let output = std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf());
    let key = blake3::hash(output.as_os_str().as_encoded_bytes()).to_hex();
    root.join(CACHE_DIR)
        .join(format!("pdfs-{}.txt", &key[..16]))
}

/// One worksheet page's model, ready for PDF.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub id: String,
    pub url: String,
    pub worksheet: Worksheet,
}

/// The PDF download links of a worksheet page (none when PDFs are not built).
pub fn pdf_links(url: &str, preferred: Paper, strings: &Strings) -> Vec<PdfLink> {
    if !cfg!(feature = "pdf") {
        return Vec::new();
    }
    Paper::both(preferred)
        .iter()
        .map(|p| PdfLink {
            label: strings.get_with("pdf-link", &[("paper", p.label().into())]),
            url: format!("{url}worksheet-{}.pdf", p.name()),
        })
        .collect()
}

/// PDF bytes by content hash: from the previous output on disk, and from earlier builds
/// of this process (serve).
#[derive(Default)]
pub struct PdfCache {
    known: Mutex<HashMap<String, Bytes>>,
    /// Output path -> hash, for the manifest of this build.
    written: Mutex<BTreeMap<String, String>>,
}

impl PdfCache {
    /// Loads the PDFs that the manifest of the previous build into `output` lists (ignoring
    /// anything missing) from that output.
    pub fn from_previous_output(root: &Path, output: &Path) -> PdfCache {
        let cache = PdfCache::default();
        if let Ok(text) = std::fs::read_to_string(manifest_path(root, output)) {
            let mut known = cache.known.lock().unwrap_or_else(|e| e.into_inner());
            for line in text.lines() {
                let Some((hash, path)) = line.split_once(' ') else {
                    continue;
                };
                if crate::output::checked_relative(path).is_err() {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(output.join(path)) {
                    known.insert(hash.to_string(), bytes.into());
                }
            }
        }
        cache
    }

    #[cfg(feature = "pdf")]
    fn get(&self, hash: &str) -> Option<Bytes> {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(hash)
            .cloned()
    }

    #[cfg(feature = "pdf")]
    fn remember(&self, path: &str, hash: &str, bytes: Bytes) {
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(hash.to_string(), bytes);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), hash.to_string());
    }

    /// Writes this build's manifest for `output` (see [`manifest_path`]), or removes a
    /// stale one when the build made no PDFs.
    pub fn write_manifest(&self, root: &Path, output: &Path) -> anyhow::Result<()> {
        let path = manifest_path(root, output);
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if written.is_empty() {
            let _ = std::fs::remove_file(&path);
            return Ok(());
        }
        let text: String = written.iter().map(|(p, h)| format!("{h} {p}\n")).collect();
        crate::output::write_atomically(&path, text.as_bytes())
    }

    /// Keeps only what the last build used, so a long `serve` stays bounded.
    pub fn retain_written(&self) {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let keep: std::collections::HashSet<&String> = written.values().collect();
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|h, _| keep.contains(h));
    }
}

/// One language's PDFs: its worksheets and its print edition's book, under its root.
pub struct LanguagePdfs<'a> {
    /// `/` or `/de/`.
    pub home: String,
    pub sheets: &'a [Sheet],
    pub book: Option<&'a Arc<Book>>,
}

/// A book PDF a build left for later (`serve` makes the books after it serves the pages,
/// so an edit shows at once): where it goes, on which paper, from which book.
#[derive(Debug, Clone)]
pub struct DeferredBook {
    pub path: String,
    pub paper: Paper,
    pub book: Arc<Book>,
    /// [`crate::pdf::book_fingerprint`], made once with the build.
    #[cfg(feature = "pdf")]
    fingerprint: blake3::Hash,
}

#[cfg(feature = "pdf")]
impl DeferredBook {
    /// Makes the PDF, or takes it from `cache`, and remembers it there.
    pub fn make(&self, cache: &PdfCache) -> Result<Bytes, Diagnostic> {
        let job = Job {
            path: self.path.clone(),
            paper: self.paper,
            content: JobContent::Book(&self.book, self.fingerprint),
        };
        let hash = content_hash(&job);
        let bytes = match cache.get(&hash) {
            Some(bytes) => bytes,
            None => make(&crate::pdf::PdfMaker::new(), &job)?,
        };
        cache.remember(&self.path, &hash, bytes.clone());
        crate::pdf::evict_caches();
        Ok(bytes)
    }
}

/// A PDF to make: output path, paper and what is in it.
#[cfg(feature = "pdf")]
struct Job<'a> {
    path: String,
    paper: Paper,
    content: JobContent<'a>,
}

/// PDFs made one after the other, on one thread: a book's two papers. Typst holds a whole
/// book in memory while it lays it out (gigabytes for a site of a thousand pages), so two
/// at once would need twice the memory.
#[cfg(feature = "pdf")]
struct Batch<'a>(Vec<Job<'a>>);

#[cfg(feature = "pdf")]
enum JobContent<'a> {
    Sheets(Vec<&'a Worksheet>),
    /// A book and its fingerprint.
    Book(&'a Arc<Book>, blake3::Hash),
}

#[cfg(feature = "pdf")]
fn content_hash(job: &Job<'_>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(crate::pdf::SHEET.as_bytes());
    h.update(job.paper.name().as_bytes());
    match &job.content {
        JobContent::Sheets(sheets) => {
            h.update(crate::pdf::TEMPLATE.as_bytes());
            for s in sheets {
                h.update(&serde_json::to_vec(s).unwrap_or_default());
            }
        }
        JobContent::Book(_, fingerprint) => {
            h.update(crate::pdf::BOOK.as_bytes());
            h.update(fingerprint.as_bytes());
        }
    }
    h.finalize().to_hex().to_string()
}

/// Without the `pdf` feature a build defers no book, so there is none to make.
#[cfg(not(feature = "pdf"))]
impl DeferredBook {
    pub fn make(&self, _: &PdfCache) -> Result<Bytes, Diagnostic> {
        Err(Diagnostic::error(
            &self.path,
            "kintsugi was built without PDFs",
        ))
    }
}

/// One PDF, made.
#[cfg(feature = "pdf")]
fn make(maker: &crate::pdf::PdfMaker, job: &Job<'_>) -> Result<Bytes, Diagnostic> {
    let pdf = match &job.content {
        JobContent::Sheets(sheets) => maker.render(sheets, job.paper),
        JobContent::Book(book, _) => maker.render_book(book, job.paper),
    };
    pdf.map(Bytes::from).map_err(|errs| {
        Diagnostic::error(
            &job.path,
            format!("cannot make the PDF: {}", errs.join("; ")),
        )
    })
}

/// What became of one PDF of a build.
#[cfg(feature = "pdf")]
enum Outcome {
    Written,
    Deferred(DeferredBook),
}

/// Makes every PDF of the site (reusing cached ones) and returns how many worksheet PDFs
/// were written, and the book PDFs left for later: with `defer_books`, a book whose PDF
/// is not in the cache is not made now.
#[cfg(feature = "pdf")]
pub fn write_pdfs(
    languages: &[LanguagePdfs<'_>],
    config: &Config,
    sink: &dyn Sink,
    cache: &PdfCache,
    defer_books: bool,
    diags: &mut Diagnostics,
) -> (usize, Vec<DeferredBook>) {
    use rayon::prelude::*;
    // The manifest lists this build's PDFs only.
    cache
        .written
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    let mut batches: Vec<Batch> = Vec::new();
    for language in languages {
        let home = language.home.trim_start_matches('/');
        if let Some(book) = language.book {
            let fingerprint = crate::pdf::book_fingerprint(book);
            let papers = Paper::both(config.paper).map(|paper| Job {
                path: format!(
                    "{home}{}{}",
                    crate::site::PRINT_URL.trim_start_matches('/'),
                    crate::print::pdf_name(&config.title, paper.name())
                ),
                paper,
                content: JobContent::Book(book, fingerprint),
            });
            batches.push(Batch(papers.into()));
        }
        if language.sheets.is_empty() {
            continue;
        }
        for paper in Paper::both(config.paper) {
            for s in language.sheets {
                batches.push(Batch(vec![Job {
                    path: format!(
                        "{}worksheet-{}.pdf",
                        s.url.trim_start_matches('/'),
                        paper.name()
                    ),
                    paper,
                    content: JobContent::Sheets(vec![&s.worksheet]),
                }]));
            }
            batches.push(Batch(vec![Job {
                path: format!(
                    "{home}{}/worksheets-{}.pdf",
                    crate::site::WORKSHEETS_DIR,
                    paper.name()
                ),
                paper,
                content: JobContent::Sheets(language.sheets.iter().map(|s| &s.worksheet).collect()),
            }]));
        }
    }
    // The largest first, so that one long book does not start last.
    batches.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
    if batches.is_empty() {
        return (0, Vec::new());
    }
    let maker = crate::pdf::PdfMaker::new();
    let one = |job: &Job| -> Result<Outcome, Diagnostic> {
        let hash = content_hash(job);
        let bytes = match (cache.get(&hash), &job.content) {
            (Some(b), _) => b,
            (None, JobContent::Book(book, fingerprint)) if defer_books => {
                return Ok(Outcome::Deferred(DeferredBook {
                    path: job.path.clone(),
                    paper: job.paper,
                    book: Arc::clone(book),
                    fingerprint: *fingerprint,
                }));
            }
            (None, _) => make(&maker, job)?,
        };
        sink.put(&job.path, bytes.clone())
            .map_err(|e| Diagnostic::error(&job.path, format!("{e:#}")))?;
        cache.remember(&job.path, &hash, bytes);
        Ok(Outcome::Written)
    };
    let results: Vec<(Result<Outcome, Diagnostic>, bool)> = batches
        .par_iter()
        .flat_map_iter(|batch| {
            (batch.0.iter()).map(|job| (one(job), matches!(job.content, JobContent::Sheets(_))))
        })
        .collect();
    crate::pdf::evict_caches();
    let mut count = 0;
    let mut deferred = Vec::new();
    for (r, sheets) in results {
        match r {
            // The summary counts the worksheets' PDFs.
            Ok(Outcome::Written) => count += usize::from(sheets),
            Ok(Outcome::Deferred(book)) => deferred.push(book),
            Err(d) => diags.push(d),
        }
    }
    (count, deferred)
}

/// Without the `pdf` feature no PDFs are made.
#[cfg(not(feature = "pdf"))]
pub fn write_pdfs(
    _: &[LanguagePdfs<'_>],
    _: &Config,
    _: &dyn Sink,
    _: &PdfCache,
    _: bool,
    _: &mut Diagnostics,
) -> (usize, Vec<DeferredBook>) {
    (0, Vec::new())
}
