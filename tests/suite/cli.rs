//! The command line: exit codes, where messages go, the summary line, `check`.

use crate::harness::{assert_same_tree, is_summary, run_in, snapshot_tree, Site};

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--no-such-flag"]);
    run.code(2).stderr_has("--no-such-flag");
    assert!(run.stdout.is_empty());
    assert!(!site.path("public").exists());
}

#[test]
fn missing_subcommand_is_a_usage_error() {
    let site = Site::fixture("basic");
    site.run(&[]).code(2).stderr_has("Usage");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    Site::fixture("basic").run(&["publish"]).code(2);
}

#[test]
fn help_is_not_an_error() {
    let run = Site::fixture("basic").run(&["--help"]);
    run.success();
    assert!(run.stdout.contains("build"), "{}", run.stdout);
}

#[test]
fn success_prints_one_summary_line_on_stdout() {
    let site = Site::fixture("basic");
    let run = site.build();
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(is_summary(lines[0]), "not a summary line: {:?}", lines[0]);
    assert!(
        // Eight content pages, /tags/, the pages of its four tags and /print/.
        lines[0].starts_with("built 14 pages, 1 worksheet ("),
        "{}",
        lines[0]
    );
    // Regression: with the default root the summary said `-> ./public/`.
    assert!(lines[0].ends_with(" -> public/"), "{}", lines[0]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn errors_go_to_stderr_and_nothing_to_stdout() {
    let run = Site::fixture("errors/unknown-key").build();
    run.errors(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("content/page.md:3:1: error: "),
        "{}",
        run.stderr
    );
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("basic");
    let before = snapshot_tree(site.outer());
    let run = site.run(&["check"]);
    run.success();
    assert!(
        run.stdout.starts_with("checked 14 pages, "),
        "{}",
        run.stdout
    );
    assert_same_tree(&before, &snapshot_tree(site.outer()), "after `check`");
}

#[test]
fn check_reports_errors_with_exit_1() {
    let site = Site::fixture("errors/many-files");
    let before = snapshot_tree(site.outer());
    site.run(&["check"]).errors(4);
    assert_same_tree(
        &before,
        &snapshot_tree(site.outer()),
        "after a failed `check`",
    );
}

#[test]
fn missing_root_is_a_usage_error() {
    let tmp = Site::empty();
    for cmd in ["build", "check"] {
        run_in(tmp.root(), &[cmd, "--root", "no-such-dir"])
            .code(2)
            .stderr_has("no-such-dir");
    }
    assert!(!tmp.path("no-such-dir").exists());
}

#[test]
fn root_flag_builds_another_folder() {
    let site = Site::fixture("basic");
    let run = run_in(site.outer(), &["build", "--root", "site"]);
    run.success();
    assert!(
        run.stdout.trim_end().ends_with("-> site/public/"),
        "{}",
        run.stdout
    );
    assert!(site.has_output("index.html"));
}

#[test]
fn build_outside_a_site_says_how_to_start_one() {
    let tmp = Site::empty();
    tmp.write("notes.txt", "not a site");
    let run = tmp.build();
    // Not a site folder is bad usage: exit 2.
    run.code(2)
        .stderr_has("site.yaml")
        .stderr_has("kintsugi new");
    assert!(!tmp.path("public").exists());
}

#[test]
fn version_prints_the_crate_version() {
    let run = Site::empty().run(&["--version"]);
    run.success();
    assert_eq!(
        run.stdout.trim_end(),
        format!("kintsugi {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_cover_every_subcommand_in_each_shell() {
    let tmp = Site::empty();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = run_in(tmp.root(), &["completions", shell]);
        run.success();
        // Flags too (fish spells `--root` as `-l root`).
        for word in ["build", "serve", "check", "new", "completions", "root"] {
            assert!(
                run.stdout.contains(word),
                "the {shell} script does not mention `{word}`:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let run = run_in(Site::empty().root(), &["completions", "tcsh"]);
    run.code(2).stderr_has("tcsh").stderr_has("bash");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn new_says_what_to_try_next() {
    let tmp = Site::empty();
    let run = run_in(tmp.root(), &["new", "starter"]);
    run.success();
    assert!(
        run.stdout.contains("cd starter && kintsugi serve"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("kintsugi build"), "{}", run.stdout);
}

// ---- colour: on a terminal only, unless asked

const ESC: char = '\u{1b}';

#[test]
fn piped_errors_have_no_colour() {
    let run = Site::fixture("errors/unknown-key").build();
    run.errors(1);
    assert!(!run.stderr.contains(ESC), "{:?}", run.stderr);
}

#[test]
fn color_always_colours_even_when_piped() {
    let site = Site::fixture("errors/unknown-key");
    for args in [
        &["build", "--color", "always"][..],
        &["--color", "always", "check"],
    ] {
        let run = site.run(args);
        run.code(1);
        assert!(run.stderr.contains(ESC), "{:?}", run.stderr);
        // The first line is still ours once the colours are taken out.
        let first = strip_ansi(run.stderr.lines().next().unwrap_or_default());
        assert_eq!(first, "content/page.md:3:1: error: unknown key `titel`");
        let last = strip_ansi(run.stderr.lines().last().unwrap_or_default());
        assert_eq!(last, "error: build failed with 1 error and 0 warnings");
    }
    site.run(&["build", "--color", "never"]).code(1);
    site.run(&["build", "--color", "sometimes"]).code(2);
}

#[test]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    let site = Site::fixture("errors/unknown-key");
    let shown = on_a_terminal(site.root(), None);
    assert!(shown.contains(ESC), "a terminal gets colour: {shown:?}");
    assert!(
        strip_ansi(&shown).contains("content/page.md:3:1: error: unknown key `titel`"),
        "{shown:?}"
    );
    let shown = on_a_terminal(site.root(), Some("1"));
    assert!(!shown.contains(ESC), "NO_COLOR=1: {shown:?}");
    assert!(shown.contains("content/page.md:3:1: error: unknown key `titel`"));
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_a_terminal(site.root(), Some("")).contains(ESC));
}

/// What a terminal shows for `kintsugi build` in `dir`, run on a pseudo-terminal through
/// `script` (util-linux, in Debian's essential bsdutils), with NO_COLOR set to `no_color`.
fn on_a_terminal(dir: &std::path::Path, no_color: Option<&str>) -> String {
    let command = format!("'{}' build", env!("CARGO_BIN_EXE_kintsugi"));
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let out = script.output().unwrap_or_else(|e| {
        panic!("cannot run `script` for a pseudo-terminal (Debian: apt-get install bsdutils): {e}")
    });
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `s` without ANSI escape sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            chars.by_ref().find(char::is_ascii_alphabetic);
        } else {
            out.push(c);
        }
    }
    out
}
