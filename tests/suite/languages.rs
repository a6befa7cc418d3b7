//! The site's language: every word the theme shows comes from its catalog (`t(key=…)`),
//! `<html lang dir>` follow it, citations use its CSL locale, and a site can override or add
//! strings with its own `i18n/<language>.ftl`.

use crate::harness::{list_files, Site};
use std::path::Path;

/// The literal text of every message in a catalog (placeables and select syntax removed),
/// in pieces of at least four characters with a letter: what a page would show of it.
fn catalog_fragments(ftl: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in ftl.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() || line == "}" {
            continue;
        }
        // `key = value`, or a variant `[one] value` / `*[other] value`.
        let value = match line.split_once(" = ") {
            Some((key, value)) if !key.contains(' ') && !key.starts_with('[') => value,
            _ if line.trim_start_matches('*').starts_with('[') => {
                line.split_once(']').map_or("", |(_, v)| v)
            }
            _ => continue,
        };
        let mut rest = value;
        while !rest.is_empty() {
            let (text, after) = match rest.find('{') {
                Some(i) => (
                    &rest[..i],
                    rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]),
                ),
                None => (rest, ""),
            };
            let text = text.trim_matches(|c: char| c.is_whitespace() || ",.:;“”".contains(c));
            if text.chars().count() >= 4 && text.chars().any(char::is_alphabetic) {
                out.push(text.to_string());
            }
            rest = after;
        }
    }
    out.sort();
    out.dedup();
    out
}

fn builtin_catalog(language: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("i18n/{language}.ftl"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a reader is shown of an HTML page: its text and the attributes read aloud or
/// shown (`aria-label`, `title`, `alt`, `content`, and the `data-` strings worksheet.js
/// shows), one per line; not element names, classes or ids, nor styles and scripts.
fn shown_text(html: &str) -> String {
    let mut out = String::new();
    let mut html = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |i| start + i + close.len());
            html.replace_range(start..end, "");
        }
    }
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push('\n');
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attr in [
            "aria-label=\"",
            "title=\"",
            "alt=\"",
            "content=\"",
            "data-erase-question=\"",
            "data-erased=\"",
        ] {
            let mut from = 0;
            while let Some(i) = tag[from..].find(attr) {
                let start = from + i + attr.len();
                let end = tag[start..].find('"').map_or(tag.len(), |j| start + j);
                // Only a whole attribute name (`aria-label`, not `data-aria-label`).
                if tag[..from + i].ends_with(' ') {
                    out.push_str(&tag[start..end]);
                    out.push('\n');
                }
                from = end;
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// What a reader is shown of every page of a built site, by file.
fn site_text(site: &Site) -> Vec<(String, String)> {
    let public = site.path("public");
    list_files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = std::fs::read_to_string(public.join(&f)).unwrap();
            (f, shown_text(&html))
        })
        .collect()
}

/// The German guide in `language` (a site in one language has its theme in that language).
fn guide_in(language: &str) -> Site {
    let site = Site::fixture("languages/guide");
    site.patch(
        "site.yaml",
        "language: de",
        &format!("language: {language}"),
    );
    site.build().success();
    site
}

#[test]
fn no_english_theme_string_is_left_in_a_german_french_or_arabic_site() {
    let english = catalog_fragments(&builtin_catalog("en"));
    // The fixture shows most of the theme: count what the English build shows, so that
    // the check below cannot pass by showing nothing.
    let shown_in_english: Vec<&String> = {
        let text = site_text(&guide_in("en"));
        english
            .iter()
            .filter(|f| text.iter().any(|(_, t)| t.contains(f.as_str())))
            .collect()
    };
    assert!(
        shown_in_english.len() >= 30,
        "the fixture shows only {} English strings: {shown_in_english:?}",
        shown_in_english.len()
    );
    for language in ["de", "fr", "ar"] {
        let own = builtin_catalog(language);
        let site = guide_in(language);
        for (file, text) in site_text(&site) {
            for fragment in &shown_in_english {
                // A word both languages share ("Tags", "PDF") is not English left over.
                if own.contains(fragment.as_str()) {
                    continue;
                }
                assert!(
                    !text.contains(fragment.as_str()),
                    "{language}: `{fragment}` in {file}"
                );
            }
        }
    }
}

