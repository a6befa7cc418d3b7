//! The CSL style named by `citation_style`, from hayagriva's archive: loaded, checked to be
//! one kintsugi supports, given its locales, and with its type tests narrowed to the
//! bibliography's works. Does not render anything (the styler does).
//!
//! Author-date styles (and author-only ones such as MLA) and numeric ones (IEEE,
//! Vancouver, AMA: numbered site-wide by the styler) work; note and label styles are
//! rejected: pages have no footnotes for notes, and labels are not kept consistent across
//! the site. [`VERIFIED_STYLES`] are checked by the tests, with the five bundled works in
//! text and in the list.
//!
//! Only the style's locale and en-US are loaded. hayagriva's API decodes every locale of
//! its archive at once (`archive::locales()`) and its reader for one is private, so the
//! one needed is found in `archive::LOCALES` by its code and decoded with ciborium, the
//! CBOR reader hayagriva itself uses.

use std::fmt::Write as _;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::Kind;
use hayagriva::citationberg::{
    ChooseBranch, ChooseMatch, CitationFormat, IndependentStyle, LayoutRenderingElement, Locale,
    LocaleCode, NamesChild, Style, StyleCategory, StyleClass,
};
use hayagriva::{CitationItem, CitationRequest, Entry};
use rayon::prelude::*;

use crate::suggest::closest;

/// Styles checked by the tests; named in error messages.
pub(super) const VERIFIED_STYLES: &[&str] = &[
    "apa",
    "chicago-author-date",
    "harvard-cite-them-right",
    "modern-language-association",
    "american-sociological-association",
    "elsevier-harvard",
    "ieee",
    "vancouver",
    "american-medical-association",
];

/// The style named `name` (the `citation_style` setting) in `language` (a BCP 47 tag, the
/// site's) and its locales, its type tests narrowed to `entries`. The error for an unknown
/// or unsupported style names the supported ones.
pub(super) fn load(
    name: &str,
    language: &str,
    entries: &[Entry],
) -> Result<(IndependentStyle, Vec<Locale>), String> {
    prepare(load_style(name)?, language, entries)
}

/// The style in `xml`, a `.csl` file of the site shown as `file`, as [`load`] gives a
/// bundled one. A dependent style (a journal's, which names the style it follows) works
/// when the style it follows is bundled with hayagriva.
pub(super) fn load_csl(
    file: &str,
    xml: &str,
    language: &str,
    entries: &[Entry],
) -> Result<(IndependentStyle, Vec<Locale>), String> {
    let style = Style::from_xml(xml).map_err(|e| format!("`{file}` is not a CSL style: {e}"))?;
    let style = match style {
        Style::Independent(style) => style,
        Style::Dependent(dependent) => {
            let parent = dependent.parent_link.href.to_string();
            let name = parent
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            match ArchivedStyle::by_name(name).map(|s| s.get()) {
                Some(Style::Independent(style)) => style,
                _ => {
                    return Err(format!(
                        "`{file}` is a dependent style whose parent `{parent}` is not bundled with hayagriva: use the parent's own .csl file"
                    ))
                }
            }
        }
    };
    prepare(check_style(style, &format!("`{file}`"))?, language, entries)
}

/// `style` in `language`, with its locales and its type tests narrowed to `entries`. The
/// site's language replaces the style's `default-locale`, as Pandoc's `lang` does: a
/// German site cites "S. 4" and "o. J." whatever the style was written for.
fn prepare(
    mut style: IndependentStyle,
    language: &str,
    entries: &[Entry],
) -> Result<(IndependentStyle, Vec<Locale>), String> {
    style.default_locale = Some(LocaleCode(language.to_string()));
    if entries.is_empty() {
        return Ok((style, Vec::new()));
    }
    let locales = load_locales(&style);
    focus_type_tests(&mut style, entries, &locales);
    Ok((style, locales))
}

/// What the errors about styles end with: the styles kintsugi supports.
fn supported_styles() -> String {
    format!(
        "supported styles: {} (the default is apa; other author-date and numeric styles bundled with hayagriva work too)",
        VERIFIED_STYLES.join(", ")
    )
}

