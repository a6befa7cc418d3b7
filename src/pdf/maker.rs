//! [`PdfMaker`]: the template and the embedded fonts, loaded once per build, and one
//! PDF made from a list of worksheets, with every Typst warning treated as an error.

use std::panic::{catch_unwind, AssertUnwindSafe};

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::book::book_data;
use super::data::document_data;
use super::world::{file_id, SheetWorld};
use crate::paper::Paper;
use crate::print::Book;
use crate::worksheet::Worksheet;

/// The worksheet template; user data reaches it only as the JSON file `data.json`.
/// Public, with the others, so that PDF caches can key on them.
pub const TEMPLATE: &str = include_str!("worksheet.typ");
/// The blocks both documents lay out (imported by the other two).
pub const SHEET: &str = include_str!("sheet.typ");
/// The print edition's book.
pub const BOOK: &str = include_str!("book.typ");

/// The embedded font files: Inter 4.0 for Latin, Greek and Cyrillic, Noto Sans Arabic and
/// Noto Sans Hebrew for the right-to-left languages (all SIL Open Font License 1.1), and
/// DejaVu Sans Mono for code.
pub(super) const FONT_FILES: [&[u8]; 10] = [
    include_bytes!("../../fonts/Inter-Regular.otf"),
    include_bytes!("../../fonts/Inter-Bold.otf"),
    include_bytes!("../../fonts/Inter-Italic.otf"),
    include_bytes!("../../fonts/Inter-BoldItalic.otf"),
    include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf"),
    // Code in the print edition's book (Bitstream Vera licence, see fonts/DEJAVU.txt).
    include_bytes!("../../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../fonts/DejaVuSansMono-Bold.ttf"),
];

/// Holds the fonts and the template; build once per site build and reuse it
/// for every PDF. It is `Send + Sync`, so PDFs can be made in parallel.
pub struct PdfMaker {
    pub(super) library: LazyHash<Library>,
    pub(super) data_id: FileId,
    pub(super) fonts: Vec<Font>,
    pub(super) book: LazyHash<FontBook>,
    /// The worksheet template, the blocks and the book, in that order.
    pub(super) sources: Vec<Source>,
}

impl Default for PdfMaker {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfMaker {
    /// Loads the embedded fonts and parses the template.
    pub fn new() -> PdfMaker {
        PdfMaker::with_template(TEMPLATE)
    }

    /// A maker with another template (tests use it to provoke diagnostics).
    fn with_template(text: &str) -> PdfMaker {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        let sources = vec![
            Source::new(file_id("worksheet.typ"), text.to_string()),
            Source::new(file_id("sheet.typ"), SHEET.to_string()),
            Source::new(file_id("book.typ"), BOOK.to_string()),
        ];
        PdfMaker {
            library: LazyHash::new(Library::default()),
            data_id: file_id("data.json"),
            fonts,
            book,
            sources,
        }
    }

    /// One PDF of the given worksheets, each starting on a new page (one
    /// worksheet = a worksheet's own PDF; all = the combined
    /// `worksheets-a4.pdf`).
    ///
    /// Err(messages) on any Typst error OR warning (an unknown font is only a
    /// warning in Typst; we treat every warning as an error), and on a
    /// worksheet too large to print (e.g. a scale with thousands of values).
    pub fn render(&self, sheets: &[&Worksheet], paper: Paper) -> Result<Vec<u8>, Vec<String>> {
        let data = document_data(sheets, paper)?;
        self.compile(file_id("worksheet.typ"), data, &[], PdfOptions::default())
    }

    /// The print edition's book on `paper`: a tagged PDF/UA-1 document.
    ///
    /// Err(messages) as for [`PdfMaker::render`], and when the book breaks a rule of
    /// PDF/UA-1.
    pub fn render_book(&self, book: &Book, paper: Paper) -> Result<Vec<u8>, Vec<String>> {
        let (data, images) = book_data(book, paper)?;
        let files: Vec<(FileId, Bytes)> = (images.iter())
            .map(|(name, bytes)| (file_id(name), Bytes::new(bytes.clone())))
            .collect();
        let standards = PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| vec![format!("book PDF: {}", e.message())])?;
        let options = PdfOptions {
            standards,
            ..PdfOptions::default()
        };
        self.compile(file_id("book.typ"), data, &files, options)
    }

