//! Watching for saves: notify on the folders `content/`, `templates/`, `static/`, `i18n/`
//! and the root itself (for `site.yaml`) — folders, not files, so saves by write-then-rename are
//! seen — with editor temp files and the output ignored, and bursts coalesced into one
//! batch. `--poll` uses notify's polling watcher where native events don't arrive.

use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst, and the longest a burst may be held.
const QUIET: Duration = Duration::from_millis(40);
const MAX_HOLD: Duration = Duration::from_millis(400);

/// The source folders that are watched recursively.
const SOURCES: [&str; 4] = ["content", "templates", "static", "i18n"];

/// The watched folders and the channel of changed paths.
pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    rx: Receiver<PathBuf>,
    root: PathBuf,
}

/// True for files editors write while saving (swap, backup, lock and temp files).
pub fn is_editor_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".kate-swp")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name == "4913"
        || name == ".DS_Store"
}

impl Watch {
    pub fn start(root: &Path, output_dirs: &[PathBuf], poll: bool) -> notify::Result<Watch> {
        let (tx, rx) = mpsc::channel();
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let root_canon = root.canonicalize().unwrap_or_else(|_| root.clone());
        let ignored: Vec<PathBuf> = output_dirs
            .iter()
            .map(|d| std::path::absolute(d).unwrap_or_else(|_| d.clone()))
            .collect();
        let handler_root = root.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(event) = res else { return };
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            for path in event.paths {
                // Event paths may come canonicalized; express them under the root we know.
                let path = path
                    .strip_prefix(&root_canon)
                    .map(|rel| handler_root.join(rel))
                    .unwrap_or(path);
                if ignored.iter().any(|d| path.starts_with(d)) || is_editor_noise(&path) {
                    continue;
                }
                // In the root itself only site.yaml, a citation style (`*.csl`) and the
                // source folders matter.
                if path.parent() == Some(handler_root.as_path())
                    && !path.file_name().is_some_and(|n| {
                        n == "site.yaml"
                            || SOURCES.iter().any(|s| n == *s)
                            || Path::new(n).extension().is_some_and(|e| e == "csl")
                    })
                {
                    continue;
                }
                let _ = tx.send(path);
            }
        };
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            Box::new(notify::PollWatcher::new(
                handler,
                // Modification times are compared in whole seconds, so a save within the
                // second of the last scan would be missed: compare contents too.
                notify::Config::default()
                    .with_poll_interval(Duration::from_millis(500))
                    .with_compare_contents(true),
            )?)
        } else {
            Box::new(notify::recommended_watcher(handler)?)
        };
        for dir in SOURCES {
            let p = root.join(dir);
            if p.is_dir() {
                watcher.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        Ok(Watch { watcher, rx, root })
    }

    /// Blocks until something changed, then gathers the rest of the burst. Returns the
    /// changed paths relative to the root, or None when the watcher is gone.
    pub fn next_batch(&mut self) -> Option<BTreeSet<PathBuf>> {
        let first = self.rx.recv().ok()?;
        let mut batch = BTreeSet::from([first]);
        let started = Instant::now();
        loop {
            let left = MAX_HOLD.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(p) => {
                    batch.insert(p);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        // A source folder created after the start (say static/) is watched from now on;
        // whatever it already holds is part of this batch's rebuild anyway.
        for dir in SOURCES {
            let p = self.root.join(dir);
            if batch.contains(&p) && p.is_dir() {
                let _ = self.watcher.unwatch(&p);
                let _ = self.watcher.watch(&p, RecursiveMode::Recursive);
            }
        }
        Some(
            batch
                .into_iter()
                .map(|p| {
                    p.strip_prefix(&self.root)
                        .map(Path::to_path_buf)
                        .unwrap_or(p)
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored() {
        for noisy in [
            ".a.md.swp",
            "a.md~",
            ".#a.md",
            "4913",
            "a.md___jb_tmp___",
            "x.tmp",
        ] {
            assert!(is_editor_noise(Path::new(noisy)), "{noisy}");
        }
        assert!(!is_editor_noise(Path::new("content/a.md")));
    }
}
