//! Mends what hayagriva 0.10.1 gets wrong in a rendered citation: works rendered again
//! alone where a cluster's driver disambiguates too little or too much, the delimiters of
//! cite groups, suppressed authors, and the site-wide numbers of numeric styles. Rendering
//! itself is `cluster`'s.

use hayagriva::{ElemChild, ElemMeta};

use super::cluster::Cited;
use super::Styler;
use crate::cite::Cluster;

impl Styler {
    /// Renders each work of the cluster alone with its peers and puts it in place, where
    /// hayagriva gets a cluster wrong: it disambiguates one group of peers per round and
    /// stops after three rounds, so in a cluster citing works from more than three groups
    /// the rest stay ambiguous ("2020" for "2020b"); and it gives undated look-alikes year
    /// suffixes of its own when a dated work is cited beside them ("n.d.-a, c"), and to
    /// works told apart by their authors' given names ("J. Smith, 2020a"), which get
    /// their letters from [`Styler::put_letter`] or their given names instead.
    pub(super) fn redo_alone(&self, children: &mut [ElemChild], cluster: &Cluster, cited: &Cited) {
        let Cited {
            ranks,
            locators,
            order,
            ..
        } = cited;
        let mut groups: Vec<usize> = ranks
            .iter()
            .filter(|&&r| self.peers[r].len() > 1)
            .map(|&r| self.peers[r][0])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let patched = |r: &usize| self.letters.contains_key(r) || self.given_names.contains_key(r);
        if groups.len() <= 3 && !(ranks.len() > 1 && ranks.iter().any(patched)) {
            return;
        }
        for child in children.iter_mut() {
            let (Some(&item), ElemChild::Elem(elem)) =
                (entry_index(child).and_then(|i| order.get(i)), &mut *child)
            else {
                continue;
            };
            let peers: &[usize] = match &self.peers[ranks[item]] {
                peers if peers.len() > 1 => peers,
                _ => &[],
            };
            let alone =
                self.render_in_driver(&self.cite_style, cluster, ranks, locators, &[item], peers);
            let Some(content) = alone.into_iter().flatten().find_map(|c| match c {
                ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))) => {
                    Some(e.children)
                }
                _ => None,
            }) else {
                continue;
            };
            // A work collapsed into its cite group ("Johnson, 2008, 2013") stays collapsed.
            let collapsed = elem.children.find_names().is_none() && content.find_names().is_some();
            elem.children = content;
            if collapsed {
                remove_author(&mut elem.children.0);
            }
        }
    }

    /// Whether two of the works share their names and the style groups such works.
    pub(super) fn has_cite_group(&self, ranks: &[usize]) -> bool {
        let csl = &self.style.citation;
        (csl.collapse.is_some() || csl.cite_group_delimiter.is_some())
            && ranks.iter().enumerate().any(|(n, &a)| {
                !self.names[a].is_empty()
                    && ranks[n + 1..]
                        .iter()
                        .any(|&b| self.names[a] == self.names[b])
            })
    }

    /// Sets the delimiters between the cited works of a rendered cluster: the cite-group
    /// delimiter (CSL's default `, `) between works of the same authors, the layout
    /// delimiter (`; `) between groups. hayagriva 0.10.1 mixes them up: it puts the layout
    /// delimiter inside groups ("Johnson, 2008; 2013") or, with `cite-group-delimiter` set,
    /// the group delimiter before each new group. `cited` gives a child's work and whether
    /// it has a locator: next to a locator the group takes the after-collapse delimiter
    /// ("Johnson, 2008, p. 3; 2013"), as citeproc does (CSL test suite, issue 36).
    pub(super) fn fix_group_delimiters(
        &self,
        children: &mut [ElemChild],
        cited: impl Fn(&ElemChild) -> Option<(usize, bool)>,
    ) {
        let csl = &self.style.citation;
        let Some(between) = csl.layout.delimiter.as_deref() else {
            return;
        };
        // Numeric styles have no cite groups; their collapsed ranges ("1–3") stay as
        // hayagriva writes them.
        if self.numeric || (csl.collapse.is_none() && csl.cite_group_delimiter.is_none()) {
            return;
        }
        let within = csl
            .cite_group_delimiter
            .as_deref()
            .unwrap_or(hayagriva::citationberg::Citation::DEFAULT_CITE_GROUP_DELIMITER);
        let after_group = csl.after_collapse_delimiter.as_deref().unwrap_or(between);
        let mut group_len = 0;
        for i in 2..children.len() {
            let (Some((a, a_locator)), Some((b, b_locator))) =
                (cited(&children[i - 2]), cited(&children[i]))
            else {
                continue;
            };
            let same = !self.names[a].is_empty() && self.names[a] == self.names[b];
            if let ElemChild::Text(delimiter) = &mut children[i - 1] {
                delimiter.text = match (same, group_len) {
                    (true, _) if a_locator || b_locator => after_group,
                    (true, _) => within,
                    (false, 0) => between,
                    (false, _) => after_group,
                }
                .to_string();
            }
            group_len = if same { group_len + 1 } else { 0 };
        }
    }
}

/// The index of the cluster item a top-level child of a rendered citation shows.
pub(super) fn entry_index(child: &ElemChild) -> Option<usize> {
    match child {
        ElemChild::Elem(e) => match e.meta {
            Some(ElemMeta::Entry(i)) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// Writes `number` as the text of every citation number in one rendered work.
pub(super) fn put_number(children: &mut [ElemChild], number: usize) {
    for child in children {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::CitationNumber) {
                let formatting = e.children.0.iter().find_map(|c| match c {
                    ElemChild::Text(t) => Some(t.formatting),
                    _ => None,
                });
                e.children.0 = vec![ElemChild::Text(hayagriva::Formatted {
                    text: number.to_string(),
                    formatting: formatting.unwrap_or_default(),
                })];
            } else {
                put_number(&mut e.children.0, number);
            }
        }
    }
}

/// Removes the names (and the delimiter after them) from one rendered citation item:
/// `Johnson, 2008, p. 45` -> `2008, p. 45`.
pub(super) fn remove_author(children: &mut Vec<ElemChild>) {
    fn remove_names(children: &mut Vec<ElemChild>) -> bool {
        for i in 0..children.len() {
            if let ElemChild::Elem(e) = &mut children[i] {
                if matches!(e.meta, Some(ElemMeta::Names(_))) {
                    children.remove(i);
                    return true;
                }
                if remove_names(&mut e.children.0) {
                    return true;
                }
            }
        }
        false
    }
    /// Trims leading delimiters; true once visible text was reached.
    fn trim_leading(children: &mut [ElemChild]) -> bool {
        for child in children {
            match child {
                ElemChild::Text(t) => {
                    let trimmed = t
                        .text
                        .trim_start_matches([',', ';', ':', ' ', '\u{a0}'])
                        .to_string();
                    t.text = trimmed;
                    if !t.text.is_empty() {
                        return true;
                    }
                }
                ElemChild::Elem(e) => {
                    if trim_leading(&mut e.children.0) {
                        return true;
                    }
                }
                ElemChild::Markup(_) | ElemChild::Link { .. } => return true,
                ElemChild::Transparent { .. } => {}
            }
        }
        false
    }
    if remove_names(children) {
        trim_leading(children);
    }
}
