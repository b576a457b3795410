//! The catalog files' shapes as serde types (`#[serde(deny_unknown_fields)]` on each), read
//! from the `Node` tree `yaml::parse` built, with errors in the catalog's words at their
//! place: `unknown key`, ``missing `publisher` ``, `expected a string, found a mapping`.
//!
//! A `Node` deserializer rather than serde_yaml's own: the tree is the one every YAML input
//! goes through (with its limits on aliases and nesting), and a repository's overlay declares
//! models in these same shapes, so its mistakes must read like the rest of its messages,
//! with the YAML path of the node (`aws.x.new-v1:0.regions`), not serde_yaml's wording.
//! Values whose meaning needs the catalog (region lists or set names, PTU steps) stay
//! `Node`s and are read by `read`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::input::node::Node;

/// A shape mistake: the message, and the keys from the node deserialized down to its place.
#[derive(Debug)]
pub(super) struct ShapeError {
  pub(super) below: Vec<String>,
  pub(super) message: String,
}

impl ShapeError {
  fn new(message: String) -> Self {
    Self {
      below: Vec::new(),
      message,
    }
  }

  fn under(mut self, key: &str) -> Self {
    self.below.insert(0, key.to_owned());
    self
  }

  fn expected(what: &str, found: &Node) -> Self {
    Self::new(format!("expected {what}, found {}", found.kind()))
  }
}

impl fmt::Display for ShapeError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&self.message)
  }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
  fn custom<T: fmt::Display>(message: T) -> Self {
    Self::new(message.to_string())
  }

  /// The key is added to the path by the mapping it is in.
  fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
    Self::new("unknown key".to_owned())
  }

  fn missing_field(field: &'static str) -> Self {
    Self::new(format!("missing `{field}`"))
  }
}

/// Reads `T` from `node`.
pub(super) fn read<'a, T: Deserialize<'a>>(node: &'a Node) -> Result<T, ShapeError> {
  T::deserialize(NodeDeserializer(node))
}

struct NodeDeserializer<'a>(&'a Node);

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
  type Error = ShapeError;

  fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::Null => visitor.visit_unit(),
      Node::Bool(b) => visitor.visit_bool(*b),
      Node::Integer(i) => match i64::try_from(*i) {
        Ok(i) => visitor.visit_i64(i),
        Err(_) => visitor.visit_i128(*i),
      },
      Node::Float(f) => visitor.visit_f64(*f),
      Node::String(s) => visitor.visit_borrowed_str(s),
      Node::Sequence(items) => visitor.visit_seq(Items(items.iter())),
      Node::Mapping(entries) => visitor.visit_map(Entries {
        entries: entries.iter(),
      }),
    }
  }

  fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::String(s) => visitor.visit_borrowed_str(s),
      other => Err(ShapeError::expected("a string", other)),
    }
  }

  fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    self.deserialize_str(visitor)
  }

  fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::Bool(b) => visitor.visit_bool(*b),
      other => Err(ShapeError::expected("a boolean", other)),
    }
  }

  fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::Integer(i) => match u32::try_from(*i) {
        Ok(value) => visitor.visit_u32(value),
        Err(_) => Err(ShapeError::new(format!("{i} is out of range"))),
      },
      other => Err(ShapeError::expected("an integer", other)),
    }
  }

  /// A key that is present is a value: `retires: ~` is "expected a string, found null", as
  /// for any other key, not an absent date.
  fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    visitor.visit_some(self)
  }

  fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::Sequence(items) => visitor.visit_seq(Items(items.iter())),
      other => Err(ShapeError::expected("a sequence", other)),
    }
  }

  fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
    match self.0 {
      Node::Mapping(entries) => visitor.visit_map(Entries {
        entries: entries.iter(),
      }),
      other => Err(ShapeError::expected("a mapping", other)),
    }
  }

  fn deserialize_struct<V: Visitor<'de>>(
    self,
    _: &'static str,
    _: &'static [&'static str],
    visitor: V,
  ) -> Result<V::Value, ShapeError> {
    self.deserialize_map(visitor)
  }

  serde::forward_to_deserialize_any! {
    i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
    newtype_struct tuple tuple_struct enum identifier ignored_any
  }
}

/// A sequence's items. A mistake in an item is reported at the sequence, as a list of
/// regions or profiles is one value to its reader.
struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
  type Error = ShapeError;

  fn next_element_seed<T: DeserializeSeed<'de>>(
    &mut self,
    seed: T,
  ) -> Result<Option<T::Value>, ShapeError> {
    self
      .0
      .next()
      .map(|item| seed.deserialize(NodeDeserializer(item)))
      .transpose()
  }
}

/// A mapping's entries; a mistake in a key or below it is reported under the key.
struct Entries<'a> {
  entries: std::slice::Iter<'a, (String, Node)>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
  type Error = ShapeError;

  fn next_key_seed<K: DeserializeSeed<'de>>(
    &mut self,
    seed: K,
  ) -> Result<Option<K::Value>, ShapeError> {
    let Some((key, _)) = self.entries.as_slice().first() else {
      return Ok(None);
    };
    let deserializer: de::value::StrDeserializer<'_, ShapeError> = key.as_str().into_deserializer();
    seed
      .deserialize(deserializer)
      .map(Some)
      .map_err(|e| e.under(key))
  }

  fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ShapeError> {
    let Some((key, value)) = self.entries.next() else {
      return Err(ShapeError::new("a value without a key".to_owned()));
    };
    seed
      .deserialize(NodeDeserializer(value))
      .map_err(|e| e.under(key))
  }
}

/// A node kept as it is, for a value `read` interprets.
impl<'de> Deserialize<'de> for Node {
  fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
    deserializer.deserialize_any(NodeVisitor)
  }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
  type Value = Node;

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a YAML value")
  }

  fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
    Ok(Node::Null)
  }

  fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
    Ok(Node::Bool(value))
  }

  fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
    Ok(Node::Integer(i128::from(value)))
  }

  fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
    Ok(Node::Integer(i128::from(value)))
  }

  fn visit_i128<E: de::Error>(self, value: i128) -> Result<Node, E> {
    Ok(Node::Integer(value))
  }

  fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
    Ok(Node::Float(value))
  }

  fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
    Ok(Node::String(value.to_owned()))
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
    let mut items = Vec::new();
    while let Some(item) = seq.next_element()? {
      items.push(item);
    }
    Ok(Node::Sequence(items))
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
    let mut entries = Vec::new();
    while let Some((key, value)) = map.next_entry::<String, Node>()? {
      entries.push((key, value));
    }
    Ok(Node::Mapping(entries))
  }
}
