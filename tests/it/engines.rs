//! `switchyard pipeline` (issue 15): the configs of Atlantis, GitHub Actions and HCP Terraform,
//! checked by their real validators. atlantis.yaml against docs/atlantis.schema.json (Atlantis
//! publishes none; that one restates its loader's rules) with check-jsonschema, plus the
//! loader's cross-field rules (tests/engines/check.py); the GitHub workflows of docs/gitops.md
//! against SchemaStore's github-workflow schema shipped in check-jsonschema; the tfe module
//! with `terraform fmt` and an HCL parser (the tfe provider's schema is not available offline).
//!
//! The validators are the pinned packages of tests/engines/requirements.txt, installed into a
//! virtual environment under target/ on first use (PyPI must be reachable); the test fails,
//! never skips, when they or `terraform` cannot be run.

use crate::workspace;

use std::path::Path;
use std::process::Command;

use workspace::{CHAT, Workspace, common};

/// A repository with one blueprint in two environments (a base and two overlays) and one
/// blueprint in a single environment, rendered and committed.
fn repository(name: &str) -> Workspace {
  let ws = Workspace::new(name, true);
  ws.write(
    "blueprints/chat.yaml",
    &CHAT.replace("environment: prod\n", ""),
  );
  ws.write("blueprints/chat.staging.yaml", "");
  ws.write("blueprints/chat.prod.yaml", "");
  ws.write(
    "blueprints/solo.yaml",
    &CHAT.replace("name: chat", "name: solo"),
  );
  ws.ok(&["render", "blueprints", "--out", "infra/generated"], 0);
  ws.commit("render");
  ws
}

fn validator(python: &Path, args: &[&str]) -> (bool, String) {
  let output = Command::new(python.with_file_name("check-jsonschema"))
    .args(args)
    .output()
    .unwrap();
  (
    output.status.success(),
    format!(
      "{}{}",
      String::from_utf8_lossy(&output.stdout),
      String::from_utf8_lossy(&output.stderr)
    ),
  )
}

#[test]
fn atlantis_projects_pass_the_loader_rules_and_wait_for_the_previous_environment() {
  let ws = repository("engines-atlantis");
  let config = ws.ok(
    &[
      "pipeline",
      "atlantis",
      "blueprints",
      "--out",
      "infra/generated",
      "--templates",
      "templates",
      "--workflow",
      "switchyard",
      "--promotion",
      "staging,prod",
    ],
    0,
  );
  // Paths in when_modified are relative to the project's directory, three levels down.
  let prod = "- name: chat/prod
  dir: infra/generated/chat/prod
  workspace: default
  workflow: switchyard
  autoplan:
    enabled: true
    when_modified:
    - '**/*.tf'
    - '**/*.tf.json'
    - .terraform.lock.hcl
    - ../../../../blueprints/chat.yaml
    - ../../../../blueprints/chat.prod.yaml
    - ../../../../templates/**
  execution_order_group: 1
  depends_on:
  - chat/staging
";
  assert!(config.contains(prod), "{config}");
  assert!(
    config.contains("abort_on_execution_order_fail: true"),
    "{config}"
  );
  // solo has no staging: it waits for nothing, in the prod group.
  let solo = config.split("- name: solo/prod").nth(1).unwrap();
  assert!(!solo.contains("depends_on"), "{config}");
  assert!(solo.contains("execution_order_group: 1"), "{config}");
  let staging = config.split("- name: chat/staging").nth(1).unwrap();
  assert!(
    staging.starts_with("\n  dir: infra/generated/chat/staging\n"),
    "{config}"
  );
  assert!(staging.contains("execution_order_group: 0"), "{config}");

  ws.write("atlantis.yaml", &config);
  let python = common::venv("tests/engines/requirements.txt");
  let schema = common::project().join("docs/atlantis.schema.json");
  let file = ws.path("atlantis.yaml");
  let (ok, report) = validator(
    &python,
    &[
      "--schemafile",
      &schema.to_string_lossy(),
      &file.to_string_lossy(),
    ],
  );
  assert!(ok, "{report}");
  let check = Command::new(&python)
    .arg(common::project().join("tests/engines/check.py"))
    .arg(&file)
    .output()
    .unwrap();
  assert!(
    check.status.success(),
    "{}",
    String::from_utf8_lossy(&check.stderr)
  );

  // The validators are not a formality: a broken config fails them.
  ws.write(
    "bad.yaml",
    &config.replace("dir: infra/generated/chat/prod", "dir: ../chat/prod"),
  );
  let bad = ws.path("bad.yaml");
  assert!(
    !validator(
      &python,
      &[
        "--schemafile",
        &schema.to_string_lossy(),
        &bad.to_string_lossy()
      ]
    )
    .0
  );
  ws.write("bad.yaml", &config.replace("- chat/staging", "- chat/qa"));
  let check = Command::new(&python)
    .arg(common::project().join("tests/engines/check.py"))
    .arg(&bad)
    .output()
    .unwrap();
  assert!(!check.status.success());
}

#[test]
fn without_promotion_atlantis_has_no_ordering_keys() {
  let ws = repository("engines-atlantis-plain");
  let config = ws.ok(
    &[
      "pipeline",
      "atlantis",
      "blueprints",
      "--out",
      "infra/generated",
    ],
    0,
  );
  assert!(!config.contains("execution_order_group"), "{config}");
  assert!(!config.contains("depends_on"), "{config}");
  assert!(
    !config.contains("abort_on_execution_order_fail"),
    "{config}"
  );
  assert!(config.contains("  workflow: default\n"), "{config}");
}

#[test]
fn the_github_matrix_lists_every_root_or_the_affected_ones() {
  let ws = repository("engines-github");
  let all = ws.ok(
    &[
      "pipeline",
      "github-actions",
      "blueprints",
      "--out",
      "infra/generated",
      "--promotion",
      "staging,prod",
    ],
    0,
  );
  assert_eq!(
    all,
    concat!(
      r#"{"include":["#,
      r#"{"root":"chat/prod","directory":"infra/generated/chat/prod","blueprints":["blueprints/chat.yaml","blueprints/chat.prod.yaml"],"stage":1},"#,
      r#"{"root":"chat/staging","directory":"infra/generated/chat/staging","blueprints":["blueprints/chat.yaml","blueprints/chat.staging.yaml"],"stage":0},"#,
      r#"{"root":"solo/prod","directory":"infra/generated/solo/prod","blueprints":["blueprints/solo.yaml"],"stage":1}"#,
      "]}\n"
    )
  );
  // A change to one overlay affects that environment only.
  ws.write("blueprints/chat.staging.yaml", "tags: {stage: canary}\n");
  let affected = ws.ok(
    &[
      "pipeline",
      "github-actions",
      "blueprints",
      "--out",
      "infra/generated",
      "--since",
      "HEAD",
    ],
    0,
  );
  assert!(
    affected.starts_with(r#"{"include":[{"root":"chat/staging""#),
    "{affected}"
  );
  assert_eq!(affected.matches("\"root\"").count(), 1, "{affected}");
}

#[test]
fn the_github_workflows_in_the_docs_pass_schemastores_schema() {
  let docs = std::fs::read_to_string(common::project().join("docs/gitops.md")).unwrap();
  let dir = common::scratch("engines-workflows");
  let mut files = Vec::new();
  for (index, block) in docs.split("```yaml\n").skip(1).enumerate() {
    let body = block.split("```").next().unwrap();
    if body.starts_with("# .github/workflows/") {
      let file = dir.join(format!("workflow-{index}.yml"));
      std::fs::write(&file, body).unwrap();
      files.push(file.to_string_lossy().into_owned());
    }
  }
  // The pipeline of "A GitHub Actions pipeline" and the one per engine section.
  assert!(files.len() >= 2, "{files:?}");
  let python = common::venv("tests/engines/requirements.txt");
  let mut args = vec!["--builtin-schema", "vendor.github-workflows"];
  args.extend(files.iter().map(String::as_str));
  let (ok, report) = validator(&python, &args);
  assert!(ok, "{report}");
}

#[test]
fn tfe_workspaces_are_formatted_hcl_with_a_run_trigger_per_promotion_step() {
  let ws = repository("engines-tfe");
  let module = ws.ok(
    &[
      "pipeline",
      "tfe",
      "blueprints",
      "--out",
      "infra/generated",
      "--promotion",
      "staging,prod",
    ],
    0,
  );
  let staging = r#"    "chat/staging" = {
      name              = "chat_staging"
      working_directory = "infra/generated/chat/staging"
      trigger_patterns  = ["/infra/generated/chat/staging/**/*.tf", "/infra/generated/chat/staging/**/*.tf.json", "/infra/generated/chat/staging/.terraform.lock.hcl", "/blueprints/chat.yaml", "/blueprints/chat.staging.yaml"]
    }
