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

/// Levenshtein distance over characters (strsim's), case-insensitive: a case slip is one edit
/// at most.
fn distance(a: &str, b: &str) -> usize {
  strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase())
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
    assert_eq!(distance("Kitten", "kITTEN"), 0);
    // Characters, not bytes: one accented letter is one edit.
    assert_eq!(distance("région", "region"), 1);
    // The nearest of two equally close candidates is the first in order.
    assert_eq!(nearest("cat", ["cot", "bat"]), Some("bat"));
  }
}
