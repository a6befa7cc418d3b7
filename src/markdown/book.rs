//! Book writer: one page's Markdown as a chapter of the print edition's book, a tree of
//! [`Node`]s (headings, paragraphs, lists, tables, quotes, callouts, code, footnotes,
//! links, images, citations, worksheet blanks) that the PDF side lays out with Typst.
//! The adaptors run as for the page itself, in their plain mode (Markdown events, no
//! HTML), so the chapter says what the page says. What the book cannot show (raw HTML, a
//! web image, an image format Typst does not read) is a warning at its line, never
//! dropped unsaid.

use super::images::{has_empty_title, locate, ImageFormat, ImageSource};
use super::links::{is_external, percent_decode};
use super::{citations, headings, links, worksheet, PageInput};
use crate::diagnostic::Diagnostic;
use crate::worksheet::Block;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// One piece of a chapter. Block and inline nodes share the type: Typst lays both out as
/// content, and Markdown nests them freely (a list item's paragraphs, a table cell's text).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "kebab-case")]
pub enum Node {
    Text {
        t: String,
    },
    Heading {
        level: u8,
        label: String,
        c: Vec<Node>,
    },
    Par {
        c: Vec<Node>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Node>,
    },
    /// A list item; `task` is its checkbox in a task list.
    Item {
        task: Option<bool>,
        c: Vec<Node>,
    },
    Quote {
        c: Vec<Node>,
    },
    Callout {
        kind: &'static str,
        title: String,
        c: Vec<Node>,
    },
    /// Code: a block (`lang` from its fence) or inline.
    Code {
        block: bool,
        lang: String,
        text: String,
    },
    /// A table: its head's cells and its rows, each a [`Node::Cell`] of cells.
    Table {
        align: Vec<&'static str>,
        head: Vec<Node>,
        rows: Vec<Node>,
    },
    /// A table cell, or a row of cells.
    Cell {
        c: Vec<Node>,
    },
    Rule,
    Break,
    Em {
        c: Vec<Node>,
    },
    Strong {
        c: Vec<Node>,
    },
    Strike {
        c: Vec<Node>,
    },
    Sup {
        c: Vec<Node>,
    },
    Sub {
        c: Vec<Node>,
    },
    /// A link within the book (`label`, checked by the book against its labels) or to a
    /// web address (`url`); `note` prints the address in a footnote, for a link whose
    /// text is not its address.
    Link {
        label: Option<String>,
        url: Option<String>,
        note: bool,
        c: Vec<Node>,
    },
    /// A footnote reference: the first one places the note (`c`), later ones refer to it.
    Note {
        label: String,
        first: bool,
        c: Vec<Node>,
    },
    /// A footnote definition no reference reaches, shown where it is written.
    NoteText {
        label: String,
        c: Vec<Node>,
    },
    /// An image of [`BookChapter::images`]; a decorative one has no alt text.
    Image {
        n: usize,
        alt: Option<String>,
    },
    /// A worksheet blank: the n-th of [`BookChapter::blanks`].
    Blank {
        n: usize,
    },
}

/// One page as a chapter of the book.
#[derive(Debug, Default, Clone)]
pub struct BookChapter {
    pub nodes: Vec<Node>,
    pub blanks: Vec<Block>,
    /// The site's image files the chapter shows, by [`Node::Image::n`].
    pub images: Vec<ImageSource>,
    /// Every label the chapter defines (headings and footnotes).
    pub labels: Vec<String>,
    /// What the book leaves out, as warnings at their lines.
    pub diagnostics: Vec<Diagnostic>,
}

