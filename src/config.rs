//! Settings: reads `site.yaml` into a validated [`Config`]. Owns the settings' keys, their
//! defaults and their checks; knows nothing about content.

use crate::diagnostic::Diagnostic;
use crate::paper::Paper;
use crate::yaml;
use serde::Deserialize;
use std::path::Path;
use unic_langid::LanguageIdentifier;

/// `site.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    languages: Option<Vec<String>>,
    author: Option<String>,
    paper: Option<Paper>,
    citation_style: Option<String>,
    #[serde(default)]
    print: PrintSettings,
}

/// `print:` in `site.yaml`: the print edition's cover.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// The book's title; the site's title when unset.
    pub title: Option<String>,
    /// The text under the title on the cover; the site's description when unset.
    pub cover: Option<String>,
    /// `pdf: false` makes no book PDFs (the `/print/` page stays): on a site of
    /// thousands of pages, laying out the book is most of a build's time.
    pub pdf: Option<bool>,
}

impl PrintSettings {
    /// Whether the build makes the book PDFs.
    pub fn books(&self) -> bool {
        self.pdf.unwrap_or(true)
    }
}

/// Validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub description: String,
    pub language: String,
    /// Every language the site is written in, the default ([`Config::language`]) first;
    /// `[language]` on a one-language site. Other languages' pages are translations that
    /// sit beside their page as `name.<lang>.md` and are served under `/<lang>/`.
    pub languages: Vec<String>,
    pub author: String,
    pub paper: Paper,
    /// A style bundled with hayagriva by name, or a `.csl` file of the site
    /// ([`Config::csl_file`]).
    pub citation_style: String,
    pub print: PrintSettings,
}

impl Config {
    /// The site's own `.csl` file (relative to the site folder) when `citation_style`
    /// names one instead of a bundled style.
    pub fn csl_file(&self) -> Option<&str> {
        self.citation_style
            .ends_with(".csl")
            .then_some(self.citation_style.as_str())
    }

    /// Parses `site.yaml`'s text. `base_url_override` (from `--base-url` or `serve`) makes
    /// `base_url` optional in the file.
    pub fn parse(
        path: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let src = yaml::Source::whole(path, text);
        let raw: RawConfig = yaml::parse(src)?;
        let at_key = |key: &str, message: String| {
            Diagnostic::error(path, message).at_offset(text, src.key_offset(key).unwrap_or(0))
        };
        let mut errors = Vec::new();
        if raw.title.trim().is_empty() {
            errors.push(at_key("title", "`title` is empty".into()));
        }
        let base_url = match base_url_override.map(str::to_string).or(raw.base_url) {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                normalize_base_url(&url)
            }
            Some(url) => {
                errors.push(
                    at_key(
                        "base_url",
                        format!("`base_url` must be an absolute http(s) URL, not `{url}`"),
                    )
                    .with_hint("for example `base_url: https://example.org/`"),
                );
                String::new()
            }
            None => {
                errors.push(
                    Diagnostic::error(path, "missing key `base_url`")
                        .with_hint("add `base_url: https://example.org/` (sitemap.xml and Open Graph tags need absolute URLs)"),
                );
                String::new()
            }
        };
        // A BCP 47 tag, written the canonical way (`pt-br` becomes `pt-BR`).
        let language = match raw
            .language
            .as_deref()
            .map(str::parse::<LanguageIdentifier>)
        {
            None => "en".to_string(),
            Some(Ok(tag)) => tag.to_string(),
            Some(Err(_)) => {
                let written = raw.language.as_deref().unwrap_or_default();
                errors.push(
                    at_key("language", format!("`{written}` is not a language tag"))
                        .with_hint("a BCP 47 tag such as `en`, `de`, `pt-BR` or `ar`"),
                );
                String::new()
            }
        };
        let languages = match &raw.languages {
            None => vec![language.clone()],
            Some(list) => parse_languages(list, &language, raw.language.is_some())
                .map_err(|(message, hint)| {
                    errors.push(at_key("languages", message).with_hint(hint))
                })
                .unwrap_or_default(),
        };
        let language = languages.first().cloned().unwrap_or(language);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            title: raw.title,
            base_url,
            description: raw.description.unwrap_or_default(),
            language,
            languages,
            author: raw.author.unwrap_or_default(),
            paper: raw.paper.unwrap_or(Paper::A4),
            citation_style: raw.citation_style.unwrap_or_else(|| "apa".into()),
            print: raw.print,
        })
    }

    /// The site's language as a tag (checked when the settings were read).
    pub fn language_tag(&self) -> LanguageIdentifier {
        self.language.parse().unwrap_or_default()
    }

    /// Whether the site is written in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The absolute URL of a site path such as `/steps/x/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// `languages` as written: BCP 47 tags, each once, at least one, in canonical form. The
