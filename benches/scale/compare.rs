//! Switchyard side by side with the tool a user would run instead, on the disk they would run
//! it on (issue 17).
//!
//! `cargo bench --bench scale -- compare` renders a monorepo of `COMPARED` workloads (about
//! 10,000 resources) in a directory under the repository's `target/` (a real disk, where
//! `/tmp` or `/dev/shm` may be tmpfs), and in the same rounds runs CDK for Terraform's
//! synthesis of about 10,000 comparable resources (`../shared/bench/cdktf`, `N=1000 node
//! app.js`). Each round runs every measured command once, cdktf last, so a slow phase of a
//! shared machine falls on both tools. Then the same commands at ten times the size, and the
//! machine floor of both sizes. It prints per-resource ratios against cdktf, ratios against the
//! floor, the growth from one size to the other, and peak RSS.
//!
//! cdktf is copied to `target/bench-cdktf` and installed there with `npm ci` (the shared
//! directory is read-only in CI); without Node.js it is skipped with a message.

use anyhow::{Context as _, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{
  Measured, Result, Step, binary, count_files, count_resources, floor, median, peak_rss, prepare,
  settle, time_once,
};

/// Peak RSS (MiB), user and system CPU (ms) of one run.
type Usage = (f64, f64, f64);

/// Workloads of the compared monorepo: 62 blueprints, about 10,000 resources (issue 17).
pub const COMPARED: usize = 1_240;
/// cdktf's workloads: 7 shared resources and 10 per workload, 10,007 resources.
const CDKTF_N: &str = "1000";

/// The commands goals 1 and 2 are about, and the durability policies measured for goal 3.
#[derive(Clone, Copy, PartialEq)]
enum Compared {
  RenderEmpty,
  RenderCurrent,
  PlanCurrent,
  /// The same two without the render memo (issue 17): a fresh CI runner's first run.
  RenderCurrentCold,
  PlanCurrentCold,
  /// Loading and checking the blueprints without rendering: what a render that skipped every
  /// unchanged root would still do, beside the floor.
  Validate,
  /// Render into an empty tree with `--fsync` (one `syncfs` per root before its commit).
  RenderEmptyCommit,
  /// Render into an empty tree with `--fsync=file` (every file synced).
  RenderEmptyFile,
}

const COMPARED_STEPS: [Compared; 8] = [
  Compared::RenderEmpty,
  Compared::RenderCurrent,
  Compared::PlanCurrent,
  Compared::RenderCurrentCold,
  Compared::PlanCurrentCold,
  Compared::Validate,
  Compared::RenderEmptyCommit,
  Compared::RenderEmptyFile,
];

impl Compared {
  fn label(self) -> &'static str {
    match self {
      Compared::RenderEmpty => "render → empty tree",
      Compared::RenderCurrent => "render → up-to-date tree",
      Compared::PlanCurrent => "plan, up-to-date tree",
      Compared::RenderCurrentCold => "render → up-to-date tree, no memo (fresh CI runner)",
      Compared::PlanCurrentCold => "plan, up-to-date tree, no memo (fresh CI runner)",
      Compared::Validate => "validate (no render; for reference)",
      Compared::RenderEmptyCommit => "render → empty tree, --fsync (syncfs per root)",
      Compared::RenderEmptyFile => "render → empty tree, --fsync=file",
    }
  }

  fn step(self) -> Step {
    match self {
      Compared::RenderEmpty | Compared::RenderEmptyCommit | Compared::RenderEmptyFile => {
        Step::RenderEmpty
      }
      Compared::RenderCurrent | Compared::RenderCurrentCold => Step::RenderCurrent,
      Compared::PlanCurrent | Compared::PlanCurrentCold => Step::PlanCurrent,
      Compared::Validate => Step::Validate,
    }
  }

  /// The arguments of run `run`. Each policy renders into trees of its own (`fresh-<run>`,
  /// offset per policy): the trees stay until the size is done (`remove_written`).
  fn args(self, dir: &Path, run: usize) -> Vec<String> {
    match self {
      Compared::RenderEmptyCommit => [
        self.step().args(dir, 1_000 + run),
        vec!["--fsync".to_owned()],
      ]
      .concat(),
      Compared::RenderEmptyFile => [
        self.step().args(dir, 2_000 + run),
        vec!["--fsync=file".to_owned()],
      ]
      .concat(),
      _ => self.step().args(dir, run),
    }
  }

  /// Whether the run uses the benchmark's render memo.
  fn memo(self) -> bool {
    !matches!(
      self,
      Compared::RenderCurrentCold | Compared::PlanCurrentCold
    )
  }

  /// The machine floor of this command: render into an empty tree writes the files, validate
  /// reads none, the others read them.
  fn floor_ms(self, floor: &floor::Floor) -> f64 {
    match self.step() {
      Step::RenderEmpty => floor.render_empty_ms(),
      Step::Validate => floor.start_ms + floor.parse_ms,
      _ => floor.plan_current_ms(),
    }
  }
}

