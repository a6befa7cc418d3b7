//! Worksheet PDF benchmarks (not tests: nothing here asserts a duration or a size).
//!
//! `cargo bench --bench pdf` makes PDFs of a two-page worksheet like the bundled ones, with
//! every text made unique so that Typst's memoized layouts never carry over between them:
//! - time: wall and CPU time per worksheet PDF, then for a combined PDF of five worksheets
//!   already made alone (the build's `worksheets-a4.pdf`);
//! - memory: resident memory after each of several "builds" of distinct worksheets (A4 and
//!   Letter each), with Typst's caches evicted after each as the build does; it should
//!   level off, not grow.
//!
//! Each runs in a process of its own, so one's caches do not count in the other's figures.
//! Options after `--`:
//!   --time                 only the time
//!   --memory               only the memory
//!   --sheets N             worksheet PDFs timed (default 60)
//!   --builds N             builds of the memory run (default 12), 20 worksheets each

#[path = "support/args.rs"]
mod args;
#[path = "support/sample_worksheet.rs"]
mod sample_worksheet;

use std::process::Command;
use std::time::Instant;

use kintsugi::i18n::Strings;
use kintsugi::paper::Paper;
use kintsugi::pdf::{evict_caches, PdfMaker};
use kintsugi::worksheet::{Block, SheetWords, Span, Worksheet};
use sample_worksheet::sample;

/// The allocator the `kintsugi` binary uses (src/main.rs), so figures match the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The sample with every text made unique, so no layout is cached.
fn distinct(i: usize) -> Worksheet {
    let mut sheet = sample(&format!("Sheet {i}"));
    let tag = |s: &mut String| s.push_str(&format!(" ({i})"));
    for block in &mut sheet.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => {
                text.iter_mut().for_each(|s| tag(&mut s.text))
            }
            Block::List { items, .. } => items.iter_mut().flatten().for_each(|s| tag(&mut s.text)),
            Block::Prompt { question, .. } | Block::Scale { question, .. } => tag(question),
            Block::Fields { labels: items }
            | Block::Table { columns: items, .. }
            | Block::Checklist { items } => items.iter_mut().for_each(tag),
        }
    }
    sheet
}

/// Resident memory of this process, in MiB (from /proc/self/status).
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// CPU time of this process, in seconds (from /proc/self/stat).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|t| t.parse::<f64>().ok()).sum()
    });
    ticks / 100.0
}

fn render(maker: &PdfMaker, sheets: &[&Worksheet], paper: Paper) {
    if let Err(problems) = maker.render(sheets, paper) {
        panic!("render failed: {problems:#?}");
    }
}

/// Memory stays flat over many builds of distinct worksheets.
fn memory(builds: usize) {
    let maker = PdfMaker::new();
    for build in 0..builds {
        for i in 0..20 {
            let sheet = distinct(build * 100 + i);
            render(&maker, &[&sheet], Paper::A4);
            render(&maker, &[&sheet], Paper::Letter);
        }
        evict_caches();
        println!("after build {build}: {:.0} MiB", rss_mib());
    }
}

fn time(count: usize) {
    let maker = PdfMaker::new();
    let sheets: Vec<Worksheet> = (0..count).map(distinct).collect();
    render(&maker, &[&sample("Warm-up")], Paper::A4);
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    for sheet in &sheets {
        render(&maker, &[sheet], Paper::A4);
    }
    let n = sheets.len() as f64;
    println!(
        "{:.1} ms wall, {:.1} ms CPU per two-page worksheet PDF (every text distinct)",
        wall.elapsed().as_secs_f64() * 1000.0 / n,
        (cpu_seconds() - cpu) * 1000.0 / n
    );
    let refs: Vec<&Worksheet> = sheets.iter().take(5).collect();
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    render(&maker, &refs, Paper::A4);
    println!(
        "combined PDF of {} of them, already rendered alone: {:.1} ms wall, {:.1} ms CPU",
        refs.len(),
        wall.elapsed().as_secs_f64() * 1000.0,
        (cpu_seconds() - cpu) * 1000.0
    );
}

fn main() {
    let args = args::Args::from_env();
    let number = |flag, default| {
        args.value(flag)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let sheets: usize = number("--sheets", 60);
    let builds: usize = number("--builds", 12);
    match (args.has("--time"), args.has("--memory")) {
        (true, false) => time(sheets),
        (false, true) => memory(builds),
        _ => {
            for probe in ["--time", "--memory"] {
                let exe = std::env::current_exe().expect("own path");
                let status = Command::new(exe)
                    .arg(probe)
                    .args(["--sheets", &sheets.to_string()])
                    .args(["--builds", &builds.to_string()])
                    .status()
                    .expect("run the probe");
                assert!(status.success(), "{probe} failed");
            }
        }
    }
}
