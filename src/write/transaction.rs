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
//! under a policy that syncs before the commit) leaves the journal, and the next `render`
//! rolls back before doing anything else, while
//! `plan` and `render --check` refuse to compare against a half-written root. Either way the
//! old tree comes back byte-identical. A rollback goes on past a file it cannot restore, and
//! keeps the journal and the backups until every file is back, so a later `render` can finish
//! it; the error names the original failure and every rollback failure.
//!
//! The journal is written aside and renamed into place, so it is either whole or absent: a
//! journal that does not parse was never committed (an older Switchyard wrote it in place), no
//! step 3 ran, and it is discarded. A journal in a committed tree is untrusted input (a pull
//! request can write one): every path in it must be a plain relative path inside the root,
//! with no symbolic link on the way, at a path Switchyard could have generated, and every
//! backup a regular file, or recovery refuses with an error that changes nothing.
//!
//! `SWITCHYARD_FAIL_AFTER_WRITES=N` (debug builds only, for the tests) makes the write
//! operation after the first N fail, to simulate an interruption at any point; with
//! `SWITCHYARD_FAIL_MODE=exit` the process exits there instead, as if killed.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::input::error::Error;
use crate::render::Rendered;
use crate::render::manifest;
use crate::write::change::{Change, FileChange};
use crate::write::durability;
use crate::write::guard::Guard;
use crate::write::guard::{read_limited, target};