    /// Compiles `main` over `data` and exports it, with `options` but kintsugi's own
    /// identity and no timestamp.
    fn compile(
        &self,
        main: FileId,
        data: serde_json::Value,
        files: &[(FileId, Bytes)],
        options: PdfOptions,
    ) -> Result<Vec<u8>, Vec<String>> {
        let json = data.to_string();
        let ident = blake3::hash(json.as_bytes()).to_hex().to_string();
        let world = SheetWorld {
            maker: self,
            main,
            data: Bytes::from_string(json),
            files,
        };
        let options = PdfOptions {
            ident: Smart::Custom(ident),
            creator: Smart::Custom(Some("kintsugi".to_string())),
            timestamp: None,
            ..options
        };
        // Typst should never panic, but a bug in it must not take down a
        // whole build or a running `serve`.
        match catch_unwind(AssertUnwindSafe(|| compile_pdf(&world, &options))) {
            Ok(result) => result,
            Err(_) => Err(vec!["PDF: Typst panicked".to_string()]),
        }
    }
}

/// Frees Typst's memoization caches; the builder calls it after each build so
/// a long-running `serve` stays bounded. Results used neither in the build
/// just finished nor in the one before are dropped; the rest (the fonts'
/// parsed tables, layouts of unchanged worksheets) stay for the next rebuild.
/// Without it memory grows by about 30 MiB per 40 distinct PDFs; with it it
/// levels off after a few builds (`cargo bench --bench pdf -- --memory`).
pub fn evict_caches() {
    comemo::evict(2);
}

/// Compiles the document and exports it as PDF.
fn compile_pdf(world: &SheetWorld, options: &PdfOptions) -> Result<Vec<u8>, Vec<String>> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let mut problems: Vec<String> = Vec::new();
    let document = match output {
        Ok(document) => Some(document),
        Err(errors) => {
            problems.extend(errors.iter().map(diagnostic_message));
            None
        }
    };
    problems.extend(warnings.iter().map(diagnostic_message));
    let document = match document {
        Some(document) if problems.is_empty() => document,
        _ => return Err(problems),
    };

    typst_pdf::pdf(&document, options)
        .map_err(|errors| errors.iter().map(diagnostic_message).collect())
}

/// A one-line message for a Typst diagnostic, with its hints.
fn diagnostic_message(diagnostic: &SourceDiagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = format!("Typst {severity}: {}", diagnostic.message);
    for hint in &diagnostic.hints {
        message.push_str(" (hint: ");
        message.push_str(&hint.v);
        message.push(')');
    }
    message
}

// The sample worksheet the PDF benchmark uses too: one file, not two copies.
#[cfg(test)]
#[path = "../../benches/support/sample_worksheet.rs"]
mod sample_worksheet;
#[cfg(test)]
use crate::{
    i18n::Strings,
    worksheet::{Block, SheetWords, Span},
};

#[cfg(test)]
mod tests {
    //! These tests run poppler-utils' `pdfinfo`, `pdffonts` and `pdftotext`
    //! (Debian: `apt-get install -y poppler-utils`); a missing tool fails them.

    use super::sample_worksheet::{sample, span};
    use super::*;
    use crate::worksheet::{Block, Span};
    use std::io::Write;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static NEXT_FILE: AtomicUsize = AtomicUsize::new(0);

