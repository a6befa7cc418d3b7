//! Mends what would make hayagriva refuse or misread a BibTeX entry, with a warning each:
//! a lone `$` that opens no TeX math, a `date` it cannot read, a `year` that is not a
//! number, and a `publisher` BibLaTeX would split at its `and`. Does not scan the file nor
//! decide what to do with an entry hayagriva still cannot read (the reader in `bibtex`
//! does).

use std::path::Path;

use biblatex::{ChunksExt, PermissiveType};
use hayagriva::Entry;

use crate::diagnostic::Diagnostic;

/// The `$` signs that open TeX math nothing closes, as (entry key, field, offset): the
/// reader would run past the field's end looking for the closing `$`. In verbatim fields
/// (`url`, `doi`, `file`, …) `$` is text already.
pub(super) fn lone_dollars(raw: &biblatex::RawBibliography) -> Vec<(String, String, usize)> {
    const VERBATIM: [&str; 10] = [
        "file", "doi", "uri", "eprint", "verba", "verbb", "verbc", "pdf", "url", "urlraw",
    ];
    let mut found = Vec::new();
    for entry in &raw.entries {
        for pair in &entry.v.fields {
            let field = pair.key.v.to_ascii_lowercase();
            if VERBATIM.contains(&field.as_str()) {
                continue;
            }
            for chunk in &pair.value.v {
                let biblatex::RawChunk::Normal(value) = chunk.v else {
                    continue;
                };
                let (mut count, mut last, mut escaped) = (0, 0, false);
                for (i, b) in value.bytes().enumerate() {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'$' => (count, last) = (count + 1, i),
                        _ => {}
                    }
                }
                if count % 2 == 1 {
                    let key = entry.v.key.v.to_string();
                    found.push((key, field.clone(), chunk.span.start + last));
                }
            }
        }
    }
    found
}

/// Drops or mends the dates hayagriva would refuse or misread, with a warning at the field
/// for each (by entry key): a `date` it cannot read (EDTF `19uu`, `2004/unknown`) would
/// vanish silently, and one with unspecified digits (`19XX`) would print as its last year,
/// so both are left out; a `year` that is not a number would make the entry unreadable.
/// Such a year is read as its first four-digit number outside brackets, else inside them:
/// `[1990] 2002`, a reprint of a 1990 work, is dated 2002, the edition cited. A year with
/// no such number (`Forthcoming`, `n.d.`) is left out, and the work prints as undated.
pub(super) fn mend_dates(
    path: &Path,
    text: &str,
    bibliography: &mut biblatex::Bibliography,
) -> Vec<(String, Diagnostic)> {
    const DATE_HINT: &str =
        "write dates as `2020`, `2020-03` or `2020-03-14`, a range as `2020/2021`";
    let mut warnings = Vec::new();
    for entry in bibliography.iter_mut() {
        let key = entry.key.clone();
        let warn = |field: &str, at: usize, message: String, hint: &str| {
            let message = format!("reference `{key}`: {field} {message}");
            let warning = Diagnostic::warning(path, message)
                .at_offset(text, at)
                .with_hint(hint);
            (key.clone(), warning)
        };
        if let Some(date) = entry.get("date") {
            let (value, at) = (date.format_verbatim(), date.span().start);
            let problem = match entry.date() {
                Ok(PermissiveType::Typed(_)) if value.to_uppercase().contains('X') => {
                    Some("names no single year (`X` digits are unspecified), so it is left out")
                }
                Ok(PermissiveType::Typed(_)) => None,
                _ => Some("cannot be read, so it is left out"),
            };
            if let Some(problem) = problem {
                warnings.push(warn("date", at, format!("`{value}` {problem}"), DATE_HINT));
                entry.remove("date");
            }
        }
        if entry.get("date").is_some() || entry.date().is_ok() {
            continue;
        }
        let Some(year) = entry.get("year") else {
            continue;
        };
        // A month or day hayagriva refuses is its error to report, not a year to mend.
        if biblatex::Date::parse_three_fields(year, None, None).is_ok() {
            continue;
        }
        let (value, span) = (year.format_verbatim(), year.span());
        let hint = "write the year as its digits alone, as in `year = {2020}`";
        match first_year(&value) {
            Some(number) => {
                let message = format!("`{value}` is not a number; it is read as {number}");
                warnings.push(warn("year", span.start, message, hint));
                let chunk = biblatex::Chunk::Normal(number.to_string());
                entry.set("year", vec![biblatex::Spanned::new(chunk, span)]);
            }
            None => {
                let message = format!("`{value}` is not a number, so the work is undated (n.d.)");
                warnings.push(warn("year", span.start, message, hint));
                entry.remove("year");
            }
        }
    }
    warnings
}

/// The first run of exactly four digits in `value` outside `[…]`, else inside them.
fn first_year(value: &str) -> Option<&str> {
    let mut outside = None;
    let mut inside = None;
    let mut depth = 0usize;
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'0'..=b'9' => {
                let end = (i..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_digit())
                    .unwrap_or(bytes.len());
                if end - i == 4 {
                    let slot = if depth == 0 {
                        &mut outside
                    } else {
                        &mut inside
                    };
                    slot.get_or_insert(&value[i..end]);
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    outside.or(inside)
}

/// BibLaTeX reads `publisher` as an `and`-separated list, so Zotero's BibTeX export of
/// `publisher = {Little, Brown and Company}` becomes the publishers "Little, Brown" and
/// "Company", printed "Little, Brown, Company". In BibTeX, which Zotero writes, the field
/// is one name: restore it from the entry's source.
pub(super) fn keep_publisher_whole(entry: &mut Entry, source: &str) {
    let Some(raw) = bibtex_field(source, "publisher") else {
        return;
    };
    let mut depth = 0usize;
    let mut split = false;
    for (i, c) in raw.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && raw[i..].starts_with(" and ") => split = true,
            _ => {}
        }
    }
    if !split {
        return;
    }
    let name: String = raw
        .replace("\\&", "&")
        .chars()
        .filter(|&c| c != '{' && c != '}')
        .collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let fix = |e: &mut Entry| {
        if let Some(publisher) = e.publisher() {
            let location = publisher.location().cloned();
            e.set_publisher(hayagriva::types::Publisher::new(
                Some(hayagriva::types::FormatString::with_value(name.clone())),
                location,
            ));
        }
    };
    fix(entry);
    let mut parents = entry.parents().to_vec();
    parents.iter_mut().for_each(fix);
    entry.set_parents(parents);
}

