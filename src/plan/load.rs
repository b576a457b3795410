//! The front of the pipeline: file → source → nodes → validated blueprint → plan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analysis::analyzer::{self, Settings};
use crate::input::diagnostic::Diagnostic;
use crate::input::error::Error;
use crate::input::overlay::{self, Document, Input, Sources};
use crate::input::yaml_path::YamlPath;
use crate::plan::Plan;
use crate::support::parallel;

/// A blueprint that passed validation, with the warnings found on the way.
pub(crate) struct Loaded {
  pub(crate) path: PathBuf,
  /// The base blueprint when `path` is an environment overlay of it (see `overlay`).
  pub(crate) base: Option<PathBuf>,
  pub(crate) plan: Plan,
  pub(crate) warnings: Vec<Diagnostic>,
  /// The texts as read: they locate diagnostics found after loading, and the render memo
  /// keys a root on them (issue 17).
  pub(crate) sources: Sources,
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
    self.sources.locate_all(diagnostics);
  }
}

/// Loads one root; every problem in its files is reported at once.
fn load(input: &Input, settings: &Settings) -> Result<Loaded, Error> {
  let Document { node, sources } = overlay::read(input)?;
  let (path, base) = match input {
    Input::Blueprint(path) => (path.clone(), None),
    Input::Overlay(overlay) => (overlay.overlay.clone(), Some(overlay.base.clone())),
  };
  match analyzer::analyze(&node, settings) {
    Ok((blueprint, mut warnings)) => {
      sources.locate_all(&mut warnings);
      Ok(Loaded {
        path,
        base,
        plan: Plan::new(blueprint)?,
        warnings,
        sources,
      })
    }
    Err(mut diagnostics) => {
      sources.locate_all(&mut diagnostics);
      Err(Error::Blueprint { diagnostics })
    }
  }
}

/// Loads every blueprint named on the command line. Problems of all files are reported
/// together; two blueprints that would render the same root are an error.
pub(crate) fn load_all(arguments: &[PathBuf], settings: &Settings) -> Result<Vec<Loaded>, Error> {
  let inputs = overlay::discover(arguments)?;
  let mut loaded = Vec::new();
  let mut diagnostics = Vec::new();
  for result in parallel::map_shown(&inputs, "loading blueprints", |input| load(input, settings)) {
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
