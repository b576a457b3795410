//! Which configuration changes make Terraform replace an object instead of updating it, and
//! which replacements and destructions a reviewer must see first.
//!
//! The provider schemas that `terraform providers schema -json` prints do not say which
//! arguments force a new resource (the providers' own code does: SDKv2 `ForceNew`, the plugin
//! framework's `RequiresReplace`), so the plan review keeps its own table for the types whose
//! loss matters — the stateful or expensive objects Switchyard renders — and a generic rule for
//! the rest. The table was read from the providers' schema code at the versions the rendered
//! `required_providers` admit (hashicorp/azurerm 4.79: `internal/services/<service>/
//! <type>_resource.go`; hashicorp/google 6.50: the generated `resource_<type>.go`;
//! hashicorp/aws 6.47: `internal/service/bedrock/provisioned_model_throughput.go`), where
//! `location` and `resource_group_name` come from the shared `commonschema` helpers, which mark
//! both ForceNew. The generic rule follows those providers' near-universal convention that the
//! arguments naming or placing a resource force a new one.
//!
//! This is a review aid, not a second `terraform plan`: `terraform plan` against the real state
//! has the last word, and `docs/gitops.md` says so. What it can see, it sees exactly: a renamed
//! Azure deployment (`name` is its identity in Azure) is a replacement here as there.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::gitops::tfdiff::{BlockKind, Object, ObjectAction, ObjectChange};

/// A resource type whose destruction loses something a reviewer must weigh.
struct Guarded {
  resource_type: &'static str,
  /// What goes with it, in a reviewer's terms.
  loses: &'static str,
  /// Arguments (`block.argument` for nested blocks) whose change forces a replacement.
  forces: &'static [&'static str],
}

const AZURE_PLACEMENT: &[&str] = &["name", "location", "resource_group_name"];

const GUARDED: &[Guarded] = &[
  Guarded {
    resource_type: "azurerm_cognitive_account",
    loses: "an AI account: its endpoint host name, keys and every deployment in it",
    forces: AZURE_PLACEMENT,
  },
  Guarded {
    resource_type: "azurerm_cognitive_deployment",
    loses: "a model deployment: traffic to it stops and its capacity returns to the quota pool",
    forces: &[
      "name",
      "cognitive_account_id",
      "model.format",
      "model.name",
      "sku.name",
      "sku.tier",
      "sku.size",
      "sku.family",
    ],
  },
  Guarded {
    resource_type: "azurerm_key_vault",
    loses: "a key vault with purge protection: its keys, and its name stays reserved while soft-deleted",
    forces: AZURE_PLACEMENT,
  },
  Guarded {
    resource_type: "azurerm_key_vault_key",
    loses: "a customer-managed key: what it encrypts cannot be read without it",
    forces: &["name", "key_vault_id", "key_type", "key_size", "curve"],
  },
  Guarded {
    resource_type: "azurerm_cognitive_account_customer_managed_key",
    loses: "the account's customer-managed encryption setting",
    forces: &["cognitive_account_id"],
  },
  Guarded {
    resource_type: "azurerm_virtual_network_gateway",
    loses: "a VPN gateway: every tunnel through it is down until it is rebuilt",
    forces: &[
      "name",
      "location",
      "resource_group_name",
      "type",
      "vpn_type",
      "generation",
    ],
  },
  Guarded {
    resource_type: "azurerm_private_dns_zone",
    loses: "a private DNS zone: its names stop resolving in every linked network",
    forces: &["name", "resource_group_name"],
  },
  Guarded {
    resource_type: "azurerm_log_analytics_workspace",
    loses: "a log workspace and the logs in it",
    forces: AZURE_PLACEMENT,
  },
  Guarded {
    resource_type: "aws_bedrock_provisioned_model_throughput",
    loses: "Bedrock provisioned throughput: a committed term is billed to its end, and a new purchase starts a new term",
    forces: &[
      "provisioned_model_name",
      "model_arn",
      "model_units",
      "commitment_duration",
      "region",
    ],
  },
  Guarded {
    resource_type: "aws_kms_key",
    loses: "a KMS key: scheduled for deletion, and what it encrypts becomes unreadable",
    forces: &[
      "customer_master_key_spec",
      "key_usage",
      "multi_region",
      "custom_key_store_id",
      "region",
    ],
  },
  Guarded {
    resource_type: "aws_route53_zone",
    loses: "a private hosted zone: its names stop resolving in the VPC",
    forces: &["name", "region"],
  },
  Guarded {
    resource_type: "aws_vpn_connection",
    loses: "a site-to-site VPN: its tunnels and their addresses",
    forces: &["region"],
  },
  Guarded {
    resource_type: "aws_ec2_transit_gateway",
    loses: "a transit gateway: every attachment and route through it",
    forces: &["region"],
  },
  Guarded {
    resource_type: "aws_cloudwatch_log_group",
    loses: "a log group and the logs in it",
    forces: &["name", "name_prefix", "log_group_class", "region"],
  },
  Guarded {
    resource_type: "google_kms_key_ring",
    loses: "a key ring (Cloud KMS never deletes one: its name is taken for good)",
    forces: &["name", "location", "project"],
  },
  Guarded {
    resource_type: "google_kms_crypto_key",
    loses: "a customer-managed key: its versions are destroyed and what they encrypt becomes unreadable",
    forces: &[
      "name",
      "key_ring",
      "purpose",
      "import_only",
      "destroy_scheduled_duration",
      "version_template.protection_level",
    ],
  },
  Guarded {
    resource_type: "google_vertex_ai_endpoint",
    loses: "a Vertex AI endpoint: its numeric ID, which every caller's URL contains, and the models deployed to it",
    forces: &[
      "name",
      "location",
      "region",
      "project",
      "network",
      "encryption_spec.kms_key_name",
      "private_service_connect_config.enable_private_service_connect",
    ],
  },
  Guarded {
    resource_type: "google_dns_managed_zone",
    loses: "a Cloud DNS zone: its names stop resolving in the network",
    forces: &["name", "dns_name", "visibility", "project"],
  },
  Guarded {
    resource_type: "google_compute_ha_vpn_gateway",
    loses: "an HA VPN gateway: its public addresses, which the peers' tunnels point at",
    forces: &["name", "network", "region", "stack_type", "project"],
  },
  Guarded {
    resource_type: "google_compute_vpn_tunnel",
    loses: "a VPN tunnel: traffic over it stops until it is rebuilt",
    forces: &[
      "name",
      "shared_secret",
      "ike_version",
      "peer_external_gateway",
      "peer_external_gateway_interface",
      "region",
      "router",
      "vpn_gateway",
      "vpn_gateway_interface",
      "project",
    ],
  },
];

