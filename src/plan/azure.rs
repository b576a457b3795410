//! Azure: one resource group and VNet in the home region; per region used, an Azure OpenAI
//! account with its own customer-managed key vault, reached through a private endpoint in the
//! home VNet; one deployment per endpoint, serialised per account. Models that need a Microsoft
//! Foundry resource (gpt-oss-120b) get a second account of kind `AIServices` in their region,
//! built the same way, whose private endpoint answers in the three zones such an account uses.

use serde::Serialize;

use crate::analysis::addressing::{self, AzureLayout};
use crate::analysis::blueprint::{Blueprint, EndpointKind};
use crate::analysis::catalog::AzureAccount;
use crate::analysis::cloud::Cloud;
use crate::analysis::models;
use crate::input::error::Error;
use crate::plan::graph::{Graph, UnitKind};
use crate::plan::mesh;
use crate::plan::naming::azure::{account_name, account_of, domain, resource_group, scope_suffix};
use crate::plan::naming::{self, fit};
use crate::plan::topology::Topology;

// Azure name limits, in characters (Naming rules and restrictions for Azure resources,
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
// A derived name longer than its limit is shortened with a hash by `naming::fit`. The
// account and resource group limits live with those names, in `naming::azure`.

/// Virtual networks: 2-64.
const VNET_NAME_MAX: usize = 64;
/// Subnets and network security groups: 1-80.
const SUBNET_NAME_MAX: usize = 80;
const NSG_NAME_MAX: usize = 80;
/// Private endpoints: 2-64.
const PRIVATE_ENDPOINT_NAME_MAX: usize = 64;
/// Network interfaces: 1-80; a private endpoint's connection is kept to the same length.
const NIC_NAME_MAX: usize = 80;
const CONNECTION_NAME_MAX: usize = 80;
/// User-assigned managed identities: 3-128.
const IDENTITY_NAME_MAX: usize = 128;
/// Log Analytics workspaces: 4-63.
const WORKSPACE_NAME_MAX: usize = 63;
/// A Foundry account's project.
const PROJECT_NAME_MAX: usize = 64;
/// Key Vaults: 3-24, globally unique. A vault name is `kv-`, the first `VAULT_STEM` characters
/// of the blueprint's name, `-` and `VAULT_HASH` hex digits: 22 at most.
const VAULT_NAME_MAX: usize = 24;
const VAULT_STEM: usize = 8;
const VAULT_HASH: usize = 10;
const _: () = assert!("kv-".len() + VAULT_STEM + 1 + VAULT_HASH <= VAULT_NAME_MAX);

#[derive(Serialize)]
pub(crate) struct AzureContext {
  pub(crate) location: String,
  pub(crate) subscription_id: Option<String>,
  pub(crate) resource_group: String,
  pub(crate) vnet: String,
  pub(crate) nsg: String,
  pub(crate) identity: String,
  pub(crate) workspace: String,
  pub(crate) layout: AzureLayout,
  pub(crate) accounts: Vec<Account>,
  /// The VPN gateway and its connections, when Azure is in the mesh.
  pub(crate) vpn: Option<mesh::azure::AzureVpn>,
  /// The DNS Private Resolver and its forwarding rules, when Azure forwards names.
  pub(crate) dns: Option<mesh::azure::AzureDns>,
  /// The subnet callers run in, when a workload's primary is on Azure (issue 18).
  pub(crate) callers: Option<Callers>,
}

#[derive(Serialize)]
pub(crate) struct Callers {
  pub(crate) cidr: ipnet::Ipv4Net,
  pub(crate) subnet: String,
  pub(crate) nsg: String,
}

