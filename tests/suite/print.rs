//! The print edition: `/print/` (every page on one page) and the book PDFs, read back
//! with poppler-utils (`pdfinfo`, `pdffonts`, `pdftotext`, `pdfimages`; a missing tool
//! fails the test) and with a small reader of the PDF's link annotations.

use crate::harness::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// The fixture: a home page, a context page with every Markdown construct, a page left
/// out with `print: false`, two steps that cite and cross-link, a closing page and a
/// worksheet, with the shared bibliography.
fn book_site() -> Site {
    let site = Site::fixture("print/book").with_bibliography();
    // A 64×64 PNG beside the context page.
    let pixels =
        image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 128]));
    pixels
        .save(site.path("content/square.png"))
        .expect("write the test image");
    site
}

fn poppler(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{tool}` ({e}): install poppler-utils (apt-get install -y poppler-utils)")
        });
    assert!(
        out.status.success(),
        "`{tool}` failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A built book PDF, with what poppler and the link reader say of it.
struct Book {
    bytes: Vec<u8>,
    info: String,
    /// Each page's text, white space collapsed.
    pages: Vec<String>,
    /// Named destinations: label -> page (1-based).
    dests: HashMap<String, usize>,
    path: std::path::PathBuf,
}

impl Book {
    fn read(site: &Site, name: &str) -> Book {
        let path = site.path("public/print").join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let info = poppler("pdfinfo", &[], &path);
        let text = poppler("pdftotext", &["-enc", "UTF-8"], &path);
        let mut pages: Vec<String> = text
            .split('\u{c}')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if pages.last().is_some_and(|p| p.is_empty()) {
            pages.pop();
        }
        let dests = poppler("pdfinfo", &["-dests"], &path)
            .lines()
            .skip(1)
            .filter_map(|line| {
                let page: usize = line.split_whitespace().next()?.parse().ok()?;
                let name = line.rsplit_once(" \"")?.1.strip_suffix('"')?;
                Some((name.to_string(), page))
            })
            .collect();
        Book {
            bytes,
            info,
            pages,
            dests,
            path,
        }
    }

    fn info(&self, key: &str) -> &str {
        self.info
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .unwrap_or_else(|| panic!("pdfinfo has no {key}: {}", self.info))
            .trim()
    }

    /// The page (1-based) a label is on.
    fn page_of(&self, label: &str) -> usize {
        *self
            .dests
            .get(label)
            .unwrap_or_else(|| panic!("no destination {label:?} in {:?}", self.dests))
    }

    fn text(&self) -> String {
        self.pages.join(" ")
    }
}

/// Where a link annotation goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Page(usize),
    Uri(String),
}

/// Every link annotation of a PDF as (the page it is on, where it goes), read from the
/// PDF's objects (Typst writes them uncompressed): each page's `/Annots`, each link's
/// `/Dest` (by name through `pdfinfo -dests`, or a destination array) or `/URI`.
fn links(book: &Book) -> Vec<(usize, Target)> {
    let text = String::from_utf8_lossy(&book.bytes);
    let mut objects: HashMap<u32, &str> = HashMap::new();
    for (at, _) in text.match_indices(" 0 obj") {
        let start = text[..at]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        let Ok(n) = text[start..at].parse::<u32>() else {
            continue;
        };
        let body = &text[at + 6..];
        let end = body.find("endobj").unwrap_or(body.len());
        objects.insert(n, &body[..end]);
    }
    let refs = |s: &str| -> Vec<u32> {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || "[]<>/".contains(c))
            .filter(|w| !w.is_empty())
            .collect();
        (0..words.len().saturating_sub(2))
            .filter(|&i| words[i + 1] == "0" && words[i + 2].starts_with('R'))
            .filter_map(|i| words[i].parse().ok())
            .collect()
    };
    // The page tree, in order.
    let root = objects
        .iter()
        .find(|(_, b)| b.contains("/Type/Pages") && !b.contains("/Parent"))
        .map(|(n, _)| *n)
        .expect("a page tree");
    let mut pages = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let body = objects[&n];
        if body.contains("/Type/Pages") {
            let kids = body.split("/Kids").nth(1).expect("kids");
            let kids = &kids[..kids.find(']').expect("end of kids") + 1];
            stack.extend(refs(kids).into_iter().rev());
        } else {
            pages.push(n);
        }
    }
    let page_number = |obj: u32| pages.iter().position(|p| *p == obj).map(|i| i + 1);
    let mut found = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let body = objects[page];
        let Some(annots) = body.split("/Annots").nth(1) else {
            continue;
        };
        let annots = if annots.starts_with('[') {
            refs(&annots[..annots.find(']').unwrap() + 1])
        } else {
            let array = refs(&annots[..annots.find('R').unwrap() + 1])[0];
            refs(objects[&array])
        };
        for annot in annots {
            let body = objects[&annot];
            if !body.contains("/Subtype/Link") {
                continue;
            }
            let target = if let Some(rest) = body.split("/Dest(").nth(1) {
                let name = &rest[..rest.find(')').unwrap()];
                Target::Page(book.page_of(name))
            } else if let Some(rest) = body.split("/Dest").nth(1) {
                let dest = if rest.starts_with('[') {
                    refs(rest)[0]
                } else {
                    refs(objects[&refs(rest)[0]])[0]
                };
                Target::Page(page_number(dest).expect("a destination on a page"))
            } else if let Some(rest) = body.split("/URI(").nth(1) {
                Target::Uri(rest[..rest.find(')').unwrap()].to_string())
            } else {
                panic!("a link annotation with neither /Dest nor /URI: {body}");
            };
            found.push((i + 1, target));
        }
    }
    found
}

/// The chapters, by their anchors, in the order of the book.
const CHAPTERS: [(&str, &str); 8] = [
    ("home", "Welcome home"),
    ("page-context", "Before the steps"),
    ("page-steps", "The steps"),
    ("page-steps-one", "Step one"),
    ("page-steps-two", "Step two"),
    ("page-closing", "After the steps"),
    ("references", "References"),
    ("page-worksheets", "Worksheets"),
];

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn the_book_is_a_tagged_a4_and_letter_pdf_with_its_fonts_and_language() {
    let site = book_site();
    site.build().success();
    for (name, size) in [
        ("print-test-a4.pdf", "595.276 x 841.89 pts (A4)"),
        ("print-test-letter.pdf", "612 x 792 pts (letter)"),
    ] {
        let book = Book::read(&site, name);
        assert_eq!(book.info("Page size"), size, "{name}");
        assert_eq!(book.info("Tagged"), "yes", "{name}");
        assert_eq!(book.info("Title"), "Print Test", "{name}");
        assert_eq!(book.info("Author"), "The Test Authors", "{name}");
        let pages: usize = book.info("Pages").parse().unwrap();
        assert!((9..=30).contains(&pages), "{name} has {pages} pages");
        assert_eq!(pages, book.pages.len());
        // The document's language, in the catalog, and its outline (bookmarks) of the
        // chapters and their sections.
        let raw = String::from_utf8_lossy(&book.bytes);
        assert!(raw.contains("/Lang(en)"), "{name} has no /Lang(en)");
        assert!(raw.contains("/Outlines"), "{name} has no outline");
        for (_, title) in CHAPTERS.iter().chain(&[("", "The details")]) {
            assert!(
                raw.contains(&format!("/Title({title})")),
                "{name}: no bookmark {title:?}"
            );
        }
        let fonts = poppler("pdffonts", &[], &book.path);
        let rows: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(rows.iter().any(|r| r.contains("Inter")), "{fonts}");
        assert!(
            rows.iter().any(|r| r.contains("DejaVuSansMono")),
            "code font: {fonts}"
        );
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {fonts}");
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn chapters_follow_the_reading_order_and_the_contents_gives_their_pages() {
    let site = book_site();
    site.build().success();
    let book = Book::read(&site, "print-test-a4.pdf");
    // Each chapter starts on a page of its own, in reading order, with its title first.
    let starts: Vec<usize> = CHAPTERS
        .iter()
        .map(|(label, _)| book.page_of(label))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    for ((label, title), page) in CHAPTERS.iter().zip(&starts) {
        assert!(
            book.pages[page - 1].starts_with(title),
            "{label} on page {page} does not start with {title:?}: {}",
            book.pages[page - 1]
        );
    }
    // The worksheet comes after the worksheets part's own page text.
    let sheet = book.page_of("page-worksheets-one");
    assert!(sheet > book.page_of("page-worksheets"), "{sheet}");
    // The contents, on the pages after the cover, give each chapter's page.
    let layout = poppler(
        "pdftotext",
        &["-layout", "-f", "2", "-l", "3", "-enc", "UTF-8"],
        &book.path,
    );
    let listed: BTreeMap<String, usize> = layout
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let (title, rest) = line.split_once(" .")?;
            let page = rest
                .trim_end()
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()?;
            Some((title.trim().to_string(), page.parse().ok()?))
        })
        .collect();
    for ((label, title), page) in CHAPTERS.iter().zip(&starts) {
        assert_eq!(
            listed.get(*title),
            Some(page),
            "the contents give {title:?} ({label}) another page: {listed:?}"
        );
    }
    assert_eq!(
        listed.get("The details"),
        Some(&book.page_of("page-steps-one--the-details"))
    );
    // The cover: title, description, author; then the contents.
    assert!(
        book.pages[0].starts_with("Print Test A small guide for the print edition's tests."),
        "{}",
        book.pages[0]
    );
    assert!(
        book.pages[0].contains("The Test Authors"),
        "{}",
        book.pages[0]
    );
    assert!(book.pages[1].starts_with("Contents"), "{}", book.pages[1]);
    assert!(
        book.pages[0].contains("Educational content, not therapy or medical advice."),
        "{}",
        book.pages[0]
    );
    // A page marked `print: false` is not in the book.
    assert!(!book.text().contains("Only on the web"), "{}", book.text());
    // Running heads name the chapter; every page but the cover has its number.
    let details = book.page_of("page-steps-one--the-details");
    assert!(!book.pages[0].contains("Page 1 of"), "{}", book.pages[0]);
    for (i, page) in book.pages.iter().enumerate().skip(1) {
        let n = i + 1;
        assert!(
            page.contains(&format!("Page {n} of {}", book.pages.len())),
            "page {n}: {page}"
        );
        if n > details && n < book.page_of("page-steps-two") {
            assert!(page.starts_with("Step one"), "page {n}: {page}");
        }
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn every_markdown_construct_is_in_the_book() {
    let site = book_site();
    site.build().success();
    let book = Book::read(&site, "print-test-a4.pdf");
    let context =
        &book.pages[book.page_of("page-context") - 1..book.page_of("page-steps") - 1].join(" ");
    for expected in [
        "an emphasised item",
        "a strong item with inline code",
        "first numbered",
        "second numbered",
        "a task still to do",
        "a task already done",
        "A block quote that should stay in the book.",
        "Tip A tip the book keeps with its title word.",
        "fn repair() -> Trust { Trust::new() }",
        "Feeling Need hurt time fear safety",
        "The footnote’s own gentle text.",
        "the example site",
        "https://example.org/guide",
        "Struck out words",
        "a line broken in two.",
    ] {
        assert!(context.contains(expected), "no {expected:?} in {context}");
    }
    // The worksheet's blank: its question over ruled lines.
    assert!(book.text().contains("What happened?"), "{}", book.text());
    // The image, embedded.
    let images = poppler("pdfimages", &["-list"], &book.path);
    assert!(
        images
            .lines()
            .skip(2)
            .any(|l| l.contains(" 64 ") && l.contains(" 64 ")),
        "{images}"
    );
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn citations_and_cross_links_are_links_to_the_right_pages() {
    let site = book_site();
    site.build().success();
    let book = Book::read(&site, "print-test-a4.pdf");
    let references = book.page_of("references");
    let text = &book.pages[references - 1];
    for author in [
        "Field, T. (2017)",
        "Johnson, S. M. (2008)",
        "Johnson, S. M. (2013)",
        "Kross, E.",
        "Rahe, M.",
    ] {
        assert!(
            text.contains(author),
            "no {author:?} in the references: {text}"
        );
    }
    let links = links(&book);
    let from = |label: &str| -> Vec<Target> {
        let page = book.page_of(label);
        links
            .iter()
            .filter(|(p, _)| *p == page)
            .map(|(_, t)| t.clone())
            .collect()
    };
    // Home links the first step and its details, and cites.
    let home = from("home");
    for target in [
        Target::Page(book.page_of("page-steps-one")),
        Target::Page(book.page_of("page-steps-one--the-details")),
        Target::Page(references),
    ] {
        assert!(
            home.contains(&target),
            "home lacks a link to {target:?}: {home:?}"
        );
    }
    // Step one: two citations to the references, a link to step two, and the page left
    // out of the book linked on the web.
    let one = from("page-steps-one");
    assert!(
        one.iter()
            .filter(|t| **t == Target::Page(references))
            .count()
            >= 2,
        "{one:?}"
    );
    assert!(
        one.contains(&Target::Page(book.page_of("page-steps-two"))),
        "{one:?}"
    );
    assert!(
        one.contains(&Target::Uri("https://print.example/hidden/".into())),
        "{one:?}"
    );
    // Step two: a narrative citation and a link back to the details.
    let two = from("page-steps-two");
    assert!(two.contains(&Target::Page(references)), "{two:?}");
    assert!(
        two.contains(&Target::Page(book.page_of("page-steps-one--the-details"))),
        "{two:?}"
    );
    // The web link, clickable.
    let context = from("page-context");
    assert!(
        context.contains(&Target::Uri("https://example.org/guide".into())),
        "{context:?}"
    );
    // The contents link every chapter.
    let contents: Vec<Target> = links
        .iter()
        .filter(|(p, _)| *p == 2)
        .map(|(_, t)| t.clone())
        .collect();
    for (label, _) in CHAPTERS {
        assert!(
            contents.contains(&Target::Page(book.page_of(label))),
            "{label}: {contents:?}"
        );
    }
}

#[test]
fn the_print_page_holds_every_chapter_with_links_within_it() {
    let site = book_site();
    site.build().success();
    let html = site.output("print/index.html");
    let main = main_of(&html);
    // Chapters in reading order, each a section with its anchor.
    let mut at = 0;
    for (label, title) in CHAPTERS {
        let found = main[at..]
            .find(&format!("id=\"{label}\""))
            .unwrap_or_else(|| panic!("no chapter {label} after byte {at}: {main}"));
        at += found;
        assert!(main[at..].contains(title), "{title}");
    }
    assert!(!main.contains("Only on the web"));
    // On paper, the front page says what the guide is not.
    assert!(
        main.contains("<p class=\"print-disclaimer\">Educational content, not therapy"),
        "{main}"
    );
    // Links to pages of the edition go within it; the left-out page keeps its URL.
    for href in [
        "#page-steps-one",
        "#page-steps-one--the-details",
        "#page-steps-two",
        "/hidden/",
        "#ref-johnson2008",
    ] {
        assert!(
            hrefs(main).contains(&href),
            "no link to {href}: {:?}",
            hrefs(main)
        );
    }
    assert!(!hrefs(main).contains(&"/steps/one/"), "{:?}", hrefs(main));
    // Every id once, though every page has its own footnotes and citations.
    let mut ids = HashSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(ids.insert(id), "id {id:?} twice");
    }
    for id in [
        "page-context--gentle",
        "page-steps-one--cite-1",
        "page-steps-one--the-details",
        "ref-kross2011",
    ] {
        assert!(ids.contains(id), "no id {id}: {ids:?}");
    }
    // The book PDFs, and links to the edition from home and every page's footer.
    for pdf in ["/print/print-test-a4.pdf", "/print/print-test-letter.pdf"] {
        assert!(
            hrefs(&html).contains(&pdf) || !cfg!(feature = "pdf"),
            "{pdf}"
        );
    }
    assert!(hrefs(&site.main_of("index.html")).contains(&"/print/"));
    assert!(hrefs(&site.output("steps/two/index.html")).contains(&"/print/"));
}

#[test]
fn print_false_and_the_cover_settings_shape_the_edition() {
    let site = book_site();
    site.write(
        "site.yaml",
        "title: Print Test\nbase_url: https://print.example/\nprint:\n  title: The Whole Guide\n  cover: Printed for a group evening.\n",
    );
    site.patch(
        "content/closing.md",
        "weight: 90\n",
        "weight: 90\nprint: false\n",
    );
    site.build().success();
    let html = site.main_of("print/index.html");
    assert!(
        html.contains("<h1 id=\"page-title\">The Whole Guide</h1>"),
        "{html}"
    );
    assert!(!html.contains("After the steps"), "{html}");
    if cfg!(feature = "pdf") {
        let book = Book::read(&site, "print-test-a4.pdf");
        assert_eq!(book.info("Title"), "The Whole Guide");
        assert!(
            book.pages[0].starts_with("The Whole Guide Printed for a group evening."),
            "{}",
            book.pages[0]
        );
        assert!(!book.text().contains("After the steps"));
    }
    // `pdf: false` keeps the page and makes no books.
    site.write(
        "site.yaml",
        "title: Print Test\nbase_url: https://print.example/\nprint:\n  pdf: false\n",
    );
    site.build().success();
    assert!(site.has_output("print/index.html"));
    assert!(!site.has_output("print/print-test-a4.pdf"));
    assert!(!hrefs(&site.output("print/index.html"))
        .iter()
        .any(|h| h.ends_with(".pdf")));
    // An unknown key under `print` is an error at it.
    site.write(
        "site.yaml",
        "title: Print Test\nbase_url: https://print.example/\nprint:\n  titel: Oops\n",
    );
    site.build().code(1).stderr_has("site.yaml:4:3: error:");
}

#[test]
fn what_the_book_cannot_show_is_a_warning_at_its_line() {
    let site = book_site();
    site.patch(
        "content/closing.md",
        "A closing page after the steps [@johnson2013].\n",
        "A closing page after the steps [@johnson2013].\n\n<div class=\"x\">Raw words</div>\n\n![A web picture](https://example.org/p.png)\n\nTrust is 信頼.\n",
    );
    let run = site.build();
    run.success();
    run.diag("content/closing.md:8:1: warning: the print edition leaves out raw HTML `<div class=\"x\">Raw words</div>`")
        .hint("print: false");
    run.diag("content/closing.md:10:1: warning: the print edition shows the web image `https://example.org/p.png` as its alt text");
    if cfg!(feature = "pdf") {
        run.diag("content/closing.md:12:10: warning: the print edition's fonts cannot show `信頼`: the book prints `?` in their place");
        let book = Book::read(&site, "print-test-a4.pdf");
        let text = book.text();
        assert!(text.contains("A web picture"), "{text}");
        assert!(text.contains("Trust is ??."), "{text}");
        assert!(!text.contains("Raw words"), "{text}");
    }
    // The page itself shows all of it.
    let page = site.main_of("closing/index.html");
    assert!(
        page.contains("Raw words") && page.contains("信頼"),
        "{page}"
    );
}

