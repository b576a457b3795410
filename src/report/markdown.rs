//! The plan review as a pull-request comment: a summary table, each changed root with its
//! blueprint changes and a Mermaid graph of the changed part, and the Terraform objects and
//! files in collapsible details.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::analysis::intent::{Action, Style, Subject, Summary};
use crate::gitops::review::{Review, RootReview, RootStatus, file_action};
use crate::gitops::tfdiff::ObjectAction;
use crate::report::mermaid::{Arrow, Flowchart, id};
use crate::report::{file_counts, output_counts, resource_counts_line};
use crate::write::change::Change;

/// Rows of object tables per root: a comment has a size limit (65536 characters on GitHub),
/// and the text format in the job log has everything.
const MAX_ROWS: usize = 200;

/// User text as an inline code span that survives a table cell and that nothing inside can
/// close (issue 14: the text comes from a pull request). Long values are elided.
fn code(text: &str) -> String {
  crate::support::text::cell_code(&crate::support::text::elide(text, 500))
}

fn sign(action: Action) -> &'static str {
  match action {
    Action::Create => "➕",
    Action::Update => "✏️",
    Action::Delete => "➖",
  }
}

fn object_sign(action: ObjectAction) -> &'static str {
  match action {
    ObjectAction::Create => "➕",
    ObjectAction::Update => "✏️",
    ObjectAction::Replace => "♻️",
    ObjectAction::Delete => "➖",
    ObjectAction::Move => "🔀",
    ObjectAction::Import => "📥",
    ObjectAction::Forget => "📤",
  }
}

fn counts_cell(create: usize, update: usize, delete: usize) -> String {
  if create + update + delete == 0 {
    return "no changes".to_owned();
  }
  format!("+{create} ~{update} −{delete}")
}

pub(crate) fn render(review: &Review) -> String {
  let mut text = String::new();
  let totals = &review.summary;
  let _ = writeln!(text, "## Switchyard plan\n");
  if review.changes_pending {
    let _ = writeln!(
      text,
      "**{} of {} roots change**: resources {}; outputs {}; files {}.\n",
      totals.roots_changed,
      totals.roots,
      resource_counts_line(&totals.resources),
      output_counts(&totals.outputs),
      file_counts(&totals.files)
    );
  } else {
    let _ = writeln!(
      text,
      "**No changes**: the generated Terraform matches the blueprints ({} roots).\n",
      totals.roots
    );
  }
  destructions(&mut text, review);
  text.push_str(&crate::analysis::cost::show::markdown(
    review.roots.iter().map(|r| (r.root.as_str(), &r.cost)),
  ));
  for orphan in &review.orphans {
    let _ = writeln!(
      text,
      "> **Orphaned root** {}: {}; {}\n",
      code(&orphan.directory),
      crate::support::text::markdown(&orphan.reason),
      crate::support::text::markdown(crate::write::orphan::HINT)
    );
  }
  let _ = writeln!(
    text,
    "| root | blueprint changes | resources | files |\n|---|---|---|---|"
  );
  for root in &review.roots {
    let intent = if !root.intent.known {
      "unknown".to_owned()
    } else if root.intent.changes.is_empty() {
      "none".to_owned()
    } else {
      root.intent.changes.len().to_string()
    };
    let resources = &root.counts.resources;
    let files = &root.counts.files;
    let _ = writeln!(
      text,
      "| {}{} | {intent} | {} | {} |",
      code(&root.root),
      if root.status == RootStatus::Create {
        " (new)"
      } else {
        ""
      },
      counts_cell(resources.add, resources.change, resources.destroy),
      counts_cell(files.create, files.update, files.delete)
    );
  }
  for root in review.roots.iter().filter(|r| r.changed()) {
    section(&mut text, root);
  }
  text
}

/// Every destruction or replacement of a stateful or expensive object, first in the comment:
/// the one thing a reviewer must not scroll past.
fn destructions(text: &mut String, review: &Review) {
  if review.summary.destructions == 0 {
    return;
  }
  let _ = writeln!(
    text,
    "### ⚠️ Destroyed or replaced\n\n| root | | address | why | what is lost |\n|---|---|---|---|---|"
  );
  for root in &review.roots {
    for d in &root.destructions {
      let _ = writeln!(
        text,
        "| {} | {} {} | {} | {} | {} |",
        code(&root.root),
        object_sign(d.action),
        match d.action {
          ObjectAction::Replace => "replace",
          _ => "destroy",
        },
        code(&d.address),
        crate::support::text::markdown(&d.reason),
        crate::support::text::markdown(d.loses)
      );
    }
  }
  text.push('\n');
}

