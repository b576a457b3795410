//! Blueprint, environment, endpoint and workload names: the names a blueprint's author
//! chooses, checked. The names Switchyard derives from them for cloud resources are `naming`'s.
//!
//! The pattern is narrow on purpose: every cloud resource name and every Terraform label is
//! derived from these, and `^[a-z][a-z0-9-]{0,22}[a-z0-9]$` is valid (or trivially mapped)
//! in all of them, and cannot name a path outside the output directory.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Name(String);

pub(crate) const NAME_PATTERN: &str = "^[a-z][a-z0-9-]{0,22}[a-z0-9]$";

impl Name {
  /// Checks `text` against the pattern; the error says what is wrong with it in words.
  pub(crate) fn parse(text: &str) -> Result<Self, String> {
    let length = text.chars().count();
    if !(2..=24).contains(&length) {
      return Err(format!("must be 2 to 24 characters long, not {length}"));
    }
    if let Some(bad) = text
      .chars()
      .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
      return Err(format!(
        "may hold only lowercase letters a-z, digits and `-`, not {bad:?}"
      ));
    }
    if !text.starts_with(|c: char| c.is_ascii_lowercase()) {
      return Err("must start with a lowercase letter".to_owned());
    }
    if text.ends_with('-') {
      return Err("must not end with `-`".to_owned());
    }
    Ok(Self(text.to_owned()))
  }

  pub(crate) fn as_str(&self) -> &str {
    &self.0
  }

  /// The Terraform identifier for this name: `-` becomes `_`.
  pub(crate) fn label(&self) -> String {
    self.0.replace('-', "_")
  }
}

impl fmt::Display for Name {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&self.0)
  }
}

/// Suggests a valid name for an invalid one, when a simple repair exists.
pub(crate) fn suggest(text: &str) -> Option<String> {
  let mut out = String::new();
  for c in text.trim().chars() {
    let c = unconfuse(c).to_ascii_lowercase();
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
      out.push(c);
    } else if !out.ends_with('-') && !out.is_empty() {
      out.push('-');
    }
  }
  let out: String = out.trim_end_matches('-').chars().take(24).collect();
  let out = out.trim_end_matches('-').to_owned();
  (Name::parse(&out).is_ok() && out != text).then_some(out)
}

/// Latin letters that Cyrillic and Greek look-alikes stand for, so `prоd` (Cyrillic о)
/// suggests `prod`.
fn unconfuse(c: char) -> char {
  const PAIRS: &[(char, char)] = &[
    ('а', 'a'),
    ('в', 'b'),
    ('е', 'e'),
    ('к', 'k'),
    ('м', 'm'),
    ('н', 'h'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('т', 't'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('ԁ', 'd'),
    ('α', 'a'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('ν', 'v'),
    ('τ', 't'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('ε', 'e'),
  ];
  PAIRS
    .iter()
    .find(|(from, _)| *from == c)
    .map_or(c, |(_, to)| *to)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn accepts_the_pattern() {
    for ok in [
      "ab",
      "support-chat",
      "a1",
      "x-y-z-0",
      "abcdefghijklmnopqrstuvwx",
    ] {
      assert!(Name::parse(ok).is_ok(), "{ok}");
    }
  }

  #[test]
  fn rejects_everything_else_with_a_reason() {
    for (bad, why) in [
      ("a", "2 to 24"),
      ("abcdefghijklmnopqrstuvwxy", "2 to 24"),
      ("Support", "not 'S'"),
      ("1abc", "start with a lowercase"),
      ("abc-", "end with"),
      ("../x", "not '.'"),
      ("a/b", "not '/'"),
      ("a\\b", "not '\\\\'"),
      ("аbc", "not 'а'"),
      ("a_b", "not '_'"),
    ] {
      let error = Name::parse(bad).unwrap_err();
      assert!(error.contains(why), "{bad}: {error}");
    }
  }

  #[test]
  fn suggests_repairs() {
    assert_eq!(suggest("Support_Chat").as_deref(), Some("support-chat"));
    assert_eq!(suggest("../x").as_deref(), None);
    assert_eq!(suggest("gpt east").as_deref(), Some("gpt-east"));
    assert_eq!(suggest("prоd").as_deref(), Some("prod"));
  }

  #[test]
  fn labels_are_terraform_identifiers() {
    assert_eq!(Name::parse("gpt-east-2").unwrap().label(), "gpt_east_2");
  }
}