#[test]
fn each_language_has_its_edition_in_its_words() {
    let site = Site::fixture("languages/two");
    site.build().success();
    let de = site.main_of("de/print/index.html");
    assert!(
        de.contains("<h2 id=\"print-contents-title\">Inhalt</h2>"),
        "{de}"
    );
    let en = site.main_of("print/index.html");
    assert!(
        en.contains("<h2 id=\"print-contents-title\">Contents</h2>"),
        "{en}"
    );
    // A German page links the German edition.
    assert!(hrefs(&site.output("de/index.html")).contains(&"/de/print/"));
    if cfg!(feature = "pdf") {
        let bytes =
            std::fs::read(site.path("public/de/print/trust-a4.pdf")).expect("the German book");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Lang(de)"), "no /Lang(de)");
        let pdftext = poppler(
            "pdftotext",
            &["-enc", "UTF-8"],
            &site.path("public/de/print/trust-a4.pdf"),
        );
        assert!(pdftext.contains("Inhalt"), "{pdftext}");
        assert!(pdftext.contains("Seite 2 von"), "{pdftext}");
    }
}

#[test]
#[cfg_attr(not(feature = "pdf"), ignore = "needs the pdf feature")]
fn serve_shows_an_edit_first_and_makes_the_book_after() {
    let site = book_site();
    let server = Server::start(&site, &[]);
    server.wait_for_books();
    let book = "/print/print-test-a4.pdf";
    let before = server.get(book);
    assert_eq!(before.status, 200);
    let events = server.events_with_data();
    site.patch(
        "content/closing.md",
        "A closing page after the steps",
        "A closing page, edited while serving,",
    );
    // The reload comes while the books are still being made: the page did not wait.
    let (name, data) = events
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("a reload");
    assert_eq!(name, "reload", "{data}");
    let status: serde_json::Value = serde_json::from_str(&data).expect("status JSON");
    let pending: Vec<&str> = status["pending"]
        .as_array()
        .expect("pending")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(
        pending,
        ["print/print-test-a4.pdf", "print/print-test-letter.pdf"],
        "{data}"
    );
    assert!(server
        .get("/closing/")
        .text()
        .contains("edited while serving"));
    // Until they are made, the last books are served; then the new ones.
    assert_eq!(server.get(book).status, 200);
    server.wait_for_books();
    let after = server.get(book);
    assert_ne!(after.body, before.body, "the book was not remade");
    let file = site.outer().join("served.pdf");
    std::fs::write(&file, &after.body).unwrap();
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &file);
    assert!(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("edited while serving"),
        "{text}"
    );
    server.assert_serves_a_clean_build(&site);
}

#[test]
fn a_site_too_big_for_one_book_gets_a_warning_and_no_edition() {
    let site = Site::fixture("basic");
    for i in 0..2000 {
        site.write(
            &format!("content/many/p{i:04}.md"),
            &format!("---\ntitle: Page {i}\n---\n\nText {i}.\n"),
        );
    }
    let run = site.build();
    run.success();
    run.diag_starting("site.yaml: warning: no print edition: the site has 20")
        .hint("print: false");
    assert!(!site.has_output("print/index.html"));
    assert!(!site.has_output("print/basic-site-a4.pdf"));
    assert!(!hrefs(&site.output("about/index.html")).contains(&"/print/"));
    // Leaving pages out brings it back (without books: a debug build's Typst would take
    // minutes over 2,000 pages).
    site.patch(
        "site.yaml",
        "title: Basic Site",
        "title: Basic Site\nprint:\n  pdf: false",
    );
    for i in 0..20 {
        site.patch(
            &format!("content/many/p{i:04}.md"),
            "title: Page",
            "print: false\ntitle: Page",
        );
    }
    site.build().success().stderr_lacks("no print edition");
    assert!(site.has_output("print/index.html"));
}