fn guarded(resource_type: &str) -> Option<&'static Guarded> {
  GUARDED.iter().find(|g| g.resource_type == resource_type)
}

/// The generic rule for types outside the table: what names or places a resource.
fn generic(resource_type: &str) -> &'static [&'static str] {
  match resource_type.split('_').next() {
    Some("azurerm") => AZURE_PLACEMENT,
    Some("google") => &["name", "location", "region", "project"],
    Some("aws") => &["name", "name_prefix", "region"],
    // hashicorp/random: every argument of every resource requires replacement.
    Some("random") => &["*"],
    _ => &[],
  }
}

/// The resource type in an address (`module.azure.azurerm_key_vault.eastus2`).
pub(crate) fn resource_type(address: &str) -> &str {
  let mut parts = address.rsplit('.');
  let _name = parts.next();
  parts.next().unwrap_or("")
}

/// `sku.name` for `sku.name`, `sku[1].name`, `model.name`: repeated blocks are numbered by the
/// flattening, the provider's rule is per block type.
fn unnumbered(path: &str) -> String {
  let mut out = String::with_capacity(path.len());
  let mut depth = 0;
  for c in path.chars() {
    match c {
      '[' => depth += 1,
      ']' => depth -= 1,
      _ if depth == 0 => out.push(c),
      _ => {}
    }
  }
  out
}

fn forces(resource_type: &str, path: &str) -> bool {
  let path = unnumbered(path);
  let rule = guarded(resource_type).map_or_else(|| generic(resource_type), |g| g.forces);
  rule.iter().any(|f| *f == "*" || *f == path)
}

