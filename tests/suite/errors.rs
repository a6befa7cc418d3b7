//! Mistakes in front matter and in site.yaml: each is reported at its file, line and
//! column with the source line, a caret and a hint, the build exits 1, and a build
//! reports every problem it finds in one run.

use crate::harness::Site;

// ---- front matter

#[test]
fn unknown_key() {
    let run = Site::fixture("errors/unknown-key").build();
    run.errors(1);
    run.diag("content/page.md:3:1: error: unknown key `titel`")
        .source(3, "titel: Typo")
        .caret(1)
        .hint("did you mean `title`?");
}

#[test]
fn two_unknown_keys_are_both_reported() {
    let run = Site::fixture("errors/two-unknown-keys").build();
    run.errors(2);
    run.diag("content/page.md:3:1: error: unknown key `colour`")
        .source(3, "colour: blue")
        .hint("accepted keys: title, description, step");
    run.diag("content/page.md:4:1: error: unknown key `stpe`")
        .source(4, "stpe: 1")
        .caret(1)
        .hint("did you mean `step`?");
}

#[test]
fn wrong_type() {
    let run = Site::fixture("errors/wrong-type").build();
    run.errors(1);
    run.diag_starting("content/page.md:3:7: error: ")
        .says("step")
        .says("invalid type")
        .says("\"two\"")
        .source(3, "step: two")
        .caret(7)
        // Regression: no hint, as serde_yaml puts the key before "invalid type".
        .hint("check the value's type");
}

#[test]
fn missing_opening_fence() {
    let run = Site::fixture("errors/missing-fence").build();
    run.errors(1);
    run.diag(
        "content/page.md:1:1: error: missing front matter: the file must start with a `---` line",
    )
    .source(1, "title: Page")
    .caret(1)
    .hint("start the file with `---`");
}

#[test]
fn unclosed_front_matter() {
    let run = Site::fixture("errors/unclosed").build();
    run.errors(1);
    run.diag("content/page.md:1:1: error: unclosed front matter: no closing `---` line")
        .source(1, "---")
        .caret(1)
        .hint("a line holding only `---`");
}

#[test]
fn missing_title() {
    let run = Site::fixture("errors/missing-title").build();
    run.errors(1);
    run.diag_starting("content/page.md:2:1: error: missing ")
        .says("`title`")
        .source(2, "description: No title here.")
        .caret(1)
        .hint("add it");
}

#[test]
fn bad_date() {
    let run = Site::fixture("errors/bad-date").build();
    run.errors(1);
    run.diag("content/page.md:3:1: error: `date` is not a date: `09/09/2024`")
        .source(3, "date: 09/09/2024")
        .caret(1)
        .hint("YYYY-MM-DD");
}

#[test]
fn duplicate_url_from_two_files() {
    let run = Site::fixture("errors/duplicate-url-files").build();
    run.errors(1);
    run.diag("content/topic/_index.md:1:1: error: duplicate URL `/topic/`: `content/topic.md` has it too")
        .source(1, "---")
        .hint("another `slug` or file name");
}

#[test]
fn duplicate_url_from_a_slug() {
    let run = Site::fixture("errors/duplicate-url-slug").build();
    run.errors(1);
    run.diag("content/notes/second.md:4:1: error: duplicate URL `/notes/first/`: `content/notes/first.md` has it too")
        .source(4, "slug: first")
        .caret(1)
        .hint("another `slug` or file name");
}

// Regression: when the page with the colliding `slug` sorted first by path, the error
// pointed at line 1 of the other page, which has no `slug` to fix.
#[test]
fn duplicate_url_points_at_the_slug_line() {
    let run = Site::fixture("errors/duplicate-url-slug-sorts-first").build();
    run.errors(1);
    run.diag_starting("content/notes/another.md:4:1: error: duplicate URL `/notes/taken/`")
        .says("content/notes/taken.md")
        .source(4, "slug: taken")
        .hint("another `slug` or file name");
}

#[test]
fn duplicate_step() {
    let run = Site::fixture("errors/duplicate-step").build();
    run.errors(1);
    run.diag("content/steps/b.md:3:1: error: duplicate step 1: `content/steps/a.md` is step 1 too")
        .source(3, "step: 1")
        .caret(1)
        .hint("once each");
}

#[test]
fn unknown_worksheet() {
    let run = Site::fixture("errors/unknown-worksheet").build();
    run.errors(1);
    run.diag("content/guide.md:4:1: error: unknown worksheet `first-shet`: there is no content/worksheets/first-shet.md")
        .source(4, "worksheet: first-shet")
        .caret(1)
        .hint("first-sheet");
}

// ---- YAML mistakes, in plain words at their own place

