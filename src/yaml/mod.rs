//! Typed YAML with errors for people: parses a YAML mapping (settings or front matter) into
//! a `#[serde(deny_unknown_fields)]` struct and turns every problem into a [`Diagnostic`]
//! at the right file, line and column. Owns nothing about what the keys mean.

mod explain;

use crate::diagnostic::{Diagnostic, Position};
use serde::de::{self, DeserializeOwned, Visitor};
use serde::Serialize;
use std::path::Path;

/// Where a YAML document sits inside its file, so positions can be reported in file terms.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    /// The whole file's text.
    pub file: &'a str,
    /// Byte offset of the YAML document in `file`.
    pub start: usize,
    /// Byte length of the YAML document.
    pub len: usize,
}

impl<'a> Source<'a> {
    pub fn whole(path: &'a Path, file: &'a str) -> Self {
        Source {
            path,
            file,
            start: 0,
            len: file.len(),
        }
    }

    fn text(&self) -> &'a str {
        &self.file[self.start..self.start + self.len]
    }

    fn error_at(&self, offset_in_doc: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at_offset(self.file, self.start + offset_in_doc)
    }

    /// The 1-based line in the file of a byte offset in the document.
    fn file_line(&self, offset_in_doc: usize) -> usize {
        Position::of(self.file, self.start + offset_in_doc).line
    }

    /// Byte offset (in the document) of the top-level line `key:`, if any.
    pub fn key_offset(&self, key: &str) -> Option<usize> {
        let mut offset = 0;
        let quoted = |line: &'a str, quote: char| {
            line.strip_prefix(quote)?
                .strip_prefix(key)?
                .strip_prefix(quote)
        };
        for line in self.text().split_inclusive('\n') {
            let unquoted = (line.strip_prefix(key))
                .or_else(|| quoted(line, '"'))
                .or_else(|| quoted(line, '\''));
            if let Some(rest) = unquoted {
                if rest.trim_start_matches([' ', '\t']).starts_with(':') {
                    return Some(offset);
                }
            }
            offset += line.len();
        }
        None
    }
}

