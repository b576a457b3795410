//! `switchyard catalog import` (issue 13): the JSON the clouds' own CLIs print, recorded in the
//! documented shapes under tests/import/, merged into the repository's catalog overlay.

use crate::common;

use std::fs;
use std::path::Path;

fn fixture(name: &str) -> String {
  common::project()
    .join("tests/import")
    .join(name)
    .display()
    .to_string()
}

const ALL: [&str; 4] = [
  "az-model-list-eastus2.json",
  "bedrock-foundation-models-us-west-2.json",
  "bedrock-inference-profiles-us-west-2.json",
  "vertex-publisher-models.json",
];

fn import(dir: &Path, files: &[&str], extra: &[&str]) -> (i32, String, String) {
  let mut args: Vec<String> = vec!["catalog".into(), "import".into()];
  args.extend(files.iter().map(|f| fixture(f)));
  args.extend(extra.iter().map(|s| (*s).to_owned()));
  let args: Vec<&str> = args.iter().map(String::as_str).collect();
  common::run_in(dir, &args)
}

#[test]
fn every_listing_is_recognised_by_content_and_written_sorted() {
  let dir = common::scratch("import-all");
  let (code, stdout, stderr) = import(&dir, &ALL, &["--location", "eastus2"]);
  assert_eq!(code, 0, "{stderr}");
  let stdout = stdout.replace(&fixture(""), "");
  assert_eq!(
    stdout,
    "read az-model-list-eastus2.json: az cognitiveservices model list, 4 model versions\n\
read bedrock-foundation-models-us-west-2.json: aws bedrock list-foundation-models, 4 models\n\
read bedrock-inference-profiles-us-west-2.json: aws bedrock list-inference-profiles, 3 system-defined profiles\n\
read vertex-publisher-models.json: the Vertex AI publisher-model list, 3 models\n\
wrote switchyard-catalog.yaml: 6 models the built-in catalog lacks, 3 corrected\n"
  );
  assert!(
    stderr.contains("note: gcp: the publisher-model list does not say a model's kind; declared from the id (review them): gemini-4-flash, gemini-embedding-002"),
    "{stderr}"
  );
  let written = fs::read_to_string(dir.join("switchyard-catalog.yaml")).unwrap();
  insta::assert_snapshot!(written);
  // The file name says nothing: a listing renamed reads the same.
  let renamed = common::scratch("import-renamed");
  fs::copy(
    fixture("bedrock-inference-profiles-us-west-2.json"),
    renamed.join("azure.json"),
  )
  .unwrap();
  let (code, stdout, _) = common::run_in(&renamed, &["catalog", "import", "azure.json"]);
  assert_eq!(code, 0);
  assert!(
    stdout.starts_with("read azure.json: aws bedrock list-inference-profiles"),
    "{stdout}"
  );
  // Byte-identical on a second run, and the order of the files does not matter.
  let again = common::scratch("import-again");
  let mut reversed = ALL;
  reversed.reverse();
  let (code, _, _) = import(&again, &reversed, &["--location", "eastus2"]);
  assert_eq!(code, 0);
  assert_eq!(
    fs::read_to_string(again.join("switchyard-catalog.yaml")).unwrap(),
    written
  );
  let (code, stdout, _) = import(&again, &ALL, &["--location", "eastus2"]);
  assert_eq!(code, 0);
  assert!(
    stdout.ends_with("switchyard-catalog.yaml is up to date\n"),
    "{stdout}"
  );
}

