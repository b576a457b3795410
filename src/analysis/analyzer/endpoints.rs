//! `endpoints:` — one model on one cloud in one region, with its capacity.

use std::collections::BTreeMap;

use super::Settings;
use super::clouds::{Clouds, read_region};
use super::reader::{Fields, Reader};
use crate::analysis::blueprint::{
  AwsModel, AzureDeployment, Endpoint, EndpointKind, GcpModel, Throughput,
};
use crate::analysis::catalog::{self, Problem, ProblemKind};
use crate::analysis::cloud::{AzureSku, Cloud, Commitment};
use crate::analysis::models;
use crate::analysis::suggest;
use crate::input::diagnostic::{Diagnostic, Severity};
use crate::input::name::Name;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// The keys of an endpoint on every cloud, then each cloud's own; the editor schema and the
/// blueprint reference are generated from these tables.
pub(crate) const COMMON: &[&str] = &[
  "cloud",
  "region",
  "model",
  "unlisted",
  "moved_from",
  "adopt",
  "release",
];
pub(crate) const AZURE: &[&str] = &["version", "sku", "capacity"];
pub(crate) const AWS: &[&str] = &["throughput", "capacity", "commitment"];
pub(crate) const GCP: &[&str] = &["dedicated"];

/// `throughput:` values of a Bedrock endpoint: whether it buys provisioned model units.
pub(crate) const THROUGHPUT: [(&str, bool); 2] = [("on_demand", false), ("provisioned", true)];

pub(crate) fn options(cloud: Cloud) -> &'static [&'static str] {
  match cloud {
    Cloud::Azure => AZURE,
    Cloud::Aws => AWS,
    Cloud::Gcp => GCP,
  }
}

/// Largest capacity accepted: far above any real quota, low enough to catch a stray digit.
pub(crate) const MAX_CAPACITY: u32 = 100_000;

pub(crate) fn read(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  clouds: &Clouds,
  settings: &Settings,
) -> (BTreeMap<Name, Endpoint>, Vec<Name>) {
  let mut endpoints = BTreeMap::new();
  let mut released = Vec::new();
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!(
          "expected a mapping of endpoint names, found {}",
          node.kind()
        ),
      )
      .help("write `endpoints:` followed by `<name>: {cloud: ..., model: ...}` entries"),
    );
    return (endpoints, released);
  };
  if entries.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "no endpoint is defined").help("add at least one endpoint"),
    );
  }
  for (key, value) in entries {
    let entry_path = path.key(key);
    let name = super::check_name(reader, key, &entry_path, "the endpoint name", true);
    if let Some((endpoint, release)) =
      read_endpoint(reader, value, &entry_path, clouds, name.as_ref(), settings)
    {
      if release {
        released.push(endpoint.name.clone());
      }
      endpoints.insert(endpoint.name.clone(), endpoint);
    }
  }
  super::lifecycle::check_moves(reader, &endpoints);
  (endpoints, released)
}

