//! Real bibliography exports: every file under `tests/fixtures/exports/` (Better BibTeX,
//! JabRef and Mendeley exports; where each came from and under which licence is in
//! `SOURCES.md` there) becomes the bibliography of a one-page site whose page cites each of
//! its keys once, and `kintsugi check` runs on that site.
//!
//! Whatever a file holds, the check must end on its own with exit 0 or 1, never panic,
//! report every problem at the bibliography or at the page (never at a file the user did
//! not write), and never call a key unknown while its entry is in the file. Which files
//! pass and which fail, with their first error (and any citation that passed unrecognised),
//! is one snapshot, so a change in any file's outcome shows in review.

use crate::harness::{copy_dir, fixtures_dir, Site};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Longer than any file of the corpus needs by far: a run past it is stuck, not slow.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Where the site keeps its page and its bibliography, as diagnostics name them.
const PAGE: &str = "content/page.md";

#[test]
fn every_export_checks() {
    let corpus = fixtures_dir().join("exports");
    let mut files = corpus_files(&corpus);
    assert!(
        files.len() > 700,
        "the corpus shrank to {} files",
        files.len()
    );
    // Largest first, so no long run is left alone at the end.
    files.sort_by_key(|f| std::cmp::Reverse(fs::metadata(f).unwrap().len()));

    // Each run is a separate process; two at a time keep both cores busy.
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(files.len()));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let name = path
                    .strip_prefix(&corpus)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let checked = check_export(path);
                results.lock().unwrap().push((name, checked));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let problems: Vec<String> = results
        .iter()
        .flat_map(|(name, c)| c.problems.iter().map(move |p| format!("{name}: {p}")))
        .collect();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );

    let outcomes: Vec<String> = results
        .iter()
        .map(|(name, c)| format!("{name}: {}", c.outcome))
        .collect();
    insta::assert_snapshot!(outcomes.join("\n"));
}

/// Every bibliography file of the corpus (`.bib`, `.biblatex`, `.bibtex`, `.json`);
/// licences and notes are left out.
fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if bibliography_name(&path).is_some() {
                out.push(path);
            }
        }
    }
    out
}

/// The name the site gives a corpus file: BibTeX and BibLaTeX as `references.bib`,
/// CSL-JSON as `references.json`.
fn bibliography_name(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "bib" | "biblatex" | "bibtex" => Some("content/references.bib"),
        "json" => Some("content/references.json"),
        _ => None,
    }
}

/// What one file's check came to.
struct Checked {
    /// `ok`, `ok, but …` when citations of keys in the file were not recognised, or
    /// `N errors: <first error>`.
    outcome: String,
    /// Broken promises (a panic, an error at the wrong file, …), empty when all held.
    problems: Vec<String>,
}

/// Builds the one-page site for `export` and checks it.
fn check_export(export: &Path) -> Checked {
    let bib_name = bibliography_name(export).unwrap();
    let bytes = fs::read(export).unwrap();
    let keys = if bib_name.ends_with(".json") {
        csl_json_keys(&bytes)
    } else {
        bibtex_keys(&String::from_utf8_lossy(&bytes))
    };

    let site = Site::empty();
    copy_dir(&fixtures_dir().join("shared/starter"), site.root());
    fs::write(site.path(bib_name), &bytes).unwrap();
    site.write(PAGE, &page_citing(&keys));

    let mut problems = Vec::new();
    let Some((code, stderr)) = run_check(&site) else {
        return Checked {
            outcome: "timed out".to_string(),
            problems: vec![format!("`kintsugi check` ran past {TIMEOUT:?}")],
        };
    };
    if !matches!(code, Some(0 | 1)) || stderr.contains("panicked") {
        problems.push(format!("exit status {code:?}\n{stderr}"));
    }

    let mut errors = Vec::new();
    // Keys the page cites that the check calls cited nowhere: their citations were not
    // recognised and reach the page as raw text.
    let mut unrecognised = Vec::new();
    // Each diagnostic is a paragraph: its first line, the excerpt under it, a blank line.
    let headers = stderr
        .split("\n\n")
        .filter_map(|block| block.lines().next());
    for line in headers {
        if line.starts_with("error: build failed with ") {
            continue;
        }
        let Some((place, kind, message)) = split_header(line) else {
            problems.push(format!("a diagnostic that names no file: {line:?}"));
            continue;
        };
        let file = place.split(':').next().unwrap_or_default();
        if file != bib_name && file != PAGE {
            problems.push(format!("a {kind} at the wrong file: {line:?}"));
        }
        if let Some(key) = unknown_key(message) {
            if keys.iter().any(|k| k == key) {
                problems.push(format!(
                    "`{key}` is in the file but called unknown: {line:?}"
                ));
            }
        }
        if kind == "error" {
            errors.push(message);
        }
        if let Some(key) = uncited_key(message) {
            if keys.iter().any(|k| k == key) {
                unrecognised.push(key);
            }
        }
    }
    if code == Some(1) && errors.is_empty() {
        problems.push(format!("failed without an error\n{stderr}"));
    }

    let outcome = match errors.first() {
        None if unrecognised.is_empty() => "ok".to_string(),
        None => format!(
            "ok, but {} citation{} published unrecognised: `[@{{{}}}]`",
            unrecognised.len(),
            if unrecognised.len() == 1 { "" } else { "s" },
            unrecognised[0]
        ),
        Some(first) => format!(
            "{} error{}: {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            shorten(first.trim())
        ),
    };
    Checked { outcome, problems }
}

