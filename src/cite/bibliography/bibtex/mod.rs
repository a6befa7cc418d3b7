//! Reads a BibTeX bibliography (as Zotero, JabRef and Better BibTeX export it) into
//! [`Bibliography`] with hayagriva's BibLaTeX reader, keeping the good entries when some are
//! broken and locating each problem at its entry: an entry hayagriva cannot read is
//! reported, blanked out and the file read again. Before hayagriva sees the file, `scan`
//! skips what it cannot read but BibTeX accepts (`@comment`, `@preamble`, entries written
//! in parentheses, entries without a key, a malformed `@type` up to the next entry), and
//! `mend` mends, with a warning, the dates, lone `$` signs and publishers that would make
//! an entry unreadable or misread. Does not read or decode the file, nor anything
//! YAML-specific.

mod mend;
mod scan;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use self::mend::{keep_publisher_whole, lone_dollars, mend_dates};
use self::scan::{scan, Scan};
use super::{defined_twice, Bibliography, EntrySpan};
use crate::diagnostic::Diagnostic;

impl Bibliography {
    /// Adds the entries of `text`, the BibTeX file at `path`; every problem is a diagnostic.
    pub(super) fn load_bibtex(&mut self, path: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
        let Scan {
            mut source,
            entries,
            diagnostics,
        } = scan(path, text);
        diags.extend(diagnostics);
        // An error belongs to the last entry starting before it: an unclosed brace is only
        // noticed where the next entry starts, or at the end of the file. A duplicate key
        // is reported at the start of the second entry.
        let entry_at = |offset: usize, duplicate: bool| {
            let before =
                |e: &&EntrySpan| e.range.start < offset || (duplicate && e.range.start == offset);
            entries.iter().rev().find(before)
        };
        // Warnings about one entry (a mended `$`), shown only if the entry loads.
        let mut mended = Vec::new();
        // hayagriva rejects the whole file for one bad entry. Report it, blank the entry out
        // (keeping every offset) and read the file again, so the other entries still load.
        // Each round blanks something, so this ends.
        loop {
            let errors = match read_round(path, text, &mut source, &mut mended) {
                Round::Mended => continue,
                Round::Read(library, dated) => {
                    let by_key: HashMap<&str, &EntrySpan> =
                        entries.iter().rev().map(|e| (e.key.as_str(), e)).collect();
                    let loaded: HashSet<String> =
                        library.iter().map(|e| e.key().to_string()).collect();
                    let notes = mended.into_iter().chain(dated);
                    diags.extend(notes.filter(|(key, _)| loaded.contains(key)).map(|n| n.1));
                    for mut entry in library {
                        let origin = by_key.get(entry.key()).copied();
                        if let Some(origin) = origin {
                            keep_publisher_whole(&mut entry, &text[origin.range.clone()]);
                        }
                        let (offset, line) = origin.map_or((0, 0), |e| (e.key_offset, e.line));
                        self.insert(entry, (path, text, offset, line), diags);
                    }
                    return;
                }
                Round::Failed(errors) => errors,
            };
            let mut changed = false;
            for Unreadable { message, at, hint } in errors {
                let at = at.min(text.len());
                let duplicate = message.starts_with("duplicate key");
                let Some(entry) = entry_at(at, duplicate) else {
                    let error = Diagnostic::error(path, message).at_offset(text, at);
                    diags.push(match hint {
                        Some(hint) => error.with_hint(hint),
                        None => error,
                    });
                    let end = (entries.iter().map(|e| e.range.start))
                        .find(|&s| s > at)
                        .unwrap_or(text.len());
                    changed |= blank_out(&mut source, at..end);
                    continue;
                };
                let first = entries.iter().find(|e| e.key == entry.key);
                diags.push(match first {
                    Some(first) if duplicate => {
                        let first = format!("line {}", first.line);
                        defined_twice(path, text, entry.key_offset, &entry.key, first)
                    }
                    // Noticed past the entry's end (an unclosed brace): point at the entry.
                    _ if at >= entry.range.end => {
                        let noticed = Diagnostic::error(path, "").at_offset(text, at).line;
                        Diagnostic::error(
                            path,
                            format!(
                                "reference `{}`: {message} (noticed at line {noticed})",
                                entry.key
                            ),
                        )
                        .at_offset(text, entry.key_offset)
                        .with_hint("check that its braces `{` `}` are balanced")
                    }
                    _ => {
                        let message = format!("reference `{}`: {message}", entry.key);
                        let error = Diagnostic::error(path, message).at_offset(text, at);
                        match hint {
                            Some(hint) => error.with_hint(hint),
                            None => error,
                        }
                    }
                });
                if !duplicate {
                    self.mark_unreadable(&entry.key, path, entry.line);
                }
                changed |= blank_out(&mut source, entry.range.clone());
            }
            if !changed {
                return;
            }
        }
    }
}

/// Why hayagriva could not read an entry, and where.
struct Unreadable {
    message: String,
    at: usize,
    hint: Option<String>,
}

impl From<biblatex::ParseError> for Unreadable {
    fn from(e: biblatex::ParseError) -> Self {
        match e.kind {
            biblatex::ParseErrorKind::UnknownAbbreviation(name) => Unreadable {
                message: format!("undefined @string macro `{name}`"),
                at: e.span.start,
                hint: Some(format!(
                    "define it before the entry, as in `@string{{{name} = {{…}}}}`, or write the value in braces"
                )),
            },
            kind => Unreadable {
                message: kind.to_string(),
                at: e.span.start,
                hint: None,
            },
        }
    }
}

