//! The site model: relations between pages, computed once per build from front matter
//! alone (sections and their order, the program's steps, previous/next, guide and
//! worksheet pairs, the main menu, the reading order), plus the checks that need every
//! page's front matter (duplicate URLs and steps, unknown worksheets). Pages are keyed by
//! id; relations are ids, looked up later. What needs every page's rendered output is the
//! build's ([`crate::build`]).

use crate::content::{Kind, SourcePage};
use crate::diagnostic::Diagnostic;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The worksheets section's folder.
pub const WORKSHEETS_DIR: &str = "worksheets";
/// The home page's id.
const HOME_ID: &str = "_index.md";
/// URL of the generated reference index.
pub const REFERENCES_URL: &str = "/references/";

/// URL of the print edition, the whole guide on one page (its book PDFs beside it).
pub const PRINT_URL: &str = "/print/";

/// The page that lists every tag; each tag's own page is under it ([`tag_url`]).
pub const TAGS_URL: &str = "/tags/";

/// The URL of a tag's page: `/tags/<slug>/`, the slug made as heading ids are, so tags
/// that differ only in case or punctuation (`Trust`, `trust`) share a page.
pub fn tag_url(tag: &str) -> String {
    match crate::markdown::slugify(tag) {
        slug if slug.is_empty() => format!("{TAGS_URL}tag/"),
        slug => format!("{TAGS_URL}{slug}/"),
    }
}

/// Where one language's pages and the pages the build makes for it live: under `/` for
/// the site's default language, under `/de/` for German. Replaces the URL constants above
/// wherever a language's own page is meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The language's tag (`en`, `de`).
    pub lang: String,
    /// `/` or `/de/`.
    root: String,
}

impl Paths {
    /// The paths of `lang`; `default` is the site's first language, served at `/`.
    pub fn new(lang: &str, default: bool) -> Paths {
        Paths {
            lang: lang.to_string(),
            root: if default {
                "/".into()
            } else {
                format!("/{lang}/")
            },
        }
    }

    /// The language's home page: `/` or `/de/`.
    pub fn home(&self) -> &str {
        &self.root
    }

    /// `/references/`, `/de/references/`.
    pub fn references(&self) -> String {
        self.under(REFERENCES_URL)
    }

    /// `/tags/`, `/de/tags/`.
    pub fn tags(&self) -> String {
        self.under(TAGS_URL)
    }

    /// A tag's page ([`tag_url`]) in this language.
    pub fn tag(&self, tag: &str) -> String {
        self.under(&tag_url(tag))
    }

    /// The print edition: `/print/`, `/de/print/`.
    pub fn print(&self) -> String {
        self.under(PRINT_URL)
    }

    /// `/atom.xml`, `/de/atom.xml`.
    pub fn feed(&self) -> String {
        self.under("/atom.xml")
    }

    /// A site path of the default language (`/x/`) under this language's root.
    fn under(&self, path: &str) -> String {
        format!("{}{}", self.root, path.trim_start_matches('/'))
    }
}

/// One page's place in the site (no body).
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The section page (`…/_index.md` id) this page is listed in; None for home.
    pub section: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// For a section or home: its pages and subsections in order.
    pub children: Vec<String>,
    /// Guide -> its worksheet; worksheet -> its guide.
    pub worksheet: Option<String>,
    pub guide: Option<String>,
}

/// Relations between all pages of a build.
#[derive(Debug, Default)]
pub struct Site {
    pub nodes: HashMap<String, Node>,
    /// Content id -> URL, for link rewriting.
    pub urls: HashMap<String, String>,
    /// Step pages in program order.
    pub steps: Vec<String>,
    /// The home page's children: the main menu.
    pub menu: Vec<String>,
    /// Worksheet pages in order (their guide's step, then weight).
    pub worksheets: Vec<String>,
}

impl Site {
    pub fn node(&self, id: &str) -> &Node {
        static EMPTY: std::sync::OnceLock<Node> = std::sync::OnceLock::new();
        self.nodes
            .get(id)
            .unwrap_or_else(|| EMPTY.get_or_init(Node::default))
    }

