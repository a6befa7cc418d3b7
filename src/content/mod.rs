//! Content loading: walks `content/`, splits each Markdown file into front matter and body,
//! parses the front matter into [`FrontMatter`], and decides each file's kind and URL.
//! Owns file discovery and per-file metadata; not Markdown rendering, not relations
//! between pages (the site model's job).

mod translation;

use crate::diagnostic::Diagnostic;
use crate::yaml;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
pub use translation::translation_of;
use translation::unlisted_language;
use walkdir::WalkDir;

/// Front matter as written at the top of a Markdown file. (`Serialize` only so that what
/// can be read of a wrong front matter can be salvaged: [`yaml::parse_salvaging`].)
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub step: Option<u32>,
    #[serde(default)]
    pub worksheet: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    /// `print: false` leaves the page out of the print edition.
    #[serde(default = "yes")]
    pub print: bool,
}

fn yes() -> bool {
    true
}

impl Default for FrontMatter {
    fn default() -> Self {
        FrontMatter {
            title: String::new(),
            description: None,
            step: None,
            worksheet: None,
            date: None,
            updated: None,
            draft: false,
            weight: None,
            tags: Vec::new(),
            slug: None,
            template: None,
            print: true,
        }
    }
}

/// `content/_notice.md`, the site-wide notice ([`crate::notice`]): not a page, so the walk
/// leaves it out. (Other `_`-prefixed files than `_index.md` are pages like any other.)
pub const NOTICE_ID: &str = "_notice.md";

/// What a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `content/_index.md`.
    Home,
    /// `content/<dir>/_index.md`.
    Section,
    /// Any other `.md` file.
    Page,
}

/// One Markdown file, read and split, with its metadata resolved.
#[derive(Debug)]
pub struct SourcePage {
    /// Path relative to `content/` with `/` separators, e.g. `steps/embrace-forgiveness.md`.
    pub id: String,
    /// Path shown in diagnostics (relative to the site root).
    pub path: PathBuf,
    pub kind: Kind,
    /// The section directory this file belongs to, relative to `content/` (`""` for the
    /// root). For a section's `_index.md` it is the parent section.
    pub parent: String,
    /// Site path, e.g. `/steps/embrace-forgiveness/` (`/de/steps/embrace-forgiveness/` for
    /// its German translation).
    pub url: String,
    /// The language of a translation (`steps/a.de.md`, which has the id of the page it
    /// translates, `steps/a.md`); None for a page in the site's default language.
    pub lang: Option<String>,
    pub meta: FrontMatter,
    /// The whole file's text; None in a build, which reads it again to render the page
    /// (see [`load`]).
    text: Option<Arc<str>>,
    /// The file on disk, to read the text again after it was released.
    pub file: Option<PathBuf>,
    /// The text up to the body (front matter and its fences): a text read again must still
    /// start with it, or offsets computed from it would be wrong.
    head: Box<str>,
    /// Byte offset where the body starts in `text`.
    pub body_start: usize,
    /// Where the front matter's YAML sits in `head` (offset, length), to place
    /// diagnostics about its values.
    front_matter: (usize, usize),
}

/// The whole text of `page`'s file: the text it kept, or the file read again from disk
/// if it was released (see [`load`]). An error if the file can no longer be read or its
/// front matter changed since it was parsed.
pub fn read_source(page: &SourcePage) -> Result<Arc<str>, Diagnostic> {
    if let Some(text) = &page.text {
        return Ok(text.clone());
    }
    let changed = || {
        Diagnostic::error(
            &page.path,
            "the file changed while the site was being built",
        )
        .with_hint("build again")
    };
    let file = page.file.as_ref().ok_or_else(changed)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| Diagnostic::error(&page.path, format!("cannot read: {e}")))?;
    if !text.starts_with(&*page.head) {
        return Err(changed());
    }
    Ok(Arc::from(text))
}

impl SourcePage {
    /// The directory of this file relative to `content/` (`""` for the root).
    pub fn dir(&self) -> &str {
        self.id.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// A diagnostic at the line of a front-matter key (or line 1 if it is absent).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (start, len) = self.front_matter;
        let src = yaml::Source {
            path: &self.path,
            file: &self.head,
            start,
            len,
        };
        // The key's line is in the front matter, which `head` always holds.
        let offset = src.key_offset(key).map_or(0, |o| start + o);
        Diagnostic::error(&self.path, message).at_offset(&self.head, offset)
    }

