//! Worksheets: the fenced blocks (`prompt`, `scale`, `fields`, `table`) and task lists on
//! worksheet pages become labelled form controls, bad block options are errors at the
//! fence line, the worksheet page and the worksheets section carry their links, and (with
//! the default `pdf` feature) every worksheet gets an A4 and a Letter PDF, plus combined
//! ones, made reproducibly and reused from the previous build when nothing changed.
//!
//! The PDF tests read the PDFs with poppler-utils (`pdfinfo`, `pdffonts`, `pdftotext`).

use crate::harness::{element_with, main_of, run_in, Site};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The worksheet page of the `blocks` fixture, built.
fn blocks_page() -> (Site, String) {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    let main = site.main_of("worksheets/sheet/index.html");
    (site, main)
}

// ---- the blocks' HTML

#[test]
fn prompt_is_a_labelled_textarea_with_ruled_lines() {
    let (_site, main) = blocks_page();
    let id = "ws-prompt-what-did-you-feel";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</div>\n</div>");
    assert!(
        block.starts_with("<div class=\"ws-block ws-prompt\""),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<label class=\"ws-question\" for=\"{id}-answer\">What did you feel?</label>"
        )),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<textarea id=\"{id}-answer\" name=\"{id}-answer\" rows=\"6\"></textarea>"
        )),
        "{block}"
    );
    // `lines=6`: six ruled lines for print, hidden from assistive technology.
    assert!(
        block.contains("<div class=\"ws-lines\" aria-hidden=\"true\""),
        "{block}"
    );
    assert_eq!(
        block.matches("<span class=\"ws-line\"></span>").count(),
        6,
        "{block}"
    );
}

#[test]
fn scale_is_a_fieldset_of_radios_with_described_ends() {
    let (_site, main) = blocks_page();
    let id = "ws-scale-how-safe-do-you-feel";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</fieldset>");
    assert!(
        block.starts_with("<fieldset class=\"ws-block ws-scale\""),
        "{block}"
    );
    assert!(
        block.contains("<legend class=\"ws-question\">How safe do you feel?</legend>"),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<span class=\"ws-scale-end\" id=\"{id}-low\">Not at all</span>"
        )),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<span class=\"ws-scale-end\" id=\"{id}-high\">Completely</span>"
        )),
        "{block}"
    );
    assert_eq!(block.matches("type=\"radio\"").count(), 10, "{block}");
    for v in 1..=10 {
        let input = format!("<input type=\"radio\" name=\"{id}\" value=\"{v}\"");
        let described = match v {
            1 => format!("{input} aria-describedby=\"{id}-low\">"),
            10 => format!("{input} aria-describedby=\"{id}-high\">"),
            _ => format!("{input}>"),
        };
        assert!(
            block.contains(&described),
            "missing {described:?} in\n{block}"
        );
        assert!(
            block.contains(&format!(
                "{described}<span class=\"ws-box\">{v}</span></label>"
            )),
            "value {v} should show its number in a box\n{block}"
        );
    }
    assert!(
        !block.contains("value=\"0\"") && !block.contains("value=\"11\""),
        "{block}"
    );
    // Only the ends are described by the labels.
    assert_eq!(block.matches("aria-describedby").count(), 2, "{block}");
}

#[test]
fn fields_are_label_and_input_pairs() {
    let (_site, main) = blocks_page();
    let id = "ws-fields-name-date";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</div>");
    for (n, label) in [(1, "Name"), (2, "Date")] {
        let pair = format!(
            "<p class=\"ws-field\"><label for=\"{id}-{n}\">{label}</label> <input type=\"text\" id=\"{id}-{n}\" name=\"{id}-{n}\" autocomplete=\"off\"></p>"
        );
        assert!(block.contains(&pair), "missing {pair:?} in\n{block}");
    }
    assert_eq!(block.matches("<input").count(), 2, "{block}");
}

