//! Reads a bibliography in hayagriva's YAML format into [`Bibliography`], entry by entry,
//! reporting unknown fields, bad values and duplicate keys at their line. Does not read
//! the file, nor check anything BibTeX-specific.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use hayagriva::Library;
use serde_yaml::{Mapping, Value};

use super::{defined_twice, Bibliography, EntrySpan};
use crate::diagnostic::Diagnostic;
use crate::suggest::closest;

/// The fields of a hayagriva entry (see `hayagriva::Entry`); hayagriva 0.10 ignores any other
/// field silently, so a typo such as `titel:` would lose the title without a word.
#[rustfmt::skip]
const ENTRY_FIELDS: &[&str] = &[
    "type", "parent", "title", "author", "date", "editor", "affiliated", "publisher",
    "location", "organization", "issue", "chapter", "volume", "volume-total", "edition",
    "page-range", "page-total", "time-range", "runtime", "url", "serial-number", "serial",
    "language", "archive", "archive-location", "call-number", "note", "abstract", "genre",
];

impl Bibliography {
    /// Adds the entries of `text`, the YAML file at `path`; every problem is a diagnostic.
    pub(super) fn load_yaml(&mut self, path: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
        let blocks = yaml_blocks(text);
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Null) => {}
            Ok(Value::Mapping(map)) => {
                let by_key: HashMap<&str, &EntrySpan> =
                    blocks.iter().rev().map(|b| (b.key.as_str(), b)).collect();
                for (key, value) in map {
                    let key = yaml_key(&key);
                    let block = by_key.get(key.as_str()).copied();
                    self.load_yaml_entry(path, text, &key, value, block, diags);
                }
            }
            Ok(_) => diags.push(
                Diagnostic::error(
                    path,
                    "expected a map from citation keys to references (`johnson2008:` followed by its fields)",
                )
                .at_offset(text, 0),
            ),
            Err(err) => {
                // The document as a whole is not valid YAML (a syntax error, or a key defined
                // twice). Report that, then read the entries one by one so that the others
                // still work: otherwise every citation of the site becomes an unknown key.
                let duplicate = err.to_string().contains("duplicate entry");
                if !duplicate {
                    diags.push(yaml_error(path, text, &err, None));
                }
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for block in &blocks {
                    if let Some(&line) = seen.get(block.key.as_str()) {
                        let first = format!("line {line}");
                        diags.push(defined_twice(path, text, block.key_offset, &block.key, first));
                        continue;
                    }
                    seen.insert(&block.key, block.line);
                    // The broken entry fails on its own too; its error is reported above.
                    if let Ok(Value::Mapping(map)) =
                        serde_yaml::from_str::<Value>(&text[block.range.clone()])
                    {
                        for (key, value) in map {
                            let key = yaml_key(&key);
                            self.load_yaml_entry(path, text, &key, value, Some(block), diags);
                        }
                    }
                }
            }
        }
    }

    fn load_yaml_entry(
        &mut self,
        path: &Path,
        text: &str,
        key: &str,
        value: Value,
        block: Option<&EntrySpan>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let (key_offset, key_line) = block.map_or((0, 0), |b| (b.key_offset, b.line));
        let Value::Mapping(fields) = &value else {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("reference `{key}`: expected its fields (`type:`, `title:`, `author:`, ...), found a single value"),
                )
                .at_offset(text, key_offset),
            );
            self.mark_unreadable(key, path, key_line);
            return;
        };
        // hayagriva ignores unknown fields, and its reader of a whole file stops at the first
        // bad entry: fields are checked here, and each entry is read on its own.
        check_fields(fields, key, path, text, block, diags);
        let mut single = Mapping::new();
        single.insert(Value::String(key.to_string()), value);
        match serde_yaml::from_value::<Library>(Value::Mapping(single)) {
            Ok(library) => {
                for entry in library {
                    self.insert(entry, (path, text, key_offset, key_line), diags);
                }
            }
            Err(err) => {
                // `from_value` knows no positions: parse the entry's own lines again to find
                // where the problem is.
                let located = block.and_then(|b| {
                    serde_yaml::from_str::<Library>(&text[b.range.clone()])
                        .err()
                        .filter(|e| e.location().is_some())
                        .map(|e| (b, e))
                });
                let diag = match located {
                    Some((b, e)) => yaml_error(path, text, &e, Some((key, b.range.start))),
                    None => Diagnostic::error(
                        path,
                        format!("reference `{key}`: {}", strip_location(&err.to_string())),
                    )
                    .at_offset(text, key_offset),
                };
                self.mark_unreadable(key, path, key_line);
                diags.push(if diag.message.contains("no entry type") {
                    diag.with_hint(
                        "add its type, e.g. `type: book`, `type: article` or `type: web`",
                    )
                } else {
                    diag
                });
            }
        }
    }
}

