//! `kintsugi new`: writes a small starter site (settings, a home page, one step guide
//! with its worksheet, a bibliography, and a `.gitignore` for what builds write) that
//! builds as is, in the language asked for. Never overwrites anything.

use anyhow::{bail, Context, Result};
use std::path::Path;
use unic_langid::LanguageIdentifier;

const FILES: &[(&str, &str)] = &[
    // What a build writes: the site, and the cache kintsugi keeps between builds.
    (".gitignore", "/public/\n/.kintsugi/\n"),
    (
        "site.yaml",
        "title: My guide\nbase_url: https://example.org/\ndescription: A step-by-step guide.\nlanguage: {language}\npaper: a4\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: My guide\ndescription: A step-by-step guide.\n---\n\nWelcome. Start with [the first step](steps/first-step.md).\n",
    ),
    (
        "content/steps/_index.md",
        "---\ntitle: Steps\ndescription: The steps of the program, in order.\n---\n\nWork through the steps in order, at your own pace.\n",
    ),
    (
        "content/steps/first-step.md",
        "---\ntitle: The first step\ndescription: Where the program begins.\nstep: 1\nworksheet: first-step\n---\n\n## What this step is about\n\nWrite your guide here. Cite your sources like this [@doe2020].\n\nWhen you are ready, fill in [the worksheet](../worksheets/first-step.md).\n",
    ),
    (
        "content/worksheets/_index.md",
        "---\ntitle: Worksheets\ndescription: Printable worksheets, one per step.\n---\n\nFill them in on screen or print them. Answers stay on your device.\n",
    ),
    (
        "content/worksheets/first-step.md",
        "---\ntitle: \"Worksheet: The first step\"\ndescription: Questions to go with the first step.\nweight: 1\n---\n\n```fields\nName\nDate\n```\n\n```prompt lines=4\nWhat do you hope to change?\n```\n\n```scale min=1 max=5 low=\"Not at all\" high=\"Completely\"\nHow ready do you feel?\n```\n\n- [ ] I read the guide for this step\n",
    ),
    (
        "content/references.yaml",
        "doe2020:\n  type: Book\n  title: A book worth citing\n  author: [\"Doe, Jane\"]\n  date: 2020\n  publisher: Example Press\n",
    ),
];

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
    let catalog = (!crate::i18n::has_builtin(language)).then(|| {
        let path = format!("{}/{tag}.ftl", crate::i18n::SITE_DIR);
        let text = format!(
            "# The theme's words in `{tag}`: translate each value (keep the keys and the\n\
             # {{ $variables }}). Until then they are the English ones.\n\n{}",
            crate::i18n::english_catalog()
        );
        (path, text)
    });
    let files = FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.replace("{language}", &tag)))
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
