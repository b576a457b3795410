//! The command line as a user meets it: exit codes, stdout and stderr of the real binary.

use crate::common;

use std::fs;

#[test]
fn help_lists_every_command_with_examples() {
  insta::assert_snapshot!(common::transcript(&["--help"]));
  for command in ["validate", "plan", "render", "graph"] {
    let (code, stdout, _) = common::run(&[command, "--help"]);
    assert_eq!(code, 0);
    assert!(
      stdout.contains("Examples:"),
      "{command} --help has no examples"
    );
  }
}

#[test]
fn validate_reports_each_blueprint() {
  insta::assert_snapshot!(common::transcript(&["validate", "blueprints"]));
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
  insta::assert_snapshot!(common::transcript(&["validate", "blueprints/nope.yaml"]));
}

#[test]
fn a_directory_without_blueprints_is_an_error() {
  let dir = common::scratch("empty-dir");
  let (code, _, stderr) = common::run(&["validate", &dir.to_string_lossy()]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("holds no *.yaml or *.yml blueprint"),
    "{stderr}"
  );
}

#[test]
fn problems_in_several_files_are_reported_together() {
  insta::assert_snapshot!(common::transcript(&[
    "validate",
    "tests/errors/name-uppercase.yaml",
    "tests/errors/cidr-overlap.yaml",
  ]));
}

#[test]
fn two_blueprints_with_the_same_name_and_environment_are_rejected() {
  let dir = common::scratch("dup-roots");
  let text =
    fs::read_to_string(common::project().join("blueprints/azure-two-regions.yaml")).unwrap();
  fs::write(dir.join("a.yaml"), &text).unwrap();
  fs::write(dir.join("b.yaml"), &text).unwrap();
  let out = dir.join("out");
  let (code, _, stderr) = common::run(&[
    "render",
    &dir.to_string_lossy(),
    "--out",
    &out.to_string_lossy(),
  ]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("`contracts-ai/staging` is also the name and environment of"),
    "{stderr}"
  );
  assert!(!out.exists(), "nothing may be written");
}

#[test]
fn graph_prints_dot_by_default() {
  let (code, stdout, _) = common::run(&["graph", "blueprints/azure-two-regions.yaml"]);
  assert_eq!(code, 0);
  assert!(stdout.starts_with("digraph \"contracts-ai/staging\" {"));
  assert!(stdout.contains("\"azure:deployment:gpt51-east\" -> \"azure:deployment:mini-east\";"));
}

#[test]
fn a_template_override_replaces_one_template() {
  let dir = common::scratch("override");
  fs::create_dir_all(dir.join("templates/azure")).unwrap();
  let original =
    fs::read_to_string(common::project().join("templates/azure/monitoring.tf.j2")).unwrap();
  fs::write(
    dir.join("templates/azure/monitoring.tf.j2"),
    original.replace(
      "retention_in_days            = 90",
      "retention_in_days = 365",
    ),
  )
  .unwrap();
  let out = dir.join("out");
  let (code, _, stderr) = common::run(&[
    "render",
    "blueprints/azure-two-regions.yaml",
    "--out",
    &out.to_string_lossy(),
    "--templates",
    &dir.join("templates").to_string_lossy(),
  ]);
  assert_eq!(code, 0, "{stderr}");
  let monitoring =
    fs::read_to_string(out.join("contracts-ai/staging/modules/azure/monitoring.tf")).unwrap();
  assert!(
    monitoring.contains("retention_in_days            = 365"),
    "{monitoring}"
  );
}

#[test]
fn an_override_with_an_unknown_name_is_refused() {
  let dir = common::scratch("override-typo");
  fs::create_dir_all(dir.join("azure")).unwrap();
  fs::write(dir.join("azure/openia.tf.j2"), "").unwrap();
  let (code, _, stderr) = common::run(&[
    "render",
    "blueprints/azure-two-regions.yaml",
    "--out",
    &dir.join("out").to_string_lossy(),
    "--templates",
    &dir.to_string_lossy(),
  ]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("`azure/openia.tf.j2` overrides no template"),
    "{stderr}"
  );
}

