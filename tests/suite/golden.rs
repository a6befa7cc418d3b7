//! Citations compared with what Pandoc's citeproc prints for the same page, bibliography and
//! CSL style: the golden files of `tests/fixtures/citations/pandoc-golden/` (its README.md
//! says how they were made). For each style and input type the fixture site is built with the
//! real binary, and each citation's visible text, each entry of the page's reference list and
//! the list's order are compared with the golden lines.
//!
//! A line may differ only if a checked-in note of the fixture says so:
//! `known-differences.txt` for a difference that stays (the note holds kintsugi's text
//! exactly, so any change shows up), `pending.txt` for a feature in progress and `bugs.txt`
//! for a kintsugi bug (those lines must still differ; the test fails once one matches, so
//! that its note is removed). A citation that kintsugi rejects, or one citing a work whose
//! entry it rejects, counts as kintsugi's text `error: MESSAGE`; the site is then built again
//! without it, so the other lines are still compared.
//!
//! Another style of the fixture is compared by adding a test that calls [`check`] and its
//! pairs to [`CHECKED`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::citations::{citations, visible};
use crate::harness::{element_with, fixtures_dir, Site};

const FIXTURE: &str = "citations/pandoc-golden";

/// The input types: the name in the golden files' names, and the bibliography file.
const INPUTS: [(&str, &str); 2] = [
    ("csl-json", "references.json"),
    ("bibtex", "references.bib"),
];

#[test]
fn apa_from_csl_json_matches_pandoc() {
    check("apa", "csl-json");
}

#[test]
fn apa_from_bibtex_matches_pandoc() {
    check("apa", "bibtex");
}

#[test]
fn chicago_author_date_from_csl_json_matches_pandoc() {
    check("chicago-author-date", "csl-json");
}

#[test]
fn chicago_author_date_from_bibtex_matches_pandoc() {
    check("chicago-author-date", "bibtex");
}

#[test]
fn ieee_from_csl_json_matches_pandoc() {
    check("ieee", "csl-json");
}

#[test]
fn ieee_from_bibtex_matches_pandoc() {
    check("ieee", "bibtex");
}

#[test]
fn vancouver_from_csl_json_matches_pandoc() {
    check("vancouver", "csl-json");
}

#[test]
fn vancouver_from_bibtex_matches_pandoc() {
    check("vancouver", "bibtex");
}

/// The styles and inputs compared by the tests above: every note must name one of them.
const CHECKED: [(&str, &str); 8] = [
    ("apa", "csl-json"),
    ("apa", "bibtex"),
    ("chicago-author-date", "csl-json"),
    ("chicago-author-date", "bibtex"),
    ("ieee", "csl-json"),
    ("ieee", "bibtex"),
    ("vancouver", "csl-json"),
    ("vancouver", "bibtex"),
];