/// Finds the top-level keys of a block-style YAML mapping by scanning lines (serde_yaml
/// reports positions of errors but not of keys): each entry's lines are its key and its
/// indented fields.
fn yaml_blocks(text: &str) -> Vec<EntrySpan> {
    let mut blocks: Vec<EntrySpan> = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let starts_key = line.starts_with(|c: char| !c.is_whitespace() && !"#-.{[".contains(c));
        if starts_key {
            if let Some(key) = yaml_line_key(line) {
                if let Some(last) = blocks.last_mut() {
                    last.range.end = offset;
                }
                blocks.push(EntrySpan {
                    key,
                    key_offset: offset,
                    line: n + 1,
                    range: offset..text.len(),
                });
            }
        } else if line.starts_with("---") || line.starts_with("...") {
            if let Some(last) = blocks.last_mut() {
                last.range.end = offset;
            }
        }
        offset += line.len();
    }
    blocks
}

/// The key of a `key: ...` line (unquoted), if it is one.
fn yaml_line_key(line: &str) -> Option<String> {
    let line = line.trim_end();
    if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = line[1..].find(quote)? + 1;
        return Some(line[1..end].to_string());
    }
    let colon = line
        .char_indices()
        .find(|&(i, c)| c == ':' && line[i + 1..].chars().next().is_none_or(char::is_whitespace))?
        .0;
    Some(line[..colon].trim().to_string())
}

fn yaml_key(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// Reports fields hayagriva does not know, at their line, with a suggestion.
fn check_fields(
    fields: &Mapping,
    key: &str,
    path: &Path,
    text: &str,
    block: Option<&EntrySpan>,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, value) in fields {
        let Some(name) = name.as_str() else { continue };
        if name == "parent" {
            let parents: Vec<&Mapping> = match value {
                Value::Mapping(m) => vec![m],
                Value::Sequence(items) => items.iter().filter_map(Value::as_mapping).collect(),
                _ => Vec::new(),
            };
            for parent in parents {
                check_fields(parent, key, path, text, block, diags);
            }
            continue;
        }
        if ENTRY_FIELDS.contains(&name) {
            continue;
        }
        let offset = block
            .and_then(|b| find_field(text, b.range.clone(), name))
            .or(block.map(|b| b.key_offset))
            .unwrap_or(0);
        let diag = Diagnostic::error(path, format!("reference `{key}`: unknown field `{name}`"))
            .at_offset(text, offset);
        diags.push(match closest(name, ENTRY_FIELDS.iter().copied()) {
            Some(field) => diag.with_hint(format!("did you mean `{field}`?")),
            None => diag.with_hint(format!("the fields are: {}", ENTRY_FIELDS.join(", "))),
        });
    }
}

/// Byte offset of `name:` as a field inside `range` (after the entry's key line).
fn find_field(text: &str, range: Range<usize>, name: &str) -> Option<usize> {
    let block = text.get(range.clone())?;
    let mut offset = range.start;
    for (n, line) in block.split_inclusive('\n').enumerate() {
        if n > 0 {
            let trimmed = line.trim_start_matches([' ', '\t', '-']);
            let column = line.len() - trimmed.len();
            let unquoted = trimmed.trim_start_matches(['"', '\'']);
            if unquoted.starts_with(name)
                && unquoted[name.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':')
            {
                return Some(offset + column);
            }
        }
        offset += line.len();
    }
    None
}

/// A diagnostic for a serde_yaml error; `entry` is (key, byte offset of the text that was
/// parsed) when the error came from parsing one entry's lines alone.
fn yaml_error(
    path: &Path,
    text: &str,
    err: &serde_yaml::Error,
    entry: Option<(&str, usize)>,
) -> Diagnostic {
    let message = strip_location(&err.to_string());
    let (message, base) = match entry {
        Some((key, base)) => {
            let message = message
                .strip_prefix(&format!("{key}: "))
                .or_else(|| message.strip_prefix(&format!("{key}.")))
                .unwrap_or(&message)
                .to_string();
            (format!("reference `{key}`: {message}"), base)
        }
        None => (message, 0),
    };
    let offset = err.location().map_or(base, |loc| base + loc.index());
    Diagnostic::error(path, message).at_offset(text, offset)
}

