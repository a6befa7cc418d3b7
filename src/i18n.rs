//! Strings: every word kintsugi itself shows readers (the theme, callouts, the reference
//! index, worksheet controls and PDFs) in the site's language, from Fluent catalogs: the
//! built-in `i18n/<language>.ftl`, compiled in, under the site's own `i18n/<language>.ftl`.
//! English fills any gap. Owns the catalogs, the language and its text direction; not where
//! the words go (the templates reach them through `t(key=…)`, code through [`Strings::get`]).
//!
//! Fluent (Mozilla's localization system) is used rather than a table of strings because a
//! translation needs more than substitution: its plural rules are CLDR's for each language
//! (Arabic has six forms, English two), and translators already know its syntax.

use crate::diagnostic::Diagnostic;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};
use unic_langid::{CharacterDirection, LanguageIdentifier};

/// The built-in catalogs, one per language.
static CATALOGS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/i18n");

/// Where a site keeps its own catalogs, relative to its folder.
pub const SITE_DIR: &str = "i18n";

type Bundle = FluentBundle<FluentResource>;

/// The site's strings, ready to format.
pub struct Strings {
    language: LanguageIdentifier,
    /// The site's language: built-in catalog, then the site's over it.
    bundle: Bundle,
    /// English, for what the site's language lacks.
    english: Bundle,
    fingerprint: blake3::Hash,
}

/// One catalog's text and where it came from.
struct Catalog {
    shown: PathBuf,
    text: String,
}

/// The built-in catalog for `name` (a language tag as a file stem), if there is one.
fn builtin(name: &str) -> Option<Catalog> {
    let file = CATALOGS.get_file(format!("{name}.ftl"))?;
    Some(Catalog {
        shown: PathBuf::from(format!("i18n/{name}.ftl (built-in)")),
        text: file.contents_utf8()?.to_string(),
    })
}

/// The sentences of the starter site `kintsugi new` writes (`i18n/starter/<language>.ftl`),
/// in `language`, or in English when kintsugi has none in it.
pub fn starter(language: &LanguageIdentifier) -> Strings {
    let english_tag: LanguageIdentifier = "en".parse().expect("a valid tag");
    let catalog = |stem: &str| {
        let file = CATALOGS.get_file(format!("starter/{stem}.ftl"))?;
        Some(Catalog {
            shown: PathBuf::from(format!("i18n/starter/{stem}.ftl (built-in)")),
            text: file.contents_utf8()?.to_string(),
        })
    };
    let english_layers: Vec<Catalog> = catalog("en").into_iter().collect();
    let own: Vec<Catalog> = stems(language).iter().filter_map(|s| catalog(s)).collect();
    let mut ignored = Vec::new();
    let english = bundle(&english_tag, &english_layers, &mut ignored);
    let own_bundle = if own.is_empty() {
        bundle(&english_tag, &english_layers, &mut ignored)
    } else {
        bundle(language, &own, &mut ignored)
    };
    Strings {
        language: language.clone(),
        bundle: own_bundle,
        english,
        fingerprint: blake3::hash(b"starter"),
    }
}

/// The text of the built-in English catalog: the template for a new language's catalog.
pub fn english_catalog() -> &'static str {
    CATALOGS
        .get_file("en.ftl")
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default()
}

/// Whether kintsugi has a catalog of its own for `language` (or for its language subtag).
pub fn has_builtin(language: &LanguageIdentifier) -> bool {
    stems(language).iter().any(|s| builtin(s).is_some())
}

/// The languages with a built-in catalog.
pub fn builtin_languages() -> Vec<String> {
    let mut names: Vec<String> = CATALOGS
        .files()
        .filter_map(|f| Some(f.path().file_stem()?.to_str()?.to_string()))
        .collect();
    names.sort();
    names
}

/// The file stems a language's catalogs may have, most general first: `pt`, then `pt-BR`.
fn stems(language: &LanguageIdentifier) -> Vec<String> {
    let primary = language.language.as_str().to_string();
    let full = language.to_string();
    if full == primary {
        vec![primary]
    } else {
        vec![primary, full]
    }
}

/// A bundle of `catalogs`, later ones overriding earlier ones; syntax errors are reported
/// at their line.
fn bundle(
    language: &LanguageIdentifier,
    catalogs: &[Catalog],
    diags: &mut Vec<Diagnostic>,
) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![language.clone()]);
    // No Unicode isolation marks around placeables: the words go into HTML and PDFs,
    // where the page's `dir` already sets the direction.
    bundle.set_use_isolating(false);
    for catalog in catalogs {
        let resource = match FluentResource::try_new(catalog.text.clone()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    diags.push(
                        Diagnostic::error(&catalog.shown, format!("catalog: {}", e.kind))
                            .at_offset(&catalog.text, e.pos.start),
                    );
                }
                r
            }
        };
        bundle.add_resource_overriding(resource);
    }
    bundle
}

