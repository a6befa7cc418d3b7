//! HTML escaping: the one place that escapes what kintsugi writes into HTML itself (the
//! Markdown adaptors' markup, citations and reference entries, Tera's autoescape). Both
//! escapers are pulldown-cmark's, so what the adaptors write matches what pulldown-cmark
//! writes around it (with SIMD where the CPU has it). Also the one renderer of a short run
//! of inline Markdown outside a page (a citation's prefix and suffix).

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

#[cfg(test)]
mod tests {
    use super::{escape, escape_text, inline_markdown};

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
