//! `workloads:` — an ordered failover chain of endpoints, whether it is private, and where its
//! requests may be processed. A chain is checked for data residency (an error when any endpoint
//! or inference profile may process requests outside the workload's jurisdiction) and for
//! capacity (a warning when an endpoint has less than half the capacity of one it backs up);
//! `parity` checks that the chain keeps serving the same model.

use std::collections::{BTreeMap, BTreeSet};

use super::reader::Reader;
use crate::analysis::blueprint::{Endpoint, EndpointKind, Throughput, Workload};
use crate::analysis::catalog::{self, Catalog, Geography};
use crate::analysis::cloud::AzureSku;
use crate::analysis::models;
use crate::analysis::suggest;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::Name;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// The keys of a workload; the editor schema and the blueprint reference are generated from it.
pub(crate) const KEYS: &[&str] = &[
  "failover",
  "model",
  "private",
  "residency",
  "expected",
  "budget",
];

/// `residency:` values.
pub(crate) fn residency_choices() -> Vec<(&'static str, Geography)> {
  Geography::ALL.iter().map(|g| (g.key(), *g)).collect()
}

pub(crate) fn read(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  endpoints: &BTreeMap<Name, Endpoint>,
  declared: &[String],
) -> BTreeMap<Name, Workload> {
  let mut workloads = BTreeMap::new();
  // Looked up once per chain entry: sets, so that long chains over many endpoints stay linear.
  let lookup = Lookup {
    declared: declared.iter().map(String::as_str).collect(),
    valid: endpoints.keys().map(|name| (name.as_str(), name)).collect(),
    listed: declared,
  };
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!(
          "expected a mapping of workload names, found {}",
          node.kind()
        ),
      )
      .help("write `workloads:` followed by `<name>: {failover: [endpoint, ...]}` entries"),
    );
    return workloads;
  };
  if entries.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "no workload is defined").help("add at least one workload"),
    );
  }
  for (key, value) in entries {
    let entry_path = path.key(key);
    let name = super::check_name(reader, key, &entry_path, "the workload name", true);
    let Some(fields) = reader.mapping(value, &entry_path, "a workload", KEYS) else {
      continue;
    };
    let private = match fields.get("private") {
      Some(node) => reader.boolean(node, &fields.path("private")),
      None => Some(true),
    };
    let residency = fields
      .get("residency")
      .and_then(|node| reader.choice(node, &fields.path("residency"), &residency_choices()));
    let model = fields.get("model").and_then(|node| {
      let path = fields.path("model");
      reader.string(node, &path).map(|m| (m, path))
    });
    let expected = fields
      .get("expected")
      .and_then(|node| super::cost::expected(reader, node, &fields.path("expected")));
    let budget = fields
      .get("budget")
      .and_then(|node| super::cost::budget(reader, node, &fields.path("budget")));
    let failover = reader
      .required(&fields, "failover", "[gpt-east, nova-use1]")
      .and_then(|node| read_chain(reader, node, &fields.path("failover"), &lookup));
    if let Some(chain) = &failover {
      let path = fields.path("failover");
      if let Some(geography) = residency {
        check_residency(reader, geography, chain, endpoints, &path);
      }
      check_capacity(reader, chain, endpoints, &path);
      super::parity::check(reader, model, chain, endpoints, &path);
    }
    if let (Some(name), Some(private), Some(failover)) = (name, private, failover) {
      workloads.insert(
        name.clone(),
        Workload {
          name,
          failover,
          private,
          expected,
          budget,
        },
      );
    }
  }
  workloads
}

/// The endpoint names a chain may use.
struct Lookup<'a> {
  /// Every name under `endpoints:`, valid or not.
  declared: BTreeSet<&'a str>,
  /// The endpoints that were read without problems.
  valid: BTreeMap<&'a str, &'a Name>,
  /// `declared` in file order, for suggestions.
  listed: &'a [String],
}