/// Parses `src` into `T`. Every unknown key of the mapping is reported (serde stops at
/// the first), each with a "did you mean" hint and the accepted keys, which are `T`'s own
/// fields ([`field_names`]), so they cannot drift from the struct.
///
/// `T` must be `#[serde(deny_unknown_fields)]`: text that parses straight into `T` is
/// taken as it is (the common case, and the fast one), and only text that does not is
/// looked at key by key for the diagnostics.
pub fn parse<T: DeserializeOwned>(src: Source<'_>) -> Result<T, Vec<Diagnostic>> {
    let text = src.text();
    let empty = text.trim().is_empty();
    // Kept for later: when every key is known, serde's own error (it carries a position)
    // is the one to report.
    let serde_error = match serde_yaml::from_str::<T>(if empty { "{}" } else { text }) {
        Ok(parsed) => return Ok(parsed),
        Err(e) => e,
    };
    let known = field_names::<T>();
    // Mistakes the parser accepts or reports far from their place come first: they
    // explain the errors it would give.
    let mistakes = explain::lint(src, known);
    if !mistakes.is_empty() {
        return Err(mistakes);
    }
    let value: serde_yaml::Value = if empty {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        serde_yaml::from_str(text).map_err(|e| vec![from_serde(src, &e)])?
    };
    let Some(map) = value.as_mapping() else {
        return Err(vec![src
            .error_at(0, "expected a mapping of `key: value` lines")
            .with_hint(format!("accepted keys: {}", known.join(", ")))]);
    };
    let mut errors = Vec::new();
    for key in map.keys() {
        let name = match key {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if known.contains(&name.as_str()) {
            continue;
        }
        let offset = src.key_offset(&name).unwrap_or(0);
        errors.push(
            src.error_at(offset, format!("unknown key `{name}`"))
                .with_hint(unknown_key_hint(&name, known)),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The keys are all known, so the text itself is wrong for `T`.
    Err(vec![from_serde(src, &serde_error)])
}

/// [`parse`], and when `src` has errors, what could be read of it anyway: `T::default()`
/// with every known key whose value is right on its own put in (nothing when the text is
/// not even YAML). So a file whose settings are partly wrong can still have the rest of it
/// checked in the same run; its errors fail the build, so what was read is never used to
/// publish anything.
pub fn parse_salvaging<T: DeserializeOwned + Serialize + Default>(
    src: Source<'_>,
) -> (T, Vec<Diagnostic>) {
    match parse::<T>(src) {
        Ok(parsed) => (parsed, Vec::new()),
        Err(errors) => (salvage(src.text()).unwrap_or_default(), errors),
    }
}

fn salvage<T: DeserializeOwned + Serialize + Default>(text: &str) -> Option<T> {
    use serde_yaml::Value;
    let Ok(Value::Mapping(written)) = serde_yaml::from_str::<Value>(text) else {
        return None;
    };
    let Ok(Value::Mapping(mut kept)) = serde_yaml::to_value(T::default()) else {
        return None;
    };
    for (key, value) in written {
        let Some(old) = kept.get(&key).cloned() else {
            continue; // an unknown key
        };
        kept.insert(key.clone(), value);
        if serde_yaml::from_value::<T>(Value::Mapping(kept.clone())).is_err() {
            kept.insert(key, old);
        }
    }
    serde_yaml::from_value(Value::Mapping(kept)).ok()
}

fn unknown_key_hint(name: &str, known: &[&str]) -> String {
    match crate::suggest::closest(name, known.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? accepted keys: {}", known.join(", ")),
        None => format!("accepted keys: {}", known.join(", ")),
    }
}

/// A serde_yaml error as a diagnostic: its location, and its message without the
/// " at line L column C" tail that the location already says.
fn from_serde(src: Source<'_>, e: &serde_yaml::Error) -> Diagnostic {
    if let Some(plain) = explain::syntax(src, e) {
        return plain;
    }
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    // Say types in words, not Rust.
    for (rust, words) in [
        ("expected u32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list like [a, b]"),
    ] {
        message = message.replace(rust, words);
    }
    let hint = if message.contains("missing field") {
        Some("add it to the front matter or settings")
    } else if message.contains("invalid type") {
        Some("check the value's type: text, a number, true/false or a [list]")
    } else {
        None
    };
    let offset = e.location().map_or(0, |l| l.index());
    let d = src.error_at(offset, message);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The field names of a struct that derives `Deserialize`, in declaration order: serde's
/// derive hands them to `Deserializer::deserialize_struct`, and this deserializer only
/// records them. Empty for anything that is not a struct.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Fields(&'static [&'static str]);
    #[derive(Debug)]
    struct Done;
    impl std::fmt::Display for Done {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("field names recorded")
        }
    }
    impl std::error::Error for Done {}
    impl de::Error for Done {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Done
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Fields {
        type Error = Done;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
            Err(Done)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Done> {
            self.0 = fields;
            Err(Done)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields = Fields(&[]);
    let _ = T::deserialize(&mut fields);
    fields.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // only parsed, to see the errors
    struct T {
        title: String,
        #[serde(default)]
        step: Option<u32>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Default, Deserialize, Serialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Lenient {
        title: String,
        #[serde(default)]
        step: Option<u32>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn salvaging_keeps_what_is_right() {
        let lenient =
            |text: &str| parse_salvaging::<Lenient>(Source::whole(Path::new("x.yaml"), text));
        let (read, errors) = lenient("title: A\nstep: two\ntitel: B\ntags: [x]\n");
        assert_eq!(errors.len(), 1, "{errors:?}"); // the unknown key hides the wrong type
        assert_eq!(
            read,
            Lenient {
                title: "A".into(),
                step: None,
                tags: vec!["x".into()]
            }
        );
        let (read, errors) = lenient("title: [broken\n");
        assert_eq!((read, errors.len()), (Lenient::default(), 1));
        let (read, errors) = lenient("title: Fine\n");
        assert_eq!((read.title.as_str(), errors.len()), ("Fine", 0));
    }

    fn run(text: &str) -> Result<T, Vec<Diagnostic>> {
        parse(Source::whole(Path::new("x.yaml"), text))
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let errs = run("title: a\ntitel: b\nfoo: 1\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].col), (2, 1));
        assert_eq!(errs[0].message, "unknown key `titel`");
        assert!(errs[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `title`?"));
        assert_eq!(errs[1].line, 3);
    }

    #[test]
    fn accepted_keys_are_the_struct_fields_in_order() {
        assert_eq!(field_names::<T>(), ["title", "step", "tags"]);
        assert!(field_names::<String>().is_empty());
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let errs = run("title: a\nstep: two\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
        assert!(
            errs[0].message.contains("invalid type"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn positions_are_in_file_terms() {
        let file = "---\ntitle: a\nbad: 1\n---\nbody";
        let src = Source {
            path: Path::new("p.md"),
            file,
            start: 4,
            len: 15,
        };
        let errs = parse::<T>(src).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert_eq!(errs[0].source_line.as_deref(), Some("bad: 1"));
    }

    fn only(text: &str) -> Diagnostic {
        let mut errs = run(text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        errs.remove(0)
    }

    #[test]
    fn unclosed_list_is_reported_where_it_opens() {
        let e = only("title: [broken\n");
        assert_eq!((e.line, e.col), (1, 8));
        assert_eq!(
            e.message,
            "a `[` opened at line 1, column 8 is never closed"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("end the list with `]`, or put the value in quotes if the `[` is part of the text: `title: \"[broken\"`")
        );
    }

    #[test]
    fn unclosed_mapping_and_quote_are_reported_where_they_open() {
        let e = only("title: a\nstep: {x: 1\n");
        assert_eq!((e.line, e.col), (2, 7));
        assert!(e.message.starts_with("a `{` opened at line 2, column 7"));
        let e = only("title: \"abc\nstep: 1\n");
        assert_eq!((e.line, e.col), (1, 8));
        assert_eq!(
            e.message,
            "a `\"` opened at line 1, column 8 is never closed"
        );
    }

    #[test]
    fn tab_in_indentation() {
        for text in ["title: a\n\tstep: 1\n", "title: a\ntags:\n  - x\n\t- y\n"] {
            let e = only(text);
            assert_eq!(
                e.message,
                "tab in indentation: YAML indents with spaces only"
            );
            assert_eq!(e.col, 1);
            assert_eq!(e.hint.as_deref(), Some("replace the tab with spaces"));
        }
        assert_eq!(only("title: a\n\tstep: 1\n").line, 2);
    }

    #[test]
    fn missing_space_after_a_known_key() {
        // serde_yaml takes `title:Foo` for one plain string, so it is found in the text.
        for text in [
            "title:Foo\n",
            "title:Foo\nstep: 1\n",
            "step: 1\ntitle:Foo\n",
        ] {
            let e = only(text);
            assert_eq!(e.message, "missing space after `:` in `title:Foo`");
            assert_eq!(e.col, 7);
            assert!(e.hint.as_deref().unwrap().starts_with("write `title: Foo`"));
        }
        // An unknown key glued to its value is left to the parser.
        assert!(run("title: a\nhttp://x\n").is_err());
    }

    #[test]
    fn duplicate_key_is_reported_at_the_second() {
        let e = only("title: a\nstep: 1\ntitle: b\n");
        assert_eq!((e.line, e.col), (3, 1));
        assert_eq!(
            e.message,
            "duplicate key `title`: it is already set at line 1"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("keep one of the two `title:` lines")
        );
    }

    #[test]
    fn colon_inside_a_value_asks_for_quotes() {
        let e = only("title: Step 1: Listen\n");
        assert_eq!((e.line, e.col), (1, 14));
        assert_eq!(
            e.message,
            "`: ` inside the value of `title`: YAML reads it as the start of another key"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("put the value in quotes: `title: \"Step 1: Listen\"`")
        );
    }

    #[test]
    fn indented_key_under_a_value() {
        let e = only("title: a\n  step: 1\n");
        assert_eq!((e.line, e.col), (2, 3));
        assert_eq!(
            e.message,
            "`step:` is indented, so YAML reads it as more of the value on the line above"
        );
    }

    #[test]
    fn where_a_bracket_opens_counts_characters() {
        // The parser's message counts columns in characters, the text is indexed by bytes.
        let e = only("title: a\n\"é\": [x\n");
        assert_eq!((e.line, e.col), (2, 6));
        assert_eq!(e.source_line.as_deref(), Some("\"é\": [x"));
    }

    #[test]
    fn explained_positions_are_in_file_terms() {
        let file = "---\ntitle: [broken\n---\nbody";
        let src = Source {
            path: Path::new("p.md"),
            file,
            start: 4,
            len: 15,
        };
        let errs = parse::<T>(src).unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (2, 8));
        assert_eq!(
            errs[0].message,
            "a `[` opened at line 2, column 8 is never closed"
        );
        assert_eq!(errs[0].source_line.as_deref(), Some("title: [broken"));
    }
}
