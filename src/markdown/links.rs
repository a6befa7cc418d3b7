//! Link adaptor: rewrites relative links to `.md` files into page URLs and records every
//! internal link (with its anchor) so the site model can check anchors once all pages are
//! rendered. A link to a missing file is reported here. In the print edition
//! ([`super::Chapter`]), links to its pages go to their chapters and footnotes take
//! ids under the chapter's anchor. External links and images are
//! left as written and recorded with their offsets ([`ExternalLink`]), so
//! `kintsugi check --external` can check them without reading the Markdown again.

use super::{Ev, PageInput};
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::suggest::closest;
use pulldown_cmark::{CowStr, Event, Tag};

/// A link from one page to another page's anchor (or its own), checked after rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Target page id (path relative to `content/`).
    pub target: String,
    pub anchor: String,
    /// Byte offset of the link in the source file.
    pub offset: usize,
}

/// An `http:` or `https:` link or image source, as written, checked only by
/// `kintsugi check --external`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    /// Byte offset of the link in the source file.
    pub offset: usize,
}

pub struct Links<'a, 'p, I> {
    inner: I,
    page: &'p PageInput<'p>,
    pub links: Vec<InternalLink>,
    pub external: Vec<ExternalLink>,
    pub diagnostics: Vec<Diagnostic>,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'a, 'p, I> Links<'a, 'p, I> {
    pub fn new(inner: I, page: &'p PageInput<'p>) -> Self {
        Links {
            inner,
            page,
            links: Vec::new(),
            external: Vec::new(),
            diagnostics: Vec::new(),
            _marker: std::marker::PhantomData,
        }
    }
}

/// True for `https:`, `mailto:`, `//host` and the like.
pub(super) fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Joins a relative path to a directory of `content/`, resolving `.` and `..`.
/// None when it climbs out of `content/`.
pub fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// True for the links `check --external` can request: `http:` and `https:` (any case).
fn is_web(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, rest)| {
        (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
            && rest.starts_with("//")
    })
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Links<'a, 'p, I> {
    /// Records `dest` when it is a web address (a link or an image source).
    fn record_external(&mut self, dest: &str, offset: usize) {
        if is_web(dest) {
            self.external.push(ExternalLink {
                url: dest.trim().to_string(),
                offset: self.page.body_start + offset,
            });
        }
    }

    /// The URL a link goes to, when it is to a page, and the language of that page when
    /// it is another than the linking page's.
    fn rewrite(&mut self, dest: &str, offset: usize) -> Option<(String, Option<&'p str>)> {
        if is_external(dest) {
            self.record_external(dest, offset);
            return None;
        }
        let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let file_offset = self.page.body_start + offset;
        if path.is_empty() {
            if anchor.is_empty() {
                return None;
            }
            self.links.push(InternalLink {
                target: self.page.id.to_string(),
                anchor: anchor.to_string(),
                offset: file_offset,
            });
            return (self.page.chapter.is_some())
                .then(|| (format!("#{}", self.page.local_id(anchor)), None));
        }
        let decoded = percent_decode(path);
        // In the print edition, the site's own address of a page of the edition is its
        // chapter, as a link to its `.md` file is.
        let chapter = (self.page.chapter).and_then(|c| c.by_url.get(decoded.as_str()));
        if let Some(chapter) = chapter {
            return Some(match anchor.is_empty() {
                true => (format!("#{chapter}"), None),
                false => (format!("#{chapter}--{anchor}"), None),
            });
        }
        if !decoded.ends_with(".md") {
            return None;
        }
        let target = resolve(self.page.dir(), &decoded);
        let url = target.as_ref().and_then(|t| self.page.urls.get(t));
        match (target, url) {
            (Some(target), Some(url)) => {
                let lang = (self.page.fallback)
                    .filter(|f| f.ids.contains(&target))
                    .map(|f| f.lang);
                // In the print edition, a page of the edition is a chapter of the same
                // document.
                let chapter = (self.page.chapter).and_then(|c| c.anchors.get(&target));
                if !anchor.is_empty() {
                    self.links.push(InternalLink {
                        target,
                        anchor: anchor.to_string(),
                        offset: file_offset,
                    });
                }
                if let Some(chapter) = chapter {
                    return Some(match anchor.is_empty() {
                        true => (format!("#{chapter}"), None),
                        false => (format!("#{chapter}--{anchor}"), None),
                    });
                }
                let url = if anchor.is_empty() {
                    url.clone()
                } else {
                    format!("{url}#{anchor}")
                };
                Some((url, lang.filter(|_| self.page.chapter.is_none())))
            }
            (target, _) => {
                let mut d =
                    Diagnostic::error(self.page.path, format!("link to a missing file `{dest}`"))
                        .at_offset(self.page.text, file_offset);
                let near = target
                    .as_deref()
                    .and_then(|t| closest(t, self.page.urls.keys().map(String::as_str)));
                d = match near {
                    Some(k) => d.with_hint(format!(
                        "did you mean `{}`? links are relative to this file's folder",
                        relative_from(self.page.dir(), k)
                    )),
                    None => d.with_hint("links to pages are relative paths to their `.md` file, e.g. `../steps/embrace-forgiveness.md`"),
                };
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// The relative path from directory `dir` to content id `target`.
pub(super) fn relative_from(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl<'a, 'p, I: Iterator<Item = Ev<'a>>> Iterator for Links<'a, 'p, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        let (event, range) = self.inner.next()?;
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match self.rewrite(&dest_url, range.start) {
                    // pulldown-cmark's links carry no other attributes: the start tag is
                    // written here, and its end stays `</a>`.
                    Some((url, Some(lang))) => {
                        let title = match title.is_empty() {
                            true => String::new(),
                            false => format!(r#" title="{}""#, escape(&title)),
                        };
                        let tag = format!(
                            r#"<a href="{}" hreflang="{}"{title}>"#,
                            escape(&url),
                            escape(lang)
                        );
                        return Some((Event::InlineHtml(tag.into()), range));
                    }
                    Some((url, None)) => CowStr::from(url),
                    None => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.record_external(dest_url, range.start);
                event
            }
            // Footnotes are numbered per page; in the print edition their ids are made
            // unique under the chapter's anchor, as headings' are.
            Event::FootnoteReference(label) if self.page.chapter.is_some() => {
                Event::FootnoteReference(self.page.local_id(&label).into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) if self.page.chapter.is_some() => {
                Event::Start(Tag::FootnoteDefinition(self.page.local_id(&label).into()))
            }
            other => other,
        };
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_handles_dots_and_escapes() {
        assert_eq!(resolve("steps", "../about.md").as_deref(), Some("about.md"));
        assert_eq!(resolve("steps", "./b.md").as_deref(), Some("steps/b.md"));
        assert_eq!(resolve("", "../x.md"), None);
        assert_eq!(resolve("a/b", "/c.md").as_deref(), Some("c.md"));
    }

    #[test]
    fn relative_paths_for_hints() {
        assert_eq!(
            relative_from("steps", "worksheets/a.md"),
            "../worksheets/a.md"
        );
        assert_eq!(relative_from("", "about.md"), "about.md");
    }

    #[test]
    fn externals() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a.md#x:y"));
    }

    #[test]
    fn web_addresses() {
        assert!(is_web("https://x.org/a"));
        assert!(is_web("HTTP://x.org"));
        assert!(!is_web("mailto:a@b.c"));
        assert!(!is_web("ftp://x.org"));
        assert!(!is_web("https:relative"));
        assert!(!is_web("//x.org"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
