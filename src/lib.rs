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
//!                  markdown (event adaptors: citations, worksheet blocks, links, images, headings)
//!                           │  returns data: html, toc, anchors, links, citations, images, worksheet model
//!                           │  (and once per build the notice, content/_notice.md, for all pages)
//!                           ▼
//!                  render (Tera over the views: site templates over the built-in theme)
//!                           │
//!                           ▼
//!                  build checks (anchors), reference index, site files, images ─► pdf ─► output
//!
//! serve = build_in_memory + watch (notify, coalesced) + http (loopback) + live reload
//! check --external = check (nothing written) + external (the gathered addresses, asked)
//! ```
//!
//! Helpers every step may use, one of each:
//! - [`diagnostic`]: problems as `path:line:col: error: message`, collected per build.
//! - [`html`]: the HTML escaper; [`suggest`]: "did you mean"; [`paper`]: paper sizes.
//! - [`yaml`]: typed YAML with positions (settings and front matter).
//!
//! The steps, in the order the build runs them:
//! - [`config`]: the settings in `site.yaml`.
//! - [`i18n`]: the words kintsugi shows readers, in the site's language (Fluent catalogs).
//! - [`content`]: Markdown files, front matter, kinds and URLs.
//! - [`cite`]: the bibliography and citation formatting (hayagriva).
//! - [`site`]: the site model from front matter, and the checks that need every page's.
//! - [`markdown`]: one page's Markdown to HTML and data; [`worksheet`]: the worksheet
//!   model, its block syntax and limits, shared by the HTML and the PDF side.
//! - [`notice`]: the site-wide notice, `content/_notice.md`, as HTML for the theme and as
//!   worksheet blocks for the PDFs.
//! - [`render`]: the theme and the views templates see.
//! - [`pdf`]: the worksheet model laid out with Typst, and the PDF files a site has.
//! - [`output`]: staging, swapping, in-memory sites, refused output directories.
//! - [`build`]: the pipeline (inputs, pages, checks, site files; serve's incremental
//!   cache); [`serve`]: live preview; [`scaffold`]: `kintsugi new`.
//! - [`external`]: `kintsugi check --external`, the web addresses the build gathered
//!   (links, images, DOIs), asked over the network; never part of a build.

pub mod build;
pub mod cite;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod external;
pub mod html;
pub mod i18n;
pub mod markdown;
pub mod notice;
pub mod output;
pub mod paper;
pub mod pdf;
pub mod print;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod worksheet;
pub mod yaml;
