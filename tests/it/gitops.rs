//! The GitOps workflow on scratch repositories: plan as a change review, `render --check`,
//! and safe writes (hand edits refused, foreign files untouched, interruptions harmless).

use crate::workspace;

use std::fs;

use workspace::{CHAT, Workspace};

const PLAN: &[&str] = &["plan", "chat.yaml", "--out", "out", "--detailed-exitcode"];
const RENDER: &[&str] = &["render", "chat.yaml", "--out", "out"];
const CHECK: &[&str] = &["render", "chat.yaml", "--out", "out", "--check"];
const ROOT: &str = "out/chat/prod";

/// A repository with CHAT rendered and committed.
fn rendered(name: &str) -> Workspace {
  let ws = Workspace::new(name, true);
  ws.write("chat.yaml", CHAT);
  ws.ok(RENDER, 0);
  ws.commit("render chat");
  ws
}

#[test]
fn render_then_plan_is_no_changes_with_exit_0() {
  let ws = rendered("plan-clean");
  let stdout = ws.ok(PLAN, 0);
  assert!(
    stdout.contains("no changes: out/chat/prod is what the blueprint renders"),
    "{stdout}"
  );
  assert!(
    stdout.contains("No changes: 1 root matches the blueprints."),
    "{stdout}"
  );
  // Without --detailed-exitcode, pending changes are still exit 0.
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  ws.ok(&PLAN[..4], 0);
}

#[test]
fn a_capacity_change_exits_2_naming_the_address_and_the_attribute() {
  let ws = rendered("plan-capacity");
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  let stdout = ws.ok(PLAN, 2);
  assert!(
    stdout.contains("~ endpoint `gpt-east`: capacity 80 → 120"),
    "{stdout}"
  );
  assert!(
    stdout.contains(
      "~ module.azure.azurerm_cognitive_deployment.gpt_east\n        sku.capacity: 80 → 120\n"
    ),
    "{stdout}"
  );
  assert!(
    stdout.contains("~ change    chat/prod/modules/azure/openai.tf"),
    "{stdout}"
  );
  // The plan wrote nothing.
  assert!(
    ws.read(&format!("{ROOT}/modules/azure/openai.tf"))
      .contains("capacity = 80")
  );
}

#[test]
fn a_removed_endpoint_lists_its_resources_and_files_as_deleted() {
  let ws = rendered("plan-removed");
  // mini-west is the only endpoint in westus3: its account, vault and key go with it.
  ws.edit(
    "chat.yaml",
    "  mini-west:\n    cloud: azure\n    region: westus3\n    model: gpt-4o-mini\n    version: \"2024-07-18\"\n    capacity: 20\n",
    "",
  );
  ws.edit("chat.yaml", ", mini-west]", "]");
  let stdout = ws.ok(PLAN, 2);
  for expected in [
    "- endpoint `mini-west` removed (was azure gpt-4o-mini in westus3",
    "- module.azure.azurerm_cognitive_deployment.mini_west\n",
    "- module.azure.azurerm_cognitive_account.westus3\n",
    "- module.azure.azurerm_key_vault.westus3\n",
  ] {
    assert!(
      stdout.contains(expected),
      "missing {expected:?} in\n{stdout}"
    );
  }

  // A whole module that is no longer generated: its files are listed as deleted.
  let ws = rendered("plan-removed-module");
  let mut json = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--format", "json"],
    0,
  );
  assert!(json.contains("\"status\": \"unchanged\""), "{json}");
  ws.write(
    "chat.yaml",
    &CHAT
      .replace("  azure: {", "  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  azure: {")
      .replace(
        "  gpt-east:\n    cloud: azure\n    model: gpt-4.1\n    version: \"2025-04-14\"\n    sku: GlobalStandard\n    capacity: 80\n  mini-east:\n    cloud: azure\n    model: gpt-4.1-mini\n    version: \"2025-04-14\"\n    sku: Standard\n    capacity: 50\n  mini-west:\n    cloud: azure\n    region: westus3\n    model: gpt-4o-mini\n    version: \"2024-07-18\"\n    capacity: 20\n",
        "  nova:\n    cloud: aws\n    model: amazon.nova-pro-v1:0\n",
      )
      .replace("[gpt-east, mini-east, mini-west]", "[nova]"),
  );
  json = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--format", "json"],
    0,
  );
  let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
  let files = plan["roots"][0]["files"].as_array().unwrap();
  let deleted: Vec<&str> = files
    .iter()
    .filter(|f| f["action"] == "delete")
    .map(|f| f["path"].as_str().unwrap())
    .collect();
  assert!(deleted.contains(&"modules/azure/openai.tf"), "{deleted:?}");
  assert!(
    deleted.contains(&"modules/azure/versions.tf"),
    "{deleted:?}"
  );
  let objects = plan["roots"][0]["objects"].as_array().unwrap();
  let gone = |address: &str| {
    objects
      .iter()
      .any(|o| o["address"] == address && o["action"] == "delete")
  };
  assert!(gone("module.azure"));
  assert!(gone("module.azure.azurerm_cognitive_deployment.gpt_east"));
  assert!(gone("provider.azurerm"));
}

