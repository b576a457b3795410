//! Human-readable reports: the plan review as text, and the dependency graph.

pub(crate) mod markdown;
pub(crate) mod mermaid;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analysis::intent::Action;
use crate::gitops::review::{Counts, PlanCounts, Review, RootReview, file_action};
use crate::gitops::tfdiff::{BlockKind, ObjectAction};
use crate::plan::load::Loaded;
use crate::render::{Declared, Rendered};
use crate::report::mermaid::{Arrow, Flowchart};

/// Counts `resource` blocks per module directory and type, from the rendered HCL itself (as
/// the render's parse-back read it).
pub(crate) fn resource_counts(rendered: &Rendered) -> BTreeMap<String, BTreeMap<String, usize>> {
  let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
  let prefix = format!("{}/", rendered.root);
  for path in rendered.files.keys() {
    let Some(relative) = path.strip_prefix(&prefix) else {
      continue;
    };
    if !relative.ends_with(".tf") {
      continue;
    }
    let module = match relative.rsplit_once('/') {
      Some((dir, _)) => format!("module.{}", dir.trim_start_matches("modules/")),
      None => "root".to_owned(),
    };
    // The render's structure check read every file's top-level blocks already.
    let blocks = rendered.blocks.get(path).into_iter().flatten();
    for kind in blocks.filter_map(Declared::resource_type) {
      *counts
        .entry(module.clone())
        .or_default()
        .entry(kind.to_owned())
        .or_default() += 1;
    }
  }
  counts
}

/// Terminal colours, only when stdout is a terminal (or asked for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
  pub(crate) color: bool,
}

impl Style {
  fn paint(self, code: &str, text: &str) -> String {
    if self.color {
      format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
      text.to_owned()
    }
  }

  fn action(self, action: Action, text: &str) -> String {
    let code = match action {
      Action::Create => "32",
      Action::Update => "33",
      Action::Delete => "31",
    };
    self.paint(code, text)
  }

  fn object(self, action: ObjectAction, text: &str) -> String {
    let code = match action {
      ObjectAction::Create => "32",
      ObjectAction::Update => "33",
      ObjectAction::Replace | ObjectAction::Delete => "31",
      ObjectAction::Move | ObjectAction::Import | ObjectAction::Forget => "36",
    };
    self.paint(code, text)
  }

  fn bold(self, text: &str) -> String {
    self.paint("1", text)
  }
}

fn plural(count: usize, noun: &str) -> String {
  if count == 1 {
    format!("{count} {noun}")
  } else {
    format!("{count} {noun}s")
  }
}

/// `2 to add, 1 to change, 1 to destroy`: resources, in `terraform plan`'s words and sums
/// (a replacement is one to add and one to destroy).
pub(crate) fn resource_counts_line(counts: &PlanCounts) -> String {
  let mut line = format!(
    "{} to add, {} to change, {} to destroy",
    counts.add, counts.change, counts.destroy
  );
  if counts.replace > 0 {
    let _ = write!(line, " ({} replaced)", counts.replace);
  }
  // Terraform's own words for what is neither added nor destroyed.
  for (count, words) in [
    (counts.import, "to import"),
    (counts.moved, "moved"),
    (counts.forget, "to forget"),
  ] {
    if count > 0 {
      let _ = write!(line, ", {count} {words}");
    }
  }
  line
}

/// `1 new, 2 changed, 0 removed`, for outputs.
pub(crate) fn output_counts(counts: &Counts) -> String {
  format!(
    "{} new, {} changed, {} removed",
    counts.create, counts.update, counts.delete
  )
}

/// `1 to create, 2 to change, 0 to delete`, for files.
pub(crate) fn file_counts(counts: &Counts) -> String {
  format!(
    "{} to create, {} to change, {} to delete",
    counts.create, counts.update, counts.delete
  )
}

/// The change review of one root, then its graph and resources, as text.
/// Text from the blueprint or the committed tree, on one line: the values compared come from
/// files a pull request wrote, and a newline or a terminal escape in one must not forge or
/// hide lines of the review (issue 14). Long values are elided.
fn plain(text: &str) -> String {
  crate::support::text::escape_controls(&crate::support::text::elide(text, 500)).into_owned()
}

