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

use crate::analysis::blueprint::{Blueprint, Load};
use crate::analysis::catalog::Date;
use crate::analysis::intent::Summary;
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
  /// True when the source is a copy or a report of the cloud's price list, not the list.
  pub(crate) secondary: bool,
}

impl Citation {
  fn of(key: &str, entry: &Entry) -> Self {
    Citation {
      price: key.to_owned(),
      source: entry.source.clone(),
      read: entry.read.clone(),
      overlay: entry.overlay,
      secondary: entry.secondary,
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

/// What a pay-as-you-go endpoint's tokens cost, per million: shown for every endpoint, so a
/// plan names the price of each link even without an expected load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct TokenPrice {
  pub(crate) endpoint: String,
  pub(crate) cloud: String,
  pub(crate) region: String,
  pub(crate) model: String,
  /// How it is sold: Azure's deployment type, `on demand` elsewhere.
  pub(crate) offer: String,
  pub(crate) input_per_million: Option<f64>,
  pub(crate) output_per_million: Option<f64>,
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
  /// Why `total` is missing: "not priced (…)" or "not published (…)".
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) unpriced: Option<String>,
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
  /// The token prices of the endpoints after the change that are not reserved capacity.
  pub(crate) tokens: Vec<TokenPrice>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) budget: Option<f64>,
  /// True when the fixed monthly cost exceeds the blueprint's `budget:`.
  pub(crate) over_budget: bool,
}

impl RootCost {
  /// Whether there is nothing but token prices to show: no reserved capacity, load,
  /// commitment or budget.
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
        "not priced (no `{key}` in the price list; supply it in the catalog overlay)"
      )),
      None,
    ),
    Some(entry) if !entry.covers(region) => (
      None,
      Some(format!(
        "not priced (`{key}` is priced only in {})",
        entry.regions.as_deref().unwrap_or_default().join(", ")
      )),
      Some(entry),
    ),
    Some(entry) => match entry.per_unit_hour {
      Some(price) => (Some(price), None, Some(entry)),
      None => (None, Some(entry.missing("hourly price")), Some(entry)),
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

/// The price-list keys of an endpoint's pay-as-you-go tokens, the most specific first: Azure's
/// deployment type before the model alone (a source that names no deployment type), a Bedrock
/// inference profile (`us.…`, `global.…`, priced apart since Claude 4.5) before its foundation
/// model.
fn token_keys(attributes: &Attributes) -> Vec<String> {
  let model = text(attributes, "model");
  match text(attributes, "cloud") {
    "azure" => {
      let scope = match text(attributes, "sku") {
        "GlobalStandard" => "global",
        "DataZoneStandard" => "data_zone",
        "Standard" => "regional",
        _ => return Vec::new(),
      };
      vec![
        format!("azure/tokens/{model}/{scope}"),
        format!("azure/tokens/{model}"),
      ]
    }
    "aws" if foundation(model) != model => vec![
      format!("aws/tokens/{model}"),
      format!("aws/tokens/{}", foundation(model)),
    ],
    "aws" => vec![format!("aws/tokens/{model}")],
    "gcp" => vec![format!("gcp/tokens/{model}")],
    _ => Vec::new(),
  }
}

/// The per-million prices of an endpoint's tokens and the entry they come from, or why there
/// are none.
fn token_price(prices: &Prices, attributes: &Attributes) -> Result<(f64, f64, Citation), String> {
  let region = text(attributes, "region");
  let keys = token_keys(attributes);
  let Some((key, entry)) = keys
    .iter()
    .find_map(|key| prices.get(key).map(|entry| (key, entry)))
  else {
    return Err(if keys.is_empty() {
      "not priced (no token price applies to this endpoint)".to_owned()
    } else {
      let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
      format!("not priced (no {} in the price list)", keys.join(" or "))
    });
  };
  if !entry.covers(region) {
    return Err(format!("not priced (`{key}` is not priced in {region})"));
  }
  match (entry.input_per_million, entry.output_per_million) {
    (Some(input), Some(output)) => Ok((input, output, Citation::of(key, entry))),
    _ => Err(entry.missing("token prices")),
  }
}

fn link_cost(prices: &Prices, name: &str, attributes: &Attributes, load: Load) -> LinkCost {
  let reserved = reserved(attributes).is_some();
  let mut link = LinkCost {
    endpoint: name.to_owned(),
    monthly: reserved.then_some(0.0),
    reserved,
    unpriced: None,
    citation: None,
  };
  if reserved {
    return link;
  }
  match token_price(prices, attributes) {
    Ok((input, output, citation)) => {
      link.monthly = Some(tokens(load, input, output));
      link.citation = Some(citation);
    }
    Err(why) => link.unpriced = Some(why),
  }
  link
}

/// The token prices of every endpoint in `endpoints` that is not reserved capacity.
fn token_prices(prices: &Prices, endpoints: &BTreeMap<String, Attributes>) -> Vec<TokenPrice> {
  endpoints
    .iter()
    .filter(|(_, a)| {
      reserved(a).is_none() && a.get("release").and_then(Value::as_bool) != Some(true)
    })
    .map(|(name, attributes)| {
      let (figures, unpriced, citation) = match token_price(prices, attributes) {
        Ok((input, output, citation)) => (Some((input, output)), None, Some(citation)),
        Err(why) => (None, Some(why), None),
      };
      TokenPrice {
        endpoint: name.clone(),
        cloud: text(attributes, "cloud").to_owned(),
        region: text(attributes, "region").to_owned(),
        model: text(attributes, "model").to_owned(),
        offer: match text(attributes, "sku") {
          "" => "on demand".to_owned(),
          sku => sku.to_owned(),
        },
        input_per_million: figures.map(|f| f.0),
        output_per_million: figures.map(|f| f.1),
        unpriced,
        citation,
      }
    })
    .collect()
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

/// A summary's endpoints, each as its recorded attributes.
fn section(summary: &Summary) -> BTreeMap<String, Attributes> {
  summary.endpoint_attributes()
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
  let new = &section(after);
  let old = before.map(section);
  let old = old.as_ref();
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
      unpriced: unpriced.clone(),
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
        ends: today.add_months(r.months).to_string(),
        reason,
        unpriced: price.is_none().then_some(unpriced).flatten(),
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
    tokens: token_prices(prices, new),
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
