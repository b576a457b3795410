//! Environment overlays: one base blueprint, small per-environment differences.
//!
//! Naming is the whole discovery rule, so a directory listing shows what renders:
//! `chat.prod.yaml` is an overlay of `chat.yaml` when that file exists in the same directory,
//! and its environment is `prod`. A base with overlays is rendered once per overlay and never
//! on its own. Merge rules (documented in docs/gitops.md): mappings merge key by key, the
//! overlay's value wins for anything else (scalars and whole sequences, so a failover order
//! is never interleaved), and `null` in the overlay removes the key.
//!
//! Diagnostics of the merged document point into whichever file holds the offending node.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs;
use std::path::{Path, PathBuf};

use crate::input::diagnostic::Diagnostic;
use crate::input::error::Error;
use crate::input::name::Name;
use crate::input::node::Node;
use crate::input::source::{self, Source};
use crate::input::yaml_path::{Segment, YamlPath};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Overlay {
  pub(crate) base: PathBuf,
  pub(crate) overlay: PathBuf,
  pub(crate) environment: String,
}

/// One root to load: a blueprint on its own, or a base with one overlay.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
  Blueprint(PathBuf),
  Overlay(Overlay),
}

const EXTENSIONS: [&str; 2] = ["yaml", "yml"];

/// `(stem, extension)` of a blueprint file name.
fn stem(path: &Path) -> Option<(&str, &str)> {
  let name = path.file_name()?.to_str()?;
  EXTENSIONS
    .iter()
    .find_map(|ext| Some((name.strip_suffix(ext)?.strip_suffix('.')?, *ext)))
}

/// The base and environment of an overlay file, if it is one.
fn overlay_of(path: &Path) -> Result<Option<Overlay>, Error> {
  let Some((stem, _)) = stem(path) else {
    return Ok(None);
  };
  let Some((base_stem, environment)) = stem.rsplit_once('.') else {
    return Ok(None);
  };
  let dir = path.parent().unwrap_or(Path::new(""));
  let Some(base) = EXTENSIONS
    .iter()
    .map(|ext| dir.join(format!("{base_stem}.{ext}")))
    .find(|candidate| candidate.is_file())
  else {
    return Ok(None);
  };
  if overlay_of(&base)?.is_some() {
    return Err(Error::Input {
      path: path.to_owned(),
      message: format!(
        "is an overlay of {}, which is itself an overlay; overlays do not nest",
        base.display()
      ),
    });
  }
  if let Err(why) = Name::parse(environment) {
    return Err(Error::Input {
      path: path.to_owned(),
      message: format!(
        "is an environment overlay of {} (its name is <base>.<environment>.yaml), but the environment {environment:?} {why}",
        base.display()
      ),
    });
  }
  Ok(Some(Overlay {
    base,
    overlay: path.to_owned(),
    environment: environment.to_owned(),
  }))
}

/// The overlays of a base file, sorted.
fn overlays_of(base: &Path, listings: &mut Listings) -> Result<Vec<Overlay>, Error> {
  let Some((base_stem, _)) = stem(base) else {
    return Ok(Vec::new());
  };
  let dir = match base.parent() {
    Some(dir) if !dir.as_os_str().is_empty() => dir,
    _ => Path::new("."),
  };
  let mut found = Vec::new();
  for name in listings.named_after(dir, base_stem)? {
    let candidate = base.with_file_name(name);
    if candidate.is_file()
      && let Some(overlay) = overlay_of(&candidate)?
    {
      found.push(overlay);
    }
  }
  found.sort();
  Ok(found)
}

/// The file names of each directory looked into, by the base stem they would be overlays of
/// (`chat.prod.yaml` under `chat`): every directory is listed once, however many blueprints it
/// holds, so discovering a directory of `n` blueprints stays linear in `n`.
#[derive(Default)]
struct Listings(BTreeMap<PathBuf, BTreeMap<String, Vec<String>>>);

