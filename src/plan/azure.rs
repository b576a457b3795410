//! Azure: one resource group and VNet in the home region; per region used, an Azure OpenAI
//! account with its own customer-managed key vault, reached through a private endpoint in the
//! home VNet; one deployment per endpoint, serialised per account. Models that need a Microsoft
//! Foundry resource (gpt-oss-120b) get a second account of kind `AIServices` in their region,
//! built the same way, whose private endpoint answers in the three zones such an account uses.

use serde::Serialize;

use crate::addressing::{self, AzureLayout};
use crate::blueprint::{Blueprint, Endpoint, EndpointKind};
use crate::catalog::AzureAccount;
use crate::cloud::Cloud;
use crate::error::Error;
use crate::graph::{Graph, Kind};
use crate::models;
use crate::naming::{self, fit};
use crate::plan::mesh::{self, Topology};

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
  /// Private endpoint names are 2-64 characters, interface names up to 80.
  fn for_target(target: &str) -> Self {
    Self {
      name: fit(&format!("pe-{target}"), 64),
      nic: fit(&format!("nic-pe-{target}"), 80),
      connection: fit(&format!("psc-{target}"), 80),
    }
  }
}

#[derive(Serialize)]
pub(crate) struct Deployment {
  pub(crate) label: String,
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
}

/// What tells a Foundry account's names from the Azure OpenAI account's of the same region.
fn scope_suffix(account: AzureAccount) -> &'static str {
  match account {
    AzureAccount::OpenAi => "",
    AzureAccount::AiServices => "/ai-services",
  }
}

/// Key Vault names: 3-24 letters, digits and single hyphens, globally unique.
fn vault_name(blueprint: &Blueprint, region: &str, account: AzureAccount) -> String {
  let mut short: String = blueprint.name.as_str().chars().take(8).collect();
  while short.contains("--") {
    short = short.replace("--", "-");
  }
  let short = short.trim_end_matches('-');
  let scope = format!(
    "{}/azure/{region}{}",
    naming::scope(blueprint),
    scope_suffix(account)
  );
  format!("kv-{short}-{}", naming::hex(&scope, 10))
}

/// Account names double as the `<name>.openai.azure.com` subdomain (a Foundry account's also
/// `<name>.cognitiveservices.azure.com`): a DNS label of at most 63 characters, globally unique,
/// so they end in a hash of the blueprint's scope.
pub(crate) fn account_name(blueprint: &Blueprint, region: &str, account: AzureAccount) -> String {
  let scope = format!(
    "{}/azure/{region}{}",
    naming::scope(blueprint),
    scope_suffix(account)
  );
  let hash = naming::hex(&scope, 6);
  let prefix = match account {
    AzureAccount::OpenAi => "oai",
    AzureAccount::AiServices => "ais",
  };
  let head = fit(
    &format!("{prefix}-{}-{region}", naming::stem(blueprint)),
    63 - 7,
  );
  format!("{}-{hash}", head.trim_end_matches('-'))
}

/// The kind of account an Azure endpoint is deployed on.
pub(crate) fn account_of(endpoint: &Endpoint) -> AzureAccount {
  models::azure_deployment(&endpoint.model).0
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

/// The domain callers reach an account of `kind` on.
pub(crate) fn domain(kind: AzureAccount) -> &'static str {
  match kind {
    AzureAccount::OpenAi => "openai.azure.com",
    AzureAccount::AiServices => "cognitiveservices.azure.com",
  }
}

pub(crate) fn context(blueprint: &Blueprint, graph: &Graph) -> Result<AzureContext, Error> {
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
        name: endpoint.name.to_string(),
        model: endpoint.model.clone(),
        format: models::azure_deployment(&endpoint.model).1,
        version: deployment.version.clone(),
        sku: deployment.sku.as_str(),
        capacity: deployment.capacity,
        after: previous_deployment(graph, endpoint.name.as_str()),
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
      project: foundry.then(|| fit(&format!("proj-{stem}-{region}"), 64)),
      endpoint: PrivateEndpointNames::for_target(&name),
      vault_endpoint: PrivateEndpointNames::for_target(&vault),
      name,
      vault,
      private: endpoints.iter().any(|e| e.private),
      region,
      deployments,
    });
  }
  let topology = Topology::of(blueprint);
  let aws_resolver = mesh::aws::resolver_addresses(blueprint, &topology)?;
  Ok(AzureContext {
    vpn: mesh::azure::vpn(&stem, &topology),
    dns: mesh::azure::dns(blueprint, &stem, &layout, &topology, &aws_resolver)?,
    location: cloud.region.clone(),
    subscription_id: cloud.subscription_id.clone(),
    resource_group: fit(&format!("rg-{stem}"), 90),
    vnet: fit(&format!("vnet-{stem}"), 64),
    nsg: fit(&format!("nsg-{stem}-private-endpoints"), 80),
    identity: fit(&format!("id-{stem}-callers"), 128),
    workspace: fit(&format!("log-{stem}"), 63),
    layout,
    accounts: planned,
  })
}

/// The deployment that the graph puts before `endpoint` on the same account.
fn previous_deployment(graph: &Graph, endpoint: &str) -> Option<String> {
  let index = graph.find(Cloud::Azure, Kind::Deployment, endpoint)?;
  graph
    .dependencies(index)
    .into_iter()
    .find(|unit| unit.kind == Kind::Deployment)
    .and_then(|unit| unit.qualifier.as_deref())
    .map(|name| name.replace('-', "_"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  #[test]
  fn gpt_oss_gets_a_foundry_account_beside_the_azure_openai_one() {
    // Issue 13: gpt-oss-120b needs a Foundry (AIServices) account; gpt-5.4 stays on OpenAI's.
    let bp = blueprint(
      "version: 1\nname: foundry\nenvironment: prod\nclouds: {azure: {region: eastus2, cidr: 10.0.0.0/16}}\nendpoints:\n  gpt: {cloud: azure, model: gpt-5.4, sku: GlobalStandard}\n  oss: {cloud: azure, model: gpt-oss-120b, sku: GlobalStandard}\nworkloads: {ww: {failover: [gpt, oss]}}\n",
    );
    let azure = context(&bp, &crate::graph::build(&bp)).unwrap();
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
      "version: 1\nname: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwx\nclouds: {azure: {region: eastus2, cidr: 10.0.0.0/16}}\nendpoints: {aa: {cloud: azure, model: gpt-4.1}}\nworkloads: {ww: {failover: [aa]}}\n",
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
