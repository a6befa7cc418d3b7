//! Citation syntax as Pandoc writes it: the items of `[see @a, p. 3; -@b]`, narrative
//! `@key` in running text, and locators (`p. 45`, `chap. 2`). Pure string functions; where
//! they apply in a page, and the positions of errors, are the Markdown stage's business.

use std::ops::Range;

use hayagriva::citationberg::taxonomy::Locator;

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CiteItem {
    pub key: String,
    /// Text before the key, as in `see` of `[see @a]`; empty if none.
    pub prefix: String,
    /// The locator as written after the comma (`p. 45`, `pp. 3-5`, `chap. 2`); empty if none.
    pub locator: String,
    /// `-@key`: show the year only.
    pub suppress_author: bool,
    /// Text shown after the work (and its locator), as in `, and elsewhere` of
    /// `[@a, p. 3, and elsewhere]`: Pandoc's suffix, with the comma or space it is shown
    /// with; empty if none.
    pub suffix: String,
}

impl CiteItem {
    /// A plain citation of `key`: no prefix, locator or suffix.
    pub fn new(key: &str) -> CiteItem {
        CiteItem {
            key: key.to_string(),
            prefix: String::new(),
            locator: String::new(),
            suppress_author: false,
            suffix: String::new(),
        }
    }
}

/// A citation as written: `[see @a, p. 3; -@b]` (bracketed) or narrative `@a` in running text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cluster {
    pub items: Vec<CiteItem>,
    pub narrative: bool,
}

impl Cluster {
    /// A narrative citation `@key` in running text.
    pub fn narrative(key: &str) -> Cluster {
        Cluster {
            items: vec![CiteItem::new(key)],
            narrative: true,
        }
    }

    /// The citation as written in Markdown, shown in place of one that cannot be rendered.
    pub(super) fn as_written(&self) -> String {
        if self.narrative {
            return self.items.iter().map(|i| written_key(&i.key)).collect();
        }
        // The locator and suffix come back as one suffix, which reads the same.
        let items: Vec<String> = self
            .items
            .iter()
            .map(|i| {
                let mut s = String::new();
                if !i.prefix.is_empty() {
                    s.push_str(&i.prefix);
                    s.push(' ');
                }
                if i.suppress_author {
                    s.push('-');
                }
                s.push_str(&written_key(&i.key));
                if !i.locator.is_empty() {
                    s.push_str(", ");
                    s.push_str(&i.locator);
                }
                s.push_str(&i.suffix);
                s
            })
            .collect();
        format!("[{}]", items.join("; "))
    }
}

/// Parses the text between the brackets of `[...]`. Ok(None) when it is not a citation at all
/// (no `@key` in it, e.g. `[x]`, or an email like `[me@example.org]`), Err(message) when it is
/// a malformed citation (e.g. `[@]`, `[@a; b]`, `[@a, p. 3; see]`).
pub fn parse_bracketed(inner: &str) -> Result<Option<Cluster>, String> {
    // A citation has an `@` that starts a key (`@a`), or one with nothing after it (`[@]`,
    // `[@, p. 3]`, a key left out); `[a @ b]` and `[me@example.org]` are not citations.
    let starts_citation = |(i, c): (usize, char)| {
        c == '@'
            && is_marker(inner, i)
            && inner[i + 1..]
                .chars()
                .next()
                .is_none_or(|next| key_at(&inner[i + 1..]).is_some() || ",;{".contains(next))
    };
    if !inner.char_indices().any(starts_citation) {
        return Ok(None);
    }
    let items = split_items(inner)
        .into_iter()
        .map(|part| parse_item(part.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Cluster {
        items,
        narrative: false,
    }))
}

/// The items of a bracketed citation: its text split at each `;` outside a braced key
/// (`[@{Ladyman;ea}; @b]` is two items).
fn split_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut start, mut in_key) = (0, false);
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '@' if chars.peek().is_some_and(|&(_, next)| next == '{') => in_key = true,
            '}' if in_key => in_key = false,
            ';' if !in_key => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
}