#[test]
fn table_has_column_headings_and_a_labelled_input_per_cell() {
    let (_site, main) = blocks_page();
    let id = "ws-table-what-i-need-what-i-can-offer";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</table>");
    assert!(
        block.contains(
            "<thead><tr><th scope=\"col\">What I need</th><th scope=\"col\">What I can offer</th></tr></thead>"
        ),
        "{block}"
    );
    // rows=2 × 2 columns.
    assert_eq!(block.matches("<tr>").count(), 1 + 2, "{block}");
    assert_eq!(block.matches("<input type=\"text\"").count(), 4, "{block}");
    for r in 1..=2 {
        for (c, col) in [(1, "What I need"), (2, "What I can offer")] {
            let cell = format!(
                "<input type=\"text\" name=\"{id}-r{r}-c{c}\" aria-label=\"{col}, row {r}\" autocomplete=\"off\">"
            );
            assert!(block.contains(&cell), "missing {cell:?} in\n{block}");
        }
    }
}

#[test]
fn task_list_on_a_worksheet_is_a_checklist_of_labelled_checkboxes() {
    let (_site, main) = blocks_page();
    let id = "ws-checklist-i-listened-i-said-it";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</ul>");
    assert!(
        block.starts_with("<ul class=\"ws-block ws-checklist\""),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<li><label><input type=\"checkbox\" name=\"{id}-1\"> I listened</label></li>"
        )),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<li><label><input type=\"checkbox\" name=\"{id}-2\" checked> I said it</label></li>"
        )),
        "{block}"
    );
    // No read-only Markdown task-list boxes.
    assert!(!block.contains("disabled"), "{block}");
}

// Bug: on a worksheet page, a task list is recognised by peeking at the list's first two
// events (src/worksheet.rs, `Iterator for Blocks::next`, `take(2)` then
// `prefix.get(1)` is a `TaskListMarker`). In a loose list (items apart by blank lines)
// the second event is `Start(Paragraph)` and the marker comes third, so the list stays
// a Markdown task list of disabled boxes, and the PDF shows bullets, not checkboxes.
#[test]
fn loose_task_list_on_a_worksheet_is_a_checklist_too() {
    let site = Site::fixture("worksheets/loose-task-list");
    site.build().success();
    let main = site.main_of("worksheets/sheet/index.html");
    let id = "ws-checklist-i-listened-i-said-it";
    let block = element_with(&main, &format!("data-ws=\"{id}\""), "</ul>");
    assert!(
        block.contains(&format!("<input type=\"checkbox\" name=\"{id}-1\"> ")),
        "{block}"
    );
    assert!(
        block.contains(&format!(
            "<input type=\"checkbox\" name=\"{id}-2\" checked> "
        )),
        "{block}"
    );
    assert!(!main.contains("disabled"), "{main}");
}

// Bug: the same peek re-emits the list's first two events straight to the output, past
// the block handling, so a worksheet block that opens a list item is left as code.
#[test]
fn block_first_in_a_list_item_is_still_a_block() {
    let site = Site::fixture("worksheets/block-in-list");
    site.build().success();
    let main = site.main_of("worksheets/sheet/index.html");
    assert!(!main.contains("language-prompt"), "{main}");
    assert!(
        main.contains("<textarea id=\"ws-prompt-what-did-you-feel-answer\""),
        "{main}"
    );
}

#[test]
fn task_list_on_an_ordinary_page_stays_a_task_list() {
    let site = Site::fixture("worksheets/plain-task-list");
    site.build().success();
    let main = site.main_of("index.html");
    assert!(
        !main.contains("ws-checklist") && !main.contains("data-ws"),
        "{main}"
    );
    assert!(!main.contains("<label>"), "{main}");
    assert!(
        main.contains("<input disabled=\"\" type=\"checkbox\"/>"),
        "{main}"
    );
    assert!(
        main.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"),
        "{main}"
    );
    assert!(main.contains("Not a worksheet item"), "{main}");
}

#[test]
fn ids_come_from_the_question_text_and_stay_when_blocks_move() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    let ids = |site: &Site| -> Vec<String> {
        site.main_of("worksheets/sheet/index.html")
            .split("data-ws=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_string)
            .collect()
    };
    let before = ids(&site);
    assert_eq!(
        before,
        [
            "ws-prompt-what-did-you-feel",
            "ws-scale-how-safe-do-you-feel",
            "ws-fields-name-date",
            "ws-table-what-i-need-what-i-can-offer",
            "ws-checklist-i-listened-i-said-it",
        ]
    );
    // A new block above the others, and a second one asking the same question: the old
    // ids are kept (saved answers follow their question) and the repeat gets `-2`.
    site.patch(
        "content/worksheets/sheet.md",
        "---\n\n```prompt lines=6",
        "---\n\n```prompt\nA new first question?\n```\n\n```prompt lines=6",
    );
    site.patch(
        "content/worksheets/sheet.md",
        "- [ ] I listened",
        "```prompt\nWhat did you feel?\n```\n\n- [ ] I listened",
    );
    site.build().success();
    let after = ids(&site);
    assert_eq!(
        after,
        [
            "ws-prompt-a-new-first-question",
            "ws-prompt-what-did-you-feel",
            "ws-scale-how-safe-do-you-feel",
            "ws-fields-name-date",
            "ws-table-what-i-need-what-i-can-offer",
            "ws-prompt-what-did-you-feel-2",
            "ws-checklist-i-listened-i-said-it",
        ]
    );
}

