//! Shared helpers for the integration tests: run the real binary, make scratch directories.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, ensure};

/// The day every test run judges model retirements on, so snapshots do not change as models
/// retire (tests of the retirement rules set their own day).
pub const TODAY: &str = "2026-06-01";

/// The render memo the tests share (issue 17): under target/, never the user's own, and on,
/// so that every second run of a test takes the memo's path where it can.
pub fn memo() -> PathBuf {
  PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memo")
}

pub fn binary() -> Command {
  let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
  command.env("SWITCHYARD_TODAY", TODAY);
  command.env("SWITCHYARD_CACHE_DIR", memo());
  command
}

pub fn project() -> PathBuf {
  PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs switchyard in the project directory; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
  run_in(&project(), args)
}

pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
  run_with(dir, args, &[])
}

/// Runs switchyard in `dir` with extra environment variables.
pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
  let output = binary()
    .args(args)
    .envs(env.iter().copied())
    .current_dir(dir)
    .output()
    .expect("run switchyard");
  (
    output.status.code().unwrap_or(-1),
    String::from_utf8_lossy(&output.stdout).into_owned(),
    String::from_utf8_lossy(&output.stderr).into_owned(),
  )
}

/// The whole result of a run, as one reviewable text.
pub fn transcript(args: &[&str]) -> String {
  let (code, stdout, stderr) = run(args);
  format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
  static COUNTER: AtomicUsize = AtomicUsize::new(0);
  let n = COUNTER.fetch_add(1, Ordering::SeqCst);
  let dir = std::env::temp_dir().join(format!("switchyard-test-{}-{name}-{n}", std::process::id()));
  let _ = std::fs::remove_dir_all(&dir);
  or_fail(std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display())));
  dir
}

/// A scratch directory holding `text` as `bp.yaml`.
pub fn blueprint(name: &str, text: &str) -> PathBuf {
  let dir = scratch(name);
  let path = dir.join("bp.yaml");
  or_fail(std::fs::write(&path, text).with_context(|| format!("writing {}", path.display())));
  dir
}

/// The helpers' failures are the test's: anyhow carries what was being done (the file, the
/// command) into the panic message, which a bare `unwrap` of an `io::Error` leaves out.
fn or_fail<T>(result: anyhow::Result<T>) -> T {
  result.unwrap_or_else(|error| panic!("{error:#}"))
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, String> {
  or_fail(read_tree(dir))
}

fn read_tree(dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
  let mut files = BTreeMap::new();
  let mut pending = vec![dir.to_owned()];
  while let Some(current) = pending.pop() {
    let entries =
      std::fs::read_dir(&current).with_context(|| format!("listing {}", current.display()))?;
    for entry in entries {
      let path = entry
        .with_context(|| format!("listing {}", current.display()))?
        .path();
      if path.is_dir() {
        pending.push(path);
      } else {
        let relative = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        let text =
          std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        files.insert(relative, text);
      }
    }
  }
  Ok(files)
}

/// A Python virtual environment under target/ with the pinned packages of `requirements`
/// (relative to the project), made on first use and again whenever the pins change. Fails,
/// never skips, when python3 or the package index is not there.
pub fn venv(requirements: &str) -> PathBuf {
  or_fail(make_venv(requirements))
}

fn make_venv(requirements: &str) -> anyhow::Result<PathBuf> {
  let requirements = project().join(requirements);
  let text = std::fs::read_to_string(&requirements)
    .with_context(|| format!("reading {}", requirements.display()))?;
  // Only the pins name the environment: editing a comment must not reinstall from PyPI.
  let pins: String = text
    .lines()
    .map(str::trim)
    .filter(|line| !line.is_empty() && !line.starts_with('#'))
    .flat_map(|line| [line, "\n"])
    .collect();
  let tag: u64 = pins.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
  });
  let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("venv-{tag:016x}"));
  let python = dir.join("bin/python");
  // Tests run in parallel and the first ones would build the same environment at once, each
  // deleting the other's: one builds it, under a lock, and the others wait and reuse it.
  let lock_path = dir.with_extension("lock");
  let lock = std::fs::File::create(&lock_path)
    .with_context(|| format!("creating {}", lock_path.display()))?;
  lock
    .lock()
    .with_context(|| format!("locking {}", lock_path.display()))?;
  if python.exists() && dir.join(".complete").exists() {
    return Ok(python);
  }
  let _ = std::fs::remove_dir_all(&dir);
  let status = Command::new("python3")
    .args(["-m", "venv"])
    .arg(&dir)
    .status()
    .context("python3 is needed for this test")?;
  ensure!(status.success(), "python3 -m venv {} failed", dir.display());
  let status = Command::new(&python)
    .args([
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "-r",
    ])
    .arg(&requirements)
    .status()
    .with_context(|| format!("running {}", python.display()))?;
  ensure!(
    status.success(),
    "pip could not install {}",
    requirements.display()
  );
  let complete = dir.join(".complete");
  std::fs::write(&complete, pins).with_context(|| format!("writing {}", complete.display()))?;
  Ok(python)
}