pub(crate) fn plan(
  loaded: &Loaded,
  rendered: &Rendered,
  review: &RootReview,
  out: &str,
  style: Style,
) -> String {
  let mut text = String::new();
  let _ = writeln!(text, "{} ({})", style.bold(&review.root), loaded.origin());
  if !review.changed() {
    // Nothing to review: one line, not the graph and tables of a root that changes.
    let _ = writeln!(
      text,
      "  no changes: {} is what the blueprint renders",
      review.directory
    );
    return text;
  }
  let _ = writeln!(
    text,
    "  {}: resources {}; outputs {}; files {}",
    review.directory,
    resource_counts_line(&review.counts.resources),
    output_counts(&review.counts.outputs),
    file_counts(&review.counts.files)
  );
  text.push_str(&crate::analysis::cost::show::text(&review.cost));
  if !review.destructions.is_empty() {
    let _ = writeln!(
      text,
      "\n  {}",
      style.paint("1;31", "DESTROYED OR REPLACED (stateful or expensive):")
    );
    for d in &review.destructions {
      let line = format!("{} {}", d.action.sign(), plain(&d.address));
      let _ = writeln!(text, "    {}", style.object(d.action, &line));
      let _ = writeln!(text, "        {}; loses {}", plain(&d.reason), d.loses);
    }
  }
  if !review.intent.changes.is_empty() {
    let _ = writeln!(text, "\n  blueprint changes:");
    for change in &review.intent.changes {
      let sign = change.action.sign().to_string();
      let _ = writeln!(
        text,
        "    {} {}",
        style.action(change.action, &sign),
        change.description
      );
    }
  }
  let sections = [
    ("Terraform resources and data sources", true),
    ("Outputs, variables and other configuration", false),
  ];
  for (title, resources) in sections {
    let objects: Vec<_> = review
      .objects
      .iter()
      .filter(|o| matches!(o.kind, BlockKind::Resource | BlockKind::Data) == resources)
      .collect();
    if objects.is_empty() {
      continue;
    }
    let _ = writeln!(text, "\n  {title}:");
    for object in objects {
      let line = format!("{} {}", object.action.sign(), plain(&object.address));
      let _ = writeln!(text, "    {}", style.object(object.action, &line));
      if !object.identity.is_empty() {
        let identity: Vec<String> = object
          .identity
          .iter()
          .map(|(k, v)| format!("{k} = {}", plain(v)))
          .collect();
        let _ = writeln!(text, "        {}", identity.join(", "));
      }
      if let Some(from) = &object.moved_from {
        let _ = writeln!(text, "        moved from {}", plain(from));
      }
      match object.action {
        ObjectAction::Import => {
          let _ = writeln!(text, "        adopted: imported, not created");
        }
        ObjectAction::Forget => {
          let _ = writeln!(
            text,
            "        released: Terraform forgets it, the cloud keeps it"
          );
        }
        _ => {}
      }
      if !object.replaced_because.is_empty() {
        let _ = writeln!(
          text,
          "        replaced because {}",
          plain(&object.replaced_because.join(", "))
        );
      }
      for attribute in &object.attributes {
        let side = |v: &Option<String>| v.as_deref().map_or_else(|| "(none)".to_owned(), plain);
        let _ = writeln!(
          text,
          "        {}: {} → {}",
          plain(&attribute.path),
          side(&attribute.before),
          side(&attribute.after)
        );
      }
    }
  }
  let _ = writeln!(text, "\n  files under {out}/:");
  for file in &review.files {
    let verb = file.action.verb();
    let action = file_action(file.action);
    let sign = action.map_or(' ', Action::sign);
    let line = format!("{sign} {verb:<9} {}/{}", review.root, plain(&file.path));
    let line = match action {
      Some(action) => style.action(action, &line),
      None => line,
    };
    let _ = writeln!(text, "    {line}");
  }
  if review.files.is_empty() {
    let _ = writeln!(text, "    no changes");
  }
  if review.files_unchanged > 0 {
    let _ = writeln!(text, "      {} unchanged", review.files_unchanged);
  }
  for note in &review.notes {
    let _ = writeln!(text, "\n  note: {}", plain(note));
  }
  for warning in &review.warnings {
    let _ = writeln!(
      text,
      "\n  warning: {}\n    at {} {}",
      plain(&warning.message),
      plain(&warning.location),
      plain(&warning.path)
    );
    if let Some(help) = &warning.help {
      let _ = writeln!(text, "    help: {}", plain(help));
    }
  }
  text.push_str(&overview(loaded, rendered));
  text
}