fn section(text: &mut String, root: &RootReview) {
  let _ = writeln!(
    text,
    "\n### {}\n\nFrom {}, rendered to {}.\n",
    code(&root.root),
    root
      .blueprints
      .iter()
      .map(|b| code(b))
      .collect::<Vec<_>>()
      .join(" + "),
    code(&root.directory)
  );
  if !root.intent.changes.is_empty() {
    for change in &root.intent.changes {
      let _ = writeln!(
        text,
        "- {} {}",
        sign(change.action),
        change.describe(&Style::MARKDOWN)
      );
    }
    text.push('\n');
  }
  for note in &root.notes {
    let _ = writeln!(
      text,
      "> **Note:** {}\n",
      crate::support::text::markdown(note)
    );
  }
  for warning in &root.warnings {
    let md = crate::support::text::markdown;
    let _ = write!(
      text,
      "> **Warning:** {} ({} at {})",
      md(&warning.message),
      md(&warning.location),
      md(&warning.path)
    );
    if let Some(help) = &warning.help {
      let _ = write!(text, "<br>{}", md(help));
    }
    text.push_str("\n\n");
  }
  let graph = mermaid(root);
  if !graph.is_empty() {
    let _ = writeln!(text, "```mermaid\n{graph}```\n");
  }
  if !root.objects.is_empty() {
    let _ = writeln!(
      text,
      "<details><summary>Terraform objects: resources {}; outputs {}</summary>\n",
      resource_counts_line(&root.counts.resources),
      output_counts(&root.counts.outputs)
    );
    let _ = writeln!(
      text,
      "| | address | attribute | before | after |\n|---|---|---|---|---|"
    );
    let mut rows = 0;
    let mut left_out = 0;
    for object in &root.objects {
      // A creation or deletion shows what identifies the object, an update what changes.
      let rows_of: Vec<(String, Option<String>, Option<String>)> = match object.action {
        ObjectAction::Create => object
          .identity
          .iter()
          .map(|(k, v)| (k.clone(), None, Some(v.clone())))
          .collect(),
        ObjectAction::Delete => object
          .identity
          .iter()
          .map(|(k, v)| (k.clone(), Some(v.clone()), None))
          .collect(),
        ObjectAction::Move | ObjectAction::Import | ObjectAction::Forget => {
          let mut rows: Vec<_> = object
            .moved_from
            .iter()
            .map(|from| ("moved from".to_owned(), Some(from.clone()), None))
            .collect();
          rows.extend(
            object
              .identity
              .iter()
              .map(|(k, v)| (k.clone(), None, Some(v.clone()))),
          );
          rows
        }
        ObjectAction::Update | ObjectAction::Replace => object
          .attributes
          .iter()
          .map(|a| (a.path.clone(), a.before.clone(), a.after.clone()))
          .collect(),
      };
      let lines = rows_of.len().max(1);
      if rows + lines > MAX_ROWS {
        left_out += 1;
        continue;
      }
      rows += lines;
      if rows_of.is_empty() {
        let _ = writeln!(
          text,
          "| {} | {} | | | |",
          object_sign(object.action),
          code(&object.address)
        );
      }
      for (index, (path, before, after)) in rows_of.iter().enumerate() {
        let side = |v: &Option<String>| v.as_deref().map(code).unwrap_or_default();
        let address = if index == 0 {
          code(&object.address)
        } else {
          String::new()
        };
        let _ = writeln!(
          text,
          "| {} | {address} | {} | {} | {} |",
          if index == 0 {
            object_sign(object.action)
          } else {
            ""
          },
          code(path),
          side(before),
          side(after)
        );
      }
    }
    if left_out > 0 {
      let _ = writeln!(
        text,
        "\n…and {left_out} more objects; `switchyard plan` prints all of them."
      );
    }
    let _ = writeln!(text, "\n</details>\n");
  }
  if !root.files.is_empty() {
    let _ = writeln!(
      text,
      "<details><summary>Files: {}</summary>\n",
      file_counts(&root.counts.files)
    );
    for file in &root.files {
      let marker = file_action(file.action).map_or("⏸️", sign);
      let mut line = format!("- {marker} {} {}", file.action.key(), code(&file.path));
      if file.action == Change::KeepEdited {
        line.push_str(" (edited by hand, no longer generated: left in place)");
      }
      if let Some(conflict) = file.conflict {
        let _ = write!(
          line,
          " — **{}**: `render` needs `--force`",
          conflict.short()
        );
      }
      let _ = writeln!(text, "{line}");
    }
    let _ = writeln!(text, "\n</details>");
  }
}

fn failover(summary: &Summary, workload: &str) -> Vec<String> {
  summary
    .workloads
    .get(workload)
    .and_then(|w| w.failover.clone())
    .unwrap_or_default()
}

/// An endpoint's cloud, where the summary records it.
fn endpoint_cloud<'a>(summary: &'a Summary, name: &str) -> Option<&'a str> {
  summary.endpoints.get(name)?.cloud.as_deref()
}

