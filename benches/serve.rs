//! Live-preview latency (a benchmark, not a test): starts `kintsugi serve` on a copy of
//! a site, listens to its live-reload stream, and times save-to-reload — from writing a
//! page's Markdown to the server announcing the finished rebuild (the browser reloads on
//! that event). Reports median and p95 over repeated one-page edits.
//!
//! `cargo bench --bench serve` measures the bundled site and a 10,000-page synthetic site
//! (benches/support/corpus.rs). Options after `--`: `--edits N` (default 30),
//! `--sizes 10000` (synthetic sizes; `--sizes 0` skips them).

#[path = "support/args.rs"]
mod args;
#[path = "support/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kintsugi"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kintsugi serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("serve ended").expect("read stdout");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("port");
        }
    };
    Server(child, port)
}

/// Names of live-reload events as they arrive.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(s, "GET /__kintsugi/events HTTP/1.1\r\nHost: x\r\n\r\n").expect("request");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                if tx.send(name.to_string()).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("inside");
        if rel.starts_with("public") || rel.starts_with("target") || rel.starts_with(".git") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

fn measure(label: &str, root: &Path, page: &Path, edits: usize) {
    let server = start(root);
    let rx = events(server.1);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(600)).as_deref(),
        Ok("hello")
    );
    let original = std::fs::read_to_string(page).expect("read page");
    let mut times = Vec::new();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(150));
        let started = Instant::now();
        std::fs::write(page, format!("{original}\nEdit number {i}.\n")).expect("write");
        loop {
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(e) if e == "reload" => break,
                Ok(_) => continue,
                Err(_) => panic!("no reload after edit {i}"),
            }
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(page, original).expect("restore");
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[((times.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
    println!("{label}: save-to-reload over {edits} one-page edits: median {median:.0} ms, p95 {p95:.0} ms");
}

fn main() {
    let args = args::Args::from_env();
    let edits: usize = args
        .value("--edits")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-serve");
    let _ = std::fs::remove_dir_all(&tmp);
    let bundled = tmp.join("bundled");
    copy_dir(Path::new(env!("CARGO_MANIFEST_DIR")), &bundled);
    measure(
        "bundled site",
        &bundled,
        &bundled.join("content/steps/embrace-forgiveness.md"),
        edits,
    );
    let sizes: Vec<usize> = args
        .value("--sizes")
        .unwrap_or("10000")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|n| *n > 0)
        .collect();
    for n in sizes {
        let root = tmp.join(format!("pages-{n}"));
        let spec = corpus::Spec::pages(n);
        corpus::generate(&root, &spec).expect("generate");
        measure(
            &format!("synthetic {n}"),
            &root,
            &root.join("content/sec000/p00001.md"),
            edits.min(20),
        );
    }
}
