//! Writing rendered files under the output directory, and nowhere else.
//!
//! Every path is relative, built from validated names and template names, and checked again
//! here: no absolute paths, no `..`, and no symbolic link anywhere between the output
//! directory and the file, so a link planted in the tree cannot redirect a write. Each file is
//! written to a temporary sibling and renamed over the old one, so a reader never sees half a
//! file; unchanged files are not touched, so their modification times stay. A file is deleted
//! only when the root's previous manifest lists it, the new render no longer makes it, and its
//! content still has the hash Switchyard wrote: files a user added, or edited, are never removed.

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::manifest::{self, Manifest};
use crate::render::Rendered;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
  Create,
  Update,
  Delete,
  /// Generated earlier, no longer rendered, but edited by hand since: left in place.
  KeepEdited,
  Unchanged,
}

impl Change {
  pub(crate) fn verb(self) -> &'static str {
    match self {
      Change::Create => "create",
      Change::Update => "change",
      Change::Delete => "delete",
      Change::KeepEdited => "keep (edited by hand, no longer generated)",
      Change::Unchanged => "unchanged",
    }
  }
}

/// Joins a rendered relative path to the output directory after checking it stays inside.
pub(crate) fn target(out: &Path, relative: &str) -> Result<PathBuf, Error> {
  let relative_path = Path::new(relative);
  let normal = relative_path
    .components()
    .all(|c| matches!(c, Component::Normal(_)));
  if !normal || relative.is_empty() {
    return Err(Error::internal(format!(
      "refusing to write outside the output directory: {relative:?}"
    )));
  }
  let mut current = out.to_owned();
  for component in relative_path.components() {
    current.push(component);
    if let Ok(metadata) = fs::symlink_metadata(&current) {
      if metadata.file_type().is_symlink() {
        return Err(Error::Input {
          path: current,
          message:
            "is a symbolic link; Switchyard does not write through links in the output directory"
              .to_owned(),
        });
      }
    }
  }
  Ok(current)
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, Error> {
  match fs::read(path) {
    Ok(bytes) => Ok(Some(bytes)),
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
    Err(error) => Err(Error::io("read", path, error)),
  }
}

/// What writing `rendered` would do to each file, sorted by path.
pub(crate) fn changes(out: &Path, rendered: &Rendered) -> Result<Vec<(String, Change)>, Error> {
  let mut changes = Vec::with_capacity(rendered.files.len());
  for (relative, text) in &rendered.files {
    let path = target(out, relative)?;
    let change = match read_if_exists(&path)? {
      Some(existing) if existing == text.as_bytes() => Change::Unchanged,
      Some(_) => Change::Update,
      None => Change::Create,
    };
    changes.push((relative.clone(), change));
  }
  let manifest_path = target(out, &format!("{}/{}", rendered.root, manifest::FILE))?;
  let previous = read_if_exists(&manifest_path)?
    .and_then(|bytes| String::from_utf8(bytes).ok())
    .and_then(|text| Manifest::parse(&text));
  for (file, hash) in previous.map(|m| m.files).unwrap_or_default() {
    let relative = format!("{}/{file}", rendered.root);
    if rendered.files.contains_key(&relative) {
      continue;
    }
    let path = target(out, &relative)?;
    match read_if_exists(&path)? {
      Some(existing) if manifest::sha256(&existing) == hash => {
        changes.push((relative, Change::Delete))
      }
      Some(_) => changes.push((relative, Change::KeepEdited)),
      None => {}
    }
  }
  changes.sort();
  Ok(changes)
}

/// Writes the files that differ; returns what changed.
pub(crate) fn write(out: &Path, rendered: &Rendered) -> Result<Vec<(String, Change)>, Error> {
  let changes = changes(out, rendered)?;
  for (relative, change) in &changes {
    let path = target(out, relative)?;
    match change {
      Change::Create | Change::Update => {
        let text = rendered.files.get(relative).ok_or_else(|| {
          Error::internal(format!("{relative} is to be written but was not rendered"))
        })?;
        write_atomically(&path, text.as_bytes())?;
      }
      Change::Delete => {
        fs::remove_file(&path).map_err(|error| Error::io("delete", &path, error))?;
        remove_empty_parents(out, &path);
      }
      Change::KeepEdited | Change::Unchanged => {}
    }
  }
  Ok(changes)
}

/// Removes directories left empty by deletions, up to (not including) the output directory.
fn remove_empty_parents(out: &Path, file: &Path) {
  let mut current = file.parent();
  while let Some(dir) = current {
    if dir == out || !dir.starts_with(out) || fs::remove_dir(dir).is_err() {
      break;
    }
    current = dir.parent();
  }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
  let parent = path
    .parent()
    .ok_or_else(|| Error::internal(format!("{} has no parent directory", path.display())))?;
  fs::create_dir_all(parent).map_err(|source| Error::io("create", parent, source))?;
  let file_name = path
    .file_name()
    .map(|n| n.to_string_lossy().into_owned())
    .unwrap_or_default();
  let temporary = parent.join(format!(".{file_name}.switchyard-tmp"));
  let result = (|| {
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)
  })();
  if let Err(error) = result {
    let _ = fs::remove_file(&temporary);
    return Err(Error::io("write", path, error));
  }
  Ok(())
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn refuses_paths_that_leave_the_output_directory() {
    let out = Path::new("/tmp/switchyard-never");
    assert!(target(out, "../etc/passwd").is_err());
    assert!(target(out, "/etc/passwd").is_err());
    assert!(target(out, "a/b.tf").is_ok());
    assert!(target(out, "").is_err());
  }
}