#[test]
fn render_check_passes_on_a_clean_tree_and_fails_with_a_diff_on_stale_output() {
  let ws = rendered("check");
  let stdout = ws.ok(CHECK, 0);
  assert_eq!(stdout, "ok: out/chat/prod is what chat.yaml renders\n");

  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  let before = ws.snapshot("out");
  let stdout = ws.ok(CHECK, 2);
  assert!(
    stdout.contains(
      "--- a/chat/prod/modules/azure/openai.tf\n+++ b/chat/prod/modules/azure/openai.tf\n"
    ),
    "{stdout}"
  );
  assert!(
    stdout.contains("\n-    capacity = 80\n+    capacity = 120\n"),
    "{stdout}"
  );
  assert!(
    stdout.ends_with(
      "differs: out/chat/prod is not what chat.yaml renders; run `switchyard render` and commit the result\n"
    ),
    "{stdout}"
  );
  assert_eq!(ws.snapshot("out"), before, "--check wrote something");

  // A tree that was never rendered: every file would be created, and nothing is written.
  let fresh = Workspace::new("check-fresh", false);
  fresh.write("chat.yaml", CHAT);
  let stdout = fresh.ok(CHECK, 2);
  assert!(
    stdout.contains("--- /dev/null\n+++ b/chat/prod/main.tf\n"),
    "{stdout}"
  );
  assert!(!fresh.path("out").exists());
}

#[test]
fn a_hand_edited_generated_file_fails_the_check_and_is_not_overwritten_without_force() {
  let ws = rendered("hand-edit");
  let main = format!("{ROOT}/main.tf");
  ws.edit(&main, "locals {", "# pinned by hand\nlocals {");
  let edited = ws.read(&main);
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");

  let stdout = ws.ok(CHECK, 2);
  assert!(
    stdout.contains("--- a/chat/prod/main.tf\n+++ b/chat/prod/main.tf\n"),
    "{stdout}"
  );
  assert!(stdout.contains("\n-# pinned by hand\n"), "{stdout}");

  let plan = ws.ok(PLAN, 2);
  assert!(
    plan.contains("out/chat/prod/main.tf was edited by hand after Switchyard wrote it: `render` refuses to replace it without --force"),
    "{plan}"
  );

  let before = ws.snapshot("out");
  let (code, stdout, stderr) = ws.run(RENDER);
  assert_eq!(code, 1, "{stdout}");
  assert!(
    stderr.contains("render would overwrite work that is not Switchyard's:\n  out/chat/prod/main.tf (was edited by hand after Switchyard wrote it)\nnothing was written."),
    "{stderr}"
  );
  assert!(stderr.contains("--force"), "{stderr}");
  assert_eq!(
    ws.snapshot("out"),
    before,
    "a refused render changed the tree"
  );
  assert_eq!(ws.read(&main), edited);

  let (code, _, stderr) = ws.run(&["render", "chat.yaml", "--out", "out", "--force"]);
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr.contains(
      "out/chat/prod/main.tf was edited by hand after Switchyard wrote it; --force replaced it"
    ),
    "{stderr}"
  );
  assert!(!ws.read(&main).contains("pinned by hand"));
  ws.ok(CHECK, 0);
}

#[test]
fn a_file_at_a_generated_path_that_switchyard_did_not_write_is_refused_too() {
  let ws = Workspace::new("not-generated", false);
  ws.write("chat.yaml", CHAT);
  ws.write(&format!("{ROOT}/main.tf"), "# the team's own main.tf\n");
  let (code, _, stderr) = ws.run(RENDER);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("out/chat/prod/main.tf (was not written by Switchyard)"),
    "{stderr}"
  );
  assert_eq!(
    ws.read(&format!("{ROOT}/main.tf")),
    "# the team's own main.tf\n"
  );
}