/// One page's chapter. `page.chapter` should be set (its ids and links are the book's),
/// and `page.cite` should name no index page: citations link to `#ref-<key>`. Relative
/// addresses that leave the book are made absolute with `permalink`.
pub fn chapter(page: &PageInput<'_>, permalink: &dyn Fn(&str) -> String) -> BookChapter {
    let parser = Parser::new_with_broken_link_callback(
        page.body(),
        super::options(),
        Some(citations::broken_link),
    )
    .into_offset_iter();
    // Links before citations: a citation's links go to the references (`#ref-<key>`),
    // not to an anchor of the page.
    let links = links::Links::new(parser, page);
    let mut cites = citations::Citations::new(links, page);
    cites.plain = true;
    let mut blocks = worksheet::Blocks::new(&mut cites, page);
    blocks.plain = true;
    let mut heads = headings::Headings::new(&mut blocks, "", page);
    heads.plain = true;
    let mut writer = Writer {
        page,
        permalink,
        stack: vec![Frame::new(Open::Root, 0..0)],
        chapter: BookChapter::default(),
        notes: HashMap::new(),
        blank_count: 0,
    };
    for (event, range) in heads.by_ref() {
        writer.event(event, range);
    }
    let mut chapter = writer.finish();
    chapter.blanks = std::mem::take(&mut blocks.blanks);
    chapter
}

/// What an open frame will become when it closes.
#[derive(Debug)]
enum Open {
    Root,
    Par,
    Heading(u8, String),
    Quote,
    Callout(pulldown_cmark::BlockQuoteKind),
    List(Option<u64>),
    Item,
    Table(Vec<Alignment>),
    Head,
    Row,
    Cell,
    Em,
    Strong,
    Strike,
    Sup,
    Sub,
    Link(String),
    NoteDef(String),
    Image { dest: String, title: String },
    Code(String),
    Skip,
}

struct Frame {
    open: Open,
    at: Range<usize>,
    c: Vec<Node>,
    task: Option<bool>,
}

impl Frame {
    fn new(open: Open, at: Range<usize>) -> Frame {
        Frame {
            open,
            at,
            c: Vec::new(),
            task: None,
        }
    }
}

struct Writer<'w, 'p> {
    page: &'w PageInput<'p>,
    permalink: &'w dyn Fn(&str) -> String,
    stack: Vec<Frame>,
    chapter: BookChapter,
    /// Footnote definitions by label, collected for the references.
    notes: HashMap<String, Vec<Node>>,
    blank_count: usize,
}

