//! Build benchmarks (not tests: nothing here asserts a duration).
//!
//! `cargo bench --bench build` generates synthetic sites of 1,000 and 10,000 pages with the
//! project's own generator (benches/support/corpus.rs) and times clean builds: median wall
//! time, pages per second and peak memory (VmHWM of a child process that does only the
//! build). The generated sites make no book PDFs (`print: {pdf: false}`): those are
//! `--bench print`'s. Options after `--`:
//!   --sizes 1000,10000     which sizes to generate and build
//!   --runs N               clean builds per size (default 5)
//!   --corpus DIR           build an existing site instead (e.g. from ../shared/tools/gen-corpus)
//!   --citations            200 pages with no citations vs the same with 1,000 citations
//!   --languages            1,000 pages in one language vs the same in three (every page
//!                          translated into `de` and `fr`): the time per page
//!   --out DIR              where the outputs go (default: target/tmp/bench-out; /dev/shm
//!                          for memory)
//!
//! Each build writes into a new folder, and the folders are removed only after all runs
//! of a size: on ext4, creating thousands of files soon after deleting thousands is slow
//! (the kernel skips recently freed inodes one by one), which would measure the previous
//! run's deletion rather than this build.

#[path = "support/args.rs"]
mod args;
#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/memory.rs"]
mod memory;

use std::path::{Path, PathBuf};

/// The allocator the `kintsugi` binary uses (src/main.rs), so figures match the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::Command;
use std::time::Instant;

/// Child mode: one clean build, then print `millis peak_kib pages` on stdout.
fn child(root: &Path, out: &Path) {
    let started = Instant::now();
    let report = kintsugi::build::build(&kintsugi::build::BuildOptions::new(root), out);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        for d in errors.iter().take(5) {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    let peak = memory::peak_kib();
    println!("{ms:.1} {peak} {}", report.stats.pages);
}

struct Run {
    ms: f64,
    peak_kib: u64,
    pages: usize,
}

fn run_once(root: &Path, out: &Path) -> Run {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .arg("--child")
        .arg(root)
        .arg(out)
        .output()
        .expect("run child build");
    if !output.status.success() {
        panic!(
            "build of {} failed:\n{}",
            root.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    Run {
        ms: parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0),
        peak_kib: parts.next().and_then(|s| s.parse().ok()).unwrap_or(0),
        pages: parts.next().and_then(|s| s.parse().ok()).unwrap_or(0),
    }
}

/// Median wall time in ms, and the pages built.
fn measure(label: &str, root: &Path, runs: usize, out: &Path) -> (f64, usize) {
    std::fs::create_dir_all(out).expect("create the output folder");
    let folders: Vec<tempfile::TempDir> = (0..runs)
        .map(|_| tempfile::tempdir_in(out).expect("create an output folder"))
        .collect();
    let mut results: Vec<Run> = (folders.iter())
        .map(|dir| run_once(root, &dir.path().join("public")))
        .collect();
    drop(folders);
    results.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    let median = &results[results.len() / 2];
    let peak = results.iter().map(|r| r.peak_kib).max().unwrap_or(0);
    println!(
        "{label}: {} pages, median {:.0} ms over {runs} clean builds ({:.0} pages/s), peak memory {:.0} MiB",
        median.pages,
        median.ms,
        median.pages as f64 / (median.ms / 1000.0),
        peak as f64 / 1024.0
    );
    (median.ms, median.pages)
}

/// A copy of the site at `from` in `dir` with every page translated (copied as is) into
/// each of `languages`, which `site.yaml` lists after the site's own.
fn translated(from: &Path, dir: &Path, languages: &[&str]) -> PathBuf {
    if dir.join("site.yaml").exists() {
        return dir.to_path_buf();
    }
    let _ = std::fs::remove_dir_all(dir);
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the corpus");
        let rel = entry.path().strip_prefix(from).expect("under the corpus");
        let to = dir.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("create a folder");
            continue;
        }
        std::fs::copy(entry.path(), &to).expect("copy a file");
        let name = rel.to_string_lossy();
        if name.starts_with("content") && name.ends_with(".md") && !name.ends_with("_notice.md") {
            for lang in languages {
                std::fs::copy(entry.path(), to.with_extension(format!("{lang}.md")))
                    .expect("copy a page");
            }
        }
    }
    let settings = std::fs::read_to_string(dir.join("site.yaml")).expect("read site.yaml");
    let own = settings
        .lines()
        .find_map(|l| l.strip_prefix("language:"))
        .map_or("en", str::trim)
        .to_string();
    let kept: Vec<&str> = (settings.lines())
        .filter(|l| !l.starts_with("language:"))
        .collect();
    let list = std::iter::once(own.as_str())
        .chain(languages.iter().copied())
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!("{}\nlanguages: [{list}]\n", kept.join("\n"));
    std::fs::write(dir.join("site.yaml"), text).expect("write site.yaml");
    dir.to_path_buf()
}

