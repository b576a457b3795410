//! `plan` as a change review: what rendering would change under `--out`, in three layers —
//! the blueprint's intent, the Terraform objects by address, and the files.
//!
//! This module builds the review; `report` prints it as text, `markdown` as a pull-request
//! comment, and serde as the JSON document described by `docs/plan.schema.json` (its field
//! names and meanings are a stable interface: add fields, never rename or remove them).

use std::path::Path;

use serde::Serialize;

use crate::analysis::intent::{self, Action, Intent, Summary};
use crate::gitops::propagation;
use crate::gitops::refactoring;
use crate::gitops::replacement::{self, Destruction};
use crate::gitops::tfdiff::{self, BlockKind, ObjectAction, ObjectChange};
use crate::input::error::Error;
use crate::plan::load::Loaded;
use crate::render::Rendered;
use crate::write::change::{Change, Conflict, FileChange};
use crate::write::guard;
use crate::write::output;

/// Version of the JSON document; bumped only for an incompatible change. 2: resources are
/// counted as `terraform plan` counts them (`resources`, `outputs`) instead of every block
/// (`objects`), replacements and destructions are their own entries.
pub(crate) const FORMAT_VERSION: u32 = 2;

/// Resource changes as `terraform plan` sums them up: a replacement is one to add and one to
/// destroy (`-/+`), data sources and outputs are not counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct PlanCounts {
  pub(crate) add: usize,
  pub(crate) change: usize,
  pub(crate) destroy: usize,
  /// How many of `add` and `destroy` are replacements.
  pub(crate) replace: usize,
  /// Adopted by `import` blocks (not in `add`).
  pub(crate) import: usize,
  /// Moved to a new address by `moved` blocks, with or without a change.
  pub(crate) moved: usize,
  /// Let go by `removed` blocks without being destroyed (not in `destroy`).
  pub(crate) forget: usize,
}

impl PlanCounts {
  fn add(&mut self, action: ObjectAction) {
    match action {
      ObjectAction::Create => self.add += 1,
      ObjectAction::Update => self.change += 1,
      ObjectAction::Replace => {
        self.add += 1;
        self.destroy += 1;
        self.replace += 1;
      }
      ObjectAction::Delete => self.destroy += 1,
      ObjectAction::Import => self.import += 1,
      ObjectAction::Forget => self.forget += 1,
      // Counted by `moved_from`, with the moves that also change.
      ObjectAction::Move => {}
    }
  }

  fn sum(&mut self, other: &PlanCounts) {
    self.add += other.add;
    self.change += other.change;
    self.destroy += other.destroy;
    self.replace += other.replace;
    self.import += other.import;
    self.moved += other.moved;
    self.forget += other.forget;
  }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
  pub(crate) create: usize,
  pub(crate) update: usize,
  pub(crate) delete: usize,
}

impl Counts {
  fn add(&mut self, action: Action) {
    match action {
      Action::Create => self.create += 1,
      Action::Update => self.update += 1,
      Action::Delete => self.delete += 1,
    }
  }

  pub(crate) fn total(&self) -> usize {
    self.create + self.update + self.delete
  }

  fn sum(&mut self, other: &Counts) {
    self.create += other.create;
    self.update += other.update;
    self.delete += other.delete;
  }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct FileEntry {
  /// Relative to the root directory.
  pub(crate) path: String,
  /// `create`, `update`, `delete`, or `keep` (edited by hand and no longer generated: left);
  /// never `unchanged` (those files are only counted).
  pub(crate) action: Change,
  /// `edited_by_hand` or `not_generated` when the update would overwrite someone's work.
  pub(crate) conflict: Option<Conflict>,
}

/// Whether a root's directory is new, changes, or stays as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RootStatus {
  /// The root does not exist yet.
  Create,
  Update,
  Unchanged,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct IntentSection {
  /// False when the tree was rendered by a Switchyard that did not record the blueprint.
  pub(crate) known: bool,
  pub(crate) changes: Vec<Intent>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct RootReview {
  /// `<name>/<environment>`.
  pub(crate) root: String,
  /// The root's directory: `<out>/<name>/<environment>`.
  pub(crate) directory: String,
  /// The blueprint files it is rendered from, base first.
  pub(crate) blueprints: Vec<String>,
  pub(crate) status: RootStatus,
  pub(crate) intent: IntentSection,
  /// Replacements and destructions of stateful or expensive objects: what a reviewer must
  /// weigh first (`plan --deny-destroy` refuses them).
  pub(crate) destructions: Vec<Destruction>,
  pub(crate) objects: Vec<ObjectChange>,
  pub(crate) files: Vec<FileEntry>,
  pub(crate) files_unchanged: usize,
  pub(crate) counts: RootCounts,
  pub(crate) notes: Vec<String>,
  /// The blueprint's warnings (a failover that changes model, a smaller backup, a retirement
  /// ahead), so a reviewer reads them beside the change; omitted when there are none.
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub(crate) warnings: Vec<Warning>,
  /// What the reserved capacity costs before and after, the workloads' token costs, the
  /// commitments bought and the budgets (issue 16).
  pub(crate) cost: crate::analysis::cost::RootCost,
  /// Not in the JSON: the old and new failover edges and clouds, for the Mermaid graph.
  #[serde(skip)]
  pub(crate) summaries: (Summary, Summary),
}

/// A located warning about the blueprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Warning {
  /// `file:line:column`.
  pub(crate) location: String,
  /// The YAML path, e.g. `workloads.chat.failover[1]`.
  pub(crate) path: String,
  pub(crate) message: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) help: Option<String>,
}

