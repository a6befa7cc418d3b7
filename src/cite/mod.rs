//! Citations: everything between a `[@key]` in Markdown and the formatted text on the page.
//!
//! Owns three things:
//! - **Citation syntax** (Pandoc's): [`parse_bracketed`] reads the inside of
//!   `[see @a, p. 3; -@b]`, [`find_narrative`] finds `@key` in running text. Both are pure
//!   string functions; the Markdown stage decides where they apply and reports positions.
//! - **The bibliography**: [`Bibliography::parse`] reads `content/references.yaml`
//!   (hayagriva's YAML format) and `content/references.bib` (BibTeX as Zotero exports it)
//!   and turns every problem into a [`Diagnostic`](crate::diagnostic::Diagnostic) with
//!   file, line and key. Reading the files is the caller's job.
//! - **Formatting** with hayagriva's CSL processor: [`Styler`] turns a citation into linked
//!   HTML ([`Styler::cluster_html`]) and each reference into an entry of the reference list
//!   ([`Styler::entry_html`], in the style's order [`Styler::sorted_keys`]).
//!
//! Not owned here: which keys a page cites, "cited nowhere" warnings, the per-page reference
//! list and the `/references/` index (built by others from `sorted_keys` and `entry_html`;
//! a reference's anchor there is [`ref_anchor`]), and the CSS of the `.cite-tip` tooltips.
//!
//! The submodules, in the order a citation meets them:
//! - `syntax`: citations and locators as written.
//! - `bibliography`: the references, from YAML (`yaml`) and BibTeX (`bibtex`).
//! - `style`: the CSL style named by `citation_style` and its locales.
//! - `styler`: the build's formatter; `styler::list_order` sorts the reference list,
//!   `styler::cluster` renders one citation.
//! - `html`: hayagriva's output written as HTML.
//!
//! Where hayagriva 0.10.1 gets something wrong, the code that works around it says so.

mod bibliography;
mod html;
mod style;
mod styler;
mod syntax;
#[cfg(test)]
mod test_support;

pub use bibliography::{Bibliography, LinkField, ReferenceLink};
pub use html::ref_anchor;
pub use styler::Styler;
pub use syntax::{
    find_narrative, narrative_suffix, parse_bracketed, unclosed_braced_keys, written_key, CiteItem,
    Cluster, Narrative,
};