#[test]
fn the_imported_overlay_is_what_validate_reads() {
  let blueprint = "version: 1\nname: chat\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-west-2, cidr: 10.20.0.0/16}\nendpoints:\n  gpt: {cloud: azure, model: gpt-6, version: \"2026-11-30\", sku: DataZoneStandard, capacity: 10}\n  oss: {cloud: aws, model: openai.gpt-oss-240b-1:0}\n  claude: {cloud: aws, model: us.anthropic.claude-sonnet-5-v1:0}\nworkloads:\n  chat: {failover: [gpt, oss, claude]}\n";
  let dir = common::blueprint("import-validate", blueprint);
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert_eq!(
    stderr.matches("in Switchyard's catalog").count(),
    3,
    "{stderr}"
  );
  let (code, _, stderr) = import(&dir, &ALL, &["--location", "eastus2"]);
  assert_eq!(code, 0, "{stderr}");
  let (code, stdout, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
  // The Azure retirement the listing states is enforced on its day.
  let (code, _, stderr) = common::run_with(
    &dir,
    &["validate", "bp.yaml"],
    &[("SWITCHYARD_TODAY", "2027-12-01")],
  );
  assert_eq!(code, 1);
  assert!(
    stderr.contains("`gpt-6` 2026-11-30 was retired on 2027-11-30"),
    "{stderr}"
  );
}

#[test]
fn hand_edits_survive_an_import_and_are_reported_when_the_listing_differs() {
  let dir = common::scratch("import-merge");
  let overlay = "# ours: reviewed by the platform team\nreviewed: 2026-12-02\nazure:\n  gpt-5.1:\n    \"2025-11-13\": {retires: 2027-04-01, successor: gpt-5.5}\naws:\n  openai.gpt-oss-240b-1:0: {kind: chat, regions: [us-east-1], family: gpt-oss}\n";
  fs::write(dir.join("switchyard-catalog.yaml"), overlay).unwrap();
  let (code, _, stderr) = import(
    &dir,
    &[
      "az-model-list-eastus2.json",
      "bedrock-foundation-models-us-west-2.json",
    ],
    &["--location", "eastus2"],
  );
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr.contains("note: kept azure.gpt-5.1.2025-11-13.retires = 2027-04-01 from switchyard-catalog.yaml (the listing says 2027-03-15; delete the line to take it)"),
    "{stderr}"
  );
  let written = fs::read_to_string(dir.join("switchyard-catalog.yaml")).unwrap();
  assert!(
    written.starts_with("# ours: reviewed by the platform team\n"),
    "{written}"
  );
  for kept in [
    "reviewed: 2026-12-02",
    "successor: gpt-5.5",
    "retires: 2027-04-01",
    "family: gpt-oss",
    // Regions join: the hand-written one and the listed one.
    "regions: [us-east-1, us-west-2]",
  ] {
    assert!(written.contains(kept), "{kept}\n{written}");
  }
}

#[test]
fn a_listing_error_is_located_by_file_and_json_pointer() {
  let dir = common::scratch("import-errors");
  for (files, extra, expected) in [
    (
      &["bedrock-bad-id.json"][..],
      &[][..],
      "bedrock-bad-id.json: at /modelSummaries/1/modelId: expected a string, found a number",
    ),
    (
      &["not-a-listing.json"],
      &[],
      "not-a-listing.json: at /: not a listing Switchyard reads",
    ),
    (
      &["az-model-list-eastus2.json"],
      &[],
      "az-model-list-eastus2.json: at /0: no `location`",
    ),
    (
      &["az-model-list-eastus2.json"],
      &["--location", "atlantis"],
      "az-model-list-eastus2.json: at /0: `atlantis` is not a known azure region",
    ),
  ] {
    let (code, stdout, stderr) = import(&dir, files, extra);
    assert_eq!(code, 1, "{stdout}");
    assert!(stderr.contains(expected), "{expected}\n{stderr}");
    assert!(!dir.join("switchyard-catalog.yaml").exists());
  }
  fs::write(dir.join("broken.json"), "{\"modelSummaries\": [").unwrap();
  let (code, _, stderr) = common::run_in(&dir, &["catalog", "import", "broken.json"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("broken.json: not JSON: EOF while parsing"),
    "{stderr}"
  );
  // An existing overlay the merge cannot load is left as it was.
  fs::write(
    dir.join("switchyard-catalog.yaml"),
    "aws:\n  x.unknown-v1:0: {retires: 2027-01-01}\n",
  )
  .unwrap();
  let (code, _, stderr) = import(&dir, &["vertex-publisher-models.json"], &[]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("the merged overlay would not load, nothing was written"),
    "{stderr}"
  );
  assert_eq!(
    fs::read_to_string(dir.join("switchyard-catalog.yaml")).unwrap(),
    "aws:\n  x.unknown-v1:0: {retires: 2027-01-01}\n"
  );
}
