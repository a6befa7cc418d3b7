//! The site's citations in reading order, for numeric styles that number works in the
//! order they are first cited: every page is read for its citation keys (in parallel,
//! without rendering) before any page is rendered, so that a work has one number on
//! every page, in every list and in the index.

use crate::cite::Bibliography;
use crate::content::{self, SourcePage};
use crate::i18n::Strings;
use crate::markdown::{self, CiteContext, PageInput};
use crate::site::{self, Site};
use rayon::prelude::*;
use std::collections::HashMap;

/// Every citation key of the pages in `order` (page ids in reading order), in reading
/// order, repeats included. A page that cannot be read adds nothing (its render reports it).
pub(super) fn cited_keys(
    order: &[String],
    pages: &HashMap<&str, &SourcePage>,
    site: &Site,
    bib: &Bibliography,
    strings: &Strings,
) -> Vec<String> {
    let context = CiteContext {
        bib,
        styler: None,
        // Only the keys are read here, never the links.
        index_url: site::REFERENCES_URL,
    };
    let per_page: Vec<Vec<String>> = order
        .par_iter()
        .map(|id| {
            let Some(page) = pages.get(id.as_str()) else {
                return Vec::new();
            };
            let Ok(text) = content::read_source(page) else {
                return Vec::new();
            };
            markdown::cited_keys(&PageInput {
                id: &page.id,
                path: &page.path,
                text: &text,
                body_start: page.body_start,
                urls: &site.urls,
                fallback: None,
                cite: Some(&context),
                no_citations: None,
                worksheet: site::is_worksheet(page),
                strings,
                images: None,
                chapter: None,
            })
        })
        .collect();
    per_page.into_iter().flatten().collect()
}
