//! Writes what hayagriva renders as HTML: escaped text, `<em>` and friends for formatting,
//! links for http(s) URLs only. hayagriva's own HTML output is unescaped and uses inline
//! styles, so it is not used. Also the anchor id of a reference. Does not decide what is
//! rendered (the styler does) nor the markup around a citation.

use std::fmt::Write as _;

use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, Formatting};

use crate::html::{escape, escape_text};

/// The anchor id of a reference in the reference index and page lists: `ref-KEY` (not
/// escaped; escape it where it is written into HTML).
pub fn ref_anchor(key: &str) -> String {
    format!("ref-{key}")
}

/// The HTML of one reference-list item.
pub(super) fn item_html(item: hayagriva::BibliographyItem) -> String {
    let content = entry_html(&item.content);
    match item.first_field {
        // A numeric style's number ("[3]"), set apart from the reference it labels.
        Some(first) => format!(
            r#"<span class="ref-number">{}</span> {content}"#,
            to_html(&ElemChildren(vec![first]))
        ),
        None => content,
    }
}

/// A run of text with one formatting, optionally a link.
struct Run {
    text: String,
    formatting: Formatting,
    url: Option<String>,
}

/// Writes hayagriva's output as HTML: escaped text, italics as `<em>`, links as `<a>` (only
/// for http(s) URLs: a `javascript:` URL in a bibliography must not become a link).
pub(super) fn to_html(children: &ElemChildren) -> String {
    runs_html(children, false)
}

/// [`to_html`] for a whole reference-list entry, with its spaces tidied (see
/// [`tidy_spaces`]; a piece of a citation keeps its own, such as the `; ` between works).
fn entry_html(children: &ElemChildren) -> String {
    runs_html(children, true)
}

