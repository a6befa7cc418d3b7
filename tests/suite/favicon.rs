//! The favicon: the theme's SVG with its PNG fallbacks, published and linked from every
//! page's head; a site's own `static/favicon.*` replaces the theme's set as a whole.

use crate::harness::Site;
use std::path::Path;

const THEME_LINKS: [&str; 3] = [
    r#"<link rel="icon" href="/favicon.png" type="image/png" sizes="32x32">"#,
    r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#,
    r#"<link rel="apple-touch-icon" href="/apple-touch-icon.png">"#,
];

fn head(html: &str) -> &str {
    let start = html.find("<head>").expect("a <head>");
    let end = html.find("</head>").expect("a </head>");
    &html[start..end]
}

/// The icon links of a page's head, in order.
fn icon_links(html: &str) -> Vec<&str> {
    head(html)
        .lines()
        .filter(|l| l.contains("rel=\"icon\"") || l.contains("rel=\"apple-touch-icon\""))
        .collect()
}

fn theme_file(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(name),
    )
    .unwrap()
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn theme_favicon_is_published_and_linked_from_every_page() {
    let site = Site::fixture("basic");
    site.build().success();
    for page in ["index.html", "about/index.html", "404.html"] {
        assert_eq!(icon_links(&site.output(page)), THEME_LINKS, "{page}");
    }
    for name in ["favicon.svg", "favicon.png", "apple-touch-icon.png"] {
        let published = std::fs::read(site.path("public").join(name)).unwrap();
        assert_eq!(published, theme_file(name), "{name}");
    }
    assert!(site
        .output("favicon.svg")
        .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(png_size(&theme_file("favicon.png")), (32, 32));
    assert_eq!(png_size(&theme_file("apple-touch-icon.png")), (180, 180));
}

#[test]
fn a_sites_own_svg_replaces_the_theme_icons() {
    let site = Site::fixture("basic");
    let own = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#;
    site.write("static/favicon.svg", own);
    site.build().success();
    assert_eq!(
        icon_links(&site.output("index.html")),
        [r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#]
    );
    assert_eq!(site.output("favicon.svg"), own);
    // The theme's bitmaps would show its mark, not the site's, on a phone or an old browser.
    assert!(!site.has_output("favicon.png"));
    assert!(!site.has_output("apple-touch-icon.png"));
}

#[test]
fn a_sites_ico_alone_is_the_only_icon_linked() {
    let site = Site::fixture("basic");
    site.write(
        "static/favicon.ico",
        "not really an ico, but the site's own",
    );
    site.build().success();
    assert_eq!(
        icon_links(&site.output("about/index.html")),
        [r#"<link rel="icon" href="/favicon.ico">"#]
    );
    assert_eq!(
        site.output("favicon.ico"),
        "not really an ico, but the site's own"
    );
    for name in ["favicon.svg", "favicon.png", "apple-touch-icon.png"] {
        assert!(!site.has_output(name), "the theme's {name} was published");
    }
}

#[test]
fn a_sites_full_set_is_linked_bitmaps_before_the_svg() {
    let site = Site::fixture("basic");
    for name in [
        "favicon.ico",
        "favicon.png",
        "favicon.svg",
        "apple-touch-icon.png",
    ] {
        site.write(&format!("static/{name}"), name);
    }
    site.build().success();
    assert_eq!(
        icon_links(&site.output("index.html")),
        [
            r#"<link rel="icon" href="/favicon.ico">"#,
            r#"<link rel="icon" href="/favicon.png" type="image/png">"#,
            r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#,
            r#"<link rel="apple-touch-icon" href="/apple-touch-icon.png">"#,
        ]
    );
    assert_eq!(site.output("apple-touch-icon.png"), "apple-touch-icon.png");
}
