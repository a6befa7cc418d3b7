//! What the build knows across languages: each page's versions (for hreflang links, the
//! switcher and the sitemap), the pages a language lacks (noted by `check`), and pages of
//! the default language that sit under another language's root.

use super::inputs;
use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::Diagnostic;
use crate::render::Alternate;
use crate::site::Paths;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A page of the default language whose URL is under another language's root
/// (`content/de/x.md` is `/de/x/`) would be taken for a page of that language.
pub(super) fn under_another_language(
    config: &Config,
    pages: &[Arc<SourcePage>],
) -> Vec<Diagnostic> {
    let roots: Vec<(&String, String)> = (config.languages.iter().skip(1))
        .map(|lang| (lang, Paths::new(lang, false).home().to_string()))
        .collect();
    let mut errors = Vec::new();
    for page in pages {
        if let Some((lang, root)) = roots
            .iter()
            .find(|(_, root)| page.url.starts_with(root.as_str()))
        {
            errors.push(
                page.error_at_key(
                    "title",
                    format!(
                        "this page's URL `{}` is under {root}, where the `{lang}` pages are",
                        page.url
                    ),
                )
                .with_hint("rename its folder or set another `slug`"),
            );
        }
    }
    errors
}

/// `check`'s note for each page that a language lacks: a warning, as diagnostics have no
/// lesser kind, and only in `check`, as a site is often translated a page at a time.
pub(super) fn missing_translations(inputs: &inputs::Inputs) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for translation in &inputs.translations {
        let translated: HashSet<&str> = translation.pages.iter().map(|p| p.id.as_str()).collect();
        for page in inputs
            .pages
            .iter()
            .filter(|p| !translated.contains(p.id.as_str()))
        {
            let file = page.path.with_extension(format!("{}.md", translation.lang));
            notes.push(
                Diagnostic::warning(
                    &page.path,
                    format!(
                        "no translation into `{}`: the site in that language leaves this page out",
                        translation.lang
                    ),
                )
                .with_hint(format!(
                    "translate it as {}; links to it from `{}` pages come here",
                    file.display(),
                    translation.lang
                )),
            );
        }
    }
    notes
}

/// Every language's version of each page that has more than one, by page id, in the
/// order of `languages`.
pub(super) fn alternates(
    config: &Config,
    inputs: &inputs::Inputs,
) -> HashMap<String, Vec<Alternate>> {
    let mut by_id: HashMap<String, Vec<Alternate>> = HashMap::new();
    if !config.is_multilingual() {
        return by_id;
    }
    let languages = std::iter::once((&config.language, &inputs.strings, &inputs.pages))
        .chain((inputs.translations.iter()).map(|t| (&t.lang, &t.strings, &t.pages)));
    for (i, (lang, strings, pages)) in languages.enumerate() {
        let name = strings.get("language-name");
        for page in pages.iter() {
            by_id.entry(page.id.clone()).or_default().push(Alternate {
                lang: lang.clone(),
                name: name.clone(),
                url: page.url.clone(),
                permalink: config.permalink(&page.url),
                default: i == 0,
            });
        }
    }
    by_id.retain(|_, versions| versions.len() > 1);
    by_id
}