/// One size's measured commands, in `COMPARED_STEPS` order (the sync policies only at the
/// compared size), with its floor.
struct Size {
  n: usize,
  blueprints: usize,
  resources: usize,
  files: usize,
  cells: Vec<(Compared, Measured)>,
  floor: floor::Floor,
}

/// cdktf's synthesis, measured in the same rounds.
struct Cdktf {
  resources: usize,
  median_ms: f64,
  min_ms: f64,
  max_ms: f64,
  /// Peak RSS (MiB), user and system CPU (ms): medians over the runs.
  rss_cpu: Option<Usage>,
}

/// Where the cdktf app is installed: a copy of `../shared/bench/cdktf` under `target/`, with
/// `npm ci` run when its lock file is new or its `node_modules` missing. `None`, with the
/// reason printed, when Node.js or the shared app is not there.
fn cdktf_app(target: &Path) -> Result<Option<PathBuf>> {
  let source = shared_dir().join("bench/cdktf");
  if !source.join("app.js").exists() {
    eprintln!(
      "cdktf skipped: {} not found (the shared benchmarks sit next to the repository)",
      source.display()
    );
    return Ok(None);
  }
  let node = Command::new("node")
    .arg("--version")
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .status();
  if !node.is_ok_and(|s| s.success()) {
    eprintln!("cdktf skipped: Node.js (`node`) is not installed");
    return Ok(None);
  }
  let app = target.join("bench-cdktf");
  fs::create_dir_all(&app).with_context(|| format!("{}", app.display()))?;
  let lock = "package-lock.json";
  let fresh = fs::read(source.join(lock)).ok() != fs::read(app.join(lock)).ok()
    || !app.join("node_modules").exists();
  for file in ["app.js", "cdktf.json", "package.json", lock] {
    // Copied as bytes: the shared files are read-only, and a copy keeping that mode could not
    // be replaced by the next update.
    let bytes = fs::read(source.join(file)).with_context(|| file.to_string())?;
    fs::write(app.join(file), bytes).with_context(|| file.to_string())?;
  }
  if fresh {
    eprintln!("cdktf: npm ci in {}", app.display());
    let status = Command::new("npm")
      .args(["ci", "--no-audit", "--no-fund"])
      .current_dir(&app)
      .stdout(Stdio::null())
      .status()
      .context("cannot run npm")?;
    if !status.success() {
      bail!("npm ci failed in {} ({status})", app.display());
    }
  }
  Ok(Some(app))
}

/// `../shared` beside the repository; in a git worktree elsewhere, beside its main checkout
/// (`git rev-parse --git-common-dir` names the main checkout's `.git`).
fn shared_dir() -> PathBuf {
  let here = Path::new(env!("CARGO_MANIFEST_DIR"));
  let beside = here.join("../shared");
  if beside.exists() {
    return beside;
  }
  let common = Command::new("git")
    .args(["rev-parse", "--path-format=absolute", "--git-common-dir"])
    .current_dir(here)
    .output()
    .ok()
    .filter(|o| o.status.success())
    .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
  common
    .as_deref()
    .and_then(Path::parent)
    .map_or(beside, |main| main.join("../shared"))
}

/// One synthesis under GNU time (when installed): wall ms, and peak RSS with CPU.
fn cdktf_once(app: &Path) -> Result<(f64, Option<Usage>)> {
  let _ = fs::remove_dir_all(app.join("cdktf.out"));
  let report = app.join("time.txt");
  let gnu_time = Path::new(crate::GNU_TIME).exists();
  let mut command = if gnu_time {
    let mut command = Command::new(crate::GNU_TIME);
    command
      .args(["-f", "%M %U %S", "-o"])
      .arg(&report)
      .args(["node", "app.js"]);
    command
  } else {
    let mut command = Command::new("node");
    command.arg("app.js");
    command
  };
  let start = Instant::now();
  let status = command
    .env("N", CDKTF_N)
    .current_dir(app)
    .stdout(Stdio::null())
    .status()
    .context("cannot run node")?;
  let wall = start.elapsed().as_secs_f64() * 1000.0;
  if !status.success() {
    bail!("N={CDKTF_N} node app.js failed ({status})");
  }
  if !gnu_time {
    return Ok((wall, None));
  }
  let text = fs::read_to_string(&report).with_context(|| format!("{}", report.display()))?;
  Ok((wall, crate::parse_gnu_time(&text)?))
}

