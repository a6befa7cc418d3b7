//! Tags: `/tags/` lists every tag with its count, each tag has a page listing its pages in
//! reading order, and a page's tags link there.

use crate::harness::Site;

#[test]
fn every_tag_has_a_page_and_the_index_counts_them() {
    let site = Site::fixture("tags/basic");
    site.build().success();
    let index = site.output("tags/index.html");
    let entries: Vec<&str> = index
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<li><a href=\"/tags/"))
        .collect();
    assert_eq!(
        entries,
        [
            r#"<li><a href="/tags/care-time/">&lt;Care &amp; Time&gt;</a> <span class="tag-count">(1 page)</span></li>"#,
            r#"<li><a href="/tags/repair/">Repair</a> <span class="tag-count">(1 page)</span></li>"#,
            r#"<li><a href="/tags/trust/">Trust</a> <span class="tag-count">(2 pages)</span></li>"#,
        ],
        "tags by name, spelled as first written, `Trust` and `trust` one tag"
    );
    let trust = site.main_of("tags/trust/index.html");
    let a = trust
        .find(r#"<a href="/a/">Page A</a>"#)
        .expect("page A listed");
    let b = trust
        .find(r#"<a href="/b/">Page B</a>"#)
        .expect("page B listed");
    assert!(a < b, "pages in reading order\n{trust}");
    assert!(!trust.contains("Page C"), "{trust}");
    assert!(site.has_output("tags/repair/index.html"));
    let sitemap = site.output("sitemap.xml");
    for url in ["tags/", "tags/trust/", "tags/repair/", "tags/care-time/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://test.example/{url}</loc>")),
            "{url} in the sitemap\n{sitemap}"
        );
    }
}

#[test]
fn a_pages_tags_link_to_their_pages_escaped() {
    let site = Site::fixture("tags/basic");
    site.build().success();
    let b = site.main_of("b/index.html");
    assert!(
        b.contains(r#"<ul class="tags" aria-label="Tags"><li><a href="/tags/trust/">trust</a></li><li><a href="/tags/care-time/">&lt;Care &amp; Time&gt;</a></li></ul>"#),
        "{b}"
    );
}

#[test]
fn the_summary_counts_the_tag_pages() {
    let site = Site::fixture("tags/basic");
    let run = site.build();
    // The home page and pages a, b and c; /tags/ and the pages of trust, repair and
    // care-time; /print/.
    assert!(
        run.success().stdout.starts_with("built 9 pages,"),
        "{}",
        run.stdout
    );
}

#[test]
fn no_tags_no_tag_pages() {
    let site = Site::fixture("citations/two-pages").with_bibliography();
    site.build().success();
    assert!(!site.has_output("tags/index.html"));
}

#[test]
fn a_content_page_may_not_take_a_tag_pages_url() {
    let site = Site::fixture("tags/basic");
    site.write("content/tags/trust.md", "---\ntitle: Mine\n---\n");
    let run = site.build();
    run.code(1);
    assert!(
        run.stderr.contains("content/tags/trust.md:2:1: error:"),
        "{}",
        run.stderr
    );
}
