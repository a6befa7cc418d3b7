//! The checks that need every page's rendered output: each internal link's anchor
//! against the anchors its target page rendered, for pages and for the notice.

use crate::content::SourcePage;
use crate::diagnostic::Diagnostic;
use crate::markdown::{CitationUse, ExternalLink, ImageSource, InternalLink};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// What rendering a page left behind for the checks that need every page.
#[derive(Debug, Default)]
pub struct PageFacts {
    pub anchors: HashSet<String>,
    pub links: Vec<InternalLink>,
    /// Taken out for `check --external` ([`super::external_links`]).
    pub external: Vec<ExternalLink>,
    pub citations: Vec<CitationUse>,
    /// The site's image files the page shows, which the build publishes.
    pub images: Vec<ImageSource>,
}

/// Checks every internal link's anchor against its target's anchors. A page's file is
/// read again for the error's source line (only on the error path).
/// `fallback`: for a translation, the default language's facts, where its links to pages
/// not translated go.
pub fn check_anchors(
    facts: &BTreeMap<String, PageFacts>,
    pages: &HashMap<&str, &SourcePage>,
    fallback: Option<&BTreeMap<String, PageFacts>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, f) in facts {
        let Some(page) = pages.get(id.as_str()) else {
            continue;
        };
        for link in &f.links {
            if let Some(d) = missing_anchor(link, facts, fallback, &page.path) {
                let text = crate::content::read_source(page).unwrap_or_else(|_| "".into());
                out.push(d.at_offset(&text, link.offset));
            }
        }
    }
    out
}

/// Checks the anchors of links in text that is not a page (the notice): `path` and
/// `text` are its file as shown and its whole text, for positions.
pub fn check_link_anchors(
    links: &[InternalLink],
    facts: &BTreeMap<String, PageFacts>,
    path: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    (links.iter())
        .filter_map(|link| {
            Some(missing_anchor(link, facts, None, path)?.at_offset(text, link.offset))
        })
        .collect()
}

/// The error for `link` when its target page lacks its anchor, in the file `path`, not
/// yet placed at the link. None when the anchor exists or the target is not a page (a
/// missing file is reported where the link is rendered).
fn missing_anchor(
    link: &InternalLink,
    facts: &BTreeMap<String, PageFacts>,
    fallback: Option<&BTreeMap<String, PageFacts>>,
    path: &Path,
) -> Option<Diagnostic> {
    let target = (facts.get(&link.target)).or_else(|| fallback?.get(&link.target))?;
    if target.anchors.contains(&link.anchor) {
        return None;
    }
    let near = crate::suggest::closest(&link.anchor, target.anchors.iter().map(String::as_str));
    let hint = match near {
        Some(a) => format!("did you mean `#{a}`?"),
        None => {
            "anchors are heading ids: the heading text in lowercase with `-` between words".into()
        }
    };
    let message = format!(
        "link to a missing anchor `#{}` in `{}`",
        link.anchor, link.target
    );
    Some(Diagnostic::error(path, message).with_hint(hint))
}
