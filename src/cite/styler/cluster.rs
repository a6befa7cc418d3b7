//! Renders one citation ([`Cluster`]) into the pieces of its HTML: in a small hayagriva
//! driver with the ambiguity peers of its works, or from the shared renderings of its
//! works alone where that gives the same, then mended (by `mend`) where hayagriva 0.10.1
//! gets cite groups, suppressed authors and narrative forms wrong, with prefixes,
//! suffixes, letters and initials put in. The build-wide state it reads is the styler's;
//! the HTML around the pieces is written by [`Styler::cluster_html`].

use std::sync::Arc;

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::IndependentStyle;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, Entry, LocatorPayload, SpecificLocator,
};

use super::mend::{entry_index, put_number, remove_author};
use super::Styler;
use crate::cite::html::to_html;
use crate::cite::syntax::parse_locator;
use crate::cite::Cluster;
use crate::html::{escape_text, inline_markdown};

/// A single-work citation as hayagriva sees it: the work's rank, narrative or not, and
/// its locator (kind and value, the value possibly [`LOCATOR_PLACEHOLDER`]).
pub(super) type SingleKey = (usize, bool, Option<(Locator, String)>);

/// Stands for a locator value of one to five digits (not starting with 0) while rendering:
/// such values are all singular, numeric and not ranges, so hayagriva renders them alike.
const LOCATOR_PLACEHOLDER: &str = "97531";

/// A piece of a rendered cluster.
#[derive(Debug, Clone)]
pub(super) enum Part {
    /// Escaped HTML between the links: brackets, delimiters, prefixes.
    Html(String),
    /// One cited work: the inner HTML of its link.
    Cite { rank: usize, html: String },
}

/// What a cluster cites, as a driver is given it.
pub(super) struct Cited {
    /// Each item's work: its rank in the reference list.
    pub(super) ranks: Vec<usize>,
    /// Each item's locator, if it has one.
    pub(super) locators: Vec<Option<(Locator, String)>>,
    /// The order the items are given in (indexes of the cluster's items).
    pub(super) order: Vec<usize>,
    /// The ambiguity peers of the works cited (ascending), cited beside them.
    pub(super) peers: Vec<usize>,
}

impl Styler {
    /// Renders a cluster in a small driver with its works' ambiguity peers, or from
    /// renderings of its works alone where that gives the same.
    pub(super) fn render_cluster(&self, cluster: &Cluster) -> Vec<Part> {
        let Some(cited) = self.cited(cluster) else {
            // An unknown key is reported by the caller; show the citation as written.
            return as_written(cluster);
        };
        let (ranks, peers) = (&cited.ranks, &cited.peers);
        if ranks.len() > 1 && peers.is_empty() && !self.numeric && !self.has_cite_group(ranks) {
            if let Some(parts) = self.compose(cluster, ranks, &cited.order) {
                return parts;
            }
        }
        let children = if ranks.len() == 1 {
            self.single_children(cluster, ranks[0], &cited.locators[0], peers)
        } else {
            self.children_in_driver(cluster, &cited)
        };
        self.parts_from(cluster, cited, children)
    }

    /// The works, locators and peers of a cluster; None if it cites no work or an unknown
    /// one.
    fn cited(&self, cluster: &Cluster) -> Option<Cited> {
        let ranks: Option<Vec<usize>> = cluster
            .items
            .iter()
            .map(|item| self.rank.get(&item.key).copied())
            .collect();
        let ranks = ranks.filter(|r| !r.is_empty())?;

        // Works without peers need none cited beside them.
        let mut peers: Vec<usize> = ranks
            .iter()
            .filter(|&&r| self.peers[r].len() > 1)
            .flat_map(|&r| self.peers[r].iter().copied())
            .collect();
        peers.sort_unstable();
        peers.dedup();

        let locators: Vec<Option<(Locator, String)>> = cluster
            .items
            .iter()
            .map(|item| {
                (!item.locator.is_empty())
                    .then(|| parse_locator(&item.locator))
                    .flatten()
            })
            .collect();
        // Styles that sort cites (APA: by author and year) keep ties in the order given:
        // hayagriva hands out year suffixes in the order works are cited, so giving them in
        // list order puts 2020a before 2020b.
        let mut order: Vec<usize> = (0..ranks.len()).collect();
        if self.style.citation.sort.is_some() {
            order.sort_by_key(|&i| ranks[i]);
        }
        Some(Cited {
            ranks,
            locators,
            order,
            peers,
        })
    }

