//! Scale benchmark: whole processes of the release binary on generated monorepos.
//!
//! ```sh
//! cargo bench --bench scale                    # N = 10, 100, 1000, 10000 workloads
//! cargo bench --bench scale -- 1000 --runs 9   # chosen sizes, more runs
//! cargo bench --bench scale -- 1000 --dir /dev/shm/scale   # work (and keep the trees) there
//! cargo bench --bench scale -- 1000 --binary old/switchyard # another build, to compare
//! cargo bench --bench scale -- compare          # against cdktf, on the real disk (compare.rs)
//! ```
//!
//! For each N it writes `N / 20` blueprints (see `generate.rs`) and runs `validate`, `plan`
//! against an empty and against an up-to-date tree, and `render` into an empty and into an
//! up-to-date tree. Wall time is the median of `--runs` runs after one warm-up run, measured
//! around spawn and wait of the binary itself. Peak memory is the child's maximum resident set
//! as the kernel reports it to `wait4`, read through GNU time (`/usr/bin/time -f %M`) in one
//! extra run: the package forbids `unsafe` code, and calling `wait4` through `libc` needs it.
//! `cargo bench` builds the binary with the bench profile, which is the release profile.
//!
//! Each size also gets its machine floor (`floor.rs`): what starting a process, parsing the
//! blueprints and reading or writing the rendered files cost here with no Switchyard code, the
//! least a plan or a render could take on this machine.
//!
//! Trees go under the repository's `target/` by default: the disk a user's repository is on.
//! `/tmp` and `/dev/shm` are often tmpfs, where writing files costs almost nothing and a
//! benchmark there never sees what the file system costs (issue 17).

mod compare;
mod floor;
mod generate;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

// anyhow at the benchmark's edge: every failure is a message with its context (the file, the
// command), printed once by `main`.
use anyhow::{Context as _, anyhow, bail};
type Result<T> = anyhow::Result<T>;

/// The median of some timings (ms).
fn median(mut times: Vec<f64>) -> f64 {
  times.sort_by(f64::total_cmp);
  match times.len() {
    0 => 0.0,
    len if len % 2 == 1 => times.get(len / 2).copied().unwrap_or_default(),
    len => {
      let low = times.get(len / 2 - 1).copied().unwrap_or_default();
      let high = times.get(len / 2).copied().unwrap_or_default();
      (low + high) / 2.0
    }
  }
}

pub const GNU_TIME: &str = "/usr/bin/time";

/// The switchyard binary measured, set once from the options.
static BINARY: OnceLock<PathBuf> = OnceLock::new();

/// The render memo the measured runs use (issue 17): a directory of the benchmark's own, as a
/// user's `~/.cache/switchyard` would be, set once from the options.
static MEMO: OnceLock<PathBuf> = OnceLock::new();

/// Points a run at the benchmark's memo, or (`memo` false) turns the memo off: a fresh CI
/// runner's first run.
fn with_memo(command: &mut Command, memo: bool) -> &mut Command {
  let dir = MEMO.get().filter(|_| memo).cloned().unwrap_or_default();
  command.env("SWITCHYARD_CACHE_DIR", dir)
}

fn binary() -> &'static Path {
  BINARY
    .get()
    .map_or(Path::new("switchyard"), PathBuf::as_path)
}

struct Options {
  /// `compare`: side by side with cdktf (compare.rs).
  compare: bool,
  sizes: Vec<usize>,
  runs: usize,
  /// Where blueprints and trees go; kept afterwards. Default: a temporary directory.
  dir: Option<PathBuf>,
  binary: PathBuf,
}

