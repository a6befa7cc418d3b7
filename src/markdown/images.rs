//! Image adaptor: owns `![alt](src "title")` on a page. Resolves the file (beside the page
//! in `content/`, or under `static/` for `/x.png`), reports a missing, unreadable or
//! unpublishable one as an error and a missing alt text as a warning at its line, and
//! writes the `<img>`: its URL, `width`/`height`, lazy loading and the `srcset` of its
//! resized variants. Reads no file itself: the build's [`ImageFiles`] says what a file is
//! and the build publishes the files this adaptor reports as used. Also owns the variants'
//! widths and names, which the build follows when it makes them.

use super::links::{is_external, percent_decode, relative_from, resolve};
use super::{Ev, PageInput};
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::suggest::closest;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::fmt::Write;

/// The widths of the resized variants, in pixels: a phone, a tablet or a laptop at 1x,
/// and the text column at 2x. A raster image gets each one that is at least a fifth
/// narrower than itself (see [`variant_widths`]).
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1440];

/// How wide an image is shown, for `sizes`: the theme's text column (`--measure`, 70ch
/// of the body font, about 45rem) on a wide screen, the whole viewport on a narrow one.
pub const SIZES: &str = "(min-width: 45rem) 45rem, 100vw";

/// What kind of file an image is, as far as the build treats them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    WebP,
    Svg,
    /// Any other file (AVIF, BMP, …): published as is, without a size.
    Other,
}

impl ImageFormat {
    /// The format a file's extension names.
    pub fn from_path(path: &str) -> ImageFormat {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        match ext.to_ascii_lowercase().as_str() {
            "png" => ImageFormat::Png,
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "gif" => ImageFormat::Gif,
            "webp" => ImageFormat::WebP,
            "svg" => ImageFormat::Svg,
            _ => ImageFormat::Other,
        }
    }

    /// Whether resized variants are made: PNG and JPEG only. A GIF may be animated (a
    /// resized frame would lose the animation), and the image crate writes WebP only
    /// losslessly, which would often make a photo's variant larger than the original.
    pub fn has_variants(self) -> bool {
        matches!(self, ImageFormat::Png | ImageFormat::Jpeg)
    }
}

/// Where an image's file is among the site's sources. Both kinds are published at the same
/// path under the site: `content/steps/a.jpg` and `static/steps/a.jpg` at `/steps/a.jpg`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ImageSource {
    /// A path relative to `content/`, with `/` separators.
    Content(String),
    /// A path relative to `static/`, with `/` separators.
    Static(String),
}

impl ImageSource {
    /// The path inside its folder, which is also its path in the output.
    pub fn path(&self) -> &str {
        match self {
            ImageSource::Content(p) | ImageSource::Static(p) => p,
        }
    }

    /// The folder of the site that holds it.
    pub fn folder(&self) -> &'static str {
        match self {
            ImageSource::Content(_) => "content",
            ImageSource::Static(_) => "static",
        }
    }

    /// The file as diagnostics show it: `content/steps/a.jpg`.
    pub fn shown(&self) -> String {
        format!("{}/{}", self.folder(), self.path())
    }
}

/// What the build found at an image's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// The file, its format and its size (None when it cannot be told: an SVG without
    /// plain `width`/`height` or `viewBox`, or a format the build does not read).
    Found {
        format: ImageFormat,
        size: Option<(u32, u32)>,
        stamp: u64,
    },
    Missing,
    /// The file is there but is not an image of its kind (why, in words).
    Unreadable {
        reason: String,
        stamp: u64,
    },
}

impl Probe {
    /// Identifies the file's version (its size and modification time) so `serve` knows
    /// when a page that shows it must be rendered again; 0 when it is missing.
    pub fn stamp(&self) -> u64 {
        match self {
            Probe::Found { stamp, .. } | Probe::Unreadable { stamp, .. } => *stamp,
            Probe::Missing => 0,
        }
    }
}

/// What the build knows of the site's image files (it reads them; this module does not).
pub trait ImageFiles: Sync {
    fn probe(&self, source: &ImageSource) -> Probe;
    /// Every file an image could name, for a "did you mean" (asked only on a miss).
    fn candidates(&self) -> Vec<ImageSource>;
}

/// An image a page shows from the site's own files, for the build to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    pub source: ImageSource,
    /// The file's [`Probe::stamp`] when the page was rendered.
    pub stamp: u64,
    /// Byte offset of the image in the page's file.
    pub offset: usize,
}

