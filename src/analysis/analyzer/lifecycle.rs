//! `moved_from:`, `adopt:` and `release:`: an endpoint's life beyond one render — renamed
//! without replacing its cloud objects, adopted from objects that already exist, released
//! from management without destroying them. `plan::lifecycle` turns them into Terraform's
//! `moved`, `import` and `removed` blocks.

use std::collections::BTreeMap;

use super::reader::{Fields, Reader};
use crate::analysis::blueprint::{Endpoint, EndpointKind, Throughput, Workload};
use crate::analysis::cloud::Cloud;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::Name;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// The keys of one endpoint, as read.
#[derive(Default)]
pub(crate) struct Keys {
  pub(crate) moved_from: Option<Name>,
  pub(crate) adopt: Option<String>,
  pub(crate) release: bool,
}

pub(crate) fn read(reader: &mut Reader, fields: &Fields<'_>) -> Keys {
  let moved_from = fields.get("moved_from").and_then(|node| {
    super::read_name(
      reader,
      node,
      &fields.path("moved_from"),
      "the endpoint's former name",
    )
  });
  let adopt = fields
    .get("adopt")
    .and_then(|node| read_adopt(reader, node, &fields.path("adopt")));
  let release = match fields.get("release") {
    Some(node) => reader
      .boolean(node, &fields.path("release"))
      .unwrap_or(false),
    None => false,
  };
  if release && adopt.is_some() {
    reader.report(
      Diagnostic::error(
        fields.path("release"),
        "an endpoint cannot be adopted and released at once",
      )
      .help("remove `adopt:` (releasing leaves the object in the cloud) or `release: true`"),
    );
  }
  Keys {
    moved_from,
    adopt,
    release,
  }
}

/// A string, or for Bedrock provisioned throughput `{arn: ..., name: ...}`, kept as
/// `ARN name` for the per-cloud check below.
fn read_adopt(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<String> {
  match node {
    Node::Mapping(_) => {
      let fields = reader.mapping(node, path, "`adopt:`", &["arn", "name"])?;
      let arn = reader
        .required(
          &fields,
          "arn",
          "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abcd1234",
        )
        .and_then(|n| reader.string(n, &fields.path("arn")));
      let name = reader
        .required(&fields, "name", "support-chat-prod-nova")
        .and_then(|n| reader.string(n, &fields.path("name")));
      Some(format!("{} {}", arn?, name?))
    }
    other => reader.string(other, path).map(str::to_owned),
  }
}

/// What an adopted ID must look like on each cloud, checked against the endpoint it names.
pub(crate) fn check_adopt(
  reader: &mut Reader,
  path: &YamlPath,
  endpoint: &Endpoint,
  gcp_project: Option<&str>,
) {
  let Some(id) = &endpoint.adopt else {
    return;
  };
  let problem = match &endpoint.kind {
    EndpointKind::Azure(_) => azure_deployment(id).err(),
    EndpointKind::Aws(model) => match model.throughput {
      Throughput::OnDemand => Some(
        "an on-demand Bedrock endpoint has no cloud object of its own to adopt".to_owned(),
      ),
      Throughput::Provisioned { .. } => bedrock_throughput(id, &endpoint.region).err(),
    },
    EndpointKind::Gcp(model) if !model.dedicated => Some(
      "a Vertex AI publisher model has no endpoint of its own to adopt (only `dedicated: true` endpoints have one)"
        .to_owned(),
    ),
    EndpointKind::Gcp(_) => vertex_endpoint(id, gcp_project.unwrap_or(""), &endpoint.region).err(),
  };
  if let Some(problem) = problem {
    reader.report(Diagnostic::error(path.clone(), problem).help(example(endpoint.cloud())));
  }
}

fn example(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => {
      "an Azure OpenAI deployment ID: `/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<account>/deployments/<deployment>` (`az cognitiveservices account deployment show ... --query id`)"
    }
    Cloud::Aws => {
      "`adopt: {arn: arn:aws:bedrock:<region>:<account>:provisioned-model/<id>, name: <provisioned model name>}` (`aws bedrock list-provisioned-model-throughputs`)"
    }
    Cloud::Gcp => {
      "a Vertex AI endpoint's resource name: `projects/<project>/locations/<region>/endpoints/<number>`"
    }
  }
}

/// The parts of an Azure deployment ID.
pub(crate) struct AzureDeploymentId<'a> {
  pub(crate) subscription: &'a str,
  pub(crate) resource_group: &'a str,
  pub(crate) account: &'a str,
  pub(crate) deployment: &'a str,
}

/// `/subscriptions/S/resourceGroups/G/providers/Microsoft.CognitiveServices/accounts/A/deployments/D`,
/// the form azurerm's importer parses (segment names as Azure returns them).
pub(crate) fn azure_deployment(id: &str) -> Result<AzureDeploymentId<'_>, String> {
  let parts: Vec<&str> = id.split('/').collect();
  match parts.as_slice() {
    [
      "",
      "subscriptions",
      subscription,
      "resourceGroups",
      group,
      "providers",
      "Microsoft.CognitiveServices",
      "accounts",
      account,
      "deployments",
      deployment,
    ] if is_uuid(subscription)
      && !group.is_empty()
      && !account.is_empty()
      && !deployment.is_empty() =>
    {
      Ok(AzureDeploymentId {
        subscription,
        resource_group: group,
        account,
        deployment,
      })
    }
    _ => Err(format!("{id:?} is not an Azure OpenAI deployment ID")),
  }
}

