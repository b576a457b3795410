//! Rendering: a plan becomes a tree of files, in memory, checked before anything is written.
//!
//! Each template renders against the plan's context and is formatted like `terraform fmt`; the
//! formatter's scan checks each file's structure on the way (`structure`), and the output of a
//! template overridden with `--templates` is parsed back with hcl-rs as well. A file that fails
//! either stops the render before anything is written, so a template bug cannot reach a
//! user's repository.

pub(crate) mod failover;
pub(crate) mod format;
pub(crate) mod hcl;
pub(crate) mod manifest;
pub(crate) mod structure;
pub(crate) mod templates;

use std::collections::BTreeMap;

use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::Plan;
use crate::render::manifest::Manifest;

pub(crate) use structure::Declared;
pub(crate) use templates::Templates;

/// The files of one root module, by path relative to the output directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
  pub(crate) root: String,
  pub(crate) files: BTreeMap<String, String>,
  /// The top-level blocks of each `.tf` file, in file order, as the formatter's structure
  /// check read them: `plan` counts resources and lists created objects from these. Empty
  /// when `verified`: nothing of an unchanged root is counted or listed.
  pub(crate) blocks: BTreeMap<String, Vec<Declared>>,
  /// Issue 17: these files were not rendered but verified in the tree, where every one has the
  /// hash the memo recorded for this root's inputs (`memo::recall`), under this run's lock:
  /// the tree holds exactly the render, so there is nothing to compare, write or diff. Only
  /// the manifest's text is kept; every other text is empty (15 MiB not held at N = 1,240),
  /// and nothing reads it: a verified root's survey is all "unchanged" (`output::survey`).
  pub(crate) verified: bool,
}

impl Rendered {
  /// The same files under another root directory: what the tree of a renamed blueprint's
  /// former root would hold (see `review`).
  pub(crate) fn moved_to(&self, root: &str) -> Self {
    let old = format!("{}/", self.root);
    let new = format!("{root}/");
    let shift = |path: &String| {
      path
        .strip_prefix(&old)
        .map_or_else(|| path.clone(), |rest| format!("{new}{rest}"))
    };
    Self {
      root: root.to_owned(),
      files: self
        .files
        .iter()
        .map(|(p, t)| (shift(p), t.clone()))
        .collect(),
      blocks: self
        .blocks
        .iter()
        .map(|(p, b)| (shift(p), b.clone()))
        .collect(),
      // What is at the new place was not verified.
      verified: false,
    }
  }
}

/// Which output file a template produces for a plan using `clouds`, if any.
fn destination(template: &str, clouds: &[Cloud]) -> Option<String> {
  let (folder, file) = template.split_once('/')?;
  let file = file.strip_suffix(".j2")?;
  if folder == "root" {
    return Some(file.to_owned());
  }
  let cloud = Cloud::parse(folder)?;
  clouds
    .contains(&cloud)
    .then(|| format!("modules/{cloud}/{file}"))
}

/// Whether a render could write a file at `within_root` (a path relative to a root): the
/// manifest, a template's output for some set of clouds, a workload's failover files, or a
/// file an earlier version rendered under a name since retired (`templates::FORMER_NAMES`),
/// so that rendering over that version's tree deletes it.
///
/// The manifest and journal in a committed tree are untrusted (issue 14): a pull request can
/// list a user's `backend.tf` or `.terraform/terraform.tfstate` with its real hash. Switchyard
/// only ever deletes, or rolls back, a file at a path it could have generated.
pub(crate) fn could_generate(within_root: &str) -> bool {
  if within_root == manifest::FILE {
    return true;
  }
  if let Some(file) = within_root.strip_prefix("failover/") {
    let workload = file
      .strip_suffix(".litellm.yaml")
      .or_else(|| file.strip_suffix(".json"));
    return workload.is_some_and(|name| {
      !name.is_empty()
        && name.len() <= 64
        && name
          .bytes()
          .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
  }
  templates::embedded_names()
    .chain(templates::FORMER_NAMES.iter().copied())
    .filter_map(|name| destination(name, &Cloud::ALL))
    .any(|destination| destination == within_root)
}

/// Renders one root. `sources` are its blueprint files relative to the root's directory, as
/// the manifest records them (see `orphan`).
pub(crate) fn render(
  plan: &Plan,
  templates: &Templates,
  sources: &[String],
) -> Result<Rendered, Error> {
  // One struct, so every name a template reads is found in one map: a merged context
  // (`context! { .., ..other }`) builds a key and asks each merged map in turn, per lookup.
  let context = minijinja::Value::from(minijinja::value::Serde(&plan.context));
  let clouds = plan.blueprint.used_clouds();
  let root = plan.root();
  let mut files = BTreeMap::new();
  let mut blocks = BTreeMap::new();
  for name in &templates.names {
    let Some(relative) = destination(name, &clouds) else {
      continue;
    };
    let template = templates
      .env
      .get_template(name)
      .map_err(|error| template_error(name, &error))?;
    let text = template
      .render(&context)
      .map_err(|error| template_error(name, &error))?;
    let (text, checked) = format::format_checked(&text);
    if text.trim().is_empty() {
      continue;
    }
    let path = format!("{root}/{relative}");
    if relative.ends_with(".tf") {
      let malformed = |message: String| Error::Template {
        name: name.clone(),
        message: format!(
          "it rendered HCL that does not parse ({message}); if the template is not overridden with --templates, this is a bug in Switchyard"
        ),
      };
      let declared = checked.map_err(|problem| malformed(problem.to_string()))?;
      if templates.overridden.contains(name) {
        // hcl-rs's parser itself: `hcl::parse` is this plus a conversion into `hcl::Body`,
        // which nothing here reads.
        ::hcl::edit::parser::parse_body(&text).map_err(|error| malformed(error.to_string()))?;
      }
      blocks.insert(path.clone(), declared);
    }
    files.insert(path, compact(text));
  }
  for (relative, text) in crate::render::failover::render(plan)? {
    files.insert(format!("{root}/{relative}"), compact(text));
  }
  let prefix = format!("{root}/");

  let manifest = Manifest::of(
    files
      .iter()
      .map(|(path, text)| (path.strip_prefix(&prefix).unwrap_or(path), text.as_str())),
  )
  .with_blueprint(crate::analysis::intent::Summary::of(&plan.blueprint))
  .with_sources(sources);
  files.insert(format!("{root}/{}", manifest::FILE), manifest.to_json());
  Ok(Rendered {
    root,
    files,
    blocks,
    verified: false,
  })
}

fn template_error(name: &str, error: &minijinja::Error) -> Error {
  let mut message = error.to_string();
  let mut source = std::error::Error::source(error);
  while let Some(inner) = source {
    message.push_str(": ");
    message.push_str(&inner.to_string());
    source = inner.source();
  }
  Error::Template {
    name: name.to_owned(),
    message,
  }
}

/// A rendered file's text without the spare capacity it was built with. Every root's files
/// stay in memory until every root has rendered and checked (nothing is written before), and
/// the buffers were grown by doubling or reserved with a margin: a third of the heap at peak
/// was capacity no byte would use (massif, N = 1,240).
fn compact(mut text: String) -> String {
  text.shrink_to_fit();
  text
}
