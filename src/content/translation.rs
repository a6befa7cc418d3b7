//! Translations among a site's files: `name.de.md` beside `name.md` is the German version
//! of that page when `de` is one of the site's `languages`, and an error when it is not.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// For `a/b.de.md` when `de` is one of the site's languages other than the first: the id
/// of the page it translates (`a/b.md`) and the language.
pub fn translation_of(id: &str, languages: &[String]) -> Option<(String, String)> {
    let (stem, lang) = language_suffix(id)?;
    languages
        .iter()
        .skip(1)
        .find(|l| l.as_str() == lang)
        .map(|l| (format!("{stem}.md"), l.clone()))
}

/// `a/b.de.md` -> (`a/b`, `de`) when the second extension parses as a language tag.
fn language_suffix(id: &str) -> Option<(&str, &str)> {
    let (stem, lang) = id.strip_suffix(".md")?.rsplit_once('.')?;
    let in_name = !lang.contains('/') && !stem.ends_with('/') && !stem.is_empty();
    (in_name && lang.parse::<unic_langid::LanguageIdentifier>().is_ok()).then_some((stem, lang))
}

/// A file `name.<lang>.md` beside `name.md` whose language is not a translation language
/// of the site: a translation nobody would see, so an error with the fix.
pub(super) fn unlisted_language(
    root: &Path,
    file: &Path,
    id: &str,
    languages: &[String],
    ids: &std::collections::HashSet<String>,
) -> Option<Diagnostic> {
    let (stem, lang) = language_suffix(id)?;
    // Only a two-letter language (ISO 639-1, `fr`, `pt-BR`) is taken for one here: three
    // letters are too often a word (`notes.old.md` beside `notes.md`). Without settings
    // (reported already) no language is known.
    let two_letters = lang.split('-').next().is_some_and(|l| l.len() == 2);
    if !two_letters
        || languages.is_empty()
        || translation_of(id, languages).is_some()
        || !ids.contains(&format!("{stem}.md"))
    {
        return None;
    }
    let shown = file.strip_prefix(root).unwrap_or(file);
    let error = if languages.first().is_some_and(|d| d == lang) {
        Diagnostic::error(
            shown,
            format!(
                "`{lang}` is the site's default language: its pages have no language in their name"
            ),
        )
        .with_hint(format!("merge this file into `{stem}.md`"))
    } else {
        let listed = languages.join(", ");
        Diagnostic::error(
            shown,
            format!("a translation into `{lang}`, which is not one of the site's languages"),
        )
        .with_hint(format!(
            "add it to site.yaml: `languages: [{listed}, {lang}]`, or rename the file"
        ))
    };
    Some(error)
}