/// The widths of `format`'s resized variants for an image `width` pixels wide: those of
/// [`VARIANT_WIDTHS`] at least a fifth narrower than the image, so each saves at least a
/// third of its pixels.
pub fn variant_widths(format: ImageFormat, width: u32) -> Vec<u32> {
    if !format.has_variants() {
        return Vec::new();
    }
    (VARIANT_WIDTHS.iter().copied())
        .filter(|w| u64::from(*w) * 5 <= u64::from(width) * 4)
        .collect()
}

/// The path of the variant `width` pixels wide, beside the original:
/// `steps/photo.jpg` -> `steps/photo-480w.jpg`.
pub fn variant_path(path: &str, width: u32) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}-{width}w.{ext}"),
        _ => format!("{name}-{width}w"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// A site path as a URL path: everything but unreserved characters and `/` escaped.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Whether the image's source text gives an explicit empty title (`![](x.jpg "")`, also
/// `''` or `()`), which marks an image decorative. pulldown-cmark gives an empty title
/// for no title too, so this reads the source.
pub fn has_empty_title(source: &str) -> bool {
    let Some(inner) = source.trim_end().strip_suffix(')') else {
        return false;
    };
    let inner = inner.trim_end();
    ["\"\"", "''", "()"].iter().any(|empty| {
        inner
            .strip_suffix(empty)
            .is_some_and(|before| before.ends_with(char::is_whitespace))
    })
}

/// Where an image's `src` points among the site's files, or why it cannot.
pub(super) fn locate(dir: &str, path: &str) -> Result<ImageSource, (String, &'static str)> {
    let (resolved, make): (_, fn(String) -> ImageSource) = match path.strip_prefix('/') {
        Some(rest) => (resolve("", rest), ImageSource::Static),
        None => (resolve(dir, path), ImageSource::Content),
    };
    let Some(resolved) = resolved.filter(|r| !r.is_empty()) else {
        return Err((
            format!("the image `{path}` is outside the site's folders"),
            "an image beside a page is a path relative to its file (`photo.jpg`, \
             `../images/photo.jpg`) and may not climb out of content/; `/photo.jpg` is \
             static/photo.jpg",
        ));
    };
    let source = make(resolved);
    if let ImageSource::Content(p) = &source {
        if p.split('/').any(|s| s.starts_with(['_', '.'])) {
            return Err((
                format!("the image `{path}` is in a file or folder kintsugi does not publish"),
                "files and folders of content/ whose names start with `_` or `.` are never \
                 published: rename it, or put it in static/",
            ));
        }
        if p.ends_with(".md") {
            return Err((
                format!("the image `{path}` is a Markdown file"),
                "Markdown files are pages, never published as they are: link to the page \
                 with `[text](page.md)` instead",
            ));
        }
    }
    Ok(source)
}

pub struct Images<'p, I> {
    inner: I,
    page: &'p PageInput<'p>,
    pub images: Vec<ImageUse>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'p, I> Images<'p, I> {
    pub fn new(inner: I, page: &'p PageInput<'p>) -> Self {
        Images {
            inner,
            page,
            images: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// One image as written: where it points, its title and alt text, where it is.
struct Written<'s> {
    dest: &'s str,
    title: &'s str,
    alt: String,
    /// Byte offset in the page body.
    offset: usize,
    /// Whether the source marks it decorative (see [`has_empty_title`]).
    decorative: bool,
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Images<'p, I> {
    /// The alt text: the plain text of the events up to the image's end (as pulldown-cmark
    /// writes it, markup dropped).
    fn alt_text(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0;
        for (event, _) in self.inner.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                    alt.push_str(&t)
                }
                Event::InlineMath(t) | Event::DisplayMath(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }

    fn diagnostic(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        d.at_offset(self.page.text, self.page.body_start + offset)
    }

    fn error(&mut self, offset: usize, message: String, hint: String) {
        let d = Diagnostic::error(self.page.path, message).with_hint(hint);
        let d = self.diagnostic(d, offset);
        self.diagnostics.push(d);
    }

    fn warning(&mut self, offset: usize, message: String, hint: &str) {
        let d = Diagnostic::warning(self.page.path, message).with_hint(hint);
        let d = self.diagnostic(d, offset);
        self.diagnostics.push(d);
    }

    /// The "did you mean" for a missing file, as the page would write it.
    fn missing_hint(&self, source: &ImageSource) -> String {
        let Some(files) = self.page.images else {
            return String::new();
        };
        let candidates = files.candidates();
        let names: Vec<String> = candidates.iter().map(ImageSource::shown).collect();
        let near = closest(&source.shown(), names.iter().map(String::as_str));
        let near = near.and_then(|n| candidates.iter().find(|c| c.shown() == n));
        match near {
            Some(ImageSource::Content(p)) => format!(
                "did you mean `{}`? an image's path is relative to its page's file",
                relative_from(self.page.dir(), p)
            ),
            Some(ImageSource::Static(p)) => {
                format!("did you mean `/{p}`? a path starting with `/` is a file of static/")
            }
            None => "put the image beside the page in content/ and write its file name \
                     (`photo.jpg`), or in static/ and write `/photo.jpg`"
                .into(),
        }
    }

    /// The `<img>` of one image, and its checks.
    fn img(&mut self, image: Written<'_>) -> String {
        let Written {
            dest,
            title,
            alt,
            offset,
            decorative,
        } = image;
        let mut src = dest.to_string();
        let mut size = None;
        let mut variants: Vec<(String, u32)> = Vec::new();
        let own = !dest.is_empty() && !is_external(dest) && !dest.starts_with('#');
        if let (true, Some(files)) = (own, self.page.images) {
            let split = dest.find(['?', '#']).unwrap_or(dest.len());
            let (path, suffix) = dest.split_at(split);
            match locate(self.page.dir(), &percent_decode(path)) {
                Err((message, hint)) => self.error(offset, message, hint.into()),
                Ok(source) => {
                    let probe = files.probe(&source);
                    self.images.push(ImageUse {
                        source: source.clone(),
                        stamp: probe.stamp(),
                        offset: self.page.body_start + offset,
                    });
                    match probe {
                        Probe::Missing => {
                            let hint = self.missing_hint(&source);
                            self.error(
                                offset,
                                format!("image not found: `{dest}` (no file {})", source.shown()),
                                hint,
                            );
                        }
                        Probe::Unreadable { reason, .. } => self.error(
                            offset,
                            format!("cannot read the image `{}`: {reason}", source.shown()),
                            "replace it with a PNG, JPEG, GIF, WebP or SVG file that opens \
                             in an image viewer"
                                .into(),
                        ),
                        Probe::Found {
                            format,
                            size: found,
                            ..
                        } => {
                            size = found;
                            if let Some((width, _)) = found {
                                variants = variant_widths(format, width)
                                    .into_iter()
                                    .map(|w| (url_path(&variant_path(source.path(), w)), w))
                                    .collect();
                            }
                        }
                    }
                    src = format!("{}{suffix}", url_path(source.path()));
                }
            }
        }
        let alt_text = alt.trim();
        if alt_text.is_empty() && !decorative {
            self.warning(
                offset,
                format!("the image `{dest}` has no alt text"),
                "describe what the image shows between the brackets: `![A hand on a \
                 shoulder](photo.jpg)`; an image that only decorates takes an empty alt and \
                 an empty title, `![](photo.jpg \"\")`, and screen readers skip it",
            );
        }
        if self.page.worksheet {
            self.warning(
                offset,
                format!("the worksheet's PDF leaves out the image `{dest}`"),
                "the image is shown on the page only: if filling in the worksheet needs it, \
                 say what it shows in the text too",
            );
        }
        let mut h = format!("<img src=\"{}\"", escape(&src));
        if !alt_text.is_empty() || decorative {
            let _ = write!(h, " alt=\"{}\"", escape(alt_text));
        }
        if !title.is_empty() {
            let _ = write!(h, " title=\"{}\"", escape(title));
        }
        if let Some((w, hgt)) = size {
            let _ = write!(h, " width=\"{w}\" height=\"{hgt}\"");
            if !variants.is_empty() {
                variants.push((src.clone(), w));
                let srcset: Vec<String> = (variants.iter())
                    .map(|(url, w)| format!("{url} {w}w"))
                    .collect();
                let _ = write!(
                    h,
                    " srcset=\"{}\" sizes=\"{}\"",
                    escape(&srcset.join(", ")),
                    SIZES
                );
            }
        }
        h.push_str(" loading=\"lazy\" decoding=\"async\">");
        h
    }
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Iterator for Images<'p, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        let (event, range) = self.inner.next()?;
        let Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            ..
        }) = event
        else {
            return Some((event, range));
        };
        let alt = self.alt_text();
        let source = self.page.body().get(range.clone()).unwrap_or_default();
        let decorative = matches!(link_type, LinkType::Inline) && has_empty_title(source);
        let html = self.img(Written {
            dest: &dest_url,
            title: &title,
            alt,
            offset: range.start,
            decorative,
        });
        Some((Event::InlineHtml(html.into()), range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::Path;

    /// Image files as a map from source to probe; anything else is missing.
    struct Files(Vec<(ImageSource, Probe)>);

    impl ImageFiles for Files {
        fn probe(&self, source: &ImageSource) -> Probe {
            (self.0.iter())
                .find(|(s, _)| s == source)
                .map_or(Probe::Missing, |(_, p)| p.clone())
        }
        fn candidates(&self) -> Vec<ImageSource> {
            self.0.iter().map(|(s, _)| s.clone()).collect()
        }
    }

    fn found(format: ImageFormat, w: u32, h: u32) -> Probe {
        Probe::Found {
            format,
            size: Some((w, h)),
            stamp: 7,
        }
    }

    fn files() -> Files {
        Files(vec![
            (
                ImageSource::Content("steps/photo.jpg".into()),
                found(ImageFormat::Jpeg, 400, 300),
            ),
            (
                ImageSource::Content("steps/wide.png".into()),
                found(ImageFormat::Png, 2000, 1000),
            ),
            (
                ImageSource::Static("logo.svg".into()),
                Probe::Found {
                    format: ImageFormat::Svg,
                    size: None,
                    stamp: 1,
                },
            ),
            (
                ImageSource::Content("steps/broken.png".into()),
                Probe::Unreadable {
                    reason: "not a PNG".into(),
                    stamp: 2,
                },
            ),
        ])
    }

    fn render(body: &str, worksheet: bool) -> super::super::Rendered {
        let text = format!("---\ntitle: t\n---\n{body}");
        let urls = HashMap::new();
        let files = files();
        let strings = crate::i18n::Strings::english();
        let page = PageInput {
            path: Path::new("content/steps/a.md"),
            worksheet,
            images: Some(&files),
            chapter: None,
            ..PageInput::for_test("steps/a.md", &text, body.len(), &urls, &strings)
        };
        super::super::render(&page)
    }

    #[test]
    fn a_relative_image_resolves_beside_the_page_and_gets_its_size() {
        let r = render("![A *hand* on a `shoulder`](photo.jpg)\n", false);
        assert_eq!(
            r.html,
            "<p><img src=\"/steps/photo.jpg\" alt=\"A hand on a shoulder\" width=\"400\" \
             height=\"300\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.images,
            [ImageUse {
                source: ImageSource::Content("steps/photo.jpg".into()),
                stamp: 7,
                offset: 17,
            }]
        );
    }

    #[test]
    fn a_rooted_image_is_a_static_file_and_externals_are_left_alone() {
        let r = render(
            "![Logo](/logo.svg) ![Map](https://e.org/m.png) ![Dot](data:image/png;base64,AA==)\n",
            false,
        );
        assert!(
            r.html
                .contains("<img src=\"/logo.svg\" alt=\"Logo\" loading"),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"https://e.org/m.png\" alt=\"Map\""));
        assert!(r.html.contains("src=\"data:image/png;base64,AA==\""));
        assert_eq!(r.images.len(), 1);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn a_wide_raster_image_gets_a_srcset_of_its_variants() {
        let r = render("![Wide](wide.png)\n", false);
        assert!(
            r.html.contains(
                "width=\"2000\" height=\"1000\" srcset=\"/steps/wide-480w.png 480w, \
                 /steps/wide-960w.png 960w, /steps/wide-1440w.png 1440w, /steps/wide.png 2000w\" \
                 sizes=\"(min-width: 45rem) 45rem, 100vw\""
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn missing_and_unreadable_images_are_errors_at_their_place() {
        let r = render(
            "Text.\n\nSee ![A photo](phot.jpg) and ![B](broken.png).\n",
            false,
        );
        let errors: Vec<_> = (r.diagnostics.iter())
            .map(|d| (d.line, d.col, d.message.as_str(), d.hint.clone().unwrap()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].0, errors[0].1), (6, 5));
        assert_eq!(
            errors[0].2,
            "image not found: `phot.jpg` (no file content/steps/phot.jpg)"
        );
        assert!(errors[0].3.starts_with("did you mean `photo.jpg`?"));
        assert_eq!((errors[1].0, errors[1].1), (6, 30));
        assert!(errors[1].2.contains("not a PNG"));
    }

    #[test]
    fn paths_out_of_content_and_unpublished_files_are_errors() {
        for src in ["../../x.png", "_drafts/x.png", "../a.md", "/../x.png"] {
            let r = render(&format!("![X]({src})\n"), false);
            assert_eq!(r.diagnostics.len(), 1, "{src}: {:?}", r.diagnostics);
            assert!(r.diagnostics[0].is_error());
            assert!(r.images.is_empty());
        }
    }

    #[test]
    fn no_alt_text_is_a_warning_unless_the_image_says_it_is_decorative() {
        let r = render("![](photo.jpg)\n", false);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(!r.diagnostics[0].is_error());
        assert!(r.diagnostics[0].message.contains("no alt text"));
        assert!(!r.html.contains("alt="), "{}", r.html);
        for decorative in [
            "![](photo.jpg \"\")",
            "![](photo.jpg '')",
            "![](photo.jpg ())",
            "![]( photo.jpg  \"\" )",
        ] {
            let r = render(&format!("{decorative}\n"), false);
            assert!(
                r.diagnostics.is_empty(),
                "{decorative}: {:?}",
                r.diagnostics
            );
            assert!(r.html.contains(" alt=\"\" "), "{}", r.html);
        }
        // A title that is not empty is a title, not a mark.
        let r = render("![](photo.jpg \"A title\")\n", false);
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn decorative_marks_are_read_from_the_source() {
        assert!(has_empty_title("![](x.jpg \"\")"));
        assert!(has_empty_title("![](<x y.jpg> '')"));
        assert!(!has_empty_title("![](x.jpg)"));
        assert!(!has_empty_title("![](x\"\".jpg)"));
        assert!(!has_empty_title("![](x.jpg \"t\")"));
        assert!(!has_empty_title("![][ref]"));
    }

    #[test]
    fn alt_and_title_are_escaped() {
        let r = render("![a & <tag>](photo.jpg 'x<\"y')\n", false);
        assert!(
            r.html
                .contains("alt=\"a &amp; &lt;tag&gt;\" title=\"x&lt;&quot;y\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn file_names_are_escaped_in_the_url() {
        let files = Files(vec![(
            ImageSource::Content("a b&c.png".into()),
            found(ImageFormat::Png, 10, 10),
        )]);
        let body = "![X](<a b&c.png>)\n";
        let text = format!("---\ntitle: t\n---\n{body}");
        let urls = HashMap::new();
        let strings = crate::i18n::Strings::english();
        let page = PageInput {
            path: Path::new("content/a.md"),
            images: Some(&files),
            chapter: None,
            ..PageInput::for_test("a.md", &text, body.len(), &urls, &strings)
        };
        let r = super::super::render(&page);
        assert!(r.html.contains("src=\"/a%20b%26c.png\""), "{}", r.html);
    }

    #[test]
    fn a_worksheet_image_is_a_warning_as_its_pdf_leaves_it_out() {
        let r = render("![A photo](photo.jpg)\n", true);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("PDF leaves out"));
        assert!(r.worksheet.is_empty(), "{:?}", r.worksheet);
    }

    #[test]
    fn variants_are_named_and_chosen_by_width() {
        assert_eq!(variant_path("steps/photo.jpg", 480), "steps/photo-480w.jpg");
        assert_eq!(variant_path("photo.v2.png", 960), "photo.v2-960w.png");
        assert_eq!(variant_path(".hidden", 480), ".hidden-480w");
        assert_eq!(variant_widths(ImageFormat::Jpeg, 600), [480]);
        assert_eq!(variant_widths(ImageFormat::Jpeg, 599), Vec::<u32>::new());
        assert_eq!(variant_widths(ImageFormat::Png, 1800), [480, 960, 1440]);
        assert!(variant_widths(ImageFormat::Gif, 4000).is_empty());
        assert!(variant_widths(ImageFormat::Svg, 4000).is_empty());
    }
}
