//! Diagnostics: the problems a build finds in a user's files, collected across the whole
//! build and reported together. Each one's first line is ours, `path:line:col: error:
//! message`, the shape editors parse; under it annotate-snippets (the crate rustc and cargo
//! draw with) draws the source line, the caret or underline and the hint. Owns formatting,
//! positions and colour; not the decision of what is wrong (each pipeline step decides
//! that and pushes a [`Diagnostic`]).

use std::ffi::OsStr;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

mod excerpt;

use excerpt::Excerpt;

use annotate_snippets::renderer::{Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is. Errors fail the build (exit 1); warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn level(self) -> Level<'static> {
        match self {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
    }

    /// The colours annotate-snippets gives the same level, so our first line and the
    /// crate's excerpt under it match.
    fn style(self) -> Style {
        match self {
            Severity::Error => annotate_snippets::renderer::DEFAULT_ERROR_STYLE,
            Severity::Warning => annotate_snippets::renderer::DEFAULT_WARNING_STYLE,
        }
    }
}

/// When to colour what is printed on stderr: `--color auto|always|never`, as cargo has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether stderr is a terminal and the value of `NO_COLOR`
    /// (<https://no-color.org>: set and not empty means no colour). `always` wins over both.
    pub fn resolve(self, stderr_is_terminal: bool, no_color: Option<&OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stderr_is_terminal && no_color.is_none_or(OsStr::is_empty),
        }
    }
}

/// `error: message` (or `warning:`) for lines that belong to no file, such as the build's
/// summary, coloured like a diagnostic's first line when `color` is set.
pub fn headline(severity: Severity, message: &str, color: bool) -> String {
    if !color {
        return format!("{}: {message}", severity.word());
    }
    let (level, bold) = (severity.style(), Style::new().effects(Effects::BOLD));
    format!(
        "{}{}{}{}: {message}{}",
        level.render(),
        severity.word(),
        level.render_reset(),
        bold.render(),
        bold.render_reset()
    )
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
    /// How many characters from `col` the offending text spans, all underlined; 0 when
    /// only its start is known (a single caret). (A `u32` so a diagnostic stays as small as
    /// it was before it had one: many functions return one as their error.)
    pub len: u32,
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
            len: 0,
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

    /// Places the diagnostic on the bytes `span` of `source` (the whole file's text): at
    /// its start, underlining it to the end of that line.
    pub fn at_span(self, source: &str, span: Range<usize>) -> Self {
        let rest = source.get(span.start..).unwrap_or("");
        let line_end = span.start + rest.find('\n').unwrap_or(rest.len());
        let end = span.end.clamp(span.start, line_end);
        let len = source.get(span.start..end).map_or(0, |s| s.chars().count());
        self.at_offset(source, span.start).with_len(len)
    }

    /// Places the diagnostic at a 1-based line and column.
    pub fn at(mut self, line: usize, col: usize, source_line: Option<&str>) -> Self {
        self.line = line;
        self.col = col;
        self.source_line = source_line.map(|s| s.trim_end_matches(['\r', '\n']).to_string());
        self
    }

    /// Underlines `len` characters from the column instead of pointing at one.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = u32::try_from(len).unwrap_or(u32::MAX);
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

    /// The whole diagnostic: our first line, then the excerpt and hint as annotate-snippets
    /// draws them, with ANSI colours when `color` is set. No line ending at the end.
    pub fn render(&self, color: bool) -> String {
        let mut out = self.first_line(color);
        let excerpt = self
            .source_line
            .as_deref()
            .map(|src| Excerpt::new(src, self.col, self.len as usize));
        let mut group = Group::with_level(self.severity.level());
        if let Some(excerpt) = &excerpt {
            let annotation = match &excerpt.underline {
                Some(span) => AnnotationKind::Primary.span(span.clone()),
                // No column: show the line, mark nothing.
                None => AnnotationKind::Visible.span(0..excerpt.text.len()),
            };
            group = group.element(
                Snippet::source(&*excerpt.text)
                    .line_start(self.line.max(1))
                    .annotation(annotation),
            );
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
        }
        if excerpt.is_none() && self.hint.is_none() {
            return out;
        }
        let mut renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        if excerpt.as_ref().is_some_and(|e| e.bidi) {
            // Not shortened to the terminal's width: the crate would cut the mark off with
            // the line's start, and the cells of the runs it cut into are not the ones
            // worked out for the whole line.
            renderer = renderer.term_width(WIDE_ENOUGH_FOR_ANY_LINE);
        }
        let drawn = renderer.render(&[group]);
        // The crate opens an excerpt with an empty gutter line, which in rustc's layout
        // follows its `--> path:line:col` line; our first line takes that line's place, so
        // the source line follows it directly.
        let drawn = match drawn.split_once('\n') {
            Some((first, rest)) if excerpt.is_some() && strip_ansi(first).trim() == "|" => rest,
            _ => &drawn,
        };
        // And it closes a line shown with nothing under it with another, which says nothing.
        let drawn = drawn.trim_end();
        let drawn = match drawn.rsplit_once('\n') {
            Some((rest, last)) if strip_ansi(last).trim() == "|" => rest,
            _ => drawn,
        };
        out.push('\n');
        out.push_str(drawn);
        out
    }

    /// `path:line:col: error: message`, the line editors and our tests parse.
    fn first_line(&self, color: bool) -> String {
        let mut place = self.path.display().to_string();
        if self.line > 0 {
            place.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                place.push_str(&format!(":{}", self.col));
            }
        }
        if color {
            let bold = Style::new().effects(Effects::BOLD);
            format!(
                "{}{place}:{} {}",
                bold.render(),
                bold.render_reset(),
                headline(self.severity, &self.message, true)
            )
        } else {
            format!("{place}: {}", headline(self.severity, &self.message, false))
        }
    }
}

