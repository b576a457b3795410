//! The three plan formats of one review, snapshotted; the JSON document validated against
//! its documented schema (docs/plan.schema.json) in every situation a root can be in.

use crate::workspace;

use serde_json::Value;
use workspace::{CHAT, Workspace};

const ROOT: &str = "out/chat/prod";

/// Two roots, one untouched; the other with a capacity change, a new failover order, an
/// endpoint removed and one added, a tag changed, and a generated file edited by hand.
fn scenario() -> Workspace {
  let ws = Workspace::new("formats", true);
  ws.write("blueprints/chat.yaml", CHAT);
  ws.write(
    "blueprints/staging.yaml",
    &CHAT.replace("environment: prod", "environment: staging"),
  );
  ws.ok(&["render", "blueprints", "--out", "out"], 0);
  ws.commit("render");
  let chat = "blueprints/chat.yaml";
  ws.edit(chat, "capacity: 80", "capacity: 120");
  ws.edit(
    chat,
    "[gpt-east, mini-east, mini-west]",
    "[mini-east, gpt-east, o4-east]",
  );
  ws.edit(
    chat,
    "  mini-west:\n    cloud: azure\n    region: westus3\n    model: gpt-4o-mini\n    version: \"2024-07-18\"\n    capacity: 20\n",
    "  o4-east:\n    cloud: azure\n    model: o4-mini\n    version: \"2025-04-16\"\n    sku: GlobalStandard\n    capacity: 50\n",
  );
  ws.edit(chat, "team: ml-platform", "team: ai-platform");
  ws.edit(
    &format!("{ROOT}/outputs.tf"),
    "output",
    "# reviewed by hand\noutput",
  );
  ws
}

fn plan(ws: &Workspace, format: &str) -> String {
  ws.ok(
    &[
      "plan",
      "blueprints",
      "--out",
      "out",
      "--format",
      format,
      "--detailed-exitcode",
      "--color",
      "never",
    ],
    2,
  )
}

#[test]
fn text_format() {
  insta::assert_snapshot!(plan(&scenario(), "text"));
}

#[test]
fn markdown_format() {
  let markdown = plan(&scenario(), "markdown");
  assert!(
    markdown.contains("\n```mermaid\nflowchart LR\n"),
    "{markdown}"
  );
  assert!(markdown.contains("<details><summary>"), "{markdown}");
  insta::assert_snapshot!(markdown);
}

#[test]
fn json_format() {
  let json = plan(&scenario(), "json");
  validate(&json);
  insta::assert_snapshot!(json);
}

fn schema() -> jsonschema::Validator {
  let text = std::fs::read_to_string(workspace_root().join("docs/plan.schema.json")).unwrap();
  let schema: Value = serde_json::from_str(&text).unwrap();
  jsonschema::validator_for(&schema).unwrap()
}

