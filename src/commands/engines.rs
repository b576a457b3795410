//! `pipeline`: what the engines teams already run read, one entry per rendered root.
//!
//! - Atlantis: a repo config (`atlantis.yaml`, version 3), one project per root, with the
//!   files that should trigger its autoplan and, under `--promotion`, `depends_on` and
//!   `execution_order_group`.
//! - GitHub Actions: a matrix (`{"include": [...]}`) for `fromJSON`, of every root or of the
//!   roots `affected` finds since a revision.
//! - HCP Terraform: a Terraform module for the `tfe` provider, one `tfe_workspace` per root and
//!   a `tfe_run_trigger` per promotion step.
//!
//! Sources: Atlantis's loader (runatlantis/atlantis server/core/config/raw/project.go; paths
//! in `when_modified` are relative to the project's directory, docs/repo-level-atlantis-yaml.md),
//! the tfe provider's docs/r/workspace.html.markdown ("Trigger patterns are always appended to
//! the root directory of the repository") and docs/r/run_trigger.html.markdown.
//!
//! Paths are relative to the git repository's top level, where these files live and where
//! the engines check the repository out. Roots never read each other's outputs (no
//! `terraform_remote_state`, no data source on another root's objects), so the only order
//! between them is the one a team chooses: `--promotion staging,prod` makes each root wait for
//! the same blueprint's previous environment.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::commands::cli::Promotion;
use crate::gitops::affected;
use crate::input::error::Error;
use crate::plan::load::Loaded;
use crate::render::format;

/// One rendered root, as every engine sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Project {
  /// `<name>/<environment>`.
  pub(crate) root: String,
  /// The root's directory, relative to the repository's top level.
  pub(crate) directory: String,
  /// Its blueprint files (base first), relative to the top level.
  pub(crate) blueprints: Vec<String>,
  /// 0 without `--promotion`; else the index of its environment in the promotion order (an
  /// environment not named there is 0: nothing waits for it and it waits for nothing).
  pub(crate) stage: usize,
  /// The root it waits for: the same blueprint in the nearest earlier promoted environment.
  pub(crate) after: Option<String>,
}

/// A path relative to the top level, or an error naming a file outside the repository.
fn relative(top: &Path, path: &Path) -> Result<String, Error> {
  affected::in_repository(top, path).ok_or_else(|| Error::Input {
    path: path.to_owned(),
    message: format!(
      "is outside the git repository at {}; pipeline configs name files by their path in the repository",
      top.display()
    ),
  })
}

/// The projects of the loaded blueprints, sorted by root.
pub(crate) fn projects(
  top: &Path,
  loaded: &[Loaded],
  out: &Path,
  promotion: Option<&Promotion>,
) -> Result<Vec<Project>, Error> {
  let order: &[String] = promotion.map_or(&[], |p| p.0.as_slice());
  // name → environment → root, to find each root's predecessor.
  let mut by_name: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
  for l in loaded {
    let bp = &l.plan.blueprint;
    by_name
      .entry(bp.name.to_string())
      .or_default()
      .insert(bp.environment.to_string(), l.plan.root());
  }
  let mut projects = Vec::with_capacity(loaded.len());
  for l in loaded {
    let bp = &l.plan.blueprint;
    let environment = bp.environment.as_str();
    let position = order.iter().position(|e| e == environment);
    let after = position.and_then(|index| {
      let environments = by_name.get(bp.name.as_str())?;
      order
        .get(..index)?
        .iter()
        .rev()
        .find_map(|earlier| environments.get(earlier).cloned())
    });
    let blueprints = l
      .inputs()
      .into_iter()
      .map(|p| relative(top, p))
      .collect::<Result<Vec<_>, _>>()?;
    projects.push(Project {
      directory: relative(top, &out.join(l.plan.root()))?,
      root: l.plan.root(),
      blueprints,
      stage: position.unwrap_or(0),
      after,
    });
  }
  projects.sort_by(|a, b| a.root.cmp(&b.root));
  Ok(projects)
}