fn read_chain(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  lookup: &Lookup<'_>,
) -> Option<Vec<Name>> {
  let items = reader.sequence(
    node,
    path,
    "list the endpoints in failover order: `[primary, secondary, ...]`",
  )?;
  if items.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "the failover chain is empty")
        .help("list at least one endpoint; the first is the primary"),
    );
    return None;
  }
  let mut chain: Vec<Name> = Vec::with_capacity(items.len());
  let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
  let mut ok = true;
  for (index, item) in items.iter().enumerate() {
    let item_path = path.index(index);
    let Some(text) = reader.string(item, &item_path) else {
      ok = false;
      continue;
    };
    if let Some(first) = seen.get(text).copied() {
      reader.report(
        Diagnostic::error(
          item_path,
          format!("`{text}` is already in this chain at position {first}"),
        )
        .help("an endpoint appears once in a failover chain; remove the repeat"),
      );
      ok = false;
      continue;
    }
    seen.insert(text, seen.len());
    if !lookup.declared.contains(text) {
      let known = lookup.listed.iter().map(String::as_str);
      let help = match suggest::nearest(text, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if lookup.listed.is_empty() => "define the endpoint under `endpoints:`".to_owned(),
        None => format!("the endpoints are {}", suggest::list(known)),
      };
      reader
        .report(Diagnostic::error(item_path, format!("no endpoint is named `{text}`")).help(help));
      ok = false;
      continue;
    }
    // A declared endpoint with problems of its own is reported there, not here.
    match lookup.valid.get(text) {
      Some(name) => chain.push((*name).clone()),
      None => ok = false,
    }
  }
  ok.then_some(chain)
}

/// Decides each endpoint's privacy from the workloads that use it. An endpoint is public only
/// when every workload using it is public; one used by both kinds is an error, because public
/// network access is one switch on the cloud resource.
pub(crate) fn apply_privacy(
  reader: &mut Reader,
  mut endpoints: BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
  path: &YamlPath,
) -> BTreeMap<Name, Endpoint> {
  // Until the file is otherwise valid, a chain that failed to parse would make its endpoints
  // look unused.
  let has_errors = reader.problems.iter().any(Diagnostic::is_error);
  // The workloads using each endpoint, in workload order, from one pass over the chains.
  let mut users_of: BTreeMap<&Name, Vec<&Workload>> = BTreeMap::new();
  for workload in workloads.values() {
    for name in &workload.failover {
      users_of.entry(name).or_default().push(workload);
    }
  }
  for (name, endpoint) in &mut endpoints {
    let users: &[&Workload] = users_of.get(name).map_or(&[], Vec::as_slice);
    if users.is_empty() && !has_errors {
      reader.report(
        Diagnostic::warning(
          YamlPath::root().key("endpoints").key(name.as_str()),
          format!("endpoint `{name}` is in no workload's failover chain"),
        )
        .at_key()
        .help("it is still rendered (private); add it to a workload or remove it"),
      );
      continue;
    }
    let public: Vec<&Workload> = users.iter().copied().filter(|w| !w.private).collect();
    if !public.is_empty() && public.len() != users.len() {
      let private = users
        .iter()
        .find(|w| w.private)
        .map(|w| w.name.as_str())
        .unwrap_or_default();
      let public_name = public.first().map(|w| w.name.as_str()).unwrap_or_default();
      reader.report(
        Diagnostic::error(
          path.key(public_name).key("private"),
          format!("endpoint `{name}` is used by private workload `{private}` and public workload `{public_name}`"),
        )
        .help("public network access is one setting per endpoint: make both workloads private, or give the public one its own endpoint"),
      );
    }
    endpoint.private = public.len() != users.len();
  }
  endpoints
}

