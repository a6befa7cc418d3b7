//! Builds a worksheet's text blocks (headings, paragraphs, lists, quotes) from Markdown
//! events, as the model holds them: the parts of a worksheet page that are not worksheet
//! blocks, and the site's notice.

use super::{Block, Span};
use pulldown_cmark::{Event, Tag, TagEnd};

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
    /// Open images: their alt text is not the worksheet's text, and the PDF leaves images
    /// out (the Markdown adaptor warns where one is).
    images: usize,
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

    /// Adds a block the caller made itself (a worksheet block, a checklist).
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Whether the events so far are inside a list.
    pub fn in_list(&self) -> bool {
        !self.lists.is_empty()
    }

    pub fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            _ if self.images > 0 => {}
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
