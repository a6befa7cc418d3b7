//! The styler's tests: APA's in-text forms and reference list, year suffixes for
//! look-alike works, the other verified styles, odd input, and an empty bibliography.

use std::path::Path;

use super::*;
use crate::cite::parse_bracketed;
use crate::cite::test_support::{apa, bib, cite, FIVE};

#[test]
fn apa_in_text_forms() {
    let styler = apa(FIVE);
    assert!(
        styler.diagnostics().is_empty(),
        "{:#?}",
        styler.diagnostics()
    );
    let cases = [
        ("[@johnson2008]", "(Johnson, 2008)"),
        ("[@johnson2008, p. 45]", "(Johnson, 2008, p. 45)"),
        (
            "[@kross2011; @field2017]",
            "(Field, 2017; Kross et al., 2011)",
        ),
        ("[-@johnson2013]", "(2013)"),
        ("[-@johnson2008, p. 45]", "(2008, p. 45)"),
        ("@kross2011", "Kross et al. (2011)"),
        ("[@johnson2008; @johnson2013]", "(Johnson, 2008, 2013)"),
        ("[@rahe2023]", "(Rahe & Jansen, 2023)"),
        (
            "[see @field2017, pp. 218-220]",
            "(see Field, 2017, pp. 218–220)",
        ),
        (
            "[@rahe2023; @johnson2013; @kross2011; @field2017; @johnson2008]",
            "(Field, 2017; Johnson, 2008, 2013; Kross et al., 2011; Rahe & Jansen, 2023)",
        ),
        ("[@johnson2008, chap. 2]", "(Johnson, 2008, Chapter 2)"),
        ("[@johnson2008, para. 4]", "(Johnson, 2008, para. 4)"),
        ("[@johnson2008, 12]", "(Johnson, 2008, p. 12)"),
        (
            "[e.g., @field2017; -@kross2011]",
            "(e.g., Field, 2017; 2011)",
        ),
        // Pandoc's suffixes: after the locator, or alone.
        (
            "[@johnson2008, p. 45, and elsewhere]",
            "(Johnson, 2008, p. 45, and elsewhere)",
        ),
        ("[@johnson2008 and passim]", "(Johnson, 2008 and passim)"),
        (
            "[see @field2017, chapter two; @kross2011 p. 3]",
            "(see Field, 2017, chapter two; Kross et al., 2011, p. 3)",
        ),
    ];
    for (markdown, expected) in cases {
        assert_eq!(cite(&styler, markdown), expected, "{markdown}");
    }
}

#[test]
fn apa_reference_list() {
    let styler = apa(FIVE);
    assert_eq!(
        styler.sorted_keys(),
        [
            "field2017",
            "johnson2008",
            "johnson2013",
            "kross2011",
            "rahe2023"
        ]
    );
    let expected = [
        (
            "field2017",
            "Field, T. (2017). Romantic breakup distress, betrayal and heartbreak: A review. <em>International Journal of Behavioral Research &amp; Psychology, 5</em>(2), 217–225.",
        ),
        (
            "johnson2008",
            "Johnson, S. M. (2008). <em>Hold me tight: Seven conversations for a lifetime of love</em>. Little, Brown and Company.",
        ),
        (
            "johnson2013",
            "Johnson, S. M. (2013). <em>Love sense: The revolutionary new science of romantic relationships</em>. Little, Brown and Company.",
        ),
        (
            "kross2011",
            "Kross, E., Berman, M. G., Mischel, W., Smith, E. E., &amp; Wager, T. D. (2011). Social rejection shares somatosensory representations with physical pain. <em>Proceedings of the National Academy of Sciences of the United States of America, 108</em>(15), 6270–6275. <a href=\"https://doi.org/10.1073/pnas.1102693108\">https://doi.org/10.1073/pnas.1102693108</a>",
        ),
        (
            // `serial-number: serial` is CSL's `number`, which APA prints as "Article N"
            // when there are no pages.
            "rahe2023",
            "Rahe, M., &amp; Jansen, P. (2023). A closer look at the relationships between aspects of connectedness and flourishing. <em>Frontiers in Psychology, 14</em>, Article 1137752. <a href=\"https://doi.org/10.3389/fpsyg.2023.1137752\">https://doi.org/10.3389/fpsyg.2023.1137752</a>",
        ),
    ];
    for (key, html) in expected {
        assert_eq!(styler.entry_html(key), Some(html), "{key}");
    }
    assert_eq!(styler.entry_html("nope"), None);
}

