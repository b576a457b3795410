//! Many blueprints and environments: overlays, state backends, and `affected` for CI
//! matrices, on scratch git repositories.

use crate::workspace;

use serde_json::Value;
use workspace::{CHAT, Workspace};

/// CHAT as a base: no environment (each overlay's file name gives it).
fn base() -> String {
  CHAT.replace("environment: prod\n", "")
}

fn overlays(name: &str, git: bool) -> Workspace {
  let ws = Workspace::new(name, git);
  ws.write("blueprints/chat.yaml", &base());
  ws.write(
    "blueprints/chat.prod.yaml",
    "# prod buys more capacity and drops the west fallback\nendpoints:\n  gpt-east: {capacity: 200}\n  mini-west: null\nworkloads:\n  chat: {failover: [gpt-east, mini-east]}\n",
  );
  ws.write("blueprints/chat.staging.yaml", "tags: {stage: \"yes\"}\n");
  ws.write(
    "blueprints/other.yaml",
    &CHAT.replace("name: chat", "name: other"),
  );
  ws
}

#[test]
fn a_base_renders_once_per_overlay_with_the_overlay_merged() {
  let ws = overlays("overlays", false);
  let stdout = ws.ok(&["validate", "blueprints"], 0);
  assert_eq!(
    stdout,
    "ok: blueprints/chat.yaml + blueprints/chat.prod.yaml (chat/prod): 2 endpoints, 1 workloads\n\
     ok: blueprints/chat.yaml + blueprints/chat.staging.yaml (chat/staging): 3 endpoints, 1 workloads\n\
     ok: blueprints/other.yaml (other/prod): 3 endpoints, 1 workloads\n"
  );
  ws.ok(&["render", "blueprints", "--out", "out"], 0);
  let prod = ws.read("out/chat/prod/modules/azure/openai.tf");
  assert!(prod.contains("capacity = 200"), "{prod}");
  assert!(!prod.contains("mini_west"), "{prod}");
  let staging = ws.read("out/chat/staging/modules/azure/openai.tf");
  assert!(staging.contains("capacity = 80") && staging.contains("mini_west"));
  let staging_main = ws.read("out/chat/staging/main.tf");
  assert!(staging_main.contains("stage"), "{staging_main}");
  assert!(
    !ws.path("out/chat/default").exists(),
    "the base rendered on its own"
  );

  // Naming one overlay renders that environment only; naming the base, all of them.
  let stdout = ws.ok(&["validate", "blueprints/chat.staging.yaml"], 0);
  assert!(
    stdout.starts_with("ok: blueprints/chat.yaml + blueprints/chat.staging.yaml (chat/staging)")
  );
  assert_eq!(
    ws.ok(&["validate", "blueprints/chat.yaml"], 0)
      .lines()
      .count(),
    2
  );
}

