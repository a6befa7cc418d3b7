//! Worksheets: the model of a printable worksheet (one model feeds both the HTML form and
//! the Typst PDF), and the Markdown adaptor that turns worksheet blocks (`prompt`,
//! `scale`, `fields`, `table`, and task lists on worksheet pages) into labelled form
//! controls while collecting that model. Owns block syntax, option checks and the
//! blocks' HTML; not the PDF layout ([`crate::pdf`]) nor the PDF files
//! ([`crate::worksheets`]).

use crate::diagnostic::Diagnostic;
use crate::markdown::{escape_attr, escape_html, slugify, Ev, PageInput};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::collections::{HashSet, VecDeque};
use std::fmt::Write;

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
}

/// One block of a worksheet, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
    Quote(Vec<Span>),
    Prompt {
        question: String,
        lines: u32,
    },
    Scale {
        question: String,
        min: i32,
        max: i32,
        low: Option<String>,
        high: Option<String>,
    },
    Fields {
        labels: Vec<String>,
    },
    Table {
        columns: Vec<String>,
        rows: u32,
    },
    Checklist {
        items: Vec<String>,
    },
}

/// A whole worksheet, ready for PDF.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Worksheet {
    pub title: String,
    pub site_title: String,
    /// The worksheet page's absolute URL (for the footer).
    pub url: String,
    /// The site-wide notice ([`crate::notice`]), set off under the title; empty when the
    /// site has none.
    pub notice: Vec<Block>,
    pub blocks: Vec<Block>,
}

/// The fenced blocks and the options each accepts.
const BLOCKS: &[(&str, &[&str])] = &[
    ("prompt", &["lines"]),
    ("scale", &["min", "max", "low", "high"]),
    ("fields", &[]),
    ("table", &["columns", "rows"]),
];

/// Whether `name` is a worksheet block's name (`prompt`, `scale`, `fields`, `table`).
pub fn is_block_name(name: &str) -> bool {
    BLOCKS.iter().any(|(n, _)| *n == name)
}

const MAX_LINES: u32 = 40;
const MAX_ROWS: u32 = 30;
const MAX_SCALE_VALUES: i32 = 21;

