//! GCP label sanitising: keys and values of at most 63 lowercase letters, digits, `_` and `-`;
//! keys start with a letter. Azure and AWS take tags as written.

fn sanitise(text: &str) -> String {
  text
    .chars()
    .flat_map(char::to_lowercase)
    .map(|c| {
      if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
        c
      } else {
        '_'
      }
    })
    .take(63)
    .collect()
}

pub(crate) fn key(text: &str) -> String {
  let mut key = sanitise(text);
  if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
    key.insert_str(0, "k_");
    key.truncate(63);
  }
  key
}

pub(crate) fn value(text: &str) -> String {
  sanitise(text)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn sanitises_to_gcp_rules() {
    assert_eq!(key("Cost Center"), "cost_center");
    assert_eq!(key("1st"), "k_1st");
    assert_eq!(value("ML-Platform/EU"), "ml-platform_eu");
    assert_eq!(value(&"x".repeat(100)).len(), 63);
    assert_eq!(key("Ünïcode"), "k__n_code");
  }
}
