//! Images as build output. Answers what the Markdown adaptor asks of an image file (its
//! format, its size from the header alone, its version), once per build however many pages
//! show it ([`ImageProbes`]); then publishes the images the pages show ([`publish`]): the
//! originals from `content/`, and each wide PNG or JPEG's resized variants for `srcset`,
//! made in parallel and kept between builds in `.kintsugi/cache/images/` by content hash
//! and width, so an unchanged image is never encoded twice. Owns reading, resizing,
//! encoding and that cache; not the `<img>` markup nor the variants' widths and names
//! (`markdown::images`).
//!
//! Only the images pages show are published from `content/`, not every file in it:
//! `content/` also holds the bibliography and whatever an author keeps beside a page
//! (notes, drafts' pictures, sources of a figure), which must not go online for being
//! there. A file to publish as it is belongs in `static/`.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::images::{
    variant_path, variant_widths, ImageFiles, ImageFormat, ImageSource, Probe,
};
use crate::output::Sink;
use anyhow::Context as _;
use bytes::Bytes;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Where resized variants are kept between builds, relative to the site folder: beside the
/// PDF manifest, never in the published output.
pub const CACHE_DIR: &str = ".kintsugi/cache/images";

/// JPEG variants' quality: visually close to a camera's original at a third of the bytes.
const JPEG_QUALITY: u8 = 82;

/// How variants are made: part of every cache key, so a change here makes them again.
const RECIPE: &[u8] = b"kintsugi image variants 1: lanczos3, jpeg q82, png default";

/// The site's image files as the Markdown adaptor sees them, each read once per build.
pub struct ImageProbes {
    root: PathBuf,
    probes: Mutex<HashMap<ImageSource, Arc<OnceLock<Probe>>>>,
    candidates: OnceLock<Vec<ImageSource>>,
}

impl ImageProbes {
    pub fn new(root: &Path) -> Self {
        ImageProbes {
            root: root.to_path_buf(),
            probes: Mutex::default(),
            candidates: OnceLock::new(),
        }
    }

    fn file(&self, source: &ImageSource) -> PathBuf {
        self.root.join(source.folder()).join(source.path())
    }
}

impl ImageFiles for ImageProbes {
    fn probe(&self, source: &ImageSource) -> Probe {
        // One cell per file: pages that show the same image wait for one read of it.
        let cell = (self.probes.lock().unwrap_or_else(|e| e.into_inner()))
            .entry(source.clone())
            .or_default()
            .clone();
        cell.get_or_init(|| probe_file(&self.file(source))).clone()
    }

    fn candidates(&self) -> Vec<ImageSource> {
        (self.candidates.get_or_init(|| {
            let mut all = Vec::new();
            for (folder, make) in [
                ("content", ImageSource::Content as fn(String) -> ImageSource),
                ("static", ImageSource::Static),
            ] {
                let dir = self.root.join(folder);
                for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                    let Ok(entry) = entry else { continue };
                    let Ok(rel) = entry.path().strip_prefix(&dir) else {
                        continue;
                    };
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let unpublished = folder == "content"
                        && (rel.ends_with(".md")
                            || rel.split('/').any(|s| s.starts_with(['_', '.'])));
                    if entry.file_type().is_file() && !unpublished {
                        all.push(make(rel));
                    }
                }
            }
            all
        }))
        .clone()
    }
}

/// A file's version for `serve`: its length and modification time.
fn stamp(meta: &std::fs::Metadata) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    meta.len().hash(&mut h);
    meta.modified().ok().hash(&mut h);
    h.finish() | 1
}

/// What the file at `file` is, from its header only (an SVG is read whole).
pub fn probe_file(file: &Path) -> Probe {
    let meta = match std::fs::metadata(file) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Probe::Missing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Probe::Missing,
        Err(e) => {
            return Probe::Unreadable {
                reason: e.to_string(),
                stamp: 1,
            }
        }
    };
    let stamp = stamp(&meta);
    let unreadable = |reason: String| Probe::Unreadable { reason, stamp };
    match ImageFormat::from_path(&file.to_string_lossy()) {
        ImageFormat::Svg => match std::fs::read(file) {
            Ok(bytes) => Probe::Found {
                format: ImageFormat::Svg,
                size: svg_size(&String::from_utf8_lossy(&bytes)),
                stamp,
            },
            Err(e) => unreadable(e.to_string()),
        },
        ImageFormat::Other => Probe::Found {
            format: ImageFormat::Other,
            size: None,
            stamp,
        },
        _ => match raster_header(file) {
            Ok((format, size)) => Probe::Found {
                format,
                size: Some(size),
                stamp,
            },
            Err(reason) => unreadable(reason),
        },
    }
}