/// first is the default language, which `language` must name too when both are written.
fn parse_languages(
    list: &[String],
    language: &str,
    language_written: bool,
) -> Result<Vec<String>, (String, String)> {
    let mut tags: Vec<String> = Vec::new();
    for written in list {
        let tag = written
            .parse::<LanguageIdentifier>()
            .map_err(|_| {
                (
                    format!("`{written}` in `languages` is not a language tag"),
                    "a BCP 47 tag such as `en`, `de`, `pt-BR` or `ar`".to_string(),
                )
            })?
            .to_string();
        if tags.contains(&tag) {
            return Err((
                format!("`{tag}` is twice in `languages`"),
                "list each language once".into(),
            ));
        }
        tags.push(tag);
    }
    match tags.first() {
        None => Err((
            "`languages` is empty".into(),
            "list the site's languages, the default first: `languages: [en, de]`".into(),
        )),
        Some(first) if language_written && first != language => Err((
            format!("`languages` starts with `{first}` but `language` is `{language}`"),
            format!("the first of `languages` is the default language: put `{language}` first, or leave `language` out"),
        )),
        Some(_) => Ok(tags),
    }
}

fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site.yaml"), text, None)
    }

    #[test]
    fn defaults_and_trailing_slash() {
        let c = parse("title: T\nbase_url: https://e.org\n").unwrap();
        assert_eq!(c.base_url, "https://e.org/");
        assert_eq!(c.paper, Paper::A4);
        assert_eq!(c.citation_style, "apa");
        assert_eq!(c.permalink("/a/"), "https://e.org/a/");
    }

    #[test]
    fn bad_paper_names_the_choices() {
        let e = parse("title: T\nbase_url: https://e.org\npaper: a5\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("a4"), "{}", e[0].message);
    }

    #[test]
    fn the_language_is_a_tag_in_canonical_form() {
        assert_eq!(
            parse("title: T\nbase_url: https://e.org\nlanguage: pt-br\n")
                .unwrap()
                .language,
            "pt-BR"
        );
        let e = parse("title: T\nbase_url: https://e.org\nlanguage: not a tag\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 1));
        assert!(
            e[0].message.contains("not a language tag"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn languages_default_to_the_language_and_the_first_is_the_default() {
        let c = parse("title: T\nbase_url: https://e.org\nlanguage: de\n").unwrap();
        assert_eq!(c.languages, ["de"]);
        assert!(!c.is_multilingual());
        let c = parse("title: T\nbase_url: https://e.org\nlanguages: [en, pt-br]\n").unwrap();
        assert_eq!(
            (c.language.as_str(), c.languages.clone()),
            ("en", vec!["en".to_string(), "pt-BR".to_string()])
        );
        assert!(c.is_multilingual());
        let c = parse("title: T\nbase_url: https://e.org\nlanguage: de\nlanguages: [de, en]\n")
            .unwrap();
        assert_eq!(c.language, "de");
    }

    #[test]
    fn languages_that_disagree_repeat_or_are_not_tags_are_errors_at_the_key() {
        for (text, expected) in [
            (
                "language: en\nlanguages: [de, en]\n",
                "`languages` starts with `de` but `language` is `en`",
            ),
            ("languages: [en, de, en]\n", "`en` is twice"),
            ("languages: []\n", "`languages` is empty"),
            ("languages: [en, not a tag]\n", "is not a language tag"),
        ] {
            let e = parse(&format!("title: T\nbase_url: https://e.org\n{text}")).unwrap_err();
            let at = text
                .lines()
                .position(|l| l.starts_with("languages"))
                .unwrap()
                + 3;
            assert_eq!((e[0].line, e[0].col), (at, 1), "{text}");
            assert!(e[0].message.contains(expected), "{text}: {}", e[0].message);
        }
    }

    #[test]
    fn relative_base_url_is_an_error_at_its_line() {
        let e = parse("title: T\nbase_url: example.org\n").unwrap_err();
        assert_eq!(e[0].line, 2);
    }
}