/// Whether the `@` at byte `at` starts a citation inside brackets: at the start, after a
/// space, or after the `-` of suppress-author; not inside a word or an e-mail address.
fn is_marker(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '-')
}

fn parse_item(part: &str) -> Result<CiteItem, String> {
    if part.is_empty() {
        return Err("empty item in citation: remove the extra `;`".to_string());
    }
    let Some(at) = part
        .char_indices()
        .find(|&(i, c)| c == '@' && is_marker(part, i))
        .map(|(i, _)| i)
    else {
        return Err(format!(
            "`{part}` in a citation names no work: every part between `;` needs an `@key`, as in `[@a; see @b, p. 3]`"
        ));
    };
    let before = &part[..at];
    let suppress_author = before.ends_with('-');
    let prefix = before
        .strip_suffix('-')
        .unwrap_or(before)
        .trim()
        .to_string();
    let after = &part[at + 1..];
    let Some(KeyAt { key, len, .. }) = key_at(after) else {
        return Err(format!(
            "`@` without a citation key in `{part}`: write `@` followed by the key, as in `@johnson2008`"
        ));
    };
    let rest = &after[len..];
    if rest
        .char_indices()
        .any(|(i, c)| c == '@' && is_marker(rest, i))
    {
        return Err(format!(
            "two works in one citation item `{part}`: separate them with `;`, as in `[@a; @b]`"
        ));
    }
    let (locator, suffix) = split_suffix(rest);
    Ok(CiteItem {
        key,
        prefix,
        locator,
        suppress_author,
        suffix,
    })
}

/// What follows a key in a citation item, read as Pandoc reads it: an optional locator at
/// its start (`, p. 33`, ` pp. 3-5, 8`, `, {pp. iv, vi}`), then the rest, a suffix shown
/// after the work. Returns (locator, suffix). A suffix that is not a locator is shown with
/// the comma Pandoc adds (`[@a, and passim]`, `[@a and passim]`: `…, and passim`,
/// `… and passim`), so nothing written is lost.
fn split_suffix(rest: &str) -> (String, String) {
    let has_space = rest.starts_with(char::is_whitespace);
    let text = rest.trim();
    if text.is_empty() {
        return (String::new(), String::new());
    }
    let after_comma = text.strip_prefix(',').unwrap_or(text).trim_start();
    if let Some((locator, suffix)) = locator_at(after_comma) {
        return (locator, suffix.trim_end().to_string());
    }
    let suffix = if has_space {
        format!(" {text}")
    } else if text.starts_with(|c: char| c.is_ascii_punctuation()) {
        text.to_string()
    } else {
        format!(", {text}")
    };
    (String::new(), suffix)
}

