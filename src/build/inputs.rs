//! The build's inputs: settings, content, the bibliography with its prepared formatter,
//! the theme and the notice's text, read from disk side by side. Everything else in the
//! build works from what this returns.

use super::incremental::BuildCache;
use super::BuildOptions;
use crate::cite::{Bibliography, Styler};
use crate::config::Config;
use crate::content::{self, SourcePage};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::{self, Strings};
use crate::notice;
use crate::render::Theme;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The parsed bibliography and its prepared formatter, with the problems found on the way.
/// Preparing a formatter is the costliest step of a build's setup, so `serve` keeps it
/// while the bibliography files and the style are unchanged.
pub(super) struct CiteState {
    pub(super) bib: Bibliography,
    pub(super) styler: Option<Styler>,
    /// The same style in each of the site's other languages (a German page cites "S. 4").
    pub(super) translated: std::collections::BTreeMap<String, Styler>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads a file that may be absent.
fn read_optional(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            diags.push(Diagnostic::error(shown, format!("cannot read: {e}")));
            None
        }
    }
}

/// Reads a bibliography file that may be absent: None when it is, `Some(None)` when it is
/// there but could not be read (reported), so that the site still has a bibliography.
fn read_bibliography_file(
    path: &Path,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(
            Bibliography::decode(shown, &bytes)
                .map_err(|e| diags.push(e))
                .ok(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            diags.push(Diagnostic::error(shown, format!("cannot read: {e}")));
            Some(None)
        }
    }
}

/// Settings, content and bibliography: everything read from disk.
pub(super) struct Inputs {
    pub(super) config: Option<Config>,
    pub(super) pages: Vec<Arc<SourcePage>>,
    pub(super) broken: Vec<String>,
    pub(super) cites: Option<Arc<CiteState>>,
    /// Fingerprint of the bibliography files' text.
    pub(super) bib_hash: blake3::Hash,
    pub(super) theme: Option<Theme>,
    /// The text of `content/_notice.md`, if the site has one.
    pub(super) notice: Option<String>,
    /// The words of the theme in the site's language (English when it has none).
    pub(super) strings: Arc<Strings>,
    /// The site's other languages, in the order of `languages`.
    pub(super) translations: Vec<Translation>,
}

/// One of the site's other languages: its pages (the translations into it), its words
/// and the theme that shows them.
pub(super) struct Translation {
    /// The language's tag, as `languages` has it (`de`).
    pub(super) lang: String,
    pub(super) pages: Vec<Arc<SourcePage>>,
    pub(super) strings: Arc<Strings>,
    pub(super) theme: Option<Theme>,
}

