//! Works that look alike in text. First authors who share a family name but not a given
//! name are told apart by their given names or initials, where the style asks for it
//! (APA 7: "J. Smith, 2020" and "A. Smith, 2020"). Works that still look alike once
//! hayagriva has disambiguated them: undated works by the same authors get the letters
//! APA 7 and citeproc give them (`n.d.-a`, `n.d.-b`, in reference-list order), and what no
//! letter can tell apart, or what looks like one work entered twice, is a warning at each
//! definition. Never an error: the site still builds.
//!
//! hayagriva 0.10.1 hands out year suffixes only to works with a date it renders, so two
//! undated works by one author both read `(Doe, n.d.)`. The letter is put after the
//! style's "no date" term in the rendered output, in citations and in the list alike.

use std::collections::HashMap;
use std::path::PathBuf;

use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
use hayagriva::citationberg::{DisambiguationRule, LocaleCode, TermForm};
use hayagriva::types::Person;
use hayagriva::{ElemChild, ElemMeta};

use super::Styler;
use crate::cite::Bibliography;
use crate::diagnostic::Diagnostic;

/// The style's short "no date" term (`n.d.` in English, `o. J.` in German), from the
/// style's own locale overrides for its language (or for any) first, then its locales,
/// the style's language first.
pub(super) fn no_date_term(styler: &Styler) -> Option<String> {
    let term = Term::Other(OtherTerm::NoDate);
    let language = styler.style.default_locale.as_ref();
    let base = |code: &LocaleCode| code.0.split('-').next().map(str::to_string);
    let own = (styler.style.locale.iter()).filter(|l| match (&l.lang, language) {
        (None, _) => true,
        (Some(lang), Some(wanted)) => base(lang) == base(wanted),
        (Some(_), None) => false,
    });
    let locales = own.chain(&styler.locales);
    let found = locales.clone().find_map(|l| l.term(term, TermForm::Short));
    let found = found.or_else(|| locales.clone().find_map(|l| l.term(term, TermForm::Long)));
    found
        .and_then(|t| t.single())
        .map(str::to_string)
        .filter(|t| !t.is_empty())
}

/// The first person named in a work's rendered in-text form (its first author, or the
/// editor who stands in for one).
pub(super) fn first_person(children: &[ElemChild]) -> Option<&Person> {
    children.iter().find_map(|child| match child {
        ElemChild::Elem(e) => match &e.meta {
            Some(ElemMeta::Names(names)) => (names.iter())
                .find_map(|(persons, _)| persons.first())
                .or_else(|| first_person(&e.children.0)),
            _ => first_person(&e.children.0),
        },
        _ => None,
    })
}

/// Given names for citations (by rank): the initials ("J.") of first persons (`first`,
/// by rank) who share a family name with another work's first person but not their
/// initials, as CSL's name disambiguation does with `rule`: everywhere (APA 7's rule,
/// `primary-name-with-initials`, and the other global rules), or with `by-cite` only
/// where the works' in-text forms (`forms`, by rank) are the same. Only first persons are
/// compared; given names that differ beyond their initials are left to year suffixes.
pub(super) fn given_names(
    first: &[Option<Person>],
    forms: &[String],
    rule: DisambiguationRule,
) -> HashMap<usize, String> {
    let initials_of = |p: &Person| initials(p.given_name.as_deref().unwrap_or(""));
    let mut by_family: HashMap<&str, Vec<(usize, String)>> = HashMap::new();
    for (rank, person) in first.iter().enumerate() {
        if let Some(person) = person.as_ref().filter(|p| p.given_name.is_some()) {
            (by_family.entry(&person.name).or_default()).push((rank, initials_of(person)));
        }
    }
    let mut out = HashMap::new();
    for mut people in by_family.into_values() {
        if rule == DisambiguationRule::ByCite {
            let form = |rank: usize| forms.get(rank).map(String::as_str);
            let shared: Vec<bool> = (people.iter())
                .map(|(r, i)| people.iter().any(|(s, j)| form(*s) == form(*r) && j != i))
                .collect();
            let mut keep = shared.into_iter();
            people.retain(|_| keep.next().unwrap_or(false));
        }
        if people.iter().any(|(_, i)| *i != people[0].1) {
            out.extend(people);
        }
    }
    out
}