/// The ids of every message in a catalog's text (those Fluent could read).
fn message_ids(text: &str) -> Vec<String> {
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Why a site's strings could not be made.
#[derive(Debug)]
pub enum Problem {
    /// No catalog, built in or the site's, for the language.
    NoCatalog { language: String },
}

impl Strings {
    /// The strings for `language` (already checked to be a valid tag), with the site's own
    /// catalogs from `root/i18n/`. Problems in a site's catalog come back as diagnostics; a
    /// missing language is a [`Problem`] the caller reports at the setting.
    pub fn load(
        root: &Path,
        language: &LanguageIdentifier,
    ) -> Result<(Strings, Vec<Diagnostic>), Problem> {
        let mut diags = Vec::new();
        let english_tag: LanguageIdentifier = "en".parse().expect("a valid tag");
        let site_catalog = |stem: &str, diags: &mut Vec<Diagnostic>| {
            let shown = PathBuf::from(SITE_DIR).join(format!("{stem}.ftl"));
            match std::fs::read_to_string(root.join(&shown)) {
                Ok(text) => Some(Catalog { shown, text }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    diags.push(Diagnostic::error(&shown, format!("cannot read: {e}")));
                    None
                }
            }
        };
        let layers = |language: &LanguageIdentifier, diags: &mut Vec<Diagnostic>| {
            let stems = stems(language);
            let mut layers: Vec<Catalog> = stems.iter().filter_map(|s| builtin(s)).collect();
            let builtins = layers.len();
            layers.extend(stems.iter().filter_map(|s| site_catalog(s, diags)));
            (layers, builtins)
        };
        let (english_layers, _) = layers(&english_tag, &mut diags);
        let english = bundle(&english_tag, &english_layers, &mut diags);
        // English's catalogs were read and reported just above.
        let is_english = language.language == english_tag.language;
        let mut scratch = Vec::new();
        let own_diags = if is_english { &mut scratch } else { &mut diags };
        let (own_layers, builtins) = layers(language, own_diags);
        if own_layers.is_empty() {
            return Err(Problem::NoCatalog {
                language: language.to_string(),
            });
        }
        let bundle_ = bundle(language, &own_layers, own_diags);
        // A site's catalog for a language kintsugi does not know must cover the theme.
        if builtins == 0 {
            let english_ids = builtin("en")
                .map(|c| message_ids(&c.text))
                .unwrap_or_default();
            let missing: Vec<&String> = english_ids
                .iter()
                .filter(|id| !bundle_.has_message(id))
                .collect();
            if !missing.is_empty() {
                let listed: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                let shown = &own_layers[own_layers.len() - 1].shown;
                diags.push(
                    Diagnostic::warning(
                        shown,
                        format!(
                            "{} string{} not translated, shown in English: {}",
                            missing.len(),
                            if missing.len() == 1 { "" } else { "s" },
                            listed.join(", ")
                        ),
                    )
                    .with_hint("copy each key from kintsugi's i18n/en.ftl and translate it"),
                );
            }
        }
        let mut h = blake3::Hasher::new();
        h.update(language.to_string().as_bytes());
        for c in english_layers.iter().chain(&own_layers) {
            h.update(b"\0").update(c.text.as_bytes());
        }
        Ok((
            Strings {
                language: language.clone(),
                bundle: bundle_,
                english,
                fingerprint: h.finalize(),
            },
            diags,
        ))
    }

    /// English only, with no site catalogs: for tests and for text made before settings.
    pub fn english() -> Strings {
        let tag = "en".parse().expect("a valid tag");
        Strings::load(Path::new("/nonexistent"), &tag)
            .map(|(s, _)| s)
            .expect("the English catalog is built in")
    }

    /// The language's tag, as `<html lang>` takes it.
    pub fn language(&self) -> String {
        self.language.to_string()
    }

    /// `rtl` for Arabic, Hebrew, Persian, Urdu and the other right-to-left languages
    /// (CLDR's likely scripts), `ltr` otherwise.
    pub fn dir(&self) -> &'static str {
        match self.language.character_direction() {
            CharacterDirection::RTL => "rtl",
            _ => "ltr",
        }
    }

    /// Changes whenever any catalog the site uses does, for caches.
    pub fn fingerprint(&self) -> blake3::Hash {
        self.fingerprint
    }

    /// Whether `key` names a string (in the site's language or in English).
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key) || self.english.has_message(key)
    }

    /// The string `key` with the arguments `args`, or None when no catalog has it.
    pub fn format(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        let (bundle, message) = match self.bundle.get_message(key) {
            Some(m) => (&self.bundle, m),
            None => (&self.english, self.english.get_message(key)?),
        };
        let pattern = message.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        // A missing argument shows as `{$name}`: visible, never a crash.
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned(),
        )
    }

    /// The string `key`, which kintsugi's own code names (every such key is in the English
    /// catalog; a test holds it there). Falls back to the key itself.
    pub fn get(&self, key: &str) -> String {
        self.format(key, &[]).unwrap_or_else(|| key.to_string())
    }

    /// [`Strings::get`] with arguments.
    pub fn get_with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.format(key, args).unwrap_or_else(|| key.to_string())
    }
}