/// The style named `name`, if kintsugi supports it, with name disambiguation off.
fn load_style(name: &str) -> Result<IndependentStyle, String> {
    let Some(archived) = ArchivedStyle::by_name(name) else {
        let names = ArchivedStyle::all()
            .iter()
            .flat_map(|s| s.names().iter().copied());
        let verified = VERIFIED_STYLES
            .iter()
            .copied()
            .find(|s| s.starts_with(name));
        let hint = match verified.or_else(|| closest(name, names)) {
            Some(near) => format!(" (did you mean `{near}`?)"),
            None => String::new(),
        };
        return Err(format!(
            "unknown citation_style `{name}`{hint}; {}",
            supported_styles()
        ));
    };
    let Style::Independent(style) = archived.get() else {
        return Err(format!(
            "citation_style `{name}` is a dependent style; {}",
            supported_styles()
        ));
    };
    check_style(style, &format!("citation_style `{name}`"))
}

/// Whether `style` numbers its references (IEEE, Vancouver, AMA): its citations show a
/// citation number.
pub(super) fn is_numeric(style: &IndependentStyle) -> bool {
    style.info.category.iter().any(|c| {
        matches!(
            c,
            StyleCategory::CitationFormat {
                format: CitationFormat::Numeric
            }
        )
    })
}

/// `style` if kintsugi supports it (author-date, author-only or numeric), with adding
/// names off; `what` names it in the error.
fn check_style(mut style: IndependentStyle, what: &str) -> Result<IndependentStyle, String> {
    let format = style.info.category.iter().find_map(|c| match c {
        StyleCategory::CitationFormat { format } => Some(*format),
        StyleCategory::Field { .. } => None,
    });
    let kind = match format {
        _ if style.settings.class == StyleClass::Note => Some("a note style"),
        Some(CitationFormat::Note) => Some("a note style"),
        Some(CitationFormat::Label) => Some("a label style"),
        Some(CitationFormat::AuthorDate | CitationFormat::Author | CitationFormat::Numeric)
        | None => None,
    };
    if let Some(kind) = kind {
        return Err(format!(
            "{what} is {kind}, which kintsugi does not support: a site's pages have no footnotes to put notes in, and labels are not kept consistent across the site; {}",
            supported_styles()
        ));
    }
    // hayagriva 0.10.1's adding of names depends on how often a work is cited in the same
    // driver: off. (Adding given names is kept in the style for the styler, which does it
    // itself and turns it off for hayagriva; see `styler::look_alikes`.)
    style.citation.disambiguate_add_names = false;
    Ok(style)
}

/// Narrows the type tests of `style` (`<if type="book chapter" match="any">`) to what
/// `entries` can match. hayagriva tests a work's type by building and matching selectors
/// afresh on every test, and a style like APA runs hundreds of tests per rendering. Most
/// of the types a style
/// lists match none of a bibliography's works, so those tests are false for every work
/// rendered: dropping them from an `any` or `none` list changes no result, and the rest are
/// tested most common first (both short-circuit). A branch that needs `all` of its types
/// and names one no work has is false: it keeps that one type only. Which types each work
/// matches is asked of hayagriva itself, with a probe style that prints them.
fn focus_type_tests(style: &mut IndependentStyle, entries: &[Entry], locales: &[Locale]) {
    let mut tested: Vec<Kind> = Vec::new();
    for_each_branch(style, &mut |branch| {
        for kind in branch.type_.iter().flatten() {
            if !tested.contains(kind) {
                tested.push(*kind);
            }
        }
    });
    let Some(matched) = type_counts(&tested, entries, locales) else {
        return;
    };
    let count = |kind: &Kind| (tested.iter().position(|k| k == kind)).map_or(0, |i| matched[i]);
    for_each_branch(style, &mut |branch| {
        let Some(kinds) = branch.type_.as_mut() else {
            return;
        };
        match branch.match_ {
            ChooseMatch::Any | ChooseMatch::None => {
                kinds.retain(|k| count(k) > 0);
                kinds.sort_by_key(|k| std::cmp::Reverse(count(k)));
            }
            ChooseMatch::All => {
                if let Some(&never) = kinds.iter().find(|k| count(k) == 0) {
                    *kinds = vec![never];
                }
            }
        }
    });
}

