//! Vertex AI's global location (issue 13): gpt-oss-120b is served by Vertex AI only on the
//! global endpoint (`aiplatform.googleapis.com`), which an endpoint may use and a network may
//! not; its private path is the home region's Private Service Connect endpoint.

use crate::common;

use std::fs;

const HEAD: &str = "version: 1\nname: oss-desk\nenvironment: prod\nclouds:\n  aws: {region: us-west-2, cidr: 10.20.0.0/16}\n  gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}\n";

fn write(name: &str, endpoints: &str, workloads: &str) -> std::path::PathBuf {
  common::blueprint(
    name,
    &format!("{HEAD}endpoints:\n{endpoints}workloads:\n{workloads}"),
  )
}

#[test]
fn gpt_oss_on_vertex_is_offered_on_the_global_endpoint_only() {
  let dir = write(
    "global-regional",
    "  oss-gcp: {cloud: gcp, model: gpt-oss-120b-maas}\n",
    "  ask: {failover: [oss-gcp]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("`gpt-oss-120b-maas` is not offered in us-central1")
      && stderr.contains("`global`"),
    "{stderr}"
  );
  let dir = write(
    "global-ok",
    "  oss-aws: {cloud: aws, model: openai.gpt-oss-120b-1:0}\n  oss-gcp: {cloud: gcp, region: global, model: gpt-oss-120b-maas}\n",
    "  ask: {model: gpt-oss-120b, failover: [oss-aws, oss-gcp]}\n",
  );
  let (code, stdout, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  // The same model on Bedrock and Vertex AI: no parity warning.
  assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
}

#[test]
fn global_is_no_place_for_a_network_a_dedicated_endpoint_or_a_jurisdiction() {
  let dir = common::scratch("global-home");
  fs::write(
    dir.join("bp.yaml"),
    "version: 1\nname: oss\nclouds:\n  gcp: {project: acme-ml-prod, region: global, cidr: 10.30.0.0/16}\nendpoints:\n  g: {cloud: gcp, model: gpt-oss-120b-maas}\nworkloads:\n  ask: {failover: [g]}\n",
  )
  .unwrap();
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("error: `global` is a Vertex AI location, not a region a network can be in\n --> bp.yaml:4:40 at clouds.gcp.region"),
    "{stderr}"
  );
  let dir = write(
    "global-dedicated",
    "  gemma: {cloud: gcp, region: global, model: gemma-3-12b-it, dedicated: true, unlisted: true}\n",
    "  ask: {failover: [gemma]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr
      .contains("a dedicated endpoint runs in one region, not in Vertex AI's `global` location"),
    "{stderr}"
  );
  let dir = write(
    "global-residency",
    "  oss-gcp: {cloud: gcp, region: global, model: gpt-oss-120b-maas}\n",
    "  ask: {residency: us, failover: [oss-gcp]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(stderr.contains("at workloads.ask.failover[0]"), "{stderr}");
}

#[test]
fn the_global_endpoint_renders_its_host_route_and_private_name_without_a_subnet() {
  let dir = write(
    "global-render",
    "  oss-aws: {cloud: aws, model: openai.gpt-oss-120b-1:0}\n  oss-gcp: {cloud: gcp, region: global, model: gpt-oss-120b-maas}\n  oss20: {cloud: gcp, model: gpt-oss-20b-maas}\n",
    "  ask: {failover: [oss-aws, oss-gcp, oss20]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["render", "bp.yaml", "--out", "out"]);
  assert_eq!(code, 0, "{stderr}");
  let root = dir.join("out/oss-desk/prod");
  let failover = fs::read_to_string(root.join("failover/ask.json")).unwrap();
  assert!(
    failover.contains("\"invoke_url\": \"https://aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/global/endpoints/openapi/chat/completions\""),
    "{failover}"
  );
  assert!(
    failover.contains("\"invoke_url\": \"https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-central1/endpoints/openapi/chat/completions\""),
    "{failover}"
  );
  let litellm = fs::read_to_string(root.join("failover/ask.litellm.yaml")).unwrap();
  assert!(
    litellm
      .contains("model: \"vertex_ai/openai/gpt-oss-120b-maas\"\n    vertex_credentials: \"os.environ/SWITCHYARD_GCP_CREDENTIAL_CONFIG\"\n    vertex_location: \"global\""),
    "{litellm}"
  );
  let network = fs::read_to_string(root.join("modules/gcp/network.tf")).unwrap();
  assert_eq!(
    network
      .matches("resource \"google_compute_subnetwork\"")
      .count(),
    1,
    "{network}"
  );
  assert!(!network.contains("global"), "{network}");
  // The other clouds' resolvers are forwarded the region-less name, answered by PSC.
  let psc = fs::read_to_string(root.join("modules/gcp/psc.tf")).unwrap();
  assert!(
    psc.contains("name         = \"aiplatform.googleapis.com.\""),
    "{psc}"
  );
}