    /// The cluster rendered in one driver with its works' ambiguity peers: what
    /// [`Styler::single_children`] and [`Styler::compose`] stand in for.
    fn children_in_driver(&self, cluster: &Cluster, cited: &Cited) -> Option<Vec<ElemChild>> {
        let Cited {
            ranks,
            locators,
            order,
            peers,
        } = cited;
        self.render_in_driver(&self.cite_style, cluster, ranks, locators, order, peers)
    }

    /// The parts of a cluster from its rendered children (None: show it as written), once
    /// what hayagriva gets wrong is mended.
    fn parts_from(
        &self,
        cluster: &Cluster,
        mut cited: Cited,
        children: Option<Vec<ElemChild>>,
    ) -> Vec<Part> {
        let Some(mut children) = children else {
            return as_written(cluster);
        };
        if self.has_cite_group(&cited.ranks) {
            // hayagriva 0.10.1 brings works by the same authors together by moving items,
            // then collapses the wrong ones ("Johnson, 2008, Johnson, 2013; 2011" with
            // Kross's name lost). Its order is right: render again in that order with
            // sorting off, so that there is nothing to move.
            let sorted: Vec<usize> = children
                .iter()
                .filter_map(entry_index)
                .filter_map(|i| cited.order.get(i).copied())
                .collect();
            if sorted.len() == cited.order.len() {
                cited.order = sorted;
                let Cited {
                    ranks,
                    locators,
                    order,
                    peers,
                } = &cited;
                let unsorted = &self.unsorted_style;
                match self.render_in_driver(unsorted, cluster, ranks, locators, order, peers) {
                    Some(again) => children = again,
                    None => return as_written(cluster),
                }
            }
        }
        self.redo_alone(&mut children, cluster, &cited);
        let Cited {
            ranks,
            order,
            locators,
            ..
        } = &cited;
        let work = |child: &ElemChild| {
            entry_index(child)
                .and_then(|i| order.get(i))
                .map(|&i| (ranks[i], locators[i].is_some()))
        };
        self.fix_group_delimiters(&mut children, work);

        let mut parts = Vec::new();
        for child in &children {
            let ElemChild::Elem(elem) = child else {
                parts.push(Part::Html(to_html(&ElemChildren(vec![child.clone()]))));
                continue;
            };
            let Some(&i) = entry_index(child).and_then(|i| order.get(i)) else {
                parts.push(Part::Html(to_html(&ElemChildren(vec![child.clone()]))));
                continue;
            };
            let (item, rank) = (&cluster.items[i], ranks[i]);
            if !item.prefix.is_empty() {
                parts.push(Part::Html(format!("{} ", inline_markdown(&item.prefix))));
            }
            let mut children = elem.children.clone();
            self.put_letter(rank, &mut children.0, true);
            if let Some(given) = self.given_names.get(&rank) {
                super::look_alikes::add_given_name(&mut children.0, given);
            }
            // hayagriva's suppress-author form drops year suffixes, locators and
            // parentheses: `-@key` is rendered in full, and the names removed here.
            if item.suppress_author && !cluster.narrative {
                remove_author(&mut children.0);
            }
            let mut html = to_html(&children);
            let suffix = inline_markdown(&item.suffix);
            if cluster.narrative {
                // Styles without a date in text (MLA) leave hayagriva's narrative form with
                // empty parentheses: "Kross et al. ()".
                if let Some(name) = html.strip_suffix("()") {
                    html = name.trim_end().to_string();
                }
                // Pandoc puts a narrative citation's suffix inside its parentheses:
                // "Kross et al. (2011, and elsewhere)".
                match html.strip_suffix(')') {
                    Some(inside) if !suffix.is_empty() => html = format!("{inside}{suffix})"),
                    _ => html.push_str(&suffix),
                }
                parts.push(Part::Cite { rank, html });
                continue;
            }
            parts.push(Part::Cite { rank, html });
            if !suffix.is_empty() {
                parts.push(Part::Html(suffix));
            }
        }
        parts
    }