/// Renders a bundled blueprint with `root/outputs.tf.j2` overridden by `template`, and checks
/// the render is refused as HCL that does not parse, with nothing written.
fn assert_override_refused(scratch: &str, template: &str) {
  let dir = common::scratch(scratch);
  fs::create_dir_all(dir.join("root")).unwrap();
  fs::write(dir.join("root/outputs.tf.j2"), template).unwrap();
  let out = dir.join("out");
  let (code, _, stderr) = common::run(&[
    "render",
    "blueprints/azure-two-regions.yaml",
    "--out",
    &out.to_string_lossy(),
    "--templates",
    &dir.to_string_lossy(),
  ]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("template `root/outputs.tf.j2` failed: it rendered HCL that does not parse"),
    "{stderr}"
  );
  assert!(!out.exists());
}

#[test]
fn an_override_that_renders_invalid_hcl_writes_nothing() {
  assert_override_refused("override-bad", "output \"x\" {\n  value = [\n}\n");
}

/// Issue 6: the render checks its own templates' output structurally only; an overridden
/// template is still parsed back with hcl-rs, which catches what a structure check cannot.
#[test]
fn an_override_with_a_broken_expression_is_caught_by_hcl_rs() {
  assert_override_refused("override-expression", "output \"x\" {\n  value = 1 +\n}\n");
}

#[test]
fn a_symlink_in_the_output_tree_is_not_followed() {
  let dir = common::scratch("symlink");
  let outside = dir.join("outside");
  fs::create_dir_all(&outside).unwrap();
  let out = dir.join("out");
  fs::create_dir_all(out.join("contracts-ai")).unwrap();
  std::os::unix::fs::symlink(&outside, out.join("contracts-ai/staging")).unwrap();
  let (code, _, stderr) = common::run(&[
    "render",
    "blueprints/azure-two-regions.yaml",
    "--out",
    &out.to_string_lossy(),
  ]);
  assert_eq!(code, 1);
  assert!(stderr.contains("is a symbolic link"), "{stderr}");
  assert_eq!(
    fs::read_dir(&outside).unwrap().count(),
    0,
    "wrote through the link"
  );
}

#[test]
fn render_deletes_only_unedited_files_it_generated() {
  let dir = common::scratch("stale");
  let out = dir.join("out");
  let blueprint = dir.join("chat.yaml");
  let three =
    fs::read_to_string(common::project().join("blueprints/three-cloud-chat.yaml")).unwrap();
  fs::write(&blueprint, &three).unwrap();
  let args = |b: &std::path::Path| {
    vec![
      "render".to_owned(),
      b.to_string_lossy().into_owned(),
      "--out".to_owned(),
      out.to_string_lossy().into_owned(),
    ]
  };
  let run = |a: Vec<String>| common::run(&a.iter().map(String::as_str).collect::<Vec<_>>());
  assert_eq!(run(args(&blueprint)).0, 0);
  let root = out.join("support-chat/prod");
  fs::write(
    root.join("backend.tf"),
    "terraform {\n  backend \"local\" {}\n}\n",
  )
  .unwrap();
  fs::write(root.join("modules/gcp/NOTES.md"), "mine\n").unwrap();
  let edited = root.join("modules/gcp/iam.tf");
  fs::write(
    &edited,
    fs::read_to_string(&edited).unwrap() + "# reviewed\n",
  )
  .unwrap();

  // Drop the GCP endpoint: its module is no longer generated.
  let without_gcp = three
    .replace(
      "  gemini-usc1:\n    cloud: gcp\n    model: gemini-3.5-flash\n",
      "",
    )
    .replace(
      "[gpt-east, claude-us, gemini-usc1]",
      "[gpt-east, claude-us]",
    );
  fs::write(&blueprint, without_gcp).unwrap();
  let (plan_code, plan, _) = run(vec![
    "plan".into(),
    blueprint.to_string_lossy().into_owned(),
    "--out".into(),
    out.to_string_lossy().into_owned(),
  ]);
  assert_eq!(plan_code, 0);
  assert!(
    plan.contains("delete    support-chat/prod/modules/gcp/network.tf"),
    "{plan}"
  );
  assert!(
    plan
      .contains("keep (edited by hand, no longer generated) support-chat/prod/modules/gcp/iam.tf"),
    "{plan}"
  );

  let (code, stdout, stderr) = run(args(&blueprint));
  assert_eq!(code, 0, "{stderr}");
  assert!(stdout.contains("deleted"), "{stdout}");
  assert!(
    stderr.contains("modules/gcp/iam.tf is no longer generated but was edited by hand"),
    "{stderr}"
  );
  assert!(!root.join("modules/gcp/network.tf").exists());
  assert!(edited.exists(), "an edited file was deleted");
  assert!(
    root.join("backend.tf").exists(),
    "a user's file was deleted"
  );
  assert!(
    root.join("modules/gcp/NOTES.md").exists(),
    "a user's file was deleted"
  );
  assert!(
    !fs::read_to_string(root.join("main.tf"))
      .unwrap()
      .contains("module \"gcp\"")
  );
}