/// A page that cites each key once, in Pandoc's braced form, which takes any key.
fn page_citing(keys: &[String]) -> String {
    let mut page = String::from("---\ntitle: Every key\n---\n");
    for key in keys {
        page.push_str(&format!("\n[@{{{key}}}]\n"));
    }
    page
}

/// Runs `kintsugi check --root <site>`; its exit code and stderr, or None when it ran
/// past [`TIMEOUT`] (it is killed then). Output goes to files beside the site, so a
/// chatty run cannot block on a full pipe while it is being timed.
fn run_check(site: &Site) -> Option<(Option<i32>, String)> {
    let stdout = site.outer().join("stdout");
    let stderr = site.outer().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kintsugi"))
        .arg("check")
        .arg("--root")
        .arg(site.root())
        .current_dir(site.root())
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).unwrap())
        .stderr(File::create(&stderr).unwrap())
        .spawn()
        .expect("run kintsugi");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&fs::read(&stderr).unwrap()).into_owned();
    Some((status.code(), stderr))
}

/// `PLACE: KIND: MESSAGE` of a diagnostic's first line, where KIND is `error` or
/// `warning` and PLACE is a path with an optional `:line:col`.
fn split_header(line: &str) -> Option<(&str, &str, &str)> {
    ["error", "warning"].into_iter().find_map(|kind| {
        let (place, message) = line.split_once(&format!(": {kind}: "))?;
        (!place.is_empty() && !place.contains(' ')).then_some((place, kind, message))
    })
}

/// The key of an "unknown citation key `@key`" message, braces taken off.
fn unknown_key(message: &str) -> Option<&str> {
    let rest = message.split_once("unknown citation key `@")?.1;
    let key = rest.split('`').next()?;
    Some(
        key.strip_prefix('{')
            .and_then(|k| k.strip_suffix('}'))
            .unwrap_or(key),
    )
}

/// The key of a "reference `key` is cited nowhere" warning.
fn uncited_key(message: &str) -> Option<&str> {
    let key = message.strip_prefix("reference `")?;
    key.strip_suffix("` is cited nowhere")
}

/// The message cut to a snapshot line's length, on a character boundary.
fn shorten(message: &str) -> String {
    const MAX: usize = 150;
    match message.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message.to_string(),
    }
}

/// The keys of a BibTeX or BibLaTeX file, each once, in file order: the `key` of every
/// `@type{key,` or `@type(key,` that opens a line, leaving out `@string`, `@comment` and
/// `@preamble`. A key that holds a brace cannot be written in a braced citation and is
/// left out too. This is a scan, not a parser: it only has to find what to cite.
fn bibtex_keys(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut keys = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix('@') else {
            continue;
        };
        let type_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
            .unwrap_or(rest.len());
        let (entry_type, rest) = rest.split_at(type_end);
        let entry_type = entry_type.to_ascii_lowercase();
        if entry_type.is_empty() || ["string", "comment", "preamble"].contains(&&*entry_type) {
            continue;
        }
        let rest = rest.trim_start();
        let (rest, close) = if let Some(rest) = rest.strip_prefix('{') {
            (rest, '}')
        } else if let Some(rest) = rest.strip_prefix('(') {
            (rest, ')')
        } else {
            continue;
        };
        let key = rest.split([',', close]).next().unwrap_or_default().trim();
        if key.is_empty() || key.contains('{') {
            continue;
        }
        if seen.insert(key.to_string()) {
            keys.push(key.to_string());
        }
    }
    keys
}

/// The `id` of every item of a CSL-JSON file, each once, in file order; none when the
/// file is not a JSON array (the check then reports the file, and nothing is cited).
fn csl_json_keys(bytes: &[u8]) -> Vec<String> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(bytes) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    items
        .iter()
        .filter_map(|item| match item.get("id")? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|key| !key.is_empty() && !key.contains(['{', '}']) && seen.insert(key.clone()))
        .collect()
}

#[test]
fn the_key_scan_finds_entries_and_skips_macros() {
    let bib = "@String{jan = \"January\"}\n@comment{x,}\n  @Article{smith2020,\n\
               title={T}}\n@book(jones:2001-,\n@misc{ spaced , }\n@misc{smith2020,\n\
               @misc{paren(1),\n@misc{closed}\n";
    assert_eq!(
        bibtex_keys(bib),
        ["smith2020", "jones:2001-", "spaced", "paren(1)", "closed"]
    );
    let json = br#"[{"id": "a", "type": "book"}, {"id": 7}, {"type": "book"}]"#;
    assert_eq!(csl_json_keys(json), ["a", "7"]);
    assert!(csl_json_keys(b"{\"id\": \"x\"}").is_empty());
}
