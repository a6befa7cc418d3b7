//! The files that need every page of a language or none: the reference index at
//! `/references/` (with each work's backlinks), the tag pages at `/tags/` (`/de/…` for the
//! site's other languages); and once for the site: 404, sitemap (with each page's other
//! languages), robots and the static files.

use super::checks::PageFacts;
use super::favicon::Favicons;
use super::url_to_file;
use crate::cite::{Bibliography, Styler};
use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::output::Sink;
use crate::render::{
    self, Alternate, CitingPage, LinkView, PageView, ReferenceView, SitemapEntry, TagView, Theme,
};
use crate::site::Paths;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What the last steps of a build (those that need every page) share.
pub(super) struct Finishing<'a> {
    pub(super) config: &'a Config,
    /// Titles and descriptions of the pages made here, in the site's language.
    pub(super) strings: &'a Strings,
    pub(super) theme: Option<&'a Theme>,
    pub(super) sink: &'a dyn Sink,
    pub(super) base: &'a tera::Context,
    /// Page ids in reading order.
    pub(super) order: &'a [String],
    pub(super) pages: &'a HashMap<&'a str, &'a SourcePage>,
    pub(super) paths: &'a Paths,
    /// For a translation: the default language's pages' facts (its links to pages not
    /// translated go there).
    pub(super) fallback_facts: Option<&'a BTreeMap<String, PageFacts>>,
    pub(super) alternates: &'a HashMap<String, Vec<Alternate>>,
}