/// The changed part: changed workloads and endpoints with their failover edges (old edges
/// dashed), clouds that changed, and the Terraform modules whose objects change.
pub(crate) fn mermaid(root: &RootReview) -> String {
  let (before, after) = &root.summaries;
  let mut nodes: BTreeMap<String, (String, Option<Action>)> = BTreeMap::new();
  let mut edges: BTreeSet<(String, String, String, bool)> = BTreeSet::new();
  let actions: BTreeMap<(Subject, &str), Action> = root
    .intent
    .changes
    .iter()
    .map(|c| ((c.subject, c.name.as_str()), c.action))
    .collect();
  let endpoint_node = |name: &str, nodes: &mut BTreeMap<String, (String, Option<Action>)>| {
    let summary = if endpoint_cloud(after, name).is_some() {
      after
    } else {
      before
    };
    let endpoint = summary.endpoints.get(name);
    let label = format!(
      "endpoint {name}<br/>{} {}",
      endpoint
        .and_then(|e| e.cloud.as_deref())
        .unwrap_or_default(),
      endpoint
        .and_then(|e| e.model.as_deref())
        .unwrap_or_default()
    );
    let action = actions.get(&(Subject::Endpoint, name)).copied();
    nodes.insert(id("e", name), (label, action));
  };
  let workloads: BTreeSet<&str> = before
    .workloads
    .keys()
    .chain(after.workloads.keys())
    .map(String::as_str)
    .collect();
  for workload in workloads {
    let old = failover(before, workload);
    let new = failover(after, workload);
    let touched = actions.contains_key(&(Subject::Workload, workload))
      || old
        .iter()
        .chain(&new)
        .any(|e| actions.contains_key(&(Subject::Endpoint, e.as_str())));
    if !touched {
      continue;
    }
    let action = actions.get(&(Subject::Workload, workload)).copied();
    nodes.insert(id("w", workload), (format!("workload {workload}"), action));
    for (position, endpoint) in new.iter().enumerate() {
      endpoint_node(endpoint, &mut nodes);
      edges.insert((
        id("w", workload),
        id("e", endpoint),
        (position + 1).to_string(),
        false,
      ));
    }
    for (position, endpoint) in old.iter().enumerate() {
      let kept = new.get(position) == Some(endpoint);
      if !kept {
        endpoint_node(endpoint, &mut nodes);
        edges.insert((
          id("w", workload),
          id("e", endpoint),
          format!("was {}", position + 1),
          true,
        ));
      }
    }
  }
  for change in root
    .intent
    .changes
    .iter()
    .filter(|c| c.subject == Subject::Endpoint)
  {
    endpoint_node(&change.name, &mut nodes);
  }
  // Modules with object changes, linked from the endpoints and clouds that live in them.
  let mut modules: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
  for object in &root.objects {
    let module = match object.address.strip_prefix("module.") {
      Some(rest) if rest.contains('.') => {
        format!("module.{}", rest.split('.').next().unwrap_or_default())
      }
      _ => "root module".to_owned(),
    };
    let entry = modules.entry(module).or_default();
    match object.action {
      ObjectAction::Create => entry.0 += 1,
      ObjectAction::Update => entry.1 += 1,
      ObjectAction::Replace => {
        entry.0 += 1;
        entry.2 += 1;
      }
      ObjectAction::Delete => entry.2 += 1,
      ObjectAction::Move | ObjectAction::Import | ObjectAction::Forget => entry.1 += 1,
    }
  }
  for (module, (create, update, delete)) in &modules {
    nodes.insert(
      id("m", module),
      (format!("{module}<br/>+{create} ~{update} −{delete}"), None),
    );
  }
  for change in &root.intent.changes {
    let cloud = match change.subject {
      Subject::Endpoint => endpoint_cloud(after, &change.name)
        .or_else(|| endpoint_cloud(before, &change.name))
        .map(str::to_owned),
      Subject::Cloud => {
        nodes.insert(
          id("c", &change.name),
          (format!("cloud {}", change.name), Some(change.action)),
        );
        Some(change.name.clone())
      }
      Subject::Workload | Subject::Backend | Subject::Tag => None,
    };
    let Some(cloud) = cloud else { continue };
    let module = format!("module.{cloud}");
    if modules.contains_key(&module) {
      let from = if change.subject == Subject::Cloud {
        id("c", &change.name)
      } else {
        id("e", &change.name)
      };
      edges.insert((from, id("m", &module), String::new(), false));
    }
  }
  if nodes.is_empty() {
    return String::new();
  }
  let mut chart = Flowchart::new();
  for (node, (label, _)) in &nodes {
    chart.node(node, label);
  }
  for (from, to, label, old) in &edges {
    let arrow = match (label.is_empty(), old) {
      (true, _) => Arrow::Dotted,
      (false, false) => Arrow::Labelled(label),
      (false, true) => Arrow::DottedLabelled(label),
    };
    chart.edge(from, to, &arrow);
  }
  let mut text = chart.finish();
  let _ = writeln!(
    text,
    "  classDef create fill:#dafbe1,stroke:#1a7f37\n  classDef update fill:#fff8c5,stroke:#9a6700\n  classDef delete fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3"
  );
  for (node, (_, action)) in &nodes {
    if let Some(action) = action {
      let class = match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "delete",
      };
      let _ = writeln!(text, "  class {node} {class}");
    }
  }
  text
}