/// The callers' subnet: where the blueprint says (`clouds.azure.callers`), else the fourth /24,
/// whenever callers live on Azure, that is, some workload's primary is an Azure endpoint.
fn callers(blueprint: &Blueprint, stem: &str) -> Option<Callers> {
  let cloud = blueprint.azure.as_ref()?;
  let primary_here = blueprint.workloads.values().any(|w| {
    w.failover
      .first()
      .and_then(|name| blueprint.endpoints.get(name))
      .is_some_and(|e| e.cloud() == Cloud::Azure)
  });
  if !primary_here {
    return None;
  }
  Some(Callers {
    cidr: cloud
      .callers
      .or_else(|| addressing::azure_callers(cloud.cidr))?,
    subnet: fit(&format!("snet-{stem}-callers"), SUBNET_NAME_MAX),
    nsg: fit(&format!("nsg-{stem}-callers"), NSG_NAME_MAX),
  })
}

#[derive(Serialize)]
pub(crate) struct Account {
  pub(crate) label: String,
  pub(crate) region: String,
  /// The account's `kind`: `OpenAI`, or `AIServices` for a Microsoft Foundry resource.
  pub(crate) kind: &'static str,
  /// Whether the account is a Foundry (`AIServices`) resource.
  pub(crate) foundry: bool,
  /// The domain of the host callers use: `<name>.openai.azure.com`, or for a Foundry resource
  /// `<name>.cognitiveservices.azure.com`.
  pub(crate) domain: &'static str,
  /// The key of the account in the `account_ids` output.
  pub(crate) output_key: String,
  /// The private DNS zones (Terraform labels) its private endpoint registers in.
  pub(crate) zones: Vec<&'static str>,
  /// The Foundry project a Foundry account's deployments need.
  pub(crate) project: Option<String>,
  /// Account name and custom subdomain (globally unique).
  pub(crate) name: String,
  pub(crate) private: bool,
  pub(crate) vault: String,
  /// Private endpoint, its network interface and its connection, for the account and the vault.
  pub(crate) endpoint: PrivateEndpointNames,
  pub(crate) vault_endpoint: PrivateEndpointNames,
  pub(crate) deployments: Vec<Deployment>,
}

#[derive(Serialize)]
pub(crate) struct PrivateEndpointNames {
  pub(crate) name: String,
  pub(crate) nic: String,
  pub(crate) connection: String,
}

impl PrivateEndpointNames {
  fn for_target(target: &str) -> Self {
    Self {
      name: fit(&format!("pe-{target}"), PRIVATE_ENDPOINT_NAME_MAX),
      nic: fit(&format!("nic-pe-{target}"), NIC_NAME_MAX),
      connection: fit(&format!("psc-{target}"), CONNECTION_NAME_MAX),
    }
  }
}

#[derive(Serialize)]
pub(crate) struct Deployment {
  pub(crate) label: String,
  /// The blueprint's endpoint.
  pub(crate) endpoint: String,
  /// The deployment's name in Azure (`deployment_name`).
  pub(crate) name: String,
  pub(crate) model: String,
  /// The deployment's `model.format`: `OpenAI`, or the catalog's (`OpenAI-OSS` for gpt-oss).
  pub(crate) format: String,
  pub(crate) version: Option<String>,
  pub(crate) sku: &'static str,
  pub(crate) capacity: u32,
  /// The deployment of the same account that must finish first (Azure takes one operation
  /// per account at a time); `None` for the first, which waits for the private endpoint.
  pub(crate) after: Option<String>,
  /// What follows `/openai/deployments/<name>/` in the invoke URL: the operation and the
  /// api-version.
  pub(crate) operation: String,
}

/// The Azure OpenAI data-plane inference API version of the invoke URLs and the router
/// configs: the latest dated GA version (learn.microsoft.com/azure/ai-foundry/openai/reference).
/// Newer GA features come with the versionless v1 API (`/openai/v1/`,
/// learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle), which names the
/// deployment in the request body instead of the URL; see docs/failover.md.
pub(crate) const API_VERSION: &str = "2024-10-21";