// ---- escaping

#[test]
fn hostile_text_is_escaped_in_the_html() {
    let site = Site::fixture("worksheets/hostile");
    site.build().success();
    let main = site.main_of("worksheets/sheet/index.html");
    assert!(
        main.contains(
            "<label class=\"ws-question\" for=\"ws-prompt-script-alert-1-script-q-answer\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</label>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<th scope=\"col\">&lt;i&gt;A&amp;B&lt;/i&gt;</th>"),
        "{main}"
    );
    assert!(
        main.contains("aria-label=\"&lt;i&gt;A&amp;B&lt;/i&gt;, row 1\""),
        "{main}"
    );
    assert!(
        !main.contains("<script>") && !main.contains("<i>"),
        "{main}"
    );
}

// ---- validation errors

#[test]
fn lines_must_be_a_number() {
    let run = Site::fixture("worksheets/bad-lines").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `prompt` block: `lines` must be a whole number from 1 to 40, not `many`")
        .source(5, "```prompt lines=many")
        .caret(1)
        .hint("`prompt` accepts: lines");
}

#[test]
fn scale_min_must_be_below_max() {
    let run = Site::fixture("worksheets/min-above-max").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `scale` block: `min` (5) must be below `max` (1)")
        .source(5, "```scale min=5 max=1")
        .caret(1)
        .hint("`scale` accepts: min, max, low, high");
}

#[test]
fn scale_needs_max() {
    let run = Site::fixture("worksheets/scale-without-max").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `scale` block: `scale` needs `min` and `max`, e.g. `min=1 max=10`")
        .source(5, "```scale min=1")
        .caret(1)
        .hint("`scale` accepts: min, max, low, high");
}

#[test]
fn unknown_option() {
    let run = Site::fixture("worksheets/unknown-option").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `prompt` block: unknown option `size` for `prompt` (accepted: lines)")
        .source(5, "```prompt size=2")
        .caret(1)
        .hint("`prompt` accepts: lines");
}

#[test]
fn unclosed_quote() {
    let run = Site::fixture("worksheets/unclosed-quote").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `scale` block: unclosed quote in the value of `low`")
        .source(5, "```scale min=1 max=10 low=\"Not at all")
        .caret(1)
        .hint("`scale` accepts: min, max, low, high");
}

#[test]
fn mistyped_block_name_on_a_worksheet() {
    let run = Site::fixture("worksheets/mistyped-block").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: unknown worksheet block `promt`")
        .source(5, "```promt lines=3")
        .caret(1)
        .hint("did you mean `prompt`?")
        .hint("worksheet blocks: prompt, scale, fields, table");
}

#[test]
fn table_needs_columns() {
    let run = Site::fixture("worksheets/table-without-columns").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `table` block: `table` needs `columns`, e.g. `columns=\"What I need|What I can offer\"`")
        .source(5, "```table rows=2")
        .caret(1)
        .hint("`table` accepts: columns, rows");
}

#[test]
fn fields_need_labels() {
    let run = Site::fixture("worksheets/fields-without-labels").build();
    run.errors(1);
    run.diag("content/worksheets/sheet.md:5:1: error: in `fields` block: `fields` needs one label per line, e.g. `Name`")
        .source(5, "```fields")
        .caret(1)
        .hint("`fields` takes no options");
}

#[test]
fn several_block_errors_in_one_file_are_all_reported_in_one_run() {
    let run = Site::fixture("worksheets/many-errors").build();
    run.errors(3);
    run.errors_start_with(&[
        "content/worksheets/sheet.md:5:1: error: in `prompt` block: `lines`",
        "content/worksheets/sheet.md:11:1: error: in `scale` block: `min` (5)",
        "content/worksheets/sheet.md:15:1: error: in `table` block: `table` needs `columns`",
    ]);
}