/// The generated site at `dir` (made once), with its book PDFs turned off: they are
/// `--bench print`'s, and would be most of these builds' time.
fn generated(dir: &Path, spec: corpus::Spec) -> PathBuf {
    let settings = dir.join("site.yaml");
    if !settings.exists() {
        let _ = std::fs::remove_dir_all(dir);
        corpus::generate(dir, &spec).expect("generate corpus");
    }
    let text = std::fs::read_to_string(&settings).expect("read site.yaml");
    if !text.contains("print:") {
        std::fs::write(&settings, format!("{text}print:\n  pdf: false\n"))
            .expect("write site.yaml");
    }
    dir.to_path_buf()
}

fn main() {
    let args = args::Args::from_env();
    if args.get(0) == Some("--child") {
        let (Some(root), Some(out)) = (args.get(1), args.get(2)) else {
            panic!("--child ROOT OUT");
        };
        child(Path::new(root), Path::new(out));
        return;
    }
    let runs: usize = args
        .value("--runs")
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-sites");
    let out = (args.value("--out").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-out"));
    if let Some(dir) = args.value("--corpus") {
        measure(&format!("corpus {dir}"), Path::new(&dir), runs, &out);
        return;
    }
    if args.has("--citations") {
        let spec = |cites| corpus::Spec {
            pages: 200,
            references: 100,
            section_size: 50,
            cites_per_page: cites,
            seed: 7,
        };
        let (without, _) = measure(
            "200 pages, 0 citations",
            &generated(&base.join("cite-0"), spec(0)),
            runs,
            &out,
        );
        let (with, _) = measure(
            "200 pages, 1,000 citations",
            &generated(&base.join("cite-5"), spec(5)),
            runs,
            &out,
        );
        println!(
            "citations add {:.0} ms ({:+.0}%)",
            with - without,
            (with / without - 1.0) * 100.0
        );
        return;
    }
    if args.has("--languages") {
        let one = generated(&base.join("pages-1000"), corpus::Spec::pages(1000));
        let three = translated(&one, &base.join("pages-1000-de-fr"), &["de", "fr"]);
        let per_page = |(ms, pages): (f64, usize)| ms / pages.max(1) as f64;
        let a = per_page(measure("1,000 pages, 1 language", &one, runs, &out));
        let b = per_page(measure("1,000 pages, 3 languages", &three, runs, &out));
        println!("per page: {a:.3} ms in one language, {b:.3} ms in three");
        return;
    }
    let sizes: Vec<usize> = args
        .value("--sizes")
        .unwrap_or("1000,10000")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for n in sizes {
        let spec = corpus::Spec::pages(n);
        let root = generated(&base.join(format!("pages-{n}")), spec);
        measure(
            &format!("synthetic {n}"),
            &root,
            if n >= 10_000 { runs.min(3) } else { runs },
            &out,
        );
    }
}