fn options() -> Result<Options> {
  let mut sizes = Vec::new();
  let mut compare = false;
  let mut runs = 5;
  let mut dir = None;
  // `cargo bench` builds the binary with the bench profile, which is the release profile.
  let mut binary = PathBuf::from(env!("CARGO_BIN_EXE_switchyard"));
  let mut args = std::env::args().skip(1);
  while let Some(arg) = args.next() {
    match arg.as_str() {
      // cargo bench passes --bench to every bench target.
      "--bench" => {}
      "compare" => compare = true,
      "--runs" => {
        runs = args
          .next()
          .and_then(|r| r.parse().ok())
          .filter(|r| *r > 0)
          .context("--runs takes a positive number")?;
      }
      "--dir" => dir = Some(PathBuf::from(args.next().context("--dir takes a directory")?)),
      "--binary" => binary = PathBuf::from(args.next().context("--binary takes a file")?),
      size => sizes.push(size.parse().map_err(|_| {
        anyhow!(
          "unknown argument {size:?}; usage: [compare] [N...] [--runs R] [--dir DIR] [--binary FILE]"
        )
      })?),
    }
  }
  if sizes.is_empty() && !compare {
    sizes = vec![10, 100, 1_000, 10_000];
  }
  Ok(Options {
    compare,
    sizes,
    runs,
    dir,
    binary,
  })
}

/// One measured command: its label and how to run it in the size's directory.
#[derive(Clone, Copy)]
pub enum Step {
  Validate,
  PlanEmpty,
  PlanCurrent,
  RenderEmpty,
  RenderCurrent,
}

const STEPS: [Step; 5] = [
  Step::Validate,
  Step::PlanEmpty,
  Step::PlanCurrent,
  Step::RenderEmpty,
  Step::RenderCurrent,
];

impl Step {
  fn label(self) -> &'static str {
    match self {
      Step::Validate => "validate",
      Step::PlanEmpty => "plan, empty tree",
      Step::PlanCurrent => "plan, up-to-date tree",
      Step::RenderEmpty => "render, empty tree",
      Step::RenderCurrent => "render, up-to-date tree",
    }
  }

  /// Arguments for run number `run`; render into an empty tree gets a fresh directory.
  pub fn args(self, dir: &Path, run: usize) -> Vec<String> {
    let blueprints = dir.join("blueprints").display().to_string();
    let out = |name: &str| dir.join(name).display().to_string();
    let command = |verb: &str, tree: String| {
      vec![
        verb.to_owned(),
        blueprints.clone(),
        "--out".to_owned(),
        tree,
      ]
    };
    match self {
      Step::Validate => vec!["validate".to_owned(), blueprints.clone()],
      Step::PlanEmpty => command("plan", out("empty")),
      Step::PlanCurrent => command("plan", out("current")),
      Step::RenderEmpty => command("render", out(&format!("fresh-{run}"))),
      Step::RenderCurrent => command("render", out("current")),
    }
  }
}

/// When the benchmark last deleted a tree (see `settle`).
static LAST_DELETION: Mutex<Option<Instant>> = Mutex::new(None);

fn deleted_now() {
  if let Ok(mut last) = LAST_DELETION.lock() {
    *last = Some(Instant::now());
  }
}

/// How long ext4 keeps skipping a deleted inode once its inode table is written back
/// (`recentcy_clean` in the kernel; 300 s while it is not).
const RECENTLY_DELETED: Duration = Duration::from_secs(30);

/// Brings the disk under `dir` to rest before files are created and timed: written back
/// (`sync -f`, one `syncfs`), and no deletion of the benchmark's own in the last 30 seconds.
/// On an ext4 without a journal, creating files within minutes of deleting many costs several
/// times more (see `remove_written`); without this, a size's timings depended on how much the
/// previous size had deleted and how recently.
pub fn settle(dir: &Path) {
  let _ = Command::new("sync").arg("-f").arg(dir).status();
  let since = LAST_DELETION
    .lock()
    .ok()
    .and_then(|last| last.map(|at| at.elapsed()));
  if let Some(wait) = since.and_then(|since| RECENTLY_DELETED.checked_sub(since)) {
    eprintln!("  letting the disk settle for {:.0} s", wait.as_secs_f64());
    std::thread::sleep(wait);
  }
}

