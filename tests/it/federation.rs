//! Keyless cross-cloud identity (issue 18): every rendered trust admits exactly the blueprint's
//! caller identities, and only where a chain crosses clouds.

use crate::common;

use std::collections::BTreeMap;

fn render(blueprint: &str) -> BTreeMap<String, String> {
  let out = common::scratch("federation");
  let (code, _, stderr) = common::run(&["render", blueprint, "--out", &out.to_string_lossy()]);
  assert_eq!(code, 0, "{stderr}");
  common::tree(&out)
}

fn file<'a>(tree: &'a BTreeMap<String, String>, suffix: &str) -> &'a str {
  tree
    .iter()
    .find(|(path, _)| path.ends_with(suffix))
    .map(|(_, text)| text.as_str())
    .unwrap_or_else(|| panic!("no {suffix} in {:?}", tree.keys().collect::<Vec<_>>()))
}

/// The statement of a jsonencoded policy that carries `sid`, up to the next statement.
fn statement<'a>(policy: &'a str, sid: &str) -> &'a str {
  let start = policy
    .find(&format!("Sid       = \"{sid}\""))
    .unwrap_or_else(|| panic!("no statement {sid}"));
  let rest = &policy[start..];
  &rest[..rest.find("\n        },").unwrap_or(rest.len())]
}

/// Issue 18: the invoker role trusted only its own account; callers in Azure and GCP had no way
/// in without static keys. Now each federated statement pins the exact subject.
#[test]
fn the_invoker_role_trusts_exactly_the_other_clouds_caller_identities() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let iam = file(&tree, "claims-copilot/prod/modules/aws/iam.tf");

  let azure = statement(iam, "CallersInAzure");
  assert!(azure.contains("Federated = local.entra_id_oidc_provider_arn"));
  assert!(azure.contains("Action    = \"sts:AssumeRoleWithWebIdentity\""));
  assert!(azure.contains(
    "\"login.microsoftonline.com/${var.azure_tenant_id}/v2.0:sub\" = var.azure_caller_principal_id"
  ));

  let gcp = statement(iam, "CallersInGcp");
  assert!(gcp.contains("Federated = \"accounts.google.com\""));
  assert!(gcp.contains("\"accounts.google.com:sub\"  = var.gcp_caller_unique_id"));
  assert!(gcp.contains("\"accounts.google.com:aud\"  = var.gcp_caller_unique_id"));
  assert!(gcp.contains("\"accounts.google.com:oaud\" = \"sts.amazonaws.com\""));

  // No federated principal without a condition: every Federated statement of the trust policy
  // has a StringEquals.
  let trust = &iam[iam.find("assume_role_policy").unwrap()..];
  let trust = &trust[..trust.find("tags = var.tags").unwrap()];
  assert_eq!(trust.matches("Federated = ").count(), 2);
  assert_eq!(trust.matches("StringEquals = {\n").count(), 2, "{trust}");

  let aws = file(&tree, "claims-copilot/prod/modules/aws/federation.tf");
  assert!(aws.contains(
    "url            = \"https://login.microsoftonline.com/${var.azure_tenant_id}/v2.0\""
  ));
  assert!(aws.contains("\"sts:IdentityTokenAudience\" = \"api://AzureADTokenExchange\""));
}

/// Issue 18: the VPCs have no NAT, so STS was unreachable. The home region gets an endpoint
/// because other clouds federate into AWS; us-west-2 because a chain's primary (its callers)
/// is there; no other region.
#[test]
fn sts_is_reachable_privately_where_callers_need_it() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let sts = file(&tree, "claims-copilot/prod/modules/aws/sts.tf");
  let services: Vec<&str> = sts
    .lines()
    .filter_map(|l| l.trim().strip_prefix("service_name        = "))
    .collect();
  assert_eq!(
    services,
    [
      "\"com.amazonaws.us-east-1.sts\"",
      "\"com.amazonaws.us-west-2.sts\""
    ]
  );
  assert_eq!(sts.matches("private_dns_enabled = true").count(), 2);
  // Unauthenticated AssumeRoleWithWebIdentity only into the invoker role.
  assert!(sts.contains(
    "Action    = \"sts:AssumeRoleWithWebIdentity\"\n          Resource  = aws_iam_role.invoker.arn"
  ));
  // Callers in GCP resolve the home region's STS name through the Route 53 Resolver.
  let gcp_dns = file(&tree, "claims-copilot/prod/modules/gcp/dns.tf");
  assert!(gcp_dns.contains("dns_name    = \"sts.us-east-1.amazonaws.com.\""));
}

