//! GCP: one global VPC with a subnet per region used, a Private Service Connect endpoint for
//! Google APIs with a private `googleapis.com` zone, logged DNS, and a service account holding a
//! custom role that can only invoke models. Publisher models need nothing per endpoint; a
//! dedicated endpoint (a Model Garden open model) gets a Vertex AI endpoint with a numeric id,
//! encrypted with its own key in a key ring of its region. Validation refuses dedicated
//! endpoints since issue 18 (no model can be deployed onto that endpoint with the provider);
//! their rendering is kept, tested, for when one can.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::analysis::addressing;
use crate::analysis::blueprint::{Blueprint, Endpoint, EndpointKind};
use crate::analysis::cloud::Cloud;
use crate::analysis::labels;
use crate::analysis::models;
use crate::input::error::Error;
use crate::plan::mesh;
use crate::plan::naming::gcp::{NAME_MAX, around};
use crate::plan::naming::{self, fit};
use crate::plan::topology::Topology;

/// Service account ids: 6 to 30 characters.
const ACCOUNT_ID_MAX: usize = 30;
/// Custom role ids: 3 to 64 letters, digits, `_` and `.`.
const ROLE_ID_MAX: usize = 64;
/// A Private Service Connect forwarding rule for Google APIs: 1 to 20 lowercase letters and
/// digits, starting with a letter.
const PSC_RULE_MAX: usize = 20;

#[derive(Serialize)]
pub(crate) struct GcpContext {
  pub(crate) project: String,
  pub(crate) region: String,
  /// The blueprint's tags as GCP labels (sanitised by `labels::key` / `labels::value`).
  pub(crate) labels: BTreeMap<String, String>,
  pub(crate) network: String,
  pub(crate) subnets: Vec<RegionalSubnet>,
  pub(crate) firewall: Firewall,
  pub(crate) psc: Psc,
  pub(crate) dns_zone: String,
  pub(crate) dns_policy: String,
  pub(crate) service_account: String,
  pub(crate) role_id: String,
  /// Every GCP endpoint of the blueprint, publisher models and dedicated endpoints alike.
  pub(crate) endpoints: Vec<GcpEndpoint>,
  /// The key rings of the regions that hold dedicated endpoints.
  pub(crate) key_rings: Vec<KeyRing>,
  /// Whether any endpoint is dedicated (Cloud KMS, the project number and the service agent
  /// are needed only then).
  pub(crate) has_dedicated: bool,
  /// The HA VPN, when GCP is in the mesh.
  pub(crate) vpn: Option<mesh::gcp::GcpVpn>,
  /// Inbound forwarding and forwarding zones, when GCP forwards names.
  pub(crate) dns: Option<mesh::gcp::GcpDns>,
  /// The Vertex AI multi-region locations (`us`, `eu`) private endpoints are called in, each
  /// reached through its own Private Service Connect endpoint (issue 13).
  pub(crate) multi_regions: Vec<MultiRegion>,
}

/// A private path to a Vertex AI multi-region host: Google's regional (REP) endpoints are not
/// served by the all-apis endpoint, but by a regional Private Service Connect endpoint whose
/// target is the host, created in a region of the network, with DNS configured by hand
/// (https://docs.cloud.google.com/vpc/docs/about-accessing-regional-google-apis-endpoints).
#[derive(Serialize)]
pub(crate) struct MultiRegion {
  /// `aiplatform_us`.
  pub(crate) label: String,
  /// `us` or `eu`.
  pub(crate) location: String,
  /// `aiplatform.us.rep.googleapis.com`.
  pub(crate) host: String,
  /// The regional endpoint's name.
  pub(crate) name: String,
  /// The private zone answering exactly the host.
  pub(crate) zone: String,
  /// The Terraform label of the home region's subnet, where the endpoint takes its address.
  pub(crate) subnet: String,
}