/// Turns the updates that Terraform would plan as replacements into `Replace`, with the
/// arguments that force them; then, since a replaced object's ID is unknown until apply, every
/// resource whose forcing argument refers to a replaced one is replaced too. `after` holds the
/// new configuration's objects, so a dependent in an unchanged file is found as well.
pub(crate) fn mark(changes: &mut Vec<ObjectChange>, after: &BTreeMap<String, Object>) {
  for change in changes.iter_mut() {
    if change.kind != BlockKind::Resource || change.action != ObjectAction::Update {
      continue;
    }
    let kind = resource_type(&change.address).to_owned();
    let because: Vec<String> = change
      .attributes
      .iter()
      .filter(|a| forces(&kind, &a.path))
      .map(|a| a.path.clone())
      .collect();
    if !because.is_empty() {
      change.action = ObjectAction::Replace;
      change.replaced_because = because;
    }
  }
  // Cascade until nothing new is replaced; each round replaces at least one more object.
  loop {
    let replaced: Vec<(String, String)> = changes
      .iter()
      .filter(|c| c.action == ObjectAction::Replace)
      .map(|c| (module_of(&c.address).to_owned(), local_of(&c.address)))
      .collect();
    let mut more = Vec::new();
    for (address, object) in after {
      if object.kind != BlockKind::Resource {
        continue;
      }
      let current = changes.iter().find(|c| &c.address == address);
      if current.is_some_and(|c| c.action != ObjectAction::Update) {
        continue;
      }
      let kind = resource_type(address);
      let module = module_of(address);
      let because: Vec<String> = object
        .attributes
        .iter()
        .filter(|(path, _)| forces(kind, path))
        .filter_map(|(path, value)| {
          let target = replaced
            .iter()
            .find(|(m, local)| m == module && refers_to(value, local))?;
          Some(format!("{path} (refers to replaced {})", target.1))
        })
        .collect();
      if !because.is_empty() {
        more.push((address.clone(), object, because));
      }
    }
    if more.is_empty() {
      break;
    }
    for (address, object, because) in more {
      match changes.iter_mut().find(|c| c.address == address) {
        Some(change) => {
          change.action = ObjectAction::Replace;
          change.replaced_because.extend(because);
        }
        None => changes.push(ObjectChange {
          address,
          kind: BlockKind::Resource,
          action: ObjectAction::Replace,
          file: object.file.clone(),
          attributes: Vec::new(),
          replaced_because: because,
          identity: BTreeMap::new(),
          moved_from: None,
        }),
      }
    }
  }
  changes.sort_by(|a, b| a.address.cmp(&b.address));
}

/// `module.azure.` of `module.azure.azurerm_x.y`; empty for a root object.
fn module_of(address: &str) -> &str {
  let local = local_of(address);
  address
    .get(..address.len().saturating_sub(local.len()))
    .unwrap_or("")
}

/// `azurerm_x.y` of `module.azure.azurerm_x.y`.
fn local_of(address: &str) -> String {
  let parts: Vec<&str> = address.rsplitn(3, '.').collect();
  match parts.as_slice() {
    [name, kind, ..] => format!("{kind}.{name}"),
    _ => address.to_owned(),
  }
}

/// Whether an expression's text refers to `type.name` (followed by `.`, `[` or its end).
pub(crate) fn refers_to(value: &str, local: &str) -> bool {
  value.match_indices(local).any(|(at, _)| {
    let before = value.get(..at).and_then(|s| s.chars().next_back());
    let after = value.get(at + local.len()..).and_then(|s| s.chars().next());
    !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
      && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
  })
}

/// A destruction or replacement of a stateful or expensive object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Destruction {
  pub(crate) address: String,
  pub(crate) resource_type: String,
  /// `delete` or `replace`.
  pub(crate) action: ObjectAction,
  /// What is lost with it.
  pub(crate) loses: &'static str,
  /// Why: the arguments that force the replacement, or that the blueprint no longer has it.
  pub(crate) reason: String,
}

