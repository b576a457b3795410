//! The overlay as a sorted tree: merged with what an import found, and written back as YAML that
//! is byte-identical for the same input (mappings sorted by key, lists sorted).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::input::node::Node;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tree {
  Map(BTreeMap<String, Tree>),
  List(Vec<Tree>),
  Str(String),
  Int(i128),
  Bool(bool),
  Float(f64),
  Null,
}

impl From<&Node> for Tree {
  fn from(node: &Node) -> Self {
    match node {
      Node::Null => Tree::Null,
      Node::Bool(b) => Tree::Bool(*b),
      Node::Integer(i) => Tree::Int(*i),
      Node::Float(f) => Tree::Float(*f),
      Node::String(s) => Tree::Str(s.clone()),
      Node::Sequence(items) => Tree::List(items.iter().map(Tree::from).collect()),
      Node::Mapping(entries) => Tree::Map(
        entries
          .iter()
          .map(|(k, v)| (k.clone(), Tree::from(v)))
          .collect(),
      ),
    }
  }
}

/// A value the existing overlay keeps although the import found another one.
#[derive(Debug, PartialEq)]
pub(crate) struct Kept {
  pub(crate) path: String,
  pub(crate) kept: String,
  pub(crate) found: String,
}

impl Tree {
  pub(crate) fn map() -> Self {
    Tree::Map(BTreeMap::new())
  }

  /// The mapping at `key`, created when absent (a non-mapping there is replaced: only the
  /// import's own trees are built with this).
  pub(crate) fn at(&mut self, key: &str) -> &mut Tree {
    if !matches!(self, Tree::Map(_)) {
      *self = Tree::map();
    }
    match self {
      Tree::Map(entries) => entries.entry(key.to_owned()).or_insert_with(Tree::map),
      other => other,
    }
  }

  pub(crate) fn set(&mut self, key: &str, value: Tree) {
    *self.at(key) = value;
  }

  pub(crate) fn strings(items: impl IntoIterator<Item = String>) -> Tree {
    let mut items: Vec<String> = items.into_iter().collect();
    items.sort();
    items.dedup();
    Tree::List(items.into_iter().map(Tree::Str).collect())
  }

  /// Merges `found` into `self` (the existing overlay): what only `found` has is added, lists
  /// are joined, and where both have a different value the existing one is kept (a hand edit
  /// wins) and reported.
  pub(crate) fn merge(&mut self, found: Tree, path: &str, kept: &mut Vec<Kept>) {
    match (self, found) {
      (Tree::Map(mine), Tree::Map(theirs)) => {
        for (key, value) in theirs {
          let path = if path.is_empty() {
            key.clone()
          } else {
            format!("{path}.{key}")
          };
          match mine.get_mut(&key) {
            Some(existing) => existing.merge(value, &path, kept),
            None => {
              mine.insert(key, value);
            }
          }
        }
      }
      (Tree::List(mine), Tree::List(theirs)) => {
        for item in theirs {
          if !mine.contains(&item) {
            mine.push(item);
          }
        }
        if mine.iter().all(|i| matches!(i, Tree::Str(_))) {
          mine.sort_by_key(|item| match item {
            Tree::Str(s) => s.clone(),
            other => other.flow(),
          });
        }
      }
      (mine, theirs) => {
        if *mine != theirs {
          kept.push(Kept {
            path: path.to_owned(),
            kept: mine.flow(),
            found: theirs.flow(),
          });
        }
      }
    }
  }

  fn scalar(&self) -> String {
    match self {
      Tree::Str(s) => quote(s),
      Tree::Int(i) => i.to_string(),
      Tree::Bool(b) => b.to_string(),
      Tree::Float(f) => f.to_string(),
      Tree::Null => "null".to_owned(),
      Tree::Map(_) | Tree::List(_) => self.flow(),
    }
  }

  /// The value on one line, YAML flow style.
  fn flow(&self) -> String {
    match self {
      Tree::Map(entries) => {
        let inner: Vec<String> = entries
          .iter()
          .map(|(k, v)| format!("{}: {}", quote(k), v.flow()))
          .collect();
        format!("{{{}}}", inner.join(", "))
      }
      Tree::List(items) => {
        let inner: Vec<String> = items.iter().map(Tree::flow).collect();
        format!("[{}]", inner.join(", "))
      }
      other => other.scalar(),
    }
  }

  /// Block style for mappings that hold mappings; flow style for the rest, so that one model
  /// (or one Azure version) is one line a reviewer reads at once.
  pub(crate) fn write(&self, indent: usize, out: &mut String) {
    let Tree::Map(entries) = self else {
      out.push_str(&self.flow());
      out.push('\n');
      return;
    };
    for (key, value) in entries {
      let nested =
        matches!(value, Tree::Map(inner) if inner.values().any(|v| matches!(v, Tree::Map(_))));
      let _ = write!(out, "{:indent$}{}:", "", quote(key));
      if nested {
        out.push('\n');
        value.write(indent + 2, out);
      } else {
        let _ = writeln!(out, " {}", value.flow());
      }
    }
  }
}

/// A string as YAML: plain when it cannot be read as anything else, else double-quoted.
fn quote(text: &str) -> String {
  let plain_chars = text
    .chars()
    .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
  let starts_plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
  let keyword = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
    .contains(&text.to_ascii_lowercase().as_str());
  // A date reads back as the same string (the catalog reads dates as strings).
  let date = crate::analysis::catalog::Date::parse(text).is_some();
  if (plain_chars && starts_plain && !keyword) || date {
    text.to_owned()
  } else {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn hand_edits_win_lists_join_and_the_output_is_sorted() {
    let mut mine = Tree::map();
    mine
      .at("aws")
      .at("b.model-v1:0")
      .set("retires", Tree::Str("2027-01-01".into()));
    mine
      .at("aws")
      .at("b.model-v1:0")
      .set("regions", Tree::strings(["us-west-2".to_owned()]));
    let mut found = Tree::map();
    found
      .at("aws")
      .at("b.model-v1:0")
      .set("retires", Tree::Str("2027-02-01".into()));
    found
      .at("aws")
      .at("b.model-v1:0")
      .set("regions", Tree::strings(["us-east-1".to_owned()]));
    found
      .at("aws")
      .at("a.model-v1:0")
      .set("kind", Tree::Str("chat".into()));
    let mut kept = Vec::new();
    mine.merge(found, "", &mut kept);
    let mut out = String::new();
    mine.write(0, &mut out);
    assert_eq!(
      out,
      "aws:\n  \"a.model-v1:0\": {kind: chat}\n  \"b.model-v1:0\": {regions: [us-east-1, us-west-2], retires: 2027-01-01}\n"
    );
    assert_eq!(
      kept,
      [Kept {
        path: "aws.b.model-v1:0.retires".into(),
        kept: "2027-01-01".into(),
        found: "2027-02-01".into()
      }]
    );
  }

  #[test]
  fn strings_that_read_as_other_things_are_quoted() {
    assert_eq!(quote("gpt-5.1"), "gpt-5.1");
    assert_eq!(quote("2025-11-13"), "2025-11-13");
    assert_eq!(quote("1"), "\"1\"");
    assert_eq!(quote("no"), "\"no\"");
    assert_eq!(
      quote("openai.gpt-oss-120b-1:0"),
      "\"openai.gpt-oss-120b-1:0\""
    );
    assert_eq!(quote("a \"b\""), "\"a \\\"b\\\"\"");
  }
}