/// Azure endpoints of one region share an account, and public network access is a setting of
/// the account: its endpoints must agree on privacy.
pub(crate) fn check_shared_accounts(reader: &mut Reader, endpoints: &BTreeMap<Name, Endpoint>) {
  // Per region, the first private and the first public endpoint so far (in name order): each
  // endpoint conflicts with the first earlier one of the other kind, if any.
  let mut first: BTreeMap<(&str, bool), &Endpoint> = BTreeMap::new();
  let azure = endpoints
    .values()
    .filter(|e| e.cloud() == crate::analysis::cloud::Cloud::Azure);
  for endpoint in azure {
    let region = endpoint.region.as_str();
    first.entry((region, endpoint.private)).or_insert(endpoint);
    if let Some(other) = first.get(&(region, !endpoint.private)).copied() {
      let (private, public) = if endpoint.private {
        (endpoint, other)
      } else {
        (other, endpoint)
      };
      reader.report(
        Diagnostic::error(
          YamlPath::root().key("endpoints").key(endpoint.name.as_str()),
          format!(
            "Azure endpoints `{}` (private) and `{}` (public) share the Azure OpenAI account of {}",
            private.name, public.name, endpoint.region
          ),
        )
        .at_key()
        .help("an account is either private or public; put the public endpoint in another region or make its workloads private"),
      );
    }
  }
}

/// Where an endpoint may process a request: some regions, or anywhere.
enum Reach {
  Regions(Vec<String>),
  Anywhere,
}

/// The regions an endpoint's requests may be processed in, and how to say why.
fn reach(endpoint: &Endpoint, catalog: &Catalog) -> (Reach, String) {
  let here = || Reach::Regions(vec![endpoint.region.clone()]);
  match &endpoint.kind {
    EndpointKind::Azure(deployment) => match deployment.sku {
      AzureSku::GlobalStandard | AzureSku::GlobalProvisionedManaged => (
        Reach::Anywhere,
        format!(
          "a {} deployment processes requests in any region Azure offers the model in",
          deployment.sku.as_str()
        ),
      ),
      AzureSku::DataZoneStandard | AzureSku::DataZoneProvisionedManaged => {
        let zones = &catalog.azure.geographies;
        match zones.of(&endpoint.region) {
          Some(zone) => (
            Reach::Regions(zones.regions(zone).to_vec()),
            format!(
              "a {} deployment processes requests anywhere in the data zone of {}",
              deployment.sku.as_str(),
              endpoint.region
            ),
          ),
          None => (
            Reach::Anywhere,
            format!(
              "{} belongs to no data zone Switchyard knows",
              endpoint.region
            ),
          ),
        }
      }
      AzureSku::Standard | AzureSku::ProvisionedManaged => {
        (here(), format!("it runs in {}", endpoint.region))
      }
    },
    EndpointKind::Aws(_) => match models::inference_profile(&endpoint.model) {
      Some((geo, _)) => match geo.routes_to {
        Some(routes) => (
          Reach::Regions(routes.iter().map(|r| (*r).to_owned()).collect()),
          format!(
            "its `{}.` inference profile routes to {}",
            geo.prefix,
            routes.join(", ")
          ),
        ),
        None => (
          Reach::Anywhere,
          format!(
            "its `{}.` inference profile routes to any commercial region",
            geo.prefix
          ),
        ),
      },
      None => (here(), format!("it runs in {}", endpoint.region)),
    },
    EndpointKind::Gcp(_) => (here(), format!("it runs in {}", endpoint.region)),
  }
}

/// Every endpoint of the chain must process requests inside the workload's jurisdiction.
fn check_residency(
  reader: &mut Reader,
  geography: Geography,
  chain: &[Name],
  endpoints: &BTreeMap<Name, Endpoint>,
  path: &YamlPath,
) {
  let Ok(catalog) = catalog::get() else {
    return;
  };
  for (index, name) in chain.iter().enumerate() {
    let Some(endpoint) = endpoints.get(name) else {
      continue;
    };
    let allowed = catalog.geographies(endpoint.cloud()).regions(geography);
    let (reach, why) = reach(endpoint, catalog);
    let outside: Vec<&str> = match &reach {
      Reach::Anywhere => Vec::new(),
      Reach::Regions(regions) => regions
        .iter()
        .map(String::as_str)
        .filter(|r| !allowed.iter().any(|a| a == r))
        .collect(),
    };
    if matches!(reach, Reach::Regions(_)) && outside.is_empty() {
      continue;
    }
    let fix = match &endpoint.kind {
      EndpointKind::Azure(_) => format!(
        "use a Standard, ProvisionedManaged or DataZone SKU in a region of {}",
        geography.name()
      ),
      EndpointKind::Aws(_) => format!(
        "invoke the `{}.` inference profile, or the foundation model, from a region of {}",
        geography.key(),
        geography.name()
      ),
      EndpointKind::Gcp(_) => format!("use a region of {}", geography.name()),
    };
    reader.report(
      Diagnostic::error(
        path.index(index),
        format!(
          "endpoint `{name}` can process requests outside {} (`residency: {}`)",
          geography.name(),
          geography.key()
        ),
      )
      .help(format!(
        "{why}; {fix}: {}",
        suggest::list(allowed.iter().map(String::as_str))
      )),
    );
  }
}

