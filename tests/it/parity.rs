//! Model parity along a failover chain (issue 13): a workload's `model:` and the catalog's
//! family, context window and input modalities of each link.

use crate::common;

use std::fs;

const HEAD: &str = "version: 1\nname: chat\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-west-2, cidr: 10.20.0.0/16}\n  gcp: {project: acme-ml, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  oss: {cloud: aws, model: openai.gpt-oss-120b-1:0}\n  gpt: {cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: GlobalStandard, capacity: 100}\n  gemini: {cloud: gcp, model: gemini-2.5-flash}\n  claude-aws: {cloud: aws, model: us.anthropic.claude-sonnet-4-5-20250929-v1:0}\n  claude-gcp: {cloud: gcp, region: us-east5, model: claude-sonnet-4-5@20250929}\n  nova: {cloud: aws, model: us.amazon.nova-pro-v1:0}\n";

fn validate(name: &str, workloads: &str) -> (i32, String, String) {
  let dir = common::scratch(name);
  fs::write(
    dir.join("bp.yaml"),
    format!("{HEAD}workloads:\n{workloads}"),
  )
  .unwrap();
  common::run_in(&dir, &["validate", "bp.yaml"])
}

#[test]
fn a_link_that_serves_another_model_than_the_workload_declares_is_warned_about() {
  let (code, _, stderr) = validate(
    "parity-family",
    "  chat: {model: gpt-oss-120b, failover: [oss, gpt, nova]}\n",
  );
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr.contains(
      "warning: `gpt` serves `gpt-5.1`, not the workload's model `gpt-oss-120b`\n  --> bp.yaml:15:47 at workloads.chat.failover[1]"
    ),
    "{stderr}"
  );
  assert!(
    stderr.contains(
      "warning: `nova` serves `amazon.nova-pro`, not the workload's model `gpt-oss-120b`"
    ),
    "{stderr}"
  );
  assert!(!stderr.contains("`oss` serves"), "{stderr}");
}

#[test]
fn the_same_model_on_two_clouds_is_one_family() {
  // Claude Sonnet 4.5 on Bedrock (through a `us.` profile) and on Vertex AI.
  let (code, _, stderr) = validate(
    "parity-same",
    "  chat: {model: claude-sonnet-4-5, failover: [claude-aws, claude-gcp]}\n",
  );
  assert_eq!(code, 0);
  assert!(
    !stderr.contains("serves") && !stderr.contains("parity"),
    "{stderr}"
  );
}

#[test]
fn a_family_no_catalog_model_has_is_warned_about_with_the_nearest() {
  let (code, _, stderr) = validate(
    "parity-unknown",
    "  chat: {model: gpt-oss-12b, failover: [oss]}\n",
  );
  assert_eq!(code, 0);
  assert!(
    stderr.contains("warning: no model of the catalog is of the family `gpt-oss-12b`; parity is not checked\n  --> bp.yaml:15:17 at workloads.chat.model")
      && stderr.contains("include `gpt-oss-120b`"),
    "{stderr}"
  );
}

#[test]
fn a_smaller_context_or_a_lost_modality_down_the_chain_is_warned_about() {
  // Without `model:` a chain may change model; what breaks requests is still a warning.
  let (code, _, stderr) = validate("parity-capability", "  chat: {failover: [gemini, oss]}\n");
  assert_eq!(code, 0);
  assert!(
    stderr.contains("warning: `oss` accepts 128K tokens of context, less than `gemini` before it (1048K)\n  --> bp.yaml:15:29 at workloads.chat.failover[1]"),
    "{stderr}"
  );
  assert!(
    stderr.contains(
      "warning: `oss` does not accept image or audio or video input, which `gemini` before it does"
    ),
    "{stderr}"
  );
  // The other way round loses nothing; a link with unrecorded facts is not guessed about.
  let (_, _, stderr) = validate(
    "parity-capability-ok",
    "  chat: {failover: [oss, gemini, gpt]}\n",
  );
  assert!(
    !stderr.contains("context") && !stderr.contains("input"),
    "{stderr}"
  );
}

#[test]
fn plan_shows_parity_warnings_in_every_format() {
  let dir = common::scratch("parity-plan");
  fs::write(
    dir.join("bp.yaml"),
    format!("{HEAD}workloads:\n  chat: {{model: gpt-oss-120b, failover: [oss, gpt]}}\n"),
  )
  .unwrap();
  let message = "`gpt` serves `gpt-5.1`, not the workload's model `gpt-oss-120b`";
  let (code, stdout, _) = common::run_in(&dir, &["plan", "bp.yaml", "--out", "out"]);
  assert_eq!(code, 0);
  assert!(
    stdout.contains(&format!(
      "  warning: {message}\n    at bp.yaml:15:47 workloads.chat.failover[1]\n    help: "
    )),
    "{stdout}"
  );
  let (_, stdout, _) = common::run_in(
    &dir,
    &["plan", "bp.yaml", "--out", "out", "--format", "markdown"],
  );
  assert!(
    stdout.contains("> **Warning:** \\`gpt\\` serves \\`gpt-5.1\\`, not the workload's model \\`gpt-oss-120b\\` (bp.yaml:15:47 at workloads.chat.failover\\[1\\])<br>on failover"),
    "{stdout}"
  );
  let (_, stdout, _) = common::run_in(
    &dir,
    &["plan", "bp.yaml", "--out", "out", "--format", "json"],
  );
  let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
  let warning = &json["roots"][0]["warnings"][0];
  assert_eq!(warning["message"], message);
  assert_eq!(warning["location"], "bp.yaml:15:47");
  assert_eq!(warning["path"], "workloads.chat.failover[1]");
}
