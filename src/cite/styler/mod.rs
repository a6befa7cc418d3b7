//! The formatter for one build: [`Styler`] renders every citation and reference of the site
//! with hayagriva's CSL processor, alike on every page. Owns the build-wide state (the
//! reference-list order, in `list_order`; ambiguity peers; rendered citations, in
//! `cluster`), not the citation syntax, the loading of the style, or the HTML writer.
//!
//! # Consistent across the site, at a cost per citation
//! Rendering all of a site's citations in one hayagriva driver would tie every page to the
//! whole site (and hayagriva 0.10.1 disambiguates at most three groups of look-alike works
//! per driver). Instead [`Styler::new`] sorts the reference list once, then groups works
//! whose in-text forms collide ("ambiguity peers": two `(Smith, 2020)`) and renders each
//! group in a driver of its own, in list order, so year suffixes follow the list. A citation
//! is rendered in a small driver holding its works' peers and itself, which reproduces the
//! site-wide result (`Smith, 2020a` on every page and in the list) at a cost that does not
//! grow with the site. Works that still look alike are reported.
//!
//! Rendered citations are memoized per [`Cluster`], and hayagriva's rendering of a one-work
//! citation is shared by all citations of that work in the same form whose locators are of
//! the same kind and plain numbers (`p. 12`, `p. 240`: rendered once with a placeholder
//! number). A citation of several works with no look-alikes and no shared authors is put
//! together from those single renderings, ordered by a driver that only sorts. Tests check
//! both against a driver rendering each citation on its own. The reference list is sorted
//! from a close guess, in parallel chunks. `Styler` is `Send + Sync`: pages are rendered in
//! parallel.

mod cluster;
mod list_order;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use hayagriva::citationberg::{IndependentStyle, Locale};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, Entry,
};
use rayon::prelude::*;

use self::cluster::{Part, SingleKey};
use super::html::item_html;
use super::{ref_anchor, style, Bibliography, Cluster};
use crate::diagnostic::Diagnostic;
use crate::html::escape;

/// The formatter for one build: a CSL style from hayagriva's archive plus precomputed,
/// build-wide state. Send + Sync.
pub struct Styler {
    /// The style, for the reference list.
    style: IndependentStyle,
    /// The style without sorting the reference list (the order is known), for rendering it.
    list_style: IndependentStyle,
    /// The style without its reference-list part, for citations.
    cite_style: IndependentStyle,
    /// `cite_style` with sorting off, for clusters given in their final order.
    unsorted_style: IndependentStyle,
    locales: Vec<Locale>,
    /// All entries, in reference-list order.
    entries: Vec<Entry>,
    /// Key -> position in `entries`.
    rank: HashMap<String, usize>,
    /// The style reduced to its citation sort, to order a cluster's works without
    /// rendering them (see [`Styler::sort_style`]); None if it keeps the order written.
    cite_sort: Option<IndependentStyle>,
    /// For each entry, the entries (itself included, ascending) whose in-text forms collide
    /// with it before or after disambiguation; rendered alongside it in every cluster.
    peers: Vec<Arc<[usize]>>,
    /// For each entry, its rendered names (with the persons behind them): works with equal
    /// names form one cite group, as in "Johnson, 2008, 2013".
    names: Vec<String>,
    sorted_keys: Vec<String>,
    entry_html: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Rendered clusters, without the occurrence-specific ids.
    cache: RwLock<HashMap<Cluster, Arc<[Part]>>>,
    /// hayagriva's rendering of single-work citations, per work, form and locator; a
    /// numeric page-like locator is rendered once as a placeholder and its value put in
    /// afterwards (see [`Styler::single_children`]).
    singles: RwLock<HashMap<SingleKey, Option<Arc<[ElemChild]>>>>,
}

impl Styler {
    /// `style` is the `citation_style` setting ("apa" is the default). The error message
    /// for an unknown or unsupported style names the supported ones.
    pub fn new(bib: &Bibliography, style: &str) -> Result<Styler, String> {
        let (style, locales) = style::load(style, bib.entries())?;
        Ok(Styler::with_style(bib, style, locales))
    }

