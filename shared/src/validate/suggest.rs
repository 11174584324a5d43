//! Finding the value a misspelled name most likely meant, for "did you mean" hints.

/// Returns the candidate that `text` most likely means: an exact match ignoring case first, then
/// the closest by edit distance, if it is close enough to be a plausible typo.
pub(super) fn closest<'a>(
    text: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let target = text.trim().to_lowercase();
    if let Some(exact) = candidates
        .clone()
        .into_iter()
        .find(|candidate| candidate.to_lowercase() == target)
    {
        return Some(exact);
    }

    let allowed = max_typos(&target);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&target, &candidate.to_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Allows one typo in short words and about one per four characters in longer ones.
fn max_typos(text: &str) -> usize {
    match text.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        length => (length / 4).clamp(2, 4),
    }
}

/// Returns the Levenshtein distance between two strings, counted in characters.
pub(super) fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    let mut current = vec![0; right.len() + 1];
    for (row, left_char) in left.chars().enumerate() {
        current[0] = row + 1;
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_char != *right_char);
            current[column + 1] = substitution
                .min(previous[column + 1] + 1)
                .min(current[column] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("input", "inputs"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn closest_prefers_a_case_match() {
        assert_eq!(closest("DARK", ["light", "dark"]), Some("dark"));
    }

    #[test]
    fn closest_finds_a_typo() {
        assert_eq!(
            closest("inputs", ["name", "input", "override"]),
            Some("input")
        );
        assert_eq!(
            closest("Bolinger Bands", ["Bollinger Bands", "Bollinger Bands %B"]),
            Some("Bollinger Bands")
        );
    }

    #[test]
    fn closest_ignores_distant_words() {
        assert_eq!(closest("colour", ["name", "input", "override"]), None);
        assert_eq!(closest("ab", ["abc"]), None);
    }
}