    /// The main-menu entry (a child of home) that page `id` is, or is inside.
    pub fn menu_entry<'a>(&'a self, mut id: &'a str) -> Option<&'a str> {
        // Sections nest a few levels deep: a short walk up.
        loop {
            match self.nodes.get(id)?.section.as_deref()? {
                HOME_ID => return Some(id),
                section => id = section,
            }
        }
    }

    /// "Step N of M" for a step page.
    pub fn step_position(&self, id: &str) -> Option<(usize, usize)> {
        self.steps
            .iter()
            .position(|s| s == id)
            .map(|i| (i + 1, self.steps.len()))
    }
}

pub fn is_worksheet(page: &SourcePage) -> bool {
    page.kind == Kind::Page && page.dir() == WORKSHEETS_DIR
}

/// Sort key within a section: steps first by number, then weight, then title.
fn order_key(p: &SourcePage) -> (u32, i64, String, String) {
    (
        p.meta.step.unwrap_or(u32::MAX),
        p.meta.weight.unwrap_or(i64::MAX),
        p.meta.title.to_lowercase(),
        p.id.clone(),
    )
}

/// The error for a site, or a language, without `content/_index.md` (a page that could not
/// be read, in `broken`, was reported already); None when it has one.
pub fn missing_home(pages: &[Arc<SourcePage>], broken: &[String]) -> Option<Diagnostic> {
    let has = pages.iter().any(|p| p.id == HOME_ID) || broken.iter().any(|b| b == HOME_ID);
    (!has).then(|| {
        Diagnostic::error("content/_index.md", "the home page is missing")
            .with_hint("create content/_index.md with `---\\ntitle: Home\\n---`")
    })
}

/// Builds the model. `reserved` are URLs the build generates itself (e.g. the index).
/// Whether there is a home page is [`missing_home`]'s question, not this one's: a
/// translation may lack its own.
pub fn build(
    pages: &[Arc<SourcePage>],
    broken: &[String],
    reserved: &[&str],
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut site = Site::default();
    let pages: Vec<&SourcePage> = pages.iter().map(|p| &**p).collect();
    let by_id: HashMap<&str, &SourcePage> = pages.iter().map(|p| (p.id.as_str(), *p)).collect();
    site.add_urls(&pages, broken, reserved, &mut diagnostics);
    site.add_sections(&pages, &by_id);
    site.add_steps(&pages, &mut diagnostics);
    site.add_worksheets(&pages, &mut diagnostics);
    (site, diagnostics)
}

impl Site {
    /// Every page's URL, which must be unique and not one the build generates itself.
    /// Files that exist but did not parse (`broken`) keep theirs, for links to them.
    fn add_urls(
        &mut self,
        pages: &[&SourcePage],
        broken: &[String],
        reserved: &[&str],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut by_url: HashMap<&str, &SourcePage> = HashMap::new();
        for &p in pages {
            if reserved.contains(&p.url.as_str()) {
                diagnostics.push(
                    p.error_at_key(
                        "title",
                        format!("this page's URL `{}` is generated by kintsugi", p.url),
                    )
                    .with_hint("rename the file or set another `slug`"),
                );
            } else if let Some(first) = by_url.insert(&p.url, p) {
                // The page that set `slug` is the one to fix, so the error goes to its `slug` line.
                let (first, second) =
                    if (first.meta.slug.is_some(), &first.id) < (p.meta.slug.is_some(), &p.id) {
                        (first, p)
                    } else {
                        (p, first)
                    };
                by_url.insert(&p.url, first);
                diagnostics.push(
                    second
                        .error_at_key(
                            "slug",
                            format!(
                                "duplicate URL `{}`: `{}` has it too",
                                second.url,
                                first.path.display()
                            ),
                        )
                        .with_hint("give one of them another `slug` or file name"),
                );
            }
            self.urls.insert(p.id.clone(), p.url.clone());
        }
        // Files that exist but did not parse were reported already; they still exist.
        for id in broken {
            self.urls.insert(id.clone(), crate::content::path_url(id));
        }
    }

