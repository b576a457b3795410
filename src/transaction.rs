//! One root's files written as a transaction: all of them, or none.
//!
//! A root that does not exist yet is built whole in a hidden sibling directory and renamed
//! into place, one atomic rename. An existing root cannot be swapped as a directory, because
//! it holds files Switchyard must not touch (a user's `backend.tf`, `.terraform/` with its
//! providers, a shell sitting in it), so its changed files go through a journal in
//! `<root>/.switchyard-txn/`:
//!
//! 1. stage: every new content is written under `new/` (synced as `durability` says); the tree
//!    is untouched;
//! 2. back up: every file to be replaced or deleted is hard-linked under `old/` (same inode,
//!    same bytes, same modification time), and `journal.json` lists the operations;
//! 3. apply: staged files are renamed over their targets (each rename is atomic), stale
//!    files are removed, the manifest last;
//! 4. the transaction directory is removed.
//!
//! A failure in step 3 rolls back at once from the backups; a crash (kill -9, or power loss
//! under a policy that syncs before the commit) leaves the journal, and the next `render` rolls back before doing anything else, while
//! `plan` and `render --check` refuse to compare against a half-written root. Either way the
//! old tree comes back byte-identical.
//!
//! `SWITCHYARD_FAIL_AFTER_WRITES=N` (debug builds only, for the tests) makes the write
//! operation after the first N fail, to simulate an interruption at any point; with
//! `SWITCHYARD_FAIL_MODE=exit` the process exits there instead, as if killed.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::durability;
use crate::error::Error;
use crate::manifest;
use crate::output::{Change, FileChange, target};
use crate::render::Rendered;

/// The transaction directory inside an existing root.
pub(crate) const DIR: &str = ".switchyard-txn";
const JOURNAL: &str = "journal.json";

#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Journal {
  /// Paths relative to the root.
  created: Vec<String>,
  replaced: Vec<String>,
  deleted: Vec<String>,
  /// Directories the apply step created, deepest last.
  directories: Vec<String>,
}

/// Counts write operations for the failure hook.
static WRITES: AtomicUsize = AtomicUsize::new(0);

/// The failure hook: `Err` once `SWITCHYARD_FAIL_AFTER_WRITES` operations have succeeded.
fn checkpoint(path: &Path) -> Result<(), Error> {
  if !cfg!(debug_assertions) {
    return Ok(());
  }
  let Some(limit) = std::env::var("SWITCHYARD_FAIL_AFTER_WRITES")
    .ok()
    .and_then(|v| v.parse::<usize>().ok())
  else {
    return Ok(());
  };
  if WRITES.fetch_add(1, Ordering::SeqCst) >= limit {
    if std::env::var("SWITCHYARD_FAIL_MODE").as_deref() == Ok("exit") {
      // A crash: no error handling, no rollback; the next render must recover.
      std::process::exit(101);
    }
    return Err(Error::io(
      "write",
      path,
      std::io::Error::other("simulated failure (SWITCHYARD_FAIL_AFTER_WRITES)"),
    ));
  }
  Ok(())
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
  move |error| Error::io(action, path, error)
}

/// Writes one file, synced when the durability policy says so (`durability`: by default the
/// rename that commits it is the guarantee, not a sync); `made` remembers the directories
/// already created, so the files of one directory cost one `create_dir_all` between them.
fn write_synced(path: &Path, bytes: &[u8], made: &mut BTreeSet<PathBuf>) -> Result<(), Error> {
  checkpoint(path)?;
  if let Some(parent) = path.parent() {
    if !made.contains(parent) {
      fs::create_dir_all(parent).map_err(io("create", parent))?;
      made.insert(parent.to_owned());
    }
  }
  let mut file = fs::File::create(path).map_err(io("write", path))?;
  file.write_all(bytes).map_err(io("write", path))?;
  if durability::policy().syncs_each_file() {
    file.sync_all().map_err(io("write", path))?;
  }
  Ok(())
}

/// Makes renames and removals in `dir` durable, when the durability policy asks for it.
fn sync_dir(dir: &Path) {
  if !durability::policy().syncs_directories() {
    return;
  }
  if let Ok(handle) = fs::File::open(dir) {
    let _ = handle.sync_all();
  }
}

fn root_dir(out: &Path, root: &str) -> Result<PathBuf, Error> {
  target(out, root)
}

