//! Writing rendered roots under the output directory, and nowhere else.
//!
//! Every path is relative, built from validated names and template names, and checked again
//! here: no absolute paths, no `..`, and no symbolic link anywhere between the output
//! directory and the file, so a link planted in the tree cannot redirect a write.
//!
//! What may change: a file the new render makes (created, or replaced when its content
//! differs), and a file the root's previous manifest lists that the render no longer makes and
//! that still has the hash Switchyard wrote (deleted). Nothing else is touched: files a user
//! added (`backend.tf`, a README, `.terraform/`) are invisible here, a generated file edited by
//! hand is replaced only with `--force`, and unchanged files are not rewritten, so their
//! modification times stay.
//!
//! Each root is written as one transaction (see `transaction`): an interrupted render leaves
//! the previous tree byte-identical.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::manifest::{self, Manifest};
use crate::render::Rendered;
use crate::transaction;

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

  /// The word of the JSON plan schema.
  pub(crate) fn key(self) -> &'static str {
    match self {
      Change::Create => "create",
      Change::Update => "update",
      Change::Delete => "delete",
      Change::KeepEdited => "keep",
      Change::Unchanged => "unchanged",
    }
  }
}

/// Why replacing an existing file would lose someone's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Conflict {
  /// The manifest lists the file, but its content no longer has the hash Switchyard wrote.
  EditedByHand,
  /// The file is where a generated file goes, but Switchyard's manifest does not list it.
  NotGenerated,
}

impl Conflict {
  pub(crate) fn describe(self) -> &'static str {
    match self {
      Conflict::EditedByHand => "edited by hand after Switchyard wrote it",
      Conflict::NotGenerated => "not written by Switchyard",
    }
  }
}

/// What writing a root would do to one file (path relative to the output directory).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FileChange {
  pub(crate) path: String,
  pub(crate) change: Change,
  /// Set on an `Update` that would overwrite someone's work.
  pub(crate) conflict: Option<Conflict>,
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

pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, Error> {
  match fs::read(path) {
    Ok(bytes) => Ok(Some(bytes)),
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
    Err(error) => Err(Error::io("read", path, error)),
  }
}

/// The manifest the last render left in a root, if there is a readable one.
pub(crate) fn previous_manifest(out: &Path, root: &str) -> Result<Option<Manifest>, Error> {
  let path = target(out, &format!("{root}/{}", manifest::FILE))?;
  Ok(
    read_if_exists(&path)?
      .and_then(|bytes| String::from_utf8(bytes).ok())
      .and_then(|text| Manifest::parse(&text)),
  )
}

/// What writing `rendered` would do to each file, sorted by path.
pub(crate) fn changes(out: &Path, rendered: &Rendered) -> Result<Vec<FileChange>, Error> {
  transaction::check_not_interrupted(out, &rendered.root)?;
  let previous = previous_manifest(out, &rendered.root)?.unwrap_or_default();
  let mut changes = Vec::with_capacity(rendered.files.len());
  for (relative, text) in &rendered.files {
    let path = target(out, relative)?;
    let (change, conflict) = match read_if_exists(&path)? {
      Some(existing) if existing == text.as_bytes() => (Change::Unchanged, None),
      Some(existing) => {
        let within_root = relative
          .strip_prefix(&format!("{}/", rendered.root))
          .unwrap_or(relative);
        let conflict = match previous.files.get(within_root) {
          _ if within_root == manifest::FILE => None,
          Some(hash) if *hash == manifest::sha256(&existing) => None,
          Some(_) => Some(Conflict::EditedByHand),
          None => Some(Conflict::NotGenerated),
        };
        (Change::Update, conflict)
      }
      None => (Change::Create, None),
    };
    changes.push(FileChange {
      path: relative.clone(),
      change,
      conflict,
    });
  }
  for (file, hash) in &previous.files {
    let relative = format!("{}/{file}", rendered.root);
    if rendered.files.contains_key(&relative) {
      continue;
    }
    let path = target(out, &relative)?;
    let change = match read_if_exists(&path)? {
      Some(existing) if manifest::sha256(&existing) == *hash => Change::Delete,
      Some(_) => Change::KeepEdited,
      None => continue,
    };
    changes.push(FileChange {
      path: relative,
      change,
      conflict: None,
    });
  }
  changes.sort();
  Ok(changes)
}

/// Writes one root: the files that differ, as one transaction. Refuses, before touching
/// anything, when that would overwrite someone's work and `force` is not given.
pub(crate) fn write(
  out: &Path,
  rendered: &Rendered,
  force: bool,
) -> Result<Vec<FileChange>, Error> {
  transaction::recover(out, &rendered.root)?;
  let changes = changes(out, rendered)?;
  let conflicts: Vec<&FileChange> = changes.iter().filter(|c| c.conflict.is_some()).collect();
  if !force && !conflicts.is_empty() {
    return Err(refusal(out, &rendered.root, &conflicts));
  }
  transaction::apply(out, rendered, &changes)?;
  Ok(changes)
}

fn refusal(out: &Path, root: &str, conflicts: &[&FileChange]) -> Error {
  let mut message = String::from("render would overwrite work that is not Switchyard's:");
  for conflict in conflicts {
    message.push_str(&format!(
      "\n  {}/{} (was {})",
      out.display(),
      conflict.path,
      conflict
        .conflict
        .map(Conflict::describe)
        .unwrap_or_default()
    ));
  }
  message.push_str(
    "\nnothing was written. Put the change in the blueprint (or a --templates override) so it \
survives the next render, or run again with --force to replace these files with the rendered ones \
(`switchyard render --check` shows the difference)",
  );
  Error::Input {
    path: out.join(root),
    message,
  }
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
