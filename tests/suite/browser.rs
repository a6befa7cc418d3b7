//! Browser tests: the built site and `kintsugi serve` in real headless Chromium (Debian's
//! `chromium` at /usr/bin/chromium), driven over the DevTools protocol with `headless_chrome`.
//!
//! Each test has its own temp site, its own HTTP server on 127.0.0.1 (worksheets need a real
//! origin for localStorage) and its own browser with a fresh profile. A missing browser,
//! `pdfinfo`, `pdftotext` or axe-core makes the tests fail with a message to run
//! `scripts/test`, which installs them; nothing here is ever skipped.

use crate::harness::{list_files, run_in, Server, Site};
use headless_chrome::protocol::cdp::types::{Event, Method};
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{json, Value};
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// No sandbox (we run as root in a container), and nothing that phones home: the machine
/// has no internet, and without these Chromium keeps trying.
const CHROMIUM_ARGS: &[&str] = &[
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
];

// The DevTools methods we send as plain JSON (the generated structs have no `Default`, and
// these few calls read better as the protocol documents them).
macro_rules! cdp_methods {
    ($($ty:ident = $name:literal;)*) => {$(
        #[derive(Debug, serde::Serialize)]
        struct $ty(Value);
        impl Method for $ty {
            const NAME: &'static str = $name;
            type ReturnObject = Value;
        }
    )*};
}

cdp_methods! {
    Evaluate = "Runtime.evaluate";
    Reload = "Page.reload";
    AddScriptToEvaluateOnNewDocument = "Page.addScriptToEvaluateOnNewDocument";
    SetEmulatedMedia = "Emulation.setEmulatedMedia";
    SetDeviceMetricsOverride = "Emulation.setDeviceMetricsOverride";
    ClearDeviceMetricsOverride = "Emulation.clearDeviceMetricsOverride";
    SetScrollbarsHidden = "Emulation.setScrollbarsHidden";
    SetScriptExecutionDisabled = "Emulation.setScriptExecutionDisabled";
}

/// A JS string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

// Chromium ---------------------------------------------------------------------------

/// One headless Chromium with a fresh profile and one tab; killed on drop.
struct Chrome {
    // Dropped in this order: the tab, the browser (kills the process), the profile dir.
    tab: Arc<Tab>,
    _browser: Browser,
    _profile: tempfile::TempDir,
}

impl Chrome {
    fn launch() -> Chrome {
        assert!(
            Path::new(CHROMIUM).is_file(),
            "{CHROMIUM} is missing: run `scripts/test`, which installs Debian's chromium \
             (apt-get install chromium). The browser tests need it and never skip."
        );
        let profile = tempfile::Builder::new()
            .prefix("kintsugi-chromium-")
            .tempdir()
            .expect("create a Chromium profile dir");
        let options = LaunchOptions::default_builder()
            .path(Some(PathBuf::from(CHROMIUM)))
            .headless(true)
            .sandbox(false)
            .enable_gpu(false)
            .user_data_dir(Some(profile.path().to_path_buf()))
            .window_size(Some((1280, 900)))
            .idle_browser_timeout(Duration::from_secs(300))
            .args(CHROMIUM_ARGS.iter().map(OsStr::new).collect())
            .build()
            .expect("Chromium launch options");
        let browser =
            Browser::new(options).unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e:#}"));
        let tab = browser.new_tab().expect("open a tab");
        tab.set_default_timeout(Duration::from_secs(20));
        Chrome {
            tab,
            _browser: browser,
            _profile: profile,
        }
    }

    #[track_caller]
    fn call<M>(&self, method: M) -> Value
    where
        M: Method<ReturnObject = Value> + serde::Serialize + std::fmt::Debug,
    {
        let name = M::NAME;
        self.tab
            .call_method(method)
            .unwrap_or_else(|e| panic!("{name} failed: {e:#}"))
    }