/// The invoke URL's operation for a model: chat completions, or embeddings for an embedding
/// model, with the api-version Azure requires on every data-plane call.
pub(crate) fn operation(model: &str) -> String {
  let path = if crate::analysis::models::is_embedding(model) {
    "embeddings"
  } else {
    "chat/completions"
  };
  format!("{path}?api-version={API_VERSION}")
}

/// Key Vault names: letters, digits and single hyphens, globally unique (`VAULT_NAME_MAX`).
fn vault_name(blueprint: &Blueprint, region: &str, account: AzureAccount) -> String {
  let mut short: String = blueprint
    .identity()
    .as_str()
    .chars()
    .take(VAULT_STEM)
    .collect();
  while short.contains("--") {
    short = short.replace("--", "-");
  }
  let short = short.trim_end_matches('-');
  let scope = format!(
    "{}/azure/{region}{}",
    naming::scope(blueprint),
    scope_suffix(account)
  );
  format!("kv-{short}-{}", naming::hex(&scope, VAULT_HASH))
}

/// The deployment's name in Azure: an adopted deployment keeps its own (the last segment of
/// its ID), a renamed one its former name.
fn deployment_name(endpoint: &crate::analysis::blueprint::Endpoint) -> String {
  endpoint
    .adopt
    .as_deref()
    .and_then(|id| crate::analysis::analyzer::lifecycle::azure_deployment(id).ok())
    .map_or_else(
      || endpoint.cloud_name().to_string(),
      |id| id.deployment.to_owned(),
    )
}

/// The Azure accounts of a blueprint: every region with endpoints, then the kinds its endpoints
/// need, in that order (an `OpenAI` account before a Foundry one).
pub(crate) fn accounts(blueprint: &Blueprint) -> Vec<(String, AzureAccount)> {
  let mut out = Vec::new();
  for region in blueprint.regions(Cloud::Azure) {
    for kind in AzureAccount::ALL {
      if blueprint
        .endpoints_of(Cloud::Azure)
        .any(|e| e.region == region && account_of(e) == kind)
      {
        out.push((region.clone(), kind));
      }
    }
  }
  out
}

pub(crate) fn context(
  blueprint: &Blueprint,
  graph: &Graph,
  topology: &Topology,
) -> Result<AzureContext, Error> {
  let cloud = blueprint
    .azure
    .as_ref()
    .ok_or_else(|| Error::internal("Azure endpoints without clouds.azure"))?;
  let layout = addressing::azure(cloud.cidr)
    .ok_or_else(|| Error::internal(format!("cannot carve {} for Azure", cloud.cidr)))?;
  let stem = naming::stem(blueprint);
  let mut planned = Vec::new();
  for (region, kind) in accounts(blueprint) {
    let endpoints: Vec<_> = blueprint
      .endpoints_of(Cloud::Azure)
      .filter(|e| e.region == region && account_of(e) == kind)
      .collect();
    let mut deployments = Vec::new();
    for endpoint in &endpoints {
      let EndpointKind::Azure(deployment) = &endpoint.kind else {
        continue;
      };
      deployments.push(Deployment {
        label: endpoint.name.label(),
        endpoint: endpoint.name.to_string(),
        name: deployment_name(endpoint),
        model: endpoint.model.clone(),
        format: models::azure_deployment(&endpoint.model).1,
        version: deployment.version.clone(),
        sku: deployment.sku.as_str(),
        capacity: deployment.capacity,
        after: previous_deployment(graph, endpoint.name.as_str()),
        operation: operation(&endpoint.model),
      });
    }
    let name = account_name(blueprint, &region, kind);
    let vault = vault_name(blueprint, &region, kind);
    let foundry = kind == AzureAccount::AiServices;
    planned.push(Account {
      label: if foundry {
        format!("{}_foundry", naming::region_label(&region))
      } else {
        naming::region_label(&region)
      },
      kind: kind.key(),
      foundry,
      domain: domain(kind),
      output_key: if foundry {
        format!("{region}/AIServices")
      } else {
        region.clone()
      },
      // A Foundry resource answers on cognitiveservices.azure.com, openai.azure.com and
      // services.ai.azure.com; its private endpoint registers in the privatelink zone of each
      // (https://learn.microsoft.com/azure/private-link/private-endpoint-dns, "AI + Machine
      // Learning": Microsoft.CognitiveServices/accounts, subresource `account`).
      zones: if foundry {
        vec!["cognitive_services", "openai", "ai_services"]
      } else {
        vec!["openai"]
      },
      project: foundry.then(|| fit(&format!("proj-{stem}-{region}"), PROJECT_NAME_MAX)),
      endpoint: PrivateEndpointNames::for_target(&name),
      vault_endpoint: PrivateEndpointNames::for_target(&vault),
      name,
      vault,
      private: endpoints.iter().any(|e| e.private),
      region,
      deployments,
    });
  }
  let aws_resolver = mesh::aws::resolver_addresses(blueprint, topology)?;
  Ok(AzureContext {
    vpn: mesh::azure::vpn(&stem, topology),
    dns: mesh::azure::dns(blueprint, &stem, &layout, topology, &aws_resolver)?,
    callers: callers(blueprint, &stem),
    location: cloud.region.clone(),
    subscription_id: cloud.subscription_id.clone(),
    resource_group: resource_group(blueprint),
    vnet: fit(&format!("vnet-{stem}"), VNET_NAME_MAX),
    nsg: fit(&format!("nsg-{stem}-private-endpoints"), NSG_NAME_MAX),
    identity: fit(&format!("id-{stem}-callers"), IDENTITY_NAME_MAX),
    workspace: fit(&format!("log-{stem}"), WORKSPACE_NAME_MAX),
    layout,
    accounts: planned,
  })
}

