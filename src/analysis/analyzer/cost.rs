//! Issue 16: a workload's `expected:` load and the `budget:` of a workload or of the whole
//! blueprint, and the warning when reserved capacity costs more a month than the budget.

use super::reader::Reader;
use crate::analysis::blueprint::{Blueprint, Load};
use crate::analysis::cost;
use crate::analysis::intent::Summary;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

pub(crate) const EXPECTED_KEYS: &[&str] = &["input_tokens_per_month", "output_tokens_per_month"];
pub(crate) const BUDGET_KEYS: &[&str] = &["monthly", "currency"];

fn count(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<u64> {
  match node {
    Node::Integer(i) if *i >= 0 && u64::try_from(*i).is_ok_and(|v| v < 1 << 53) => {
      u64::try_from(*i).ok()
    }
    other => {
      reader.report(
        Diagnostic::error(
          path.clone(),
          format!("expected a whole number of tokens, found {}", other.kind()),
        )
        .help("write the tokens a month as a whole number, e.g. `250000000`"),
      );
      None
    }
  }
}

/// `expected: {input_tokens_per_month, output_tokens_per_month}`, both required.
pub(crate) fn expected(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Load> {
  let fields = reader.mapping(node, path, "`expected`", EXPECTED_KEYS)?;
  let input = reader
    .required(&fields, "input_tokens_per_month", "250000000")
    .and_then(|n| count(reader, n, &fields.path("input_tokens_per_month")));
  let output = reader
    .required(&fields, "output_tokens_per_month", "50000000")
    .and_then(|n| count(reader, n, &fields.path("output_tokens_per_month")));
  Some(Load {
    input_tokens_per_month: input?,
    output_tokens_per_month: output?,
  })
}

/// `budget: {monthly: 5000, currency: USD}`: prices are in US dollars, so is a budget.
pub(crate) fn budget(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<f64> {
  let fields = reader.mapping(node, path, "`budget`", BUDGET_KEYS)?;
  if let Some(currency) = fields.get("currency") {
    let at = fields.path("currency");
    let text = reader.string(currency, &at)?;
    if text != "USD" {
      reader.report(
        Diagnostic::error(
          at,
          format!("`{text}` is not a currency the price list uses"),
        )
        .help("the price list is in US dollars: write `currency: USD` or leave it out"),
      );
      return None;
    }
  }
  let at = fields.path("monthly");
  let amount = match reader.required(&fields, "monthly", "5000")? {
    Node::Integer(i) => i32::try_from(*i).ok().map(f64::from),
    Node::Float(f) => Some(*f),
    _ => None,
  };
  match amount {
    Some(a) if a.is_finite() && a >= 0.0 => Some(a),
    _ => {
      reader.report(
        Diagnostic::error(at, "expected a non-negative amount of US dollars a month")
          .help("write e.g. `monthly: 5000`"),
      );
      None
    }
  }
}

/// Warns where the fixed monthly cost of reserved capacity exceeds a budget (`plan` flags the
/// same in its cost section). A budget cannot be checked against a price list that does not
/// read (a mistake under the catalog overlay's `prices:`): that is an error at the budget.
pub(crate) fn check_budgets(
  reader: &mut Reader,
  blueprint: &Blueprint,
  root: &YamlPath,
  today: crate::analysis::catalog::Date,
) {
  let budgets = blueprint
    .budget
    .map(|_| root.key("budget"))
    .into_iter()
    .chain(
      blueprint
        .workloads
        .values()
        .filter(|w| w.budget.is_some())
        .map(|w| root.key("workloads").key(w.name.as_str()).key("budget")),
    );
  let prices = match cost::prices::get() {
    Ok(prices) => prices,
    Err(error) => {
      let message = match error {
        crate::input::error::Error::Input { path, message } => {
          format!("{}: {message}", path.display())
        }
        other => other.to_string(),
      };
      for path in budgets {
        reader.report(Diagnostic::error(path, message.clone()));
      }
      return;
    }
  };
  let cost = cost::of(prices, None, &Summary::of(blueprint), blueprint, today);
  let mut warn = |path: YamlPath, spent: f64, budget: f64| {
    reader.report(
      Diagnostic::warning(
        path,
        format!(
          "reserved capacity costs {} USD a month, over the budget of {} USD",
          cost::show::money(spent),
          cost::show::money(budget)
        ),
      )
      .help("lower the capacity, or raise the budget; `switchyard plan` lists each endpoint's cost and price source"),
    );
  };
  if let Some(budget) = cost.budget
    && cost.over_budget
  {
    warn(root.key("budget"), cost.monthly_fixed, budget);
  }
  for workload in &cost.workloads {
    if let Some(budget) = workload.budget
      && workload.over_budget
    {
      warn(
        root.key("workloads").key(&workload.workload).key("budget"),
        workload.monthly_fixed,
        budget,
      );
    }
  }
}
