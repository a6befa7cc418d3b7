//! The bibliography: every reference of the site, read from `content/references.yaml`
//! (hayagriva's YAML format, `yaml`), `content/references.bib` (BibTeX as Zotero exports
//! it, `bibtex`) and `content/references.json` (CSL-JSON, `csl_json`), with every problem
//! a diagnostic naming file, line and key. Reading the files and formatting the references
//! are not done here.

mod bibtex;
mod csl_json;
mod yaml;

use std::collections::HashMap;
use std::fmt::Display;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hayagriva::Entry;

use crate::diagnostic::{Diagnostic, Position};
use crate::suggest::closest;

/// Every reference of the site, read from the YAML and/or BibTeX file.
#[derive(Debug, Default, Clone)]
pub struct Bibliography {
    /// In definition order: the YAML file first, then the BibTeX file.
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    /// Where each entry of `entries` is defined: file, 1-based line and byte offset of its key.
    defined_at: Vec<(PathBuf, usize, usize)>,
    /// Keys whose entries are in a file but could not be read (each was reported at its
    /// line), with that file and line, so citing them says so instead of "unknown key".
    unreadable: HashMap<String, (PathBuf, usize)>,
    /// A bibliography file that could not be read at all (not UTF-8, say).
    unreadable_file: Option<PathBuf>,
}

impl Bibliography {
    /// Pure: parses the hayagriva YAML and/or BibTeX text (either may be absent). Every
    /// problem is a Diagnostic naming the file, line and key (e.g.
    /// `content/references.yaml:12:3: error: reference `kross2011`: unknown field `titel``).
    /// Entries without problems are kept, so one typo does not turn every citation of the
    /// site into an unknown-key error.
    pub fn parse(
        yaml: Option<(&Path, &str)>,
        bibtex: Option<(&Path, &str)>,
    ) -> (Bibliography, Vec<Diagnostic>) {
        let mut bib = Bibliography::default();
        let mut diags = Vec::new();
        if let Some((path, text)) = yaml {
            bib.load_yaml(path, text, &mut diags);
        }
        if let Some((path, text)) = bibtex {
            bib.load_bibtex(path, text, &mut diags);
        }
        (bib, diags)
    }