    /// Evaluates `expr` in the page and returns its value (JSON); an exception is an error.
    fn try_eval(&self, expr: &str) -> Result<Value, String> {
        let r = self
            .tab
            .call_method(Evaluate(json!({
                "expression": expr,
                "returnByValue": true,
                "awaitPromise": true,
            })))
            .map_err(|e| format!("{e:#}"))?;
        if let Some(ex) = r.get("exceptionDetails") {
            let text = ex["exception"]["description"]
                .as_str()
                .or(ex["text"].as_str())
                .unwrap_or("exception");
            return Err(text.to_string());
        }
        Ok(r["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    #[track_caller]
    fn eval(&self, expr: &str) -> Value {
        self.try_eval(expr)
            .unwrap_or_else(|e| panic!("evaluating `{expr}` failed: {e}"))
    }

    /// Polls `expr` until it gives something truthy, and returns that.
    #[track_caller]
    fn wait_for(&self, what: &str, timeout: Duration, expr: &str) -> Value {
        let started = Instant::now();
        loop {
            let got = self.try_eval(expr);
            if let Ok(v) = &got {
                let truthy = match v {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::Number(n) => n.as_f64() != Some(0.0),
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                };
                if truthy {
                    return v.clone();
                }
            }
            if started.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}: `{expr}` gave {got:?}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Navigates to `url` and waits for its `load`.
    fn goto(&self, url: &str) {
        let _ = self.try_eval("window.__kintsugiTestStale = true");
        self.tab
            .navigate_to(url)
            .unwrap_or_else(|e| panic!("navigate to {url}: {e:#}"));
        self.wait_loaded(url);
    }

    /// Reloads as a reader would, and waits for the new document's `load`.
    fn reload(&self) {
        let url = self.eval("location.href");
        self.eval("window.__kintsugiTestStale = true");
        self.call(Reload(json!({})));
        self.wait_loaded(url.as_str().unwrap_or_default());
    }

    fn wait_loaded(&self, url: &str) {
        self.wait_for(
            &format!("{url} to load"),
            Duration::from_secs(20),
            &format!(
                "!window.__kintsugiTestStale && document.readyState === 'complete' \
                 && location.href === {}",
                js(url)
            ),
        );
    }

    /// Types `text` into the element as key presses, after clicking it.
    #[track_caller]
    fn type_into(&self, selector: &str, text: &str) {
        self.tab
            .find_element(selector)
            .unwrap_or_else(|e| panic!("no {selector}: {e:#}"))
            .type_into(text)
            .unwrap_or_else(|e| panic!("typing into {selector}: {e:#}"));
    }

    /// A real mouse click in the middle of the element.
    #[track_caller]
    fn click(&self, selector: &str) {
        self.tab
            .find_element(selector)
            .unwrap_or_else(|e| panic!("no {selector}: {e:#}"))
            .click()
            .unwrap_or_else(|e| panic!("clicking {selector}: {e:#}"));
    }

    /// Accepts every `alert`/`confirm` from now on; returns the messages seen.
    fn accept_dialogs(&self) -> Arc<Mutex<Vec<String>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let tab = Arc::downgrade(&self.tab);
        self.tab
            .add_event_listener(Arc::new(move |event: &Event| {
                if let Event::PageJavascriptDialogOpening(e) = event {
                    log.lock().unwrap().push(e.params.message.clone());
                    if let Some(tab) = tab.upgrade() {
                        let _ = tab.get_dialog().accept(None);
                    }
                }
            }))
            .expect("listen for dialogs");
        seen
    }

    /// Counts the live-reload stream's `hello`s in `window.__kintsugiHellos` on every page
    /// from now on, so a test knows when live.js is listening.
    fn count_live_reload_hellos(&self) {
        let source = "(() => {
            const Native = window.EventSource;
            if (!Native) return;
            window.__kintsugiHellos = 0;
            window.EventSource = function (url, init) {
                const stream = new Native(url, init);
                stream.addEventListener('hello', () => { window.__kintsugiHellos += 1; });
                return stream;
            };
            window.EventSource.prototype = Native.prototype;
        })();";
        self.call(AddScriptToEvaluateOnNewDocument(
            json!({ "source": source }),
        ));
    }

    /// Turns off the browser's own scroll restoration on every page from now on, so that
    /// only live.js can bring a reloaded page back to where the reader was.
    fn disable_native_scroll_restoration(&self) {
        let source = "history.scrollRestoration = 'manual';";
        self.call(AddScriptToEvaluateOnNewDocument(
            json!({ "source": source }),
        ));
    }

    fn print_pdf(&self, paper: Paper, prefer_css_page_size: bool) -> Vec<u8> {
        self.tab
            .print_to_pdf(Some(PrintToPdfOptions {
                paper_width: Some(paper.width_in),
                paper_height: Some(paper.height_in),
                prefer_css_page_size: Some(prefer_css_page_size),
                ..Default::default()
            }))
            .unwrap_or_else(|e| panic!("Page.printToPDF ({}): {e:#}", paper.name))
    }
}

// A static file server -----------------------------------------------------------------

/// Serves a folder over HTTP on 127.0.0.1 from a thread (std only); stops on drop.
struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    fn start(dir: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        thread::spawn(move || {
            for conn in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let dir = dir.clone();
                    thread::spawn(move || serve_one(conn, &dir));
                }
            }
        });
        StaticServer { port, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_one(mut conn: TcpStream, dir: &Path) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut request = String::new();
    if reader.read_line(&mut request).unwrap_or(0) == 0 {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let mut file = dir.join(rel);
    let (status, location) = if rel.split('/').any(|s| s == ".." || s.contains('\\')) {
        ("400 Bad Request", None)
    } else if file.is_dir() && !path.ends_with('/') {
        ("301 Moved Permanently", Some(format!("{path}/")))
    } else {
        if file.is_dir() {
            file = file.join("index.html");
        }
        if file.is_file() {
            ("200 OK", None)
        } else {
            file = dir.join("404.html");
            ("404 Not Found", None)
        }
    };
    let body = if status.starts_with("200") || status.starts_with("404") {
        fs::read(&file).unwrap_or_default()
    } else {
        Vec::new()
    };
    let kind = match file.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(&body);
}

// The bundled site ------------------------------------------------------------------------

/// The repository's own site, built with the real binary into a temp dir and served.
struct BundledSite {
    server: StaticServer,
    out: PathBuf,
    /// The worksheet pages' URL paths (`/worksheets/<slug>/`), sorted.
    worksheets: Vec<String>,
    _tmp: tempfile::TempDir,
}

impl BundledSite {
    fn build() -> BundledSite {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::Builder::new()
            .prefix("kintsugi-bundled-")
            .tempdir()
            .expect("create temp dir");
        let out = tmp.path().join("public");
        let out_arg = out.to_str().expect("UTF-8 temp path");
        run_in(
            tmp.path(),
            &[
                "build",
                "--root",
                repo.to_str().unwrap(),
                "--output",
                out_arg,
            ],
        )
        .success();
        let mut worksheets: Vec<String> = fs::read_dir(out.join("worksheets"))
            .expect("the bundled site has a worksheets/ section")
            .filter_map(Result::ok)
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| format!("/worksheets/{}/", e.file_name().to_string_lossy()))
            .collect();
        worksheets.sort();
        let sources = fs::read_dir(repo.join("content/worksheets"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".md") && name != "_index.md"
            })
            .count();
        assert!(
            sources > 0 && worksheets.len() == sources,
            "content/worksheets has {sources} worksheets, the build made {worksheets:?}"
        );
        BundledSite {
            server: StaticServer::start(out.clone()),
            out,
            worksheets,
            _tmp: tmp,
        }
    }

    fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// The built HTML of a page.
    fn html(&self, path: &str) -> String {
        fs::read_to_string(
            self.out
                .join(path.trim_start_matches('/'))
                .join("index.html"),
        )
        .unwrap_or_else(|e| panic!("read the built {path}: {e}"))
    }

    /// The URL path of every HTML page the build wrote, sorted: `/dir/` for a
    /// `dir/index.html`, the file's own path (`/404.html`) for any other.
    fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = list_files(&self.out)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| match f.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
                _ => format!("/{f}"),
            })
            .collect();
        pages.sort();
        pages
    }

    /// The first worksheet whose built page has every kind of control in `needles`.
    fn worksheet_with(&self, needles: &[&str]) -> String {
        self.worksheets
            .iter()
            .find(|w| {
                let html = self.html(w);
                needles.iter().all(|n| html.contains(n))
            })
            .unwrap_or_else(|| panic!("no bundled worksheet has all of {needles:?}"))
            .clone()
    }
}

// Worksheet helpers -------------------------------------------------------------------------

/// The names of a worksheet's controls, read from the page.
struct Controls {
    /// `kintsugi:<data-worksheet>:`
    prefix: String,
    textarea: String,
    radio: Option<(String, String)>,
    checkbox: Option<String>,
}

const FORM: &str =
    "document.querySelector('article.worksheet[data-worksheet] form.worksheet-form')";

fn controls(chrome: &Chrome) -> Controls {
    let v = chrome.eval(&format!(
        "(() => {{
            const form = {FORM};
            if (!form) return null;
            const text = form.querySelector('.ws-prompt textarea');
            const radios = form.querySelectorAll('.ws-scale input[type=radio]');
            const box = form.querySelector('input[type=checkbox]');
            const mid = radios[Math.floor(radios.length / 2)];
            return {{
                page: form.closest('article').getAttribute('data-worksheet'),
                textarea: text && text.name,
                radio: mid ? [mid.name, mid.value] : null,
                checkbox: box && box.name,
            }};
        }})()"
    ));
    assert!(
        !v.is_null(),
        "no article.worksheet[data-worksheet] form.worksheet-form"
    );
    let radio = v["radio"].as_array().map(|r| {
        (
            r[0].as_str().unwrap().to_string(),
            r[1].as_str().unwrap().to_string(),
        )
    });
    Controls {
        prefix: format!("kintsugi:{}:", v["page"].as_str().unwrap()),
        textarea: v["textarea"]
            .as_str()
            .expect("a .ws-prompt textarea")
            .to_string(),
        radio,
        checkbox: v["checkbox"].as_str().map(str::to_string),
    }
}

