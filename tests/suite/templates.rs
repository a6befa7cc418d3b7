//! The theme: a site's own templates override the built-in ones, can extend the built-in
//! base, and can be picked per page with `template:`; template mistakes are errors.

use crate::harness::Site;

#[test]
fn site_template_replaces_the_built_in_one() {
    let site = Site::fixture("templates/override");
    site.build().success();
    let about = site.output("about/index.html");
    assert!(
        about.contains("<p class=\"own-page-template\">Own template for About on Test Site</p>"),
        "{about}"
    );
    assert!(
        !about.contains("<main"),
        "the built-in layout leaked in:\n{about}"
    );
    // Other templates stay built-in.
    assert!(site.output("index.html").contains("<main id=\"main\""));
}

#[test]
fn site_template_can_extend_the_built_in_base() {
    let site = Site::fixture("templates/extends");
    site.build().success();
    let about = site.output("about/index.html");
    assert!(
        about.contains("<p class=\"extended\">Extended: About</p>"),
        "{about}"
    );
    assert!(about.contains("<main id=\"main\""), "{about}");
    assert!(about.contains("aria-label=\"Main\""), "{about}");
    assert!(
        about.contains("<title>About · Test Site</title>"),
        "{about}"
    );
}

#[test]
fn template_front_matter_picks_the_template() {
    let site = Site::fixture("templates/front-matter");
    site.build().success();
    let special = site.main_of("special/index.html");
    assert!(
        special.contains("<div class=\"special-template\">Special: <p>Special body.</p>"),
        "{special}"
    );
    assert!(!site
        .main_of("about/index.html")
        .contains("special-template"));
}

#[test]
fn unknown_template_is_an_error_at_its_line() {
    let site = Site::fixture("templates/unknown");
    let run = site.build();
    run.errors(1);
    run.diag("content/about.md:4:1: error: unknown template `missing.html`")
        .source(4, "template: missing.html")
        .caret(1)
        .hint("templates/");
    assert!(!site.path("public").exists());
}

#[test]
fn template_syntax_error_names_the_file_and_line() {
    let site = Site::fixture("templates/syntax-error");
    let run = site.build();
    run.errors(1);
    let header = run.error_headers()[0];
    assert!(header.starts_with("templates/page.html:3:"), "{header}");
    assert!(header.contains("error: template:"), "{header}");
    assert!(!site.path("public").exists());
}

#[test]
fn partial_renders_a_template_with_site_and_its_arguments() {
    let site = Site::fixture("templates/partial");
    site.build().success();
    let about = site.main_of("about/index.html");
    // Escaped once, by the partial's template; the output itself is not escaped again.
    assert!(
        about.contains("<p class=\"card\">Cats &amp; &lt;dogs&gt; on Test Site</p>"),
        "{about}"
    );
    assert!(
        about.contains("<p class=\"card\">Fixed on Test Site</p>"),
        "{about}"
    );
    // Each distinct set of arguments has its own rendering.
    let birds = site.main_of("birds/index.html");
    assert!(
        birds.contains("<p class=\"card\">Birds on Test Site</p>"),
        "{birds}"
    );
    assert!(!birds.contains("dogs"), "{birds}");
}

#[test]
fn partial_mistakes_are_template_errors() {
    for (card, page, file, expected) in [
        // A partial sees `site` and its arguments only.
        (
            "{{ page.title }}",
            None,
            "card.html",
            "Variable `page.title` not found",
        ),
        (
            "{{ title }}",
            Some(r#"{{ partial(title="x") }}"#),
            "page.html",
            r#"give the template's name, as in partial(name="menu.html")"#,
        ),
        (
            r#"{{ partial(name="menu.html") }}"#,
            None,
            "card.html",
            "a partial template cannot call partial",
        ),
        (
            "{{ title }}",
            Some(r#"{{ partial(name="nope.html") }}"#),
            "page.html",
            "Template 'nope.html' not found",
        ),
    ] {
        let site = Site::fixture("templates/partial");
        site.write("templates/card.html", card);
        if let Some(page) = page {
            site.write("templates/page.html", page);
        }
        let run = site.build();
        // About and Birds fail alike: one error.
        run.errors(1);
        let header = run.error_headers()[0];
        assert!(
            header.starts_with(&format!("templates/{file}: error: template:")),
            "{header}"
        );
        assert!(header.contains(expected), "{card}: {header}");
        assert!(!site.path("public").exists());
    }
}

#[test]
fn site_menu_template_replaces_the_menu_on_every_page() {
    let site = Site::fixture("templates/partial");
    site.write(
        "templates/menu.html",
        r#"<nav class="own-menu">{{ current }}|{{ exact }}|{{ site.menu | length }}</nav>"#,
    );
    site.build().success();
    assert!(site
        .output("index.html")
        .contains(r#"<nav class="own-menu">|false|2</nav>"#));
    assert!(site
        .output("birds/index.html")
        .contains(r#"<nav class="own-menu">/birds/|true|2</nav>"#));
    assert!(site
        .output("404.html")
        .contains(r#"<nav class="own-menu">|false|2</nav>"#));
}
