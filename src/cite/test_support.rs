//! What the citation tests share: the bundled site's five works, and building a styler
//! and reading a citation as a reader sees it.

use std::path::Path;

use super::{parse_bracketed, Bibliography, Cluster, Styler};
use crate::diagnostic::Diagnostic;

/// The five works of the bundled site (as in content/references.yaml).
pub(super) const FIVE: &str = r#"
field2017:
  type: article
  title: "Romantic breakup distress, betrayal and heartbreak: A review"
  author: Field, Tiffany
  date: 2017
  page-range: 217-225
  parent:
    type: periodical
    title: International Journal of Behavioral Research & Psychology
    volume: 5
    issue: 2

johnson2008:
  type: book
  title: "Hold me tight: Seven conversations for a lifetime of love"
  author: Johnson, Susan M.
  date: 2008
  publisher:
    name: Little, Brown and Company
    location: New York

johnson2013:
  type: book
  title: "Love sense: The revolutionary new science of romantic relationships"
  author: Johnson, Susan M.
  date: 2013
  publisher:
    name: Little, Brown and Company
    location: New York

kross2011:
  type: article
  title: Social rejection shares somatosensory representations with physical pain
  author:
    - Kross, Ethan
    - Berman, Marc G.
    - Mischel, Walter
    - Smith, Edward E.
    - Wager, Tor D.
  date: 2011-04-12
  page-range: 6270-6275
  serial-number:
    doi: 10.1073/pnas.1102693108
  parent:
    type: periodical
    title: Proceedings of the National Academy of Sciences of the United States of America
    volume: 108
    issue: 15

rahe2023:
  type: article
  title: A closer look at the relationships between aspects of connectedness and flourishing
  author:
    - Rahe, Martin
    - Jansen, Petra
  date: 2023
  serial-number:
    doi: 10.3389/fpsyg.2023.1137752
    serial: "1137752"
  parent:
    type: periodical
    title: Frontiers in Psychology
    volume: 14
"#;

pub(super) fn yaml_bib(yaml: &str) -> (Bibliography, Vec<Diagnostic>) {
    Bibliography::parse(Some((Path::new("content/references.yaml"), yaml)), None)
}

pub(super) fn bib(yaml: &str) -> Bibliography {
    let (bib, diags) = yaml_bib(yaml);
    assert!(diags.is_empty(), "{diags:#?}");
    bib
}

pub(super) fn apa(yaml: &str) -> Styler {
    Styler::new(&bib(yaml), "apa", "en-US").expect("apa loads")
}

/// The text a reader sees: the HTML without tags, without the tooltips (hidden by CSS).
pub(super) fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut hidden_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        if hidden_depth == 0 {
            out.push_str(&rest[..lt]);
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt..gt];
        if tag.starts_with(r#"<span class="cite-tip""#)
            || (hidden_depth > 0 && tag.starts_with("<span"))
        {
            hidden_depth += 1;
        } else if tag == "</span>" && hidden_depth > 0 {
            hidden_depth -= 1;
        }
        rest = &rest[gt..];
    }
    out.push_str(rest);
    unescape(&out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub(super) fn cite(styler: &Styler, markdown: &str) -> String {
    let cluster = if let Some(key) = markdown.strip_prefix('@') {
        Cluster::narrative(key)
    } else {
        let inner = markdown
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .expect("a bracketed citation");
        parse_bracketed(inner).expect("valid").expect("a citation")
    };
    visible_text(&styler.cluster_html(&cluster, "cite-1", "/references/"))
}

/// Two of the five works as Zotero exports them to BibTeX.
pub(super) const ZOTERO_BIB: &str = r#"
@book{johnson2008,
	address = {New York},
	title = {Hold me tight: {Seven} conversations for a lifetime of love},
	isbn = {978-0-316-11300-7},
	publisher = {Little, Brown and Company},
	author = {Johnson, Susan M.},
	year = {2008},
}

@article{kross2011,
	title = {Social rejection shares somatosensory representations with physical pain},
	volume = {108},
	issn = {0027-8424, 1091-6490},
	url = {https://www.pnas.org/doi/10.1073/pnas.1102693108},
	doi = {10.1073/pnas.1102693108},
	number = {15},
	urldate = {2024-09-01},
	journal = {Proceedings of the National Academy of Sciences of the United States of America},
	author = {Kross, Ethan and Berman, Marc G. and Mischel, Walter and Smith, Edward E. and Wager, Tor D.},
	month = apr,
	year = {2011},
	pages = {6270--6275},
}
"#;

pub(super) fn messages(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// Reads `bibtex` as content/references.bib: the bibliography and the first line of
/// each diagnostic.
pub(super) fn read_bibtex(bibtex: &str) -> (Bibliography, Vec<String>) {
    let (bib, diags) =
        Bibliography::parse(None, Some((Path::new("content/references.bib"), bibtex)));
    let heads = messages(&diags)
        .iter()
        .map(|m| m.lines().next().unwrap_or_default().to_string())
        .collect();
    (bib, heads)
}
