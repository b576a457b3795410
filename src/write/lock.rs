//! One writer per output root at a time, and no reader while it writes.
//!
//! CI pipelines run jobs in parallel, and two renders into the same tree used to interleave:
//! zero-byte files, roots half old and half new, manifests that disagree with their files
//! (issue 14). Every command that reads or writes a root first takes an advisory lock
//! (`flock`) on the root's parent directory, `<out>/<name>/`: exclusive for `render`, shared
//! for `plan` and `render --check`. Locking the directory itself leaves no lock file in a tree
//! that is committed, and the parent exists before the root does (a new root is renamed into
//! it). The locks of one run are taken in sorted order, so two runs never wait for each other
//! in a circle, and once per directory, so the environments of one blueprint do not wait for
//! each other within a run. The kernel releases a lock when its process ends, however it ends.
//!
//! A run that finds a lock held waits, says so once on stderr, and gives up after
//! `SWITCHYARD_LOCK_TIMEOUT` seconds (default 60) with a "busy" error that changes nothing.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::input::error::Error;
use crate::write::guard::Guard;

/// The variable that sets how long to wait for a lock, in seconds.
pub(crate) const TIMEOUT_VARIABLE: &str = "SWITCHYARD_LOCK_TIMEOUT";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(25);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
  /// `plan`, `render --check`: others may read at the same time.
  Shared,
  /// `render`: nobody else reads or writes.
  Exclusive,
}

/// Locks held until dropped (closing a descriptor releases its `flock`).
#[derive(Debug)]
pub(crate) struct Held {
  _files: Vec<fs::File>,
  /// The directories the exclusive locks created.
  created: Vec<PathBuf>,
}

impl Held {
  /// Releases the locks and removes the directories they created that are still empty: a
  /// run that fails before writing leaves the output directory as it found it.
  pub(crate) fn release_unused(self) {
    let created = self.created.clone();
    drop(self);
    for directory in created.iter().rev() {
      let _ = fs::remove_dir(directory);
    }
  }
}

fn timeout() -> Result<Duration, Error> {
  match std::env::var(TIMEOUT_VARIABLE) {
    Err(_) => Ok(DEFAULT_TIMEOUT),
    Ok(text) => text
      .trim()
      .parse::<u64>()
      .map(Duration::from_secs)
      .map_err(|_| Error::Input {
        path: PathBuf::from(TIMEOUT_VARIABLE),
        message: format!("{text:?} is not a number of seconds (for example 60)"),
      }),
  }
}

/// Locks the parent directory of every root (`name/environment`) under `out`. Exclusive locks
/// create the directory; shared locks skip one that does not exist (there is nothing to read).
pub(crate) fn acquire<'a>(
  out: &Path,
  roots: impl IntoIterator<Item = &'a str>,
  mode: Mode,
) -> Result<Held, Error> {
  let parents: BTreeSet<&str> = roots
    .into_iter()
    .filter_map(|root| root.split_once('/').map(|(name, _)| name))
    .collect();
  let wait = timeout()?;
  let mut guard = Guard::new(out);
  let mut files = Vec::with_capacity(parents.len());
  let mut created = Vec::new();
  for parent in parents {
    let located = guard.locate(parent)?;
    if !located.exists {
      if mode == Mode::Shared {
        continue;
      }
      // The output directory too, when it is new (then removed first, after its child).
      let mut missing = Vec::new();
      let mut ancestor = located.path.parent();
      while let Some(dir) = ancestor
        && !dir.as_os_str().is_empty()
        && !dir.exists()
      {
        missing.push(dir.to_path_buf());
        ancestor = dir.parent();
      }
      fs::create_dir_all(&located.path).map_err(|e| Error::io("create", &located.path, e))?;
      created.extend(missing.into_iter().rev());
      created.push(located.path.clone());
    }
    files.push(lock_one(&located.path, mode, wait)?);
  }
  Ok(Held {
    _files: files,
    created,
  })
}

fn lock_one(directory: &Path, mode: Mode, wait: Duration) -> Result<fs::File, Error> {
  let file = fs::File::open(directory).map_err(|e| Error::io("lock", directory, e))?;
  let start = Instant::now();
  let mut told = false;
  loop {
    let attempt = match mode {
      Mode::Shared => file.try_lock_shared(),
      Mode::Exclusive => file.try_lock(),
    };
    match attempt {
      Ok(()) => return Ok(file),
      Err(fs::TryLockError::Error(error)) => return Err(Error::io("lock", directory, error)),
      Err(fs::TryLockError::WouldBlock) => {}
    }
    if start.elapsed() >= wait {
      return Err(Error::Input {
        path: directory.to_owned(),
        message: format!(
          "busy: another switchyard process has been {} this directory for {} s; nothing was changed. Run again when it has finished, or set {TIMEOUT_VARIABLE} to wait longer",
          match mode {
            Mode::Shared => "writing",
            Mode::Exclusive => "reading or writing",
          },
          wait.as_secs()
        ),
      });
    }
    if !told {
      told = true;
      let _ = writeln!(
        std::io::stderr().lock(),
        "waiting for another switchyard process using {} (up to {} s, {TIMEOUT_VARIABLE})",
        directory.display(),
        wait.as_secs()
      );
    }
    std::thread::sleep(POLL);
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn an_exclusive_lock_excludes_a_second_one_until_dropped() {
    let out = std::env::temp_dir().join(format!("switchyard-lock-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let first = acquire(&out, ["chat/prod", "chat/dev"], Mode::Exclusive);
    assert!(first.is_ok());
    // A second descriptor is a second owner, as another process would be.
    let busy = lock_one(&out.join("chat"), Mode::Shared, Duration::ZERO);
    assert!(busy.is_err_and(|e| e.to_string().contains("busy")));
    drop(first);
    assert!(lock_one(&out.join("chat"), Mode::Shared, Duration::ZERO).is_ok());
    // Shared locks do not create what they lock.
    assert!(acquire(&out, ["other/prod"], Mode::Shared).is_ok());
    assert!(!out.join("other").exists());
    let _ = fs::remove_dir_all(&out);
  }
}
