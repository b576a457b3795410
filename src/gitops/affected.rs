//! `affected --since GIT_REV`: the roots a change touches, so a pipeline plans and applies
//! only those.
//!
//! A root is affected when, between the revision and the working tree, any of these changed:
//! its blueprint file, its base (for an overlay), a `--templates` override it uses (`root/…`
//! for every root, `<cloud>/…` for roots using that cloud), or its generated files under
//! `--out` (a committed re-render, e.g. after a Switchyard upgrade). A root whose generated
//! files or blueprint went away is listed as removed. Git does the comparison: `git diff`
//! against the revision plus untracked files, all through the `git` command line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::load::Loaded;
use crate::render::manifest;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
  /// The root's blueprint is new since the revision.
  Added,
  Changed,
  /// Its generated files or its blueprint are gone: the pipeline may need to destroy it.
  Removed,
  /// Still rendered under `--out`, but its blueprint no longer produces it (see `orphan`).
  Orphaned,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Root {
  /// `<name>/<environment>`.
  pub(crate) root: String,
  /// The root's directory under `--out`.
  pub(crate) directory: String,
  pub(crate) status: Status,
  /// The blueprint files it is rendered from (empty for a removed root).
  pub(crate) blueprints: Vec<String>,
  /// Why, one line each: `blueprints/chat.yaml changed`.
  pub(crate) reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Affected {
  pub(crate) format_version: u32,
  pub(crate) since: String,
  /// The commit `since` resolved to.
  pub(crate) since_commit: String,
  pub(crate) roots: Vec<Root>,
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
  let output = Command::new("git")
    .args(args)
    .current_dir(dir)
    .output()
    .map_err(|error| Error::Input {
      path: dir.to_owned(),
      message: format!("cannot run `git` ({error}); `affected` needs git on the PATH"),
    })?;
  if !output.status.success() {
    return Err(Error::Input {
      path: dir.to_owned(),
      message: format!(
        "`git {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr).trim()
      ),
    });
  }
  Ok(output.stdout)
}

/// `path` relative to the repository's top level, with `/` separators.
pub(crate) fn in_repository(top: &Path, path: &Path) -> Option<String> {
  let absolute = if path.is_absolute() {
    path.to_owned()
  } else {
    std::env::current_dir().ok()?.join(path)
  };
  // The file may be gone (a removed root): canonicalize the deepest part that exists.
  let mut existing = absolute.as_path();
  let mut rest = Vec::new();
  while !existing.exists() {
    rest.push(existing.file_name()?.to_owned());
    existing = existing.parent()?;
  }
  let mut canonical = existing.canonicalize().ok()?;
  for part in rest.iter().rev() {
    canonical.push(part);
  }
  let relative = canonical.strip_prefix(top).ok()?;
  let text = relative.to_string_lossy().replace('\\', "/");
  Some(text.trim_end_matches('/').to_owned())
}

/// The top level of the git repository around the working directory, canonical.
pub(crate) fn top_level() -> Result<PathBuf, Error> {
  let cwd = std::env::current_dir().map_err(|e| Error::io("read", Path::new("."), e))?;
  let top = String::from_utf8_lossy(&git(&cwd, &["rev-parse", "--show-toplevel"])?)
    .trim()
    .to_owned();
  PathBuf::from(top)
    .canonicalize()
    .map_err(|e| Error::io("read", &cwd, e))
}

/// What changed since `since`: path (relative to the top level) → git's status letter.
fn changed_paths(top: &Path, commit: &str) -> Result<BTreeMap<String, char>, Error> {
  let mut paths = BTreeMap::new();
  let diff = git(
    top,
    &["diff", "--name-status", "--no-renames", "-z", commit, "--"],
  )?;
  let mut fields = diff.split(|b| *b == 0).filter(|f| !f.is_empty());
  while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
    let letter = status.first().map_or('M', |b| char::from(*b));
    paths.insert(String::from_utf8_lossy(path).into_owned(), letter);
  }
  let untracked = git(top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
  for path in untracked.split(|b| *b == 0).filter(|f| !f.is_empty()) {
    paths.insert(String::from_utf8_lossy(path).into_owned(), 'A');
  }
  Ok(paths)
}

fn under<'a>(
  paths: &'a BTreeMap<String, char>,
  dir: &'a str,
) -> impl Iterator<Item = (&'a String, &'a char)> + 'a {
  paths
    .iter()
    .filter(move |(path, _)| dir.is_empty() || path.starts_with(&format!("{dir}/")))
}

