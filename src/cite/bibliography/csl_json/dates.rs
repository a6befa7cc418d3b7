//! Reads CSL-JSON dates (`issued`, `accessed`) into hayagriva dates: `date-parts`, `raw`
//! and `literal` forms, ranges, seasons, BCE years and `circa`, keeping a year whenever one
//! is written and noting what had to be dropped, for a warning. Does not place or word the
//! warning (the reader in `csl_json` does), nor read any other field.

use serde_json::{Map, Value as Json};
use serde_yaml::{Mapping, Value};

/// A date problem kintsugi read past: the date field it is in and what was dropped.
#[derive(Debug, PartialEq)]
pub(super) struct DateNote {
    pub(super) field: &'static str,
    pub(super) message: String,
}

/// The date in `item`'s `field` as hayagriva holds it, if one can be read; what was
/// dropped on the way is added to `notes`.
pub(super) fn read(
    item: &Map<String, Json>,
    field: &'static str,
    notes: &mut Vec<DateNote>,
) -> Option<Value> {
    let read = date(item.get(field)?);
    if let Some(message) = read.dropped {
        notes.push(DateNote { field, message });
    }
    read.date
}

/// A CSL-JSON date as far as hayagriva can hold it, and what could not be kept.
#[derive(Debug, PartialEq)]
struct DateRead {
    /// hayagriva's date (`{year, month, day, approximate}`, months and days
    /// counted from 0), or nothing when not even a year could be read.
    date: Option<Value>,
    /// What was dropped, for a warning; `None` when nothing was.
    dropped: Option<String>,
}

impl DateRead {
    fn lost(message: impl Into<String>) -> DateRead {
        DateRead {
            date: None,
            dropped: Some(message.into()),
        }
    }
}

/// How each date form is read, for the warnings' hint.
pub(super) const DATE_FORMS: &str = "kintsugi reads `date-parts` (`[[2020, 5, 1]]`), and `raw` or `literal` dates written YYYY, YYYY-MM or YYYY-MM-DD";

/// A CSL-JSON date: `date-parts`, or a `raw`/`literal` text, with `circa`.
/// Never fails: what cannot be read is dropped and said in [`DateRead::dropped`], and a
/// year is kept whenever one is written, never guessed.
///
/// - A range (`[[2017], [2018]]`, `2017/2018`) keeps its start: hayagriva's `Date` holds
///   one date and its CSL renderer draws no ranges.
/// - Months 13–16 (citeproc-js) and 21–24 (EDTF, newer CSL) are spring to winter: the year
///   is kept and the season dropped, as is a `season` field. hayagriva 0.10 does hold
///   seasons, but prints one even where a style asks for the year alone (APA's
///   `date-parts="year"` gives "Spring/2017"), which is worse than no season.
/// - A negative year is BCE: CSL's `-334` is 334 BC, which hayagriva (counting 1 BC as
///   year 0) holds as -333.
/// - A `raw` or `literal` text that is not a date (`Spring 2019`, `circa 1900`) keeps its
///   first four-digit year; hayagriva has no literal dates to print it whole.
fn date(value: &Json) -> DateRead {
    let Json::Object(date) = value else {
        return DateRead::lost(format!(
            "expected a date object with `date-parts`, found `{value}`; the date is left out"
        ));
    };
    let circa = match date.get("circa") {
        Some(Json::Bool(b)) => *b,
        Some(Json::Number(n)) => n.as_f64() != Some(0.0),
        Some(Json::String(s)) => !s.trim().is_empty(),
        _ => false,
    };
    if let Some(ranges) = date.get("date-parts") {
        let start = match ranges {
            Json::Array(ranges) => ranges.first(),
            _ => None,
        };
        let Some(Json::Array(parts)) = start else {
            return DateRead::lost("`date-parts` holds no date; the date is left out");
        };
        let numbers: Vec<Option<i64>> = parts.iter().map(number).collect();
        return from_parts(
            &numbers,
            circa,
            &format!("`date-parts` {}", Json::Array(parts.clone())),
        );
    }
    for field in ["raw", "literal"] {
        if let Some(raw) = date.get(field).and_then(Json::as_str) {
            return from_text(field, raw, circa);
        }
    }
    DateRead::lost("a date needs `date-parts` (e.g. `[[2020, 5, 1]]`); the date is left out")
}

