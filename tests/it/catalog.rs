//! The model catalog as a user meets it: `switchyard catalog`, `switchyard schema`, unlisted
//! models, retirements judged on SWITCHYARD_TODAY, capacity warnings and data residency.

use crate::common;

use std::fs;

/// Writes `text` as a blueprint in a scratch directory; returns the directory and file name.
use common::blueprint;

/// `validate bp.yaml` in `dir` with extra arguments and environment.
fn validate(dir: &std::path::Path, extra: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
  let mut args = vec!["validate", "bp.yaml"];
  args.extend_from_slice(extra);
  common::run_with(dir, &args, env)
}

const HEAD: &str = "version: 1\nname: chat\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n";

#[test]
fn catalog_lists_what_it_knows_of_every_cloud() {
  let (code, stdout, stderr) = common::run(&["catalog"]);
  assert_eq!(code, 0, "{stderr}");
  for cloud in ["azure:", "aws:", "gcp:"] {
    assert!(stdout.contains(cloud), "{stdout}");
  }
  insta::assert_snapshot!(stdout);
}

#[test]
fn catalog_shows_one_model_in_detail() {
  let mut text = String::new();
  for args in [
    &["catalog", "--model", "gpt-4o"][..],
    &[
      "catalog",
      "--model",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ],
    &[
      "catalog",
      "--cloud",
      "aws",
      "--model",
      "amazon.nova-pro-v1:0",
    ],
    &["catalog", "--cloud", "gcp", "--model", "gemini-2.5-flash"],
  ] {
    text.push_str(&format!("$ switchyard {}\n", args.join(" ")));
    text.push_str(&common::transcript(args));
    text.push('\n');
  }
  insta::assert_snapshot!(text);
}

#[test]
fn catalog_names_the_nearest_models_for_an_unknown_one() {
  let (code, stdout, stderr) = common::run(&["catalog", "--model", "gpt-4.1-min"]);
  assert_eq!(code, 1);
  assert!(stdout.is_empty());
  assert!(
    stderr.contains("no model `gpt-4.1-min`; did you mean `gpt-4.1-mini`"),
    "{stderr}"
  );
  // The cloud filter applies to the lookup too.
  let (code, _, stderr) = common::run(&["catalog", "--cloud", "gcp", "--model", "gpt-4.1"]);
  assert_eq!(code, 1, "{stderr}");
}

#[test]
fn schema_prints_a_json_schema_with_the_catalog_models() {
  let (code, stdout, stderr) = common::run(&["schema"]);
  assert_eq!(code, 0, "{stderr}");
  let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
  assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
  assert!(stdout.contains("\"gemini-3.5-flash\""));
  assert!(stdout.contains("\"us.amazon.nova-pro-v1:0\""));
  let (code, markdown, _) = common::run(&["schema", "--format", "markdown"]);
  assert_eq!(code, 0);
  assert_eq!(
    markdown,
    fs::read_to_string(common::project().join("docs/blueprint.md")).unwrap()
  );
}

#[test]
fn unlisted_models_are_errors_unless_marked_or_allowed() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-9}}\nworkloads:\n  chat: {{failover: [gpt]}}\n"
  );
  let dir = blueprint("unlisted", &text);
  let (code, _, stderr) = validate(&dir, &[], &[]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("error: `gpt-9` is not an Azure OpenAI model in Switchyard's catalog"),
    "{stderr}"
  );

  let (code, stdout, stderr) = validate(&dir, &["--allow-unlisted-models"], &[]);
  assert_eq!(code, 0, "{stderr}");
  assert!(stdout.starts_with("ok:"), "{stdout}");
  assert!(
    stderr.contains("warning: `gpt-9` is not an Azure OpenAI model")
      && stderr.contains("accepted because of --allow-unlisted-models"),
    "{stderr}"
  );

  let marked = text.replace("model: gpt-9}", "model: gpt-9, unlisted: true}");
  let dir = blueprint("unlisted-marked", &marked);
  let (code, _, stderr) = validate(&dir, &[], &[]);
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr.contains("accepted because the endpoint is marked `unlisted: true`"),
    "{stderr}"
  );
}

