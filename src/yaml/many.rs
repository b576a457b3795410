//! Locating many nodes in one pass over the document.
//!
//! `locate` finds one node by raising an error there, and serde_yaml loads a whole document
//! before deserializing it, so locating each of `d` diagnostics would cost `d` parses of the
//! file: quadratic in a file with many problems. This pass walks the document once, towards
//! every wanted path at the same time. At a wanted scalar, or a wanted key, it raises the same
//! error `locate` raises, reads the position from it where the containing mapping or sequence
//! sees it, and goes on: a scalar's event is consumed before its visitor runs, so the
//! deserializer is in order. A wanted mapping or sequence cannot be raised at without
//! leaving its events unread, so those (rare: most diagnostics point at a value or a key), and
//! anything the pass could not settle, are found with `locate` one by one. Every answer is the
//! one `locate` gives.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{MARKER, Target, locate};
use crate::location::Location;
use crate::yaml_path::{Segment, YamlPath};

/// Raised to stop the pass where continuing could not be trusted.
const ABORT: &str = "\u{1}switchyard-locate-abort\u{1}";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
  /// Not settled by the pass: ask `locate`.
  Unknown,
  At(Location),
  Nowhere,
}

/// One wanted node: what is left of its path below the node the pass is at.
#[derive(Clone, Copy)]
struct Request<'p> {
  index: usize,
  rest: &'p [Segment],
  target: Target,
}

/// The location of each `(path, target)`, as `locate` would give it.
pub(crate) fn locate_all(text: &str, wanted: &[(&YamlPath, Target)]) -> Vec<Option<Location>> {
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

/// The one pass: what it settles.
fn pass(text: &str, wanted: &[(&YamlPath, Target)]) -> Vec<Found> {
  if wanted.is_empty() {
    // Nothing to find: no parse (a valid blueprint without warnings comes here).
    return Vec::new();
  }
  let mut found = vec![Found::Unknown; wanted.len()];
  let requests: Vec<Request<'_>> = wanted
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
    found: &mut found,
  };
  if let Err(error) = seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
    let message = error.to_string();
    if message.contains(MARKER) && !message.contains(ABORT) {
      // Raised at the root, which is then a wanted scalar.
      if let Some(location) = error.location() {
        let location = Location::new(location.line(), location.column());
        for (request, slot) in wanted.iter().zip(found.iter_mut()) {
          if request.0.is_root() && *slot == Found::Unknown {
            *slot = Found::At(location);
          }
        }
      }
    }
  }
  found
}

/// The position serde_yaml puts at the end of an error's message (` at line L column C`).
/// `None` when there is none (an error at the very first character prints no position).
fn position(message: &str) -> Option<Location> {
  let (_, tail) = message.rsplit_once(" at line ")?;
  let (line, column) = tail.split_once(" column ")?;
  Some(Location::new(line.parse().ok()?, column.parse().ok()?))
}

/// What a container does with an error from a child it asked for the node of `requests`: the
/// marker settles the child's own requests (every one without `rest`); anything else stops.
fn settle<E: de::Error>(error: E, requests: &[Request<'_>], found: &mut [Found]) -> Result<(), E> {
  let message = error.to_string();
  if !message.contains(MARKER) || message.contains(ABORT) {
    return Err(error);
  }
  let at = position(&message);
  for request in requests.iter().filter(|r| r.rest.is_empty()) {
    if let (Some(slot), Some(at)) = (found.get_mut(request.index), at) {
      *slot = Found::At(at);
    }
  }
  Ok(())
}

fn mark(found: &mut [Found], requests: impl IntoIterator<Item = usize>, value: Found) {
  for index in requests {
    if let Some(slot) = found.get_mut(index) {
      *slot = value;
    }
  }
}

/// The node where the requests' paths have been followed so far.
struct NodeSeed<'f, 'p> {
  requests: Vec<Request<'p>>,
  found: &'f mut [Found],
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(NodeVisitor {
      requests: self.requests,
      found: self.found,
    })
  }
}

struct NodeVisitor<'f, 'p> {
  requests: Vec<Request<'p>>,
  found: &'f mut [Found],
}