/// What the controls named in `c` show: `{text, radio, checkbox}`.
fn shown(chrome: &Chrome, c: &Controls) -> Value {
    let radio = c.radio.as_ref().map(|r| r.0.as_str()).unwrap_or("");
    let checkbox = c.checkbox.as_deref().unwrap_or("");
    chrome.eval(&format!(
        "(() => {{
            const form = {FORM};
            const radio = {radio}, checkbox = {checkbox};
            const checked = radio && form.querySelector('input[type=radio][name=' + CSS.escape(radio) + ']:checked');
            const box = checkbox && form.querySelector('input[name=' + CSS.escape(checkbox) + ']');
            return {{
                text: form.querySelector('textarea[name=' + CSS.escape({text}) + ']').value,
                radio: checked ? checked.value : null,
                checkbox: box ? box.checked : null,
            }};
        }})()",
        radio = js(radio),
        checkbox = js(checkbox),
        text = js(&c.textarea),
    ))
}

/// The localStorage entries whose keys start with `prefix`.
fn stored(chrome: &Chrome, prefix: &str) -> serde_json::Map<String, Value> {
    let v = chrome.eval(&format!(
        "Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith({p}))\
         .map(k => [k, localStorage.getItem(k)]))",
        p = js(prefix)
    ));
    v.as_object().cloned().unwrap_or_default()
}

/// Fills the first prompt (typed), the middle box of the first scale and the first
/// checkbox (clicked), as a reader would.
fn fill(chrome: &Chrome, c: &Controls, text: &str) {
    chrome.type_into(&format!("textarea[name=\"{}\"]", c.textarea), text);
    if let Some((name, value)) = &c.radio {
        chrome.click(&format!(
            "input[type=radio][name=\"{name}\"][value=\"{value}\"]"
        ));
    }
    if let Some(name) = &c.checkbox {
        chrome.click(&format!("input[type=checkbox][name=\"{name}\"]"));
    }
}

// PDF helpers ----------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Paper {
    name: &'static str,
    width_in: f64,
    height_in: f64,
}

const A4: Paper = Paper {
    name: "A4",
    width_in: 8.27,
    height_in: 11.69,
};
const LETTER: Paper = Paper {
    name: "Letter",
    width_in: 8.5,
    height_in: 11.0,
};

/// Runs a poppler tool; a missing one fails loudly.
fn poppler(tool: &str, args: &[&OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}): run `scripts/test`, which installs poppler-utils \
             (apt-get install poppler-utils)"
        )
    });
    assert!(
        out.status.success(),
        "`{tool}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A printed PDF, written to a temp file for poppler.
struct Pdf {
    pages: u32,
    /// Points.
    size: (f64, f64),
    /// `pdftotext`, whitespace collapsed and ligatures undone.
    text: String,
    /// The same, page by page.
    page_texts: Vec<String>,
}

fn read_pdf(bytes: &[u8], dir: &Path, name: &str) -> Pdf {
    assert!(bytes.starts_with(b"%PDF"), "{name} is not a PDF");
    let path = dir.join(format!("{name}.pdf"));
    fs::write(&path, bytes).unwrap();
    let info = poppler("pdfinfo", &[path.as_os_str()]);
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo says no {key}\n{info}"))
            .to_string()
    };
    let pages = field("Pages:").parse().expect("page count");
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let text = poppler("pdftotext", &[path.as_os_str(), OsStr::new("-")]);
    // pdftotext ends every page with a form feed.
    let page_texts = text
        .split_terminator('\u{C}')
        .map(normalize)
        .collect::<Vec<_>>();
    Pdf {
        pages,
        size: (size[0], size[1]),
        text: normalize(&text),
        page_texts,
    }
}

fn normalize(text: &str) -> String {
    text.replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB00}', "ff")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// Worksheet tests --------------------------------------------------------------------------

#[test]
fn worksheet_answers_survive_a_reload() {
    let site = BundledSite::build();
    let page = site.worksheet_with(&["<textarea", "type=\"radio\"", "type=\"checkbox\""]);
    let chrome = Chrome::launch();
    chrome.goto(&site.url(&page));
    let c = controls(&chrome);
    assert_eq!(c.prefix, format!("kintsugi:{page}:"), "data-worksheet");
    let text = "Felt unseen";
    fill(&chrome, &c, text);
    let (radio, value) = c.radio.clone().expect("a scale");
    let checkbox = c.checkbox.clone().expect("a checkbox");

    // Saved as typed, under kintsugi:<data-worksheet>:<name>.
    let saved = stored(&chrome, &c.prefix);
    assert_eq!(
        saved.get(&format!("{}{}", c.prefix, c.textarea)),
        Some(&json!(text)),
        "{saved:?}"
    );
    assert_eq!(
        saved.get(&format!("{}{radio}", c.prefix)),
        Some(&json!(value)),
        "{saved:?}"
    );
    assert_eq!(
        saved.get(&format!("{}{checkbox}", c.prefix)),
        Some(&json!("1")),
        "{saved:?}"
    );

    chrome.reload();
    assert_eq!(
        shown(&chrome, &c),
        json!({ "text": text, "radio": value, "checkbox": true }),
        "answers after a reload of {page}"
    );
}

#[test]
fn erasing_a_worksheet_clears_only_its_answers() {
    let site = BundledSite::build();
    let page = site.worksheet_with(&["<textarea", "type=\"radio\"", "type=\"checkbox\""]);
    let other = site
        .worksheets
        .iter()
        .find(|w| **w != page && site.html(w).contains("<textarea"))
        .expect("a second worksheet with a prompt")
        .clone();
    let chrome = Chrome::launch();
    let dialogs = chrome.accept_dialogs();

    chrome.goto(&site.url(&other));
    let oc = controls(&chrome);
    chrome.type_into(&format!("textarea[name=\"{}\"]", oc.textarea), "Kept");

    chrome.goto(&site.url(&page));
    let c = controls(&chrome);
    fill(&chrome, &c, "Erase me");
    assert!(stored(&chrome, &c.prefix).len() >= 3);

    chrome.click("button.js-erase");
    assert_eq!(
        *dialogs.lock().unwrap(),
        ["Erase every answer on this worksheet from this device?"],
        "the erase button asks first"
    );
    chrome.wait_for(
        "the erase to be announced",
        Duration::from_secs(5),
        "document.querySelector('.erase-status').textContent === 'Your answers were erased.'",
    );
    let empty = json!({ "text": "", "radio": null, "checkbox": false });
    assert_eq!(shown(&chrome, &c), empty, "right after erasing");
    chrome.reload();
    assert_eq!(shown(&chrome, &c), empty, "after erasing and reloading");
    assert_eq!(
        stored(&chrome, &c.prefix),
        serde_json::Map::new(),
        "keys left for {page}"
    );
    let kept = stored(&chrome, &oc.prefix);
    assert_eq!(
        kept.get(&format!("{}{}", oc.prefix, oc.textarea)),
        Some(&json!("Kept")),
        "{other}'s answers after erasing {page}: {kept:?}"
    );
    chrome.goto(&site.url(&other));
    assert_eq!(shown(&chrome, &oc)["text"], json!("Kept"));
}