    /// Sections: each page belongs to the nearest folder above it with an `_index.md`,
    /// ordered by step, weight and title, with previous/next among a section's pages and
    /// the home page's children as the main menu.
    fn add_sections(&mut self, pages: &[&SourcePage], by_id: &HashMap<&str, &SourcePage>) {
        let section_of = |dir: &str| -> String {
            let mut d = dir.to_string();
            loop {
                let id = if d.is_empty() {
                    HOME_ID.to_string()
                } else {
                    format!("{d}/_index.md")
                };
                if by_id.contains_key(id.as_str()) || d.is_empty() {
                    return id;
                }
                d = d
                    .rsplit_once('/')
                    .map_or(String::new(), |(p, _)| p.to_string());
            }
        };
        let mut children: BTreeMap<String, Vec<&SourcePage>> = BTreeMap::new();
        // Pages of one folder share their section: look it up once per folder.
        let mut sections: HashMap<&str, String> = HashMap::new();
        for &p in pages {
            let node = self.nodes.entry(p.id.clone()).or_default();
            if p.kind == Kind::Home {
                continue;
            }
            let section = (sections.entry(&p.parent))
                .or_insert_with(|| section_of(&p.parent))
                .clone();
            node.section = Some(section.clone());
            children.entry(section).or_default().push(p);
        }
        for (section, mut kids) in children {
            kids.sort_by_cached_key(|p| order_key(p));
            let ids: Vec<String> = kids.iter().map(|p| p.id.clone()).collect();
            // Previous/next among the section's pages (not its subsections).
            let pages_only: Vec<&String> = kids
                .iter()
                .filter(|p| p.kind == Kind::Page)
                .map(|p| &p.id)
                .collect();
            for (i, id) in pages_only.iter().enumerate() {
                let node = self.nodes.entry((*id).clone()).or_default();
                node.prev = i.checked_sub(1).map(|j| pages_only[j].clone());
                node.next = pages_only.get(i + 1).map(|s| (*s).clone());
            }
            if section == HOME_ID {
                self.menu = ids.clone();
            }
            self.nodes.entry(section).or_default().children = ids;
        }
    }

    /// The program: the pages with a `step`, in step order; a step number is used once.
    fn add_steps(&mut self, pages: &[&SourcePage], diagnostics: &mut Vec<Diagnostic>) {
        let mut steps: Vec<&SourcePage> = pages
            .iter()
            .copied()
            .filter(|p| p.meta.step.is_some())
            .collect();
        steps.sort_by_key(|p| (p.meta.step, p.id.clone()));
        for pair in steps.windows(2) {
            if pair[0].meta.step == pair[1].meta.step {
                diagnostics.push(
                    pair[1]
                        .error_at_key(
                            "step",
                            format!(
                                "duplicate step {}: `{}` is step {} too",
                                pair[1].meta.step.unwrap_or(0),
                                pair[0].path.display(),
                                pair[0].meta.step.unwrap_or(0)
                            ),
                        )
                        .with_hint("number the steps 1, 2, 3, … once each"),
                );
            }
        }
        self.steps = steps.iter().map(|p| p.id.clone()).collect();
    }

    /// Guides and their worksheets, paired both ways, and the worksheets in the order of
    /// their guides' steps. A guide naming no existing worksheet is an error.
    fn add_worksheets(&mut self, pages: &[&SourcePage], diagnostics: &mut Vec<Diagnostic>) {
        let mut worksheet_rank: HashMap<String, (u32, i64)> = HashMap::new();
        for &p in pages {
            let Some(slug) = &p.meta.worksheet else {
                continue;
            };
            let target = format!("{WORKSHEETS_DIR}/{slug}.md");
            let found = pages.iter().find(|w| {
                is_worksheet(w) && (w.id == target || w.url == format!("/{WORKSHEETS_DIR}/{slug}/"))
            });
            match found {
                Some(w) => {
                    self.nodes.entry(p.id.clone()).or_default().worksheet = Some(w.id.clone());
                    self.nodes.entry(w.id.clone()).or_default().guide = Some(p.id.clone());
                    worksheet_rank.insert(w.id.clone(), (p.meta.step.unwrap_or(u32::MAX), 0));
                }
                None => {
                    let known: Vec<String> = pages
                        .iter()
                        .filter(|w| is_worksheet(w))
                        .map(|w| {
                            w.url
                                .trim_matches('/')
                                .trim_start_matches("worksheets/")
                                .to_string()
                        })
                        .collect();
                    diagnostics.push(
                        p.error_at_key(
                            "worksheet",
                            format!("unknown worksheet `{slug}`: there is no content/{target}"),
                        )
                        .with_hint(if known.is_empty() {
                            "create the worksheet in content/worksheets/".to_string()
                        } else {
                            format!("known worksheets: {}", known.join(", "))
                        }),
                    );
                }
            }
        }
        let mut worksheets: Vec<&SourcePage> =
            pages.iter().copied().filter(|p| is_worksheet(p)).collect();
        worksheets.sort_by_key(|w| {
            let (step, _) = worksheet_rank.get(&w.id).copied().unwrap_or((u32::MAX, 0));
            (step, order_key(w))
        });
        self.worksheets = worksheets.iter().map(|w| w.id.clone()).collect();
    }
}

