//! The Atom feed at `/atom.xml` (one per language: `/de/atom.xml`): every page with a `date`, newest first. Written here
//! rather than as a template so that every value is escaped whatever a site's templates
//! do, and the feed stays valid XML. A site with no dated page has no feed and no link
//! to one. Atom wants date-times; a page's `date` and `updated` (`YYYY-MM-DD`) are taken
//! as midnight UTC of that day.

use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::escape;
use crate::output::Sink;
use crate::site::Paths;
use std::fmt::Write;

/// A page the feed lists: one with a `date`.
struct Entry<'a> {
    page: &'a SourcePage,
    published: String,
    updated: String,
}

/// The feed's XML, or None when no page has a date.
pub(super) fn atom<'a>(
    config: &Config,
    paths: &Paths,
    pages: impl IntoIterator<Item = &'a SourcePage>,
) -> Option<String> {
    let mut entries: Vec<Entry> = pages
        .into_iter()
        .filter_map(|page| {
            let published = timestamp(page.meta.date.as_deref()?)?;
            let updated = (page.meta.updated.as_deref())
                .and_then(timestamp)
                .unwrap_or_else(|| published.clone());
            Some(Entry {
                page,
                published,
                updated,
            })
        })
        .collect();
    // Newest first; a day's pages in URL order, so the feed is the same on every build.
    entries
        .sort_by(|a, b| (b.published.cmp(&a.published)).then_with(|| a.page.url.cmp(&b.page.url)));
    let updated = entries.iter().map(|e| &e.updated).max()?.clone();

    let author = if config.author.is_empty() {
        &config.title
    } else {
        &config.author
    };
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        text(&paths.lang)
    );
    let _ = writeln!(xml, "  <title>{}</title>", text(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", text(&config.description));
    }
    let home = config.permalink(paths.home());
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        text(&config.permalink(&paths.feed()))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        text(&home)
    );
    let _ = writeln!(xml, "  <id>{}</id>", text(&home));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(xml, "  <author><name>{}</name></author>", text(author));
    let _ = writeln!(
        xml,
        "  <generator version=\"{}\">kintsugi</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for e in &entries {
        let link = config.permalink(&e.page.url);
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", text(&e.page.meta.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            text(&link)
        );
        let _ = writeln!(xml, "    <id>{}</id>", text(&link));
        let _ = writeln!(xml, "    <published>{}</published>", e.published);
        let _ = writeln!(xml, "    <updated>{}</updated>", e.updated);
        if let Some(summary) = e.page.meta.description.as_deref() {
            if !summary.is_empty() {
                let _ = writeln!(xml, "    <summary>{}</summary>", text(summary));
            }
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// Puts the feed made by [`atom`] into the output.
pub(super) fn write(xml: String, paths: &Paths, sink: &dyn Sink, diags: &mut Diagnostics) {
    let feed = paths.feed();
    let file = feed.trim_start_matches('/');
    if let Err(e) = sink.put(file, xml.into()) {
        diags.push(Diagnostic::error(file, format!("{e:#}")));
    }
}

/// `YYYY-MM-DD…` as an RFC 3339 date-time at midnight UTC; None for anything else (a bad
/// date is reported where the front matter is checked).
fn timestamp(date: &str) -> Option<String> {
    let day = date.get(..10)?;
    let shape = day.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    shape.then(|| format!("{day}T00:00:00Z"))
}

/// Escaped for XML text and attributes, without the control characters XML 1.0 forbids
/// even as references (YAML can write them with `\x01`-style escapes).
fn text(s: &str) -> String {
    let allowed = |c: &char| !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().all(|c| allowed(&c)) {
        escape(s)
    } else {
        escape(&s.chars().filter(allowed).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_midnight_utc() {
        assert_eq!(
            timestamp("2024-09-09").as_deref(),
            Some("2024-09-09T00:00:00Z")
        );
        assert_eq!(
            timestamp("2024-09-09T10:00:00Z").as_deref(),
            Some("2024-09-09T00:00:00Z")
        );
        assert_eq!(timestamp("09/09/2024"), None);
        assert_eq!(timestamp("2024"), None);
    }

    #[test]
    fn text_is_escaped_and_loses_forbidden_controls() {
        assert_eq!(
            text("a & <b> \"c\" 'd'"),
            "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;"
        );
        assert_eq!(text("bell\u{7}\tand tab"), "bell\tand tab");
    }
}