#[test]
fn retirement_is_judged_on_switchyard_today() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-4o, version: \"2024-11-20\", sku: GlobalStandard}}\nworkloads:\n  chat: {{failover: [gpt]}}\n"
  );
  let dir = blueprint("retire", &text);
  let on = |day: &str| validate(&dir, &[], &[("SWITCHYARD_TODAY", day)]);

  let (code, _, stderr) = on("2026-07-02");
  assert_eq!((code, stderr.as_str()), (0, ""));

  let (code, _, stderr) = on("2026-07-03");
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr.contains("warning: `gpt-4o` 2024-11-20 retires on 2026-10-01, in 90 days"),
    "{stderr}"
  );

  let (code, _, stderr) = on("2026-10-01");
  assert_eq!(code, 1);
  assert!(
    stderr.contains("error: `gpt-4o` 2024-11-20 was retired on 2026-10-01")
      && stderr.contains("Azure names `gpt-5.1` as its successor"),
    "{stderr}"
  );

  // --allow-unlisted-models does not make a retired model usable.
  let (code, _, _) = validate(
    &dir,
    &["--allow-unlisted-models"],
    &[("SWITCHYARD_TODAY", "2026-10-01")],
  );
  assert_eq!(code, 1);

  let (code, _, stderr) = on("2026-10-32");
  assert_eq!(code, 1);
  assert!(
    stderr.contains("SWITCHYARD_TODAY: \"2026-10-32\" is not a date; write it as YYYY-MM-DD"),
    "{stderr}"
  );
}

#[test]
fn a_smaller_backup_is_warned_about_in_comparable_units() {
  let text = format!(
    "{HEAD}endpoints:\n  big: {{cloud: azure, model: gpt-4.1, sku: GlobalStandard, capacity: 300}}\n  ptu: {{cloud: azure, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 50}}\n  small: {{cloud: azure, region: westus3, model: gpt-4.1, capacity: 100}}\n  claude: {{cloud: aws, model: us.anthropic.claude-sonnet-4-5-20250929-v1:0}}\n  nova-a: {{cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 4, commitment: one_month}}\n  nova-b: {{cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 1, commitment: one_month}}\nworkloads:\n  chat: {{failover: [big, claude, ptu, small]}}\n  batch: {{failover: [nova-a, nova-b]}}\n"
  );
  let dir = blueprint("capacity", &text);
  let (code, _, stderr) = validate(&dir, &[], &[]);
  assert_eq!(code, 0, "{stderr}");
  // ptu: 50 PTUs x 3,000 input tokens per minute = 150K, exactly half of 300K: no warning.
  assert!(!stderr.contains("`ptu` ("), "{stderr}");
  insta::assert_snapshot!(stderr);
}

#[test]
fn a_chain_inside_its_jurisdiction_passes_residency() {
  let text = "version: 1\nname: chat\nclouds:\n  azure: {region: swedencentral, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: eu-central-1, cidr: 10.20.0.0/16}\n  gcp: {project: acme-ml-prod, region: europe-west4, cidr: 10.30.0.0/16}\nendpoints:\n  gpt: {cloud: azure, model: gpt-4.1, sku: DataZoneStandard}\n  claude: {cloud: aws, model: eu.anthropic.claude-sonnet-4-5-20250929-v1:0}\n  gem: {cloud: gcp, model: gemini-3.5-flash}\nworkloads:\n  chat: {failover: [gpt, claude, gem], residency: eu}\n";
  let dir = blueprint("residency-ok", text);
  let (code, _, stderr) = validate(&dir, &[], &[]);
  assert_eq!((code, stderr.as_str()), (0, ""));
  let us = text.replace("residency: eu", "residency: us");
  let dir = blueprint("residency-us", &us);
  let (code, _, stderr) = validate(&dir, &[], &[]);
  assert_eq!(code, 1);
  assert_eq!(
    stderr
      .matches("can process requests outside the US")
      .count(),
    3,
    "{stderr}"
  );
}

