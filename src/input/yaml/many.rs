//! Where nodes are: the line and column of the node (or key) at a path.
//!
//! serde_yaml 0.9 is the parser, and its public API gives positions in one place only: the
//! error it returns, whose `location()` is the position of the event being deserialized when
//! a visitor raised it. Its event layer (`loader`, `libyaml`) is private, `Value` keeps no
//! spans, and libyaml itself is only reachable through `unsafe`, which the package forbids.
//! So a node is found by walking the document towards its path and raising an error there.
//!
//! Two walks share the code below:
//!
//! - `locate` (one path): the first raise ends the walk, and the position is the typed
//!   `serde_yaml::Error::location()` of the error `from_str` returns.
//! - `locate_all` (many paths, one parse: a file with many problems must not cost a parse per
//!   problem): at a wanted scalar or key the walk raises, the mapping or sequence holding it
//!   catches the error and goes on (a scalar's event is consumed before its visitor runs, so
//!   the deserializer is in order). Inside the walk the error is only a generic `de::Error`,
//!   so its position is read from its text: serde_yaml 0.9.34 is the crate's last release
//!   (published as deprecated), and it appends ` at line L column C` to a message for any
//!   position but the very first character, where it appends nothing. A wanted mapping or
//!   sequence cannot be raised at without leaving its events unread, so those (most
//!   diagnostics point at a value or a key) are left to `locate`.
//!
//! A test checks, for every node of many documents, that both walks give the same answer: the
//! text read inside the walk and the typed location agree.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Target;
use crate::input::location::Location;
use crate::input::yaml_path::{Segment, YamlPath};

/// The message of the error raised at a wanted node. Whether an error is this one is told by
/// `Walk::raised`, not by its text; the text is only searched for the position after it.
const HERE: &str = "switchyard: the wanted node";

/// Finds the line and column of the node at `path` (or of its key), if the document has it.
pub(crate) fn locate(text: &str, path: &YamlPath, target: Target) -> Option<Location> {
  let mut walk = Walk::new(1, true);
  let seed = NodeSeed {
    requests: vec![Request {
      index: 0,
      rest: path.segments(),
      target,
    }],
    walk: &mut walk,
  };
  match seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
    Err(error) if walk.raised => error
      .location()
      .map(|l| Location::new(l.line(), l.column())),
    _ => None,
  }
}

/// The location of each `(path, target)`, as `locate` gives it, in one parse for all the
/// values and keys.
pub(crate) fn locate_all(text: &str, wanted: &[(&YamlPath, Target)]) -> Vec<Option<Location>> {
  if wanted.is_empty() {
    // Nothing to find: no parse (a valid blueprint without warnings comes here).
    return Vec::new();
  }
  wanted
    .iter()
    .zip(pass(text, wanted))
    .map(|((path, target), found)| match found {
      Found::At(location) => Some(location),
      Found::Nowhere => None,
      Found::Unknown => locate(text, path, *target),
    })
    .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
  /// Not settled by the pass: ask `locate`.
  Unknown,
  At(Location),
  Nowhere,
}

/// One wanted node: what is left of its path below the node the walk is at.
#[derive(Clone, Copy)]
struct Request<'p> {
  index: usize,
  rest: &'p [Segment],
  target: Target,
}

impl Request<'_> {
  /// The walk raises at a key when the path ends there and the key itself is wanted.
  fn stops_at_key(&self) -> bool {
    self.rest.is_empty() && self.target == Target::Key
  }
}

/// What a walk found, and whether the error travelling up is the one it raised.
struct Walk {
  found: Vec<Found>,
  /// `locate`'s walk: raise at a wanted mapping or sequence too, and let every raise end it.
  single: bool,
  raised: bool,
}

impl Walk {
  fn new(requests: usize, single: bool) -> Self {
    Self {
      found: vec![Found::Unknown; requests],
      single,
      raised: false,
    }
  }

  fn raise<E: de::Error>(&mut self) -> E {
    self.raised = true;
    E::custom(HERE)
  }

  fn mark(&mut self, requests: impl IntoIterator<Item = usize>, value: Found) {
    for index in requests {
      if let Some(slot) = self.found.get_mut(index) {
        *slot = value;
      }
    }
  }