impl Listings {
  fn named_after(&mut self, dir: &Path, base_stem: &str) -> Result<&[String], Error> {
    let by_base = match self.0.entry(dir.to_owned()) {
      Entry::Occupied(entry) => entry.into_mut(),
      Entry::Vacant(entry) => {
        let mut by_base: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let entries = fs::read_dir(dir).map_err(|error| Error::io("list", dir, error))?;
        for entry in entries {
          let entry = entry.map_err(|error| Error::io("list", dir, error))?;
          let Ok(name) = entry.file_name().into_string() else {
            continue;
          };
          let base = stem(Path::new(&name))
            .and_then(|(s, _)| s.rsplit_once('.'))
            .map(|(base, _)| base.to_owned());
          if let Some(base) = base {
            by_base.entry(base).or_default().push(name);
          }
        }
        entry.insert(by_base)
      }
    };
    Ok(by_base.get(base_stem).map_or(&[], Vec::as_slice))
  }
}

/// Expands the command line into roots to load: blueprints, and bases paired with each
/// overlay. Naming a base (or its directory) means all its overlays.
pub(crate) fn discover(arguments: &[PathBuf]) -> Result<Vec<Input>, Error> {
  let mut inputs = Vec::new();
  let mut listings = Listings::default();
  for file in source::discover(arguments)? {
    // The repository's model-catalog overlay lives next to the blueprints but is not one.
    if file.file_name().and_then(|n| n.to_str()) == Some(source::CATALOG_OVERLAY_FILE) {
      continue;
    }
    if let Some(overlay) = overlay_of(&file)? {
      inputs.push(Input::Overlay(overlay));
      continue;
    }
    let overlays = overlays_of(&file, &mut listings)?;
    if overlays.is_empty() {
      inputs.push(Input::Blueprint(file));
    } else {
      inputs.extend(overlays.into_iter().map(Input::Overlay));
    }
  }
  // Command-line order, each input once (a base and its overlay may both be named).
  let mut seen = std::collections::BTreeSet::new();
  inputs.retain(|input| seen.insert(input.clone()));
  Ok(inputs)
}

/// The overlay merged onto the base (see the module documentation for the rules).
pub(crate) fn merge(base: Node, overlay: Node) -> Node {
  match (base, overlay) {
    (Node::Mapping(mut entries), Node::Mapping(changes)) => {
      for (key, value) in changes {
        let position = entries.iter().position(|(k, _)| *k == key);
        match (position, value) {
          (Some(index), Node::Null) => {
            entries.remove(index);
          }
          (None, Node::Null) => {}
          (Some(index), value) => {
            if let Some((_, slot)) = entries.get_mut(index) {
              let old = std::mem::replace(slot, Node::Null);
              *slot = merge(old, value);
            }
          }
          (None, value) => entries.push((key, merge(Node::Null, value))),
        }
      }
      Node::Mapping(entries)
    }
    // A new mapping still drops its `null` keys, so "null removes" holds at every depth.
    (_, Node::Mapping(changes)) => merge(Node::Mapping(Vec::new()), Node::Mapping(changes)),
    (_, overlay) => overlay,
  }
}

/// The node at `path`, if the document has one.
fn lookup<'a>(node: &'a Node, path: &[Segment]) -> Option<&'a Node> {
  let Some((first, rest)) = path.split_first() else {
    return Some(node);
  };
  let next = match (first, node) {
    (Segment::Key(key), Node::Mapping(entries)) => {
      entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    (Segment::Index(index), Node::Sequence(items)) => items.get(*index),
    _ => None,
  }?;
  lookup(next, rest)
}