fn workspace_root() -> std::path::PathBuf {
  std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validate(json: &str) -> Value {
  let document: Value = serde_json::from_str(json).unwrap();
  let validator = schema();
  let errors: Vec<String> = validator
    .iter_errors(&document)
    .map(|e| format!("{} at {}", e, e.instance_path()))
    .collect();
  assert!(errors.is_empty(), "{errors:#?}\n{json}");
  document
}

fn json_plan(ws: &Workspace, args: &[&str], code: i32) -> Value {
  let mut all = vec!["plan"];
  all.extend_from_slice(args);
  all.extend_from_slice(&["--out", "out", "--format", "json", "--detailed-exitcode"]);
  validate(&ws.ok(&all, code))
}

#[test]
fn the_json_document_follows_its_schema_in_every_situation() {
  // Changed, unchanged, hand-edited: the scenario above.
  let document = validate(&plan(&scenario(), "json"));
  assert_eq!(document["summary"]["roots_changed"], 1);
  assert_eq!(document["roots"][1]["status"], "unchanged");
  let files = document["roots"][0]["files"].as_array().unwrap();
  assert!(
    files
      .iter()
      .any(|f| f["path"] == "outputs.tf" && f["conflict"] == "edited_by_hand"),
    "{files:?}"
  );

  // A root not rendered yet: everything is created, and the intent lists the blueprint.
  let ws = Workspace::new("schema-new", false);
  ws.write("chat.yaml", CHAT);
  let document = json_plan(&ws, &["chat.yaml"], 2);
  let root = &document["roots"][0];
  assert_eq!(root["status"], "create");
  assert_eq!(root["intent"]["known"], true);
  assert!(
    root["objects"]
      .as_array()
      .unwrap()
      .iter()
      .all(|o| o["action"] == "create")
  );

  // No changes.
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  let document = json_plan(&ws, &["chat.yaml"], 0);
  assert_eq!(document["changes_pending"], false);
  assert_eq!(document["roots"][0]["objects"], Value::Array(Vec::new()));

  // A manifest without the blueprint (an older Switchyard) and a file that does not parse.
  let manifest_path = format!("{ROOT}/.switchyard-manifest.json");
  let mut manifest: Value = serde_json::from_str(&ws.read(&manifest_path)).unwrap();
  manifest.as_object_mut().unwrap().remove("blueprint");
  ws.write(
    &manifest_path,
    &serde_json::to_string_pretty(&manifest).unwrap(),
  );
  ws.write(&format!("{ROOT}/outputs.tf"), "output \"broken\" {\n");
  let document = json_plan(&ws, &["chat.yaml"], 2);
  let root = &document["roots"][0];
  assert_eq!(root["intent"]["known"], false);
  let notes: Vec<&str> = root["notes"]
    .as_array()
    .unwrap()
    .iter()
    .map(|n| n.as_str().unwrap())
    .collect();
  assert!(
    notes
      .iter()
      .any(|n| n.starts_with("out/chat/prod/outputs.tf does not parse")),
    "{notes:?}"
  );
}

/// The schema is not vacuous: documents with a missing, misspelt or mistyped field fail.
#[test]
fn the_schema_rejects_documents_that_break_it() {
  let validator = schema();
  let good: Value = serde_json::from_str(&plan(&scenario(), "json")).unwrap();
  assert!(validator.is_valid(&good));
  let mut broken = Vec::new();
  let mut missing = good.clone();
  missing["roots"][0]
    .as_object_mut()
    .unwrap()
    .remove("objects");
  broken.push(missing);
  let mut renamed = good.clone();
  let object = renamed["roots"][0]["objects"][0].as_object_mut().unwrap();
  let address = object.remove("address").unwrap();
  object.insert("adress".to_owned(), address);
  broken.push(renamed);
  let mut wrong_action = good.clone();
  wrong_action["roots"][0]["files"][0]["action"] = Value::from("modify");
  broken.push(wrong_action);
  let mut wrong_type = good;
  wrong_type["summary"]["files"]["create"] = Value::from("3");
  broken.push(wrong_type);
  for document in &broken {
    assert!(!validator.is_valid(document), "accepted {document}");
  }
}

/// Issue 15: destruction is loud. The scenario removes `mini-west`, the only endpoint in
/// westus3, and with it that region's account, vault and key: `--deny-destroy` prints the
/// whole review, then fails naming each of them; a capacity change alone passes.
#[test]
fn deny_destroy_refuses_after_the_review_and_names_every_destruction() {
  let ws = scenario();
  let (code, stdout, stderr) = ws.run(&[
    "plan",
    "blueprints",
    "--out",
    "out",
    "--deny-destroy",
    "--color",
    "never",
  ]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stdout.contains("DESTROYED OR REPLACED") && stdout.ends_with("listed under each root).\n"),
    "{stdout}"
  );
  let refusal: Vec<&str> = stderr
    .lines()
    .skip_while(|l| !l.starts_with("error: --deny-destroy"))
    .collect();
  assert_eq!(
    refusal,
    [
      "error: --deny-destroy: 4 stateful or expensive objects would be destroyed or replaced:",
      "  chat/prod - module.azure.azurerm_cognitive_account.westus3 (no longer in the rendered configuration)",
      "  chat/prod - module.azure.azurerm_cognitive_account_customer_managed_key.westus3 (no longer in the rendered configuration)",
      "  chat/prod - module.azure.azurerm_cognitive_deployment.mini_west (no longer in the rendered configuration)",
      "  chat/prod - module.azure.azurerm_key_vault.westus3 (no longer in the rendered configuration)",
    ]
  );

  let ws = Workspace::new("deny-destroy-capacity", false);
  ws.write("chat.yaml", CHAT);
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  let document = json_plan(&ws, &["chat.yaml", "--deny-destroy"], 2);
  assert_eq!(document["summary"]["destructions"], 0);
  assert_eq!(
    document["summary"]["resources"],
    serde_json::json!({"add": 0, "change": 1, "destroy": 0, "replace": 0, "import": 0, "moved": 0, "forget": 0})
  );
}

/// Issue 15: a new SKU is a new Azure deployment (`sku.name` forces replacement in azurerm
/// 4.79), counted as Terraform counts it: one to add, one to destroy.
#[test]
fn a_new_sku_replaces_the_deployment_and_says_why() {
  let ws = Workspace::new("replace-sku", false);
  ws.write("chat.yaml", CHAT);
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  ws.edit("chat.yaml", "sku: GlobalStandard", "sku: DataZoneStandard");
  let document = json_plan(&ws, &["chat.yaml"], 2);
  let root = &document["roots"][0];
  let replaced: Vec<&Value> = root["objects"]
    .as_array()
    .unwrap()
    .iter()
    .filter(|o| o["action"] == "replace")
    .collect();
  assert_eq!(replaced.len(), 1, "{root:#}");
  assert_eq!(
    replaced[0]["replaced_because"],
    serde_json::json!(["sku.name"])
  );
  assert_eq!(root["destructions"][0]["action"], "replace");
  assert_eq!(
    document["summary"]["resources"],
    serde_json::json!({"add": 1, "change": 0, "destroy": 1, "replace": 1, "import": 0, "moved": 0, "forget": 0})
  );
}

/// Issue 15: nothing to review prints one line per root, not its graph and tables.
#[test]
fn an_unchanged_root_is_one_line() {
  let ws = Workspace::new("concise", false);
  ws.write("chat.yaml", CHAT);
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  let text = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--color", "never"],
    0,
  );
  assert_eq!(
    text,
    "chat/prod (chat.yaml)\n  no changes: out/chat/prod is what the blueprint renders\n\nNo changes: 1 root matches the blueprints.\n"
  );
}