/// A GCP subnet, which spans its region; AWS's live in one zone (`aws::ZonalSubnet`).
#[derive(Serialize)]
pub(crate) struct RegionalSubnet {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) region: String,
  pub(crate) cidr: Ipv4Net,
}

#[derive(Serialize)]
pub(crate) struct Firewall {
  pub(crate) deny_ingress: String,
  pub(crate) allow_psc_egress: String,
  pub(crate) deny_egress: String,
}

#[derive(Serialize)]
pub(crate) struct Psc {
  /// The global address resource's name.
  pub(crate) address_name: String,
  pub(crate) address: Ipv4Addr,
  /// `address/32`, for the egress firewall rule.
  pub(crate) address_cidr: String,
  /// The forwarding rule's name (1-20 lowercase letters and digits).
  pub(crate) rule: String,
}

#[derive(Serialize)]
pub(crate) struct KeyRing {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) region: String,
}

#[derive(Serialize)]
pub(crate) struct GcpEndpoint {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) region: String,
  pub(crate) model: String,
  pub(crate) private: bool,
  pub(crate) invoke_url: String,
  pub(crate) dedicated: Option<Dedicated>,
}

#[derive(Serialize)]
pub(crate) struct Dedicated {
  /// The endpoint id: 9 digits, the first not 0.
  pub(crate) id: String,
  /// The Terraform label of the key ring of the endpoint's region.
  pub(crate) key_ring: String,
  pub(crate) key: String,
}

pub(crate) fn context(blueprint: &Blueprint, topology: &Topology) -> Result<GcpContext, Error> {
  let cloud = blueprint
    .gcp
    .as_ref()
    .ok_or_else(|| Error::internal("GCP endpoints without clouds.gcp"))?;
  let stem = naming::stem(blueprint);
  let project = cloud.project.clone();

  let mut subnets = Vec::new();
  for (index, region) in blueprint.regions(Cloud::Gcp).into_iter().enumerate() {
    let cidr = addressing::gcp_subnet(cloud.cidr, index).ok_or_else(|| {
      Error::internal(format!(
        "cannot carve a subnet for GCP region {region} (#{index}) from {}",
        cloud.cidr
      ))
    })?;
    subnets.push(RegionalSubnet {
      label: naming::region_label(&region),
      name: around("snet", &stem, &region),
      region,
      cidr,
    });
  }

  let mut endpoints = Vec::new();
  let mut key_rings: Vec<KeyRing> = Vec::new();
  for endpoint in blueprint.endpoints_of(Cloud::Gcp) {
    let dedicated = match &endpoint.kind {
      EndpointKind::Gcp(model) if model.dedicated => {
        if endpoint.model.starts_with("gemini") {
          return Err(Error::internal(format!(
            "endpoint {}: Gemini models cannot be deployed to a dedicated Vertex AI endpoint (the validator should have rejected `dedicated: true`)",
            endpoint.name
          )));
        }
        let ring = naming::region_label(&endpoint.region);
        if !key_rings.iter().any(|k| k.label == ring) {
          key_rings.push(KeyRing {
            label: ring.clone(),
            name: around("kr", &stem, &endpoint.region),
            region: endpoint.region.clone(),
          });
        }
        // An adopted endpoint keeps its number; Switchyard's own are derived from the name.
        let adopted = endpoint.adopt.as_deref().and_then(|id| {
          crate::analysis::analyzer::lifecycle::vertex_endpoint(id, &project, &endpoint.region).ok()
        });
        Some(Dedicated {
          id: adopted
            .unwrap_or_else(|| endpoint_id(blueprint, &project, endpoint))
            .to_string(),
          key_ring: ring,
          key: around("key", &stem, endpoint.cloud_name().as_str()),
        })
      }
      _ => None,
    };
    let invoke_url = match &dedicated {
      Some(d) => dedicated_url(&project, &endpoint.region, &d.id, &endpoint.model),
      None => publisher_url(&project, &endpoint.region, &endpoint.model),
    };
    endpoints.push(GcpEndpoint {
      label: endpoint.name.label(),
      name: endpoint.name.to_string(),
      region: endpoint.region.clone(),
      model: endpoint.model.clone(),
      private: endpoint.private,
      invoke_url,
      dedicated,
    });
  }
  key_rings.sort_by(|a, b| a.region.cmp(&b.region));

  let multi_regions = multi_regions(blueprint, &stem, &naming::region_label(&cloud.region));
  let address = addressing::gcp_psc_address(cloud.cidr);
  let aws_resolver = mesh::aws::resolver_addresses(blueprint, topology)?;
  Ok(GcpContext {
    vpn: mesh::gcp::vpn(blueprint, topology),
    dns: mesh::gcp::dns(blueprint, topology, &aws_resolver),
    region: cloud.region.clone(),
    labels: gcp_labels(blueprint),
    network: fit(&format!("vpc-{stem}"), NAME_MAX),
    subnets,
    firewall: Firewall {
      deny_ingress: around("fw", &stem, "deny-all-ingress"),
      allow_psc_egress: around("fw", &stem, "allow-psc-egress"),
      deny_egress: around("fw", &stem, "deny-all-egress"),
    },
    psc: Psc {
      address_name: fit(&format!("psc-{stem}"), NAME_MAX),
      address,
      address_cidr: format!("{address}/32"),
      rule: psc_rule_name(blueprint),
    },
    dns_zone: fit(&format!("googleapis-{stem}"), NAME_MAX),
    dns_policy: fit(&format!("dnspol-{stem}"), NAME_MAX),
    service_account: fit(&format!("sa-{stem}"), ACCOUNT_ID_MAX),
    role_id: role_id(blueprint),
    has_dedicated: !key_rings.is_empty(),
    key_rings,
    endpoints,
    multi_regions,
    project,
  })
}

