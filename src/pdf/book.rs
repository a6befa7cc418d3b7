//! The print edition's [`Book`] as the book template (`book.typ`) reads it: `data.json`
//! with the cover, the worksheets' blocks, a table of every string the book prints or
//! names, and the body as Typst markup made of the template's own functions, whose only
//! arguments are numbers: `#H(2, 14)[#S(15)]` is a level-2 heading labelled with string
//! 14 whose text is string 15. User text never becomes markup (Typst shows `#S(i)` as
//! the string it is, never parsing it), yet Typst evaluates the body as markup, about two
//! fifths faster than it walks a tree of nodes in its own code. Worksheet blocks go through
//! the worksheets' own checks and limits.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::data::{block_data, lang_region};
use super::glyphs;
use crate::markdown::book::Node;
use crate::markdown::ImageSource;
use crate::paper::Paper;
use crate::print::{Book, Part};
use crate::worksheet::Block;

/// A file the book's data names: its name in the template's folder, and its bytes.
pub(super) type BookFile = (String, bytes::Bytes);

/// The book's data and its files (`images/<n>.<ext>`, named in the data), or the problems
/// that keep it from being laid out (a worksheet block past the limits).
pub(super) fn book_data(book: &Book, paper: Paper) -> Result<(Json, Vec<BookFile>), Vec<String>> {
    let files: Vec<BookFile> = (book.images.iter().enumerate())
        .map(|(n, (source, bytes))| (image_name(n, source), bytes.clone()))
        .collect();
    let mut body = Body {
        markup: String::with_capacity(64 * 1024),
        strings: Vec::new(),
        index: HashMap::new(),
        blanks: Vec::new(),
        problems: Vec::new(),
        images: book
            .images
            .iter()
            .map(|(s, _)| s)
            .zip(&files)
            .map(|(s, f)| (s, f.0.as_str()))
            .collect(),
    };
    for part in &book.chapters {
        body.part("CH", part);
    }
    if !book.references.is_empty() {
        let (title, label) = (body.text(&book.words.references), body.name("references"));
        let _ = write!(body.markup, "#REFS({title}, {label})[");
        for entry in &book.references {
            let label = body.name(&entry.label);
            let _ = write!(body.markup, "#ENTRY({label})[");
            body.nodes(&entry.text);
            body.markup.push_str("]\n");
        }
        body.markup.push_str("]\n");
    }
    let mut sheets = Vec::new();
    if !book.sheets.is_empty() {
        body.part("PART", &book.sheets_intro);
        for sheet in &book.sheets {
            let (title, label) = (body.text(&sheet.title), body.name(&sheet.label));
            // The sheet's title is a level-2 heading under the worksheets part.
            let blocks = blocks(&sheet.blocks, &sheet.title, 1, &mut body.problems);
            let _ = writeln!(body.markup, "#SHEET({title}, {label}, {})", sheets.len());
            sheets.push(Json::from(blocks));
        }
    }
    let notice = blocks(&book.notice, &book.title, 0, &mut body.problems);
    let blanks: Vec<Json> = (body.blanks.iter())
        .map(|(b, title)| block_data(b, title, &mut body.problems))
        .collect();
    if !body.problems.is_empty() {
        return Err(body.problems);
    }
    let (lang, region) = lang_region(&book.language);
    let mut cover = json!({
        "title": book.title,
        "description": book.description,
        "author": book.author,
        "date": book.date,
        "contents": book.words.contents,
        "disclaimer": book.words.disclaimer,
        "notice": notice,
        "sheets": sheets,
        "blanks": blanks,
    });
    glyphs::stand_in(&mut cover);
    let data = json!({
        "paper": paper.typst_name(),
        "lang": lang,
        "region": region,
        "rtl": book.rtl,
        "page_of": book.words.page_of,
        "cover": cover,
        "strings": body.strings,
        "body": body.markup,
    });
    Ok((data, files))
}

/// The body's markup being written, and the strings and blanks it refers to.
struct Body<'b> {
    markup: String,
    strings: Vec<String>,
    /// Each string's index, so a repeated one (a label, a word) is stored once.
    index: HashMap<String, usize>,
    /// The worksheet blanks of the chapters, with their chapter's title for messages.
    blanks: Vec<(Block, String)>,
    problems: Vec<String>,
    /// The image files' names in the template's folder.
    images: HashMap<&'b ImageSource, &'b str>,
}

