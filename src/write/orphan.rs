//! Rendered roots that no blueprint produces any more.
//!
//! Renaming a blueprint or an environment makes `render` write a new root beside the old
//! one, and the old root stays: its Terraform state still manages the cloud objects, so
//! applying the new root builds a second copy of the stack (issue 14). Each manifest records
//! the blueprint files its root was rendered from, relative to the root's directory, so the
//! record is the same whatever directory Switchyard runs in. A root under `--out` whose
//! manifest names a source that is one of this run's blueprints (which now renders other
//! roots), or a source that no longer exists, is orphaned. A root whose sources exist but were
//! not given is another run's business and is left alone, so rendering one blueprint of many
//! reports nothing about the others. Roots rendered before manifests recorded their sources
//! cannot be told apart and are not reported; one `render` records them.
//!
//! `render --prune` removes an orphaned root's generated files that still have the hash its
//! manifest lists, and only at paths Switchyard could have generated (the manifest is
//! untrusted, as in `output`); edited and foreign files stay.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::input::error::Error;
use crate::render::manifest;
use crate::write::guard::Guard;
use crate::write::guard::read_limited;
use crate::write::output::previous_manifest;
use crate::write::transaction::MAX_RECORD_BYTES;

/// A rendered root no blueprint produces any more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Orphan {
  /// `<name>/<environment>`.
  pub(crate) root: String,
  /// The root's directory under `--out`.
  pub(crate) directory: String,
  /// The blueprint files the manifest names, as it names them (relative to the root).
  pub(crate) sources: Vec<String>,
  pub(crate) reason: String,
}

/// What to do about an orphan, in one sentence.
pub(crate) const HINT: &str = "its Terraform state still manages the cloud objects: move the state to the root that replaces it (`terraform state mv`, or the backend key) or destroy it with `terraform destroy`, then remove the root with `switchyard render --prune`";

/// `path` made absolute against the working directory, `.` and `..` resolved by name.
pub(crate) fn absolute(path: &Path) -> PathBuf {
  let joined = if path.is_absolute() {
    path.to_owned()
  } else {
    std::env::current_dir().unwrap_or_default().join(path)
  };
  let mut normal = PathBuf::new();
  for component in joined.components() {
    match component {
      Component::CurDir => {}
      Component::ParentDir => {
        normal.pop();
      }
      other => normal.push(other),
    }
  }
  normal
}

/// `file` relative to the directory `from`, with `/` separators: what a manifest records.
pub(crate) fn relative(from: &Path, file: &Path) -> String {
  let from = absolute(from);
  let file = absolute(file);
  let from: Vec<Component<'_>> = from.components().collect();
  let file: Vec<Component<'_>> = file.components().collect();
  let common = from.iter().zip(&file).take_while(|(a, b)| a == b).count();
  let mut parts: Vec<String> = vec!["..".to_owned(); from.len().saturating_sub(common)];
  parts.extend(
    file
      .iter()
      .skip(common)
      .map(|c| c.as_os_str().to_string_lossy().into_owned()),
  );
  parts.join("/")
}

/// The directories under `out` that look like roots: `<name>/<environment>`, neither hidden.
fn candidates(out: &Path) -> Vec<String> {
  let mut roots = Vec::new();
  let visible_dirs = |dir: &Path| -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
      return Vec::new();
    };
    let mut names: Vec<String> = entries
      .flatten()
      .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
      .filter_map(|e| e.file_name().into_string().ok())
      .filter(|name| !name.starts_with('.'))
      .collect();
    names.sort();
    names
  };
  for name in visible_dirs(out) {
    for environment in visible_dirs(&out.join(&name)) {
      roots.push(format!("{name}/{environment}"));
    }
  }
  roots
}