/// Removes the trees that renders into an empty tree and the floor wrote under a size's
/// directory. Only once a whole measurement is done: on ext4 without a journal (this project's
/// VM), creating a file right after many were deleted costs several times more (the inode
/// allocator skips recently deleted inodes, `recently_deleted` in the kernel profile), so
/// deleting between runs would time the benchmark's own clean-up.
pub fn remove_written(dir: &Path) {
  let Ok(entries) = fs::read_dir(dir) else {
    return;
  };
  for entry in entries.flatten() {
    let name = entry.file_name();
    let name = name.to_string_lossy();
    if name.starts_with("fresh-") || name.starts_with("floor-") {
      let _ = fs::remove_dir_all(entry.path());
      deleted_now();
    }
  }
}

/// Runs the binary once; returns its stdout, or its stderr as the error.
fn run(args: &[String]) -> Result<String> {
  let output = with_memo(&mut Command::new(binary()), true)
    .args(args)
    .output()
    .with_context(|| format!("cannot run {}", binary().display()))?;
  if !output.status.success() {
    bail!(
      "switchyard {} failed ({}):\n{}",
      args.join(" "),
      output.status,
      String::from_utf8_lossy(&output.stderr)
    );
  }
  Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Wall time of one run in milliseconds; output goes to /dev/null as in a CI log that is not read.
pub fn time_once(args: &[String], memo: bool) -> Result<f64> {
  let start = Instant::now();
  let status = with_memo(&mut Command::new(binary()), memo)
    .args(args)
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .status()
    .with_context(|| format!("cannot run {}", binary().display()))?;
  let elapsed = start.elapsed().as_secs_f64() * 1000.0;
  if !status.success() {
    // Run it again to show why.
    run(args)?;
    bail!("switchyard {} failed ({status})", args.join(" "));
  }
  Ok(elapsed)
}

/// Peak resident set (MiB), user and system CPU time (ms) of one run, from GNU time; `None` if
/// it is not installed.
pub fn peak_rss(args: &[String], dir: &Path, memo: bool) -> Result<Option<(f64, f64, f64)>> {
  if !Path::new(GNU_TIME).exists() {
    return Ok(None);
  }
  let report = dir.join("rss.txt");
  let status = with_memo(&mut Command::new(GNU_TIME), memo)
    .args(["-f", "%M %U %S", "-o"])
    .arg(&report)
    .arg(binary())
    .args(args)
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .status()
    .with_context(|| format!("cannot run {GNU_TIME}"))?;
  if !status.success() {
    bail!("{GNU_TIME} switchyard {} failed ({status})", args.join(" "));
  }
  let text = fs::read_to_string(&report).with_context(|| format!("{}", report.display()))?;
  parse_gnu_time(&text)
}

/// Peak RSS (MiB), user and system CPU (ms) from GNU time's `%M %U %S` line.
pub fn parse_gnu_time(text: &str) -> Result<Option<(f64, f64, f64)>> {
  let fields: Vec<f64> = text
    .lines()
    .last()
    .unwrap_or_default()
    .split_whitespace()
    .filter_map(|f| f.parse().ok())
    .collect();
  match fields.as_slice() {
    [kib, user, system] => Ok(Some((kib / 1024.0, user * 1000.0, system * 1000.0))),
    _ => Err(anyhow!("GNU time wrote {text:?}")),
  }
}

pub struct Measured {
  pub median_ms: f64,
  pub min_ms: f64,
  pub max_ms: f64,
  /// Peak RSS (MiB), user and system CPU time (ms) of the run under GNU time.
  pub rss_cpu: Option<(f64, f64, f64)>,
}

impl Measured {
  /// The summary of some wall times (ms) and the GNU time run.
  pub fn of(times: Vec<f64>, rss_cpu: Option<(f64, f64, f64)>) -> Measured {
    let min_ms = times.iter().copied().fold(f64::INFINITY, f64::min);
    let max_ms = times.iter().copied().fold(0.0, f64::max);
    Measured {
      median_ms: median(times),
      min_ms,
      max_ms,
      rss_cpu,
    }
  }
}

fn measure(step: Step, dir: &Path, runs: usize) -> Result<Measured> {
  // Warm-up: page cache, and the binary's pages.
  time_once(&step.args(dir, 0), true)?;
  let mut times = Vec::with_capacity(runs);
  for run in 1..=runs {
    times.push(time_once(&step.args(dir, run), true)?);
  }
  let rss_cpu = peak_rss(&step.args(dir, runs + 1), dir, true)?;
  remove_written(dir);
  Ok(Measured::of(times, rss_cpu))
}

/// Every file under `dir`, in sorted order.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
  let mut files = Vec::new();
  let mut pending = vec![dir.to_owned()];
  while let Some(current) = pending.pop() {
    let entries = fs::read_dir(&current).with_context(|| format!("{}", current.display()))?;
    for entry in entries {
      let path = entry?.path();
      if path.is_dir() {
        pending.push(path);
      } else {
        files.push(path);
      }
    }
  }
  files.sort();
  Ok(files)
}