#[test]
fn without_javascript_a_worksheet_still_shows_every_blank() {
    let site = BundledSite::build();
    let chrome = Chrome::launch();
    // Every control the page has, and whether each is on screen with a size; radios are
    // see-through over their numbered box, so the box is what must show.
    let survey = format!(
        "(() => {{
            const form = {FORM};
            const seen = el => {{
                const r = el.getBoundingClientRect();
                const s = getComputedStyle(el);
                return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
            }};
            const blanks = Array.from(form.querySelectorAll('textarea, input, select')).map(el => {{
                const shows = el.type === 'radio' ? el.closest('label').querySelector('.ws-box') : el;
                return {{ name: el.name, type: el.type, visible: seen(shows) }};
            }});
            const buttons = Array.from(document.querySelectorAll('.js-print, .js-erase'))
                .filter(seen).map(b => b.className);
            // worksheet.js adds a print copy after every prompt: did it run?
            const scripted = document.querySelectorAll('.ws-print-answer').length > 0;
            return {{ blanks, buttons, scripted }};
        }})()"
    );
    // With JavaScript on, the script-only buttons show: this proves that the check below
    // can tell.
    let first = &site.worksheets[0];
    chrome.goto(&site.url(first));
    let on = chrome.eval(&survey);
    assert_eq!(on["scripted"], json!(true), "with JavaScript: {on}");
    assert_eq!(
        on["buttons"].as_array().map(Vec::len),
        Some(2),
        "with JavaScript: {on}"
    );

    chrome.call(SetScriptExecutionDisabled(json!({ "value": true })));
    for page in &site.worksheets {
        chrome.goto(&site.url(page));
        let off = chrome.eval(&survey);
        assert_eq!(
            off["scripted"],
            json!(false),
            "{page}: JavaScript still ran"
        );
        let html = site.html(page);
        let in_html = html.matches("<textarea").count() + html.matches("<input").count();
        let blanks = off["blanks"].as_array().unwrap();
        assert!(!blanks.is_empty(), "{page} has no blanks");
        assert_eq!(
            blanks.len(),
            in_html,
            "{page}: every control of the HTML is on the page"
        );
        let hidden: Vec<_> = blanks
            .iter()
            .filter(|b| b["visible"] != json!(true))
            .collect();
        assert!(
            hidden.is_empty(),
            "{page} without JavaScript hides {hidden:?}"
        );
        assert_eq!(
            off["buttons"],
            json!([]),
            "{page} without JavaScript shows buttons that need it"
        );
    }
}

/// The left and right page margins of the CSS `@page` rule, in CSS px.
fn page_margins(chrome: &Chrome) -> (f64, f64) {
    let v = chrome.eval(
        "(() => {
            const px = v => {
                const m = /^(-?[\\d.]+)(mm|cm|in|pt|px)$/.exec((v || '').trim());
                if (!m) return null;
                const n = parseFloat(m[1]);
                return { mm: n * 96 / 25.4, cm: n * 96 / 2.54, in: n * 96, pt: n * 96 / 72, px: n }[m[2]];
            };
            for (const sheet of document.styleSheets) {
                let rules;
                try { rules = sheet.cssRules; } catch (e) { continue; }
                for (const rule of rules) {
                    if (rule instanceof CSSPageRule && !rule.selectorText) {
                        return [px(rule.style.marginLeft), px(rule.style.marginRight)];
                    }
                }
            }
            return null;
        })()",
    );
    let (Some(left), Some(right)) = (v[0].as_f64(), v[1].as_f64()) else {
        panic!("no @page rule with left and right margins in the page's CSS: {v}");
    };
    (left, right)
}

/// Lays the page out as print at the printable width of each paper (page width less the
/// `@page` margins) and lists, per paper, what sticks out.
fn print_layout_overflow(chrome: &Chrome, papers: &[Paper]) -> Vec<Vec<String>> {
    let (left, right) = page_margins(chrome);
    chrome.call(SetScrollbarsHidden(json!({ "hidden": true })));
    chrome.call(SetEmulatedMedia(json!({ "media": "print" })));
    let mut all = Vec::new();
    for paper in papers {
        let width = (paper.width_in * 96.0 - left - right).floor();
        chrome.call(SetDeviceMetricsOverride(json!({
            "width": width as u32,
            "height": (paper.height_in * 96.0) as u32,
            "deviceScaleFactor": 1,
            "mobile": false,
        })));
        let v = chrome.eval(
            "(() => {
                const root = document.documentElement;
                const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    (typeof el.className === 'string' && el.className.trim()
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
                const cw = root.clientWidth;
                const wide = [];
                for (const el of document.querySelectorAll('body, body *')) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0 && r.height === 0) continue;
                    if (r.right > cw + 1) wide.push(name(el) + ' ends at ' + r.right.toFixed(1) + 'px');
                }
                return { print: matchMedia('print').matches, clientWidth: cw, scrollWidth: root.scrollWidth, wide };
            })()",
        );
        assert_eq!(v["print"], json!(true), "print media emulation: {v}");
        let client = v["clientWidth"].as_f64().unwrap();
        assert!(
            (client - width).abs() <= 1.0,
            "the page is laid out {client}px wide, not the {width}px printable width of {}",
            paper.name
        );
        let mut problems: Vec<String> = v["wide"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect();
        let scroll = v["scrollWidth"].as_f64().unwrap();
        if scroll > client {
            problems.insert(
                0,
                format!("scrollWidth {scroll}px > clientWidth {client}px"),
            );
        }
        all.push(problems);
    }
    chrome.call(SetEmulatedMedia(json!({ "media": "" })));
    chrome.call(ClearDeviceMetricsOverride(json!({})));
    chrome.call(SetScrollbarsHidden(json!({ "hidden": false })));
    all
}