fn read_endpoint(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  clouds: &Clouds,
  name: Option<&Name>,
  settings: &Settings,
) -> Option<(Endpoint, bool)> {
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("expected a mapping, found {}", node.kind()),
      )
      .help("an endpoint is a mapping such as `{cloud: azure, model: gpt-5.1}`"),
    );
    return None;
  };
  let fields = Fields {
    path: path.clone(),
    entries,
  };
  let cloud = reader.required(&fields, "cloud", "azure").and_then(|node| {
    let choices: Vec<(&str, Cloud)> = Cloud::ALL.iter().map(|c| (c.key(), *c)).collect();
    reader.choice(node, &fields.path("cloud"), &choices)
  });

  // Keys: common ones, the chosen cloud's options, and a precise message for another cloud's.
  let allowed: Vec<&str> = match cloud {
    Some(cloud) => COMMON.iter().chain(options(cloud)).copied().collect(),
    None => COMMON
      .iter()
      .chain(AZURE)
      .chain(AWS)
      .chain(GCP)
      .copied()
      .collect(),
  };
  for (key, _) in entries {
    if allowed.contains(&key.as_str()) {
      continue;
    }
    let owner = Cloud::ALL
      .into_iter()
      .find(|c| options(*c).contains(&key.as_str()));
    match (owner, cloud) {
      (Some(owner), Some(cloud)) => reader.report(
        Diagnostic::error(
          fields.path(key),
          format!("`{key}` applies only to {owner} endpoints; this endpoint is on {cloud}"),
        )
        .at_key()
        .help(format!(
          "{cloud} endpoints take {}",
          suggest::list(options(cloud).iter().copied())
        )),
      ),
      _ => reader.unknown_key(&fields.path(key), key, "an endpoint", &allowed),
    }
  }

  let cloud = cloud?;
  let home = clouds.home_region(cloud);
  if home.is_none() && !clouds.broken.contains(&cloud) {
    let configured = clouds.configured();
    let help = if configured.is_empty() {
      format!("add `clouds.{cloud}` with its region and cidr")
    } else {
      format!(
        "add `clouds.{cloud}` with its region and cidr, or use a configured cloud: {}",
        suggest::list(configured.iter().map(|c| c.key()))
      )
    };
    reader.report(
      Diagnostic::error(
        fields.path("cloud"),
        format!("the endpoint uses {cloud}, but `clouds.{cloud}` is not configured"),
      )
      .help(help),
    );
  }
  let region = match fields.get("region") {
    Some(node) => read_region(reader, node, &fields.path("region"), cloud, home),
    None => home.map(str::to_owned),
  };
  let model = reader
    .required(&fields, "model", example_model(cloud))
    .and_then(|node| read_model(reader, node, &fields.path("model")));
  let unlisted = match fields.get("unlisted") {
    Some(node) => reader
      .boolean(node, &fields.path("unlisted"))
      .unwrap_or(false),
    None => false,
  };

  let kind = match cloud {
    Cloud::Azure => read_azure(reader, &fields, model.as_deref()).map(EndpointKind::Azure),
    Cloud::Aws => {
      read_aws(reader, &fields, model.as_deref(), region.as_deref()).map(EndpointKind::Aws)
    }
    Cloud::Gcp => {
      read_gcp(reader, &fields, model.as_deref(), region.as_deref()).map(EndpointKind::Gcp)
    }
  };
  let lifecycle = super::lifecycle::read(reader, &fields);
  if let (Some(model), Some(region), Some(kind)) = (&model, &region, &kind)
    && !lifecycle.release
  {
    // A released endpoint leaves management: a retired model must not stop its release.
    check_catalog(reader, &fields, model, region, kind, unlisted, settings);
  }
  let endpoint = Endpoint {
    name: name?.clone(),
    region: region?,
    model: model?,
    kind: kind?,
    private: true,
    moved_from: lifecycle.moved_from,
    adopt: lifecycle.adopt,
  };
  let project = clouds.gcp.as_ref().map(|g| g.project.as_str());
  super::lifecycle::check_adopt(reader, &fields.path("adopt"), &endpoint, project);
  Some((endpoint, lifecycle.release))
}

fn example_model(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => "gpt-5.1",
    Cloud::Aws => "amazon.nova-pro-v1:0",
    Cloud::Gcp => "gemini-2.5-flash",
  }
}

/// Model ids of all three clouds use letters, digits and `.`, `-`, `_`, `:`, `@`, `/`.
fn read_model(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<String> {
  let text = reader.string(node, path)?;
  let length = text.chars().count();
  let bad = text
    .chars()
    .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '@' | '/')));
  if (1..=128).contains(&length) && bad.is_none() {
    return Some(text.to_owned());
  }
  let why = match bad {
    Some(c) => format!("contains {c:?}"),
    None => format!("is {length} characters long"),
  };
  reader.report(
    Diagnostic::error(path.clone(), format!("the model id {text:?} {why}"))
      .help("model ids are 1 to 128 letters, digits and `.-_:@/`, e.g. `gpt-5.1`, `amazon.nova-pro-v1:0`, `gemini-2.5-flash`"),
  );
  None
}

fn read_azure(
  reader: &mut Reader,
  fields: &Fields<'_>,
  model: Option<&str>,
) -> Option<AzureDeployment> {
  let version = fields.get("version").and_then(|node| {
    let path = fields.path("version");
    let text = reader.string(node, &path)?;
    let ok = !text.is_empty()
      && text.len() <= 32
      && text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
    if !ok {
      reader.report(
        Diagnostic::error(path, format!("{text:?} is not a model version"))
          .help("Azure OpenAI model versions look like \"2025-04-14\"; quote them"),
      );
      return None;
    }
    Some(text.to_owned())
  });
  let sku = match fields.get("sku") {
    Some(node) => {
      let choices: Vec<(&str, AzureSku)> = AzureSku::ALL.iter().map(|s| (s.as_str(), *s)).collect();
      reader.choice(node, &fields.path("sku"), &choices)?
    }
    None => AzureSku::Standard,
  };
  // The model's own PTU rule when the catalog has it; a model that failed to read gets the
  // SKU's general rule, so capacity problems are still reported.
  let rule = match model {
    Some(model) => models::azure_ptu_rule(model, sku),
    None => sku.ptu_rule(),
  };
  let what = match model {
    Some(model) => format!("`{model}` on {}", sku.as_str()),
    None => sku.as_str().to_owned(),
  };
  let capacity = match (fields.get("capacity"), rule) {
    (Some(node), rule) => {
      let capacity = reader.integer(node, &fields.path("capacity"), 1, MAX_CAPACITY)?;
      if let Some((minimum, step)) = rule
        && (capacity < minimum || capacity % step != 0)
      {
        reader.report(
          Diagnostic::error(
            fields.path("capacity"),
            format!("{capacity} PTUs is not a valid {} capacity", sku.as_str()),
          )
          .help(format!(
            "{what} starts at {minimum} PTUs and grows in steps of {step}"
          )),
        );
        return None;
      }
      capacity
    }
    (None, Some((minimum, step))) => {
      reader.report(
        Diagnostic::error(
          fields.path.clone(),
          format!("a {} deployment needs `capacity`", sku.as_str()),
        )
        .help(format!(
          "add `capacity: {minimum}` (PTUs: at least {minimum}, in steps of {step})"
        )),
      );
      return None;
    }
    (None, None) => 10,
  };
  Some(AzureDeployment {
    version,
    sku,
    capacity,
  })
}

