//! What the machine alone costs at a given size: the part of a measured time that no change to
//! Switchyard can remove.
//!
//! A render into an empty tree cannot take less than starting a process, parsing the
//! blueprints with serde_yaml (the parser the project is built on) and creating the rendered
//! files; a plan against an up-to-date tree not less than starting, parsing and reading them.
//! Each of those is measured here on its own, with no Switchyard code: the bench process
//! itself parses the same blueprints into `serde_yaml::Value`, reads every file of the
//! up-to-date tree, and writes every one of them into a fresh directory the way a render does
//! (create and write each file of a root in a staging directory, then rename the root into
//! place; and once more with an `fsync` per file, what `--fsync=file` adds), spread over as
//! many threads as the machine has cores. The sum is
//! a lower bound, not an estimate: templating, formatting, planning and hashing all come on
//! top of it. It tells a slow machine from a slow program.

use anyhow::{Context as _, anyhow};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{Result, files_under, median};

/// Median wall time (ms) of each part of the floor at one size.
pub struct Floor {
  /// `switchyard --version`: process start and exit.
  pub start_ms: f64,
  /// serde_yaml parse of every blueprint, across all cores.
  pub parse_ms: f64,
  /// Reading every file of the up-to-date tree, across all cores.
  pub read_ms: f64,
  /// Creating and writing every file of the tree in a fresh directory, a root renamed into
  /// place once written.
  pub write_ms: f64,
  /// The same with every file synced before its root is renamed, when asked for (it takes
  /// minutes at the largest sizes).
  pub write_synced_ms: Option<f64>,
}

impl Floor {
  /// The least a render into an empty tree can take here.
  pub fn render_empty_ms(&self) -> f64 {
    self.start_ms + self.parse_ms + self.write_ms
  }

  /// The least a plan against an up-to-date tree can take here.
  pub fn plan_current_ms(&self) -> f64 {
    self.start_ms + self.parse_ms + self.read_ms
  }
}