/// The roots affected since `since`, for the loaded blueprints.
pub(crate) fn affected(
  loaded: &[Loaded],
  since: &str,
  out: &Path,
  templates: Option<&Path>,
) -> Result<Affected, Error> {
  let top = top_level()?;
  let commit = git(
    &top,
    &["rev-parse", "--verify", "--quiet", &format!("{since}^{{commit}}")],
  )
  .map_err(|_| Error::Input {
    path: top.clone(),
    message: format!(
      "`{since}` is not a commit of this repository; in CI, fetch the history it needs (actions/checkout with `fetch-depth: 0`)"
    ),
  })?;
  let commit = String::from_utf8_lossy(&commit).trim().to_owned();
  let changed = changed_paths(&top, &commit)?;
  let out_dir = in_repository(&top, out);
  let templates_dir = templates.and_then(|t| in_repository(&top, t));

  // Template overrides that changed, by folder: `root` or a cloud.
  let mut template_folders: BTreeMap<String, Vec<String>> = BTreeMap::new();
  if let Some(dir) = &templates_dir {
    for (path, _) in under(&changed, dir) {
      let relative = path
        .get(dir.len()..)
        .unwrap_or(path)
        .trim_start_matches('/');
      if let Some((folder, _)) = relative.split_once('/') {
        template_folders
          .entry(folder.to_owned())
          .or_default()
          .push(path.clone());
      }
    }
  }

  let mut roots = Vec::new();
  let mut current = BTreeSet::new();
  for blueprint in loaded {
    let root = blueprint.plan.root();
    current.insert(root.clone());
    let directory = out.join(&root);
    let mut reasons = Vec::new();
    let mut added = false;
    let inputs = blueprint.inputs();
    for (index, input) in inputs.iter().enumerate() {
      let Some(relative) = in_repository(&top, input) else {
        continue;
      };
      if let Some(letter) = changed.get(&relative) {
        let own_file = index + 1 == inputs.len();
        added |= own_file && *letter == 'A';
        let what = if own_file {
          "blueprint"
        } else {
          "base blueprint"
        };
        let verb = if *letter == 'A' { "added" } else { "changed" };
        reasons.push(format!("{what} {relative} {verb}"));
      }
    }
    let used: Vec<&str> = blueprint
      .plan
      .blueprint
      .used_clouds()
      .into_iter()
      .map(Cloud::key)
      .collect();
    for (folder, paths) in &template_folders {
      if folder == "root" || used.contains(&folder.as_str()) || Cloud::parse(folder).is_none() {
        for path in paths {
          reasons.push(format!("template {path} changed"));
        }
      }
    }
    if let Some(dir) = in_repository(&top, &directory) {
      let generated = under(&changed, &dir).count();
      if generated > 0 {
        reasons.push(format!(
          "{generated} generated file{} under {dir} changed",
          if generated == 1 { "" } else { "s" }
        ));
      }
    }
    if !reasons.is_empty() {
      roots.push(Root {
        root,
        directory: directory.display().to_string(),
        status: if added {
          Status::Added
        } else {
          Status::Changed
        },
        blueprints: inputs.iter().map(|p| p.display().to_string()).collect(),
        reasons,
      });
    }
  }

  // Roots no blueprint renders any more, found by their generated files that changed.
  if let Some(dir) = &out_dir {
    let mut gone: BTreeMap<String, usize> = BTreeMap::new();
    for (path, _) in under(&changed, dir) {
      let relative = path
        .get(dir.len()..)
        .unwrap_or(path)
        .trim_start_matches('/');
      let mut parts = relative.splitn(3, '/');
      if let (Some(name), Some(environment), Some(_)) = (parts.next(), parts.next(), parts.next()) {
        // A hidden directory is a render's scratch space, never a root.
        if name.starts_with('.') || environment.starts_with('.') {
          continue;
        }
        let root = format!("{name}/{environment}");
        if !current.contains(&root) {
          *gone.entry(root).or_default() += 1;
        }
      }
    }
    for (root, count) in gone {
      let directory = out.join(&root);
      let manifest_gone = !directory.join(manifest::FILE).exists();
      roots.push(Root {
        directory: directory.display().to_string(),
        status: if manifest_gone {
          Status::Removed
        } else {
          Status::Changed
        },
        blueprints: Vec::new(),
        reasons: vec![if manifest_gone {
          format!("no blueprint renders it any more ({count} generated files changed or deleted)")
        } else {
          format!("{count} generated files changed, but no blueprint given renders it")
        }],
        root,
      });
    }
  }
  roots.sort_by(|a, b| a.root.cmp(&b.root));
  Ok(Affected {
    format_version: 1,
    since: since.to_owned(),
    since_commit: commit,
    roots,
  })
}

/// One directory per line, for `for dir in $(switchyard affected …)`; removed roots are
/// not directories to plan, so they are left to the JSON format and a note on stderr.
pub(crate) fn text(affected: &Affected) -> String {
  affected
    .roots
    .iter()
    .filter(|r| !matches!(r.status, Status::Removed | Status::Orphaned))
    .map(|r| format!("{}\n", r.directory))
    .collect()
}

pub(crate) fn json(affected: &Affected) -> String {
  let mut text = serde_json::to_string_pretty(affected).unwrap_or_default();
  text.push('\n');
  text
}
