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
mod look_alikes;
mod mend;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, RwLock};

use hayagriva::citationberg::{IndependentStyle, Locale};
use hayagriva::types::Person;
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
    /// The style's "no date" term, after which undated look-alikes get their letter.
    no_date_term: Option<String>,
    /// The letter of each undated look-alike, by rank (see `look_alikes`).
    letters: HashMap<usize, String>,
    /// The initials shown before the first author's family name in the citations of a
    /// work, by rank, where another work's first author has the same family name (see
    /// `look_alikes`).
    given_names: HashMap<usize, String>,
    /// A numeric style (IEEE, Vancouver, AMA): a work's number is its rank plus one, the
    /// same on every page, in every list and in the index (see [`Styler::number_by_citations`]).
    numeric: bool,
    /// For a numeric style, empty works that stand for skipped numbers in a driver, so
    /// that hayagriva collapses only real runs of numbers (see `render_in_driver`).
    fillers: Vec<Entry>,
    diagnostics: Vec<Diagnostic>,
    /// Rendered clusters, without the occurrence-specific ids.
    cache: RwLock<HashMap<Cluster, Arc<[Part]>>>,
    /// hayagriva's rendering of single-work citations, per work, form and locator; a
    /// numeric page-like locator is rendered once as a placeholder and its value put in
    /// afterwards (see [`Styler::single_children`]).
    singles: RwLock<HashMap<SingleKey, Option<Arc<[ElemChild]>>>>,
}

impl Styler {
    /// `style` is the `citation_style` setting ("apa" is the default), `language` the
    /// site's (a BCP 47 tag: the terms and dates follow it). The error message for an
    /// unknown or unsupported style names the supported ones.
    pub fn new(bib: &Bibliography, style: &str, language: &str) -> Result<Styler, String> {
        let (style, locales) = style::load(style, language, bib.entries())?;
        Ok(Styler::with_style(bib, style, locales))
    }

    /// A formatter with the CSL style in `xml`, the site's `.csl` file shown as `file`.
    pub fn from_csl(
        bib: &Bibliography,
        file: &str,
        xml: &str,
        language: &str,
    ) -> Result<Styler, String> {
        let (style, locales) = style::load_csl(file, xml, language, bib.entries())?;
        Ok(Styler::with_style(bib, style, locales))
    }

    /// [`Styler::new`] with the style and its locales already loaded.
    pub(super) fn with_style(
        bib: &Bibliography,
        mut style: IndependentStyle,
        locales: Vec<Locale>,
    ) -> Styler {
        // hayagriva 0.10.1's adding of given names drops them from the reference list
        // ("Smith. (2020)") without changing the citation; the styler adds them itself.
        let given_names = (style.citation.disambiguate_add_givenname)
            .then_some(style.citation.givenname_disambiguation_rule);
        style.citation.disambiguate_add_givenname = false;
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
        let numeric = style::is_numeric(&style);
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
            no_date_term: None,
            letters: HashMap::new(),
            given_names: HashMap::new(),
            numeric,
            fillers: Vec::new(),
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
        if styler.numeric {
            styler.render_numbered();
            return styler;
        }

        // 2. Each work's in-text form alone, its names (for cite groups) and first person.
        let rendered: Vec<(String, String, Option<Person>)> = (styler.entries.par_iter())
            .map(|entry| {
                let request = CitationRequest::from_items(
                    vec![CitationItem::with_entry(entry)],
                    &styler.cite_style,
                    &styler.locales,
                );
                let alone = hayagriva::standalone_citation(request);
                let names = alone.find_names().map(|n| format!("{n:?}"));
                let first = look_alikes::first_person(&alone.0).cloned();
                (format!("{alone:#}"), names.unwrap_or_default(), first)
            })
            .collect();
        if let Some(rule) = given_names {
            let first: Vec<Option<Person>> = rendered.iter().map(|r| r.2.clone()).collect();
            let forms: Vec<String> = rendered.iter().map(|r| r.0.clone()).collect();
            styler.given_names = look_alikes::given_names(&first, &forms, rule);
        }
        let (forms, names): (Vec<String>, Vec<String>) = (rendered.into_iter())
            .enumerate()
            .map(|(rank, (form, names, _))| (styler.form_key(rank, form), names))
            .unzip();
        styler.names = names;

        // 3. Everything rendered, with ambiguity peers together.
        let (forms, entry_html, peers) = styler.render_entries(forms);
        styler.entry_html = entry_html;
        styler.peers = peers;

        // 4. Letters for undated works that still look alike; their entries again.
        styler.no_date_term = look_alikes::no_date_term(&styler);
        let (letters, diagnostics) = styler.undated_letters(bib, &forms);
        styler.letters = letters;
        let mut lettered: Vec<usize> = styler.letters.keys().copied().collect();
        lettered.sort_unstable();
        for rank in lettered {
            let (_, html) = styler.render_unit(&[rank]);
            styler.entry_html[rank] = html.into_iter().next().unwrap_or_default();
        }
        styler.diagnostics = diagnostics;
        styler
    }

