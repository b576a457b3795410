//! The front of the pipeline: file → source → nodes → validated blueprint → plan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analyzer::{self, Settings};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::plan::Plan;
use crate::source::{self, Source};
use crate::yaml;
use crate::yaml_path::YamlPath;

/// A blueprint that passed validation, with the warnings found on the way.
pub(crate) struct Loaded {
  pub(crate) path: PathBuf,
  pub(crate) plan: Plan,
  pub(crate) warnings: Vec<Diagnostic>,
}

/// Loads one file; every problem in it is reported at once.
pub(crate) fn load(path: &Path, settings: &Settings) -> Result<Loaded, Error> {
  let source = Source::read(path)?;
  let node = match yaml::parse(&source.text) {
    Ok(node) => node,
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
      let mut diagnostics = vec![diagnostic];
      source.locate_all(&mut diagnostics);
      return Err(Error::Blueprint { diagnostics });
    }
  };
  match analyzer::analyze(&node, settings) {
    Ok((blueprint, mut warnings)) => {
      source.locate_all(&mut warnings);
      let plan = Plan::new(blueprint)?;
      Ok(Loaded {
        path: path.to_owned(),
        plan,
        warnings,
      })
    }
    Err(mut diagnostics) => {
      source.locate_all(&mut diagnostics);
      Err(Error::Blueprint { diagnostics })
    }
  }
}

/// Loads every blueprint named on the command line. Problems of all files are reported
/// together; two blueprints that would render the same root are an error.
pub(crate) fn load_all(arguments: &[PathBuf], settings: &Settings) -> Result<Vec<Loaded>, Error> {
  let files = source::discover(arguments)?;
  let mut loaded = Vec::new();
  let mut diagnostics = Vec::new();
  for file in &files {
    match load(file, settings) {
      Ok(blueprint) => loaded.push(blueprint),
      Err(Error::Blueprint { diagnostics: found }) => diagnostics.extend(found),
      Err(other) => return Err(other),
    }
  }
  let mut roots: BTreeMap<String, &Path> = BTreeMap::new();
  for blueprint in &loaded {
    let root = blueprint.plan.root();
    if let Some(first) = roots.insert(root.clone(), &blueprint.path) {
      let mut diagnostic = Diagnostic::error(
        YamlPath::root().key("name"),
        format!("`{root}` is also the name and environment of {}", first.display()),
      )
      .help("each blueprint renders to <out>/<name>/<environment>; give one of them another name or environment");
      if let Ok(source) = Source::read(&blueprint.path) {
        source.locate_all(std::slice::from_mut(&mut diagnostic));
      }
      diagnostics.push(diagnostic);
    }
  }
  if diagnostics.iter().any(Diagnostic::is_error) {
    return Err(Error::Blueprint { diagnostics });
  }
  Ok(loaded)
}