/// `path` (from the top level) as seen from `directory` (also from the top level): Atlantis
/// reads `when_modified` relative to the project's directory.
fn from_directory(directory: &str, path: &str) -> String {
  let depth = directory.split('/').filter(|p| !p.is_empty()).count();
  format!("{}{path}", "../".repeat(depth))
}

#[derive(Serialize)]
struct AtlantisConfig<'a> {
  version: u32,
  parallel_plan: bool,
  parallel_apply: bool,
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  abort_on_execution_order_fail: bool,
  projects: Vec<AtlantisProject<'a>>,
}

#[derive(Serialize)]
struct AtlantisProject<'a> {
  name: &'a str,
  dir: &'a str,
  workspace: &'static str,
  workflow: &'a str,
  autoplan: Autoplan,
  #[serde(skip_serializing_if = "Option::is_none")]
  execution_order_group: Option<usize>,
  #[serde(skip_serializing_if = "Vec::is_empty")]
  depends_on: Vec<&'a str>,
}

#[derive(Serialize)]
struct Autoplan {
  enabled: bool,
  when_modified: Vec<String>,
}

/// Which directory trigger patterns are written from.
#[derive(Clone, Copy)]
enum From {
  /// The project's directory (Atlantis's `when_modified`).
  Project,
  /// The repository's top level, with a leading `/` (HCP Terraform's `trigger_patterns`).
  Top,
}

/// The files that change a root's plan: its Terraform files (generated, and a `backend.tf` or
/// lock file a team adds), its blueprint files, and the template overrides.
fn triggers(project: &Project, templates: Option<&str>, from: From) -> Vec<String> {
  let inside = |path: &str| match from {
    From::Project => path.to_owned(),
    From::Top => format!("/{}/{path}", project.directory),
  };
  let outside = |path: &str| match from {
    From::Project => from_directory(&project.directory, path),
    From::Top => format!("/{path}"),
  };
  let mut patterns = vec![
    inside("**/*.tf"),
    inside("**/*.tf.json"),
    inside(".terraform.lock.hcl"),
  ];
  patterns.extend(project.blueprints.iter().map(|b| outside(b)));
  if let Some(dir) = templates {
    patterns.push(outside(&format!("{dir}/**")));
  }
  patterns
}

pub(crate) fn atlantis(projects: &[Project], templates: Option<&str>, workflow: &str) -> String {
  let promoted = projects.iter().any(|p| p.stage > 0 || p.after.is_some());
  let config = AtlantisConfig {
    version: 3,
    parallel_plan: true,
    parallel_apply: true,
    abort_on_execution_order_fail: promoted,
    projects: projects
      .iter()
      .map(|p| AtlantisProject {
        name: &p.root,
        dir: &p.directory,
        workspace: "default",
        workflow,
        autoplan: Autoplan {
          enabled: true,
          when_modified: triggers(p, templates, From::Project),
        },
        execution_order_group: promoted.then_some(p.stage),
        depends_on: p.after.iter().map(String::as_str).collect(),
      })
      .collect(),
  };
  let body = serde_yaml::to_string(&config).unwrap_or_default();
  format!(
    "# Generated by `switchyard pipeline atlantis`: regenerate it, do not edit it. See docs/gitops.md.\n{body}"
  )
}

#[derive(Serialize)]
struct Matrix<'a> {
  include: Vec<MatrixEntry<'a>>,
}

#[derive(Serialize)]
struct MatrixEntry<'a> {
  root: &'a str,
  directory: &'a str,
  blueprints: &'a [String],
  stage: usize,
}

/// One line of JSON, so a step can write it to `$GITHUB_OUTPUT` as `matrix=…`.
pub(crate) fn github_actions(projects: &[Project]) -> String {
  let matrix = Matrix {
    include: projects
      .iter()
      .map(|p| MatrixEntry {
        root: &p.root,
        directory: &p.directory,
        blueprints: &p.blueprints,
        stage: p.stage,
      })
      .collect(),
  };
  let mut text = serde_json::to_string(&matrix).unwrap_or_default();
  text.push('\n');
  text
}