/// Counts the files under `dir`.
pub fn count_files(dir: &Path) -> Result<usize> {
  files_under(dir).map(|files| files.len())
}

/// Counts `resource` blocks in the `.tf` files under `dir`.
pub fn count_resources(dir: &Path) -> Result<usize> {
  let mut count = 0;
  for path in files_under(dir)? {
    if path.extension().is_some_and(|e| e == "tf") {
      let text = fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
      count += text
        .lines()
        .filter(|l| l.starts_with("resource \""))
        .count();
    }
  }
  Ok(count)
}

struct Row {
  n: usize,
  blueprints: usize,
  resources: usize,
  cells: Vec<Measured>,
  floor: floor::Floor,
}

/// Writes size `n`'s blueprints and its up-to-date tree under `root`; returns the size's
/// directory and its number of blueprints.
pub fn prepare(n: usize, root: &Path) -> Result<(PathBuf, usize)> {
  let dir = root.join(format!("n{n}"));
  if dir.exists() {
    let _ = fs::remove_dir_all(&dir);
    deleted_now();
  }
  let blueprints = generate::blueprints(n);
  fs::create_dir_all(dir.join("blueprints"))?;
  fs::create_dir_all(dir.join("empty"))?;
  for (name, text) in &blueprints {
    fs::write(dir.join("blueprints").join(name), text)?;
  }
  // The up-to-date tree, and proof that it is: a second render changes nothing.
  run(&Step::RenderCurrent.args(&dir, 0))?;
  let again = run(&Step::RenderCurrent.args(&dir, 0))?;
  if let Some(line) = again
    .lines()
    .find(|l| !l.contains("(0 created, 0 changed, 0 deleted, "))
  {
    bail!("a second render changed files: {line}");
  }
  Ok((dir, blueprints.len()))
}

fn bench_size(n: usize, root: &Path, runs: usize) -> Result<Row> {
  let (dir, blueprints) = prepare(n, root)?;
  let resources = count_resources(&dir.join("current"))?;
  let mut cells = Vec::new();
  for step in STEPS {
    eprintln!("  N = {n}: {}", step.label());
    settle(&dir);
    cells.push(measure(step, &dir, runs)?);
  }
  eprintln!("  N = {n}: machine floor");
  settle(&dir);
  let floor = floor::measure(&dir, binary(), runs, false)?;
  remove_written(&dir);
  Ok(Row {
    n,
    blueprints,
    resources,
    cells,
    floor,
  })
}

pub fn cpu_model() -> String {
  fs::read_to_string("/proc/cpuinfo")
    .ok()
    .and_then(|text| {
      text
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
    })
    .unwrap_or_else(|| "unknown CPU".to_owned())
}

fn cell(m: &Measured) -> String {
  let rss = m
    .rss_cpu
    .map_or("-".to_owned(), |(rss, _, _)| format!("{rss:.1} MiB"));
  format!("{:.1} ms, {rss}", m.median_ms)
}

/// The 1-minute load average: on a shared machine, what else was running.
pub fn load_average() -> String {
  fs::read_to_string("/proc/loadavg")
    .ok()
    .and_then(|text| text.split_whitespace().next().map(str::to_owned))
    .unwrap_or_else(|| "?".to_owned())
}