    /// Whether the style numbers works in the order they are first cited (IEEE, Vancouver,
    /// AMA), so that the build must tell it that order ([`Styler::number_by_citations`]).
    pub fn numbers_by_citation(&self) -> bool {
        self.numeric
            && self
                .style
                .bibliography
                .as_ref()
                .is_some_and(|b| b.sort.is_none())
    }

    /// A formatter that numbers the works of a citation-order style by `cited`, the site's
    /// citation keys in reading order (repeats and unknown keys are skipped): the first
    /// work cited is [1], and works cited nowhere come after the cited ones, in list order.
    /// The reference list follows the numbers. None when the numbers are already so (or
    /// the style does not number by citation). A new formatter rather than a change to
    /// this one: `serve` keeps this one between builds while the bibliography is the same.
    pub fn number_by_citations<'k>(
        &self,
        cited: impl IntoIterator<Item = &'k str>,
    ) -> Option<Styler> {
        if !self.numbers_by_citation() {
            return None;
        }
        let mut order: Vec<usize> = Vec::with_capacity(self.entries.len());
        let mut placed = vec![false; self.entries.len()];
        for key in cited {
            if let Some(&rank) = self.rank.get(key) {
                if !std::mem::replace(&mut placed[rank], true) {
                    order.push(rank);
                }
            }
        }
        order.extend((0..self.entries.len()).filter(|&r| !placed[r]));
        if order.iter().enumerate().all(|(i, &r)| i == r) {
            return None;
        }
        let entries: Vec<Entry> = order.iter().map(|&r| self.entries[r].clone()).collect();
        let sorted_keys: Vec<String> = entries.iter().map(|e| e.key().to_string()).collect();
        let mut numbered = Styler {
            style: self.style.clone(),
            list_style: self.list_style.clone(),
            cite_style: self.cite_style.clone(),
            unsorted_style: self.unsorted_style.clone(),
            locales: self.locales.clone(),
            rank: (sorted_keys.iter().cloned())
                .enumerate()
                .map(|(i, k)| (k, i))
                .collect(),
            entries,
            sorted_keys,
            cite_sort: self.cite_sort.clone(),
            peers: Vec::new(),
            names: Vec::new(),
            entry_html: Vec::new(),
            no_date_term: None,
            letters: HashMap::new(),
            given_names: HashMap::new(),
            numeric: true,
            fillers: Vec::new(),
            diagnostics: self.diagnostics.clone(),
            cache: RwLock::new(HashMap::new()),
            singles: RwLock::new(HashMap::new()),
        };
        numbered.render_numbered();
        Some(numbered)
    }

    /// The reference-list entries of a numeric style, each rendered with its number; no
    /// work has look-alikes (numbers tell them apart) or shares a cite group.
    fn render_numbered(&mut self) {
        let n = self.entries.len();
        self.fillers = (0..n)
            .map(|i| Entry::new(&format!("\u{0}{i}"), hayagriva::types::EntryType::Misc))
            .collect();
        self.names = vec![String::new(); n];
        self.peers = (0..n).map(|i| Arc::from([i])).collect();
        self.entry_html = (0..n)
            .into_par_iter()
            .map(|rank| self.render_unit(&[rank]).1.pop().unwrap_or_default())
            .collect();
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
        self.parts_html(&self.parts(&self.as_rendered(cluster)), id, index_url)
    }

    /// The cluster as Markdown events, for a writer other than HTML's (the print
    /// edition's book): each cited work a link to `#ref-<key>` around its text, and the
    /// text between them as inline Markdown.
    pub fn cluster_events(&self, cluster: &Cluster) -> Vec<pulldown_cmark::Event<'static>> {
        use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
        let mut events = Vec::new();
        for part in self.parts(&self.as_rendered(cluster)).iter() {
            match part {
                Part::Html(s) => events.extend(crate::html::inline_events(s)),
                Part::Cite { rank, html } => {
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: format!("#{}", ref_anchor(&self.sorted_keys[*rank])).into(),
                        title: "".into(),
                        id: "".into(),
                    }));
                    events.extend(crate::html::inline_events(html));
                    events.push(Event::End(TagEnd::Link));
                }
            }
        }
        events
    }

    /// The cluster as this style renders it: as Pandoc does, a numeric style's narrative
    /// citation reads as its number ("as [3] found"), since its citations show no names.
    fn as_rendered<'c>(&self, cluster: &'c Cluster) -> std::borrow::Cow<'c, Cluster> {
        if self.numeric && cluster.narrative {
            std::borrow::Cow::Owned(Cluster {
                narrative: false,
                ..cluster.clone()
            })
        } else {
            std::borrow::Cow::Borrowed(cluster)
        }
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
                // A work told apart by its author's given name is rendered on its own:
                // beside its namesake hayagriva would give both year suffixes.
                if group.len() > 1 || self.given_names.contains_key(&group[0]) {
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

    /// A work's in-text form as the look-alike checks compare it: with the given name it
    /// is cited with, if any (two Smiths of 2020 with different initials do not look alike).
    fn form_key(&self, rank: usize, form: String) -> String {
        match self.given_names.get(&rank) {
            Some(given) => format!("{given} {form}"),
            None => form,
        }
    }

    /// Puts the letter of an undated look-alike (if `rank` is one) into its rendered
    /// citation (`in_text`) or reference-list entry.
    fn put_letter(&self, rank: usize, children: &mut [ElemChild], in_text: bool) {
        if let (Some(letter), Some(term)) = (self.letters.get(&rank), &self.no_date_term) {
            look_alikes::add_letter(children, term, letter, in_text);
        }
    }

    /// Renders works (ranks, ascending) cited once each in one driver: their in-text forms
    /// and reference-list entries. In a numeric style the works must be consecutive ranks:
    /// they get their numbers.
    fn render_unit(&self, unit: &[usize]) -> (Vec<String>, Vec<String>) {
        if unit.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let mut driver = BibliographyDriver::new();
        if self.numeric {
            driver = driver.with_citation_number_offset(unit[0]);
        }
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
        let forms = (rendered.citations.iter())
            .zip(unit)
            .map(|(c, &rank)| self.form_key(rank, format!("{:#}", c.citation)))
            .collect();
        let mut html = vec![String::new(); unit.len()];
        for mut item in rendered.bibliography.map(|b| b.items).unwrap_or_default() {
            if let Some(n) = unit.iter().position(|&r| self.sorted_keys[r] == item.key) {
                self.put_letter(unit[n], &mut item.content.0, false);
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
mod tests;
