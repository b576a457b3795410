//! Where in a blueprint a value lives, as a user would write it: `workloads.chat.failover[1]`.
//!
//! Diagnostics carry a path rather than a position because positions come from the YAML
//! layer only on demand (see `yaml::locate`); the path is also what a user searches for.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct YamlPath(Vec<Segment>);

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Segment {
  Key(String),
  Index(usize),
}

impl YamlPath {
  pub(crate) fn root() -> Self {
    Self(Vec::new())
  }

  pub(crate) fn key(&self, key: &str) -> Self {
    let mut segments = self.0.clone();
    segments.push(Segment::Key(key.to_owned()));
    Self(segments)
  }

  pub(crate) fn index(&self, index: usize) -> Self {
    let mut segments = self.0.clone();
    segments.push(Segment::Index(index));
    Self(segments)
  }

  pub(crate) fn segments(&self) -> &[Segment] {
    &self.0
  }

  pub(crate) fn is_root(&self) -> bool {
    self.0.is_empty()
  }
}

/// Keys that are plain words print bare; anything else is quoted so the path stays unambiguous
/// (`tags."cost.center"`).
fn is_plain_key(key: &str) -> bool {
  !key.is_empty()
    && key
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl fmt::Display for YamlPath {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if self.0.is_empty() {
      return f.write_str("(document)");
    }
    for (i, segment) in self.0.iter().enumerate() {
      match segment {
        Segment::Key(key) => {
          if i > 0 {
            f.write_str(".")?;
          }
          if is_plain_key(key) {
            f.write_str(key)?;
          } else {
            write!(f, "{key:?}")?;
          }
        }
        Segment::Index(index) => write!(f, "[{index}]")?,
      }
    }
    Ok(())
  }
}

/// What part of a mapping entry a diagnostic points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Target {
  /// The value at the path (the default).
  Value,
  /// The key of the last path segment (unknown keys, duplicate names).
  Key,
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn displays_like_a_user_writes_it() {
    let path = YamlPath::root()
      .key("workloads")
      .key("chat")
      .key("failover")
      .index(1);
    assert_eq!(path.to_string(), "workloads.chat.failover[1]");
    assert_eq!(
      YamlPath::root().key("tags").key("cost.center").to_string(),
      "tags.\"cost.center\""
    );
    assert_eq!(YamlPath::root().to_string(), "(document)");
  }
}
