//! The Atom feed: `/atom.xml` lists the pages with a `date`, newest first, linked from
//! every page's head. Read back with feed-rs, a parser kintsugi does not use to write it.

use crate::harness::Site;
use feed_rs::model::{Feed, FeedType};

fn parse(site: &Site) -> Feed {
    let xml = site.output("atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("atom.xml does not parse: {e}\n{xml}"));
    assert_eq!(feed.feed_type, FeedType::Atom);
    feed
}

const HEAD_LINK: &str = r#"<link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Guides &amp; &quot;Notes&quot; &lt;1&gt;">"#;

#[test]
fn dated_pages_are_listed_newest_first_with_escaped_text() {
    let site = Site::fixture("feed/dated");
    site.build().success();
    let feed = parse(&site);

    assert_eq!(feed.title.unwrap().content, r#"Guides & "Notes" <1>"#);
    assert_eq!(
        feed.description.unwrap().content,
        "Notes on <repair> & trust."
    );
    assert_eq!(feed.id, "https://feed.example/");
    assert_eq!(feed.authors[0].name.as_deref(), Some("Ana O'Neil"));
    // The feed is as new as its newest `updated`.
    assert_eq!(
        feed.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-06-03T00:00:00+00:00")
    );
    let self_link = feed.links.iter().find(|l| l.rel.as_deref() == Some("self"));
    assert_eq!(
        self_link.map(|l| l.href.as_str()),
        Some("https://feed.example/atom.xml")
    );

    // The undated page and the section page are left out.
    let titles: Vec<String> = (feed.entries.iter())
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, [r#""Quoted" & <b>bold</b>"#, "Middle", "Older"]);

    let [newer, middle, older] = &feed.entries[..] else {
        unreachable!()
    };
    assert_eq!(newer.links[0].href, "https://feed.example/news/newer/");
    assert_eq!(newer.id, "https://feed.example/news/newer/");
    assert_eq!(
        newer.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-06-01T00:00:00+00:00")
    );
    assert_eq!(
        newer.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-06-03T00:00:00+00:00")
    );
    assert!(newer.summary.is_none(), "no description, no summary");
    // Without `updated`, an entry was last updated on its `date`.
    assert_eq!(
        older.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-01-05T00:00:00+00:00")
    );
    assert_eq!(older.summary.as_ref().unwrap().content, "Fish & chips <b>");
    assert_eq!(middle.summary.as_ref().unwrap().content, "In between.");
}

#[test]
fn every_page_links_the_feed_from_its_head() {
    let site = Site::fixture("feed/dated");
    site.build().success();
    for page in ["index.html", "news/index.html", "news/undated/index.html"] {
        let html = site.output(page);
        let head = &html[..html.find("</head>").unwrap()];
        assert!(head.contains(HEAD_LINK), "{page}:\n{head}");
    }
}

#[test]
fn links_are_absolute_under_a_base_url_with_a_path() {
    let site = Site::fixture("feed/dated");
    site.run(&["build", "--base-url", "https://feed.example/guide/"])
        .success();
    let feed = parse(&site);
    assert_eq!(feed.id, "https://feed.example/guide/");
    let links: Vec<&str> = (feed.entries.iter())
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://feed.example/guide/news/newer/",
            "https://feed.example/guide/news/middle/",
            "https://feed.example/guide/news/older/",
        ]
    );
}

#[test]
fn no_dated_page_no_feed_and_no_link() {
    let site = Site::fixture("feed/undated");
    site.build().success();
    assert!(!site.has_output("atom.xml"));
    assert!(!site.output("index.html").contains("application/atom+xml"));
}