fn threads() -> usize {
  std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `work` on every item, items dealt round-robin to one thread per core.
fn across_cores<T: Sync>(items: &[T], work: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
  let count = threads();
  let work = &work;
  std::thread::scope(|scope| {
    let handles: Vec<_> = (0..count)
      .map(|first| scope.spawn(move || items.iter().skip(first).step_by(count).try_for_each(work)))
      .collect();
    handles.into_iter().try_for_each(|handle| {
      handle
        .join()
        .map_err(|_| anyhow!("a floor thread panicked"))?
    })
  })
}

/// Median of `runs` timed calls of `once`, after one untimed warm-up call.
fn timed(runs: usize, mut once: impl FnMut() -> Result<()>) -> Result<f64> {
  once()?;
  let mut times = Vec::with_capacity(runs);
  for _ in 0..runs {
    let start = Instant::now();
    once()?;
    times.push(start.elapsed().as_secs_f64() * 1000.0);
  }
  Ok(median(times))
}

/// Every file under `dir`, in sorted order, grouped by root module (`<blueprint>/<environment>`):
/// a thread writes a whole root, as a render does.
fn roots(dir: &Path) -> Result<Vec<Vec<PathBuf>>> {
  let files = files_under(dir)?
    .into_iter()
    .map(|path| path.strip_prefix(dir).map(Path::to_owned))
    .collect::<std::result::Result<Vec<_>, _>>()?;
  let mut grouped: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
  for file in files {
    let root: PathBuf = file.components().take(2).collect();
    match grouped.last_mut() {
      Some((last, members)) if *last == root => members.push(file),
      _ => grouped.push((root, vec![file])),
    }
  }
  Ok(grouped.into_iter().map(|(_, members)| members).collect())
}

/// Measures the floor of size directory `dir`, whose `blueprints` and up-to-date tree
/// `current` the benchmark has made; `binary` is the measured switchyard; `synced` measures
/// the synced write too.
pub fn measure(dir: &Path, binary: &Path, runs: usize, synced: bool) -> Result<Floor> {
  let start_ms = timed(runs, || {
    let status = Command::new(binary)
      .arg("--version")
      .stdout(Stdio::null())
      .status()
      .with_context(|| format!("cannot run {}", binary.display()))?;
    status
      .success()
      .then_some(())
      .ok_or_else(|| anyhow!("switchyard --version failed ({status})"))
  })?;

  let mut texts = Vec::new();
  for entry in fs::read_dir(dir.join("blueprints"))? {
    let path = entry?.path();
    texts.push(fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?);
  }
  let parse_ms = timed(runs, || {
    across_cores(&texts, |text| {
      let value: serde_yaml::Value = serde_yaml::from_str(text)?;
      std::hint::black_box(value);
      Ok(())
    })
  })?;

  let tree = dir.join("current");
  let roots = roots(&tree)?;
  let read_ms = timed(runs, || {
    across_cores(&roots, |files| {
      files.iter().try_for_each(|file| {
        let bytes = fs::read(tree.join(file)).with_context(|| format!("{}", file.display()))?;
        std::hint::black_box(bytes);
        Ok(())
      })
    })
  })?;

  // What is written is read first, outside the timing: only creating the files is measured.
  let contents: Vec<Vec<(PathBuf, Vec<u8>)>> = roots
    .iter()
    .map(|files| {
      files
        .iter()
        .map(|file| {
          fs::read(tree.join(file))
            .map(|bytes| (file.clone(), bytes))
            .with_context(|| format!("{}", file.display()))
        })
        .collect()
    })
    .collect::<Result<_>>()?;
  let write_ms = write_median(dir, &contents, runs, false)?;
  let write_synced_ms = match synced {
    true => Some(write_median(dir, &contents, runs, true)?),
    false => None,
  };

  Ok(Floor {
    start_ms,
    parse_ms,
    read_ms,
    write_ms,
    write_synced_ms,
  })
}

/// Median ms of writing every root into a fresh directory, after one warm-up run.
fn write_median(
  dir: &Path,
  contents: &[Vec<(PathBuf, Vec<u8>)>],
  runs: usize,
  sync: bool,
) -> Result<f64> {
  // Each run writes into a fresh directory, removed with the others once the benchmark's
  // measurement is done (`remove_written`), as a render's trees are.
  let mut write_times = Vec::with_capacity(runs);
  for run in 0..=runs {
    let fresh = dir.join(format!(
      "floor-{}-{run}",
      if sync { "synced" } else { "plain" }
    ));
    let _ = fs::remove_dir_all(&fresh);
    let start = Instant::now();
    let result = across_cores(contents, |files| write_root(&fresh, files, sync));
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    result?;
    // Run 0 warms up, as for every other measurement.
    if run > 0 {
      write_times.push(elapsed);
    }
  }
  Ok(median(write_times))
}

/// Writes one root's files under `into` the way a render writes a new root: in a staging
/// directory, directories made once each, every file created and written (and synced with
/// `sync`), then the root renamed into place.
fn write_root(into: &Path, files: &[(PathBuf, Vec<u8>)], sync: bool) -> Result<()> {
  let Some((first, _)) = files.first() else {
    return Ok(());
  };
  // `<blueprint>/<environment>`, as `roots` grouped them.
  let root: PathBuf = first.components().take(2).collect();
  let staging = into.join(format!("{}.staging", root.display()));
  let mut made: Option<PathBuf> = None;
  for (file, bytes) in files {
    let within = file.strip_prefix(&root)?;
    let path = staging.join(within);
    let parent = path.parent().unwrap_or(&staging).to_owned();
    if made.as_ref() != Some(&parent) {
      fs::create_dir_all(&parent).with_context(|| format!("{}", parent.display()))?;
      made = Some(parent);
    }
    let mut handle = fs::File::create(&path).with_context(|| format!("{}", path.display()))?;
    handle
      .write_all(bytes)
      .and_then(|()| if sync { handle.sync_all() } else { Ok(()) })
      .with_context(|| format!("{}", path.display()))?;
  }
  fs::rename(&staging, into.join(&root)).with_context(|| format!("{}", root.display()))
}