/// Issue 2: a tag value such as `say "hi" ${var.x} %{ if y }` reaches Terraform as exactly that
/// literal string.
#[test]
fn a_hostile_tag_value_reaches_terraform_as_the_literal_string() {
  let dir = common::scratch("hostile-tag");
  let value = r#"say "hi" ${var.x} %{ if y } \ back"#;
  let text = fs::read_to_string(common::project().join("blueprints/azure-two-regions.yaml"))
    .unwrap()
    .replace(
      "team: legal-tech",
      &format!("team: {}", serde_json::to_string(value).unwrap()),
    );
  fs::write(dir.join("b.yaml"), text).unwrap();
  let out = dir.join("out");
  let (code, _, stderr) = common::run(&[
    "render",
    &dir.join("b.yaml").to_string_lossy(),
    "--out",
    &out.to_string_lossy(),
  ]);
  assert_eq!(code, 0, "{stderr}");
  let main = fs::read_to_string(out.join("contracts-ai/staging/main.tf")).unwrap();
  assert!(
    main.contains(r#""team"                   = "say \"hi\" $${var.x} %%{ if y } \\ back""#),
    "{main}"
  );
  let parsed: serde_json::Value = hcl::from_str(&main).unwrap();
  assert_eq!(
    parsed["locals"]["tags"]["team"],
    serde_json::Value::from(value)
  );
}

/// Issue 5: a broken invariant is an "internal error, please report" with exit status 1,
/// never a panic trace.
#[test]
fn a_panic_is_reported_as_an_internal_error() {
  let output = common::binary()
    .args(["validate", "blueprints"])
    .current_dir(common::project())
    .env("SWITCHYARD_TEST_PANIC", "1")
    .output()
    .unwrap();
  let stderr = String::from_utf8_lossy(&output.stderr);
  assert_eq!(output.status.code(), Some(1), "{stderr}");
  assert!(
    stderr.starts_with("error: internal error, please report it"),
    "{stderr}"
  );
  assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

/// Issue 5: input larger than the limit is refused before parsing.
#[test]
fn a_50_mb_blueprint_is_refused_before_parsing() {
  let dir = common::scratch("huge");
  let path = dir.join("huge.yaml");
  let line = format!("# {}\n", "x".repeat(1022));
  fs::write(&path, line.repeat(50 * 1024)).unwrap();
  let (code, _, stderr) = common::run(&["validate", &path.to_string_lossy()]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("larger than 16 MiB, the limit for a blueprint"),
    "{stderr}"
  );
}