    /// Parses one file's text. Pure: `id` is the path relative to `content/`, `path` the
    /// path to show in diagnostics. Returns the page and its problems. A page whose front
    /// matter has errors is still returned, with what could be read of it, so that its body
    /// is checked in the same run (the errors fail the build, so it is never published);
    /// there is no page only when the front matter cannot be found at all.
    pub fn parse(id: &str, path: &Path, text: String) -> (Option<SourcePage>, Vec<Diagnostic>) {
        let (fm_start, fm_len, body_start) = match split_front_matter(&text) {
            Ok(split) => split,
            Err((offset, msg, hint)) => {
                let error = Diagnostic::error(path, msg)
                    .at_offset(&text, offset)
                    .with_hint(hint);
                return (None, vec![error]);
            }
        };
        let src = yaml::Source {
            path,
            file: &text,
            start: fm_start,
            len: fm_len,
        };
        let (meta, mut errors) = yaml::parse_salvaging::<FrontMatter>(src);
        let salvaged = !errors.is_empty();
        let file_name = id.rsplit('/').next().unwrap_or(id);
        let dir = id.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let (kind, parent) = match (file_name, dir.as_str()) {
            ("_index.md", "") => (Kind::Home, String::new()),
            ("_index.md", d) => (
                Kind::Section,
                d.rsplit_once('/').map_or("", |(p, _)| p).to_string(),
            ),
            _ => (Kind::Page, dir.clone()),
        };
        let mut page = SourcePage {
            id: id.to_string(),
            path: path.to_path_buf(),
            kind,
            parent,
            url: String::new(),
            lang: None,
            meta,
            head: text[..body_start].into(),
            text: Some(Arc::from(text)),
            file: None,
            body_start,
            front_matter: (fm_start, fm_len),
        };
        errors.extend(page.check_values(salvaged));
        page.url = page.compute_url(&mut errors);
        (Some(page), errors)
    }

    /// Problems with the values read. `salvaged`: the front matter had errors and only
    /// part of it was read, so a missing title is one of those errors, not another.
    fn check_values(&self, salvaged: bool) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        if self.meta.title.trim().is_empty() && !salvaged {
            errors.push(self.error_at_key("title", "`title` is empty"));
        }
        for key in ["date", "updated"] {
            let value = if key == "date" {
                &self.meta.date
            } else {
                &self.meta.updated
            };
            if let Some(v) = value {
                if !is_date(v) {
                    errors.push(
                        self.error_at_key(key, format!("`{key}` is not a date: `{v}`"))
                            .with_hint("write dates as YYYY-MM-DD, e.g. 2024-09-09"),
                    );
                }
            }
        }
        if self.meta.step == Some(0) {
            errors.push(
                self.error_at_key("step", "`step` must be 1 or more")
                    .with_hint("steps are numbered from 1"),
            );
        }
        if self.meta.step.is_some() && self.kind != Kind::Page {
            errors.push(
                self.error_at_key("step", "only a page can be a step, not a section or home")
                    .with_hint("move `step` to a guide's own file"),
            );
        }
        errors
    }

    fn compute_url(&self, errors: &mut Vec<Diagnostic>) -> String {
        let Some(slug) = self
            .meta
            .slug
            .as_deref()
            .filter(|_| self.kind == Kind::Page)
        else {
            return path_url(&self.id);
        };
        if !is_slug(slug) {
            errors.push(
                self.error_at_key("slug", format!("`slug` is not a URL segment: `{slug}`"))
                    .with_hint("use lowercase letters, digits and `-`, e.g. `my-page`"),
            );
        }
        match self.dir() {
            "" => format!("/{slug}/"),
            dir => format!("/{dir}/{slug}/"),
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' '))
    {
        return false;
    }
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && s != "."
        && s != ".."
}

/// Splits `---\n yaml \n---\n body`. Returns (yaml start, yaml length, body start) or
/// (offset, message, hint) when the fences are missing.
fn split_front_matter(text: &str) -> Result<(usize, usize, usize), (usize, String, String)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Err((
            bom,
            "missing front matter: the file must start with a `---` line".into(),
            "start the file with `---`, then `title: ...`, then another `---` line".into(),
        ));
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((yaml_start, offset - yaml_start, offset + line.len()));
        }
        offset += line.len();
    }
    Err((
        bom,
        "unclosed front matter: no closing `---` line".into(),
        "end the front matter with a line holding only `---`".into(),
    ))
}

/// Everything `content/` holds that the build reads.
#[derive(Debug, Default)]
pub struct Content {
    /// Every Markdown file in the default language that parsed, sorted by id.
    pub pages: Vec<Arc<SourcePage>>,
    /// The translations (`name.<lang>.md`) by language, each sorted by id, for each of the
    /// site's other languages (empty on a one-language site).
    pub translations: std::collections::BTreeMap<String, Vec<Arc<SourcePage>>>,
    /// Ids of files that exist but did not parse: they still count as existing, so links
    /// to them are not reported a second time.
    pub broken: Vec<String>,
}