fn runs_html(children: &ElemChildren, whole_entry: bool) -> String {
    let mut runs = Vec::new();
    flatten(children, &mut runs);
    drop_doubled_periods(&mut runs);
    if whole_entry {
        tidy_spaces(&mut runs);
    }
    bridge_italics(&mut runs);
    let mut html = String::new();
    for run in merge_runs(runs) {
        let href = run.url.as_deref().filter(|url| {
            let lower = url.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
        if let Some(href) = href {
            let _ = write!(html, r#"<a href="{}">"#, escape(href));
        }
        let tags = tags_of(&run.formatting);
        for tag in &tags {
            html.push_str(tag.0);
        }
        html.push_str(&escape_text(&run.text));
        for tag in tags.iter().rev() {
            html.push_str(tag.1);
        }
        if href.is_some() {
            html.push_str("</a>");
        }
    }
    html
}

fn flatten(children: &ElemChildren, runs: &mut Vec<Run>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => runs.push(Run {
                text: t.text.clone(),
                formatting: t.formatting,
                url: None,
            }),
            ElemChild::Elem(e) => flatten(&e.children, runs),
            // Typst markup (math) in a title: shown as written.
            ElemChild::Markup(m) => runs.push(Run {
                text: m.clone(),
                formatting: Formatting::default(),
                url: None,
            }),
            ElemChild::Link { text, url } => runs.push(Run {
                text: text.text.clone(),
                formatting: text.formatting,
                url: Some(url.clone()),
            }),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// hayagriva does not merge the punctuation of adjacent affixes as CSL asks, so some styles
/// (ASA, Elsevier Harvard) end a field with "6270–75.." Drops the second of exactly two
/// periods in text (not in links, not in an ellipsis).
fn drop_doubled_periods(runs: &mut [Run]) {
    retain_chars(runs, |text, i, _| {
        let dot = |i: Option<usize>| i.and_then(|i| text.get(i)) == Some(&'.');
        let doubled = dot(i.checked_sub(1)) && !dot(i.checked_sub(2)) && !dot(Some(i + 1));
        text[i] != '.' || !doubled
    });
}

/// Spaces as a reader expects them: one between words, none before `;` or `,` and none at
/// either end. hayagriva 0.10.1 writes the prefix of a date part the work does not have
/// (Vancouver's "2023 ;14:1137752. ", citeproc: "2023;14:1137752.").
fn tidy_spaces(runs: &mut [Run]) {
    retain_chars(runs, |text, i, last_kept| {
        let next = || text[i + 1..].iter().find(|&&c| c != ' ');
        text[i] != ' '
            || (last_kept.is_some_and(|p| p != ' ')
                && next().is_some_and(|&n| n != ';' && n != ','))
    });
}

/// Keeps the characters of `runs` outside links for which `keep(text, i, last_kept)` holds:
/// `text` is every run's characters in order, `i` the one in question, and `last_kept` the
/// last character kept before it.
fn retain_chars(runs: &mut [Run], mut keep: impl FnMut(&[char], usize, Option<char>) -> bool) {
    let owners: Vec<usize> = (runs.iter().enumerate())
        .flat_map(|(r, run)| run.text.chars().map(move |_| r))
        .collect();
    let text: Vec<char> = runs.iter().flat_map(|run| run.text.chars()).collect();
    let mut kept = Vec::with_capacity(text.len());
    let mut last_kept = None;
    for (i, &c) in text.iter().enumerate() {
        let k = runs[owners[i]].url.is_some() || keep(&text, i, last_kept);
        if k {
            last_kept = Some(c);
        }
        kept.push(k);
    }
    let mut kept = kept.into_iter();
    for run in runs.iter_mut() {
        run.text = (run.text.chars())
            .filter(|_| kept.next().unwrap_or(true))
            .collect();
    }
}

/// APA italicizes "Journal, 5" as one: hayagriva italicizes the title and the volume
/// separately, leaving the comma between them upright. Italicize such a separator.
fn bridge_italics(runs: &mut [Run]) {
    let italic = |r: &Run| r.formatting.font_style != FontStyle::Normal && r.url.is_none();
    for i in 1..runs.len().saturating_sub(1) {
        let separator = runs[i].url.is_none()
            && !runs[i].text.is_empty()
            && runs[i].text.chars().all(|c| c == ',' || c == ' ');
        if separator && italic(&runs[i - 1]) && italic(&runs[i + 1]) {
            runs[i].formatting = runs[i - 1].formatting;
        }
    }
}

fn merge_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        if run.text.is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some(last)
                if last.url.is_none() && run.url.is_none() && last.formatting == run.formatting =>
            {
                last.text.push_str(&run.text);
            }
            _ => merged.push(run),
        }
    }
    merged
}

fn tags_of(f: &Formatting) -> Vec<(&'static str, &'static str)> {
    let mut tags = Vec::new();
    if f.font_style != FontStyle::Normal {
        tags.push(("<em>", "</em>"));
    }
    if f.font_weight == FontWeight::Bold {
        tags.push(("<strong>", "</strong>"));
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push((r#"<span class="small-caps">"#, "</span>"));
    }
    if f.text_decoration == TextDecoration::Underline {
        tags.push(("<u>", "</u>"));
    }
    match f.vertical_align {
        VerticalAlign::Sup => tags.push(("<sup>", "</sup>")),
        VerticalAlign::Sub => tags.push(("<sub>", "</sub>")),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    tags
}

#[cfg(test)]
mod tests {
    use crate::cite::test_support::{apa, visible_text};
    use crate::cite::{CiteItem, Cluster};

    #[test]
    fn hostile_titles_keys_and_urls_are_escaped() {
        let yaml = r#"
"x<script>\"'&":
  type: web
  title: <script>alert("t")</script> & "quotes"
  author: O'Brien, <b>Bold</b>
  date: 2020
  url: javascript:alert(1)
"#;
        let styler = apa(yaml);
        let key = "x<script>\"'&";
        let entry = styler.entry_html(key).unwrap();
        assert!(
            !entry.contains("<script") && !entry.contains("<b>"),
            "{entry}"
        );
        assert!(
            entry.contains("&lt;script&gt;alert(\"t\")&lt;/script&gt; &amp; \"quotes\""),
            "{entry}"
        );
        assert!(
            !entry.contains("<a "),
            "javascript: URL became a link: {entry}"
        );
        let cluster = Cluster {
            items: vec![CiteItem {
                prefix: "<i>see</i>".into(),
                suffix: ", <b>and more</b>".into(),
                ..CiteItem::new(key)
            }],
            narrative: false,
        };
        let html = styler.cluster_html(&cluster, "c\"1", "/refs/?a&b");
        assert!(
            !html.contains("<script") && !html.contains("<i>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(
            html.contains(r#"href="/refs/?a&amp;b#ref-x&lt;script&gt;&quot;&#39;&amp;""#),
            "{html}"
        );
        assert!(html.contains(r#"id="c&quot;1""#), "{html}");
        assert!(
            visible_text(&html).starts_with("(<i>see</i> O'Brien, 2020, <b>and more</b>)"),
            "{}",
            visible_text(&html)
        );
    }
}