impl Body<'_> {
    /// A string's index in the table, for a name Typst does not print (a label, an
    /// address, a file).
    fn name(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), self.strings.len() - 1);
        self.strings.len() - 1
    }

    /// A printed string's index: characters no embedded font shows become a stand-in
    /// (the build has warned where they are).
    fn text(&mut self, s: &str) -> usize {
        if s.chars().all(glyphs::shown) {
            self.name(s)
        } else {
            let shown: String = (s.chars())
                .map(|c| {
                    if glyphs::shown(c) {
                        c
                    } else {
                        glyphs::STAND_IN
                    }
                })
                .collect();
            self.name(&shown)
        }
    }

    /// A chapter: `CH` (a page of the guide) or `PART` (the worksheets part's opening).
    fn part(&mut self, function: &str, part: &Part) {
        let (title, label) = (self.text(&part.title), self.name(&part.label));
        let _ = writeln!(self.markup, "#{function}({title}, {label})[");
        let first_blank = self.blanks.len();
        self.blanks
            .extend((part.chapter.blanks.iter()).map(|b| (b.clone(), part.title.clone())));
        let images: Vec<Option<String>> = (part.chapter.images.iter())
            .map(|s| self.images.get(s).map(|n| n.to_string()))
            .collect();
        self.chapter_nodes(&part.chapter.nodes, first_blank, &images);
        self.markup.push_str("]\n");
    }

    fn chapter_nodes(&mut self, nodes: &[Node], first_blank: usize, images: &[Option<String>]) {
        for node in nodes {
            self.node(node, first_blank, images);
        }
    }

    /// Nodes outside a chapter (a reference entry's): no blanks, no images.
    fn nodes(&mut self, nodes: &[Node]) {
        self.chapter_nodes(nodes, 0, &[]);
    }

    /// `[...]`: a content block of nodes.
    fn block(&mut self, nodes: &[Node], first_blank: usize, images: &[Option<String>]) {
        self.markup.push('[');
        self.chapter_nodes(nodes, first_blank, images);
        self.markup.push(']');
    }

    fn node(&mut self, node: &Node, first_blank: usize, images: &[Option<String>]) {
        let m = |body: &mut Self, call: String, c: &[Node]| {
            body.markup.push_str(&call);
            body.block(c, first_blank, images);
        };
        match node {
            Node::Text { t } => {
                let i = self.text(t);
                let _ = write!(self.markup, "#S({i})");
            }
            Node::Par { c } => {
                m(self, "#par".into(), c);
                self.markup.push('\n');
            }
            Node::Heading { level, label, c } => {
                let label = self.name(label);
                m(self, format!("#H({level}, {label})"), c);
                self.markup.push('\n');
            }
            Node::Em { c } => m(self, "#emph".into(), c),
            Node::Strong { c } => m(self, "#strong".into(), c),
            Node::Strike { c } => m(self, "#strike".into(), c),
            Node::Sup { c } => m(self, "#super".into(), c),
            Node::Sub { c } => m(self, "#sub".into(), c),
            Node::Break => self.markup.push_str("#linebreak()"),
            Node::Rule => self.markup.push_str("#RULE()\n"),
            Node::Code { block, lang, text } => {
                let text = self.text(text);
                if *block {
                    let lang = self.name(lang);
                    let _ = writeln!(self.markup, "#CODE({text}, {lang})");
                } else {
                    let _ = write!(self.markup, "#raw(S({text}))");
                }
            }
            Node::List {
                ordered,
                start,
                items,
            } => {
                let tasks = items
                    .iter()
                    .all(|i| matches!(i, Node::Item { task: Some(_), .. }));
                self.markup.push_str(match (ordered, tasks) {
                    (true, _) => "#enum(",
                    (false, true) => "#list(marker: [], body-indent: 0pt, ",
                    (false, false) => "#list(",
                });
                if *ordered {
                    let _ = write!(self.markup, "start: {start}, ");
                }
                for item in items {
                    if let Node::Item { task, c } = item {
                        match task {
                            Some(done) => m(self, format!("TASK({done})"), c),
                            None => self.block(c, first_blank, images),
                        }
                        self.markup.push_str(", ");
                    }
                }
                self.markup.push_str(")\n");
            }
            Node::Item { c, .. } | Node::Cell { c } => self.block(c, first_blank, images),
            Node::Quote { c } => {
                m(self, "#QUOTE".into(), c);
                self.markup.push('\n');
            }
            Node::Callout { kind, title, c } => {
                let (kind, title) = (self.name(kind), self.text(title));
                m(self, format!("#CALLOUT({kind}, {title})"), c);
                self.markup.push('\n');
            }
            Node::Table { align, head, rows } => {
                let n = align.len().max(1);
                let aligns: Vec<&str> = (align.iter())
                    .map(|a| match *a {
                        "end" => "end",
                        "center" => "center",
                        _ => "start",
                    })
                    .collect();
                let _ = write!(self.markup, "#TABLE({n}, ({},), (", aligns.join(", "));
                self.cells(head, n, first_blank, images);
                self.markup.push_str("), ");
                for row in rows {
                    if let Node::Cell { c } = row {
                        self.cells(c, n, first_blank, images);
                    }
                }
                self.markup.push_str(")\n");
            }
            Node::Link {
                label,
                url,
                note,
                c,
            } => match (label, url) {
                (Some(label), _) => {
                    let label = self.name(label);
                    m(self, format!("#LINK({label})"), c);
                }
                (None, Some(url)) => {
                    let (target, shown) = (self.name(url), self.text(url));
                    match note {
                        true => m(self, format!("#WEB-NOTE({target}, {shown})"), c),
                        false => m(self, format!("#WEB({target})"), c),
                    }
                }
                (None, None) => self.chapter_nodes(c, first_blank, images),
            },
            Node::Note { label, first, c } => {
                let label = self.name(label);
                match first {
                    true => m(self, format!("#NOTE({label})"), c),
                    false => {
                        let _ = write!(self.markup, "#NOTE-AGAIN({label})");
                    }
                }
            }
            Node::NoteText { c, .. } => {
                m(self, "#NOTE-TEXT".into(), c);
                self.markup.push('\n');
            }
            Node::Image { n, alt } => {
                let Some(Some(path)) = images.get(*n) else {
                    return;
                };
                let path = self.name(path);
                // Alt text is read out, never drawn: no stand-in.
                match alt {
                    Some(alt) => {
                        let alt = self.name(alt);
                        let _ = write!(self.markup, "#IMAGE({path}, {alt})");
                    }
                    None => {
                        let _ = write!(self.markup, "#IMAGE({path}, none)");
                    }
                }
            }
            Node::Blank { n } => {
                let _ = writeln!(self.markup, "#BLANK({})", first_blank + n);
            }
        }
    }

    /// A row's cells, as many as the table has columns.
    fn cells(&mut self, cells: &[Node], n: usize, first_blank: usize, images: &[Option<String>]) {
        for i in 0..n {
            match cells.get(i) {
                Some(cell) => self.node(cell, first_blank, images),
                None => self.markup.push_str("[]"),
            }
            self.markup.push_str(", ");
        }
    }
}

