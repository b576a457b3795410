//! The scale benchmark's generated monorepo (benches/scale) as a test: it is valid, holds about
//! ten resources per workload, and many roots, rendered in parallel, give exactly what
//! rendering each blueprint alone gives.

use crate::common;

#[path = "../../benches/scale/generate.rs"]
mod generate;

use std::fs;
use std::path::{Path, PathBuf};

/// Writes the blueprints of `n` workloads under `dir/blueprints`; returns their paths.
fn monorepo(dir: &Path, n: usize) -> Vec<PathBuf> {
  let blueprints = dir.join("blueprints");
  fs::create_dir_all(&blueprints).unwrap();
  generate::blueprints(n)
    .into_iter()
    .map(|(name, text)| {
      let path = blueprints.join(name);
      fs::write(&path, text).unwrap();
      path
    })
    .collect()
}

fn run(args: &[&Path]) -> (i32, String, String) {
  let args: Vec<String> = args
    .iter()
    .map(|a| a.to_string_lossy().into_owned())
    .collect();
  common::run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn the_generated_monorepo_is_deterministic_valid_and_about_ten_resources_per_workload() {
  assert_eq!(generate::blueprints(100), generate::blueprints(100));
  assert_eq!(generate::blueprints(100).len(), 5);
  let dir = common::scratch("scale-valid");
  monorepo(&dir, 60);
  let blueprints = dir.join("blueprints");
  let (code, stdout, stderr) = run(&[Path::new("validate"), &blueprints]);
  assert_eq!(code, 0, "{stderr}");
  assert_eq!(stdout.lines().count(), 3, "{stdout}");
  assert!(stderr.is_empty(), "warnings: {stderr}");
  let (code, plan, stderr) = run(&[Path::new("plan"), &blueprints, Path::new("--out"), &dir]);
  assert_eq!(code, 0, "{stderr}");
  let resources: usize = plan
    .lines()
    .filter_map(|l| l.trim().strip_prefix("resources: "))
    .map(|n| n.parse::<usize>().unwrap())
    .sum();
  let per_workload = resources as f64 / 60.0;
  // 12.6 since issue 18: each root now also carries its cross-cloud federation, STS endpoints
  // and the Azure callers' subnet (about 20 resources a root, a dozen workloads a root here).
  assert!(
    (8.0..=14.0).contains(&per_workload),
    "{resources} resources ({per_workload:.2} per workload)"
  );
  // Every kind the benchmark promises is there.
  for kind in [
    "azurerm_cognitive_deployment",
    "aws_bedrock_provisioned_model_throughput",
    "google_project_iam_custom_role",
  ] {
    assert!(
      plan.contains(&format!("  {kind}\n")),
      "{kind} missing:\n{plan}"
    );
  }
}

#[test]
fn many_roots_render_and_plan_exactly_as_each_blueprint_alone() {
  let dir = common::scratch("scale-parallel");
  let files = monorepo(&dir, 100);
  let blueprints = dir.join("blueprints");
  let together = dir.join("together");
  let alone = dir.join("alone");

  let (code, plan_together, stderr) = run(&[
    Path::new("plan"),
    &blueprints,
    Path::new("--out"),
    &together,
  ]);
  assert_eq!(code, 0, "{stderr}");
  let plans_alone: Vec<String> = files
    .iter()
    .map(|file| run(&[Path::new("plan"), file, Path::new("--out"), &together]).1)
    .collect();
  // Together: each root's review as it is alone, then one summary of all roots.
  let mut reviews_alone = String::new();
  for plan in &plans_alone {
    let summary = plan.rfind("\nPlan: ").expect("a summary line") + 1;
    reviews_alone.push_str(&plan[..summary]);
  }
  let summary = plan_together
    .strip_prefix(&reviews_alone)
    .expect("the roots' reviews, in blueprint order, as each alone");
  assert!(
    summary.starts_with("Plan: 5 of 5 roots to change"),
    "{summary}"
  );

  let (code, rendered, stderr) = run(&[
    Path::new("render"),
    &blueprints,
    Path::new("--out"),
    &together,
  ]);
  assert_eq!(code, 0, "{stderr}");
  let mut lines_alone = String::new();
  for file in &files {
    let (code, stdout, stderr) = run(&[Path::new("render"), file, Path::new("--out"), &alone]);
    assert_eq!(code, 0, "{stderr}");
    lines_alone.push_str(&stdout.replace(&*alone.to_string_lossy(), &together.to_string_lossy()));
  }
  assert_eq!(rendered, lines_alone);
  assert_eq!(common::tree(&together), common::tree(&alone));
  let files: usize = rendered
    .lines()
    .map(|l| {
      let (_, counts) = l.split_once(": ").unwrap();
      counts.split(' ').next().unwrap().parse::<usize>().unwrap()
    })
    .sum();
  assert_eq!(rendered.lines().count(), 5);
  assert_eq!(common::tree(&together).len(), files);

  let (_, again, _) = run(&[
    Path::new("render"),
    &blueprints,
    Path::new("--out"),
    &together,
  ]);
  assert_eq!(again.matches("(0 created").count(), 5, "{again}");
  assert_eq!(
    again.matches(" created, 0 changed, 0 deleted, ").count(),
    5,
    "{again}"
  );
}

#[test]
fn a_symlink_in_one_root_stops_that_root_and_nothing_goes_through_it() {
  let dir = common::scratch("scale-symlink");
  monorepo(&dir, 60);
  let outside = dir.join("outside");
  fs::create_dir_all(&outside).unwrap();
  let out = dir.join("out");
  fs::create_dir_all(out.join("scale-00001")).unwrap();
  std::os::unix::fs::symlink(&outside, out.join("scale-00001/bench")).unwrap();
  let (code, _, stderr) = run(&[
    Path::new("render"),
    &dir.join("blueprints"),
    Path::new("--out"),
    &out,
  ]);
  assert_eq!(code, 1);
  assert!(stderr.contains("is a symbolic link"), "{stderr}");
  assert_eq!(
    fs::read_dir(&outside).unwrap().count(),
    0,
    "wrote through the link"
  );
  // Each root is its own transaction: the linked root is left as it was (only the link).
  let linked: Vec<_> = fs::read_dir(out.join("scale-00001"))
    .unwrap()
    .map(|e| e.unwrap().file_name())
    .collect();
  assert_eq!(linked, ["bench"]);
}