/// A JSON string, which is also a valid HCL quoted string for the characters paths and root
/// names can hold (HCL's `${` and `%{` cannot occur: names are `[a-z0-9-]`, and a path with
/// them is escaped below).
fn quoted(text: &str) -> String {
  serde_json::to_string(text)
    .unwrap_or_default()
    .replace("${", "$${")
    .replace("%{", "%%{")
}

fn list(items: &[String]) -> String {
  let inner: Vec<String> = items.iter().map(|i| quoted(i)).collect();
  format!("[{}]", inner.join(", "))
}

/// The HCP Terraform workspaces as a Terraform module for the `tfe` provider. The roots are
/// data in `locals` and the resources iterate over them with `for_each`, keyed by root: a
/// root added or removed is a workspace added or removed, never a rename of the others.
pub(crate) fn tfe(projects: &[Project], templates: Option<&str>) -> String {
  let mut text = String::new();
  text.push_str(
    "# Generated by `switchyard pipeline tfe`: regenerate it, do not edit it. See docs/gitops.md.\n\
     # One HCP Terraform workspace per Switchyard root, connected to this repository.\n\n\
     terraform {\n  required_providers {\n    tfe = {\n      source = \"hashicorp/tfe\"\n    }\n  }\n}\n\n\
     variable \"organization\" {\n  type = string\n  description = \"The HCP Terraform organization that owns the workspaces.\"\n}\n\n\
     variable \"project_id\" {\n  type = string\n  default = null\n  description = \"The HCP Terraform project of the workspaces (prj-...); null for the organization's default project.\"\n}\n\n\
     variable \"repository\" {\n  type = string\n  description = \"The VCS repository that holds the blueprints and the rendered roots, as <owner>/<name>.\"\n}\n\n\
     variable \"branch\" {\n  type = string\n  default = \"main\"\n  description = \"The branch the workspaces apply.\"\n}\n\n\
     variable \"oauth_token_id\" {\n  type = string\n  description = \"The OAuth token of the organization's VCS connection (ot-...).\"\n}\n\n",
  );
  text.push_str("locals {\n  # root => its working directory and the files that queue a run in it\n  workspaces = {\n");
  for p in projects {
    let patterns = triggers(p, templates, From::Top);
    let _ = writeln!(
      text,
      "    {} = {{\n      name = {}\n      working_directory = {}\n      trigger_patterns = {}\n    }}",
      quoted(&p.root),
      quoted(&p.root.replace('/', "_")),
      quoted(&p.directory),
      list(&patterns)
    );
  }
  text.push_str("  }\n\n  # root => the root whose successful apply queues a run in it (--promotion)\n  run_triggers = {\n");
  for p in projects {
    if let Some(after) = &p.after {
      let _ = writeln!(text, "    {} = {}", quoted(&p.root), quoted(after));
    }
  }
  text.push_str(
    "  }\n}\n\n\
     resource \"tfe_workspace\" \"root\" {\n  for_each = local.workspaces\n\n  name = each.value.name\n  organization = var.organization\n  project_id = var.project_id\n  working_directory = each.value.working_directory\n  file_triggers_enabled = true\n  trigger_patterns = each.value.trigger_patterns\n  auto_apply = false\n\n  vcs_repo {\n    identifier = var.repository\n    branch = var.branch\n    oauth_token_id = var.oauth_token_id\n  }\n}\n\n\
     resource \"tfe_run_trigger\" \"promotion\" {\n  for_each = local.run_triggers\n\n  workspace_id = tfe_workspace.root[each.key].id\n  sourceable_id = tfe_workspace.root[each.value].id\n}\n",
  );
  format::format(&text)
}
