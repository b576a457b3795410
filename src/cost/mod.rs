//! What a plan costs (issue 16): the fixed monthly cost of the reserved capacity a blueprint
//! renders (Azure provisioned throughput units, Bedrock Provisioned Throughput model units),
//! before and after the change under review; with a workload's `expected:` load, what its
//! tokens cost on the primary and on each later link of its chain; the commitments a change
//! buys; and the budgets it exceeds.
//!
//! Both sides are costed from the blueprint summary (`intent::Summary`): the one recorded in the
//! manifest at the last render and the one planned now, so the delta needs no old blueprint
//! file. Every figure names the price-list entry (`prices.rs`) it comes from; a line without a
//! published price is "not priced", never estimated.
//!
//! Conventions: a month is 730 hours (8,760 hours a year / 12), the convention of the Azure and
//! AWS pricing calculators; a commitment of n months is n × 730 hours; amounts are rounded to
//! cents only when shown.

pub(crate) mod listing;
pub(crate) mod prices;
pub(crate) mod show;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::blueprint::{Blueprint, Load};
use crate::catalog::Date;
use crate::intent::Summary;
use prices::{Entry, Prices};

pub(crate) const HOURS_PER_MONTH: u32 = 730;

/// The Azure deployment types billed per provisioned throughput unit and hour.
const PTU_SKUS: [&str; 3] = [
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
  "ProvisionedManaged",
];

/// Bedrock inference profile prefixes: a profile id is priced as its foundation model.
const PROFILE_PREFIXES: [&str; 7] = ["us", "us-gov", "eu", "apac", "jp", "au", "global"];

/// A price-list entry as a plan cites it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Citation {
  /// The entry's key in the price list, e.g. `aws/provisioned/amazon.nova-pro-v1:0/six_months`.
  pub(crate) price: String,
  pub(crate) source: String,
  pub(crate) read: String,
  /// True when the repository's catalog overlay supplied the entry.
  pub(crate) overlay: bool,
}

impl Citation {
  fn of(key: &str, entry: &Entry) -> Self {
    Citation {
      price: key.to_owned(),
      source: entry.source.clone(),
      read: entry.read.clone(),
      overlay: entry.overlay,
    }
  }
}

/// One endpoint's reserved capacity, on the side(s) of the change that have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct EndpointCost {
  pub(crate) endpoint: String,
  pub(crate) cloud: String,
  pub(crate) region: String,
  pub(crate) model: String,
  /// What is reserved, e.g. `GlobalProvisionedManaged PTU, hourly` or
  /// `Provisioned Throughput, six_months`.
  pub(crate) offer: String,
  /// PTUs or model units after the change; 0 when the change removes the capacity.
  pub(crate) units: u32,
  /// Before the change; `None` when there was none (or the old blueprint is unknown).
  pub(crate) units_before: Option<u32>,
  pub(crate) per_unit_hour: Option<f64>,
  /// Fixed monthly cost after the change; `None` when not priced.
  pub(crate) monthly: Option<f64>,
  pub(crate) monthly_before: Option<f64>,
  /// Why a side is not priced.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) unpriced: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) citation: Option<Citation>,
}

/// One link of a workload's chain carrying the whole expected load for a month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct LinkCost {
  pub(crate) endpoint: String,
  /// Token cost of the month's load on this link; 0 on reserved capacity (the tokens are
  /// included, up to the capacity); `None` when not priced.
  pub(crate) monthly: Option<f64>,
  /// True when the link serves from reserved capacity.
  pub(crate) reserved: bool,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) unpriced: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) citation: Option<Citation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct WorkloadCost {
  pub(crate) workload: String,
  /// The fixed monthly cost of the reserved endpoints of its chain (an endpoint shared by
  /// several workloads counts in each of them, once in the root's total).
  pub(crate) monthly_fixed: f64,
  /// False when a reserved endpoint of the chain is not priced.
  pub(crate) fixed_complete: bool,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) expected: Option<Load>,
  /// With `expected`: the load's token cost on each link, primary first.
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub(crate) links: Vec<LinkCost>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) budget: Option<f64>,
  /// True when the fixed monthly cost exceeds the budget.
  pub(crate) over_budget: bool,
  /// A later link that would serve the expected load for less than the primary.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) cheaper_link: Option<String>,
}

