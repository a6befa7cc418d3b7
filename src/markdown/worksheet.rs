//! The Markdown adaptor for worksheet pages: turns worksheet blocks (`prompt`, `scale`,
//! `fields`, `table`) and task lists into labelled form controls with a print fallback,
//! and collects the page's [`Worksheet`](crate::worksheet::Worksheet) model blocks on the
//! way. Block syntax and limits are the model's ([`crate::worksheet`]); this file owns the
//! blocks' HTML, their control ids and where their errors are reported.

use super::{slugify, Ev, PageInput};
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::i18n::Strings;
use crate::suggest::closest;
use crate::worksheet::{is_block_name, parse_block, Block, ModelBuilder, BLOCKS};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::collections::{HashSet, VecDeque};
use std::fmt::Write;

/// The on-screen form of a block (accessible, labelled controls) with a print fallback.
fn block_html(block: &Block, id: &str, strings: &Strings) -> String {
    let mut h = String::new();
    match block {
        Block::Prompt { question, lines } => {
            let _ = write!(
                h,
                "<div class=\"ws-block ws-prompt\" data-ws=\"{id}\">\n<label class=\"ws-question\" for=\"{id}-answer\">{}</label>\n<textarea id=\"{id}-answer\" name=\"{id}-answer\" rows=\"{lines}\"></textarea>\n<div class=\"ws-lines\" aria-hidden=\"true\" style=\"--ws-lines: {lines}\">{}</div>\n</div>\n",
                escape(question),
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
                escape(question)
            );
            if let Some(low) = low {
                let _ = writeln!(
                    h,
                    "<span class=\"ws-scale-end\" id=\"{id}-low\">{}</span>",
                    escape(low)
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
                    escape(high)
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
                    escape(label)
                );
            }
            h.push_str("</div>\n");
        }
        Block::Table { columns, rows } => {
            let _ = write!(h, "<div class=\"ws-block ws-table-wrap\" data-ws=\"{id}\">\n<table class=\"ws-table\">\n<thead><tr>");
            for c in columns {
                let _ = write!(h, "<th scope=\"col\">{}</th>", escape(c));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for r in 1..=*rows {
                h.push_str("<tr>");
                for (ci, c) in columns.iter().enumerate() {
                    let _ = write!(
                        h,
                        "<td><input type=\"text\" name=\"{id}-r{r}-c{}\" aria-label=\"{}\" autocomplete=\"off\"></td>",
                        ci + 1,
                        escape(&strings.get_with(
                            "worksheet-cell",
                            &[("column", c.as_str().into()), ("row", r.into())]
                        ))
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

pub struct Blocks<'a, 'p, I> {
    inner: I,
    page: &'p PageInput<'p>,
    /// Events read ahead and put back, taken before `inner`.
    ahead: VecDeque<Ev<'a>>,
    out: VecDeque<Ev<'a>>,
    ids: HashSet<String>,
    model: ModelBuilder,
    diagnostics: Vec<Diagnostic>,
    /// Leaves each blank an empty [`BLANK`] HTML event and keeps its block in
    /// [`Blocks::blanks`], for a writer other than HTML's (the print edition's book).
    pub plain: bool,
    pub blanks: Vec<Block>,
}

/// The event that stands for a blank in [`Blocks::plain`] mode: the n-th such event is
/// the n-th of [`Blocks::blanks`].
pub const BLANK: &str = "\u{1}blank";

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
            plain: false,
            blanks: Vec::new(),
        }
    }

    fn pull(&mut self) -> Option<Ev<'a>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }

    /// The worksheet model (empty unless the page is a worksheet) and the problems found.
    pub fn finish(self) -> (Vec<Block>, Vec<Diagnostic>) {
        (
            if self.page.worksheet {
                self.model.finish()
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
        self.page.local_id(&id)
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
            let near = closest(name, BLOCKS.iter().map(|(n, _)| *n));
            if self.page.worksheet && (near.is_some() || rest.contains('=')) {
                let hint = match near {
                    Some(n) => format!(
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
                if self.plain {
                    self.blanks.push(block.clone());
                    self.model.push(block);
                    BLANK.to_string()
                } else {
                    let id = self.id_for(name, &key);
                    let html = block_html(&block, &id, self.page.strings);
                    self.model.push(block);
                    html
                }
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
        self.model.push(Block::Checklist { items });
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
                Event::Start(Tag::List(None)) if self.page.worksheet && !self.model.in_list() => {
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
                        // The PDF draws a callout as a quote, led by its title word as on
                        // screen.
                        if let Event::Start(Tag::BlockQuote(Some(kind))) = &other {
                            let word =
                                format!("{}: ", super::callouts::title(*kind, self.page.strings));
                            for ev in [
                                Event::Start(Tag::Strong),
                                Event::Text(word.into()),
                                Event::End(TagEnd::Strong),
                            ] {
                                self.model.observe(&ev);
                            }
                        }
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
    fn block_html_escapes_text() {
        let h = block_html(
            &Block::Prompt {
                question: "<b>&\"".into(),
                lines: 2,
            },
            "ws-prompt-x",
            &Strings::english(),
        );
        assert!(h.contains("&lt;b&gt;&amp;&quot;"), "{h}");
        assert_eq!(h.matches("class=\"ws-line\"").count(), 2);
    }
}
