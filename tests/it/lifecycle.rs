//! Issue 15: renames, adoption and release keep cloud objects. Each test renders the small
//! Azure blueprint, edits it, and reads what `plan` and `render` make of the edit; the same
//! transitions are held to real Terraform by `.ci/transitions` (tfplan --from).

use crate::workspace;

use serde_json::{Value, json};
use workspace::{CHAT, Workspace};

fn rendered(name: &str) -> Workspace {
  let ws = Workspace::new(name, false);
  ws.write("chat.yaml", CHAT);
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  ws
}

fn plan(ws: &Workspace) -> Value {
  let text = ws.ok(
    &[
      "plan",
      "chat.yaml",
      "--out",
      "out",
      "--format",
      "json",
      "--deny-destroy",
    ],
    0,
  );
  serde_json::from_str(&text).unwrap()
}

#[test]
fn a_renamed_endpoint_moves_and_keeps_its_azure_name() {
  let ws = rendered("lifecycle-rename");
  let text = ws
    .read("chat.yaml")
    .replace("gpt-east", "gpt-primary")
    .replace(
      "  gpt-primary:\n",
      "  gpt-primary:\n    moved_from: gpt-east\n",
    );
  ws.write("chat.yaml", &text);
  let review = plan(&ws);
  assert_eq!(
    review["summary"]["resources"],
    json!({"add": 0, "change": 0, "destroy": 0, "replace": 0, "import": 0, "moved": 1, "forget": 0})
  );
  let intent = &review["roots"][0]["intent"]["changes"];
  assert!(
    intent
      .as_array()
      .unwrap()
      .iter()
      .any(|c| c["description"] == "endpoint `gpt-primary`: name gpt-east → gpt-primary"),
    "{intent:#}"
  );
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  let lifecycle = ws.read("out/chat/prod/lifecycle.tf");
  assert!(
    lifecycle.contains(
      "moved {\n  from = module.azure.azurerm_cognitive_deployment.gpt_east\n  to   = module.azure.azurerm_cognitive_deployment.gpt_primary\n}\n"
    ),
    "{lifecycle}"
  );
  let openai = ws.read("out/chat/prod/modules/azure/openai.tf");
  assert!(
    openai.contains("resource \"azurerm_cognitive_deployment\" \"gpt_primary\" {\n  name                   = \"gpt-east\"\n"),
    "the deployment keeps its Azure name:\n{openai}"
  );
}

#[test]
fn a_released_deployment_is_forgotten_not_destroyed() {
  let ws = rendered("lifecycle-release");
  ws.edit(
    "chat.yaml",
    "    capacity: 50\n",
    "    capacity: 50\n    release: true\n",
  );
  ws.edit(
    "chat.yaml",
    "[gpt-east, mini-east, mini-west]",
    "[gpt-east, mini-west]",
  );
  let review = plan(&ws);
  assert_eq!(review["summary"]["resources"]["forget"], 1);
  assert_eq!(review["summary"]["resources"]["destroy"], 0);
  assert_eq!(review["summary"]["destructions"], 0);
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  assert!(ws.read("out/chat/prod/lifecycle.tf").contains(
    "removed {\n  from = module.azure.azurerm_cognitive_deployment.mini_east\n\n  lifecycle {\n    destroy = false\n  }\n}\n"
  ));
  assert!(
    !ws
      .read("out/chat/prod/modules/azure/openai.tf")
      .contains("\"mini_east\"")
  );
}

#[test]
fn an_adopted_deployment_is_imported_only_from_the_managed_account() {
  let ws = rendered("lifecycle-adopt");
  let openai = ws.read("out/chat/prod/modules/azure/openai.tf");
  let account = openai
    .lines()
    .find_map(|l| l.trim_start().strip_prefix("custom_subdomain_name"))
    .map(|rest| {
      rest
        .trim_start_matches([' ', '=', '"'])
        .trim_end_matches('"')
        .to_owned()
    })
    .expect("an account name");
  let id = |account: &str| {
    format!(
      "/subscriptions/6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718/resourceGroups/rg-chat-prod/providers/Microsoft.CognitiveServices/accounts/{account}/deployments/gpt-by-hand"
    )
  };
  // A deployment of some other account: the import would be followed by a replacement.
  let original = ws.read("chat.yaml");
  ws.write(
    "chat.yaml",
    &original.replace(
      "    capacity: 80\n",
      &format!("    capacity: 80\n    adopt: {}\n", id("oai-elsewhere")),
    ),
  );
  let (code, _, stderr) = ws.run(&["plan", "chat.yaml", "--out", "out"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains(&format!(
      "error: the deployment is in account `oai-elsewhere`, but Switchyard manages `{account}` for eastus2"
    )) && stderr.contains("at endpoints.gpt-east.adopt"),
    "{stderr}"
  );
  // The managed account's: imported, and it keeps its own name.
  ws.write(
    "chat.yaml",
    &original.replace(
      "    capacity: 80\n",
      &format!("    capacity: 80\n    adopt: {}\n", id(&account)),
    ),
  );
  ws.ok(&["render", "chat.yaml", "--out", "out"], 0);
  let lifecycle = ws.read("out/chat/prod/lifecycle.tf");
  assert!(
    lifecycle.contains(&format!(
      "import {{\n  to = module.azure.azurerm_cognitive_deployment.gpt_east\n  id = \"{}\"\n}}\n",
      id(&account)
    )),
    "{lifecycle}"
  );
  assert!(
    ws.read("out/chat/prod/modules/azure/openai.tf")
      .contains("  name                   = \"gpt-by-hand\"\n")
  );
}

#[test]
fn a_renamed_blueprint_is_compared_with_its_former_root() {
  let ws = rendered("lifecycle-blueprint");
  ws.edit(
    "chat.yaml",
    "name: chat\n",
    "name: assistant\nmoved_from: chat\n",
  );
  let review = plan(&ws);
  let root = &review["roots"][0];
  assert_eq!(root["root"], "assistant/prod");
  // Only the blueprint tag changes, on every tagged resource; nothing is created or destroyed.
  let resources = &review["summary"]["resources"];
  assert_eq!(
    (resources["add"].as_u64(), resources["destroy"].as_u64()),
    (Some(0), Some(0))
  );
  assert!(resources["change"].as_u64().unwrap() > 0);
  assert!(
    root["notes"][0]
      .as_str()
      .unwrap()
      .starts_with("renamed from `chat`: compared with out/chat/prod"),
    "{root:#}"
  );
}