    /// A cluster of several works, none with look-alikes and no two by the same authors,
    /// put together from each work's rendering alone (cached): hayagriva renders each such
    /// work as it does alone, in the style's citation order, joined by the layout's
    /// delimiter inside one pair of the layout's affixes ("(Haddad, 2013; Kim, 2001)"). A
    /// test checks this gives what the driver gives. `given` is the order the driver would
    /// get the works in (indexes of the cluster's items). None if a work's rendering does
    /// not have the expected shape (affix, one cited work, affix) or the style's order is
    /// unknown.
    fn compose(&self, cluster: &Cluster, ranks: &[usize], given: &[usize]) -> Option<Vec<Part>> {
        let distinct = ranks.iter().collect::<std::collections::HashSet<_>>().len();
        if cluster.narrative || distinct < ranks.len() {
            return None;
        }
        let delimiter = self
            .style
            .citation
            .layout
            .delimiter
            .as_deref()
            .unwrap_or("");
        // The style's citation sort (if any) orders the works, ties keeping `given`.
        let order: Vec<usize> = match (&self.style.citation.sort, &self.cite_sort) {
            (None, _) => given.to_vec(),
            (Some(_), Some(style)) => {
                let by_rank = given.iter().map(|&i| ranks[i]).collect();
                (self.sort_order(style, &self.entries, by_rank).iter())
                    .filter_map(|&rank| ranks.iter().position(|&r| r == rank))
                    .collect()
            }
            (Some(_), None) => return None,
        };
        if order.len() != ranks.len() {
            return None;
        }
        let mut affixes: Option<(String, String)> = None;
        let mut parts = Vec::new();
        for (n, &i) in order.iter().enumerate() {
            let alone = self.parts(&Cluster {
                narrative: false,
                items: vec![cluster.items[i].clone()],
            });
            let (Some(Part::Html(open)), Some(Part::Html(close))) = (alone.first(), alone.last())
            else {
                return None;
            };
            let middle = &alone[1..alone.len() - 1];
            let cites = middle.iter().filter(|p| matches!(p, Part::Cite { .. }));
            if cites.count() != 1 {
                return None;
            }
            match &affixes {
                None => affixes = Some((open.clone(), close.clone())),
                Some((o, c)) if o == open && c == close => {}
                Some(_) => return None,
            }
            if n > 0 {
                parts.push(Part::Html(escape_text(delimiter)));
            }
            parts.extend(middle.iter().cloned());
        }
        let (open, close) = affixes?;
        parts.insert(0, Part::Html(open));
        parts.push(Part::Html(close));
        Some(parts)
    }

