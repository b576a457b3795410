//! Issue 14: a hostile repository, concurrency and failure. The blueprints *and the committed
//! tree* come from whoever opened the pull request; each test here failed on the main branch
//! the issue was filed against.

use crate::workspace;

use std::fs;
use std::process::{Command, Stdio};

use workspace::{CHAT, Workspace};

const RENDER: &[&str] = &["render", "chat.yaml", "--out", "out"];
const PLAN: &[&str] = &["plan", "chat.yaml", "--out", "out", "--detailed-exitcode"];
const CHECK: &[&str] = &["render", "chat.yaml", "--out", "out", "--check"];
const ROOT: &str = "out/chat/prod";
const TXN: &str = "out/chat/prod/.switchyard-txn";

fn rendered(name: &str) -> Workspace {
  let ws = Workspace::new(name, false);
  ws.write("chat.yaml", CHAT);
  ws.ok(RENDER, 0);
  ws
}

fn sha256(bytes: &[u8]) -> String {
  use sha2::Digest as _;
  sha2::Sha256::digest(bytes)
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect()
}

/// A journal as an interrupted render leaves it, with whatever paths a pull request chose.
fn plant_journal(ws: &Workspace, journal: &str) {
  fs::create_dir_all(ws.path(&format!("{TXN}/old"))).unwrap();
  fs::write(ws.path(&format!("{TXN}/journal.json")), journal).unwrap();
}

