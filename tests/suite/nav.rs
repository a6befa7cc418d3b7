//! Navigation: the order of steps and pages, "Step N of M", previous/next, section
//! listings, the main menu, and the links between a guide and its worksheet.

use crate::harness::{element_with, hrefs, rel_link, Site};

/// The distinct hrefs of `html` that start with `prefix`, in order of first appearance.
fn links_under<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for h in hrefs(html) {
        if h.starts_with(prefix) && h != prefix && !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// The hrefs of the main menu.
fn menu(html: &str) -> Vec<&str> {
    hrefs(element_with(html, "aria-label=\"Main\"", "</nav>"))
}

#[test]
fn steps_follow_step_numbers_not_file_names() {
    let site = Site::fixture("basic");
    site.build().success();
    let main = site.main_of("steps/c-second/index.html");
    let path = element_with(&main, "aria-label=\"Program steps\"", "</nav>");
    assert_eq!(
        hrefs(path),
        ["/steps/b-first/", "/steps/c-second/", "/steps/a-third/"]
    );
}

#[test]
fn guides_say_which_step_they_are() {
    let site = Site::fixture("basic");
    site.build().success();
    for (file, n) in [("b-first", 1), ("c-second", 2), ("a-third", 3)] {
        let main = site.main_of(&format!("steps/{file}/index.html"));
        assert!(main.contains(&format!("Step {n} of 3")), "{file}:\n{main}");
    }
}

#[test]
fn previous_and_next_follow_step_order() {
    let site = Site::fixture("basic");
    site.build().success();
    let first = site.main_of("steps/b-first/index.html");
    assert_eq!(rel_link(&first, "prev"), None);
    assert_eq!(rel_link(&first, "next"), Some("/steps/c-second/"));
    let second = site.main_of("steps/c-second/index.html");
    assert_eq!(rel_link(&second, "prev"), Some("/steps/b-first/"));
    assert_eq!(rel_link(&second, "next"), Some("/steps/a-third/"));
    let third = site.main_of("steps/a-third/index.html");
    assert_eq!(rel_link(&third, "prev"), Some("/steps/c-second/"));
    assert_eq!(rel_link(&third, "next"), None);
}

#[test]
fn section_page_lists_its_pages_in_order() {
    let site = Site::fixture("basic");
    site.build().success();
    let main = site.main_of("steps/index.html");
    assert_eq!(
        links_under(&main, "/steps/"),
        ["/steps/b-first/", "/steps/c-second/", "/steps/a-third/"]
    );
}

#[test]
fn weight_orders_pages_in_a_section() {
    let site = Site::fixture("nav/weight");
    site.build().success();
    let main = site.main_of("guide/index.html");
    assert_eq!(
        links_under(&main, "/guide/"),
        ["/guide/z-one/", "/guide/a-two/", "/guide/m-three/"]
    );
    let middle = site.main_of("guide/a-two/index.html");
    assert_eq!(rel_link(&middle, "prev"), Some("/guide/z-one/"));
    assert_eq!(rel_link(&middle, "next"), Some("/guide/m-three/"));
}

#[test]
fn main_menu_follows_weight() {
    let site = Site::fixture("nav/weight");
    site.build().success();
    for page in [
        "index.html",
        "guide/index.html",
        "apple/index.html",
        "404.html",
    ] {
        assert_eq!(
            menu(&site.output(page)),
            ["/zebra/", "/guide/", "/apple/"],
            "menu of {page}"
        );
    }
}

#[test]
fn guide_and_worksheet_link_to_each_other() {
    let site = Site::fixture("basic");
    site.build().success();
    let guide = site.main_of("steps/b-first/index.html");
    assert!(
        hrefs(&guide).contains(&"/worksheets/first-sheet/"),
        "{guide}"
    );
    let sheet = site.main_of("worksheets/first-sheet/index.html");
    assert!(hrefs(&sheet).contains(&"/steps/b-first/"), "{sheet}");
    let list = site.main_of("worksheets/index.html");
    assert!(hrefs(&list).contains(&"/worksheets/first-sheet/"), "{list}");
    assert!(hrefs(&list).contains(&"/steps/b-first/"), "{list}");
}

/// The main menu's links with their `aria-current` values.
fn menu_current(html: &str) -> Vec<(&str, Option<&str>)> {
    let nav = element_with(html, "aria-label=\"Main\"", "</nav>");
    nav.split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let (href, attrs) = rest.split_once('"').unwrap();
            let attrs = &attrs[..attrs.find('>').unwrap()];
            let current = attrs
                .split_once("aria-current=\"")
                .map(|(_, v)| &v[..v.find('"').unwrap()]);
            (href, current)
        })
        .collect()
}

#[test]
fn main_menu_marks_the_entry_a_page_is_or_is_under() {
    let site = Site::fixture("nav/nested");
    site.build().success();
    for (page, guide, about) in [
        ("index.html", None, None),
        ("404.html", None, None),
        ("about/index.html", None, Some("page")),
        ("guide/index.html", Some("page"), None),
        ("guide/deep/index.html", Some("true"), None),
        ("guide/deep/leaf/index.html", Some("true"), None),
    ] {
        assert_eq!(
            menu_current(&site.output(page)),
            [("/about/", about), ("/guide/", guide)],
            "menu of {page}"
        );
    }
}