/// The raw value of `field = {...}` or `field = "..."` in one BibTeX entry's source.
fn bibtex_field<'a>(source: &'a str, field: &str) -> Option<&'a str> {
    let lower = source.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(field) {
        let start = from + found;
        from = start + field.len();
        let whole_word = lower[..start].ends_with(|c: char| c.is_whitespace() || c == ',');
        let Some(value) = source[from..].trim_start().strip_prefix('=') else {
            continue;
        };
        if !whole_word {
            continue;
        }
        let value = value.trim_start();
        let close = match value.chars().next()? {
            '{' => '}',
            '"' => '"',
            _ => return None,
        };
        let mut depth = 0usize;
        for (i, c) in value.char_indices().skip(1) {
            match c {
                c if c == close && depth == 0 => return Some(&value[1..i]),
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::cite::test_support::{cite, read_bibtex as read};
    use crate::cite::{Bibliography, Styler};

    /// The APA in-text citation of `key`, as `Author (year)`.
    fn year_of(bib: &Bibliography, key: &str) -> String {
        cite(
            &Styler::new(bib, "apa", "en-US").unwrap(),
            &format!("@{key}"),
        )
    }

    #[test]
    fn a_year_that_is_not_a_number_is_a_warning_and_the_entry_loads() {
        // Regression: each made the entry unreadable ("wrong number of digits").
        let entry = |year: &str| {
            format!("@misc{{a, title = {{T}}, author = {{Doe, Jane}}, year = {{{year}}}}}\n")
        };
        let (bib, diags) = read(&entry("Forthcoming"));
        assert_eq!(
            diags,
            ["content/references.bib:1:53: warning: reference `a`: year `Forthcoming` is not a number, so the work is undated (n.d.)"]
        );
        assert_eq!(year_of(&bib, "a"), "Doe (n.d.)");
        for (year, read_as) in [("[1990] 2002", "2002"), ("xx 1985", "1985")] {
            let (bib, diags) = read(&entry(year));
            assert_eq!(
                diags,
                [format!("content/references.bib:1:53: warning: reference `a`: year `{year}` is not a number; it is read as {read_as}")]
            );
            assert_eq!(year_of(&bib, "a"), format!("Doe ({read_as})"));
        }
        for year in ["--", "n.d.", "\\bibstring{nodate}", "Twentieth century"] {
            let (bib, diags) = read(&entry(year));
            assert_eq!(diags.len(), 1, "{year}: {diags:?}");
            assert!(
                diags[0].contains("is not a number, so the work is undated"),
                "{diags:?}"
            );
            assert_eq!(year_of(&bib, "a"), "Doe (n.d.)");
        }
        let (_, diags) = read(&entry("2020"));
        assert_eq!(diags, [] as [String; 0]);
    }

    #[test]
    fn a_date_that_cannot_be_read_is_a_warning_and_never_a_made_up_year() {
        // Regression: these vanished silently, and `19XX` printed as 1999.
        for date in ["19XX", "19uu", "1273?~", "2004-06-01/unknown"] {
            let text = format!(
                "@misc{{a, title = {{T}}, author = {{Doe, Jane}},\n  date = {{{date}}}}}\n"
            );
            let (bib, diags) = read(&text);
            assert_eq!(diags.len(), 1, "{date}: {diags:?}");
            assert!(
                diags[0].starts_with(&format!(
                    "content/references.bib:2:11: warning: reference `a`: date `{date}` "
                )),
                "{diags:?}"
            );
            assert_eq!(year_of(&bib, "a"), "Doe (n.d.)", "{date}");
        }
        // The year is used when the date cannot be.
        let text = "@misc{a, title = {T}, author = {Doe, Jane}, date = {19uu}, year = {1950}}\n";
        let (bib, diags) = read(text);
        assert_eq!(diags.len(), 1);
        assert_eq!(year_of(&bib, "a"), "Doe (1950)");
    }

    #[test]
    fn a_lone_dollar_is_a_warning_and_the_entry_loads() {
        // Regression: `{a$b}` was "unexpected end of file" and the entry was lost.
        let text = "@misc{a, title = {Costs in \\$ and $x^2$}, author = {Doe, Jane},\n  year = {2020}, keywords = {a$b}, url = {https://e.org/$x}}\n";
        let (bib, diags) = read(text);
        assert_eq!(
            diags,
            ["content/references.bib:2:31: warning: reference `a`: `keywords` has a `$` that opens no TeX math; it is left out"]
        );
        assert!(bib.contains("a"));
    }

    #[test]
    fn first_year_prefers_the_year_outside_brackets() {
        assert_eq!(super::first_year("[1990] 2002"), Some("2002"));
        assert_eq!(super::first_year("[1990]"), Some("1990"));
        assert_eq!(super::first_year("12345 and 678"), None);
        assert_eq!(super::first_year("Forthcoming"), None);
    }
}
