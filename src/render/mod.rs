//! Rendering: loads the theme (the built-in templates compiled into the binary, overridden
//! by a site's own `templates/` files of the same name) into Tera, and renders pages from
//! the small view structs made for the templates ([`views`]). Owns template loading and
//! template errors; not what a page contains (Markdown) or where it is written (output).

pub mod views;

pub use views::{
    Alternate, Backref, ChapterView, CitingPage, IconView, LinkView, PageView, PdfLink,
    ReferenceView, SiteView, SitemapEntry, TagView, ViewContext, WorksheetView,
};

use crate::diagnostic::Diagnostic;
use crate::i18n::{Strings, Translate};
use include_dir::{include_dir, Dir};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The bundled theme.
pub static THEME_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
pub static THEME_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Every file of an embedded folder, as (relative path with `/`, bytes).
pub fn embedded_files(dir: &'static Dir<'static>) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in d.entries() {
            match entry {
                include_dir::DirEntry::Dir(sub) => stack.push(sub),
                include_dir::DirEntry::File(f) => {
                    out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()))
                }
            }
        }
    }
    out.sort();
    out
}

/// The loaded theme.
pub struct Theme {
    tera: tera::Tera,
    /// Hash of every template's source, for caches.
    fingerprint: blake3::Hash,
}

/// Where each template came from, for error messages.
fn template_origin(name: &str, site_dir: &Path) -> PathBuf {
    let own = site_dir.join(name);
    if own.is_file() {
        PathBuf::from("templates").join(name)
    } else {
        PathBuf::from(format!("templates/{name} (built-in)"))
    }
}

impl Theme {
    /// Loads the built-in theme, then the site's own templates over it, with `t(key=…)`
    /// giving `strings`. A `t` call naming a key no catalog has is an error at its place.
    pub fn load(root: &Path, strings: &Arc<Strings>) -> Result<Theme, Vec<Diagnostic>> {
        let site_dir = root.join("templates");
        let mut sources: std::collections::BTreeMap<String, String> =
            embedded_files(&THEME_TEMPLATES)
                .into_iter()
                .filter_map(|(name, bytes)| {
                    Some((name, std::str::from_utf8(bytes).ok()?.to_string()))
                })
                .collect();
        let mut errors = Vec::new();
        if site_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                if name.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        sources.insert(name, text);
                    }
                    Err(e) => errors.push(Diagnostic::error(
                        PathBuf::from("templates").join(rel),
                        format!("cannot read template: {e}"),
                    )),
                }
            }
        }
        for (name, text) in &sources {
            errors.extend(crate::i18n::check_template_keys(
                &template_origin(name, &site_dir),
                text,
                strings,
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = tera::Tera::default();
        tera.register_function("t", Translate(strings.clone()));
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/` (as `&#x2F;`), which bloats every URL.
        tera.set_escape_fn(crate::html::escape);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                // Tera names the failing template in its message: point at that file.
                let text = e.to_string();
                let name = sources
                    .keys()
                    .filter(|n| {
                        text.contains(&format!("'{n}'")) || text.contains(&format!("\"{n}\""))
                    })
                    .max_by_key(|n| n.len())
                    .cloned()
                    .unwrap_or_default();
                vec![template_error(&template_origin(&name, &site_dir), &e)]
            })?;
        let mut h = blake3::Hasher::new();
        h.update(strings.fingerprint().as_bytes());
        for (name, text) in &sources {
            h.update(name.as_bytes())
                .update(b"\0")
                .update(text.as_bytes())
                .update(b"\0");
        }
        Ok(Theme {
            tera,
            fingerprint: h.finalize(),
        })
    }

    pub fn fingerprint(&self) -> blake3::Hash {
        self.fingerprint
    }

    /// Binds the theme to one build's site: returns the context every page starts from
    /// (it holds `site`), and makes `partial` render with the same `site`.
    pub fn bind(&mut self, site: &SiteView) -> tera::Context {
        let site = tera::to_value(site).unwrap_or_default();
        let mut inner = self.tera.clone();
        inner.register_function("partial", no_nested_partial);
        self.tera.register_function(
            "partial",
            Partial {
                tera: inner,
                site: site.clone(),
                cache: RwLock::default(),
            },
        );
        let mut context = tera::Context::new();
        context.insert("site", &site);
        context
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `template` with `site` and `page`, whose body is `content`. `context` holds
    /// `site` (see [`Theme::bind`]) and is reused from page to page: only `page` is
    /// replaced, so the site's values are not copied for every page.
    pub fn render(
        &self,
        template: &str,
        context: &mut tera::Context,
        page: &PageView,
        content: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let error =
            |e: &tera::Error| template_error(&PathBuf::from(format!("templates/{template}")), e);
        let mut value = tera::to_value(page).map_err(|e| error(&e.into()))?;
        if let Some(fields) = value.as_object_mut() {
            fields.insert("content".into(), content.into());
        }
        let mut only_page = tera::Map::new();
        only_page.insert("page".into(), value);
        context.extend(tera::Context::from_value(only_page.into()).map_err(|e| error(&e))?);
        // The page is about the size of its content plus the theme's frame.
        let mut out = Vec::with_capacity(content.len() + 16 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| error(&e))?;
        Ok(out)
    }
}

