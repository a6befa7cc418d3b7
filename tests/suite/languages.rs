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
pub(crate) fn guide_in(language: &str) -> Site {
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

// --- Multilingual sites: `languages: [en, de]`, translations as `name.de.md` ---

/// The two-language fixture (`languages: [en, de]`), built.
fn two_languages() -> Site {
    let site = Site::fixture("languages/two");
    site.build().success();
    site
}

#[test]
fn a_translation_is_served_under_its_language_in_its_language() {
    let site = two_languages();
    let de = site.output("de/steps/listen/index.html");
    assert!(de.contains(r#"<html lang="de" dir="ltr">"#), "{de}");
    assert!(de.contains("Zum Inhalt springen"), "the German catalog");
    assert!(de.contains(r#"<a class="site-title" href="/de/">"#), "{de}");
    let en = site.output("steps/listen/index.html");
    assert!(en.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(en.contains(r#"<a class="site-title" href="/">"#));
    // A page with no German translation is simply absent from the German site.
    assert!(site.has_output("steps/talk/index.html"));
    assert!(!site.has_output("de/steps/talk/index.html"));
}

#[test]
fn each_version_links_every_other_with_hreflang_both_ways() {
    let site = two_languages();
    for file in ["steps/listen/index.html", "de/steps/listen/index.html"] {
        let page = site.output(file);
        for link in [
            r#"<link rel="alternate" hreflang="en" href="https://test.example/steps/listen/">"#,
            r#"<link rel="alternate" hreflang="de" href="https://test.example/de/steps/listen/">"#,
            r#"<link rel="alternate" hreflang="x-default" href="https://test.example/steps/listen/">"#,
        ] {
            assert!(page.contains(link), "{file}: {link}\n{page}");
        }
    }
    // A page in one language only has no alternates and no switcher.
    let talk = site.output("steps/talk/index.html");
    assert!(!talk.contains("hreflang"), "{talk}");
    assert!(!talk.contains("language-switcher"), "{talk}");
}

#[test]
fn the_switcher_names_each_language_in_itself_and_marks_the_current_one() {
    let site = two_languages();
    let de = site.output("de/steps/listen/index.html");
    assert!(
        de.contains(r#"<nav class="language-switcher" aria-label="Sprachen">"#),
        "{de}"
    );
    assert!(
        de.contains(r#"<a href="/steps/listen/" hreflang="en" lang="en">English</a>"#),
        "{de}"
    );
    assert!(
        de.contains(
            r#"<a href="/de/steps/listen/" hreflang="de" lang="de" aria-current="page">Deutsch</a>"#
        ),
        "{de}"
    );
    let en = site.output("steps/listen/index.html");
    assert!(en.contains(r#"aria-label="Languages""#), "{en}");
    // A one-language site has none.
    let one = Site::fixture("languages/guide");
    one.build().success();
    assert!(!one
        .output("schritte/eins/index.html")
        .contains("language-switcher"));
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let site = two_languages();
    let xml = site.output("sitemap.xml");
    assert!(
        xml.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#),
        "{xml}"
    );
    for loc in [
        "https://test.example/steps/listen/",
        "https://test.example/de/steps/listen/",
        "https://test.example/steps/talk/",
        "https://test.example/references/",
        "https://test.example/de/references/",
    ] {
        assert!(xml.contains(&format!("<loc>{loc}</loc>")), "{loc}\n{xml}");
    }
    let entry = |loc: &str| {
        let start = xml.find(&format!("<loc>{loc}</loc>")).unwrap();
        xml[start..start + xml[start..].find("</url>").unwrap()].to_string()
    };
    let de = entry("https://test.example/de/steps/listen/");
    assert!(
        de.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://test.example/steps/listen/"/>"#),
        "{de}"
    );
    assert!(
        de.contains(r#"<xhtml:link rel="alternate" hreflang="de" href="https://test.example/de/steps/listen/"/>"#),
        "{de}"
    );
    assert!(!entry("https://test.example/steps/talk/").contains("xhtml:link"));
    // A one-language site's sitemap is as it was.
    let one = Site::fixture("languages/guide");
    one.build().success();
    assert!(!one.output("sitemap.xml").contains("xhtml"));
}

#[test]
fn each_language_has_its_own_reference_index_tags_and_citation_terms() {
    let site = two_languages();
    let en = site.main_of("references/index.html");
    let de = site.main_of("de/references/index.html");
    assert!(
        en.contains(r#"href="/steps/listen/"#) && en.contains("Talk"),
        "{en}"
    );
    assert!(!en.contains("/de/"), "{en}");
    assert!(de.contains(r#"href="/de/steps/listen/"#), "{de}");
    assert!(!de.contains("Talk") && !de.contains(r#""/steps/"#), "{de}");
    assert!(de.contains("Hrsg."), "the German locale\n{de}");
    let page_de = site.main_of("de/steps/listen/index.html");
    assert!(page_de.contains("S. 4"), "{page_de}");
    assert!(page_de.contains(r#"href="/de/references/#ref-johnson2008""#));
    let page_en = site.main_of("steps/listen/index.html");
    assert!(
        page_en.contains("p. 4") && !page_en.contains("S. 4"),
        "{page_en}"
    );
    assert!(site.has_output("de/tags/anfang/index.html"));
    assert!(site.has_output("tags/start/index.html"));
    assert!(!site.has_output("tags/anfang/index.html"));
}

#[test]
fn a_german_worksheet_has_german_pdfs() {
    use crate::worksheets::pdf_text;
    let site = two_languages();
    let text = pdf_text(&site.path("public/de/worksheets/sheet/worksheet-a4.pdf"));
    assert!(text.contains("Seite 1 von 1"), "{text}");
    assert!(text.contains("Was hast du gehört?"), "{text}");
    assert!(site.has_output("de/worksheets/worksheets-a4.pdf"));
    let text = pdf_text(&site.path("public/worksheets/sheet/worksheet-a4.pdf"));
    assert!(text.contains("Page 1 of 1"), "{text}");
}

#[test]
fn a_link_to_a_page_not_translated_goes_to_the_default_language_marked_with_hreflang() {
    let site = two_languages();
    let de = site.main_of("de/steps/listen/index.html");
    assert!(
        de.contains(r#"<a href="/steps/talk/" hreflang="en">reden</a>"#),
        "{de}"
    );
    let en = site.main_of("steps/listen/index.html");
    assert!(en.contains(r#"<a href="/steps/talk/">talk</a>"#), "{en}");
}

#[test]
fn a_translation_into_a_language_not_listed_is_an_error_at_its_file() {
    let site = Site::fixture("languages/two");
    site.write("content/steps/talk.fr.md", "---\ntitle: Parler\n---\n");
    site.build()
        .code(1)
        .diag("content/steps/talk.fr.md: error: a translation into `fr`, which is not one of the site's languages")
        .hint("languages: [en, de, fr]");
}

#[test]
fn languages_must_start_with_the_language() {
    let site = Site::fixture("languages/two");
    site.patch(
        "site.yaml",
        "languages: [en, de]",
        "language: de\nlanguages: [en, de]",
    );
    site.build()
        .code(1)
        .diag("site.yaml:5:1: error: `languages` starts with `en` but `language` is `de`")
        .hint("put `de` first");
}

#[test]
fn a_listed_language_without_a_catalog_is_an_error_at_languages() {
    let site = Site::fixture("languages/two");
    site.patch(
        "site.yaml",
        "languages: [en, de]",
        "languages: [en, de, sv]",
    );
    site.build()
        .code(1)
        .diag("site.yaml:4:1: error: no strings for the language `sv`")
        .hint("i18n/sv.ftl");
    // With the site's own catalog it builds (the German pages are unchanged).
    site.write("i18n/sv.ftl", "language-name = Svenska\n");
    site.build().success();
}

#[test]
fn check_notes_each_page_without_a_translation_and_build_does_not() {
    let site = Site::fixture("languages/two");
    site.run(&["check"])
        .success()
        .diag("content/steps/talk.md: warning: no translation into `de`: the site in that language leaves this page out")
        .hint("content/steps/talk.de.md");
    site.build().success().stderr_lacks("no translation");
}

#[test]
fn a_work_cited_in_one_language_only_is_not_cited_nowhere() {
    // Each language's pass found the works its own pages leave out, and warned of them.
    let site = Site::fixture("languages/two");
    site.patch(
        "content/steps/talk.md",
        "Then talk [@field2017].",
        "Then talk.",
    );
    site.patch(
        "content/steps/listen.de.md",
        "dann [reden]",
        "[@field2017], dann [reden]",
    );
    site.build().success().stderr_lacks("cited nowhere");
    site.patch(
        "content/steps/listen.de.md",
        "[@field2017], dann [reden]",
        "dann [reden]",
    );
    site.build()
        .success()
        .diag_starting("content/references.yaml:")
        .says("reference `field2017` is cited nowhere");
}

#[test]
fn a_translated_notice_is_a_warning_and_every_language_shows_the_sites() {
    // `_notice.de.md` was taken for a translated page and published at /de/_notice/.
    let site = Site::fixture("languages/two");
    site.write("content/_notice.md", "Not therapy.\n");
    site.write("content/_notice.de.md", "Keine Therapie.\n");
    site.build()
        .success()
        .diag_starting("content/_notice.de.md: warning:")
        .says("not supported yet");
    assert!(!site.has_output("de/_notice/index.html"));
    assert!(site.output("de/index.html").contains("Not therapy."));
}

#[test]
fn a_language_without_its_home_page_is_a_warning() {
    let site = Site::fixture("languages/two");
    std::fs::remove_file(site.path("content/_index.de.md")).unwrap();
    site.build()
        .success()
        .diag_starting("content/_index.md: warning: the `de` pages have no home page")
        .hint("content/_index.de.md");
}

#[test]
fn a_page_under_another_languages_root_is_an_error() {
    let site = Site::fixture("languages/two");
    site.write("content/de/x.md", "---\ntitle: X\n---\n");
    site.build()
        .code(1)
        .diag_starting("content/de/x.md:2:1: error: this page's URL `/de/x/` is under /de/");
}

#[test]
fn serve_rebuilds_keep_each_languages_pages_apart() {
    use kintsugi::build::{build_in_memory, BuildCache, BuildOptions};
    let site = Site::fixture("languages/two");
    let opts = BuildOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..BuildOptions::new(site.root())
    };
    let cache = BuildCache::incremental();
    let page = |files: &std::collections::BTreeMap<String, bytes::Bytes>, file: &str| {
        String::from_utf8_lossy(&files[file]).into_owned()
    };
    for round in 0..3 {
        if round == 2 {
            site.patch(
                "content/steps/listen.de.md",
                "Erst zuhören",
                "Zuerst zuhören",
            );
        }
        let (files, report) = build_in_memory(&opts, &cache);
        let files = files
            .unwrap_or_else(|| panic!("{:?}", report.diagnostics))
            .into_files();
        let en = page(&files, "steps/listen/index.html");
        let de = page(&files, "de/steps/listen/index.html");
        assert!(
            en.contains("First listen") && !en.contains("zuhören"),
            "{en}"
        );
        assert!(de.contains("<html lang=\"de\""), "{de}");
        let expected = if round == 2 {
            "Zuerst zuhören"
        } else {
            "Erst zuhören"
        };
        assert!(de.contains(expected), "round {round}\n{de}");
    }
}

#[test]
fn an_anchor_on_a_page_not_translated_is_checked_where_the_link_goes() {
    // A German link into an English-only page went unchecked.
    let site = Site::fixture("languages/two");
    site.patch(
        "content/steps/listen.de.md",
        "(talk.md)",
        "(talk.md#nowhere)",
    );
    site.build()
        .code(1)
        .diag_starting("content/steps/listen.de.md:8:41:")
        .says("link to a missing anchor `#nowhere` in `steps/talk.md`");
}

#[test]
fn serve_reads_the_files_again_when_the_languages_change() {
    // serve's parsed files were kept with the id and URL they had before: a translation
    // became a page of the default language at /steps/listen.de/.
    use kintsugi::build::{build_in_memory, BuildCache, BuildOptions};
    let site = Site::fixture("languages/two");
    site.patch("site.yaml", "languages: [en, de]", "languages: [en]");
    let opts = BuildOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..BuildOptions::new(site.root())
    };
    let cache = BuildCache::incremental();
    let (files, report) = build_in_memory(&opts, &cache);
    assert!(files.is_none(), "de is not listed");
    assert!(
        (report.diagnostics.iter()).any(|d| d.message.contains("a translation into `de`")),
        "{:?}",
        report.diagnostics
    );
    site.patch("site.yaml", "languages: [en]", "languages: [en, de]");
    let (files, report) = build_in_memory(&opts, &cache);
    let files = files
        .unwrap_or_else(|| panic!("{:?}", report.diagnostics))
        .into_files();
    assert!(files.contains_key("de/steps/listen/index.html"));
    assert!(!files.contains_key("steps/listen.de/index.html"));
}

#[test]
fn each_language_with_dated_pages_has_its_own_feed() {
    let site = Site::fixture("languages/two");
    site.patch(
        "content/steps/listen.de.md",
        "step: 1",
        "step: 1\ndate: 2024-03-01",
    );
    site.build().success();
    assert!(!site.has_output("atom.xml"), "no English page has a date");
    let feed = site.output("de/atom.xml");
    assert!(feed.contains(r#"xml:lang="de""#), "{feed}");
    assert!(feed.contains("https://test.example/de/atom.xml"), "{feed}");
    assert!(
        feed.contains("https://test.example/de/steps/listen/"),
        "{feed}"
    );
    let page = site.output("de/steps/listen/index.html");
    assert!(
        page.contains(r#"type="application/atom+xml" href="/de/atom.xml""#),
        "{page}"
    );
}