    /// [`Styler::new`] with the style and its locales already loaded.
    pub(super) fn with_style(
        bib: &Bibliography,
        style: IndependentStyle,
        locales: Vec<Locale>,
    ) -> Styler {
        // Variants of the style for each job. The reference list's order is known once
        // computed, so renderings after that need not sort it again; clusters are
        // rendered without the reference-list part (hayagriva would sort and render a list
        // for every small driver).
        let mut list_style = style.clone();
        if let Some(list) = list_style.bibliography.as_mut() {
            list.sort = None;
        }
        let mut cite_style = style.clone();
        cite_style.bibliography = None;
        let mut unsorted_style = cite_style.clone();
        unsorted_style.citation.sort = None;
        let mut styler = Styler {
            style,
            list_style,
            cite_style,
            unsorted_style,
            locales,
            entries: Vec::new(),
            rank: HashMap::new(),
            cite_sort: None,
            peers: Vec::new(),
            names: Vec::new(),
            sorted_keys: Vec::new(),
            entry_html: Vec::new(),
            diagnostics: Vec::new(),
            cache: RwLock::new(HashMap::new()),
            singles: RwLock::new(HashMap::new()),
        };
        if bib.is_empty() {
            return styler;
        }

        // 1. The reference-list order.
        let order = styler.list_order(bib.entries());
        styler.entries = order.iter().map(|&i| bib.entries()[i].clone()).collect();
        styler.sorted_keys = styler.entries.iter().map(|e| e.key().to_string()).collect();
        styler.rank = (styler.sorted_keys.iter().cloned())
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        styler.cite_sort =
            (styler.style.citation.sort.clone()).and_then(|sort| styler.sort_style(sort));

        // 2. Each work's in-text form alone, and its names (for cite groups).
        let (forms, names): (Vec<String>, Vec<String>) = (styler.entries.par_iter())
            .map(|entry| {
                let request = CitationRequest::from_items(
                    vec![CitationItem::with_entry(entry)],
                    &styler.cite_style,
                    &styler.locales,
                );
                let alone = hayagriva::standalone_citation(request);
                let names = alone.find_names().map(|n| format!("{n:?}"));
                (format!("{alone:#}"), names.unwrap_or_default())
            })
            .unzip();
        styler.names = names;

        // 3. Everything rendered, with ambiguity peers together.
        let (forms, entry_html, peers) = styler.render_entries(forms);
        styler.entry_html = entry_html;
        styler.peers = peers;
        styler.diagnostics = styler.look_alikes(bib, &forms);
        styler
    }

    /// Problems found while preparing (e.g. two works whose in-text form is identical and
    /// could not be disambiguated).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// All keys in the order the style sorts the reference list (APA: author, then year,
    /// then title).
    pub fn sorted_keys(&self) -> &[String] {
        &self.sorted_keys
    }

    /// The position of `key` in the reference list ([`Styler::sorted_keys`]).
    pub fn rank(&self, key: &str) -> Option<usize> {
        self.rank.get(key).copied()
    }

    /// The full reference of `key` as HTML (escaped; italics as `<em>`; DOI/URL as an
    /// `<a>` link), no surrounding `<li>`.
    pub fn entry_html(&self, key: &str) -> Option<&str> {
        let &rank = self.rank.get(key)?;
        self.entry_html.get(rank).map(String::as_str)
    }

    /// The HTML of one citation occurrence. `id` is the occurrence's anchor id on its page
    /// (e.g. "cite-3"), `index_url` the URL of the reference index page (e.g. "/references/").
    ///
    /// Shape: `<span class="citation" id="ID">(<a class="cite" href="INDEX#ref-KEY"
    /// aria-describedby="ID-tip-1">Field, 2017</a>; …)<span class="cite-tip" role="tooltip"
    /// id="ID-tip-1">FULL REFERENCE</span>…</span>`. The theme's CSS must keep `.cite-tip`
    /// visually hidden until its link is hovered or focused: the tip text is part of the
    /// span's text content, and only the in-text citation should show in the running text.
    pub fn cluster_html(&self, cluster: &Cluster, id: &str, index_url: &str) -> String {
        self.parts_html(&self.parts(cluster), id, index_url)
    }