#[test]
fn gcp_and_azure_trust_exactly_the_invoker_role_and_the_caller_identities() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let gcp = file(&tree, "claims-copilot/prod/modules/gcp/federation.tf");
  assert!(gcp.contains(
    "attribute_condition = \"attribute.aws_role == 'claims-copilot-prod-bedrock-invoker'\""
  ));
  assert!(
    gcp.contains("attribute_condition = \"assertion.sub == '${var.azure_caller_principal_id}'\"")
  );
  assert!(gcp.contains("/attribute.aws_role/%s\", google_iam_workload_identity_pool.callers.name, \"claims-copilot-prod-bedrock-invoker\")"));
  assert!(gcp.contains("/subject/${var.azure_caller_principal_id}\""));
  assert_eq!(
    gcp
      .matches("role               = \"roles/iam.workloadIdentityUser\"")
      .count(),
    2
  );
  assert!(!gcp.contains(
    "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.callers.name}\""
  ));

  let azure = file(&tree, "claims-copilot/prod/modules/azure/federation.tf");
  assert!(azure.contains("issuer                    = \"https://accounts.google.com\"\n  subject                   = var.gcp_caller_unique_id"));
  assert!(azure.contains("issuer                    = var.aws_outbound_identity_issuer\n  subject                   = var.aws_invoker_role_arn"));
  // Entra ID rejects concurrent writes of federated credentials to one identity.
  assert!(azure.contains("depends_on = [azurerm_federated_identity_credential.gcp_caller]"));
}

/// The failover JSON names, per endpoint on another cloud than the primary's, what its callers
/// federate with; the primary's own cloud needs nothing.
#[test]
fn the_failover_chain_names_the_federated_identity_of_each_foreign_endpoint() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let chain: serde_json::Value =
    serde_json::from_str(file(&tree, "claims-copilot/prod/failover/summarize.json")).unwrap();
  let endpoints = chain["endpoints"].as_array().unwrap();
  let federation: Vec<(&str, Option<&str>)> = endpoints
    .iter()
    .map(|e| {
      (
        e["name"].as_str().unwrap(),
        e.get("federation")
          .map(|f| f["identity_output"].as_str().unwrap()),
      )
    })
    .collect();
  assert_eq!(
    federation,
    [
      ("haiku-west", None),
      ("claude-east", None),
      ("gpt-west", Some("federated_identities.aws_to_azure")),
      ("gemini-west", Some("federated_identities.aws_to_gcp")),
    ]
  );
  let root = file(&tree, "claims-copilot/prod/federation.tf");
  assert!(root.contains("aws_to_azure = {") && root.contains("aws_to_gcp = {"));
}

#[test]
fn single_cloud_chains_render_no_federation() {
  let tree = render("blueprints/azure-two-regions.yaml");
  assert!(
    !tree
      .keys()
      .any(|p| p.ends_with("modules/azure/federation.tf"))
  );
  assert!(!tree.values().any(|t| t.contains("federated_identities")));
  assert!(
    !tree
      .values()
      .any(|t| t.contains("AssumeRoleWithWebIdentity"))
  );
}

/// Issue 18: Azure had no subnet for callers. Where a primary is on Azure, callers get one,
/// reaching only the blueprint's private spaces and Entra ID.
#[test]
fn azure_callers_get_a_private_subnet() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let callers = file(&tree, "claims-copilot/prod/modules/azure/callers.tf");
  assert!(callers.contains("address_prefixes                = [\"10.60.3.0/24\"]"));
  assert!(callers.contains("default_outbound_access_enabled = false"));
  assert!(callers.contains(
    "destination_address_prefixes = [\"10.60.0.0/16\", \"10.61.0.0/16\", \"10.62.0.0/16\"]"
  ));
  assert!(callers.contains("destination_address_prefix = \"AzureActiveDirectory\""));
  assert!(callers.contains("destination_address_prefix = \"Internet\""));
}

/// Issue 18: callers in GCP that fall over to Azure could not reach Entra ID (GCP denied all
/// egress). With `network.entra_id_egress: auto`, the bundled private blueprint opens exactly
/// HTTPS from the caller service account to login.microsoftonline.com, through Cloud NAT for the
/// subnet of that chain's primary region only, evaluated before the VPC rule that denies the rest.
#[test]
fn gcp_callers_of_azure_reach_only_entra_id() {
  let tree = render("blueprints/three-cloud-private.yaml");
  let egress = file(&tree, "claims-copilot/prod/modules/gcp/egress.tf");
  assert!(egress.contains("dest_fqdns = [\"login.microsoftonline.com\"]"));
  assert!(egress.contains("target_service_accounts = [google_service_account.caller.email]"));
  assert!(egress.contains("action                  = \"allow\""));
  assert!(egress.contains("ports       = [\"443\"]"));
  // `research` starts in europe-west4; no chain called from us-central1 reaches Azure.
  assert!(egress.contains("name                    = google_compute_subnetwork.europe_west4.id"));
  assert!(egress.contains("source_subnetwork_ip_ranges_to_nat = \"LIST_OF_SUBNETWORKS\""));
  assert!(!egress.contains("us_central1"));
  let network = file(&tree, "claims-copilot/prod/modules/gcp/network.tf");
  assert!(
    network.contains("network_firewall_policy_enforcement_order = \"BEFORE_CLASSIC_FIREWALL\"")
  );
  // The deny-all egress rule stays.
  assert!(network.contains("resource \"google_compute_firewall\" \"deny_all_egress\""));

  // Off by default: a blueprint without the switch renders none of it.
  let tree = render("blueprints/three-cloud-chat.yaml");
  assert!(
    !tree
      .keys()
      .any(|path| path.ends_with("modules/gcp/egress.tf"))
  );
  assert!(
    !tree
      .values()
      .any(|text| text.contains("network_firewall_policy_enforcement_order"))
  );
}
