//! One address, checked: HEAD first, then GET when the server dislikes HEAD (or the
//! connection broke), redirects followed, tried again as [`RetryPolicy`] says, every
//! request through the [`HostGate`]. Owns the HTTP client and what its answers mean
//! ([`Verdict`]); not which addresses to check, nor where they are used.

use super::address;
use super::hosts::HostGate;
use super::retry::{parse_retry_after, Attempt, RetryPolicy};
use std::time::{Duration, SystemTime};
use ureq::http::StatusCode;
use ureq::ResponseExt as _;

/// What an address is, which decides what answer counts as alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A page or a file: alive when it answers 2xx after following redirects.
    Page,
    /// A DOI at its resolver: alive when the resolver knows it (it redirects to the
    /// publisher, or answers 2xx). The redirect is not followed, since publishers' pages
    /// often refuse robots or loop through cookie redirects, which says nothing about
    /// whether the DOI is right.
    Doi,
}

impl Target {
    fn is_alive(self, code: u16) -> bool {
        (200..300).contains(&code) || (self == Target::Doi && (300..400).contains(&code))
    }
}

/// What checking one address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It answered 2xx (after any redirects).
    Alive,
    /// Readers cannot reach it: an error at every use.
    Dead { reason: String, hint: String },
    /// The site would not say (it refuses robots or kept asking to slow down): a
    /// warning, since the page may well be there for a reader with a browser.
    Unverified { reason: String, hint: String },
}

/// How requests are made.
#[derive(Debug, Clone, Copy)]
pub struct RequestSettings {
    /// For each request, redirects included.
    pub timeout: Duration,
    pub policy: RetryPolicy,
    /// The pause between requests to one host.
    pub host_interval: Duration,
}

/// Checks addresses; shared by the worker threads.
pub struct Checker {
    agent: ureq::Agent,
    gate: HostGate,
    settings: RequestSettings,
}

/// One request's answer.
#[derive(Debug)]
enum Answer {
    Status {
        code: u16,
        /// Where the redirects ended.
        final_url: String,
        retry_after: Option<Duration>,
    },
    Failed {
        attempt: Attempt,
        reason: String,
    },
}

impl Answer {
    fn attempt(&self) -> Attempt {
        match self {
            Answer::Status {
                code, retry_after, ..
            } => Attempt::Status(*code, *retry_after),
            Answer::Failed { attempt, .. } => attempt.clone(),
        }
    }

    /// Whether a GET might fare better than this answer to a HEAD: servers that do not
    /// implement HEAD answer 405, 501, 404, 403, 400 and other refusals, and some drop
    /// the connection. A timeout or a 429 would only repeat.
    fn worth_a_get(&self, target: Target) -> bool {
        match self {
            Answer::Status { code, .. } => !target.is_alive(*code) && *code != 429,
            Answer::Failed { attempt, .. } => *attempt == Attempt::Network,
        }
    }
}

impl Checker {
    pub fn new(settings: RequestSettings) -> Checker {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .http_status_as_error(false)
            .max_redirects(10)
            .user_agent(concat!(
                "kintsugi/",
                env!("CARGO_PKG_VERSION"),
                " (link checker)"
            ))
            .build();
        Checker {
            agent: config.into(),
            gate: HostGate::new(settings.host_interval),
            settings,
        }
    }

    /// Checks `url` (as requested: see [`address`]), trying again after transient
    /// failures.
    pub fn check(&self, url: &str, target: Target) -> Verdict {
        let mut retry = 0;
        loop {
            let answer = self.head_then_get(url, target);
            match self.settings.policy.wait_before(retry, &answer.attempt()) {
                Some(wait) => {
                    std::thread::sleep(wait);
                    retry += 1;
                }
                None => return self.verdict(url, target, answer, retry + 1),
            }
        }
    }

    fn head_then_get(&self, url: &str, target: Target) -> Answer {
        let host = address::host(url);
        let head = self
            .gate
            .request(&host, || self.request("HEAD", url, target));
        if head.worth_a_get(target) {
            self.gate
                .request(&host, || self.request("GET", url, target))
        } else {
            head
        }
    }

