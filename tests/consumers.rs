//! The failover files checked by their real consumers: the JSON against its published schema
//! with `jsonschema`, the router configuration loaded by LiteLLM's own `Router` (PyPI), which
//! then fails each primary over (LiteLLM's mock failure path, no network). Issue 18: chains
//! that start with an Azure endpoint followed by an Azure or Bedrock chat endpoint also run for
//! real against an HTTP stand-in on 127.0.0.1 for the managed identity token endpoint, AWS STS
//! and the endpoints: LiteLLM must send the Entra ID token it got through azure-identity, sign
//! Bedrock calls with the assumed invoker role, fall over from a primary answering 500 or 429,
//! and skip that primary on the next requests. Entries on another cloud than the callers' obtain
//! their credentials through the federation (Bedrock from Azure with the managed identity's
//! token and no AWS key; Bedrock and Azure from GCP with metadata-server ID tokens). Every Vertex AI entry must make LiteLLM build the
//! URL the JSON names (tests/consumers/check.py).
//!
//! The test installs the pinned packages of tests/consumers/requirements.txt into a virtual
//! environment under target/ on first use (about a minute; PyPI must be reachable), and fails,
//! never skips, when it cannot.

#![allow(
  clippy::unwrap_used,
  clippy::expect_used,
  clippy::panic,
  clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;
use std::process::Command;

fn venv() -> PathBuf {
  let requirements = common::project().join("tests/consumers/requirements.txt");
  let pins = std::fs::read_to_string(&requirements).unwrap();
  // A new pin set gets a new environment.
  let tag: u64 = pins.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
  });
  let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("consumer-venv-{tag:016x}"));
  let python = dir.join("bin/python");
  if python.exists() && dir.join(".complete").exists() {
    return python;
  }
  let _ = std::fs::remove_dir_all(&dir);
  let status = Command::new("python3")
    .args(["-m", "venv"])
    .arg(&dir)
    .status()
    .expect("python3 is needed for this test");
  assert!(status.success(), "python3 -m venv failed");
  let status = Command::new(&python)
    .args([
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "-r",
    ])
    .arg(&requirements)
    .status()
    .unwrap();
  assert!(
    status.success(),
    "pip could not install {}",
    requirements.display()
  );
  std::fs::write(dir.join(".complete"), pins).unwrap();
  python
}

#[test]
fn failover_files_pass_their_schema_and_litellm_router() {
  let out = common::scratch("consumers");
  // The bundled blueprints, and a fixture with one Vertex AI endpoint of each kind of call.
  let (code, _, stderr) = common::run(&[
    "render",
    "blueprints",
    "tests/consumers/fixtures",
    "--allow-unlisted-models",
    "--out",
    &out.to_string_lossy(),
  ]);
  assert_eq!(code, 0, "{stderr}");
  let python = venv();
  let output = Command::new(python)
    .arg(common::project().join("tests/consumers/check.py"))
    .arg(&out)
    .arg(common::project().join("docs/failover.schema.json"))
    .env("LITELLM_LOG", "CRITICAL")
    .output()
    .unwrap();
  let stdout = String::from_utf8_lossy(&output.stdout);
  let stderr = String::from_utf8_lossy(&output.stderr);
  assert!(output.status.success(), "{stdout}\n{stderr}");
  let summary = stdout.lines().last().unwrap_or_default();
  assert!(
    summary.ends_with(" passed, 0 failed") && !summary.starts_with("0 passed"),
    "{stdout}"
  );
}
