//! Citation adaptor: finds Pandoc citations (`[@key, p. 4]` through pulldown-cmark's
//! broken-link callback, narrative `@key` in text), checks their keys, and replaces them
//! with the HTML the citation module formats. Records each use, in reading order, for the
//! page's reference list and the site's reference index. Formatting itself belongs to
//! [`crate::cite`].

use super::{Ev, PageInput};
use crate::cite::{self, Bibliography, Cluster, Styler};
use crate::diagnostic::Diagnostic;
use pulldown_cmark::{BrokenLink, CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;

/// Marks link destinations that the broken-link callback made out of `[@...]`.
pub const MARK: &str = "\u{1}cite:";

/// What the Markdown stage needs to format citations.
pub struct CiteContext<'a> {
    pub bib: &'a Bibliography,
    /// None to find the citations without formatting them (see [`super::cited_keys`]).
    pub styler: Option<&'a Styler>,
    /// URL of the reference index page.
    pub index_url: &'a str,
}

/// Text that may not cite, because it is shown on pages whose reference lists do not
/// include it (the site-wide notice): each citation in it is an error,
/// `{message}: `@key``, with `hint`.
#[derive(Debug, Clone, Copy)]
pub struct NoCitations<'a> {
    pub message: &'a str,
    pub hint: &'a str,
}

/// One citation on a page: its anchor id and the keys it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationUse {
    pub id: String,
    pub keys: Vec<String>,
}

/// The broken-link callback: turns `[...@key...]` into a link the adaptor recognises.
pub fn broken_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let reference = link.reference.as_ref();
    match cite::parse_bracketed(reference) {
        Ok(None) => None,
        _ => Some((CowStr::from(format!("{MARK}{reference}")), CowStr::from(""))),
    }
}

/// Where a narrative `@key` found at `span` of a text event (at `range` of the body) is in
/// the body: its start only, a caret, as a text and its source can differ before it
/// (escapes).
fn narrative_at(range: &Range<usize>, span: &Range<usize>) -> Range<usize> {
    let start = range.start + span.start;
    start..start
}

