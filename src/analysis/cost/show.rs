//! The cost of a plan as text (the job log) and as Markdown (the pull-request comment).

use std::fmt::Write as _;

use super::{Citation, Commitment, EndpointCost, LinkCost, RootCost, TokenPrice, WorkloadCost};

/// What a root without reserved capacity, loads or budgets costs, in a line.
const NOTHING_RESERVED: &str = "no reserved capacity: pay-as-you-go tokens only (give a workload `expected:` tokens a month to price them)";

/// An amount with thousands separators and cents: `12,345.60`.
pub(crate) fn money(amount: f64) -> String {
  let cents = (amount.abs() * 100.0).round();
  // Amounts stay far below 2^53 cents, so the cast is exact.
  #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
  let cents = cents as u64;
  let grouped = whole(cents / 100);
  let sign = if amount < 0.0 && cents > 0 { "-" } else { "" };
  format!("{sign}{grouped}.{:02}", cents % 100)
}

/// A count with thousands separators: `400,000,000`.
fn whole(count: u64) -> String {
  let digits = count.to_string();
  let mut grouped = String::new();
  for (i, digit) in digits.chars().enumerate() {
    if i > 0 && (digits.len() - i).is_multiple_of(3) {
      grouped.push(',');
    }
    grouped.push(digit);
  }
  grouped
}

/// A change of amount: `+1,460.00`, `-730.00`, `±0.00`.
pub(crate) fn delta(amount: f64) -> String {
  if (amount * 100.0).round() == 0.0 {
    "±0.00".to_owned()
  } else if amount > 0.0 {
    format!("+{}", money(amount))
  } else {
    money(amount)
  }
}

fn amount(value: Option<f64>) -> String {
  value.map_or_else(|| "not priced".to_owned(), money)
}

/// The headline: fixed monthly cost, before → after, with the conventions.
pub(crate) fn headline(cost: &RootCost) -> String {
  let mut line = match cost.monthly_fixed_before {
    Some(before) if (before - cost.monthly_fixed).abs() >= 0.005 => format!(
      "reserved capacity {} → {} {}/month ({})",
      money(before),
      money(cost.monthly_fixed),
      cost.currency,
      delta(cost.monthly_fixed - before)
    ),
    _ => format!(
      "reserved capacity {} {}/month",
      money(cost.monthly_fixed),
      cost.currency
    ),
  };
  let unpriced = cost
    .endpoints
    .iter()
    .filter(|e| e.monthly.is_none() || (e.units_before.is_some() && e.monthly_before.is_none()))
    .count();
  let priced = cost.endpoints.len() - unpriced;
  // "not published" only when no unpriced line is merely unread.
  let word = if cost
    .endpoints
    .iter()
    .filter_map(|e| e.unpriced.as_deref())
    .all(|why| why.starts_with("not published"))
  {
    "not published"
  } else {
    "not priced"
  };
  if !cost.complete && priced == 0 {
    line = format!(
      "reserved capacity {word} ({})",
      if unpriced == 1 {
        "1 endpoint".to_owned()
      } else {
        format!("{unpriced} endpoints")
      }
    );
  } else if !cost.complete {
    let _ = write!(line, " for the priced part ({unpriced} {word})");
  }
  if let Some(budget) = cost.budget {
    let _ = write!(
      line,
      "; budget {} {}{}",
      money(budget),
      cost.currency,
      if cost.over_budget { " EXCEEDED" } else { "" }
    );
  }
  line
}

fn units(e: &EndpointCost) -> String {
  match e.units_before {
    Some(before) if before != e.units => format!("{before} → {}", e.units),
    _ => e.units.to_string(),
  }
}

fn endpoint_line(e: &EndpointCost) -> String {
  let mut line = format!(
    "{} ({} {}, {}): {}, {} units",
    e.endpoint,
    e.cloud,
    e.region,
    e.model,
    e.offer,
    units(e)
  );
  match (&e.citation, e.per_unit_hour) {
    (Some(c), Some(price)) => {
      let _ = write!(
        line,
        " × {price}/unit-hour × 730 h = {}/month [{}]",
        amount(e.monthly),
        cited(c)
      );
    }
    _ => {
      let _ = write!(line, ": {}", e.unpriced.as_deref().unwrap_or("not priced"));
    }
  }
  line
}

/// A citation as the text report shows it: key, source, date, and whether the figure is the
/// repository's own or read from a copy of the cloud's list.
fn cited(c: &Citation) -> String {
  format!(
    "{}, {}, read {}{}{}",
    c.price,
    c.source,
    c.read,
    if c.overlay { ", catalog overlay" } else { "" },
    if c.secondary {
      ", secondary source"
    } else {
      ""
    }
  )
}