    /// Runs a poppler tool on a PDF and returns its standard output.
    fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
        let n = NEXT_FILE.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("kintsugi-pdf-test-{}-{n}.pdf", std::process::id()));
        let mut file = std::fs::File::create(&path).expect("create temporary PDF");
        file.write_all(pdf).expect("write temporary PDF");
        drop(file);
        let mut command = Command::new(tool);
        command.args(args).arg(&path);
        if tool == "pdftotext" {
            command.arg("-");
        }
        let output = command.output();
        let _ = std::fs::remove_file(&path);
        let output = output.unwrap_or_else(|err| {
            panic!("cannot run `{tool}` ({err}): install poppler-utils (apt-get install -y poppler-utils)")
        });
        assert!(
            output.status.success(),
            "`{tool}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("tool output is UTF-8")
    }

    fn render(sheets: &[&Worksheet], paper: Paper) -> Vec<u8> {
        match PdfMaker::new().render(sheets, paper) {
            Ok(pdf) => pdf,
            Err(problems) => panic!("render failed: {problems:#?}"),
        }
    }

    /// The value of a `Key: value` line of pdfinfo's output.
    fn info<'a>(pdfinfo: &'a str, key: &str) -> &'a str {
        pdfinfo
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .unwrap_or_else(|| panic!("pdfinfo has no {key}: {pdfinfo}"))
            .trim()
    }

    fn page_size(pdfinfo: &str) -> (f64, f64) {
        let size = info(pdfinfo, "Page size");
        let mut numbers = size
            .split_whitespace()
            .filter_map(|w| w.parse::<f64>().ok());
        let width = numbers.next().expect("page width");
        let height = numbers.next().expect("page height");
        (width, height)
    }

    /// pdftotext output with runs of white space made single spaces.
    fn text(pdf: &[u8]) -> String {
        poppler("pdftotext", &["-enc", "UTF-8"], pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// pdftotext's output in physical layout, white space collapsed.
    fn layout_text(pdf: &[u8]) -> String {
        poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a4_is_a4_and_two_pages_have_numbered_footers() {
        let sheet = sample("Acknowledge the hurt");
        let pdf = render(&[&sheet], Paper::A4);
        let pdfinfo = poppler("pdfinfo", &[], &pdf);
        let (width, height) = page_size(&pdfinfo);
        assert!(
            (width - 595.276).abs() < 1.0 && (height - 841.89).abs() < 1.0,
            "{pdfinfo}"
        );
        assert_eq!(info(&pdfinfo, "Pages"), "2", "{pdfinfo}");
        assert_eq!(info(&pdfinfo, "Title"), "Acknowledge the hurt");
        let text = text(&pdf);
        for expected in [
            "Page 1 of 2",
            "Page 2 of 2",
            "Rebuilding Trust",
            "https://example.org/worksheets/acknowledge-the-hurt/",
        ] {
            assert!(text.contains(expected), "no {expected:?} in {text}");
        }
        assert!(!text.contains("Page 3"), "{text}");
    }

    #[test]
    fn letter_is_letter() {
        let sheet = sample("Acknowledge the hurt");
        let pdf = render(&[&sheet], Paper::Letter);
        let pdfinfo = poppler("pdfinfo", &[], &pdf);
        let (width, height) = page_size(&pdfinfo);
        assert!(
            (width - 612.0).abs() < 1.0 && (height - 792.0).abs() < 1.0,
            "{pdfinfo}"
        );
        let pages: usize = info(&pdfinfo, "Pages").parse().expect("page count");
        let text = text(&pdf);
        assert!(text.contains(&format!("Page {pages} of {pages}")), "{text}");
    }

    #[test]
    fn every_font_is_embedded() {
        let sheet = sample("Fonts");
        let pdf = render(&[&sheet], Paper::A4);
        let fonts = poppler("pdffonts", &[], &pdf);
        // Two header lines, then one line per font.
        let rows: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(
            rows.len() >= 3,
            "regular, bold and italic expected: {fonts}"
        );
        for row in rows {
            assert!(row.contains("Inter"), "a font that is not Inter: {fonts}");
            // Columns: name type encoding emb sub uni object ID.
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "a font that is not embedded: {fonts}");
        }
    }

    #[test]
    fn blanks_print_their_text() {
        let sheet = sample("Acknowledge the hurt");
        let pdf = render(&[&sheet], Paper::A4);
        // The scale's numbers, in one row, with its end labels under them.
        let layout = layout_text(&pdf);
        assert!(
            layout.contains("1 2 3 4 5 6 7 8 9 10 Not at all Completely"),
            "{layout}"
        );
        let text = text(&pdf);
        for expected in [
            "Acknowledge the hurt",
            "Take your time with this sheet. There are no right answers, only honest ones.",
            "Naming what happened",
            "Name",
            "Date",
            "What did you feel in your body when you found out?",
            "How safe do you feel sharing this with your partner today?",
            "Not at all",
            "Completely",
            "What I need",
            "What I can offer",
            "Breathe slowly before you answer.",
            "Trust is built in very small moments.",
            "I said it without excuses",
            "I listened until the end",
            "I asked what would help",
            "What would you like your partner to understand?",
        ] {
            assert!(text.contains(expected), "no {expected:?} in {text}");
        }
    }

    #[test]
    fn the_notice_is_set_off_under_the_title() {
        let mut sheet = sample("Acknowledge the hurt");
        sheet.notice = vec![Block::Paragraph(vec![
            Span {
                text: "Before you begin:".into(),
                strong: true,
                emph: false,
            },
            Span {
                text: " if you are in danger, see where to turn first.".into(),
                strong: false,
                emph: false,
            },
        ])];
        let text = text(&render(&[&sheet], Paper::A4));
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("no {needle:?} in {text}"))
        };
        let notice = at("Before you begin: if you are in danger, see where to turn first.");
        assert!(at("Acknowledge the hurt") < notice, "{text}");
        assert!(notice < at("Take your time with this sheet."), "{text}");
    }

    #[test]
    fn hostile_text_prints_literally() {
        let hostile = [
            "#set page(width: 1pt) <script>",
            "*bold*",
            "$math$",
            "back\\slash",
            "\"quoted\"",
            "]",
            "@ref",
            "#{panic()} // not a comment /* nor this */",
            "<label> = not a heading",
            "`raw`",
            "_under_ ~ -- --- end",
        ];
        let mut sheet = sample("#set page(width: 1pt) <script>");
        sheet.site_title = "#import \"x.typ\": *".to_string();
        sheet.url = "https://example.org/a]b\"c/".to_string();
        sheet.blocks = vec![
            Block::Heading {
                level: 1,
                text: span("= *bold* heading"),
            },
            Block::Paragraph(
                hostile
                    .iter()
                    .flat_map(|h| span(&format!("{h} ")))
                    .collect(),
            ),
            Block::List {
                ordered: true,
                items: hostile.iter().map(|h| span(h)).collect(),
            },
            Block::Prompt {
                question: "$math$ \\ \" ] @ref".into(),
                lines: 2,
            },
            Block::Scale {
                question: "]) #panic()".into(),
                min: -2,
                max: 2,
                low: Some("$low$".into()),
                high: Some("*high*".into()),
            },
            Block::Fields {
                labels: vec!["#h(1fr)".into(), "\"]".into()],
            },
            Block::Table {
                columns: vec!["[col]".into(), "#table()".into()],
                rows: 1,
            },
            Block::Checklist {
                items: vec!["@ref <l>".into(), "\\".into()],
            },
        ];
        let pdf = render(&[&sheet], Paper::A4);
        let pdfinfo = poppler("pdfinfo", &[], &pdf);
        assert_eq!(info(&pdfinfo, "Title"), "#set page(width: 1pt) <script>");
        let (width, _) = page_size(&pdfinfo);
        assert!((width - 595.276).abs() < 1.0, "{pdfinfo}");
        // Typst prints negative numbers with a real minus sign.
        assert!(
            layout_text(&pdf).contains("\u{2212}2 \u{2212}1 0 1 2"),
            "{}",
            layout_text(&pdf)
        );
        let text = text(&pdf);
        for expected in hostile.iter().copied().chain([
            "#set page(width: 1pt) <script>",
            "#import \"x.typ\": *",
            "https://example.org/a]b\"c/",
            "= *bold* heading",
            "$math$ \\ \" ] @ref",
            "]) #panic()",
            "$low$",
            "*high*",
            "#h(1fr)",
            "[col]",
            "#table()",
            "@ref <l>",
        ]) {
            assert!(text.contains(expected), "no {expected:?} in {text}");
        }
    }

    #[test]
    fn empty_and_odd_worksheets_still_render() {
        let empty = Worksheet {
            title: String::new(),
            site_title: String::new(),
            url: String::new(),
            notice: vec![],
            blocks: vec![],
            words: Default::default(),
        };
        let odd = Worksheet {
            title: "Odd".into(),
            site_title: "Site".into(),
            url: "not a url".into(),
            words: Default::default(),
            notice: vec![
                Block::Paragraph(vec![]),
                Block::List {
                    ordered: true,
                    items: vec![],
                },
            ],
            blocks: vec![
                Block::Heading {
                    level: 0,
                    text: vec![],
                },
                Block::Heading {
                    level: 200,
                    text: span("Deep"),
                },
                Block::Paragraph(vec![]),
                Block::List {
                    ordered: false,
                    items: vec![],
                },
                Block::Quote(vec![]),
                Block::Prompt {
                    question: String::new(),
                    lines: 0,
                },
                Block::Scale {
                    question: "Backwards".into(),
                    min: 5,
                    max: 1,
                    low: None,
                    high: None,
                },
                Block::Scale {
                    question: "One".into(),
                    min: 3,
                    max: 3,
                    low: None,
                    high: Some("only".into()),
                },
                Block::Scale {
                    question: "Wide".into(),
                    min: 0,
                    max: 20,
                    low: Some("none".into()),
                    high: Some("all".into()),
                },
                Block::Fields { labels: vec![] },
                Block::Table {
                    columns: vec![],
                    rows: 3,
                },
                Block::Table {
                    columns: vec!["Only".into()],
                    rows: 0,
                },
                Block::Checklist { items: vec![] },
                Block::Prompt {
                    question: "Long".into(),
                    lines: 40,
                },
                Block::Paragraph(span(&"A very long paragraph that goes on. ".repeat(300))),
                Block::Paragraph(span("Emoji 🙂, CJK 信頼, Arabic ثقة, and a\nline break.")),
            ],
        };
        let maker = PdfMaker::new();
        for sheet in [&empty, &odd] {
            for paper in [Paper::A4, Paper::Letter] {
                if let Err(problems) = maker.render(&[sheet], paper) {
                    panic!("{:?} failed: {problems:#?}", sheet.title);
                }
            }
        }
        let text = text(&render(&[&odd], Paper::A4));
        assert!(text.contains("Not") || text.contains("20"), "{text}");
    }

    #[test]
    fn impossible_sizes_are_errors_not_panics() {
        let mut sheet = sample("Too big");
        sheet.blocks = vec![
            Block::Scale {
                question: "Huge".into(),
                min: i32::MIN,
                max: i32::MAX,
                low: None,
                high: None,
            },
            Block::Prompt {
                question: "Lines".into(),
                lines: u32::MAX,
            },
            Block::Table {
                columns: vec!["a".into()],
                rows: u32::MAX,
            },
        ];
        let problems = PdfMaker::new()
            .render(&[&sheet], Paper::A4)
            .expect_err("too big");
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("scale"), "{problems:#?}");
        let none = PdfMaker::new()
            .render(&[], Paper::A4)
            .expect_err("nothing to render");
        assert_eq!(none.len(), 1);
    }

    /// The PDF side and the Markdown side share one table of limits: a block at each limit
    /// prints, one past it is refused on both sides.
    #[test]
    fn the_limits_are_the_worksheet_syntax_limits() {
        use crate::worksheet::limits::*;
        use crate::worksheet::parse_block;
        let at = |extra: u32| {
            vec![
                Block::Prompt {
                    question: "Lines".into(),
                    lines: MAX_PROMPT_LINES + extra,
                },
                Block::Scale {
                    question: "Values".into(),
                    min: 1,
                    max: MAX_SCALE_VALUES + extra as i32,
                    low: None,
                    high: None,
                },
                Block::Table {
                    columns: vec!["c".into(); MAX_TABLE_COLUMNS + extra as usize],
                    rows: MAX_TABLE_ROWS + extra,
                },
            ]
        };
        let maker = PdfMaker::new();
        let mut sheet = sample("At the limits");
        sheet.blocks = at(0);
        maker
            .render(&[&sheet], Paper::A4)
            .expect("every block at its limit prints");
        sheet.blocks = at(1);
        let problems = maker.render(&[&sheet], Paper::A4).expect_err("one past");
        assert_eq!(problems.len(), 4, "{problems:#?}");
        let over = MAX_PROMPT_LINES + 1;
        assert!(parse_block("prompt", &format!("lines={over}"), "Q").is_err());
        let over = MAX_SCALE_VALUES + 1;
        assert!(parse_block("scale", &format!("min=1 max={over}"), "Q").is_err());
        let over = MAX_TABLE_ROWS + 1;
        assert!(parse_block("table", &format!("columns=a rows={over}"), "").is_err());
        let columns = ["c"; MAX_TABLE_COLUMNS + 1].join("|");
        assert!(parse_block("table", &format!("columns=\"{columns}\""), "").is_err());
    }

    #[test]
    fn typst_warnings_and_errors_are_errors() {
        let sheet = sample("Warned");
        let warned = PdfMaker::with_template("#set text(font: \"No Such Font\")\nHello");
        let problems = warned.render(&[&sheet], Paper::A4).expect_err("a warning");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("warning: unknown font family: no such font")),
            "{problems:#?}"
        );
        let failed = PdfMaker::with_template("#let x = 1 +\n#panic(\"boom\")");
        let problems = failed.render(&[&sheet], Paper::A4).expect_err("an error");
        assert!(
            problems.iter().all(|p| p.contains("error")),
            "{problems:#?}"
        );
    }

    #[test]
    fn output_is_byte_identical() {
        let sheet = sample("Acknowledge the hurt");
        let first = render(&[&sheet], Paper::A4);
        let maker = PdfMaker::new();
        let second = maker.render(&[&sheet], Paper::A4).expect("render");
        evict_caches();
        let third = maker.render(&[&sheet], Paper::A4).expect("render");
        assert!(first == second && second == third, "renders differ");
        let other = render(&[&sample("Another title")], Paper::A4);
        assert_ne!(first, other);
    }

    #[test]
    fn combined_pdf_has_every_sheet_numbered_on_its_own() {
        let sheets = [
            sample("First sheet"),
            sample("Second sheet"),
            sample("Third sheet"),
        ];
        let refs: Vec<&Worksheet> = sheets.iter().collect();
        let pdf = render(&refs, Paper::A4);
        let pdfinfo = poppler("pdfinfo", &[], &pdf);
        assert_eq!(info(&pdfinfo, "Pages"), "6", "{pdfinfo}");
        assert_eq!(info(&pdfinfo, "Title"), "Rebuilding Trust: worksheets");
        let text = text(&pdf);
        for title in ["First sheet", "Second sheet", "Third sheet"] {
            assert!(text.contains(title), "no {title:?} in {text}");
        }
        assert_eq!(text.matches("Page 1 of 2").count(), 3, "{text}");
        assert_eq!(text.matches("Page 2 of 2").count(), 3, "{text}");
        // Each sheet starts on its own page: page 3 begins with the second title.
        let page3 = poppler("pdftotext", &["-f", "3", "-l", "3"], &pdf);
        assert!(page3.trim_start().starts_with("Second sheet"), "{page3}");
    }

    #[test]
    fn renders_in_parallel() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<PdfMaker>();
        let maker = PdfMaker::new();
        let sheets: Vec<Worksheet> = (0..4).map(|i| sample(&format!("Sheet {i}"))).collect();
        let pdfs: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = sheets
                .iter()
                .map(|sheet| {
                    let maker = &maker;
                    scope.spawn(move || maker.render(&[sheet], Paper::Letter))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread").expect("render"))
                .collect()
        });
        for (sheet, pdf) in sheets.iter().zip(&pdfs) {
            assert_eq!(pdf, &maker.render(&[sheet], Paper::Letter).expect("render"));
        }
    }
}