impl Writer<'_, '_> {
    fn push(&mut self, node: Node) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        match (top.c.last_mut(), node) {
            (Some(Node::Text { t }), Node::Text { t: more }) => t.push_str(&more),
            (_, node) => top.c.push(node),
        }
    }

    fn text(&mut self, t: &str) {
        self.push(Node::Text { t: t.to_string() });
    }

    fn warning(&mut self, at: usize, message: String, hint: &str) {
        self.chapter.diagnostics.push(
            Diagnostic::warning(self.page.path, message)
                .at_offset(self.page.text, self.page.body_start + at)
                .with_hint(hint),
        );
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                if matches!(self.stack.last().map(|f| &f.open), Some(Open::Code(_))) {
                    if let Some(Frame { c, .. }) = self.stack.last_mut() {
                        c.push(Node::Text { t: t.to_string() });
                    }
                } else {
                    self.text(&t);
                }
            }
            Event::Code(t) => self.push(Node::Code {
                block: false,
                lang: String::new(),
                text: t.to_string(),
            }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(Node::Break),
            Event::Rule => self.push(Node::Rule),
            Event::TaskListMarker(done) => {
                if let Some(item) =
                    (self.stack.iter_mut().rev()).find(|f| matches!(f.open, Open::Item))
                {
                    item.task = Some(done);
                }
            }
            Event::FootnoteReference(label) => self.push(Node::Note {
                label: label.to_string(),
                first: false,
                c: Vec::new(),
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                if html.as_ref() == worksheet::BLANK {
                    self.push(Node::Blank {
                        n: self.blank_count,
                    });
                    self.blank_count += 1;
                } else if !is_comment(&html) {
                    let shown: String = html.trim().chars().take(40).collect();
                    self.warning(
                        range.start,
                        format!("the print edition leaves out raw HTML `{shown}`"),
                        "the book is laid out from Markdown: write it in Markdown, or mark \
                         the page `print: false` and keep it on the site only",
                    );
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: Range<usize>) {
        let open = match tag {
            Tag::Paragraph => Open::Par,
            Tag::Heading { level, id, .. } => {
                Open::Heading(level as u8, id.map(|i| i.to_string()).unwrap_or_default())
            }
            Tag::BlockQuote(Some(kind)) => Open::Callout(kind),
            Tag::BlockQuote(None) => Open::Quote,
            Tag::CodeBlock(kind) => Open::Code(match kind {
                CodeBlockKind::Fenced(info) => {
                    info.split_whitespace().next().unwrap_or("").to_string()
                }
                CodeBlockKind::Indented => String::new(),
            }),
            Tag::List(start) => Open::List(start),
            Tag::Item => Open::Item,
            Tag::Table(align) => Open::Table(align),
            Tag::TableHead => Open::Head,
            Tag::TableRow => Open::Row,
            Tag::TableCell => Open::Cell,
            Tag::Emphasis => Open::Em,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strike,
            Tag::Superscript => Open::Sup,
            Tag::Subscript => Open::Sub,
            Tag::Link { dest_url, .. } => Open::Link(dest_url.to_string()),
            Tag::FootnoteDefinition(label) => Open::NoteDef(label.to_string()),
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let source = self.page.body().get(at.clone()).unwrap_or_default();
                let decorative = matches!(link_type, LinkType::Inline) && has_empty_title(source);
                Open::Image {
                    dest: dest_url.to_string(),
                    title: if decorative {
                        "\u{1}".into()
                    } else {
                        title.to_string()
                    },
                }
            }
            Tag::HtmlBlock => Open::Skip,
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Open::Skip,
        };
        self.stack.push(Frame::new(open, at));
    }

    fn end(&mut self, _end: TagEnd) {
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let Frame { open, at, c, task } = frame;
        let node = match open {
            Open::Root | Open::Skip => {
                for node in c {
                    self.push(node);
                }
                return;
            }
            Open::Par => Node::Par { c },
            Open::Heading(level, label) => {
                self.chapter.labels.push(label.clone());
                Node::Heading { level, label, c }
            }
            Open::Quote => Node::Quote { c },
            Open::Callout(kind) => Node::Callout {
                kind: super::callouts::class(kind),
                title: super::callouts::title(kind, self.page.strings),
                c,
            },
            Open::Code(lang) => Node::Code {
                block: true,
                lang,
                text: plain_text(&c),
            },
            Open::List(start) => Node::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: c,
            },
            Open::Item => Node::Item { task, c },
            Open::Table(align) => {
                let mut rows = Vec::new();
                let mut head = Vec::new();
                for node in c {
                    match node {
                        Node::Table { head: h, .. } => head = h,
                        row => rows.push(row),
                    }
                }
                Node::Table {
                    align: (align.iter())
                        .map(|a| match a {
                            Alignment::Left => "start",
                            Alignment::Right => "end",
                            Alignment::Center => "center",
                            Alignment::None => "auto",
                        })
                        .collect(),
                    head,
                    rows,
                }
            }
            // The head's cells and a row's cells travel up in a carrier node, unpacked by
            // the table above.
            Open::Head => Node::Table {
                align: Vec::new(),
                head: c,
                rows: Vec::new(),
            },
            Open::Row => Node::Cell { c },
            Open::Cell => Node::Cell { c },
            Open::Em => Node::Em { c },
            Open::Strong => Node::Strong { c },
            Open::Strike => Node::Strike { c },
            Open::Sup => Node::Sup { c },
            Open::Sub => Node::Sub { c },
            Open::Link(dest) => self.link(&dest, c),
            Open::NoteDef(label) => {
                self.chapter.labels.push(label.clone());
                self.notes.insert(label.clone(), c);
                Node::NoteText {
                    label,
                    c: Vec::new(),
                }
            }
            Open::Image { dest, title } => match self.image(&dest, &title, &c, at.start) {
                Some(node) => node,
                None => {
                    // Its alt text stands in for it.
                    for node in c {
                        self.push(node);
                    }
                    return;
                }
            },
        };
        self.push(node);
    }

    /// A link: within the book (`#label`), or to an address, made absolute.
    fn link(&mut self, dest: &str, c: Vec<Node>) -> Node {
        if let Some(label) = dest.strip_prefix('#') {
            return Node::Link {
                label: Some(label.to_string()),
                url: None,
                note: false,
                c,
            };
        }
        let url = if is_external(dest) {
            dest.to_string()
        } else {
            (self.permalink)(dest)
        };
        let text = plain_text(&c);
        let bare = |u: &str| {
            let u = u.split_once("://").map_or(u, |(_, rest)| rest);
            u.strip_prefix("mailto:")
                .unwrap_or(u)
                .trim_end_matches('/')
                .to_string()
        };
        let note = bare(text.trim()) != bare(&url);
        Node::Link {
            label: None,
            url: Some(url),
            note,
            c,
        }
    }

    /// An image of the site's own files; None (and a warning) for one the book cannot
    /// show, whose alt text then stands in for it.
    fn image(&mut self, dest: &str, title: &str, alt: &[Node], at: usize) -> Option<Node> {
        let alt = plain_text(alt).trim().to_string();
        let decorative = title == "\u{1}";
        if is_external(dest) {
            self.warning(
                at,
                format!("the print edition shows the web image `{dest}` as its alt text"),
                "the book embeds only the site's own image files: save the image beside the \
                 page and write its file name",
            );
            return None;
        }
        let split = dest.find(['?', '#']).unwrap_or(dest.len());
        let source = locate(self.page.dir(), &percent_decode(&dest[..split])).ok()?;
        if ImageFormat::from_path(source.path()) == ImageFormat::Other {
            self.warning(
                at,
                format!("the print edition cannot show the image `{dest}`: only PNG, JPEG, GIF, WebP and SVG"),
                "convert it to PNG or JPEG; until then the book shows its alt text",
            );
            return None;
        }
        let n = match self.chapter.images.iter().position(|s| *s == source) {
            Some(n) => n,
            None => {
                self.chapter.images.push(source);
                self.chapter.images.len() - 1
            }
        };
        // An image with no alt text (a warning on the site) is drawn as decoration, which
        // a tagged PDF may hold without one.
        Some(Node::Image {
            n,
            alt: (!decorative && !alt.is_empty()).then_some(alt),
        })
    }

    /// The tree, with each footnote's text at its first reference.
    fn finish(mut self) -> BookChapter {
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        let mut nodes = self.stack.pop().map(|f| f.c).unwrap_or_default();
        consecutive_levels(&mut nodes, &mut 1);
        let mut placed = std::collections::HashSet::new();
        place_notes(&mut nodes, &self.notes, &mut placed, true);
        // A definition no reference reaches is shown where it stands, as on the site.
        drop_placed(&mut nodes, &placed, &self.notes);
        self.chapter.nodes = nodes;
        self.chapter
    }
}