/// The hidden sibling a new root is built in: `<out>/<name>/.<environment>.switchyard-new`.
fn staging_sibling(root_path: &Path) -> Result<PathBuf, Error> {
  let name = root_path
    .file_name()
    .ok_or_else(|| Error::internal(format!("{} has no name", root_path.display())))?;
  Ok(root_path.with_file_name(format!(".{}.switchyard-new", name.to_string_lossy())))
}

/// Refuses to compare against a root an interrupted render left half-written.
pub(crate) fn check_not_interrupted(out: &Path, root: &str) -> Result<(), Error> {
  let journal = root_dir(out, root)?.join(DIR).join(JOURNAL);
  if journal.exists() {
    return Err(Error::Input {
      path: root_dir(out, root)?,
      message: "a render was interrupted while writing this root; run `switchyard render` to roll it back to the previous tree".to_owned(),
    });
  }
  Ok(())
}

/// Rolls back what an interrupted render left behind; a no-op when there is nothing.
pub(crate) fn recover(out: &Path, root: &str) -> Result<(), Error> {
  let root_path = root_dir(out, root)?;
  let sibling = staging_sibling(&root_path)?;
  if sibling.exists() {
    fs::remove_dir_all(&sibling).map_err(io("remove", &sibling))?;
  }
  let dir = root_path.join(DIR);
  if !dir.exists() {
    return Ok(());
  }
  if let Some(bytes) = crate::output::read_if_exists(&dir.join(JOURNAL))? {
    let journal: Journal = serde_json::from_slice(&bytes).map_err(|error| Error::Input {
      path: dir.join(JOURNAL),
      message: format!(
        "cannot read the journal of an interrupted render ({error}); restore the root from version control and delete {DIR}"
      ),
    })?;
    roll_back(&root_path, &journal)?;
  }
  fs::remove_dir_all(&dir).map_err(io("remove", &dir))
}

/// Writes the changes of one root; on failure the root is as it was.
pub(crate) fn apply(out: &Path, rendered: &Rendered, changes: &[FileChange]) -> Result<(), Error> {
  let pending = changes
    .iter()
    .any(|c| matches!(c.change, Change::Create | Change::Update | Change::Delete));
  if !pending {
    return Ok(());
  }
  let root_path = root_dir(out, &rendered.root)?;
  if !root_path.exists() {
    return create_root(rendered, &root_path);
  }
  let dir = root_path.join(DIR);
  let result = update_root(out, rendered, changes, &root_path, &dir);
  if result.is_err() {
    // Staging failures never touched the tree; apply failures were rolled back already.
    let _ = fs::remove_dir_all(&dir);
  }
  result
}

/// A root that does not exist yet appears whole, with one rename.
fn create_root(rendered: &Rendered, root_path: &Path) -> Result<(), Error> {
  let sibling = staging_sibling(root_path)?;
  let prefix = format!("{}/", rendered.root);
  let result = (|| {
    let mut made = BTreeSet::new();
    for (relative, text) in &rendered.files {
      let within = relative.strip_prefix(&prefix).ok_or_else(|| {
        Error::internal(format!("{relative} is outside its root {}", rendered.root))
      })?;
      write_synced(&sibling.join(within), text.as_bytes(), &mut made)?;
    }
    durability::before_commit(&sibling).map_err(io("sync", &sibling))?;
    checkpoint(root_path)?;
    fs::rename(&sibling, root_path).map_err(io("create", root_path))?;
    if let Some(parent) = root_path.parent() {
      sync_dir(parent);
    }
    Ok(())
  })();
  if result.is_err() {
    let _ = fs::remove_dir_all(&sibling);
  }
  result
}