#[test]
fn cluster_html_shape() {
    let styler = apa(FIVE);
    let cluster = parse_bracketed("@kross2011; @field2017").unwrap().unwrap();
    let html = styler.cluster_html(&cluster, "cite-3", "/references/");
    let tip = |key| styler.entry_html(key).unwrap().to_string();
    assert_eq!(
        html,
        format!(
            r#"<span class="citation" id="cite-3">(<a class="cite" href="/references/#ref-field2017" aria-describedby="cite-3-tip-1">Field, 2017</a>; <a class="cite" href="/references/#ref-kross2011" aria-describedby="cite-3-tip-2">Kross et al., 2011</a>)<span class="cite-tip" role="tooltip" id="cite-3-tip-1">{}</span><span class="cite-tip" role="tooltip" id="cite-3-tip-2">{}</span></span>"#,
            tip("field2017"),
            tip("kross2011")
        )
    );
    // Memoized, but the ids are the occurrence's own.
    let again = styler.cluster_html(&cluster, "cite-9", "/references/");
    assert_eq!(again, html.replace("cite-3", "cite-9"));

    let narrative = styler.cluster_html(&Cluster::narrative("kross2011"), "cite-4", "/r/");
    assert_eq!(
        narrative,
        format!(
            r#"<span class="citation" id="cite-4"><a class="cite" href="/r/#ref-kross2011" aria-describedby="cite-4-tip-1">Kross et al. (2011)</a><span class="cite-tip" role="tooltip" id="cite-4-tip-1">{}</span></span>"#,
            tip("kross2011")
        )
    );
    let prefixed = parse_bracketed("see @field2017, pp. 218-220")
        .unwrap()
        .unwrap();
    assert!(styler
        .cluster_html(&prefixed, "c", "/r/")
        .starts_with(r#"<span class="citation" id="c">(see <a class="cite" href="/r/#ref-field2017" aria-describedby="c-tip-1">Field, 2017, pp. 218–220</a>)"#));
}

const SMITHS: &str = r#"
smith2020b:
  type: book
  title: Beta methods
  author: Smith, John
  date: 2020
smith2020a:
  type: book
  title: Alpha methods
  author: Smith, John
  date: 2020
smith2019:
  type: book
  title: Gamma methods
  author: Smith, John
  date: 2019
"#;

#[test]
fn same_author_and_year_get_suffixes_in_list_order() {
    let styler = apa(SMITHS);
    assert!(
        styler.diagnostics().is_empty(),
        "{:#?}",
        styler.diagnostics()
    );
    assert_eq!(
        styler.sorted_keys(),
        ["smith2019", "smith2020a", "smith2020b"]
    );
    assert_eq!(cite(&styler, "[@smith2020a]"), "(Smith, 2020a)");
    assert_eq!(cite(&styler, "[@smith2020b]"), "(Smith, 2020b)");
    assert_eq!(cite(&styler, "[@smith2019]"), "(Smith, 2019)");
    assert_eq!(cite(&styler, "[-@smith2020b, p. 3]"), "(2020b, p. 3)");
    assert_eq!(cite(&styler, "@smith2020b"), "Smith (2020b)");
    assert_eq!(
        cite(&styler, "[@smith2020b; @smith2019; @smith2020a]"),
        "(Smith, 2019, 2020a, 2020b)"
    );
    assert_eq!(
        styler.entry_html("smith2020a"),
        Some("Smith, J. (2020a). <em>Alpha methods</em>.")
    );
    assert_eq!(
        styler.entry_html("smith2020b"),
        Some("Smith, J. (2020b). <em>Beta methods</em>.")
    );
}

#[test]
fn disambiguation_holds_for_many_groups_in_one_site_and_one_citation() {
    // Regression: hayagriva disambiguates at most three groups per driver.
    let mut yaml = String::new();
    for author in ["Adams", "Baker", "Clark", "Davis", "Evans"] {
        for (suffix, title) in [("a", "First"), ("b", "Second")] {
            let key = format!("{}{suffix}", author.to_lowercase());
            yaml.push_str(&format!(
                "{key}:\n  type: book\n  title: {title}\n  author: {author}, Ann\n  date: 2020\n"
            ));
        }
    }
    let styler = apa(&yaml);
    assert!(
        styler.diagnostics().is_empty(),
        "{:#?}",
        styler.diagnostics()
    );
    assert_eq!(cite(&styler, "[@evansb]"), "(Evans, 2020b)");
    assert_eq!(
        styler.entry_html("evansb"),
        Some("Evans, A. (2020b). <em>Second</em>.")
    );
    assert_eq!(
        cite(
            &styler,
            "[@adamsb; @bakerb; @clarkb; @davisb; @evansa; @evansb]"
        ),
        "(Adams, 2020b; Baker, 2020b; Clark, 2020b; Davis, 2020b; Evans, 2020a, 2020b)"
    );
}

#[test]
fn first_authors_with_one_family_name_are_told_apart_by_initials() {
    // APA 7 (and citeproc, with APA's primary-name-with-initials rule): "J. Smith" and
    // "A. Smith" in text, everywhere, and no year suffixes. hayagriva's own given-name
    // disambiguation loses the given names in the list ("Smith. (2020)"): kintsugi adds
    // them. Different coauthors after the same first author still get year suffixes
    // (adding names is off: hayagriva's depends on what else a driver cites).
    let yaml = "js:\n  type: book\n  title: One\n  author: Smith, John\n  date: 2020\nas:\n  type: book\n  title: Two\n  author: Smith, Anna\n  date: 2020\nas2:\n  type: book\n  title: Three\n  author: Smith, Anna\n  date: 2021\nk1:\n  type: book\n  title: K1\n  author: [\"Kross, E.\", \"Berman, M.\", \"Mischel, W.\"]\n  date: 2011\nk2:\n  type: book\n  title: K2\n  author: [\"Kross, E.\", \"Smith, J.\", \"Jones, W.\"]\n  date: 2011\n";
    let styler = apa(yaml);
    assert!(
        styler.diagnostics().is_empty(),
        "{:#?}",
        styler.diagnostics()
    );
    assert_eq!(cite(&styler, "[@js]"), "(J. Smith, 2020)");
    assert_eq!(cite(&styler, "@as2"), "A. Smith (2021)");
    assert_eq!(cite(&styler, "[-@as2, p. 4]"), "(2021, p. 4)");
    assert_eq!(
        cite(&styler, "[@js; @as; @as2]"),
        "(A. Smith, 2020, 2021; J. Smith, 2020)"
    );
    assert_eq!(cite(&styler, "[@k1]"), "(Kross et al., 2011a)");
    assert_eq!(
        cite(&styler, "[@k2; @k1]"),
        "(Kross et al., 2011a; Kross et al., 2011b)"
    );
    assert_eq!(
        styler.entry_html("js"),
        Some("Smith, J. (2020). <em>One</em>.")
    );
    assert_eq!(
        styler.entry_html("as"),
        Some("Smith, A. (2020). <em>Two</em>.")
    );
    let chicago = Styler::new(&bib(yaml), "chicago-author-date", "en-US").unwrap();
    assert_eq!(cite(&chicago, "[@js]"), "(J. Smith 2020)");
}

#[test]
fn undated_works_by_one_author_get_letters_after_no_date() {
    // hayagriva adds year suffixes only when a date is rendered; APA 7 and citeproc
    // write n.d.-a and n.d.-b, lettered in list order (by title).
    let yaml = "two:\n  type: book\n  author: Doe, Jane\n  title: Two\none:\n  type: book\n  author: Doe, Jane\n  title: One\nthree:\n  type: book\n  author: Doe, Jane\n  title: Three\ndated:\n  type: book\n  author: Doe, Jane\n  title: Dated\n  date: 2001\n";
    let styler = apa(yaml);
    assert!(
        styler.diagnostics().is_empty(),
        "{:#?}",
        styler.diagnostics()
    );
    // APA puts undated works before dated ones.
    assert_eq!(styler.sorted_keys(), ["one", "three", "two", "dated"]);
    assert_eq!(cite(&styler, "[@one]"), "(Doe, n.d.-a)");
    assert_eq!(cite(&styler, "[@three, p. 4]"), "(Doe, n.d.-b, p. 4)");
    assert_eq!(cite(&styler, "@two"), "Doe (n.d.-c)");
    assert_eq!(cite(&styler, "[-@two]"), "(n.d.-c)");
    assert_eq!(
        cite(&styler, "[@two; @one; @dated]"),
        "(Doe, n.d.-a, n.d.-c, 2001)"
    );
    assert_eq!(
        styler.entry_html("one"),
        Some("Doe, J. (n.d.-a). <em>One</em>.")
    );
    assert_eq!(
        styler.entry_html("two"),
        Some("Doe, J. (n.d.-c). <em>Two</em>.")
    );
    assert_eq!(
        styler.entry_html("dated"),
        Some("Doe, J. (2001). <em>Dated</em>.")
    );

    let chicago = Styler::new(&bib(yaml), "chicago-author-date", "en-US").unwrap();
    assert_eq!(cite(&chicago, "[@three, p. 4]"), "(Doe, n.d.-b, 4)");
    assert_eq!(
        chicago.entry_html("two"),
        Some("Doe, Jane. n.d.-c. <em>Two</em>.")
    );
}

#[test]
fn the_same_work_entered_twice_is_a_warning_at_both_entries() {
    let yaml = "a1:\n  type: book\n  author: Doe, Jane\n  title: One\n  date: 2020\na2:\n  type: book\n  author: Doe, Jane\n  title: One\n  date: 2020\n";
    let styler = apa(yaml);
    let messages: Vec<String> = styler.diagnostics().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        messages,
        [
            "content/references.yaml:1: warning: reference `a1` has the same authors, date and title as `a2`\n = hint: if they are one work, keep one entry and cite it by one key",
            "content/references.yaml:6: warning: reference `a2` has the same authors, date and title as `a1`\n = hint: if they are one work, keep one entry and cite it by one key",
        ]
    );
    // Still told apart, as citeproc does.
    assert_eq!(cite(&styler, "[@a1; @a2]"), "(Doe, 2020a, 2020b)");
}

#[test]
fn other_author_date_styles() {
    let bib = bib(FIVE);
    let all_five = "[@rahe2023; @johnson2013; @kross2011; @field2017; @johnson2008]";
    let hold_me_tight = "Hold Me Tight: Seven Conversations for a Lifetime of Love";
    let love_sense = "Love Sense: The Revolutionary New Science of Romantic Relationships";
    // (style, [@johnson2008, p. 45], [@johnson2008; @johnson2013], all five, @kross2011,
    //  the johnson2008 entry)
    let cases = [
        (
            "chicago-author-date",
            "(Johnson 2008, 45)".to_string(),
            "(Johnson 2008, 2013)".to_string(),
            // Chicago keeps the author's order, with same-author works brought together.
            "(Rahe and Jansen 2023; Johnson 2013, 2008; Kross et al. 2011; Field 2017)".to_string(),
            "Kross et al. (2011)",
            "Johnson, Susan M. 2008. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. Little, Brown and Company.",
        ),
        (
            "harvard-cite-them-right",
            "(Johnson, 2008, p. 45)".to_string(),
            "(Johnson, 2008, 2013)".to_string(),
            // Sorted by year. Regression: hayagriva collapsed the wrong items here
            // ("Johnson, 2008, Johnson, 2013; 2011; ...").
            "(Johnson, 2008, 2013; Kross et al., 2011; Field, 2017; Rahe and Jansen, 2023)".to_string(),
            "Kross et al. (2011)",
            "Johnson, S.M. (2008) <em>Hold me tight: Seven conversations for a lifetime of love</em>. New York: Little, Brown and Company.",
        ),
        (
            // MLA tells same-author works apart by title (the full one: no `short` title
            // in the data).
            "modern-language-association",
            format!("(Johnson, {hold_me_tight} 45)"),
            format!("(Johnson, {hold_me_tight}; Johnson, {love_sense})"),
            format!("(Rahe and Jansen; Johnson, {love_sense}; Kross et al.; Field; Johnson, {hold_me_tight})"),
            // Regression: hayagriva gave "Kross et al. ()".
            "Kross et al.",
            "Johnson, Susan M. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. Little, Brown and Company, 2008.",
        ),
        (
            "american-sociological-association",
            "(Johnson 2008:45)".to_string(),
            "(Johnson 2008, 2013)".to_string(),
            "(Field 2017; Johnson 2008, 2013; Kross et al. 2011; Rahe and Jansen 2023)".to_string(),
            "Kross et al. (2011)",
            "Johnson, Susan M. 2008. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. New York: Little, Brown and Company.",
        ),
        (
            // Sorted by author, then newest first.
            "elsevier-harvard",
            "(Johnson, 2008, p. 45)".to_string(),
            "(Johnson, 2013, 2008)".to_string(),
            "(Field, 2017; Johnson, 2013, 2008; Kross et al., 2011; Rahe and Jansen, 2023)".to_string(),
            "Kross et al. (2011)",
            "Johnson, S.M., 2008. Hold me tight: Seven conversations for a lifetime of love. Little, Brown and Company, New York.",
        ),
    ];
    for (name, page, both, five, narrative, entry) in cases {
        let styler = Styler::new(&bib, name, "en-US").unwrap();
        assert!(
            styler.diagnostics().is_empty(),
            "{name}: {:#?}",
            styler.diagnostics()
        );
        assert_eq!(cite(&styler, "[@johnson2008, p. 45]"), page, "{name}");
        assert_eq!(
            cite(&styler, "[@johnson2008; @johnson2013]"),
            both,
            "{name}"
        );
        assert_eq!(cite(&styler, all_five), five, "{name}");
        assert_eq!(cite(&styler, "@kross2011"), narrative, "{name}");
        assert_eq!(styler.entry_html("johnson2008"), Some(entry), "{name}");
        for key in styler.sorted_keys() {
            assert!(
                !styler.entry_html(key).unwrap_or("").is_empty(),
                "{name} {key}"
            );
        }
    }
    // Regression: hayagriva doubles the period before the DOI in ASA ("6270–75.. doi:").
    let asa = Styler::new(&bib, "american-sociological-association", "en-US").unwrap();
    assert_eq!(
        asa.entry_html("kross2011"),
        Some("Kross, Ethan, Marc G. Berman, Walter Mischel, Edward E. Smith, and Tor D. Wager. 2011. “Social Rejection Shares Somatosensory Representations with Physical Pain.” <em>Proceedings of the National Academy of Sciences of the United States of America</em> 108(15):6270–75. doi:<a href=\"https://doi.org/10.1073/pnas.1102693108\">10.1073/pnas.1102693108</a>.")
    );
}

#[test]
fn odd_input_does_not_panic() {
    let yamls = [
        "{",
        ":",
        "a: [",
        "a: {type: book, title: x}",
        "- a",
        "a:\n  type: book\n  parent: 3",
        "a:\n\ttype: book",
        "? [a]\n: b",
        "2020:\n  type: book",
        "a: 1\nb: [type]",
        "\u{feff}a:\n  type: book",
    ];
    let bibtexs = [
        "@",
        "@book",
        "@book{",
        "@book{a",
        "@{}",
        "@book{,}",
        "@book{a, title = {x}",
        "@string{x = \"y\"}\n@book{a, title = x}",
        "}}}{{{",
        "@book{a, author = {and and}}",
    ];
    for (yaml, bibtex) in yamls.iter().zip(bibtexs.iter().cycle()) {
        let (bib, _) = Bibliography::parse(
            Some((Path::new("r.yaml"), yaml)),
            Some((Path::new("r.bib"), bibtex)),
        );
        let styler = Styler::new(&bib, "apa", "en-US").unwrap();
        for key in styler.sorted_keys() {
            let _ = styler.cluster_html(&Cluster::narrative(key), "c", "/");
        }
    }
    let styler = apa(FIVE);
    let empty = Cluster {
        items: Vec::new(),
        narrative: false,
    };
    assert_eq!(
        styler.cluster_html(&empty, "c", "/"),
        r#"<span class="citation" id="c">[]</span>"#
    );
}

#[test]
fn styler_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Styler>();
    assert_send_sync::<Bibliography>();
}

