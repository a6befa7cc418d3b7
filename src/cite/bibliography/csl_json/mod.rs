//! Reads a CSL-JSON bibliography (as Zotero and Pandoc write it) into [`Bibliography`]: each
//! item becomes a hayagriva entry, mapped field by field (every CSL 1.0.2 type to the
//! hayagriva type styles render alike), and every problem is a diagnostic at its line: a
//! JSON syntax error, an item without `id` or of an unknown type is an error; a date read
//! only in part (or not at all) is a warning at its field and the item still loads. How a
//! date is read is `dates`'s job; this module places and words its warnings. Does not read
//! the file.

mod dates;

use std::path::Path;

use hayagriva::Library;
use serde_json::{Map, Value as Json};
use serde_yaml::{Mapping, Value};

use self::dates::{DateNote, DATE_FORMS};
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
    if let Some(issued) = dates::read(item, "issued", &mut notes) {
        put(&mut entry, "date", issued);
    }
    let accessed = dates::read(item, "accessed", &mut notes);
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
