//! Excerpts: a diagnostic's source line as a terminal shows it. Owns the cells each
//! character takes and, for lines with right-to-left text, where a terminal that does bidi
//! draws each character, so the underline handed to annotate-snippets sits under it.

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::ParagraphBidiInfo;

/// Left-to-right mark: put first on a line, it makes a terminal that does bidi lay the
/// line out left to right, as the gutter and the caret line under it are.
const LRM: char = '\u{200E}';

/// A source line as it is handed to annotate-snippets, and the bytes of it to underline.
pub(super) struct Excerpt<'a> {
    pub(super) text: Cow<'a, str>,
    pub(super) underline: Option<Range<usize>>,
    /// The line holds right-to-left text, and starts with a left-to-right mark.
    pub(super) bidi: bool,
}

impl<'a> Excerpt<'a> {
    /// `col` and `len` count characters of `line`, in the order they are stored.
    ///
    /// annotate-snippets puts the underline as many terminal cells from the gutter as the
    /// characters before it take, in stored order. That is where a terminal shows them
    /// unless the line holds right-to-left text (Arabic, Hebrew): a terminal that does bidi
    /// shows such a run reversed, and takes a line whose first strong character is
    /// right-to-left for a right-to-left line, moving everything. So a line with RTL text
    /// starts with a left-to-right mark, and the underline goes under the cells where the
    /// reordered line shows the offending characters (their visual columns, by the Unicode
    /// bidi algorithm), handed to the crate as the stored bytes that span those cells.
    /// A terminal without bidi shows the RTL run in stored order, under which the caret
    /// is then off; bidi-aware ones (and browsers) are the ones that show Arabic readably.
    pub(super) fn new(line: &'a str, col: usize, len: usize) -> Excerpt<'a> {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let underline = (col > 0).then(|| {
            // Just past the end (what is missing there, or an undecodable byte) is a
            // place too: the crate draws a caret after the last character.
            let first = (col - 1).min(chars.len());
            first..(first + len.max(1)).min(chars.len())
        });
        let bidi = ParagraphBidiInfo::new(line, Some(unicode_bidi::Level::ltr()));
        if !bidi.has_rtl() {
            let underline = underline.map(|r| byte_range(&chars, line.len(), r));
            return Excerpt {
                text: Cow::Borrowed(line),
                underline,
                bidi: false,
            };
        }
        let underline = underline.map(|r| {
            if r.is_empty() {
                let end = LRM.len_utf8() + line.len();
                return end..end;
            }
            let levels = bidi.reordered_levels_per_char(0..line.len());
            let visual = ParagraphBidiInfo::reorder_visual(&levels);
            // The cell where each character (by stored index) is shown.
            let mut shown_at = vec![0; chars.len()];
            let mut cell = 0;
            for &logical in &visual {
                shown_at[logical] = cell;
                cell += cells(chars[logical].1);
            }
            let from = r.clone().map(|i| shown_at[i]).min().unwrap_or(0);
            let to = r
                .map(|i| shown_at[i] + cells(chars[i].1))
                .max()
                .unwrap_or(from);
            // The stored characters that occupy those cells when drawn in stored order.
            let mut start = chars.len();
            let mut end = chars.len();
            let mut cell = 0;
            for (i, (_, c)) in chars.iter().enumerate() {
                if start == chars.len() && cell + cells(*c) > from {
                    start = i;
                }
                if cell >= to {
                    end = i;
                    break;
                }
                cell += cells(*c);
            }
            let shifted = byte_range(&chars, line.len(), start..end.max(start));
            shifted.start + LRM.len_utf8()..shifted.end + LRM.len_utf8()
        });
        Excerpt {
            text: Cow::Owned(format!("{LRM}{line}")),
            underline,
            bidi: true,
        }
    }
}

/// The bytes of the characters `chars[range]`; an empty range stays empty.
fn byte_range(chars: &[(usize, char)], len: usize, range: Range<usize>) -> Range<usize> {
    let at = |i: usize| chars.get(i).map_or(len, |(b, _)| *b);
    at(range.start)..at(range.end)
}

/// Terminal cells of a character as annotate-snippets counts them (a tab is drawn as four
/// spaces, a control character as one visible symbol).
fn cells(c: char) -> usize {
    match c {
        '\t' => 4,
        c if c.is_control() => 1,
        c => unicode_width::UnicodeWidthChar::width(c).unwrap_or(1),
    }
}
