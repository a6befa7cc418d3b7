//! The output folder: staged and swapped in only on success, never a half-written site,
//! nothing written outside it, dangerous output folders refused, byte-identical rebuilds.

use crate::harness::{assert_same_tree, list_files, snapshot_tree, Site};
use std::fs;
use std::path::PathBuf;

/// Names in a folder, sorted.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Everything under the temp dir except the given output folder (relative to it) and the
/// site's cache folder (`site/.kintsugi/cache`, where a build keeps its PDF manifest: see
/// [`only_a_manifest_in_the_cache`]).
fn outside(site: &Site, output: &str) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let out = PathBuf::from(output);
    let cache = PathBuf::from("site/.kintsugi");
    snapshot_tree(site.outer())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&out) && !p.starts_with(&cache))
        .collect()
}

/// The site's cache folder holds the PDF manifests of its outputs and nothing else.
#[track_caller]
fn only_a_manifest_in_the_cache(site: &Site, outputs: usize) {
    let cache = snapshot_tree(&site.path(".kintsugi"));
    let names: Vec<String> = (cache.keys())
        .map(|p| p.display().to_string())
        .filter(|n| n != "cache/")
        .collect();
    assert_eq!(names.len(), outputs, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("cache/pdfs-") && n.ends_with(".txt")),
        "{names:?}"
    );
}

#[test]
fn failed_build_keeps_the_previous_site() {
    let site = Site::fixture("basic");
    site.build().success();
    let before = snapshot_tree(&site.path("public"));
    assert!(before.len() > 10, "{before:?}");
    site.patch(
        "content/about.md",
        "weight: 1\n",
        "weight: 1\ncolour: blue\n",
    );
    site.write("content/new.md", "---\ntitle: New page\n---\n");
    site.build().errors(1);
    assert_same_tree(
        &before,
        &snapshot_tree(&site.path("public")),
        "public/ after a failed build",
    );
    assert_eq!(
        names(site.root()),
        [".kintsugi", "content", "public", "site.yaml"],
        "left behind in the root"
    );
    only_a_manifest_in_the_cache(&site, 1);
}

#[test]
fn failed_first_build_writes_nothing() {
    let site = Site::fixture("errors/unknown-key");
    let before = snapshot_tree(site.outer());
    site.build().errors(1);
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the temp dir after a failed build",
    );
}

#[test]
fn successful_build_leaves_only_its_output() {
    let site = Site::fixture("basic");
    let before = snapshot_tree(site.outer());
    site.build().success();
    assert_same_tree(
        &before,
        &outside(&site, "site/public"),
        "outside public/ after a build",
    );
    // And again, now that public/ exists and is swapped.
    site.build().success();
    assert_same_tree(
        &before,
        &outside(&site, "site/public"),
        "outside public/ after a rebuild",
    );
    only_a_manifest_in_the_cache(&site, 1);
}

#[test]
fn build_into_an_output_outside_the_root_writes_nothing_else() {
    let site = Site::fixture("basic");
    let before = snapshot_tree(site.outer());
    let run = site.run(&["build", "--output", "../elsewhere"]);
    run.success();
    assert!(
        run.stdout.trim_end().ends_with("-> ../elsewhere/"),
        "{}",
        run.stdout
    );
    assert!(site
        .outer()
        .join("elsewhere/steps/b-first/index.html")
        .is_file());
    assert!(!site.path("public").exists());
    assert_same_tree(&before, &outside(&site, "elsewhere"), "outside the output");
    only_a_manifest_in_the_cache(&site, 1);
    // A second output folder has a manifest of its own.
    site.build().success();
    only_a_manifest_in_the_cache(&site, 2);
}

#[test]
fn rebuild_removes_pages_that_are_gone() {
    let site = Site::fixture("basic");
    site.write("content/extra.md", "---\ntitle: Extra\n---\n");
    site.build().success();
    assert!(site.has_output("extra/index.html"));
    fs::remove_file(site.path("content/extra.md")).unwrap();
    site.build().success();
    assert!(
        !site.has_output("extra"),
        "a stale page survived the rebuild"
    );
}

#[test]
fn an_empty_output_folder_is_accepted() {
    let site = Site::fixture("basic");
    fs::create_dir(site.outer().join("out")).unwrap();
    site.run(&["build", "--output", "../out"]).success();
    assert!(site.outer().join("out/index.html").is_file());
}

/// Runs `build --output OUTPUT` and checks it is refused without touching anything.
#[track_caller]
fn assert_refused(site: &Site, output: &str, reason: &str) {
    let before = snapshot_tree(site.outer());
    let run = site.run(&["build", "--output", output]);
    // A refused output folder is bad usage: exit 2.
    assert_eq!(run.code, Some(2), "`--output {output}`\n{}", run.stderr);
    run.stderr_has(&format!("`{output}`")).stderr_has(reason);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        &format!("after `--output {output}`"),
    );
}

#[test]
fn output_that_is_the_root_is_refused() {
    assert_refused(&Site::fixture("basic"), ".", "refusing to use");
}

#[test]
fn output_that_contains_the_root_is_refused() {
    assert_refused(
        &Site::fixture("basic"),
        "..",
        "it is or contains the site root",
    );
}

#[test]
fn output_that_is_content_is_refused() {
    assert_refused(
        &Site::fixture("basic"),
        "content",
        "it is or contains content/",
    );
}

#[test]
fn output_that_is_templates_is_refused() {
    let site = Site::fixture("templates/override");
    assert_refused(&site, "templates", "it is or contains templates/");
}

#[test]
fn output_inside_static_is_refused() {
    let site = Site::fixture("basic");
    site.write("static/logo.txt", "logo");
    assert_refused(&site, "static/out", "it is inside static/");
}

#[test]
fn output_that_is_the_sites_catalogs_is_refused() {
    let site = Site::fixture("basic");
    site.write("i18n/en.ftl", "toc-title = Contents\n");
    assert_refused(&site, "i18n", "it is or contains i18n/");
}

#[test]
fn output_folder_not_written_by_kintsugi_is_refused() {
    let site = Site::fixture("basic");
    site.write("mine/keep.txt", "precious");
    assert_refused(&site, "mine", "not written by kintsugi");
    assert_eq!(
        fs::read_to_string(site.path("mine/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn builds_are_byte_identical() {
    let site = Site::fixture("basic");
    site.build().success();
    let first = snapshot_tree(&site.path("public"));
    site.build().success();
    assert_same_tree(
        &first,
        &snapshot_tree(&site.path("public")),
        "a rebuild of the same input",
    );
    // The same input in another folder: nothing depends on where the site lives.
    let elsewhere = Site::fixture("basic");
    elsewhere.build().success();
    assert_same_tree(
        &first,
        &snapshot_tree(&elsewhere.path("public")),
        "a build in another folder",
    );
    assert!(list_files(&site.path("public")).len() > 10);
}

// Regression: a failed build into a not-yet-existing nested output left the output's
// parent folders behind (they were created for the staging dir before building).
#[test]
fn failed_build_into_a_new_nested_output_leaves_nothing() {
    let site = Site::fixture("errors/unknown-key");
    let before = snapshot_tree(site.outer());
    site.run(&["build", "--output", "../new/deeper/out"])
        .errors(1);
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "the temp dir after a failed build",
    );
}
