//! The test harness: copies a fixture site into a fresh temp dir, runs the real
//! `kintsugi` binary on it, and offers small helpers to read and pick apart the output.
//! Every assertion helper prints the command's stderr when it fails, so a failing test
//! says why the build did what it did.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where the fixtures live.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temp dir: `<tmp>/site` is the root, so tests can also look beside it.
pub struct Site {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// Copies the starter site (`tests/fixtures/shared/starter/`: `site.yaml` and a home
    /// page), then `tests/fixtures/<name>` over it (e.g. `"basic"` or
    /// `"errors/unknown-key"`), so a fixture holds only what its case needs and replaces
    /// a starter file by having its own.
    pub fn fixture(name: &str) -> Site {
        let src = fixtures_dir().join(name);
        assert!(src.is_dir(), "no fixture at {}", src.display());
        let site = Site::empty();
        copy_dir(&fixtures_dir().join("shared/starter"), &site.root);
        copy_dir(&src, &site.root);
        site
    }

    /// Adds the shared bibliography (`tests/fixtures/shared/references.yaml`, five works)
    /// as `content/references.yaml`; a fixture whose works differ has its own file instead.
    #[track_caller]
    pub fn with_bibliography(self) -> Site {
        let dest = self.path("content/references.yaml");
        assert!(
            !dest.exists(),
            "the fixture has its own {}: use it or the shared one, not both",
            dest.display()
        );
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(fixtures_dir().join("shared/references.yaml"), &dest)
            .unwrap_or_else(|e| panic!("copy the shared bibliography: {e}"));
        self
    }

    /// An empty root folder (it exists, holds nothing).
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("kintsugi-test-")
            .tempdir()
            .expect("create temp dir");
        let root = tmp.path().join("site");
        fs::create_dir(&root).expect("create site dir");
        Site { tmp, root }
    }

    /// The site's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temp dir that holds the root (and nothing else unless a test puts it there).
    pub fn outer(&self) -> &Path {
        self.tmp.path()
    }

    /// A path inside the root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file in the root, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }

    /// Replaces the one occurrence of `from` in a file of the root with `to`.
    pub fn patch(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {rel}:\n{text}"
        );
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `kintsugi ARGS` with the root as the working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// `kintsugi build` in the root, into `public/`.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// The text of a file of the default output (`public/REL`).
    pub fn output(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| {
            panic!(
                "cannot read output {}: {e}\noutput files: {:#?}",
                p.display(),
                list_files(&self.path("public"))
            )
        })
    }

    /// Whether `public/REL` exists.
    pub fn has_output(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// The `<main …>…</main>` of an output page.
    pub fn main_of(&self, rel: &str) -> String {
        main_of(&self.output(rel)).to_string()
    }
}

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, |_| {})
}