// ---- the worksheet page, the guide and the worksheets section

#[test]
fn worksheet_page_promises_privacy_and_offers_erase() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    let html = site.output("worksheets/sheet/index.html");
    let head = &html[..html.find("</head>").expect("</head>")];
    assert!(
        head.contains("<script src=\"/worksheet.js\" defer></script>"),
        "{head}"
    );
    assert!(site.has_output("worksheet.js"));
    let main = main_of(&html);
    let privacy = element_with(main, "class=\"privacy-note\"", "</p>");
    assert!(
        privacy.contains("stays in this browser on this device"),
        "{privacy}"
    );
    let erase = element_with(main, "js-erase", "</button>");
    assert!(erase.starts_with("<button type=\"button\""), "{erase}");
    assert!(erase.ends_with(">Erase my answers</button>"), "{erase}");
    // The controls sit in one form that is never submitted.
    assert!(
        main.contains("<form class=\"worksheet-form\" action=\"#\" onsubmit=\"return false\""),
        "{main}"
    );
}

#[test]
fn worksheet_and_guide_link_to_each_other() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    let sheet = site.main_of("worksheets/sheet/index.html");
    assert!(
        sheet.contains("<p class=\"breadcrumb\"><a href=\"/guide/\">Guide: The guide</a></p>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<a href=\"/guide/\">Back to the guide: The guide</a>"),
        "{sheet}"
    );
    let guide = site.main_of("guide/index.html");
    assert!(
        guide.contains("<a href=\"/worksheets/sheet/\">Open the worksheet for this step</a>"),
        "{guide}"
    );
    let aside = element_with(&guide, "aria-label=\"Worksheet\"", "</aside>");
    assert!(
        aside.contains("<a href=\"/worksheets/sheet/\">The sheet</a>"),
        "{aside}"
    );
}

#[test]
fn worksheets_section_lists_each_worksheet_with_its_step() {
    let site = Site::fixture("worksheets/two-sheets");
    site.build().success();
    let main = site.main_of("worksheets/index.html");
    let list = element_with(&main, "class=\"cards worksheet-list\"", "</ol>");
    assert_eq!(list.matches("<li class=\"card\">").count(), 2, "{list}");
    let first = list.find("First sheet").expect("first listed");
    let second = list.find("Second sheet").expect("second listed");
    assert!(first < second, "first is listed before second:\n{list}");
    for (step, url, title, guide) in [
        (1, "/worksheets/first/", "First sheet", "/first-step/"),
        (2, "/worksheets/second/", "Second sheet", "/second-step/"),
    ] {
        let at = list
            .find(&format!("<a href=\"{url}\">{title}</a>"))
            .unwrap();
        let start = list[..at].rfind("<li class=\"card\">").unwrap();
        let end = list[at..].find("</li>").unwrap() + at;
        let card = &list[start..end];
        assert!(
            card.contains(&format!("<span class=\"card-step\">Step {step}</span>")),
            "{card}"
        );
        assert!(
            card.contains(&format!("<a href=\"{guide}\">Read the guide</a>")),
            "{card}"
        );
    }
}

#[test]
fn print_stylesheet_is_linked() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    let html = site.output("worksheets/sheet/index.html");
    assert!(
        html.contains("<link rel=\"stylesheet\" href=\"/kintsugi.css\">"),
        "{html}"
    );
    let css = site.output("kintsugi.css");
    assert!(
        css.contains("@media print"),
        "no print rules in kintsugi.css"
    );
    assert!(css.contains("@page"), "no @page rule in kintsugi.css");
}

// ---- PDFs