#[test]
fn every_bundled_worksheet_prints_on_two_pages_of_a4_and_letter() {
    let site = BundledSite::build();
    let chrome = Chrome::launch();
    let pdfs = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for page in &site.worksheets {
        chrome.goto(&site.url(page));
        let facts = chrome.eval(
            "({ title: document.querySelector('h1').textContent.trim(),
                question: document.querySelector('.ws-question').textContent.trim() })",
        );
        let title = normalize(facts["title"].as_str().unwrap());
        let question = normalize(facts["question"].as_str().unwrap());
        let papers = [A4, LETTER];
        let overflow = print_layout_overflow(&chrome, &papers);
        for (paper, wide) in papers.into_iter().zip(overflow) {
            if !wide.is_empty() {
                failures.push(format!(
                    "{page} at {} width sticks out: {}",
                    paper.name,
                    wide.iter().take(8).cloned().collect::<Vec<_>>().join("; ")
                ));
            }
            for prefer_css in [true, false] {
                let what = format!("{page} on {} (preferCSSPageSize {prefer_css})", paper.name);
                let name = format!(
                    "{}-{}-{prefer_css}",
                    page.trim_matches('/').replace('/', "-"),
                    paper.name
                );
                let pdf = read_pdf(&chrome.print_pdf(paper, prefer_css), pdfs.path(), &name);
                if pdf.pages > 2 {
                    failures.push(format!("{what}: {} pages", pdf.pages));
                }
                let (w, h) = (paper.width_in * 72.0, paper.height_in * 72.0);
                if (pdf.size.0 - w).abs() > 1.0 || (pdf.size.1 - h).abs() > 1.0 {
                    failures.push(format!(
                        "{what}: page size {:?} pt, not {w} x {h}",
                        pdf.size
                    ));
                }
                for needle in [&title, &question] {
                    if !pdf.text.contains(needle.as_str()) {
                        failures.push(format!("{what}: the PDF lacks {needle:?}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// The print edition ---------------------------------------------------------------------

/// Each kind of worksheet blank, as a selector inside a worksheet's form.
const BLANKS: &[&str] = &[
    ".ws-prompt textarea",
    ".ws-line",
    ".ws-field input[type=text]",
    ".ws-box",
    ".ws-checklist input[type=checkbox]",
    ".ws-table td",
];

/// How the first blank of each kind (`BLANKS`, in order) in the forms that `scope`
/// selects is laid out in print: `[display, height, bottom border style, its width,
/// appearance]`, or null when they have none of that kind.
fn printed_blanks(chrome: &Chrome, scope: &str) -> Vec<Value> {
    chrome.call(SetEmulatedMedia(json!({ "media": "print" })));
    let v = chrome.eval(&format!(
        "{sels}.map(sel => {{
            const el = document.querySelector({scope} + ' ' + sel);
            if (!el) return null;
            const s = getComputedStyle(el);
            return [s.display, s.height, s.borderBottomStyle, s.borderBottomWidth, s.appearance];
        }})",
        scope = js(scope),
        sels = json!(BLANKS),
    ));
    chrome.call(SetEmulatedMedia(json!({ "media": "" })));
    v.as_array().expect("one entry per kind of blank").clone()
}

#[test]
fn the_print_edition_prints_on_a4_and_letter_with_nothing_clipped() {
    let site = BundledSite::build();
    let chrome = Chrome::launch();

    // Its worksheet blanks print as they do on the worksheet pages: ruled lines for the
    // prompts, lines for the fields, squares for the scales and checklists, a grid.
    let mut on_worksheets: Vec<Option<(String, Value)>> = vec![None; BLANKS.len()];
    for page in &site.worksheets {
        chrome.goto(&site.url(page));
        for (i, blank) in printed_blanks(&chrome, "article.worksheet form.worksheet-form")
            .into_iter()
            .enumerate()
        {
            if on_worksheets[i].is_none() && !blank.is_null() {
                on_worksheets[i] = Some((page.clone(), blank));
            }
        }
    }

    chrome.goto(&site.url("/print/"));
    let in_edition = printed_blanks(
        &chrome,
        "article.print-edition section.print-chapter .worksheet > form.worksheet-form",
    );
    for ((sel, edition), worksheet) in BLANKS.iter().zip(&in_edition).zip(&on_worksheets) {
        let (page, want) = worksheet
            .as_ref()
            .unwrap_or_else(|| panic!("no bundled worksheet has a {sel}"));
        assert_eq!(
            edition, want,
            "a {sel} prints differently in /print/ than on {page} \
             ([display, height, border-bottom style, width, appearance])"
        );
    }
    // The textarea prints as ruled lines instead; this shows the check above can tell.
    assert_eq!(
        in_edition[0][0],
        json!("none"),
        "a prompt's textarea prints in /print/"
    );

    // The contents, read from the page: each entry, and the title of the chapter it leads to.
    let page = chrome.eval(
        "(() => {
            const chapters = [...document.querySelectorAll('article.print-edition section.print-chapter')];
            const title = s => {
                const h = s && s.querySelector(':scope > .print-chapter-title');
                return h ? h.textContent.trim() : null;
            };
            return {
                contents: document.querySelector('nav.print-contents h2').textContent.trim(),
                entries: [...document.querySelectorAll('nav.print-contents a')].map(a => {
                    const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
                    return [a.textContent.trim(), target && target.matches('section.print-chapter')
                        ? title(target) : null];
                }),
                chapters: chapters.length,
                worksheets: chapters.filter(s => s.querySelector(':scope > .worksheet > form.worksheet-form'))
                    .map(title),
                references: title(document.getElementById('references')),
            };
        })()",
    );
    let text = |v: &Value| normalize(v.as_str().unwrap_or_else(|| panic!("not text: {v}")));
    let entries: Vec<(String, Value)> = page["entries"]
        .as_array()
        .expect("the contents' entries")
        .iter()
        .map(|e| (text(&e[0]), e[1].clone()))
        .collect();
    let chapters = page["chapters"].as_u64().unwrap() as usize;
    assert!(
        entries.len() > 2,
        "the contents list is all but empty: {page}"
    );
    assert_eq!(
        entries.len(),
        chapters,
        "not every chapter is in the contents, once: {page}"
    );
    for (entry, title) in &entries {
        assert!(
            title.as_str().map(normalize).as_deref() == Some(entry.as_str()),
            "the contents entry {entry:?} leads to {title}, not to the chapter of that title"
        );
    }
    let titles: Vec<String> = entries.into_iter().map(|(entry, _)| entry).collect();
    let references = text(&page["references"]);
    let worksheets: Vec<String> = page["worksheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    assert!(!worksheets.is_empty(), "no worksheet in /print/: {page}");
    assert!(titles.contains(&references), "{page}");
    assert!(worksheets.iter().all(|w| titles.contains(w)), "{page}");
    let contents = text(&page["contents"]);
    // What the site footer prints (nothing, when it is left out of print).
    chrome.call(SetEmulatedMedia(json!({ "media": "print" })));
    let footer = chrome.eval("document.querySelector('footer.site-footer').innerText");
    chrome.call(SetEmulatedMedia(json!({ "media": "" })));
    let footer = text(&footer);

    let papers = [A4, LETTER];
    let overflow = print_layout_overflow(&chrome, &papers);
    let pdfs = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (paper, wide) in papers.into_iter().zip(overflow) {
        if !wide.is_empty() {
            failures.push(format!(
                "/print/ at {} width sticks out: {}",
                paper.name,
                wide.iter().take(8).cloned().collect::<Vec<_>>().join("; ")
            ));
        }
        let pdf = read_pdf(&chrome.print_pdf(paper, true), pdfs.path(), paper.name);
        let what = format!("/print/ on {} ({} pages)", paper.name, pdf.pages);
        let (w, h) = (paper.width_in * 72.0, paper.height_in * 72.0);
        if (pdf.size.0 - w).abs() > 1.0 || (pdf.size.1 - h).abs() > 1.0 {
            failures.push(format!(
                "{what}: page size {:?} pt, not {w} x {h}",
                pdf.size
            ));
        }
        if pdf.pages as usize <= chapters / 2 || pdf.pages >= 200 {
            failures.push(format!("{what}: not a sane length for {chapters} chapters"));
        }
        if pdf.page_texts.len() != pdf.pages as usize {
            failures.push(format!(
                "{what}: pdftotext read {} pages",
                pdf.page_texts.len()
            ));
        }
        // Every page has more on it than its page count ("Page 3 of 40") and the site's
        // footer.
        for (i, t) in pdf.page_texts.iter().enumerate() {
            let rest = if footer.is_empty() {
                t.clone()
            } else {
                t.replace(&footer, "")
            };
            if rest.split_whitespace().count() <= 4 {
                failures.push(format!(
                    "{what}: page {} is all but blank: {t:?} (the footer prints {footer:?})",
                    i + 1
                ));
            }
        }
        // The title, the notice and the contents fill the first page; then every chapter,
        // in the order of the contents, starts a page with its title.
        if !pdf
            .page_texts
            .first()
            .is_some_and(|t| t.contains(&contents))
        {
            failures.push(format!("{what}: the contents are not on the first page"));
        }
        let mut next = 1;
        for (n, title) in titles.iter().enumerate() {
            match pdf.page_texts[next.min(pdf.page_texts.len())..]
                .iter()
                .position(|t| t.starts_with(title.as_str()))
            {
                Some(i) => {
                    if n == 0 && i != 0 {
                        failures.push(format!(
                            "{what}: the first chapter, {title:?}, starts on page {}, not 2",
                            next + i + 1
                        ));
                    }
                    next += i + 1;
                }
                None => failures.push(format!(
                    "{what}: no page after page {next} starts with the chapter title {title:?}"
                )),
            }
        }
        for needle in [&references, &worksheets[0]] {
            if !pdf.text.contains(needle.as_str()) {
                failures.push(format!("{what}: the PDF lacks {needle:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_typed_answer_is_printed() {
    let site = BundledSite::build();
    let page = site.worksheet_with(&["<textarea"]);
    let chrome = Chrome::launch();
    chrome.goto(&site.url(&page));
    let c = controls(&chrome);
    // Each key press is a DevTools round trip (about 0.1 s through headless_chrome), so
    // the answer is short; it appears nowhere in the worksheet itself.
    let answer = "Sunday walks at 7";
    assert!(!site.html(&page).contains(answer));
    chrome.type_into(&format!("textarea[name=\"{}\"]", c.textarea), answer);
    let pdfs = tempfile::tempdir().unwrap();
    for paper in [A4, LETTER] {
        let pdf = read_pdf(&chrome.print_pdf(paper, true), pdfs.path(), paper.name);
        assert!(
            pdf.text.contains(answer),
            "the typed answer is missing from the {} PDF of {page}:\n{}",
            paper.name,
            pdf.text
        );
    }
}

#[test]
fn the_site_notice_prints_compact_on_a_worksheet() {
    let site = Site::fixture("notice/site");
    site.build().success();
    let server = StaticServer::start(site.path("public"));
    let chrome = Chrome::launch();
    chrome.goto(&server.url("/worksheets/first/"));
    chrome.call(SetEmulatedMedia(json!({ "media": "print" })));
    let printed = chrome.eval(
        "(() => {
            const notice = document.querySelector('.site-notice');
            const style = getComputedStyle(notice);
            return { display: style.display, fontSize: parseFloat(style.fontSize),
                     height: notice.getBoundingClientRect().height };
        })()",
    );
    chrome.call(SetEmulatedMedia(json!({ "media": "" })));
    assert_ne!(printed["display"], json!("none"), "{printed}");
    // 9pt type in a box well under an inch tall (96 px).
    assert!(printed["fontSize"].as_f64() <= Some(12.0), "{printed}");
    assert!(printed["height"].as_f64() < Some(60.0), "{printed}");
    let pdfs = tempfile::tempdir().unwrap();
    let pdf = read_pdf(&chrome.print_pdf(A4, true), pdfs.path(), "notice");
    assert!(
        pdf.text
            .contains("Before you begin: if you are in danger, where to turn comes first."),
        "{}",
        pdf.text
    );
    assert_eq!(pdf.pages, 1, "{}", pdf.text);
}

// Accessibility -------------------------------------------------------------------------

/// The axe-core release that `scripts/test` downloads; keep the two in step.
const AXE_VERSION: &str = "4.14.1";

/// axe.min.js: `$KINTSUGI_AXE_JS`, else where `scripts/test` caches it.
fn axe_source() -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test");
    assert!(
        fs::read_to_string(&script)
            .unwrap_or_default()
            .contains(&format!("\naxe_version={AXE_VERSION}\n")),
        "{} must download axe-core {AXE_VERSION}, the AXE_VERSION of this test",
        script.display()
    );
    let path = std::env::var_os("KINTSUGI_AXE_JS")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache")
                });
            cache.join(format!("kintsugi/axe-core-{AXE_VERSION}.min.js"))
        });
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read axe-core at {} ({e}): run `scripts/test`, which downloads axe-core \
             {AXE_VERSION} (or set KINTSUGI_AXE_JS to a copy of its axe.min.js). The \
             accessibility test needs it and never skips.",
            path.display()
        )
    })
}