    /// One request. A GET's body is never read: the status says enough, and dropping
    /// the response closes the connection, so a large file is not downloaded.
    fn request(&self, method: &str, url: &str, target: Target) -> Answer {
        let redirects = match target {
            Target::Page => 10,
            Target::Doi => 0,
        };
        let result = match method {
            "HEAD" => (self.agent.head(url).config())
                .max_redirects(redirects)
                .build()
                .call(),
            _ => (self.agent.get(url))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .config()
                .max_redirects(redirects)
                .build()
                .call(),
        };
        match result {
            Ok(response) => {
                let retry_after = (response.headers().get("retry-after"))
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, SystemTime::now()));
                Answer::Status {
                    code: response.status().as_u16(),
                    final_url: response.get_uri().to_string(),
                    retry_after,
                }
            }
            Err(e) => failure(e),
        }
    }

    fn verdict(&self, url: &str, target: Target, answer: Answer, tries: u32) -> Verdict {
        let tried = match tries {
            1 => String::new(),
            n => format!(" ({n} tries)"),
        };
        match answer {
            Answer::Status { code, .. } if target.is_alive(code) => Verdict::Alive,
            Answer::Status { code, .. } if matches!(code, 401 | 403 | 999) => Verdict::Unverified {
                reason: status_text(code),
                hint: "the site refuses automated requests: open the link in a browser to check it by hand"
                    .into(),
            },
            Answer::Status { code: 429, .. } => Verdict::Unverified {
                reason: format!("{}{tried}", status_text(429)),
                hint: "the site kept asking to slow down: check again later".into(),
            },
            Answer::Status {
                code, final_url, ..
            } => {
                let reason = format!("{}{tried}", status_text(code));
                let hint = if final_url != url {
                    format!("it redirects to {final_url}, which answered {}", status_text(code))
                } else if matches!(code, 404 | 410) {
                    "the page is gone: link to where it moved, to an archived copy \
                     (web.archive.org), or remove the link"
                        .into()
                } else {
                    "the server answered with an error: if the page opens in a browser, \
                     the site may be refusing automated requests"
                        .into()
                };
                Verdict::Dead { reason, hint }
            }
            Answer::Failed {
                attempt: Attempt::Timeout,
                ..
            } => Verdict::Dead {
                reason: format!(
                    "timed out: no answer within {} s{tried}",
                    self.settings.timeout.as_secs_f64()
                ),
                hint: "if the site is only slow, raise `--timeout`".into(),
            },
            Answer::Failed { reason, .. } => Verdict::Dead {
                reason: format!("{reason}{tried}"),
                hint: "check the address for a typo; if it opens in a browser, check this \
                       machine's connection"
                    .into(),
            },
        }
    }
}

/// `404 Not Found`.
fn status_text(code: u16) -> String {
    let phrase = StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason());
    match phrase {
        Some(phrase) => format!("{code} {phrase}"),
        None => code.to_string(),
    }
}

/// What a failed request means for retrying, and how to say it.
fn failure(e: ureq::Error) -> Answer {
    use std::io::ErrorKind;
    let (attempt, reason) = match e {
        ureq::Error::Timeout(_) => (Attempt::Timeout, "timed out".to_string()),
        ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            (Attempt::Timeout, "timed out".to_string())
        }
        // ureq's resolver reports a name that does not resolve as an IO error.
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => {
            (Attempt::Final, "no such host".to_string())
        }
        ureq::Error::Io(io) => {
            let what = match io.kind() {
                ErrorKind::ConnectionRefused => "connection refused".to_string(),
                ErrorKind::ConnectionReset => "connection reset".to_string(),
                ErrorKind::UnexpectedEof => "the server closed the connection".to_string(),
                _ => format!("connection failed: {io}"),
            };
            (Attempt::Network, what)
        }
        ureq::Error::ConnectionFailed => (Attempt::Network, "cannot connect".to_string()),
        ureq::Error::Protocol(p) => (Attempt::Network, format!("broken answer: {p}")),
        ureq::Error::HostNotFound => (Attempt::Final, "no such host".to_string()),
        ureq::Error::TooManyRedirects => (Attempt::Final, "too many redirects".to_string()),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            (Attempt::Final, "not a valid address".to_string())
        }
        other => (Attempt::Final, other.to_string()),
    };
    Answer::Failed { attempt, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_people_know_them() {
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(999), "999");
    }

    #[test]
    fn a_get_follows_a_head_the_server_disliked() {
        let status = |code| Answer::Status {
            code,
            final_url: String::new(),
            retry_after: None,
        };
        let failed = |attempt| Answer::Failed {
            attempt,
            reason: String::new(),
        };
        for code in [400, 403, 404, 405, 500, 501] {
            assert!(status(code).worth_a_get(Target::Page), "{code}");
            assert!(status(code).worth_a_get(Target::Doi), "{code}");
        }
        assert!(failed(Attempt::Network).worth_a_get(Target::Page));
        assert!(!status(200).worth_a_get(Target::Page));
        assert!(!status(429).worth_a_get(Target::Page));
        assert!(!failed(Attempt::Timeout).worth_a_get(Target::Page));
        assert!(!failed(Attempt::Final).worth_a_get(Target::Page));
        // A resolver's redirect is its answer that it knows the DOI.
        assert!(status(302).worth_a_get(Target::Page));
        assert!(!status(302).worth_a_get(Target::Doi));
    }

    #[test]
    fn a_doi_is_alive_when_its_resolver_redirects() {
        assert!(Target::Doi.is_alive(302));
        assert!(Target::Doi.is_alive(200));
        assert!(!Target::Doi.is_alive(404));
        assert!(!Target::Page.is_alive(302));
    }
}
