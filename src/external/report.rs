//! What `check --external` tells the user: a diagnostic at every place that uses a dead
//! (error) or unverifiable (warning) address, and the summary line. A file is read again
//! only when it holds such a place, for the source line under the message.

use super::request::Verdict;
use crate::build::ExternalUse;
use crate::cite::LinkField;
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalStats {
    /// Distinct addresses.
    pub addresses: usize,
    pub hosts: usize,
    pub alive: usize,
    pub dead: usize,
    pub unverified: usize,
    /// Of the alive ones, those the cache vouched for (no request made).
    pub cached: usize,
}

impl ExternalStats {
    /// `checked 42 external links on 12 hosts: 40 alive, 2 dead, 5 from cache`
    pub fn summary(&self) -> String {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let mut line = format!(
            "checked {} external link{} on {} host{}: {} alive, {} dead",
            self.addresses,
            s(self.addresses),
            self.hosts,
            s(self.hosts),
            self.alive,
            self.dead
        );
        if self.unverified > 0 {
            line.push_str(&format!(", {} unverified", self.unverified));
        }
        line.push_str(&format!(", {} from cache", self.cached));
        line
    }
}

/// A diagnostic for each use whose address (`requested[i]` for `uses[i]`) is not alive.
pub fn diagnostics(
    root: &Path,
    uses: &[ExternalUse],
    requested: &[String],
    verdicts: &HashMap<String, Verdict>,
) -> Vec<Diagnostic> {
    let mut texts: HashMap<&PathBuf, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for (u, url) in uses.iter().zip(requested) {
        let (mut d, hint) = match verdicts.get(url) {
            Some(Verdict::Dead { reason, hint }) => (
                Diagnostic::error(&u.path, message("dead", u, url, reason)),
                hint,
            ),
            Some(Verdict::Unverified { reason, hint }) => (
                Diagnostic::warning(&u.path, message("could not check", u, url, reason)),
                hint,
            ),
            Some(Verdict::Alive) | None => continue,
        };
        d = d.with_hint(hint.clone());
        let text = texts
            .entry(&u.path)
            .or_insert_with(|| std::fs::read_to_string(root.join(&u.path)).ok());
        if let Some(text) = text {
            d = d.at_offset(text, place(text, u));
        }
        out.push(d);
    }
    out
}

/// `dead link https://…: 404 Not Found`, `dead DOI 10.1/x of reference `key` (https://doi.org/10.1/x): …`.
fn message(what: &str, u: &ExternalUse, url: &str, reason: &str) -> String {
    match &u.reference {
        None => format!("{what} link {}: {reason}", u.written),
        Some((key, LinkField::Url)) => {
            format!("{what} link {} of reference `{key}`: {reason}", u.written)
        }
        Some((key, LinkField::Doi)) => format!(
            "{what} DOI {} of reference `{key}` ({url}): {reason}",
            u.written
        ),
    }
}

/// The offset to point at: the link, or the reference's field (its value, found after the
/// entry's key; the key itself when the value is written differently there).
fn place(text: &str, u: &ExternalUse) -> usize {
    if u.reference.is_none() {
        return u.offset;
    }
    (text.get(u.offset..))
        .and_then(|after| after.find(u.written.as_str()))
        .map_or(u.offset, |i| u.offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line() {
        let stats = ExternalStats {
            addresses: 42,
            hosts: 12,
            alive: 40,
            dead: 2,
            unverified: 0,
            cached: 5,
        };
        assert_eq!(
            stats.summary(),
            "checked 42 external links on 12 hosts: 40 alive, 2 dead, 5 from cache"
        );
        let one = ExternalStats {
            addresses: 1,
            hosts: 1,
            unverified: 1,
            ..ExternalStats::default()
        };
        assert_eq!(
            one.summary(),
            "checked 1 external link on 1 host: 0 alive, 0 dead, 1 unverified, 0 from cache"
        );
    }

    #[test]
    fn a_reference_is_reported_at_its_field() {
        let text = "a:\n  doi: 10.1/x\nb:\n  doi: 10.1/y\n";
        let use_of = |written: &str, offset| ExternalUse {
            written: written.into(),
            path: "content/references.yaml".into(),
            offset,
            reference: Some(("b".into(), LinkField::Doi)),
        };
        assert_eq!(
            place(text, &use_of("10.1/y", 17)),
            text.find("10.1/y").unwrap()
        );
        // Written differently (escaped in BibTeX): the key.
        assert_eq!(place(text, &use_of("10.1/z", 17)), 17);
    }
}