    /// Renders the cluster's works (`order` indexes the cluster's items) in a driver with
    /// their ambiguity peers; returns the cluster's rendered children.
    pub(super) fn render_in_driver(
        &self,
        style: &IndependentStyle,
        cluster: &Cluster,
        ranks: &[usize],
        locators: &[Option<(Locator, String)>],
        order: &[usize],
        peers: &[usize],
    ) -> Option<Vec<ElemChild>> {
        let purpose = cluster.narrative.then_some(CitePurpose::Prose);
        let items: Vec<CitationItem<Entry>> = order
            .iter()
            .map(|&i| {
                let locator = locators[i]
                    .as_ref()
                    .map(|(kind, value)| SpecificLocator(*kind, LocatorPayload::Str(value)));
                CitationItem::new(&self.entries[ranks[i]], locator, None, false, purpose)
            })
            .collect();
        let mut driver = BibliographyDriver::new();
        // A numeric style's works must show their site-wide numbers (rank plus one).
        let mut renumber = false;
        if self.numeric {
            let mut distinct = ranks.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            if let [rank] = distinct[..] {
                driver = driver.with_citation_number_offset(rank);
            } else {
                // hayagriva numbers works in the order a driver first sees them. Cite the
                // cluster's works first in rank order, with an empty filler wherever their
                // real numbers skip, so that hayagriva collapses ranges ("[1]–[3]") where
                // the real numbers run on; the real numbers are put in afterwards.
                for (n, &rank) in distinct.iter().enumerate() {
                    if n > 0 && rank != distinct[n - 1] + 1 {
                        driver.citation(CitationRequest::from_items(
                            vec![CitationItem::with_entry(&self.fillers[n])],
                            style,
                            &self.locales,
                        ));
                    }
                    driver.citation(CitationRequest::from_items(
                        vec![CitationItem::with_entry(&self.entries[rank])],
                        style,
                        &self.locales,
                    ));
                }
                renumber = true;
            }
        }
        for &peer in peers {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(&self.entries[peer])],
                style,
                &self.locales,
            ));
        }
        driver.citation(CitationRequest::from_items(items, style, &self.locales));
        let rendered = driver.finish(BibliographyRequest::new(style, None, &self.locales));
        let mut children = rendered.citations.into_iter().next_back()?.citation.0;
        if renumber {
            for child in &mut children {
                let (Some(&item), ElemChild::Elem(elem)) =
                    (entry_index(child).and_then(|i| order.get(i)), &mut *child)
                else {
                    continue;
                };
                put_number(&mut elem.children.0, ranks[item] + 1);
            }
        }
        Some(children)
    }

    /// What [`Styler::render_in_driver`] gives for a cluster of one work, from a cache
    /// shared by all clusters citing that work in the same form and with the same kind
    /// of locator. A locator value of one to five digits is rendered as
    /// [`LOCATOR_PLACEHOLDER`], which must then occur exactly once in the rendered text;
    /// otherwise the citation is rendered as it is.
    fn single_children(
        &self,
        cluster: &Cluster,
        rank: usize,
        locator: &Option<(Locator, String)>,
        peers: &[usize],
    ) -> Option<Vec<ElemChild>> {
        let direct = || {
            self.render_in_driver(
                &self.cite_style,
                cluster,
                &[rank],
                std::slice::from_ref(locator),
                &[0],
                peers,
            )
        };
        let numeric = locator.as_ref().is_some_and(|(_, value)| {
            (1..=5).contains(&value.len())
                && value.bytes().all(|b| b.is_ascii_digit())
                && !value.starts_with('0')
        });
        let key_locator = match locator {
            Some((kind, _)) if numeric => Some((*kind, LOCATOR_PLACEHOLDER.to_string())),
            other => other.clone(),
        };
        let key: SingleKey = (rank, cluster.narrative, key_locator);
        let cached = self
            .singles
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let template = match cached {
            Some(template) => template,
            None => {
                let template = self
                    .render_in_driver(
                        &self.cite_style,
                        cluster,
                        &[rank],
                        std::slice::from_ref(&key.2),
                        &[0],
                        peers,
                    )
                    .map(Arc::from);
                self.singles
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, template.clone());
                template
            }
        };
        let mut children = template?.to_vec();
        if let (true, Some((_, value))) = (numeric, locator) {
            if count_placeholders(&children) != 1 {
                return direct();
            }
            fill_placeholder(&mut children, value);
        }
        Some(children)
    }
}

