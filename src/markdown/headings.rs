//! Heading adaptor: gives every heading a stable, de-duplicated id and a self-link, and
//! records the page's table of contents. Owns heading ids and the TOC; nothing else.

use super::{Ev, PageInput};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashSet, VecDeque};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Ids the theme uses on every page; a heading that would take one gets a suffix.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "toc",
    "references",
    "page-title",
    "worksheet-answers",
];

/// Turns heading text into an id: lowercase letters and digits, runs of anything else
/// become one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out unique ids in first-come order: `a`, `a-1`, `a-2`.
#[derive(Debug)]
pub struct IdSet(HashSet<String>);

impl Default for IdSet {
    fn default() -> Self {
        IdSet(RESERVED_IDS.iter().map(|s| s.to_string()).collect())
    }
}

impl IdSet {
    pub fn unique(&mut self, base: String) -> String {
        if self.0.insert(base.clone()) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.0.insert(candidate.clone()))
            .unwrap_or(base)
    }
}

pub struct Headings<'a, 'p, I> {
    inner: I,
    page: Option<&'p PageInput<'p>>,
    /// Leaves each heading a Markdown heading with its final id and no self-link, for a
    /// writer other than HTML's (the print edition's book).
    pub plain: bool,
    /// The self-link's accessible name, escaped.
    anchor_label: String,
    ids: IdSet,
    out: VecDeque<Ev<'a>>,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Headings<'a, 'p, I> {
    /// `anchor_label` names each heading's self-link for screen readers; ids are the
    /// `page`'s own ([`PageInput::local_id`]).
    pub fn new(inner: I, anchor_label: &str, page: impl Into<Option<&'p PageInput<'p>>>) -> Self {
        Headings {
            inner,
            page: page.into(),
            plain: false,
            anchor_label: crate::html::escape(anchor_label),
            ids: IdSet::default(),
            out: VecDeque::new(),
            toc: Vec::new(),
            anchors: Vec::new(),
        }
    }

    /// Buffers one heading and queues it back with its id and self-link.
    fn heading(&mut self, tag: Tag<'a>, range: std::ops::Range<usize>) {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = tag
        else {
            return;
        };
        let mut body = Vec::new();
        let mut text = String::new();
        for (event, r) in self.inner.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            body.push((event, r));
        }
        let id = self.ids.unique(match id {
            Some(explicit) => explicit.to_string(),
            None => slugify(&text),
        });
        let id = match self.page {
            Some(page) => page.local_id(&id),
            None => id,
        };
        let n = level as u8;
        // On the print edition's one page, a chapter's title is the `<h2>`: its headings
        // go one level down.
        let in_chapter = self.page.is_some_and(|p| p.chapter.is_some());
        let n = if in_chapter && !self.plain {
            (n + 1).min(6)
        } else {
            n
        };
        if self.plain {
            let start = Tag::Heading {
                level,
                id: Some(CowStr::from(id.clone())),
                classes,
                attrs,
            };
            self.out.push_back((Event::Start(start), range.clone()));
            self.out.extend(body);
            self.out
                .push_back((Event::End(TagEnd::Heading(level)), range));
            self.anchors.push(id);
            return;
        }
        let id_attr = crate::html::escape(&id);
        self.out.push_back((
            Event::Html(CowStr::from(open_tag(n, &id, &classes, &attrs))),
            range.clone(),
        ));
        self.out.extend(body);
        self.out.push_back((
            Event::Html(CowStr::from(format!(
                "<a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"{}\">#</a></h{n}>\n",
                self.anchor_label
            ))),
            range,
        ));
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                title: text.trim().to_string(),
            });
        }
        self.anchors.push(id);
    }
}

/// `<hN id=… class=… key=…>`: the id, the classes and every other attribute of
/// `{#id .class key=value}`, escaped and in the order pulldown-cmark's own HTML writer
/// uses (a key without a value gets `=""`, as there).
fn open_tag(
    n: u8,
    id: &str,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> String {
    use crate::html::escape;
    let mut tag = format!("<h{n} id=\"{}\"", escape(id));
    if !classes.is_empty() {
        let joined = classes
            .iter()
            .map(|c| c.as_ref())
            .collect::<Vec<_>>()
            .join(" ");
        tag.push_str(&format!(" class=\"{}\"", escape(&joined)));
    }
    for (key, value) in attrs {
        let value = value.as_deref().map(escape).unwrap_or_default();
        tag.push_str(&format!(" {}=\"{value}\"", escape(key)));
    }
    tag.push('>');
    tag
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Headings<'a, '_, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(ev) = self.out.pop_front() {
                return Some(ev);
            }
            match self.inner.next()? {
                (Event::Start(tag @ Tag::Heading { .. }), range) => self.heading(tag, range),
                other => return Some(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_letters_and_digits() {
        assert_eq!(
            slugify("What to say, and what not to"),
            "what-to-say-and-what-not-to"
        );
        assert_eq!(slugify("  Étape 2: «Oui»  "), "étape-2-oui");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn ids_are_unique_and_avoid_reserved_ones() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("a".into()), "a");
        assert_eq!(ids.unique("a".into()), "a-1");
        assert_eq!(ids.unique("a".into()), "a-2");
        assert_eq!(ids.unique("references".into()), "references-1");
    }

    fn html(markdown: &str) -> String {
        let parser = pulldown_cmark::Parser::new_ext(
            markdown,
            pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES,
        );
        let events = Headings::new(parser.into_offset_iter(), "Link to this section", None)
            .map(|(event, _)| event);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events);
        out
    }

    #[test]
    fn every_heading_attribute_is_kept_and_escaped() {
        assert!(html("## Title {#my-id .a .b data-step=2 hidden}\n").starts_with(
            "<h2 id=\"my-id\" class=\"a b\" data-step=\"2\" hidden=\"\">Title<a class=\"anchor\""
        ));
        assert!(html("## T {data-x=a\"b&c title='q'}\n")
            .starts_with("<h2 id=\"t\" data-x=\"a&quot;b&amp;c\" title=\"&#39;q&#39;\">T<"));
        // pulldown-cmark reads no attribute block holding `<`: it stays heading text.
        assert!(
            html("## T {data-x=a<c}\n").starts_with("<h2 id=\"t-data-x-a-c\">T {data-x=a&lt;c}<")
        );
    }
}
