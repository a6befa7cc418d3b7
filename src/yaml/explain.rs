//! YAML mistakes in plain words: looks at the text around serde_yaml's error, and at the
//! text itself for mistakes the parser misreports or accepts, to say what is wrong and
//! where the author has to look. Owns the wording and position of syntax errors; the
//! parsing stays serde_yaml's, and this only runs once a parse has failed.

use super::Source;
use crate::diagnostic::{Diagnostic, Position};
use std::collections::HashMap;

/// Mistakes read from the text alone: a known key written `key:value` (valid YAML for one
/// piece of text, so the parser only complains somewhere else) and a key set twice
/// (serde_yaml reports it at line 1). Empty when there are none.
pub fn lint(src: Source<'_>, known: &[&str]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for (offset, line) in lines(src.text()) {
        if let Some((key, rest)) = line.split_once(':') {
            let glued = rest.chars().next().is_some_and(|c| !c.is_whitespace());
            if glued && known.contains(&key) {
                let example = format!("{key}: {}", rest.trim_end());
                found.push(
                    src.error_at(
                        offset + key.len() + 1,
                        format!("missing space after `:` in `{}`", line.trim_end()),
                    )
                    .with_hint(format!(
                        "write `{example}`: without the space YAML reads `{}` as one piece of \
                         text, not a key and its value",
                        line.trim_end()
                    )),
                );
                continue;
            }
        }
        let Some((key, _)) = top_level_key(line) else {
            continue;
        };
        let line_no = src.file_line(offset);
        match first_line.get(key) {
            Some(first) => found.push(
                src.error_at(
                    offset,
                    format!("duplicate key `{key}`: it is already set at line {first}"),
                )
                .with_hint(format!("keep one of the two `{key}:` lines")),
            ),
            None => {
                first_line.insert(key, line_no);
            }
        }
    }
    found
}

/// A serde_yaml syntax error said in plain words at the place to fix, or `None` when it
/// is not one of the mistakes this knows (the parser's own words are shown then).
pub fn syntax(src: Source<'_>, e: &serde_yaml::Error) -> Option<Diagnostic> {
    let loc = e.location()?;
    let text = src.text();
    let at = loc.index().min(text.len());
    let message = e.to_string();
    let (line_start, line) = line_around(text, at);

    // serde_yaml reports an unclosed `[`, `{` or quote where the text ends; where it was
    // opened is only in the message ("…, while parsing a flow sequence at line 1 column 8").
    for context in [
        "parsing a flow sequence",
        "parsing a flow mapping",
        "scanning a quoted scalar",
    ] {
        if let Some((l, c)) = context_mark(&message, context) {
            return unclosed(src, offset_of(text, l, c));
        }
    }

    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let scanner = message.contains("tab") || message.contains("cannot start any token");
    if let Some(tab) = indent.find('\t').filter(|_| scanner) {
        return Some(
            src.error_at(
                line_start + tab,
                "tab in indentation: YAML indents with spaces only",
            )
            .with_hint("replace the tab with spaces"),
        );
    }

    if message.starts_with("mapping values are not allowed") {
        let colon = at - line_start;
        let content = line.trim_start_matches([' ', '-']);
        let lead = line.len() - content.len();
        let (key, _) = content.split_once(": ")?;
        if lead + key.len() < colon {
            // `title: Step 1: Listen`: the second `: ` looks like a key of its own.
            let value = content[key.len() + 1..].trim();
            return Some(
                src.error_at(
                    at,
                    format!(
                        "`: ` inside the value of `{key}`: YAML reads it as the start of \
                         another key"
                    ),
                )
                .with_hint(format!(
                    "put the value in quotes: `{key}: \"{}\"`",
                    value.replace('\\', "\\\\").replace('"', "\\\"")
                )),
            );
        }
        if lead > 0 {
            // `  description: …` under `base_url: …`: the indented line continues the value
            // above, and its `: ` comes too late to start a key.
            return Some(
                src.error_at(
                    line_start + lead,
                    format!(
                        "`{key}:` is indented, so YAML reads it as more of the value on the \
                         line above"
                    ),
                )
                .with_hint(format!("start `{key}:` at the beginning of its line")),
            );
        }
    }
    None
}

/// "a `[` opened at line 2, column 8 is never closed", at the opening character.
fn unclosed(src: Source<'_>, open: usize) -> Option<Diagnostic> {
    let text = src.text();
    let c = text[open..].chars().next()?;
    let (close, what) = match c {
        '[' => (']', "list"),
        '{' => ('}', "mapping"),
        '"' | '\'' => (c, "text"),
        _ => return None,
    };
    let pos = Position::of(src.file, src.start + open);
    let (line_start, line) = line_around(text, open);
    let value = line[open - line_start..].trim_end();
    let quoted = match top_level_key(line) {
        Some((key, _)) if c == '[' || c == '{' => format!(
            ", or put the value in quotes if the `{c}` is part of the text: `{key}: \"{}\"`",
            value.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        _ => String::new(),
    };
    Some(
        src.error_at(
            open,
            format!(
                "a `{c}` opened at line {}, column {} is never closed",
                pos.line, pos.col
            ),
        )
        .with_hint(format!("end the {what} with `{close}`{quoted}")),
    )
}

/// The position that serde_yaml's message gives for `context` ("while {context} at line L
/// column C"), which its `Error` does not expose otherwise.
fn context_mark(message: &str, context: &str) -> Option<(usize, usize)> {
    let rest = message.split_once(&format!("while {context} at line "))?.1;
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// The key of an unindented `key: value` line (quotes removed), and its byte length in the
/// line up to the `:`.
fn top_level_key(line: &str) -> Option<(&str, usize)> {
    let first = line.chars().next()?;
    if matches!(first, '"' | '\'') {
        let end = line[1..].find(first)? + 1;
        let after = line[end + 1..].trim_start_matches([' ', '\t']);
        return after
            .starts_with(':')
            .then(|| (&line[1..end], line.len() - after.len()));
    }
    if first.is_whitespace() || "#-[{?|>&*!%@`".contains(first) || line.starts_with("---") {
        return None;
    }
    let colon = line
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| line[i + 1..].chars().next().is_none_or(char::is_whitespace))?;
    Some((line[..colon].trim_end(), colon))
}

/// Each line of `text` with its byte offset, without its line ending.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.trim_end_matches(['\r', '\n'])))
    })
}

/// The line holding byte `offset`: its start and its text without the line ending.
fn line_around(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    (start, rest[..end].trim_end_matches('\r'))
}

/// The byte offset of a 1-based line and column (in characters), as serde_yaml counts
/// them; clamped to the line's end and the text's end.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let Some((start, content)) = lines(text).nth(line.saturating_sub(1)) else {
        return text.len();
    };
    start
        + content
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(content.len(), |(i, _)| i)
}
