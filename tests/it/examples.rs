//! Every bundled blueprint renders, each rendered file is snapshotted on its own (one template
//! line changes the files it reaches, not a whole tree per blueprint: issue 19) and so is the
//! list of files, and rendering is deterministic and idempotent.
//!
//! tests/it/snapshots/examples/<blueprint>.snap lists the files of <blueprint>'s tree;
//! tests/it/snapshots/examples/<blueprint>/<path>.snap holds the file at <path>. A snapshot no
//! rendered file matches fails the test; `INSTA_UPDATE=always` deletes it instead, so one run
//! with it regenerates the whole set.

use crate::common;

use std::collections::BTreeSet;

fn render(blueprint: &str, out: &std::path::Path) -> String {
  let (code, stdout, stderr) = common::run(&["render", blueprint, "--out", &out.to_string_lossy()]);
  assert_eq!(code, 0, "{blueprint}:\n{stderr}");
  assert!(stderr.is_empty(), "{blueprint} printed warnings:\n{stderr}");
  stdout
}

/// Where the snapshots of the rendered trees live, relative to this file.
const SNAPSHOTS: &str = "snapshots/examples";

#[test]
fn every_example_renders_the_snapshotted_files() {
  let mut expected = BTreeSet::new();
  insta::glob!("../../blueprints", "*.yaml", |path| {
    let blueprint = path
      .strip_prefix(common::project())
      .unwrap()
      .to_string_lossy()
      .into_owned();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let out = common::scratch("example");
    render(&blueprint, &out);
    let tree = common::tree(&out);
    assert!(tree.keys().any(|p| p.ends_with("/main.tf")));
    let mut settings = insta::Settings::clone_current();
    settings.remove_snapshot_suffix();
    settings.set_prepend_module_to_snapshot(false);
    // The manifest records its blueprints relative to the root, and the scratch output
    // directory is wherever the temporary directory is: only the blueprint's name is stable.
    settings.add_filter(r#""(\.\./)+[^"]*/blueprints/"#, "\"[checkout]/blueprints/");
    // The list of files: a file rendered or no longer rendered fails here.
    settings.set_snapshot_path(SNAPSHOTS);
    settings.bind(|| {
      let list: String = tree.keys().map(|file| format!("{file}\n")).collect();
      insta::assert_snapshot!(stem.as_str(), list);
    });
    expected.insert(format!("{stem}.snap"));
    for (file, content) in &tree {
      // insta compares with trailing whitespace trimmed and CRLF read as LF: those bytes are
      // checked here.
      assert!(
        content.is_empty()
          || (content.trim_end().len() + 1 == content.len() && content.ends_with('\n')),
        "{stem}: {file} does not end in exactly one newline"
      );
      assert!(
        !content.contains('\r'),
        "{stem}: {file} holds a carriage return"
      );
      let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
      settings.set_snapshot_path(format!("{SNAPSHOTS}/{stem}/{dir}"));
      settings.bind(|| insta::assert_snapshot!(name, content));
      expected.insert(format!("{stem}/{file}.snap"));
    }
  });
  // A filtered run (INSTA_GLOB_FILTER) sees only some blueprints: it cannot judge the rest.
  if std::env::var_os("INSTA_GLOB_FILTER").is_none() {
    no_snapshot_is_left_over(&expected);
  }
}

/// Every snapshot under SNAPSHOTS is one `expected` names; with `INSTA_UPDATE=always` the
/// others are deleted, otherwise they fail the test.
fn no_snapshot_is_left_over(expected: &BTreeSet<String>) {
  let root = common::project().join("tests/it").join(SNAPSHOTS);
  let update =
    std::env::var("INSTA_UPDATE").is_ok_and(|v| matches!(v.as_str(), "always" | "1" | "force"));
  let left: Vec<String> = common::tree(&root)
    .into_keys()
    .filter(|file| file.ends_with(".snap") && !expected.contains(file))
    .collect();
  if update {
    for file in &left {
      std::fs::remove_file(root.join(file)).unwrap();
    }
  } else {
    assert!(
      left.is_empty(),
      "snapshots of files no blueprint renders (delete them, or rerun with \
       INSTA_UPDATE=always):\n{}",
      left.join("\n")
    );
  }
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
