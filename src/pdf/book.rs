//! The JSON the book template (`book.typ`) reads as `data.json`, and the image files it
//! names: the print edition's [`Book`] as data. User text reaches Typst only this way,
//! never as markup; worksheet blocks go through the worksheets' own checks and limits.

use serde_json::{json, Value as Json};

use super::data::{block_data, lang_region};
use crate::markdown::ImageSource;
use crate::paper::Paper;
use crate::print::{Book, Part};
use crate::worksheet::Block;

/// A file the book's data names: its name in the template's folder, and its bytes.
pub(super) type BookFile = (String, bytes::Bytes);

/// The book's data and its files (`images/<n>.<ext>`, named in the data), or the problems
/// that keep it from being laid out (a worksheet block past the limits).
pub(super) fn book_data(book: &Book, paper: Paper) -> Result<(Json, Vec<BookFile>), Vec<String>> {
    let mut problems = Vec::new();
    let files: Vec<BookFile> = (book.images.iter().enumerate())
        .map(|(n, (source, bytes))| (image_name(n, source), bytes.clone()))
        .collect();
    let path_of = |source: &ImageSource| {
        let n = book.images.iter().position(|(s, _)| s == source)?;
        Some(files[n].0.clone())
    };
    let part = |p: &Part, problems: &mut Vec<String>| {
        let images: Vec<Json> = (p.chapter.images.iter())
            .map(|s| path_of(s).map_or(Json::Null, Json::from))
            .collect();
        json!({
            "title": p.title,
            "label": p.label,
            "nodes": p.chapter.nodes,
            "images": images,
            "blanks": blocks(&p.chapter.blanks, &p.title, 0, problems),
        })
    };
    let chapters: Vec<Json> = (book.chapters.iter())
        .map(|p| part(p, &mut problems))
        .collect();
    let sheets_intro = part(&book.sheets_intro, &mut problems);
    let sheets: Vec<Json> = (book.sheets.iter())
        .map(|s| {
            json!({
                "title": s.title,
                "label": s.label,
                // The sheet's title is a level-2 heading under the worksheets part.
                "blocks": blocks(&s.blocks, &s.title, 1, &mut problems),
            })
        })
        .collect();
    let references: Vec<Json> = (book.references.iter())
        .map(|e| json!({"label": e.label, "c": e.text}))
        .collect();
    let notice = blocks(&book.notice, &book.title, 0, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let (lang, region) = lang_region(&book.language);
    let mut data = json!({
        "title": book.title,
        "description": book.description,
        "author": book.author,
        "date": book.date,
        "paper": paper.typst_name(),
        "lang": lang,
        "region": region,
        "rtl": book.rtl,
        "words": {
            "contents": book.words.contents,
            "references": book.words.references,
        },
        "page_of": book.words.page_of,
        "notice": notice,
        "chapters": chapters,
        "references": references,
        "sheets-intro": sheets_intro,
        "sheets": sheets,
    });
    super::glyphs::stand_in(&mut data);
    Ok((data, files))
}

/// Feeds what the book's PDF depends on into `hasher`: its data and its images.
pub fn hash_book(book: &Book, hasher: &mut blake3::Hasher) {
    // The paper is the caller's: the data is hashed with one of them.
    if let Ok((data, files)) = book_data(book, Paper::A4) {
        hasher.update(data.to_string().as_bytes());
        for (name, bytes) in files {
            hasher.update(name.as_bytes()).update(&bytes);
        }
    }
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
        let text = format!("---\ntitle: A\n---\n{markdown}");
        let page = PageInput {
            chapter: Some(Chapter {
                anchor: "page-a",
                anchors: &anchors,
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