fn update_root(
  out: &Path,
  rendered: &Rendered,
  changes: &[FileChange],
  root_path: &Path,
  dir: &Path,
) -> Result<(), Error> {
  let prefix = format!("{}/", rendered.root);
  let within = |path: &str| -> Result<String, Error> {
    path
      .strip_prefix(&prefix)
      .map(str::to_owned)
      .ok_or_else(|| Error::internal(format!("{path} is outside its root {}", rendered.root)))
  };
  if dir.exists() {
    fs::remove_dir_all(dir).map_err(io("remove", dir))?;
  }
  fs::create_dir(dir).map_err(io("create", dir))?;

  // 1. Stage.
  let mut journal = Journal::default();
  let mut made = BTreeSet::new();
  for change in changes {
    let relative = within(&change.path)?;
    match change.change {
      Change::Create | Change::Update => {
        let text = rendered.files.get(&change.path).ok_or_else(|| {
          Error::internal(format!(
            "{} is to be written but was not rendered",
            change.path
          ))
        })?;
        write_synced(&dir.join("new").join(&relative), text.as_bytes(), &mut made)?;
        if change.change == Change::Create {
          journal.created.push(relative);
        } else {
          journal.replaced.push(relative);
        }
      }
      Change::Delete => journal.deleted.push(relative),
      Change::KeepEdited | Change::Unchanged => {}
    }
  }
  // The manifest goes last: until it is in place, the old one still describes the tree.
  let manifest_last = |list: &mut Vec<String>| {
    list.sort_by_key(|p| (p == manifest::FILE, p.clone()));
  };
  manifest_last(&mut journal.created);
  manifest_last(&mut journal.replaced);

  // 2. Back up, then record the journal: from here on a crash is rolled back.
  for relative in journal.replaced.iter().chain(&journal.deleted) {
    let original = target(out, &format!("{prefix}{relative}"))?;
    let backup = dir.join("old").join(relative);
    if let Some(parent) = backup.parent() {
      fs::create_dir_all(parent).map_err(io("create", parent))?;
    }
    checkpoint(&backup)?;
    if fs::hard_link(&original, &backup).is_err() {
      // A file system without hard links: a copy keeps the bytes, if not the mtime.
      fs::copy(&original, &backup).map_err(io("back up", &original))?;
    }
  }
  for relative in &journal.created {
    let mut parent = Path::new(relative).parent();
    let mut missing = Vec::new();
    while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
      if root_path.join(p).exists() {
        break;
      }
      missing.push(p.to_string_lossy().into_owned());
      parent = p.parent();
    }
    for directory in missing.into_iter().rev() {
      if !journal.directories.contains(&directory) {
        journal.directories.push(directory);
      }
    }
  }
  let journal_text = serde_json::to_string_pretty(&journal)
    .map_err(|error| Error::internal(format!("journal: {error}")))?;
  write_synced(&dir.join(JOURNAL), journal_text.as_bytes(), &mut made)?;
  sync_dir(dir);
  durability::before_commit(dir).map_err(io("sync", dir))?;

  // 3. Apply; any failure rolls back before the error is reported.
  let applied = (|| {
    for directory in &journal.directories {
      let path = root_path.join(directory);
      checkpoint(&path)?;
      fs::create_dir(&path).map_err(io("create", &path))?;
    }
    for relative in journal.deleted.iter() {
      let path = target(out, &format!("{prefix}{relative}"))?;
      checkpoint(&path)?;
      fs::remove_file(&path).map_err(io("delete", &path))?;
    }
    for relative in journal.created.iter().chain(&journal.replaced) {
      let path = target(out, &format!("{prefix}{relative}"))?;
      checkpoint(&path)?;
      fs::rename(dir.join("new").join(relative), &path).map_err(io("write", &path))?;
    }
    Ok(())
  })();
  if let Err(error) = applied {
    roll_back(root_path, &journal)?;
    return Err(error);
  }
  for relative in &journal.deleted {
    remove_empty_parents(root_path, &root_path.join(relative));
  }
  sync_dir(root_path);

  // 4. Done.
  fs::remove_dir_all(dir).map_err(io("remove", dir))
}

/// Puts back every file of the journal: backups over replaced and deleted files, created
/// files and directories removed. Safe to repeat.
fn roll_back(root_path: &Path, journal: &Journal) -> Result<(), Error> {
  let dir = root_path.join(DIR);
  for relative in &journal.created {
    let path = root_path.join(relative);
    match fs::remove_file(&path) {
      Ok(()) => {}
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
      Err(error) => return Err(Error::io("roll back", &path, error)),
    }
  }
  for relative in journal.replaced.iter().chain(&journal.deleted) {
    let backup = dir.join("old").join(relative);
    if backup.exists() {
      let path = root_path.join(relative);
      if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io("roll back", parent))?;
      }
      fs::rename(&backup, &path).map_err(io("roll back", &path))?;
    }
  }
  for directory in journal.directories.iter().rev() {
    // Only if empty: a user may have put something there meanwhile.
    let _ = fs::remove_dir(root_path.join(directory));
  }
  sync_dir(root_path);
  Ok(())
}

/// Removes directories left empty by deletions, up to (not including) the root.
fn remove_empty_parents(root_path: &Path, file: &Path) {
  let mut current = file.parent();
  while let Some(dir) = current {
    if dir == root_path || !dir.starts_with(root_path) || fs::remove_dir(dir).is_err() {
      break;
    }
    current = dir.parent();
  }
}