    /// Pure: the text of a bibliography file from its bytes: UTF-8 (a byte-order mark is dropped), or
    /// UTF-16 with a byte-order mark, which says unambiguously how to read it. Anything else
    /// (UTF-16 without a mark, Windows-1252, Latin-1) is an error at the first byte that is not
    /// UTF-8, since guessing an encoding could silently garble names.
    pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
        let utf16 = |bytes: &[u8], from: fn([u8; 2]) -> u16| {
            let units = bytes
                .chunks(2)
                .map(|p| from([p[0], *p.get(1).unwrap_or(&0)]));
            char::decode_utf16(units).collect::<Result<String, _>>()
        };
        let decoded = match bytes {
            [0xEF, 0xBB, 0xBF, rest @ ..] => return Self::decode(path, rest),
            [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
            [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
            _ => {
                let (valid, bad_byte) = match std::str::from_utf8(bytes) {
                    Ok(text) => (text, None),
                    Err(e) => {
                        let valid = &bytes[..e.valid_up_to()];
                        let valid = std::str::from_utf8(valid).unwrap_or_default();
                        (valid, bytes.get(e.valid_up_to()))
                    }
                };
                let (valid, bad) = match (valid.find('\0'), bad_byte) {
                    (Some(nul), _) => (
                        &valid[..nul],
                        "a NUL byte (the file looks like UTF-16 without a byte-order mark)"
                            .to_string(),
                    ),
                    (None, Some(byte)) => (valid, format!("the byte 0x{byte:02X}")),
                    (None, None) => return Ok(valid.to_string()),
                };
                // The excerpt is the line up to the bad byte: never the bytes that are not text.
                let pos = Position::of(valid, valid.len());
                return Err(Diagnostic::error(
                    path,
                    format!("the file is not UTF-8: {bad} here"),
                )
                .at(pos.line, pos.col, Some(pos.line_text(valid)))
                .with_hint("save it as UTF-8: editors and reference managers offer the encoding when saving or exporting"));
            }
        };
        decoded.map_err(|_| {
            Diagnostic::error(
                path,
                "the file starts with a UTF-16 byte-order mark but is not UTF-16",
            )
            .with_hint("save it as UTF-8")
        })
    }

    /// Records that the bibliography file at `path` could not be read at all (it was
    /// reported), so citations of keys not found say so rather than "unknown key".
    pub fn mark_file_unreadable(&mut self, path: &Path) {
        self.unreadable_file
            .get_or_insert_with(|| path.to_path_buf());
    }

    /// The bibliography file that could not be read at all, if any.
    pub fn unreadable_file(&self) -> Option<&Path> {
        self.unreadable_file.as_deref()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Closest known key for "did you mean" ([`crate::suggest::closest`]), None if nothing is
    /// close.
    pub fn suggest(&self, key: &str) -> Option<&str> {
        closest(key, self.entries.iter().map(Entry::key))
    }

    /// All entries, in definition order.
    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Where the entry of a key that could not be read is (file, 1-based line): citing it
    /// is an error that points there rather than "unknown key".
    pub fn unreadable(&self, key: &str) -> Option<(&Path, usize)> {
        let (path, line) = self.unreadable.get(key)?;
        Some((path.as_path(), *line))
    }

    /// Records that the entry of `key` at `path`:`line` could not be read, unless another
    /// definition of the key was.
    fn mark_unreadable(&mut self, key: &str, path: &Path, line: usize) {
        if !self.contains(key) {
            (self.unreadable)
                .entry(key.to_string())
                .or_insert_with(|| (path.to_path_buf(), line));
        }
    }

    /// Where a key is defined (file, 1-based line), for "cited nowhere" warnings.
    pub fn definition(&self, key: &str) -> Option<(&Path, usize)> {
        let &i = self.index.get(key)?;
        let (path, line, _) = self.defined_at.get(i)?;
        Some((path.as_path(), *line))
    }

    /// Every web address the references carry, in definition order: each entry's `doi`
    /// and `url`, with the file and the byte offset of the entry's key (for
    /// `kintsugi check --external`, which finds the field itself on the error path).
    pub fn web_links(&self) -> Vec<ReferenceLink<'_>> {
        let mut out = Vec::new();
        for (entry, (path, _, offset)) in self.entries.iter().zip(&self.defined_at) {
            let at = |field, value| ReferenceLink {
                key: entry.key(),
                field,
                value,
                path,
                key_offset: *offset,
            };
            if let Some(doi) = entry.doi() {
                out.push(at(LinkField::Doi, doi));
            }
            if let Some(url) = entry.url() {
                out.push(at(LinkField::Url, url.value.as_str()));
            }
        }
        out
    }

    /// The hint for a key that is not in the bibliography: add it to the file the site's
    /// works are in (the first one's file, as `content/references.bib`).
    pub fn add_key_hint(&self) -> String {
        let file = (self.defined_at.first())
            .map_or("content/references.yaml".into(), |(path, _, _)| {
                path.display().to_string()
            });
        format!("add it to {file}")
    }

    /// Adds an entry defined at `offset` (on 1-based `line`) of `text`, or reports it as a
    /// duplicate.
    fn insert(
        &mut self,
        entry: Entry,
        at: (&Path, &str, usize, usize),
        diags: &mut Vec<Diagnostic>,
    ) {
        let (path, text, offset, line) = at;
        if let Some((first_path, first_line)) = self.definition(entry.key()) {
            let first = format!("{}:{first_line}", first_path.display());
            diags.push(defined_twice(path, text, offset, entry.key(), first));
            return;
        }
        self.unreadable.remove(entry.key());
        self.index
            .insert(entry.key().to_string(), self.entries.len());
        self.defined_at.push((path.to_path_buf(), line, offset));
        self.entries.push(entry);
    }
}

/// Which field of a reference a web address comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkField {
    /// A DOI (`10.1037/…`), resolved through `https://doi.org/`.
    Doi,
    Url,
}

/// A web address of one reference, and where the reference is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceLink<'a> {
    pub key: &'a str,
    pub field: LinkField,
    /// As written (a DOI is not yet an address).
    pub value: &'a str,
    pub path: &'a Path,
    /// Byte offset of the entry's key in its file.
    pub key_offset: usize,
}

/// The error for a key defined a second time, at `offset` of `text`; `first` says where the
/// first definition is (`line 3`, or `content/references.yaml:14` in the other file).
fn defined_twice(
    path: &Path,
    text: &str,
    offset: usize,
    key: &str,
    first: impl Display,
) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("reference `{key}` is defined twice: here and at {first}"),
    )
    .at_offset(text, offset)
    .with_hint("keep one definition, or give one of them another key")
}