#[test]
fn the_readme_example_is_a_valid_blueprint() {
  let readme = fs::read_to_string(common::project().join("README.md")).unwrap();
  let section = readme.split("## Blueprints").nth(1).unwrap();
  let example = section
    .split("```yaml\n")
    .nth(1)
    .and_then(|rest| rest.split("```").next())
    .unwrap();
  assert!(example.contains("residency: us"), "{example}");
  let dir = blueprint("readme", example);
  let (code, stdout, stderr) = validate(&dir, &[], &[]);
  assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
}

#[test]
fn the_new_commands_have_help_with_examples() {
  for command in ["catalog", "schema"] {
    let (code, stdout, _) = common::run(&[command, "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Examples:"), "{command}: {stdout}");
  }
  let (_, stdout, _) = common::run(&["catalog", "--help"]);
  assert!(stdout.contains("SWITCHYARD_TODAY"), "{stdout}");
  // Issue 13: the import names the CLI commands whose output it reads.
  let (code, stdout, _) = common::run(&["catalog", "import", "--help"]);
  assert_eq!(code, 0);
  for command in [
    "az cognitiveservices model list",
    "aws bedrock list-foundation-models",
    "aws bedrock list-inference-profiles",
    "gcloud ai model-garden models list",
    "Examples:",
  ] {
    assert!(stdout.contains(command), "{command}: {stdout}");
  }
}

#[test]
fn models_retired_by_2026_12_02_are_rejected_with_their_successor_located() {
  // Microsoft's schedule of 2026-07-07 retired gpt-4.1 on 2026-10-14; Bedrock ended Claude
  // 3.5 Haiku on 2026-06-19 and Claude 3 Haiku on 2026-09-10.
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-4.1, version: \"2025-04-14\", sku: GlobalStandard}}\n  mini: {{cloud: azure, model: gpt-4o-mini, version: \"2024-07-18\", sku: GlobalStandard}}\n  haiku: {{cloud: aws, model: us.anthropic.claude-3-5-haiku-20241022-v1:0}}\n  old: {{cloud: aws, model: us.anthropic.claude-3-haiku-20240307-v1:0}}\nworkloads:\n  chat: {{failover: [gpt, mini, haiku, old]}}\n"
  );
  let dir = blueprint("retired-2026-12", &text);
  let (code, _, stderr) = validate(&dir, &[], &[("SWITCHYARD_TODAY", "2026-12-02")]);
  assert_eq!(code, 1, "{stderr}");
  for expected in [
    "error: `gpt-4.1` 2025-04-14 was retired on 2026-10-14\n --> bp.yaml:7:48 at endpoints.gpt.version",
    "Azure names `gpt-5` as its successor",
    "error: `gpt-4o-mini` 2024-07-18 was retired on 2026-10-01",
    "Azure names `gpt-4.1-mini` as its successor, itself retired on 2026-10-14, whose successor is `gpt-5-mini`",
    "error: `anthropic.claude-3-5-haiku-20241022-v1:0` was retired on 2026-06-19",
    "error: `anthropic.claude-3-haiku-20240307-v1:0` was retired on 2026-09-10",
    "AWS names `anthropic.claude-haiku-4-5-20251001-v1:0` as its successor",
  ] {
    assert!(
      stderr.contains(expected),
      "missing {expected:?} in\n{stderr}"
    );
  }
}