impl NodeVisitor<'_, '_> {
  /// A scalar: requests below it are nowhere; requests for it get the marker, as `locate`'s
  /// visitor raises it.
  fn scalar<E: de::Error>(self) -> Result<(), E> {
    let below = self.requests.iter().filter(|r| !r.rest.is_empty());
    mark(self.found, below.map(|r| r.index), Found::Nowhere);
    if self.requests.iter().any(|r| r.rest.is_empty()) {
      return Err(E::custom(MARKER));
    }
    Ok(())
  }

  /// Requests whose next step does not fit this node (a key in a sequence, an index in a
  /// mapping) are nowhere, as `locate` finds nothing there.
  fn misfits(&mut self, fits: impl Fn(&Segment) -> bool) {
    let misfits = self
      .requests
      .iter()
      .filter(|r| r.rest.first().is_some_and(|s| !fits(s)))
      .map(|r| r.index);
    mark(self.found, misfits, Found::Nowhere);
  }
}

impl<'de> Visitor<'de> for NodeVisitor<'_, '_> {
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

  // A tagged node's events are still unread when its visitor runs (and `visit_some` is never
  // called by serde_yaml's `deserialize_any`): stop, and let `locate` answer.
  fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
    Err(de::Error::custom(ABORT))
  }

  fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
    Err(de::Error::custom(ABORT))
  }

  fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
    self.misfits(|s| matches!(s, Segment::Index(_)));
    // Requests for the sequence itself stay `Unknown`.
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
    while let Some(last) = by_index.last_key_value().map(|(last, _)| *last) {
      if index > last {
        break;
      }
      match by_index.remove(&index) {
        Some(requests) => {
          let seed = NodeSeed {
            requests: requests.clone(),
            found: &mut *self.found,
          };
          match seq.next_element_seed(seed) {
            Ok(Some(())) => {}
            Ok(None) => {
              mark(self.found, requests.iter().map(|r| r.index), Found::Nowhere);
              break;
            }
            Err(error) => settle(error, &requests, self.found)?,
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
    mark(self.found, beyond, Found::Nowhere);
    // serde_yaml wants every element read.
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
  }

  fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
    self.misfits(|s| matches!(s, Segment::Key(_)));
    // Requests for the mapping itself stay `Unknown`.
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
      };
      let found_key = match map.next_key_seed(probe) {
        Ok(None) => break,
        Ok(Some(())) => matched,
        Err(error) => {
          // The marker on a key: the requests that stop at this key have their place.
          let Some(key) = matched else {
            return Err(error);
          };
          let stopping: Vec<Request<'_>> = by_key
            .get(key)
            .map(|requests| requests.iter().copied().filter(stops_at_key).collect())
            .unwrap_or_default();
          settle(error, &stopping, self.found)?;
          matched
        }
      };
      // Only the first entry with a key counts, as in `locate`.
      let requests = found_key.and_then(|key| by_key.remove(key));
      let below: Vec<Request<'_>> = requests
        .iter()
        .flatten()
        .copied()
        .filter(|r| !stops_at_key(r))
        .collect();
      if below.is_empty() {
        map.next_value::<IgnoredAny>()?;
        continue;
      }
      let seed = NodeSeed {
        requests: below.clone(),
        found: &mut *self.found,
      };
      if let Err(error) = map.next_value_seed(seed) {
        settle(error, &below, self.found)?;
      }
    }
    // Keys the mapping does not have.
    let missing = by_key.values().flatten().map(|r| r.index);
    mark(self.found, missing, Found::Nowhere);
    // serde_yaml wants every entry read.
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
  }
}

/// `locate` raises at a key when the path ends there and the key itself is wanted.
fn stops_at_key(request: &Request<'_>) -> bool {
  request.rest.is_empty() && request.target == Target::Key
}

/// Reads a mapping key, tells which wanted key it is, and raises the marker on it when a
/// request stops there. Keys compare as `locate`'s probe compares them.
struct KeySeed<'k, 'm, 'p> {
  by_key: &'k BTreeMap<&'p str, Vec<Request<'p>>>,
  matched: &'m mut Option<&'p str>,
}

impl KeySeed<'_, '_, '_> {
  fn compare<E: de::Error>(self, key: &str) -> Result<(), E> {
    let Some((wanted, requests)) = self.by_key.get_key_value(key) else {
      return Ok(());
    };
    *self.matched = Some(*wanted);
    if requests.iter().any(stops_at_key) {
      return Err(E::custom(MARKER));
    }
    Ok(())
  }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_, '_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_, '_> {
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

  /// `locate_all` answers exactly as `locate` does, for every node of `text` and both targets.
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
