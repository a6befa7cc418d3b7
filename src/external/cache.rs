//! The on-disk memory of `check --external`: which addresses were alive, and when, in
//! `<site>/.kintsugi/cache/external-links.json`. An address found alive is trusted for
//! the maximum age (7 days unless `--max-cache-age` says otherwise); a dead or
//! unverified one is never remembered, so it is asked again on every run. Owns the file
//! and the expiry; not the requests.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The cache file's name in [`crate::pdf::files::CACHE_DIR`].
pub const FILE: &str = "external-links.json";

/// Bumped when the meaning of an entry changes, so an old file is ignored, not misread.
const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// Address (as requested) -> when it was last found alive, in seconds since the Unix
    /// epoch.
    alive: BTreeMap<String, u64>,
}

/// Addresses found alive, and when.
#[derive(Debug, Default)]
pub struct LinkCache {
    alive: BTreeMap<String, u64>,
}

impl LinkCache {
    /// The cache file of the site at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(crate::pdf::files::CACHE_DIR).join(FILE)
    }

    /// Pure: the cache from the file's text. A file that cannot be read as one (damaged,
    /// or written by another version) is an empty cache: it costs requests, never a
    /// wrong answer.
    pub fn parse(text: &str) -> LinkCache {
        match serde_json::from_str::<CacheFile>(text) {
            Ok(file) if file.version == VERSION => LinkCache { alive: file.alive },
            _ => LinkCache::default(),
        }
    }

    /// The cache of the site at `root` (empty when there is none yet).
    pub fn load(root: &Path) -> LinkCache {
        std::fs::read_to_string(Self::path(root))
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    /// Whether `url` was found alive less than `max_age` before `now` (seconds since the
    /// epoch). An entry from the future (a clock set back) is not trusted.
    pub fn is_fresh(&self, url: &str, now: u64, max_age: Duration) -> bool {
        self.alive
            .get(url)
            .is_some_and(|&at| at <= now && now - at < max_age.as_secs())
    }

    pub fn record_alive(&mut self, url: &str, now: u64) {
        self.alive.insert(url.to_string(), now);
    }

    /// Forgets `url` (it is dead or could not be checked now).
    pub fn forget(&mut self, url: &str) {
        self.alive.remove(url);
    }

    /// Drops the entries no longer fresh at `now`, so the file does not grow forever.
    pub fn prune(&mut self, now: u64, max_age: Duration) {
        self.alive
            .retain(|_, &mut at| at <= now && now - at < max_age.as_secs());
    }

    /// Pure: the file's text.
    pub fn to_json(&self) -> String {
        let file = CacheFile {
            version: VERSION,
            alive: self.alive.clone(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// Writes the cache of the site at `root` atomically: to a temporary file beside it,
    /// then renamed over it, so a run that is interrupted, or a second run at the same
    /// time, never leaves half a file.
    pub fn save(&self, root: &Path) -> anyhow::Result<()> {
        crate::output::write_atomically(&Self::path(root), self.to_json().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 24 * 60 * 60;
    const WEEK: Duration = Duration::from_secs(7 * DAY);

    #[test]
    fn an_alive_address_is_fresh_for_the_maximum_age_only() {
        let mut cache = LinkCache::default();
        cache.record_alive("https://a.example/", 100 * DAY);
        assert!(cache.is_fresh("https://a.example/", 100 * DAY, WEEK));
        assert!(cache.is_fresh("https://a.example/", 107 * DAY - 1, WEEK));
        assert!(!cache.is_fresh("https://a.example/", 107 * DAY, WEEK));
        assert!(!cache.is_fresh("https://b.example/", 100 * DAY, WEEK));
        // From the future: the clock went back; check again.
        assert!(!cache.is_fresh("https://a.example/", 99 * DAY, WEEK));
        // A maximum age of zero trusts nothing.
        assert!(!cache.is_fresh("https://a.example/", 100 * DAY, Duration::ZERO));
    }

    #[test]
    fn the_file_round_trips_and_a_bad_one_is_an_empty_cache() {
        let mut cache = LinkCache::default();
        cache.record_alive("https://a.example/", 5);
        cache.record_alive("https://b.example/", 6);
        cache.forget("https://b.example/");
        let again = LinkCache::parse(&cache.to_json());
        assert!(again.is_fresh("https://a.example/", 5, WEEK));
        assert!(!again.is_fresh("https://b.example/", 6, WEEK));
        for bad in [
            "",
            "{",
            "[]",
            r#"{"version": 99, "alive": {"https://a.example/": 5}}"#,
        ] {
            assert!(!LinkCache::parse(bad).is_fresh("https://a.example/", 5, WEEK));
        }
    }

    #[test]
    fn pruning_drops_stale_entries() {
        let mut cache = LinkCache::default();
        cache.record_alive("https://old.example/", 0);
        cache.record_alive("https://new.example/", 10 * DAY);
        cache.prune(10 * DAY, WEEK);
        assert_eq!(
            cache.alive.keys().collect::<Vec<_>>(),
            ["https://new.example/"]
        );
    }

    #[test]
    fn saving_writes_the_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = LinkCache::default();
        cache.record_alive("https://a.example/", 1);
        cache.save(dir.path()).unwrap();
        cache.record_alive("https://b.example/", 2);
        cache.save(dir.path()).unwrap();
        let loaded = LinkCache::load(dir.path());
        assert!(loaded.is_fresh("https://b.example/", 2, WEEK));
        let files: Vec<_> = std::fs::read_dir(LinkCache::path(dir.path()).parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files, [FILE], "no temporary file is left behind");
    }
}