  /// A container's answer to an error from a child it asked for `requests`: its own raise
  /// settles the requests that end there, anything else (or any error in `locate`) goes up.
  fn settle<E: de::Error>(&mut self, error: E, requests: &[Request<'_>]) -> Result<(), E> {
    if self.single || !self.raised {
      return Err(error);
    }
    self.raised = false;
    let Some(at) = position(&error.to_string()) else {
      return Err(error);
    };
    let ending = requests
      .iter()
      .filter(|r| r.rest.is_empty())
      .map(|r| r.index);
    self.mark(ending, Found::At(at));
    Ok(())
  }
}

/// The position serde_yaml wrote after `HERE`: ` at line L column C`, or nothing for the first
/// character of the document.
fn position(message: &str) -> Option<Location> {
  let (_, after) = message.rsplit_once(HERE)?;
  if after.is_empty() {
    return Some(Location::new(1, 1));
  }
  let (line, column) = after.strip_prefix(" at line ")?.split_once(" column ")?;
  Some(Location::new(line.parse().ok()?, column.parse().ok()?))
}

/// The one pass of `locate_all`: what it settles.
fn pass(text: &str, wanted: &[(&YamlPath, Target)]) -> Vec<Found> {
  let mut walk = Walk::new(wanted.len(), false);
  let requests = wanted
    .iter()
    .enumerate()
    .map(|(index, (path, target))| Request {
      index,
      rest: path.segments(),
      target: *target,
    })
    .collect();
  let seed = NodeSeed {
    requests,
    walk: &mut walk,
  };
  if let Err(error) = seed.deserialize(serde_yaml::Deserializer::from_str(text))
    && walk.raised
  {
    // Raised at the root, which is then a wanted scalar.
    let at = error
      .location()
      .map(|l| Found::At(Location::new(l.line(), l.column())));
    let root = wanted.iter().enumerate().filter(|(_, (p, _))| p.is_root());
    let root: Vec<usize> = root.map(|(index, _)| index).collect();
    walk.mark(root, at.unwrap_or(Found::Unknown));
  }
  walk.found
}

/// The node where the requests' paths have been followed so far.
struct NodeSeed<'w, 'p> {
  requests: Vec<Request<'p>>,
  walk: &'w mut Walk,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl NodeSeed<'_, '_> {
  /// A scalar: requests below it are nowhere; a request for it is answered by a raise.
  fn scalar<E: de::Error>(self) -> Result<(), E> {
    let below = self.requests.iter().filter(|r| !r.rest.is_empty());
    self.walk.mark(below.map(|r| r.index), Found::Nowhere);
    if self.requests.iter().any(|r| r.rest.is_empty()) {
      return Err(self.walk.raise());
    }
    Ok(())
  }

  /// Entering a mapping or sequence: requests whose next step does not fit it (a key in a
  /// sequence, an index in a mapping) are nowhere. A request for the container itself ends
  /// `locate`'s walk here; the pass leaves it to `locate`.
  fn container<E: de::Error>(&mut self, fits: impl Fn(&Segment) -> bool) -> Result<(), E> {
    if self.walk.single && self.requests.iter().any(|r| r.rest.is_empty()) {
      return Err(self.walk.raise());
    }
    let misfits = self
      .requests
      .iter()
      .filter(|r| r.rest.first().is_some_and(|s| !fits(s)))
      .map(|r| r.index);
    self.walk.mark(misfits, Found::Nowhere);
    Ok(())
  }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
  type Value = ();

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("any node")
  }

  fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
    self.scalar()
  }

  fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
    self.scalar()
  }

  fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
    self.scalar()
  }

  fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
    self.scalar()
  }

  fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
    self.scalar()
  }

  fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
    self.scalar()
  }

  fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
    self.scalar()
  }

  fn visit_unit<E: de::Error>(self) -> Result<(), E> {
    self.scalar()
  }

  fn visit_none<E: de::Error>(self) -> Result<(), E> {
    self.scalar()
  }

  /// A tagged node (`!tag value`): serde_yaml hands the tag as an enum variant; the value is
  /// the same event read again without its tag, so it is found at the same place.
  fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
    let (_, value) = data.variant::<IgnoredAny>()?;
    de::VariantAccess::newtype_variant_seed(value, self)
  }

  fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
    self.container(|s| matches!(s, Segment::Index(_)))?;
    let mut by_index: BTreeMap<usize, Vec<Request<'_>>> = BTreeMap::new();
    for request in &self.requests {
      if let Some((Segment::Index(index), rest)) = request.rest.split_first() {
        by_index
          .entry(*index)
          .or_default()
          .push(Request { rest, ..*request });
      }
    }
    let mut index = 0;
    while let Some(last) = by_index.last_key_value().map(|(last, _)| *last)
      && index <= last
    {
      match by_index.remove(&index) {
        Some(requests) => {
          let seed = NodeSeed {
            requests: requests.clone(),
            walk: &mut *self.walk,
          };
          match seq.next_element_seed(seed) {
            Ok(Some(())) => {}
            Ok(None) => {
              self
                .walk
                .mark(requests.iter().map(|r| r.index), Found::Nowhere);
              break;
            }
            Err(error) => self.walk.settle(error, &requests)?,
          }
        }
        None => {
          if seq.next_element::<IgnoredAny>()?.is_none() {
            break;
          }
        }
      }
      index += 1;
    }
    // Indexes past the end.
    let beyond = by_index.values().flatten().map(|r| r.index);
    self.walk.mark(beyond, Found::Nowhere);
    // serde_yaml wants every element read.
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
  }

  fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
    self.container(|s| matches!(s, Segment::Key(_)))?;
    let mut by_key: BTreeMap<&str, Vec<Request<'_>>> = BTreeMap::new();
    for request in &self.requests {
      if let Some((Segment::Key(key), rest)) = request.rest.split_first() {
        by_key
          .entry(key.as_str())
          .or_default()
          .push(Request { rest, ..*request });
      }
    }
    while !by_key.is_empty() {
      let mut matched: Option<&str> = None;
      let probe = KeySeed {
        by_key: &by_key,
        matched: &mut matched,
        walk: &mut *self.walk,
      };
      match map.next_key_seed(probe) {
        Ok(None) => break,
        Ok(Some(())) => {}
        Err(error) => {
          // A raise on a key: the requests that end at this key have their place.
          let Some(key) = matched else {
            return Err(error);
          };
          let ending: Vec<Request<'_>> = by_key
            .get(key)
            .map(|requests| {
              requests
                .iter()
                .copied()
                .filter(Request::stops_at_key)
                .collect()
            })
            .unwrap_or_default();
          self.walk.settle(error, &ending)?;
        }
      }
      // Only the first entry with a key counts.
      let requests = matched.and_then(|key| by_key.remove(key));
      let below: Vec<Request<'_>> = requests
        .iter()
        .flatten()
        .copied()
        .filter(|r| !r.stops_at_key())
        .collect();
      if below.is_empty() {
        map.next_value::<IgnoredAny>()?;
        continue;
      }
      let seed = NodeSeed {
        requests: below.clone(),
        walk: &mut *self.walk,
      };
      if let Err(error) = map.next_value_seed(seed) {
        self.walk.settle(error, &below)?;
      }
    }
    // Keys the mapping does not have.
    let missing = by_key.values().flatten().map(|r| r.index);
    self.walk.mark(missing, Found::Nowhere);
    // serde_yaml wants every entry read.
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
  }
}

/// Reads a mapping key, tells which wanted key it is, and raises on it when a request ends
/// there. A key that is not a string is compared as the text YAML wrote for it.
struct KeySeed<'k, 'm, 'w, 'p> {
  by_key: &'k BTreeMap<&'p str, Vec<Request<'p>>>,
  matched: &'m mut Option<&'p str>,
  walk: &'w mut Walk,
}

impl KeySeed<'_, '_, '_, '_> {
  fn compare<E: de::Error>(self, key: &str) -> Result<(), E> {
    let Some((wanted, requests)) = self.by_key.get_key_value(key) else {
      return Ok(());
    };
    *self.matched = Some(*wanted);
    if requests.iter().any(Request::stops_at_key) {
      return Err(self.walk.raise());
    }
    Ok(())
  }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_, '_, '_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_, '_, '_> {
  type Value = ();

  fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("a mapping key")
  }

  fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
    self.compare(key)
  }

  fn visit_i64<E: de::Error>(self, key: i64) -> Result<(), E> {
    self.compare(&key.to_string())
  }

  fn visit_u64<E: de::Error>(self, key: u64) -> Result<(), E> {
    self.compare(&key.to_string())
  }

  fn visit_f64<E: de::Error>(self, key: f64) -> Result<(), E> {
    self.compare(&serde_yaml::Number::from(key).to_string())
  }

  fn visit_bool<E: de::Error>(self, key: bool) -> Result<(), E> {
    self.compare(&key.to_string())
  }

  fn visit_unit<E: de::Error>(self) -> Result<(), E> {
    Ok(())
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use proptest::prelude::*;

  /// Every path of the document's nodes, and a missing key and index beside each container.
  fn paths(value: &serde_yaml::Value, at: &YamlPath, out: &mut Vec<YamlPath>) {
    out.push(at.clone());
    match value {
      serde_yaml::Value::Mapping(map) => {
        for (key, child) in map {
          let key = match key {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            _ => continue,
          };
          paths(child, &at.key(&key), out);
        }
        out.push(at.key("no-such-key"));
        out.push(at.index(0));
      }
      serde_yaml::Value::Sequence(items) => {
        for (i, child) in items.iter().enumerate() {
          paths(child, &at.index(i), out);
        }
        out.push(at.index(items.len()));
        out.push(at.key("k"));
      }
      serde_yaml::Value::Tagged(tagged) => paths(&tagged.value, at, out),
      _ => out.push(at.key("below-a-scalar")),
    }
  }

  /// `locate_all` answers exactly as `locate` does, for every node of `text` and both targets:
  /// the positions the pass reads from serde_yaml's message text are the ones its typed
  /// `Error::location()` gives.
  fn agrees(text: &str) {
    let mut all = Vec::new();
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) {
      paths(&value, &YamlPath::root(), &mut all);
    }
    all.push(YamlPath::root().key("a").index(3).key("zz"));
    let wanted: Vec<(&YamlPath, Target)> = all
      .iter()
      .flat_map(|p| [(p, Target::Value), (p, Target::Key)])
      .collect();
    let one_by_one: Vec<Option<Location>> =
      wanted.iter().map(|(p, t)| locate(text, p, *t)).collect();
    assert_eq!(locate_all(text, &wanted), one_by_one, "{text}");
    // Any subset, in any order, gives the same answers.
    let reversed: Vec<_> = wanted.iter().rev().step_by(3).copied().collect();
    let expected: Vec<_> = reversed.iter().map(|(p, t)| locate(text, p, *t)).collect();
    assert_eq!(locate_all(text, &reversed), expected, "{text}");
  }

  #[test]
  fn agrees_with_locate_on_awkward_documents() {
    for text in [
      "version: 1\nname: x\nworkloads:\n  chat:\n    failover: [a, b,\n      c]\n  other: {failover: [z]}\nshared: &base {x: 1}\nuse: *base\n",
      "a: [1, [2, 3], {b: c}]\n1: one\ntrue: yes\n2.5: f\n~: null key\n",
      "a: !tag {b: 1}\nc: !t2 scalar\nd: [!x y, z]\ne: {f: g}\n",
      "a:\nb: ''\nc: \"quoted\"\nd: |\n  block\n  text\ne: >\n  folded\n",
      "? [complex, key]\n: value\nsimple: 1\n",
      "x: 99999999999999999999\ny: [1, 2]\n",
      "first: 1\n---\nsecond: 2\n",
      "a: [1, 2\nb: 3\n",
      "a: {b: [ {c: d}, {e: f} ], g: {h: {i: j}}}\n",
      "- a\n- {b: c}\n- [d, e]\n",
      "scalar at the root",
      "",
      "a: &anchor\n  b: 1\n  c: [x, y]\nd: *anchor\ne: *anchor\n",
      "ünï: cødé\nkey with spaces: v\n\"quoted key\": w\n",
    ] {
      agrees(text);
    }
  }

  #[test]
  fn agrees_with_locate_on_every_bundled_and_error_blueprint() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["blueprints", "tests/errors"] {
      for entry in std::fs::read_dir(root.join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
          // Source refuses a file that is not UTF-8 before anything is located, and strips
          // a byte order mark; locate sees what Source keeps.
          let bytes = std::fs::read(&path).unwrap();
          let Ok(text) = String::from_utf8(bytes) else {
            continue;
          };
          agrees(text.strip_prefix('\u{feff}').unwrap_or(&text));
          count += 1;
        }
      }
    }
    assert!(count > 10, "{count} files");
  }

  /// A random document: nested mappings and sequences in block or flow style.
  fn document() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
      Just("x".to_owned()),
      Just("12".to_owned()),
      Just("true".to_owned()),
      Just("~".to_owned()),
      Just("\"q: {[\"".to_owned()),
      Just("'s'".to_owned()),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
      prop_oneof![
        prop::collection::vec(inner.clone(), 0..4)
          .prop_map(|items| format!("[{}]", items.join(", "))),
        prop::collection::vec(
          (prop::sample::select(vec!["a", "b", "c", "1", "k k"]), inner),
          0..4
        )
        .prop_map(|entries| {
          let mut seen = std::collections::BTreeSet::new();
          let body: Vec<String> = entries
            .into_iter()
            .filter(|(k, _)| seen.insert(*k))
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
          format!("{{{}}}", body.join(", "))
        }),
      ]
    })
  }

  /// `(line, column)` of `path` in `text`, as `locate` and as the pass find it; the pass must
  /// settle every value and key itself (only containers are left to `locate`).
  fn place(text: &str, path: &[&str], target: Target) -> Option<(usize, usize)> {
    let mut at = YamlPath::root();
    for step in path {
      at = match step.parse::<usize>() {
        Ok(index) => at.index(index),
        Err(_) => at.key(step),
      };
    }
    let one = locate(text, &at, target);
    let found = pass(text, &[(&at, target)]);
    assert_eq!(locate_all(text, &[(&at, target)]), [one], "{text:?} {at}");
    if let [Found::At(location)] = found.as_slice() {
      assert_eq!(Some(*location), one, "{text:?} {at}");
    }
    one.map(|l| (l.line, l.column))
  }

  const V: Target = Target::Value;
  const K: Target = Target::Key;

  #[test]
  fn keys_values_and_items_in_block_and_flow_style() {
    let text = "a: 1\nb:\n  c: [x, {d: e}]\n  f:\n    - g\n    - h: i\n";
    assert_eq!(place(text, &["a"], K), Some((1, 1)));
    assert_eq!(place(text, &["a"], V), Some((1, 4)));
    assert_eq!(place(text, &["b", "c"], K), Some((3, 3)));
    // A flow collection is where its bracket is; a block one where its first entry is.
    assert_eq!(place(text, &["b", "c"], V), Some((3, 6)));
    assert_eq!(place(text, &["b", "c", "0"], V), Some((3, 7)));
    assert_eq!(place(text, &["b", "c", "1"], V), Some((3, 10)));
    assert_eq!(place(text, &["b", "c", "1", "d"], K), Some((3, 11)));
    assert_eq!(place(text, &["b", "c", "1", "d"], V), Some((3, 14)));
    assert_eq!(place(text, &["b"], V), Some((3, 3)));
    assert_eq!(place(text, &["b", "f"], V), Some((5, 5)));
    assert_eq!(place(text, &["b", "f", "0"], V), Some((5, 7)));
    assert_eq!(place(text, &["b", "f", "1", "h"], K), Some((6, 7)));
    assert_eq!(place(text, &["b", "f", "1", "h"], V), Some((6, 10)));
    assert_eq!(place(text, &["b", "f", "2"], V), None);
    assert_eq!(place(text, &["a", "x"], V), None);
    assert_eq!(place(text, &["b", "c", "x"], V), None);
  }

  #[test]
  fn the_first_character_of_the_document_is_found_by_the_pass() {
    // serde_yaml writes no position into a message about line 1, column 1.
    let at = YamlPath::root().key("a");
    assert_eq!(
      pass("a: 1\n", &[(&at, K)]),
      [Found::At(Location::new(1, 1))]
    );
    assert_eq!(place("x\n", &[], V), Some((1, 1)));
  }

  #[test]
  fn anchors_aliases_and_merge_keys() {
    let text = "base: &b {x: 1}\nuse: *b\nmore:\n  <<: *b\n  y: 2\n";
    assert_eq!(place(text, &["base"], V), Some((1, 7)));
    assert_eq!(place(text, &["base", "x"], V), Some((1, 14)));
    // An alias is its anchored node: what it stands for is found where that node is.
    assert_eq!(place(text, &["use"], K), Some((2, 1)));
    assert_eq!(place(text, &["use"], V), Some((1, 7)));
    assert_eq!(place(text, &["use", "x"], V), Some((1, 14)));
    // serde_yaml does not merge `<<` when deserializing: it is a key like any other.
    assert_eq!(place(text, &["more", "<<"], K), Some((4, 3)));
    assert_eq!(place(text, &["more", "<<", "x"], V), Some((1, 14)));
    assert_eq!(place(text, &["more", "x"], V), None);
    assert_eq!(place(text, &["more", "y"], V), Some((5, 6)));
  }

  #[test]
  fn only_the_first_document_of_several_is_searched() {
    let text = "a: 1\n---\nb: 2\n";
    assert_eq!(place(text, &["a"], V), Some((1, 4)));
    assert_eq!(place(text, &["b"], V), None);
  }

  #[test]
  fn tabs_crlf_and_unicode_count_as_one_column_per_character() {
    assert_eq!(place("a:\t1\nb: [\tx]\n", &["a"], V), Some((1, 4)));
    assert_eq!(place("a:\t1\nb: [\tx]\n", &["b", "0"], V), Some((2, 6)));
    let crlf = "a: 1\r\nb:\r\n  c: 2\r\n";
    assert_eq!(place(crlf, &["a"], V), Some((1, 4)));
    assert_eq!(place(crlf, &["b", "c"], K), Some((3, 3)));
    assert_eq!(place(crlf, &["b", "c"], V), Some((3, 6)));
    let unicode = "ünï: cødé\nk: [é, ß]\ng: [🙂, z]\n";
    assert_eq!(place(unicode, &["ünï"], V), Some((1, 6)));
    assert_eq!(place(unicode, &["k", "1"], V), Some((2, 8)));
    assert_eq!(place(unicode, &["g", "1"], V), Some((3, 8)));
  }

  #[test]
  fn tagged_nodes_are_found_where_their_tag_is() {
    let text = "a: !t {b: 1}\nc: [!x y, z]\n";
    assert_eq!(place(text, &["a"], V), Some((1, 4)));
    assert_eq!(place(text, &["a", "b"], V), Some((1, 11)));
    assert_eq!(place(text, &["c", "0"], V), Some((2, 5)));
    assert_eq!(place(text, &["c", "1"], V), Some((2, 11)));
  }

  #[test]
  fn a_key_spelling_a_position_does_not_mislead_the_pass() {
    // The raise's message holds the path, keys included, before the position.
    let text = "\"k at line 9 column 9\":\n  v: 1\n";
    assert_eq!(place(text, &["k at line 9 column 9", "v"], V), Some((2, 6)));
  }

  #[test]
  fn one_pass_settles_values_keys_and_absent_paths() {
    let mut text = String::from("endpoints:\n");
    for i in 0..200 {
      text.push_str(&format!("  ep-{i}: {{cloud: azure, region: bad{i}}}\n"));
    }
    let root = YamlPath::root();
    let mut all = Vec::new();
    for i in 0..200 {
      all.push((
        root.key("endpoints").key(&format!("ep-{i}")).key("region"),
        Target::Value,
      ));
      all.push((root.key("endpoints").key(&format!("ep-{i}")), Target::Key));
    }
    all.push((root.key("workloads"), Target::Value));
    let wanted: Vec<(&YamlPath, Target)> = all.iter().map(|(p, t)| (p, *t)).collect();
    let found = pass(&text, &wanted);
    assert!(
      found[..400].iter().all(|f| matches!(f, Found::At(_))),
      "{found:?}"
    );
    assert_eq!(found[400], Found::Nowhere);
    assert_eq!(found[0], Found::At(Location::new(2, 32)));
    assert_eq!(found[1], Found::At(Location::new(2, 3)));
    // A mapping itself is left to `locate`.
    let endpoints = root.key("endpoints").key("ep-0");
    assert_eq!(
      pass(&text, &[(&endpoints, Target::Value)]),
      [Found::Unknown]
    );
  }

  proptest! {
    #[test]
    fn agrees_with_locate_on_random_documents(flow in document(), block in any::<bool>()) {
      // The same tree, flow style or (through serde_yaml) block style.
      let text = match (block, serde_yaml::from_str::<serde_yaml::Value>(&flow)) {
        (true, Ok(value)) => serde_yaml::to_string(&value).unwrap(),
        _ => format!("root: {flow}\n"),
      };
      agrees(&text);
    }
  }
}
