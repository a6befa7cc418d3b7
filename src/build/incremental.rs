//! What `serve` keeps between builds ([`BuildCache`]), so a rebuild redoes only what a
//! change touched, and the fingerprints that key it. A one-shot build computes none of
//! them.

use super::inputs::CiteState;
use crate::config::Config;
use crate::content::{self, SourcePage};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, ImageFiles};
use crate::pdf::files as worksheets;
use crate::render::{SiteView, Theme};
use crate::site::Site;
use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

type MarkdownEntry = (Arc<SourcePage>, blake3::Hash, u64, Arc<markdown::Rendered>);
type PageEntry = (blake3::Hash, Bytes);
/// A page rendered as a chapter of the print edition (`build::print` owns its type).
type ChapterEntry = (blake3::Hash, Arc<dyn std::any::Any + Send + Sync>);

/// Work kept between builds of one `serve` session, so a rebuild redoes only what a change
/// touched. Every entry is keyed by everything its result depends on (the source file's
/// identity, the link and citation context, the template, the page's view), so an
/// incremental build always equals a clean one.
#[derive(Default)]
pub struct BuildCache {
    pub(super) incremental: bool,
    pub(super) sources: content::SourceCache,
    markdown: Mutex<HashMap<String, MarkdownEntry>>,
    pages: Mutex<HashMap<String, PageEntry>>,
    chapters: Mutex<HashMap<String, ChapterEntry>>,
    serial: AtomicU64,
    /// The bibliography and its formatter, by the hash of their inputs.
    pub(super) cites: Mutex<Option<(blake3::Hash, Arc<CiteState>)>>,
    pub pdfs: worksheets::PdfCache,
    /// The same per-page work for each of the site's other languages, by tag: a page's
    /// translation has the page's id, so each language keeps its own entries.
    translations: Mutex<HashMap<String, Arc<BuildCache>>>,
}

impl BuildCache {
    /// A cache that keeps per-page work between builds (serve).
    pub fn incremental() -> Self {
        BuildCache {
            incremental: true,
            ..BuildCache::default()
        }
    }

    /// The cache of the language `lang`'s pages (one of the site's other languages), kept
    /// as long as `languages` lists it; a cache that keeps nothing when this one does not.
    pub(super) fn translation(&self, lang: &str, languages: &[String]) -> Arc<BuildCache> {
        if !self.incremental {
            return Arc::new(BuildCache::default());
        }
        let mut caches = self.translations.lock().unwrap_or_else(|e| e.into_inner());
        caches.retain(|l, _| languages.contains(l));
        (caches.entry(lang.to_string()))
            .or_insert_with(|| Arc::new(BuildCache::incremental()))
            .clone()
    }

    /// A cache holding only the PDFs of a previous build in `output`.
    pub fn from_previous_output(root: &Path, output: &Path) -> Self {
        BuildCache {
            pdfs: worksheets::PdfCache::from_previous_output(root, output),
            ..BuildCache::default()
        }
    }

    /// The page's Markdown result: cached while the file, the context and the image files
    /// it shows (`images`, asked again of each) are unchanged.
    pub(super) fn markdown(
        &self,
        page: &Arc<SourcePage>,
        context: blake3::Hash,
        images: &dyn ImageFiles,
        render: impl FnOnce() -> markdown::Rendered,
    ) -> (u64, Arc<markdown::Rendered>) {
        if !self.incremental {
            return (0, Arc::new(render()));
        }
        let lock = || self.markdown.lock().unwrap_or_else(|e| e.into_inner());
        let hit = lock().get(&page.id).and_then(|(src, ctx, serial, r)| {
            (Arc::ptr_eq(src, page) && *ctx == context).then(|| (*serial, r.clone()))
        });
        if let Some((serial, r)) = hit {
            // An image replaced, added where it was missing, or removed changes the page.
            let same = |u: &markdown::ImageUse| images.probe(&u.source).stamp() == u.stamp;
            if r.images.iter().all(same) {
                return (serial, r);
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

    /// The serial of the page's Markdown as last rendered ([`BuildCache::markdown`]):
    /// it changes whenever the page's rendering could, so what is made from the same
    /// Markdown (its print edition chapter) can key on it. None in a one-shot build.
    pub(super) fn markdown_serial(&self, id: &str) -> Option<u64> {
        let lock = self.markdown.lock().unwrap_or_else(|e| e.into_inner());
        lock.get(id).map(|(_, _, serial, _)| *serial)
    }

    /// The page's print edition chapter: cached while `key` (its Markdown's serial and the
    /// edition's own inputs) is unchanged.
    pub(super) fn chapter<T: Send + Sync + 'static>(
        &self,
        id: &str,
        key: Option<blake3::Hash>,
        render: impl FnOnce() -> T,
    ) -> Arc<T> {
        let Some(key) = key.filter(|_| self.incremental) else {
            return Arc::new(render());
        };
        let lock = || self.chapters.lock().unwrap_or_else(|e| e.into_inner());
        let hit = (lock().get(id))
            .filter(|(k, _)| *k == key)
            .and_then(|(_, v)| v.clone().downcast::<T>().ok());
        if let Some(hit) = hit {
            return hit;
        }
        let made = Arc::new(render());
        lock().insert(id.to_string(), (key, made.clone()));
        made
    }

    /// The page's final bytes: cached while the view's fingerprint is unchanged.
    pub(super) fn page(
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
        self.chapters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|id, _| ids.contains(id.as_str()));
    }
}

impl BuildCache {
    /// What every page's Markdown depends on besides its own file: the URLs links resolve
    /// to and the bibliography. Only the incremental cache reads it; a one-shot build
    /// gets zeros and hashes nothing.
    pub(super) fn markdown_context(
        &self,
        site: &Site,
        bib_hash: blake3::Hash,
        config: &Config,
        cites: bool,
        strings: blake3::Hash,
    ) -> blake3::Hash {
        if !self.incremental {
            return blake3::Hash::from([0; 32]);
        }
        let mut h = blake3::Hasher::new();
        let mut urls: Vec<(&String, &String)> = site.urls.iter().collect();
        urls.sort();
        for (id, url) in urls {
            h.update(id.as_bytes())
                .update(b"\0")
                .update(url.as_bytes())
                .update(b"\0");
        }
        h.update(bib_hash.as_bytes());
        h.update(config.citation_style.as_bytes());
        h.update(&[u8::from(cites)]);
        // Callout titles and labels come from the catalogs.
        h.update(strings.as_bytes());
        h.finalize()
    }

    /// What every page's HTML depends on besides its own view: the site view and the
    /// theme. Zeros for a one-shot build.
    pub(super) fn site_fingerprint(
        &self,
        site_view: &SiteView,
        theme: Option<&Theme>,
    ) -> blake3::Hash {
        if !self.incremental {
            return blake3::Hash::from([0; 32]);
        }
        let mut h = blake3::Hasher::new();
        h.update(&serde_json::to_vec(site_view).unwrap_or_default());
        if let Some(theme) = theme {
            h.update(theme.fingerprint().as_bytes());
        }
        h.finalize()
    }

    /// Forgets the work of pages that are no longer in the site.
    pub(super) fn keep_only(&self, pages: &[Arc<SourcePage>]) {
        if self.incremental {
            self.retain(&pages.iter().map(|p| p.id.as_str()).collect());
        }
    }
}