    /// The HTML of a rendered cluster (see [`Styler::cluster_html`]).
    fn parts_html(&self, parts: &[Part], id: &str, index_url: &str) -> String {
        let id = escape(id);
        let index_url = escape(index_url);
        let mut html = format!(r#"<span class="citation" id="{id}">"#);
        let mut tips = String::new();
        let mut n = 0;
        for part in parts.iter() {
            match part {
                Part::Html(s) => html.push_str(s),
                Part::Cite { rank, html: inner } => {
                    n += 1;
                    let key = escape(&ref_anchor(&self.sorted_keys[*rank]));
                    let _ = write!(
                        html,
                        r#"<a class="cite" href="{index_url}#{key}" aria-describedby="{id}-tip-{n}">{inner}</a>"#
                    );
                    let _ = write!(
                        tips,
                        r#"<span class="cite-tip" role="tooltip" id="{id}-tip-{n}">{}</span>"#,
                        self.entry_html[*rank]
                    );
                }
            }
        }
        html.push_str(&tips);
        html.push_str("</span>");
        html
    }

    /// The rendered cluster, from the cache if it was rendered before.
    fn parts(&self, cluster: &Cluster) -> Arc<[Part]> {
        let cached = (self.cache.read().unwrap_or_else(|e| e.into_inner()))
            .get(cluster)
            .cloned();
        cached.unwrap_or_else(|| {
            let parts: Arc<[Part]> = Arc::from(self.render_cluster(cluster));
            self.cache
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(cluster.clone(), parts.clone());
            parts
        })
    }

    /// Renders every work's in-text form and reference-list entry, given the forms each
    /// has alone. Ambiguity peers, works whose forms collide, are rendered together in list
    /// order (year suffixes follow the list: hayagriva hands them out in the order cited),
    /// each group in a driver of its own (hayagriva 0.10.1 disambiguates at most three
    /// groups per driver); other works in batches. A form a group ends up with may collide
    /// with another work's: merge and render again. Returns the forms, the entries' HTML
    /// and each work's peers.
    fn render_entries(
        &self,
        mut forms: Vec<String>,
    ) -> (Vec<String>, Vec<String>, Vec<Arc<[usize]>>) {
        let mut groups = UnionFind::new(self.entries.len());
        let mut entry_html = vec![String::new(); self.entries.len()];
        let mut done: HashMap<usize, Vec<usize>> = HashMap::new();
        for round in 0..8 {
            let mut changed = round == 0;
            let mut first: HashMap<&str, usize> = HashMap::new();
            for (i, form) in forms.iter().enumerate() {
                match first.get(form.as_str()) {
                    Some(&j) if groups.find(i) != groups.find(j) => {
                        groups.union(i, j);
                        changed = true;
                    }
                    Some(_) => {}
                    None => {
                        first.insert(form, i);
                    }
                }
            }
            if !changed {
                break;
            }
            let mut units: Vec<Vec<usize>> = Vec::new();
            let mut batch: Vec<usize> = Vec::new();
            let mut members: Vec<Vec<usize>> = groups.members().into_values().collect();
            members.sort();
            for group in members {
                if done.get(&group[0]) == Some(&group) {
                    continue;
                }
                done.insert(group[0], group.clone());
                if group.len() > 1 {
                    units.push(group);
                } else {
                    batch.extend(group);
                    if batch.len() >= 8 {
                        units.push(std::mem::take(&mut batch));
                    }
                }
            }
            units.push(batch);
            let rendered: Vec<_> = units.par_iter().map(|u| self.render_unit(u)).collect();
            let mut new_forms = forms.clone();
            for (unit, (unit_forms, unit_html)) in units.iter().zip(rendered) {
                for ((&rank, form), html) in unit.iter().zip(unit_forms).zip(unit_html) {
                    new_forms[rank] = form;
                    entry_html[rank] = html;
                }
            }
            forms = new_forms;
        }
        let shared: HashMap<usize, Arc<[usize]>> = groups
            .members()
            .into_iter()
            .map(|(root, list)| (root, Arc::from(list)))
            .collect();
        let peers = (0..self.entries.len())
            .map(|i| shared[&groups.find(i)].clone())
            .collect();
        (forms, entry_html, peers)
    }

    /// Works whose in-text forms are still identical: one error per pair, at the later
    /// one's definition.
    fn look_alikes(&self, bib: &Bibliography, forms: &[String]) -> Vec<Diagnostic> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut diags = Vec::new();
        for (rank, form) in forms.iter().enumerate() {
            let Some(&other) = seen.get(form.as_str()) else {
                seen.insert(form, rank);
                continue;
            };
            let key = &self.sorted_keys[rank];
            let (path, line) = bib
                .definition(key)
                .map_or((PathBuf::new(), 0), |(p, l)| (p.to_path_buf(), l));
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "references `{}` and `{key}` are both cited as `{form}` and could not be told apart",
                        self.sorted_keys[other]
                    ),
                )
                .at(line, 0, None)
                .with_hint("check whether they are the same work; otherwise give them distinguishing dates or authors"),
            );
        }
        diags
    }

    /// Renders works (ranks, ascending) cited once each in one driver: their in-text forms
    /// and reference-list entries.
    fn render_unit(&self, unit: &[usize]) -> (Vec<String>, Vec<String>) {
        if unit.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let mut driver = BibliographyDriver::new();
        for &rank in unit {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(&self.entries[rank])],
                &self.list_style,
                &self.locales,
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(
            &self.list_style,
            None,
            &self.locales,
        ));
        let forms = rendered
            .citations
            .iter()
            .map(|c| format!("{:#}", c.citation))
            .collect();
        let mut html = vec![String::new(); unit.len()];
        for item in rendered.bibliography.map(|b| b.items).unwrap_or_default() {
            if let Some(n) = unit.iter().position(|&r| self.sorted_keys[r] == item.key) {
                html[n] = item_html(item);
            }
        }
        (forms, html)
    }
}