/// The multi-region locations of the blueprint's private GCP endpoints, sorted.
fn multi_regions(blueprint: &Blueprint, stem: &str, subnet: &str) -> Vec<MultiRegion> {
  let locations: std::collections::BTreeSet<&str> = blueprint
    .endpoints_of(Cloud::Gcp)
    .filter(|e| e.private)
    .map(|e| e.region.as_str())
    .collect();
  locations
    .into_iter()
    .filter_map(|location| {
      let host = crate::analysis::regions::gcp_multi_region_host(location)?;
      Some(MultiRegion {
        label: format!("aiplatform_{location}"),
        location: location.to_owned(),
        name: around("rep", stem, &format!("aiplatform-{location}")),
        zone: around("rep", stem, &format!("aiplatform-{location}")),
        subnet: subnet.to_owned(),
        host,
      })
    })
    .collect()
}

/// The blueprint's tags, with Switchyard's own, as GCP labels.
fn gcp_labels(blueprint: &Blueprint) -> BTreeMap<String, String> {
  let mut tags = blueprint.tags.clone();
  tags.insert("managed_by".to_owned(), "switchyard".to_owned());
  tags.insert(
    "switchyard_blueprint".to_owned(),
    blueprint.name.to_string(),
  );
  tags.insert(
    "switchyard_environment".to_owned(),
    blueprint.environment.to_string(),
  );
  tags
    .iter()
    .map(|(k, v)| (labels::key(k), labels::value(v)))
    .collect()
}

/// The forwarding rule of a Private Service Connect endpoint for Google APIs: 1-20 lowercase
/// letters and digits starting with a letter, unique in the project. `psc`, the start of the
/// stem's letters and digits, and a hash of the stem (which keeps `a-bc`/`ab-c` apart).
fn psc_rule_name(blueprint: &Blueprint) -> String {
  let stem = naming::stem(blueprint);
  let head: String = naming::alnum(&stem)
    .chars()
    .take(PSC_RULE_MAX - 3 - 6)
    .collect();
  format!("psc{head}{}", naming::hex(&stem, 6))
}