/// Runs axe-core (all its default rules) on the page; gives the version, whether the dark
/// scheme is on, how many rules passed and, per violated rule, its first element.
const AXE_RUN: &str = "(async () => {
    if (!window.axe) return null;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    const one = s => (s || '').replace(/\\s+/g, ' ').trim();
    return {
        version: r.testEngine.version,
        dark: matchMedia('(prefers-color-scheme: dark)').matches,
        passes: r.passes.length,
        violations: r.violations.map(v => {
            const n = v.nodes[0] || {};
            return {
                id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                target: JSON.stringify(n.target || []), html: one(n.html),
                why: one(n.failureSummary),
            };
        }),
    };
})()";

/// What axe-core finds on the loaded page: whether the dark scheme is on, and each
/// violation on one line, `rule (impact): help — N element(s), first: target html: why`.
/// `load` is axe.min.js, to put in the page first; `None` when it is there already.
fn axe_violations(chrome: &Chrome, load: Option<&str>) -> (bool, Vec<String>) {
    // One DevTools round trip (each costs about 0.1 s): the library, then the run.
    let expr = format!("{}\n;{AXE_RUN}", load.unwrap_or_default());
    let r = chrome
        .try_eval(&expr)
        .unwrap_or_else(|e| panic!("running axe-core failed: {e}"));
    assert!(!r.is_null(), "axe.min.js is not in the page");
    assert_eq!(
        r["version"],
        json!(AXE_VERSION),
        "KINTSUGI_AXE_JS is not axe-core {AXE_VERSION}: run `scripts/test` to download it"
    );
    // A page where nothing passed was not really checked.
    assert!(r["passes"].as_u64() > Some(0), "axe checked nothing: {r}");
    let found = r["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            format!(
                "{} ({}): {} — {} element(s), first: {} {}: {}",
                s("id"),
                s("impact"),
                s("help"),
                v["count"],
                s("target"),
                s("html"),
                s("why")
            )
        })
        .collect();
    (r["dark"] == json!(true), found)
}

