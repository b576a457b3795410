//! Writing rendered files under the output directory, and nowhere else.
//!
//! Every path is relative, built from validated names and template names, and checked again
//! here: no absolute paths, no `..`, and no symbolic link anywhere between the output
//! directory and the file, so a link planted in the tree cannot redirect a write. Each file is
//! written to a temporary sibling and renamed over the old one, so a reader never sees half a
//! file; unchanged files are not touched, so their modification times stay.

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::render::Rendered;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
  Create,
  Update,
  Unchanged,
}

impl Change {
  pub(crate) fn verb(self) -> &'static str {
    match self {
      Change::Create => "create",
      Change::Update => "change",
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

/// What writing `rendered` would do to each file.
pub(crate) fn changes(out: &Path, rendered: &Rendered) -> Result<Vec<(String, Change)>, Error> {
  let mut changes = Vec::with_capacity(rendered.files.len());
  for (relative, text) in &rendered.files {
    let path = target(out, relative)?;
    let change = match fs::read(&path) {
      Ok(existing) if existing == text.as_bytes() => Change::Unchanged,
      Ok(_) => Change::Update,
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => Change::Create,
      Err(error) => return Err(Error::io("read", &path, error)),
    };
    changes.push((relative.clone(), change));
  }
  Ok(changes)
}

/// Writes the files that differ; returns what changed.
pub(crate) fn write(out: &Path, rendered: &Rendered) -> Result<Vec<(String, Change)>, Error> {
  let changes = changes(out, rendered)?;
  for (relative, change) in &changes {
    if *change == Change::Unchanged {
      continue;
    }
    let path = target(out, relative)?;
    let text = rendered
      .files
      .get(relative)
      .map(String::as_str)
      .unwrap_or_default();
    write_atomically(&path, text.as_bytes())?;
  }
  Ok(changes)
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