pub struct Citations<'a, 'p, I> {
    inner: I,
    page: &'p PageInput<'p>,
    /// Events read ahead (after a narrative citation, to see a `[p. 4]`) and put back.
    ahead: VecDeque<Ev<'a>>,
    out: VecDeque<Ev<'a>>,
    link_depth: usize,
    in_code: bool,
    /// Citations become Markdown (links to `#ref-<key>` around their text), not HTML,
    /// for a writer other than HTML's (the print edition's book).
    pub plain: bool,
    pub uses: Vec<CitationUse>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Citations<'a, 'p, I> {
    pub fn new(inner: I, page: &'p PageInput<'p>) -> Self {
        Citations {
            inner,
            page,
            ahead: VecDeque::new(),
            out: VecDeque::new(),
            link_depth: 0,
            in_code: false,
            plain: false,
            uses: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// An error about the body's bytes `at`, all underlined (an empty range: a caret).
    fn error(&mut self, at: Range<usize>, message: String, hint: Option<String>) {
        let start = self.page.body_start;
        let mut d = Diagnostic::error(self.page.path, message)
            .at_span(self.page.text, start + at.start..start + at.end);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.diagnostics.push(d);
    }

    /// Checks every key of a cluster; on success returns the events that stand for it
    /// (its HTML, or with [`Citations::plain`] its Markdown) and records the use.
    fn cite(&mut self, cluster: &Cluster, at: Range<usize>) -> Option<Vec<Event<'a>>> {
        if let Some(refused) = self.page.no_citations {
            let keys: Vec<String> = (cluster.items.iter())
                .map(|i| format!("`{}`", cite::written_key(&i.key)))
                .collect();
            self.error(
                at.clone(),
                format!("{}: {}", refused.message, keys.join(", ")),
                Some(refused.hint.to_string()),
            );
            return None;
        }
        let Some(ctx) = self.page.cite else {
            self.error(
                at.clone(),
                format!(
                    "citation of `{}`, but the site has no bibliography",
                    cite::written_key(&cluster.items[0].key)
                ),
                Some(
                    "add content/references.yaml (hayagriva format) or content/references.bib"
                        .into(),
                ),
            );
            return None;
        };
        let mut ok = true;
        for item in &cluster.items {
            if !ctx.bib.contains(&item.key) {
                ok = false;
                let written = cite::written_key(&item.key);
                if self.unreadable_entry(at.clone(), &item.key, &written, true) {
                    continue;
                }
                let hint = ctx
                    .bib
                    .suggest(&item.key)
                    .map(|k| format!("did you mean `@{k}`?"))
                    .or_else(|| Some(ctx.bib.add_key_hint()));
                self.error(
                    at.clone(),
                    format!("unknown citation key `{written}`"),
                    hint,
                );
            }
        }
        if !ok {
            return None;
        }
        let id = self.page.local_id(&format!("cite-{}", self.uses.len() + 1));
        let events = match ctx.styler {
            Some(styler) if self.plain => styler.cluster_events(cluster),
            Some(styler) => vec![Event::InlineHtml(
                styler.cluster_html(cluster, &id, ctx.index_url).into(),
            )],
            None => Vec::new(),
        };
        let mut keys: Vec<String> = cluster.items.iter().map(|i| i.key.clone()).collect();
        // One entry per work, in first-cited order, even when a key repeats.
        let mut seen = std::collections::HashSet::new();
        keys.retain(|k| seen.insert(k.clone()));
        self.uses.push(CitationUse { id, keys });
        Some(events)
    }

    /// `[@...]`: swallow the link's own text events and emit the citation instead.
    fn bracketed(&mut self, raw: &str, range: std::ops::Range<usize>) {
        let mut depth = 1;
        // Through `pull`: the link's events may have been read ahead already.
        while let Some((event, _)) = self.pull() {
            match event {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        let events = match cite::parse_bracketed(raw) {
            Ok(Some(cluster)) => self.cite(&cluster, range.clone()),
            Ok(None) => None,
            Err(message) => {
                self.error(
                    range.clone(),
                    format!("malformed citation `[{raw}]`: {message}"),
                    Some(
                        "write citations as `[@key]`, `[@key, p. 4]`, `[see @a; @b]` or `[-@key]`"
                            .into(),
                    ),
                );
                None
            }
        };
        let events = events.unwrap_or_else(|| {
            vec![Event::InlineHtml(
                crate::html::escape(&format!("[{raw}]")).into(),
            )]
        });
        (self.out).extend(events.into_iter().map(|e| (e, range.clone())));
    }

    /// When `key`'s entry is in a bibliography file but could not be read, or is not found
    /// while a whole bibliography file could not be read (not UTF-8, say), reports the
    /// citation (`written` as in the text, at the body's bytes `at`) as pointing there, and says so.
    /// `whole_file` is false for a narrative `@word`, which is text unless it is a key.
    fn unreadable_entry(
        &mut self,
        at: Range<usize>,
        key: &str,
        written: &str,
        whole_file: bool,
    ) -> bool {
        let bib = self.page.cite.map(|c| &c.bib);
        let file = bib
            .filter(|b| whole_file && !b.contains(key))
            .and_then(|b| b.unreadable_file());
        if let Some(path) = file {
            let message = format!(
                "citation of `{written}`: {} could not be read, so its keys are unknown",
                path.display()
            );
            self.error(
                at.clone(),
                message,
                Some("fix the error reported for that file".into()),
            );
            return true;
        }
        let Some((path, line)) = bib.and_then(|b| b.unreadable(key)) else {
            return false;
        };
        let message = format!(
            "citation of `{written}`: its entry at {}:{line} could not be read",
            path.display()
        );
        self.error(
            at,
            message,
            Some("fix the error reported at that line".into()),
        );
        true
    }

    /// The next event, from those read ahead first.
    fn pull(&mut self) -> Option<Ev<'a>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }

    /// Reads ahead for `[p. 4, and elsewhere]` (as the three text events `[`, the text,
    /// `]`): the events read and the (locator, suffix) in them, to be put back by the
    /// caller if unused; None (with anything read put back) when they are not.
    fn suffix_ahead(&mut self) -> Option<(Vec<Ev<'a>>, (String, String))> {
        let mut events = Vec::new();
        for _ in 0..3 {
            match self.pull() {
                Some(event) => events.push(event),
                None => break,
            }
        }
        let locator = match events.as_slice() {
            [(Event::Text(open), _), (Event::Text(inner), _), (Event::Text(close), _)]
                if &**open == "[" && &**close == "]" =>
            {
                cite::narrative_suffix(inner)
            }
            _ => None,
        };
        match locator {
            Some(locator) => Some((events, locator)),
            None => {
                for event in events.into_iter().rev() {
                    self.ahead.push_front(event);
                }
                None
            }
        }
    }

    /// Narrative `@key` in text. Unknown words after `@` are left alone unless they are a
    /// near miss of a real key (then they are most likely a typo); an unknown braced
    /// `@{key}` is always an error, since nothing else is written that way.
    fn narrative(&mut self, text: CowStr<'a>, range: std::ops::Range<usize>) {
        let Some(ctx) = self.page.cite else {
            self.out.push_back((Event::Text(text), range));
            return;
        };
        for at in cite::unclosed_braced_keys(&text) {
            let escaped = (self.page.body().get(..range.start + at))
                .is_some_and(|before| before.ends_with('\\'));
            if !escaped {
                self.error(
                    range.start + at..range.start + at,
                    "a citation key in braces, `@{…`, is not closed".to_string(),
                    Some("a braced key ends at the first `}` and cannot hold `[` or `]`; write `\\@` for a literal @".into()),
                );
            }
        }
        let found = cite::find_narrative(&text);
        if found.is_empty() {
            self.out.push_back((Event::Text(text), range));
            return;
        }
        // `\@key` is a literal `@key`: pulldown-cmark has already removed the backslash from
        // the text, so look at the source. The n-th `@key` of the text is the n-th of the
        // source span.
        // One byte before the span: an escape can split the text right after its backslash.
        let from = range.start.saturating_sub(1);
        let source = self.page.body().get(from..range.end).unwrap_or("");
        // `@key [p. 4]`: a locator (and suffix) in brackets right after the last narrative
        // citation of the text, which pulldown-cmark hands over as three more text events.
        let last_span_end = found.last().map_or(0, |n| n.span.end);
        let mut after = if text[last_span_end..].trim().is_empty() {
            self.suffix_ahead()
        } else {
            None
        };
        let found_count = found.len();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut last = 0;
        for (n, found) in found.into_iter().enumerate() {
            let cite::Narrative {
                span,
                key,
                braced,
                suppress_author,
            } = found;
            // From the `@` on: `-\@key` is escaped too.
            let written = &text[span.start + usize::from(suppress_author)..span.end];
            let nth = seen.entry(written).or_insert(0);
            let escaped = source
                .match_indices(written)
                .nth(*nth)
                .is_some_and(|(i, _)| source[..i].ends_with('\\'));
            *nth += 1;
            if escaped {
                continue;
            }
            if !ctx.bib.contains(&key) {
                if self.unreadable_entry(narrative_at(&range, &span), &key, written, braced) {
                    continue;
                }
                let hint = match ctx.bib.suggest(&key) {
                    Some(k) => Some(format!(
                        "did you mean `@{k}`? (write `\\@` for a literal @)"
                    )),
                    None if braced => Some(ctx.bib.add_key_hint()),
                    None => continue,
                };
                self.error(
                    narrative_at(&range, &span),
                    format!("unknown citation key `{written}`"),
                    hint,
                );
                continue;
            }
            let (locator, suffix) = match &after {
                Some((_, ahead)) if n + 1 == found_count => ahead.clone(),
                _ => Default::default(),
            };
            let bracketed = !locator.is_empty() || !suffix.is_empty();
            // `-@key` in text is Pandoc's author-suppressed citation: `(2011)`.
            let cluster = Cluster {
                items: vec![cite::CiteItem {
                    locator,
                    suffix,
                    suppress_author,
                    ..cite::CiteItem::new(&key)
                }],
                narrative: !suppress_author,
            };
            if let Some(events) = self.cite(&cluster, narrative_at(&range, &span)) {
                if span.start > last {
                    self.out.push_back((
                        Event::Text(text[last..span.start].to_string().into()),
                        range.clone(),
                    ));
                }
                (self.out).extend(events.into_iter().map(|e| (e, range.clone())));
                last = span.end;
                if bracketed {
                    // The space before `[p. 4]` goes with it.
                    last = text.len();
                    after = None;
                }
            }
        }
        if last < text.len() {
            self.out
                .push_back((Event::Text(text[last..].to_string().into()), range));
        }
        // Not used: the bracket stays text, read again in order.
        if let Some((events, _)) = after {
            for event in events.into_iter().rev() {
                self.ahead.push_front(event);
            }
        }
    }
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Iterator for Citations<'a, 'p, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(ev) = self.out.pop_front() {
                return Some(ev);
            }
            let (event, range) = self.pull()?;
            match event {
                Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.starts_with(MARK) => {
                    let raw = dest_url[MARK.len()..].to_string();
                    self.bracketed(&raw, range);
                }
                Event::Start(Tag::Link { .. }) => {
                    self.link_depth += 1;
                    return Some((event, range));
                }
                Event::End(TagEnd::Link) => {
                    self.link_depth = self.link_depth.saturating_sub(1);
                    return Some((event, range));
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.in_code = true;
                    return Some((event, range));
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code = false;
                    return Some((event, range));
                }
                Event::Text(text)
                    if self.link_depth == 0 && !self.in_code && text.contains('@') =>
                {
                    self.narrative(text, range);
                }
                other => return Some((other, range)),
            }
        }
    }
}