/// Issue 14, 1: paths that leave the root, absolute paths and a linked backup directory in a
/// committed journal are refused with an error that changes nothing, inside the tree or out.
#[test]
fn a_hostile_journal_changes_nothing_anywhere() {
  let hostile = [
    r#"{"created":["../../../victim.txt"],"replaced":[],"deleted":[],"directories":[]}"#,
    r#"{"created":[],"replaced":[],"deleted":["/tmp/victim.txt"],"directories":[]}"#,
    r#"{"created":["backend.tf"],"replaced":[],"deleted":[],"directories":[]}"#,
    r#"{"created":["failover/x.json"],"replaced":[],"deleted":[],"directories":["../../.."]}"#,
  ];
  for (index, journal) in hostile.iter().enumerate() {
    let ws = rendered(&format!("journal-{index}"));
    ws.write("victim.txt", "the runner's file\n");
    ws.write("out/chat/prod/backend.tf", "terraform {}\n");
    plant_journal(&ws, journal);
    let before = ws.snapshot(".");
    let (code, _, stderr) = ws.run(RENDER);
    assert_eq!(code, 1, "{journal}: {stderr}");
    assert!(
      stderr.contains("journal.json: the journal of an interrupted render lists"),
      "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(ws.snapshot("."), before, "{journal} changed files");
  }

  // A backup directory that is a link to somewhere else: nothing is pulled in from there.
  let ws = rendered("journal-link");
  let elsewhere = ws.path("elsewhere");
  fs::create_dir_all(&elsewhere).unwrap();
  fs::write(elsewhere.join("main.tf"), "stolen\n").unwrap();
  fs::create_dir_all(ws.path(TXN)).unwrap();
  std::os::unix::fs::symlink(&elsewhere, ws.path(&format!("{TXN}/old"))).unwrap();
  fs::write(
    ws.path(&format!("{TXN}/journal.json")),
    r#"{"created":[],"replaced":["main.tf"],"deleted":[],"directories":[]}"#,
  )
  .unwrap();
  let main = ws.read("out/chat/prod/main.tf");
  let (code, _, stderr) = ws.run(RENDER);
  assert_eq!(code, 1, "{stderr}");
  assert!(stderr.contains("symbolic link"), "{stderr}");
  assert_eq!(ws.read("out/chat/prod/main.tf"), main);
  assert_eq!(
    fs::read_to_string(elsewhere.join("main.tf")).unwrap(),
    "stolen\n"
  );
  assert!(fs::symlink_metadata(ws.path(&format!("{TXN}/old"))).is_ok_and(|m| m.is_symlink()));
}

/// Issue 14, 2: a manifest that lists a user's files with their real hashes cannot make
/// `render` delete them.
#[test]
fn a_hostile_manifest_cannot_delete_user_files() {
  let ws = rendered("manifest");
  let backend = "terraform {\n  backend \"s3\" {}\n}\n";
  let state = "{\"version\": 4}\n";
  ws.write("out/chat/prod/backend.tf", backend);
  ws.write("out/chat/prod/.terraform/terraform.tfstate", state);
  let manifest_path = "out/chat/prod/.switchyard-manifest.json";
  let mut manifest: serde_json::Value = serde_json::from_str(&ws.read(manifest_path)).unwrap();
  let files = manifest["files"].as_object_mut().unwrap();
  files.insert("backend.tf".into(), sha256(backend.as_bytes()).into());
  files.insert(
    ".terraform/terraform.tfstate".into(),
    sha256(state.as_bytes()).into(),
  );
  files.insert("../../../chat.yaml".into(), sha256(CHAT.as_bytes()).into());
  ws.write(manifest_path, &serde_json::to_string(&manifest).unwrap());
  let stdout = ws.ok(RENDER, 0);
  assert!(stdout.contains(", 0 deleted,"), "{stdout}");
  assert_eq!(ws.read("out/chat/prod/backend.tf"), backend);
  assert_eq!(ws.read("out/chat/prod/.terraform/terraform.tfstate"), state);
  assert_eq!(ws.read("chat.yaml"), CHAT);
}

/// Issue 14, 3: an empty journal (a kill between creating and writing it, by an older
/// version) does not brick the root: nothing was applied, so the next render discards it.
#[test]
fn an_empty_journal_is_discarded_not_fatal() {
  let ws = rendered("empty-journal");
  let before = ws.snapshot("out");
  fs::create_dir_all(ws.path(TXN)).unwrap();
  fs::write(ws.path(&format!("{TXN}/journal.json")), "").unwrap();
  let (code, _, stderr) = ws.run(PLAN);
  assert_eq!(code, 1);
  assert!(stderr.contains("run `switchyard render`"), "{stderr}");
  ws.ok(RENDER, 0);
  assert_eq!(ws.snapshot("out"), before);
  ws.ok(PLAN, 0);
  ws.ok(CHECK, 0);
}

/// Issue 14, 4: renders racing each other never interleave. Two blueprints that differ in
/// every root file, rendered concurrently again and again: the tree is always exactly one
/// of the two renders, never empty files, never a mix.
#[test]
fn concurrent_renders_never_interleave() {
  let ws = rendered("concurrent");
  let other = CHAT
    .replace("team: ml-platform", "team: ai")
    .replace("capacity: 80", "capacity: 90");
  ws.write("other.yaml", &other);
  let binary = env!("CARGO_BIN_EXE_switchyard");
  for round in 0..6 {
    let spawn = |file: &str| {
      Command::new(binary)
        .args(["render", file, "--out", "out"])
        .env("SWITCHYARD_TODAY", "2026-06-01")
        .current_dir(&ws.dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let (first, second) = if round % 2 == 0 {
      (spawn("chat.yaml"), spawn("other.yaml"))
    } else {
      (spawn("other.yaml"), spawn("chat.yaml"))
    };
    for child in [first, second] {
      let output = child.wait_with_output().unwrap();
      assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
      );
    }
    let snapshot = ws.snapshot(ROOT);
    for (path, entry) in &snapshot {
      if let Some((bytes, _)) = entry {
        assert!(!bytes.is_empty(), "round {round}: {path} is empty");
      }
    }
    let chat = ws.run(CHECK).0;
    let (other_code, _, _) = ws.run(&["render", "other.yaml", "--out", "out", "--check"]);
    assert!(
      (chat == 0) != (other_code == 0),
      "round {round}: the tree is neither render (check exit codes {chat}, {other_code})"
    );
  }
}

/// Issue 14, 4: while another process holds a root, a render waits, says so, and gives up
/// after the timeout with a "busy" error that changes nothing.
#[test]
fn a_held_root_makes_render_wait_then_fail_busy() {
  let ws = rendered("busy");
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  let before = ws.snapshot("out");
  let held = fs::File::open(ws.path("out/chat")).unwrap();
  held.lock().unwrap();
  let (code, _, stderr) = ws.run_with(RENDER, &[("SWITCHYARD_LOCK_TIMEOUT", "1")]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("waiting for another switchyard process"),
    "{stderr}"
  );
  assert!(
    stderr.contains("busy: another switchyard process"),
    "{stderr}"
  );
  assert_eq!(ws.snapshot("out"), before);
  // plan reads: it waits for a writer too.
  let (code, _, stderr) = ws.run_with(PLAN, &[("SWITCHYARD_LOCK_TIMEOUT", "0")]);
  assert_eq!(code, 1, "{stderr}");
  held.unlock().unwrap();
  ws.ok(RENDER, 0);
}

/// Issue 14, 5: a rollback that hits an error goes on, keeps the backups it still needs,
/// and reports the original error and the rollback's; the next render finishes the rollback.
#[test]
fn a_failing_rollback_keeps_its_backups_and_reports_both_errors() {
  let ws = rendered("rollback");
  let old = ws.snapshot("out");
  let old_files: Vec<(String, Vec<u8>)> = old
    .iter()
    .filter_map(|(path, entry)| {
      entry
        .as_ref()
        .map(|(bytes, _)| (path.clone(), bytes.clone()))
    })
    .collect();
  ws.edit("chat.yaml", "capacity: 80", "capacity: 120");
  ws.edit("chat.yaml", "  team: ml-platform\n", "  team: ai\n");
  let mut tested = false;
  for n in 0..200 {
    let limit = n.to_string();
    let (code, _, stderr) = ws.run_with(
      RENDER,
      &[
        ("SWITCHYARD_FAIL_AFTER_WRITES", &limit),
        ("SWITCHYARD_FAIL_ROLLBACK", "0"),
      ],
    );
    assert!(code != 0, "the render never reached a rollback");
    if !stderr.contains("rolling it back failed too") {
      // Failed before anything was applied: no rollback ran.
      assert_eq!(ws.snapshot("out"), old, "after {n} writes");
      continue;
    }
    assert!(
      stderr.contains("simulated failure (SWITCHYARD_FAIL_AFTER_WRITES)"),
      "{stderr}"
    );
    assert!(
      stderr.contains("simulated failure (SWITCHYARD_FAIL_ROLLBACK)"),
      "{stderr}"
    );
    assert!(ws.path(&format!("{TXN}/journal.json")).exists());
    // The next render (of the old blueprint) finishes the rollback: the old bytes.
    ws.write("chat.yaml", CHAT);
    ws.ok(RENDER, 0);
    for (path, bytes) in &old_files {
      assert_eq!(
        &fs::read(ws.path(&format!("out/{path}"))).unwrap(),
        bytes,
        "{path}"
      );
    }
    assert!(!ws.path(TXN).exists());
    tested = true;
    break;
  }
  assert!(tested);
}

/// Issue 14, 7: tag keys reach HCL byte-exact; the formatter never pads inside a quoted key.
#[test]
fn tag_keys_holding_an_equals_sign_stay_distinct() {
  let ws = Workspace::new("tag-keys", false);
  ws.write(
    "chat.yaml",
    &CHAT.replace(
      "  team: ml-platform\n",
      "  team: ml-platform\n  \"a = b\": one\n  \"a  = b\": two\n",
    ),
  );
  ws.ok(RENDER, 0);
  let main = ws.read("out/chat/prod/main.tf");
  assert!(main.contains("\"a = b\"  "), "{main}");
  assert!(main.contains("\"a  = b\" "), "{main}");
  assert!(main.contains("= \"one\""), "{main}");
  assert!(main.contains("= \"two\""), "{main}");
}

/// Issue 14, 9: a usage error exits 1, never 2 (which means "changes pending").
#[test]
fn usage_errors_exit_1_and_help_exits_0() {
  let ws = Workspace::new("usage", false);
  for args in [
    &["render", "--no-such-flag"][..],
    &["plan"][..],
    &["no-such-command"][..],
    &["plan", "x.yaml", "--format", "yaml"][..],
  ] {
    let (code, _, stderr) = ws.run(args);
    assert_eq!(code, 1, "{args:?}: {stderr}");
    assert!(stderr.contains("error:"), "{stderr}");
  }
  assert_eq!(ws.run(&["--help"]).0, 0);
  assert_eq!(ws.run(&["--version"]).0, 0);
}

/// Issue 14, 8: user text in `plan --format markdown` and `text` cannot forge or hide lines
/// of the review. The "before" side comes from the manifest in the committed tree, so a pull
/// request controls it entirely: here it ends the comment's fold and claims "No changes".
#[test]
fn plan_output_escapes_user_text_for_its_format() {
  let ws = rendered("plan-escape");
  let manifest_path = "out/chat/prod/.switchyard-manifest.json";
  let mut manifest: serde_json::Value = serde_json::from_str(&ws.read(manifest_path)).unwrap();
  let forged = "x\n</details>\n\n**No changes** `` ` ``\u{1b}[2J";
  manifest["blueprint"]["tag"]["team"]["value"] = forged.into();
  manifest["blueprint"]["endpoint"]["gone`\n# evil"] =
    manifest["blueprint"]["endpoint"]["gpt-east"].clone();
  ws.write(manifest_path, &serde_json::to_string(&manifest).unwrap());

  let markdown = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--format", "markdown"],
    0,
  );
  assert!(
    !markdown.contains("</details>\n\n**No changes**"),
    "{markdown}"
  );
  assert!(markdown.contains("&lt;/details&gt;"), "{markdown}");
  assert!(!markdown.contains('\u{1b}'), "{markdown}");
  assert!(!markdown.contains("\n# evil"), "{markdown}");
  // Every line the tag change adds is the one list item.
  let tag_lines: Vec<&str> = markdown
    .lines()
    .filter(|l| l.contains("tag `team`"))
    .collect();
  assert_eq!(tag_lines.len(), 1, "{markdown}");
  assert!(tag_lines[0].ends_with("→ ml-platform"), "{}", tag_lines[0]);

  let text = ws.ok(&["plan", "chat.yaml", "--out", "out"], 0);
  assert!(!text.contains('\u{1b}'), "{text}");
  assert!(!text.contains("\n</details>"), "{text}");
  assert!(
    text.contains("x\\n</details>\\n\\n**No changes**"),
    "{text}"
  );
}

/// A blueprint with `unknown` keys that are not part of the format.
fn with_unknown_keys(count: usize) -> String {
  let mut text = CHAT.to_owned();
  for i in 0..count {
    text.push_str(&format!("unknown-key-{i}: 1\n"));
  }
  text
}

/// Issue 14, 6: at most 100 diagnostics are printed, then a count; 100,000 unknown keys
/// printed 28.9 MB.
#[test]
fn diagnostics_are_capped_at_100_with_a_count() {
  let ws = Workspace::new("diagnostics-cap", false);
  // CHAT itself has one warning: 99 unknown keys make exactly 100 diagnostics.
  ws.write("at.yaml", &with_unknown_keys(99));
  let (code, _, stderr) = ws.run(&["validate", "at.yaml"]);
  assert_eq!(code, 1);
  assert_eq!(stderr.matches("error: unknown key").count(), 99, "{stderr}");
  assert_eq!(
    stderr.matches("\nwarning: ").count() + usize::from(stderr.starts_with("warning: ")),
    1
  );
  assert!(!stderr.contains("more not shown"), "{stderr}");
  assert!(stderr.ends_with("error: 99 problems found; nothing was written\n"));

  ws.write("beyond.yaml", &with_unknown_keys(5000));
  let (code, _, stderr) = ws.run(&["validate", "beyond.yaml"]);
  assert_eq!(code, 1);
  assert_eq!(stderr.matches("error: unknown key").count(), 100);
  assert!(
    stderr.contains("… 4901 more not shown (the first 100 are above)"),
    "{}",
    &stderr[stderr.len().saturating_sub(400)..]
  );
  assert!(stderr.ends_with("error: 5000 problems found; nothing was written\n"));
  assert!(stderr.len() < 100_000, "{} bytes", stderr.len());
}

/// Issue 14, 6: a huge invalid value is elided in the message, not echoed whole.
#[test]
fn a_huge_invalid_value_is_elided_in_the_message() {
  let ws = Workspace::new("elided", false);
  let huge = "Z".repeat(1024 * 1024);
  ws.write(
    "chat.yaml",
    &CHAT.replace("name: chat", &format!("name: {huge}")),
  );
  let (code, _, stderr) = ws.run(&["validate", "chat.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("more bytes)"),
    "{}",
    &stderr[..500.min(stderr.len())]
  );
  assert!(stderr.len() < 20_000, "{} bytes of stderr", stderr.len());
}

/// Issue 14, 6: flow nesting deeper than 128 is refused before the YAML parser runs; a
/// million `[` used to never finish. Exactly 128 levels is still parsed.
#[test]
fn deep_flow_nesting_is_refused_before_parsing() {
  let ws = Workspace::new("nesting", false);
  ws.write("deep.yaml", &format!("x: {}\n", "[".repeat(1_000_000)));
  let started = std::time::Instant::now();
  let (code, _, stderr) = ws.run(&["validate", "deep.yaml"]);
  assert_eq!(code, 1);
  assert!(stderr.contains("nests deeper than 128 levels"), "{stderr}");
  assert!(stderr.contains("deep.yaml:1:132"), "{stderr}");
  // Not a timing target: a guard against the scan being skipped (it never finished before).
  assert!(started.elapsed().as_secs() < 60);
  ws.write(
    "at.yaml",
    // The top-level mapping is the first of serde_yaml's 128 levels.
    &format!("x: {}{}\n", "[".repeat(127), "]".repeat(127)),
  );
  let (_, _, stderr) = ws.run(&["validate", "at.yaml"]);
  assert!(!stderr.contains("nests deeper"), "{stderr}");
}

/// Issue 14, 6: alias expansion is bounded in bytes, not only in events: a file of a few KB
/// whose aliases would make megabytes is refused, located at the alias that tipped it.
#[test]
fn alias_expansion_is_bounded_in_bytes() {
  let ws = Workspace::new("alias-bytes", false);
  let anchor = "x".repeat(64 * 1024);
  let mut text = format!("version: 1\nname: chat\ndescription: &big {anchor}\ntags:\n");
  // Within the budget: 4 × the file plus 1 MiB of scalar text.
  for i in 0..16 {
    text.push_str(&format!("  t{i}: *big\n"));
  }
  ws.write("within.yaml", &text);
  let (_, _, stderr) = ws.run(&["validate", "within.yaml"]);
  assert!(!stderr.contains("alias bomb"), "{stderr}");
  for i in 16..200 {
    text.push_str(&format!("  t{i}: *big\n"));
  }
  ws.write("beyond.yaml", &text);
  let (code, _, stderr) = ws.run(&["validate", "beyond.yaml"]);
  assert_eq!(code, 1);
  assert!(stderr.contains("(an alias bomb)"), "{stderr}");
  assert!(stderr.contains("beyond.yaml:3:14 at tags.t"), "{stderr}");
}

/// Issue 14, 10: renaming an environment leaves the old root orphaned; `plan`, `render
/// --check` and `affected` report it, `render --prune` removes its generated files only.
#[test]
fn a_renamed_environment_reports_the_orphaned_root_and_prune_removes_it() {
  let ws = Workspace::new("orphan", true);
  ws.write("chat.yaml", CHAT);
  let other = CHAT.replace("name: chat", "name: other");
  ws.write("other.yaml", &other);
  ws.ok(&["render", "chat.yaml", "other.yaml", "--out", "out"], 0);
  ws.write("out/chat/prod/backend.tf", "terraform {}\n");
  ws.commit("render");

  // Rendering one blueprint of several says nothing about the others.
  let (code, _, stderr) = ws.run(RENDER);
  assert_eq!(code, 0);
  assert!(!stderr.contains("orphaned"), "{stderr}");

  ws.edit("chat.yaml", "environment: prod", "environment: staging");
  let plan = ws.ok(PLAN, 2);
  assert!(
    plan.contains("! orphaned  out/chat/prod: chat.yaml no longer renders it"),
    "{plan}"
  );
  assert!(plan.contains("terraform state mv"), "{plan}");
  let json = ws.ok(
    &["plan", "chat.yaml", "--out", "out", "--format", "json"],
    0,
  );
  assert!(json.contains("\"orphans\": ["), "{json}");
  let check = ws.run(CHECK);
  assert_eq!(check.0, 2, "{}{}", check.1, check.2);
  assert!(
    check.1.contains("orphaned: out/chat/prod is orphaned"),
    "{}",
    check.1
  );
  let affected = ws.ok(
    &[
      "affected",
      "chat.yaml",
      "--since",
      "HEAD",
      "--out",
      "out",
      "--format",
      "json",
    ],
    0,
  );
  assert!(affected.contains("\"status\": \"orphaned\""), "{affected}");

  // Without --prune the old root stays, with a warning.
  let (code, _, stderr) = ws.run(RENDER);
  assert_eq!(code, 0);
  assert!(stderr.contains("out/chat/prod is orphaned"), "{stderr}");
  assert!(ws.path("out/chat/prod/main.tf").exists());

  // A deleted blueprint orphans its root too.
  fs::remove_file(ws.path("other.yaml")).unwrap();
  let stdout = ws.ok(&["render", "chat.yaml", "--out", "out", "--prune"], 0);
  assert!(stdout.contains("pruned out/chat/prod:"), "{stdout}");
  assert!(stdout.contains("pruned out/other/prod:"), "{stdout}");
  assert!(!ws.path("out/chat/prod/main.tf").exists());
  assert!(!ws.path("out/chat/prod/modules").exists());
  assert!(!ws.path("out/other").exists());
  // The user's own file stays, and so does the directory holding it.
  assert_eq!(ws.read("out/chat/prod/backend.tf"), "terraform {}\n");
  ws.ok(CHECK, 0);
}

/// The recovery fuzz target's checks on hand-picked states: hostile journals and manifests,
/// empty and truncated ones. `cargo fuzz run recover` explores the rest.
#[test]
fn recovery_over_arbitrary_tree_states_stays_inside_the_root() {
  let states: &[&[u8]] = &[
    b"",
    b"{",
    br#"{"created":["../../victim.txt"],"replaced":[],"deleted":[],"directories":[]}"#,
    br#"{"created":[],"replaced":["main.tf"],"deleted":["backend.tf"],"directories":[]}"#,
    br#"{"created":["main.tf"],"replaced":[],"deleted":[],"directories":["modules"]}"#,
    b"\xff{\"generator\":\"switchyard\",\"format\":1,\"files\":{\"backend.tf\":\"x\",\"../victim.txt\":\"y\"}}",
    br#"{"created":[],"replaced":["main.tf"],"deleted":[],"directories":[]}"#,
  ];
  for state in states {
    switchyard::fuzzing::recover(state);
  }
}

/// Issue 17: a run with a render memo of this test's own (outside `out/`, as a user's is).
fn with_memo(ws: &Workspace, args: &[&str]) -> (i32, String, String) {
  let memo = ws.path("memo").display().to_string();
  ws.run_with(args, &[("SWITCHYARD_CACHE_DIR", memo.as_str())])
}

/// The same run without any memo: what every run did before issue 17.
fn without_memo(ws: &Workspace, args: &[&str]) -> (i32, String, String) {
  ws.run_with(args, &[("SWITCHYARD_CACHE_DIR", "")])
}

fn memo_entries(ws: &Workspace) -> usize {
  fs::read_dir(ws.path("memo/renders-v1")).map_or(0, |d| d.count())
}

fn memo_workspace(name: &str) -> Workspace {
  let ws = Workspace::new(name, false);
  ws.write("chat.yaml", CHAT);
  let (code, _, stderr) = with_memo(&ws, RENDER);
  assert_eq!(code, 0, "{stderr}");
  assert_eq!(memo_entries(&ws), 1, "the render was not recorded");
  ws
}

/// Issue 17: with the memo, an up-to-date root is not rendered again, and every command
/// prints and leaves exactly what a full render does.
#[test]
fn the_memo_gives_the_trees_and_reports_of_a_full_render() {
  let ws = memo_workspace("memo-same");
  let before = workspace::snapshot(&ws.path("out"));
  for args in [
    RENDER,
    PLAN,
    CHECK,
    &["plan", "chat.yaml", "--out", "out", "--format", "json"],
  ] {
    let memo = with_memo(&ws, args);
    assert_eq!(memo, without_memo(&ws, args), "{args:?}");
    assert_eq!(memo.0, 0, "{args:?}: {}", memo.2);
  }
  // Nothing rewritten (modification times kept), nothing recorded twice.
  assert_eq!(workspace::snapshot(&ws.path("out")), before);
  assert_eq!(memo_entries(&ws), 1);

  // A generated file edited by hand and another deleted: reported and refused as before.
  ws.edit("out/chat/prod/main.tf", "\n", "\n# local edit\n");
  fs::remove_file(ws.path("out/chat/prod/failover/chat.json")).unwrap();
  for args in [RENDER, PLAN, CHECK] {
    assert_eq!(with_memo(&ws, args), without_memo(&ws, args), "{args:?}");
  }
  let (code, _, stderr) = with_memo(&ws, RENDER);
  assert_eq!(code, 1);
  assert!(stderr.contains("main.tf (was edited by hand"), "{stderr}");
  // Restored with --force, to the bytes a render without the memo writes.
  let (code, stdout, _) = with_memo(&ws, &["render", "chat.yaml", "--out", "out", "--force"]);
  assert_eq!(code, 0);
  assert!(
    stdout.contains("(1 created, 1 changed, 0 deleted,"),
    "{stdout}"
  );
  without_memo(&ws, &["render", "chat.yaml", "--out", "fresh"]);
  assert_eq!(
    workspace::common::tree(&ws.path("out")),
    workspace::common::tree(&ws.path("fresh"))
  );
}

/// Issue 17: a changed blueprint, catalog overlay or flag is another key; the memo never
/// stands in for a render of other inputs.
#[test]
fn changed_inputs_are_rendered_again() {
  let ws = memo_workspace("memo-inputs");
  ws.edit("chat.yaml", "capacity: 80", "capacity: 90");
  let (code, stdout, _) = with_memo(&ws, RENDER);
  assert_eq!(code, 0);
  assert!(
    stdout.contains("(0 created, 3 changed, 0 deleted,"),
    "{stdout}"
  );
  assert_eq!(memo_entries(&ws), 2);
  let flagged = [
    "render",
    "chat.yaml",
    "--out",
    "out",
    "--allow-unlisted-models",
  ];
  assert_eq!(with_memo(&ws, &flagged).0, 0);
  assert_eq!(memo_entries(&ws), 3);
  ws.write("switchyard-catalog.yaml", "azure: {}\n");
  let (code, _, stderr) = with_memo(&ws, RENDER);
  assert_eq!(code, 0, "{stderr}");
  assert_eq!(memo_entries(&ws), 4);
  // Back to the first blueprint: its entry is used, and the tree is what it renders.
  ws.edit("chat.yaml", "capacity: 90", "capacity: 80");
  fs::remove_file(ws.path("switchyard-catalog.yaml")).unwrap();
  let (code, stdout, _) = with_memo(&ws, RENDER);
  assert_eq!(code, 0);
  assert!(
    stdout.contains("(0 created, 3 changed, 0 deleted,"),
    "{stdout}"
  );
  assert_eq!(memo_entries(&ws), 4);
  without_memo(&ws, &["render", "chat.yaml", "--out", "fresh"]);
  assert_eq!(
    workspace::common::tree(&ws.path("out")),
    workspace::common::tree(&ws.path("fresh"))
  );
}

/// Issue 17: the memo is outside the tree, so a pull request that edits a generated file and
/// forges its hash in the manifest (the inputs unchanged, so any digest of them would match)
/// cannot make `plan` say "no changes" or `render` keep the edit.
#[test]
fn a_forged_manifest_cannot_hide_a_change_from_the_memo() {
  let ws = memo_workspace("memo-forged");
  let edited = format!(
    "{}resource \"azurerm_role_assignment\" \"backdoor\" {{}}\n",
    ws.read("out/chat/prod/main.tf")
  );
  ws.write("out/chat/prod/main.tf", &edited);
  let manifest_path = "out/chat/prod/.switchyard-manifest.json";
  let mut manifest: serde_json::Value = serde_json::from_str(&ws.read(manifest_path)).unwrap();
  manifest["files"]["main.tf"] = sha256(edited.as_bytes()).into();
  ws.write(
    manifest_path,
    &serde_json::to_string_pretty(&manifest).unwrap(),
  );

  let (code, stdout, _) = with_memo(&ws, PLAN);
  assert_eq!(code, 2, "{stdout}");
  assert!(
    stdout.contains("- azurerm_role_assignment.backdoor"),
    "{stdout}"
  );
  let (code, stdout, _) = with_memo(&ws, CHECK);
  assert_eq!(code, 2);
  assert!(stdout.contains("differs:"), "{stdout}");
  let (code, stdout, _) = with_memo(&ws, RENDER);
  assert_eq!(code, 0);
  assert!(
    stdout.contains("(0 created, 2 changed, 0 deleted,"),
    "{stdout}"
  );
  without_memo(&ws, &["render", "chat.yaml", "--out", "fresh"]);
  assert_eq!(
    workspace::common::tree(&ws.path("out")),
    workspace::common::tree(&ws.path("fresh"))
  );
  assert!(!ws.read("out/chat/prod/main.tf").contains("backdoor"));
}
