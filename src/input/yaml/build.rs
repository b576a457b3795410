//! serde_yaml's events straight into a `Node` tree, within a budget.
//!
//! serde_yaml bounds how often aliases are followed, not how much they expand to: a 1 MB
//! file whose 1 MiB string is aliased a thousand times became a gigabyte, and 12 MiB × 1,000
//! aborted the process (issue 14). Building the tree here, instead of a `serde_yaml::Value`
//! that is converted afterwards, lets every scalar byte and every node be counted as it is
//! made, aliases replayed included, and the build stop the moment the budget is spent. A
//! document without aliases never comes near it: its scalars are a part of its text and its
//! nodes at least two bytes each.
//!
//! The same visitor refuses what a blueprint cannot hold, where it is: YAML tags
//! (`!vault x`) and keys that are not strings (`1: z`, `true: x`, `[a]: b`).

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use super::Trail;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// The budget of one document: bytes of scalar text and count of nodes, aliases expanded.
pub(crate) struct Budget {
  bytes: usize,
  nodes: usize,
  /// Why the build stopped: read by `parse` after serde_yaml returns the error, whose typed
  /// `location()` is where. The build's own words, so no message of serde_yaml's is parsed.
  pub(crate) problem: RefCell<Option<Problem>>,
}

/// A problem the build raised.
pub(crate) struct Problem {
  pub(crate) message: String,
  /// The node's path for a well-formed node a blueprint cannot hold; `None` for text that is
  /// not a YAML document Switchyard reads (a duplicate key, a number beyond 64 bits), which
  /// is reported as invalid YAML.
  pub(crate) path: Option<YamlPath>,
}

/// Aliases may expand a document's scalar text to this many times its size (plus `SLACK`).
pub(crate) const EXPANSION: usize = 4;
/// Added to the budgets, so small documents can reuse anchors freely.
pub(crate) const SLACK_BYTES: usize = 1024 * 1024;
pub(crate) const SLACK_NODES: usize = 256 * 1024;

impl Budget {
  pub(crate) fn for_text(text: &str) -> Self {
    Self {
      bytes: text
        .len()
        .saturating_mul(EXPANSION)
        .saturating_add(SLACK_BYTES),
      // A node takes at least two bytes of text (`a,`), so half the text's length is every
      // node an alias-free document can have.
      nodes: (text.len() / 2).saturating_add(SLACK_NODES),
      problem: RefCell::new(None),
    }
  }

  fn fail<E: de::Error>(&self, message: String, trail: &Trail<'_>) -> E {
    self.raise(message, Some(trail.path()))
  }

  /// Invalid YAML at `trail`, in the words serde_yaml used for it (`path: message`).
  fn invalid<E: de::Error>(&self, message: &str, trail: &Trail<'_>) -> E {
    let message = match trail {
      Trail::Root => message.to_owned(),
      _ => format!("{}: {message}", trail.path()),
    };
    self.raise(message, None)
  }

  fn raise<E: de::Error>(&self, message: String, path: Option<YamlPath>) -> E {
    let error = E::custom(&message);
    *self.problem.borrow_mut() = Some(Problem { message, path });
    error
  }

  /// serde_yaml reads an integer beyond 64 bits as a 128-bit one, which a `Node` cannot hold.
  fn too_wide<T, E: de::Error>(&self, trail: &Trail<'_>) -> Result<T, E> {
    Err(self.invalid(
      "the number is too large (blueprint numbers fit in 64 bits)",
      trail,
    ))
  }

  fn spend<E: de::Error>(&mut self, bytes: usize, trail: &Trail<'_>) -> Result<(), E> {
    self.nodes = self
      .nodes
      .checked_sub(1)
      .ok_or_else(|| self.too_large(trail))?;
    self.bytes = self
      .bytes
      .checked_sub(bytes)
      .ok_or_else(|| self.too_large(trail))?;
    Ok(())
  }

  fn too_large<E: de::Error>(&self, trail: &Trail<'_>) -> E {
    self.fail(
      format!(
        "aliases expand the document to more than {EXPANSION} times its own size (an alias bomb); a blueprint may reuse an anchor, not multiply it"
      ),
      trail,
    )
  }
}

/// Deserializes one node at `trail`.
pub(crate) struct NodeSeed<'b, 't> {
  pub(crate) budget: &'b mut Budget,
  pub(crate) trail: &'t Trail<'t>,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
  type Value = Node;

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
    deserializer.deserialize_any(self)
  }
}

