//! The `kintsugi` command: parses the command line, calls the library, prints
//! diagnostics and picks the exit code (0 ok, 1 content errors, 2 bad usage).

use clap::{CommandFactory, Parser, Subcommand};
use kintsugi::build::{self, BuildOptions, BuildReport};
use kintsugi::diagnostic::{headline, ColorChoice, Severity};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: rendering allocates many short-lived strings on every thread, and glibc's
/// malloc spent about a third of a large build's CPU time (see README, Speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kintsugi",
    version,
    about = "Build evidence-based, step-by-step guide sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour the errors: `auto` when stderr is a terminal and NO_COLOR is not set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t)]
    color: ColorChoice,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory.
    Build {
        /// The site's folder (holds site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override `base_url` from site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages with `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build in memory, serve on loopback, rebuild on save and reload the browser.
    Serve(kintsugi::serve::ServeOptions),
    /// Check everything a build checks, writing nothing; with --external, also whether
    /// every external link and DOI still answers.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        #[command(flatten)]
        external: kintsugi::external::ExternalOptions,
    },
    /// Create a starter site in DIR that builds as is.
    New {
        dir: PathBuf,
        /// The site's language, a BCP 47 tag (`de`, `pt-BR`, `ar`).
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Print a shell completion script for SHELL on stdout.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

fn print_diagnostics(report: &BuildReport, color: bool) {
    for d in &report.diagnostics {
        // A blank line after each, as rustc and cargo do, so they read as paragraphs.
        eprintln!("{}\n", d.render(color));
    }
    let (errors, warnings) =
        report.diagnostics.iter().fold(
            (0, 0),
            |(e, w), d| if d.is_error() { (e + 1, w) } else { (e, w + 1) },
        );
    if errors > 0 {
        let summary = format!(
            "build failed with {errors} error{} and {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        eprintln!("{}", headline(Severity::Error, &summary, color));
    }
}

/// Usage problems found before building: the root is not a site folder. Exit 2.
fn check_root(root: &Path, color: bool) -> Result<(), ExitCode> {
    match kintsugi::build::root_problem(root) {
        Some((message, hint)) => {
            eprintln!("{}", headline(Severity::Error, &message, color));
            if let Some(hint) = hint {
                eprintln!("  = hint: {hint}");
            }
            Err(ExitCode::from(2))
        }
        None => Ok(()),
    }
}

impl Command {
    /// The site folder the command works on, for the commands that need an existing site.
    fn root(&self) -> Option<&Path> {
        match self {
            Command::Build { root, .. }
            | Command::Check { root, .. }
            | Command::Serve(kintsugi::serve::ServeOptions { root, .. }) => Some(root),
            Command::New { .. } | Command::Completions { .. } => None,
        }
    }
}

/// Prints a build's diagnostics and, on success, its summary line; picks the exit code.
fn finish(report: &BuildReport, verb: &str, output: Option<&Path>, color: bool) -> ExitCode {
    print_diagnostics(report, color);
    if report.has_errors() {
        return ExitCode::from(1);
    }
    println!("{}", report.stats.summary(verb, output));
    ExitCode::SUCCESS
}

/// `check --external`: the site's checks, then its external links, reported together.
fn check_external(
    mut report: BuildReport,
    root: &Path,
    options: &kintsugi::external::ExternalOptions,
    color: bool,
) -> ExitCode {
    let external = kintsugi::external::check(root, &report.external, options);
    let mut all = kintsugi::diagnostic::Diagnostics::default();
    all.extend(std::mem::take(&mut report.diagnostics));
    all.extend(external.diagnostics);
    report.diagnostics = all.sorted();
    print_diagnostics(&report, color);
    if !report.has_errors() {
        println!("{}", report.stats.summary("checked", None));
    }
    println!("{}", external.stats.summary());
    ExitCode::from(u8::from(report.has_errors()))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            e.print().ok();
            return ExitCode::from(code);
        }
    };
    let color = cli.color.resolve(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    if let Some(root) = cli.command.root() {
        if let Err(code) = check_root(root, color) {
            return code;
        }
    }
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            // `public/`, not `./public/`, when the root is the current folder (the summary shows it).
            let output = output.unwrap_or_else(|| {
                if root == Path::new(".") {
                    "public".into()
                } else {
                    root.join("public")
                }
            });
            if let Err(message) = kintsugi::output::check_output_dir(&root, &output) {
                eprintln!("{}", headline(Severity::Error, &message, color));
                return ExitCode::from(2);
            }
            let opts = BuildOptions {
                base_url,
                drafts,
                ..BuildOptions::new(&root)
            };
            finish(&build::build(&opts, &output), "built", Some(&output), color)
        }
        Command::Check {
            root,
            drafts,
            external,
        } => {
            let opts = BuildOptions {
                drafts,
                external_links: external.external,
                ..BuildOptions::new(&root)
            };
            let report = build::check(&opts);
            if !external.external {
                return finish(&report, "checked", None, color);
            }
            check_external(report, &root, &external, color)
        }
        Command::Serve(options) => match kintsugi::serve::run(options, color) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}", headline(Severity::Error, &format!("{e:#}"), color));
                ExitCode::from(1)
            }
        },
        Command::New { dir, language } => match language
            .parse()
            .map_err(|_| {
                anyhow::anyhow!("`{language}` is not a language tag (BCP 47, e.g. `de`, `pt-BR`)")
            })
            .and_then(|tag| kintsugi::scaffold::create(&dir, &tag))
        {
            Ok(()) => {
                print!("{}", kintsugi::scaffold::next_steps(&dir));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", headline(Severity::Error, &format!("{e:#}"), color));
                ExitCode::from(2)
            }
        },
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "kintsugi",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}