/// A date part: CSL-JSON writes numbers, and Zotero sometimes strings of digits.
fn number(part: &Json) -> Option<i64> {
    match part {
        Json::Number(n) => n.as_i64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A date from its year, month and day numbers (`None` where one could not be read),
/// `what` naming them in messages.
fn from_parts(parts: &[Option<i64>], circa: bool, what: &str) -> DateRead {
    let year = match parts.first() {
        Some(Some(y)) => i32::try_from(if *y < 0 { y + 1 } else { *y }).ok(),
        _ => None,
    };
    let Some(year) = year else {
        return DateRead::lost(format!(
            "{what} has no year that can be read; the date is left out"
        ));
    };
    let put = |m: &mut Mapping, k: &str, v: i64| {
        m.insert(Value::String(k.into()), Value::Number(v.into()));
    };
    let mut m = Mapping::new();
    put(&mut m, "year", year.into());
    let mut dropped = None;
    match parts.get(1) {
        // A season: the year alone (see `date`).
        None | Some(Some(13..=16 | 21..=24)) => {}
        Some(Some(month @ 1..=12)) => {
            put(&mut m, "month", month - 1);
            match parts.get(2) {
                None => {}
                Some(Some(day @ 1..=31)) => put(&mut m, "day", day - 1),
                Some(_) => {
                    dropped = Some(format!(
                        "{what} has a day that is not 1–31; only the year and month are kept"
                    ))
                }
            }
        }
        Some(_) => {
            dropped = Some(format!(
                "{what} has a month that is neither 1–12 nor a season (13–16, 21–24); only the year is kept"
            ))
        }
    }
    if circa {
        m.insert(Value::String("approximate".into()), Value::Bool(true));
    }
    DateRead {
        date: Some(Value::Mapping(m)),
        dropped,
    }
}

/// A `raw` or `literal` date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a leading `-` for BCE, a
/// `~` for circa, `/…` for the end of a range, which is dropped); else its first
/// four-digit year, with a warning.
fn from_text(field: &str, raw: &str, circa: bool) -> DateRead {
    let text = raw.trim();
    let (start, tilde) = {
        let start = text.split('/').next().unwrap_or_default().trim();
        match start.strip_suffix('~') {
            Some(start) => (start, true),
            None => (start, false),
        }
    };
    let (minus, unsigned) = match start.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, start),
    };
    let pieces: Vec<&str> = unsigned.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed =
        pieces.len() <= 3 && digits(pieces[0], 4) && pieces[1..].iter().all(|p| digits(p, 2));
    let what = format!("`{field}` date `{text}`");
    if well_formed {
        let mut numbers: Vec<Option<i64>> = pieces.iter().map(|p| p.parse().ok()).collect();
        if minus {
            numbers[0] = numbers[0].map(|y| -y);
        }
        return from_parts(&numbers, circa || tilde, &what);
    }
    let year = first_year(text);
    match year {
        Some(year) => DateRead {
            dropped: Some(format!("{what} is not a date kintsugi can read; only the year {year} is kept")),
            ..from_parts(&[Some(year)], circa, &what)
        },
        None => DateRead::lost(format!("{what} is not a date kintsugi can read, and holds no four-digit year; the date is left out")),
    }
}