/// True when the node a diagnostic is about comes from the overlay rather than the base.
fn from_overlay(base: &Node, overlay: &Node, path: &YamlPath) -> bool {
  let segments = path.segments();
  match (lookup(overlay, segments), lookup(base, segments)) {
    // A mapping both define: the base holds most of it, and the problem is usually there.
    (Some(Node::Mapping(_)), Some(_)) => false,
    (Some(_), _) => true,
    (None, Some(_)) => false,
    // Neither has it (a merged node's child): whoever replaced an ancestor wholesale.
    (None, None) => (1..segments.len()).rev().any(|len| {
      segments
        .get(..len)
        .and_then(|prefix| lookup(overlay, prefix))
        .is_some_and(|node| !matches!(node, Node::Mapping(_)))
    }),
  }
}

/// Adds file, line and column to diagnostics of a merged document.
pub(crate) fn locate_all(
  base: (&Source, &Node),
  overlay: (&Source, &Node),
  diagnostics: &mut [Diagnostic],
) {
  for diagnostic in diagnostics {
    let source = if from_overlay(base.1, overlay.1, &diagnostic.path) {
      overlay.0
    } else {
      base.0
    };
    source.locate_all(std::slice::from_mut(diagnostic));
  }
}

/// A blueprint read and parsed, not yet analyzed: one file, or a base and one overlay
/// merged. It keeps the texts, so diagnostics are located without reading the files again.
pub(crate) struct Document {
  pub(crate) node: Node,
  pub(crate) sources: Sources,
}

/// The files a document was read from.
pub(crate) enum Sources {
  One(Source),
  Overlay {
    base: (Source, Node),
    overlay: (Source, Node),
  },
}

impl Sources {
  /// The root's files as read, base first.
  pub(crate) fn files(&self) -> Vec<&Source> {
    match self {
      Sources::One(source) => vec![source],
      Sources::Overlay { base, overlay } => vec![&base.0, &overlay.0],
    }
  }

  /// Locates diagnostics in whichever file holds their node.
  pub(crate) fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
    match self {
      Sources::One(source) => source.locate_all(diagnostics),
      Sources::Overlay { base, overlay } => {
        locate_all((&base.0, &base.1), (&overlay.0, &overlay.1), diagnostics);
      }
    }
  }
}

/// Reads and parses one root's files.
pub(crate) fn read(input: &Input) -> Result<Document, Error> {
  match input {
    Input::Blueprint(path) => {
      let source = Source::read(path)?;
      let node = source::parse(&source).map_err(|diagnostics| Error::Blueprint { diagnostics })?;
      Ok(Document {
        node,
        sources: Sources::One(source),
      })
    }
    Input::Overlay(overlay) => read_overlay(overlay),
  }
}