/// Resources in cdktf's output: the entries of every type under `resource`.
fn cdktf_resources(app: &Path) -> Result<usize> {
  let path = app.join("cdktf.out/stacks/ai-endpoints/cdk.tf.json");
  let text = fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
  let json: serde_json::Value = serde_json::from_str(&text)?;
  Ok(
    json
      .get("resource")
      .and_then(serde_json::Value::as_object)
      .map_or(0, |types| {
        types
          .values()
          .filter_map(serde_json::Value::as_object)
          .map(serde_json::Map::len)
          .sum()
      }),
  )
}

/// The median of each of peak RSS, user and system CPU over runs.
fn median_usage(usages: &[Usage]) -> Option<Usage> {
  if usages.is_empty() {
    return None;
  }
  let pick = |f: fn(&Usage) -> f64| median(usages.iter().map(f).collect());
  Some((pick(|u| u.0), pick(|u| u.1), pick(|u| u.2)))
}

/// Measures one size; with `app`, cdktf runs once per round between them.
fn measure_size(
  n: usize,
  root: &Path,
  runs: usize,
  steps: &[Compared],
  app: Option<&Path>,
) -> Result<(Size, Option<Cdktf>)> {
  let (dir, blueprints) = prepare(n, root)?;
  let resources = count_resources(&dir.join("current"))?;
  let files = count_files(&dir.join("current"))?;
  let mut times: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
  let mut cdktf_times = Vec::new();
  let mut cdktf_usage = Vec::new();
  settle(&dir);
  // Round 0 warms up every command (page cache, the binaries' pages) and is not counted.
  for round in 0..=runs {
    eprintln!("  N = {n}: round {round} of {runs}");
    for (step, times) in steps.iter().zip(times.iter_mut()) {
      let args = step.args(&dir, round);
      let ms = time_once(&args, step.memo())?;
      if round > 0 {
        times.push(ms);
      }
    }
    if let Some(app) = app {
      let (ms, usage) = cdktf_once(app)?;
      if round > 0 {
        cdktf_times.push(ms);
        cdktf_usage.extend(usage);
      }
    }
  }
  let mut cells = Vec::new();
  for (step, times) in steps.iter().zip(times) {
    let rss_cpu = peak_rss(&step.args(&dir, runs + 1), &dir, step.memo())?;
    cells.push((*step, Measured::of(times, rss_cpu)));
  }
  eprintln!("  N = {n}: machine floor");
  // The synced floor goes with the sync policies' rows.
  let synced = steps.contains(&Compared::RenderEmptyFile);
  let floor = floor::measure(&dir, binary(), runs, synced)?;
  crate::remove_written(&dir);
  let cdktf = match app {
    Some(app) => {
      let spread = Measured::of(cdktf_times, None);
      Some(Cdktf {
        resources: cdktf_resources(app)?,
        median_ms: spread.median_ms,
        min_ms: spread.min_ms,
        max_ms: spread.max_ms,
        rss_cpu: median_usage(&cdktf_usage),
      })
    }
    None => None,
  };
  Ok((
    Size {
      n,
      blueprints,
      resources,
      files,
      cells,
      floor,
    },
    cdktf,
  ))
}

/// Runs the comparison; `sizes` defaults to `COMPARED` and ten times it.
pub fn run(root: &Path, runs: usize, sizes: &[usize]) -> Result<()> {
  let sizes = if sizes.is_empty() {
    vec![COMPARED, COMPARED * 10]
  } else {
    sizes.to_vec()
  };
  let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
  let app = cdktf_app(&target)?;
  let load_before = crate::load_average();
  let mut measured = Vec::new();
  for (index, n) in sizes.iter().enumerate() {
    // The policies and cdktf at the first size only: they answer goal 3 and the ratio once.
    let (steps, app) = if index == 0 {
      (&COMPARED_STEPS[..], app.as_deref())
    } else {
      (&COMPARED_STEPS[..6], None)
    };
    measured.push(measure_size(*n, root, runs, steps, app)?);
  }
  print(root, runs, &load_before, &measured);
  Ok(())
}

/// The file system that holds `path` and its device, from `/proc/mounts` (longest mount
/// point that is a prefix of the path).
fn filesystem(path: &Path) -> String {
  let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
  let mounts = fs::read_to_string("/proc/mounts").unwrap_or_default();
  mounts
    .lines()
    .filter_map(|line| {
      let fields: Vec<&str> = line.split_whitespace().collect();
      match fields.as_slice() {
        [device, point, kind, ..] if path.starts_with(point) => {
          Some((point.len(), format!("{kind} ({device} on {point})")))
        }
        _ => None,
      }
    })
    .max_by_key(|(len, _)| *len)
    .map_or_else(|| "unknown file system".to_owned(), |(_, fs)| fs)
}

