//! Politeness per host: at most one request in flight to a host, and a pause between the
//! end of one request to it and the start of the next. Different hosts go in parallel
//! (how many at once is the caller's thread count). Owns only the waiting.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
struct HostState {
    busy: bool,
    last_end: Option<Instant>,
}

/// The gate every request passes through.
#[derive(Debug)]
pub struct HostGate {
    interval: Duration,
    hosts: Mutex<HashMap<String, HostState>>,
    freed: Condvar,
}

impl HostGate {
    /// A gate that leaves `interval` between requests to one host.
    pub fn new(interval: Duration) -> Self {
        HostGate {
            interval,
            hosts: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    /// Runs `request` once `host` is free and rested, holding it meanwhile.
    pub fn request<T>(&self, host: &str, request: impl FnOnce() -> T) -> T {
        self.acquire(host);
        // Released even if the request panics, so other threads never wait forever.
        struct Release<'g>(&'g HostGate, &'g str);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                self.0.release(self.1);
            }
        }
        let _release = Release(self, host);
        request()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, HostState>> {
        self.hosts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn acquire(&self, host: &str) {
        let mut hosts = self.lock();
        loop {
            let state = hosts.entry(host.to_string()).or_default();
            let rested = state.last_end.map(|end| end + self.interval);
            match (state.busy, rested) {
                (true, _) => {
                    hosts = self.freed.wait(hosts).unwrap_or_else(|e| e.into_inner());
                }
                (false, Some(at)) if at > Instant::now() => {
                    let wait = at - Instant::now();
                    hosts = (self.freed.wait_timeout(hosts, wait))
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                (false, _) => {
                    state.busy = true;
                    return;
                }
            }
        }
    }

    fn release(&self, host: &str) {
        let mut hosts = self.lock();
        let state = hosts.entry(host.to_string()).or_default();
        state.busy = false;
        state.last_end = Some(Instant::now());
        drop(hosts);
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn one_host_is_asked_one_request_at_a_time_with_a_pause_between() {
        let gate = HostGate::new(Duration::from_millis(20));
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let started = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    gate.request("a.example", || {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(5));
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    })
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1);
        // Four requests of 5 ms with three pauses of 20 ms between them.
        assert!(started.elapsed() >= Duration::from_millis(80));
    }

    #[test]
    fn different_hosts_go_side_by_side() {
        let gate = HostGate::new(Duration::from_secs(60));
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for host in ["a.example", "b.example"] {
                let (gate, in_flight, most) = (&gate, &in_flight, &most);
                s.spawn(move || {
                    gate.request(host, || {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    })
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
