//! The front of the pipeline: file → source → nodes → validated blueprint → plan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analyzer::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::node::Node;
use crate::overlay::{self, Input};
use crate::parallel;
use crate::plan::Plan;
use crate::source::Source;
use crate::yaml;
use crate::yaml_path::YamlPath;

/// A blueprint that passed validation, with the warnings found on the way.
pub(crate) struct Loaded {
  pub(crate) path: PathBuf,
  /// The base blueprint when `path` is an environment overlay of it (see `overlay`).
  pub(crate) base: Option<PathBuf>,
  pub(crate) plan: Plan,
  pub(crate) warnings: Vec<Diagnostic>,
  /// SHA-256 of the blueprint files as read (`memo::inputs`): part of the memo's key.
  pub(crate) inputs_digest: [u8; 32],
}

impl Loaded {
  /// The files this root is made from, base first.
  pub(crate) fn inputs(&self) -> Vec<&Path> {
    self
      .base
      .iter()
      .map(PathBuf::as_path)
      .chain([self.path.as_path()])
      .collect()
  }

  /// The files, as a user reads them: `chat.yaml + chat.prod.yaml`.
  pub(crate) fn origin(&self) -> String {
    let names: Vec<String> = self
      .inputs()
      .iter()
      .map(|p| p.display().to_string())
      .collect();
    names.join(" + ")
  }

  /// Locates diagnostics in whichever of the root's files holds their node.
  fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
    let parsed = |path: &Path| {
      let source = Source::read(path).ok()?;
      let node = parse(&source).ok()?;
      Some((source, node))
    };
    match &self.base {
      Some(base) => {
        if let (Some(base), Some(overlay)) = (parsed(base), parsed(&self.path)) {
          overlay::locate_all((&base.0, &base.1), (&overlay.0, &overlay.1), diagnostics);
        }
      }
      None => {
        if let Ok(source) = Source::read(&self.path) {
          source.locate_all(diagnostics);
        }
      }
    }
  }
}

/// Loads one file; every problem in it is reported at once.
pub(crate) fn load(path: &Path, settings: &Settings) -> Result<Loaded, Error> {
  let source = Source::read(path)?;
  let node = parse(&source).map_err(|diagnostics| Error::Blueprint { diagnostics })?;
  match analyzer::analyze(&node, settings) {
    Ok((blueprint, mut warnings)) => {
      source.locate_all(&mut warnings);
      let plan = Plan::new(blueprint)?;
      Ok(Loaded {
        path: path.to_owned(),
        base: None,
        plan,
        warnings,
        inputs_digest: crate::memo::inputs(&[&source]),
      })
    }
    Err(mut diagnostics) => {
      source.locate_all(&mut diagnostics);
      Err(Error::Blueprint { diagnostics })
    }
  }
}

/// Parses a source into nodes; a YAML error becomes one located diagnostic.
pub(crate) fn parse(source: &Source) -> Result<Node, Vec<Diagnostic>> {
  match yaml::parse(&source.text) {
    Ok(node) => Ok(node),
    Err(error) => {
      // A well-formed node Switchyard refuses has a path; a parse error only a position.
      let message = match error.path {
        Some(_) => error.message,
        None => format!("invalid YAML: {}", error.message),
      };
      let mut diagnostic = Diagnostic::error(error.path.unwrap_or_default(), message);
      diagnostic.location = error.location;

      if source.text.contains('\t') {
        diagnostic =
          diagnostic.help("YAML does not allow tabs for indentation; indent with spaces");
      }
      source.locate_all(std::slice::from_mut(&mut diagnostic));
      Err(vec![diagnostic])
    }
  }
}

fn load_input(input: &Input, settings: &Settings) -> Result<Loaded, Error> {
  match input {
    Input::Blueprint(path) => load(path, settings),
    Input::Overlay(overlay) => overlay::load(overlay, settings),
  }
}

/// Loads every blueprint named on the command line. Problems of all files are reported
/// together; two blueprints that would render the same root are an error.
pub(crate) fn load_all(arguments: &[PathBuf], settings: &Settings) -> Result<Vec<Loaded>, Error> {
  let inputs = overlay::discover(arguments)?;
  let mut loaded = Vec::new();
  let mut diagnostics = Vec::new();
  for result in parallel::map_shown(&inputs, "loading blueprints", |input| {
    load_input(input, settings)
  }) {
    match result {
      Ok(blueprint) => loaded.push(blueprint),
      Err(Error::Blueprint { diagnostics: found }) => diagnostics.extend(found),
      Err(other) => return Err(other),
    }
  }
  let mut roots: BTreeMap<String, String> = BTreeMap::new();
  for blueprint in &loaded {
    let root = blueprint.plan.root();
    if let Some(first) = roots.insert(root.clone(), blueprint.origin()) {
      let mut diagnostic = Diagnostic::error(
        YamlPath::root().key("name"),
        format!("`{root}` is also the name and environment of {first}"),
      )
      .help("each blueprint renders to <out>/<name>/<environment>; give one of them another name or environment");
      blueprint.locate_all(std::slice::from_mut(&mut diagnostic));
      diagnostics.push(diagnostic);
    }
  }
  if diagnostics.iter().any(Diagnostic::is_error) {
    return Err(Error::Blueprint { diagnostics });
  }
  Ok(loaded)
}