/// Splits `key=value key="quoted value"` into pairs.
fn parse_options(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut chars = s.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!("expected `{key}=value`"));
        }
        let mut value = String::new();
        if matches!(chars.peek(), Some('"') | Some('\'')) {
            let quote = chars.next().unwrap_or('"');
            let mut closed = false;
            for c in chars.by_ref() {
                if c == quote {
                    closed = true;
                    break;
                }
                value.push(c);
            }
            if !closed {
                return Err(format!("unclosed quote in the value of `{key}`"));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        if out.iter().any(|(k, _): &(String, String)| *k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        out.push((key, value));
    }
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    key: &str,
    value: &str,
    lo: T,
    hi: T,
) -> Result<T, String> {
    match value.parse::<T>() {
        Ok(n) if n >= lo && n <= hi => Ok(n),
        _ => Err(format!(
            "`{key}` must be a whole number from {lo} to {hi}, not `{value}`"
        )),
    }
}

/// Parses one fenced block into a model block. `name` is known to be a block name.
fn parse_block(name: &str, info_rest: &str, body: &str) -> Result<Block, String> {
    let accepted = BLOCKS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, o)| *o);
    let options = parse_options(info_rest)?;
    for (k, _) in &options {
        if !accepted.contains(&k.as_str()) {
            return Err(if accepted.is_empty() {
                format!("`{name}` takes no options, but has `{k}`")
            } else {
                format!(
                    "unknown option `{k}` for `{name}` (accepted: {})",
                    accepted.join(", ")
                )
            });
        }
    }
    let get = |k: &str| {
        options
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let text = body.trim();
    let question = || -> Result<String, String> {
        if text.is_empty() {
            Err(format!("`{name}` needs its question as the block's text"))
        } else {
            Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
        }
    };
    match name {
        "prompt" => Ok(Block::Prompt {
            question: question()?,
            lines: get("lines").map_or(Ok(4), |v| number("lines", v, 1, MAX_LINES))?,
        }),
        "scale" => {
            let min = number(
                "min",
                get("min").ok_or("`scale` needs `min` and `max`, e.g. `min=1 max=10`")?,
                -100,
                100,
            )?;
            let max = number(
                "max",
                get("max").ok_or("`scale` needs `min` and `max`, e.g. `min=1 max=10`")?,
                -100,
                100,
            )?;
            if min >= max {
                return Err(format!("`min` ({min}) must be below `max` ({max})"));
            }
            if max - min + 1 > MAX_SCALE_VALUES {
                return Err(format!(
                    "a scale has at most {MAX_SCALE_VALUES} values; {min} to {max} has {}",
                    max - min + 1
                ));
            }
            let label = |k: &str| {
                get(k)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            Ok(Block::Scale {
                question: question()?,
                min,
                max,
                low: label("low"),
                high: label("high"),
            })
        }
        "fields" => {
            let labels: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if labels.is_empty() {
                return Err("`fields` needs one label per line, e.g. `Name`".into());
            }
            Ok(Block::Fields { labels })
        }
        "table" => {
            let columns: Vec<String> = get("columns")
                .ok_or("`table` needs `columns`, e.g. `columns=\"What I need|What I can offer\"`")?
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            if columns.iter().any(String::is_empty) || columns.len() > 8 {
                return Err("`columns` must be 1 to 8 non-empty headings separated by `|`".into());
            }
            if !text.is_empty() {
                return Err("`table` takes no text: its rows are blank for writing in".into());
            }
            Ok(Block::Table {
                columns,
                rows: get("rows").map_or(Ok(3), |v| number("rows", v, 1, MAX_ROWS))?,
            })
        }
        _ => Err(format!("unknown worksheet block `{name}`")),
    }
}

/// The on-screen form of a block (accessible, labelled controls) with a print fallback.
fn block_html(block: &Block, id: &str) -> String {
    let mut h = String::new();
    match block {
        Block::Prompt { question, lines } => {
            let _ = write!(
                h,
                "<div class=\"ws-block ws-prompt\" data-ws=\"{id}\">\n<label class=\"ws-question\" for=\"{id}-answer\">{}</label>\n<textarea id=\"{id}-answer\" name=\"{id}-answer\" rows=\"{lines}\"></textarea>\n<div class=\"ws-lines\" aria-hidden=\"true\" style=\"--ws-lines: {lines}\">{}</div>\n</div>\n",
                escape_html(question),
                "<span class=\"ws-line\"></span>".repeat(*lines as usize)
            );
        }
        Block::Scale {
            question,
            min,
            max,
            low,
            high,
        } => {
            let _ = write!(
                h,
                "<fieldset class=\"ws-block ws-scale\" data-ws=\"{id}\">\n<legend class=\"ws-question\">{}</legend>\n<div class=\"ws-scale-row\">\n",
                escape_html(question)
            );
            if let Some(low) = low {
                let _ = writeln!(
                    h,
                    "<span class=\"ws-scale-end\" id=\"{id}-low\">{}</span>",
                    escape_html(low)
                );
            }
            h.push_str("<span class=\"ws-scale-options\">\n");
            for v in *min..=*max {
                let described = match (v == *min, v == *max) {
                    (true, _) if low.is_some() => format!(" aria-describedby=\"{id}-low\""),
                    (_, true) if high.is_some() => format!(" aria-describedby=\"{id}-high\""),
                    _ => String::new(),
                };
                let _ = writeln!(
                    h,
                    "<label class=\"ws-scale-option\"><input type=\"radio\" name=\"{id}\" value=\"{v}\"{described}><span class=\"ws-box\">{v}</span></label>"
                );
            }
            h.push_str("</span>\n");
            if let Some(high) = high {
                let _ = writeln!(
                    h,
                    "<span class=\"ws-scale-end\" id=\"{id}-high\">{}</span>",
                    escape_html(high)
                );
            }
            h.push_str("</div>\n</fieldset>\n");
        }
        Block::Fields { labels } => {
            let _ = writeln!(h, "<div class=\"ws-block ws-fields\" data-ws=\"{id}\">");
            for (i, label) in labels.iter().enumerate() {
                let n = i + 1;
                let _ = writeln!(
                    h,
                    "<p class=\"ws-field\"><label for=\"{id}-{n}\">{}</label> <input type=\"text\" id=\"{id}-{n}\" name=\"{id}-{n}\" autocomplete=\"off\"></p>",
                    escape_html(label)
                );
            }
            h.push_str("</div>\n");
        }
        Block::Table { columns, rows } => {
            let _ = write!(h, "<div class=\"ws-block ws-table-wrap\" data-ws=\"{id}\">\n<table class=\"ws-table\">\n<thead><tr>");
            for c in columns {
                let _ = write!(h, "<th scope=\"col\">{}</th>", escape_html(c));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for r in 1..=*rows {
                h.push_str("<tr>");
                for (ci, c) in columns.iter().enumerate() {
                    let _ = write!(
                        h,
                        "<td><input type=\"text\" name=\"{id}-r{r}-c{}\" aria-label=\"{}, row {r}\" autocomplete=\"off\"></td>",
                        ci + 1,
                        escape_attr(c)
                    );
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table>\n</div>\n");
        }
        _ => {}
    }
    h
}

/// Builds the model's text blocks (headings, paragraphs, lists, quotes) from Markdown
/// events: those of a worksheet page that are not worksheet blocks, and the notice's.
#[derive(Default)]
pub struct ModelBuilder {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    strong: usize,
    emph: usize,
    /// Open containers: lists (ordered, items so far) and quotes.
    lists: Vec<(bool, Vec<Vec<Span>>)>,
    quote_depth: usize,
    heading: Option<u8>,
}

impl ModelBuilder {
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if let Some(last) = self.spans.last_mut() {
            if last.strong == (self.strong > 0) && last.emph == (self.emph > 0) {
                last.text.push_str(t);
                return;
            }
        }
        self.spans.push(Span {
            text: t.to_string(),
            strong: self.strong > 0,
            emph: self.emph > 0,
        });
    }

    fn take(&mut self) -> Vec<Span> {
        let mut spans = std::mem::take(&mut self.spans);
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        spans.retain(|s| !s.text.is_empty());
        spans
    }

    /// The blocks observed so far.
    pub fn finish(self) -> Vec<Block> {
        self.blocks
    }

    pub fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Start(Tag::Strong) => self.strong += 1,
            Event::End(TagEnd::Strong) => self.strong = self.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.emph += 1,
            Event::End(TagEnd::Emphasis) => self.emph = self.emph.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => self.heading = Some(*level as u8),
            Event::End(TagEnd::Heading(_)) => {
                let text = self.take();
                self.blocks.push(Block::Heading {
                    level: self.heading.take().unwrap_or(2),
                    text,
                });
            }
            Event::Start(Tag::List(first)) => self.lists.push((first.is_some(), Vec::new())),
            Event::End(TagEnd::Item) => {
                let spans = self.take();
                if let Some((_, items)) = self.lists.last_mut() {
                    items.push(spans);
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = self.lists.pop() {
                    match self.lists.last_mut() {
                        // A nested list continues its parent item.
                        Some((_, parent)) => parent.extend(items),
                        None => self.blocks.push(Block::List { ordered, items }),
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth == 0 {
                    let spans = self.take();
                    self.blocks.push(Block::Quote(spans));
                }
            }
            Event::End(TagEnd::Paragraph) if self.lists.is_empty() && self.quote_depth == 0 => {
                let spans = self.take();
                if !spans.is_empty() {
                    self.blocks.push(Block::Paragraph(spans));
                }
            }
            Event::End(TagEnd::Paragraph) => self.text(" "),
            _ => {}
        }
    }
}

pub struct Blocks<'a, 'p, I> {
    inner: I,
    page: &'p PageInput<'p>,
    /// Events read ahead and put back, taken before `inner`.
    ahead: VecDeque<Ev<'a>>,
    out: VecDeque<Ev<'a>>,
    ids: HashSet<String>,
    model: ModelBuilder,
    diagnostics: Vec<Diagnostic>,
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Blocks<'a, 'p, I> {
    pub fn new(inner: I, page: &'p PageInput<'p>) -> Self {
        Blocks {
            inner,
            page,
            ahead: VecDeque::new(),
            out: VecDeque::new(),
            ids: HashSet::new(),
            model: ModelBuilder::default(),
            diagnostics: Vec::new(),
        }
    }

    fn pull(&mut self) -> Option<Ev<'a>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }

    /// The worksheet model (empty unless the page is a worksheet) and the problems found.
    pub fn finish(self) -> (Vec<Block>, Vec<Diagnostic>) {
        (
            if self.page.worksheet {
                self.model.blocks
            } else {
                Vec::new()
            },
            self.diagnostics,
        )
    }

    /// A stable id from the block's text, so saved answers follow their question even
    /// when the worksheet is edited around it.
    fn id_for(&mut self, kind: &str, text: &str) -> String {
        let short: String = slugify(text).chars().take(40).collect();
        let base = format!("ws-{kind}-{}", short.trim_end_matches('-'));
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    fn error(&mut self, offset: usize, message: String, hint: String) {
        self.diagnostics.push(
            Diagnostic::error(self.page.path, message)
                .at_offset(self.page.text, self.page.body_start + offset)
                .with_hint(hint),
        );
    }

    /// A fenced code block: a worksheet block, a mistyped one, or ordinary code.
    fn code_block(&mut self, info: CowStr<'a>, range: std::ops::Range<usize>) -> bool {
        let info_str = info.trim();
        let (name, rest) = info_str
            .split_once(char::is_whitespace)
            .unwrap_or((info_str, ""));
        let known = is_block_name(name);
        if !known {
            let near = BLOCKS
                .iter()
                .map(|(n, _)| (strsim::jaro_winkler(name, n), *n))
                .filter(|(s, _)| *s > 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if self.page.worksheet && (near.is_some() || rest.contains('=')) {
                let hint = match near {
                    Some((_, n)) => format!(
                        "did you mean `{n}`? worksheet blocks: prompt, scale, fields, table"
                    ),
                    None => "worksheet blocks: prompt, scale, fields, table".into(),
                };
                self.error(
                    range.start,
                    format!("unknown worksheet block `{name}`"),
                    hint,
                );
            }
            return false;
        }
        let mut body = String::new();
        while let Some((event, _)) = self.pull() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => body.push_str(&t),
                _ => {}
            }
        }
        let html = match parse_block(name, rest, &body) {
            Ok(block) => {
                let key = match &block {
                    Block::Prompt { question, .. } | Block::Scale { question, .. } => {
                        question.clone()
                    }
                    Block::Fields { labels } => labels.join(" "),
                    Block::Table { columns, .. } => columns.join(" "),
                    _ => String::new(),
                };
                let id = self.id_for(name, &key);
                let html = block_html(&block, &id);
                self.model.blocks.push(block);
                html
            }
            Err(message) => {
                let accepted = BLOCKS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(&[][..], |(_, o)| *o);
                let hint = if accepted.is_empty() {
                    format!("`{name}` takes no options")
                } else {
                    format!("`{name}` accepts: {}", accepted.join(", "))
                };
                self.error(range.start, format!("in `{name}` block: {message}"), hint);
                String::new()
            }
        };
        self.out.push_back((Event::Html(html.into()), range));
        true
    }

    /// A task list on a worksheet page becomes a checklist of labelled checkboxes.
    fn checklist(&mut self, list_range: std::ops::Range<usize>, prefix: Vec<Ev<'a>>) {
        // Buffer the whole list.
        let mut events = prefix;
        let mut depth = 1;
        while let Some((event, r)) = self.pull() {
            match &event {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            events.push((event, r));
        }
        let mut items: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut item_events: Vec<Vec<Ev<'a>>> = Vec::new();
        let mut checked_flags = Vec::new();
        let mut nesting = 0;
        for (event, r) in events {
            match &event {
                Event::Start(Tag::Item) if nesting == 0 => {
                    item_events.push(Vec::new());
                    checked_flags.push(false);
                    current.clear();
                    nesting += 1;
                    continue;
                }
                Event::Start(Tag::Item) => nesting += 1,
                Event::End(TagEnd::Item) => {
                    nesting -= 1;
                    if nesting == 0 {
                        items.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
                        continue;
                    }
                }
                Event::TaskListMarker(c) if nesting == 1 => {
                    if let Some(f) = checked_flags.last_mut() {
                        *f = *c;
                    }
                    continue;
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if nesting == 1 => {
                    continue
                }
                Event::Text(t) | Event::Code(t) => current.push_str(t),
                Event::SoftBreak | Event::HardBreak => current.push(' '),
                _ => {}
            }
            if let Some(buf) = item_events.last_mut() {
                buf.push((event, r));
            }
        }
        let id = self.id_for("checklist", &items.join(" "));
        self.out.push_back((
            Event::Html(format!("<ul class=\"ws-block ws-checklist\" data-ws=\"{id}\">\n").into()),
            list_range.clone(),
        ));
        for (i, (evs, checked)) in item_events.into_iter().zip(checked_flags).enumerate() {
            let attr = if checked { " checked" } else { "" };
            self.out.push_back((
                Event::Html(
                    format!(
                        "<li><label><input type=\"checkbox\" name=\"{id}-{}\"{attr}> ",
                        i + 1
                    )
                    .into(),
                ),
                list_range.clone(),
            ));
            self.out.extend(evs);
            self.out
                .push_back((Event::Html("</label></li>\n".into()), list_range.clone()));
        }
        self.out
            .push_back((Event::Html("</ul>\n".into()), list_range));
        self.model.blocks.push(Block::Checklist { items });
    }
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Iterator for Blocks<'a, 'p, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(ev) = self.out.pop_front() {
                return Some(ev);
            }
            let (event, range) = self.pull()?;
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) => {
                    if !self.code_block(info.clone(), range.clone()) {
                        return Some((event, range));
                    }
                }
                Event::Start(Tag::List(None))
                    if self.page.worksheet && self.model.lists.is_empty() =>
                {
                    // A list whose first item starts with a task marker is a checklist. The
                    // marker follows the item's start, and its paragraph's in a loose list.
                    let mut prefix = Vec::new();
                    while prefix.len() < 3 {
                        let Some(ev) = self.pull() else { break };
                        let more =
                            matches!(ev.0, Event::Start(Tag::Item) | Event::Start(Tag::Paragraph));
                        prefix.push(ev);
                        if !more {
                            break;
                        }
                    }
                    if matches!(prefix.last(), Some((Event::TaskListMarker(_), _))) {
                        self.checklist(range, prefix);
                    } else {
                        // Not a checklist: the events go back through the loop, so a block
                        // first in an item is still a block.
                        self.model.observe(&event);
                        for ev in prefix.into_iter().rev() {
                            self.ahead.push_front(ev);
                        }
                        return Some((event, range));
                    }
                }
                other => {
                    if self.page.worksheet {
                        self.model.observe(&other);
                    }
                    return Some((other, range));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_quotes_and_report_problems() {
        assert_eq!(
            parse_options("min=1 max=10 low=\"Not at all\" high='Fully'").unwrap(),
            vec![
                ("min".into(), "1".into()),
                ("max".into(), "10".into()),
                ("low".into(), "Not at all".into()),
                ("high".into(), "Fully".into())
            ]
        );
        assert_eq!(
            parse_options("low=\"open").unwrap_err(),
            "unclosed quote in the value of `low`"
        );
        assert!(parse_options("lines").is_err());
        assert!(parse_options("a=1 a=2").unwrap_err().contains("twice"));
    }

    #[test]
    fn blocks_validate_their_options() {
        assert_eq!(
            parse_block("prompt", "lines=6", "Q?\n").unwrap(),
            Block::Prompt {
                question: "Q?".into(),
                lines: 6
            }
        );
        assert_eq!(
            parse_block("prompt", "lines=many", "Q").unwrap_err(),
            "`lines` must be a whole number from 1 to 40, not `many`"
        );
        assert!(parse_block("scale", "min=5 max=1", "Q")
            .unwrap_err()
            .contains("below"));
        assert!(parse_block("scale", "max=3", "Q")
            .unwrap_err()
            .contains("needs `min`"));
        assert!(parse_block("prompt", "size=2", "Q")
            .unwrap_err()
            .starts_with("unknown option `size` for `prompt`"));
        assert!(parse_block("fields", "", " \n").is_err());
        assert_eq!(
            parse_block("table", "columns=\"A|B\" rows=2", "").unwrap(),
            Block::Table {
                columns: vec!["A".into(), "B".into()],
                rows: 2
            }
        );
    }

    #[test]
    fn block_html_escapes_text() {
        let h = block_html(
            &Block::Prompt {
                question: "<b>&\"".into(),
                lines: 2,
            },
            "ws-prompt-x",
        );
        assert!(h.contains("&lt;b&gt;&amp;&quot;"), "{h}");
        assert_eq!(h.matches("class=\"ws-line\"").count(), 2);
    }
}