/// The format (from the bytes, so a PNG named `.jpg` is still read) and the size as shown,
/// turned by the EXIF orientation a camera wrote, of a raster image; or why it cannot be
/// read.
fn raster_header(file: &Path) -> Result<(ImageFormat, (u32, u32)), String> {
    let reader = ImageReader::open(file)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(image::ImageFormat::Png) => ImageFormat::Png,
        Some(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Some(image::ImageFormat::Gif) => ImageFormat::Gif,
        Some(image::ImageFormat::WebP) => ImageFormat::WebP,
        _ => return Err("not a PNG, JPEG, GIF or WebP image".into()),
    };
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let size = match decoder.orientation() {
        Ok(o) if swaps_axes(o) => (h, w),
        _ => (w, h),
    };
    if size.0 == 0 || size.1 == 0 {
        return Err("the image has no pixels".into());
    }
    Ok((format, size))
}

fn swaps_axes(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// An SVG's size from its root element: plain `width` and `height` (in pixels, with or
/// without `px`), else its `viewBox`; None for anything else (`100%`, `10em`).
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().last();
            rest = &rest[at + name.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let value = rest.trim_start().strip_prefix('=')?.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &value[1..];
            return value.find(quote).map(|end| &value[..end]);
        }
    };
    let pixels = |v: &str| -> Option<f64> {
        let n: f64 = v.trim().trim_end_matches("px").trim().parse().ok()?;
        (n.is_finite() && n > 0.0).then_some(n)
    };
    let round = |n: f64| (n.round() as u32).max(1);
    if let (Some(w), Some(h)) = (
        attr("width").and_then(pixels),
        attr("height").and_then(pixels),
    ) {
        return Some((round(w), round(h)));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ',', '\t', '\n'])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            Some((round(w), round(h)))
        }
        _ => None,
    }
}

/// What publishing the images did, for the timings and the tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    /// Originals copied from `content/` (those in `static/` are copied with it).
    pub originals: usize,
    /// Variants resized and encoded in this build.
    pub made: usize,
    /// Variants taken from the cache.
    pub reused: usize,
    /// The cache's files this build used (made or reused).
    cached: Vec<PathBuf>,
}

/// Publishes the images pages show, `used`, into `sink`: each original from `content/`,
/// then each one's variants (from the cache, or made and cached), one image per task.
/// Nothing is read or made when the sink keeps nothing (`check`). Problems go to `diags`
/// at the image's file: a page's problems with an image were reported where it is shown.
/// When every image was published, the cache keeps only the variants this build used, so
/// it does not grow with every image an author replaces.
pub fn publish(
    used: &BTreeSet<ImageSource>,
    probes: &ImageProbes,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Published {
    if !sink.keeps_files() {
        return Published::default();
    }
    let cache = probes.root.join(CACHE_DIR);
    let results: Vec<Result<Published, Diagnostic>> = (used.iter().collect::<Vec<_>>())
        .par_iter()
        .map(|source| {
            publish_one(source, probes, &cache, sink)
                .map_err(|e| Diagnostic::error(source.shown(), format!("{e:#}")))
        })
        .collect();
    let mut total = Published::default();
    let mut failed = false;
    for result in results {
        match result {
            Ok(p) => {
                total.originals += p.originals;
                total.made += p.made;
                total.reused += p.reused;
                total.cached.extend(p.cached);
            }
            Err(d) => {
                failed = true;
                diags.push(d);
            }
        }
    }
    if !failed {
        prune(&cache, &total.cached);
    }
    total
}

/// Removes the files of the variant cache `dir` that are not in `keep`. Best effort: a file
/// that cannot be removed only stays.
fn prune(dir: &Path, keep: &[PathBuf]) {
    let keep: BTreeSet<&Path> = keep.iter().map(PathBuf::as_path).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file()) && !keep.contains(path.as_path()) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn publish_one(
    source: &ImageSource,
    probes: &ImageProbes,
    cache: &Path,
    sink: &dyn Sink,
) -> anyhow::Result<Published> {
    let mut done = Published::default();
    // Missing or unreadable: an error where a page shows it.
    let Probe::Found { format, size, .. } = probes.probe(source) else {
        return Ok(done);
    };
    let widths = size.map_or_else(Vec::new, |(w, _)| variant_widths(format, w));
    let bytes = match source {
        ImageSource::Content(_) => {
            done.originals += 1;
            copy_original(source, probes, sink)?
        }
        // The original is copied with the rest of static/.
        ImageSource::Static(_) if widths.is_empty() => return Ok(done),
        ImageSource::Static(_) => read(&probes.file(source))?,
    };
    let Some((width, height)) = size.filter(|_| !widths.is_empty()) else {
        return Ok(done);
    };
    let mut key = blake3::Hasher::new();
    key.update(RECIPE).update(&bytes);
    let key = key.finalize().to_hex();
    let ext = source.path().rsplit_once('.').map_or("img", |(_, e)| e);
    let mut decoded: Option<DynamicImage> = None;
    for w in widths {
        let cached = cache.join(format!("{}-{w}w.{ext}", &key[..32]));
        let variant = match std::fs::read(&cached) {
            Ok(bytes) => {
                done.reused += 1;
                bytes
            }
            Err(_) => {
                let image = match &mut decoded {
                    Some(image) => image,
                    None => decoded.insert(decode(&bytes)?),
                };
                let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2)
                    / u64::from(width))
                .max(1) as u32;
                let encoded = encode(&image.resize_exact(w, h, FilterType::Lanczos3), format)?;
                crate::output::write_atomically(&cached, &encoded)?;
                done.made += 1;
                encoded
            }
        };
        sink.put(&variant_path(source.path(), w), Bytes::from(variant))?;
        done.cached.push(cached);
    }
    Ok(done)
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