/// Runs a poppler-utils tool and returns its stdout; a missing tool fails loudly.
fn poppler(tool: &str, pdf: &Path, after: &[&str]) -> String {
    let out = Command::new(tool)
        .arg(pdf)
        .args(after)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{tool}` ({e}): the PDF tests need poppler-utils \
                 (`apt-get install poppler-utils`); run them through scripts/test"
            )
        });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF (`pdftotext`), with every run of whitespace made one space.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let text = poppler("pdftotext", pdf, &["-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdfinfo_field(pdf: &Path, field: &str) -> String {
    let info = poppler("pdfinfo", pdf, &[]);
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("pdfinfo of {} has no {field}:\n{info}", pdf.display()))
        .trim()
        .to_string()
}

fn page_count(pdf: &Path) -> usize {
    pdfinfo_field(pdf, "Pages").parse().expect("page count")
}

/// Page size in points, from `Page size: 595.276 x 841.89 pts (A4)`.
fn page_size(pdf: &Path) -> (f64, f64) {
    let s = pdfinfo_field(pdf, "Page size");
    let mut it = s.split_whitespace();
    let w = it.next().and_then(|w| w.parse().ok());
    let x = it.next();
    let h = it.next().and_then(|h| h.parse().ok());
    match (w, x, h) {
        (Some(w), Some("x"), Some(h)) => (w, h),
        _ => panic!("cannot read page size {s:?}"),
    }
}

#[track_caller]
fn assert_size(pdf: &Path, w: f64, h: f64) {
    let (pw, ph) = page_size(pdf);
    assert!(
        (pw - w).abs() <= 1.0 && (ph - h).abs() <= 1.0,
        "{} is {pw} x {ph} pt, expected {w} x {h}",
        pdf.display()
    );
}

/// `pdffonts` rows: (name, embedded).
pub(crate) fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    let out = poppler("pdffonts", pdf, &[]);
    let mut lines = out.lines();
    let header = lines.next().expect("pdffonts header");
    let emb = header.find(" emb ").expect("emb column") + 1;
    lines
        .skip(1) // the ---- line
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let name = l.split_whitespace().next().unwrap_or_default().to_string();
            (name, l.get(emb..emb + 3).map(str::trim) == Some("yes"))
        })
        .collect()
}

/// The PDF manifest of the default output (kept in the site's `.kintsugi/cache/`, never in
/// the published folder): output path -> content hash.
pub(crate) fn manifest(site: &Site) -> BTreeMap<String, String> {
    assert!(
        !site.has_output(".kintsugi-pdfs"),
        "the PDF manifest must not be published"
    );
    let dir = site.path(".kintsugi/cache");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pdfs-")
        })
        .collect();
    assert_eq!(files.len(), 1, "one manifest for the one output: {files:?}");
    std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(|l| {
            let (hash, path) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("manifest line {l:?} is not `HASH PATH`"));
            assert!(
                hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "manifest hash {hash:?}"
            );
            (path.to_string(), hash.to_string())
        })
        .collect()
}

fn read(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.path("public").join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

const PAPERS: [(&str, f64, f64); 2] = [("a4", 595.0, 842.0), ("letter", 612.0, 792.0)];

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn each_worksheet_has_an_a4_and_a_letter_pdf() {
    let site = Site::fixture("worksheets/blocks");
    let run = site.build();
    run.success();
    assert!(
        run.stdout.contains("1 worksheet (4 PDFs)"),
        "summary: {}",
        run.stdout
    );
    for (paper, w, h) in PAPERS {
        let pdf = site.path(&format!("public/worksheets/sheet/worksheet-{paper}.pdf"));
        assert!(pdf.is_file(), "no {}", pdf.display());
        assert_size(&pdf, w, h);
        assert_eq!(page_count(&pdf), 1, "{paper}");
        assert_eq!(pdfinfo_field(&pdf, "Title"), "The sheet");
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn pdf_fonts_are_all_embedded() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    for (paper, _, _) in PAPERS {
        let pdf = site.path(&format!("public/worksheets/sheet/worksheet-{paper}.pdf"));
        let fonts = fonts(&pdf);
        assert!(!fonts.is_empty(), "no fonts in {}", pdf.display());
        for (name, embedded) in fonts {
            assert!(embedded, "font {name} is not embedded in {}", pdf.display());
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn pdf_holds_the_worksheet_text() {
    let site = Site::fixture("worksheets/blocks");
    site.build().success();
    for (paper, _, _) in PAPERS {
        let text = pdf_text(&site.path(&format!("public/worksheets/sheet/worksheet-{paper}.pdf")));
        for needle in [
            "The sheet",
            "What did you feel?",
            "How safe do you feel?",
            "Not at all",
            "Completely",
            "Name",
            "Date",
            "What I need",
            "What I can offer",
            "I listened",
            "I said it",
            "https://test.example/worksheets/sheet/",
            "Page 1 of 1",
        ] {
            assert!(
                text.contains(needle),
                "{paper} PDF lacks {needle:?}:\n{text}"
            );
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn pdf_shows_hostile_text_literally() {
    let site = Site::fixture("worksheets/hostile");
    site.build().success();
    let text = pdf_text(&site.path("public/worksheets/sheet/worksheet-a4.pdf"));
    assert!(
        text.contains("<script>alert(1)</script> & \"q\""),
        "PDF text:\n{text}"
    );
    assert!(text.contains("<i>A&B</i>"), "PDF text:\n{text}");
    // Typst markup in user text is data, not code.
    assert!(
        text.contains("#panic(\"boom\") $x$ *b* _u_ \\ ] // c"),
        "PDF text:\n{text}"
    );
    assert!(!text.contains("&lt;") && !text.contains("&amp;"), "{text}");
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn combined_pdfs_hold_every_worksheet() {
    let site = Site::fixture("worksheets/two-sheets");
    let run = site.build();
    run.success();
    assert!(
        run.stdout.contains("2 worksheets (6 PDFs)"),
        "summary: {}",
        run.stdout
    );
    for (paper, w, h) in PAPERS {
        let pdf = site.path(&format!("public/worksheets/worksheets-{paper}.pdf"));
        assert!(pdf.is_file(), "no {}", pdf.display());
        assert_size(&pdf, w, h);
        let text = pdf_text(&pdf);
        for needle in [
            "First sheet",
            "What went well?",
            "Second sheet",
            "What was hard?",
        ] {
            assert!(
                text.contains(needle),
                "{paper} combined PDF lacks {needle:?}:\n{text}"
            );
        }
        assert!(
            text.find("First sheet") < text.find("Second sheet"),
            "worksheets in order:\n{text}"
        );
        // Each worksheet starts a new page and numbers its own pages.
        assert_eq!(page_count(&pdf), 2, "{paper}");
        assert_eq!(text.matches("Page 1 of 1").count(), 2, "{paper}:\n{text}");
        assert_eq!(pdfinfo_field(&pdf, "Title"), "Test Site: worksheets");
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn long_worksheet_pages_are_numbered() {
    let site = Site::fixture("worksheets/long");
    site.build().success();
    for (paper, w, h) in PAPERS {
        let pdf = site.path(&format!("public/worksheets/sheet/worksheet-{paper}.pdf"));
        assert_size(&pdf, w, h);
        let n = page_count(&pdf);
        assert!(n > 1, "three 40-line prompts fit on one {paper} page?");
        let text = pdf_text(&pdf);
        for p in 1..=n {
            assert!(
                text.contains(&format!("Page {p} of {n}")),
                "{paper} page {p} lacks its number:\n{text}"
            );
        }
        for q in 1..=3 {
            assert!(
                text.contains(&format!("Long question {q}?")),
                "{paper}:\n{text}"
            );
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn pages_link_to_the_pdfs() {
    let site = Site::fixture("worksheets/two-sheets");
    site.build().success();
    let sheet = site.main_of("worksheets/first/index.html");
    for (href, label) in [
        ("/worksheets/first/worksheet-a4.pdf", "PDF, A4"),
        ("/worksheets/first/worksheet-letter.pdf", "PDF, US Letter"),
    ] {
        let link = format!("<a class=\"button\" href=\"{href}\" download>{label}</a>");
        assert!(sheet.contains(&link), "missing {link:?} in\n{sheet}");
        assert!(site.has_output(href.trim_start_matches('/')), "{href}");
    }
    let list = site.main_of("worksheets/index.html");
    for slug in ["first", "second"] {
        for (paper, label) in [("a4", "PDF, A4"), ("letter", "PDF, US Letter")] {
            let link = format!(
                "<a href=\"/worksheets/{slug}/worksheet-{paper}.pdf\" download>{label}</a>"
            );
            assert!(list.contains(&link), "missing {link:?} in\n{list}");
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn pdfs_are_reproducible() {
    let a = Site::fixture("worksheets/two-sheets");
    a.build().success();
    let b = Site::fixture("worksheets/two-sheets");
    b.build().success();
    for rel in [
        "worksheets/first/worksheet-a4.pdf",
        "worksheets/first/worksheet-letter.pdf",
        "worksheets/worksheets-a4.pdf",
        "worksheets/worksheets-letter.pdf",
    ] {
        assert!(
            read(&a, rel) == read(&b, rel),
            "{rel} differs between two builds"
        );
    }
    assert_eq!(manifest(&a), manifest(&b));
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn manifest_lists_every_pdf_with_its_hash() {
    let site = Site::fixture("worksheets/two-sheets");
    site.build().success();
    let m = manifest(&site);
    let paths: Vec<&str> = m.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "print/test-site-a4.pdf",
            "print/test-site-letter.pdf",
            "worksheets/first/worksheet-a4.pdf",
            "worksheets/first/worksheet-letter.pdf",
            "worksheets/second/worksheet-a4.pdf",
            "worksheets/second/worksheet-letter.pdf",
            "worksheets/worksheets-a4.pdf",
            "worksheets/worksheets-letter.pdf",
        ]
    );
    for p in paths {
        assert!(
            site.has_output(p),
            "manifest lists {p}, which is not in the output"
        );
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn unchanged_pdfs_are_reused_from_the_previous_build() {
    let site = Site::fixture("worksheets/two-sheets");
    site.build().success();
    let before = manifest(&site);
    let first = read(&site, "worksheets/first/worksheet-a4.pdf");
    site.build().success();
    assert_eq!(manifest(&site), before);
    assert!(read(&site, "worksheets/first/worksheet-a4.pdf") == first);

    // Proof that the bytes come from the previous output, not from a new render: a
    // marker appended to a cached PDF survives a rebuild in which nothing changed.
    let rel = "worksheets/second/worksheet-letter.pdf";
    let mut marked = read(&site, rel);
    marked.extend_from_slice(b"\n% cached\n");
    std::fs::write(site.path("public").join(rel), &marked).unwrap();
    site.build().success();
    assert!(
        read(&site, rel) == marked,
        "{rel} was made again though nothing changed"
    );
    assert_eq!(manifest(&site), before);
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn changing_one_question_changes_only_its_pdfs() {
    let site = Site::fixture("worksheets/two-sheets");
    site.build().success();
    let before = manifest(&site);
    site.patch(
        "content/worksheets/first.md",
        "What went well?",
        "What went better?",
    );
    site.build().success();
    let after = manifest(&site);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&str> = before
        .iter()
        .filter(|(p, h)| after[*p] != **h)
        .map(|(p, _)| p.as_str())
        .collect();
    // The book holds the worksheet too.
    assert_eq!(
        changed,
        [
            "print/test-site-a4.pdf",
            "print/test-site-letter.pdf",
            "worksheets/first/worksheet-a4.pdf",
            "worksheets/first/worksheet-letter.pdf",
            "worksheets/worksheets-a4.pdf",
            "worksheets/worksheets-letter.pdf",
        ]
    );
    let text = pdf_text(&site.path("public/worksheets/first/worksheet-a4.pdf"));
    assert!(text.contains("What went better?"), "{text}");
    let text = pdf_text(&site.path("public/worksheets/worksheets-letter.pdf"));
    assert!(text.contains("What went better?"), "{text}");
}

// ---- the bundled site

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn bundled_worksheets_fit_on_two_pages() {
    let out = tempfile::Builder::new()
        .prefix("kintsugi-test-")
        .tempdir()
        .expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let dest = out.path().join("public");
    let run = run_in(
        out.path(),
        &["build", "--root", root, "--output", dest.to_str().unwrap()],
    );
    run.success();
    assert!(
        run.stdout.contains(" 5 worksheets (12 PDFs)"),
        "summary: {}",
        run.stdout
    );
    let dir = dest.join("worksheets");
    let mut sheets = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        sheets += 1;
        for (paper, w, h) in PAPERS {
            let pdf = path.join(format!("worksheet-{paper}.pdf"));
            assert!(pdf.is_file(), "no {}", pdf.display());
            assert_size(&pdf, w, h);
            let pages = page_count(&pdf);
            assert!(
                (1..=2).contains(&pages),
                "{} has {pages} pages, at most 2 allowed",
                pdf.display()
            );
        }
    }
    assert_eq!(sheets, 5);
    for paper in ["a4", "letter"] {
        assert!(dir.join(format!("worksheets-{paper}.pdf")).is_file());
    }
}