/// Every note names a line of a golden file that a test compares, and says what Pandoc
/// prints there.
#[test]
fn every_note_names_a_compared_golden_line() {
    let mut problems = Vec::new();
    for file in ["known-differences.txt", "pending.txt", "bugs.txt"] {
        for (place, note) in read_notes(file) {
            let Some((name, line)) = place.rsplit_once(':') else {
                problems.push(format!("{file}: `{place}` is not FILE:LINE"));
                continue;
            };
            let checked = CHECKED
                .iter()
                .any(|(style, input)| name.starts_with(&format!("{style}.{input}.")));
            if !checked {
                problems.push(format!("{file}: {place}: no test compares {name}"));
                continue;
            }
            let golden = golden_lines(name);
            let text = match line {
                "order" if name.ends_with(".references.txt") => Some(reference_order(&golden)),
                _ => (line.parse::<usize>().ok())
                    .and_then(|n| golden.get(n.wrapping_sub(1)))
                    .map(|l| {
                        l.split_once('\t')
                            .map_or(l.as_str(), |(_, t)| t)
                            .to_string()
                    }),
            };
            if text.as_deref() != Some(note.pandoc.as_str()) {
                problems.push(format!(
                    "{file}: {place}: the note says Pandoc prints\n  {}\nbut the golden line is\n  {}",
                    note.pandoc,
                    text.as_deref().unwrap_or("(none)")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Builds the fixture site with `style` and the bibliography of `input`, compares every
/// golden line, and fails on each difference that the notes do not explain (or explain
/// wrongly), printing a note ready to fill in.
fn check(style: &str, input: &str) {
    let compared = compare(style, input);
    let prefix = format!("{style}.{input}.");
    let notes = |file: &str| -> BTreeMap<String, Note> {
        (read_notes(file).into_iter())
            .filter(|(place, _)| place.starts_with(&prefix))
            .collect()
    };
    let known = notes("known-differences.txt");
    // Lines that must still differ: features in progress, and kintsugi bugs.
    let waiting = [
        ("pending.txt", notes("pending.txt")),
        ("bugs.txt", notes("bugs.txt")),
    ];
    let mut problems = Vec::new();
    let mut matching = 0;
    let mut still_waiting: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for case in &compared {
        let place = &case.place;
        let same = case.kintsugi == case.pandoc;
        let mut noted_in: Vec<&str> = (waiting.iter())
            .filter(|(_, notes)| notes.contains_key(place))
            .map(|(file, _)| *file)
            .collect();
        if let Some(note) = known.get(place) {
            noted_in.push("known-differences.txt");
            if same {
                problems.push(format!(
                    "{place} now matches Pandoc: remove it from known-differences.txt"
                ));
            } else if note.kintsugi != case.kintsugi {
                problems.push(format!(
                    "{place} changed: known-differences.txt says kintsugi prints\n  {}\nbut it prints\n  {}",
                    note.kintsugi, case.kintsugi
                ));
            }
        }
        match noted_in.as_slice() {
            [] if same => matching += 1,
            [] => problems.push(format!(
                "{place} differs from Pandoc. If that is right, note it in known-differences.txt:\n\n{place}\n  pandoc: {}\n  kintsugi: {}\n  why: …\n",
                case.pandoc, case.kintsugi
            )),
            ["known-differences.txt"] => {}
            [file] if same => problems.push(format!(
                "{place} now matches Pandoc: remove it from {file}"
            )),
            [file] => still_waiting
                .entry(file)
                .or_default()
                .push(format!("  {place}: {}", case.kintsugi)),
            files => problems.push(format!(
                "{place} is noted in {}: keep one",
                files.join(" and ")
            )),
        }
    }
    let places: BTreeSet<&String> = compared.iter().map(|c| &c.place).collect();
    let all = waiting.iter().map(|(file, notes)| (*file, notes));
    for (file, notes) in all.chain([("known-differences.txt", &known)]) {
        for place in notes.keys().filter(|p| !places.contains(p)) {
            problems.push(format!("{file}: {place} is no line that was compared"));
        }
    }
    // The report: how far kintsugi is from Pandoc, and what still waits for a fix.
    let count = |file: &str| still_waiting.get(file).map_or(0, Vec::len);
    eprintln!(
        "{style} from {input}: {matching} lines match Pandoc, {} known differences, {} pending, {} kintsugi bugs",
        known.len(),
        count("pending.txt"),
        count("bugs.txt"),
    );
    for (file, lines) in &still_waiting {
        eprintln!("still different, in {file}:\n{}", lines.join("\n"));
    }
    assert!(
        problems.is_empty(),
        "{style} from {input}:\n{}",
        problems.join("\n")
    );
}

/// One compared line: where it is (`apa.csl-json.citations.txt:7`), Pandoc's text and
/// kintsugi's.
struct Case {
    place: String,
    pandoc: String,
    kintsugi: String,
}

/// A note of `known-differences.txt` or `pending.txt`.
#[derive(Debug)]
struct Note {
    pandoc: String,
    /// Checked in `known-differences.txt`; in `pending.txt` and `bugs.txt`, what kintsugi
    /// printed when the note was written (those lines need only differ).
    kintsugi: String,
}

/// The notes of `file`, by place. A note is a block of lines: the place
/// (`GOLDEN-FILE:LINE`), then `  pandoc: …`, `  kintsugi: …` and `  why: …`; blocks are
/// separated by blank lines, and lines starting with `#` are comments.
fn read_notes(file: &str) -> BTreeMap<String, Note> {
    let path = fixture_path(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut notes = BTreeMap::new();
    let lines = text.lines().filter(|l| !l.starts_with('#'));
    let mut block: Vec<&str> = Vec::new();
    for line in lines.chain([""]) {
        if !line.trim().is_empty() {
            block.push(line);
            continue;
        }
        let Some((place, fields)) = block.split_first() else {
            continue;
        };
        let field = |name: &str| {
            let prefix = format!("  {name}: ");
            let values: Vec<&str> = fields
                .iter()
                .filter_map(|l| l.strip_prefix(&prefix))
                .collect();
            assert_eq!(
                values.len(),
                1,
                "{file}: {place}: expected one `{name}:` line"
            );
            values[0].to_string()
        };
        // Every note says why; the reason is for readers, not compared.
        field("why");
        let note = Note {
            pandoc: field("pandoc"),
            kintsugi: field("kintsugi"),
        };
        assert!(
            notes.insert(place.to_string(), note).is_none(),
            "{file}: {place} is noted twice"
        );
        block.clear();
    }
    notes
}

fn fixture_path(rel: &str) -> PathBuf {
    fixtures_dir().join(FIXTURE).join(rel)
}

/// The lines of a golden file (`golden/NAME`).
fn golden_lines(name: &str) -> Vec<String> {
    let path = fixture_path(&format!("golden/{name}"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::to_string).collect()
}

/// The keys of a golden reference list (`KEY<TAB>TEXT` lines), in order, one space apart.
fn reference_order(lines: &[String]) -> String {
    let keys: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once('\t').map_or(l.as_str(), |(k, _)| k))
        .collect();
    keys.join(" ")
}

/// What kintsugi rejected in a build, and how the page and bibliography were changed to
/// build without it.
#[derive(Default)]
struct Rejected {
    /// Citation paragraphs (by index) and the error that makes kintsugi's text for them.
    errors: BTreeMap<usize, String>,
    /// Paragraphs rewritten: without the rejected works they cite (Some), or without a
    /// citation at all (None).
    rewritten: BTreeMap<usize, Option<String>>,
    /// Works left out of the bibliography, by key, with their errors.
    works: BTreeMap<String, String>,
}

/// Builds the site and compares each golden line of `style` and `input`.
fn compare(style: &str, input: &str) -> Vec<Case> {
    let bib_file = INPUTS
        .iter()
        .find(|(name, _)| *name == input)
        .map(|&(_, file)| file)
        .unwrap_or_else(|| panic!("unknown input type {input}"));
    let page = fs::read_to_string(fixture_path("site/content/page.md")).unwrap();
    let paragraphs = citation_paragraphs(&page);
    let golden_citations = golden_lines(&format!("{style}.{input}.citations.txt"));
    assert_eq!(
        paragraphs.len(),
        golden_citations.len(),
        "one golden line per citation paragraph of page.md"
    );
    let references_name = format!("{style}.{input}.references.txt");
    let golden_references = golden_lines(&references_name);
    let bibliography = fs::read_to_string(fixture_path(bib_file)).unwrap();

    let (site, rejected) = build_without_rejects(style, bib_file, &page, &bibliography);
    let main = site.main_of("page/index.html");

    let mut cases = Vec::new();
    let mut rendered = citations(&main).into_iter().map(visible);
    for (n, pandoc) in golden_citations.into_iter().enumerate() {
        let shown = match rejected.rewritten.get(&n) {
            Some(None) => None,
            _ => Some(
                rendered
                    .next()
                    .unwrap_or_else(|| panic!("fewer citations than paragraphs in:\n{main}")),
            ),
        };
        let kintsugi = match (rejected.errors.get(&n), shown) {
            (Some(error), _) => format!("error: {error}"),
            (None, Some(text)) => text,
            (None, None) => unreachable!("a paragraph left out without an error"),
        };
        cases.push(Case {
            place: format!("{style}.{input}.citations.txt:{}", n + 1),
            pandoc,
            kintsugi,
        });
    }
    assert!(rendered.next().is_none(), "more citations than paragraphs");

    let listed = page_reference_list(&main);
    let by_key: BTreeMap<&str, &str> = listed
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    for (n, line) in golden_references.iter().enumerate() {
        let (key, pandoc) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{references_name}:{}: no KEY<TAB>TEXT", n + 1));
        let kintsugi = match (by_key.get(key), rejected.works.get(key)) {
            (Some(text), _) => text.to_string(),
            (None, Some(error)) => format!("error: {error}"),
            (None, None) => "(not in the page's reference list)".to_string(),
        };
        cases.push(Case {
            place: format!("{references_name}:{}", n + 1),
            pandoc: pandoc.to_string(),
            kintsugi,
        });
    }
    let listed_keys: Vec<&str> = listed.iter().map(|(k, _)| k.as_str()).collect();
    cases.push(Case {
        place: format!("{references_name}:order"),
        pandoc: reference_order(&golden_references),
        kintsugi: listed_keys.join(" "),
    });
    cases
}

/// Builds the site; while the build fails, takes out what the errors point at (a citation;
/// a work of the bibliography, and its citations) and builds again. Returns the built site
/// and what was rejected.
fn build_without_rejects(
    style: &str,
    bib_file: &str,
    page: &str,
    bibliography: &str,
) -> (Site, Rejected) {
    let paragraphs = citation_paragraphs(page);
    let mut rejected = Rejected::default();
    for _ in 0..4 {
        let mut lines: Vec<&str> = page.lines().collect();
        for (&n, text) in &rejected.rewritten {
            let (line, _) = paragraphs[n];
            lines[line - 1] = text
                .as_deref()
                .unwrap_or("Left out: kintsugi rejects this citation.");
        }
        let page_now = lines.join("\n") + "\n";
        let mut bib_now = bibliography.to_string();
        for key in rejected.works.keys() {
            bib_now = without_entry(bib_file, &bib_now, key);
        }
        let site = Site::fixture(&format!("{FIXTURE}/site"));
        site.write("content/page.md", &page_now);
        site.write(&format!("content/{bib_file}"), &bib_now);
        let csl = fs::read_to_string(fixture_path(&format!("styles/{style}.csl"))).unwrap();
        site.write(&format!("{style}.csl"), &csl);
        site.write(
            "site.yaml",
            &format!(
                "title: Golden\nbase_url: https://example.org/\ncitation_style: {style}.csl\n"
            ),
        );
        let run = site.build();
        if run.code == Some(0) {
            return (site, rejected);
        }
        let before = (rejected.rewritten.len(), rejected.works.len());
        for header in run.error_headers() {
            let (place, message) = header.split_once(": error: ").unwrap();
            let mut parts = place.split(':');
            let (path, line) = (parts.next().unwrap(), parts.next().unwrap_or("0"));
            let line: usize = line.parse().unwrap_or(0);
            if path == "content/page.md" {
                let n = (paragraphs.iter().position(|(l, _)| *l == line))
                    .unwrap_or_else(|| panic!("an error outside the citations: {header}"));
                rejected.errors.insert(n, message.to_string());
                rejected.rewritten.insert(n, None);
            } else if path == format!("content/{bib_file}") {
                let key = entry_at_line(bib_file, &bib_now, line)
                    .unwrap_or_else(|| panic!("an error at no entry: {header}"));
                let error = format!("{path}:{line}: {message}");
                for (n, (_, original)) in paragraphs.iter().enumerate() {
                    let text = match rejected.rewritten.get(&n) {
                        Some(None) => continue,
                        Some(Some(text)) => text,
                        None => original,
                    };
                    if cites(text, &key) {
                        let without = without_citation_of(text, &key);
                        rejected.rewritten.insert(n, without);
                        rejected.errors.entry(n).or_insert_with(|| error.clone());
                    }
                }
                rejected.works.insert(key, error);
            } else {
                panic!("an error that is not about the citations: {header}");
            }
        }
        assert_ne!(
            before,
            (rejected.rewritten.len(), rejected.works.len()),
            "the build fails, and nothing more can be taken out:\n{}",
            run.stderr
        );
    }
    panic!("the build still fails after taking out rejects four times");
}

/// `paragraph` with the citation of `key` taken out of its bracketed citation, if the
/// citation has other works (so that they are still cited); None if not.
fn without_citation_of(paragraph: &str, key: &str) -> Option<String> {
    let (open, close) = (paragraph.find('[')?, paragraph.rfind(']')?);
    let items: Vec<&str> = paragraph[open + 1..close]
        .split(';')
        .map(str::trim)
        .collect();
    let kept: Vec<&str> = items.iter().copied().filter(|i| !cites(i, key)).collect();
    (!kept.is_empty() && kept.len() < items.len()).then(|| {
        format!(
            "{}[{}]{}",
            &paragraph[..open],
            kept.join("; "),
            &paragraph[close + 1..]
        )
    })
}

/// The paragraphs of page.md after its front matter, with their line numbers: each holds
/// one citation, the golden file's line of the same rank.
fn citation_paragraphs(page: &str) -> Vec<(usize, String)> {
    let body_start = page
        .match_indices("---\n")
        .nth(1)
        .map(|(i, _)| page[..i].lines().count() + 1)
        .expect("page.md has front matter");
    (page.lines().enumerate())
        .skip(body_start)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

/// Whether `paragraph` cites `key`, as `@key` or `@{key}`.
fn cites(paragraph: &str, key: &str) -> bool {
    if paragraph.contains(&format!("@{{{key}}}")) {
        return true;
    }
    let written = format!("@{key}");
    paragraph.match_indices(&written).any(|(at, _)| {
        let mut after = paragraph[at + written.len()..].chars();
        match after.next() {
            None => true,
            Some(c) if c.is_alphanumeric() || c == '_' => false,
            // Internal punctuation followed by a key character continues the key.
            Some(_) => !after
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_'),
        }
    })
}

/// The key of the bibliography entry that holds line `line` (1-based).
fn entry_at_line(bib_file: &str, text: &str, line: usize) -> Option<String> {
    entries(bib_file, text)
        .into_iter()
        .filter(|(first, _, _)| *first <= line)
        .map(|(_, _, key)| key)
        .next_back()
}

/// The entries of a bibliography: (line of the key, byte range, key). CSL-JSON items are
/// found by their `"id"` lines (an item's range runs from that line to the next item's);
/// BibTeX entries by their `@type{key,` lines.
fn entries(bib_file: &str, text: &str) -> Vec<(usize, std::ops::Range<usize>, String)> {
    let json = Path::new(bib_file).extension().is_some_and(|e| e == "json");
    let mut starts = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let key = if json {
            (trimmed.strip_prefix("\"id\": \""))
                .and_then(|rest| rest.split('"').next())
                .map(str::to_string)
        } else {
            (trimmed.strip_prefix('@'))
                .and_then(|rest| rest.split_once('{'))
                .and_then(|(_, rest)| rest.split(',').next())
                .map(|k| k.trim().to_string())
        };
        if let Some(key) = key {
            starts.push((i + 1, offset, key));
        }
        offset += line.len();
    }
    let ends: Vec<usize> = (starts.iter().skip(1).map(|(_, start, _)| *start))
        .chain([text.len()])
        .collect();
    (starts.into_iter().zip(ends))
        .map(|((line, start, key), end)| (line, start..end, key))
        .collect()
}

/// The bibliography without the entry of `key`.
fn without_entry(bib_file: &str, text: &str, key: &str) -> String {
    if bib_file.ends_with(".json") {
        let items: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        let kept: Vec<&serde_json::Value> = items.iter().filter(|i| i["id"] != key).collect();
        return serde_json::to_string_pretty(&kept).unwrap();
    }
    let (_, range, _) = entries(bib_file, text)
        .into_iter()
        .find(|(_, _, k)| k == key)
        .unwrap_or_else(|| panic!("no entry {key}"));
    format!("{}{}", &text[..range.start], &text[range.end..])
}

/// The page's reference list: each entry's key and visible text, in order.
fn page_reference_list(main: &str) -> Vec<(String, String)> {
    let section = element_with(main, r#"class="page-references""#, "</section>");
    section
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").expect("closed <li>")];
            let key = li
                .split_once("#ref-")
                .and_then(|(_, rest)| rest.split('"').next())
                .expect("a link to the index");
            let (_, entry) = li.split_once("↗</a> ").expect("a link to the index");
            (visible(key), visible(entry))
        })
        .collect()
}
