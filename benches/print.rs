//! Print edition benchmarks (not tests: nothing here asserts a duration).
//!
//! `cargo bench --bench print` builds the bundled site and a synthetic site of 1,000 pages
//! (the project's own generator, benches/support/corpus.rs) with the book PDFs left for
//! later, as `serve` leaves them, then makes the books, A4 then Letter as a build does:
//! the build's wall time (which includes the `/print/` page), each book's wall time, the
//! book's pages and the peak memory (VmHWM of a child process that does only this).
//! Options after `--`:
//!   --sizes 1000           which synthetic sizes to generate (default 1000; 0 for none)
//!   --corpus DIR           an existing site instead (e.g. from ../shared/tools/gen-corpus)

#[path = "support/args.rs"]
mod args;
#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/memory.rs"]
mod memory;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The allocator the `kintsugi` binary uses (src/main.rs), so figures match the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Child mode: one build into memory with the books left for later, then the books;
/// prints `build_ms book_ms... | pages peak_kib` on stdout.
fn child(root: &Path) {
    let opts = kintsugi::build::BuildOptions {
        defer_books: true,
        ..kintsugi::build::BuildOptions::new(root)
    };
    let cache = kintsugi::build::BuildCache::default();
    let started = Instant::now();
    let (site, report) = kintsugi::build::build_in_memory(&opts, &cache);
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    if site.is_none() {
        for d in report.diagnostics.iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    let mut times = Vec::new();
    let mut pages = 0;
    for book in &report.deferred {
        let started = Instant::now();
        let pdf = book.make(&cache.pdfs).unwrap_or_else(|d| panic!("{d}"));
        times.push(format!(
            "{}:{:.0}",
            book.paper.name(),
            started.elapsed().as_secs_f64() * 1000.0
        ));
        pages = count_pages(&pdf);
    }
    let peak = memory::peak_kib();
    println!("{build_ms:.0} {} {pages} {peak}", times.join(","));
}

/// The page count of a PDF Typst wrote: its page tree's `/Count`.
fn count_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    (text.match_indices("/Type/Pages"))
        .filter_map(|(at, _)| {
            let rest = &text[at..];
            let count = rest.split("/Count ").nth(1)?;
            count
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

fn measure(label: &str, root: &Path) {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .arg("--child")
        .arg(root)
        .output()
        .expect("run the child");
    if !output.status.success() {
        panic!(
            "{label}: the build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [build_ms, books, pages, peak] = parts[..] else {
        panic!("{label}: unexpected child output {text:?}");
    };
    let peak: f64 = peak.parse().unwrap_or(0.0);
    println!(
        "{label}: build (with /print/) {build_ms} ms; book PDFs ({pages} pages each): {} ms; peak memory {:.0} MiB",
        books.replace(',', " ms, "),
        peak / 1024.0
    );
}

fn main() {
    let args = args::Args::from_env();
    if args.get(0) == Some("--child") {
        child(Path::new(args.get(1).expect("--child ROOT")));
        return;
    }
    if let Some(dir) = args.value("--corpus") {
        measure(&format!("corpus {dir}"), Path::new(dir));
        return;
    }
    measure("bundled site", Path::new(env!("CARGO_MANIFEST_DIR")));
    let sizes = args.value("--sizes").unwrap_or("1000");
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-sites");
    for size in sizes.split(',').filter_map(|s| s.parse::<usize>().ok()) {
        if size == 0 {
            continue;
        }
        let root = base.join(format!("print-{size}"));
        if !root.join("site.yaml").exists() {
            let _ = std::fs::remove_dir_all(&root);
            corpus::generate(&root, &corpus::Spec::pages(size)).expect("generate the site");
        }
        measure(&format!("{size} pages"), &root);
    }
}
