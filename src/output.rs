//! Output: where rendered files go. A build writes into a [`Sink`]: either a staging
//! directory beside the output that is swapped in only when the whole build succeeded
//! ([`Staging`]), or memory ([`MemorySite`], for `serve`). Owns the refusal of dangerous
//! output directories, the swap and the atomic writing of the caches kept beside the
//! site; not what the files contain.

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A marker written into every output so a later build knows it may replace the folder.
pub const MARKER: &str = ".kintsugi-build";

/// Receives the site's files. Paths are relative, with `/` separators (`steps/a/index.html`).
pub trait Sink: Sync {
    /// Shared bytes (`Bytes`): a rendered page becomes one without a copy, and `serve`
    /// hands a cached page to its cache, its site and each response without one either.
    fn put(&self, path: &str, bytes: Bytes) -> Result<()>;

    /// False for a sink that throws everything away (`check`), so work done only to
    /// produce files (resizing images) can be skipped.
    fn keeps_files(&self) -> bool {
        true
    }
}

/// Rejects paths that could leave the output (absolute, `..`, empty segments).
pub fn checked_relative(path: &str) -> Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write outside the output directory: `{path}`");
    }
    Ok(p)
}

/// A staging directory created beside the output directory. Dropped without
/// [`Staging::commit`], it removes itself and any parent folders it had to create.
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    output: PathBuf,
    /// The outermost parent folder this build created, removed again if the build fails.
    created: Option<PathBuf>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let created = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .last()
            .map(Path::to_path_buf);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = tempfile::Builder::new()
            .prefix(".kintsugi-staging-")
            .tempdir_in(parent)
            .with_context(|| {
                format!("cannot create a staging directory in {}", parent.display())
            })?;
        Ok(Staging {
            dir: Some(dir),
            output: output.to_path_buf(),
            created,
        })
    }

    fn staged(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }

    /// Swaps the staged site in place of the output: the old output is moved aside, the
    /// staged one renamed into place, then the old one deleted. If anything fails the old
    /// output is put back.
    pub fn commit(mut self) -> Result<()> {
        let Some(dir) = self.dir.take() else {
            bail!("the staged site is gone");
        };
        self.created = None;
        let staged = dir.keep();
        std::fs::write(
            staged.join(MARKER),
            "written by kintsugi; safe to replace\n",
        )
        .context("cannot write the build marker")?;
        let old = if self.output.exists() {
            let aside = tempfile::Builder::new()
                .prefix(".kintsugi-old-")
                .tempdir_in(staged.parent().unwrap_or(Path::new(".")))?
                .keep();
            std::fs::remove_dir(&aside).ok();
            std::fs::rename(&self.output, &aside)
                .with_context(|| format!("cannot move the old {} aside", self.output.display()))?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, &self.output) {
            if let Some(old) = &old {
                std::fs::rename(old, &self.output).ok();
            }
            std::fs::remove_dir_all(&staged).ok();
            return Err(e)
                .with_context(|| format!("cannot move the new site to {}", self.output.display()));
        }
        if let Some(old) = old {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot delete the old site at {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        drop(self.dir.take());
        if let Some(top) = &self.created {
            // Only empty folders: remove_dir fails on anything else.
            let parent = self.output.parent().unwrap_or(Path::new("."));
            for dir in parent.ancestors() {
                if std::fs::remove_dir(dir).is_err() || dir == top {
                    break;
                }
            }
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Bytes) -> Result<()> {
        let full = self.staged().join(checked_relative(path)?);
        if let Some(parent) = full.parent() {
            // Usually only the page's own folder is missing: try one mkdir before
            // create_dir_all, which looks the path up first.
            match std::fs::create_dir(parent) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?,
            }
        }
        std::fs::write(&full, &bytes).with_context(|| format!("cannot write {}", full.display()))
    }
}

/// A whole site in memory: what `serve` serves.
#[derive(Debug, Default)]
pub struct MemorySite {
    files: Mutex<BTreeMap<String, Bytes>>,
}

impl MemorySite {
    pub fn into_files(self) -> BTreeMap<String, Bytes> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySite {
    fn put(&self, path: &str, bytes: Bytes) -> Result<()> {
        checked_relative(path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Resolve symlinks of the part that exists, so `public -> .` is caught.
    let mut existing = p.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        out.push(name);
    }
    out
}

/// Writes `bytes` to `path` (a cache file kintsugi keeps between builds) by way of a
/// temporary file beside it, renamed over it: a run that is interrupted, or a second one at
/// the same time, never leaves half a file for the next to read. Creates the folder.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut part = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    part.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    part.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Refuses output directories that are, or contain, the root or a source folder, or that
/// hold files kintsugi did not write.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    let out = absolute(output);
    let root = absolute(root);
    if out.parent().is_none() {
        return Err(format!(
            "refusing to use `{}` as the output directory",
            output.display()
        ));
    }
    for (name, protected) in [
        ("the site root", root.clone()),
        ("content/", root.join("content")),
        ("templates/", root.join("templates")),
        ("static/", root.join("static")),
        ("i18n/", root.join(crate::i18n::SITE_DIR)),
    ] {
        if protected.starts_with(&out) {
            return Err(format!(
                "refusing to use `{}` as the output directory: it is or contains {name}",
                output.display()
            ));
        }
        if name != "the site root" && out.starts_with(&protected) {
            return Err(format!(
                "refusing to use `{}` as the output directory: it is inside {name}",
                output.display()
            ));
        }
    }
    if out.is_file() {
        return Err(format!(
            "the output `{}` is a file, not a directory",
            output.display()
        ));
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(&out)
            .map_err(|e| format!("cannot read `{}`: {e}", output.display()))?;
        let empty = entries.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!(
                "refusing to replace `{}`: it is not empty and was not written by kintsugi (no {MARKER} file)",
                output.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(checked_relative("a/b.html").is_ok());
        assert!(checked_relative("../x").is_err());
        assert!(checked_relative("/etc/x").is_err());
        assert!(checked_relative("").is_err());
    }

    #[test]
    fn dangerous_outputs_are_refused() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/keep.txt"), "x").unwrap();
        assert!(check_output_dir(root, &root.join("mine")).is_err());
    }

    #[test]
    fn staging_swaps_in_and_replaces() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        for round in ["one", "two"] {
            let s = Staging::new(&out).unwrap();
            s.put("a/index.html", round.as_bytes().into()).unwrap();
            s.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(out.join("a/index.html")).unwrap(),
                round
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging dirs left behind");
    }
}