/// axe-core's violations on the page loaded in `chrome`, in the light and then the dark
/// colour scheme (both on one load, after its scripts ran: the emulated media applies to
/// the page as it stands), each line starting with `label` and the scheme. Loads axe
/// (`axe`, its source) into the page first.
fn axe_in_both_schemes(chrome: &Chrome, axe: &str, label: &str) -> Vec<String> {
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        chrome.call(SetEmulatedMedia(json!({
            "media": "",
            "features": [{ "name": "prefers-color-scheme", "value": scheme }],
        })));
        let load = (scheme == "light").then_some(axe);
        let (dark, violations) = axe_violations(chrome, load);
        assert_eq!(
            dark,
            scheme == "dark",
            "{label}: the {scheme} scheme is not on"
        );
        found.extend(
            violations
                .into_iter()
                .map(|v| format!("{label} ({scheme}): {v}")),
        );
    }
    found
}

#[test]
fn axe_finds_no_violations_on_any_bundled_page_light_or_dark() {
    let site = BundledSite::build();
    let axe = axe_source();
    let pages = site.pages();
    for must in ["/", "/404.html", "/worksheets/", "/steps/", "/print/"] {
        assert!(pages.iter().any(|p| p == must), "no {must} in {pages:?}");
    }
    assert!(
        site.worksheets.iter().all(|w| pages.contains(w)),
        "{pages:?}"
    );
    let chrome = Chrome::launch();
    let mut found = Vec::new();
    for page in &pages {
        chrome.goto(&site.url(page));
        found.extend(axe_in_both_schemes(&chrome, &axe, page));
    }
    assert!(
        found.is_empty(),
        "axe-core {AXE_VERSION} found {} violations on {} pages (light and dark):\n{}",
        found.len(),
        pages.len(),
        found.join("\n")
    );
}