/// One file as read: its page, if its body can be rendered, and its problems.
#[derive(Clone)]
struct Parsed {
    page: Option<Arc<SourcePage>>,
    diagnostics: Vec<Diagnostic>,
}

/// Parsed files kept between builds of one `serve` session: a file whose size and
/// modification time are unchanged is not read again, and keeps its identity (the same
/// `Arc`), which later caches use to know the page did not change.
#[derive(Default)]
pub struct SourceCache {
    files: Mutex<HashMap<PathBuf, (SystemTime, u64, Parsed)>>,
    /// The site's languages the files were parsed with: which file is a translation,
    /// and its URL, depend on them.
    languages: Mutex<Vec<String>>,
}

/// Walks `content_dir` and parses every `.md` file in parallel. Drafts are dropped unless
/// `drafts` is set. `root` is used to show paths relative to the site. With a cache,
/// unchanged files are reused and their texts kept; without one, each page keeps only its
/// front matter, and its text is read again when it is rendered (a 10,000-page site's
/// Markdown is never all in memory at once).
///
/// `languages` are the site's, the default first: a file `name.<lang>.md` for one of the
/// others is a translation of `name.md`; one for a language not listed, beside its
/// `name.md`, is an error.
pub fn load(
    root: &Path,
    content_dir: &Path,
    drafts: bool,
    languages: &[String],
    cache: Option<&SourceCache>,
) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let p = e.path();
                let hidden = p
                    .strip_prefix(content_dir)
                    .map(|r| {
                        r.components()
                            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
                    })
                    .unwrap_or(false);
                let notice = p
                    .strip_prefix(content_dir)
                    .is_ok_and(|r| r == Path::new(NOTICE_ID));
                // One notice for every language, for now: a translated one would otherwise
                // become a page.
                let translated_notice = (p.strip_prefix(content_dir).ok())
                    .and_then(|r| translation_of(&r.to_string_lossy(), languages))
                    .is_some_and(|(id, _)| id == NOTICE_ID);
                if translated_notice {
                    let shown = p.strip_prefix(root).unwrap_or(p);
                    diagnostics.push(
                        Diagnostic::warning(shown, "a notice of its own for a language is not supported yet: every language shows content/_notice.md")
                            .with_hint("write the notice in content/_notice.md"),
                    );
                    continue;
                }
                if !hidden && !notice && p.extension().is_some_and(|x| x == "md") {
                    // Only `serve`'s cache needs the file's time and size: a build
                    // skips the extra stat per file.
                    let stamp = cache
                        .and_then(|_| e.metadata().ok())
                        .and_then(|m| Some((m.modified().ok()?, m.len())));
                    files.push((p.to_path_buf(), stamp));
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::error(
                e.path().unwrap_or(content_dir),
                format!("cannot read: {e}"),
            )),
        }
    }
    if let Some(cache) = cache {
        let mut parsed_with = cache.languages.lock().unwrap_or_else(|e| e.into_inner());
        if *parsed_with != languages {
            cache
                .files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            *parsed_with = languages.to_vec();
        }
    }
    let cached = |file: &Path, stamp: Option<(SystemTime, u64)>| -> Option<Parsed> {
        let (mtime, len) = stamp?;
        let files = cache?.files.lock().unwrap_or_else(|e| e.into_inner());
        let (m, l, parsed) = files.get(file)?;
        (*m == mtime && *l == len).then(|| parsed.clone())
    };
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|(file, stamp)| {
            if let Some(hit) = cached(file, *stamp) {
                return hit;
            }
            let parsed = parse_file(root, content_dir, file, languages, cache.is_some());
            if let (Some(cache), Some((mtime, len))) = (cache, stamp) {
                cache
                    .files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(file.clone(), (*mtime, *len, parsed.clone()));
            }
            parsed
        })
        .collect();
    if let Some(cache) = cache {
        let live: std::collections::HashSet<&PathBuf> = files.iter().map(|(f, _)| f).collect();
        cache
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|f, _| live.contains(f));
    }
    let mut content = Content::default();
    for lang in languages.iter().skip(1) {
        content.translations.insert(lang.clone(), Vec::new());
    }
    let ids: std::collections::HashSet<String> = files
        .iter()
        .map(|(file, _)| content_id(content_dir, file))
        .collect();
    for ((file, _), parsed) in files.iter().zip(parsed) {
        diagnostics.extend(parsed.diagnostics);
        let id = content_id(content_dir, file);
        if let Some(error) = unlisted_language(root, file, &id, languages, &ids) {
            diagnostics.push(error);
            continue;
        }
        match parsed.page {
            Some(page) if page.meta.draft && !drafts => {}
            Some(page) => match page
                .lang
                .as_ref()
                .and_then(|l| content.translations.get_mut(l))
            {
                Some(translations) => translations.push(page),
                None => content.pages.push(page),
            },
            None if translation_of(&id, languages).is_some() => {}
            None => content.broken.push(id),
        }
    }
    for translations in content.translations.values_mut() {
        translations.sort_by(|a, b| a.id.cmp(&b.id));
    }
    (content, diagnostics)
}

