//! HTML escaping: the one place that escapes what kintsugi writes into HTML itself (the
//! Markdown adaptors' markup, citations and reference entries, Tera's autoescape). Both
//! functions are pulldown-cmark's escaper, so what the adaptors write matches what
//! pulldown-cmark writes around it (with SIMD where the CPU has it).

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

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

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
