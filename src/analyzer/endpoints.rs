//! `endpoints:` — one model on one cloud in one region, with its capacity.

use std::collections::BTreeMap;

use super::clouds::{Clouds, read_region};
use super::reader::Reader;
use crate::blueprint::{AwsModel, AzureDeployment, Endpoint, EndpointKind, GcpModel, Throughput};
use crate::cloud::{AzureSku, Cloud, Commitment};
use crate::diagnostic::Diagnostic;
use crate::models;
use crate::name::Name;
use crate::node::Node;
use crate::suggest;
use crate::yaml_path::YamlPath;

const COMMON: &[&str] = &["cloud", "region", "model"];
const AZURE: &[&str] = &["version", "sku", "capacity"];
const AWS: &[&str] = &["throughput", "capacity", "commitment"];
const GCP: &[&str] = &["dedicated"];

fn options(cloud: Cloud) -> &'static [&'static str] {
  match cloud {
    Cloud::Azure => AZURE,
    Cloud::Aws => AWS,
    Cloud::Gcp => GCP,
  }
}

/// Largest capacity accepted: far above any real quota, low enough to catch a stray digit.
const MAX_CAPACITY: u32 = 100_000;

pub(crate) fn read(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  clouds: &Clouds,
) -> BTreeMap<Name, Endpoint> {
  let mut endpoints = BTreeMap::new();
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
    return endpoints;
  };
  if entries.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "no endpoint is defined").help("add at least one endpoint"),
    );
  }
  for (key, value) in entries {
    let entry_path = path.key(key);
    let name = super::check_name(reader, key, &entry_path, "the endpoint name", true);
    if let Some(endpoint) = read_endpoint(reader, value, &entry_path, clouds, name.as_ref()) {
      endpoints.insert(endpoint.name.clone(), endpoint);
    }
  }
  endpoints
}

fn read_endpoint(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  clouds: &Clouds,
  name: Option<&Name>,
) -> Option<Endpoint> {
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("expected a mapping, found {}", node.kind()),
      )
      .help("an endpoint is a mapping such as `{cloud: azure, model: gpt-4.1}`"),
    );
    return None;
  };
  let fields = super::reader::Fields {
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

  let kind = match cloud {
    Cloud::Azure => read_azure(reader, &fields).map(EndpointKind::Azure),
    Cloud::Aws => {
      read_aws(reader, &fields, model.as_deref(), region.as_deref()).map(EndpointKind::Aws)
    }
    Cloud::Gcp => read_gcp(reader, &fields, model.as_deref()).map(EndpointKind::Gcp),
  };
  Some(Endpoint {
    name: name?.clone(),
    region: region?,
    model: model?,
    kind: kind?,
    private: true,
  })
}

fn example_model(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => "gpt-4.1",
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
      .help("model ids are 1 to 128 letters, digits and `.-_:@/`, e.g. `gpt-4.1`, `amazon.nova-pro-v1:0`, `gemini-2.5-flash`"),
  );
  None
}

fn read_azure(reader: &mut Reader, fields: &super::reader::Fields<'_>) -> Option<AzureDeployment> {
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
  let capacity = match (fields.get("capacity"), sku.ptu_rule()) {
    (Some(node), rule) => {
      let capacity = reader.integer(node, &fields.path("capacity"), 1, MAX_CAPACITY)?;
      if let Some((minimum, step)) = rule {
        if capacity < minimum || capacity % step != 0 {
          reader.report(
            Diagnostic::error(
              fields.path("capacity"),
              format!("{capacity} PTUs is not a valid {} capacity", sku.as_str()),
            )
            .help(format!(
              "{} deployments start at {minimum} PTUs and grow in steps of {step}",
              sku.as_str()
            )),
          );
          return None;
        }
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
  fields: &super::reader::Fields<'_>,
  model: Option<&str>,
  region: Option<&str>,
) -> Option<AwsModel> {
  let provisioned = match fields.get("throughput") {
    Some(node) => reader.choice(
      node,
      &fields.path("throughput"),
      &[("on_demand", false), ("provisioned", true)],
    )?,
    None => false,
  };
  let profile = model.and_then(models::inference_profile);
  if let (Some((geo, _)), Some(region)) = (profile, region) {
    if !models::geo_admits(geo, region) {
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
  if let Some(model) = model {
    if models::provisioned_variant(model).is_none() {
      reader.report(
        Diagnostic::error(
          fields.path("model"),
          format!("Switchyard does not know a provisioned-throughput variant of `{model}`"),
        )
        .help(format!(
          "provisioned throughput is known for {}",
          suggest::list(models::provisionable_models())
        )),
      );
    }
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
  fields: &super::reader::Fields<'_>,
  model: Option<&str>,
) -> Option<GcpModel> {
  let dedicated = match fields.get("dedicated") {
    Some(node) => reader.boolean(node, &fields.path("dedicated"))?,
    None => false,
  };
  if let (true, Some(model)) = (dedicated, model) {
    if !models::vertex_deployable(model) {
      reader.report(
        Diagnostic::error(
          fields.path("dedicated"),
          format!("`{model}` is served by Google and cannot be deployed to a dedicated endpoint"),
        )
        .help("use `dedicated: false` (buy Vertex AI Provisioned Throughput for reserved capacity), or a Model Garden open model such as `gemma-3-12b-it` for a dedicated endpoint"),
      );
      return None;
    }
  }
  Some(GcpModel { dedicated })
}
