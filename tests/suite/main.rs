//! The integration test suite: one binary, one module per feature. Each test copies a tiny
//! fixture site from `tests/fixtures/<feature>/<case>/` into a temp dir, runs the real
//! `kintsugi` binary on it and checks the output files or the diagnostics on stderr.
//! What many fixtures share lives once in `tests/fixtures/shared/`: the starter site
//! (`site.yaml` and a home page) under every fixture, and the bibliography that citation
//! tests ask for with `Site::with_bibliography`.

mod harness;

mod browser;
mod callouts;
mod citations;
mod cli;
mod errors;
mod exports;
mod external;
mod favicon;
mod feed;
mod golden;
mod headings;
mod images;
mod languages;
mod links;
mod nav;
mod notice;
mod output;
mod pages;
mod print;
mod scaffold;
mod serve;
mod tags;
mod templates;
mod worksheets;