fn print(rows: &[Row], runs: usize, load_before: &str) {
  let cores = std::thread::available_parallelism().map_or(0, usize::from);
  println!();
  println!(
    "switchyard scale benchmark: {cores} cores, {}; median wall time of {runs} runs, peak RSS",
    cpu_model()
  );
  println!(
    "load average (1 min) before {load_before}, after {}",
    load_average()
  );
  println!();
  let mut header = "| workloads | blueprints | resources |".to_owned();
  let mut rule = "|---:|---:|---:|".to_owned();
  for step in STEPS {
    header.push_str(&format!(" {} |", step.label()));
    rule.push_str("---:|");
  }
  println!("{header}\n{rule}");
  for row in rows {
    let mut line = format!("| {} | {} | {} |", row.n, row.blueprints, row.resources);
    for m in &row.cells {
      line.push_str(&format!(" {} |", cell(m)));
    }
    println!("{line}");
  }
  println!();
  println!("spread: min-max wall ms (user and system CPU ms of the GNU time run, 10 ms ticks)");
  for row in rows {
    let spread: Vec<String> = STEPS
      .iter()
      .zip(&row.cells)
      .map(|(s, m)| {
        let cpu = m.rss_cpu.map_or("-".to_owned(), |(_, user, system)| {
          format!("user {user:.0}, sys {system:.0}")
        });
        format!("{} {:.1}-{:.1} ({cpu})", s.label(), m.min_ms, m.max_ms)
      })
      .collect();
    println!("  N = {}: {}", row.n, spread.join("; "));
  }
  println!();
  println!(
    "machine floor: median wall ms of what no Switchyard code runs in (see benches/scale/floor.rs)"
  );
  println!(
    "| workloads | start process | parse blueprints | read tree | write tree | least render, empty tree | least plan, up-to-date tree |"
  );
  println!("|---:|---:|---:|---:|---:|---:|---:|");
  for row in rows {
    let f = &row.floor;
    println!(
      "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
      row.n,
      f.start_ms,
      f.parse_ms,
      f.read_ms,
      f.write_ms,
      f.render_empty_ms(),
      f.plan_current_ms()
    );
  }
  let find = |n: usize| rows.iter().find(|r| r.n == n);
  if let (Some(small), Some(large)) = (find(1_000), find(10_000)) {
    let ratios: Vec<String> = STEPS
      .iter()
      .zip(small.cells.iter().zip(&large.cells))
      .map(|(s, (a, b))| format!("{} {:.1}x", s.label(), b.median_ms / a.median_ms))
      .collect();
    println!("N = 10000 against N = 1000: {}", ratios.join("; "));
  }
  if !Path::new(GNU_TIME).exists() {
    println!("(peak RSS not measured: {GNU_TIME} is not installed)");
  }
}

fn main() -> std::process::ExitCode {
  match bench() {
    Ok(()) => std::process::ExitCode::SUCCESS,
    Err(error) => {
      eprintln!("scale: {error:#}");
      std::process::ExitCode::FAILURE
    }
  }
}

fn bench() -> Result<()> {
  let options = options()?;
  let root = match &options.dir {
    Some(dir) => dir.clone(),
    None => Path::new(env!("CARGO_MANIFEST_DIR"))
      .join("target")
      .join(format!("scale-{}", std::process::id())),
  };
  let _ = BINARY.set(options.binary.clone());
  let _ = MEMO.set(std::path::absolute(root.join("memo"))?);
  eprintln!(
    "binary: {}\nwork directory: {}",
    binary().display(),
    root.display()
  );
  if options.compare {
    let result = compare::run(&root, options.runs, &options.sizes);
    if options.dir.is_none() {
      let _ = fs::remove_dir_all(&root);
    }
    return result;
  }
  let load_before = load_average();
  let mut rows = Vec::new();
  let result = options
    .sizes
    .iter()
    .try_for_each(|n| bench_size(*n, &root, options.runs).map(|row| rows.push(row)));
  if options.dir.is_none() {
    let _ = fs::remove_dir_all(&root);
  }
  result?;
  print(&rows, options.runs, &load_before);
  Ok(())
}