/// Runs the binary in `dir`, with `setup` adding to its command (environment variables).
pub fn run_with(dir: &Path, args: &[&str], setup: impl FnOnce(&mut Command)) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kintsugi"));
    command.args(args).current_dir(dir).env_remove("RUST_LOG");
    setup(&mut command);
    let out = command.output().expect("run kintsugi");
    Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    /// None when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "`kintsugi {}` exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Asserts exit status 0.
    #[track_caller]
    pub fn success(&self) -> &Run {
        assert_eq!(self.code, Some(0), "expected success\n{}", self.describe());
        self
    }

    /// Asserts the given exit status.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit status {code}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Asserts stderr does not contain `needle`.
    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Run {
        assert!(
            !self.stderr.contains(needle),
            "stderr has {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// The diagnostic whose first line is exactly `header`
    /// (`path:line:col: error: message`), with its continuation lines.
    #[track_caller]
    pub fn diag(&self, header: &str) -> Diag {
        self.find_diag(header, |l| l == header)
    }

    /// The first diagnostic whose header starts with `prefix` (for messages worded by a
    /// library, where only the position and the gist are ours).
    #[track_caller]
    pub fn diag_starting(&self, prefix: &str) -> Diag {
        self.find_diag(prefix, |l| l.starts_with(prefix))
    }

    #[track_caller]
    fn find_diag(&self, what: &str, matches: impl Fn(&str) -> bool) -> Diag {
        let Some(block) = self.blocks().find(|b| matches(b[0])) else {
            panic!("no diagnostic {what:?}\n{}", self.describe());
        };
        Diag {
            header: block[0].to_string(),
            body: block[1..].iter().map(|l| l.to_string()).collect(),
            context: self.describe(),
        }
    }

    /// stderr in paragraphs: each diagnostic is its first line and the lines under it,
    /// followed by a blank line.
    fn blocks(&self) -> impl Iterator<Item = Vec<&str>> {
        self.stderr
            .split("\n\n")
            .map(|b| b.lines().collect::<Vec<_>>())
            .filter(|b| !b.is_empty())
    }

    /// The first lines (`path…: error: …`) of every error diagnostic, in order.
    pub fn error_headers(&self) -> Vec<&str> {
        self.blocks()
            .map(|b| b[0])
            .filter(|l| !l.starts_with("error: ") && l.contains(": error: "))
            .collect()
    }

    /// Asserts the error headers start with `prefixes`, in order.
    #[track_caller]
    pub fn errors_start_with(&self, prefixes: &[&str]) -> &Run {
        let headers = self.error_headers();
        for (i, prefix) in prefixes.iter().enumerate() {
            assert!(
                headers.get(i).is_some_and(|h| h.starts_with(prefix)),
                "error {i} should start with {prefix:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts the run failed with content errors (exit 1) and exactly `n` of them, and
    /// that the last line says so.
    #[track_caller]
    pub fn errors(&self, n: usize) -> &Run {
        self.code(1);
        assert_eq!(
            self.error_headers().len(),
            n,
            "expected {n} errors\n{}",
            self.describe()
        );
        let last = self.stderr.lines().last().unwrap_or_default();
        let want = format!(
            "error: build failed with {n} error{}",
            if n == 1 { "" } else { "s" }
        );
        assert!(
            last == want || last.starts_with(&format!("{want} ")),
            "last line should be {want:?}\n{}",
            self.describe()
        );
        self
    }
}

/// One diagnostic as printed: its header, then its indented lines (source, caret, hint).
#[derive(Debug)]
pub struct Diag {
    pub header: String,
    pub body: Vec<String>,
    context: String,
}

impl Diag {
    /// Asserts the source line shown under the header: `LINE | TEXT` (the crate drawing
    /// the excerpt shows a tab as four spaces).
    #[track_caller]
    pub fn source(&self, line: usize, text: &str) -> &Diag {
        let want = format!("{line} | {text}");
        assert_eq!(
            self.body.first().map(|l| l.trim_start()),
            Some(want.as_str()),
            "source line under {:?}\n{}",
            self.header,
            self.context
        );
        self
    }

    /// Asserts the caret (the start of the underline) sits under column `col` of the
    /// source line, which holds only single-cell characters.
    #[track_caller]
    pub fn caret(&self, col: usize) -> &Diag {
        let caret = self.body.get(1).map(String::as_str).unwrap_or_default();
        let at = caret
            .split_once("| ")
            .and_then(|(_, rest)| Some(rest[..rest.find('^')?].chars().count() + 1));
        assert_eq!(
            at,
            Some(col),
            "caret under {:?} should be at column {col}\n{}",
            self.header,
            self.context
        );
        self
    }

    /// Asserts the underline under the source line is `n` carets long.
    #[track_caller]
    pub fn underline(&self, n: usize) -> &Diag {
        let line = self.body.get(1).map(String::as_str).unwrap_or_default();
        let marks = line.split_once("| ").map(|(_, rest)| rest.trim());
        assert_eq!(
            marks,
            Some("^".repeat(n).as_str()),
            "underline under {:?} should be {n} long\n{}",
            self.header,
            self.context
        );
        self
    }

    /// Asserts the header (and so the message) contains `needle`.
    #[track_caller]
    pub fn says(&self, needle: &str) -> &Diag {
        assert!(
            self.header.contains(needle),
            "{:?} should contain {needle:?}\n{}",
            self.header,
            self.context
        );
        self
    }

    /// Asserts there is no source line (the problem concerns the whole file).
    #[track_caller]
    pub fn no_source(&self) -> &Diag {
        assert!(
            self.body.iter().all(|l| l.trim_start().starts_with("= ")),
            "{:?} should show no source line\n{}",
            self.header,
            self.context
        );
        self
    }

    /// Asserts there is a hint (`= hint: …`) and that it contains `needle`.
    #[track_caller]
    pub fn hint(&self, needle: &str) -> &Diag {
        let hint = (self.body.iter()).find_map(|l| l.trim_start().strip_prefix("= hint: "));
        assert!(
            hint.is_some_and(|h| h.contains(needle)),
            "hint of {:?} should contain {needle:?}, is {hint:?}\n{}",
            self.header,
            self.context
        );
        self
    }
}

/// The `<main …>…</main>` element of a page.
#[track_caller]
pub fn main_of(html: &str) -> &str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in:\n{html}"));
    let end = html[start..]
        .find("</main>")
        .unwrap_or_else(|| panic!("no </main> in:\n{html}"))
        + start;
    &html[start..end + "</main>".len()]
}

/// The element that holds `marker` (e.g. `aria-label="Main"`), from its opening `<` to
/// the first `close` (e.g. `</nav>`) after the marker.
#[track_caller]
pub fn element_with<'a>(html: &'a str, marker: &str, close: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in:\n{html}"));
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = html[at..]
        .find(close)
        .unwrap_or_else(|| panic!("no {close:?} after {marker:?} in:\n{html}"))
        + at;
    &html[start..end + close.len()]
}

/// Every `href="…"` value, in document order.
pub fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

/// The href of the `<a>` that carries `rel="REL"`, if any.
pub fn rel_link<'a>(html: &'a str, rel: &str) -> Option<&'a str> {
    let at = html.find(&format!("rel=\"{rel}\""))?;
    let start = html[..at].rfind("<a ")?;
    let end = html[at..].find('>')? + at;
    hrefs(&html[start..end]).first().copied()
}