/// The orphaned roots under `out`, given the roots this run renders and its blueprint files.
pub(crate) fn find<'a>(
  out: &Path,
  rendered: impl IntoIterator<Item = &'a str>,
  inputs: &[PathBuf],
) -> Result<Vec<Orphan>, Error> {
  let produced: BTreeSet<&str> = rendered.into_iter().collect();
  let given: BTreeSet<PathBuf> = inputs.iter().map(|p| absolute(p)).collect();
  let mut guard = Guard::new(out);
  let mut orphans = Vec::new();
  for root in candidates(out) {
    if produced.contains(root.as_str()) {
      continue;
    }
    // A root behind a link, or with an unreadable manifest, is not Switchyard's to judge.
    let Ok(Some(manifest)) = previous_manifest(&mut guard, &root) else {
      continue;
    };
    let directory = out.join(&root);
    let resolved: Vec<PathBuf> = manifest
      .sources
      .iter()
      .map(|source| absolute(&directory.join(source)))
      .collect();
    let reason = if let Some(source) = resolved.iter().find(|s| given.contains(*s)) {
      format!(
        "{} no longer renders it (was its name or environment renamed?)",
        relative(Path::new("."), source)
      )
    } else if let Some(source) = resolved.iter().find(|s| !s.exists()) {
      format!(
        "its blueprint {} no longer exists (was it renamed or deleted?)",
        relative(Path::new("."), source)
      )
    } else {
      continue;
    };
    orphans.push(Orphan {
      root: root.clone(),
      directory: directory.display().to_string(),
      sources: manifest.sources.clone(),
      reason: crate::support::text::escape_controls(&reason).into_owned(),
    });
  }
  Ok(orphans)
}

/// What `render --prune` did to one orphan.
pub(crate) struct Pruned {
  pub(crate) removed: usize,
  /// Files left in place: edited since they were generated, or not Switchyard's.
  pub(crate) kept: Vec<String>,
}

/// Removes an orphan's generated, unedited files, its manifest last, and the directories
/// that leaves empty. Anything else in the root stays, and so does the root if not empty.
pub(crate) fn prune(out: &Path, orphan: &Orphan) -> Result<Pruned, Error> {
  let mut guard = Guard::new(out);
  let Some(manifest) = previous_manifest(&mut guard, &orphan.root)? else {
    return Ok(Pruned {
      removed: 0,
      kept: Vec::new(),
    });
  };
  let root = out.join(&orphan.root);
  let mut removed = 0;
  let mut kept = Vec::new();
  for (file, hash) in &manifest.files {
    if file == manifest::FILE || !crate::render::could_generate(file) {
      continue;
    }
    let located = guard.locate(&format!("{}/{file}", orphan.root))?;
    if !located.exists {
      continue;
    }
    let bytes = read_limited(&located.path, MAX_RECORD_BYTES)?;
    if bytes.is_some_and(|b| manifest::sha256(&b) == *hash) {
      fs::remove_file(&located.path).map_err(|e| Error::io("remove", &located.path, e))?;
      removed += 1;
      crate::write::transaction::remove_empty_parents(&root, &located.path);
    } else {
      kept.push(file.clone());
    }
  }
  let manifest_path = root.join(manifest::FILE);
  if kept.is_empty() {
    fs::remove_file(&manifest_path).map_err(|e| Error::io("remove", &manifest_path, e))?;
    // The root, then `<name>/`, if nothing else is left in them.
    let _ = fs::remove_dir(&root);
    if let Some(parent) = root.parent() {
      let _ = fs::remove_dir(parent);
    }
  }
  Ok(Pruned { removed, kept })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn relative_paths_climb_out_of_the_root() {
    assert_eq!(
      relative(
        Path::new("/r/out/chat/prod"),
        Path::new("/r/blueprints/chat.yaml")
      ),
      "../../../blueprints/chat.yaml"
    );
    assert_eq!(
      relative(
        Path::new("/r/./out/../out/chat"),
        Path::new("/r/out/chat/a.yaml")
      ),
      "a.yaml"
    );
    assert_eq!(
      absolute(Path::new("/a/b/../c/./d")),
      PathBuf::from("/a/c/d")
    );
  }
}