impl Warning {
  fn of(diagnostic: &crate::input::diagnostic::Diagnostic) -> Self {
    let mut location = diagnostic
      .file
      .as_ref()
      .map(|p| p.display().to_string())
      .unwrap_or_else(|| "<blueprint>".to_owned());
    if let Some(at) = diagnostic.location {
      location.push_str(&format!(":{}:{}", at.line, at.column));
    }
    Warning {
      location,
      path: diagnostic.path.to_string(),
      message: diagnostic.message.clone(),
      help: diagnostic.help.clone(),
    }
  }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct RootCounts {
  pub(crate) files: Counts,
  /// Managed resources, as `terraform plan` counts them.
  pub(crate) resources: PlanCounts,
  /// The root module's outputs (`Changes to Outputs` in `terraform plan`).
  pub(crate) outputs: Counts,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Review {
  pub(crate) format_version: u32,
  /// True when rendering would change any file: what `--detailed-exitcode` turns into 2.
  pub(crate) changes_pending: bool,
  pub(crate) summary: Totals,
  pub(crate) roots: Vec<RootReview>,
  /// Rendered roots no blueprint produces any more (see `orphan`); omitted when none.
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub(crate) orphans: Vec<crate::write::orphan::Orphan>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Totals {
  pub(crate) roots: usize,
  pub(crate) roots_changed: usize,
  pub(crate) files: Counts,
  pub(crate) resources: PlanCounts,
  pub(crate) outputs: Counts,
  pub(crate) destructions: usize,
  /// Commitments the change buys (`plan --deny-commitment` refuses them).
  pub(crate) commitments: usize,
}

impl RootReview {
  pub(crate) fn changed(&self) -> bool {
    match self.status {
      RootStatus::Create | RootStatus::Update => true,
      RootStatus::Unchanged => false,
    }
  }
}

/// A file's change as a change to the tree, for counts, signs and colours: a file kept as
/// edited by hand, or unchanged, is neither created, updated nor deleted.
pub(crate) fn file_action(change: Change) -> Option<Action> {
  match change {
    Change::Create => Some(Action::Create),
    Change::Update => Some(Action::Update),
    Change::Delete => Some(Action::Delete),
    Change::KeepEdited | Change::Unchanged => None,
  }
}

/// Reviews one root: `loaded` rendered as `rendered`, against the tree under `out`.
pub(crate) fn review(
  loaded: &Loaded,
  rendered: &Rendered,
  out: &Path,
  prices: &crate::analysis::cost::prices::Prices,
  today: crate::analysis::catalog::Date,
) -> Result<RootReview, Error> {
  let root = &rendered.root;
  let prefix = format!("{root}/");
  let within = |path: &str| path.strip_prefix(&prefix).unwrap_or(path).to_owned();
  let survey = output::survey(out, rendered)?;
  let changes: &[FileChange] = &survey.changes;
  let root_exists = survey.root_exists;
  let mut notes = Vec::new();

  // A renamed blueprint (`moved_from:`) renders into a new directory, but its cloud objects
  // and state key are the former root's: until the new directory exists, its blueprint and
  // objects are compared with the former root's tree.
  let blueprint = &loaded.plan.blueprint;
  let former = match &blueprint.moved_from {
    Some(old) if !root_exists => {
      let old_root = format!("{old}/{}", blueprint.environment);
      let shifted = rendered.moved_to(&old_root);
      let survey = output::survey(out, &shifted)?;
      if survey.root_exists {
        notes.push(format!(
          "renamed from `{old}`: compared with {}/{old_root}, whose cloud objects and state key this root keeps; after applying, move a local state file along and remove the old directory (`render --prune`)",
          out.display()
        ));
        Some((shifted, survey))
      } else {
        None
      }
    }
    _ => None,
  };
  let (base, base_rendered) = match &former {
    Some((shifted, survey)) => (survey, shifted),
    None => (&survey, rendered),
  };
  let base_prefix = format!("{}/", base_rendered.root);
  let within_base = |path: &str| path.strip_prefix(&base_prefix).unwrap_or(path).to_owned();
  let previous = &base.previous;
  let base_exists = base.root_exists;

  // Intent: the blueprint recorded at the last render against the one planned now.
  // Built again here rather than kept from the render: held for every root until the end of
  // the run it costs more memory (40 MiB at 10,000 workloads) than building it twice costs time.
  let now = Summary::of(&loaded.plan.blueprint);
  let before = match (previous, base_exists) {
    (Some(manifest), _) => manifest.blueprint.clone(),
    (None, false) => Some(Summary::default()),
    (None, true) => None,
  };
  let intent = match &before {
    Some(before) => IntentSection {
      known: true,
      changes: intent::compare(before, &now),
    },
    None => {
      notes.push(
        "the tree does not record the blueprint it was rendered from (a manifest from an older Switchyard, or none); blueprint-level changes are not shown".to_owned(),
      );
      IntentSection {
        known: false,
        changes: Vec::new(),
      }
    }
  };

  // Objects: the generated `.tf` files that differ between the disk and the render, on both
  // sides. A file that is the same on both sides holds the same objects on both, and an
  // object cannot move into or out of it without changing it, so only the files that differ
  // are parsed (an up-to-date tree parses nothing). A user's own files are on neither side.
  let differing = base
    .changes
    .iter()
    .filter(|c| c.change != Change::Unchanged && c.path.ends_with(".tf"));
  let old_files: Vec<(String, &str)> = differing
    .clone()
    .filter_map(|c| {
      let text = base.on_disk.get(&c.path)?;
      Some((within_base(&c.path), text.as_str()))
    })
    .collect();
  let new_files: Vec<(String, &str)> = differing
    .filter_map(|c| {
      let text = base_rendered.files.get(&c.path)?;
      Some((within_base(&c.path), text.as_str()))
    })
    .collect();
  let (mut old_objects, unreadable) =
    tfdiff::objects(old_files.iter().map(|(p, t)| (p.as_str(), *t)));
  for problem in unreadable {
    notes.push(format!(
      "{}/{} does not parse, so its objects are not compared: {}",
      out.display(),
      format_args!("{prefix}{}", problem.file),
      problem.message.lines().next().unwrap_or_default()
    ));
  }
  let (new_objects, _) = tfdiff::objects(new_files.iter().map(|(p, t)| (p.as_str(), *t)));
  let moved = refactoring::move_before(&mut old_objects, &new_objects);
  let mut objects = tfdiff::compare(&old_objects, &new_objects);
  refactoring::apply(&mut objects, &new_objects, moved);
  // A changed value reaches every resource that refers to it, and a replaced object's ID is
  // unknown until apply, so whatever refers to it in a forcing argument is replaced too: both
  // also in files that did not change, so then the whole new configuration is read.
  // (Nothing to follow in a new root: every object is created anyway.)
  let reaches_further = !old_files.is_empty()
    && objects.iter().any(|o| {
      matches!(
        o.kind,
        BlockKind::Local | BlockKind::Variable | BlockKind::Module
      )
    });
  let all = if reaches_further {
    let every = rendered
      .files
      .iter()
      .filter_map(|(path, text)| Some((path.strip_prefix(&prefix)?, text.as_str())));
    Some(tfdiff::objects(every).0)
  } else {
    None
  };
  if let Some(all) = &all {
    propagation::apply(&mut objects, all);
  }
  replacement::mark(&mut objects, all.as_ref().unwrap_or(&new_objects));
  if all.is_none() && objects.iter().any(|o| o.action == ObjectAction::Replace) {
    let every = rendered
      .files
      .iter()
      .filter_map(|(path, text)| Some((path.strip_prefix(&prefix)?, text.as_str())));
    replacement::mark(&mut objects, &tfdiff::objects(every).0);
  }
  let destructions = replacement::destructions(&objects);

  // Issue 18: buying Bedrock Provisioned Throughput fails until AWS has granted the account
  // model units, which is a support request outside Terraform; say so before the apply.
  for object in &objects {
    if matches!(object.action, ObjectAction::Create | ObjectAction::Replace)
      && object
        .address
        .contains("aws_bedrock_provisioned_model_throughput.")
    {
      notes.push(format!(
        "{} buys Bedrock Provisioned Throughput: before applying, request its model units in the AWS Support Center (service limit increase); the purchase fails until AWS grants them (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-purchase.html)",
        object.address
      ));
    }
  }

  let mut counts = RootCounts::default();
  for object in &objects {
    match object.kind {
      BlockKind::Resource => {
        counts.resources.add(object.action);
        counts.resources.moved += usize::from(object.moved_from.is_some());
      }
      // `terraform plan` shows the root module's outputs only.
      BlockKind::Output if !object.address.starts_with("module.") => {
        counts.outputs.add(match object.action {
          ObjectAction::Create => Action::Create,
          ObjectAction::Delete => Action::Delete,
          _ => Action::Update,
        })
      }
      _ => {}
    }
  }
  let mut files = Vec::new();
  let mut files_unchanged = 0;
  for change in changes {
    if let Some(action) = file_action(change.change) {
      counts.files.add(action);
    }
    if change.change == Change::Unchanged {
      files_unchanged += 1;
    } else {
      files.push(FileEntry {
        path: within(&change.path),
        action: change.change,
        conflict: change.conflict,
      });
    }
    if let Some(conflict) = change.conflict {
      notes.push(format!(
        "{}/{} was {}: `render` refuses to replace it without --force",
        out.display(),
        change.path,
        conflict.describe()
      ));
    }
  }
  let status = if !root_exists {
    RootStatus::Create
  } else if counts.files.total() > 0 {
    RootStatus::Update
  } else {
    RootStatus::Unchanged
  };
  let cost =
    crate::analysis::cost::of(prices, before.as_ref(), &now, &loaded.plan.blueprint, today);
  Ok(RootReview {
    cost,
    root: root.clone(),
    directory: guard::target(out, root)?.display().to_string(),
    blueprints: loaded
      .inputs()
      .iter()
      .map(|p| p.display().to_string())
      .collect(),
    status,
    intent,
    destructions,
    objects,
    files,
    files_unchanged,
    counts,
    notes,
    warnings: loaded
      .warnings
      .iter()
      .filter(|d| !d.is_error())
      .map(Warning::of)
      .collect(),
    summaries: (before.unwrap_or_default(), now),
  })
}

/// The review of every root named on the command line.
pub(crate) fn document(
  roots: Vec<RootReview>,
  orphans: Vec<crate::write::orphan::Orphan>,
) -> Review {
  let mut summary = Totals {
    roots: roots.len(),
    ..Totals::default()
  };
  for root in &roots {
    summary.roots_changed += usize::from(root.changed());
    summary.files.sum(&root.counts.files);
    summary.resources.sum(&root.counts.resources);
    summary.outputs.sum(&root.counts.outputs);
    summary.destructions += root.destructions.len();
    summary.commitments += root.cost.commitments.len();
  }
  Review {
    format_version: FORMAT_VERSION,
    changes_pending: summary.roots_changed > 0 || !orphans.is_empty(),
    summary,
    roots,
    orphans,
  }
}

pub(crate) fn to_json(review: &Review) -> String {
  let mut text = serde_json::to_string_pretty(review).unwrap_or_default();
  text.push('\n');
  text
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::analysis::intent::Subject;
  use crate::write::change::Conflict;
  use serde_json::Value;

  fn words<T: Serialize>(values: &[T]) -> Vec<Value> {
    values
      .iter()
      .map(|v| serde_json::to_value(v).unwrap_or_default())
      .collect()
  }

  #[test]
  fn the_typed_words_are_the_documented_ones() {
    // Issue 19: actions, statuses, subjects and kinds are enums now; their JSON words must
    // stay the ones docs/plan.schema.json documents, in its order.
    let schema: Value =
      serde_json::from_str(include_str!("../../docs/plan.schema.json")).unwrap_or_default();
    let documented = |pointer: &str| {
      schema
        .pointer(&format!("/$defs/{pointer}/enum"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    };
    assert_eq!(
      words(&[Action::Create, Action::Update, Action::Delete]),
      documented("action")
    );
    assert_eq!(
      words(&[
        RootStatus::Create,
        RootStatus::Update,
        RootStatus::Unchanged
      ]),
      documented("root/properties/status")
    );
    assert_eq!(
      words(&Subject::ALL),
      documented("intent/properties/subject")
    );
    assert_eq!(
      words(&[
        Change::Create,
        Change::Update,
        Change::Delete,
        Change::KeepEdited
      ]),
      documented("file/properties/action")
    );
    let mut conflicts = vec![Value::Null];
    conflicts.extend(words(&[Conflict::EditedByHand, Conflict::NotGenerated]));
    assert_eq!(conflicts, documented("file/properties/conflict"));
    assert_eq!(
      words(&[
        BlockKind::Resource,
        BlockKind::Data,
        BlockKind::Module,
        BlockKind::Variable,
        BlockKind::Output,
        BlockKind::Local,
        BlockKind::Provider,
        BlockKind::Terraform,
        BlockKind::Lifecycle,
        BlockKind::Other
      ]),
      documented("object/properties/kind")
    );
    assert_eq!(
      words(&[
        ObjectAction::Create,
        ObjectAction::Update,
        ObjectAction::Replace,
        ObjectAction::Delete,
        ObjectAction::Move,
        ObjectAction::Import,
        ObjectAction::Forget
      ]),
      documented("object_action")
    );
  }
}