/// The destructions a reviewer must see first, in address order.
pub(crate) fn destructions(changes: &[ObjectChange]) -> Vec<Destruction> {
  changes
    .iter()
    .filter(|c| matches!(c.action, ObjectAction::Delete | ObjectAction::Replace))
    .filter_map(|c| {
      let kind = resource_type(&c.address);
      let guard = guarded(kind)?;
      let reason = match c.action {
        ObjectAction::Replace => format!("replaced because {}", c.replaced_because.join(", ")),
        _ => "no longer in the rendered configuration".to_owned(),
      };
      Some(Destruction {
        address: c.address.clone(),
        resource_type: kind.to_owned(),
        action: c.action,
        loses: guard.loses,
        reason,
      })
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::gitops::tfdiff::{compare, objects};

  const ROOT: &str = "module \"azure\" {\n  source = \"./modules/azure\"\n}\n";

  fn azure(account: &str, deployment: &str, capacity: u32) -> String {
    format!(
      "resource \"azurerm_cognitive_account\" \"eastus2\" {{\n  name = \"{account}\"\n  location = \"eastus2\"\n}}\n\nresource \"azurerm_cognitive_deployment\" \"gpt\" {{\n  name = \"{deployment}\"\n  cognitive_account_id = azurerm_cognitive_account.eastus2.id\n  sku {{\n    name = \"GlobalStandard\"\n    capacity = {capacity}\n  }}\n}}\n"
    )
  }

  fn review(old: &str, new: &str) -> Vec<ObjectChange> {
    let (before, _) = objects([("main.tf", ROOT), ("modules/azure/openai.tf", old)]);
    let (after, _) = objects([("main.tf", ROOT), ("modules/azure/openai.tf", new)]);
    let mut changes = compare(&before, &after);
    mark(&mut changes, &after);
    changes
  }

  fn actions(changes: &[ObjectChange]) -> Vec<(&str, ObjectAction)> {
    changes
      .iter()
      .map(|c| (c.address.as_str(), c.action))
      .collect()
  }

  #[test]
  fn a_capacity_change_updates_in_place() {
    let changes = review(&azure("a", "gpt", 50), &azure("a", "gpt", 500));
    assert_eq!(
      actions(&changes),
      [(
        "module.azure.azurerm_cognitive_deployment.gpt",
        ObjectAction::Update
      )]
    );
    assert!(destructions(&changes).is_empty());
  }

  #[test]
  fn a_new_deployment_name_replaces_the_deployment() {
    let changes = review(&azure("a", "gpt", 50), &azure("a", "gpt-5", 50));
    assert_eq!(
      actions(&changes),
      [(
        "module.azure.azurerm_cognitive_deployment.gpt",
        ObjectAction::Replace
      )]
    );
    let found = destructions(&changes);
    assert_eq!(found.len(), 1);
    assert_eq!(
      found.first().map(|d| d.reason.as_str()),
      Some("replaced because name")
    );
  }

  #[test]
  fn a_replaced_account_replaces_its_deployments_through_their_reference() {
    let changes = review(&azure("a", "gpt", 50), &azure("b", "gpt", 50));
    assert_eq!(
      actions(&changes),
      [
        (
          "module.azure.azurerm_cognitive_account.eastus2",
          ObjectAction::Replace
        ),
        (
          "module.azure.azurerm_cognitive_deployment.gpt",
          ObjectAction::Replace
        )
      ]
    );
    let reasons: Vec<String> = destructions(&changes)
      .into_iter()
      .map(|d| d.reason)
      .collect();
    assert_eq!(
      reasons,
      [
        "replaced because name",
        "replaced because cognitive_account_id (refers to replaced azurerm_cognitive_account.eastus2)"
      ]
    );
  }

  #[test]
  fn a_removed_guarded_object_is_a_destruction_and_a_removed_subnet_is_not() {
    let old = format!(
      "{}resource \"azurerm_subnet\" \"s\" {{\n  name = \"s\"\n}}\n",
      azure("a", "gpt", 50)
    );
    let changes = review(&old, "");
    let found: Vec<String> = destructions(&changes)
      .into_iter()
      .map(|d| d.resource_type)
      .collect();
    assert_eq!(
      found,
      ["azurerm_cognitive_account", "azurerm_cognitive_deployment"]
    );
    assert_eq!(changes.len(), 3, "the subnet is still deleted");
  }

  #[test]
  fn references_match_whole_names_only() {
    assert!(refers_to("azurerm_x.a.id", "azurerm_x.a"));
    assert!(refers_to("[azurerm_x.a[0].id]", "azurerm_x.a"));
    assert!(!refers_to("azurerm_x.ab.id", "azurerm_x.a"));
    assert!(!refers_to("module.m.azurerm_x.a.id", "azurerm_x.a"));
    assert!(!refers_to("my_azurerm_x.a.id", "azurerm_x.a"));
  }

  #[test]
  fn nested_block_paths_are_matched_without_their_numbers() {
    assert!(forces("azurerm_cognitive_deployment", "sku[0].name"));
    assert!(!forces("azurerm_cognitive_deployment", "sku.capacity"));
    assert!(forces("random_password", "length"));
    assert!(forces("azurerm_subnet", "name"));
    assert!(!forces("azurerm_subnet", "address_prefixes"));
  }
}
