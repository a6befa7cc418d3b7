//! When to try a request again, and how long to wait first: the retry policy of
//! `check --external`. Pure: it sees what an attempt came back with, never a socket.

use std::time::{Duration, SystemTime};

/// What one request came back with, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The server answered with this status (after redirects), and a `Retry-After` header
    /// when it sent one (already turned into a wait).
    Status(u16, Option<Duration>),
    /// No answer within the timeout.
    Timeout,
    /// The connection failed or broke (refused, reset, closed early): worth another try.
    Network,
    /// Nothing another try could change: no such host, a malformed address, a TLS error.
    Final,
}

/// How many times to try again and how long to wait between tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries after the first.
    pub retries: u32,
    /// The first wait; each later one doubles it.
    pub base: Duration,
    /// The longest wait: a `Retry-After` asking for more is not honoured, and the link is
    /// reported as rate-limited instead.
    pub max_wait: Duration,
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first retry) after `attempt`, or
    /// None when the attempt is final: it succeeded, it cannot change, the retries are
    /// used up, or the server asked for a longer wait than [`RetryPolicy::max_wait`].
    pub fn wait_before(&self, retry: u32, attempt: &Attempt) -> Option<Duration> {
        if retry >= self.retries {
            return None;
        }
        let backoff = self
            .base
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_wait);
        match attempt {
            Attempt::Status(429, Some(asked)) | Attempt::Status(503, Some(asked)) => {
                (*asked <= self.max_wait).then_some((*asked).max(self.base))
            }
            Attempt::Status(code, _) if *code == 429 || (500..600).contains(code) => {
                // 501 (Not Implemented) will not change by asking again.
                (*code != 501).then_some(backoff)
            }
            Attempt::Timeout | Attempt::Network => Some(backoff),
            Attempt::Status(..) | Attempt::Final => None,
        }
    }
}

/// The wait a `Retry-After` header asks for: seconds (`120`) or an HTTP date, which is
/// read against `now` (a date in the past means no wait). None when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        retries: 3,
        base: Duration::from_secs(1),
        max_wait: Duration::from_secs(30),
    };

    #[test]
    fn transient_failures_back_off_doubling_until_the_retries_are_used_up() {
        for attempt in [
            Attempt::Timeout,
            Attempt::Network,
            Attempt::Status(500, None),
            Attempt::Status(503, None),
            Attempt::Status(429, None),
        ] {
            let waits: Vec<_> = (0..4).map(|r| POLICY.wait_before(r, &attempt)).collect();
            assert_eq!(
                waits,
                [
                    Some(Duration::from_secs(1)),
                    Some(Duration::from_secs(2)),
                    Some(Duration::from_secs(4)),
                    None
                ],
                "{attempt:?}"
            );
        }
    }

    #[test]
    fn answers_that_cannot_change_are_not_retried() {
        for attempt in [
            Attempt::Status(200, None),
            Attempt::Status(404, None),
            Attempt::Status(403, None),
            Attempt::Status(501, None),
            Attempt::Final,
        ] {
            assert_eq!(POLICY.wait_before(0, &attempt), None, "{attempt:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let asked = |s| Attempt::Status(429, Some(Duration::from_secs(s)));
        assert_eq!(
            POLICY.wait_before(0, &asked(7)),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            POLICY.wait_before(0, &asked(30)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(POLICY.wait_before(0, &asked(31)), None);
        // `Retry-After: 0` still waits the base, so a busy server is not hammered.
        assert_eq!(
            POLICY.wait_before(0, &asked(0)),
            Some(Duration::from_secs(1))
        );
        let no_retries = RetryPolicy {
            retries: 0,
            ..POLICY
        };
        assert_eq!(no_retries.wait_before(0, &asked(1)), None);
    }

    #[test]
    fn the_backoff_never_exceeds_the_cap() {
        let policy = RetryPolicy {
            retries: 40,
            ..POLICY
        };
        assert_eq!(
            policy.wait_before(39, &Attempt::Timeout),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Dec 2026 17:00:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Dec 2026 17:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Dec 2026 16:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