/// A term a change buys: Bedrock Provisioned Throughput with a one- or six-month commitment
/// cannot be deleted before the term ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Commitment {
  pub(crate) endpoint: String,
  pub(crate) model: String,
  /// `one_month` or `six_months`.
  pub(crate) term: String,
  pub(crate) months: u32,
  pub(crate) units: u32,
  /// units × hourly price × 730 × months; `None` when not priced.
  pub(crate) total: Option<f64>,
  /// The term's end if applied today (`SWITCHYARD_TODAY` pins "today").
  pub(crate) ends: String,
  /// Why it is listed: bought, more units, a new term or a new model.
  pub(crate) reason: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) citation: Option<Citation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct RootCost {
  pub(crate) currency: String,
  pub(crate) hours_per_month: u32,
  /// When the built-in price list was last reviewed.
  pub(crate) prices_reviewed: String,
  /// Fixed monthly cost of the priced reserved capacity after the change.
  pub(crate) monthly_fixed: f64,
  /// Before the change; `None` when the tree does not record the blueprint it came from.
  pub(crate) monthly_fixed_before: Option<f64>,
  /// False when some reserved capacity is not priced (then the sums leave it out).
  pub(crate) complete: bool,
  pub(crate) endpoints: Vec<EndpointCost>,
  pub(crate) workloads: Vec<WorkloadCost>,
  pub(crate) commitments: Vec<Commitment>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) budget: Option<f64>,
  /// True when the fixed monthly cost exceeds the blueprint's `budget:`.
  pub(crate) over_budget: bool,
}

impl RootCost {
  /// Whether anything is worth showing: reserved capacity, a load, a commitment, a budget.
  pub(crate) fn is_empty(&self) -> bool {
    self.endpoints.is_empty()
      && self.commitments.is_empty()
      && self.budget.is_none()
      && self
        .workloads
        .iter()
        .all(|w| w.expected.is_none() && w.budget.is_none())
  }
}

type Attributes = BTreeMap<String, Value>;

fn text<'a>(attributes: &'a Attributes, key: &str) -> &'a str {
  attributes.get(key).and_then(Value::as_str).unwrap_or("")
}

fn number(attributes: &Attributes, key: &str) -> u32 {
  attributes
    .get(key)
    .and_then(Value::as_u64)
    .and_then(|n| u32::try_from(n).ok())
    .unwrap_or(0)
}

/// The foundation model a Bedrock id names: `us.amazon.nova-pro-v1:0` is `amazon.nova-pro-v1:0`.
fn foundation(model: &str) -> &str {
  match model.split_once('.') {
    Some((prefix, rest)) if rest.contains('.') && PROFILE_PREFIXES.contains(&prefix) => rest,
    _ => model,
  }
}

/// What an endpoint reserves: units and the price-list key, if it reserves anything.
struct Reserved {
  units: u32,
  key: String,
  offer: String,
  /// Months of a commitment, 0 for none.
  months: u32,
  term: String,
}

fn reserved(attributes: &Attributes) -> Option<Reserved> {
  if attributes.get("release").and_then(Value::as_bool) == Some(true) {
    return None;
  }
  match text(attributes, "cloud") {
    "azure" => {
      let sku = text(attributes, "sku");
      PTU_SKUS.contains(&sku).then(|| Reserved {
        units: number(attributes, "capacity"),
        key: format!("azure/ptu/{sku}"),
        offer: format!("{sku} PTU, hourly"),
        months: 0,
        term: String::new(),
      })
    }
    "aws" if text(attributes, "throughput") == "provisioned" => {
      let commitment = text(attributes, "commitment");
      let model = foundation(text(attributes, "model"));
      Some(Reserved {
        units: number(attributes, "capacity"),
        key: format!("aws/provisioned/{model}/{commitment}"),
        offer: format!("Provisioned Throughput, {commitment}"),
        months: match commitment {
          "one_month" => 1,
          "six_months" => 6,
          _ => 0,
        },
        term: commitment.to_owned(),
      })
    }
    _ => None,
  }
}

/// The hourly price of one unit in `region`, or why there is none.
fn hourly<'p>(
  prices: &'p Prices,
  key: &str,
  region: &str,
) -> (Option<f64>, Option<String>, Option<&'p Entry>) {
  match prices.get(key) {
    None => (
      None,
      Some(format!(
        "no `{key}` in the price list; supply it in the catalog overlay"
      )),
      None,
    ),
    Some(entry) if !entry.covers(region) => (
      None,
      Some(format!(
        "`{key}` is priced only in {}",
        entry.regions.as_deref().unwrap_or_default().join(", ")
      )),
      Some(entry),
    ),
    Some(entry) => match entry.per_unit_hour {
      Some(price) => (Some(price), None, Some(entry)),
      None => (
        None,
        Some(
          entry
            .note
            .clone()
            .unwrap_or_else(|| "no hourly price".to_owned()),
        ),
        Some(entry),
      ),
    },
  }
}

/// units × hourly × 730.
pub(crate) fn monthly(units: u32, per_unit_hour: f64) -> f64 {
  f64::from(units) * per_unit_hour * f64::from(HOURS_PER_MONTH)
}

