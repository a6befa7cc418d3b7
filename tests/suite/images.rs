//! Images: `![alt](src)` beside a page or under `static/` is published and linked with its
//! width and height; a missing or corrupt one is an error at its line, one without alt text
//! a warning unless marked decorative; wide PNGs and JPEGs get resized variants and a
//! `srcset`, cached in `.kintsugi/cache/images/` between builds. The images are made here
//! with the `image` crate; their sizes are read back with it from the published files.

use crate::harness::{hrefs, list_files, Site};
use kintsugi::build::{build_in_memory, BuildCache, BuildOptions};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

const PAGE: &str = "content/steps/a.md";
const PHOTO_LINE: &str = "![A hand on a shoulder](photo.jpg)";

/// Writes a `w`×`h` image at `rel` in the site, in the format its extension names, with
/// a gradient so the encoders have something to do.
fn image(site: &Site, rel: &str, w: u32, h: u32) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let pixels = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    pixels
        .save(&path)
        .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// The fixture with the two images its page shows: a 400×300 photo beside the page and a
/// 64×32 logo in static/.
fn site() -> Site {
    let site = Site::fixture("images/basic");
    image(&site, "content/steps/photo.jpg", 400, 300);
    image(&site, "static/logo.png", 64, 32);
    image(&site, "content/worksheets/chairs.png", 120, 90);
    site
}

/// Every `<img …>` of a page's `<main>`.
fn imgs(html: &str) -> Vec<String> {
    html.split("<img ")
        .skip(1)
        .map(|s| format!("<img {}", &s[..=s.find('>').unwrap()]))
        .collect()
}

/// The pixel size of a published file.
fn size_of(site: &Site, rel: &str) -> (u32, u32) {
    let path = site.path("public").join(rel);
    image::image_dimensions(&path).unwrap_or_else(|e| panic!("size of {}: {e}", path.display()))
}

#[test]
fn an_image_beside_its_page_and_one_in_static_are_published_and_linked_with_their_size() {
    let site = site();
    site.write(
        "content/steps/notes.txt",
        "an author's notes, not for the web",
    );
    // The only warning is the worksheet's (see the last tests).
    site.build()
        .success()
        .stderr_lacks("content/steps/a.md")
        .stderr_has("warning: the worksheet's PDF leaves out");
    assert_eq!(
        imgs(&site.main_of("steps/a/index.html")),
        [
            r#"<img src="/steps/photo.jpg" alt="A hand on a shoulder" width="400" height="300" loading="lazy" decoding="async">"#,
            r#"<img src="/logo.png" alt="The logo" width="64" height="32" loading="lazy" decoding="async">"#,
        ]
    );
    assert_eq!(
        std::fs::read(site.path("public/steps/photo.jpg")).unwrap(),
        std::fs::read(site.path("content/steps/photo.jpg")).unwrap()
    );
    assert_eq!(size_of(&site, "logo.png"), (64, 32));
    // Only the images pages show leave content/: not notes, not the Markdown.
    let published = list_files(&site.path("public"));
    for kept in ["steps/notes.txt", "steps/a.md", "steps/_index.md"] {
        assert!(!published.iter().any(|p| p == kept), "{kept} was published");
    }
}

#[test]
fn with_a_base_url_that_has_a_path_images_link_as_pages_do() {
    let site = site();
    site.run(&["build", "--base-url", "https://test.example/guide/"])
        .success();
    let main = site.main_of("steps/a/index.html");
    let to_b = hrefs(&main)
        .into_iter()
        .find(|h| h.ends_with("steps/b/"))
        .expect("the link to page B");
    // The page's links and its images share one form, whatever the base URL's path.
    let photo = to_b.replace("steps/b/", "steps/photo.jpg");
    assert!(
        main.contains(&format!("<img src=\"{photo}\"")),
        "{photo} in\n{main}"
    );
    assert!(site.has_output(photo.trim_start_matches('/')));
}

#[test]
fn a_missing_image_is_an_error_at_its_line_with_a_did_you_mean() {
    let site = site();
    site.patch(PAGE, "(photo.jpg)", "(phot.jpg)");
    let run = site.build();
    run.errors(1);
    run.diag(
        "content/steps/a.md:7:1: error: image not found: `phot.jpg` (no file content/steps/phot.jpg)",
    )
    .source(7, "![A hand on a shoulder](phot.jpg)")
    .caret(1)
    .hint("did you mean `photo.jpg`?");
    assert!(
        !site.has_output("index.html"),
        "a failed build publishes nothing"
    );
}

#[test]
fn a_missing_static_image_suggests_the_static_file() {
    let site = site();
    site.patch(PAGE, "(/logo.png)", "(/logos.png)");
    site.build()
        .errors(1)
        .diag("content/steps/a.md:9:1: error: image not found: `/logos.png` (no file static/logos.png)")
        .hint("did you mean `/logo.png`?");
}