/// What one reading of the (partly blanked) file came to.
enum Round {
    /// Every entry was read, with warnings about mended dates (by entry key).
    Read(hayagriva::Library, Vec<(String, Diagnostic)>),
    /// Something was mended in the source: read again.
    Mended,
    /// These entries could not be read.
    Failed(Vec<Unreadable>),
}

/// Reads `source` (the file `text` with unreadable parts blanked) as hayagriva does, but in
/// its steps, so that a lone `$` (blanked, with a warning in `mended`) and dates hayagriva
/// cannot read (dropped or mended, with a warning) do not cost the whole entry.
fn read_round(
    path: &Path,
    text: &str,
    source: &mut String,
    mended: &mut Vec<(String, Diagnostic)>,
) -> Round {
    let raw = match biblatex::RawBibliography::parse(source) {
        Ok(raw) => raw,
        Err(e) => return Round::Failed(vec![e.into()]),
    };
    let dollars = lone_dollars(&raw);
    if !dollars.is_empty() {
        for (key, field, at) in dollars {
            blank_out(source, at..at + 1);
            let warning = Diagnostic::warning(
                path,
                format!(
                    "reference `{key}`: `{field}` has a `$` that opens no TeX math; it is left out"
                ),
            )
            .at_offset(text, at)
            .with_hint("write a dollar sign as `\\$`, or close the math with a second `$`");
            mended.push((key, warning));
        }
        return Round::Mended;
    }
    let mut bibliography = match biblatex::Bibliography::from_raw(raw) {
        Ok(b) => b,
        Err(e) => return Round::Failed(vec![e.into()]),
    };
    let dated = mend_dates(path, text, &mut bibliography);
    match hayagriva::io::from_biblatex(&bibliography) {
        Ok(library) => Round::Read(library, dated),
        Err(errors) => Round::Failed(
            (errors.into_iter())
                .map(|e| Unreadable {
                    message: e.kind.to_string(),
                    at: e.span.start,
                    hint: None,
                })
                .collect(),
        ),
    }
}

/// Replaces `range` of `source` with spaces, keeping line breaks and byte offsets.
fn blank_out(source: &mut String, range: Range<usize>) -> bool {
    let Some(slice) = source.get(range.clone()) else {
        return false;
    };
    if slice.chars().all(|c| c == ' ' || c == '\n') {
        return false;
    }
    let blank: String = slice
        .chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c => " ".repeat(c.len_utf8()),
        })
        .collect();
    source.replace_range(range, &blank);
    true
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::cite::test_support::{apa, cite, messages, FIVE, ZOTERO_BIB};
    use crate::cite::{Bibliography, Styler};

    #[test]
    fn bibtex_from_zotero_renders_like_the_yaml() {
        let (bib, diags) = Bibliography::parse(
            None,
            Some((Path::new("content/references.bib"), ZOTERO_BIB)),
        );
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(
            bib.definition("kross2011"),
            Some((Path::new("content/references.bib"), 11))
        );
        let from_bibtex = Styler::new(&bib, "apa", "en-US").unwrap();
        let from_yaml = apa(FIVE);
        for key in ["johnson2008", "kross2011"] {
            assert_eq!(
                from_bibtex.entry_html(key),
                from_yaml.entry_html(key),
                "{key}"
            );
        }
        assert_eq!(cite(&from_bibtex, "@kross2011"), "Kross et al. (2011)");
    }

    #[test]
    fn bibtex_errors_are_located_and_other_entries_load() {
        // Regression: the unclosed brace was blamed on the next entry, and nothing loaded.
        let bibtex = "@book{good,\n  title = {Fine},\n  author = {Doe, Jane},\n  year = {2001},\n}\n\n@article{broken,\n  title = {Oops,\n  year = {2002},\n}\n@book{after, title = {Later}, author = {Roe, Rick}, year = {2003}}\n";
        let (bib, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), bibtex)));
        assert_eq!(
            messages(&diags),
            ["content/references.bib:7:10: error: reference `broken`: expected comma (noticed at line 11)\n7 | @article{broken,\n  |          ^\n  |\n  = hint: check that its braces `{` `}` are balanced"]
        );
        assert!(bib.contains("good") && bib.contains("after") && !bib.contains("broken"));

        let twice = "@book{a,\n  title = {One},\n}\n@book{a,\n  title = {Two},\n}\n";
        let (_, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), twice)));
        assert_eq!(
            messages(&diags),
            ["content/references.bib:4:7: error: reference `a` is defined twice: here and at line 1\n4 | @book{a,\n  |       ^\n  |\n  = hint: keep one definition, or give one of them another key"]
        );
    }

    #[test]
    fn an_undefined_string_macro_is_named_as_such() {
        let text =
            "@article{a, title = {T}, author = {Doe, Jane}, journal = jomch, year = {2020}}\n";
        let (bib, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), text)));
        assert_eq!(
            messages(&diags),
            ["content/references.bib:1:58: error: reference `a`: undefined @string macro `jomch`\n1 | @article{a, title = {T}, author = {Doe, Jane}, journal = jomch, year = {2020}}\n  |                                                          ^\n  |\n  = hint: define it before the entry, as in `@string{jomch = {…}}`, or write the value in braces"]
        );
        assert!(bib.unreadable("a").is_some());
    }
}