// Regression: reported at the closing `---` (3:1) in the parser's own words.
#[test]
fn yaml_unclosed_list() {
    let run = Site::fixture("errors/yaml-unclosed-list").build();
    run.errors(1);
    run.diag("content/page.md:2:8: error: a `[` opened at line 2, column 8 is never closed")
        .source(2, "title: [broken")
        .caret(8)
        .hint("end the list with `]`, or put the value in quotes if the `[` is part of the text: `title: \"[broken\"`");
}

#[test]
fn yaml_tab_in_indentation() {
    let run = Site::fixture("errors/yaml-tab").build();
    run.errors(1);
    run.diag("content/page.md:5:1: error: tab in indentation: YAML indents with spaces only")
        // Drawn as four spaces, as rustc does, so the underline can be as wide as the tab.
        .source(5, "    - two")
        .caret(1)
        .hint("replace the tab with spaces");
}

#[test]
fn yaml_missing_space_after_colon() {
    let run = Site::fixture("errors/yaml-missing-space").build();
    run.errors(1);
    run.diag("content/page.md:2:7: error: missing space after `:` in `title:Foo`")
        .source(2, "title:Foo")
        .caret(7)
        .hint("write `title: Foo`: without the space YAML reads `title:Foo` as one piece of text, not a key and its value");
}

#[test]
fn yaml_duplicate_key() {
    let run = Site::fixture("errors/yaml-duplicate-key").build();
    run.errors(1);
    run.diag("content/page.md:4:1: error: duplicate key `title`: it is already set at line 2")
        .source(4, "title: Second")
        .caret(1)
        .hint("keep one of the two `title:` lines");
}

#[test]
fn yaml_colon_inside_a_value() {
    let run = Site::fixture("errors/yaml-colon-in-value").build();
    run.errors(1);
    run.diag("content/page.md:2:14: error: `: ` inside the value of `title`: YAML reads it as the start of another key")
        .source(2, "title: Step 1: Listen")
        .caret(14)
        .hint("put the value in quotes: `title: \"Step 1: Listen\"`");
}

// ---- site.yaml

#[test]
fn settings_unknown_key() {
    let run = Site::fixture("errors/settings-unknown-key").build();
    run.errors(1);
    run.diag("site.yaml:3:1: error: unknown key `titel`")
        .source(3, "titel: Oops")
        .caret(1)
        .hint("accepted keys: title, base_url");
}

#[test]
fn settings_missing_title() {
    let run = Site::fixture("errors/settings-missing-title").build();
    run.errors(1);
    run.diag_starting("site.yaml:1:1: error: missing ")
        .says("`title`")
        .source(1, "base_url: https://test.example/")
        .hint("add it");
}

#[test]
fn settings_missing_base_url() {
    let run = Site::fixture("errors/settings-missing-base-url").build();
    run.errors(1);
    // A missing key has no line of its own: the error is about the whole file.
    run.diag("site.yaml: error: missing key `base_url`")
        .no_source()
        .hint("base_url: https://example.org/");
}

#[test]
fn settings_base_url_flag_stands_in_for_a_missing_base_url() {
    let site = Site::fixture("errors/settings-missing-base-url");
    site.run(&["build", "--base-url", "https://flag.example/"])
        .success();
    assert!(site
        .output("sitemap.xml")
        .contains("<loc>https://flag.example/</loc>"));
}

#[test]
fn settings_bad_paper() {
    let run = Site::fixture("errors/settings-bad-paper").build();
    run.errors(1);
    run.diag_starting("site.yaml:3:8: error: ")
        .says("`a5`")
        .says("`a4`")
        .says("`letter`")
        .source(3, "paper: a5")
        .caret(8);
}

#[test]
fn settings_yaml_syntax_error() {
    let run = Site::fixture("errors/settings-yaml-syntax").build();
    run.errors(1);
    run.diag("site.yaml:3:3: error: `description:` is indented, so YAML reads it as more of the value on the line above")
        .source(3, "  description: indented by mistake")
        .caret(3)
        .hint("start `description:` at the beginning of its line");
}

#[test]
fn settings_duplicate_key() {
    let run = Site::fixture("errors/settings-duplicate-key").build();
    run.errors(1);
    run.diag("site.yaml:3:1: error: duplicate key `title`: it is already set at line 1")
        .source(3, "title: Another Title")
        .caret(1)
        .hint("keep one of the two `title:` lines");
}

#[test]
fn settings_missing_space_after_colon() {
    let run = Site::fixture("errors/settings-missing-space").build();
    run.errors(1);
    run.diag("site.yaml:2:10: error: missing space after `:` in `base_url:https://test.example/`")
        .source(2, "base_url:https://test.example/")
        .caret(10)
        .hint("write `base_url: https://test.example/`");
}