/// serde_yaml writes " at line L column C" into its messages; the diagnostic shows the
/// position itself.
fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let line_len = digits(rest);
    let Some(column) = rest[line_len..].strip_prefix(" column ") else {
        return message.to_string();
    };
    let end = message.len() - column.len() + digits(column);
    format!("{}{}", &message[..start], &message[end..])
}

#[cfg(test)]
mod tests {
    use crate::cite::test_support::{messages, yaml_bib};

    #[test]
    fn bundled_references_file_is_clean() {
        let (bib, diags) = yaml_bib(include_str!("../../../content/references.yaml"));
        assert!(diags.is_empty(), "{diags:#?}");
        for key in [
            "field2017",
            "johnson2008",
            "johnson2013",
            "kross2011",
            "rahe2023",
        ] {
            assert!(bib.contains(key), "{key}");
        }
    }

    #[test]
    fn yaml_unknown_field_names_file_line_and_key() {
        let yaml = "field2017:\n  type: article\n  title: Fine\n\nkross2011:\n  type: article\n  titel: Social rejection\n  parent:\n    type: periodical\n    volumen: 108\n";
        let (bib, diags) = yaml_bib(yaml);
        assert_eq!(
            messages(&diags),
            [
                "content/references.yaml:7:3: error: reference `kross2011`: unknown field `titel`\n7 |   titel: Social rejection\n  |   ^\n  |\n  = hint: did you mean `title`?",
                "content/references.yaml:10:5: error: reference `kross2011`: unknown field `volumen`\n10 |     volumen: 108\n   |     ^\n   |\n   = hint: did you mean `volume`?",
            ]
        );
        // The entries still load, so citing them is not an error too.
        assert!(bib.contains("kross2011") && bib.contains("field2017"));
    }

    #[test]
    fn yaml_bad_values_are_located() {
        let yaml = "good:\n  type: book\n  title: Fine\nbad-date:\n  type: book\n  date: someday\nno-type:\n  title: Typeless\n";
        let (bib, diags) = yaml_bib(yaml);
        let found = messages(&diags);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("content/references.yaml:6:9: error: reference `bad-date`: "),
            "{}",
            found[0]
        );
        assert_eq!(
            found[1],
            "content/references.yaml:8:3: error: reference `no-type`: no entry type for `no-type`\n8 |   title: Typeless\n  |   ^\n  |\n  = hint: add its type, e.g. `type: book`, `type: article` or `type: web`"
        );
        assert!(bib.contains("good"));
        assert!(!bib.contains("bad-date"));
        // Citing them points at their entries, not at a missing key.
        let at = |key| {
            bib.unreadable(key)
                .map(|(p, line)| (p.display().to_string(), line))
        };
        assert_eq!(at("bad-date"), Some(("content/references.yaml".into(), 4)));
        assert_eq!(at("no-type"), Some(("content/references.yaml".into(), 7)));
        assert_eq!(at("good"), None);
        assert_eq!(at("absent"), None);
    }

    #[test]
    fn yaml_syntax_errors_and_duplicates_keep_the_other_entries() {
        let yaml = "a:\n  type: book\n  title: [unclosed\nb:\n  type: book\n  title: Fine\n";
        let (bib, diags) = yaml_bib(yaml);
        let found = messages(&diags);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("content/references.yaml:4:"),
            "{}",
            found[0]
        );
        assert!(bib.contains("b"));

        let yaml =
            "a:\n  type: book\n  title: One\nb:\n  type: book\na:\n  type: book\n  title: Two\n";
        let (bib, diags) = yaml_bib(yaml);
        assert_eq!(
            messages(&diags),
            ["content/references.yaml:6:1: error: reference `a` is defined twice: here and at line 1\n6 | a:\n  | ^\n  |\n  = hint: keep one definition, or give one of them another key"]
        );
        assert!(bib.contains("a") && bib.contains("b"));

        let (_, diags) = yaml_bib("- just\n- a list\n");
        assert_eq!(
            messages(&diags),
            ["content/references.yaml:1:1: error: expected a map from citation keys to references (`johnson2008:` followed by its fields)\n1 | - just\n  | ^"]
        );
        let (bib, diags) = yaml_bib("# nothing yet\n");
        assert!(bib.is_empty() && diags.is_empty());
    }
}
