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

use crate::common;

use std::process::Command;

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
  let python = common::venv("tests/consumers/requirements.txt");
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