/// Makes heading levels go down one at a time from the chapter's title (level 1), as a
/// tagged PDF requires: `## A` then `#### B` is printed as levels 2 and 3.
fn consecutive_levels(nodes: &mut [Node], last: &mut u8) {
    for node in nodes.iter_mut() {
        if let Node::Heading { level, .. } = node {
            *level = (*level).clamp(2, *last + 1);
            *last = *level;
        }
        for children in children_mut(node) {
            consecutive_levels(children, last);
        }
    }
}

/// Gives each footnote reference its definition at the first reference (in reading
/// order); references inside a note refer to notes placed elsewhere or print as text.
fn place_notes(
    nodes: &mut [Node],
    notes: &HashMap<String, Vec<Node>>,
    placed: &mut std::collections::HashSet<String>,
    outside_notes: bool,
) {
    for node in nodes.iter_mut() {
        if let Node::Note { label, first, c } = node {
            if let Some(text) = notes.get(label.as_str()) {
                if outside_notes && placed.insert(label.clone()) {
                    *first = true;
                    // A note of one paragraph runs on after its number.
                    *c = match text.as_slice() {
                        [Node::Par { c }] => c.clone(),
                        _ => text.clone(),
                    };
                    place_notes(c, notes, placed, false);
                } else if !placed.contains(label.as_str()) {
                    *node = Node::Text {
                        t: format!("[{label}]"),
                    };
                }
            }
            continue;
        }
        for children in children_mut(node) {
            place_notes(children, notes, placed, outside_notes);
        }
    }
}

