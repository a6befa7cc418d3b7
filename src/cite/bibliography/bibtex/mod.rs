//! Reads a BibTeX bibliography (as Zotero, JabRef and Better BibTeX export it) into
//! [`Bibliography`] with hayagriva's BibLaTeX reader, keeping the good entries when some are
//! broken and locating each problem at its entry. Before hayagriva sees the file, a scan
//! skips what it cannot read but BibTeX accepts (`@comment`, `@preamble`, entries written
//! in parentheses, entries without a key, a malformed `@type` up to the next entry), and
//! dates and lone `$` signs that would make an entry unreadable are mended with a
//! warning. Does not read or decode the file, nor anything YAML-specific.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use biblatex::{ChunksExt, PermissiveType};
use hayagriva::Entry;

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

/// The `$` signs that open TeX math nothing closes, as (entry key, field, offset): the
/// reader would run past the field's end looking for the closing `$`. In verbatim fields
/// (`url`, `doi`, `file`, …) `$` is text already.
fn lone_dollars(raw: &biblatex::RawBibliography) -> Vec<(String, String, usize)> {
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
fn mend_dates(
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

/// The file as hayagriva should see it, the entries found in it, and what was skipped.
struct Scan {
    /// The file with every offset kept: what hayagriva cannot read blanked out, entries in
    /// parentheses rewritten with braces.
    source: String,
    entries: Vec<EntrySpan>,
    diagnostics: Vec<Diagnostic>,
}

/// Walks the file's top level as BibTeX does (text between entries is a comment, and so
/// is a line starting `%`, as hayagriva reads it) and prepares it for hayagriva:
/// - `@comment` is skipped with its braced body, or to the end of its line;
/// - `@preamble{…}` is skipped: it is LaTeX for the typesetter, which kintsugi is not;
/// - `@type(key, …)` becomes `@type{key, …}`, as BibTeX and biber accept both;
/// - an entry without a key is skipped with a warning (nothing can cite it);
/// - an `@` with no `{` after its type is an error, and everything up to the next entry is
///   skipped, so the entries after it still load.
fn scan(path: &Path, text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut source = text.to_string();
    let mut entries: Vec<EntrySpan> = Vec::new();
    let mut diagnostics = Vec::new();
    let (mut line, mut counted) = (1, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                i = line_end(text, i);
                continue;
            }
            b'@' => {}
            _ => {
                i += 1;
                continue;
            }
        }
        let at = i;
        // An `@` inside a word between entries (an e-mail address in a note) starts nothing.
        if at > 0 && !bytes[at - 1].is_ascii_whitespace() && !b"})".contains(&bytes[at - 1]) {
            blank_out(&mut source, at..at + 1);
            i += 1;
            continue;
        }
        if let Some(last) = entries.last_mut() {
            if last.range.end == text.len() {
                last.range.end = at;
            }
        }
        let kind_end = (at + 1..bytes.len())
            .find(|&j| !is_type_byte(bytes[j]))
            .unwrap_or(bytes.len());
        let kind = text[at + 1..kind_end].to_ascii_lowercase();
        let open = (kind_end..bytes.len())
            .find(|&j| !bytes[j].is_ascii_whitespace())
            .filter(|&j| bytes[j] == b'{' || bytes[j] == b'(');
        let close = open.and_then(|open| closing(bytes, open));
        match (kind.as_str(), open) {
            ("comment", _) => {
                let end = close.map_or_else(|| line_end(text, at), |c| c + 1);
                blank_out(&mut source, at..end);
                i = end;
            }
            ("preamble", Some(_)) if close.is_some() => {
                let end = close.map_or(at, |c| c + 1);
                blank_out(&mut source, at..end);
                i = end;
            }
            (_, None) | ("preamble", _) => {
                let written = &text[at..kind_end];
                let (message, hint) = if kind == "preamble" {
                    (
                        "this @preamble's braces do not balance; it is skipped, up to the next entry".to_string(),
                        "check its `{` `}`; kintsugi does not use the preamble, so it may also be deleted".to_string(),
                    )
                } else if kind.is_empty() {
                    (
                        "`@` without an entry type after it; skipped up to the next entry".to_string(),
                        "write entries as `@article{key, title = {…}, …}`; text between entries must not start a word with `@`".to_string(),
                    )
                } else {
                    (
                        format!(
                            "`{written}` is not followed by `{{`; skipped up to the next entry"
                        ),
                        format!("write the entry as `{written}{{key, title = {{…}}, …}}`"),
                    )
                };
                diagnostics.push(
                    Diagnostic::error(path, message)
                        .at_offset(text, at)
                        .with_hint(hint),
                );
                let end = next_entry(text, at + 1);
                blank_out(&mut source, at..end);
                i = end;
            }
            (_, Some(open)) => {
                let key_start = (open + 1..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_whitespace())
                    .unwrap_or(bytes.len());
                let key_end = (key_start..bytes.len())
                    .find(|&j| bytes[j].is_ascii_whitespace() || b",})=".contains(&bytes[j]))
                    .unwrap_or(bytes.len());
                let after_key = (key_end..bytes.len()).find(|&j| !bytes[j].is_ascii_whitespace());
                // A `@string` names macros, not a work.
                let keyless = kind != "string"
                    && (key_start == key_end || after_key.is_some_and(|j| bytes[j] == b'='));
                if keyless {
                    let entry_line = Diagnostic::error(path, "").at_offset(text, at).line;
                    diagnostics.push(
                        Diagnostic::warning(
                            path,
                            format!(
                                "entry at line {entry_line} has no key, so nothing can cite it; it is skipped"
                            ),
                        )
                        .at_offset(text, at)
                        .with_hint(format!("give it one, as in `@{kind}{{smith2020, …`")),
                    );
                    let end = close.map_or_else(|| next_entry(text, at + 1), |c| c + 1);
                    blank_out(&mut source, at..end);
                    i = end;
                    continue;
                }
                if let (b'(', Some(close)) = (bytes[open], close) {
                    source.replace_range(open..open + 1, "{");
                    source.replace_range(close..close + 1, "}");
                }
                line += text[counted..key_start].matches('\n').count();
                counted = key_start;
                entries.push(EntrySpan {
                    key: text[key_start..key_end].to_string(),
                    key_offset: key_start,
                    line,
                    range: at..text.len(),
                });
                // Past the body, so an `@` in a field is not taken for an entry; when the
                // braces do not balance, hayagriva reports it and the scan goes on inside.
                i = close.map_or(open + 1, |c| c + 1);
            }
        }
    }
    Scan {
        source,
        entries,
        diagnostics,
    }
}

