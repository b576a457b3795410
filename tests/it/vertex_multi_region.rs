//! Vertex AI's `us` and `eu` multi-region locations (issue 13): gemini-4-argon is offered only on
//! the global endpoint and the two multi-regions; each multi-region answers on its own
//! regional-endpoint host (`aiplatform.<us|eu>.rep.googleapis.com`), which the all-apis Private
//! Service Connect endpoint does not serve, so a private endpoint there gets a Private Service
//! Connect endpoint and a zone of its own.

use crate::common;

use std::fs;

const HEAD: &str = "version: 1\nname: argon-desk\nenvironment: prod\nclouds:\n  aws: {region: us-west-2, cidr: 10.20.0.0/16}\n  gcp: {project: acme-ml-prod, region: europe-west4, cidr: 10.30.0.0/16}\n";

fn write(name: &str, endpoints: &str, workloads: &str) -> std::path::PathBuf {
  common::blueprint(
    name,
    &format!("{HEAD}endpoints:\n{endpoints}workloads:\n{workloads}"),
  )
}

#[test]
fn gemini_4_argon_is_offered_on_global_and_the_multi_regions_only() {
  let dir = write(
    "mr-regional",
    "  argon: {cloud: gcp, model: gemini-4-argon}\n",
    "  ask: {failover: [argon]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains(
      "error: `gemini-4-argon` is not offered in europe-west4\n --> bp.yaml:8:30 at endpoints.argon.model"
    ) && stderr.contains("it is offered in `eu`, `global`, `us`"),
    "{stderr}"
  );
  let dir = write(
    "mr-ok",
    "  argon-eu: {cloud: gcp, region: eu, model: gemini-4-argon}\n  argon-us: {cloud: gcp, region: us, model: gemini-4-argon}\n  argon-global: {cloud: gcp, region: global, model: gemini-4-argon}\n",
    "  ask: {model: gemini-4-argon, failover: [argon-eu, argon-us, argon-global]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 0, "{stderr}");
  // The home region europe-west4 lies in the `eu` multi-region, not in `us`: the private path
  // to `us` leaves the documented case, which is said once, at the `us` endpoint.
  assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
  assert!(
    stderr.contains("warning: the private path to Vertex AI's `us` multi-region is created in the home region europe-west4, outside it\n --> bp.yaml:9:34 at endpoints.argon-us.region"),
    "{stderr}"
  );
}

#[test]
fn a_model_the_multi_regions_do_not_serve_is_refused_there_located() {
  // gpt-oss-120b-maas is served on the global endpoint only.
  let dir = write(
    "mr-not-offered",
    "  oss: {cloud: gcp, region: us, model: gpt-oss-120b-maas}\n",
    "  ask: {failover: [oss]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains(
      "error: `gpt-oss-120b-maas` is not offered in us\n --> bp.yaml:8:29 at endpoints.oss.region"
    ),
    "{stderr}"
  );
}

#[test]
fn a_multi_region_is_no_home_region_and_holds_no_dedicated_endpoint() {
  let dir = common::scratch("mr-home");
  fs::write(
    dir.join("bp.yaml"),
    "version: 1\nname: argon\nclouds:\n  gcp: {project: acme-ml-prod, region: eu, cidr: 10.30.0.0/16}\nendpoints:\n  g: {cloud: gcp, model: gemini-4-argon}\nworkloads:\n  ask: {failover: [g]}\n",
  )
  .unwrap();
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains(
      "error: `eu` is a Vertex AI location, not a region a network can be in\n --> bp.yaml:4:40 at clouds.gcp.region"
    ),
    "{stderr}"
  );
  let dir = write(
    "mr-dedicated",
    "  gemma: {cloud: gcp, region: us, model: gemma-3-12b-it, dedicated: true, unlisted: true}\n",
    "  ask: {failover: [gemma]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1);
  assert!(
    stderr.contains("a dedicated endpoint runs in one region, not in Vertex AI's `us` location")
      && stderr.contains("at endpoints.gemma.dedicated"),
    "{stderr}"
  );
}