/// Replaces each footnote definition placeholder: empty where a reference placed its
/// text, its text where none did.
fn drop_placed(
    nodes: &mut Vec<Node>,
    placed: &std::collections::HashSet<String>,
    notes: &HashMap<String, Vec<Node>>,
) {
    nodes.retain(|n| !matches!(n, Node::NoteText { label, .. } if placed.contains(label)));
    for node in nodes.iter_mut() {
        if let Node::NoteText { label, c } = node {
            *c = notes.get(label.as_str()).cloned().unwrap_or_default();
            continue;
        }
        for children in children_mut(node) {
            drop_placed(children, placed, notes);
        }
    }
}

/// The lists of nodes a node holds.
fn children_mut(node: &mut Node) -> Vec<&mut Vec<Node>> {
    match node {
        Node::Table { head, rows, .. } => vec![head, rows],
        Node::Heading { c, .. }
        | Node::Par { c }
        | Node::Item { c, .. }
        | Node::Quote { c }
        | Node::Callout { c, .. }
        | Node::Cell { c }
        | Node::Em { c }
        | Node::Strong { c }
        | Node::Strike { c }
        | Node::Sup { c }
        | Node::Sub { c }
        | Node::Link { c, .. }
        | Node::NoteText { c, .. } => vec![c],
        Node::List { items, .. } => vec![items],
        _ => Vec::new(),
    }
}

/// The text of some nodes, markup dropped.
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text { t } => out.push_str(t),
            Node::Code { text, .. } => out.push_str(text),
            Node::Break => out.push(' '),
            Node::Image { alt, .. } => out.push_str(alt.as_deref().unwrap_or("")),
            node => {
                let mut node = node.clone();
                for c in children_mut(&mut node) {
                    out.push_str(&plain_text(c));
                }
            }
        }
    }
    out
}

/// An HTML comment, which the site does not show either.
fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
}

/// Inline Markdown events (a reference entry's, read back from its HTML) as nodes: text,
/// emphasis, strong, struck, raised and lowered text, code and links.
pub fn inline(events: Vec<Event<'_>>) -> Vec<Node> {
    let mut stack: Vec<(Option<String>, Vec<Node>)> = vec![(None, Vec::new())];
    for event in events {
        match event {
            Event::Start(tag) => {
                let dest = match tag {
                    Tag::Link { dest_url, .. } => dest_url.to_string(),
                    _ => String::new(),
                };
                stack.push((Some(dest), Vec::new()));
                // The tag is told again at its end.
            }
            Event::End(end) if stack.len() > 1 => {
                let Some((dest, c)) = stack.pop() else { break };
                let node = match end {
                    TagEnd::Emphasis => Node::Em { c },
                    TagEnd::Strong => Node::Strong { c },
                    TagEnd::Strikethrough => Node::Strike { c },
                    TagEnd::Superscript => Node::Sup { c },
                    TagEnd::Subscript => Node::Sub { c },
                    TagEnd::Link => Node::Link {
                        label: None,
                        url: dest.filter(|d| is_external(d)),
                        note: false,
                        c,
                    },
                    _ => Node::Par { c },
                };
                if let Some((_, parent)) = stack.last_mut() {
                    parent.push(node);
                }
            }
            Event::Text(t) => {
                if let Some((_, c)) = stack.last_mut() {
                    c.push(Node::Text { t: t.to_string() });
                }
            }
            Event::Code(t) => {
                if let Some((_, c)) = stack.last_mut() {
                    c.push(Node::Code {
                        block: false,
                        lang: String::new(),
                        text: t.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    stack.into_iter().next().map(|(_, c)| c).unwrap_or_default()
}

/// Makes each link to a label not in `labels` plain content (Typst refuses a link to a
/// label the document does not have).
pub fn retain_labels(nodes: &mut [Node], labels: &std::collections::HashSet<String>) {
    for node in nodes.iter_mut() {
        if let Node::Link { label, .. } = node {
            if label.as_ref().is_some_and(|l| !labels.contains(l)) {
                *label = None;
            }
        }
        for children in children_mut(node) {
            retain_labels(children, labels);
        }
    }
}