/// How often [`LOCATOR_PLACEHOLDER`] occurs anywhere in rendered children (a text that
/// is not plain text counts as many, so that it is never filled in).
fn count_placeholders(children: &[ElemChild]) -> usize {
    children
        .iter()
        .map(|child| match child {
            ElemChild::Text(t) => t.text.matches(LOCATOR_PLACEHOLDER).count(),
            ElemChild::Elem(e) => count_placeholders(&e.children.0),
            ElemChild::Markup(m) => 2 * m.matches(LOCATOR_PLACEHOLDER).count(),
            ElemChild::Link { text, url } => {
                2 * (text.text.matches(LOCATOR_PLACEHOLDER).count()
                    + url.matches(LOCATOR_PLACEHOLDER).count())
            }
            ElemChild::Transparent { .. } => 0,
        })
        .sum()
}

/// Puts `value` in place of [`LOCATOR_PLACEHOLDER`] in the plain texts of `children`.
fn fill_placeholder(children: &mut [ElemChild], value: &str) {
    for child in children {
        match child {
            ElemChild::Text(t) if t.text.contains(LOCATOR_PLACEHOLDER) => {
                t.text = t.text.replace(LOCATOR_PLACEHOLDER, value);
            }
            ElemChild::Elem(e) => fill_placeholder(&mut e.children.0, value),
            _ => {}
        }
    }
}