fn read_aws(
  reader: &mut Reader,
  fields: &Fields<'_>,
  model: Option<&str>,
  region: Option<&str>,
) -> Option<AwsModel> {
  let provisioned = match fields.get("throughput") {
    Some(node) => reader.choice(node, &fields.path("throughput"), &THROUGHPUT)?,
    None => false,
  };
  let profile = model.and_then(models::inference_profile);
  if let (Some((geo, _)), Some(region)) = (profile, region)
    && !models::geo_admits(geo, region)
  {
    reader.report(
      Diagnostic::error(
        fields.path("model"),
        format!(
          "the `{}.` inference profile cannot be invoked from {region}",
          geo.prefix
        ),
      )
      .help(format!(
        "invoke it from one of {}, or use the profile of this region's geography",
        suggest::list(geo.routes_to.unwrap_or_default().iter().copied())
      )),
    );
  }
  if !provisioned {
    for key in ["capacity", "commitment"] {
      if fields.get(key).is_some() {
        reader.report(
          Diagnostic::error(
            fields.path(key),
            format!("`{key}` applies only with `throughput: provisioned`"),
          )
          .at_key()
          .help("remove it, or set `throughput: provisioned` to buy model units"),
        );
      }
    }
    return Some(AwsModel {
      throughput: Throughput::OnDemand,
    });
  }
  if profile.is_some() {
    reader.report(
      Diagnostic::error(
        fields.path("model"),
        "provisioned throughput is bought for a foundation model, not an inference profile",
      )
      .help(
        "use the foundation model id without the geography prefix (e.g. `amazon.nova-pro-v1:0`)",
      ),
    );
    return None;
  }
  let units = match reader.required(fields, "capacity", "1") {
    Some(node) => reader.integer(node, &fields.path("capacity"), 1, MAX_CAPACITY),
    None => None,
  };
  let commitment = reader
    .required(fields, "commitment", "one_month")
    .and_then(|node| {
      let choices: Vec<(&str, Commitment)> =
        Commitment::ALL.iter().map(|c| (c.key(), *c)).collect();
      reader.choice(node, &fields.path("commitment"), &choices)
    });
  if commitment == Some(Commitment::None) {
    reader.report(
      Diagnostic::error(
        fields.path("commitment"),
        "Bedrock sells provisioned throughput for base models only with a commitment",
      )
      .help("use `one_month` or `six_months`; no-commitment purchases are for custom models"),
    );
    return None;
  }
  Some(AwsModel {
    throughput: Throughput::Provisioned {
      units: units?,
      commitment: commitment?,
    },
  })
}