/// How many of `entries` match each of `kinds`, as hayagriva tests it: each work is cited
/// with a probe style whose citation prints `[i]` for each type `kinds[i]` it matches.
fn type_counts(kinds: &[Kind], entries: &[Entry], locales: &[Locale]) -> Option<Vec<usize>> {
    let probe = type_probe(kinds)?;
    let counts = (entries.par_iter())
        .map(|entry| {
            let request =
                CitationRequest::from_items(vec![CitationItem::with_entry(entry)], &probe, locales);
            let printed = format!("{:#}", hayagriva::standalone_citation(request));
            let mut hits = vec![0; kinds.len()];
            for index in printed
                .split(['[', ']'])
                .filter_map(|s| s.parse::<usize>().ok())
            {
                if let Some(hit) = hits.get_mut(index) {
                    *hit = 1;
                }
            }
            hits
        })
        .reduce(
            || vec![0; kinds.len()],
            |a, b| a.iter().zip(&b).map(|(x, y)| x + y).collect(),
        );
    Some(counts)
}

/// A style whose citation prints `[i]` for each type `kinds[i]` its one work matches.
fn type_probe(kinds: &[Kind]) -> Option<IndependentStyle> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>Type probe</title><id>kintsugi-type-probe</id><updated>2025-01-01T00:00:00+00:00</updated></info><citation><layout>"#,
    );
    for (i, kind) in kinds.iter().enumerate() {
        let name = serde_json::to_value(kind).ok()?;
        let _ = write!(
            xml,
            r#"<choose><if type="{}"><text value="[{i}]"/></if></choose>"#,
            name.as_str()?
        );
    }
    xml.push_str("</layout></citation></style>");
    IndependentStyle::from_xml(&xml).ok()
}

/// Calls `f` on every conditional branch of `style`: in its citation and bibliography
/// layouts, its macros, and names' substitutes, at any depth.
fn for_each_branch(style: &mut IndependentStyle, f: &mut impl FnMut(&mut ChooseBranch)) {
    fn walk(elements: &mut [LayoutRenderingElement], f: &mut impl FnMut(&mut ChooseBranch)) {
        for element in elements {
            match element {
                LayoutRenderingElement::Group(group) => walk(&mut group.children, f),
                LayoutRenderingElement::Names(names) => {
                    for child in &mut names.children {
                        if let NamesChild::Substitute(substitute) = child {
                            walk(&mut substitute.children, f);
                        }
                    }
                }
                LayoutRenderingElement::Choose(choose) => {
                    for branch in std::iter::once(&mut choose.if_).chain(&mut choose.else_if) {
                        f(branch);
                        walk(&mut branch.children, f);
                    }
                    if let Some(otherwise) = &mut choose.otherwise {
                        walk(&mut otherwise.children, f);
                    }
                }
                _ => {}
            }
        }
    }
    walk(&mut style.citation.layout.elements, f);
    if let Some(bibliography) = &mut style.bibliography {
        walk(&mut bibliography.layout.elements, f);
    }
    for csl_macro in &mut style.macros {
        walk(&mut csl_macro.children, f);
    }
}

/// The style's locale and en-US (hayagriva's fallback), each decoded alone from hayagriva's
/// archive; if one is not found, all locales are decoded and the rest dropped.
fn load_locales(style: &IndependentStyle) -> Vec<Locale> {
    let wanted = style
        .default_locale
        .clone()
        .unwrap_or_else(LocaleCode::en_us);
    // `de` has no locale of its own in CSL: `de-DE` stands for it (hayagriva looks there).
    let mut codes = vec![wanted.clone()];
    codes.extend(wanted.fallback());
    codes.push(LocaleCode::en_us());
    codes.dedup();
    let decoded: Vec<Locale> = codes.iter().filter_map(archived_locale).collect();
    if decoded.len() + 1 >= codes.len() {
        return decoded;
    }
    hayagriva::archive::locales()
        .into_iter()
        .filter(|l| l.lang.as_ref().is_some_and(|lang| codes.contains(lang)))
        .collect()
}

