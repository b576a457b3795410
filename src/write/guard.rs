//! Paths under the output directory, checked so that nothing is read or written elsewhere.
//!
//! A relative path must be made of plain components (no absolute path, no `..`), and no
//! component between the output directory and the file may be a symbolic link, so a link
//! planted in the tree cannot redirect a write. A root's thousands of files share a handful of
//! directories, so a `Guard` checks each directory once and remembers whether it exists: a
//! file under a missing directory cannot exist, and is neither looked at nor read (rendering
//! into an empty tree touches the disk only to write). Files are looked up in their
//! directory's listing, read once (its entries say which are links), instead of with one
//! `lstat` each: an up-to-date root of 70 files costs a few listings, not 70 system calls.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use crate::input::error::Error;

pub(crate) struct Guard<'a> {
  out: &'a Path,
  /// Directories checked so far, relative to `out`: whether each exists.
  directories: BTreeMap<String, bool>,
  /// The entries of each existing directory a file was looked for in, relative to `out`
  /// ("" is `out` itself): whether each is a symbolic link.
  listings: BTreeMap<String, BTreeMap<String, bool>>,
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
      listings: BTreeMap::new(),
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
    let (parent, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let parent_exists = parent.is_empty() || self.directory(parent)?;
    let exists = match self.listing(parent, parent_exists).get(name) {
      Some(true) => return Err(link_error(path)),
      Some(false) => true,
      None => false,
    };
    Ok(Located { path, exists })
  }

  /// The entries of the directory `relative`, listed on first use; none when it does not
  /// exist or cannot be listed (then nothing in it can be read either).
  fn listing(&mut self, relative: &str, exists: bool) -> &BTreeMap<String, bool> {
    self.listings.entry(relative.to_owned()).or_insert_with(|| {
      let mut entries = BTreeMap::new();
      let Some(listing) = exists
        .then(|| fs::read_dir(self.out.join(relative)).ok())
        .flatten()
      else {
        return entries;
      };
      for entry in listing.flatten() {
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if let Ok(name) = entry.file_name().into_string() {
          entries.insert(name, is_link);
        }
      }
      entries
    })
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

/// Joins a rendered relative path to the output directory after checking it stays inside and
/// passes through no symbolic link.
pub(crate) fn target(out: &Path, relative: &str) -> Result<PathBuf, Error> {
  Guard::new(out).locate(relative).map(|located| located.path)
}

pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, Error> {
  match fs::read(path) {
    Ok(bytes) => Ok(Some(bytes)),
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
    Err(error) => Err(Error::io("read", path, error)),
  }
}

/// Reads a record Switchyard keeps in the tree (a manifest, a journal), if it is there. The
/// tree may come from a pull request: a record larger than `max` bytes is not one Switchyard
/// wrote, and is reported as absent rather than read whole into memory.
pub(crate) fn read_limited(path: &Path, max: u64) -> Result<Option<Vec<u8>>, Error> {
  let file = match fs::File::open(path) {
    Ok(file) => file,
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
    Err(error) => return Err(Error::io("read", path, error)),
  };
  let mut bytes = Vec::new();
  file
    .take(max + 1)
    .read_to_end(&mut bytes)
    .map_err(|error| Error::io("read", path, error))?;
  Ok((bytes.len() as u64 <= max).then_some(bytes))
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

  /// A file found through its directory's listing: a link in place of a generated file is
  /// refused like a link in place of a directory, and the listing is what `exists` says.
  #[test]
  fn a_linked_file_is_refused_and_files_exist_as_listed() {
    let out = std::env::temp_dir().join(format!("switchyard-guard-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let root = out.join("chat/prod");
    fs::create_dir_all(root.join("modules")).unwrap();
    fs::write(root.join("main.tf"), "").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", root.join("outputs.tf")).unwrap();
    std::os::unix::fs::symlink("/tmp", root.join("failover")).unwrap();
    let mut guard = Guard::new(&out);
    let exists = |guard: &mut Guard<'_>, path: &str| guard.locate(path).map(|l| l.exists).ok();
    assert_eq!(exists(&mut guard, "chat/prod"), Some(true));
    assert_eq!(exists(&mut guard, "chat/prod/main.tf"), Some(true));
    assert_eq!(exists(&mut guard, "chat/prod/modules"), Some(true));
    assert_eq!(exists(&mut guard, "chat/prod/variables.tf"), Some(false));
    assert_eq!(
      exists(&mut guard, "chat/prod/modules/aws/main.tf"),
      Some(false)
    );
    assert_eq!(exists(&mut guard, "chat/prod/outputs.tf"), None);
    assert_eq!(exists(&mut guard, "chat/prod/failover/a.json"), None);
    let _ = fs::remove_dir_all(&out);
  }
}