// ---- many problems, one run

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let run = Site::fixture("errors/many-files").build();
    run.errors(4);
    run.errors_start_with(&[
        "content/a.md:3:1: error: unknown key `colour`",
        "content/b.md:3:7: error: ",
        "content/c.md:3:1: error: `date` is not a date: `yesterday`",
        "content/d.md:5:3: error: link to a missing file `nowhere.md`",
    ]);
}

#[test]
fn settings_and_content_errors_are_reported_together() {
    let site = Site::fixture("basic");
    site.patch(
        "site.yaml",
        "title: Basic Site\n",
        "title: Basic Site\ncolor: red\n",
    );
    site.patch("content/about.md", "weight: 1\n", "weight: 1\nauthor: me\n");
    let run = site.build();
    run.errors(2);
    run.diag("content/about.md:5:1: error: unknown key `author`");
    run.diag("site.yaml:2:1: error: unknown key `color`");
}

// Regression: a link to a page whose own front matter was broken was also reported as a
// "link to a missing file", though the file is there; only the real problem should show.
#[test]
fn link_to_a_page_with_broken_front_matter_is_not_a_second_error() {
    let run = Site::fixture("errors/link-to-broken-page").build();
    run.diag("content/broken.md:3:1: error: unknown key `colour`");
    run.stderr_lacks("link to a missing file");
    run.errors(1);
}

/// The caret sits under the character it points at when wide characters (CJK, emoji)
/// come before it on the line: they take two cells of the terminal each.
#[test]
fn the_caret_counts_terminal_cells_not_characters() {
    use unicode_width::UnicodeWidthStr;
    let site = Site::fixture("errors/wide-caret").with_bibliography();
    let run = site.build();
    run.code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("unknown citation key `@doe202`"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let (source, caret) = (lines[at + 1], lines[at + 2]);
    let bracket = source.find('[').expect("the citation on the source line");
    let mark = caret.find('^').expect("a caret");
    assert_eq!(
        caret[..mark].width(),
        source[..bracket].width(),
        "{source}\n{caret}"
    );
    // The whole citation is underlined.
    assert_eq!(caret[mark..].trim_end(), "^".repeat("[@doe202]".len()));
}

/// A line with right-to-left text starts with a left-to-right mark, so a terminal that
/// does bidi lays it out left to right like the caret line under it, and the caret is
/// under the citation that follows the Arabic run.
#[test]
fn a_line_with_arabic_text_is_shown_left_to_right() {
    let site = Site::fixture("errors/rtl-caret").with_bibliography();
    let run = site.build();
    run.code(1);
    let diag = run.diag("content/page.md:5:21: error: unknown citation key `@doe202`");
    diag.source(5, "\u{200E}مرحبا بالعالم — see [@doe202]")
        .underline("[@doe202]".len());
    // The mark takes no cell: the caret is 20 cells in, under the `[`.
    diag.caret(21);
}

// ---- a front-matter error does not hide the body's

#[test]
fn front_matter_and_body_errors_are_reported_together() {
    let site = Site::fixture("errors/front-matter-and-body").with_bibliography();
    let run = site.build();
    run.errors(3);
    run.diag("content/page.md:3:1: error: unknown key `colour`")
        .source(3, "colour: blue");
    // The body is still read, with what the front matter said.
    run.diag("content/page.md:6:25: error: unknown citation key `@jonson2008`")
        .source(6, "Trust comes back slowly [@jonson2008], step by step.")
        .caret(25)
        .underline("[@jonson2008]".len())
        .hint("did you mean `@johnson2008`?");
    run.diag_starting("content/page.md:8:5: error: link to a missing file `nowhere.md`");
    // Nothing is published from a page with a wrong front matter.
    assert!(!site.has_output("page/index.html"));
}

#[test]
fn unreadable_front_matter_still_has_its_body_checked() {
    let site = Site::fixture("errors/unreadable-front-matter-and-body").with_bibliography();
    let run = site.build();
    run.errors(2);
    run.diag("content/page.md:2:8: error: a `[` opened at line 2, column 8 is never closed");
    run.diag("content/page.md:5:25: error: unknown citation key `@jonson2008`");
    // The title could not be read: that is the error above, not a second one.
    run.stderr_lacks("`title`");
    assert!(!site.has_output("page/index.html"));
}

#[test]
fn a_site_without_a_home_page_is_an_error() {
    let site = Site::fixture("basic");
    std::fs::remove_file(site.path("content/_index.md")).unwrap();
    site.build()
        .code(1)
        .diag("content/_index.md: error: the home page is missing")
        .hint("create content/_index.md");
}
