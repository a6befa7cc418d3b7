//! `kintsugi new`: writes a small starter site (settings, a home page, one step guide
//! with its worksheet, a bibliography, and a `.gitignore` for what builds write) that
//! builds as is, in the language asked for: its words come from the starter catalogs
//! (`i18n/starter/<language>.ftl`), English for a language kintsugi has none in. Never
//! overwrites anything.

use crate::i18n::Strings;
use anyhow::{bail, Context, Result};
use std::path::Path;
use unic_langid::LanguageIdentifier;

/// The starter's files, their words from the starter catalog in the site's language.
fn files(words: &Strings, language: &str) -> Vec<(&'static str, String)> {
    let w = |key: &str| words.get(key);
    // A YAML scalar that stays one string whatever the words hold (`:` in a title).
    let quoted = |key: &str| serde_json::to_string(&words.get(key)).unwrap_or_default();
    let page = |title: &str, description: &str, body: String| {
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n\n{body}\n",
            quoted(title),
            quoted(description)
        )
    };
    vec![
        // What a build writes: the site, and the cache kintsugi keeps between builds.
        (".gitignore", "/public/\n/.kintsugi/\n".to_string()),
        (
            "site.yaml",
            format!(
                "title: {}\nbase_url: https://example.org/\ndescription: {}\nlanguage: {language}\npaper: a4\n",
                quoted("site-title"),
                quoted("site-description")
            ),
        ),
        (
            "content/_index.md",
            page("site-title", "site-description", w("home-welcome")),
        ),
        (
            "content/steps/_index.md",
            page("steps-title", "steps-description", w("steps-body")),
        ),
        (
            "content/steps/first-step.md",
            page(
                "step-title",
                "step-description",
                format!(
                    "## {}\n\n{}\n\n{}",
                    w("step-heading"),
                    w("step-body"),
                    w("step-next")
                ),
            )
            .replacen("\n---\n", "\nstep: 1\nworksheet: first-step\n---\n", 1),
        ),
        (
            "content/worksheets/_index.md",
            page("worksheets-title", "worksheets-description", w("worksheets-body")),
        ),
        (
            "content/worksheets/first-step.md",
            page(
                "sheet-title",
                "sheet-description",
                format!(
                    "```fields\n{}\n{}\n```\n\n```prompt lines=4\n{}\n```\n\n\
                     ```scale min=1 max=5 low=\"{}\" high=\"{}\"\n{}\n```\n\n- [ ] {}",
                    w("sheet-name"),
                    w("sheet-date"),
                    w("sheet-prompt"),
                    w("sheet-scale-low"),
                    w("sheet-scale-high"),
                    w("sheet-scale"),
                    w("sheet-check")
                ),
            )
            .replacen("\n---\n", "\nweight: 1\n---\n", 1),
        ),
        (
            "content/references.yaml",
            format!(
                "doe2020:\n  type: Book\n  title: {}\n  author: [\"Doe, Jane\"]\n  date: 2020\n  publisher: Example Press\n",
                quoted("book-title")
            ),
        ),
    ]
}

/// Creates the starter site in `dir`, which must not exist or be empty, with `language`
/// in its settings. For a language kintsugi has no catalog for, it also writes
/// `i18n/<language>.ftl`, a copy of the English catalog to translate, so the site builds
/// as is.
pub fn create(dir: &Path, language: &LanguageIdentifier) -> Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "`{}` already exists and is not empty; choose a new folder",
                dir.display()
            );
        }
    }
    let tag = language.to_string();
    let words = crate::i18n::starter(language);
    let catalog = (!crate::i18n::has_builtin(language)).then(|| {
        let path = format!("{}/{tag}.ftl", crate::i18n::SITE_DIR);
        let text = format!(
            "# The theme's words in `{tag}`: translate each value (keep the keys and the\n\
             # {{ $variables }}). Until then they are the English ones.\n\n{}",
            crate::i18n::english_catalog()
        );
        (path, text)
    });
    let files = files(&words, &tag)
        .into_iter()
        .map(|(path, text)| (path.to_string(), text))
        .chain(catalog);
    for (path, text) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&full, text).with_context(|| format!("cannot write {}", full.display()))?;
    }
    Ok(())
}

/// What `kintsugi new DIR` prints once the site is written: where it is, and the two
/// commands to try next, with the folder quoted so the line can be pasted into a shell.
pub fn next_steps(dir: &Path) -> String {
    let shown = dir.display().to_string();
    let shown = shown.trim_end_matches('/');
    let serve = format!("cd {} && kintsugi serve", shell_quote(shown));
    let build = "kintsugi build";
    let width = serve.len().max(build.len());
    format!(
        "created a new site in {shown}/; try next:\n  \
         {serve:width$}   # preview it while you write, rebuilt on every save\n  \
         {build:width$}   # write the site into {shown}/public/\n"
    )
}

/// Quotes a path for a POSIX shell when it holds anything but plain path characters.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ',' | '+'));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps_name_the_folder_and_both_commands() {
        let text = next_steps(Path::new("my-guide"));
        assert!(
            text.starts_with("created a new site in my-guide/;"),
            "{text}"
        );
        assert!(text.contains("cd my-guide && kintsugi serve"), "{text}");
        assert!(text.contains("\n  kintsugi build "), "{text}");
    }

    #[test]
    fn a_folder_with_spaces_or_quotes_is_quoted_for_the_shell() {
        assert_eq!(shell_quote("my guide"), "'my guide'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a/b-c_d.e"), "a/b-c_d.e");
    }
}