/// A cluster shown as written in Markdown, for one that cannot be rendered.
fn as_written(cluster: &Cluster) -> Vec<Part> {
    vec![Part::Html(escape_text(&cluster.as_written()))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::parse_bracketed;
    use crate::cite::style::VERIFIED_STYLES;
    use crate::cite::test_support::{apa, bib, FIVE};

    /// What [`Styler::cluster_html`] gives for `cluster` when it is rendered in a driver of
    /// its own, without reused single renderings or composition: what those must give.
    fn driver_html(styler: &Styler, cluster: &Cluster) -> String {
        let cluster = &*styler.as_rendered(cluster);
        let parts = match styler.cited(cluster) {
            Some(cited) => {
                let children = styler.children_in_driver(cluster, &cited);
                styler.parts_from(cluster, cited, children)
            }
            None => as_written(cluster),
        };
        styler.parts_html(&parts, "c", "/r/")
    }

    /// Single-work citations reuse renderings (with a placeholder for numeric locators):
    /// they must come out exactly as rendered on their own, in every form and style, for
    /// the five bundled works and for look-alike works with peers.
    #[test]
    fn reused_single_renderings_match_the_driver() {
        let look_alikes = r#"
smith2020x:
  type: article
  title: Zeta of trust
  author: ["Smith, A."]
  date: 2020
smith2020y:
  type: article
  title: Alpha of trust
  author: ["Smith, A."]
  date: 2020
smith2020z:
  type: book
  title: "97531: a number"
  author: ["Smith, A.", "Jones, B.", "Lee, C."]
  date: 2020
  page-range: 97531-97540
nodate:
  type: book
  title: Undated
  author: ["Doe, J."]
corp:
  type: report
  title: Annual 2020
  author: ["{World Health Organization}"]
  date: 2020-05
"#;
        let locators = [
            "",
            "p. 5",
            "p. 45",
            "p. 97531",
            "p. 99999",
            "p. 123456",
            "p. 07",
            "pp. 3-5",
            "chap. 2",
            "para. 4",
            "sec. 1",
            "fig. 2",
            "vol. 3",
            "line 7",
            "p. 5a",
            "12",
        ];
        for yaml in [FIVE, look_alikes] {
            let bib = bib(yaml);
            for style in VERIFIED_STYLES {
                let styler = Styler::new(&bib, style, "en-US").unwrap();
                for key in styler.sorted_keys() {
                    let mut markdown = vec![format!("@{key}")];
                    for locator in locators {
                        let locator = match locator {
                            "" => String::new(),
                            l => format!(", {l}"),
                        };
                        markdown.push(format!("[@{key}{locator}]"));
                        markdown.push(format!("[see -@{key}{locator}]"));
                    }
                    // Twice: the second time from the cache.
                    for markdown in markdown.iter().chain(&markdown) {
                        let cluster = match markdown.strip_prefix('@') {
                            Some(key) => Cluster::narrative(key),
                            None => parse_bracketed(&markdown[1..markdown.len() - 1])
                                .unwrap()
                                .unwrap(),
                        };
                        assert_eq!(
                            styler.cluster_html(&cluster, "c", "/r/"),
                            driver_html(&styler, &cluster),
                            "{style}: {markdown}"
                        );
                    }
                }
            }
        }
    }

    /// Clusters of several works put together from single renderings (`compose`) match
    /// the driver: works with and without locators, prefixes and suppressed authors, in
    /// every order, for every verified style, next to look-alikes and same-author works
    /// (which still take the driver).
    #[test]
    fn composed_clusters_match_the_driver() {
        let distinct = r#"
kim2001:
  type: book
  title: Quiet rooms
  author: ["Kim, S."]
  date: 2001
haddad2013:
  type: article
  title: Trust and time
  author: ["Haddad, R.", "Novak, P."]
  date: 2013
  parent: {type: periodical, title: Family Process, volume: 52}
zhou1999:
  type: book
  title: Repair
  author: ["Zhou, L.", "Abbott, M.", "Mills, T."]
  date: 1999
anon:
  type: report
  title: A report without authors
  date: 2010
smith2020a:
  type: article
  title: Zeta of trust
  author: ["Smith, A."]
  date: 2020
smith2020b:
  type: article
  title: Alpha of trust
  author: ["Smith, A."]
  date: 2020
smith2021:
  type: book
  title: Later
  author: ["Smith, A."]
  date: 2021
"#;
        for yaml in [FIVE, distinct] {
            let bib = bib(yaml);
            for style in VERIFIED_STYLES {
                let styler = Styler::new(&bib, style, "en-US").unwrap();
                let keys = styler.sorted_keys();
                let item = |n: usize, k: &str| match n % 4 {
                    0 => format!("@{k}"),
                    1 => format!("@{k}, p. {}", 10 + n),
                    2 => format!("see @{k}"),
                    _ => format!("-@{k}, chap. 2"),
                };
                let mut composed = 0;
                for (a, ka) in keys.iter().enumerate() {
                    for (b, kb) in keys.iter().enumerate().filter(|&(b, _)| b != a) {
                        let c = (a + b) % keys.len();
                        let mut written = vec![item(a, ka), item(b + 1, kb)];
                        if c != a && c != b {
                            written.push(item(c + 2, &keys[c]));
                        }
                        let cluster = parse_bracketed(&written.join("; ")).unwrap().unwrap();
                        let ranks: Vec<usize> = (cluster.items.iter())
                            .map(|i| styler.rank[&i.key])
                            .collect();
                        let mut given: Vec<usize> = (0..ranks.len()).collect();
                        given.sort_by_key(|&i| ranks[i]);
                        composed += usize::from(styler.compose(&cluster, &ranks, &given).is_some());
                        assert_eq!(
                            styler.cluster_html(&cluster, "c", "/r/"),
                            driver_html(&styler, &cluster),
                            "{style}: [{}]",
                            written.join("; ")
                        );
                    }
                }
                // Numeric styles always take the driver (numbers and ranges need it).
                assert!(
                    composed > 10 || styler.numeric,
                    "{style}: only {composed} clusters composed"
                );
            }
        }
    }

    #[test]
    fn unknown_keys_render_as_written() {
        let styler = apa(FIVE);
        let cluster = parse_bracketed("@nope, p. 3; @kross2011").unwrap().unwrap();
        assert_eq!(
            styler.cluster_html(&cluster, "c", "/r/"),
            r#"<span class="citation" id="c">[@nope, p. 3; @kross2011]</span>"#
        );
    }
}
