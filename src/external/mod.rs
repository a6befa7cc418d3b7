//! `kintsugi check --external`: whether the web addresses a site uses still answer.
//! Takes the uses a check found ([`crate::build::ExternalUse`]: links and images in
//! pages and the notice, each reference's `doi` and `url`), asks each distinct address
//! once, and reports every place that uses a dead one. The build never calls this: only
//! the `check` command does, when asked, so building stays offline.
//!
//! The steps, one file each:
//! - `address`: what is requested for a use (fragment dropped; a DOI through the
//!   resolver) and the host it counts against.
//! - `cache`: addresses found alive, trusted for `--max-cache-age` (7 days), in
//!   `<site>/.kintsugi/cache/external-links.json`.
//! - `request`: one address: HEAD, then GET, redirects, retries, through `hosts`. A DOI
//!   (any address at the resolver) is alive when the resolver redirects: the publisher's
//!   page is not asked.
//! - `hosts`: one request at a time per host, with a pause between.
//! - `retry`: when to try again and how long to wait (`Retry-After` honoured up to 30 s).
//! - `report`: the diagnostics and the summary line.
//!
//! Environment variables, read once per run:
//! - `KINTSUGI_DOI_RESOLVER`: where DOIs are resolved instead of `https://doi.org/`
//!   (tests point it at a server on loopback).
//! - `KINTSUGI_RETRY_BASE_MS`: the first wait before a retry (1000; doubled each time).
//! - `KINTSUGI_HOST_INTERVAL_MS`: the pause between requests to one host (250).

mod address;
mod cache;
mod hosts;
mod report;
mod request;
mod retry;

pub use cache::LinkCache;
pub use report::ExternalStats;
pub use request::Verdict;

use crate::build::ExternalUse;
use crate::cite::LinkField;
use crate::diagnostic::Diagnostic;
use request::{Checker, RequestSettings, Target};
use retry::RetryPolicy;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{IsTerminal as _, Write as _};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How long a link found alive is trusted, unless `--max-cache-age` says otherwise.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How many hosts are asked at once.
const PARALLEL_HOSTS: usize = 8;

/// The longest wait before a retry, and the most a `Retry-After` may ask for.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// The options of `kintsugi check --external`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExternalOptions {
    /// Also check every external link and DOI (makes network requests).
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each answer.
    #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external")]
    pub timeout: u64,
    /// Tries after the first, for timeouts, broken connections, 429 and 5xx answers.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "external")]
    pub retries: u32,
    /// How long a link found alive is trusted without asking again (`7d`, `12h`, `30m`,
    /// `0`); dead links are always asked again.
    #[arg(long, value_name = "AGE", default_value = "7d", value_parser = parse_age, requires = "external")]
    pub max_cache_age: Duration,
    /// Ask about every link again, ignoring the cache (the results are still saved).
    #[arg(long, requires = "external")]
    pub no_cache: bool,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            external: true,
            timeout: 10,
            retries: 2,
            max_cache_age: DEFAULT_MAX_AGE,
            no_cache: false,
        }
    }
}

/// `7d`, `12h`, `30m`, `45s` or a number of seconds.
pub fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_lowercase()),
        _ => (text, 's'),
    };
    let per = match unit {
        's' => 1,
        'm' => 60,
        'h' => 60 * 60,
        'd' => 24 * 60 * 60,
        _ => {
            return Err(format!(
                "unknown unit `{unit}`: use s, m, h or d, as in `7d`"
            ))
        }
    };
    let n: u64 = (number.trim().parse()).map_err(|_| {
        format!("`{text}` is not an age: write a whole number and a unit, as in `7d`")
    })?;
    Ok(Duration::from_secs(n.saturating_mul(per)))
}

/// The outcome of checking a site's external addresses.
#[derive(Debug, Default)]
pub struct ExternalReport {
    pub diagnostics: Vec<Diagnostic>,
    pub stats: ExternalStats,
}

/// Settings taken from the environment (see the module's doc).
struct Environment {
    doi_resolver: String,
    retry_base: Duration,
    host_interval: Duration,
}

impl Environment {
    fn read() -> Environment {
        let millis = |name: &str, default: u64| {
            let value = std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
            Duration::from_millis(value.unwrap_or(default))
        };
        Environment {
            doi_resolver: std::env::var("KINTSUGI_DOI_RESOLVER")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| address::DOI_RESOLVER.to_string()),
            retry_base: millis("KINTSUGI_RETRY_BASE_MS", 1000),
            host_interval: millis("KINTSUGI_HOST_INTERVAL_MS", 250),
        }
    }
}