/// The transaction directory inside an existing root.
pub(crate) const DIR: &str = ".switchyard-txn";
const JOURNAL: &str = "journal.json";
/// Where the journal is written before the rename that commits it.
const JOURNAL_TEMP: &str = "journal.json.tmp";
/// A journal (or a manifest) larger than this is not one Switchyard wrote.
pub(crate) const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

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
  let Some(limit) = debug_limit("SWITCHYARD_FAIL_AFTER_WRITES") else {
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

/// The count a failure hook's variable sets; never in release builds.
fn debug_limit(variable: &str) -> Option<usize> {
  if !cfg!(debug_assertions) {
    return None;
  }
  std::env::var(variable).ok()?.parse().ok()
}

/// Counts rollback restores for `SWITCHYARD_FAIL_ROLLBACK`.
static RESTORES: AtomicUsize = AtomicUsize::new(0);

/// The rollback's failure hook (debug builds only): `SWITCHYARD_FAIL_ROLLBACK=N` makes the
/// restore after the first N fail, once, so the tests can prove a rollback goes on past it.
fn rollback_checkpoint(path: &Path) -> Result<(), Error> {
  let Some(limit) = debug_limit("SWITCHYARD_FAIL_ROLLBACK") else {
    return Ok(());
  };
  if RESTORES.fetch_add(1, Ordering::SeqCst) == limit {
    return Err(Error::io(
      "roll back",
      path,
      std::io::Error::other("simulated failure (SWITCHYARD_FAIL_ROLLBACK)"),
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
  if let Some(parent) = path.parent()
    && !made.contains(parent)
  {
    fs::create_dir_all(parent).map_err(io("create", parent))?;
    made.insert(parent.to_owned());
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
  if fs::symlink_metadata(&journal).is_ok() {
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
  // `remove_dir_all` removes a link, never what it points to.
  if fs::symlink_metadata(&sibling).is_ok() {
    fs::remove_dir_all(&sibling).map_err(io("remove", &sibling))?;
  }
  let mut guard = Guard::new(out);
  let dir = guard.locate(&format!("{root}/{DIR}"))?;
  if !dir.exists {
    return Ok(());
  }
  let journal_path = guard.locate(&format!("{root}/{DIR}/{JOURNAL}"))?;
  let journal = match read_limited(&journal_path.path, MAX_RECORD_BYTES)? {
    None => None,
    // Not whole: written in place by an older Switchyard and cut short, so never committed
    // and nothing was applied.
    Some(bytes) => serde_json::from_slice::<Journal>(&bytes).ok(),
  };
  if let Some(journal) = journal {
    check_journal(out, root, &journal)?;
    let failures = roll_back(&root_path, &journal);
    if !failures.is_empty() {
      return Err(rollback_failed(&root_path, None, failures));
    }
  }
  fs::remove_dir_all(&dir.path).map_err(io("remove", &dir.path))
}

/// Refuses a journal that names anything a render of this root could not have written.
fn check_journal(out: &Path, root: &str, journal: &Journal) -> Result<(), Error> {
  let journal_path = Path::new(out).join(root).join(DIR).join(JOURNAL);
  let refuse = |entry: &str, why: &str| Error::Input {
    path: journal_path.clone(),
    message: format!(
      "the journal of an interrupted render lists {}, which {why}; nothing was changed. A journal is only ever written by `switchyard render`: if this tree came from a pull request, do not trust it. Restore the root from version control and delete {DIR}",
      crate::support::text::elide(&format!("{entry:?}"), 200)
    ),
  };
  let mut guard = Guard::new(out);
  let files = journal
    .created
    .iter()
    .chain(&journal.replaced)
    .chain(&journal.deleted);
  for file in files.clone() {
    if !crate::render::could_generate(file) {
      return Err(refuse(file, "is not a file Switchyard generates"));
    }
    guard
      .locate(&format!("{root}/{file}"))
      .map_err(|_| refuse(file, "leads through a symbolic link"))?;
  }
  for file in journal.replaced.iter().chain(&journal.deleted) {
    let backup = guard
      .locate(&format!("{root}/{DIR}/old/{file}"))
      .map_err(|_| refuse(file, "has a backup behind a symbolic link"))?;
    if backup.exists && !fs::symlink_metadata(&backup.path).is_ok_and(|m| m.is_file()) {
      return Err(refuse(file, "has a backup that is not a regular file"));
    }
  }
  for directory in &journal.directories {
    // Only the directories a created file needed: `modules`, `modules/aws`, `failover`.
    let needed = journal.created.iter().any(|file| {
      Path::new(file)
        .ancestors()
        .skip(1)
        .any(|a| a == Path::new(directory))
    });
    if !needed || directory.is_empty() {
      return Err(refuse(
        directory,
        "is not a directory of a file the render created",
      ));
    }
    guard
      .locate(&format!("{root}/{directory}"))
      .map_err(|_| refuse(directory, "leads through a symbolic link"))?;
  }
  Ok(())
}

/// The error of a rollback that could not put every file back: the journal and the backups
/// stay, so the next `render` tries again.
fn rollback_failed(root_path: &Path, original: Option<Error>, failures: Vec<Error>) -> Error {
  let mut message = match original {
    Some(error) => format!("the render failed: {error}\nrolling it back failed too:"),
    None => "rolling back an interrupted render failed:".to_owned(),
  };
  for failure in failures {
    message.push_str(&format!("\n  {failure}"));
  }
  message.push_str(&format!(
    "\nthe journal and the backups are kept in {}; fix the cause and run `switchyard render` again to finish the rollback",
    root_path.join(DIR).display()
  ));
  Error::Input {
    path: root_path.to_owned(),
    message,
  }
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
  match update_root(out, rendered, changes, &root_path, &dir) {
    Ok(()) => Ok(()),
    // The journal and backups stay for the next render to finish the rollback.
    Err(Failed::RollbackIncomplete(error)) => Err(error),
    Err(Failed::Clean(error)) => {
      // Staging failures never touched the tree; apply failures were rolled back already.
      let _ = fs::remove_dir_all(&dir);
      Err(error)
    }
  }
}

/// How `update_root` failed: with the tree as it was, or with a rollback left to finish.
enum Failed {
  Clean(Error),
  RollbackIncomplete(Error),
}

impl From<Error> for Failed {
  fn from(error: Error) -> Self {
    Failed::Clean(error)
  }
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
) -> Result<(), Failed> {
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
  // Written aside and renamed: a kill leaves a whole journal or none, never an empty one.
  let journal_temp = dir.join(JOURNAL_TEMP);
  write_synced(&journal_temp, journal_text.as_bytes(), &mut made)?;
  checkpoint(&dir.join(JOURNAL))?;
  fs::rename(&journal_temp, dir.join(JOURNAL)).map_err(io("write", &dir.join(JOURNAL)))?;
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
    let failures = roll_back(root_path, &journal);
    if failures.is_empty() {
      return Err(Failed::Clean(error));
    }
    return Err(Failed::RollbackIncomplete(rollback_failed(
      root_path,
      Some(error),
      failures,
    )));
  }
  for relative in &journal.deleted {
    remove_empty_parents(root_path, &root_path.join(relative));
  }
  sync_dir(root_path);

  // 4. Done.
  fs::remove_dir_all(dir).map_err(|e| Failed::Clean(Error::io("remove", dir, e)))
}

/// Puts back every file of the journal: backups over replaced and deleted files, created
/// files and directories removed. Goes on past a file it cannot restore and returns every
/// failure; a backup is only used up by the rename that restores it, so running this again
/// finishes what failed. Safe to repeat.
fn roll_back(root_path: &Path, journal: &Journal) -> Vec<Error> {
  let dir = root_path.join(DIR);
  let mut failures = Vec::new();
  for relative in &journal.created {
    let path = root_path.join(relative);
    match fs::remove_file(&path) {
      Ok(()) => {}
      Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
      Err(error) => failures.push(Error::io("roll back", &path, error)),
    }
  }
  for relative in journal.replaced.iter().chain(&journal.deleted) {
    let backup = dir.join("old").join(relative);
    if fs::symlink_metadata(&backup).is_err() {
      // Restored by an earlier rollback, or the crash came before its backup was made.
      continue;
    }
    let path = root_path.join(relative);
    if let Some(parent) = path.parent()
      && let Err(error) = fs::create_dir_all(parent)
    {
      failures.push(Error::io("roll back", parent, error));
      continue;
    }
    if let Err(error) = rollback_checkpoint(&path)
      .and_then(|()| fs::rename(&backup, &path).map_err(|e| Error::io("roll back", &path, e)))
    {
      failures.push(error);
    }
  }
  for directory in journal.directories.iter().rev() {
    // Only if empty: a user may have put something there meanwhile.
    let _ = fs::remove_dir(root_path.join(directory));
  }
  sync_dir(root_path);
  failures
}

/// Removes directories left empty by deletions, up to (not including) the root.
pub(crate) fn remove_empty_parents(root_path: &Path, file: &Path) {
  let mut current = file.parent();
  while let Some(dir) = current {
    if dir == root_path || !dir.starts_with(root_path) || fs::remove_dir(dir).is_err() {
      break;
    }
    current = dir.parent();
  }
}