/// The first run of exactly four ASCII digits in `text`, as a year (`circa 1900` is 1900;
/// `19XX` and `12345` hold none).
fn first_year(text: &str) -> Option<i64> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 4)
        .and_then(|run| run.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A date as hayagriva reads what [`date`] made of it, and whether something was
    /// dropped.
    fn d(v: Json) -> (Option<hayagriva::types::Date>, bool) {
        let read = date(&v);
        let date = read
            .date
            .map(|value| serde_yaml::from_value(value).expect("hayagriva reads the date"));
        (date, read.dropped.is_some())
    }

    fn ymd(year: i32, month: Option<u8>, day: Option<u8>) -> Option<hayagriva::types::Date> {
        Some(hayagriva::types::Date {
            year,
            month: month.map(|m| m - 1),
            day: day.map(|d| d - 1),
            approximate: false,
            season: None,
        })
    }

    #[test]
    fn dates_in_every_form_zotero_writes() {
        assert_eq!(
            d(json!({"date-parts": [[2011, 4, 12]]})),
            (ymd(2011, Some(4), Some(12)), false)
        );
        assert_eq!(
            d(json!({"date-parts": [["2008"]]})),
            (ymd(2008, None, None), false)
        );
        assert_eq!(
            d(json!({"date-parts": [[2020, 5]]})),
            (ymd(2020, Some(5), None), false)
        );
        assert_eq!(d(json!({"raw": "2017"})), (ymd(2017, None, None), false));
        assert_eq!(
            d(json!({"raw": "2017-03-09"})),
            (ymd(2017, Some(3), Some(9)), false)
        );
        let (circa, dropped) = d(json!({"circa": true, "date-parts": [["2011", 5]]}));
        assert!(circa.is_some_and(|c| c.approximate) && !dropped);
        assert_eq!(d(json!({"date-parts": []})), (None, true));
        assert_eq!(d(json!({"date-parts": [["soon"]]})), (None, true));
        assert_eq!(d(json!("2020")), (None, true));
        assert_eq!(d(json!({"season": 1})), (None, true));
    }

    #[test]
    fn a_range_keeps_its_start() {
        // Regression: `[[2017], [2018]]` was read as 2017 without a word; hayagriva has no
        // ranges, so that stays, and an open end (`[0]`) or a raw `/` range does the same.
        assert_eq!(
            d(json!({"date-parts": [[2017], [2018]]})),
            (ymd(2017, None, None), false)
        );
        assert_eq!(
            d(json!({"date-parts": [["2014", 12, 31], [0]]})),
            (ymd(2014, Some(12), Some(31)), false)
        );
        assert_eq!(
            d(json!({"raw": "2011-05-25/2012-06-26"})),
            (ymd(2011, Some(5), Some(25)), false)
        );
    }

    #[test]
    fn negative_years_are_bce() {
        // Regression: `[[-334]]` was "date format unknown" and the entry was lost.
        for v in [
            json!({"date-parts": [[-334]]}),
            json!({"date-parts": [["-334"]]}),
            json!({"raw": "-0334"}),
        ] {
            let (date, dropped) = d(v.clone());
            let date = date.unwrap_or_else(|| panic!("{v}"));
            assert_eq!(date.display_year(), "334 BCE", "{v}");
            assert!(!dropped, "{v}");
        }
        let (caesar, _) = d(json!({"date-parts": [["-44", 3, 15]]}));
        assert_eq!(caesar, ymd(-43, Some(3), Some(15)));
    }

    #[test]
    fn a_season_keeps_its_year() {
        // Regression: `[[2017, 13]]` was "not a year, month and day" and the entry was lost.
        for v in [
            json!({"date-parts": [[2017, 13]]}),
            json!({"date-parts": [["2017", 24]]}),
            json!({"date-parts": [[2017]], "season": 3}),
            json!({"raw": "2017-22"}),
        ] {
            assert_eq!(d(v.clone()), (ymd(2017, None, None), false), "{v}");
        }
        // A month that is neither keeps the year, a bad day the month, and both say so.
        assert_eq!(
            d(json!({"date-parts": [[2017, 17, 3]]})),
            (ymd(2017, None, None), true)
        );
        assert_eq!(
            d(json!({"date-parts": [[2017, 5, 40]]})),
            (ymd(2017, Some(5), None), true)
        );
    }

    #[test]
    fn a_date_that_is_not_one_keeps_its_year_and_says_so() {
        // Regression: `"raw": "Spring 2019"` made the whole entry unreadable.
        assert_eq!(
            d(json!({"raw": "Spring 2019"})),
            (ymd(2019, None, None), true)
        );
        assert_eq!(
            d(json!({"literal": "circa 1900"})),
            (ymd(1900, None, None), true)
        );
        assert_eq!(
            d(json!({"literal": "2017-14/2017-99 "})).0.map(|d| d.year),
            Some(2017)
        );
        // No year is ever made up: not from `19XX`, a century or five digits.
        for text in ["19XX", "13th cent", "12345", "someday", ""] {
            assert_eq!(d(json!({"raw": text})), (None, true), "{text}");
        }
    }
}
