//! Every bundled blueprint renders, the rendered tree is snapshotted whole, and rendering is
//! deterministic and idempotent.

#![allow(
  clippy::unwrap_used,
  clippy::expect_used,
  clippy::panic,
  clippy::indexing_slicing
)]

use crate::common;

use std::fmt::Write as _;

fn render(blueprint: &str, out: &std::path::Path) -> String {
  let (code, stdout, stderr) = common::run(&["render", blueprint, "--out", &out.to_string_lossy()]);
  assert_eq!(code, 0, "{blueprint}:\n{stderr}");
  assert!(stderr.is_empty(), "{blueprint} printed warnings:\n{stderr}");
  stdout
}

#[test]
fn every_example_renders_the_snapshotted_tree() {
  insta::glob!("../../blueprints", "*.yaml", |path| {
    let blueprint = path
      .strip_prefix(common::project())
      .unwrap()
      .to_string_lossy()
      .into_owned();
    let out = common::scratch("example");
    render(&blueprint, &out);
    let tree = common::tree(&out);
    assert!(tree.keys().any(|p| p.ends_with("/main.tf")));
    let mut text = String::new();
    for (file, content) in &tree {
      let _ = write!(text, "=== {file}\n{content}");
    }
    // The manifest records its blueprints relative to the root, and the scratch output
    // directory is wherever the temporary directory is: only the blueprint's name is stable.
    insta::with_settings!({filters => vec![(r#""(\.\./)+[^"]*/blueprints/"#, "\"[checkout]/blueprints/")]}, {
      insta::assert_snapshot!(text);
    });
  });
}

#[test]
fn rendering_twice_is_byte_identical_and_the_second_run_changes_nothing() {
  let first = common::scratch("twice-a");
  let second = common::scratch("twice-b");
  render("blueprints", &first);
  render("blueprints", &second);
  assert_eq!(common::tree(&first), common::tree(&second));
  let again = render("blueprints", &first);
  assert!(
    again
      .lines()
      .all(|l| l.contains("(0 created, 0 changed, 0 deleted, ")),
    "{again}"
  );
}

#[test]
fn every_example_plans_and_graphs() {
  insta::glob!("../../blueprints", "*.yaml", |path| {
    let blueprint = path
      .strip_prefix(common::project())
      .unwrap()
      .to_string_lossy()
      .into_owned();
    let out = common::scratch("plan");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, plan, stderr) = common::run(&["plan", &blueprint, "--out", &out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let plan = plan.replace(&out_arg, "[OUT]");
    let (code, mermaid, _) = common::run(&["graph", &blueprint, "--format", "mermaid"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(format!("{plan}\n--- graph (mermaid)\n{mermaid}"));
    assert!(common::tree(&out).is_empty(), "plan wrote files");
  });
}