/// Disjoint sets over entry ranks, for ambiguity peers.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    /// Each set's members, ascending, by root.
    fn members(&mut self) -> HashMap<usize, Vec<usize>> {
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..self.0.len() {
            let root = self.find(i);
            members.entry(root).or_default().push(i);
        }
        members
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::cite::parse_bracketed;
    use crate::cite::test_support::{apa, bib, cite, FIVE};

    #[test]
    fn apa_in_text_forms() {
        let styler = apa(FIVE);
        assert!(
            styler.diagnostics().is_empty(),
            "{:#?}",
            styler.diagnostics()
        );
        let cases = [
            ("[@johnson2008]", "(Johnson, 2008)"),
            ("[@johnson2008, p. 45]", "(Johnson, 2008, p. 45)"),
            (
                "[@kross2011; @field2017]",
                "(Field, 2017; Kross et al., 2011)",
            ),
            ("[-@johnson2013]", "(2013)"),
            ("[-@johnson2008, p. 45]", "(2008, p. 45)"),
            ("@kross2011", "Kross et al. (2011)"),
            ("[@johnson2008; @johnson2013]", "(Johnson, 2008, 2013)"),
            ("[@rahe2023]", "(Rahe & Jansen, 2023)"),
            (
                "[see @field2017, pp. 218-220]",
                "(see Field, 2017, pp. 218–220)",
            ),
            (
                "[@rahe2023; @johnson2013; @kross2011; @field2017; @johnson2008]",
                "(Field, 2017; Johnson, 2008, 2013; Kross et al., 2011; Rahe & Jansen, 2023)",
            ),
            ("[@johnson2008, chap. 2]", "(Johnson, 2008, Chapter 2)"),
            ("[@johnson2008, para. 4]", "(Johnson, 2008, para. 4)"),
            ("[@johnson2008, 12]", "(Johnson, 2008, p. 12)"),
            (
                "[e.g., @field2017; -@kross2011]",
                "(e.g., Field, 2017; 2011)",
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(cite(&styler, markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn apa_reference_list() {
        let styler = apa(FIVE);
        assert_eq!(
            styler.sorted_keys(),
            [
                "field2017",
                "johnson2008",
                "johnson2013",
                "kross2011",
                "rahe2023"
            ]
        );
        let expected = [
            (
                "field2017",
                "Field, T. (2017). Romantic breakup distress, betrayal and heartbreak: A review. <em>International Journal of Behavioral Research &amp; Psychology, 5</em>(2), 217–225.",
            ),
            (
                "johnson2008",
                "Johnson, S. M. (2008). <em>Hold me tight: Seven conversations for a lifetime of love</em>. Little, Brown and Company.",
            ),
            (
                "johnson2013",
                "Johnson, S. M. (2013). <em>Love sense: The revolutionary new science of romantic relationships</em>. Little, Brown and Company.",
            ),
            (
                "kross2011",
                "Kross, E., Berman, M. G., Mischel, W., Smith, E. E., &amp; Wager, T. D. (2011). Social rejection shares somatosensory representations with physical pain. <em>Proceedings of the National Academy of Sciences of the United States of America, 108</em>(15), 6270–6275. <a href=\"https://doi.org/10.1073/pnas.1102693108\">https://doi.org/10.1073/pnas.1102693108</a>",
            ),
            (
                // `serial-number: serial` is CSL's `number`, which APA prints as "Article N"
                // when there are no pages.
                "rahe2023",
                "Rahe, M., &amp; Jansen, P. (2023). A closer look at the relationships between aspects of connectedness and flourishing. <em>Frontiers in Psychology, 14</em>, Article 1137752. <a href=\"https://doi.org/10.3389/fpsyg.2023.1137752\">https://doi.org/10.3389/fpsyg.2023.1137752</a>",
            ),
        ];
        for (key, html) in expected {
            assert_eq!(styler.entry_html(key), Some(html), "{key}");
        }
        assert_eq!(styler.entry_html("nope"), None);
    }

    #[test]
    fn cluster_html_shape() {
        let styler = apa(FIVE);
        let cluster = parse_bracketed("@kross2011; @field2017").unwrap().unwrap();
        let html = styler.cluster_html(&cluster, "cite-3", "/references/");
        let tip = |key| styler.entry_html(key).unwrap().to_string();
        assert_eq!(
            html,
            format!(
                r#"<span class="citation" id="cite-3">(<a class="cite" href="/references/#ref-field2017" aria-describedby="cite-3-tip-1">Field, 2017</a>; <a class="cite" href="/references/#ref-kross2011" aria-describedby="cite-3-tip-2">Kross et al., 2011</a>)<span class="cite-tip" role="tooltip" id="cite-3-tip-1">{}</span><span class="cite-tip" role="tooltip" id="cite-3-tip-2">{}</span></span>"#,
                tip("field2017"),
                tip("kross2011")
            )
        );
        // Memoized, but the ids are the occurrence's own.
        let again = styler.cluster_html(&cluster, "cite-9", "/references/");
        assert_eq!(again, html.replace("cite-3", "cite-9"));

        let narrative = styler.cluster_html(&Cluster::narrative("kross2011"), "cite-4", "/r/");
        assert_eq!(
            narrative,
            format!(
                r#"<span class="citation" id="cite-4"><a class="cite" href="/r/#ref-kross2011" aria-describedby="cite-4-tip-1">Kross et al. (2011)</a><span class="cite-tip" role="tooltip" id="cite-4-tip-1">{}</span></span>"#,
                tip("kross2011")
            )
        );
        let prefixed = parse_bracketed("see @field2017, pp. 218-220")
            .unwrap()
            .unwrap();
        assert!(styler
            .cluster_html(&prefixed, "c", "/r/")
            .starts_with(r#"<span class="citation" id="c">(see <a class="cite" href="/r/#ref-field2017" aria-describedby="c-tip-1">Field, 2017, pp. 218–220</a>)"#));
    }

    const SMITHS: &str = r#"
smith2020b:
  type: book
  title: Beta methods
  author: Smith, John
  date: 2020
smith2020a:
  type: book
  title: Alpha methods
  author: Smith, John
  date: 2020
smith2019:
  type: book
  title: Gamma methods
  author: Smith, John
  date: 2019
"#;

    #[test]
    fn same_author_and_year_get_suffixes_in_list_order() {
        let styler = apa(SMITHS);
        assert!(
            styler.diagnostics().is_empty(),
            "{:#?}",
            styler.diagnostics()
        );
        assert_eq!(
            styler.sorted_keys(),
            ["smith2019", "smith2020a", "smith2020b"]
        );
        assert_eq!(cite(&styler, "[@smith2020a]"), "(Smith, 2020a)");
        assert_eq!(cite(&styler, "[@smith2020b]"), "(Smith, 2020b)");
        assert_eq!(cite(&styler, "[@smith2019]"), "(Smith, 2019)");
        assert_eq!(cite(&styler, "[-@smith2020b, p. 3]"), "(2020b, p. 3)");
        assert_eq!(cite(&styler, "@smith2020b"), "Smith (2020b)");
        assert_eq!(
            cite(&styler, "[@smith2020b; @smith2019; @smith2020a]"),
            "(Smith, 2019, 2020a, 2020b)"
        );
        assert_eq!(
            styler.entry_html("smith2020a"),
            Some("Smith, J. (2020a). <em>Alpha methods</em>.")
        );
        assert_eq!(
            styler.entry_html("smith2020b"),
            Some("Smith, J. (2020b). <em>Beta methods</em>.")
        );
    }

    #[test]
    fn disambiguation_holds_for_many_groups_in_one_site_and_one_citation() {
        // Regression: hayagriva disambiguates at most three groups per driver.
        let mut yaml = String::new();
        for author in ["Adams", "Baker", "Clark", "Davis", "Evans"] {
            for (suffix, title) in [("a", "First"), ("b", "Second")] {
                let key = format!("{}{suffix}", author.to_lowercase());
                yaml.push_str(&format!("{key}:\n  type: book\n  title: {title}\n  author: {author}, Ann\n  date: 2020\n"));
            }
        }
        let styler = apa(&yaml);
        assert!(
            styler.diagnostics().is_empty(),
            "{:#?}",
            styler.diagnostics()
        );
        assert_eq!(cite(&styler, "[@evansb]"), "(Evans, 2020b)");
        assert_eq!(
            styler.entry_html("evansb"),
            Some("Evans, A. (2020b). <em>Second</em>.")
        );
        assert_eq!(
            cite(
                &styler,
                "[@adamsb; @bakerb; @clarkb; @davisb; @evansa; @evansb]"
            ),
            "(Adams, 2020b; Baker, 2020b; Clark, 2020b; Davis, 2020b; Evans, 2020a, 2020b)"
        );
    }

    #[test]
    fn different_coauthors_or_initials_get_year_suffixes() {
        // hayagriva's name disambiguation loses given names in the list ("Smith. (2020)")
        // and depends on what else is cited; year suffixes are used instead.
        let yaml = "js:\n  type: book\n  title: One\n  author: Smith, John\n  date: 2020\nas:\n  type: book\n  title: Two\n  author: Smith, Anna\n  date: 2020\nk1:\n  type: book\n  title: K1\n  author: [\"Kross, E.\", \"Berman, M.\", \"Mischel, W.\"]\n  date: 2011\nk2:\n  type: book\n  title: K2\n  author: [\"Kross, E.\", \"Smith, J.\", \"Jones, W.\"]\n  date: 2011\n";
        let styler = apa(yaml);
        assert!(
            styler.diagnostics().is_empty(),
            "{:#?}",
            styler.diagnostics()
        );
        assert_eq!(cite(&styler, "[@js]"), "(Smith, 2020b)");
        assert_eq!(cite(&styler, "[@js; @as]"), "(Smith, 2020a; Smith, 2020b)");
        assert_eq!(cite(&styler, "[@k1]"), "(Kross et al., 2011a)");
        assert_eq!(
            cite(&styler, "[@k2; @k1]"),
            "(Kross et al., 2011a; Kross et al., 2011b)"
        );
        assert_eq!(
            styler.entry_html("js"),
            Some("Smith, J. (2020b). <em>One</em>.")
        );
        assert_eq!(
            styler.entry_html("as"),
            Some("Smith, A. (2020a). <em>Two</em>.")
        );
    }

    #[test]
    fn works_that_cannot_be_told_apart_are_reported_with_both_keys() {
        // Undated works by the same author: hayagriva adds year suffixes only when a date
        // is rendered, so these two stay identical.
        let yaml = "a1:\n  type: book\n  author: Doe, Jane\n  title: One\na2:\n  type: book\n  author: Doe, Jane\n  title: Two\n";
        let styler = apa(yaml);
        let messages: Vec<String> = styler.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            ["content/references.yaml:5: error: references `a1` and `a2` are both cited as `(Doe, n.d.)` and could not be told apart\n  = hint: check whether they are the same work; otherwise give them distinguishing dates or authors"]
        );
    }

    #[test]
    fn other_author_date_styles() {
        let bib = bib(FIVE);
        let all_five = "[@rahe2023; @johnson2013; @kross2011; @field2017; @johnson2008]";
        let hold_me_tight = "Hold Me Tight: Seven Conversations for a Lifetime of Love";
        let love_sense = "Love Sense: The Revolutionary New Science of Romantic Relationships";
        // (style, [@johnson2008, p. 45], [@johnson2008; @johnson2013], all five, @kross2011,
        //  the johnson2008 entry)
        let cases = [
            (
                "chicago-author-date",
                "(Johnson 2008, 45)".to_string(),
                "(Johnson 2008, 2013)".to_string(),
                // Chicago keeps the author's order, with same-author works brought together.
                "(Rahe and Jansen 2023; Johnson 2013, 2008; Kross et al. 2011; Field 2017)".to_string(),
                "Kross et al. (2011)",
                "Johnson, Susan M. 2008. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. Little, Brown and Company.",
            ),
            (
                "harvard-cite-them-right",
                "(Johnson, 2008, p. 45)".to_string(),
                "(Johnson, 2008, 2013)".to_string(),
                // Sorted by year. Regression: hayagriva collapsed the wrong items here
                // ("Johnson, 2008, Johnson, 2013; 2011; ...").
                "(Johnson, 2008, 2013; Kross et al., 2011; Field, 2017; Rahe and Jansen, 2023)".to_string(),
                "Kross et al. (2011)",
                "Johnson, S.M. (2008) <em>Hold me tight: Seven conversations for a lifetime of love</em>. New York: Little, Brown and Company.",
            ),
            (
                // MLA tells same-author works apart by title (the full one: no `short` title
                // in the data).
                "modern-language-association",
                format!("(Johnson, {hold_me_tight} 45)"),
                format!("(Johnson, {hold_me_tight}; Johnson, {love_sense})"),
                format!("(Rahe and Jansen; Johnson, {love_sense}; Kross et al.; Field; Johnson, {hold_me_tight})"),
                // Regression: hayagriva gave "Kross et al. ()".
                "Kross et al.",
                "Johnson, Susan M. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. Little, Brown and Company, 2008.",
            ),
            (
                "american-sociological-association",
                "(Johnson 2008:45)".to_string(),
                "(Johnson 2008, 2013)".to_string(),
                "(Field 2017; Johnson 2008, 2013; Kross et al. 2011; Rahe and Jansen 2023)".to_string(),
                "Kross et al. (2011)",
                "Johnson, Susan M. 2008. <em>Hold Me Tight: Seven Conversations for a Lifetime of Love</em>. New York: Little, Brown and Company.",
            ),
            (
                // Sorted by author, then newest first.
                "elsevier-harvard",
                "(Johnson, 2008, p. 45)".to_string(),
                "(Johnson, 2013, 2008)".to_string(),
                "(Field, 2017; Johnson, 2013, 2008; Kross et al., 2011; Rahe and Jansen, 2023)".to_string(),
                "Kross et al. (2011)",
                "Johnson, S.M., 2008. Hold me tight: Seven conversations for a lifetime of love. Little, Brown and Company, New York.",
            ),
        ];
        for (name, page, both, five, narrative, entry) in cases {
            let styler = Styler::new(&bib, name).unwrap();
            assert!(
                styler.diagnostics().is_empty(),
                "{name}: {:#?}",
                styler.diagnostics()
            );
            assert_eq!(cite(&styler, "[@johnson2008, p. 45]"), page, "{name}");
            assert_eq!(
                cite(&styler, "[@johnson2008; @johnson2013]"),
                both,
                "{name}"
            );
            assert_eq!(cite(&styler, all_five), five, "{name}");
            assert_eq!(cite(&styler, "@kross2011"), narrative, "{name}");
            assert_eq!(styler.entry_html("johnson2008"), Some(entry), "{name}");
            for key in styler.sorted_keys() {
                assert!(
                    !styler.entry_html(key).unwrap_or("").is_empty(),
                    "{name} {key}"
                );
            }
        }
        // Regression: hayagriva doubles the period before the DOI in ASA ("6270–75.. doi:").
        let asa = Styler::new(&bib, "american-sociological-association").unwrap();
        assert_eq!(
            asa.entry_html("kross2011"),
            Some("Kross, Ethan, Marc G. Berman, Walter Mischel, Edward E. Smith, and Tor D. Wager. 2011. “Social Rejection Shares Somatosensory Representations with Physical Pain.” <em>Proceedings of the National Academy of Sciences of the United States of America</em> 108(15):6270–75. doi:<a href=\"https://doi.org/10.1073/pnas.1102693108\">10.1073/pnas.1102693108</a>.")
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        let yamls = [
            "{",
            ":",
            "a: [",
            "a: {type: book, title: x}",
            "- a",
            "a:\n  type: book\n  parent: 3",
            "a:\n\ttype: book",
            "? [a]\n: b",
            "2020:\n  type: book",
            "a: 1\nb: [type]",
            "\u{feff}a:\n  type: book",
        ];
        let bibtexs = [
            "@",
            "@book",
            "@book{",
            "@book{a",
            "@{}",
            "@book{,}",
            "@book{a, title = {x}",
            "@string{x = \"y\"}\n@book{a, title = x}",
            "}}}{{{",
            "@book{a, author = {and and}}",
        ];
        for (yaml, bibtex) in yamls.iter().zip(bibtexs.iter().cycle()) {
            let (bib, _) = Bibliography::parse(
                Some((Path::new("r.yaml"), yaml)),
                Some((Path::new("r.bib"), bibtex)),
            );
            let styler = Styler::new(&bib, "apa").unwrap();
            for key in styler.sorted_keys() {
                let _ = styler.cluster_html(&Cluster::narrative(key), "c", "/");
            }
        }
        let styler = apa(FIVE);
        let empty = Cluster {
            items: Vec::new(),
            narrative: false,
        };
        assert_eq!(
            styler.cluster_html(&empty, "c", "/"),
            r#"<span class="citation" id="c">[]</span>"#
        );
    }

    #[test]
    fn styler_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Styler>();
        assert_send_sync::<Bibliography>();
    }

    #[test]
    fn empty_bibliography() {
        let styler = Styler::new(&Bibliography::default(), "apa").unwrap();
        assert!(styler.sorted_keys().is_empty());
        assert_eq!(
            styler.cluster_html(&Cluster::narrative("a"), "c", "/r/"),
            r#"<span class="citation" id="c">@a</span>"#
        );
    }
}