fn usage(rss_cpu: Option<Usage>) -> (String, String) {
  rss_cpu.map_or(("-".to_owned(), "-".to_owned()), |(rss, user, sys)| {
    (
      format!(
        "{:.2} s ({:.2} user, {:.2} sys)",
        (user + sys) / 1000.0,
        user / 1000.0,
        sys / 1000.0
      ),
      format!("{rss:.0} MiB"),
    )
  })
}

fn seconds(ms: f64) -> String {
  if ms >= 1000.0 {
    format!("{:.2} s", ms / 1000.0)
  } else {
    format!("{ms:.0} ms")
  }
}

fn print(root: &Path, runs: usize, load_before: &str, measured: &[(Size, Option<Cdktf>)]) {
  let cores = std::thread::available_parallelism().map_or(0, usize::from);
  println!();
  println!(
    "switchyard against cdktf: {cores} cores, {}; trees in {} on {}",
    crate::cpu_model(),
    root.display(),
    filesystem(root)
  );
  println!(
    "median wall time of {runs} interleaved rounds; CPU and peak RSS of one run under GNU time \
(cdktf: medians of its rounds); load average (1 min) before {load_before}, after {}",
    crate::load_average()
  );
  let cdktf = measured.first().and_then(|(_, c)| c.as_ref());
  for (index, (size, _)) in measured.iter().enumerate() {
    println!();
    println!(
      "N = {} workloads: {} blueprints, {} resources in {} files",
      size.n, size.blueprints, size.resources, size.files
    );
    println!(
      "| | wall (median) | min-max | CPU | peak RSS | floor | × floor | per resource vs cdktf | RSS vs cdktf |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (step, m) in &size.cells {
      let (cpu, rss) = usage(m.rss_cpu);
      let floor = step.floor_ms(&size.floor);
      let (speed, memory) = match cdktf {
        Some(c) => {
          let per_resource =
            (c.median_ms / c.resources as f64) / (m.median_ms / size.resources as f64);
          // Memory is compared at the size cdktf ran at; per-resource time at any size.
          let memory = match (c.rss_cpu, m.rss_cpu) {
            (Some((theirs, _, _)), Some((ours, _, _))) if index == 0 => {
              format!("1/{:.1}", theirs / ours)
            }
            _ => "-".to_owned(),
          };
          (format!("{per_resource:.0}× faster"), memory)
        }
        None => ("-".to_owned(), "-".to_owned()),
      };
      println!(
        "| `switchyard` {} | {} | {}-{} | {cpu} | {rss} | {} | {:.2}× | {speed} | {memory} |",
        step.label(),
        seconds(m.median_ms),
        seconds(m.min_ms),
        seconds(m.max_ms),
        seconds(floor),
        m.median_ms / floor,
      );
    }
    if index == 0
      && let Some(c) = cdktf
    {
      let (cpu, rss) = usage(c.rss_cpu);
      println!(
        "| cdktf synth (`N={CDKTF_N} node app.js`, {} resources) | {} | {}-{} | {cpu} | {rss} | | | 1× | 1 |",
        c.resources,
        seconds(c.median_ms),
        seconds(c.min_ms),
        seconds(c.max_ms),
      );
    }
    let f = &size.floor;
    let synced = f.write_synced_ms.map_or(String::new(), |ms| {
      format!(" (with an fsync per file {ms:.1} ms)")
    });
    println!(
      "machine floor: start {:.1} ms, parse {:.1} ms, read {:.1} ms, write+rename {:.1} ms{synced}",
      f.start_ms, f.parse_ms, f.read_ms, f.write_ms
    );
  }
  if cdktf.is_none() {
    println!();
    println!("(cdktf not run: see the message above)");
  }
  if let [(small, _), (large, _), ..] = measured {
    let growth: Vec<String> = small
      .cells
      .iter()
      .filter_map(|(step, a)| {
        let (_, b) = large.cells.iter().find(|(s, _)| s == step)?;
        Some(format!(
          "{} {:.1}×",
          step.label(),
          b.median_ms / a.median_ms
        ))
      })
      .collect();
    println!();
    println!(
      "N = {} against N = {} ({:.1}× the resources): {}",
      large.n,
      small.n,
      large.resources as f64 / small.resources as f64,
      growth.join("; ")
    );
  }
}
