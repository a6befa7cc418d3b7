//! Reads a CSL-JSON bibliography (as Zotero and Pandoc write it) into [`Bibliography`]: each
//! item becomes a hayagriva entry, mapped field by field (every CSL 1.0.2 type to the
//! hayagriva type styles render alike), and every problem is a diagnostic at its line: a
//! JSON syntax error, an item without `id` or of an unknown type is an error; a date read
//! only in part (or not at all) is a warning and the item still loads. Does not read the
//! file.

use std::path::Path;

use hayagriva::Library;
use serde_json::{Map, Value as Json};
use serde_yaml::{Mapping, Value};

use super::Bibliography;
use crate::diagnostic::Diagnostic;

/// Where an item's `container-title` (and its volume and issue) go.
#[derive(Clone, Copy)]
enum Parent {
    /// Nowhere: the item has no container, its volume and issue are its own.
    None,
    /// Into a parent of this hayagriva type, when the item names a container.
    Container(&'static str),
    /// Into a parent of this type, always: hayagriva tells the CSL type by the parent
    /// (a musical score is audio in a book, a figure is artwork in an article).
    Always(&'static str),
}

/// Every CSL 1.0.2 type, and the hayagriva type each becomes. hayagriva's CSL renderer
/// (`csl/taxonomy.rs`, `matches_entry_type`) decides which CSL type a hayagriva entry is
/// when a style asks `<if type="…">`; this table is its inverse. Where no hayagriva entry
/// ever matches the CSL type (pamphlet, performance, standard, hearing, regulation, treaty,
/// classic, map, …), the type is the one the bundled styles (APA, Chicago) group it with,
/// so a style renders it as citeproc does: a standard like a report, a hearing, regulation
/// or treaty like legislation, a performance like an event, a classic or pamphlet like a
/// book, a map like a graphic.
#[rustfmt::skip]
const TYPES: &[(&str, &str, Parent)] = &[
    ("article", "article", Parent::Container("periodical")),
    ("article-journal", "article", Parent::Container("periodical")),
    ("article-magazine", "article", Parent::Container("periodical")),
    ("article-newspaper", "article", Parent::Container("newspaper")),
    ("bill", "legislation", Parent::None),
    ("book", "book", Parent::None),
    ("broadcast", "video", Parent::None),
    ("chapter", "chapter", Parent::Container("anthology")),
    ("classic", "book", Parent::None),
    ("collection", "anthology", Parent::None),
    ("dataset", "repository", Parent::None),
    ("document", "misc", Parent::None),
    ("entry", "entry", Parent::Container("reference")),
    ("entry-dictionary", "entry", Parent::Container("reference")),
    ("entry-encyclopedia", "entry", Parent::Container("reference")),
    ("event", "exhibition", Parent::None),
    ("figure", "artwork", Parent::Always("article")),
    ("graphic", "artwork", Parent::None),
    ("hearing", "legislation", Parent::None),
    ("interview", "misc", Parent::None),
    ("legal_case", "case", Parent::None),
    ("legislation", "legislation", Parent::None),
    ("manuscript", "manuscript", Parent::None),
    ("map", "artwork", Parent::None),
    ("motion_picture", "video", Parent::None),
    ("musical_score", "audio", Parent::Always("book")),
    ("pamphlet", "book", Parent::None),
    ("paper-conference", "article", Parent::Container("proceedings")),
    ("patent", "patent", Parent::None),
    ("performance", "exhibition", Parent::None),
    ("periodical", "periodical", Parent::None),
    ("personal_communication", "misc", Parent::None),
    ("post", "post", Parent::Container("thread")),
    ("post-weblog", "article", Parent::Container("blog")),
    ("regulation", "legislation", Parent::None),
    ("report", "report", Parent::None),
    ("review", "article", Parent::Container("periodical")),
    ("review-book", "article", Parent::Container("periodical")),
    ("software", "repository", Parent::None),
    ("song", "audio", Parent::None),
    ("speech", "misc", Parent::None),
    ("standard", "report", Parent::None),
    ("thesis", "thesis", Parent::None),
    ("treaty", "legislation", Parent::None),
    ("webpage", "web", Parent::Container("web")),
    // Not CSL, but Better BibTeX writes it for Zotero's "video recording".
    ("video", "video", Parent::None),
];

impl Bibliography {
    /// Adds the items of `text`, the CSL-JSON file at `path`, after the entries already
    /// read (a key defined in another file is an error at both places). Every problem is a
    /// diagnostic in `diags`; the other items still load.
    pub fn add_csl_json(&mut self, path: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
        let items = match serde_json::from_str::<Json>(text) {
            Ok(Json::Array(items)) => items,
            Ok(_) => {
                diags.push(
                    Diagnostic::error(path, "expected a CSL-JSON array of references (`[{\"id\": …}, …]`)")
                        .at_offset(text, 0)
                        .with_hint("export the library as CSL JSON from Zotero, or write `[` … `]` around the items"),
                );
                return;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(path, format!("CSL-JSON syntax: {}", strip_position(&e))).at(
                        e.line(),
                        e.column().max(1),
                        text.lines().nth(e.line().saturating_sub(1)),
                    ),
                );
                return;
            }
        };
        let starts = item_starts(text);
        for (n, item) in items.iter().enumerate() {
            // The item's text: from its `{` to the next item's.
            let from = starts.get(n).copied().unwrap_or(0);
            let to = starts.get(n + 1).copied().unwrap_or(text.len());
            let Json::Object(item) = item else {
                diags.push(Diagnostic::error(
                    path,
                    format!("item {} of the CSL-JSON array is not an object", n + 1),
                ));
                continue;
            };
            let Some(key) = item.get("id").and_then(id_text) else {
                diags.push(
                    Diagnostic::error(path, format!("item {} has no `id`", n + 1))
                        .at_offset(text, from)
                        .with_hint("every reference needs an `id`: the key you cite it by"),
                );
                continue;
            };
            let offset = id_offset(text, &key, from).unwrap_or(from);
            let line = text[..offset].matches('\n').count() + 1;
            let entry = to_hayagriva(item).and_then(|(value, notes)| {
                for note in notes {
                    let at = field_offset(&text[from..to], note.field).map_or(offset, |i| from + i);
                    diags.push(
                        Diagnostic::warning(
                            path,
                            format!("reference `{key}`: `{}`: {}", note.field, note.message),
                        )
                        .at_offset(text, at)
                        .with_hint(DATE_FORMS),
                    );
                }
                let mut single = Mapping::new();
                single.insert(Value::String(key.clone()), value);
                serde_yaml::from_value::<Library>(Value::Mapping(single)).map_err(|e| e.to_string())
            });
            match entry {
                Ok(library) => {
                    for entry in library {
                        self.insert(entry, (path, text, offset, line), diags);
                    }
                }
                Err(message) => {
                    diags.push(
                        Diagnostic::error(path, format!("reference `{key}`: {message}"))
                            .at_offset(text, offset),
                    );
                    self.mark_unreadable(&key, path, line);
                }
            }
        }
    }
}

/// An item's `id`, which CSL-JSON allows to be a string or a number.
fn id_text(id: &Json) -> Option<String> {
    match id {
        Json::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Where the value of `"id": key` is in `text`, searching from `from`.
fn id_offset(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find("\"id\"") {
        let start = at + i;
        let rest = text[start + 4..].trim_start();
        if let Some(value) = rest.strip_prefix(':').map(str::trim_start) {
            let offset = text.len() - value.len();
            let quoted = format!("\"{key}\"");
            // A numeric id is written bare: `"id": 42`, not the start of `420`.
            let bare = value.strip_prefix(key).is_some_and(|rest| {
                key.parse::<f64>().is_ok()
                    && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            });
            if value.starts_with(&quoted) || bare {
                return Some(offset);
            }
        }
        at = start + 4;
    }
    None
}

/// Where each element of the top-level array starts in `text`, which has been parsed as
/// JSON already (so strings and brackets are balanced).
fn item_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expecting) = (0usize, false, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            starts.push(i);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

/// Where the key `"field"` is in `item` (one item's text), for a warning about its value.
fn field_offset(item: &str, field: &str) -> Option<usize> {
    let quoted = format!("\"{field}\"");
    let mut at = 0;
    while let Some(i) = item.get(at..)?.find(&quoted) {
        let end = at + i + quoted.len();
        if item[end..].trim_start().starts_with(':') {
            return Some(at + i);
        }
        at = end;
    }
    None
}

/// serde_json's message without its " at line L column C" (the diagnostic places it).
fn strip_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

/// A date problem kintsugi read past: the date field it is in and what was dropped.
#[derive(Debug, PartialEq)]
struct DateNote {
    field: &'static str,
    message: String,
}

/// One CSL-JSON item as a hayagriva YAML entry, with what its dates lost on the way.
fn to_hayagriva(item: &Map<String, Json>) -> Result<(Value, Vec<DateNote>), String> {
    let csl_type = item
        .get("type")
        .and_then(Json::as_str)
        .unwrap_or("document");
    let Some(&(_, kind, parent_kind)) = TYPES.iter().find(|(t, _, _)| *t == csl_type) else {
        let known: Vec<&str> = TYPES.iter().map(|(t, _, _)| *t).collect();
        return Err(format!(
            "unknown CSL type `{csl_type}`; kintsugi reads {}",
            known.join(", ")
        ));
    };
    let mut entry = Mapping::new();
    let mut parent = Mapping::new();
    let put = |m: &mut Mapping, k: &str, v: Value| {
        m.insert(Value::String(k.to_string()), v);
    };
    let text = |field: &str| -> Option<Value> {
        match item.get(field)? {
            Json::String(s) if !s.trim().is_empty() => Some(Value::String(s.clone())),
            Json::Number(n) => Some(Value::String(n.to_string())),
            _ => None,
        }
    };
    put(&mut entry, "type", Value::String(kind.into()));
    if let Some(title) = text("title") {
        put(&mut entry, "title", with_short(title, text("title-short")));
    }
    for (csl, field) in [("author", "author"), ("editor", "editor")] {
        if let Some(names) = item.get(csl) {
            let names = persons(names).map_err(|e| format!("`{csl}`: {e}"))?;
            // A chapter's editors edit the book it is in.
            let target = if kind == "chapter" && csl == "editor" {
                &mut parent
            } else {
                &mut entry
            };
            put(target, field, names);
        }
    }
    let mut notes = Vec::new();
    let mut read_date = |field: &'static str| {
        let read = date(item.get(field)?);
        if let Some(message) = read.dropped {
            notes.push(DateNote { field, message });
        }
        read.date
    };
    if let Some(issued) = read_date("issued") {
        put(&mut entry, "date", issued);
    }
    let accessed = read_date("accessed");
    if let Some(url) = text("URL") {
        let value = match accessed {
            Some(accessed) => {
                let mut m = Mapping::new();
                put(&mut m, "value", url);
                put(&mut m, "date", accessed);
                Value::Mapping(m)
            }
            None => url,
        };
        put(&mut entry, "url", value);
    }
    let mut serials = Mapping::new();
    for (csl, field) in [
        ("DOI", "doi"),
        ("ISBN", "isbn"),
        ("ISSN", "issn"),
        ("PMID", "pmid"),
        // A report's or a standard's number (`ISO 9001:2015`), CSL's `number`.
        ("number", "serial"),
    ] {
        if let Some(v) = text(csl) {
            put(&mut serials, field, v);
        }
    }
    if !serials.is_empty() {
        put(&mut entry, "serial-number", Value::Mapping(serials));
    }
    if let Some(page) = text("page") {
        put(&mut entry, "page-range", page);
    }
    for (csl, field) in [
        ("edition", "edition"),
        ("language", "language"),
        ("genre", "genre"),
    ] {
        if let Some(v) = text(csl) {
            put(&mut entry, field, v);
        }
    }
    let publisher = text("publisher").map(|name| {
        let mut m = Mapping::new();
        put(&mut m, "name", name);
        if let Some(place) = text("publisher-place") {
            put(&mut m, "location", place);
        }
        Value::Mapping(m)
    });
    // What belongs to the container when there is one: its title, and for periodicals the
    // volume and issue; a chapter's publisher is the book's.
    let container = text("container-title");
    let parent_kind = match parent_kind {
        Parent::Container(kind) if container.is_some() => Some(kind),
        Parent::Always(kind) => Some(kind),
        _ => None,
    };
    match parent_kind {
        Some(parent_kind) => {
            put(&mut parent, "type", Value::String(parent_kind.into()));
            if let Some(container) = container {
                put(
                    &mut parent,
                    "title",
                    with_short(container, text("container-title-short")),
                );
            }
            for field in ["volume", "issue"] {
                if let Some(v) = text(field) {
                    put(&mut parent, field, v);
                }
            }
            if let Some(publisher) = publisher {
                let target = if kind == "chapter" {
                    &mut parent
                } else {
                    &mut entry
                };
                put(target, "publisher", publisher);
            }
            put(&mut entry, "parent", Value::Mapping(parent));
        }
        None => {
            for field in ["volume", "issue"] {
                if let Some(v) = text(field) {
                    put(&mut entry, field, v);
                }
            }
            if let Some(publisher) = publisher {
                put(&mut entry, "publisher", publisher);
            }
        }
    }
    Ok((Value::Mapping(entry), notes))
}

/// A title with its short form, as hayagriva writes it (`{value, short}`).
fn with_short(title: Value, short: Option<Value>) -> Value {
    match short {
        Some(short) => {
            let mut m = Mapping::new();
            m.insert(Value::String("value".into()), title);
            m.insert(Value::String("short".into()), short);
            Value::Mapping(m)
        }
        None => title,
    }
}

/// CSL-JSON names (`family`/`given`/`literal`, with particles and suffix) as hayagriva
/// persons.
fn persons(names: &Json) -> Result<Value, String> {
    let Json::Array(names) = names else {
        return Err("expected a list of names".into());
    };
    names
        .iter()
        .map(|name| {
            let Json::Object(name) = name else {
                return Err("expected a name with `family` and `given`, or `literal`".into());
            };
            let part = |k: &str| name.get(k).and_then(Json::as_str).map(str::trim);
            let family = part("family").or(part("literal")).filter(|f| !f.is_empty());
            let Some(family) = family else {
                return Err("a name has neither `family` nor `literal`".into());
            };
            let mut m = Mapping::new();
            m.insert(Value::String("name".into()), Value::String(family.into()));
            if let Some(given) = part("given").filter(|g| !g.is_empty()) {
                m.insert(
                    Value::String("given-name".into()),
                    Value::String(given.into()),
                );
            }
            let particle = part("non-dropping-particle").or(part("dropping-particle"));
            if let Some(prefix) = particle.filter(|p| !p.is_empty()) {
                m.insert(Value::String("prefix".into()), Value::String(prefix.into()));
            }
            if let Some(suffix) = part("suffix").filter(|s| !s.is_empty()) {
                m.insert(Value::String("suffix".into()), Value::String(suffix.into()));
            }
            Ok(Value::Mapping(m))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Sequence)
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
const DATE_FORMS: &str = "kintsugi reads `date-parts` (`[[2020, 5, 1]]`), and `raw` or `literal` dates written YYYY, YYYY-MM or YYYY-MM-DD";

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

    fn load(text: &str) -> (Bibliography, Vec<String>) {
        let mut bib = Bibliography::default();
        let mut diags = Vec::new();
        bib.add_csl_json(Path::new("content/references.json"), text, &mut diags);
        (bib, diags.iter().map(|d| d.to_string()).collect())
    }

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

    #[test]
    fn every_csl_type_is_read() {
        // Regression: `pamphlet`, `musical_score`, `performance`, `standard` and `video`
        // made their entries unreadable.
        let standard = [
            "article",
            "article-journal",
            "article-magazine",
            "article-newspaper",
            "bill",
            "book",
            "broadcast",
            "chapter",
            "classic",
            "collection",
            "dataset",
            "document",
            "entry",
            "entry-dictionary",
            "entry-encyclopedia",
            "event",
            "figure",
            "graphic",
            "hearing",
            "interview",
            "legal_case",
            "legislation",
            "manuscript",
            "map",
            "motion_picture",
            "musical_score",
            "pamphlet",
            "paper-conference",
            "patent",
            "performance",
            "periodical",
            "personal_communication",
            "post",
            "post-weblog",
            "regulation",
            "report",
            "review",
            "review-book",
            "software",
            "song",
            "speech",
            "standard",
            "thesis",
            "treaty",
            "webpage",
            "video",
        ];
        let items: Vec<Json> = standard
            .iter()
            .map(|t| {
                json!({"id": t, "type": t, "title": "T", "container-title": "C",
                       "author": [{"family": "Doe"}], "issued": {"date-parts": [[2020]]}})
            })
            .collect();
        let (bib, diags) = load(&Json::Array(items).to_string());
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(bib.len(), standard.len());
    }

    #[test]
    fn names_literal_particles_and_suffixes() {
        let names = persons(&json!([
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
            {"literal": "World Health Organization"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
        ]))
        .unwrap();
        let yaml = serde_yaml::to_string(&names).unwrap();
        assert!(
            yaml.contains("name: Beethoven") && yaml.contains("prefix: van"),
            "{yaml}"
        );
        assert!(yaml.contains("name: World Health Organization"), "{yaml}");
        assert!(yaml.contains("suffix: Jr."), "{yaml}");
        assert!(persons(&json!([{"given": "Only"}])).is_err());
    }

    #[test]
    fn every_problem_is_at_its_line_and_the_other_items_load() {
        let text = "[\n  {\"id\": \"good\", \"type\": \"book\", \"title\": \"Fine\"},\n  {\"id\": \"odd\", \"type\": \"hologram\", \"title\": \"Odd\"},\n  {\"type\": \"book\", \"title\": \"No id\"},\n  {\"id\": 42, \"type\": \"book\", \"issued\": {\"raw\": \"someday\"}}\n]\n";
        let (bib, diags) = load(text);
        assert!(bib.contains("good"));
        assert_eq!(diags.len(), 3, "{diags:#?}");
        assert!(
            diags[0].starts_with(
                "content/references.json:3:10: error: reference `odd`: unknown CSL type `hologram`"
            ),
            "{}",
            diags[0]
        );
        assert!(
            diags[1].starts_with("content/references.json:4:3: error: item 3 has no `id`"),
            "{}",
            diags[1]
        );
        // An unreadable date is a warning at its field; the item still loads.
        assert!(
            diags[2].starts_with(
                "content/references.json:5:30: warning: reference `42`: `issued`: `raw` date `someday` is not a date"
            ),
            "{}",
            diags[2]
        );
        assert!(bib.contains("42"));
        assert_eq!(bib.unreadable("odd").map(|(_, line)| line), Some(3));
    }

    #[test]
    fn a_numeric_id_is_found_whole() {
        // The first item holds another `"id": 420` (in a field kintsugi does not read):
        // the second item's `42` must not be taken for it.
        let text = "[\n  {\"id\": \"x\", \"type\": \"book\", \"custom\": {\"id\": 420}},\n  {\"id\": 42, \"type\": \"hologram\"}\n]\n";
        let (bib, diags) = load(text);
        assert!(bib.contains("x"));
        assert!(
            diags[0].starts_with("content/references.json:3:10: error: reference `42`"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn syntax_errors_are_at_their_line_and_column() {
        let (bib, diags) = load("[\n  {\"id\": \"a\",}\n]\n");
        assert!(bib.is_empty());
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].starts_with(
                "content/references.json:2:14: error: CSL-JSON syntax: trailing comma"
            ),
            "{}",
            diags[0]
        );
        let (_, diags) = load("{\"id\": \"a\"}");
        assert!(
            diags[0].contains("expected a CSL-JSON array"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn hostile_input_is_reported_never_a_panic() {
        let inputs = [
            "",
            "null",
            "[1, \"x\", null, [], {}]",
            "[{\"id\": {}}, {\"id\": \"\"}, {\"id\": true}]",
            "[{\"id\": \"a\", \"author\": \"not a list\"}]",
            "[{\"id\": \"b\", \"author\": [{\"given\": \"\"}, 7]}]",
            "[{\"id\": \"c\", \"issued\": {\"date-parts\": [[99999999999999999999]]}}]",
            "[{\"id\": \"d\", \"issued\": {\"date-parts\": [[-50, 0, 0]]}}]",
            "[{\"id\": \"e\", \"type\": 123, \"title\": [\"x\"]}]",
            "[{\"id\": \"f\", \"URL\": \"x\", \"accessed\": \"yesterday\"}]",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "[{\"id\": \"g\", \"title\": \"\u{0}\u{202e}<script>\"}]",
        ];
        for text in inputs {
            let (bib, diags) = load(text);
            // Every item that did not load says why, at a line of the file.
            for d in &diags {
                assert!(d.starts_with("content/references.json:"), "{d}");
            }
            assert!(bib.len() <= 1, "{text}");
        }
    }
}