/// One locale of hayagriva's archive, found by its code: each locale's CBOR has the code
/// as the text value of its `@xml:lang` key.
fn archived_locale(code: &LocaleCode) -> Option<Locale> {
    let mut needle = b"\x69@xml:lang".to_vec();
    needle.push(0x60 + u8::try_from(code.0.len()).ok().filter(|&n| n < 24)?);
    needle.extend(code.0.as_bytes());
    let bytes = hayagriva::archive::LOCALES
        .iter()
        .find(|bytes| bytes.windows(needle.len()).any(|w| w == needle))?;
    let locale = decode_locale(bytes)?;
    (locale.lang.as_ref() == Some(code)).then_some(locale)
}

/// Decodes one locale of `archive::LOCALES` as hayagriva's `archive::locales()` does.
fn decode_locale(bytes: &[u8]) -> Option<Locale> {
    ciborium::from_reader(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::test_support::{bib, FIVE};
    use crate::cite::{parse_bracketed, Cluster, Styler};

    #[test]
    fn unknown_and_unsupported_styles() {
        let bib = bib(FIVE);
        let error = |name| Styler::new(&bib, name, "en-US").err().expect("an error");
        assert_eq!(
            error("chicago"),
            "unknown citation_style `chicago` (did you mean `chicago-author-date`?); supported styles: apa, chicago-author-date, harvard-cite-them-right, modern-language-association, american-sociological-association, elsevier-harvard, ieee, vancouver, american-medical-association (the default is apa; other author-date and numeric styles bundled with hayagriva work too)"
        );
        assert!(error("chicago-notes").starts_with(
            "citation_style `chicago-notes` is a note style, which kintsugi does not support"
        ));
        assert!(error("alphanumeric").starts_with("citation_style `alphanumeric` is a label style"));
        assert!(error("alphanumeric").contains("supported styles: apa, chicago-author-date"));
        assert!(Styler::new(&bib, "ieee", "en-US").is_ok());
    }

    #[test]
    fn locales_decode_like_hayagriva() {
        let theirs = hayagriva::archive::locales();
        for (bytes, locale) in hayagriva::archive::LOCALES.iter().zip(&theirs) {
            let ours = decode_locale(bytes).expect("decodes");
            assert!(ours == *locale, "{:?} decoded differently", locale.lang);
            // Each is also found by its own code.
            if let Some(code) = &locale.lang {
                let found = archived_locale(code);
                assert!(found.as_ref() == Some(locale), "{code:?} found differently");
            }
        }
        let en_us = archived_locale(&LocaleCode::en_us()).expect("en-US is in the archive");
        assert_eq!(en_us.lang, Some(LocaleCode::en_us()));
        let de_de = LocaleCode("de-DE".into());
        assert_eq!(archived_locale(&de_de).and_then(|l| l.lang), Some(de_de));
    }

    /// Works of many CSL types, for the type-test checks.
    const MANY_TYPES: &str = r#"
book1:
  type: book
  title: A book
  author: ["Kim, S."]
  date: 2001
  publisher: Quiet Press
journal1:
  type: article
  title: A journal article
  author: ["Haddad, R.", "Novak, P."]
  date: 2013
  page-range: 3-9
  parent: {type: periodical, title: Family Process, volume: 52, issue: 1}
news1:
  type: article
  title: A news story
  author: ["Lee, C."]
  date: 2019-04-02
  parent: {type: newspaper, title: The Daily}
chapter1:
  type: chapter
  title: A chapter
  author: ["Mills, T."]
  date: 2010
  page-range: 40-61
  parent: {type: book, title: An edited book, editor: ["Abbott, M."], publisher: Big House}
paper1:
  type: article
  title: A conference paper
  author: ["Zhou, L."]
  date: 2015
  parent: {type: proceedings, title: Proceedings of the meeting}
report1:
  type: report
  title: A report
  author: ["{World Health Organization}"]
  date: 2020-05
thesis1:
  type: thesis
  title: A thesis
  author: ["Park, J."]
  date: 2018
  organization: A University
web1:
  type: web
  title: A web page
  author: ["Ruiz, A."]
  date: 2021
  url: https://example.org/page
post1:
  type: article
  title: A blog post
  author: ["Ng, B."]
  date: 2022
  parent: {type: blog, title: A blog}
video1:
  type: video
  title: A film
  date: 1999
misc1:
  type: misc
  title: Something else
  date: 2005
entry1:
  type: entry
  title: An encyclopedia entry
  parent: {type: reference, title: The encyclopedia}
  date: 2003
repo1:
  type: repository
  title: A code repository
  author: ["Dev, A."]
  date: 2023
"#;

    /// The probe finds what hayagriva matches: a book is a book, an article in a
    /// periodical a journal article, a chapter in a book a chapter.
    #[test]
    fn type_probe_reports_the_types_works_match() {
        let bib = bib(MANY_TYPES);
        let style = load_style("apa").unwrap();
        let locales = load_locales(&style);
        let kinds = [
            Kind::Book,
            Kind::ArticleJournal,
            Kind::Chapter,
            Kind::Thesis,
            Kind::Webpage,
            Kind::Patent,
        ];
        let count = |key: &str| {
            let entry = bib.entries().iter().find(|e| e.key() == key).unwrap();
            type_counts(&kinds, std::slice::from_ref(entry), &locales).unwrap()
        };
        assert_eq!(count("book1"), [1, 0, 0, 0, 0, 0]);
        assert_eq!(count("journal1"), [0, 1, 0, 0, 0, 0]);
        assert_eq!(count("chapter1"), [0, 0, 1, 0, 0, 0]);
        assert_eq!(count("thesis1"), [0, 0, 0, 1, 0, 0]);
        assert_eq!(count("web1"), [0, 0, 0, 0, 1, 0]);
        let all = type_counts(&kinds, bib.entries(), &locales).unwrap();
        assert_eq!(all, [1, 1, 1, 1, 1, 0]);
    }

    /// Narrowing the type tests to the bibliography changes nothing that is rendered: the
    /// reference list and citations of every kind, in every verified style, for works of
    /// many types, and for a bibliography of two types (where most tests are dropped).
    #[test]
    fn focused_type_tests_render_as_the_full_style() {
        let two_types = &MANY_TYPES[..MANY_TYPES.find("news1:").unwrap()];
        for yaml in [MANY_TYPES, two_types] {
            let bib = bib(yaml);
            for style in VERIFIED_STYLES {
                let focused = Styler::new(&bib, style, "en-US").unwrap();
                let full = {
                    let full_style = load_style(style).unwrap();
                    let locales = load_locales(&full_style);
                    Styler::with_style(&bib, full_style, locales)
                };
                assert_eq!(focused.sorted_keys(), full.sorted_keys(), "{style}");
                let keys = full.sorted_keys().to_vec();
                let mut clusters = vec![format!("@{}", keys.join("; @"))];
                for key in &keys {
                    assert_eq!(
                        focused.entry_html(key),
                        full.entry_html(key),
                        "{style}: {key}"
                    );
                    clusters.extend([
                        format!("@{key}"),
                        format!("@{key}, p. 4"),
                        format!("see -@{key}, chap. 2"),
                    ]);
                }
                for cluster in clusters {
                    let cluster = parse_bracketed(&cluster).unwrap().unwrap();
                    let html = |s: &Styler| s.cluster_html(&cluster, "c", "/r/");
                    assert_eq!(html(&focused), html(&full), "{style}: {cluster:?}");
                }
                let narrative = Cluster::narrative(&keys[0]);
                assert_eq!(
                    focused.cluster_html(&narrative, "n", "/r/"),
                    full.cluster_html(&narrative, "n", "/r/"),
                    "{style}"
                );
            }
        }
    }
}
