//! `kintsugi new DIR`: a starter site that builds as is; never overwrites anything.

use crate::harness::{assert_same_tree, run_in, snapshot_tree, Site};

#[test]
fn new_site_builds_as_is() {
    let tmp = Site::empty();
    run_in(tmp.root(), &["new", "starter"]).success();
    let run = run_in(tmp.root(), &["build", "--root", "starter"]);
    run.success();
    assert!(tmp.path("starter/public/index.html").is_file());
    assert!(tmp
        .path("starter/public/steps/first-step/index.html")
        .is_file());
    // What the build wrote is what the starter's .gitignore leaves out: the output and
    // the PDF cache.
    assert_eq!(
        std::fs::read_to_string(tmp.path("starter/.gitignore")).unwrap(),
        "/public/\n/.kintsugi/\n"
    );
    assert!(tmp.path("starter/.kintsugi/cache").is_dir());
}

#[test]
fn new_fills_an_existing_empty_folder() {
    let tmp = Site::empty();
    std::fs::create_dir(tmp.path("here")).unwrap();
    run_in(tmp.root(), &["new", "here"]).success();
    assert!(tmp.path("here/site.yaml").is_file());
    assert!(tmp.path("here/content/_index.md").is_file());
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let tmp = Site::empty();
    tmp.write("taken/notes.txt", "mine");
    let before = snapshot_tree(tmp.outer());
    let run = run_in(tmp.root(), &["new", "taken"]);
    run.code(2).stderr_has("not empty");
    assert_same_tree(
        &before,
        &snapshot_tree(tmp.outer()),
        "after a refused `new`",
    );
}

#[test]
fn new_in_a_language_with_a_catalog_builds_in_that_language() {
    let tmp = Site::empty();
    run_in(tmp.root(), &["new", "guide", "--language", "de"]).success();
    let settings = std::fs::read_to_string(tmp.path("guide/site.yaml")).unwrap();
    assert!(settings.contains("language: de\n"), "{settings}");
    assert!(!tmp.path("guide/i18n").exists(), "German is built in");
    run_in(tmp.root(), &["build", "--root", "guide"]).success();
    let step =
        std::fs::read_to_string(tmp.path("guide/public/steps/first-step/index.html")).unwrap();
    assert!(step.contains(r#"<html lang="de" dir="ltr">"#));
    assert!(step.contains("Schritt 1 von 1"), "{step}");
    // The starter's own words are German too: none of the English starter's sentences is
    // left in what `new` wrote.
    let english = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/starter/en.ftl"),
    )
    .unwrap();
    let sentences: Vec<&str> = english
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = ").map(|(_, v)| v))
        .filter(|v| v.len() > 12)
        .collect();
    assert!(sentences.len() >= 10, "{sentences:?}");
    let mut written = String::new();
    for file in crate::harness::list_files(&tmp.path("guide/content")) {
        written += &std::fs::read_to_string(tmp.path("guide/content").join(file)).unwrap();
    }
    for sentence in sentences {
        assert!(!written.contains(sentence), "`{sentence}` in\n{written}");
    }
}

#[test]
fn new_in_a_language_without_a_catalog_writes_one_to_translate() {
    let tmp = Site::empty();
    run_in(tmp.root(), &["new", "guide", "--language", "sw"]).success();
    let catalog = std::fs::read_to_string(tmp.path("guide/i18n/sw.ftl")).unwrap();
    assert!(
        catalog.starts_with("# The theme's words in `sw`"),
        "{catalog}"
    );
    assert!(
        catalog.contains("\ntoc-title = On this page\n"),
        "{catalog}"
    );
    // It builds as is, with no warning about missing strings.
    run_in(tmp.root(), &["build", "--root", "guide"])
        .success()
        .stderr_lacks("warning");
}

#[test]
fn new_refuses_a_language_that_is_not_a_tag() {
    let tmp = Site::empty();
    run_in(tmp.root(), &["new", "guide", "--language", "Deutsch!"])
        .code(2)
        .stderr_has("`Deutsch!` is not a language tag");
    assert!(!tmp.path("guide").exists());
}

#[test]
fn new_builds_as_is_in_every_language_kintsugi_has() {
    let tmp = Site::empty();
    for language in ["en", "de", "fr", "es", "pt-BR", "it", "nl", "ar"] {
        let dir = format!("guide-{language}");
        run_in(tmp.root(), &["new", &dir, "--language", language]).success();
        run_in(tmp.root(), &["build", "--root", &dir])
            .success()
            .stderr_lacks("warning");
        let home = std::fs::read_to_string(tmp.path(&format!("{dir}/public/index.html"))).unwrap();
        assert!(
            home.contains(&format!("<html lang=\"{language}\"")),
            "{language}"
        );
    }
}