/// Plain text, without colour: for the serve overlay, logs and tests.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The terminal width given to annotate-snippets for a line that must not be shortened.
const WIDE_ENOUGH_FOR_ANY_LINE: usize = 1 << 16;

/// `s` without ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
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

    /// The excerpt under a diagnostic's first line: its source line and the line under it,
    /// each without the gutter (`N | `).
    fn excerpt(d: &Diagnostic) -> (String, String) {
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let after_gutter = |l: &str| l.split_once("| ").map_or(String::new(), |(_, r)| r.into());
        (after_gutter(lines[1]), after_gutter(lines[2]))
    }

    /// Terminal cells before the first `^` of an underline line.
    fn caret_cell(under: &str) -> usize {
        under[..under.find('^').expect("a caret")].width()
    }

    use unicode_width::UnicodeWidthStr;

    #[test]
    fn the_caret_sits_under_its_character_after_wide_ones() {
        let line = "感情を大切に 💔 — see [@doe202]";
        let col = line.chars().position(|c| c == '[').unwrap() + 1;
        let d = Diagnostic::error("content/page.md", "unknown citation key").at(1, col, Some(line));
        let (source, under) = excerpt(&d);
        assert_eq!(source, line);
        // Six CJK characters and the emoji take two cells each.
        assert_eq!(caret_cell(&under), 6 * 2 + 1 + 2 + 1 + 1 + 5);
        assert_eq!(under.trim(), "^");
    }

    #[test]
    fn a_known_span_is_underlined_whole() {
        let src = "---\ntitle: A\n---\n感情を大切に — see [@doe202].\n";
        let start = src.find('[').unwrap();
        let d = Diagnostic::error("p.md", "unknown citation key `@doe202`")
            .at_span(src, start..start + "[@doe202]".len());
        assert_eq!((d.line, d.col, d.len), (4, 14, 9));
        let (_, under) = excerpt(&d);
        assert_eq!(caret_cell(&under), 6 * 2 + 7);
        assert_eq!(under.trim(), "^^^^^^^^^");
        // A span running past its line stops at the line's end.
        let d = Diagnostic::error("p.md", "x").at_span(src, start..src.len());
        assert_eq!(d.len, 10, "`[@doe202].`");
    }

    #[test]
    fn a_caret_can_sit_just_after_the_line() {
        for col in [4, 9] {
            let d = Diagnostic::error("a.md", "x").at(1, col, Some("abc"));
            assert_eq!(excerpt(&d), ("abc".into(), "   ^".into()));
        }
        let d = Diagnostic::error("a.md", "x").at(1, 1, Some(""));
        assert_eq!(excerpt(&d).1, "^");
    }

    #[test]
    fn display_shows_line_caret_and_hint() {
        let src = "title: x\nbogus: 1\n";
        let d = Diagnostic::error("site.yaml", "unknown key `bogus`")
            .at_offset(src, 9)
            .with_hint("remove it");
        assert_eq!(
            d.to_string(),
            "site.yaml:2:1: error: unknown key `bogus`\n2 | bogus: 1\n  | ^\n  |\n  = hint: remove it"
        );
    }

    #[test]
    fn display_without_a_place() {
        let d = Diagnostic::warning("site.yaml", "missing key `base_url`");
        assert_eq!(d.to_string(), "site.yaml: warning: missing key `base_url`");
        let d = d.with_hint("add it");
        assert_eq!(
            d.to_string(),
            "site.yaml: warning: missing key `base_url`\n = hint: add it"
        );
        // A line without a column is shown, with nothing under it.
        let d = Diagnostic::error("a.md", "bad").at(3, 0, Some("some line"));
        assert_eq!(d.to_string(), "a.md:3: error: bad\n3 | some line");
    }

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error("a.md", "bad")
            .at(1, 2, Some("xyz"))
            .with_hint("fix");
        assert!(!d.to_string().contains('\u{1b}'));
        let coloured = d.render(true);
        assert!(coloured.contains('\u{1b}'));
        assert_eq!(strip_ansi(&coloured), d.to_string());
        assert_eq!(
            strip_ansi(&headline(Severity::Error, "build failed", true)),
            "error: build failed"
        );
    }

    #[test]
    fn colour_choice() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(ColorChoice::Auto.resolve(true, None));
        assert!(ColorChoice::Auto.resolve(true, empty));
        assert!(!ColorChoice::Auto.resolve(true, set));
        assert!(!ColorChoice::Auto.resolve(false, None));
        assert!(ColorChoice::Always.resolve(false, set));
        assert!(!ColorChoice::Never.resolve(true, None));
    }

    // ---- right-to-left text: the caret goes under the cell where a bidi terminal shows
    // the character. Expected cells are worked out by hand from the bidi rules.

    fn rtl(line: &str, col: usize, len: usize) -> (String, usize, usize) {
        let d = Diagnostic::error("p.md", "x")
            .at(1, col, Some(line))
            .with_len(len);
        let (source, under) = excerpt(&d);
        let carets = under.chars().filter(|&c| c == '^').count();
        (source, caret_cell(&under), carets)
    }

    #[test]
    fn rtl_line_starts_with_a_left_to_right_mark() {
        let line = "مرحبا بالعالم — see [@doe202]";
        let col = line.chars().position(|c| c == '[').unwrap() + 1;
        let (source, cell, carets) = rtl(line, col, 9);
        // Without the mark a bidi terminal would lay the line out right to left, as its
        // first strong character is Arabic, and move the citation to the left edge.
        assert_eq!(source, format!("\u{200E}{line}"));
        // After the Arabic run the citation is where it is stored: 13 + 7 cells in.
        assert_eq!((cell, carets), (20, 9));
    }

    #[test]
    fn rtl_caret_inside_a_hebrew_word() {
        // "see שלום [@doe202]" shows as "see םולש [@doe202]": the word's first letter ש
        // (column 5) is drawn last, in cell 7; its last letter ם (column 8) in cell 4.
        let line = "see שלום [@doe202]";
        assert_eq!(rtl(line, 5, 0).1, 7);
        assert_eq!(rtl(line, 8, 0).1, 4);
        // The whole word covers the same four cells either way.
        assert_eq!(
            rtl(line, 5, 4).1..rtl(line, 5, 4).1 + rtl(line, 5, 4).2,
            4..8
        );
        // What follows the word is where it is stored.
        assert_eq!(rtl(line, 10, 9).1..rtl(line, 10, 9).1 + 9, 9..18);
        // Lines without right-to-left text get no mark.
        assert_eq!(rtl("see [@doe202]", 5, 9).0, "see [@doe202]");
    }

    #[test]
    fn a_long_rtl_line_keeps_its_mark() {
        // annotate-snippets cuts a line longer than the terminal, from the left when the
        // caret is far right, which would take the mark away with it.
        let line = format!("{} [@doe202]", "مرحبا بالعالم ".repeat(20));
        let col = line.chars().count() - 8;
        let (source, cell, carets) = rtl(&line, col, 9);
        assert_eq!(source, format!("\u{200E}{line}"));
        assert_eq!((cell, carets), (col - 1, 9));
    }

    #[test]
    fn rtl_mixed_hebrew_arabic_and_a_citation_between() {
        // Hebrew, then the citation, then Arabic: each run is reversed in place, and the
        // left-to-right citation between them keeps its cells.
        let line = "אבג [@doe202] مرحبا";
        assert_eq!(rtl(line, 5, 9).1, 4);
        // The Arabic word's first letter م (column 15) is drawn at the right end, cell 18.
        assert_eq!(rtl(line, 15, 0).1, 18);
        // Hebrew's first letter (column 1) is drawn in cell 2.
        assert_eq!(rtl(line, 1, 0).1, 2);
    }
}