#[test]
fn lang_and_dir_follow_the_language() {
    let de = guide_in("de");
    assert!(de
        .output("index.html")
        .contains(r#"<html lang="de" dir="ltr">"#));
    let ar = guide_in("ar");
    for page in [
        "index.html",
        "schritte/eins/index.html",
        "404.html",
        "references/index.html",
    ] {
        assert!(
            ar.output(page).contains(r#"<html lang="ar" dir="rtl">"#),
            "{page}"
        );
    }
    let pt = guide_in("pt-br");
    let home = pt.output("index.html");
    assert!(
        home.contains(r#"<html lang="pt-BR" dir="ltr">"#),
        "a canonical tag"
    );
    assert!(
        home.contains("Pular para o conteúdo") || home.contains("Ir para o conteúdo"),
        "pt-BR uses the Portuguese catalog"
    );
}

#[test]
fn german_pages_cite_with_german_terms() {
    let site = guide_in("de");
    let step = site.main_of("schritte/eins/index.html");
    assert!(step.contains("S. 4"), "a page locator in German\n{step}");
    let index = site.main_of("references/index.html");
    assert!(
        index.contains("Hrsg.") && index.contains("2. Aufl."),
        "{index}"
    );
    // CSL's German locale writes "o. J." with a no-break space.
    assert!(index.contains("(o.\u{a0}J.)"), "an undated work\n{index}");
    assert!(
        !index.contains("n.d.") && !index.contains("Eds."),
        "{index}"
    );
    let english = guide_in("en");
    let step = english.main_of("schritte/eins/index.html");
    assert!(step.contains("p. 4"), "{step}");
}

#[test]
fn callouts_and_worksheet_labels_are_in_the_language() {
    let site = guide_in("de");
    let step = site.main_of("schritte/eins/index.html");
    for word in ["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"] {
        assert!(
            step.contains(&format!("</svg>{word}</p>")),
            "{word}\n{step}"
        );
    }
    let sheet = site.output("worksheets/blatt/index.html");
    assert!(
        sheet.contains(r#"aria-label="Ich brauche, Zeile 1""#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"data-erase-question="Alle Antworten"#),
        "the erase question for worksheet.js\n{sheet}"
    );
}

#[test]
fn a_sites_catalog_overrides_a_string() {
    let site = Site::fixture("languages/guide");
    site.patch("site.yaml", "language: de", "language: en");
    site.write("i18n/en.ftl", "toc-title = Contents of this page\n");
    site.build().success();
    let step = site.output("schritte/eins/index.html");
    assert!(step.contains(">Contents of this page<"), "{step}");
    assert!(!step.contains("On this page"));
}

#[test]
fn a_language_without_a_catalog_is_an_error_at_the_setting() {
    let site = Site::fixture("languages/guide");
    site.patch("site.yaml", "language: de", "language: sv");
    site.build()
        .code(1)
        .diag("site.yaml:4:1: error: no strings for the language `sv`")
        .hint("i18n/sv.ftl")
        .hint("de, en");
}

#[test]
fn a_sites_own_language_builds_and_lists_what_it_lacks_once() {
    let site = Site::fixture("languages/guide");
    site.patch("site.yaml", "language: de", "language: sv");
    site.write("i18n/sv.ftl", "toc-title = Innehåll\nnext = Nästa\n");
    let run = site.build();
    run.success()
        .diag_starting("i18n/sv.ftl: warning:")
        .says("not translated, shown in English")
        .says("prev");
    assert_eq!(
        run.stderr.matches("not translated").count(),
        1,
        "{}",
        run.stderr
    );
    let step = site.output("schritte/eins/index.html");
    assert!(
        step.contains(">Innehåll<") && step.contains(">Nästa<"),
        "{step}"
    );
    assert!(step.contains(r#"<html lang="sv" dir="ltr">"#));
}

#[test]
fn a_bad_language_tag_is_an_error_at_its_line() {
    let site = Site::fixture("languages/guide");
    site.patch("site.yaml", "language: de", "language: deutsch!");
    site.build()
        .code(1)
        .diag("site.yaml:4:1: error: `deutsch!` is not a language tag")
        .hint("BCP 47");
}

#[test]
fn a_template_naming_an_unknown_string_is_an_error_at_its_place() {
    let site = Site::fixture("languages/guide");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ t(key=\"toc-titel\") }}</p>\n{% endblock main %}\n",
    );
    site.build()
        .code(1)
        .diag("templates/page.html:3:14: error: no string `toc-titel` in any catalog")
        .hint("toc-title");
}

#[test]
fn a_syntax_error_in_a_sites_catalog_is_an_error_at_its_line() {
    let site = Site::fixture("languages/guide");
    site.write("i18n/de.ftl", "toc-title = Inhalt\nnext = { $\n");
    site.build()
        .code(1)
        .diag_starting("i18n/de.ftl:2:")
        .says("catalog:");
}

#[test]
fn worksheet_pdfs_speak_the_language_and_embed_a_font_for_its_script() {
    use crate::worksheets::{fonts, pdf_text};
    let de = guide_in("de");
    let text = pdf_text(&de.path("public/worksheets/blatt/worksheet-a4.pdf"));
    assert!(text.contains("Seite 1 von 1"), "{text}");
    assert!(!text.contains("Page 1"), "{text}");
    let ar = guide_in("ar");
    let pdf = ar.path("public/worksheets/blatt/worksheet-a4.pdf");
    let text = pdf_text(&pdf);
    // pdftotext gives the Arabic words of the footer in their reading order.
    for word in ["الصفحة", "من"] {
        assert!(text.contains(word), "{word} in {text}");
    }
    let fonts = fonts(&pdf);
    assert!(
        fonts
            .iter()
            .any(|(name, embedded)| name.contains("NotoSansArabic") && *embedded),
        "{fonts:?}"
    );
}