/// Copies a `content/` image to its place in the output; returns its bytes. A file of the
/// same path in `static/` would be published at the same URL: an error, not a coin toss.
fn copy_original(
    source: &ImageSource,
    probes: &ImageProbes,
    sink: &dyn Sink,
) -> anyhow::Result<Vec<u8>> {
    let clash = probes.root.join("static").join(source.path());
    if clash.is_file() {
        anyhow::bail!(
            "`{}` and `static/{}` would both be published at `/{}`: rename or remove one",
            source.shown(),
            source.path(),
            source.path()
        );
    }
    let bytes = read(&probes.file(source))?;
    sink.put(source.path(), Bytes::from(bytes.clone()))?;
    Ok(bytes)
}

/// The whole image, turned upright by its EXIF orientation (the variants carry no EXIF).
fn decode(bytes: &[u8]) -> anyhow::Result<DynamicImage> {
    let reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut decoder = reader
        .into_decoder()
        .context("cannot read the image to resize it")?;
    let orientation = decoder.orientation().ok();
    let mut image =
        DynamicImage::from_decoder(decoder).context("cannot read the image to resize it")?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    Ok(image)
}

fn encode(image: &DynamicImage, format: ImageFormat) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder)
        }
        _ => image.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png),
    }
    .context("cannot encode a resized variant")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        let svg = |attrs: &str| format!("<?xml version=\"1.0\"?>\n<svg xmlns=\"x\" {attrs}>");
        assert_eq!(
            svg_size(&svg("width=\"120\" height='80.4px'")),
            Some((120, 80))
        );
        assert_eq!(
            svg_size(&svg("width=\"100%\" viewBox=\"0 0 24 12\"")),
            Some((24, 12))
        );
        assert_eq!(
            svg_size(&svg("stroke-width=\"2\" viewBox=\"0,0,10,5\"")),
            Some((10, 5))
        );
        assert_eq!(svg_size(&svg("width=\"10em\" height=\"2em\"")), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn probes_read_the_header_and_name_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        image::RgbImage::new(30, 20).save(&png).unwrap();
        assert!(matches!(
            probe_file(&png),
            Probe::Found {
                format: ImageFormat::Png,
                size: Some((30, 20)),
                ..
            }
        ));
        let bad = dir.path().join("b.jpg");
        std::fs::write(&bad, "not an image at all").unwrap();
        assert!(matches!(probe_file(&bad), Probe::Unreadable { .. }));
        assert_eq!(probe_file(&dir.path().join("c.png")), Probe::Missing);
        let other = dir.path().join("d.avif");
        std::fs::write(&other, "x").unwrap();
        assert!(matches!(
            probe_file(&other),
            Probe::Found {
                format: ImageFormat::Other,
                size: None,
                ..
            }
        ));
    }
}