#[test]
fn an_image_path_out_of_content_is_an_error() {
    let site = site();
    site.patch(PAGE, "(photo.jpg)", "(../../../photo.jpg)");
    site.build()
        .errors(1)
        .diag("content/steps/a.md:7:1: error: the image `../../../photo.jpg` is outside the site's folders")
        .source(7, "![A hand on a shoulder](../../../photo.jpg)");
}

#[test]
fn an_image_without_alt_text_is_a_warning_at_its_line() {
    let site = site();
    site.patch(PAGE, PHOTO_LINE, "![](photo.jpg)");
    let run = site.build();
    run.success();
    run.diag("content/steps/a.md:7:1: warning: the image `photo.jpg` has no alt text")
        .source(7, "![](photo.jpg)")
        .hint("![](photo.jpg \"\")");
    let img = &imgs(&site.main_of("steps/a/index.html"))[0];
    assert!(!img.contains("alt="), "not marked decorative: {img}");
}

#[test]
fn a_decorative_image_says_so_with_an_empty_title_and_gets_no_warning() {
    let site = site();
    site.patch(PAGE, PHOTO_LINE, "![](photo.jpg \"\")");
    site.build().success().stderr_lacks("content/steps/a.md");
    assert_eq!(
        imgs(&site.main_of("steps/a/index.html"))[0],
        r#"<img src="/steps/photo.jpg" alt="" width="400" height="300" loading="lazy" decoding="async">"#
    );
}

#[test]
fn a_corrupt_image_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "content/steps/photo.jpg",
        "not a JPEG, whatever the name says",
    );
    site.build()
        .errors(1)
        .diag_starting(
            "content/steps/a.md:7:1: error: cannot read the image `content/steps/photo.jpg`: ",
        )
        .source(7, PHOTO_LINE);
}

#[test]
fn an_image_in_static_and_one_in_content_at_the_same_url_is_an_error() {
    let site = site();
    image(&site, "static/steps/photo.jpg", 10, 10);
    site.build().errors(1).diag(
        "content/steps/photo.jpg: error: `content/steps/photo.jpg` and `static/steps/photo.jpg` would both be published at `/steps/photo.jpg`: rename or remove one",
    );
}

/// The fixture with a wide PNG beside the page and a wide JPEG in static/ in place of the
/// photo and the logo.
fn wide_site() -> Site {
    let site = site();
    image(&site, "content/steps/wide.png", 2000, 1000);
    image(&site, "static/hero.jpg", 1200, 900);
    site.patch(PAGE, PHOTO_LINE, "![A wide view](wide.png)");
    site.patch(PAGE, "![The logo](/logo.png)", "![A hero](/hero.jpg)");
    site
}

#[test]
fn wide_images_get_resized_variants_and_a_srcset() {
    let site = wide_site();
    site.build().success();
    let imgs = imgs(&site.main_of("steps/a/index.html"));
    assert_eq!(
        imgs,
        [
            r#"<img src="/steps/wide.png" alt="A wide view" width="2000" height="1000" srcset="/steps/wide-480w.png 480w, /steps/wide-960w.png 960w, /steps/wide-1440w.png 1440w, /steps/wide.png 2000w" sizes="(min-width: 45rem) 45rem, 100vw" loading="lazy" decoding="async">"#,
            r#"<img src="/hero.jpg" alt="A hero" width="1200" height="900" srcset="/hero-480w.jpg 480w, /hero-960w.jpg 960w, /hero.jpg 1200w" sizes="(min-width: 45rem) 45rem, 100vw" loading="lazy" decoding="async">"#,
        ]
    );
    for (file, size) in [
        ("steps/wide.png", (2000, 1000)),
        ("steps/wide-480w.png", (480, 240)),
        ("steps/wide-960w.png", (960, 480)),
        ("steps/wide-1440w.png", (1440, 720)),
        ("hero.jpg", (1200, 900)),
        ("hero-480w.jpg", (480, 360)),
        ("hero-960w.jpg", (960, 720)),
    ] {
        assert_eq!(size_of(&site, file), size, "{file}");
    }
    assert_eq!(
        image::ImageReader::open(site.path("public/hero-960w.jpg"))
            .unwrap()
            .with_guessed_format()
            .unwrap()
            .format(),
        Some(image::ImageFormat::Jpeg),
        "a variant keeps its original's format"
    );
    assert!(
        !site.has_output("hero-1440w.jpg"),
        "no variant wider than 4/5 of the original"
    );
}