/// The custom role id: `switchyard_<name>_<environment>_invoker`, dashes as dots (names hold
/// no `_` or `.`, so the id maps back to exactly one blueprint), at most 64 characters.
fn role_id(blueprint: &Blueprint) -> String {
  let full = format!(
    "switchyard_{}_{}_invoker",
    blueprint.identity().as_str().replace('-', "."),
    blueprint.environment.as_str().replace('-', ".")
  );
  if full.len() <= ROLE_ID_MAX {
    return full;
  }
  let head: String = full.chars().take(ROLE_ID_MAX - 7).collect();
  format!("{head}_{}", naming::hex(&full, 6))
}

/// The id of a dedicated endpoint: 9 digits without a leading zero (the API takes at most 9
/// for a user-chosen numeric id, the provider at most 10), stable for the blueprint, project,
/// region and endpoint name.
fn endpoint_id(blueprint: &Blueprint, project: &str, endpoint: &Endpoint) -> u64 {
  let key = format!(
    "{}/gcp/{project}/{}/{}",
    naming::scope(blueprint),
    endpoint.region,
    endpoint.cloud_name()
  );
  100_000_000 + naming::hash(&key) % 900_000_000
}

/// The API root of a location: `<region>-aiplatform.googleapis.com`, the region-less host for
/// the global location, or `aiplatform.<us|eu>.rep.googleapis.com` for a multi-region, whose
/// requests keep the location in the path
/// (https://docs.cloud.google.com/gemini-enterprise-agent-platform/resources/locations).
fn base_url(project: &str, region: &str) -> String {
  let host = if region == crate::analysis::regions::GCP_GLOBAL {
    "aiplatform.googleapis.com".to_owned()
  } else if let Some(host) = crate::analysis::regions::gcp_multi_region_host(region) {
    host
  } else {
    format!("{region}-aiplatform.googleapis.com")
  };
  format!("https://{host}/v1/projects/{project}/locations/{region}")
}

/// A publisher model, called the way its publisher's models are served on Vertex AI:
/// - embedding models: `predict`;
/// - Anthropic and Mistral AI (partner models): `rawPredict` with the publisher's own request
///   body (cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude;
///   `streamRawPredict` for streaming);
/// - Meta's Llama and OpenAI's gpt-oss as managed APIs: the OpenAI-compatible chat completions
///   of the project's `openapi` endpoint, with the model named `<publisher>/<id>` in the body
///   (cloud.google.com/vertex-ai/generative-ai/docs/maas/call-open-model-apis);
/// - Google's Gemini: `generateContent`.
fn publisher_url(project: &str, region: &str, model: &str) -> String {
  let base = base_url(project, region);
  let publisher = models::vertex_publisher(model);
  if models::is_embedding(model) {
    return format!("{base}/publishers/{publisher}/models/{model}:predict");
  }
  match publisher {
    "anthropic" | "mistralai" => format!("{base}/publishers/{publisher}/models/{model}:rawPredict"),
    "meta" | "openai" => format!("{base}/endpoints/openapi/chat/completions"),
    _ => format!("{base}/publishers/{publisher}/models/{model}:generateContent"),
  }
}