/// An endpoint's capacity in a unit it can be compared in, where the catalog allows.
struct Capacity {
  /// Tokens per minute, or model units of one Bedrock model.
  unit: Option<String>,
  amount: u64,
  text: String,
}

fn capacity(endpoint: &Endpoint, catalog: &Catalog) -> Option<Capacity> {
  match &endpoint.kind {
    EndpointKind::Azure(deployment) if deployment.sku.ptu_rule().is_none() => Some(Capacity {
      unit: None,
      amount: u64::from(deployment.capacity) * 1000,
      text: format!("{}K tokens per minute", deployment.capacity),
    }),
    EndpointKind::Azure(deployment) => {
      let rules = catalog.azure.models.get(&endpoint.model)?.ptu.as_ref()?;
      let amount = u64::from(deployment.capacity) * u64::from(rules.input_tpm);
      Some(Capacity {
        unit: None,
        amount,
        text: format!(
          "{} PTUs, about {}K input tokens per minute",
          deployment.capacity,
          amount / 1000
        ),
      })
    }
    EndpointKind::Aws(aws) => match aws.throughput {
      Throughput::Provisioned { units, .. } => Some(Capacity {
        unit: Some(endpoint.model.clone()),
        amount: u64::from(units),
        text: format!(
          "{units} model unit{} of `{}`",
          if units == 1 { "" } else { "s" },
          endpoint.model
        ),
      }),
      Throughput::OnDemand => None,
    },
    EndpointKind::Gcp(_) => None,
  }
}

/// An endpoint takes the traffic of the endpoints before it when they fail: warn when it has
/// less than half the capacity of the largest comparable one. Pay-as-you-go and provisioned
/// Azure capacity compare in tokens per minute (PTUs through the catalog's input tokens per
/// minute per PTU); Bedrock model units only with model units of the same model; on-demand
/// Bedrock and Vertex endpoints have no declared capacity.
fn check_capacity(
  reader: &mut Reader,
  chain: &[Name],
  endpoints: &BTreeMap<Name, Endpoint>,
  path: &YamlPath,
) {
  let Ok(catalog) = catalog::get() else {
    return;
  };
  let capacities: Vec<Option<Capacity>> = chain
    .iter()
    .map(|name| endpoints.get(name).and_then(|e| capacity(e, catalog)))
    .collect();
  // The largest capacity so far, per unit (the first of equals): one pass, so a chain of
  // 20,000 links costs 20,000 steps, not 200 million (issue 14).
  let mut largest: Vec<(&Name, &Capacity)> = Vec::new();
  for ((index, later), name) in capacities.iter().enumerate().zip(chain) {
    let Some(later) = later else {
      continue;
    };
    let earlier = largest.iter().find(|(_, c)| c.unit == later.unit).copied();
    match largest.iter_mut().find(|(_, c)| c.unit == later.unit) {
      Some(best) if best.1.amount >= later.amount => {}
      Some(best) => *best = (name, later),
      None => largest.push((name, later)),
    }
    let Some((earlier_name, earlier)) = earlier else {
      continue;
    };
    if later.amount.saturating_mul(2) >= earlier.amount {
      continue;
    }
    reader.report(Diagnostic::warning(
        path.index(index),
        format!(
          "`{name}` ({}) has less than half the capacity of `{earlier_name}` ({}), which it backs up",
          later.text, earlier.text
        ),
      )
      .help(format!(
        "when `{earlier_name}` fails, `{name}` receives its traffic; raise the capacity of `{name}`, or accept that this failover sheds load"
      )));
  }
}
