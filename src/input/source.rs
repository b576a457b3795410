//! Blueprint files: finding them, reading them within limits, and locating diagnostics in them.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::input::diagnostic::Diagnostic;
use crate::input::error::Error;
use crate::input::location::Location;
use crate::input::node::Node;
use crate::input::yaml;
use crate::input::yaml_path::YamlPath;

/// Blueprints larger than this are refused before parsing: a blueprint describes endpoints,
/// not data, and the largest realistic monorepo blueprint is a few MiB.
pub(crate) const MAX_BLUEPRINT_BYTES: u64 = 16 * 1024 * 1024;

/// The default name of a repository's catalog overlay, looked for next to the blueprints (and
/// so never loaded as one).
pub(crate) const CATALOG_OVERLAY_FILE: &str = "switchyard-catalog.yaml";

#[derive(Debug)]
pub(crate) struct Source {
  pub(crate) path: PathBuf,
  pub(crate) text: String,
}

impl Source {
  pub(crate) fn read(path: &Path) -> Result<Self, Error> {
    let file = fs::File::open(path).map_err(|source| Error::io("read", path, source))?;
    let mut bytes = Vec::new();
    file
      .take(MAX_BLUEPRINT_BYTES + 1)
      .read_to_end(&mut bytes)
      .map_err(|source| Error::io("read", path, source))?;
    if bytes.len() as u64 > MAX_BLUEPRINT_BYTES {
      return Err(Error::Input {
        path: path.to_owned(),
        message: format!(
          "the file is larger than {} MiB, the limit for a blueprint",
          MAX_BLUEPRINT_BYTES / 1024 / 1024
        ),
      });
    }
    let text = String::from_utf8(bytes).map_err(|error| {
      // Locate the first bad byte by the valid text before it.
      let valid = error
        .as_bytes()
        .get(..error.utf8_error().valid_up_to())
        .unwrap_or_default();
      let before = String::from_utf8_lossy(valid);
      let line = before.matches('\n').count() + 1;
      let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
      let mut diagnostic = Diagnostic::error(
        YamlPath::root(),
        format!(
          "the file is not UTF-8 text (invalid byte at offset {})",
          valid.len()
        ),
      )
      .help("blueprints are UTF-8 YAML; is this a binary file or another encoding?");
      diagnostic.file = Some(path.to_owned());
      diagnostic.location = Some(Location::new(line, column));
      Error::Blueprint {
        diagnostics: vec![diagnostic],
      }
    })?;
    // YAML allows a byte-order mark before the stream; serde_yaml misreads one as a second
    // document, so it is dropped here (it is invisible, so positions stay as an editor shows).
    let text = match text.strip_prefix('\u{feff}') {
      Some(rest) => rest.to_owned(),
      None => text,
    };
    Ok(Self {
      path: path.to_owned(),
      text,
    })
  }

  /// Adds file, line, column and the offending line to each diagnostic. The positions are
  /// found in one pass over the document and the lines by index, so many diagnostics cost
  /// about what one does.
  pub(crate) fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
    let unplaced: Vec<usize> = (0..diagnostics.len())
      .filter(|i| diagnostics.get(*i).is_some_and(|d| d.location.is_none()))
      .collect();
    let wanted: Vec<_> = unplaced
      .iter()
      .filter_map(|i| diagnostics.get(*i))
      .map(|d| (&d.path, d.target))
      .collect();
    let found = yaml::locate_all(&self.text, &wanted);
    for (i, location) in unplaced.into_iter().zip(found) {
      if let Some(diagnostic) = diagnostics.get_mut(i) {
        diagnostic.location = location;
      }
    }
    let lines: Vec<&str> = if diagnostics.is_empty() {
      Vec::new()
    } else {
      self.text.lines().collect()
    };
    let mut shared: std::collections::BTreeMap<usize, std::sync::Arc<str>> = Default::default();
    for diagnostic in diagnostics {
      diagnostic.file = Some(self.path.clone());
      if let Some(location) = diagnostic.location {
        let index = location.line.saturating_sub(1);
        diagnostic.line_text = match shared.get(&index) {
          Some(line) => Some(line.clone()),
          None => lines.get(index).map(|line| {
            let line: std::sync::Arc<str> = (*line).into();
            shared.insert(index, line.clone());
            line
          }),
        };
      }
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

/// Expands the command line's BLUEPRINT arguments: files as given, directories to their
/// `*.yaml` and `*.yml` files (not recursive), sorted so runs are deterministic.
pub(crate) fn discover(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
  let mut files = Vec::new();
  for argument in arguments {
    let metadata = fs::metadata(argument).map_err(|source| Error::io("read", argument, source))?;
    if metadata.is_dir() {
      let mut found = Vec::new();
      let entries = fs::read_dir(argument).map_err(|source| Error::io("list", argument, source))?;
      for entry in entries {
        let entry = entry.map_err(|source| Error::io("list", argument, source))?;
        let path = entry.path();
        let is_yaml = matches!(
          path.extension().and_then(|e| e.to_str()),
          Some("yaml" | "yml")
        );
        if is_yaml && path.is_file() {
          found.push(path);
        }
      }
      if found.is_empty() {
        return Err(Error::Input {
          path: argument.clone(),
          message: "the directory holds no *.yaml or *.yml blueprint".to_owned(),
        });
      }
      found.sort();
      files.extend(found);
    } else {
      files.push(argument.clone());
    }
  }
  files.dedup();
  Ok(files)
}