impl Finishing<'_> {
    /// What needs every page of the language, side by side: the anchor check, the
    /// reference index (with backlinks in reading order) and the tag pages. Returns the
    /// number of works in the index, the language's sitemap entries and the keys of the
    /// works its pages do not cite (a work is cited nowhere only when no language cites
    /// it: see [`cited_nowhere`]); the problems go to `diags`.
    pub(super) fn run(
        &self,
        facts: &BTreeMap<String, PageFacts>,
        cites: Option<(&Bibliography, &Styler)>,
        has_refs: bool,
        diags: &mut Diagnostics,
    ) -> (usize, Vec<SitemapEntry>, Vec<String>) {
        let ((anchor_diags, (references, uncited, index_diags)), (sitemap, tag_diags)) =
            rayon::join(
                || {
                    rayon::join(
                        || super::checks::check_anchors(facts, self.pages, self.fallback_facts),
                        || self.reference_index(cites, facts),
                    )
                },
                || self.sitemap(has_refs),
            );
        diags.extend(anchor_diags);
        diags.extend(index_diags);
        diags.extend(tag_diags);
        (references, sitemap, uncited)
    }

    /// The pages behind `uses` (page id, citation anchor; in reading order), each once,
    /// with its citations of the work in order.
    fn citing_pages(&self, uses: &[(&str, &str)]) -> Vec<CitingPage> {
        (uses.chunk_by(|a, b| a.0 == b.0))
            .filter_map(|run| {
                let p = self.pages.get(run[0].0)?;
                let anchors: Vec<&str> = run.iter().map(|(_, anchor)| *anchor).collect();
                Some(CitingPage::new(&p.meta.title, &p.url, &anchors))
            })
            .collect()
    }

    /// The `/references/` page, with each work's backlinks. Returns the number of works,
    /// the keys of those the language's pages do not cite, and the page's problems.
    fn reference_index(
        &self,
        cites: Option<(&Bibliography, &Styler)>,
        facts: &BTreeMap<String, PageFacts>,
    ) -> (usize, Vec<String>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let Some((bib, styler)) = cites else {
            return (0, Vec::new(), diags);
        };
        let cited_by = cited_by(self.order, facts);
        let uncited = (styler.sorted_keys().iter())
            .filter(|key| !cited_by.contains_key(key.as_str()))
            .cloned()
            .collect();
        if bib.is_empty() {
            return (0, uncited, diags);
        }
        let entries: Vec<ReferenceView> = styler
            .sorted_keys()
            .iter()
            .filter_map(|k| {
                let html = styler.entry_html(k)?.to_string();
                let cited_in = (cited_by.get(k.as_str()))
                    .map(|uses| self.citing_pages(uses))
                    .unwrap_or_default();
                Some(ReferenceView {
                    key: k.clone(),
                    html,
                    cited_in,
                })
            })
            .collect();
        let view = PageView {
            kind: "references",
            title: self.strings.get("references-title"),
            description: self.strings.get_with(
                "references-description",
                &[("site", self.config.title.as_str().into())],
            ),
            url: self.paths.references(),
            permalink: self.config.permalink(&self.paths.references()),
            references: entries,
            ..PageView::default()
        };
        self.render(
            "references.html",
            &url_to_file(&self.paths.references()),
            &view,
            &mut diags,
        );
        (bib.len(), uncited, diags)
    }

    /// The language's entries of sitemap.xml (its pages, its reference index and its tag
    /// pages, which this writes), with each page's other languages.
    fn sitemap(&self, has_refs: bool) -> (Vec<SitemapEntry>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let config = self.config;
        let mut listed: Vec<&SourcePage> = (self.order.iter())
            .filter_map(|id| self.pages.get(id.as_str()).copied())
            .collect();
        listed.sort_by(|a, b| a.url.cmp(&b.url));
        let mut sitemap: Vec<SitemapEntry> = listed
            .iter()
            .map(|p| SitemapEntry {
                loc: config.permalink(&p.url),
                lastmod: p
                    .meta
                    .updated
                    .as_ref()
                    .or(p.meta.date.as_ref())
                    .map(|d| d.chars().take(10).collect()),
                alternates: self.alternates.get(&p.id).cloned().unwrap_or_default(),
            })
            .collect();
        if has_refs {
            sitemap.push(SitemapEntry {
                loc: config.permalink(&self.paths.references()),
                lastmod: None,
                alternates: Vec::new(),
            });
        }
        for url in self.tag_pages(&mut diags) {
            sitemap.push(SitemapEntry {
                loc: config.permalink(&url),
                lastmod: None,
                alternates: Vec::new(),
            });
        }
        (sitemap, diags)
    }

    /// `/tags/`, every tag with its count (by name), and each tag's page listing the pages
    /// that carry it in reading order; none when no page has tags. Returns their URLs.
    fn tag_pages(&self, diags: &mut Diagnostics) -> Vec<String> {
        let mut tags: BTreeMap<String, (String, Vec<LinkView>)> = BTreeMap::new();
        for page in (self.order.iter()).filter_map(|id| self.pages.get(id.as_str())) {
            let link = LinkView::to(page);
            let mut seen = std::collections::HashSet::new();
            for tag in &page.meta.tags {
                let url = self.paths.tag(tag);
                if seen.insert(url.clone()) {
                    let entry = tags.entry(url).or_insert_with(|| (tag.clone(), Vec::new()));
                    entry.1.push(link.clone());
                }
            }
        }
        if tags.is_empty() {
            return Vec::new();
        }
        let mut urls = vec![self.paths.tags()];
        let mut index = Vec::new();
        for (url, (name, pages)) in tags {
            let tag = TagView::new(&name, pages, self.paths);
            let view = PageView {
                kind: "tag",
                title: self
                    .strings
                    .get_with("tag-title", &[("tag", name.as_str().into())]),
                description: self.strings.get_with(
                    "tag-description",
                    &[
                        ("site", self.config.title.as_str().into()),
                        ("tag", name.as_str().into()),
                    ],
                ),
                permalink: self.config.permalink(&url),
                url: url.clone(),
                tag_list: vec![tag.clone()],
                ..PageView::default()
            };
            self.render("tag.html", &url_to_file(&url), &view, diags);
            index.push(TagView {
                pages: Vec::new(),
                ..tag
            });
            urls.push(url);
        }
        index.sort_by_key(|t| t.name.to_lowercase());
        let view = PageView {
            kind: "tags",
            title: self.strings.get("tags-title"),
            description: self.strings.get_with(
                "tags-description",
                &[("site", self.config.title.as_str().into())],
            ),
            url: self.paths.tags(),
            permalink: self.config.permalink(&self.paths.tags()),
            tag_list: index,
            ..PageView::default()
        };
        self.render("tags.html", &url_to_file(&self.paths.tags()), &view, diags);
        urls
    }

    /// Renders a page that has no Markdown of its own into `file`.
    fn render(&self, template: &str, file: &str, view: &PageView, diags: &mut Diagnostics) {
        render_into(
            self.theme, self.base, self.sink, template, file, view, diags,
        );
    }
}