/// The dependency graph in apply order and the resources per module.
fn overview(loaded: &Loaded, rendered: &Rendered) -> String {
  let plan = &loaded.plan;
  let mut text = String::new();
  let _ = writeln!(
    text,
    "\n  dependency graph: {} units, {} edges, in apply order:",
    plan.graph.len(),
    plan.graph.edge_count()
  );
  for (position, index) in plan.order.iter().enumerate() {
    let Some(unit) = plan.graph.unit(*index) else {
      continue;
    };
    let after: Vec<String> = plan
      .graph
      .dependencies(*index)
      .iter()
      .map(|u| u.id())
      .collect();
    let _ = write!(
      text,
      "  {:>4}. {:<40} {}",
      position + 1,
      unit.id(),
      unit.kind.describe()
    );
    if !after.is_empty() {
      let _ = write!(text, " (after {})", after.join(", "));
    }
    text.push('\n');
  }
  let counts = resource_counts(rendered);
  let total: usize = counts.values().flat_map(BTreeMap::values).sum();
  let _ = writeln!(text, "\n  resources: {total}");
  for (module, types) in &counts {
    let subtotal: usize = types.values().sum();
    let _ = writeln!(text, "    {module}: {subtotal}");
    for (kind, count) in types {
      let _ = writeln!(text, "      {count:>4}  {kind}");
    }
  }
  text
}

/// The closing line of a text plan over several roots.
pub(crate) fn plan_summary(review: &Review) -> String {
  let mut text = String::new();
  for orphan in &review.orphans {
    let _ = writeln!(
      text,
      "! orphaned  {}: {}; {}\n",
      plain(&orphan.directory),
      orphan.reason,
      crate::write::orphan::HINT
    );
  }
  text.push_str(&totals_line(review));
  text
}

fn totals_line(review: &Review) -> String {
  let totals = &review.summary;
  if !review.orphans.is_empty() && totals.roots_changed == 0 {
    return format!(
      "Plan: {} orphaned (above); no root the blueprints render changes.\n",
      plural(review.orphans.len(), "root")
    );
  }
  if !review.changes_pending {
    return format!(
      "No changes: {} matches the blueprints.\n",
      plural(totals.roots, "root")
    );
  }
  let mut line = format!(
    "Plan: {} of {} to change; resources {}; outputs {}; files {}.\n",
    totals.roots_changed,
    plural(totals.roots, "root"),
    resource_counts_line(&totals.resources),
    output_counts(&totals.outputs),
    file_counts(&totals.files)
  );
  if totals.destructions > 0 {
    let _ = writeln!(
      line,
      "Warning: {} stateful or expensive {} destroyed or replaced (listed under each root).",
      totals.destructions,
      if totals.destructions == 1 {
        "object is"
      } else {
        "objects are"
      }
    );
  }
  line
}

pub(crate) fn dot(loaded: &Loaded) -> String {
  let plan = &loaded.plan;
  let mut text = String::new();
  let _ = writeln!(text, "digraph \"{}\" {{", plan.root());
  let _ = writeln!(text, "  rankdir=LR;\n  node [shape=box];");
  for index in &plan.order {
    if let Some(unit) = plan.graph.unit(*index) {
      let _ = writeln!(
        text,
        "  \"{}\" [label=\"{}\\n{}\"];",
        unit.id(),
        unit.id(),
        unit.kind.describe()
      );
    }
  }
  for (before, after) in plan.graph.edges() {
    let _ = writeln!(text, "  \"{}\" -> \"{}\";", before.id(), after.id());
  }
  text.push_str("}\n");
  text
}

pub(crate) fn mermaid(loaded: &Loaded) -> String {
  let plan = &loaded.plan;
  let mut chart = Flowchart::new();
  let mut ids: BTreeMap<String, usize> = BTreeMap::new();
  for (position, index) in plan.order.iter().enumerate() {
    if let Some(unit) = plan.graph.unit(*index) {
      ids.insert(unit.id(), position);
      chart.node(
        &format!("n{position}"),
        &format!("{}<br/>{}", unit.id(), unit.kind.describe()),
      );
    }
  }
  for (before, after) in plan.graph.edges() {
    if let (Some(a), Some(b)) = (ids.get(&before.id()), ids.get(&after.id())) {
      chart.edge(&format!("n{a}"), &format!("n{b}"), &Arrow::Solid);
    }
  }
  chart.finish()
}