/// The `content` of `<meta name|property="KEY" content="…">`.
pub fn meta(html: &str, key: &str) -> Option<String> {
    for attr in ["name", "property"] {
        let marker = format!("<meta {attr}=\"{key}\" content=\"");
        if let Some(at) = html.find(&marker) {
            let rest = &html[at + marker.len()..];
            return rest.split('"').next().map(str::to_string);
        }
    }
    None
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(base).unwrap().to_path_buf();
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            // Empty folders count too: an empty staging dir left behind is a bug.
            out.insert(rel.join(""), Vec::new());
            walk(base, &path, out);
        } else {
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

/// Relative paths of every file under `dir`, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_keys()
        .filter(|p| !p.to_string_lossy().ends_with('/'))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// Asserts two trees hold the same files with the same bytes, naming the first difference.
#[track_caller]
pub fn assert_same_tree(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let changed: Vec<_> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        added.is_empty() && removed.is_empty() && changed.is_empty(),
        "{what}: added {added:?}, removed {removed:?}, changed {changed:?}"
    );
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// `kintsugi serve` ----------------------------------------------------------------

/// A running `kintsugi serve`, stopped on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    stderr: mpsc::Receiver<String>,
}

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

impl Server {
    /// After the last rebuild has settled, every file a clean in-memory build of `site`
    /// makes (with this server's address and live reload, as `serve` builds) is served
    /// byte for byte. Returns how many files that is.
    pub fn assert_serves_a_clean_build(&self, site: &Site) -> usize {
        std::thread::sleep(std::time::Duration::from_millis(300));
        self.wait_for_books();
        let opts = kintsugi::build::BuildOptions {
            base_url: Some(format!("http://127.0.0.1:{}/", self.port)),
            live_reload: true,
            ..kintsugi::build::BuildOptions::new(site.root())
        };
        let (clean, report) =
            kintsugi::build::build_in_memory(&opts, &kintsugi::build::BuildCache::default());
        let clean = clean
            .unwrap_or_else(|| panic!("clean build failed: {:?}", report.diagnostics))
            .into_files();
        for (path, bytes) in &clean {
            let served = self.get(&format!("/{path}"));
            assert_eq!(served.status, 200, "{path}");
            assert!(
                served.body == bytes.to_vec(),
                "{path} differs from a clean build"
            );
        }
        clean.len()
    }

