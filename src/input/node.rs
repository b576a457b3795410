//! The parsed, not yet validated blueprint: a YAML-library-independent tree.
//!
//! `yaml` produces it and `analyzer` consumes it, so swapping the YAML library touches
//! one module only. Mappings keep document order (for messages) and string keys only.

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
  Null,
  Bool(bool),
  Integer(i128),
  Float(f64),
  String(String),
  Sequence(Vec<Node>),
  Mapping(Vec<(String, Node)>),
}

impl Node {
  /// How the kind of this node is named in messages ("expected a string, found a sequence").
  pub(crate) fn kind(&self) -> &'static str {
    match self {
      Node::Null => "null",
      Node::Bool(_) => "a boolean",
      Node::Integer(_) => "an integer",
      Node::Float(_) => "a number",
      Node::String(_) => "a string",
      Node::Sequence(_) => "a sequence",
      Node::Mapping(_) => "a mapping",
    }
  }
}
