//! The reference-list order: the style's sort, as one hayagriva driver would give it,
//! computed from a close guess in parallel chunks. Also the style reduced to a sort, with
//! which citations order their works. Does not render anything that is shown.

use std::collections::HashMap;

use hayagriva::citationberg::{IndependentStyle, Sort};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry};
use rayon::prelude::*;

use super::Styler;

impl Styler {
    /// The reference-list order of `entries` (indices into it).
    pub(super) fn list_order(&self, entries: &[Entry]) -> Vec<usize> {
        let mut guess: Vec<usize> = (0..entries.len()).collect();
        guess.sort_by_cached_key(|&i| approximate_sort_key(&entries[i]));
        let sort = self
            .style
            .bibliography
            .as_ref()
            .and_then(|b| b.sort.clone());
        match sort.and_then(|sort| self.sort_style(sort)) {
            Some(style) => self.sort_order(&style, entries, guess),
            None => guess,
        }
    }

    /// The style reduced to sorting by `sort`: hayagriva sorts a bibliography's works by
    /// it, and nothing is rendered (no layouts, no disambiguation). None for a style
    /// without a bibliography.
    pub(super) fn sort_style(&self, sort: Sort) -> Option<IndependentStyle> {
        let mut style = self.style.clone();
        let list = style.bibliography.as_mut()?;
        list.sort = Some(sort);
        list.layout.elements.clear();
        style.citation.layout.elements.clear();
        style.citation.disambiguate_add_year_suffix = false;
        Some(style)
    }

    /// What hayagriva's stable sort by `sort_style` (see [`Styler::sort_style`]) gives for
    /// `entries` given in `guess` order (indices into `entries`).
    pub(super) fn sort_order(
        &self,
        sort_style: &IndependentStyle,
        entries: &[Entry],
        guess: Vec<usize>,
    ) -> Vec<usize> {
        // hayagriva sorts with a comparison sort that renders the sort macros of both sides
        // for every comparison. Given in the right order, its
        // stable sort needs n - 1 comparisons instead of n log n, so the works are put in a
        // guessed order first. That check is then split across threads: chunks of the guess
        // are sorted by hayagriva in parallel, and where each chunk meets the next, the two
        // works are compared. If every meeting is in order, the chunks joined are exactly
        // what one stable sort of the guess gives (ties keep the guessed order); if not,
        // the joined chunks are sorted once more as a whole.
        let sort = |part: &[usize]| -> Option<Vec<usize>> {
            if part.len() < 2 {
                return Some(part.to_vec());
            }
            let mut driver = BibliographyDriver::new();
            for &i in part {
                driver.citation(CitationRequest::from_items(
                    vec![CitationItem::with_entry(&entries[i])],
                    sort_style,
                    &self.locales,
                ));
            }
            let rendered = driver.finish(BibliographyRequest::new(sort_style, None, &self.locales));
            let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
            let positions: HashMap<&str, usize> =
                part.iter().map(|&i| (entries[i].key(), i)).collect();
            let order: Vec<usize> = (items.iter())
                .filter_map(|item| positions.get(item.key.as_str()).copied())
                .collect();
            (order.len() == part.len()).then_some(order)
        };
        let chunk = guess
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(16);
        let Some(sorted) = (guess.par_chunks(chunk).map(sort)).collect::<Option<Vec<Vec<usize>>>>()
        else {
            return guess;
        };
        let in_order = (sorted.par_windows(2)).all(|pair| {
            let (a, b) = (pair[0][pair[0].len() - 1], pair[1][0]);
            sort(&[a, b]).is_some_and(|o| o == [a, b])
        });
        let joined: Vec<usize> = sorted.concat();
        if in_order {
            joined
        } else {
            sort(&joined).unwrap_or(guess)
        }
    }
}

/// A guess at the reference-list order of author-date styles: names, year, title. The
/// names are spelled as APA's list shows them ("ahmed, b., & silva, n."): the style's sort
/// compares that text, where "&" comes before any letter, so two authors sort before
/// three with the same first author. The closer the guess, the fewer comparisons
/// hayagriva's sort makes (each renders both works' sort macros).
fn approximate_sort_key(entry: &Entry) -> (String, i32, String) {
    let people = entry.authors().or(entry.editors()).unwrap_or_default();
    let mut names = String::new();
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            names.push_str(if i + 1 == people.len() { ", & " } else { ", " });
        }
        names.push_str(&p.name);
        let initials: Vec<String> = (p.given_name.iter())
            .flat_map(|g| g.split([' ', '-']))
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        if !initials.is_empty() {
            names.push_str(", ");
            names.push_str(&initials.join(" "));
        }
    }
    let year = entry.date_any().map_or(i32::MAX, |d| d.year);
    let title = entry
        .title()
        .map(|t| t.to_string().to_lowercase())
        .unwrap_or_default();
    (names.to_lowercase(), year, title)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::cite::test_support::bib;

    /// The list order is hayagriva's, however far the guess is from it: many works in
    /// several chunks, some the guess puts in the wrong place (no author: APA sorts them
    /// by title among the names; Chicago and MLA spell names differently).
    #[test]
    fn list_order_is_one_hayagriva_sort() {
        let surnames = [
            "Zhou",
            "Abbott",
            "Mills",
            "Abbott-Lee",
            "Ng",
            "mills",
            "Ávila",
        ];
        let mut yaml = String::new();
        for i in 0..150 {
            let _ = write!(
                yaml,
                "w{i:03}:\n  type: Book\n  title: \"{} study {i}\"\n",
                surnames[i % 3]
            );
            if i % 5 != 0 {
                let _ = writeln!(
                    yaml,
                    "  author: [\"{}, {}.\"]",
                    surnames[i % 7],
                    (b'A' + (i % 4) as u8) as char
                );
                if i % 3 == 0 {
                    let _ = writeln!(yaml, "  editor: [\"Other, Q.\"]");
                }
            }
            let _ = writeln!(yaml, "  date: {}", 1990 + (i * 7) % 30);
        }
        let bib = bib(&yaml);
        for style in ["apa", "chicago-author-date", "modern-language-association"] {
            let styler = Styler::new(&bib, style, "en-US").expect("style loads");
            // One driver, the works in the file's order.
            let mut driver = BibliographyDriver::new();
            for entry in bib.entries() {
                driver.citation(CitationRequest::from_items(
                    vec![CitationItem::with_entry(entry)],
                    &styler.style,
                    &styler.locales,
                ));
            }
            let rendered = driver.finish(BibliographyRequest::new(
                &styler.style,
                None,
                &styler.locales,
            ));
            let expected: Vec<String> = (rendered.bibliography.unwrap().items.iter())
                .map(|item| item.key.clone())
                .collect();
            assert_eq!(styler.sorted_keys(), expected, "{style}");
        }
    }
}