/// The template function `partial(name="menu.html", …)`: renders the template `name`
/// with `site` and the call's other arguments, and nothing else, so its output depends on
/// those alone and is rendered once per build for each distinct set of arguments. (The
/// main menu is the costliest part of a page's frame, and it is the same on every page
/// under the same menu entry.)
struct Partial {
    /// The theme's templates, without `partial` itself (see [`no_nested_partial`]).
    tera: tera::Tera,
    site: tera::Value,
    /// Rendered output by the call's arguments.
    cache: RwLock<HashMap<String, String>>,
}

impl tera::Function for Partial {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let Some(name) = args.get("name").and_then(tera::Value::as_str) else {
            return Err(
                r#"partial: give the template's name, as in partial(name="menu.html")"#.into(),
            );
        };
        // The arguments in a stable order are the key.
        let sorted: BTreeMap<&String, &tera::Value> = args.iter().collect();
        let key = serde_json::to_string(&sorted)?;
        let cached = (self.cache.read().unwrap_or_else(|e| e.into_inner()))
            .get(&key)
            .cloned();
        let html = match cached {
            Some(html) => html,
            None => {
                let mut context = tera::Context::new();
                context.insert("site", &self.site);
                for (arg, value) in args.iter().filter(|(arg, _)| *arg != "name") {
                    context.insert(arg.as_str(), value);
                }
                let html = self.tera.render(name, &context)?;
                (self.cache.write().unwrap_or_else(|e| e.into_inner())).insert(key, html.clone());
                html
            }
        };
        Ok(tera::Value::String(html))
    }

    /// The output is the template's, escaped by it already.
    fn is_safe(&self) -> bool {
        true
    }
}

/// `partial` inside a partial: not supported (its output is cached by its own arguments
/// only, so it must not depend on another's).
fn no_nested_partial(_: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err("partial: a partial template cannot call partial".into())
}

/// A Tera error as a diagnostic, with the line and column when Tera gives them.
fn template_error(path: &Path, e: &tera::Error) -> Diagnostic {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let text = parts.join(": ");
    // A failing partial is named last ("Failed to render 'page.html': Function call
    // 'partial' failed: Failed to render 'card.html': …"): the mistake is in it.
    let partial = (text.rsplit_once("Failed to render '"))
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(name, _)| PathBuf::from("templates").join(name));
    let path = partial.as_deref().unwrap_or(path);
    // Tera's parse errors carry " --> LINE:COL".
    let pos = text.find("--> ").and_then(|i| {
        let rest = &text[i + 4..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (l, c) = rest[..end].split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    });
    let message = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-->") && *l != "|")
        .collect::<Vec<_>>()
        .join(" ");
    let d = Diagnostic::error(path, format!("template: {message}"));
    match pos {
        Some((line, col)) => d.at(line, col, None),
        None => d,
    }
}
