//! All YAML reading lives here, so the YAML library can be swapped in one place.
//!
//! serde_yaml (the requested crate) gives no spans for values. Its deserializer does attach
//! the current event's line and column to any error a visitor raises: `build` raises its own
//! refusals that way and reads their place from the typed `Error::location()`, and `many`
//! walks the document towards the paths of reported problems to learn where they are. The
//! success path parses once; only reported problems pay for a second pass.

use std::fmt::Write as _;

use serde::de::DeserializeSeed;

use crate::location::Location;
use crate::node::Node;
use crate::yaml_path::YamlPath;

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

/// Writes a value as block YAML for generated configuration (the LiteLLM router's).
///
/// Consumers such as LiteLLM read YAML with YAML 1.1 parsers, where `2024-10-21` is a date and
/// `on` or `no` is a boolean. So every string value is double-quoted (JSON escapes are valid
/// YAML escapes), and a key is left bare only when it is a plain lowercase word that no YAML
/// version reads as anything but a string.
pub(crate) fn write<T: serde::Serialize>(value: &T) -> Result<String, crate::error::Error> {
  let value = serde_json::to_value(value)
    .map_err(|error| crate::error::Error::internal(error.to_string()))?;
  let mut out = String::new();
  emit(&value, 0, &mut out);
  Ok(out)
}

const SPACES: &str = "                                ";

fn pad(out: &mut String, count: usize) {
  match SPACES.get(..count) {
    Some(spaces) => out.push_str(spaces),
    None => out.extend(std::iter::repeat_n(' ', count)),
  }
}

/// A string as a JSON string literal, byte for byte what `serde_json` writes (JSON escapes are
/// valid YAML double-quoted escapes).
fn quoted(text: &str, out: &mut String) {
  out.push('"');
  let mut start = 0;
  for (at, c) in text.char_indices() {
    let escape = match c {
      '"' => "\\\"",
      '\\' => "\\\\",
      '\n' => "\\n",
      '\r' => "\\r",
      '\t' => "\\t",
      '\u{8}' => "\\b",
      '\u{c}' => "\\f",
      c if c < ' ' => "",
      _ => continue,
    };
    out.push_str(text.get(start..at).unwrap_or_default());
    if escape.is_empty() {
      let _ = write!(out, "\\u{:04x}", u32::from(c));
    } else {
      out.push_str(escape);
    }
    start = at + c.len_utf8();
  }
  out.push_str(text.get(start..).unwrap_or_default());
  out.push('"');
}

fn key(text: &str, out: &mut String) {
  const AMBIGUOUS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  let plain = !text.is_empty()
    && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    && !AMBIGUOUS.contains(&text);
  if plain {
    out.push_str(text);
  } else {
    quoted(text, out);
  }
}

fn inline(value: &serde_json::Value, out: &mut String) {
  match value {
    serde_json::Value::Object(_) => out.push_str("{}"),
    serde_json::Value::Array(_) => out.push_str("[]"),
    serde_json::Value::String(s) => quoted(s, out),
    serde_json::Value::Null => out.push_str("null"),
    other => {
      let _ = write!(out, "{other}");
    }
  }
}

/// Writes `value` at `indent`. A mapping that is an item of a sequence starts on the dash
/// line: `dash` is where that line's `- ` goes (the first key follows it).
fn emit_at(value: &serde_json::Value, indent: usize, dash: Option<usize>, out: &mut String) {
  match value {
    serde_json::Value::Object(map) if !map.is_empty() => {
      for (index, (k, v)) in map.iter().enumerate() {
        match dash.filter(|_| index == 0) {
          Some(at) => {
            pad(out, at);
            out.push_str("- ");
          }
          None => pad(out, indent),
        }
        key(k, out);
        match v {
          serde_json::Value::Object(m) if !m.is_empty() => {
            out.push_str(":\n");
            emit_at(v, indent + 2, None, out);
          }
          // Sequences in a mapping are not indented, as most YAML writers do.
          serde_json::Value::Array(a) if !a.is_empty() => {
            out.push_str(":\n");
            emit_at(v, indent, None, out);
          }
          other => {
            out.push_str(": ");
            inline(other, out);
            out.push('\n');
          }
        }
      }
    }
    serde_json::Value::Array(items) if !items.is_empty() => {
      for item in items {
        match item {
          serde_json::Value::Object(m) if !m.is_empty() => {
            emit_at(item, indent + 2, Some(indent), out);
          }
          serde_json::Value::Array(a) if !a.is_empty() => {
            pad(out, indent);
            out.push_str("-\n");
            emit_at(item, indent + 2, None, out);
          }
          other => {
            pad(out, indent);
            out.push_str("- ");
            inline(other, out);
            out.push('\n');
          }
        }
      }
    }
    other => {
      pad(out, indent);
      inline(other, out);
      out.push('\n');
    }
  }
}

