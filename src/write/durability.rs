//! How much of a render survives a crash, and what it costs (docs/durability.md).
//!
//! A killed process never leaves a mix of the old and the new tree, whatever the policy: each
//! root is staged aside and committed by renames (`transaction`), and the kernel's view of a
//! rename is atomic for every later reader. Power loss is another matter: data the kernel has
//! not written out yet is lost, so what survives depends on when the disk is asked to catch
//! up. That is the only thing the policy chooses.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

/// When a render asks the disk to make its writes durable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Durability {
  /// Never: as git's working tree, `terraform fmt` and cdktf. A killed process leaves the old
  /// or the new tree; power loss within the kernel's writeback delay can leave files of a
  /// committed root empty.
  #[default]
  None,
  /// Once per root, just before its commit rename: everything staged reaches the disk before
  /// the root switches to it, so power loss too leaves the old or the new tree.
  Commit,
  /// Each file as it is written, and each directory after its renames (what Switchyard did
  /// before issue 17): the same guarantee as `commit`, paid per file.
  File,
}

static POLICY: OnceLock<Durability> = OnceLock::new();

/// Sets the policy of this process; the first call wins, and without one it is the default.
/// A process-wide setting rather than a parameter because only the command line chooses it, and
/// the transaction's functions stay as they are.
pub(crate) fn set(policy: Durability) {
  let _ = POLICY.set(policy);
}

pub(crate) fn policy() -> Durability {
  POLICY.get().copied().unwrap_or_default()
}

impl Durability {
  /// Whether each written file is synced on its own. `commit` falls back to this where there is
  /// no `syncfs` to flush a whole staged root at once.
  pub(crate) fn syncs_each_file(self) -> bool {
    match self {
      Durability::None => false,
      Durability::Commit => !HAS_SYNCFS,
      Durability::File => true,
    }
  }

  /// Whether directories are synced after their entries change (renames, removals).
  pub(crate) fn syncs_directories(self) -> bool {
    self != Durability::None
  }
}

const HAS_SYNCFS: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// Makes everything written so far under `dir` durable before a commit rename, under the
/// `commit` policy: one `syncfs` of the file system that holds `dir`. It flushes what others
/// wrote there too, which is why it is done once per root and not per file.
pub(crate) fn before_commit(dir: &Path) -> std::io::Result<()> {
  if policy() != Durability::Commit || !HAS_SYNCFS {
    return Ok(());
  }
  let handle = fs::File::open(dir)?;
  syncfs(&handle)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn syncfs(handle: &fs::File) -> std::io::Result<()> {
  // rustix wraps the system call without `unsafe` on our side; the package forbids it.
  rustix::fs::syncfs(handle).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn syncfs(_handle: &fs::File) -> std::io::Result<()> {
  Ok(())
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn each_policy_syncs_what_it_says() {
    assert!(!Durability::None.syncs_each_file());
    assert!(!Durability::None.syncs_directories());
    assert_eq!(Durability::Commit.syncs_each_file(), !HAS_SYNCFS);
    assert!(Durability::Commit.syncs_directories());
    assert!(Durability::File.syncs_each_file());
    assert!(Durability::File.syncs_directories());
  }

  #[test]
  fn syncfs_works_on_a_directory() -> std::io::Result<()> {
    let dir = std::env::temp_dir();
    syncfs(&fs::File::open(dir)?)
  }
}