#[test]
fn the_bundled_blueprints_use_no_model_retired_or_retiring_on_2026_12_02() {
  let (code, _, stderr) = common::run_with(
    &common::project(),
    &["validate", "blueprints"],
    &[("SWITCHYARD_TODAY", "2026-12-02")],
  );
  assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn the_apac_profiles_route_to_every_region_aws_lists() {
  // The CDK's CrossRegionInferenceProfileRegion.APAC (read 2026-12-02) names these as
  // destinations; a missing one is a Region where IAM denied routed calls.
  let (code, stdout, stderr) =
    common::run(&["catalog", "--model", "apac.anthropic.claude-opus-4-6-v1"]);
  assert_eq!(code, 0, "{stderr}");
  for region in [
    "ap-east-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-7",
    "me-central-1",
  ] {
    assert!(stdout.contains(region), "{region} missing from\n{stdout}");
  }
}

/// A blueprint directory with a catalog overlay beside the blueprint.
fn with_overlay(name: &str, blueprint_text: &str, overlay: &str) -> std::path::PathBuf {
  let dir = blueprint(name, blueprint_text);
  fs::write(dir.join("switchyard-catalog.yaml"), overlay).unwrap();
  dir
}

#[test]
fn a_retirement_in_the_repository_overlay_is_honoured_without_a_rebuild() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: GlobalStandard}}\n  oss: {{cloud: aws, region: us-west-2, model: openai.gpt-oss-120b-1:0}}\nworkloads:\n  chat: {{failover: [gpt, oss]}}\n"
  );
  let overlay = "# announced on a Monday\nreviewed: 2026-12-02\nazure:\n  gpt-5.1:\n    \"2025-11-13\": {retires: 2026-12-01, successor: gpt-5.5}\naws:\n  openai.gpt-oss-120b-1:0: {retires: 2027-01-15, successor: openai.gpt-oss-20b-1:0}\n";
  let dir = with_overlay("overlay-retire", &text, overlay);
  let today = [("SWITCHYARD_TODAY", "2026-12-02")];
  // The default file next to the blueprint is read by `validate` (and every command).
  let (code, _, stderr) = common::run_with(&dir, &["validate", "."], &today);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("error: `gpt-5.1` 2025-11-13 was retired on 2026-12-01")
      && stderr.contains("Azure names `gpt-5.5` as its successor"),
    "{stderr}"
  );
  assert!(
    stderr.contains("warning: `openai.gpt-oss-120b-1:0` retires on 2027-01-15, in 44 days"),
    "{stderr}"
  );
  // --catalog names another overlay; without one, the built-in catalog applies.
  fs::write(dir.join("empty.yaml.txt"), "{}\n").unwrap();
  let (code, _, stderr) = common::run_with(
    &dir,
    &["validate", "bp.yaml", "--catalog", "empty.yaml.txt"],
    &today,
  );
  assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn a_mistake_in_the_overlay_is_located_in_the_overlay() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: GlobalStandard}}\nworkloads:\n  chat: {{failover: [gpt]}}\n"
  );
  for (overlay, expected) in [
    (
      "azure:\n  gpt-9:\n    \"1\": {retires: 2027-01-01}\n",
      "switchyard-catalog.yaml at azure.gpt-9: `gpt-9` is not in the built-in azure catalog",
    ),
    (
      "aws:\n  openai.gpt-oss-20b-1:0: {retires: 2027-02-30}\n",
      "at aws.openai.gpt-oss-20b-1:0.retires: \"2027-02-30\" is not a YYYY-MM-DD date",
    ),
    (
      "gcp:\n  gemini-3.5-flash: {successor: gemini-99}\n",
      "the successor `gemini-99` is not in the catalog",
    ),
  ] {
    let dir = with_overlay("overlay-bad", &text, overlay);
    let (code, _, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{expected}\n{stderr}");
  }
}

