//! Every external address the site uses, and where: the web links and images of the
//! pages and the notice, and each reference's `doi` and `url`, gathered from what
//! rendering and the bibliography returned (no second pass over the Markdown). Only
//! `kintsugi check --external` ([`crate::external`]) requests them; the build never does.

use super::checks::PageFacts;
use crate::cite::{Bibliography, LinkField};
use crate::content::SourcePage;
use crate::markdown::ExternalLink;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One use of an external address in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalUse {
    /// As written: a web address, or a DOI when `reference` says the field is `doi`.
    pub written: String,
    /// The file, as diagnostics show it (relative to the site's root).
    pub path: PathBuf,
    /// Byte offset in that file: of the link, or of the reference's key.
    pub offset: usize,
    /// The reference's key and field when the address is in the bibliography.
    pub reference: Option<(String, LinkField)>,
}

/// Takes the pages' and the notice's recorded links out of `facts` and `notice` (nothing
/// later needs them) and adds the bibliography's, in file order.
pub(super) fn gather(
    facts: &mut BTreeMap<String, PageFacts>,
    pages: &HashMap<&str, &SourcePage>,
    notice: (&Path, Vec<ExternalLink>),
    bib: Option<&Bibliography>,
) -> Vec<ExternalUse> {
    let markdown = |path: &Path, links: Vec<ExternalLink>| {
        let path = path.to_path_buf();
        links.into_iter().map(move |l| ExternalUse {
            written: l.url,
            path: path.clone(),
            offset: l.offset,
            reference: None,
        })
    };
    let mut uses: Vec<ExternalUse> = markdown(notice.0, notice.1).collect();
    for (id, f) in facts.iter_mut() {
        if let Some(page) = pages.get(id.as_str()) {
            uses.extend(markdown(&page.path, std::mem::take(&mut f.external)));
        }
    }
    uses.extend(bib.iter().flat_map(|b| b.web_links()).map(|l| ExternalUse {
        written: l.value.to_string(),
        path: l.path.to_path_buf(),
        offset: l.key_offset,
        reference: Some((l.key.to_string(), l.field)),
    }));
    uses
}