fn is_uuid(text: &str) -> bool {
  let groups: Vec<&str> = text.split('-').collect();
  groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
    && groups
      .iter()
      .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `ARN NAME`: a provisioned-model ARN in the endpoint's region, and the throughput's name.
pub(crate) fn bedrock_throughput<'a>(
  adopt: &'a str,
  region: &str,
) -> Result<(&'a str, &'a str), String> {
  let (arn, name) = adopt
    .split_once(' ')
    .ok_or_else(|| "a provisioned throughput is adopted by its ARN and its name".to_owned())?;
  let not_arn = || format!("{arn:?} is not a Bedrock provisioned-model ARN");
  let parts: Vec<&str> = arn.splitn(6, ':').collect();
  let ["arn", partition, "bedrock", arn_region, account, resource] = parts.as_slice() else {
    return Err(not_arn());
  };
  let id = resource.strip_prefix("provisioned-model/").unwrap_or("");
  let well_formed = partition.starts_with("aws")
    && account.len() == 12
    && account.chars().all(|c| c.is_ascii_digit())
    && !id.is_empty()
    && id.chars().all(|c| c.is_ascii_alphanumeric());
  if !well_formed {
    return Err(not_arn());
  }
  if *arn_region != region {
    return Err(format!(
      "{arn:?} is in {arn_region}, the endpoint in {region}"
    ));
  }
  let name_valid = !name.is_empty()
    && name.len() <= 63
    && name
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
  if !name_valid {
    return Err(format!(
      "{name:?} is not a provisioned model name (1-63 letters, digits, `-`, `_`, `.`)"
    ));
  }
  Ok((arn, name))
}

/// `projects/P/locations/R/endpoints/N` in the blueprint's project and the endpoint's region.
pub(crate) fn vertex_endpoint(id: &str, project: &str, region: &str) -> Result<u64, String> {
  let parts: Vec<&str> = id.split('/').collect();
  match parts.as_slice() {
    ["projects", p, "locations", r, "endpoints", number] => {
      if *p != project {
        return Err(format!(
          "{id:?} is in project {p}, the blueprint in {project}"
        ));
      }
      if *r != region {
        return Err(format!("{id:?} is in {r}, the endpoint in {region}"));
      }
      number
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{id:?} does not end in an endpoint number"))
    }
    _ => Err(format!("{id:?} is not a Vertex AI endpoint resource name")),
  }
}

/// Released endpoints leave the blueprint's endpoints for `released`: they may be in no
/// failover chain, must own a cloud object to release, and an Azure one may not be the last
/// endpoint of its account (Azure deletes an account's deployments with it).
pub(crate) fn split_released(
  reader: &mut Reader,
  mut endpoints: BTreeMap<Name, Endpoint>,
  releases: &[Name],
  workloads: &BTreeMap<Name, Workload>,
) -> (BTreeMap<Name, Endpoint>, BTreeMap<Name, Endpoint>) {
  let mut released = BTreeMap::new();
  for name in releases {
    let Some(endpoint) = endpoints.remove(name) else {
      continue;
    };
    released.insert(name.clone(), endpoint);
  }
  for (name, endpoint) in &released {
    let path = YamlPath::root()
      .key("endpoints")
      .key(name.as_str())
      .key("release");
    for workload in workloads.values() {
      if let Some(position) = workload.failover.iter().position(|e| e == name) {
        reader.report(
          Diagnostic::error(
            YamlPath::root()
              .key("workloads")
              .key(workload.name.as_str())
              .key("failover")
              .index(position),
            format!("`{name}` is released (`release: true`) and can serve no workload"),
          )
          .help(format!(
            "remove `{name}` from the chain, or drop `release: true` to keep managing it"
          )),
        );
      }
    }
    let nothing = match &endpoint.kind {
      EndpointKind::Azure(_) => None,
      EndpointKind::Aws(model) if matches!(model.throughput, Throughput::OnDemand) => {
        Some("an on-demand Bedrock endpoint has no cloud object of its own to release")
      }
      EndpointKind::Gcp(model) if !model.dedicated => {
        Some("a Vertex AI publisher model has no cloud object of its own to release")
      }
      _ => None,
    };
    if let Some(nothing) = nothing {
      reader.report(
        Diagnostic::error(path.clone(), nothing)
          .help(format!("delete the endpoint `{name}` instead")),
      );
      continue;
    }
    if let EndpointKind::Azure(_) = endpoint.kind {
      let kept = endpoints
        .values()
        .any(|e| e.cloud() == Cloud::Azure && e.region == endpoint.region);
      if !kept {
        reader.report(
          Diagnostic::error(
            path.clone(),
            format!(
              "`{name}` is the last Azure endpoint in {}: its account would be destroyed, and Azure deletes the deployment with it",
              endpoint.region
            ),
          )
          .help("keep another Azure endpoint in that region while this one is released, or delete the endpoint and let the account go"),
        );
      }
    }
  }
  (endpoints, released)
}

/// `moved_from` names a former endpoint: not one that exists now, and not twice.
pub(crate) fn check_moves(reader: &mut Reader, endpoints: &BTreeMap<Name, Endpoint>) {
  let mut seen: BTreeMap<&Name, &Name> = BTreeMap::new();
  for endpoint in endpoints.values() {
    let Some(old) = &endpoint.moved_from else {
      continue;
    };
    let path = YamlPath::root()
      .key("endpoints")
      .key(endpoint.name.as_str())
      .key("moved_from");
    if endpoints.contains_key(old) {
      reader.report(
        Diagnostic::error(
          path.clone(),
          format!("`{old}` is an endpoint of this blueprint, not a former name"),
        )
        .help("`moved_from:` names what this endpoint was called before it was renamed"),
      );
    } else if let Some(other) = seen.insert(old, &endpoint.name) {
      reader.report(
        Diagnostic::error(path, format!("`{other}` was already renamed from `{old}`"))
          .help("one former endpoint can move to one new name"),
      );
    }
  }
}