#[test]
fn axe_finds_no_violations_on_every_callout_kind_light_or_dark() {
    let site = Site::fixture("callouts/kinds");
    site.build().success();
    let server = StaticServer::start(site.path("public"));
    let axe = axe_source();
    let chrome = Chrome::launch();
    chrome.goto(&server.url("/doc/"));
    let kinds = chrome.eval("document.querySelectorAll('aside.callout[role=note]').length");
    assert_eq!(
        kinds,
        json!(7),
        "the fixture's callouts are not on the page"
    );
    let found = axe_in_both_schemes(&chrome, &axe, "/doc/");
    assert!(
        found.is_empty(),
        "axe-core {AXE_VERSION} found violations on the callouts page:\n{}",
        found.join("\n")
    );
    // In print every callout is black on white inside a solid border.
    chrome.call(SetEmulatedMedia(json!({ "media": "print" })));
    let printed = chrome.eval(
        "[...document.querySelectorAll('.callout')].map(c => {
            const box = getComputedStyle(c), title = getComputedStyle(c.firstElementChild);
            return [title.color, box.backgroundColor, box.borderTopStyle, box.borderTopColor];
        })",
    );
    chrome.call(SetEmulatedMedia(json!({ "media": "" })));
    let want = json!(["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "solid", "rgb(0, 0, 0)"]);
    let printed = printed.as_array().expect("an array of callouts").clone();
    assert_eq!(printed.len(), 7);
    assert!(printed.iter().all(|c| *c == want), "{printed:?}");
}

// Live preview tests ----------------------------------------------------------------------------

/// A page long enough to scroll: 60 paragraphs, the 58th ending in `closing`.
fn long_page(title: &str, closing: &str) -> String {
    let mut text = format!("---\ntitle: {title}\n---\n\n");
    for i in 1..=60 {
        text.push_str(&format!(
            "Paragraph {i} says a few plain things so that the page grows long enough to \
             scroll. Each paragraph has a number, and this one is number {i}."
        ));
        if i == 58 {
            text.push_str(&format!(" {closing}"));
        }
        text.push_str("\n\n");
    }
    text
}

/// `kintsugi serve` on a copy of the basic fixture with a long page, and a browser on it
/// whose live reload is connected.
fn live(path: &str, setup: impl FnOnce(&Chrome)) -> (Site, Server, Chrome) {
    let site = Site::fixture("basic");
    site.write(
        "content/long.md",
        &long_page("A long page", "The original closing sentence."),
    );
    let server = Server::start(&site, &[]);
    let chrome = Chrome::launch();
    chrome.count_live_reload_hellos();
    setup(&chrome);
    chrome.goto(&format!("http://127.0.0.1:{}{path}", server.port));
    chrome.wait_for(
        "live reload to connect",
        Duration::from_secs(10),
        "window.__kintsugiHellos >= 1",
    );
    (site, server, chrome)
}

#[test]
fn live_reload_shows_an_edit_and_keeps_the_scroll_position() {
    // Chromium would restore the position of a reloaded page by itself; live.js must do
    // it (other browsers don't always, and a rebuilt page can change length).
    let (site, _server, chrome) = live("/long/", Chrome::disable_native_scroll_restoration);
    let y = chrome.eval(
        "window.scrollTo({ top: 1500, left: 0, behavior: 'instant' }); \
         [window.scrollY, document.documentElement.scrollHeight - innerHeight]",
    );
    assert_eq!(y[0], json!(1500), "scrolled to 1500 (max {})", y[1]);

    site.patch(
        "content/long.md",
        "The original closing sentence.",
        "The edited closing sentence.",
    );
    chrome.wait_for(
        "the edit to appear without the test reloading",
        Duration::from_secs(10),
        "document.body.innerText.includes('The edited closing sentence.')",
    );
    let settled = Instant::now() + Duration::from_secs(3);
    let y = loop {
        let y = chrome.eval("window.scrollY").as_f64().unwrap_or(-1.0);
        if (y - 1500.0).abs() <= 50.0 || Instant::now() > settled {
            break y;
        }
        thread::sleep(Duration::from_millis(50));
    };
    assert!(
        (y - 1500.0).abs() <= 50.0,
        "after the live reload the page is at scrollY {y}, not near 1500"
    );
}

#[test]
fn a_broken_save_shows_an_overlay_until_fixed() {
    let (site, _server, chrome) = live("/long/", |_| {});
    site.patch(
        "content/long.md",
        "title: A long page",
        "titel: A long page",
    );
    let overlay = chrome.wait_for(
        "the error overlay",
        Duration::from_secs(10),
        "(() => { const o = document.getElementById('kintsugi-overlay'); \
          return o && { role: o.getAttribute('role'), text: o.innerText }; })()",
    );
    assert_eq!(overlay["role"], json!("alert"), "{overlay}");
    let text = overlay["text"].as_str().unwrap();
    assert!(
        text.contains("content/long.md:2:1: error: unknown key `titel`"),
        "overlay text:\n{text}"
    );
    // The last good page stays.
    let page = chrome.eval(
        "[document.querySelector('h1').textContent.trim(), \
          document.querySelector('main').innerText.includes('Paragraph 60 says')]",
    );
    assert_eq!(page, json!(["A long page", true]));

    chrome.click("#kintsugi-overlay button");
    chrome.wait_for(
        "Dismiss to close the overlay",
        Duration::from_secs(2),
        "!document.getElementById('kintsugi-overlay')",
    );

    site.patch(
        "content/long.md",
        "titel: A long page",
        "title: A fixed page",
    );
    chrome.wait_for(
        "the fixed page",
        Duration::from_secs(10),
        "document.readyState === 'complete' && \
         document.querySelector('h1').textContent.trim() === 'A fixed page'",
    );
    chrome.wait_for(
        "live reload to reconnect",
        Duration::from_secs(10),
        "window.__kintsugiHellos >= 1",
    );
    assert_eq!(
        chrome.eval("!!document.getElementById('kintsugi-overlay')"),
        json!(false),
        "the overlay is gone once the page builds again"
    );
}

#[test]
fn a_stylesheet_change_applies_without_a_navigation() {
    let (site, _server, chrome) = live("/about/", |_| {});
    let before = chrome.eval(
        "window.__marker = 1; \
         [performance.getEntriesByType('navigation').length, getComputedStyle(document.body).outlineColor]",
    );
    assert_ne!(before[1], json!("rgb(1, 2, 3)"));
    let theme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/kintsugi.css"))
            .unwrap();
    site.write(
        "static/kintsugi.css",
        &format!("{theme}\nbody {{ outline: 7px solid rgb(1, 2, 3) }}\n"),
    );
    chrome.wait_for(
        "the new stylesheet to apply",
        Duration::from_secs(10),
        "(() => { const s = getComputedStyle(document.body); \
          return s.outlineColor === 'rgb(1, 2, 3)' && s.outlineWidth === '7px'; })()",
    );
    let after =
        chrome.eval("[window.__marker === 1, performance.getEntriesByType('navigation').length]");
    assert_eq!(
        after,
        json!([true, before[0]]),
        "the page navigated (reloaded) instead of swapping its stylesheet"
    );
}

/// The tag index and a tag's page pass axe-core's default rules in light and dark.
#[test]
fn axe_finds_no_violations_on_the_tag_pages_light_or_dark() {
    let site = Site::fixture("tags/basic");
    site.build().success();
    let server = StaticServer::start(site.path("public"));
    let axe = axe_source();
    let chrome = Chrome::launch();
    let mut found = Vec::new();
    for path in ["/tags/", "/tags/trust/"] {
        chrome.goto(&server.url(path));
        found.extend(axe_in_both_schemes(&chrome, &axe, path));
    }
    assert!(
        found.is_empty(),
        "axe-core {AXE_VERSION} found violations on the tag pages:\n{}",
        found.join("\n")
    );
}

// Languages ----------------------------------------------------------------------------

/// The languages fixture (a small guide with a worksheet, citations and tags) built in
/// `language`, served over HTTP.
fn guide_in(language: &str) -> (Site, StaticServer) {
    let site = crate::languages::guide_in(language);
    let server = StaticServer::start(site.path("public"));
    (site, server)
}

#[test]
fn axe_finds_no_violations_on_german_and_arabic_pages_light_or_dark() {
    let axe = axe_source();
    let chrome = Chrome::launch();
    let mut found = Vec::new();
    for language in ["de", "ar"] {
        let (_site, server) = guide_in(language);
        for path in [
            "/",
            "/schritte/eins/",
            "/worksheets/blatt/",
            "/references/",
            "/tags/",
            "/404.html",
        ] {
            chrome.goto(&server.url(path));
            found.extend(axe_in_both_schemes(
                &chrome,
                &axe,
                &format!("{language} {path}"),
            ));
        }
    }
    assert!(
        found.is_empty(),
        "axe-core {AXE_VERSION} found violations on the German and Arabic pages:\n{}",
        found.join("\n")
    );
}

#[test]
fn axe_finds_no_violations_on_a_two_language_site_with_its_switcher_light_or_dark() {
    let site = Site::fixture("languages/two");
    site.build().success();
    let server = StaticServer::start(site.path("public"));
    let axe = axe_source();
    let chrome = Chrome::launch();
    let mut found = Vec::new();
    for path in [
        "/",
        "/de/",
        "/steps/listen/",
        "/de/steps/listen/",
        "/de/references/",
    ] {
        chrome.goto(&server.url(path));
        found.extend(axe_in_both_schemes(&chrome, &axe, path));
    }
    chrome.goto(&server.url("/de/steps/listen/"));
    assert_eq!(
        chrome.eval("document.querySelectorAll('.language-switcher a').length"),
        2,
        "the switcher is on the page"
    );
    assert!(
        found.is_empty(),
        "axe-core {AXE_VERSION} found violations on the two-language site:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_arabic_page_is_mirrored_on_screen_and_in_print() {
    let (site, server) = guide_in("ar");
    let chrome = Chrome::launch();
    chrome.goto(&server.url("/schritte/eins/"));
    // The reading direction runs right to left: the step's heading text starts at the
    // right edge of the article, "previous" (step 1 has none) and the table of contents sit
    // at the start, which is the right.
    let layout = chrome.eval(
        "(() => {
            const box = s => document.querySelector(s).getBoundingClientRect();
            const article = box('article.prose');
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('h1#page-title'));
            const title = range.getBoundingClientRect();
            const next = box('.prev-next .next');
            return {
                dir: getComputedStyle(document.documentElement).direction,
                titleGapRight: article.right - title.right,
                titleGapLeft: title.left - article.left,
                nextLeft: next.left - article.left,
                nextArrow: getComputedStyle(document.querySelector('.next .pn-label'), '::after').content,
            };
        })()",
    );
    assert_eq!(layout["dir"], "rtl", "{layout}");
    let gap = |k: &str| layout[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        gap("titleGapRight") < 2.0,
        "the title starts at the right: {layout}"
    );
    assert!(gap("titleGapLeft") > 20.0, "{layout}");
    assert!(
        layout["nextArrow"].as_str().unwrap_or("").contains('←'),
        "\"next\" points left: {layout}"
    );
    // A screenshot for a person to look at, in the test output.
    let png = chrome
        .tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .expect("screenshot");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kintsugi-rtl-arabic-step.png");
    fs::write(&shot, png).expect("write the screenshot");
    eprintln!("screenshot of an Arabic page: {}", shot.display());
    // Printed, the page count is in Arabic.
    chrome.goto(&server.url("/worksheets/blatt/"));
    let printed = chrome.print_pdf(A4, true);
    let pdf = read_pdf(&printed, &site.path("."), "arabic-worksheet");
    assert!(pdf.text.contains("الصفحة"), "{}", pdf.text);
    assert!(!pdf.text.contains("Page 1"), "{}", pdf.text);
}
