//! All YAML reading lives here, so the YAML library can be swapped in one place.
//!
//! serde_yaml (the requested crate) gives no spans for values. Its deserializer does attach
//! the current event's line and column to any error a visitor raises: `build` raises its own
//! refusals that way and reads their place from the typed `Error::location()`, and `many`
//! walks the document towards the paths of reported problems to learn where they are. The
//! success path parses once; only reported problems pay for a second pass.

use serde::de::DeserializeSeed;

use crate::input::location::Location;
use crate::input::node::Node;
use crate::input::yaml_path::{Target, YamlPath};

mod build;
mod many;
mod nesting;

#[cfg(test)]
pub(crate) use many::locate;
pub(crate) use many::locate_all;

/// A YAML syntax or structure error, with where the parser stopped.
#[derive(Debug)]
pub(crate) struct SyntaxError {
  pub(crate) message: String,
  pub(crate) location: Option<Location>,
  /// Where in the document, when the problem is a well-formed node Switchyard does not accept.
  pub(crate) path: Option<YamlPath>,
}

/// Parses one YAML document into a `Node` tree, within the limits of `build` and `nesting`.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
  if let Some(location) = nesting::too_deep(text) {
    return Err(SyntaxError {
      message: format!(
        "the document nests deeper than {} levels",
        nesting::MAX_DEPTH
      ),
      location: Some(location),
      path: None,
    });
  }
  let mut budget = build::Budget::for_text(text);
  let deserializer = serde_yaml::Deserializer::from_str(text);
  let seed = build::NodeSeed {
    budget: &mut budget,
    trail: &Trail::Root,
  };
  // What `serde_yaml::from_str` does, with a seed: a second document is refused the same way.
  seed.deserialize(deserializer).map_err(|error| {
    let location = error
      .location()
      .map(|l| Location::new(l.line(), l.column()));
    if let Some(problem) = budget.problem.borrow_mut().take() {
      return SyntaxError {
        message: problem.message,
        location,
        path: problem.path,
      };
    }
    serde_error(text, &error.to_string(), location)
  })
}

/// An error of serde_yaml's or libyaml's own: its message is the only account of what went
/// wrong, so it is read, in the wording of serde_yaml 0.9.34, its last release (see
/// `many` for why that wording cannot change under us).
fn serde_error(text: &str, message: &str, location: Option<Location>) -> SyntaxError {
  let message = strip_location_suffix(message);
  let mut location = location;
  // libyaml's reader reports a forbidden character by its offset, not by line and column.
  if let Some(position) = message
    .split_once("at position ")
    .and_then(|(_, n)| n.parse::<usize>().ok())
  {
    location = Some(position_of(text, position));
  }
  if message == MORE_THAN_ONE_DOCUMENT {
    location = second_document(text).or(location);
  }
  SyntaxError {
    message: explain(message),
    location,
    path: None,
  }
}

const MORE_THAN_ONE_DOCUMENT: &str =
  "deserializing from YAML containing more than one document is not supported";

/// Where the build is in the document, as borrowed links back to the root: the path of a
/// node is only spelled out (allocated) for a node that is refused.
enum Trail<'a> {
  Root,
  Key(&'a Trail<'a>, &'a str),
  Index(&'a Trail<'a>, usize),
}

impl Trail<'_> {
  fn path(&self) -> YamlPath {
    match self {
      Trail::Root => YamlPath::root(),
      Trail::Key(parent, key) => parent.path().key(key),
      Trail::Index(parent, index) => parent.path().index(*index),
    }
  }
}

/// serde_yaml's words for its limits, in a blueprint author's terms.
fn explain(message: String) -> String {
  if message.starts_with("repetition limit exceeded") {
    return "aliases expand to too many nodes (an alias bomb); a blueprint may reuse an anchor, not multiply it".to_owned();
  }
  if message.starts_with("recursion limit exceeded") {
    return "the document nests deeper than 128 levels".to_owned();
  }
  if message.starts_with("control characters are not allowed") {
    return "YAML does not allow control characters; remove the one marked here".to_owned();
  }
  if message == MORE_THAN_ONE_DOCUMENT {
    return "the file holds more than one YAML document; a blueprint is one document, so split them into separate files".to_owned();
  }
  message
}

/// The line and column of the `index`-th character (libyaml's reader counts characters).
fn position_of(text: &str, index: usize) -> Location {
  let before: String = text.chars().take(index).collect();
  let line = before.matches('\n').count() + 1;
  let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
  Location::new(line, column)
}

/// Where a second YAML document starts: a `---` line after some content.
fn second_document(text: &str) -> Option<Location> {
  let mut content = false;
  for (index, line) in text.lines().enumerate() {
    let trimmed = line.trim_end();
    if trimmed == "---" || trimmed.starts_with("--- ") {
      if content {
        return Some(Location::new(index + 1, 1));
      }
    } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
      content = true;
    }
  }
  None
}

