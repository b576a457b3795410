//! "Did you mean …?" for keys, names and values, by edit distance.

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo.
pub(crate) fn nearest<'a>(
  wrong: &str,
  candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
  let limit = (wrong.chars().count() / 3).max(2);
  candidates
    .into_iter()
    .map(|candidate| (distance(wrong, candidate), candidate))
    .filter(|(d, _)| *d <= limit)
    .min()
    .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters, case-insensitive (a case slip is one edit at most).
fn distance(a: &str, b: &str) -> usize {
  let a: Vec<char> = a.to_lowercase().chars().collect();
  let b: Vec<char> = b.to_lowercase().chars().collect();
  let mut previous: Vec<usize> = (0..=b.len()).collect();
  let mut current = vec![0; b.len() + 1];
  for (i, ca) in a.iter().enumerate() {
    if let Some(first) = current.first_mut() {
      *first = i + 1;
    }
    for (j, cb) in b.iter().enumerate() {
      let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
      let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
      let insertion = current.get(j).copied().unwrap_or(0) + 1;
      if let Some(cell) = current.get_mut(j + 1) {
        *cell = substitution.min(deletion).min(insertion);
      }
    }
    std::mem::swap(&mut previous, &mut current);
  }
  previous.last().copied().unwrap_or(0)
}

/// `a`, `b` and `c` for help texts.
pub(crate) fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
  items
    .into_iter()
    .map(|i| format!("`{i}`"))
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn finds_typos_not_strangers() {
    let keys = ["version", "name", "environment", "tags", "clouds"];
    assert_eq!(nearest("enviroment", keys), Some("environment"));
    assert_eq!(nearest("Tags", keys), Some("tags"));
    assert_eq!(nearest("zzzzzz", keys), None);
    assert_eq!(distance("kitten", "sitting"), 3);
  }
}