fn read_gcp(
  reader: &mut Reader,
  fields: &Fields<'_>,
  model: Option<&str>,
  region: Option<&str>,
) -> Option<GcpModel> {
  let dedicated = match fields.get("dedicated") {
    Some(node) => reader.boolean(node, &fields.path("dedicated"))?,
    None => false,
  };
  if let (true, Some(location)) = (dedicated, region)
    && !crate::analysis::regions::is_network(Cloud::Gcp, location)
  {
    reader.report(
      Diagnostic::error(
        fields.path("dedicated"),
        format!("a dedicated endpoint runs in one region, not in Vertex AI's `{location}` location"),
      )
      .help(format!("give the endpoint a region (e.g. `region: us-central1`) for a dedicated endpoint; `{location}` serves Google's managed models only")),
    );
    return None;
  }
  if let (true, Some(model)) = (dedicated, model)
    && !models::vertex_deployable(model)
  {
    reader.report(
        Diagnostic::error(
          fields.path("dedicated"),
          format!("`{model}` is served by Google and cannot be deployed to a dedicated endpoint"),
        )
        .help("use `dedicated: false` (buy Vertex AI Provisioned Throughput for reserved capacity), or a Model Garden open model such as `gemma-3-12b-it` for a dedicated endpoint"),
      );
    return None;
  }
  if dedicated {
    // Issue 18: the dedicated endpoint Switchyard renders (google_vertex_ai_endpoint, with a
    // customer-managed key, Private Service Connect and an id the runtime files name) takes no
    // model, so a chain reaching it failed. google 6.50's only resource that deploys a model,
    // google_vertex_ai_endpoint_with_model_garden_deployment, creates an endpoint of its own
    // with neither the key nor Private Service Connect and an id known only after apply, so
    // no model can be deployed the way the rest of the blueprint needs.
    reader.report(
      Diagnostic::error(
        fields.path("dedicated"),
        "a dedicated endpoint would serve nothing: Switchyard cannot deploy a model onto it",
      )
      .help("remove `dedicated: true`: the hashicorp/google provider deploys a Model Garden model only onto an endpoint it creates itself, without the customer-managed key and Private Service Connect Switchyard's endpoint has; use a model Vertex AI serves (Gemini, partner models), or deploy the open model outside Switchyard"),
    );
    return None;
  }
  Some(GcpModel { dedicated })
}

/// What the catalog says about the endpoint's model in its region, SKU and version, as located
/// diagnostics. A model the catalog does not list is an error, or a warning on an endpoint
/// marked `unlisted: true` (or with `--allow-unlisted-models`), for models newer than the
/// catalog; retirement is judged against `settings.today` either way.
fn check_catalog(
  reader: &mut Reader,
  fields: &Fields<'_>,
  model: &str,
  region: &str,
  kind: &EndpointKind,
  unlisted: bool,
  settings: &Settings,
) {
  let catalog = match catalog::get() {
    Ok(catalog) => catalog,
    Err(error) => {
      reader.report(Diagnostic::error(fields.path("model"), error.to_string()));
      return;
    }
  };
  let (cloud, problems) = match kind {
    EndpointKind::Azure(deployment) => (
      Cloud::Azure,
      catalog::check_azure(
        catalog,
        model,
        deployment.version.as_deref(),
        deployment.sku,
        region,
        settings.today,
      ),
    ),
    EndpointKind::Aws(aws) => (
      Cloud::Aws,
      catalog::check_aws(
        catalog,
        model,
        region,
        matches!(aws.throughput, Throughput::Provisioned { .. }),
        settings.today,
      ),
    ),
    EndpointKind::Gcp(_) => (
      Cloud::Gcp,
      catalog::check_gcp(catalog, model, region, settings.today),
    ),
  };
  let listed = !problems.iter().any(|p| p.kind == ProblemKind::Unlisted);
  if unlisted && listed && !problems.iter().any(|p| p.kind == ProblemKind::Invalid) {
    reader.report(
      Diagnostic::warning(
        fields.path("unlisted"),
        format!("the catalog lists `{model}` as this endpoint uses it"),
      )
      .at_key()
      .help("remove `unlisted: true` so the catalog checks this endpoint again"),
    );
  }
  for problem in problems {
    reader.report(diagnostic(
      fields,
      problem,
      cloud,
      unlisted,
      settings,
      catalog.reviewed(cloud),
    ));
  }
}

fn diagnostic(
  fields: &Fields<'_>,
  problem: Problem,
  cloud: Cloud,
  unlisted: bool,
  settings: &Settings,
  reviewed: catalog::Date,
) -> Diagnostic {
  // A default (SKU, region, version) has no line of its own: point at the model.
  let key = if fields.get(problem.key).is_some() {
    problem.key
  } else {
    "model"
  };
  let (severity, help) = match problem.kind {
    ProblemKind::Unlisted if unlisted => (
      Severity::Warning,
      format!(
        "{}; accepted because the endpoint is marked `unlisted: true`",
        problem.help
      ),
    ),
    ProblemKind::Unlisted if settings.allow_unlisted => (
      Severity::Warning,
      format!(
        "{}; accepted because of --allow-unlisted-models",
        problem.help
      ),
    ),
    ProblemKind::Unlisted => (
      Severity::Error,
      format!(
        "{}; if the {cloud} catalog (reviewed {reviewed}) is behind, set `unlisted: true` on the endpoint or pass --allow-unlisted-models",
        problem.help
      ),
    ),
    ProblemKind::Retiring => (Severity::Warning, problem.help),
    ProblemKind::Invalid | ProblemKind::Retired => (Severity::Error, problem.help),
  };
  Diagnostic {
    severity,
    ..Diagnostic::error(fields.path(key), problem.message).help(help)
  }
}
