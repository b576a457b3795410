//! All YAML reading lives here, so the YAML library can be swapped in one place.
//!
//! serde_yaml (the requested crate) gives no spans for values. Its deserializer does attach
//! the current event's line and column to any error a visitor raises, so `locate` walks the
//! document to one path and raises an error there to learn where that node is. The success
//! path parses once; only reported problems pay for a (short, early-aborting) second scan.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::location::Location;
use crate::node::Node;
use crate::yaml_path::{Segment, Target, YamlPath};

mod build;
mod many;
mod nesting;

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
    let problem = budget.problem.borrow_mut().take();
    let location = error
      .location()
      .map(|l| Location::new(l.line(), l.column()));
    if let Some((message, path)) = problem {
      return SyntaxError {
        message,
        location,
        path: Some(path),
      };
    }
    let message = strip_location_suffix(&error.to_string());
    let mut location = location;
    if let Some(key) = duplicate_key(&message) {
      location = find_duplicate(text, key, location).or(location);
    }
    if let Some(position) = message
      .split_once("at position ")
      .and_then(|(_, n)| n.parse::<usize>().ok())
    {
      location = Some(position_of(text, position));
    }
    if message.contains("more than one document") {
      location = second_document(text).or(location);
    }
    SyntaxError {
      message: explain(message),
      location,
      path: None,
    }
  })
}

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

/// serde_yaml's words for numbers beyond 64 bits are about Rust types; say it in YAML terms.
fn explain(message: String) -> String {
  if message.contains("as u128") || message.contains("as i128") {
    let path = message
      .split_once(": invalid type")
      .map(|(p, _)| p)
      .unwrap_or_default();
    return format!("{path}: the number is too large (blueprint numbers fit in 64 bits)");
  }
  if message.contains("repetition limit exceeded") {
    return "aliases expand to too many nodes (an alias bomb); a blueprint may reuse an anchor, not multiply it".to_owned();
  }
  if message.contains("recursion limit exceeded") {
    return "the document nests deeper than 128 levels".to_owned();
  }
  if message.contains("control characters are not allowed") {
    return "YAML does not allow control characters; remove the one marked here".to_owned();
  }
  if message.contains("more than one document") {
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

fn duplicate_key(message: &str) -> Option<&str> {
  let rest = message.split_once("duplicate entry with key \"")?.1;
  rest.split_once('"').map(|(key, _)| key)
}

/// serde_yaml reports a duplicate key at the start of its mapping; the second occurrence of the
/// key at the indentation of that mapping's keys is what the user needs to see.
fn find_duplicate(text: &str, key: &str, mapping: Option<Location>) -> Option<Location> {
  let start = mapping?;
  let indent = start.column.saturating_sub(1);
  let mut seen = 0;
  for (index, line) in text.lines().enumerate().skip(start.line.saturating_sub(1)) {
    let leading = line.len() - line.trim_start().len();
    if index + 1 > start.line && leading < indent && !line.trim().is_empty() {
      break;
    }
    let body = line.get(indent..).unwrap_or_default();
    let bare = body
      .strip_prefix(key)
      .is_some_and(|r| r.trim_start().starts_with(':'));
    let quoted = body
      .strip_prefix(&format!("\"{key}\""))
      .is_some_and(|r| r.trim_start().starts_with(':'));
    if leading == indent && (bare || quoted) {
      seen += 1;
      if seen == 2 {
        return Some(Location::new(index + 1, indent + 1));
      }
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

/// Finds the line and column of the node at `path` (or of its key), if the document has it.
pub(crate) fn locate(text: &str, path: &YamlPath, target: Target) -> Option<Location> {
  let seed = Locate {
    path: path.segments(),
    target,
  };
  match seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
    Err(error) if error.to_string().contains(MARKER) => error
      .location()
      .map(|l| Location::new(l.line(), l.column())),
    _ => None,
  }
}

/// The message of the error `locate` raises on purpose; anything else is a real failure.
const MARKER: &str = "\u{1}switchyard-locate\u{1}";

struct Locate<'a> {
  path: &'a [Segment],
  target: Target,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    match self.path.split_first() {
      None => deserializer.deserialize_any(Here),
      Some((Segment::Key(key), rest)) => deserializer.deserialize_map(InMapping {
        key,
        rest,
        target: self.target,
      }),
      Some((Segment::Index(index), rest)) => deserializer.deserialize_seq(InSequence {
        index: *index,
        rest,
        target: self.target,
      }),
    }
  }
}

/// Raises the marker error on whatever node it is asked to visit.
struct Here;

impl<'de> Visitor<'de> for Here {
  type Value = ();

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("any node")
  }

  fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_unit<E: de::Error>(self) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_none<E: de::Error>(self) -> Result<(), E> {
    Err(E::custom(MARKER))
  }

  fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
    Err(de::Error::custom(MARKER))
  }

  fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
    Err(de::Error::custom(MARKER))
  }

  fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
    Err(de::Error::custom(MARKER))
  }

  fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
    Err(de::Error::custom(MARKER))
  }
}

struct InMapping<'a> {
  key: &'a str,
  rest: &'a [Segment],
  target: Target,
}

impl<'de> Visitor<'de> for InMapping<'_> {
  type Value = ();

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a mapping")
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
    let stop_at_key = self.rest.is_empty() && self.target == Target::Key;
    while let Some(found) = map.next_key_seed(KeyProbe {
      wanted: self.key,
      stop_at_key,
    })? {
      if found {
        return map.next_value_seed(Locate {
          path: self.rest,
          target: self.target,
        });
      }
      map.next_value::<IgnoredAny>()?;
    }
    Ok(())
  }
}

struct InSequence<'a> {
  index: usize,
  rest: &'a [Segment],
  target: Target,
}

impl<'de> Visitor<'de> for InSequence<'_> {
  type Value = ();

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a sequence")
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
    for _ in 0..self.index {
      if seq.next_element::<IgnoredAny>()?.is_none() {
        return Ok(());
      }
    }
    seq.next_element_seed(Locate {
      path: self.rest,
      target: self.target,
    })?;
    Ok(())
  }
}

/// Compares a mapping key with the wanted one; raises the marker on it when asked to.
struct KeyProbe<'a> {
  wanted: &'a str,
  stop_at_key: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
  type Value = bool;

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl KeyProbe<'_> {
  fn compare<E: de::Error>(&self, key: &str) -> Result<bool, E> {
    let found = key == self.wanted;
    if found && self.stop_at_key {
      return Err(E::custom(MARKER));
    }
    Ok(found)
  }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
  type Value = bool;

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a mapping key")
  }

  fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
    self.compare(key)
  }

  fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
    self.compare(&key.to_string())
  }

  fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
    self.compare(&key.to_string())
  }

  fn visit_f64<E: de::Error>(self, key: f64) -> Result<bool, E> {
    self.compare(&serde_yaml::Number::from(key).to_string())
  }

  fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
    self.compare(&key.to_string())
  }

  fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
    Ok(false)
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(false)
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(false)
  }
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
