//! Issue 18: what a first `terraform apply` from a CI runner outside every VNet needs, checked
//! on the render of the bundled blueprints (the offline plan/apply in CI proves the trees
//! converge; these assertions pin the choices that make a real first apply succeed).

use crate::common;

use std::collections::BTreeMap;

fn rendered() -> BTreeMap<String, String> {
  let out = common::scratch("first-apply");
  let (code, _, stderr) = common::run(&["render", "blueprints", "--out", &out.to_string_lossy()]);
  assert_eq!(code, 0, "{stderr}");
  common::tree(&out)
}

/// The text of every file whose path ends with `suffix`.
fn files<'a>(tree: &'a BTreeMap<String, String>, suffix: &str) -> Vec<(&'a str, &'a str)> {
  let found: Vec<_> = tree
    .iter()
    .filter(|(path, _)| path.ends_with(suffix))
    .map(|(path, text)| (path.as_str(), text.as_str()))
    .collect();
  assert!(!found.is_empty(), "no rendered file ends with {suffix}");
  found
}

/// The block that starts with `header`, up to its closing brace at column 0.
fn block<'a>(text: &'a str, header: &str) -> &'a str {
  let start = text.find(header).unwrap_or_else(|| panic!("no {header}"));
  let end = text[start..]
    .find("\n}\n")
    .map_or(text.len(), |e| start + e + 3);
  &text[start..end]
}

#[test]
fn the_customer_managed_key_needs_no_vault_data_plane_call() {
  let tree = rendered();
  for (path, text) in files(&tree, "modules/azure/keys.tf") {
    // azurerm_key_vault_key creates and reads the key through the vault's data plane, which a
    // runner outside the VNet cannot reach (ForbiddenByConnection) and which needs a data-plane
    // role that has not propagated on a first apply (ForbiddenByRbac).
    assert!(!text.contains("\"azurerm_key_vault_key\""), "{path}");
    assert!(!text.contains("= \"Key Vault Crypto Officer\""), "{path}");
    assert!(
      text.contains("public_network_access_enabled = false"),
      "{path}"
    );
    let key = block(
      text,
      "resource \"azurerm_resource_group_template_deployment\"",
    );
    assert!(key.contains("\"Microsoft.KeyVault/vaults/keys\""), "{path}");
    assert!(key.contains("\"RSA-HSM\""), "{path}");
    assert!(key.contains("rotationPolicy"), "{path}");
  }
  for (path, text) in files(&tree, "/main.tf") {
    assert!(
      !text.contains("key_vault_public_network_access_enabled"),
      "{path}"
    );
  }
}

#[test]
fn encryption_waits_for_the_accounts_key_role_to_propagate() {
  let tree = rendered();
  for (path, text) in files(&tree, "modules/azure/openai.tf") {
    let cmk = block(
      text,
      "resource \"azurerm_cognitive_account_customer_managed_key\"",
    );
    assert!(
      cmk.contains("depends_on = [time_sleep.cmk_"),
      "{path}:\n{cmk}"
    );
    let sleep = block(text, "resource \"time_sleep\" \"cmk_");
    assert!(sleep.contains("azurerm_role_assignment.cmk_"), "{path}");
  }
  for (path, text) in files(&tree, "modules/azure/versions.tf") {
    assert!(text.contains("hashicorp/time"), "{path}");
  }
}

#[test]
fn every_deployment_names_its_content_filter() {
  let tree = rendered();
  for (path, text) in files(&tree, "modules/azure/openai.tf") {
    let deployments = text
      .matches("resource \"azurerm_cognitive_deployment\"")
      .count();
    assert!(deployments > 0, "{path}");
    assert_eq!(
      text
        .matches("rai_policy_name        = \"Microsoft.DefaultV2\"")
        .count(),
      deployments,
      "{path}"
    );
  }
}

#[test]
fn gcp_waits_for_enabled_apis_and_prefers_the_direct_tunnel() {
  let tree = rendered();
  for (path, text) in tree.iter().filter(|(p, _)| p.contains("/modules/gcp/")) {
    // Dependents wait for the pause after enablement, never for the enablement itself.
    assert!(
      !text.contains("google_project_service.") || path.ends_with("services.tf"),
      "{path}"
    );
  }
  for (path, text) in files(&tree, "modules/gcp/services.tf") {
    assert!(
      text.contains("resource \"time_sleep\" \"services\""),
      "{path}"
    );
  }
  let mut meshed = 0;
  for (path, text) in files(&tree, "modules/gcp/network.tf") {
    let network = block(text, "resource \"google_compute_network\" \"main\"");
    if tree.contains_key(&path.replace("network.tf", "vpn.tf"))
      && tree[&path.replace("network.tf", "vpn.tf")].contains("google_compute_router")
    {
      meshed += 1;
      assert!(
        network.contains("bgp_best_path_selection_mode = \"STANDARD\""),
        "{path}"
      );
      assert!(
        network.contains("bgp_always_compare_med       = false"),
        "{path}"
      );
    }
  }
  assert!(meshed > 0, "no bundled blueprint builds the GCP HA VPN");
}

#[test]
fn the_inbound_forwarder_is_read_in_the_tunnel_region_after_a_pause() {
  let tree = rendered();
  let dns = files(&tree, "claims-copilot/prod/modules/gcp/dns.tf");
  let text = dns[0].1;
  // claims-copilot has Vertex in us-central1 (home, where the tunnels end) and europe-west4.
  assert_eq!(
    text.matches("data \"google_compute_addresses\"").count(),
    1,
    "{text}"
  );
  let read = block(
    text,
    "data \"google_compute_addresses\" \"dns_inbound_us_central1\"",
  );
  assert!(
    read.contains("depends_on = [time_sleep.dns_inbound]"),
    "{read}"
  );
  for (path, text) in files(&tree, "claims-copilot/prod/modules/azure/dns.tf") {
    assert!(!text.contains("gcp_dns_inbound_addresses[1]"), "{path}");
  }
}

#[test]
fn provisioned_bedrock_throughput_says_model_units_must_be_requested_first() {
  let tree = rendered();
  let (path, text) = files(&tree, "search-assist/prod/modules/aws/bedrock.tf")
    .into_iter()
    .find(|(_, t)| t.contains("aws_bedrock_provisioned_model_throughput"))
    .expect("a bundled blueprint buys provisioned throughput");
  assert!(text.contains("BEFORE THE FIRST APPLY"), "{path}");
  let (code, stdout, stderr) = common::run(&[
    "plan",
    "blueprints/aws-provisioned.yaml",
    "--out",
    &common::scratch("first-apply-plan").to_string_lossy(),
  ]);
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stdout.contains("note: module.aws.aws_bedrock_provisioned_model_throughput.")
      && stdout.contains("request its model units in the AWS Support Center"),
    "{stdout}"
  );
}

#[test]
fn bedrock_invocation_logging_waits_for_its_role() {
  let tree = rendered();
  for (path, text) in files(&tree, "modules/aws/bedrock.tf") {
    for config in text
      .split("resource \"aws_bedrock_model_invocation_logging_configuration\"")
      .skip(1)
    {
      let config = &config[..config.find("\n}\n").unwrap()];
      assert!(
        config.contains("depends_on = [time_sleep.invocation_logging_iam]"),
        "{path}:\n{config}"
      );
    }
    assert!(
      text.contains("resource \"time_sleep\" \"invocation_logging_iam\""),
      "{path}"
    );
  }
}
