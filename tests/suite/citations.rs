//! Citations: syntax, formatting, per-page lists, the reference index, errors.

use crate::harness::{element_with, hrefs, main_of, Site};

// ---- helpers

/// Every `<span class="citation" …>…</span>` of a page, whole (tooltips included), in
/// document order.
pub(crate) fn citations(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(r#"<span class="citation""#) {
        let start = from + at;
        let mut depth = 0usize;
        let mut i = start;
        let end = loop {
            let open = html[i..].find("<span").map(|o| i + o);
            let close = html[i..]
                .find("</span>")
                .map(|c| i + c)
                .unwrap_or_else(|| panic!("unclosed citation span in:\n{html}"));
            match open {
                Some(o) if o < close => {
                    depth += 1;
                    i = o + "<span".len();
                }
                _ => {
                    depth -= 1;
                    i = close + "</span>".len();
                    if depth == 0 {
                        break i;
                    }
                }
            }
        };
        out.push(&html[start..end]);
        from = end;
    }
    out
}

/// The text a reader sees: tags stripped, `.cite-tip` tooltips (hidden by CSS) left out,
/// entities decoded.
pub(crate) fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut hidden = 0usize;
    while let Some(lt) = rest.find('<') {
        if hidden == 0 {
            out.push_str(&rest[..lt]);
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt..gt];
        if tag.starts_with(r#"<span class="cite-tip""#) || (hidden > 0 && tag.starts_with("<span"))
        {
            hidden += 1;
        } else if tag == "</span>" && hidden > 0 {
            hidden -= 1;
        }
        rest = &rest[gt..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the first tag of `html`.
fn attr<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let tag = &html[..html.find('>')?];
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    tag[at..].split('"').next()
}

/// The per-page "References" list: the HTML of each entry (after the ↗ link to the index).
fn page_references(main: &str) -> Vec<String> {
    let section = element_with(main, r#"class="page-references""#, "</section>");
    section
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").expect("closed <li>")];
            let (_, entry) = li.split_once("↗</a> ").expect("a link to the index");
            entry.to_string()
        })
        .collect()
}

/// One entry of the reference index.
#[derive(Debug)]
struct IndexEntry {
    /// The `id` of its `<li>` (`ref-KEY`, as written in the HTML).
    id: String,
    /// The reference as HTML.
    text: String,
    /// The hrefs of its "Cited in" backlinks.
    cited_in: Vec<String>,
}

fn index_entries(html: &str) -> Vec<IndexEntry> {
    let list = element_with(html, r#"class="reference-index""#, "</ol>");
    list.split("<li id=\"")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").expect("closed <li>")];
            let id = li.split('"').next().unwrap().to_string();
            let text = li
                .split_once(r#"<p class="reference-text">"#)
                .and_then(|(_, t)| t.split_once("</p>"))
                .map(|(t, _)| t.to_string())
                .expect("reference text");
            let cited_in = li
                .split_once(r#"<p class="cited-in">"#)
                .map(|(_, c)| hrefs(c).into_iter().map(str::to_string).collect())
                .unwrap_or_default();
            IndexEntry { id, text, cited_in }
        })
        .collect()
}

const FIELD2017: &str = "Field, T. (2017). Romantic breakup distress, betrayal and heartbreak: A review. <em>International Journal of Behavioral Research &amp; Psychology, 5</em>(2), 217–225.";
const JOHNSON2008: &str = "Johnson, S. M. (2008). <em>Hold me tight: Seven conversations for a lifetime of love</em>. Little, Brown and Company.";
const JOHNSON2013: &str = "Johnson, S. M. (2013). <em>Love sense: The revolutionary new science of romantic relationships</em>. Little, Brown and Company.";
const KROSS2011: &str = "Kross, E., Berman, M. G., Mischel, W., Smith, E. E., &amp; Wager, T. D. (2011). Social rejection shares somatosensory representations with physical pain. <em>Proceedings of the National Academy of Sciences of the United States of America, 108</em>(15), 6270–6275. <a href=\"https://doi.org/10.1073/pnas.1102693108\">https://doi.org/10.1073/pnas.1102693108</a>";
const RAHE2023: &str = "Rahe, M., &amp; Jansen, P. (2023). A closer look at the relationships between aspects of connectedness and flourishing. <em>Frontiers in Psychology, 14</em>, Article 1137752. <a href=\"https://doi.org/10.3389/fpsyg.2023.1137752\">https://doi.org/10.3389/fpsyg.2023.1137752</a>";

// ---- in-text forms

#[test]
fn in_text_forms_in_apa() {
    let site = Site::fixture("citations/forms").with_bibliography();
    site.build().success();
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(
        texts,
        [
            "(Johnson, 2008)",
            "(Johnson, 2008, p. 45)",
            "(Field, 2017; Kross et al., 2011)",
            "(2013)",
            "(2008, p. 45)",
            "Kross et al. (2011)",
            "(Johnson, 2008, 2013)",
            "(Rahe & Jansen, 2023)",
            "(see Field, 2017, pp. 218–220)",
            "(Field, 2017; Johnson, 2008, 2013; Kross et al., 2011; Rahe & Jansen, 2023)",
        ]
    );
    // The narrative form sits in the running sentence.
    assert!(
        visible(&main).contains("Six: Kross et al. (2011) found that."),
        "{main}"
    );
}

#[test]
fn citations_link_to_the_index_with_ids_in_reading_order_and_tooltips() {
    let site = Site::fixture("citations/forms").with_bibliography();
    site.build().success();
    let main = site.main_of("page/index.html");
    let spans = citations(&main);
    assert_eq!(spans.len(), 10);
    for (n, span) in spans.iter().enumerate() {
        assert_eq!(
            attr(span, "id"),
            Some(format!("cite-{}", n + 1).as_str()),
            "{span}"
        );
    }
    // Each work of a citation links to its anchor in the index.
    let links = |span: &str| -> Vec<String> {
        hrefs(span)
            .into_iter()
            .filter(|h| h.starts_with("/references/"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(links(spans[0]), ["/references/#ref-johnson2008"]);
    assert_eq!(
        links(spans[2]),
        ["/references/#ref-field2017", "/references/#ref-kross2011"]
    );
    assert_eq!(
        links(spans[9]),
        [
            "/references/#ref-field2017",
            "/references/#ref-johnson2008",
            "/references/#ref-johnson2013",
            "/references/#ref-kross2011",
            "/references/#ref-rahe2023",
        ]
    );
    // Every link is described by a tooltip of its own, which holds the full reference.
    for span in &spans {
        let described: Vec<&str> = span
            .split("aria-describedby=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert!(!described.is_empty(), "{span}");
        for id in described {
            let tip = format!(r#"<span class="cite-tip" role="tooltip" id="{id}">"#);
            assert!(span.contains(&tip), "no tooltip {id} in {span}");
        }
    }
    assert!(
        spans[0].contains(&format!(
            r#"<span class="cite-tip" role="tooltip" id="cite-1-tip-1">{JOHNSON2008}</span>"#
        )),
        "{}",
        spans[0]
    );
}

// ---- per-page list and index

#[test]
fn page_lists_its_works_in_apa_order() {
    let site = Site::fixture("citations/two-pages").with_bibliography();
    site.build().success();
    // Page A cites kross2011 (twice) and johnson2008: Johnson comes first; no Field.
    assert_eq!(
        page_references(&site.main_of("a/index.html")),
        [JOHNSON2008, KROSS2011]
    );
    assert_eq!(
        page_references(&site.main_of("b/index.html")),
        [FIELD2017, KROSS2011]
    );
    // Each entry links to the index.
    let a = site.main_of("a/index.html");
    let section = element_with(&a, r#"class="page-references""#, "</section>");
    assert_eq!(
        hrefs(section)
            .into_iter()
            .filter(|h| h.starts_with("/references/"))
            .collect::<Vec<_>>(),
        ["/references/#ref-johnson2008", "/references/#ref-kross2011"]
    );
    // A page that cites nothing has no list.
    assert!(!site.main_of("index.html").contains("page-references"));
}

#[test]
fn full_page_list_has_all_five_exact_entries() {
    let site = Site::fixture("citations/forms").with_bibliography();
    site.build().success();
    assert_eq!(
        page_references(&site.main_of("page/index.html")),
        [FIELD2017, JOHNSON2008, JOHNSON2013, KROSS2011, RAHE2023]
    );
}

#[test]
fn index_lists_every_work_sorted_with_anchors_and_backlinks() {
    let site = Site::fixture("citations/two-pages").with_bibliography();
    let run = site.build();
    run.success();
    let entries = index_entries(&site.output("references/index.html"));
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ref-field2017",
            "ref-johnson2008",
            "ref-johnson2013",
            "ref-kross2011",
            "ref-rahe2023"
        ]
    );
    let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [FIELD2017, JOHNSON2008, JOHNSON2013, KROSS2011, RAHE2023]
    );
    let cited: Vec<Vec<String>> = entries.iter().map(|e| e.cited_in.clone()).collect();
    assert_eq!(
        cited,
        [
            vec!["/b/#cite-1".to_string()],
            vec!["/a/#cite-3".to_string()],
            vec![],
            // Twice on page A (bracketed, then narrative): the page once, then each place;
            // then page B, in site order.
            vec![
                "/a/".to_string(),
                "/a/#cite-1".to_string(),
                "/a/#cite-2".to_string(),
                "/b/#cite-1".to_string()
            ],
            vec![],
        ]
    );
    // The backlinks point at citations that exist.
    let a = site.main_of("a/index.html");
    for n in 1..=3 {
        assert!(
            a.contains(&format!(r#"<span class="citation" id="cite-{n}">"#)),
            "{a}"
        );
    }
}

// ---- what is not a citation

/// Regression: "Cited in" repeated a page once per citation ("A, A, B").
#[test]
fn index_names_each_citing_page_once_with_a_lettered_link_to_each_citation() {
    let site = Site::fixture("citations/two-pages").with_bibliography();
    site.build().success();
    let index = site.output("references/index.html");
    let kross = element_with(&index, r#"id="ref-kross2011""#, "</li>");
    let cited_in = element_with(kross, r#"class="cited-in""#, "</p>");
    assert_eq!(cited_in.matches(">Page A</a>").count(), 1, "{cited_in}");
    assert!(
        cited_in.contains(r#"<a href="/a/">Page A</a>"#),
        "{cited_in}"
    );
    assert!(
        cited_in.contains(r#"<a href="/a/#cite-1" aria-label="Page A: citation a">a</a>"#),
        "{cited_in}"
    );
    assert!(
        cited_in.contains(r#"<a href="/a/#cite-2" aria-label="Page A: citation b">b</a>"#),
        "{cited_in}"
    );
    // A page that cites the work once links its title to that citation, with no letters.
    assert!(
        cited_in.contains(r#"<a href="/b/#cite-1">Page B</a>"#),
        "{cited_in}"
    );
    assert!(!cited_in.contains("aria-label=\"Page B:"), "{cited_in}");
}
#[test]
fn at_signs_in_emails_code_and_urls_are_not_citations() {
    let site = Site::fixture("citations/not-citations").with_bibliography();
    let run = site.build();
    run.success().stderr_lacks("error");
    let main = site.main_of("page/index.html");
    assert!(citations(&main).is_empty(), "{main}");
    assert!(!main.contains("/references/#ref-"), "{main}");
    assert!(main.contains("me@example.org"), "{main}");
    assert!(main.contains("<code>[@johnson2008]</code>"), "{main}");
    assert!(main.contains("<code>@johnson2008</code>"), "{main}");
    assert!(main.contains("https://example.org/@johnson2008"), "{main}");
    assert!(main.contains("@johnson2008 in a code block"), "{main}");
    // Nothing was cited, so every reference is cited nowhere.
    run.stderr_has("warning: reference `johnson2008` is cited nowhere");
}

// ---- look-alike works

#[test]
fn same_author_and_year_get_year_suffixes() {
    let site = Site::fixture("citations/same-author-year");
    site.build().success();
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(texts, ["(Smith, 2020a)", "(Smith, 2020b)"]);
    let entries = index_entries(&site.output("references/index.html"));
    let got: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.id.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "ref-smith2020a",
                "Smith, J. (2020a). <em>Alpha methods</em>."
            ),
            (
                "ref-smith2020b",
                "Smith, J. (2020b). <em>Beta methods</em>."
            ),
        ]
    );
}

// ---- BibTeX

#[test]
fn bibtex_alone_renders_like_the_yaml() {
    let site = Site::fixture("citations/bibtex");
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].id, "ref-johnson2008");
    // Regression: the Zotero publisher "Little, Brown and Company" stays one publisher.
    assert_eq!(entries[0].text, JOHNSON2008);
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(texts, ["(Johnson, 2008)"]);
}

// ---- errors

#[test]
fn unknown_key_suggests_the_closest() {
    let run = Site::fixture("citations/unknown-key")
        .with_bibliography()
        .build();
    run.errors(1);
    run.diag("content/page.md:5:20: error: unknown citation key `@jonson2008`")
        .source(5, "Attachment matters [@jonson2008].")
        .caret(20)
        .hint("did you mean `@johnson2008`?");
}

#[test]
fn malformed_citation() {
    let run = Site::fixture("citations/malformed")
        .with_bibliography()
        .build();
    run.errors(1);
    run.diag_starting("content/page.md:5:20: error: malformed citation `[@johnson2008; see]`: ")
        .says("`see` in a citation names no work")
        .source(5, "Attachment matters [@johnson2008; see].")
        .caret(20)
        .hint("write citations as `[@key]`");
}

#[test]
fn narrative_near_miss_is_an_error() {
    let run = Site::fixture("citations/narrative-near-miss")
        .with_bibliography()
        .build();
    run.errors(1);
    run.diag("content/page.md:5:4: error: unknown citation key `@jonson2008`")
        .source(5, "As @jonson2008 says, it matters.")
        .caret(4)
        .hint("did you mean `@johnson2008`?");
}

#[test]
fn citation_without_bibliography() {
    let site = Site::fixture("citations/no-bibliography");
    let run = site.build();
    run.errors(1);
    run.diag(
        "content/page.md:5:20: error: citation of `@johnson2008`, but the site has no bibliography",
    )
    .source(5, "Attachment matters [@johnson2008].")
    .caret(20)
    .hint("add content/references.yaml");
}

#[test]
fn yaml_unknown_field_names_file_line_and_key() {
    let run = Site::fixture("citations/yaml-unknown-field").build();
    run.errors(1);
    run.diag("content/references.yaml:3:3: error: reference `johnson2008`: unknown field `titel`")
        .source(3, "  titel: Hold me tight")
        .caret(3)
        .hint("did you mean `title`?");
}

#[test]
fn every_citation_error_of_two_files_in_one_run() {
    let run = Site::fixture("citations/many-errors")
        .with_bibliography()
        .build();
    run.errors(4);
    assert_eq!(
        run.error_headers()
            .iter()
            .map(|h| h.split(": error: ").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "content/one.md:5:7",
            "content/one.md:7:8",
            "content/two.md:5:7",
            "content/two.md:5:23"
        ]
    );
    run.diag("content/one.md:5:7: error: unknown citation key `@jonson2008`")
        .hint("did you mean `@johnson2008`?");
    run.diag_starting("content/one.md:7:8: error: malformed citation `[@johnson2008; see]`")
        .source(7, "Second [@johnson2008; see].");
    run.diag("content/two.md:5:7: error: unknown citation key `@fiel2017`")
        .hint("did you mean `@field2017`?");
    run.diag("content/two.md:5:23: error: unknown citation key `@kros2011`")
        .source(5, "Third [@fiel2017] and @kros2011 says.")
        .caret(23)
        .hint("did you mean `@kross2011`?");
}

#[test]
fn reference_cited_nowhere_is_a_warning_at_its_definition() {
    let site = Site::fixture("citations/cited-nowhere");
    let run = site.build();
    run.success();
    run.diag("content/references.yaml:7: warning: reference `field2017` is cited nowhere")
        .hint("cite it with [@KEY] or remove it");
    run.stderr_lacks("`johnson2008` is cited nowhere");
    // It is still in the index, without backlinks.
    let entries = index_entries(&site.output("references/index.html"));
    let field = entries
        .iter()
        .find(|e| e.id == "ref-field2017")
        .expect("field2017");
    assert!(field.cited_in.is_empty(), "{entries:?}");
}

// ---- escaping

#[test]
fn hostile_title_is_escaped_in_index_and_tooltips() {
    let site = Site::fixture("citations/hostile-title");
    site.build().success();
    let escaped = "Evil, E. (2020). <em>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\"</em>.";
    let index = site.output("references/index.html");
    assert!(!index.contains("<script>alert"), "{index}");
    let entries = index_entries(&index);
    assert_eq!(entries[0].text, escaped);
    let page = site.output("page/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    let spans = citations(main_of(&page));
    assert_eq!(spans.len(), 1);
    assert!(
        spans[0].contains(&format!(
            r#"<span class="cite-tip" role="tooltip" id="cite-1-tip-1">{escaped}</span>"#
        )),
        "{}",
        spans[0]
    );
    assert_eq!(visible(spans[0]), "(Evil, 2020)");
    assert_eq!(page_references(main_of(&page)), [escaped]);
}

#[test]
fn hostile_key_is_escaped_in_links_and_anchors() {
    let site = Site::fixture("citations/hostile-known-key");
    site.build().success();
    let main = site.main_of("page/index.html");
    assert!(!main.contains("<b>"), "{main}");
    let spans = citations(&main);
    assert_eq!(spans.len(), 1, "{main}");
    assert!(
        spans[0].contains(r#"href="/references/#ref-x&lt;b&gt;y""#),
        "{}",
        spans[0]
    );
    assert_eq!(visible(spans[0]), "(Bold, 2021)");
    assert!(
        main.contains(r#"<a class="ref-key" href="/references/#ref-x&lt;b&gt;y""#),
        "{main}"
    );
    let index = site.output("references/index.html");
    assert!(!main_of(&index).contains("<b>"), "{index}");
    let entries = index_entries(&index);
    assert_eq!(entries[0].id, "ref-x&lt;b&gt;y");
    assert_eq!(entries[0].cited_in, ["/page/#cite-1"]);
}

#[test]
fn hostile_unknown_key_is_reported_as_written() {
    let site = Site::fixture("citations/hostile-key").with_bibliography();
    let run = site.build();
    run.errors(1);
    run.diag("content/page.md:5:8: error: unknown citation key `@x<script>alert`")
        .source(5, "Beware [@x<script>alert].")
        .caret(8)
        .hint("add it to content/references.yaml");
    // A failed build writes nothing, so no page holds the raw key.
    assert!(!site.has_output("page/index.html"));
}

// ---- citation styles

#[test]
fn chicago_author_date_style() {
    let site = Site::fixture("citations/chicago").with_bibliography();
    site.build().success();
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(texts, ["(Johnson 2008, 45)"]);
    assert_eq!(
        page_references(&main),
        ["Johnson, Susan M. 2008. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. Little, Brown and Company."]
    );
}

#[test]
fn unknown_style_is_an_error_at_its_line() {
    let run = Site::fixture("citations/unknown-style")
        .with_bibliography()
        .build();
    run.code(1);
    run.diag_starting("site.yaml:4:1: error: unknown citation_style `chicago`")
        .says("did you mean `chicago-author-date`?")
        .says("supported styles: apa, chicago-author-date, harvard-cite-them-right, modern-language-association, american-sociological-association, elsevier-harvard, ieee, vancouver, american-medical-association")
        .source(4, "citation_style: chicago")
        .caret(1);
}

#[test]
fn unknown_style_is_the_only_error() {
    let run = Site::fixture("citations/unknown-style")
        .with_bibliography()
        .build();
    run.errors(1);
    run.stderr_lacks("has no bibliography");
}

#[test]
fn backslash_escaped_at_is_literal() {
    let site = Site::fixture("citations/escaped-at");
    site.build().success();
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(texts, ["(Johnson, 2008)"], "{main}");
    assert!(
        main.contains("write @johnson2008 to show the key."),
        "{main}"
    );
}

#[test]
fn a_key_repeated_in_one_citation_gets_one_backlink() {
    let site = Site::fixture("citations/repeated-key");
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    let johnson = entries
        .iter()
        .find(|e| e.id == "ref-johnson2008")
        .expect("johnson2008");
    assert_eq!(johnson.cited_in, ["/page/#cite-1"]);
}

/// Regression: `[@{key}]` and `@{key}`, Pandoc's braced keys, were published as raw text.
#[test]
fn braced_keys_cite_keys_that_end_in_punctuation() {
    let site = Site::fixture("citations/braced-keys");
    let run = site.build();
    // A braced key that is not in the bibliography is an error, never silent text.
    run.code(1);
    run.diag("content/page.md:7:21: error: unknown citation key `@{nobody}`")
        .hint("add it to content/references.yaml");
    run.errors(1);
    // In brackets, the message shows the key as written, braces and all.
    site.patch("content/page.md", "@{nobody}.", "[@{nobody-}].");
    site.build()
        .diag("content/page.md:7:21: error: unknown citation key `@{nobody-}`")
        .hint("add it to content/references.yaml");
    site.patch("content/page.md", "Unknown but braced: [@{nobody-}].", "");
    site.build().success();
    let main = site.main_of("page/index.html");
    let spans = citations(&main);
    assert_eq!(spans.len(), 2, "{spans:?}");
    for span in &spans {
        let to_index: Vec<&str> = (hrefs(span).into_iter())
            .filter(|h| h.starts_with("/references/"))
            .collect();
        assert_eq!(to_index, ["/references/#ref-murray2006-"], "{span}");
    }
    assert!(spans[0].contains("Murray, 2006, p. 4"), "{}", spans[0]);
    assert!(spans[1].contains("Murray (2006)"), "{}", spans[1]);
    assert!(!main.contains("@{"), "{main}");
}

/// Regression: citing a key whose `.bib` entry could not be read said "unknown citation
/// key … add it to content/references.yaml", although the key is in references.bib.
#[test]
fn citing_an_unreadable_entry_points_at_its_line() {
    let run = Site::fixture("citations/unreadable-entry").build();
    run.code(1);
    run.errors(3);
    // Regression: this was "unknown abbreviation", which BibTeX users know as a macro.
    run.diag("content/references.bib:11:13: error: reference `broken2019`: undefined @string macro `undefinedmacro`")
        .caret(13)
        .hint("define it before the entry, as in `@string{undefinedmacro = {…}}`");
    for col in [26, 45] {
        run.diag(&format!(
            "content/page.md:5:{col}: error: citation of `@broken2019`: its entry at content/references.bib:8 could not be read"
        ))
        .hint("fix the error reported at that line");
    }
    run.stderr_lacks("unknown citation key");
}

/// Regression: each of these, found in real exports, stopped the build or lost an entry:
/// `@preamble`, an unbracketed `@Comment`, `@misc(…)`, a year that is not a number, a lone
/// `$`, and entries without a key (the second was "defined twice"). Now they load, with a
/// warning where something was left out, and `19XX` is not printed as 1999.
#[test]
fn bibtex_as_real_exports_write_it_builds_with_warnings() {
    let site = Site::fixture("citations/bibtex-exports");
    let run = site.build();
    run.success();
    let bib = "content/references.bib";
    run.diag(&format!("{bib}:13:11: warning: reference `forthcoming`: year `Forthcoming` is not a number, so the work is undated (n.d.)"))
        .caret(11)
        .hint("write the year as its digits alone");
    run.diag(&format!(
        "{bib}:19:11: warning: reference `reprint`: year `[1990] 2002` is not a number; it is read as 2002"
    ));
    run.diag(&format!("{bib}:26:16: warning: reference `dollar2019`: `keywords` has a `$` that opens no TeX math; it is left out"))
        .caret(16)
        .hint("write a dollar sign as `\\$`");
    run.diag_starting(&format!(
        "{bib}:32:11: warning: reference `someyear`: date `19XX` names no single year"
    ));
    for line in [35, 38] {
        run.diag(&format!("{bib}:{line}:1: warning: entry at line {line} has no key, so nothing can cite it; it is skipped"))
            .hint("give it one, as in `@book{smith2020, …`");
    }
    run.stderr_lacks("defined twice")
        .stderr_lacks("cited nowhere")
        .stderr_lacks("1999");
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(
        texts,
        [
            "(Paren, 2020)",
            "(Later, n.d.)",
            "(Old, 2002)",
            "(Sign, 2019)",
            "(Vague, n.d.)"
        ]
    );
}

/// Regression: after `@Article,` (no brace, no key) the valid entry below it was blamed
/// for two false errors, and citing it said "unknown citation key".
#[test]
fn a_malformed_bibtex_entry_is_one_error_and_the_entries_after_it_load() {
    let site = Site::fixture("citations/bibtex-malformed-entry");
    let run = site.build();
    run.errors(1);
    run.diag("content/references.bib:1:1: error: `@Article` is not followed by `{`; skipped up to the next entry")
        .caret(1)
        .hint("write the entry as `@Article{key, title = {…}, …}`");
    run.stderr_lacks("page.md");
}

/// Regression: a UTF-16 file was "stream did not contain valid UTF-8" with no line, and
/// every citation then said the site had no bibliography.
#[test]
fn bibtex_files_in_utf16_are_read_and_other_encodings_are_located_errors() {
    let site = Site::fixture("citations/bibtex-encoding");
    let entry = "@misc{a,\n  title = {Café},\n  author = {Doe, Jane},\n  year = {2020}\n}\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(entry.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(site.path("content/references.bib"), &utf16).unwrap();
    site.build().success();
    let main = site.main_of("page/index.html");
    let texts: Vec<String> = citations(&main).into_iter().map(visible).collect();
    assert_eq!(texts, ["(Doe, 2020)"]);

    // Windows-1252 writes `é` as the one byte 0xE9.
    let mut bytes = entry.replace('é', "").into_bytes();
    bytes.insert(entry.find("Caf").unwrap() + 3, 0xE9);
    std::fs::write(site.path("content/references.bib"), &bytes).unwrap();
    let run = site.build();
    run.errors(2);
    run.diag("content/references.bib:2:15: error: the file is not UTF-8: the byte 0xE9 here")
        .source(2, "  title = {Caf")
        .caret(15)
        .hint("save it as UTF-8");
    run.diag("content/page.md:5:10: error: citation of `@a`: content/references.bib could not be read, so its keys are unknown")
        .hint("fix the error reported for that file");
    run.stderr_lacks("no bibliography");

    let no_bom: Vec<u8> = entry.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(site.path("content/references.bib"), &no_bom).unwrap();
    let run = site.build();
    run.errors(2);
    run.diag_starting("content/references.bib:1:2: error: the file is not UTF-8: a NUL byte (the file looks like UTF-16 without a byte-order mark)");
    run.stderr_lacks("\0");
}

#[test]
fn csl_json_references_render_as_their_yaml_twins_do() {
    let site = Site::fixture("citations/csl-json");
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, [FIELD2017, JOHNSON2008, KROSS2011]);
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ref-field2017", "ref-johnson2008", "ref-kross2011"]);
}

#[test]
fn a_key_in_csl_json_and_yaml_is_an_error_naming_both_places() {
    let site = Site::fixture("citations/csl-json");
    site.write(
        "content/references.yaml",
        "johnson2008:\n  type: book\n  title: Hold me tight\n  author: Johnson, Susan M.\n  date: 2008\n",
    );
    let run = site.build();
    run.code(1);
    run.diag(
        "content/references.json:21:11: error: reference `johnson2008` is defined twice: here and at content/references.yaml:1",
    )
    .hint("keep one definition, or give one of them another key");
}

/// The APA entry of `key` in the reference index of the csl-json-types-dates fixture.
fn entry_text(entries: &[IndexEntry], key: &str) -> String {
    let id = format!("ref-{key}");
    entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no {id} in the index"))
        .text
        .clone()
}

/// Regression: `pamphlet`, `musical_score`, `performance`, `standard` (CSL 1.0.2) and
/// `video` (Better BibTeX) were "unknown CSL type" and their entries unreadable. Each now
/// renders as Pandoc's citeproc renders it with the same APA style (`standard` with its
/// `number`; `video` as a motion picture, as Zotero means it).
#[test]
fn csl_json_types_of_csl_1_0_2_render_as_citeproc_does() {
    let site = Site::fixture("citations/csl-json-types-dates");
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    for (key, text) in [
        ("pamphlet2020", "Doe, J. (2020). <em>Know your rights</em>. Tenants Union."),
        ("score1723", "Bach, J. S. (1723). <em>Das wohltemperierte Klavier</em>. Bärenreiter."),
        ("hamlet2001", "Shakespeare, W. (2001, May 3). <em>Hamlet</em>."),
        ("iso2015", "International Organization for Standardization. (2015). <em>Quality management systems</em> (ISO 9001:2015)."),
        ("edge1992", "Marre, J. (1992, June 1). <em>Edge of the world</em> [Video recording]."),
    ] {
        assert_eq!(entry_text(&entries, key), text);
    }
}

/// Regression: a BCE year (`[[-334]]`) and a season month (`[[2017, 13]]`) made their
/// entries unreadable, and a `raw` date kintsugi could not read stopped the build. Now the
/// first two render as Pandoc's citeproc does, a range keeps its start, and an unreadable
/// date keeps its year (never a made-up one) with a warning at its line.
#[test]
fn csl_json_dates_bce_seasons_ranges_and_unreadable_ones() {
    let site = Site::fixture("citations/csl-json-types-dates");
    let run = site.build();
    run.success();
    let entries = index_entries(&site.output("references/index.html"));
    for (key, text) in [
        ("rhetoric", "Aristotle. (334 B.C.E.). <em>Rhetoric</em>."),
        (
            "spring2017",
            "Roe, R. (2017). In season. <em>Quarterly</em>.",
        ),
        ("range2017", "Poe, P. (2017). <em>Two years</em>."),
        ("raw2019", "Low, L. (2019). <em>Raw</em>."),
        ("circa1900", "Moe, M. (1900). <em>Old</em>."),
        ("undated", "Noe, N. (n.d.). <em>Some time</em>."),
    ] {
        assert_eq!(entry_text(&entries, key), text);
    }
    run.diag("content/references.json:11:4: warning: reference `raw2019`: `issued`: `raw` date `Spring 2019` is not a date kintsugi can read; only the year 2019 is kept")
        .caret(4)
        .hint("YYYY, YYYY-MM or YYYY-MM-DD");
    run.diag("content/references.json:13:4: warning: reference `circa1900`: `issued`: `literal` date `circa 1900` is not a date kintsugi can read; only the year 1900 is kept");
    run.diag("content/references.json:15:4: warning: reference `undated`: `issued`: `literal` date `19XX` is not a date kintsugi can read, and holds no four-digit year; the date is left out");
}

#[test]
fn citation_style_may_be_a_csl_file_of_the_site() {
    let site = Site::fixture("citations/csl-file").with_bibliography();
    site.build().success();
    let main = site.main_of("page/index.html");
    let spans = citations(&main);
    assert!(
        spans[0].contains(r#"">(<a class="cite" href="/references/#ref-kross2011""#)
            && spans[0].contains(">Kross et al. 2011</a>)<"),
        "{}",
        spans[0]
    );
    let entries = index_entries(&site.output("references/index.html"));
    let kross = entries
        .iter()
        .find(|e| e.id == "ref-kross2011")
        .expect("kross2011");
    assert_eq!(
        kross.text,
        "Kross, E. et al. 2011. Social rejection shares somatosensory representations with physical pain."
    );
}

#[test]
fn a_dependent_csl_file_follows_its_bundled_parent() {
    let site = Site::fixture("citations/csl-file").with_bibliography();
    site.patch(
        "site.yaml",
        "citation_style: house.csl",
        "citation_style: journal.csl",
    );
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [FIELD2017, JOHNSON2008, JOHNSON2013, KROSS2011, RAHE2023]
    );
}

#[test]
fn a_csl_file_that_cannot_be_used_is_an_error_at_the_setting() {
    let site = Site::fixture("citations/csl-file").with_bibliography();
    site.write(
        "note.csl",
        &std::fs::read_to_string(site.path("house.csl"))
            .unwrap()
            .replace("author-date", "note"),
    );
    site.write("broken.csl", "<style><info>");
    let cases = [
        (
            "note.csl",
            "`note.csl` is a note style, which kintsugi does not support",
        ),
        ("broken.csl", "`broken.csl` is not a CSL style: "),
        (
            "missing.csl",
            "cannot read the citation style `missing.csl`: ",
        ),
    ];
    for (file, message) in cases {
        site.write(
            "site.yaml",
            &format!("title: Test\nbase_url: https://example.org/\ncitation_style: {file}\n"),
        );
        let run = site.build();
        run.code(1);
        run.diag_starting(&format!("site.yaml:3:1: error: {message}"))
            .source(3, &format!("citation_style: {file}"));
    }
}

/// `@string` abbreviations and the standard month macros (`mar`, `dec`) of BibTeX, as
/// JabRef and Zotero write them, are expanded.
#[test]
fn bibtex_string_and_month_macros_work() {
    let site = Site::fixture("citations/bibtex-macros");
    site.build().success();
    let entries = index_entries(&site.output("references/index.html"));
    let texts: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Jones, J. (2019). <em>Repair</em>. Press.",
            "Smith, S. (2020). A study of trust. <em>Journal of Tests, 3</em>, 1–10.",
        ]
    );
}

/// Regression: `@key [p. 4]`, Pandoc's narrative citation with a locator, left "[p. 4]"
/// on the page after the citation. The brackets take a suffix too, as in Pandoc; `-@key`
/// in text is a citation without the author.
#[test]
fn a_narrative_citation_takes_the_locator_in_brackets_after_it() {
    let site = Site::fixture("citations/narrative-locator").with_bibliography();
    site.build().success();
    let main = site.main_of("page/index.html");
    let spans = citations(&main);
    assert_eq!(spans.len(), 7, "{main}");
    assert!(
        spans[0].contains(">Kross et al. (2011, p. 4)</a>"),
        "{}",
        spans[0]
    );
    assert!(!main.contains("[p. 4]"), "{main}");
    assert!(main.contains("</span></span> says,"), "{main}");
    // Not a locator: a suffix, inside the parentheses, with Pandoc's comma.
    assert!(
        spans[1].contains(">Johnson (2008, see chap. 2)</a>"),
        "{}",
        spans[1]
    );
    assert!(!main.contains("[see chap. 2]"), "{main}");
    // At the end of a paragraph, with a long locator label.
    assert!(
        spans[2].contains(">Field (2017, Chapter 2)</a>"),
        "{}",
        spans[2]
    );
    // Regression: a bracketed citation read ahead after a narrative one swallowed the
    // rest of the page. It is still a citation, and nothing after it is lost.
    assert!(
        spans[3].contains(">Kross et al. (2011)</a>"),
        "{}",
        spans[3]
    );
    assert!(spans[4].contains(">Field, 2017</a>"), "{}", spans[4]);
    assert!(main.contains(" show it, and this text stays."), "{main}");
    assert!(
        spans[5].contains(">Johnson (2013, p. 4, and elsewhere)</a>"),
        "{}",
        spans[5]
    );
    assert_eq!(visible(spans[6]), "(2017)", "{}", spans[6]);
    assert!(main.contains("review (<span"), "{main}");
    assert!(main.contains("<p>A last paragraph.</p>"), "{main}");
}

/// A numeric style numbers works once for the whole site, in the order pages first cite
/// them (reading order): every page, its list and the index show the same numbers.
#[test]
fn a_numeric_style_numbers_works_site_wide_in_reading_order() {
    let site = Site::fixture("citations/numeric").with_bibliography();
    site.build().success();
    let texts = |page: &str| -> Vec<String> {
        citations(&site.main_of(page))
            .iter()
            .map(|c| visible(c))
            .collect()
    };
    assert_eq!(texts("a/index.html"), ["[1]", "[2, p. 6272]"]);
    assert_eq!(
        texts("b/index.html"),
        ["[3]", "[2]", "see [1, Ch. 2]", "[1], [2], [3]"]
    );
    let numbers = |entries: &[String]| -> Vec<String> {
        entries
            .iter()
            .map(|e| visible(&e[..e.find("</span>").expect("a number")]))
            .collect()
    };
    let a_list = page_references(&site.main_of("a/index.html"));
    assert_eq!(numbers(&a_list), ["[1]", "[2]"], "{a_list:#?}");
    let b_list = page_references(&site.main_of("b/index.html"));
    assert_eq!(numbers(&b_list), ["[1]", "[2]", "[3]"], "{b_list:#?}");
    assert!(b_list[2].contains("Hold me tight"), "{b_list:#?}");
    let index = index_entries(&site.output("references/index.html"));
    let ids: Vec<&str> = index.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ref-field2017",
            "ref-kross2011",
            "ref-johnson2008",
            "ref-johnson2013",
            "ref-rahe2023"
        ],
        "cited works by first citation, then the works cited nowhere"
    );
    for (n, entry) in index.iter().enumerate() {
        assert!(
            (entry.text).starts_with(&format!(r#"<span class="ref-number">[{}]</span> "#, n + 1)),
            "{}",
            entry.text
        );
    }
}

/// Better BibTeX keys with odd characters, from real exports: a `;` inside braces is part
/// of the key, not a separator; a key holding brackets, which Markdown reads before the
/// citation, is an error at its place, never text published as if it were not a citation.
#[test]
fn braced_keys_with_semicolons_work_and_unclosed_ones_are_errors() {
    let site = Site::fixture("citations/odd-braced-keys");
    let run = site.build();
    run.errors(1);
    run.diag("content/page.md:7:20: error: a citation key in braces, `@{…`, is not closed")
        .hint("a braced key ends at the first `}`");
    site.patch(
        "content/page.md",
        "Brackets in a key [@{[NOTITLE]2017}].",
        "",
    );
    site.build().success();
    let main = site.main_of("page/index.html");
    let spans = citations(&main);
    assert_eq!(spans.len(), 2, "{main}");
    assert_eq!(visible(spans[0]), "(Ladyman, 2007, p. 4)");
    assert_eq!(visible(spans[1]), "Ladyman (2007)");
}