/// "not published" or "not priced", from a reason `Entry::missing` wrote.
fn short(unpriced: Option<&str>) -> &'static str {
  match unpriced {
    Some(why) if why.starts_with("not published") => "not published",
    _ => "not priced",
  }
}

fn commitment_line(c: &Commitment) -> String {
  format!(
    "{}: {} model units of {} for {} ({}, {}), total {}, ends {} if applied today",
    c.endpoint,
    c.units,
    c.model,
    plural_months(c.months),
    c.term,
    c.reason,
    c.total.map_or_else(
      || short(c.unpriced.as_deref()).to_owned(),
      |t| format!("{} USD", money(t))
    ),
    c.ends
  )
}

fn plural_months(months: u32) -> String {
  if months == 1 {
    "1 month".to_owned()
  } else {
    format!("{months} months")
  }
}

fn link_text(link: &LinkCost) -> String {
  if link.reserved {
    format!("{} included in reserved capacity", link.endpoint)
  } else {
    match link.monthly {
      Some(m) => format!("{} {}", link.endpoint, money(m)),
      None => format!("{} {}", link.endpoint, short(link.unpriced.as_deref())),
    }
  }
}

fn workload_line(w: &WorkloadCost, currency: &str) -> Option<String> {
  if w.expected.is_none() && w.budget.is_none() {
    return None;
  }
  let mut line = if w.fixed_complete {
    format!(
      "{}: reserved capacity {} {}/month",
      w.workload,
      money(w.monthly_fixed),
      currency
    )
  } else {
    format!(
      "{}: reserved capacity {} {}/month and some not priced",
      w.workload,
      money(w.monthly_fixed),
      currency
    )
  };
  if let Some(budget) = w.budget {
    let _ = write!(
      line,
      ", budget {}{}",
      money(budget),
      if w.over_budget { " EXCEEDED" } else { "" }
    );
  }
  if let Some(load) = w.expected {
    let links: Vec<String> = w.links.iter().map(link_text).collect();
    let _ = write!(
      line,
      "; tokens for {} in + {} out a month: {}",
      whole(load.input_tokens_per_month),
      whole(load.output_tokens_per_month),
      links.join(", then ")
    );
  }
  if let Some(cheaper) = &w.cheaper_link {
    let _ = write!(
      line,
      "; `{cheaper}` would serve it for less than the primary"
    );
  }
  Some(line)
}

/// "endpoint (cloud region, model, deployment): what its tokens cost per million [citation]".
fn token_line(t: &TokenPrice) -> String {
  let head = format!(
    "{} ({} {}, {}, {})",
    t.endpoint, t.cloud, t.region, t.model, t.offer
  );
  match (&t.citation, t.input_per_million, t.output_per_million) {
    (Some(c), Some(input), Some(output)) => format!(
      "{head}: {input} in / {output} out per million tokens [{}]",
      cited(c)
    ),
    _ => format!("{head}: {}", t.unpriced.as_deref().unwrap_or("not priced")),
  }
}

fn token_lines(text: &mut String, cost: &RootCost) {
  for t in &cost.tokens {
    let _ = writeln!(text, "    tokens {}", token_line(t));
  }
}

/// The root's cost in the text report, indented under the root.
pub(crate) fn text(cost: &RootCost) -> String {
  let mut text = String::new();
  if cost.is_empty() {
    let _ = writeln!(text, "\n  cost: {NOTHING_RESERVED}");
    token_lines(&mut text, cost);
    return text;
  }
  let _ = writeln!(
    text,
    "\n  cost ({}, 730 h a month, list prices as cited): {}",
    cost.currency,
    headline(cost)
  );
  for e in &cost.endpoints {
    let _ = writeln!(text, "    {}", endpoint_line(e));
  }
  for c in &cost.commitments {
    let _ = writeln!(text, "    COMMITMENT {}", commitment_line(c));
  }
  for w in &cost.workloads {
    if let Some(line) = workload_line(w, &cost.currency) {
      let _ = writeln!(text, "    workload {line}");
    }
  }
  token_lines(&mut text, cost);
  text
}

