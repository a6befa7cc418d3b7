//! Citation formatting benchmark (not a test: nothing here asserts a duration).
//!
//! `cargo bench --bench cite` formats a synthetic bibliography of 1,000 references and
//! 20,000 citations (plain, with a page locator, two works, suppressed author), twice:
//! once where every work has two look-alikes (the worst case: every citation is rendered
//! with its peers to get the year suffixes right) and once with distinct authors. For
//! each it prints the time to parse the bibliography, to prepare the APA formatter, and to
//! format every citation on one thread and on all threads, with a cold and a warm cache.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use kintsugi::cite::{parse_bracketed, Bibliography, Cluster, Styler};
use rayon::prelude::*;

/// The allocator the `kintsugi` binary uses (src/main.rs), so figures match the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SURNAMES: [&str; 10] = [
    "Smith", "Jones", "Garcia", "Chen", "Okafor", "Novak", "Rossi", "Kim", "Haddad", "Larsen",
];

/// 1,000 journal articles in hayagriva YAML; with `look_alikes`, every first author and
/// year pair is shared by three works.
fn bibliography(look_alikes: bool) -> String {
    let mut yaml = String::new();
    for i in 0..1000 {
        let (first, second) = if look_alikes {
            (SURNAMES[i % 10].to_string(), SURNAMES[(i / 10) % 10])
        } else {
            (format!("{}{i}", SURNAMES[i % 10]), SURNAMES[(i / 10) % 10])
        };
        let _ = write!(
            yaml,
            "ref{i}:\n  type: article\n  title: Study number {i} of trust\n  author: [\"{first}, A.\", \"{second}, B.\"]\n  date: {}\n  page-range: {}-{}\n  parent:\n    type: periodical\n    title: Journal of Tests\n    volume: {}\n",
            1990 + i % 30,
            i,
            i + 9,
            i % 40
        );
    }
    yaml
}

/// 20,000 citations of the four kinds, spread over the bibliography.
fn clusters() -> Vec<Cluster> {
    (0..20_000usize)
        .map(|n| {
            let a = (n * 7919) % 1000;
            let b = (n * 104_729) % 1000;
            let inner = match n % 4 {
                0 => format!("@ref{a}"),
                1 => format!("@ref{a}, p. {}", n % 300),
                2 => format!("see @ref{a}; @ref{b}"),
                _ => format!("-@ref{a}"),
            };
            parse_bracketed(&inner)
                .expect("a well-formed citation")
                .expect("a citation")
        })
        .collect()
}

fn main() {
    let clusters = clusters();
    let render_all = |styler: &Styler| {
        let t = Instant::now();
        let bytes: usize = (clusters.par_iter())
            .map(|cluster| styler.cluster_html(cluster, "cite-1", "/references/").len())
            .sum();
        (t.elapsed(), bytes)
    };
    for look_alikes in [true, false] {
        let yaml = bibliography(look_alikes);
        println!("look-alike works: {look_alikes}");
        let t = Instant::now();
        let path = Path::new("content/references.yaml");
        let (bib, diagnostics) = Bibliography::parse(Some((path, &yaml)), None);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        println!("  Bibliography::parse, 1000 references: {:?}", t.elapsed());
        let t = Instant::now();
        let styler = Styler::new(&bib, "apa", "en-US").expect("apa loads");
        println!(
            "  Styler::new, 1000 references: {:?} ({} diagnostics)",
            t.elapsed(),
            styler.diagnostics().len()
        );
        let t = Instant::now();
        let mut bytes = 0;
        for (n, cluster) in clusters.iter().enumerate() {
            bytes += styler
                .cluster_html(cluster, &format!("cite-{n}"), "/references/")
                .len();
        }
        println!(
            "  20,000 cluster_html calls, one thread, cold cache: {:?} ({bytes} bytes)",
            t.elapsed()
        );
        let (warm, _) = render_all(&styler);
        let fresh = Styler::new(&bib, "apa", "en-US").expect("apa loads");
        let (cold, _) = render_all(&fresh);
        println!(
            "  20,000 cluster_html calls, {} threads: cold cache {cold:?}, warm cache {warm:?}",
            rayon::current_num_threads()
        );
    }
}