fn tag_error<'de, A: EnumAccess<'de>>(
  data: A,
  budget: &Budget,
  trail: &Trail<'_>,
) -> Result<Node, A::Error> {
  let (tag, _) = data.variant::<String>()?;
  Err(budget.fail(
    format!(
      "YAML tags such as `!{}` are not supported in blueprints",
      crate::support::text::elide(&tag, 40)
    ),
    trail,
  ))
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
  type Value = Node;

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a YAML value")
  }

  fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
    self.budget.spend(0, self.trail)?;
    Ok(Node::Bool(value))
  }

  fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
    self.budget.spend(0, self.trail)?;
    Ok(Node::Integer(i128::from(value)))
  }

  fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
    self.budget.spend(0, self.trail)?;
    Ok(Node::Integer(i128::from(value)))
  }

  fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
    self.budget.too_wide(self.trail)
  }

  fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
    self.budget.too_wide(self.trail)
  }

  fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
    self.budget.spend(0, self.trail)?;
    Ok(Node::Float(value))
  }

  fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
    self.budget.spend(value.len(), self.trail)?;
    Ok(Node::String(value.to_owned()))
  }

  fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
    self.budget.spend(value.len(), self.trail)?;
    Ok(Node::String(value))
  }

  fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
    self.budget.spend(0, self.trail)?;
    Ok(Node::Null)
  }

  fn visit_none<E: de::Error>(self) -> Result<Node, E> {
    self.visit_unit()
  }

  fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
    deserializer.deserialize_any(self)
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
    self.budget.spend(0, self.trail)?;
    let mut items = Vec::new();
    loop {
      let trail = Trail::Index(self.trail, items.len());
      let seed = NodeSeed {
        budget: &mut *self.budget,
        trail: &trail,
      };
      match seq.next_element_seed(seed)? {
        Some(item) => items.push(item),
        None => return Ok(Node::Sequence(items)),
      }
    }
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
    self.budget.spend(0, self.trail)?;
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    loop {
      let key_seed = KeySeed {
        budget: &mut *self.budget,
        trail: self.trail,
        seen: &seen,
      };
      let Some(key) = map.next_key_seed(key_seed)? else {
        return Ok(Node::Mapping(entries));
      };
      seen.insert(key.clone());
      let trail = Trail::Key(self.trail, &key);
      let value = map.next_value_seed(NodeSeed {
        budget: &mut *self.budget,
        trail: &trail,
      })?;
      entries.push((key, value));
    }
  }

  fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
    tag_error(data, self.budget, self.trail)
  }
}

/// A mapping key: a string the mapping does not have yet, or an error naming what it is
/// instead. The error is raised while the key is the event being read, so its position is
/// the key's own (the second of two equal keys, in block or flow style).
struct KeySeed<'b, 't, 's> {
  budget: &'b mut Budget,
  /// The mapping the key is in.
  trail: &'t Trail<'t>,
  seen: &'s HashSet<String>,
}

impl KeySeed<'_, '_, '_> {
  fn new_key<E: de::Error>(self, key: String) -> Result<String, E> {
    self.budget.spend(key.len(), self.trail)?;
    if self.seen.contains(&key) {
      // serde_yaml's words for a duplicate in a mapping it builds itself.
      let message = format!(
        "duplicate entry with key {:?}",
        crate::support::text::elide(&key, 200)
      );
      return Err(self.budget.invalid(&message, self.trail));
    }
    Ok(key)
  }

  fn refuse<E: de::Error>(self, found: &str) -> Result<String, E> {
    Err(self.budget.fail(
      format!("mapping keys must be plain strings, found {found}"),
      self.trail,
    ))
  }

  /// A scalar that YAML reads as something else: quoting it makes it the string it looks like.
  fn refuse_scalar<E: de::Error>(self, found: &str, text: &str) -> Result<String, E> {
    Err(self.budget.fail(
      format!(
        "mapping keys must be plain strings, found {found} `{text}`; quote it to make it a string (`\"{text}\": …`)"
      ),
      self.trail,
    ))
  }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_, '_> {
  type Value = String;

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_, '_> {
  type Value = String;

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a string key")
  }

  fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
    self.new_key(value.to_owned())
  }

  fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
    self.new_key(value)
  }

  fn visit_i128<E: de::Error>(self, _: i128) -> Result<String, E> {
    self.budget.too_wide(self.trail)
  }

  fn visit_u128<E: de::Error>(self, _: u128) -> Result<String, E> {
    self.budget.too_wide(self.trail)
  }

  fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
    self.refuse_scalar("a boolean", &value.to_string())
  }

  fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
    self.refuse_scalar("a number", &value.to_string())
  }

  fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
    self.refuse_scalar("a number", &value.to_string())
  }

  fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
    self.refuse_scalar("a number", &value.to_string())
  }

  fn visit_unit<E: de::Error>(self) -> Result<String, E> {
    self.refuse("an empty (null) key")
  }

  fn visit_none<E: de::Error>(self) -> Result<String, E> {
    self.refuse("an empty (null) key")
  }

  fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
    self.refuse("a sequence")
  }

  fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
    self.refuse("a mapping")
  }

  fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
    let budget = &*self.budget;
    tag_error(data, budget, self.trail).map(|_| String::new())
  }
}
