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
