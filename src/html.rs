//! HTML escaping: the one place that escapes what kintsugi writes into HTML itself (the
//! Markdown adaptors' markup, citations and reference entries, Tera's autoescape). Both
//! escapers are pulldown-cmark's, so what the adaptors write matches what pulldown-cmark
//! writes around it (with SIMD where the CPU has it). Also the one renderer of a short run
//! of inline Markdown outside a page (a citation's prefix and suffix), and its way back:
//! that inline HTML read as Markdown events again ([`inline_events`]), for the print
//! edition's book, which Typst lays out from events, not HTML.

/// Escapes `&`, `<`, `>`, `"` and `'`: safe anywhere, in element content and in quoted
/// attribute values. The default.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// Escapes only `&`, `<` and `>`: for element content that keeps its quotes as written
/// (the text of citations and reference entries). Never for attribute values.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, s).ok();
    out
}

/// A short run of Markdown (a citation's prefix or suffix, such as `*see*`) as inline
/// HTML, as Pandoc reads it: emphasis, strong, strikethrough and code; link text without
/// its link; raw HTML escaped as text. Text that Markdown would read as a block (`1. see`)
/// is escaped as written.
pub fn inline_markdown(s: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    if !s.contains(['*', '_', '`', '~', '[', '<', '&', '\\', '\'', '"']) {
        return escape_text(s);
    }
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut parser = Parser::new_ext(s, options).peekable();
    if !matches!(parser.peek(), Some(Event::Start(Tag::Paragraph))) {
        return escape_text(s);
    }
    let inline = parser.filter_map(|event| match event {
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
        | Event::Text(_)
        | Event::Code(_) => Some(event),
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
        _ => None,
    });
    // Markdown drops the spaces around a paragraph; a suffix keeps its own (` and passim`).
    let trimmed = s.trim_start();
    let mut html = String::with_capacity(s.len() + 16);
    html.push_str(&s[..s.len() - trimmed.len()]);
    pulldown_cmark::html::push_html(&mut html, inline);
    html.push_str(&trimmed[trimmed.trim_end().len()..]);
    html
}

/// The inline HTML kintsugi writes for citations and reference entries (this file's
/// [`inline_markdown`] and the citation module's runs: `em`, `strong`, `code`, `del`,
/// `u`, `sup`, `sub`, `a href`, `span`, with escaped text) read back as Markdown events,
/// for writers other than HTML's. Unknown tags are dropped and their text kept; `<u>`
/// and `<span>` (small capitals) keep only their text, having no Markdown.
pub fn inline_events(html: &str) -> Vec<pulldown_cmark::Event<'static>> {
    use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
    let mut events = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    let flush = |text: &mut String, events: &mut Vec<Event<'static>>| {
        if !text.is_empty() {
            events.push(Event::Text(unescape(text).into()));
            text.clear();
        }
    };
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let (end, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name.trim()),
            None => (false, tag.split_whitespace().next().unwrap_or("")),
        };
        let markdown = match name {
            "em" | "i" => Some((Tag::Emphasis, TagEnd::Emphasis)),
            "strong" | "b" => Some((Tag::Strong, TagEnd::Strong)),
            "del" | "s" => Some((Tag::Strikethrough, TagEnd::Strikethrough)),
            "sup" => Some((Tag::Superscript, TagEnd::Superscript)),
            "sub" => Some((Tag::Subscript, TagEnd::Subscript)),
            "a" => Some((
                Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: attribute(tag, "href").unwrap_or_default().into(),
                    title: "".into(),
                    id: "".into(),
                },
                TagEnd::Link,
            )),
            "code" if !end => {
                // Code holds text only.
                let stop = rest.find("</code>").unwrap_or(rest.len());
                flush(&mut text, &mut events);
                events.push(Event::Code(unescape(&rest[..stop]).into()));
                rest = rest[stop..].strip_prefix("</code>").unwrap_or("");
                continue;
            }
            _ => None,
        };
        if let Some((start, stop)) = markdown {
            flush(&mut text, &mut events);
            events.push(if end {
                Event::End(stop)
            } else {
                Event::Start(start)
            });
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut events);
    events
}

/// The value of attribute `name` in a start tag's text (`a href="x"`), unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + len]))
}

/// Text escaped by [`escape`] or [`escape_text`] (or pulldown-cmark), as it was.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest.find(';').map(|end| (&rest[1..end], end));
        let decoded = entity.and_then(|(name, end)| {
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text, inline_events, inline_markdown};

    #[test]
    fn inline_html_reads_back_as_the_events_it_was_written_from() {
        use pulldown_cmark::{Event, Tag, TagEnd};
        let html = format!(
            "{} <strong>cf.</strong> <code>a&lt;b</code> <a href=\"{}\">{}</a><span class=\"small-caps\">x</span><u>y</u><sup>2</sup>",
            inline_markdown("*see* & \"so\""),
            escape("https://e.org/?a=1&b=\"2\""),
            escape_text("<T> & \"q\"")
        );
        let events = inline_events(&html);
        let link = Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: "https://e.org/?a=1&b=\"2\"".into(),
            title: "".into(),
            id: "".into(),
        };
        assert_eq!(
            events,
            [
                Event::Start(Tag::Emphasis),
                Event::Text("see".into()),
                Event::End(TagEnd::Emphasis),
                Event::Text(" & \u{201c}so\u{201d} ".into()),
                Event::Start(Tag::Strong),
                Event::Text("cf.".into()),
                Event::End(TagEnd::Strong),
                Event::Text(" ".into()),
                Event::Code("a<b".into()),
                Event::Text(" ".into()),
                Event::Start(link),
                Event::Text("<T> & \"q\"".into()),
                Event::End(TagEnd::Link),
                Event::Text("xy".into()),
                Event::Start(Tag::Superscript),
                Event::Text("2".into()),
                Event::End(TagEnd::Superscript),
            ]
        );
        assert_eq!(
            inline_events("a &amp; &#39;b&#x27; &bogus; &"),
            [Event::Text("a & 'b' &bogus; &".into())]
        );
    }

    #[test]
    fn inline_markdown_renders_emphasis_and_escapes_the_rest() {
        assert_eq!(inline_markdown("*see*"), "<em>see</em>");
        assert_eq!(inline_markdown("see, e.g.,"), "see, e.g.,");
        assert_eq!(
            inline_markdown("**cf.** `x`"),
            "<strong>cf.</strong> <code>x</code>"
        );
        assert_eq!(
            inline_markdown("<i>see</i> & [more](javascript:alert(1))"),
            "&lt;i&gt;see&lt;/i&gt; &amp; more"
        );
        assert_eq!(inline_markdown("1. see"), "1. see");
        assert_eq!(inline_markdown("a < b"), "a &lt; b");
        assert_eq!(inline_markdown(" and *passim* "), " and <em>passim</em> ");
    }

    #[test]
    fn escape_makes_text_and_quoted_attributes_safe() {
        assert_eq!(
            escape(r#"a<b>&"c"'d"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d"
        );
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn escape_text_keeps_quotes() {
        assert_eq!(escape_text(r#"a<b>&"c"'d"#), r#"a&lt;b&gt;&amp;"c"'d"#);
    }
}