/// Reads and parses both files, checks the overlay's environment and merges them.
fn read_overlay(input: &Overlay) -> Result<Document, Error> {
  let base_source = Source::read(&input.base)?;
  let overlay_source = Source::read(&input.overlay)?;
  let (base, overlay) = match (source::parse(&base_source), source::parse(&overlay_source)) {
    (Ok(base), Ok(overlay)) => (base, overlay),
    (base, overlay) => {
      let diagnostics = [base.err(), overlay.err()]
        .into_iter()
        .flatten()
        .flatten()
        .collect();
      return Err(Error::Blueprint { diagnostics });
    }
  };
  let mut problems = Vec::new();
  let environment = YamlPath::root().key("environment");
  if lookup(&base, environment.segments()).is_some() {
    let mut diagnostic = Diagnostic::error(
      environment.clone(),
      format!(
        "a base blueprint does not set `environment`; {} is its `{}` overlay",
        input.overlay.display(),
        input.environment
      ),
    )
    .at_key()
    .help("each overlay's file name gives its environment (<base>.<environment>.yaml); remove the key here");
    base_source.locate_all(std::slice::from_mut(&mut diagnostic));
    problems.push(diagnostic);
  }
  match lookup(&overlay, environment.segments()) {
    Some(Node::String(text)) if *text == input.environment => {}
    Some(_) => {
      let mut diagnostic = Diagnostic::error(
        environment.clone(),
        format!(
          "the file name makes this the `{}` overlay",
          input.environment
        ),
      )
      .help(format!(
        "remove `environment`, or write `environment: {}`; to add an environment, add a file <base>.<environment>.yaml",
        input.environment
      ));
      overlay_source.locate_all(std::slice::from_mut(&mut diagnostic));
      problems.push(diagnostic);
    }
    None => {}
  }
  if !matches!(overlay, Node::Mapping(_) | Node::Null) {
    let mut diagnostic = Diagnostic::error(
      YamlPath::root(),
      format!("expected a mapping, found {}", overlay.kind()),
    )
    .help("an overlay is a mapping of the blueprint keys it changes, e.g. `endpoints: {gpt-east: {capacity: 200}}`");
    overlay_source.locate_all(std::slice::from_mut(&mut diagnostic));
    problems.push(diagnostic);
  }
  if !problems.is_empty() {
    return Err(Error::Blueprint {
      diagnostics: problems,
    });
  }
  // An empty overlay file is a valid overlay that changes nothing.
  let changes = match &overlay {
    Node::Null => Node::Mapping(Vec::new()),
    other => other.clone(),
  };
  let mut merged = merge(base.clone(), changes);
  if let Node::Mapping(entries) = &mut merged
    && !entries.iter().any(|(k, _)| k == "environment")
  {
    entries.push((
      "environment".to_owned(),
      Node::String(input.environment.clone()),
    ));
  }
  Ok(Document {
    node: merged,
    sources: Sources::Overlay {
      base: (base_source, base),
      overlay: (overlay_source, overlay),
    },
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  fn yaml(text: &str) -> Node {
    crate::input::yaml::parse(text).unwrap_or(Node::Null)
  }

  #[test]
  fn maps_merge_lists_replace_null_removes() {
    let base = yaml(
      "name: chat\ntags: {team: ml, tier: gold}\nendpoints:\n  a: {cloud: azure, capacity: 10}\n  b: {cloud: aws}\nworkloads:\n  chat: {failover: [a, b]}\n",
    );
    let overlay = yaml(
      "tags: {tier: null, cost: \"1\"}\nendpoints:\n  a: {capacity: 20}\n  b: null\n  c: {cloud: gcp, extra: null}\nworkloads:\n  chat: {failover: [c, a]}\n",
    );
    let expected = yaml(
      "name: chat\ntags: {team: ml, cost: \"1\"}\nendpoints:\n  a: {cloud: azure, capacity: 20}\n  c: {cloud: gcp}\nworkloads:\n  chat: {failover: [c, a]}\n",
    );
    assert_eq!(merge(base, overlay), expected);
  }

  #[test]
  fn an_empty_overlay_changes_nothing() {
    let base = yaml("name: chat\ntags: {team: ml}\n");
    assert_eq!(merge(base.clone(), yaml("{}")), base);
  }

  #[test]
  fn diagnostics_point_into_the_file_that_holds_the_node() {
    let base =
      yaml("endpoints:\n  a: {capacity: 10, cloud: azure}\nworkloads:\n  w: {failover: [a]}\n");
    let overlay = yaml("endpoints:\n  a: {capacity: 7}\nworkloads:\n  w: {failover: [a, x]}\n");
    let path = |p: &[&str]| {
      p.iter()
        .fold(YamlPath::root(), |path, s| match s.parse::<usize>() {
          Ok(i) => path.index(i),
          Err(_) => path.key(s),
        })
    };
    assert!(from_overlay(
      &base,
      &overlay,
      &path(&["endpoints", "a", "capacity"])
    ));
    assert!(!from_overlay(
      &base,
      &overlay,
      &path(&["endpoints", "a", "cloud"])
    ));
    assert!(!from_overlay(&base, &overlay, &path(&["endpoints", "a"])));
    assert!(from_overlay(
      &base,
      &overlay,
      &path(&["workloads", "w", "failover", "1"])
    ));
  }
}