/// A file's id: its path relative to `content/` with `/` separators.
fn content_id(content_dir: &Path, file: &Path) -> String {
    file.strip_prefix(content_dir)
        .unwrap_or(file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The URL a file gets from its path alone (no `slug`): `a/b.md` -> `/a/b/`,
/// `a/_index.md` -> `/a/`.
pub fn path_url(id: &str) -> String {
    let trimmed = id.trim_end_matches(".md");
    let trimmed = trimmed
        .strip_suffix("_index")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Reads and parses one file; without `keep_text` only what its front matter says is
/// kept, so a build holds one page's Markdown per thread rather than the whole site's.
fn parse_file(
    root: &Path,
    content_dir: &Path,
    file: &Path,
    languages: &[String],
    keep_text: bool,
) -> Parsed {
    let shown = file.strip_prefix(root).unwrap_or(file);
    let id = content_id(content_dir, file);
    let translation = translation_of(&id, languages);
    let id = translation.as_ref().map_or(id, |(id, _)| id.clone());
    let text = std::fs::read(file)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read: {e}")))
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|e| Diagnostic::error(shown, format!("not valid UTF-8 text: {e}")))
        });
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            return Parsed {
                page: None,
                diagnostics: vec![e],
            }
        }
    };
    let (page, diagnostics) = SourcePage::parse(&id, shown, text);
    let page = page.map(|mut page| {
        page.file = Some(file.to_path_buf());
        if let Some((_, lang)) = translation {
            page.url = format!("/{lang}{}", page.url);
            page.lang = Some(lang);
        }
        if !keep_text {
            page.text = None;
        }
        Arc::new(page)
    });
    Parsed { page, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page when it has no problems, else its problems.
    fn parse(id: &str, text: &str) -> Result<SourcePage, Vec<Diagnostic>> {
        match SourcePage::parse(id, Path::new(id), text.to_string()) {
            (Some(page), errors) if errors.is_empty() => Ok(page),
            (_, errors) => Err(errors),
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let p = parse("steps/a.md", "---\ntitle: A\nstep: 1\n---\n# Hi\n").unwrap();
        assert_eq!(&read_source(&p).unwrap()[p.body_start..], "# Hi\n");
        assert_eq!(p.url, "/steps/a/");
        assert_eq!(p.kind, Kind::Page);
        assert_eq!(p.meta.step, Some(1));
    }

    #[test]
    fn released_text_is_read_again_unless_its_front_matter_changed() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let file = content.join("a.md");
        std::fs::write(&file, "---\ntitle: A\n---\nfirst\n").unwrap();
        let (loaded, diags) = load(dir.path(), &content, false, &[], None);
        assert!(diags.is_empty(), "{diags:?}");
        let page = &loaded.pages[0];
        assert!(page.text.is_none(), "a build keeps no page text");
        // The body may change: the new one is what gets rendered.
        std::fs::write(&file, "---\ntitle: A\n---\nsecond, longer\n").unwrap();
        assert_eq!(
            &read_source(page).unwrap()[page.body_start..],
            "second, longer\n"
        );
        // The front matter may not: its offsets would be wrong.
        std::fs::write(&file, "---\ntitle: Another\n---\nx\n").unwrap();
        let e = read_source(page).unwrap_err();
        assert_eq!(e.message, "the file changed while the site was being built");
        std::fs::remove_file(&file).unwrap();
        assert!(read_source(page)
            .unwrap_err()
            .message
            .starts_with("cannot read"));
        let shown: Arc<str> = read_source(page).unwrap_or_else(|_| "".into());
        assert_eq!(&*shown, "", "a diagnostic then shows no source line");
        // `serve` keeps texts.
        std::fs::write(&file, "---\ntitle: A\n---\nkept\n").unwrap();
        let cache = SourceCache::default();
        let (loaded, _) = load(dir.path(), &content, false, &[], Some(&cache));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            &*read_source(&loaded.pages[0]).unwrap(),
            "---\ntitle: A\n---\nkept\n"
        );
    }

    #[test]
    fn a_translation_has_its_pages_id_and_a_url_under_its_language() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("steps")).unwrap();
        for file in [
            "_index.md",
            "_index.de.md",
            "steps/a.md",
            "steps/a.de.md",
            "steps/b.md",
            "steps/b.fr.md",
            "steps/c.en.md",
            "steps/notes.old.md",
            "steps/b.old.md",
        ] {
            std::fs::write(content.join(file), "---\ntitle: T\n---\n").unwrap();
        }
        let languages = ["en".to_string(), "de".to_string()];
        let (loaded, diags) = load(dir.path(), &content, false, &languages, None);
        let ids: Vec<&str> = loaded.pages.iter().map(|p| p.id.as_str()).collect();
        // `c.en.md` and `notes.old.md` have no page beside them, and `old` is not taken for
        // a language: pages like any other.
        assert_eq!(
            ids,
            [
                "_index.md",
                "steps/a.md",
                "steps/b.md",
                "steps/b.old.md",
                "steps/c.en.md",
                "steps/notes.old.md"
            ]
        );
        let de: Vec<(&str, &str, Option<&str>)> = loaded.translations["de"]
            .iter()
            .map(|p| (p.id.as_str(), p.url.as_str(), p.lang.as_deref()))
            .collect();
        assert_eq!(
            de,
            [
                ("_index.md", "/de/", Some("de")),
                ("steps/a.md", "/de/steps/a/", Some("de"))
            ]
        );
        assert_eq!(loaded.translations["de"][0].kind, Kind::Home);
        // A translation into a language the site does not list would never be published.
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, Path::new("content/steps/b.fr.md"));
        assert!(diags[0].message.contains("`fr`"), "{}", diags[0].message);
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("languages: [en, de, fr]"),
            "{:?}",
            diags[0].hint
        );
        // On a one-language site every translation is into a language not listed.
        let (loaded, diags) = load(dir.path(), &content, false, &languages[..1], None);
        assert!(loaded.translations.is_empty());
        assert_eq!(loaded.pages.len(), 6);
        let paths: Vec<&Path> = diags.iter().map(|d| d.path.as_path()).collect();
        assert_eq!(
            paths,
            [
                Path::new("content/_index.de.md"),
                Path::new("content/steps/a.de.md"),
                Path::new("content/steps/b.fr.md")
            ]
        );
    }

    #[test]
    fn kinds_and_urls() {
        let home = parse("_index.md", "---\ntitle: H\n---\n").unwrap();
        assert_eq!((home.kind, home.url.as_str()), (Kind::Home, "/"));
        let sec = parse("a/b/_index.md", "---\ntitle: S\n---\n").unwrap();
        assert_eq!(
            (sec.kind, sec.url.as_str(), sec.parent.as_str()),
            (Kind::Section, "/a/b/", "a")
        );
        let slugged = parse("a/x.md", "---\ntitle: S\nslug: why\n---\n").unwrap();
        assert_eq!(slugged.url, "/a/why/");
    }

    #[test]
    fn missing_fence_is_an_error_at_line_one() {
        let e = parse("a.md", "title: A\n").unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.starts_with("missing front matter"));
    }

    #[test]
    fn crlf_and_bom_are_fine() {
        let p = parse("a.md", "\u{feff}---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(&read_source(&p).unwrap()[p.body_start..], "body");
    }

    #[test]
    fn dates_are_real_days() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-04-31"));
        assert!(is_date("2024-09-09T10:00:00Z"));
    }

    #[test]
    fn a_page_with_front_matter_errors_keeps_what_could_be_read() {
        let text = "---\ntitle: A\ncolour: blue\nstep: two\n---\nbody\n";
        let (page, errors) = SourcePage::parse("a.md", Path::new("a.md"), text.into());
        let page = page.expect("a page, so its body is checked");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((page.meta.title.as_str(), page.meta.step), ("A", None));
        assert_eq!(&read_source(&page).unwrap()[page.body_start..], "body\n");
        // Unreadable YAML: no title, and no second error saying so.
        let (page, errors) =
            SourcePage::parse("a.md", Path::new("a.md"), "---\ntitle: [x\n---\n".into());
        assert_eq!(
            (page.map(|p| p.meta.title), errors.len()),
            (Some(String::new()), 1)
        );
        // No front matter to be found: no page.
        let (page, _) = SourcePage::parse("a.md", Path::new("a.md"), "title: A\n".into());
        assert!(page.is_none());
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let e = parse("a.md", "---\ntitle: A\ndate: 09/09/2024\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3);
    }
}