/// A dedicated endpoint: the OpenAI-compatible chat completions that Model Garden's serving
/// containers offer on `v1beta1` (cloud.google.com/vertex-ai/generative-ai/docs/migrate/openai/overview,
/// "self-deployed models"), or `predict` for an embedding model.
fn dedicated_url(project: &str, region: &str, id: &str, model: &str) -> String {
  if models::is_embedding(model) {
    format!("{}/endpoints/{id}:predict", base_url(project, region))
  } else {
    format!(
      "https://{region}-aiplatform.googleapis.com/v1beta1/projects/{project}/locations/{region}/endpoints/{id}/chat/completions"
    )
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  const LONG: &str = "version: 1\nname: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwy\nclouds: {gcp: {project: acme-ml-prod, region: northamerica-northeast2, cidr: 10.30.0.0/16}}\nendpoints:\n  a-b-c-d-e-f-g-h-i-j-k-l:\n    cloud: gcp\n    model: gemma-3-12b-it\n    region: southamerica-east1\n  bb: {cloud: gcp, model: gemini-2.5-flash}\nworkloads: {wk: {failover: [a-b-c-d-e-f-g-h-i-j-k-l, bb]}}\n";

  /// Marks endpoints dedicated after validation. The validator refuses `dedicated: true` until
  /// a model can be deployed onto the endpoint (issue 18); the rendering of the endpoint is
  /// kept, and these tests keep its names and ids right.
  fn dedicate(mut bp: Blueprint, names: &[&str]) -> Blueprint {
    for endpoint in bp.endpoints.values_mut() {
      if names.contains(&endpoint.name.as_str())
        && let EndpointKind::Gcp(model) = &mut endpoint.kind
      {
        model.dedicated = true;
      }
    }
    bp
  }

  fn long() -> Blueprint {
    dedicate(blueprint(LONG), &["a-b-c-d-e-f-g-h-i-j-k-l"])
  }

  fn sample() -> Blueprint {
    dedicate(sample_undedicated(), &["gemma-euw4", "llama-euw4"])
  }

  fn sample_undedicated() -> Blueprint {
    blueprint(
      "version: 1\nname: support-chat\nenvironment: prod\ntags: {team: ML-Platform, cost-center: \"4711\"}\nclouds: {gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}}\nendpoints:\n  gemini-usc1: {cloud: gcp, model: gemini-2.5-flash}\n  embed-usc1: {cloud: gcp, model: text-embedding-005}\n  gemma-euw4: {cloud: gcp, region: europe-west4, model: gemma-3-12b-it}\n  llama-euw4: {cloud: gcp, region: europe-west4, model: llama-3.3-70b-instruct}\nworkloads: {chat: {failover: [gemini-usc1, gemma-euw4, llama-euw4]}, embed: {failover: [embed-usc1]}}\n",
    )
  }

  fn build(bp: &Blueprint) -> GcpContext {
    context(bp, &Topology::of(bp)).unwrap()
  }

  fn rfc1035(name: &str) -> bool {
    name.len() <= NAME_MAX
      && name.starts_with(|c: char| c.is_ascii_lowercase())
      && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
      && name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
  }

  #[test]
  fn sample_names_match_the_reference() {
    let ctx = build(&sample());
    assert_eq!(ctx.network, "vpc-support-chat-prod");
    assert_eq!(ctx.service_account, "sa-support-chat-prod");
    assert_eq!(ctx.role_id, "switchyard_support.chat_prod_invoker");
    assert_eq!(ctx.dns_zone, "googleapis-support-chat-prod");
    assert_eq!(ctx.psc.address.to_string(), "10.30.255.254");
    assert_eq!(ctx.psc.address_cidr, "10.30.255.254/32");
    let subnets: Vec<_> = ctx
      .subnets
      .iter()
      .map(|s| (s.label.as_str(), s.name.as_str(), s.cidr.to_string()))
      .collect();
    assert_eq!(
      subnets,
      [
        (
          "us_central1",
          "snet-support-chat-prod-us-central1",
          "10.30.0.0/20".to_owned()
        ),
        (
          "europe_west4",
          "snet-support-chat-prod-europe-west4",
          "10.30.16.0/20".to_owned()
        ),
      ]
    );
    assert_eq!(
      ctx.labels.get("team").map(String::as_str),
      Some("ml-platform")
    );
    assert_eq!(
      ctx.labels.get("cost-center").map(String::as_str),
      Some("4711")
    );
    assert_eq!(
      ctx.labels.get("switchyard_blueprint").map(String::as_str),
      Some("support-chat")
    );
  }

  #[test]
  fn long_names_fit_gcp_rules() {
    let bp = long();
    let ctx = build(&bp);
    let mut names = vec![
      ctx.network.clone(),
      ctx.firewall.deny_ingress.clone(),
      ctx.firewall.allow_psc_egress.clone(),
      ctx.firewall.deny_egress.clone(),
      ctx.psc.address_name.clone(),
      ctx.dns_zone.clone(),
      ctx.dns_policy.clone(),
    ];
    names.extend(ctx.subnets.iter().map(|s| s.name.clone()));
    names.extend(ctx.key_rings.iter().map(|k| k.name.clone()));
    names.extend(
      ctx
        .endpoints
        .iter()
        .filter_map(|e| e.dedicated.as_ref().map(|d| d.key.clone())),
    );
    for name in &names {
      assert!(rfc1035(name), "{name}");
    }
    for subnet in &ctx.subnets {
      assert!(subnet.name.ends_with(&subnet.region), "{}", subnet.name);
    }
    assert!(ctx.firewall.deny_ingress.ends_with("-deny-all-ingress"));
    let firewall = [
      &ctx.firewall.deny_ingress,
      &ctx.firewall.allow_psc_egress,
      &ctx.firewall.deny_egress,
    ];
    assert!(firewall[0] != firewall[1] && firewall[1] != firewall[2]);
    assert_ne!(ctx.firewall.deny_ingress, ctx.firewall.deny_egress);
    let account = &ctx.service_account;
    assert!((6..=ACCOUNT_ID_MAX).contains(&account.len()), "{account}");
    assert!(rfc1035(account), "{account}");
    let role = &ctx.role_id;
    assert!(
      (3..=ROLE_ID_MAX).contains(&role.len())
        && role
          .chars()
          .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
      "{role}"
    );
    let rule = &ctx.psc.rule;
    assert!(
      (1..=PSC_RULE_MAX).contains(&rule.len())
        && rule.starts_with(|c: char| c.is_ascii_lowercase())
        && rule
          .chars()
          .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
      "{rule}"
    );
    for label in ctx.labels.keys().chain(ctx.labels.values()) {
      assert!(label.len() <= 63, "{label}");
    }
  }

  #[test]
  fn names_are_stable_and_distinct_per_blueprint() {
    let a = build(&sample());
    let b = build(&sample());
    assert_eq!(a.psc.rule, b.psc.rule);
    assert_eq!(a.psc.rule, "pscsupportchatc0ae8f");
    let other = blueprint(
      "version: 1\nname: support-chat\nenvironment: prod-eu\nclouds: {gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}}\nendpoints: {gm: {cloud: gcp, model: gemini-2.5-flash}}\nworkloads: {wk: {failover: [gm]}}\n",
    );
    let c = build(&other);
    assert_ne!(a.psc.rule, c.psc.rule);
    assert_ne!(a.role_id, c.role_id);
    assert_ne!(a.service_account, c.service_account);
    // Role ids keep dashes apart from the name/environment boundary.
    let ab = blueprint(
      "version: 1\nname: aa-bb\nenvironment: cc\nclouds: {gcp: {project: p-123456, region: us-central1, cidr: 10.30.0.0/16}}\nendpoints: {gm: {cloud: gcp, model: gemini-2.5-flash}}\nworkloads: {wk: {failover: [gm]}}\n",
    );
    let bc = blueprint(
      "version: 1\nname: aa\nenvironment: bb-cc\nclouds: {gcp: {project: p-123456, region: us-central1, cidr: 10.30.0.0/16}}\nendpoints: {gm: {cloud: gcp, model: gemini-2.5-flash}}\nworkloads: {wk: {failover: [gm]}}\n",
    );
    assert_ne!(role_id(&ab), role_id(&bc));
  }

  #[test]
  fn long_role_ids_are_shortened_distinctly() {
    let bp = blueprint(LONG);
    let id = role_id(&bp);
    assert_eq!(id.len(), ROLE_ID_MAX, "{id}");
    let other = blueprint(&LONG.replace("abcdefghijklmnopqrstuvwy", "abcdefghijklmnopqrstuvwz"));
    assert_ne!(id, role_id(&other));
  }

  #[test]
  fn dedicated_endpoint_ids_are_nine_digits_stable_and_distinct() {
    let ctx = build(&sample());
    let ids: Vec<&str> = ctx
      .endpoints
      .iter()
      .filter_map(|e| e.dedicated.as_ref().map(|d| d.id.as_str()))
      .collect();
    assert_eq!(ids.len(), 2);
    for id in &ids {
      assert_eq!(id.len(), 9, "{id}");
      assert!(!id.starts_with('0'), "{id}");
      assert!(id.chars().all(|c| c.is_ascii_digit()), "{id}");
    }
    assert_ne!(ids.first(), ids.get(1));
    // Stability: a changed id replaces the endpoint.
    let again = build(&sample());
    let again: Vec<&str> = again
      .endpoints
      .iter()
      .filter_map(|e| e.dedicated.as_ref().map(|d| d.id.as_str()))
      .collect();
    assert_eq!(ids, again);
    let bp = sample();
    let gemma = bp
      .endpoints
      .values()
      .find(|e| e.name.as_str() == "gemma-euw4")
      .unwrap();
    assert_eq!(endpoint_id(&bp, "acme-ml-prod", gemma), 658_473_924);
    // Across many names, ids stay within 9 digits.
    for i in 0..2000 {
      let key = format!("x/{i}");
      let id = 100_000_000 + naming::hash(&key) % 900_000_000;
      assert!((100_000_000..1_000_000_000).contains(&id));
    }
  }

  #[test]
  fn key_rings_are_per_region_of_dedicated_endpoints() {
    let ctx = build(&sample());
    let rings: Vec<_> = ctx
      .key_rings
      .iter()
      .map(|k| (k.label.as_str(), k.name.as_str()))
      .collect();
    assert_eq!(
      rings,
      [("europe_west4", "kr-support-chat-prod-europe-west4")]
    );
    assert!(ctx.has_dedicated);
  }

  #[test]
  fn invoke_urls() {
    let ctx = build(&sample());
    let url = |name: &str| {
      ctx
        .endpoints
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.invoke_url.clone())
        .unwrap()
    };
    assert_eq!(
      url("gemini-usc1"),
      "https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"
    );
    assert_eq!(
      url("embed-usc1"),
      "https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-central1/publishers/google/models/text-embedding-005:predict"
    );
    // Issue 18: a dedicated endpoint's chat model answers on the OpenAI-compatible chat
    // completions of v1beta1, a Claude model on rawPredict, Llama as a managed API on the
    // project's `openapi` endpoint.
    assert_eq!(
      url("gemma-euw4"),
      "https://europe-west4-aiplatform.googleapis.com/v1beta1/projects/acme-ml-prod/locations/europe-west4/endpoints/658473924/chat/completions"
    );
    assert_eq!(
      publisher_url("acme-ml-prod", "us-east5", "claude-sonnet-4-6"),
      "https://us-east5-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-6:rawPredict"
    );
    assert_eq!(
      publisher_url("acme-ml-prod", "us-central1", "llama-3.3-70b-instruct-maas"),
      "https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-central1/endpoints/openapi/chat/completions"
    );
    assert_eq!(
      dedicated_url(
        "acme-ml-prod",
        "us-central1",
        "123456789",
        "text-embedding-005"
      ),
      "https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-central1/endpoints/123456789:predict"
    );
  }

  #[test]
  fn dedicated_gemini_is_refused() {
    // The validator rejects this blueprint; the plan refuses it too rather than render an
    // endpoint nothing can be deployed to.
    let mut bp = sample();
    for endpoint in bp.endpoints.values_mut() {
      if endpoint.name.as_str() == "gemma-euw4" {
        endpoint.model = "gemini-2.5-pro".to_owned();
      }
    }
    assert!(context(&bp, &Topology::of(&bp)).is_err());
  }
}
