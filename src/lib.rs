//! kintsugi: a static site generator for evidence-based, step-by-step guide sites.
//!
//! One pipeline, one module per step; each depends only on the steps above it and only
//! [`build`] knows the whole order:
//!
//! ```text
//! site.yaml ─► config ─► content (walk, front matter)      cite (bibliography, CSL)
//!                           │                                  │
//!                           ▼                                  ▼
//!                  site (relations from front matter: sections, steps, prev/next, worksheets)
//!                           │
//!                           ▼
//!                  markdown (event adaptors: citations, worksheet blocks, links, headings)
//!                           │  returns data: html, toc, anchors, links, citations, worksheet model
//!                           │  (and once per build the notice, content/_notice.md, for all pages)
//!                           ▼
//!                  render (Tera: site templates over the built-in theme)
//!                           │
//!                           ▼
//!                  site checks (anchors, reference index) ─► pdf (worksheet PDFs) ─► output
//!
//! serve = build_in_memory + watch (notify, coalesced) + http (loopback) + live reload
//! ```
//!
//! - [`diagnostic`]: problems as `path:line:col: error: message`, collected per build.
//! - [`html`]: the one HTML escaper; [`suggest`]: the one "did you mean".
//! - [`yaml`]: typed YAML with positions (settings and front matter).
//! - [`config`]: the settings in `site.yaml`.
//! - [`content`]: Markdown files, front matter, kinds and URLs.
//! - [`cite`]: the bibliography and citation formatting (hayagriva).
//! - [`site`]: the site model and the checks that need every page.
//! - [`markdown`]: one page's Markdown to HTML and data.
//! - [`notice`]: the site-wide notice, `content/_notice.md`, as HTML for the theme and as
//!   worksheet blocks for the PDFs.
//! - [`worksheet`]: the worksheet model, its block syntax and limits (shared by the HTML
//!   and the PDF side); [`paper`]: the paper sizes.
//! - [`pdf`]: the worksheet model laid out with Typst, and the PDF files a site has.
//! - [`render`]: the theme and the views templates see.
//! - [`output`]: staging, swapping, in-memory sites, refused output directories.
//! - [`build`]: the pipeline; [`serve`]: live preview; [`scaffold`]: `kintsugi new`.

pub mod build;
pub mod cite;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod html;
pub mod markdown;
pub mod notice;
pub mod output;
pub mod paper;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod worksheet;
pub mod yaml;