#[test]
fn a_multi_region_counts_as_inside_its_own_jurisdiction_only() {
  let dir = write(
    "mr-residency-ok",
    "  argon-eu: {cloud: gcp, region: eu, model: gemini-4-argon}\n",
    "  ask: {residency: eu, failover: [argon-eu]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!((code, stderr.as_str()), (0, ""));
  let dir = write(
    "mr-residency-bad",
    "  argon-us: {cloud: gcp, region: us, model: gemini-4-argon}\n",
    "  ask: {residency: eu, failover: [argon-us]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["validate", "bp.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("endpoint `argon-us` can process requests outside")
      && stderr.contains("at workloads.ask.failover[0]"),
    "{stderr}"
  );
}

#[test]
fn a_multi_region_renders_its_host_route_private_endpoint_and_forwarded_name() {
  let dir = write(
    "mr-render",
    "  oss-aws: {cloud: aws, model: openai.gpt-oss-120b-1:0}\n  argon-eu: {cloud: gcp, region: eu, model: gemini-4-argon}\n  argon-global: {cloud: gcp, region: global, model: gemini-4-argon}\n",
    "  ask: {failover: [oss-aws, argon-eu, argon-global]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["render", "bp.yaml", "--out", "out"]);
  assert_eq!(code, 0, "{stderr}");
  let root = dir.join("out/argon-desk/prod");
  let failover = fs::read_to_string(root.join("failover/ask.json")).unwrap();
  assert!(
    failover.contains("\"invoke_url\": \"https://aiplatform.eu.rep.googleapis.com/v1/projects/acme-ml-prod/locations/eu/publishers/google/models/gemini-4-argon:generateContent\""),
    "{failover}"
  );
  let litellm = fs::read_to_string(root.join("failover/ask.litellm.yaml")).unwrap();
  assert!(
    litellm.contains("model: \"vertex_ai/gemini-4-argon\"\n")
      && litellm.contains("    vertex_location: \"eu\"\n"),
    "{litellm}"
  );
  // No subnet in a multi-region: the home region's is the only one.
  let network = fs::read_to_string(root.join("modules/gcp/network.tf")).unwrap();
  assert_eq!(
    network
      .matches("resource \"google_compute_subnetwork\"")
      .count(),
    1,
    "{network}"
  );
  // The endpoint's address may be called through the deny-all egress.
  assert!(
    network
      .contains("\"${google_network_connectivity_regional_endpoint.aiplatform_eu.address}/32\","),
    "{network}"
  );
  let psc = fs::read_to_string(root.join("modules/gcp/psc.tf")).unwrap();
  for expected in [
    "resource \"google_network_connectivity_regional_endpoint\" \"aiplatform_eu\" {",
    "location          = \"europe-west4\"",
    "target_google_api = \"aiplatform.eu.rep.googleapis.com\"",
    "access_type       = \"GLOBAL\"",
    "subnetwork        = google_compute_subnetwork.europe_west4.id",
    "dns_name    = \"aiplatform.eu.rep.googleapis.com.\"",
    "rrdatas      = [google_network_connectivity_regional_endpoint.aiplatform_eu.address]",
  ] {
    assert!(psc.contains(expected), "{expected}\n{psc}");
  }
  // Only the location in use: no `us` endpoint, and the host is not an A record of the
  // googleapis.com zone (which the all-apis endpoint answers).
  assert!(!psc.contains("aiplatform_us"), "{psc}");
  assert!(
    !psc.contains("managed_zone = google_dns_managed_zone.googleapis.name\n  name         = \"aiplatform.eu.rep.googleapis.com.\""),
    "{psc}"
  );
  let services = fs::read_to_string(root.join("modules/gcp/services.tf")).unwrap();
  assert!(
    services.contains("service            = \"networkconnectivity.googleapis.com\""),
    "{services}"
  );
  // AWS callers resolve exactly the multi-region host through the GCP forwarder.
  let aws_dns = fs::read_to_string(root.join("modules/aws/dns.tf")).unwrap();
  assert!(
    aws_dns.contains("domain_name          = \"aiplatform.eu.rep.googleapis.com\""),
    "{aws_dns}"
  );
}

#[test]
fn a_public_multi_region_endpoint_gets_no_private_path() {
  let dir = write(
    "mr-public",
    "  argon-us: {cloud: gcp, region: us, model: gemini-4-argon}\n",
    "  ask: {private: false, failover: [argon-us]}\n",
  );
  let (code, _, stderr) = common::run_in(&dir, &["render", "bp.yaml", "--out", "out"]);
  assert_eq!(code, 0, "{stderr}");
  let root = dir.join("out/argon-desk/prod");
  let psc = fs::read_to_string(root.join("modules/gcp/psc.tf")).unwrap();
  assert!(
    !psc.contains("google_network_connectivity_regional_endpoint"),
    "{psc}"
  );
  let failover = fs::read_to_string(root.join("failover/ask.json")).unwrap();
  assert!(
    failover
      .contains("https://aiplatform.us.rep.googleapis.com/v1/projects/acme-ml-prod/locations/us/"),
    "{failover}"
  );
}