fn emit(value: &serde_json::Value, indent: usize, out: &mut String) {
  emit_at(value, indent, None, out);
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
  use proptest::prelude::*;

  /// The writer as it was before it wrote in place (a `String` per node): `write` must give
  /// the same bytes for any value.
  fn reference(value: &serde_json::Value, indent: usize, out: &mut String) {
    fn scalar(value: &serde_json::Value) -> String {
      match value {
        serde_json::Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        serde_json::Value::Null => "null".to_owned(),
        other => other.to_string(),
      }
    }
    fn key(text: &str) -> String {
      const AMBIGUOUS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
      let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && !AMBIGUOUS.contains(&text);
      if plain {
        text.to_owned()
      } else {
        scalar(&serde_json::Value::String(text.to_owned()))
      }
    }
    fn inline(value: &serde_json::Value) -> String {
      match value {
        serde_json::Value::Object(_) => "{}".to_owned(),
        serde_json::Value::Array(_) => "[]".to_owned(),
        other => scalar(other),
      }
    }
    let pad = " ".repeat(indent);
    match value {
      serde_json::Value::Object(map) if !map.is_empty() => {
        for (k, v) in map {
          match v {
            serde_json::Value::Object(m) if !m.is_empty() => {
              out.push_str(&format!("{pad}{}:\n", key(k)));
              reference(v, indent + 2, out);
            }
            serde_json::Value::Array(a) if !a.is_empty() => {
              out.push_str(&format!("{pad}{}:\n", key(k)));
              reference(v, indent, out);
            }
            other => out.push_str(&format!("{pad}{}: {}\n", key(k), inline(other))),
          }
        }
      }
      serde_json::Value::Array(items) if !items.is_empty() => {
        for item in items {
          let mut nested = String::new();
          reference(item, indent + 2, &mut nested);
          match item {
            serde_json::Value::Object(m) if !m.is_empty() => {
              let body = nested.get(indent + 2..).unwrap_or_default();
              out.push_str(&format!("{pad}- {body}"));
            }
            serde_json::Value::Array(a) if !a.is_empty() => {
              out.push_str(&format!("{pad}-\n{nested}"));
            }
            other => out.push_str(&format!("{pad}- {}\n", inline(other))),
          }
        }
      }
      other => out.push_str(&format!("{pad}{}\n", inline(other))),
    }
  }

  fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
      Just(serde_json::Value::Null),
      any::<bool>().prop_map(serde_json::Value::from),
      any::<i64>().prop_map(serde_json::Value::from),
      any::<String>().prop_map(serde_json::Value::from),
      "[a-z_]{0,4}|y|on|2024-10-21".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
      prop_oneof![
        prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
        prop::collection::btree_map("[a-z_]{0,3}|\\PC{0,4}", inner, 0..5)
          .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
      ]
    })
  }

  proptest! {
    #[test]
    fn writes_the_same_bytes_as_the_reference(value in json_value()) {
      let mut expected = String::new();
      reference(&value, 0, &mut expected);
      prop_assert_eq!(write(&value).ok(), Some(expected));
    }
  }

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

#[cfg(test)]
mod write_tests {
  use super::*;

  #[test]
  fn writes_strings_quoted_and_ambiguous_keys_quoted() {
    let value = serde_json::json!({
      "list": [{"a": "2024-10-21", "on": true, "n": 3}, "x"],
      "empty": [],
      "model_name": "chat/claude-us",
    });
    let text = write(&value).unwrap();
    assert_eq!(
      text,
      "empty: []\nlist:\n- a: \"2024-10-21\"\n  \"n\": 3\n  \"on\": true\n- \"x\"\nmodel_name: \"chat/claude-us\"\n"
    );
    // And it reads back as the same value.
    let back: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(back, value);
  }
}