/// The deployment that the graph puts before `endpoint` on the same account.
fn previous_deployment(graph: &Graph, endpoint: &str) -> Option<String> {
  let index = graph.find(Cloud::Azure, UnitKind::Deployment, endpoint)?;
  graph
    .dependencies(index)
    .into_iter()
    .find(|unit| unit.kind == UnitKind::Deployment)
    .and_then(|unit| unit.qualifier.as_deref())
    .map(|name| name.replace('-', "_"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  fn of(bp: &Blueprint) -> Result<AzureContext, Error> {
    let topology = Topology::of(bp);
    context(bp, &crate::plan::graph::build(bp, &topology), &topology)
  }

  /// Issue 18: Azure had no subnet for callers at all.
  #[test]
  fn callers_get_a_subnet_where_a_primary_is_on_azure() {
    let base = "version: 1\nname: calls\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  use1: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n";
    let bp = blueprint(&format!(
      "{base}workloads: {{ww: {{failover: [az, use1]}}}}\n"
    ));
    let ctx = of(&bp).unwrap_or_else(|e| panic!("{e:?}"));
    let callers = ctx.callers.unwrap_or_else(|| panic!("no callers subnet"));
    assert_eq!(callers.cidr.to_string(), "10.10.3.0/24");
    assert_eq!(callers.subnet, "snet-calls-default-callers");

    let named = blueprint(&format!(
      "{}workloads: {{ww: {{failover: [az]}}}}\n",
      base.replace(
        "cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}",
        "cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718, callers: 10.10.64.0/20}"
      )
    ));
    let ctx = of(&named).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
      ctx.callers.map(|c| c.cidr.to_string()).as_deref(),
      Some("10.10.64.0/20")
    );

    // Callers of a chain that starts on AWS live in AWS.
    let bp = blueprint(&format!(
      "{base}workloads: {{ww: {{failover: [use1, az]}}}}\n"
    ));
    assert!(
      of(&bp)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .callers
        .is_none()
    );
  }

  /// Issue 18: two organisations with the same blueprint name and environment derive
  /// different worldwide-unique names, because each names its own subscription.
  #[test]
  fn same_blueprint_in_two_subscriptions_gets_distinct_global_names() {
    let text = |subscription: &str| {
      format!(
        "version: 1\nname: chat\nclouds: {{azure: {{region: eastus2, cidr: 10.0.0.0/16, subscription_id: {subscription}}}}}\nendpoints: {{aa: {{cloud: azure, model: gpt-4.1}}}}\nworkloads: {{ww: {{failover: [aa]}}}}\n"
      )
    };
    let ours = blueprint(&text("11111111-1111-4111-8111-111111111111"));
    let theirs = blueprint(&text("22222222-2222-4222-8222-222222222222"));
    assert_ne!(
      account_name(&ours, "eastus2", AzureAccount::OpenAi),
      account_name(&theirs, "eastus2", AzureAccount::OpenAi)
    );
    assert_ne!(
      vault_name(&ours, "eastus2", AzureAccount::OpenAi),
      vault_name(&theirs, "eastus2", AzureAccount::OpenAi)
    );
  }

  #[test]
  fn gpt_oss_gets_a_foundry_account_beside_the_azure_openai_one() {
    // Issue 13: gpt-oss-120b needs a Foundry (AIServices) account; gpt-5.4 stays on OpenAI's.
    let bp = blueprint(
      "version: 1\nname: foundry\nenvironment: prod\nclouds: {azure: {region: eastus2, cidr: 10.0.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}}\nendpoints:\n  gpt: {cloud: azure, model: gpt-5.4, sku: GlobalStandard}\n  oss: {cloud: azure, model: gpt-oss-120b, sku: GlobalStandard}\nworkloads: {ww: {failover: [gpt, oss]}}\n",
    );
    let azure = of(&bp).unwrap();
    let [openai, foundry] = azure.accounts.as_slice() else {
      panic!("two accounts expected");
    };
    assert_eq!((openai.kind, openai.foundry), ("OpenAI", false));
    assert_eq!(openai.zones, ["openai"]);
    assert_eq!(openai.deployments[0].format, "OpenAI");
    assert_eq!(openai.domain, "openai.azure.com");
    assert_eq!((foundry.kind, foundry.foundry), ("AIServices", true));
    assert_eq!(foundry.label, "eastus2_foundry");
    assert_eq!(
      foundry.zones,
      ["cognitive_services", "openai", "ai_services"]
    );
    assert_eq!(foundry.domain, "cognitiveservices.azure.com");
    assert_eq!(foundry.output_key, "eastus2/AIServices");
    assert!(foundry.project.is_some());
    let [oss] = foundry.deployments.as_slice() else {
      panic!("one deployment expected");
    };
    assert_eq!(
      (oss.name.as_str(), oss.format.as_str()),
      ("oss", "OpenAI-OSS")
    );
    assert_ne!(openai.name, foundry.name);
    assert_ne!(openai.vault, foundry.vault);
  }

  #[test]
  fn names_fit_azure_rules_and_differ_per_region() {
    let bp = blueprint(
      "version: 1\nname: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwx\nclouds: {azure: {region: eastus2, cidr: 10.0.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}}\nendpoints: {aa: {cloud: azure, model: gpt-4.1}}\nworkloads: {ww: {failover: [aa]}}\n",
    );
    let east = account_name(&bp, "southcentralus", AzureAccount::OpenAi);
    let west = account_name(&bp, "westus3", AzureAccount::OpenAi);
    let foundry = account_name(&bp, "westus3", AzureAccount::AiServices);
    assert!(east.len() <= 63 && west.len() <= 63, "{east} {west}");
    assert!(
      foundry.len() <= 63 && foundry.starts_with("ais-"),
      "{foundry}"
    );
    assert_ne!(east, west);
    assert_ne!(west, foundry);
    let vault = vault_name(&bp, "eastus2", AzureAccount::OpenAi);
    assert_ne!(vault, vault_name(&bp, "eastus2", AzureAccount::AiServices));
    assert!(
      (3..=24).contains(&vault.len()) && !vault.contains("--"),
      "{vault}"
    );
  }
}