/// A load's token cost at per-million prices.
pub(crate) fn tokens(load: Load, input_per_million: f64, output_per_million: f64) -> f64 {
  // Counts of tokens per month stay far below 2^53, where f64 stops being exact.
  #[allow(clippy::cast_precision_loss)]
  let (input, output) = (
    load.input_tokens_per_month as f64,
    load.output_tokens_per_month as f64,
  );
  input / 1e6 * input_per_million + output / 1e6 * output_per_million
}

/// The price-list key of an endpoint's pay-as-you-go tokens.
fn token_key(attributes: &Attributes) -> Option<String> {
  let model = text(attributes, "model");
  match text(attributes, "cloud") {
    "azure" => {
      let scope = match text(attributes, "sku") {
        "GlobalStandard" => "global",
        "DataZoneStandard" => "data_zone",
        "Standard" => "regional",
        _ => return None,
      };
      Some(format!("azure/tokens/{model}/{scope}"))
    }
    "aws" => Some(format!("aws/tokens/{}", foundation(model))),
    "gcp" => Some(format!("gcp/tokens/{model}")),
    _ => None,
  }
}

fn link_cost(prices: &Prices, name: &str, attributes: &Attributes, load: Load) -> LinkCost {
  if reserved(attributes).is_some() {
    return LinkCost {
      endpoint: name.to_owned(),
      monthly: Some(0.0),
      reserved: true,
      unpriced: None,
      citation: None,
    };
  }
  let region = text(attributes, "region");
  let mut link = LinkCost {
    endpoint: name.to_owned(),
    monthly: None,
    reserved: false,
    unpriced: None,
    citation: None,
  };
  let Some(key) = token_key(attributes) else {
    link.unpriced = Some("no token price applies to this endpoint".to_owned());
    return link;
  };
  match prices.get(&key) {
    None => link.unpriced = Some(format!("no `{key}` in the price list")),
    Some(entry) if !entry.covers(region) => {
      link.unpriced = Some(format!("`{key}` is not priced in {region}"));
    }
    Some(entry) => match (entry.input_per_million, entry.output_per_million) {
      (Some(input), Some(output)) => {
        link.monthly = Some(tokens(load, input, output));
        link.citation = Some(Citation::of(&key, entry));
      }
      _ => {
        link.unpriced = Some(
          entry
            .note
            .clone()
            .unwrap_or_else(|| format!("`{key}` has no token prices")),
        );
      }
    },
  }
  link
}

/// `date` plus `months` calendar months, the day clamped to the month's length.
pub(crate) fn add_months(date: Date, months: u32) -> Date {
  let text = date.to_string();
  let mut parts = text.split('-').map(|p| p.parse::<i64>().unwrap_or(1));
  let (year, month, day) = (
    parts.next().unwrap_or(1970),
    parts.next().unwrap_or(1),
    parts.next().unwrap_or(1),
  );
  let index = year * 12 + (month - 1) + i64::from(months);
  let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
  (0..4)
    .filter_map(|back| Date::parse(&format!("{year:04}-{month:02}-{:02}", day - back)))
    .next()
    .unwrap_or(date)
}

/// Why a commitment on `after` is new relative to `before`, if it is.
fn commitment_reason(before: Option<&Attributes>, after: &Attributes) -> Option<String> {
  let Some(before) = before.filter(|b| reserved(b).is_some()) else {
    return Some("bought".to_owned());
  };
  if text(before, "commitment") != text(after, "commitment") {
    return Some(format!(
      "term {} → {}",
      text(before, "commitment"),
      text(after, "commitment")
    ));
  }
  if text(before, "model") != text(after, "model") {
    return Some("new model".to_owned());
  }
  let (old, new) = (number(before, "capacity"), number(after, "capacity"));
  (new > old).then(|| format!("model units {old} → {new}"))
}

fn section<'a>(summary: &'a Summary, name: &str) -> Option<&'a BTreeMap<String, Attributes>> {
  summary.0.get(name)
}