    pub fn start(site: &Site, extra: &[&str]) -> Server {
        let port_given = extra.contains(&"--port");
        let mut child = Command::new(env!("CARGO_BIN_EXE_kintsugi"))
            .args(["serve", "--root"])
            .arg(site.root())
            .args(if port_given {
                &[][..]
            } else {
                &["--port", "0"][..]
            })
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kintsugi serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (port_tx, port_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: u16 = rest
                        .trim_end_matches(|c: char| !c.is_ascii_digit())
                        .split('/')
                        .next()
                        .unwrap_or("")
                        .parse()
                        .unwrap_or(0);
                    let _ = port_tx.send(port);
                }
            }
        });
        let port = port_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve printed no URL within 60 s");
        Server {
            child,
            port,
            stderr: rx,
        }
    }

    pub fn request(&self, method: &str, path: &str) -> Response {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            headers: head,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// Polls `path` until `pred` holds on its text (a rebuild is asynchronous).
    pub fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let r = self.get(path);
            if pred(&r) {
                return r;
            }
            if started.elapsed() > Duration::from_secs(15) {
                panic!(
                    "timed out waiting for {what} at {path}; last status {}:\n{}\nstderr:\n{}",
                    r.status,
                    r.text(),
                    self.stderr_so_far()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the book PDFs of the served build are made (`pending` is empty).
    pub fn wait_for_books(&self) {
        let started = Instant::now();
        while self.status()["pending"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the book PDFs are still pending after 120 s: {}\nstderr:\n{}",
                self.status(),
                self.stderr_so_far()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__kintsugi/status").body).expect("status JSON")
    }

    pub fn stderr_so_far(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// Opens the live-reload stream; events arrive on the returned channel as their names.
    pub fn events(&self) -> mpsc::Receiver<String> {
        let rx = self.events_with_data();
        let (tx, names) = mpsc::channel();
        std::thread::spawn(move || {
            for (name, _) in rx {
                if tx.send(name).is_err() {
                    break;
                }
            }
        });
        names
    }

    /// Opens the live-reload stream; events arrive as (name, data).
    pub fn events_with_data(&self) -> mpsc::Receiver<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            s,
            "GET /__kintsugi/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = None;
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = Some(n.to_string());
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if let Some(n) = name.take() {
                        if tx.send((n, data.to_string())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let (hello, _) = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the hello event");
        assert_eq!(hello, "hello");
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// True when `line` has the shape of the success summary:
/// `^built \d+ pages, \d+ worksheets? \(\d+ PDFs?\), \d+ references? in \d+ ms -> .+/$`.
pub fn is_summary(line: &str) -> bool {
    fn number(s: &str) -> Option<&str> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        (end > 0).then(|| &s[end..])
    }
    fn plural<'a>(s: &'a str, word: &str) -> Option<&'a str> {
        let rest = s.strip_prefix(word)?;
        Some(rest.strip_prefix('s').unwrap_or(rest))
    }
    (|| {
        let s = line.strip_prefix("built ")?;
        let s = number(s)?.strip_prefix(" pages, ")?;
        let s = plural(number(s)?, " worksheet")?.strip_prefix(" (")?;
        let s = plural(number(s)?, " PDF")?.strip_prefix("), ")?;
        let s = plural(number(s)?, " reference")?.strip_prefix(" in ")?;
        let s = number(s)?.strip_prefix(" ms -> ")?;
        (s.len() > 1 && s.ends_with('/')).then_some(())
    })()
    .is_some()
}

#[test]
fn summary_shape() {
    assert!(is_summary(
        "built 14 pages, 5 worksheets (10 PDFs), 5 references in 84 ms -> public/"
    ));
    assert!(is_summary(
        "built 2 pages, 1 worksheet (0 PDFs), 1 reference in 0 ms -> /tmp/x/"
    ));
    assert!(!is_summary(
        "built 1 page, 1 worksheet (0 PDFs), 1 reference in 0 ms -> public/"
    ));
    assert!(!is_summary(
        "built 2 pages, 1 worksheet (0 PDFs), 1 reference in 0 ms -> public"
    ));
    assert!(!is_summary(
        "built 2 pages, 1 worksheet (0 PDFs), 1 reference in ms -> public/"
    ));
    assert!(!is_summary(
        "built 2 pages, 1 worksheet (0 PDFs), 1 reference in 3 ms -> /"
    ));
}