/// serde_yaml puts " at line L column C" into its messages; the diagnostic shows that itself.
fn strip_location_suffix(message: &str) -> String {
  let mut out = message.to_owned();
  while let Some(at) = out.find(" at line ") {
    let rest = out.get(at + " at line ".len()..).unwrap_or_default();
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let line = digits(rest);
    let after_line = rest.get(line..).unwrap_or_default();
    let Some(columns) = after_line.strip_prefix(" column ") else {
      break;
    };
    let column = digits(columns);
    if line == 0 || column == 0 {
      break;
    }
    let end = at + " at line ".len() + line + " column ".len() + column;
    out.replace_range(at..end, "");
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;
  const TEXT: &str = "version: 1\nname: x\nworkloads:\n  chat:\n    failover: [a, b,\n      c]\n  other: {failover: [z]}\nshared: &base {x: 1}\nuse: *base\n";

  fn at(path: YamlPath, target: Target) -> Option<(usize, usize)> {
    locate(TEXT, &path, target).map(|l| (l.line, l.column))
  }

  #[test]
  fn locates_values_keys_and_sequence_items() {
    let root = YamlPath::root();
    assert_eq!(at(root.key("name"), Target::Value), Some((2, 7)));
    assert_eq!(at(root.key("name"), Target::Key), Some((2, 1)));
    let chat = root.key("workloads").key("chat");
    assert_eq!(
      at(chat.key("failover").index(2), Target::Value),
      Some((6, 7))
    );
    assert_eq!(at(chat.key("failover"), Target::Key), Some((5, 5)));
    let other = root.key("workloads").key("other");
    assert_eq!(
      at(other.key("failover").index(0), Target::Value),
      Some((7, 22))
    );
  }

  #[test]
  fn a_missing_path_has_no_location() {
    let root = YamlPath::root();
    assert_eq!(at(root.key("nope"), Target::Value), None);
    assert_eq!(
      at(
        root.key("workloads").key("chat").key("failover").index(9),
        Target::Value
      ),
      None
    );
  }

  #[test]
  fn parses_into_nodes_in_document_order() {
    let node = parse("b: 1\na: [x, 2.5, true, null]\n").unwrap();
    assert_eq!(
      node,
      Node::Mapping(vec![
        ("b".into(), Node::Integer(1)),
        (
          "a".into(),
          Node::Sequence(vec![
            Node::String("x".into()),
            Node::Float(2.5),
            Node::Bool(true),
            Node::Null
          ])
        ),
      ])
    );
  }

  #[test]
  fn duplicate_keys_point_at_the_second_occurrence() {
    let error = parse("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\nc: 4\n").unwrap_err();
    assert_eq!(
      error.location,
      Some(Location::new(5, 3)),
      "{}",
      error.message
    );
  }

  /// The build raises a duplicate while the second key is the event being read, so the
  /// position is that key's own, in flow style too (a text search for the key found only
  /// block-style duplicates, and fell back to the mapping's start).
  #[test]
  fn a_duplicate_key_is_located_at_itself_in_block_and_flow_style() {
    let error = parse("a: {x: 1, y: 2, x: 3}\n").unwrap_err();
    assert_eq!(error.message, "a: duplicate entry with key \"x\"");
    assert_eq!(error.location, Some(Location::new(1, 17)));
    assert_eq!(error.path, None);
    let error = parse("a:\n  - {k: 1}\n  - \"k\": 1\n    'k': 2\n").unwrap_err();
    assert_eq!(error.message, "a[1]: duplicate entry with key \"k\"");
    assert_eq!(error.location, Some(Location::new(4, 5)));
    let error = parse("name: a\nname: b\n").unwrap_err();
    assert_eq!(error.message, "duplicate entry with key \"name\"");
    assert_eq!(error.location, Some(Location::new(2, 1)));
  }

  #[test]
  fn huge_numbers_in_sequences_and_keys_are_explained_where_they_are() {
    let error = parse("a: [1, 99999999999999999999]\n").unwrap_err();
    assert_eq!(
      (error.message.as_str(), error.location),
      (
        "a[1]: the number is too large (blueprint numbers fit in 64 bits)",
        Some(Location::new(1, 8))
      )
    );
    let error = parse("x: 1\n-99999999999999999999: y\n").unwrap_err();
    assert_eq!(
      (error.message.as_str(), error.location),
      (
        "the number is too large (blueprint numbers fit in 64 bits)",
        Some(Location::new(2, 1))
      )
    );
  }

  #[test]
  fn a_second_document_is_located_at_its_marker() {
    let error = parse("a: 1\n# two\n---\nb: 2\n").unwrap_err();
    assert_eq!(error.location, Some(Location::new(3, 1)));
    assert!(
      error
        .message
        .starts_with("the file holds more than one YAML document")
    );
  }

  #[test]
  fn huge_numbers_are_explained() {
    let error = parse("a:\n  b: 99999999999999999999\n").unwrap_err();
    assert_eq!(
      error.message,
      "a.b: the number is too large (blueprint numbers fit in 64 bits)"
    );
  }

  #[test]
  fn syntax_errors_carry_a_location() {
    let error = parse("a: [1, 2\nb: 3\n").unwrap_err();
    assert!(error.location.is_some());
    assert!(!error.message.contains(" at line "));
  }
}
