//! Reads a BibTeX bibliography (as Zotero exports it) into [`Bibliography`] with hayagriva's
//! BibLaTeX reader, keeping the good entries when some are broken and locating each
//! error at its entry. Does not read the file, nor anything YAML-specific.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use hayagriva::Entry;

use super::{defined_twice, Bibliography, EntrySpan};
use crate::diagnostic::Diagnostic;

impl Bibliography {
    /// Adds the entries of `text`, the BibTeX file at `path`; every problem is a diagnostic.
    pub(super) fn load_bibtex(&mut self, path: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
        let entries = bibtex_entries(text);
        // An error belongs to the last entry starting before it: an unclosed brace is only
        // noticed where the next entry starts, or at the end of the file. A duplicate key
        // is reported at the start of the second entry.
        let entry_at = |offset: usize, duplicate: bool| {
            let before =
                |e: &&EntrySpan| e.range.start < offset || (duplicate && e.range.start == offset);
            entries.iter().rev().find(before)
        };
        // hayagriva rejects the whole file for one bad entry. Report it, blank the entry out
        // (keeping every offset) and read the file again, so the other entries still load.
        // Each round blanks something, so this ends.
        let mut source = text.to_string();
        loop {
            let errors = match hayagriva::io::from_biblatex_str(&source) {
                Ok(library) => {
                    let by_key: HashMap<&str, &EntrySpan> =
                        entries.iter().rev().map(|e| (e.key.as_str(), e)).collect();
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
                Err(errors) => errors,
            };
            let mut changed = false;
            for error in errors {
                let (message, span) = match error {
                    hayagriva::io::BibLaTeXError::Parse(e) => (e.kind.to_string(), e.span),
                    hayagriva::io::BibLaTeXError::Type(e) => (e.kind.to_string(), e.span),
                };
                let at = span.start.min(text.len());
                let duplicate = message.starts_with("duplicate key");
                let Some(entry) = entry_at(at, duplicate) else {
                    diags.push(Diagnostic::error(path, message).at_offset(text, at));
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
                    _ => Diagnostic::error(path, format!("reference `{}`: {message}", entry.key))
                        .at_offset(text, at),
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

/// BibLaTeX reads `publisher` as an `and`-separated list, so Zotero's BibTeX export of
/// `publisher = {Little, Brown and Company}` becomes the publishers "Little, Brown" and
/// "Company", printed "Little, Brown, Company". In BibTeX, which Zotero writes, the field
/// is one name: restore it from the entry's source.
fn keep_publisher_whole(entry: &mut Entry, source: &str) {
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

/// The `@type{key, ...}` entries of a BibTeX file, found by scanning for `@`.
fn bibtex_entries(text: &str) -> Vec<EntrySpan> {
    let mut entries: Vec<EntrySpan> = Vec::new();
    let (mut line, mut counted) = (1, 0);
    for (at, _) in text.match_indices('@') {
        let rest = &text[at + 1..];
        let kind_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if kind_len == 0 || (at > 0 && !text[..at].ends_with(char::is_whitespace)) {
            continue;
        }
        if let Some(last) = entries.last_mut() {
            last.range.end = at;
        }
        let after_kind = rest[kind_len..].trim_start();
        let Some(body) = after_kind.strip_prefix(['{', '(']) else {
            continue;
        };
        let body_trimmed = body.trim_start();
        let key_end = body_trimmed
            .find(|c: char| c == ',' || c.is_whitespace() || c == '}')
            .unwrap_or(body_trimmed.len());
        let key_offset = text.len() - body_trimmed.len();
        line += text[counted..key_offset].matches('\n').count();
        counted = key_offset;
        entries.push(EntrySpan {
            key: body_trimmed[..key_end].to_string(),
            key_offset,
            line,
            range: at..text.len(),
        });
    }
    entries
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
        let from_bibtex = Styler::new(&bib, "apa").unwrap();
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
            ["content/references.bib:7:10: error: reference `broken`: expected comma (noticed at line 11)\n 7 | @article{broken,\n   |          ^\n  = hint: check that its braces `{` `}` are balanced"]
        );
        assert!(bib.contains("good") && bib.contains("after") && !bib.contains("broken"));

        let twice = "@book{a,\n  title = {One},\n}\n@book{a,\n  title = {Two},\n}\n";
        let (_, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), twice)));
        assert_eq!(
            messages(&diags),
            ["content/references.bib:4:7: error: reference `a` is defined twice: here and at line 1\n 4 | @book{a,\n   |       ^\n  = hint: keep one definition, or give one of them another key"]
        );
    }
}