#[test]
fn empty_bibliography() {
    let styler = Styler::new(&Bibliography::default(), "apa", "en-US").unwrap();
    assert!(styler.sorted_keys().is_empty());
    assert_eq!(
        styler.cluster_html(&Cluster::narrative("a"), "c", "/r/"),
        r#"<span class="citation" id="c">@a</span>"#
    );
}

#[test]
fn numeric_styles_number_works_in_the_order_the_site_cites_them() {
    let bib = bib(FIVE);
    for style in ["ieee", "vancouver", "american-medical-association"] {
        let styler = Styler::new(&bib, style, "en-US").unwrap();
        assert!(styler.numbers_by_citation(), "{style}");
        assert!(styler.diagnostics().is_empty(), "{style}");
        let cited = ["kross2011", "field2017", "kross2011", "nope", "rahe2023"];
        let numbered = styler.number_by_citations(cited).expect("a new order");
        assert_eq!(
            numbered.sorted_keys(),
            [
                "kross2011",
                "field2017",
                "rahe2023",
                "johnson2008",
                "johnson2013"
            ],
            "{style}: cited works first, then the rest in list order"
        );
        // Already in that order: nothing to do.
        assert!(numbered.number_by_citations(cited).is_none());
        // Every list entry carries its number.
        for (n, key) in numbered.sorted_keys().iter().enumerate() {
            let entry = numbered.entry_html(key).unwrap();
            assert!(
                entry.contains(&format!("{}", n + 1)),
                "{style}: {key} is number {}: {entry}",
                n + 1
            );
        }
    }
    let ieee = Styler::new(&bib, "ieee", "en-US")
        .unwrap()
        .number_by_citations([
            "kross2011",
            "field2017",
            "johnson2008",
            "johnson2013",
            "rahe2023",
        ])
        .unwrap();
    let cases = [
        ("[@kross2011]", "[1]"),
        ("[@rahe2023]", "[5]"),
        ("[@johnson2013, p. 4]", "[4, p. 4]"),
        ("[@rahe2023; @field2017]", "[2], [5]"),
        ("[see @field2017, chap. 2]", "see [2, Ch. 2]"),
        // As Pandoc does: a narrative citation is its number.
        ("@johnson2008", "[3]"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(cite(&ieee, markdown), expected, "{markdown}");
    }
    assert!(ieee
        .entry_html("kross2011")
        .unwrap()
        .starts_with(r#"<span class="ref-number">[1]</span> E. Kross"#));
    assert!(ieee
        .entry_html("rahe2023")
        .unwrap()
        .starts_with(r#"<span class="ref-number">[5]</span> M. Rahe"#));
}