/// The table of every root's pay-as-you-go token prices, per million tokens.
fn token_table(text: &mut String, roots: &[(&str, &RootCost)]) {
  let rows: Vec<(&str, &TokenPrice)> = roots
    .iter()
    .flat_map(|(root, cost)| cost.tokens.iter().map(move |t| (*root, t)))
    .collect();
  let Some((_, first)) = roots.first() else {
    return;
  };
  if rows.is_empty() {
    return;
  }
  let _ = writeln!(
    text,
    "\n**Pay-as-you-go tokens**, in {} per million input / output tokens, from the list prices cited:\n\n| root | endpoint | model | sold as | input | output | price |\n|---|---|---|---|---|---|---|",
    first.currency
  );
  for (root, t) in rows {
    let figure = |f: Option<f64>| f.map_or_else(|| "—".to_owned(), |f| f.to_string());
    let price = price_cell(t.citation.as_ref(), t.unpriced.as_deref());
    let _ = writeln!(
      text,
      "| `{root}` | `{}` | {} | {} | {} | {} | {price} |",
      t.endpoint,
      cell(&t.model),
      cell(&t.offer),
      figure(t.input_per_million),
      figure(t.output_per_million)
    );
  }
}

/// The Markdown cell that says where a figure comes from, or why there is none.
fn price_cell(citation: Option<&Citation>, unpriced: Option<&str>) -> String {
  match citation {
    Some(c) => format!(
      "{} ({}, read {}){}{}",
      cell(&c.price),
      cell(&c.source),
      c.read,
      if c.overlay { " (overlay)" } else { "" },
      if c.secondary {
        " (secondary source)"
      } else {
        ""
      }
    ),
    None => cell(unpriced.unwrap_or("not priced")),
  }
}

fn cell(text: &str) -> String {
  crate::support::text::markdown(text)
}

/// The cost section of the pull-request comment: a table of every root with reserved capacity,
/// a load, a commitment or a budget, then the token prices of every pay-as-you-go endpoint.
pub(crate) fn markdown<'a>(roots: impl Iterator<Item = (&'a str, &'a RootCost)>) -> String {
  let all: Vec<(&str, &RootCost)> = roots.collect();
  let (roots, empty): (Vec<_>, Vec<_>) = all.iter().copied().partition(|(_, c)| !c.is_empty());
  let mut text = String::new();
  let Some((_, first)) = roots.first() else {
    if !empty.is_empty() {
      let _ = write!(
        text,
        "### 💰 Cost\n\nNo {}.\n",
        cell(&NOTHING_RESERVED[3..])
      );
      token_table(&mut text, &all);
      text.push('\n');
    }
    return text;
  };
  let _ = writeln!(
    text,
    "### 💰 Cost\n\nFixed monthly cost of reserved capacity, in {}, at 730 hours a month, from the list prices cited (price list reviewed {}).\n",
    first.currency, first.prices_reviewed
  );
  let _ = writeln!(
    text,
    "| root | endpoint | reserved | units | per unit-hour | monthly before | monthly after | price |\n|---|---|---|---|---|---|---|---|"
  );
  for (root, cost) in &roots {
    for e in &cost.endpoints {
      let price = price_cell(e.citation.as_ref(), e.unpriced.as_deref());
      let _ = writeln!(
        text,
        "| `{root}` | `{}` | {} | {} | {} | {} | {} | {price} |",
        e.endpoint,
        cell(&e.offer),
        units(e),
        e.per_unit_hour
          .map_or_else(|| "—".to_owned(), |p| p.to_string()),
        match e.units_before {
          Some(_) => amount(e.monthly_before),
          None => "—".to_owned(),
        },
        amount(e.monthly)
      );
    }
    let _ = writeln!(
      text,
      "| `{root}` | **total** | | | | | **{}** | |",
      cell(&headline(cost))
    );
  }
  let commitments: Vec<_> = roots
    .iter()
    .flat_map(|(root, c)| c.commitments.iter().map(move |c| (root, c)))
    .collect();
  if !commitments.is_empty() {
    let _ = writeln!(
      text,
      "\n**⚠️ Commitments bought** (cannot be cancelled before the term ends; `plan --deny-commitment` refuses them):\n"
    );
    for (root, c) in commitments {
      let _ = writeln!(text, "- `{root}` {}", cell(&commitment_line(c)));
    }
  }
  let workloads: Vec<_> = roots
    .iter()
    .flat_map(|(root, c)| {
      c.workloads
        .iter()
        .filter_map(move |w| Some((root, workload_line(w, &c.currency)?)))
    })
    .collect();
  if !workloads.is_empty() {
    let _ = writeln!(
      text,
      "\n**Workloads** (token cost of the expected monthly load on each link, primary first):\n"
    );
    for (root, line) in workloads {
      let _ = writeln!(text, "- `{root}` {}", cell(&line));
    }
  }
  if !empty.is_empty() {
    let names: Vec<String> = empty.iter().map(|(root, _)| format!("`{root}`")).collect();
    let _ = writeln!(text, "\n{}: {}.", names.join(", "), cell(NOTHING_RESERVED));
  }
  token_table(&mut text, &all);
  text.push('\n');
  text
}