#[test]
fn foreign_files_survive_every_render() {
  let ws = rendered("foreign");
  let foreign = [
    ("backend.tf", "terraform {\n  backend \"local\" {}\n}\n"),
    ("README.md", "# chat/prod\n"),
    (".terraform/providers/lock", "x"),
    ("modules/azure/NOTES.md", "mine\n"),
  ];
  for (path, text) in foreign {
    ws.write(&format!("{ROOT}/{path}"), text);
  }
  let check_foreign = |when: &str| {
    for (path, text) in foreign {
      assert_eq!(
        fs::read_to_string(ws.path(&format!("{ROOT}/{path}")))
          .ok()
          .as_deref(),
        Some(text),
        "{path} after {when}"
      );
    }
  };
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  ws.ok(RENDER, 0);
  check_foreign("a change");
  ws.edit(&format!("{ROOT}/main.tf"), "locals {", "# edited\nlocals {");
  ws.ok(&["render", "chat.yaml", "--out", "out", "--force"], 0);
  check_foreign("a forced render");
  // Every Azure endpoint goes: the generated modules/azure files are deleted, the user's
  // NOTES.md (and so the directory) stays.
  ws.write(
    "chat.yaml",
    "version: 1\nname: chat\nenvironment: prod\nclouds:\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\nendpoints:\n  nova: {cloud: aws, model: amazon.nova-pro-v1:0}\nworkloads:\n  chat: {failover: [nova]}\n",
  );
  let stdout = ws.ok(RENDER, 0);
  assert!(stdout.contains("deleted"), "{stdout}");
  check_foreign("a module removal");
  assert!(!ws.path(&format!("{ROOT}/modules/azure/openai.tf")).exists());
  ws.ok(CHECK, 0);
  let plan = ws.ok(PLAN, 0);
  assert!(
    !plan.contains("backend.tf"),
    "a foreign file showed up in the plan\n{plan}"
  );
}

#[test]
fn unchanged_files_keep_their_modification_times() {
  let ws = rendered("mtimes");
  let before = ws.snapshot(ROOT);
  std::thread::sleep(std::time::Duration::from_millis(20));
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  ws.ok(RENDER, 0);
  let after = ws.snapshot(ROOT);
  for (path, entry) in &before {
    // The failover chain records each endpoint's capacity too.
    let changed = path == "modules/azure/openai.tf"
      || path == "failover/chat.json"
      || path == ".switchyard-manifest.json";
    if !changed {
      assert_eq!(after.get(path), Some(entry), "{path} was rewritten");
    }
  }
  assert_ne!(
    after.get("modules/azure/openai.tf"),
    before.get("modules/azure/openai.tf")
  );
}

/// Every write operation of a render, failed in turn: each failure leaves the previous tree
/// byte-identical (and with its modification times), and no temporary files behind.
#[test]
fn an_interrupted_render_leaves_the_old_tree_byte_identical() {
  let ws = rendered("interrupted");
  // One render that creates (modules/gcp), changes (the root files) and deletes
  // (modules/azure) files.
  ws.write(
    "chat.yaml",
    "version: 1\nname: chat\nenvironment: prod\nclouds:\n  gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  gemini: {cloud: gcp, model: gemini-2.5-flash}\nworkloads:\n  chat: {failover: [gemini]}\n",
  );
  let old = ws.snapshot("out");
  let plan = ws.ok(PLAN, 2);
  assert!(
    plan.contains("+ create    chat/prod/modules/gcp/"),
    "{plan}"
  );
  assert!(plan.contains("~ change    chat/prod/main.tf"), "{plan}");
  assert!(
    plan.contains("- delete    chat/prod/modules/azure/"),
    "{plan}"
  );

  let mut failures = 0;
  for n in 0.. {
    let limit = n.to_string();
    let (code, stdout, stderr) = ws.run_with(RENDER, &[("SWITCHYARD_FAIL_AFTER_WRITES", &limit)]);
    if code == 0 {
      assert!(stdout.contains("created"), "{stdout}");
      break;
    }
    failures += 1;
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("simulated failure"), "{stderr}");
    assert_eq!(
      ws.snapshot("out"),
      old,
      "failing after {n} writes changed the tree"
    );
    assert!(n < 200, "the render never succeeded");
  }
  // Staging, backups, the journal, directories and renames: many distinct points.
  assert!(failures > 10, "only {failures} failure points");
  ws.ok(CHECK, 0);
}

