//! "Did you mean": the one function every hint for a misspelt name goes through (citation
//! keys, bibliography fields, style names, front matter and settings keys, worksheet
//! blocks, link targets and anchors), so the same typo always gets the same hint.

/// The candidate closest to `word`, if it is close enough to be a plausible slip.
///
/// First by the Damerau-Levenshtein distance, ignoring case (a swapped pair of letters
/// counts as one edit): close enough is at most a third of the shorter name's length, and
/// at least one edit, so `jonson2008` finds `johnson2008` and `titel` finds `title`, while
/// a bare `@john` in running text is not taken for `johnson2008`. Failing that, a
/// candidate that has all of `word`'s words (split at `-`, `_`, `/` and `.`) in the same
/// order, as `#if-in-danger` has in `#if-you-are-in-danger`: a left-out word is many edits
/// but one slip. Ties go to the candidate that sorts first, so the answer does not depend
/// on the order candidates come in.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let word_len = word.chars().count();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let by_edits = candidates
        .iter()
        .map(|&c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|&(d, c)| d <= (word_len.min(c.chars().count()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c);
    by_edits.or_else(|| {
        let words = words_of(&word_lower);
        (words.len() > 1)
            .then(|| {
                candidates
                    .iter()
                    .copied()
                    .filter(|c| has_in_order(&words_of(&c.to_lowercase()), &words))
                    .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)))
            })
            .flatten()
    })
}

fn words_of(s: &str) -> Vec<&str> {
    s.split(['-', '_', '/', '.'])
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `needles` appear in `haystack` in order, not necessarily next to each other.
fn has_in_order(haystack: &[&str], needles: &[&str]) -> bool {
    let mut rest = haystack.iter();
    needles.iter().all(|n| rest.any(|h| h == n))
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos_find_their_name() {
        let keys = ["johnson2008", "johnson2013", "field2017"];
        assert_eq!(closest("jonson2008", keys), Some("johnson2008"));
        assert_eq!(closest("FIEL2017", keys), Some("field2017"));
        assert_eq!(closest("titel", ["title", "step"]), Some("title"));
        assert_eq!(closest("promt", ["prompt", "scale"]), Some("prompt"));
    }

    #[test]
    fn a_left_out_word_is_found() {
        let anchors = ["getting-started", "if-you-are-in-danger", "in-danger-zone"];
        assert_eq!(
            closest("if-in-danger", anchors),
            Some("if-you-are-in-danger")
        );
        assert_eq!(closest("danger-in", anchors), None);
    }

    #[test]
    fn far_names_find_nothing() {
        assert_eq!(closest("john", ["johnson2008"]), None);
        assert_eq!(
            closest("rust", ["prompt", "scale", "fields", "table"]),
            None
        );
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn ties_go_to_the_first_in_sort_order_whatever_the_input_order() {
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(closest("ab", ["aa", "ac"]), Some("aa"));
    }
}
