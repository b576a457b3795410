//! Human-readable reports: the plan of a blueprint and its dependency graph.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::load::Loaded;
use crate::output::Change;
use crate::render::Rendered;

/// Counts `resource` blocks per module directory and type, from the rendered HCL itself.
pub(crate) fn resource_counts(rendered: &Rendered) -> BTreeMap<String, BTreeMap<String, usize>> {
  let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
  for (path, text) in &rendered.files {
    let Some(relative) = path.strip_prefix(&format!("{}/", rendered.root)) else {
      continue;
    };
    if !relative.ends_with(".tf") {
      continue;
    }
    let module = match relative.rsplit_once('/') {
      Some((dir, _)) => format!("module.{}", dir.trim_start_matches("modules/")),
      None => "root".to_owned(),
    };
    let Ok(body) = hcl::parse(text) else { continue };
    for block in body.blocks() {
      if block.identifier() == "resource" {
        if let Some(kind) = block.labels().first() {
          *counts
            .entry(module.clone())
            .or_default()
            .entry(kind.as_str().to_owned())
            .or_default() += 1;
        }
      }
    }
  }
  counts
}

pub(crate) fn plan(
  loaded: &Loaded,
  rendered: &Rendered,
  changes: &[(String, Change)],
  out: &str,
) -> String {
  let plan = &loaded.plan;
  let mut text = String::new();
  let _ = writeln!(text, "{} ({})", plan.root(), loaded.path.display());
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
  let _ = writeln!(text, "\n  files under {out}/:");
  let mut unchanged = 0;
  for (path, change) in changes {
    match change {
      Change::Unchanged => unchanged += 1,
      other => {
        let _ = writeln!(text, "    {:<9} {path}", other.verb());
      }
    }
  }
  if changes.iter().all(|(_, c)| *c == Change::Unchanged) {
    let _ = writeln!(text, "    no changes");
  }

  if unchanged > 0 {
    let _ = writeln!(text, "    {unchanged} unchanged");
  }
  text
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
  let mut text = String::from("flowchart LR\n");
  let mut ids: BTreeMap<String, usize> = BTreeMap::new();
  for (position, index) in plan.order.iter().enumerate() {
    if let Some(unit) = plan.graph.unit(*index) {
      ids.insert(unit.id(), position);
      let _ = writeln!(
        text,
        "  n{position}[\"{}<br/>{}\"]",
        unit.id(),
        unit.kind.describe()
      );
    }
  }
  for (before, after) in plan.graph.edges() {
    if let (Some(a), Some(b)) = (ids.get(&before.id()), ids.get(&after.id())) {
      let _ = writeln!(text, "  n{a} --> n{b}");
    }
  }
  text
}