/// What the book's PDFs depend on, whatever the paper: its data (with A4 for the paper,
/// which the caller adds) and its images. Made once per build for both papers: it writes
/// the whole book's markup.
pub fn book_fingerprint(book: &Book) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    if let Ok((data, files)) = book_data(book, Paper::A4) {
        hasher.update(data.to_string().as_bytes());
        for (name, bytes) in files {
            hasher.update(name.as_bytes()).update(&bytes);
        }
    }
    hasher.finalize()
}

/// Worksheet blocks as the sheet template reads them, headings `shift` levels deeper.
fn blocks(blocks: &[Block], title: &str, shift: u64, problems: &mut Vec<String>) -> Vec<Json> {
    (blocks.iter())
        .map(|b| {
            let mut data = block_data(b, title, problems);
            if let Some(level) = data.get_mut("level") {
                *level = Json::from((level.as_u64().unwrap_or(2) + shift).min(6));
            }
            data
        })
        .collect()
}

/// An image's name in the book's virtual folder, which keeps its extension: Typst tells
/// an SVG from a raster image by it.
fn image_name(n: usize, source: &ImageSource) -> String {
    let ext = (source.path().rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default();
    format!("images/{n}.{ext}")
}
#[cfg(test)]
mod tests {
    //! The book laid out from Markdown, read back with poppler-utils' `pdftotext` and
    //! `pdfinfo` (a missing tool fails the test).

    use crate::i18n::Strings;
    use crate::markdown::{book, Chapter, PageInput};
    use crate::paper::Paper;
    use crate::print::{Book, BookWords, Part};
    use std::collections::HashMap;

    /// A book of one chapter made from `markdown`.
    pub(crate) fn book_of(markdown: &str) -> Book {
        let strings = Strings::english();
        let urls: HashMap<String, String> = [("a.md".to_string(), "/a/".to_string())].into();
        let anchors: HashMap<String, String> = [("a.md".to_string(), "page-a".to_string())].into();
        let by_url: HashMap<String, String> = [("/a/".to_string(), "page-a".to_string())].into();
        let text = format!("---\ntitle: A\n---\n{markdown}");
        let page = PageInput {
            chapter: Some(Chapter {
                anchor: "page-a",
                anchors: &anchors,
                by_url: &by_url,
            }),
            ..PageInput::for_test("a.md", &text, markdown.len(), &urls, &strings)
        };
        let chapter = book::chapter(&page, &|path| format!("https://example.org{path}"));
        Book {
            title: "A book".into(),
            description: Some("Its cover text".into()),
            author: Some("Someone".into()),
            date: "2026-12-06".into(),
            language: "en".into(),
            rtl: false,
            words: BookWords {
                contents: "Contents".into(),
                references: "References".into(),
                worksheets: "Worksheets".into(),
                page_of: strings.page_of(),
                disclaimer: "Education, not therapy.".into(),
            },
            notice: Vec::new(),
            chapters: vec![Part {
                title: "Chapter A".into(),
                label: "page-a".into(),
                chapter,
            }],
            references: Vec::new(),
            sheets_intro: Part::default(),
            sheets: Vec::new(),
            images: Vec::new(),
        }
    }

    pub(crate) fn pdftotext(pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("book.pdf");
        std::fs::write(&path, pdf).expect("write the PDF");
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs: install poppler-utils");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn every_markdown_construct_is_in_the_book() {
        let markdown = "Intro with *em*, **strong**, ~~gone~~, `code` and a [link](https://example.org/x).\n\n\
            ## Section {#sec}\n\n\
            - one\n- two\n\n\
            1. first\n2. second\n\n\
            - [ ] todo\n- [x] done\n\n\
            > A quote.\n\n\
            > [!WARNING]\n> Careful.\n\n\
            | H1 | H2 |\n|:---|---:|\n| c1 | c2 |\n| c3 |\n\n\
            ```rust\nfn main() {}\n```\n\n\
            A note[^n] and [back](#sec).\n\n\
            [^n]: The note text.\n\n\
            ---\n\n\
            Line one  \nline two.\n";
        let book = book_of(markdown);
        let pdf = super::super::PdfMaker::new()
            .render_book(&book, Paper::A4)
            .unwrap_or_else(|p| panic!("{p:#?}"));
        if let Some(path) = std::env::var_os("KINTSUGI_BOOK_OUT") {
            std::fs::write(path, &pdf).expect("write the book");
        }
        let text = pdftotext(&pdf);
        for expected in [
            "A book",
            "Its cover text",
            "Contents",
            "Chapter A",
            "Intro with em, strong, gone,",
            "code",
            "Section",
            "one",
            "two",
            "first",
            "second",
            "todo",
            "done",
            "A quote.",
            "Warning",
            "Careful.",
            "H1",
            "H2",
            "c1",
            "c2",
            "c3",
            "fn main() {}",
            "The note text.",
            "https://example.org/x",
            "Line one",
            "line two.",
        ] {
            assert!(text.contains(expected), "no {expected:?} in {text}");
        }
    }
}