#[test]
fn catalog_check_exits_2_when_an_endpoint_retires_within_the_window() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-5.2, version: \"2025-12-11\", sku: GlobalStandard}}\n  claude: {{cloud: aws, model: us.anthropic.claude-sonnet-4-6}}\nworkloads:\n  chat: {{failover: [gpt, claude]}}\n"
  );
  let dir = blueprint("catalog-check", &text);
  let today = [("SWITCHYARD_TODAY", "2026-12-02")];
  // gpt-5.2 2025-12-11 retires on 2026-12-12 (Microsoft's schedule of 2026-07-07).
  let (code, stdout, stderr) = common::run_with(
    &dir,
    &["catalog", "check", "bp.yaml", "--within", "30"],
    &today,
  );
  assert_eq!(code, 2, "{stdout}{stderr}");
  assert_eq!(
    stdout,
    "bp.yaml at endpoints.gpt: `gpt-5.2` 2025-12-11 retires on 2026-12-12, in 10 days; Azure names no successor; pick a current model (`switchyard catalog`)\n"
  );
  let (code, stdout, _) = common::run_with(
    &dir,
    &["catalog", "check", "bp.yaml", "--within", "5"],
    &today,
  );
  assert_eq!(code, 0);
  assert_eq!(stdout, "ok: no endpoint of 1 root retires within 5 days\n");
  // An overlay's earlier date is what the pipeline hears of.
  fs::write(
    dir.join("switchyard-catalog.yaml"),
    "aws:\n  anthropic.claude-sonnet-4-6: {retires: 2026-12-20, successor: anthropic.claude-opus-4-6-v1}\n",
  )
  .unwrap();
  let (code, stdout, _) = common::run_with(
    &dir,
    &["catalog", "check", "bp.yaml", "--within", "5"],
    &today,
  );
  assert_eq!(code, 0, "{stdout}");
  let (code, stdout, _) =
    common::run_with(&dir, &["catalog", "check", ".", "--within", "20"], &today);
  assert_eq!(code, 2);
  assert!(
    stdout.contains("at endpoints.claude: `anthropic.claude-sonnet-4-6` retires on 2026-12-20, in 18 days; AWS names `anthropic.claude-opus-4-6-v1` as its successor"),
    "{stdout}"
  );
}

/// Issue 13: an overlay declares a model the built-in catalog does not know yet (a model
/// announced on Monday), and `validate` accepts it without `unlisted: true` or a release.
#[test]
fn an_overlay_adds_models_that_validate_then_knows() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-6, version: \"2026-11-30\", sku: GlobalStandard}}\n  oss: {{cloud: aws, region: us-east-1, model: openai.gpt-oss-240b-1:0}}\n  old: {{cloud: aws, region: us-east-1, model: openai.gpt-oss-20b-1:0}}\nworkloads:\n  chat: {{failover: [gpt, oss, old]}}\n"
  );
  let dir = blueprint("overlay-add", &text);
  // Without the overlay, the new models are unknown.
  let (code, _, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("`gpt-6` is not an Azure OpenAI model in Switchyard's catalog")
      && stderr.contains("`openai.gpt-oss-240b-1:0` is not a Bedrock model"),
    "{stderr}"
  );
  let overlay = "azure:\n  gpt-6:\n    kind: chat\n    versions:\n      \"2026-11-30\": {skus: {GlobalStandard: [eastus2, swedencentral]}}\naws:\n  openai.gpt-oss-240b-1:0: {kind: chat, regions: [us-west-2], family: gpt-oss}\n  # a known model gains a Region\n  openai.gpt-oss-20b-1:0: {regions: [us-east-1]}\n";
  fs::write(dir.join("switchyard-catalog.yaml"), overlay).unwrap();
  let (code, _, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
  assert_eq!(code, 1, "{stderr}");
  // The declared Regions are checked like the built-in ones: us-east-1 is not one of them.
  assert!(
    stderr.contains("`openai.gpt-oss-240b-1:0` is not offered on demand in us-east-1"),
    "{stderr}"
  );
  assert!(!stderr.contains("gpt-6"), "{stderr}");
  assert!(!stderr.contains("openai.gpt-oss-20b-1:0"), "{stderr}");
  let overlay = overlay.replace("regions: [us-west-2]", "regions: [us-east-1, us-west-2]");
  fs::write(dir.join("switchyard-catalog.yaml"), overlay).unwrap();
  let (code, stdout, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
  assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
  // `catalog --model` shows an added model like a built-in one.
  let (code, stdout, _) = common::run_in(
    &dir,
    &[
      "catalog",
      "--model",
      "gpt-6",
      "--catalog",
      "switchyard-catalog.yaml",
    ],
  );
  assert_eq!(code, 0);
  assert!(stdout.contains("2026-11-30"), "{stdout}");
}

/// Issue 13: a retirement the overlay announces for a model it added is honoured, located in
/// the blueprint and naming the successor.
#[test]
fn a_retirement_of_an_added_model_names_its_successor() {
  let text = format!(
    "{HEAD}endpoints:\n  oss: {{cloud: aws, region: us-east-1, model: openai.gpt-oss-240b-1:0}}\nworkloads:\n  chat: {{failover: [oss]}}\n"
  );
  let overlay = "aws:\n  openai.gpt-oss-240b-1:0: {kind: chat, regions: [us-east-1], retires: 2026-11-30, successor: openai.gpt-oss-120b-1:0}\n";
  let dir = with_overlay("overlay-add-retired", &text, overlay);
  let (code, _, stderr) = common::run_with(
    &dir,
    &["validate", "bp.yaml"],
    &[("SWITCHYARD_TODAY", "2026-12-02")],
  );
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("--> bp.yaml:7:47 at endpoints.oss.model"),
    "{stderr}"
  );
  assert!(
    stderr.contains("`openai.gpt-oss-240b-1:0` was retired on 2026-11-30")
      && stderr.contains("`openai.gpt-oss-120b-1:0` as its successor"),
    "{stderr}"
  );
}

