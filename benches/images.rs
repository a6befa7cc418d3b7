//! Image benchmark (not a test: nothing here asserts a duration).
//!
//! `cargo bench --bench images` generates a site of 40 pages showing 20 distinct images
//! (10 JPEG photos-to-be of 2400×1600 and 10 PNG drawings-to-be of 1600×1000, each shown on
//! two pages), then times a build with an empty variant cache (every variant resized and
//! encoded) and builds with the cache from the first (every variant read back). Options
//! after `--`:
//!   --runs N    builds with a warm cache (default 5)

#[path = "support/args.rs"]
mod args;

use kintsugi::build::{build, BuildOptions};
use std::path::Path;
use std::time::Instant;

/// The allocator the `kintsugi` binary uses (src/main.rs), so figures match the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A deterministic picture with detail, so the encoders have real work to do.
fn picture(w: u32, h: u32, seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let v = (x / 7 * 31 + y / 5 * 17 + seed * 101) ^ (x * y / 97);
        image::Rgb([
            (x * 255 / w) as u8,
            (v % 251) as u8,
            ((y * 255 / h) as u8).wrapping_add(seed as u8 * 20),
        ])
    })
}

fn site(root: &Path) {
    let photos = root.join("content/photos");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "title: Images\nbase_url: https://bench.example/\n",
    )
    .unwrap();
    std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
    std::fs::write(photos.join("_index.md"), "---\ntitle: Photos\n---\n").unwrap();
    for i in 0..10 {
        picture(2400, 1600, i)
            .save(photos.join(format!("p{i}.jpg")))
            .unwrap();
        picture(1600, 1000, i + 10)
            .save(photos.join(format!("g{i}.png")))
            .unwrap();
    }
    for n in 0..40 {
        let i = n % 10;
        std::fs::write(
            photos.join(format!("page{n}.md")),
            format!(
                "---\ntitle: Page {n}\n---\n\n![Photo {i}](p{i}.jpg)\n\n![Drawing {i}](g{i}.png)\n"
            ),
        )
        .unwrap();
    }
}

fn timed_build(root: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    let report = build(&BuildOptions::new(root), out);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if report.has_errors() {
        for d in &report.diagnostics {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    ms
}

fn main() {
    let args = args::Args::from_env();
    let runs: usize = args.value("--runs").map_or(5, |v| v.parse().unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site(&root);
    let cold = timed_build(&root, &tmp.path().join("out-cold"));
    let mut warm: Vec<f64> = (0..runs)
        .map(|r| timed_build(&root, &tmp.path().join(format!("out-{r}"))))
        .collect();
    warm.sort_by(f64::total_cmp);
    let variants = std::fs::read_dir(root.join(".kintsugi/cache/images"))
        .map(|d| d.count())
        .unwrap_or(0);
    println!("40 pages, 20 images, {variants} variants");
    println!("empty cache: {cold:.0} ms");
    println!(
        "warm cache: median {:.0} ms of {runs} (min {:.0}, max {:.0})",
        warm[warm.len() / 2],
        warm[0],
        warm[warm.len() - 1]
    );
}