/// Site reading order: home, then depth-first through sections in their order.
pub fn reading_order(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![HOME_ID.to_string()];
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for child in site.node(&id).children.iter().rev() {
            stack.push(child.clone());
        }
        out.push(id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_languages_pages_live_under_its_root() {
        let en = Paths::new("en", true);
        assert_eq!(
            (en.home(), en.references(), en.tag("Trust"), en.feed()),
            (
                "/",
                "/references/".into(),
                "/tags/trust/".into(),
                "/atom.xml".into()
            )
        );
        assert_eq!(en.print(), "/print/");
        let de = Paths::new("de", false);
        assert_eq!(de.print(), "/de/print/");
        assert_eq!(
            (de.home(), de.references(), de.tags(), de.tag("Vertrauen")),
            (
                "/de/",
                "/de/references/".into(),
                "/de/tags/".into(),
                "/de/tags/vertrauen/".into()
            )
        );
    }
    use std::path::Path;

    fn page(id: &str, fm: &str) -> Arc<SourcePage> {
        let (page, errors) = SourcePage::parse(id, Path::new(id), format!("---\n{fm}\n---\n"));
        assert!(errors.is_empty(), "{errors:?}");
        Arc::new(page.unwrap())
    }

    #[test]
    fn steps_order_prev_next_and_worksheets() {
        let pages = vec![
            page("_index.md", "title: Home"),
            page("steps/_index.md", "title: Steps"),
            page("steps/b.md", "title: B\nstep: 2"),
            page("steps/a.md", "title: A\nstep: 1\nworksheet: a"),
            page("worksheets/_index.md", "title: W"),
            page("worksheets/a.md", "title: WA"),
            page("about.md", "title: About\nweight: 1"),
        ];
        let (site, diags) = build(&pages, &[], &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(site.steps, ["steps/a.md", "steps/b.md"]);
        assert_eq!(site.node("steps/a.md").next.as_deref(), Some("steps/b.md"));
        assert_eq!(site.node("steps/b.md").prev.as_deref(), Some("steps/a.md"));
        assert_eq!(
            site.node("steps/a.md").worksheet.as_deref(),
            Some("worksheets/a.md")
        );
        assert_eq!(
            site.node("worksheets/a.md").guide.as_deref(),
            Some("steps/a.md")
        );
        assert_eq!(
            site.menu,
            ["about.md", "steps/_index.md", "worksheets/_index.md"]
        );
        assert_eq!(site.step_position("steps/b.md"), Some((2, 2)));
        assert_eq!(
            reading_order(&site),
            [
                "_index.md",
                "about.md",
                "steps/_index.md",
                "steps/a.md",
                "steps/b.md",
                "worksheets/_index.md",
                "worksheets/a.md"
            ]
        );
    }

    #[test]
    fn a_site_without_its_home_page_is_told_so() {
        let pages = vec![page("a.md", "title: A")];
        let error = missing_home(&pages, &[]).expect("an error");
        assert_eq!(error.message, "the home page is missing");
        assert!(missing_home(&pages, &["_index.md".to_string()]).is_none());
        assert!(missing_home(&[page("_index.md", "title: Home")], &[]).is_none());
    }

    #[test]
    fn duplicate_steps_and_urls_are_errors() {
        let pages = vec![
            page("_index.md", "title: Home"),
            page("a.md", "title: A\nstep: 1"),
            page("b.md", "title: B\nstep: 1\nslug: a"),
        ];
        let (_, diags) = build(&pages, &[], &[]);
        let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("duplicate URL `/a/`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("duplicate step 1")),
            "{msgs:?}"
        );
    }
}