#[test]
fn a_render_that_dies_midway_is_rolled_back_by_the_next_render() {
  let ws = rendered("crash");
  let old = ws.snapshot("out");
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  ws.edit("chat.yaml", "  team: ml-platform\n", "  team: ai\n");

  // Die after the journal is written and some files are already in place.
  let mut crashed_midway = false;
  for n in 0.. {
    let limit = n.to_string();
    let (code, _, _) = ws.run_with(
      RENDER,
      &[
        ("SWITCHYARD_FAIL_AFTER_WRITES", &limit),
        ("SWITCHYARD_FAIL_MODE", "exit"),
      ],
    );
    assert!(n < 200);
    if code == 0 {
      break;
    }
    assert_eq!(code, 101);
    // Half-written: the journal is there and the first file (main.tf, new tags) is in place.
    let half_written = ws
      .path(&format!("{ROOT}/.switchyard-txn/journal.json"))
      .exists()
      && !ws.read(&format!("{ROOT}/main.tf")).contains("ml-platform");
    if !half_written {
      // Died before applying anything: a render of the old blueprint cleans up and finds the
      // old tree; then try the next crash point.
      let new_blueprint = ws.read("chat.yaml");
      ws.write("chat.yaml", CHAT);
      ws.ok(RENDER, 0);
      assert_eq!(ws.snapshot("out"), old, "after a crash at {n}");
      ws.write("chat.yaml", &new_blueprint);
      continue;
    }
    crashed_midway = true;
    // plan and check refuse to compare against a half-written root.
    let (code, _, stderr) = ws.run(PLAN);
    assert_eq!(code, 1);
    assert!(
      stderr.contains("a render was interrupted while writing this root"),
      "{stderr}"
    );
    let (code, _, _) = ws.run(CHECK);
    assert_eq!(code, 1);
    // Rendering the old blueprint first rolls back: the old tree, byte for byte and mtime
    // for mtime, and then nothing to do.
    let new_blueprint = ws.read("chat.yaml");
    ws.write("chat.yaml", CHAT);
    let stdout = ws.ok(RENDER, 0);
    assert!(
      stdout.contains("(0 created, 0 changed, 0 deleted, "),
      "{stdout}"
    );
    assert_eq!(ws.snapshot("out"), old);
    ws.write("chat.yaml", &new_blueprint);
    break;
  }
  assert!(crashed_midway, "no crash point left a half-written root");
  ws.ok(RENDER, 0);
  ws.ok(CHECK, 0);
}

/// Each durability policy writes the same tree the same transactional way; only when the disk
/// is asked to catch up differs (docs/durability.md). A new root, then an update of it.
#[test]
fn every_fsync_policy_renders_the_same_tree() {
  let reference = rendered("fsync-reference");
  reference.edit("chat.yaml", "capacity: 80", "capacity: 120");
  reference.ok(RENDER, 0);
  // Contents only: modification times differ between workspaces.
  let contents = |ws: &Workspace| -> Vec<(String, Option<Vec<u8>>)> {
    ws.snapshot("out")
      .into_iter()
      .map(|(path, entry)| (path, entry.map(|(bytes, _)| bytes)))
      .collect()
  };
  let expected = contents(&reference);
  for (name, flag) in [("fsync-commit", "--fsync"), ("fsync-file", "--fsync=file")] {
    let ws = Workspace::new(name, false);
    ws.write("chat.yaml", CHAT);
    let args = [RENDER, &[flag]].concat();
    ws.ok(&args, 0);
    ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
    let stdout = ws.ok(&args, 0);
    assert!(stdout.contains("(0 created, 3 changed"), "{flag}: {stdout}");
    assert_eq!(contents(&ws), expected, "{flag}");
    assert!(
      !ws.path(&format!("{ROOT}/.switchyard-txn")).exists(),
      "{flag}"
    );
  }
  // Nothing is written with --check, so there is nothing to sync.
  let (code, _, stderr) = reference.run(&[CHECK, &["--fsync"]].concat());
  // A usage error: exit 1, never 2, which means "changes pending" (issue 14).
  assert_eq!(code, 1, "{stderr}");
  assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn a_new_root_appears_whole_or_not_at_all() {
  let ws = Workspace::new("new-root", false);
  ws.write("chat.yaml", CHAT);
  for n in 0..3 {
    let limit = n.to_string();
    let (code, _, _) = ws.run_with(RENDER, &[("SWITCHYARD_FAIL_AFTER_WRITES", &limit)]);
    assert_eq!(code, 1);
    assert!(!ws.path(ROOT).exists());
    let leftovers: Vec<_> = fs::read_dir(ws.path("out/chat")).map_or(Vec::new(), |d| d.collect());
    assert!(leftovers.is_empty(), "{leftovers:?}");
  }
  ws.ok(RENDER, 0);
  ws.ok(CHECK, 0);
}

#[test]
fn colour_only_on_request_or_a_terminal() {
  let ws = rendered("colour");
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  let plain = ws.ok(&["plan", "chat.yaml", "--out", "out"], 0);
  assert!(!plain.contains('\u{1b}'), "colour on a pipe");
  let coloured = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--color", "always"],
    0,
  );
  assert!(
    coloured.contains("\u{1b}[33m~ module.azure.azurerm_cognitive_deployment.gpt_east\u{1b}[0m"),
    "{coloured}"
  );
}