/// What the site has once, whatever its languages: written in its default language.
pub(super) struct SiteFiles<'a> {
    pub(super) config: &'a Config,
    pub(super) strings: &'a Strings,
    pub(super) theme: Option<&'a Theme>,
    pub(super) sink: &'a dyn Sink,
    pub(super) base: &'a tera::Context,
    pub(super) favicons: &'a Favicons,
}

impl SiteFiles<'_> {
    /// 404.html, sitemap.xml (every language's `sitemap` entries), robots.txt and the
    /// static files.
    pub(super) fn write(&self, root: &Path, sitemap: Vec<SitemapEntry>) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let config = self.config;
        let not_found = PageView {
            kind: "404",
            title: self.strings.get("not-found-title"),
            url: "/404.html".into(),
            permalink: config.permalink("/404.html"),
            ..PageView::default()
        };
        self.render("404.html", "404.html", &not_found, &mut diags);
        let sitemap = PageView {
            kind: "sitemap",
            sitemap,
            ..PageView::default()
        };
        self.render("sitemap.xml", "sitemap.xml", &sitemap, &mut diags);
        self.render("robots.txt", "robots.txt", &PageView::default(), &mut diags);
        copy_static(root, self.favicons, self.sink, &mut diags);
        diags
    }

    fn render(&self, template: &str, file: &str, view: &PageView, diags: &mut Diagnostics) {
        render_into(
            self.theme, self.base, self.sink, template, file, view, diags,
        );
    }
}

/// Renders a page that has no Markdown of its own into `file`.
fn render_into(
    theme: Option<&Theme>,
    base: &tera::Context,
    sink: &dyn Sink,
    template: &str,
    file: &str,
    view: &PageView,
    diags: &mut Diagnostics,
) {
    let Some(theme) = theme else { return };
    match theme.render(template, &mut base.clone(), view, "") {
        Ok(bytes) => {
            if let Err(e) = sink.put(file, bytes.into()) {
                diags.push(Diagnostic::error(file, format!("{e:#}")));
            }
        }
        Err(d) => diags.push(d),
    }
}

/// The reference index: for each cited key, every citation of it in reading order
/// (pages in site order, citations in page order) as (page id, citation anchor id).
fn cited_by<'a>(
    order: &'a [String],
    facts: &'a BTreeMap<String, PageFacts>,
) -> BTreeMap<&'a str, Vec<(&'a str, &'a str)>> {
    // Borrowed: at 10,000 pages this index holds 22,000 citations, built while the
    // reference index page is the build's largest moment for memory.
    let mut index: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for id in order {
        let Some(f) = facts.get(id) else { continue };
        for use_ in &f.citations {
            for key in &use_.keys {
                index.entry(key).or_default().push((id, &use_.id));
            }
        }
    }
    index
}

/// The warning for a work of the bibliography that no page cites, at its entry.
pub(super) fn cited_nowhere(bib: &Bibliography, key: &str) -> Diagnostic {
    let mut d = Diagnostic::warning(
        "content/references.yaml",
        format!("reference `{key}` is cited nowhere"),
    )
    .with_hint("cite it with [@KEY] or remove it from the bibliography");
    if let Some((path, line)) = bib.definition(key) {
        d.path = path.to_path_buf();
        d.line = line;
    }
    d
}

/// The theme's static files (but its icons when the site has its own), then the site's
/// own `static/` over them.
fn copy_static(root: &Path, favicons: &Favicons, sink: &dyn Sink, diags: &mut Diagnostics) {
    let mut files: BTreeMap<String, Vec<u8>> = render::embedded_files(&render::THEME_STATIC)
        .into_iter()
        .filter(|(name, _)| favicons.publishes_theme_file(name))
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error("static", format!("cannot read: {e}")));
                    continue;
                }
            };
            // Symlinks are not followed: a link out of static/ must not leak files.
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let name = rel.to_string_lossy().replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(e) => diags.push(Diagnostic::error(
                    Path::new("static").join(rel),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    for (name, bytes) in files {
        if let Err(e) = sink.put(&name, bytes.into()) {
            diags.push(Diagnostic::error(
                Path::new("static").join(&name),
                format!("{e:#}"),
            ));
        }
    }
}