/// Checks the addresses of `uses` (of the site at `root`), with the cache there.
pub fn check(root: &Path, uses: &[ExternalUse], opts: &ExternalOptions) -> ExternalReport {
    let env = Environment::read();
    let requested: Vec<String> = (uses.iter())
        .map(|u| match &u.reference {
            Some((_, LinkField::Doi)) => address::doi(&u.written, &env.doi_resolver),
            _ => address::web(&u.written),
        })
        .collect();
    let distinct: BTreeSet<&str> = requested.iter().map(String::as_str).collect();
    let now = unix_now();
    let mut cache = LinkCache::load(root);
    let (cached, to_ask): (Vec<&str>, Vec<&str>) = (distinct.iter())
        .partition(|url| !opts.no_cache && cache.is_fresh(url, now, opts.max_cache_age));

    let checker = Checker::new(RequestSettings {
        timeout: Duration::from_secs(opts.timeout),
        policy: RetryPolicy {
            retries: opts.retries,
            base: env.retry_base,
            max_wait: MAX_WAIT,
        },
        host_interval: env.host_interval,
    });
    let is_doi = |url: &str| address::is_doi(url, &env.doi_resolver);
    let to_ask: Vec<(&str, Target)> = (to_ask.into_iter())
        .map(|url| {
            (
                url,
                if is_doi(url) {
                    Target::Doi
                } else {
                    Target::Page
                },
            )
        })
        .collect();
    let mut verdicts = ask_all(&checker, &to_ask);

    let mut diagnostics = Vec::new();
    for (url, verdict) in &verdicts {
        match verdict {
            Verdict::Alive => cache.record_alive(url, now),
            _ => cache.forget(url),
        }
    }
    // Entries are kept for the default age at least, so one run with a short
    // `--max-cache-age` does not empty the cache for the runs after it.
    cache.prune(now, opts.max_cache_age.max(DEFAULT_MAX_AGE));
    if let Err(e) = cache.save(root) {
        let path = Path::new(crate::pdf::files::CACHE_DIR).join(cache::FILE);
        diagnostics.push(Diagnostic::warning(
            path,
            format!("{e:#}; the next check will ask about every link again"),
        ));
    }
    verdicts.extend(cached.iter().map(|url| (url.to_string(), Verdict::Alive)));

    let count = |f: fn(&Verdict) -> bool| verdicts.values().filter(|v| f(v)).count();
    let stats = ExternalStats {
        addresses: distinct.len(),
        hosts: (distinct.iter().map(|u| address::host(u)))
            .collect::<BTreeSet<_>>()
            .len(),
        alive: count(|v| matches!(v, Verdict::Alive)),
        dead: count(|v| matches!(v, Verdict::Dead { .. })),
        unverified: count(|v| matches!(v, Verdict::Unverified { .. })),
        cached: cached.len(),
    };
    diagnostics.extend(report::diagnostics(root, uses, &requested, &verdicts));
    ExternalReport { diagnostics, stats }
}

/// Asks every address in `urls`: a few hosts at a time, each host's addresses one after
/// another by one thread (so the host gate rarely makes a thread wait).
fn ask_all(checker: &Checker, urls: &[(&str, Target)]) -> HashMap<String, Verdict> {
    let mut by_host: BTreeMap<String, Vec<(&str, Target)>> = BTreeMap::new();
    for &(url, target) in urls {
        by_host
            .entry(address::host(url))
            .or_default()
            .push((url, target));
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let verdicts = Mutex::new(HashMap::new());
    let progress = Progress::new(urls.len());
    let threads = PARALLEL_HOSTS.min(queue.lock().map_or(1, |q| q.len()));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let Some(host_urls) = next else { break };
                for (url, target) in host_urls {
                    let verdict = checker.check(url, target);
                    (verdicts.lock().unwrap_or_else(|e| e.into_inner()))
                        .insert(url.to_string(), verdict);
                    progress.one_done();
                }
            });
        }
    });
    progress.finish();
    verdicts.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// `checking external links: 12/40` on one line of a terminal, rewritten in place;
/// nothing when stderr is not a terminal (a CI log), where the summary says it all.
struct Progress {
    total: usize,
    done: Mutex<usize>,
    on: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let progress = Progress {
            total,
            done: Mutex::new(0),
            on: total > 0 && std::io::stderr().is_terminal(),
        };
        progress.show(0);
        progress
    }

    fn show(&self, done: usize) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rchecking external links: {done}/{}", self.total);
            let _ = err.flush();
        }
    }

    fn one_done(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done += 1;
        self.show(*done);
    }

    fn finish(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_take_a_unit() {
        assert_eq!(parse_age("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_age("12h"), Ok(Duration::from_secs(12 * 3600)));
        assert_eq!(parse_age("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_age("0"), Ok(Duration::ZERO));
        assert_eq!(parse_age("90"), Ok(Duration::from_secs(90)));
        assert!(parse_age("7w").unwrap_err().contains("unknown unit"));
        assert!(parse_age("d").is_err());
        assert!(parse_age("soon").is_err());
    }
}