/// A piece of a page count ("Page 1 of 2"): text, or where a number goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageOfPart {
    Text(String),
    /// The page's number.
    Page,
    /// The number of pages.
    Total,
}

impl Strings {
    /// The page count `pdf-page-of` in pieces, for print CSS and PDFs to put their
    /// counters in, in whatever order the language puts them.
    pub fn page_of(&self) -> Vec<PageOfPart> {
        const PAGE: char = '\u{1}';
        const TOTAL: char = '\u{2}';
        let text = self.get_with(
            "pdf-page-of",
            &[
                ("page", PAGE.to_string().into()),
                ("total", TOTAL.to_string().into()),
            ],
        );
        let mut parts = Vec::new();
        let mut piece = String::new();
        for c in text.chars() {
            let number = match c {
                PAGE => PageOfPart::Page,
                TOTAL => PageOfPart::Total,
                c => {
                    piece.push(c);
                    continue;
                }
            };
            if !piece.is_empty() {
                parts.push(PageOfPart::Text(std::mem::take(&mut piece)));
            }
            parts.push(number);
        }
        if !piece.is_empty() {
            parts.push(PageOfPart::Text(piece));
        }
        parts
    }
}

/// The template function `t(key="…", name=value, …)`: the string `key` in the site's
/// language, with the call's other arguments as the string's variables.
pub struct Translate(pub std::sync::Arc<Strings>);

impl tera::Function for Translate {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let Some(key) = args.get("key").and_then(tera::Value::as_str) else {
            return Err(r#"t: give the string's key, as in t(key="toc-title")"#.into());
        };
        let values: Vec<(&str, FluentValue)> = args
            .iter()
            .filter(|(name, _)| *name != "key")
            .map(|(name, value)| {
                let value = match value {
                    tera::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                    tera::Value::String(s) => FluentValue::from(s.as_str()),
                    other => FluentValue::from(other.to_string()),
                };
                (name.as_str(), value)
            })
            .collect();
        match self.0.format(key, &values) {
            Some(text) => Ok(tera::Value::String(text)),
            None => Err(format!("t: no string `{key}` in any catalog").into()),
        }
    }
}

