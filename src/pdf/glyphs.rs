//! Which characters the embedded fonts can show. A tagged PDF/UA-1 document may not
//! hold text no font has a glyph for (Typst refuses it), so the print edition's book
//! finds such text first: the build warns at its place, and the book prints a stand-in.

use std::sync::OnceLock;

use serde_json::Value as Json;
use typst::text::FontInfo;

/// The embedded fonts' character coverage, read once.
fn fonts() -> &'static [FontInfo] {
    static INFOS: OnceLock<Vec<FontInfo>> = OnceLock::new();
    INFOS.get_or_init(|| {
        (super::maker::FONT_FILES.iter())
            .flat_map(|data| FontInfo::iter(data))
            .collect()
    })
}

/// Whether some embedded font shows `c` (white space and invisible format characters
/// need no glyph). ASCII, most of any book's text, is answered without a lookup: Inter
/// has every printable ASCII character (the test below checks).
pub fn shown(c: char) -> bool {
    c.is_ascii()
        || c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
        || fonts().iter().any(|f| f.coverage.contains(c as u32))
}

/// The first character of `text` no embedded font shows, with its byte offset, and
/// up to five such characters, each once, for a message.
pub fn unshown(text: &str) -> Option<(usize, String)> {
    let (first, _) = text.char_indices().find(|(_, c)| !shown(*c))?;
    let mut seen = String::new();
    for c in text[first..].chars().filter(|c| !shown(*c)) {
        if !seen.contains(c) {
            seen.push(c);
            if seen.chars().count() == 5 {
                break;
            }
        }
    }
    Some((first, seen))
}

/// What the book prints in place of a character no font shows.
pub const STAND_IN: char = '?';

/// `text` with [`STAND_IN`] for each character no font shows.
fn replaced(text: &str) -> String {
    text.chars()
        .map(|c| if shown(c) { c } else { STAND_IN })
        .collect()
}

/// Replaces every character no font shows in the printed strings of `value` (the book's
/// data) with [`STAND_IN`]; the build has warned where each one is written. Labels,
/// addresses and image files are names, not text, and stay as they are (a link's address
/// gets a printable `shown-url` beside it); alt text is never drawn.
pub(super) fn stand_in(value: &mut Json) {
    match value {
        Json::String(s) if s.chars().any(|c| !shown(c)) => *s = replaced(s),
        Json::Array(items) => items.iter_mut().for_each(stand_in),
        Json::Object(fields) => {
            let url = fields.get("url").and_then(Json::as_str);
            if let Some(url) = url.filter(|u| u.chars().any(|c| !shown(c))) {
                let shown_url = replaced(url);
                fields.insert("shown-url".into(), shown_url.into());
            }
            for (key, field) in fields.iter_mut() {
                if !matches!(key.as_str(), "label" | "url" | "images" | "alt") {
                    stand_in(field);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_printable_ascii_character_has_a_glyph() {
        for c in ' '..='~' {
            assert!(
                fonts().iter().any(|f| f.coverage.contains(c as u32)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn latin_arabic_and_hebrew_are_shown_han_is_not() {
        assert!(unshown("Trust, Vertrauen, ثقة, אמון, доверие").is_none());
        assert_eq!(unshown("ab 信頼 信x"), Some((3, "信頼".to_string())));
        let mut data = serde_json::json!({
            "t": "a信b",
            "c": [{"k": "link", "label": "x-信", "url": "https://信.org", "c": ["頼"]}]
        });
        stand_in(&mut data);
        assert_eq!(
            data,
            serde_json::json!({
                "t": "a?b",
                "c": [{
                    "k": "link", "label": "x-信", "url": "https://信.org",
                    "shown-url": "https://?.org", "c": ["?"]
                }]
            })
        );
    }
}