/// Each file of the variant cache with its inode and modification time.
fn cache_state(site: &Site) -> BTreeMap<String, (u64, i64, i64)> {
    let dir = site.path(".kintsugi/cache/images");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

#[test]
fn a_second_build_takes_the_variants_from_the_cache() {
    let site = wide_site();
    site.build().success();
    let first = cache_state(&site);
    assert_eq!(first.len(), 5, "3 PNG and 2 JPEG variants: {first:?}");
    assert!(first
        .keys()
        .all(|k| !k.ends_with(".tmp") && k.contains("w.")));
    site.build().success();
    // A variant made again would be a new file renamed over the old: a new inode.
    assert_eq!(cache_state(&site), first, "the cache was written again");
    assert_eq!(size_of(&site, "steps/wide-960w.png"), (960, 480));
    // A changed image is a new key: its variants are made again, the hero's kept as they
    // were, and the old image's variants, which no page shows any more, leave the cache.
    image(&site, "content/steps/wide.png", 1200, 1200);
    site.build().success();
    let third = cache_state(&site);
    let kept: Vec<_> = first
        .iter()
        .filter(|(k, v)| third.get(*k) == Some(v))
        .collect();
    assert_eq!(
        kept.len(),
        2,
        "the hero's variants stay untouched: {third:?}"
    );
    assert!(kept.iter().all(|(k, _)| k.ends_with(".jpg")), "{kept:?}");
    assert_eq!(
        third.len(),
        4,
        "two new variants for the new image, the old image's three gone: {third:?}"
    );
    assert_eq!(size_of(&site, "steps/wide-480w.png"), (480, 480));
}

#[test]
fn a_failed_build_leaves_the_variant_cache_alone() {
    let site = wide_site();
    site.build().success();
    let first = cache_state(&site);
    // The page now shows no image, and the build fails: nothing is pruned.
    site.patch(PAGE, "![A wide view](wide.png)", "[@nobody]");
    site.build().code(1);
    assert_eq!(cache_state(&site), first);
}

#[test]
fn check_validates_images_and_makes_no_variants() {
    let site = wide_site();
    site.run(&["check"]).success();
    assert!(!site.path(".kintsugi").exists(), "check wrote the cache");
    site.patch(PAGE, "(wide.png)", "(wid.png)");
    site.run(&["check"])
        .code(1)
        .stderr_has("did you mean `wide.png`?");
}

#[test]
fn an_image_on_a_worksheet_is_shown_and_its_pdf_leaving_it_out_is_a_warning() {
    let site = site();
    let run = site.build();
    run.success();
    run.diag(
        "content/worksheets/sheet.md:7:1: warning: the worksheet's PDF leaves out the image `chairs.png`",
    );
    assert!(site
        .main_of("worksheets/sheet/index.html")
        .contains(r#"<img src="/worksheets/chairs.png" alt="Two chairs facing each other" width="120" height="90""#));
}

#[test]
fn the_notices_image_is_published_and_its_pdfs_leaving_it_out_is_a_warning() {
    let site = site();
    image(&site, "content/sign.png", 40, 20);
    site.write(
        "content/_notice.md",
        "**Before you begin:** ![A stop sign](sign.png)\n",
    );
    let run = site.build();
    run.success();
    run.diag(
        "content/_notice.md:1:23: warning: the worksheet PDFs leave out the notice's image `sign.png`",
    );
    assert_eq!(size_of(&site, "sign.png"), (40, 20));
    assert!(site.output("index.html").contains(
        r#"<img src="/sign.png" alt="A stop sign" width="40" height="20" loading="lazy" decoding="async">"#
    ));
}

#[test]
fn serve_builds_in_memory_with_images_and_sees_an_image_change() {
    let site = wide_site();
    let opts = BuildOptions::new(site.root());
    let opts = BuildOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..opts
    };
    let cache = BuildCache::incremental();
    let (files, report) = build_in_memory(&opts, &cache);
    let files = files
        .unwrap_or_else(|| panic!("{:?}", report.diagnostics))
        .into_files();
    for file in ["steps/wide.png", "steps/wide-1440w.png", "hero-480w.jpg"] {
        assert!(files.contains_key(file), "{file} not in the memory site");
    }
    let variant = image::load_from_memory(&files["steps/wide-480w.png"]).unwrap();
    assert_eq!((variant.width(), variant.height()), (480, 240));
    // The page's Markdown is unchanged, so serve's cache holds it; the image is not.
    image(&site, "content/steps/wide.png", 600, 300);
    let (files, report) = build_in_memory(&opts, &cache);
    let files = files
        .unwrap_or_else(|| panic!("{:?}", report.diagnostics))
        .into_files();
    let page = String::from_utf8_lossy(&files["steps/a/index.html"]).into_owned();
    assert!(
        page.contains(
            r#"width="600" height="300" srcset="/steps/wide-480w.png 480w, /steps/wide.png 600w""#
        ),
        "{page}"
    );
    // A removed image is an error at once, not a stale page.
    std::fs::remove_file(site.path("content/steps/wide.png")).unwrap();
    let (files, report) = build_in_memory(&opts, &cache);
    assert!(files.is_none());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.path == Path::new("content/steps/a.md") && d.line == 7),
        "{:?}",
        report.diagnostics
    );
}