/// Every `t(key="…")` in a template's text whose key no catalog has, as errors at their
/// place. (A key computed at render time is checked when it is rendered.)
pub fn check_template_keys(shown: &Path, text: &str, strings: &Strings) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("t(") {
        let at = from + i;
        from = at + 2;
        // `t(` as a whole name: not `set(` or `format(`.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix("key") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            continue;
        };
        let key = &rest[1..1 + end];
        if !strings.has(key) {
            let offset = text.len() - rest.len() + 1;
            let known = message_ids(&builtin("en").map(|c| c.text).unwrap_or_default());
            let mut d = Diagnostic::error(shown, format!("no string `{key}` in any catalog"))
                .at_offset(text, offset);
            if let Some(close) = crate::suggest::closest(key, known.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean `{close}`?"));
            } else {
                d = d.with_hint("add it to the site's i18n/<language>.ftl");
            }
            diags.push(d);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageIdentifier {
        s.parse().unwrap()
    }

    #[test]
    fn every_builtin_catalog_has_every_english_key_and_no_others() {
        let english = message_ids(&builtin("en").unwrap().text);
        assert!(english.len() > 40, "{english:?}");
        for name in builtin_languages() {
            let catalog = builtin(&name).unwrap();
            let mut diags = Vec::new();
            let b = bundle(&tag(&name), &[catalog], &mut diags);
            assert!(diags.is_empty(), "{name}: {diags:?}");
            let ids = message_ids(&builtin(&name).unwrap().text);
            for id in &english {
                assert!(b.has_message(id), "{name}.ftl lacks `{id}`");
            }
            for id in &ids {
                assert!(
                    english.contains(id),
                    "{name}.ftl has `{id}`, which en.ftl lacks"
                );
            }
        }
    }

    #[test]
    fn the_page_count_comes_in_pieces_in_the_languages_order() {
        let en = Strings::english();
        assert_eq!(
            en.page_of(),
            [
                PageOfPart::Text("Page ".into()),
                PageOfPart::Page,
                PageOfPart::Text(" of ".into()),
                PageOfPart::Total,
            ]
        );
    }

    #[test]
    fn every_starter_catalog_has_every_key_and_keeps_links_citations_and_yaml_safe() {
        let english = message_ids(
            CATALOGS
                .get_file("starter/en.ftl")
                .unwrap()
                .contents_utf8()
                .unwrap(),
        );
        let starters: Vec<_> = CATALOGS
            .get_dir("starter")
            .expect("i18n/starter")
            .files()
            .collect();
        assert!(starters.len() >= 8, "{}", starters.len());
        for file in starters {
            let text = file.contents_utf8().unwrap();
            let name = file.path().display().to_string();
            let mut diags = Vec::new();
            let catalog = Catalog {
                shown: PathBuf::from(&name),
                text: text.to_string(),
            };
            let b = bundle(&tag("en"), &[catalog], &mut diags);
            assert!(diags.is_empty(), "{name}: {diags:?}");
            assert_eq!(message_ids(text), english, "{name}: the keys, in order");
            let get = |id: &str| {
                let pattern = b.get_message(id).and_then(|m| m.value()).unwrap();
                b.format_pattern(pattern, None, &mut Vec::new())
                    .into_owned()
            };
            assert!(
                get("home-welcome").contains("](steps/first-step.md)"),
                "{name}"
            );
            assert!(
                get("step-next").contains("](../worksheets/first-step.md)"),
                "{name}"
            );
            assert!(get("step-body").contains("[@doe2020]"), "{name}");
            for id in &english {
                assert!(
                    !get(id).contains('"'),
                    "{name}: `{id}` has a straight quote"
                );
            }
        }
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = Strings::english();
        let one = en.get_with("tag-count", &[("count", 1.into())]);
        let many = en.get_with("tag-count", &[("count", 3.into())]);
        assert_eq!((one.as_str(), many.as_str()), ("1 page", "3 pages"));
    }

    #[test]
    fn a_regional_tag_uses_its_language_and_direction_follows_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let (ar, _) = Strings::load(dir.path(), &tag("ar-EG")).unwrap();
        assert_eq!(ar.dir(), "rtl");
        assert_eq!(ar.language(), "ar-EG");
        assert_ne!(ar.get("toc-title"), "On this page");
        assert_eq!(Strings::english().dir(), "ltr");
    }

    #[test]
    fn a_site_catalog_overrides_and_a_new_language_warns_of_its_gaps() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/en.ftl"), "toc-title = Contents\n").unwrap();
        std::fs::write(dir.path().join("i18n/sv.ftl"), "toc-title = Innehåll\n").unwrap();
        let (en, diags) = Strings::load(dir.path(), &tag("en")).unwrap();
        assert_eq!(en.get("toc-title"), "Contents");
        assert!(diags.is_empty(), "{diags:?}");
        let (sv, diags) = Strings::load(dir.path(), &tag("sv")).unwrap();
        assert_eq!(sv.get("toc-title"), "Innehåll");
        assert_eq!(sv.get("next"), "Next");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("not translated"), "{}", diags[0]);
        assert!(diags[0].message.contains("next"), "{}", diags[0]);
        assert!(matches!(
            Strings::load(dir.path(), &tag("fi")),
            Err(Problem::NoCatalog { .. })
        ));
    }

    #[test]
    fn a_syntax_error_in_a_site_catalog_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/en.ftl"), "ok = fine\nbroken = {\n").unwrap();
        let (_, diags) = Strings::load(dir.path(), &tag("en")).unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 2, "{}", diags[0]);
    }

    #[test]
    fn unknown_template_keys_are_errors_at_their_place() {
        let en = Strings::english();
        let text = "<p>{{ t(key=\"toc-title\") }}</p>\n<p>{{ t(key=\"toc-titel\") }} {{ format(key=\"x\") }}</p>\n";
        let diags = check_template_keys(Path::new("templates/x.html"), text, &en);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].col), (2, 14), "{}", diags[0]);
        assert!(diags[0].hint.as_deref().unwrap().contains("toc-title"));
    }
}