"#;
  assert!(module.contains(staging), "{module}");
  assert!(
    module.contains("  run_triggers = {\n    \"chat/prod\" = \"chat/staging\"\n  }\n"),
    "{module}"
  );
  assert!(
    module.contains("resource \"tfe_run_trigger\" \"promotion\" {"),
    "{module}"
  );

  // Parses as HCL, and `terraform fmt` would change nothing.
  let body: hcl::Body = hcl::from_str(&module).unwrap();
  assert_eq!(
    body
      .blocks()
      .filter(|b| b.identifier() == "resource")
      .count(),
    2
  );
  std::fs::create_dir_all(ws.path("workspaces")).unwrap();
  ws.write("workspaces/main.tf", &module);
  let fmt = Command::new("terraform")
    .args(["fmt", "-check", "-diff"])
    .arg(ws.path("workspaces"))
    .output()
    .expect("terraform is needed for this test");
  assert!(
    fmt.status.success(),
    "{}",
    String::from_utf8_lossy(&fmt.stdout)
  );
}

#[test]
fn promotion_needs_two_distinct_valid_environments() {
  for (value, message) in [
    ("prod", "at least two environments"),
    ("staging,staging", "named twice"),
    ("staging,Prod", "environment `Prod`"),
  ] {
    let (code, _, stderr) = common::run(&["pipeline", "tfe", "blueprints", "--promotion", value]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(message), "{value}: {stderr}");
  }
  // Flags belong to their engine: Atlantis decides what changed itself.
  let (code, _, stderr) = common::run(&["pipeline", "atlantis", "blueprints", "--since", "HEAD"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(stderr.contains("unexpected argument '--since'"), "{stderr}");
}

#[test]
fn a_root_waits_for_the_nearest_earlier_environment_its_blueprint_has() {
  let ws = repository("engines-gap");
  // chat has no qa: prod waits for staging, in the third group.
  let config = ws.ok(
    &[
      "pipeline",
      "atlantis",
      "blueprints",
      "--out",
      "infra/generated",
      "--promotion",
      "staging,qa,prod",
    ],
    0,
  );
  let prod = config.split("- name: chat/prod").nth(1).unwrap();
  let prod = prod.split("- name:").next().unwrap();
  assert!(
    prod.ends_with("  execution_order_group: 2\n  depends_on:\n  - chat/staging\n"),
    "{config}"
  );
}