/// Whether a byte may be part of an entry type (`article`, `inproceedings`, `online`).
fn is_type_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where the line holding `at` ends (the offset of its `\n`, or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |n| at + n)
}

/// The offset of the next `@type{` or `@type(` after `from` that starts a line or follows
/// a space, or the end of the text: where reading starts again after a malformed entry.
fn next_entry(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    (from..bytes.len())
        .find(|&j| {
            if bytes[j] != b'@' || !bytes[j - 1].is_ascii_whitespace() {
                return false;
            }
            let end = (j + 1..bytes.len())
                .find(|&k| !is_type_byte(bytes[k]))
                .unwrap_or(bytes.len());
            let open = (end..bytes.len()).find(|&k| !bytes[k].is_ascii_whitespace());
            end > j + 1 && open.is_some_and(|k| bytes[k] == b'{' || bytes[k] == b'(')
        })
        .unwrap_or(text.len())
}

/// The offset of the `}` or `)` that closes the `{` or `(` at `open`, as hayagriva's reader
/// counts braces (a backslash escapes the next character); in parentheses, a `)` inside
/// braces or a `"…"` string does not close. None when the file ends first.
fn closing(bytes: &[u8], open: usize) -> Option<usize> {
    let parens = bytes[open] == b'(';
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for (j, &b) in bytes.iter().enumerate().skip(open + 1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => depth += 1,
            b'}' if depth == 0 => return (!parens).then_some(j),
            b'}' => depth -= 1,
            b'"' if parens && depth == 0 => quoted = !quoted,
            b')' if parens && depth == 0 && !quoted => return Some(j),
            _ => {}
        }
    }
    None
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

    /// Reads `bibtex` as content/references.bib: the bibliography and the first line of
    /// each diagnostic.
    fn read(bibtex: &str) -> (Bibliography, Vec<String>) {
        let (bib, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), bibtex)));
        let heads = messages(&diags)
            .iter()
            .map(|m| m.lines().next().unwrap_or_default().to_string())
            .collect();
        (bib, heads)
    }

    /// The APA in-text citation of `key`, as `Author (year)`.
    fn year_of(bib: &Bibliography, key: &str) -> String {
        cite(&Styler::new(bib, "apa").unwrap(), &format!("@{key}"))
    }

    const B: &str = "@misc{b, title = {U}, author = {Roe, Ray}, year = {2021}}\n";

    #[test]
    fn a_malformed_entry_is_reported_once_and_the_next_entries_load() {
        // Regression: `@Article,` made line 6 an error too, and `b` unreadable or unknown.
        let bad = "@Article,\n  author = {Doe, Jane},\n  year = {2020},\n}\n\n";
        for between in ["", "@Comment{jabref-meta: databaseType:bibtex;}\n\n"] {
            let (bib, diags) = read(&format!("{bad}{between}{B}"));
            assert_eq!(
                diags,
                ["content/references.bib:1:1: error: `@Article` is not followed by `{`; skipped up to the next entry"]
            );
            assert!(bib.contains("b") && bib.unreadable("b").is_none());
        }
    }

    #[test]
    fn comments_and_preambles_are_skipped() {
        // Regression: an unbracketed `@Comment` line was an error blamed on entry `a`, and
        // each of these preambles stopped the build as a "reference".
        let a = "@misc{a, title = {T}, author = {Doe, Jane}, year = {2020}}\n";
        let skipped = [
            "@Comment this is an unbracketed comment\n",
            "@comment{a {nested} comment @misc{x, title = {X}}}\n",
            "@preamble{\"Maintained by \" # maintainer}\n",
            "@preamble{preamble}\n",
            "@preamble{ \"\\def\\x#1{{\\accent\"17 #1}} \" }\n",
            "@PREAMBLE(\"\\newcommand{\\noop}[1]{}\")\n",
        ];
        for text in skipped {
            let (bib, diags) = read(&format!("{a}\n{text}\n{B}"));
            assert_eq!(diags, [] as [String; 0], "{text}");
            assert!(
                bib.contains("a") && bib.contains("b") && !bib.contains("x"),
                "{text}"
            );
        }
        let (bib, diags) = read(&format!("@preamble{{\"\\def\\x{{\"}}\n{B}"));
        assert_eq!(
            diags,
            ["content/references.bib:1:1: error: this @preamble's braces do not balance; it is skipped, up to the next entry"]
        );
        assert!(bib.contains("b"));
    }

    #[test]
    fn entries_in_parentheses_are_read() {
        // Regression: `@misc(a, …)`, which BibTeX and biber accept, was "expected opening brace".
        let text = "@string(pub = {Press})\n@misc(a,\n  title = {T (with parentheses)},\n  note = \"a ) in quotes\",\n  publisher = pub,\n  author = {Doe, Jane}, year = {2020})\n@misc{b, title = {U}, author = {Roe, Ray}, year = {2021}}\n";
        let (bib, diags) = read(text);
        assert_eq!(diags, [] as [String; 0]);
        assert!(bib.contains("a") && bib.contains("b"));
        assert_eq!(bib.definition("a").map(|d| d.1), Some(2));
    }

    #[test]
    fn entries_without_a_key_are_one_warning_each() {
        // Regression: one keyless entry was "reference `` is cited nowhere", two were
        // "defined twice", and `@techreport{` + newline + a field took the field for a key.
        let text = "@Book{,\n  title = {One},\n}\n@Book{,\n  title = {Two},\n}\n@techreport{\n  journal = {J},\n  title = {Three}\n}\n@misc{b, title = {U}, author = {Roe, Ray}, year = {2021}}\n";
        let (bib, diags) = read(text);
        assert_eq!(
            diags,
            [
                "content/references.bib:1:1: warning: entry at line 1 has no key, so nothing can cite it; it is skipped",
                "content/references.bib:4:1: warning: entry at line 4 has no key, so nothing can cite it; it is skipped",
                "content/references.bib:7:1: warning: entry at line 7 has no key, so nothing can cite it; it is skipped",
            ]
        );
        assert!(bib.contains("b") && !bib.contains("") && !bib.contains("journal"));
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
    fn an_undefined_string_macro_is_named_as_such() {
        let text =
            "@article{a, title = {T}, author = {Doe, Jane}, journal = jomch, year = {2020}}\n";
        let (bib, diags) =
            Bibliography::parse(None, Some((Path::new("content/references.bib"), text)));
        assert_eq!(
            messages(&diags),
            ["content/references.bib:1:58: error: reference `a`: undefined @string macro `jomch`\n 1 | @article{a, title = {T}, author = {Doe, Jane}, journal = jomch, year = {2020}}\n   |                                                          ^\n  = hint: define it before the entry, as in `@string{jomch = {…}}`, or write the value in braces"]
        );
        assert!(bib.unreadable("a").is_some());
    }

    #[test]
    fn first_year_prefers_the_year_outside_brackets() {
        assert_eq!(super::first_year("[1990] 2002"), Some("2002"));
        assert_eq!(super::first_year("[1990]"), Some("1990"));
        assert_eq!(super::first_year("12345 and 678"), None);
        assert_eq!(super::first_year("Forthcoming"), None);
    }
}