/// A given name as initials: "Susan M." -> "S. M.", "Jean-Paul" -> "J.-P.".
fn initials(given: &str) -> String {
    let initial = |word: &str| {
        (word.chars().next())
            .map(|c| format!("{}.", c.to_uppercase()))
            .unwrap_or_default()
    };
    given
        .split_whitespace()
        .map(|word| word.split('-').map(initial).collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts `given` before the family name of the first person named in a rendered citation
/// ("Smith" -> "J. Smith"). Returns whether a name was found.
pub(super) fn add_given_name(children: &mut [ElemChild], given: &str) -> bool {
    for child in children {
        let ElemChild::Elem(e) = child else { continue };
        if matches!(e.meta, Some(ElemMeta::Name(_, 0))) {
            if let Some(ElemChild::Text(t)) = e.children.0.first_mut() {
                t.text = format!("{given} {}", t.text);
                return true;
            }
        }
        if add_given_name(&mut e.children.0, given) {
            return true;
        }
    }
    false
}

/// The letter of the n-th work of a group: a … z, then aa, ab, … as citeproc counts.
fn letter(n: usize) -> String {
    let mut n = n;
    let mut letters = Vec::new();
    loop {
        letters.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Puts `-{letter}` after the "no date" term `term` in rendered output: its first
/// occurrence (`last` false, in a reference-list entry, where the date comes before the
/// title) or its last (in a citation, where it comes last). The term counts only as a
/// whole word, outside names. Returns whether it was found. A period after the term that
/// hayagriva dropped comes back after the letter; if it was not dropped, the HTML writer
/// drops the doubled one.
pub(super) fn add_letter(children: &mut [ElemChild], term: &str, letter: &str, last: bool) -> bool {
    let mut texts: Vec<&mut String> = Vec::new();
    collect_texts(children, &mut texts);
    let whole = |text: &str, at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    };
    let found = |text: &String| -> Option<usize> {
        let mut hits = text
            .match_indices(term)
            .map(|(i, _)| i)
            .filter(|&i| whole(text, i));
        if last {
            hits.last()
        } else {
            hits.next()
        }
    };
    let mut order: Vec<usize> = (0..texts.len()).collect();
    if last {
        order.reverse();
    }
    for i in order {
        if let Some(at) = found(texts[i]) {
            let end = at + term.len();
            // hayagriva drops a period that would follow the term's own ("n.d.. ");
            // with the letter after the term it is needed again ("n.d.-c. Two").
            let next = std::iter::once(&texts[i][end..])
                .chain(texts[i + 1..].iter().map(|t| t.as_str()))
                .find_map(|t| t.chars().next());
            let period_dropped = term.ends_with('.') && next.is_some_and(char::is_whitespace);
            let period = if period_dropped { "." } else { "" };
            texts[i].insert_str(end, &format!("-{letter}{period}"));
            return true;
        }
    }
    false
}

/// The plain texts of rendered output, in reading order, leaving out names.
fn collect_texts<'a>(children: &'a mut [ElemChild], texts: &mut Vec<&'a mut String>) {
    for child in children {
        match child {
            ElemChild::Text(t) => texts.push(&mut t.text),
            ElemChild::Elem(e) if !matches!(e.meta, Some(ElemMeta::Names(_))) => {
                collect_texts(&mut e.children.0, texts)
            }
            _ => {}
        }
    }
}

impl Styler {
    /// Letters for undated look-alikes, by rank (see the module docs), and warnings for
    /// works that still cannot be told apart. `forms` are the works' in-text forms after
    /// hayagriva's disambiguation.
    pub(super) fn undated_letters(
        &self,
        bib: &Bibliography,
        forms: &[String],
    ) -> (HashMap<usize, String>, Vec<Diagnostic>) {
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (rank, form) in forms.iter().enumerate() {
            groups.entry(form).or_default().push(rank);
        }
        let mut groups: Vec<(&str, Vec<usize>)> =
            groups.into_iter().filter(|(_, g)| g.len() > 1).collect();
        groups.sort_by_key(|(_, g)| g[0]);
        let term = self.no_date_term.as_deref();
        let mut letters = HashMap::new();
        let mut diagnostics = Vec::new();
        for (form, group) in groups {
            let undated = term.is_some_and(|t| {
                group.iter().all(|&r| self.entries[r].date().is_none()) && form.contains(t)
            });
            if undated {
                for (n, &rank) in group.iter().enumerate() {
                    letters.insert(rank, letter(n));
                }
                continue;
            }
            let keys: Vec<&str> = group
                .iter()
                .map(|&r| self.sorted_keys[r].as_str())
                .collect();
            for &rank in &group {
                let others: Vec<String> = (keys.iter())
                    .filter(|&&k| k != self.sorted_keys[rank])
                    .map(|k| format!("`{k}`"))
                    .collect();
                diagnostics.push(self.warning_at(
                    bib,
                    rank,
                    format!(
                        "reference `{}` is cited as `{form}`, as {} is: readers cannot tell them apart",
                        self.sorted_keys[rank],
                        others.join(", ")
                    ),
                    "check whether they are the same work; otherwise give them distinguishing dates or authors",
                ));
            }
        }
        diagnostics.extend(self.same_works(bib));
        (letters, diagnostics)
    }

    /// Works with the same authors, date and title: one work entered twice, most likely.
    /// A warning at each definition, naming the others.
    fn same_works(&self, bib: &Bibliography) -> Vec<Diagnostic> {
        let mut works: HashMap<String, Vec<usize>> = HashMap::new();
        for (rank, entry) in self.entries.iter().enumerate() {
            let Some(title) = entry.title() else {
                continue;
            };
            let id = format!("{:?}|{:?}|{}", entry.authors(), entry.date(), title.value);
            works.entry(id).or_default().push(rank);
        }
        let mut same: Vec<Vec<usize>> = works.into_values().filter(|g| g.len() > 1).collect();
        same.sort();
        let mut diagnostics = Vec::new();
        for group in same {
            for &rank in &group {
                let others: Vec<String> = (group.iter())
                    .filter(|&&r| r != rank)
                    .map(|&r| format!("`{}`", self.sorted_keys[r]))
                    .collect();
                diagnostics.push(self.warning_at(
                    bib,
                    rank,
                    format!(
                        "reference `{}` has the same authors, date and title as {}",
                        self.sorted_keys[rank],
                        others.join(", ")
                    ),
                    "if they are one work, keep one entry and cite it by one key",
                ));
            }
        }
        diagnostics
    }

    /// A warning at the definition of the work at `rank`.
    fn warning_at(
        &self,
        bib: &Bibliography,
        rank: usize,
        message: String,
        hint: &str,
    ) -> Diagnostic {
        let (path, line) = bib
            .definition(&self.sorted_keys[rank])
            .map_or((PathBuf::new(), 0), |(p, l)| (p.to_path_buf(), l));
        Diagnostic::warning(path, message)
            .at(line, 0, None)
            .with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::letter;

    #[test]
    fn initials_as_apa_writes_them() {
        assert_eq!(super::initials("Susan M."), "S. M.");
        assert_eq!(super::initials("Jean-Paul"), "J.-P.");
        assert_eq!(super::initials("éric"), "É.");
        assert_eq!(super::initials(""), "");
    }

    #[test]
    fn letters_count_as_citeproc_does() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(letter).to_vec();
        assert_eq!(got, ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]);
    }
}