#[test]
fn overlay_problems_point_into_the_file_that_has_them() {
  let ws = overlays("overlay-errors", false);
  ws.write(
    "blueprints/chat.prod.yaml",
    "endpoints:\n  gpt-east: {capacity: 7, clod: azure}\nworkloads:\n  chat: {failover: [gpt-east, nope]}\n",
  );
  let (code, _, stderr) = ws.run(&["validate", "blueprints/chat.prod.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains(" --> blueprints/chat.prod.yaml:2:27 at endpoints.gpt-east.clod\n"),
    "{stderr}"
  );
  assert!(
    stderr.contains(" --> blueprints/chat.prod.yaml:4:31 at workloads.chat.failover[1]\n"),
    "{stderr}"
  );
  // A problem in a node the overlay does not touch is in the base.
  ws.write("blueprints/chat.prod.yaml", "tags: {owner: me}\n");
  ws.edit("blueprints/chat.yaml", "model: gpt-4.1-mini", "model: \"\"");
  let (code, _, stderr) = ws.run(&["validate", "blueprints/chat.prod.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("--> blueprints/chat.yaml:16:12 at endpoints.mini-east.model"),
    "{stderr}"
  );
}

#[test]
fn the_environment_comes_from_the_overlay_file_name() {
  let ws = overlays("overlay-environment", false);
  ws.write("blueprints/chat.yaml", CHAT);
  let (code, _, stderr) = ws.run(&["validate", "blueprints/chat.prod.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("error: a base blueprint does not set `environment`; blueprints/chat.prod.yaml is its `prod` overlay\n --> blueprints/chat.yaml:3:1"),
    "{stderr}"
  );

  ws.write("blueprints/chat.yaml", &base());
  ws.write("blueprints/chat.prod.yaml", "environment: production\n");
  let (code, _, stderr) = ws.run(&["validate", "blueprints/chat.prod.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains(
      "error: the file name makes this the `prod` overlay\n --> blueprints/chat.prod.yaml:1:14"
    ),
    "{stderr}"
  );

  ws.write("blueprints/chat.Prod.yaml", "{}\n");
  let (code, _, stderr) = ws.run(&["validate", "blueprints"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("blueprints/chat.Prod.yaml: is an environment overlay of blueprints/chat.yaml"),
    "{stderr}"
  );
}

#[test]
fn two_overlays_that_make_the_same_root_are_rejected() {
  let ws = overlays("overlay-duplicate", false);
  ws.write(
    "blueprints/chat2.yaml",
    &CHAT.replace("environment: prod", "environment: staging"),
  );
  let (code, _, stderr) = ws.run(&["render", "blueprints", "--out", "out"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("`chat/staging` is also the name and environment of blueprints/chat.yaml + blueprints/chat.staging.yaml"),
    "{stderr}"
  );
  assert!(!ws.path("out").exists());
}

#[test]
fn a_backend_section_renders_the_backend_block() {
  let ws = overlays("backend", false);
  ws.edit(
    "blueprints/chat.yaml",
    "clouds:",
    "backend:\n  azurerm: {storage_account_name: acmetfstate, container_name: tfstate}\nclouds:",
  );
  ws.write(
    "blueprints/other.yaml",
    &CHAT.replace("name: chat", "name: other").replace(
      "clouds:",
      "backend:\n  s3: {bucket: acme-terraform-state, region: us-east-1, key: other.tfstate}\nclouds:",
    ),
  );
  ws.ok(&["render", "blueprints", "--out", "out"], 0);
  let prod = ws.read("out/chat/prod/versions.tf");
  assert!(
    prod.contains("  backend \"azurerm\" {\n    storage_account_name = \"acmetfstate\"\n    container_name       = \"tfstate\"\n    key                  = \"chat/prod/terraform.tfstate\"\n    use_azuread_auth     = true\n  }\n"),
    "{prod}"
  );
  let staging = ws.read("out/chat/staging/versions.tf");
  assert!(
    staging.contains("key                  = \"chat/staging/terraform.tfstate\""),
    "{staging}"
  );
  let other = ws.read("out/other/prod/versions.tf");
  assert!(other.contains("required_version = \">= 1.10\""), "{other}");
  assert!(other.contains("  backend \"s3\" {\n    bucket       = \"acme-terraform-state\"\n    key          = \"other.tfstate\"\n    region       = \"us-east-1\"\n    encrypt      = true\n    use_lockfile = true\n  }\n"), "{other}");

  // Changing the backend is a blueprint-level change the plan calls out.
  ws.edit(
    "blueprints/chat.yaml",
    "container_name: tfstate",
    "container_name: state",
  );
  let plan = ws.ok(&["plan", "blueprints/chat.prod.yaml", "--out", "out"], 0);
  assert!(
    plan.contains("~ state backend `azurerm`: container_name tfstate → state (run `terraform init -migrate-state` to move the existing state)"),
    "{plan}"
  );
  assert!(
    plan.contains("~ terraform\n        backend.azurerm.container_name: \"tfstate\" → \"state\"\n"),
    "{plan}"
  );
}

fn affected(ws: &Workspace, since: &str) -> Value {
  let json = ws.ok(
    &[
      "affected",
      "blueprints",
      "--out",
      "out",
      "--templates",
      "templates",
      "--since",
      since,
      "--format",
      "json",
    ],
    0,
  );
  let document: Value = serde_json::from_str(&json).unwrap();
  let text = std::fs::read_to_string(
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/affected.schema.json"),
  )
  .unwrap();
  let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
  assert!(validator.is_valid(&document), "{json}");
  document
}

fn roots(document: &Value) -> Vec<(String, String)> {
  document["roots"]
    .as_array()
    .unwrap()
    .iter()
    .map(|r| {
      (
        r["root"].as_str().unwrap().to_owned(),
        r["status"].as_str().unwrap().to_owned(),
      )
    })
    .collect()
}

fn pair(root: &str, status: &str) -> (String, String) {
  (root.to_owned(), status.to_owned())
}

#[test]
fn affected_lists_the_roots_a_change_touches() {
  let ws = overlays("affected", true);
  ws.write("templates/README.md", "overrides\n");
  ws.ok(&["render", "blueprints", "--out", "out"], 0);
  ws.commit("render");
  let head = ws.git(&["rev-parse", "HEAD"]).trim().to_owned();

  // Nothing changed.
  assert_eq!(roots(&affected(&ws, "HEAD")), []);
  let text = ws.ok(
    &["affected", "blueprints", "--out", "out", "--since", "HEAD"],
    0,
  );
  assert_eq!(text, "");

  // An overlay: that environment only.
  ws.edit(
    "blueprints/chat.prod.yaml",
    "capacity: 200",
    "capacity: 250",
  );
  let document = affected(&ws, "HEAD");
  assert_eq!(roots(&document), [pair("chat/prod", "changed")]);
  assert_eq!(document["since_commit"], head.as_str());
  assert_eq!(
    document["roots"][0]["reasons"][0],
    "blueprint blueprints/chat.prod.yaml changed"
  );
  let text = ws.ok(
    &["affected", "blueprints", "--out", "out", "--since", "HEAD"],
    0,
  );
  assert_eq!(text, "out/chat/prod\n");
  ws.commit("prod capacity");

  // The base: every environment built on it, and only those.
  ws.edit("blueprints/chat.yaml", "team: ml-platform", "team: ai");
  assert_eq!(
    roots(&affected(&ws, "HEAD")),
    [
      pair("chat/prod", "changed"),
      pair("chat/staging", "changed")
    ]
  );
  // Since an older revision, changes add up.
  ws.commit("team");
  assert_eq!(
    roots(&affected(&ws, &head)),
    [
      pair("chat/prod", "changed"),
      pair("chat/staging", "changed")
    ]
  );

  // A template override of a cloud: the roots that use that cloud (all of them here), and a
  // new blueprint is `added`.
  ws.write(
    "blueprints/vertex.yaml",
    "version: 1\nname: vertex\nclouds:\n  gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  gemini: {cloud: gcp, model: gemini-2.5-flash}\nworkloads:\n  chat: {failover: [gemini]}\n",
  );
  ws.write(
    "templates/azure/monitoring.tf.j2",
    &std::fs::read_to_string(
      std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/azure/monitoring.tf.j2"),
    )
    .unwrap(),
  );
  let document = affected(&ws, "HEAD");
  assert_eq!(
    roots(&document),
    [
      pair("chat/prod", "changed"),
      pair("chat/staging", "changed"),
      pair("other/prod", "changed"),
      pair("vertex/default", "added"),
    ]
  );
  assert_eq!(
    document["roots"][2]["reasons"][0],
    "template templates/azure/monitoring.tf.j2 changed"
  );
  std::fs::remove_file(ws.path("blueprints/vertex.yaml")).unwrap();
  std::fs::remove_dir_all(ws.path("templates/azure")).unwrap();

  // A blueprint deleted and the tree re-rendered: its root is removed, and text output
  // leaves it out (with a warning) because there is nothing left to plan.
  std::fs::remove_file(ws.path("blueprints/other.yaml")).unwrap();
  std::fs::remove_dir_all(ws.path("out/other")).unwrap();
  let document = affected(&ws, "HEAD");
  assert_eq!(roots(&document), [pair("other/prod", "removed")]);
  let (code, stdout, stderr) =
    ws.run(&["affected", "blueprints", "--out", "out", "--since", "HEAD"]);
  assert_eq!((code, stdout.as_str()), (0, ""));
  assert!(
    stderr.contains("warning: other/prod (out/other/prod) is removed"),
    "{stderr}"
  );
}

#[test]
fn affected_explains_a_revision_it_cannot_find() {
  let ws = overlays("affected-bad-rev", true);
  let (code, _, stderr) = ws.run(&["affected", "blueprints", "--since", "no-such-branch"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains(
      "`no-such-branch` is not a commit of this repository; in CI, fetch the history it needs"
    ),
    "{stderr}"
  );
}
