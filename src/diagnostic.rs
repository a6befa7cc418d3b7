//! Diagnostics: the problems a build finds in a user's files, collected across the whole
//! build and reported together as `path:line:col: error: message`, the source line, a caret
//! and an optional hint. Owns formatting and positions; not the decision of what is wrong
//! (each pipeline step decides that and pushes a [`Diagnostic`]).

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

/// How bad a problem is. Errors fail the build (exit 1); warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// The offending source line, shown under the message.
    pub source_line: Option<String>,
    /// A suggestion for the fix.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the diagnostic at a byte offset of `source` (the whole file's text), filling
    /// in line, column and the source line.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        // Past the end (e.g. an unclosed bracket): point at the last character instead of
        // an empty line after it.
        let offset = offset.min(source.trim_end().len());
        let pos = Position::of(source, offset);
        self.at(pos.line, pos.col, Some(pos.line_text(source)))
    }

    /// Places the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, col: usize, source_line: Option<&str>) -> Self {
        self.line = line;
        self.col = col;
        self.source_line = source_line.map(|s| s.trim_end_matches(['\r', '\n']).to_string());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the path relative to `root` when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            write!(f, "\n {gutter} | {src}")?;
            if self.col > 0 {
                // As wide as what the terminal shows before the column: a tab stays a tab,
                // a wide character (CJK, most emoji) takes two cells, a combining mark none.
                let pad: String = (src.chars().take(self.col - 1))
                    .map(|c| match c {
                        '\t' => "\t".to_string(),
                        c => " ".repeat(UnicodeWidthChar::width(c).unwrap_or(0)),
                    })
                    .collect();
                write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column (in characters) of a byte offset in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
    /// Byte offset where the line starts.
    line_start: usize,
}

impl Position {
    pub fn of(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            col: source[line_start..offset].chars().count() + 1,
            line_start,
        }
    }

    /// The text of this position's line, without its line ending.
    pub fn line_text<'a>(&self, source: &'a str) -> &'a str {
        let rest = &source[self.line_start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }
}

/// Every diagnostic of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Sorted by file, then position, so the report reads top to bottom.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity).cmp(&(&b.path, b.line, b.col, b.severity))
        });
        self.0.dedup();
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_chars() {
        let src = "ab\ncdé f\n";
        let p = Position::of(src, src.find('f').unwrap());
        assert_eq!((p.line, p.col), (2, 5));
        assert_eq!(p.line_text(src), "cdé f");
    }

    #[test]
    fn the_caret_sits_under_its_character_after_wide_ones() {
        let line = "感情を大切に 💔 — see [@doe202]";
        let col = line.chars().position(|c| c == '[').unwrap() + 1;
        let d = Diagnostic::error("content/page.md", "unknown citation key").at(1, col, Some(line));
        let text = d.to_string();
        let caret_line = text.lines().nth(2).unwrap();
        let source_line = text.lines().nth(1).unwrap();
        // Six CJK characters and the emoji take two cells each.
        let cells = |s: &str| {
            s.chars()
                .map(|c| UnicodeWidthChar::width(c).unwrap_or(0))
                .sum::<usize>()
        };
        let before_bracket = &source_line[..source_line.find('[').unwrap()];
        assert_eq!(
            cells(&caret_line[..caret_line.find('^').unwrap()]),
            cells(before_bracket)
        );
        assert_eq!(
            cells(before_bracket),
            " 1 | ".len() + 6 * 2 + 1 + 2 + 1 + 1 + 5
        );
    }

    #[test]
    fn display_shows_line_caret_and_hint() {
        let src = "title: x\nbogus: 1\n";
        let d = Diagnostic::error("site.yaml", "unknown key `bogus`")
            .at_offset(src, 9)
            .with_hint("remove it");
        assert_eq!(
            d.to_string(),
            "site.yaml:2:1: error: unknown key `bogus`\n 2 | bogus: 1\n   | ^\n  = hint: remove it"
        );
    }
}