pub(super) fn read_inputs(
    opts: &BuildOptions,
    cache: &BuildCache,
    diags: &mut Diagnostics,
) -> Inputs {
    let root = &opts.root;
    let settings = read_optional(&root.join("site.yaml"), Path::new("site.yaml"), diags);
    let config = match &settings {
        Some(text) => match Config::parse(Path::new("site.yaml"), text, opts.base_url.as_deref()) {
            Ok(c) => Some(c),
            Err(errs) => {
                diags.extend(errs);
                None
            }
        },
        None => {
            let (message, hint) = super::root_problem(root).unwrap_or_else(|| {
                (
                    format!("no site.yaml in `{}`", root.display()),
                    Some(super::NEW_SITE_HINT),
                )
            });
            let error = Diagnostic::error("site.yaml", message);
            diags.push(match hint {
                Some(hint) => error.with_hint(hint),
                None => error,
            });
            None
        }
    };
    let settings_read = config.as_ref().zip(settings.as_deref());
    let strings = Arc::new(read_strings(root, settings_read, 0, diags));
    let other_strings: Vec<(String, Arc<Strings>)> = match settings_read {
        Some((config, _)) => (config.languages.iter().enumerate().skip(1))
            .map(|(i, lang)| {
                (
                    lang.clone(),
                    Arc::new(read_strings(root, settings_read, i, diags)),
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let notice = read_optional(&root.join(notice::PATH), Path::new(notice::PATH), diags);
    let content_dir = root.join("content");
    let sources = cache.incremental.then_some(&cache.sources);
    let languages = match &config {
        Some(config) => config.languages.clone(),
        None => Vec::new(),
    };
    // The pages, the bibliography and the theme do not depend on each other: read them
    // side by side (preparing the citation style is the longest single step of a large
    // build).
    let (((content, load_diags), (cites, bib_hash, bib_diags)), theme) = rayon::join(
        || {
            rayon::join(
                || content::load(root, &content_dir, opts.drafts, &languages, sources),
                || read_bibliography(root, config.as_ref().zip(settings.as_deref()), cache),
            )
        },
        || Theme::load(root, &strings),
    );
    diags.extend(load_diags);
    diags.extend(bib_diags);
    let theme = theme.map_err(|errs| diags.extend(errs)).ok();
    let mut translated_pages = content.translations;
    // Each language's own theme, its `t` bound to its words; a template's errors were
    // reported with the default language's.
    let themes: Vec<Option<Theme>> = (other_strings.par_iter())
        .map(|(_, strings)| (theme.as_ref()).and_then(|_| Theme::load(root, strings).ok()))
        .collect();
    let translations = (other_strings.into_iter().zip(themes))
        .map(|((lang, strings), theme)| Translation {
            pages: translated_pages.remove(&lang).unwrap_or_default(),
            theme,
            lang,
            strings,
        })
        .collect();
    Inputs {
        config,
        pages: content.pages,
        broken: content.broken,
        cites,
        bib_hash,
        theme,
        notice,
        strings,
        translations,
    }
}

/// The strings in the site's `languages[index]` (0: the default language), with its own
/// catalogs. A language no catalog covers is an error at `language` (or `languages`) in
/// site.yaml, and the build goes on in English so that every other problem is still found.
fn read_strings(
    root: &Path,
    config: Option<(&Config, &str)>,
    index: usize,
    diags: &mut Diagnostics,
) -> Strings {
    let Some((config, settings)) = config else {
        return Strings::english();
    };
    let tag = (config.languages.get(index))
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| config.language_tag());
    let written = crate::yaml::Source::whole(Path::new("site.yaml"), settings);
    let key = if index == 0 && written.key_offset("languages").is_none() {
        "language"
    } else {
        "languages"
    };
    match Strings::load(root, &tag) {
        Ok((strings, problems)) => {
            diags.extend(problems);
            strings
        }
        Err(i18n::Problem::NoCatalog { language }) => {
            let offset = written.key_offset(key).unwrap_or(0);
            diags.push(
                Diagnostic::error("site.yaml", format!("no strings for the language `{language}`"))
                    .at_offset(settings, offset)
                    .with_hint(format!(
                        "kintsugi has {}; for another, translate its i18n/en.ftl into {}/{language}.ftl",
                        i18n::builtin_languages().join(", "),
                        i18n::SITE_DIR
                    )),
            );
            Strings::english()
        }
    }
}

/// The bibliography files and the formatter for them (reused from `cache` when neither
/// they nor the style changed), the files' fingerprint, and their problems. `config`
/// comes with the text of `site.yaml`, where a wrong style is reported.
fn read_bibliography(
    root: &Path,
    config: Option<(&Config, &str)>,
    cache: &BuildCache,
) -> (Option<Arc<CiteState>>, blake3::Hash, Diagnostics) {
    let mut diags = Diagnostics::default();
    let yaml_path = PathBuf::from("content/references.yaml");
    let bib_path = PathBuf::from("content/references.bib");
    let json_path = PathBuf::from("content/references.json");
    let read = |path: &Path, diags: &mut Diagnostics| {
        let file = read_bibliography_file(&root.join(path), path, diags);
        let unreadable = matches!(file, Some(None)).then(|| path.to_path_buf());
        (file.flatten(), unreadable)
    };
    let (yaml, bad_yaml) = read(&yaml_path, &mut diags);
    let (bibtex, bad_bibtex) = read(&bib_path, &mut diags);
    let (json, bad_json) = read(&json_path, &mut diags);
    let unreadable: Vec<PathBuf> = [bad_yaml, bad_bibtex, bad_json]
        .into_iter()
        .flatten()
        .collect();
    let mut h = blake3::Hasher::new();
    for text in [&yaml, &bibtex, &json] {
        h.update(text.as_deref().unwrap_or("\0").as_bytes());
        h.update(b"\x01");
    }
    for path in &unreadable {
        h.update(path.as_os_str().as_encoded_bytes());
    }
    let bib_hash = h.finalize();
    let any = yaml.is_some() || bibtex.is_some() || json.is_some() || !unreadable.is_empty();
    let (Some((config, settings)), true) = (config, any) else {
        return (None, bib_hash, diags);
    };
    // A style in a `.csl` file of the site is read here, and its text is part of the key.
    let csl = config
        .csl_file()
        .map(|file| std::fs::read_to_string(root.join(file)).map_err(|e| (file, e)));
    let key = {
        let mut h = blake3::Hasher::new();
        h.update(bib_hash.as_bytes())
            .update(config.citation_style.as_bytes())
            .update(b"\0")
            .update(config.languages.join(",").as_bytes());
        if let Some(Ok(xml)) = &csl {
            h.update(xml.as_bytes());
        }
        h.finalize()
    };
    let cached = cache
        .cites
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .filter(|(k, _)| *k == key)
        .map(|(_, c)| c.clone());
    let state = cached.unwrap_or_else(|| {
        let (mut bib, mut diagnostics) = Bibliography::parse(
            yaml.as_deref().map(|t| (yaml_path.as_path(), t)),
            bibtex.as_deref().map(|t| (bib_path.as_path(), t)),
        );
        if let Some(text) = &json {
            bib.add_csl_json(&json_path, text, &mut diagnostics);
        }
        for path in &unreadable {
            bib.mark_file_unreadable(path);
        }
        let style = match &csl {
            None => Ok(Styler::new(&bib, &config.citation_style, &config.language)),
            Some(Ok(xml)) => Ok(Styler::from_csl(
                &bib,
                &config.citation_style,
                xml,
                &config.language,
            )),
            Some(Err((file, e))) => Err(format!("cannot read the citation style `{file}`: {e}")),
        };
        let styler = prepare_styler(
            &bib,
            style.and_then(|s| s),
            settings,
            &config.language,
            &mut diagnostics,
        );
        // The default language's style reported its problems; the others are the same style.
        let translated = (config.languages[1..].par_iter())
            .filter_map(|lang| {
                let styler = match &csl {
                    None => Styler::new(&bib, &config.citation_style, lang),
                    Some(Ok(xml)) => Styler::from_csl(&bib, &config.citation_style, xml, lang),
                    Some(Err(_)) => Styler::new(&bib, "apa", lang),
                };
                Some((lang.clone(), styler.ok()?))
            })
            .collect();
        let state = Arc::new(CiteState {
            bib,
            styler,
            translated,
            diagnostics,
        });
        if cache.incremental {
            *cache.cites.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, state.clone()));
        }
        state
    });
    diags.extend(state.diagnostics.iter().cloned());
    (Some(state), bib_hash, diags)
}

/// The formatter for the configured style, given as `styler` (or why it could not be
/// made). A style that cannot be used is reported at its line in site.yaml, and citations
/// are still checked with the default style, so one wrong setting is one error, not one per
/// citation.
fn prepare_styler(
    bib: &Bibliography,
    styler: Result<Styler, String>,
    settings: &str,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Styler> {
    match styler {
        Ok(s) => {
            diags.extend(s.diagnostics().iter().cloned());
            Some(s)
        }
        Err(message) => {
            let offset = crate::yaml::Source::whole(Path::new("site.yaml"), settings)
                .key_offset("citation_style")
                .unwrap_or(0);
            diags.push(Diagnostic::error("site.yaml", message).at_offset(settings, offset));
            Styler::new(bib, "apa", language).ok()
        }
    }
}
