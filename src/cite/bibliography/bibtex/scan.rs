//! The top-level scan of a BibTeX file, before hayagriva reads it: where each entry starts
//! and ends, its key and the key's line, and what BibTeX accepts but hayagriva cannot read
//! (`@comment`, `@preamble`, entries in parentheses, entries without a key, a malformed
//! `@type`), blanked or rewritten with every offset kept. Does not read fields or values;
//! that is hayagriva's job, and the reader's in `bibtex`.

use std::path::Path;

use super::blank_out;
use crate::cite::bibliography::EntrySpan;
use crate::diagnostic::Diagnostic;

/// The file as hayagriva should see it, the entries found in it, and what was skipped.
pub(super) struct Scan {
    /// The file with every offset kept: what hayagriva cannot read blanked out, entries in
    /// parentheses rewritten with braces.
    pub(super) source: String,
    pub(super) entries: Vec<EntrySpan>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// Walks the file's top level as BibTeX does (text between entries is a comment, and so
/// is a line starting `%`, as hayagriva reads it) and prepares it for hayagriva:
/// - `@comment` is skipped with its braced body, or to the end of its line;
/// - `@preamble{…}` is skipped: it is LaTeX for the typesetter, which kintsugi is not;
/// - `@type(key, …)` becomes `@type{key, …}`, as BibTeX and biber accept both;
/// - an entry without a key is skipped with a warning (nothing can cite it);
/// - an `@` with no `{` after its type is an error, and everything up to the next entry is
///   skipped, so the entries after it still load.
pub(super) fn scan(path: &Path, text: &str) -> Scan {
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

#[cfg(test)]
mod tests {
    use crate::cite::test_support::read_bibtex as read;

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
}