/// The locator at the start of `text` and the text after it, as Pandoc's citeproc finds
/// it: `{label value}` in braces (any value), or an optional label (a bare value is a
/// page) and words that hold a digit (or are roman numerals after a label), joined by
/// punctuation or spaces (`33-35, 38`). None if `text` does not start with one.
fn locator_at(text: &str) -> Option<(String, &str)> {
    if let Some(inner) = text.strip_prefix('{') {
        let end = inner.find('}')?;
        let locator = inner[..end].trim();
        let (label, value) = match label_at(locator) {
            Some((label, _)) => (&locator[..label], locator[label..].trim()),
            None => ("", locator),
        };
        if value.is_empty() {
            return None;
        }
        let written = match label {
            "" => format!("p. {value}"),
            label => format!("{label} {value}"),
        };
        return Some((written, &inner[end + 1..]));
    }
    let (label_len, labelled) = match label_at(text) {
        Some((len, _)) => (len, true),
        None => (0, false),
    };
    let is_punct = |c: char| c.is_ascii_punctuation() && !"-:".contains(c);
    // Each value word, with the punctuation and space before it.
    let mut end = label_len;
    let mut words = 0;
    loop {
        let mut at = end;
        let rest = &text[at..];
        if words > 0 {
            if let Some(c) = rest.chars().next().filter(|&c| is_punct(c)) {
                at += c.len_utf8();
            }
        }
        at += text[at..].len() - text[at..].trim_start().len();
        let word_len = text[at..]
            .find(|c: char| c.is_whitespace() || is_punct(c))
            .unwrap_or(text.len() - at);
        let word = &text[at..at + word_len];
        // Roman numerals, alone or in a range (`vi-xi`).
        let roman = |w: &str| {
            w.split(['-', '–'])
                .all(|part| !part.is_empty() && part.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
        };
        let counts = word.chars().any(|c| c.is_ascii_digit()) || (labelled && roman(word));
        if word.is_empty() || !counts {
            break;
        }
        end = at + word_len;
        words += 1;
    }
    (words > 0).then(|| (text[..end].to_string(), &text[end..]))
}

/// A citation key found after an `@`.
struct KeyAt {
    key: String,
    /// Bytes taken from the text, braces included.
    len: usize,
    /// Written `@{key}`.
    braced: bool,
}

/// The citation key at the start of `s` (just after its `@`), if there is one: Pandoc's
/// plain form ([`key_len`]), or its braced form `{key}`, which takes any characters but
/// `{` and `}` (for keys that end in punctuation, such as `@{murray2006-}`).
fn key_at(s: &str) -> Option<KeyAt> {
    if let Some(inner) = s.strip_prefix('{') {
        let end = inner.find(['{', '}'])?;
        let key = inner[..end].trim();
        return (inner[end..].starts_with('}') && !key.is_empty()).then(|| KeyAt {
            key: key.to_string(),
            len: end + 2,
            braced: true,
        });
    }
    let len = key_len(s);
    (len > 0).then(|| KeyAt {
        key: s[..len].to_string(),
        len,
        braced: false,
    })
}

/// `@key` as Pandoc reads it back: braced when the plain form would not take the whole key.
pub fn written_key(key: &str) -> String {
    if key_len(key) == key.len() {
        format!("@{key}")
    } else {
        format!("@{{{key}}}")
    }
}

/// Length in bytes of the citation key at the start of `s` (0 if none). Pandoc's rule: a
/// key starts with a letter, digit or `_` and may contain internal punctuation
/// (`:.#$%&-+?<>~/`) only when followed by another key character, so trailing punctuation
/// (`@a.`, `@a,` `@a)`) is not part of the key.
fn key_len(s: &str) -> usize {
    let is_key_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_key_char(c) {
            end = i + c.len_utf8();
        } else if end > 0
            && ":.#$%&-+?<>~/".contains(c)
            && chars.peek().is_some_and(|&(_, next)| is_key_char(next))
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// A citation found in running text: `@key`, `@{key}`, or `-@key` (author suppressed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// Bytes of the citation in the text, `-` included.
    pub span: Range<usize>,
    pub key: String,
    /// Written `@{key}`.
    pub braced: bool,
    /// Written `-@key`.
    pub suppress_author: bool,
}

/// Finds citations in a run of plain text: narrative `@key` (or `@{key}`), and `-@key`,
/// which Pandoc reads as a citation without the author. Not in e-mail addresses or
/// mid-word (`a@b.org`, `x@y`, `a-@b`), and trailing punctuation (`.`, `,`, `:` `;` `)`...)
/// is not part of the key. `(@key` counts, as the start of a parenthetical remark.
pub fn find_narrative(text: &str) -> Vec<Narrative> {
    let opens = |b: char| b.is_whitespace() || "([{\"'“‘«".contains(b);
    text.char_indices()
        .filter(|&(_, c)| c == '@')
        .filter_map(|(i, _)| {
            let before = text[..i].chars().next_back();
            let suppress_author =
                before == Some('-') && text[..i - 1].chars().next_back().is_none_or(opens);
            if !suppress_author && !before.is_none_or(opens) {
                return None;
            }
            let KeyAt { key, len, braced } = key_at(&text[i + 1..])?;
            let start = i - usize::from(suppress_author);
            Some(Narrative {
                span: start..i + 1 + len,
                key,
                braced,
                suppress_author,
            })
        })
        .collect()
}

/// Where a braced key starts in running text (the byte of its `@`) but is not closed in
/// that text: `@{[NOTITLE]2017}`, whose brackets Markdown reads first, or a stray `@{`.
/// Such text must not reach a page as if it were not a citation.
pub fn unclosed_braced_keys(text: &str) -> Vec<usize> {
    let opens = |b: char| b.is_whitespace() || "([{-\"'“‘«".contains(b);
    text.match_indices("@{")
        .map(|(i, _)| i)
        .filter(|&i| text[..i].chars().next_back().is_none_or(opens))
        .filter(|&i| key_at(&text[i + 1..]).is_none())
        .collect()
}

/// The locator and suffix of a narrative citation written `@key [p. 4]` or
/// `@key [p. 4, and elsewhere]`: the text in the brackets, read as Pandoc reads it
/// (see [`split_suffix`]). None when it holds a citation or brackets of its own.
pub fn narrative_suffix(inner: &str) -> Option<(String, String)> {
    (!inner.contains(['@', '[', ']', ';']) && !inner.trim().is_empty())
        .then(|| split_suffix(&format!(", {}", inner.trim())))
}

/// Locator labels as Pandoc accepts them: every locator term of CSL's en-US locale, long
/// and short, singular and plural, and the symbols (`§`, `¶`), with a few common
/// spellings more (`p`, `ch.`, `eq.`).
#[rustfmt::skip]
const LOCATOR_LABELS: &[(Locator, &[&str])] = &[
    (Locator::Page, &["p.", "pp.", "p", "pp", "page", "pages"]),
    (Locator::Chapter, &["chap.", "chaps.", "ch.", "c.", "cc.", "chapter", "chapters"]),
    (Locator::Paragraph, &["para.", "paras.", "paragraph", "paragraphs", "¶", "¶¶"]),
    (Locator::Section, &["sec.", "secs.", "section", "sections", "§", "§§"]),
    (Locator::Figure, &["fig.", "figs.", "figure", "figures"]),
    (Locator::Table, &["tbl.", "tbls.", "table", "tables"]),
    (Locator::Volume, &["vol.", "vols.", "volume", "volumes"]),
    (Locator::Book, &["bk.", "bks.", "book", "books"]),
    (Locator::Part, &["pt.", "pts.", "part", "parts"]),
    (Locator::Column, &["col.", "cols.", "column", "columns"]),
    (Locator::Line, &["l.", "ll.", "line", "lines"]),
    (Locator::Note, &["n.", "nn.", "note", "notes"]),
    (Locator::Verse, &["v.", "vv.", "verse", "verses"]),
    (Locator::Appendix, &["app.", "apps.", "appendix", "appendices"]),
    (Locator::Equation, &["eq.", "eqq.", "equation", "equations"]),
    (Locator::Folio, &["fol.", "fols.", "folio", "folios"]),
    (Locator::Opus, &["op.", "opp.", "opus", "opera"]),
    (Locator::SubVerbo, &["s.v.", "s.vv.", "sub verbo", "sub verbis"]),
    (Locator::Issue, &["no.", "nos.", "issue", "issues", "number", "numbers"]),
    (Locator::Act, &["act", "acts"]),
    (Locator::ArticleLocator, &["art.", "arts.", "article", "articles"]),
    (Locator::Canon, &["can.", "cann.", "canon", "canons"]),
    (Locator::Elocation, &["loc.", "locs.", "location", "locations"]),
    (Locator::Rule, &["r.", "rr.", "rule", "rules"]),
    (Locator::Scene, &["sc.", "scs.", "scene", "scenes"]),
    (Locator::Supplement, &["supp.", "supps.", "supplement", "supplements"]),
    (Locator::TitleLocator, &["tit.", "titt.", "title", "titles"]),
];

/// The locator label at the start of `text` (the longest that fits, any case), followed
/// by a space or, after an abbreviation or a symbol, a digit: its length in bytes and kind.
fn label_at(text: &str) -> Option<(usize, Locator)> {
    LOCATOR_LABELS
        .iter()
        .flat_map(|&(kind, labels)| labels.iter().map(move |&label| (label, kind)))
        .filter(|(label, _)| {
            // Cheap first test: most labels start with another letter.
            let first = |s: &str| s.bytes().next().map(|b| b.to_ascii_lowercase());
            first(label) == first(text)
        })
        .filter_map(|(label, kind)| {
            let head = text.get(..label.len())?;
            let rest = &text[label.len()..];
            let separated = rest.starts_with(char::is_whitespace)
                || ((label.ends_with('.') || !label.is_ascii())
                    && rest.starts_with(|c: char| c.is_ascii_digit()));
            (head.eq_ignore_ascii_case(label) && separated).then_some((label.len(), kind))
        })
        .max_by_key(|&(len, _)| len)
}

/// Splits a locator found by [`locator_at`] (`pp. 3-5`, `45`) into its kind and value;
/// without a label it is a page. None if it has no value.
pub(super) fn parse_locator(text: &str) -> Option<(Locator, String)> {
    let (kind, value) = match label_at(text) {
        Some((len, kind)) => (kind, text[len..].trim()),
        None => (Locator::Page, text.trim()),
    };
    (!value.is_empty()).then(|| (kind, en_dash_ranges(value)))
}

/// `3-5` and `3--5` become `3–5` (ranges take an en dash in every style).
fn en_dash_ranges(value: &str) -> String {
    let chars: Vec<char> = value.replace("--", "-").chars().collect();
    let between = |i: usize| {
        i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
    };
    (0..chars.len())
        .map(|i| {
            if chars[i] == '-' && between(i) {
                '–'
            } else {
                chars[i]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_bracketed_valid() {
        let item = |key: &str, prefix: &str, locator: &str, suppress_author| CiteItem {
            prefix: prefix.into(),
            locator: locator.into(),
            suppress_author,
            ..CiteItem::new(key)
        };
        let cluster = |items| {
            Some(Cluster {
                items,
                narrative: false,
            })
        };
        assert_eq!(
            parse_bracketed("@a"),
            Ok(cluster(vec![item("a", "", "", false)]))
        );
        assert_eq!(
            parse_bracketed("see @a, p. 3; -@b"),
            Ok(cluster(vec![
                item("a", "see", "p. 3", false),
                item("b", "", "", true)
            ]))
        );
        assert_eq!(
            parse_bracketed(" e.g., @doe:2020.x , pp. 3-5 "),
            Ok(cluster(vec![item("doe:2020.x", "e.g.,", "pp. 3-5", false)]))
        );
        assert_eq!(
            parse_bracketed("-@johnson2008, chap. 2"),
            Ok(cluster(vec![item("johnson2008", "", "chap. 2", true)]))
        );
        assert_eq!(
            parse_bracketed("@a, para. 4;@b_c, 17"),
            Ok(cluster(vec![
                item("a", "", "para. 4", false),
                item("b_c", "", "17", false)
            ]))
        );
    }

    /// What follows a key, as Pandoc's citeproc splits it into a locator and a suffix.
    #[test]
    fn locators_and_suffixes_split_as_pandoc_does() {
        let cases = [
            ("@a, p. 33, and elsewhere", "p. 33", ", and elsewhere"),
            (
                "@a, pp. 33-35, 38 and passim",
                "pp. 33-35, 38",
                " and passim",
            ),
            ("@a p. 3", "p. 3", ""),
            ("@a 12", "12", ""),
            ("@a, 12.5", "12.5", ""),
            ("@a, pp. iv, vi", "pp. iv, vi", ""),
            ("@a, pp. iv, vi-xi and on", "pp. iv, vi-xi", " and on"),
            (
                "@a, {pp. iv, vi-xi, (xv)-(xvii)} with more",
                "pp. iv, vi-xi, (xv)-(xvii)",
                " with more",
            ),
            ("@a, {iv}", "p. iv", ""),
            ("@a, chap. 2", "chap. 2", ""),
            ("@a and passim", "", " and passim"),
            ("@a, and passim", "", ", and passim"),
            ("@a, chapter two", "", ", chapter two"),
            ("@a, somewhere", "", ", somewhere"),
            ("@a, p.", "", ", p."),
            ("@a,", "", ","),
            ("@a: 4", "", ": 4"),
            ("@a, iv", "", ", iv"),
        ];
        for (inner, locator, suffix) in cases {
            let cluster = parse_bracketed(inner).unwrap().unwrap();
            let item = &cluster.items[0];
            assert_eq!(
                (item.locator.as_str(), item.suffix.as_str()),
                (locator, suffix),
                "{inner}"
            );
            assert!(parse_locator(locator).is_some() || locator.is_empty());
        }
    }

    #[test]
    fn parse_bracketed_not_a_citation() {
        for inner in [
            "x",
            "",
            "me@example.org",
            "write to me@example.org",
            "a @ b",
            "@ home",
        ] {
            assert_eq!(parse_bracketed(inner), Ok(None), "{inner}");
        }
    }

    #[test]
    fn parse_bracketed_invalid() {
        let cases = [
            ("@", "`@` without a citation key in `@`: write `@` followed by the key, as in `@johnson2008`"),
            ("@a; b", "`b` in a citation names no work: every part between `;` needs an `@key`, as in `[@a; see @b, p. 3]`"),
            ("@a, p. 3; see", "`see` in a citation names no work: every part between `;` needs an `@key`, as in `[@a; see @b, p. 3]`"),
            ("@a;", "empty item in citation: remove the extra `;`"),
            ("@a @b", "two works in one citation item `@a @b`: separate them with `;`, as in `[@a; @b]`"),
        ];
        for (inner, message) in cases {
            assert_eq!(parse_bracketed(inner), Err(message.to_string()), "{inner}");
        }
    }

    #[test]
    fn locators_have_their_kind() {
        let cases = [
            ("p. 45", Locator::Page, "45"),
            ("pp. 3-5", Locator::Page, "3–5"),
            ("pp. 3--5", Locator::Page, "3–5"),
            ("45", Locator::Page, "45"),
            ("page 7", Locator::Page, "7"),
            ("chap. 2", Locator::Chapter, "2"),
            ("chapter 2", Locator::Chapter, "2"),
            ("para. 4", Locator::Paragraph, "4"),
            ("¶4", Locator::Paragraph, "4"),
            ("sec. 1.2", Locator::Section, "1.2"),
            ("§ 3", Locator::Section, "3"),
            ("fig. 2", Locator::Figure, "2"),
            ("vol. 3", Locator::Volume, "3"),
            ("line 7", Locator::Line, "7"),
            ("P. 9", Locator::Page, "9"),
            ("no. 4", Locator::Issue, "4"),
            ("art. 12", Locator::ArticleLocator, "12"),
            ("sc. 3", Locator::Scene, "3"),
            ("supp. 2", Locator::Supplement, "2"),
            ("s.v. 5", Locator::SubVerbo, "5"),
            ("canons 3-4", Locator::Canon, "3–4"),
        ];
        for (text, kind, value) in cases {
            assert_eq!(
                parse_locator(text),
                Some((kind, value.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn find_narrative_cases() {
        let keys = |text: &str| -> Vec<(Range<usize>, String)> {
            (find_narrative(text).into_iter())
                .map(|n| (n.span, n.key))
                .collect()
        };
        assert_eq!(
            keys("As @kross2011 found."),
            [(3..13, "kross2011".to_string())]
        );
        assert_eq!(
            keys("(@kross2011) and @field2017, @a: @b; @c."),
            [
                (1..11, "kross2011".to_string()),
                (17..27, "field2017".to_string()),
                (29..31, "a".to_string()),
                (33..35, "b".to_string()),
                (37..39, "c".to_string()),
            ]
        );
        assert_eq!(
            keys("@johnson2008's book"),
            [(0..12, "johnson2008".to_string())]
        );
        assert_eq!(keys("see @doe:2020."), [(4..13, "doe:2020".to_string())]);
        for text in [
            "mail a@b.org",
            "x@y",
            "é@x",
            "an @ sign",
            "@.",
            "me@example.org.",
            "(a@b)",
            "a-@b",
            "--@b",
        ] {
            assert_eq!(keys(text), [], "{text}");
        }
        let suppressed = find_narrative("as shown (-@kross2011) and -@field2017.");
        let found: Vec<_> = (suppressed.iter())
            .map(|n| (n.span.clone(), n.key.as_str(), n.suppress_author))
            .collect();
        assert_eq!(
            found,
            [(10..21, "kross2011", true), (27..38, "field2017", true)]
        );
    }

    #[test]
    fn odd_citations_do_not_panic() {
        for text in [
            "",
            "@",
            "@@",
            "-@",
            "@-a",
            "é@ü",
            "@a,",
            ",,,",
            "@a, pp.",
            "@a;;@b",
            "@a, ¶",
            "[@a]",
            "@a, p. 3-",
            "--@a",
            "@ab\u{301}c",
        ] {
            let _ = parse_bracketed(text);
            let _ = find_narrative(text);
        }
    }

    #[test]
    fn unclosed_braced_keys_are_found() {
        assert_eq!(unclosed_braced_keys("see @{"), [4]);
        assert_eq!(unclosed_braced_keys("@{a b and more"), [0]);
        assert_eq!(unclosed_braced_keys("@{a} and x@{b"), Vec::<usize>::new());
        assert_eq!(unclosed_braced_keys("(@{}"), [1]);
    }

    #[test]
    fn braced_keys_take_any_characters_but_braces() {
        let found: Vec<_> = (find_narrative("As @{murray2006-} says, and @{a b}.").into_iter())
            .map(|n| (n.span, n.key, n.braced))
            .collect();
        assert_eq!(
            found,
            [
                (3..17, "murray2006-".to_string(), true),
                (28..34, "a b".to_string(), true),
            ]
        );
        assert_eq!(find_narrative("@{} and @{open"), []);
        let cluster = parse_bracketed("see @{murray2006-}, p. 4; -@{x.}")
            .unwrap()
            .unwrap();
        let keys: Vec<(&str, &str, bool)> = (cluster.items.iter())
            .map(|i| (i.key.as_str(), i.locator.as_str(), i.suppress_author))
            .collect();
        assert_eq!(keys, [("murray2006-", "p. 4", false), ("x.", "", true)]);
        assert_eq!(cluster.as_written(), "[see @{murray2006-}, p. 4; -@{x.}]");
        assert!(parse_bracketed("@{}").is_err());
        // A `;` inside braces belongs to the key.
        let cluster = parse_bracketed("@{Ladyman;ea}, p. 4; @b").unwrap().unwrap();
        let keys: Vec<(&str, &str)> = (cluster.items.iter())
            .map(|i| (i.key.as_str(), i.locator.as_str()))
            .collect();
        assert_eq!(keys, [("Ladyman;ea", "p. 4"), ("b", "")]);
    }

    #[test]
    fn a_narrative_citation_takes_a_locator_and_suffix_in_brackets() {
        let split = |inner: &str| narrative_suffix(inner);
        let pair = |l: &str, s: &str| Some((l.to_string(), s.to_string()));
        assert_eq!(split(" p. 4 "), pair("p. 4", ""));
        assert_eq!(split("chap. 2"), pair("chap. 2", ""));
        assert_eq!(split("45"), pair("45", ""));
        assert_eq!(
            split("p. 4, and elsewhere"),
            pair("p. 4", ", and elsewhere")
        );
        assert_eq!(split("see chap. 2"), pair("", ", see chap. 2"));
        assert_eq!(split("@a"), None);
        assert_eq!(split("p. 4; p. 5"), None);
        assert_eq!(split(""), None);
    }
}