/// The cost of one root: `before` is the recorded blueprint summary (`None` when unknown),
/// `after` the planned one, `blueprint` the planned blueprint (loads and budgets).
pub(crate) fn of(
  prices: &Prices,
  before: Option<&Summary>,
  after: &Summary,
  blueprint: &Blueprint,
  today: Date,
) -> RootCost {
  let empty = BTreeMap::new();
  let new = section(after, "endpoint").unwrap_or(&empty);
  let old = before.and_then(|b| section(b, "endpoint"));
  let mut endpoints = Vec::new();
  let mut commitments = Vec::new();
  let mut complete = true;
  let (mut total, mut total_before) = (0.0, 0.0);
  let mut names: Vec<&String> = new.keys().collect();
  names.extend(old.into_iter().flat_map(|o| o.keys()));
  names.sort();
  names.dedup();
  for name in names {
    let now = new.get(name).and_then(|a| reserved(a).map(|r| (a, r)));
    let was = old
      .and_then(|o| o.get(name))
      .and_then(|a| reserved(a).map(|r| (a, r)));
    let Some((attributes, shape)) = now.as_ref().or(was.as_ref()) else {
      continue;
    };
    let region = text(attributes, "region");
    let (price, unpriced, entry) = hourly(prices, &shape.key, region);
    let monthly_now = now
      .as_ref()
      .map(|(_, r)| price.map(|p| monthly(r.units, p)));
    // The old side is priced at its own entry (a term or SKU change prices differently).
    let monthly_was = was.as_ref().map(|(a, r)| {
      hourly(prices, &r.key, text(a, "region"))
        .0
        .map(|p| monthly(r.units, p))
    });
    match monthly_now {
      Some(Some(m)) => total += m,
      Some(None) => complete = false,
      None => {}
    }
    match monthly_was {
      Some(Some(m)) => total_before += m,
      Some(None) => complete = false,
      None => {}
    }
    endpoints.push(EndpointCost {
      endpoint: name.clone(),
      cloud: text(attributes, "cloud").to_owned(),
      region: region.to_owned(),
      model: text(attributes, "model").to_owned(),
      offer: shape.offer.clone(),
      units: now.as_ref().map_or(0, |(_, r)| r.units),
      units_before: was.as_ref().map(|(_, r)| r.units),
      per_unit_hour: price,
      monthly: match monthly_now {
        Some(m) => m,
        None => Some(0.0),
      },
      monthly_before: monthly_was.flatten(),
      unpriced,
      citation: entry
        .filter(|_| price.is_some())
        .map(|e| Citation::of(&shape.key, e)),
    });
    if let Some((attributes, r)) = &now
      && r.months > 0
      && let Some(reason) = commitment_reason(old.and_then(|o| o.get(name)), attributes)
    {
      commitments.push(Commitment {
        endpoint: name.clone(),
        model: text(attributes, "model").to_owned(),
        term: r.term.clone(),
        months: r.months,
        units: r.units,
        total: price.map(|p| monthly(r.units, p) * f64::from(r.months)),
        ends: add_months(today, r.months).to_string(),
        reason,
        citation: entry
          .filter(|_| price.is_some())
          .map(|e| Citation::of(&r.key, e)),
      });
    }
  }
  let by_endpoint: BTreeMap<&str, &EndpointCost> =
    endpoints.iter().map(|e| (e.endpoint.as_str(), e)).collect();
  let mut workloads = Vec::new();
  for workload in blueprint.workloads.values() {
    let mut fixed = 0.0;
    let mut fixed_complete = true;
    for link in &workload.failover {
      if let Some(cost) = by_endpoint.get(link.as_str()) {
        match cost.monthly {
          Some(m) => fixed += m,
          None => fixed_complete = false,
        }
      }
    }
    let links: Vec<LinkCost> = match workload.expected {
      Some(load) => workload
        .failover
        .iter()
        .filter_map(|link| {
          let attributes = new.get(link.as_str())?;
          Some(link_cost(prices, link.as_str(), attributes, load))
        })
        .collect(),
      None => Vec::new(),
    };
    let cheaper_link = cheaper(&links, &by_endpoint);
    workloads.push(WorkloadCost {
      workload: workload.name.to_string(),
      monthly_fixed: fixed,
      fixed_complete,
      expected: workload.expected,
      links,
      budget: workload.budget,
      over_budget: workload.budget.is_some_and(|b| fixed > b),
      cheaper_link,
    });
  }
  RootCost {
    currency: prices.currency.clone(),
    hours_per_month: HOURS_PER_MONTH,
    prices_reviewed: prices.reviewed.clone(),
    monthly_fixed: total,
    monthly_fixed_before: before.map(|_| total_before),
    complete,
    endpoints,
    workloads,
    commitments,
    budget: blueprint.budget,
    over_budget: blueprint.budget.is_some_and(|b| total > b),
  }
}

/// The first later link whose month (fixed + tokens) costs less than the primary's, when
/// every figure compared is priced.
fn cheaper(links: &[LinkCost], fixed: &BTreeMap<&str, &EndpointCost>) -> Option<String> {
  let month = |link: &LinkCost| -> Option<f64> {
    let reserved = match fixed.get(link.endpoint.as_str()) {
      Some(cost) => cost.monthly?,
      None => 0.0,
    };
    Some(link.monthly? + reserved)
  };
  let (primary, rest) = links.split_first()?;
  let primary = month(primary)?;
  rest
    .iter()
    .find(|l| month(l).is_some_and(|m| m < primary))
    .map(|l| l.endpoint.clone())
}

#[cfg(test)]
mod tests;