/// Where one entry is written in its file, found by scanning the text: neither serde_yaml
/// nor hayagriva's BibTeX reader says where a key is.
#[derive(Debug)]
struct EntrySpan {
    key: String,
    key_offset: usize,
    /// 1-based line of the key.
    line: usize,
    /// The entry's text, up to where the next entry starts.
    range: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::test_support::{bib, messages, FIVE, ZOTERO_BIB};

    #[test]
    fn suggest_and_definition() {
        let bib = bib(FIVE);
        assert_eq!(bib.len(), 5);
        assert!(!bib.is_empty());
        assert!(bib.contains("kross2011"));
        assert!(!bib.contains("kross"));
        assert_eq!(bib.suggest("jonson2008"), Some("johnson2008"));
        assert_eq!(bib.suggest("Kross2011"), Some("kross2011"));
        assert_eq!(bib.suggest("zzz"), None);
        assert_eq!(
            bib.definition("johnson2008"),
            Some((Path::new("content/references.yaml"), 14))
        );
        assert_eq!(bib.definition("nope"), None);
    }

    #[test]
    fn web_links_are_each_entrys_doi_and_url_at_its_key() {
        let bib = bib(FIVE);
        let links: Vec<(&str, LinkField, &str)> = (bib.web_links().iter())
            .map(|l| (l.key, l.field, l.value))
            .collect();
        assert_eq!(
            links,
            [
                ("kross2011", LinkField::Doi, "10.1073/pnas.1102693108"),
                ("rahe2023", LinkField::Doi, "10.3389/fpsyg.2023.1137752"),
            ]
        );
        let first = &bib.web_links()[0];
        assert!(FIVE[first.key_offset..].starts_with("kross2011"));
    }

    #[test]
    fn a_key_in_both_files_is_an_error_naming_both_places() {
        let (bib, diags) = Bibliography::parse(
            Some((Path::new("content/references.yaml"), FIVE)),
            Some((Path::new("content/references.bib"), ZOTERO_BIB)),
        );
        assert_eq!(
            messages(&diags),
            [
                "content/references.bib:2:7: error: reference `johnson2008` is defined twice: here and at content/references.yaml:14\n2 | @book{johnson2008,\n  |       ^\n  |\n  = hint: keep one definition, or give one of them another key",
                "content/references.bib:11:10: error: reference `kross2011` is defined twice: here and at content/references.yaml:32\n11 | @article{kross2011,\n   |          ^\n   |\n   = hint: keep one definition, or give one of them another key",
            ]
        );
        assert_eq!(bib.len(), 5);
    }

    /// Regression: UTF-16 and Windows-1252 files were "stream did not contain valid UTF-8",
    /// with no line, and a UTF-16 file without a byte-order mark printed its NUL bytes.
    #[test]
    fn files_are_decoded_from_utf8_or_utf16_with_a_byte_order_mark() {
        let path = Path::new("content/references.bib");
        let text = "@misc{a, title = {Ærø}}\n";
        let utf16 = |bom: [u8; 2], f: fn(u16) -> [u8; 2]| {
            let mut bytes = bom.to_vec();
            bytes.extend(text.encode_utf16().flat_map(f));
            bytes
        };
        for bytes in [
            text.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            utf16([0xFF, 0xFE], u16::to_le_bytes),
            utf16([0xFE, 0xFF], u16::to_be_bytes),
        ] {
            assert_eq!(
                Bibliography::decode(path, &bytes).ok().as_deref(),
                Some(text)
            );
        }
        // Without a byte-order mark: an error at the first NUL, which is never printed.
        let no_bom: Vec<u8> = "% x\n@misc"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let error = Bibliography::decode(path, &no_bom).unwrap_err().to_string();
        assert!(error.starts_with("content/references.bib:1:2: error: the file is not UTF-8: a NUL byte (the file looks like UTF-16 without a byte-order mark) here"), "{error}");
        assert!(
            !error.contains('\0') && error.contains("hint: save it as UTF-8"),
            "{error}"
        );
        // Windows-1252 `é` on line 2.
        let error = Bibliography::decode(path, b"@misc{a,\n  title = {Caf\xE9}}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "content/references.bib:2:15: error: the file is not UTF-8: the byte 0xE9 here\n2 |   title = {Caf\n  |               ^\n  |\n  = hint: save it as UTF-8: editors and reference managers offer the encoding when saving or exporting"
        );
    }
}
