//! Paths under the output directory, checked so that nothing is read or written elsewhere.
//!
//! A relative path must be made of plain components (no absolute path, no `..`), and no
//! component between the output directory and the file may be a symbolic link, so a link
//! planted in the tree cannot redirect a write. A root's thousands of files share a handful of
//! directories, so a `Guard` checks each directory once and remembers whether it exists: a
//! file under a missing directory cannot exist, and is neither looked at nor read (rendering
//! into an empty tree touches the disk only to write).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

pub(crate) struct Guard<'a> {
  out: &'a Path,
  /// Directories checked so far, relative to `out`: whether each exists.
  directories: BTreeMap<String, bool>,
}

/// A checked path, and whether something (not a link) is there.
pub(crate) struct Located {
  pub(crate) path: PathBuf,
  pub(crate) exists: bool,
}

fn link_error(path: PathBuf) -> Error {
  Error::Input {
    path,
    message: "is a symbolic link; Switchyard does not write through links in the output directory"
      .to_owned(),
  }
}

impl<'a> Guard<'a> {
  pub(crate) fn new(out: &'a Path) -> Self {
    Self {
      out,
      directories: BTreeMap::new(),
    }
  }

  /// Checks `relative` (a file or a directory) and says whether it exists.
  pub(crate) fn locate(&mut self, relative: &str) -> Result<Located, Error> {
    let normal = Path::new(relative)
      .components()
      .all(|c| matches!(c, Component::Normal(_)));
    if !normal || relative.is_empty() {
      return Err(Error::internal(format!(
        "refusing to write outside the output directory: {relative:?}"
      )));
    }
    let path = self.out.join(relative);
    let parent_exists = match relative.rsplit_once('/') {
      Some((parent, _)) => self.directory(parent)?,
      None => true,
    };
    let exists = parent_exists && self.exists_not_link(&path)?;
    Ok(Located { path, exists })
  }

  /// Whether the directory `relative` exists, checking it and its parents once.
  fn directory(&mut self, relative: &str) -> Result<bool, Error> {
    if let Some(exists) = self.directories.get(relative) {
      return Ok(*exists);
    }
    let parent_exists = match relative.rsplit_once('/') {
      Some((parent, _)) => self.directory(parent)?,
      None => true,
    };
    let exists = parent_exists && self.exists_not_link(&self.out.join(relative))?;
    self.directories.insert(relative.to_owned(), exists);
    Ok(exists)
  }

  fn exists_not_link(&self, path: &Path) -> Result<bool, Error> {
    match fs::symlink_metadata(path) {
      Ok(metadata) if metadata.file_type().is_symlink() => Err(link_error(path.to_owned())),
      Ok(_) => Ok(true),
      Err(_) => Ok(false),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn refuses_paths_that_leave_the_output_directory() {
    let out = Path::new("/tmp/switchyard-never");
    let mut guard = Guard::new(out);
    assert!(guard.locate("../etc/passwd").is_err());
    assert!(guard.locate("/etc/passwd").is_err());
    assert!(guard.locate("").is_err());
    let located = guard.locate("a/b.tf").map_err(|e| e.to_string());
    assert!(located.is_ok_and(|l| !l.exists && l.path == out.join("a/b.tf")));
  }
}