#[test]
fn an_overlay_entry_for_an_unknown_model_must_declare_it() {
  let text = format!(
    "{HEAD}endpoints:\n  gpt: {{cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: GlobalStandard}}\nworkloads:\n  chat: {{failover: [gpt]}}\n"
  );
  for (overlay, expected) in [
    (
      "gcp:\n  gemini-9: {regions: [us-central1]}\n",
      "at gcp.gemini-9: `gemini-9` is not in the built-in gcp catalog; to add it, declare it with `kind`",
    ),
    (
      "gcp:\n  gemini-9: {kind: chat, regions: [us-central1]}\n",
      "at gcp.gemini-9: missing `publisher`",
    ),
    (
      "azure:\n  gpt-5.1:\n    \"2099-01-01\": {retires: 2100-01-01}\n",
      "at azure.gpt-5.1.2099-01-01: `gpt-5.1` has no version \"2099-01-01\" in the catalog; to add it, give its `skus`",
    ),
    (
      "aws:\n  x.new-v1:0: {kind: chat, regions: [mars-1]}\n",
      "at aws.x.new-v1:0.regions: `mars-1` is not a known aws region",
    ),
  ] {
    let dir = with_overlay("overlay-undeclared", &text, overlay);
    let (code, _, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{expected}\n{stderr}");
  }
}

/// Issue 13: an overlay that declared a model keeps loading once the built-in catalog knows
/// it too; the declaration is what the repository reviewed, so it replaces the built-in entry.
#[test]
fn a_declaration_replaces_the_built_in_entry_of_the_same_id() {
  let text = format!(
    "{HEAD}endpoints:\n  oss: {{cloud: aws, region: us-east-1, model: openai.gpt-oss-20b-1:0}}\nworkloads:\n  chat: {{failover: [oss]}}\n"
  );
  let overlay = "aws:\n  openai.gpt-oss-20b-1:0: {kind: chat, regions: [us-west-2]}\n";
  let dir = with_overlay("overlay-replace", &text, overlay);
  let (code, _, stderr) = common::run_with(&dir, &["validate", "bp.yaml"], &[]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("`openai.gpt-oss-20b-1:0` is not offered on demand in us-east-1"),
    "{stderr}"
  );
}

/// Issue 13: gpt-oss-120b on Azure needs a Foundry account and its own model format, and the
/// catalog says so instead of listing regions it does not know.
#[test]
fn catalog_tells_the_account_and_format_a_model_needs() {
  let (code, stdout, stderr) = common::run(&["catalog", "--model", "gpt-oss-120b"]);
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stdout.contains("deployed on an AIServices account, model format OpenAI-OSS"),
    "{stdout}"
  );
  assert!(
    stdout.contains("GlobalStandard: regions not recorded (not checked)"),
    "{stdout}"
  );
  let (_, stdout, _) = common::run(&["catalog", "--model", "gpt-5.4"]);
  assert!(!stdout.contains("deployed on"), "{stdout}");
}
