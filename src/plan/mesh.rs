//! The cross-cloud mesh: which clouds a VPN joins, how the AWS regions are joined, and every
//! number the two ends of a link must agree on (tunnel inside addresses, BGP addresses, ASNs,
//! pre-shared key names, resolver addresses, forwarded names).
//!
//! The rule, decided here once for every cloud's templates:
//!
//! - **Pairs.** Every two clouds that appear together in a private workload's chain get a
//!   highly available site-to-site VPN between their home networks (`network.vpn: auto`).
//!   Azure ↔ AWS and AWS ↔ GCP have four tunnels (two AWS VPN connections of two tunnels, one
//!   per far-end address), Azure ↔ GCP two (one per Azure instance and GCP interface).
//! - **Inside addresses.** Pair #k (Azure–AWS 0, Azure–GCP 1, AWS–GCP 2) owns the /28
//!   `169.254.21.(16k)/28`; its tunnel #n the n-th /30 of it. These lie in Azure's APIPA range
//!   169.254.21.0–169.254.22.255 and outside the /30s AWS reserves. Fixed offsets: adding a
//!   pair never renumbers another. AWS always takes the first host (it insists), GCP the first
//!   host towards Azure, Azure always the second.
//! - **ASNs.** Azure 65010, GCP 65030, AWS region #i (home = 0) 65020 + i, skipping 65030.
//!   All private, distinct, and none the clouds reserve.
//! - **AWS regions.** When AWS is in a pair or a private chain spans AWS regions, every AWS
//!   region gets a transit gateway; each non-home one peers with the home one (VPNs terminate
//!   at home), and two non-home regions peer directly when a private chain whose primary sits in
//!   one uses the other. A region's `bedrock-runtime` name is served by a private hosted zone
//!   (instead of the endpoint's own private DNS) when another VPC must resolve it.
//! - **DNS.** With `network.dns_forwarding: auto`, each paired network forwards exactly the
//!   other cloud's hostnames (never whole provider domains) to that cloud's inbound resolver.

pub(crate) mod aws;
pub(crate) mod azure;
pub(crate) mod gcp;
#[cfg(test)]
mod props;
#[cfg(test)]
pub(crate) mod walk;

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::analysis::blueprint::Blueprint;
use crate::analysis::catalog::{AwsService, AzureAccount};
use crate::analysis::cloud::Cloud;
use crate::plan::naming;
use crate::plan::topology::{Topology, Tunnel};

/// Where Cloud DNS sends forwarded queries from; the Cloud Router advertises it so replies
/// route back over the VPN, and the other clouds' resolvers admit it.
pub(crate) const CLOUD_DNS_FORWARDING_RANGE: &str = "35.199.192.0/19";

pub(crate) const AZURE_ASN: u32 = 65010;
pub(crate) const GCP_ASN: u32 = 65030;
const AWS_ASN_BASE: u32 = 65020;

/// The transit gateway ASN of the `index`-th AWS region (home = 0): 65020 upwards, stepping
/// over GCP's 65030 (16 regions end at 65036).
pub(crate) fn aws_asn(index: usize) -> u32 {
  let index = u32::try_from(index).unwrap_or(u32::MAX).min(15);
  let asn = AWS_ASN_BASE + index;
  if asn >= GCP_ASN { asn + 1 } else { asn }
}

/// The ASN a cloud's VPN gateway speaks BGP with (AWS: the home transit gateway).
pub(crate) fn asn(cloud: Cloud) -> u32 {
  match cloud {
    Cloud::Azure => AZURE_ASN,
    Cloud::Aws => aws_asn(0),
    Cloud::Gcp => GCP_ASN,
  }
}

/// The fixed addresses of the Route 53 Resolver endpoints, which the other clouds are
/// configured with before the endpoints exist (`aws::resolver_addresses`).
#[derive(Clone, Debug, Default)]
pub(crate) struct ResolverAddresses {
  /// The home VPC's inbound endpoint, one address per zone.
  pub(crate) inbound: Vec<Ipv4Addr>,
  /// The subnets every outbound endpoint sends queries from.
  pub(crate) outbound_subnets: Vec<Ipv4Net>,
}

/// A hostname a caller uses, owned by one cloud, that other networks forward to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Hostname {
  pub(crate) cloud: Cloud,
  /// Terraform label stem (`oai_eastus2`, `bedrock_runtime_us_west_2`, `aiplatform_us_central1`).
  pub(crate) label: String,
  /// Without the trailing dot.
  pub(crate) name: String,
  pub(crate) region: String,
  /// An Azure account's `privatelink` name (the target of its public name's CNAME).
  pub(crate) privatelink: bool,
  /// A token service federated callers reach (AWS STS, Google STS and IAM credentials).
  pub(crate) token: bool,
}

/// The hostnames of `cloud` that private endpoints need: per Azure account its custom
/// subdomain and the `privatelink` name that subdomain is a CNAME to (both must resolve
/// privately, and forwarding exactly these keeps other accounts' names public); per AWS region
/// `bedrock-runtime.<region>.amazonaws.com` and/or `bedrock-mantle.<region>.api.aws`, as its
/// endpoints need; per GCP region `<region>-aiplatform.googleapis.com`.
pub(crate) fn hostnames(blueprint: &Blueprint, cloud: Cloud) -> Vec<Hostname> {
  let mut names = Vec::new();
  for region in blueprint.regions(cloud) {
    if !blueprint
      .endpoints_of(cloud)
      .any(|e| e.region == region && e.private)
    {
      continue;
    }
    let label = naming::region_label(&region);
    match cloud {
      Cloud::Azure => {
        // Each account a private endpoint here is deployed on (issue 13: a Foundry account for
        // gpt-oss, reached on cognitiveservices.azure.com).
        let kinds: BTreeSet<AzureAccount> = blueprint
          .endpoints_of(cloud)
          .filter(|e| e.region == region && e.private)
          .map(naming::azure::account_of)
          .collect();
        for kind in kinds {
          let account = naming::azure::account_name(blueprint, &region, kind);
          let domain = naming::azure::domain(kind);
          let (public, private) = match kind {
            AzureAccount::OpenAi => ("oai", "privatelink.openai.azure.com"),
            AzureAccount::AiServices => ("ais", "privatelink.cognitiveservices.azure.com"),
          };
          names.push(Hostname {
            cloud,
            label: format!("{public}_{label}"),
            name: format!("{account}.{domain}"),
            region: region.clone(),
            privatelink: false,
            token: false,
          });
          names.push(Hostname {
            cloud,
            label: format!("{public}_{label}_privatelink"),
            name: format!("{account}.{private}"),
            region: region.clone(),
            privatelink: true,
            token: false,
          });
        }
      }
      Cloud::Aws => {
        // Each Bedrock service a private endpoint here is invoked on has its own host name
        // (issue 13: `bedrock-mantle.<region>.api.aws` for the OpenAI GPT-5 models).
        let services: BTreeSet<AwsService> = blueprint
          .endpoints_of(cloud)
          .filter(|e| e.region == region && e.private)
          .map(|e| crate::analysis::models::bedrock_service(&e.model).0)
          .collect();
        for service in services {
          let (stem, name) = match service {
            AwsService::Runtime => (
              "bedrock_runtime",
              format!("bedrock-runtime.{region}.amazonaws.com"),
            ),
            AwsService::Mantle => ("bedrock_mantle", format!("bedrock-mantle.{region}.api.aws")),
          };
          names.push(Hostname {
            cloud,
            label: format!("{stem}_{label}"),
            name,
            region: region.clone(),
            privatelink: false,
            token: false,
          });
        }
      }
      Cloud::Gcp => names.push(Hostname {
        cloud,
        label: format!("aiplatform_{label}"),
        name: format!("{region}-aiplatform.googleapis.com"),
        region,
        privatelink: false,
        token: false,
      }),
    }
  }
  // Vertex AI's global location answers on the region-less host (no subnet of its own).
  // https://cloud.google.com/vertex-ai/docs/general/googleapi-access-methods
  let global = crate::analysis::regions::GCP_GLOBAL;
  if cloud == Cloud::Gcp
    && blueprint
      .endpoints_of(cloud)
      .any(|e| e.region == global && e.private)
  {
    names.push(Hostname {
      cloud,
      label: format!("aiplatform_{global}"),
      name: "aiplatform.googleapis.com".to_owned(),
      region: global.to_owned(),
      privatelink: false,
      token: false,
    });
  }
  // Vertex AI's multi-regions answer on their own regional-endpoint hosts
  // (aiplatform.<us|eu>.rep.googleapis.com), privately through their own Private Service
  // Connect endpoint and zone (issue 13).
  if cloud == Cloud::Gcp {
    let locations: BTreeSet<&str> = blueprint
      .endpoints_of(cloud)
      .filter(|e| e.private)
      .map(|e| e.region.as_str())
      .collect();
    for location in locations {
      if let Some(name) = crate::analysis::regions::gcp_multi_region_host(location) {
        names.push(Hostname {
          cloud,
          label: format!("aiplatform_{location}"),
          name,
          region: location.to_owned(),
          privatelink: false,
          token: false,
        });
      }
    }
  }
  names
}

/// The hostnames `cloud`'s network forwards: every paired cloud's, in `Cloud` order, and the
/// token services of the paired clouds its callers federate into (issue 18).
pub(crate) fn forwarded(blueprint: &Blueprint, topology: &Topology, cloud: Cloud) -> Vec<Hostname> {
  if !topology.dns {
    return Vec::new();
  }
  let federation = super::federation::Federation::of(blueprint);
  topology
    .peers(cloud)
    .into_iter()
    .flat_map(|peer| {
      let mut names = hostnames(blueprint, peer);
      if federation.pairs.contains(&(cloud, peer)) {
        names.extend(token_hostnames(blueprint, peer));
      }
      names
    })
    .collect()
}

/// The token services a caller elsewhere reaches `cloud`'s over the VPN: AWS STS in the home
/// region (its interface endpoint in the home VPC has private DNS, which the Route 53 Resolver
/// answers with), and Google's token exchange and service account credentials APIs (answered
/// by the Private Service Connect endpoint through the private googleapis.com zone). Entra ID
/// has no private endpoint: nothing to forward (docs/federation.md).
fn token_hostnames(blueprint: &Blueprint, cloud: Cloud) -> Vec<Hostname> {
  let host = |label: String, name: String, region: String| Hostname {
    cloud,
    label,
    name,
    region,
    privatelink: false,
    token: true,
  };
  match cloud {
    Cloud::Azure => Vec::new(),
    Cloud::Aws => blueprint
      .home_region(Cloud::Aws)
      .map(|region| {
        host(
          format!("sts_{}", naming::region_label(region)),
          format!("sts.{region}.amazonaws.com"),
          region.to_owned(),
        )
      })
      .into_iter()
      .collect(),
    Cloud::Gcp => {
      let region = blueprint.home_region(Cloud::Gcp).unwrap_or_default();
      ["sts", "iamcredentials"]
        .into_iter()
        .map(|api| {
          host(
            format!("{api}_googleapis"),
            format!("{api}.googleapis.com"),
            region.to_owned(),
          )
        })
        .collect()
    }
  }
}

/// How many Cloud DNS inbound forwarder addresses the other clouds target: one, the home
/// region's. Every HA VPN tunnel ends in the home region, and Google documents that a peer
/// network reached over Cloud VPN must query an inbound forwarder entry point in the same
/// region as the tunnel (https://cloud.google.com/dns/docs/server-policies-overview, "Inbound
/// server policy"); an entry point in another region would not answer them (issue 18).
pub(crate) fn gcp_forwarder_count(blueprint: &Blueprint) -> usize {
  usize::from(blueprint.gcp.is_some())
}

/// The Azure DNS Private Resolver's inbound address: the fourth host of its subnet (Azure keeps
/// the first four), fixed so the other clouds can be configured before it exists.
pub(crate) fn azure_inbound_address(blueprint: &Blueprint) -> Option<Ipv4Addr> {
  let layout = crate::analysis::addressing::azure(blueprint.azure.as_ref()?.cidr)?;
  crate::analysis::addressing::host(layout.resolver_inbound, 4)
}

/// A pre-shared key: one `random_password` per tunnel, shared by both of its ends, with what
/// terminates the tunnel on each side (for the comment above it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Key {
  pub(crate) resource: String,
  /// `azure_aws`, `azure_gcp` or `aws_gcp`.
  pub(crate) pair: String,
  pub(crate) azure_instance: usize,
  pub(crate) gcp_interface: usize,
  pub(crate) aws_connection: usize,
  pub(crate) aws_tunnel: usize,
}

/// How a module refers to a key: by its label on that side (`aws_0`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct KeyRef {
  pub(crate) key: String,
  pub(crate) resource: String,
}

pub(crate) fn key_refs(topology: &Topology, cloud: Cloud) -> Vec<KeyRef> {
  topology
    .tunnels(cloud)
    .iter()
    .map(|t| KeyRef {
      key: t.label(cloud),
      resource: t.key_resource(),
    })
    .collect()
}

/// What the root module needs: the keys, and which module outputs feed which inputs.
#[derive(Serialize)]
pub(crate) struct MeshContext {
  pub(crate) keys: Vec<Key>,
  pub(crate) azure_aws: bool,
  pub(crate) azure_gcp: bool,
  pub(crate) aws_gcp: bool,
  pub(crate) dns: bool,
}

/// The root's view of the mesh; `None` when no VPN is built.
pub(crate) fn context(topology: &Topology) -> Option<MeshContext> {
  if topology.pairs.is_empty() {
    return None;
  }
  let keys = topology
    .pairs
    .iter()
    .flat_map(|pair| Tunnel::of(*pair))
    .map(|t| {
      let (aws_connection, aws_tunnel) = t.aws_connection();
      Key {
        resource: t.key_resource(),
        pair: format!("{}_{}", t.pair.0, t.pair.1),
        azure_instance: t.azure_instance(),
        gcp_interface: t.gcp_interface(),
        aws_connection,
        aws_tunnel,
      }
    })
    .collect();
  Some(MeshContext {
    keys,
    azure_aws: topology.has_pair(Cloud::Azure, Cloud::Aws),
    azure_gcp: topology.has_pair(Cloud::Azure, Cloud::Gcp),
    aws_gcp: topology.has_pair(Cloud::Aws, Cloud::Gcp),
    dns: topology.dns,
  })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  /// ASNs a cloud reserves: Azure (65515, 65517-65520, 8074, 8075, 12076), AWS (7224, 9059,
  /// 10124, 17943), GCP (16550).
  const RESERVED_ASNS: &[u32] = &[
    65515, 65517, 65518, 65519, 65520, 8074, 8075, 12076, 7224, 9059, 10124, 17943, 16550,
  ];
  /// Issue 18: with Vertex in two regions, the other clouds still forward only to the home
  /// region's inbound forwarder, the region where every HA VPN tunnel ends.
  #[test]
  fn other_clouds_forward_vertex_names_only_to_the_tunnel_region() {
    let bp = blueprint(
      "version: 1\nname: fwd\nenvironment: prod\nclouds:\n  azure: {region: eastus2, cidr: 10.60.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: 10.61.0.0/16}\n  gcp: {project: p-123456, region: us-central1, cidr: 10.62.0.0/16}\nendpoints:\n  aa: {cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: DataZoneStandard, capacity: 150}\n  bb: {cloud: aws, model: us.anthropic.claude-sonnet-4-6}\n  cc: {cloud: gcp, model: gemini-3.5-flash}\n  dd: {cloud: gcp, region: europe-west4, model: gemini-3.8-flash}\nworkloads: {ww: {failover: [aa, bb, cc, dd]}}\n",
    );
    assert_eq!(bp.regions(Cloud::Gcp).len(), 2);
    assert_eq!(gcp_forwarder_count(&bp), 1);
    let subnets = gcp::forwarder_subnets(&bp).unwrap();
    let home = crate::analysis::addressing::gcp_subnet("10.62.0.0/16".parse().unwrap(), 0).unwrap();
    assert_eq!(subnets, vec![home.to_string()]);
    let topology = Topology::of(&bp);
    let resolver = aws::resolver_addresses(&bp, &topology).unwrap();
    let dns = gcp::dns(&bp, &topology, &resolver).unwrap();
    let regions: Vec<&str> = dns.forwarders.iter().map(|f| f.region.as_str()).collect();
    assert_eq!(regions, ["us-central1"]);
  }

  #[test]
  fn asns_are_distinct_private_and_not_reserved() {
    let mut asns: Vec<u32> = (0..16).map(aws_asn).collect();
    asns.push(AZURE_ASN);
    asns.push(GCP_ASN);
    let unique: BTreeSet<u32> = asns.iter().copied().collect();
    assert_eq!(unique.len(), asns.len());
    for asn in asns {
      assert!((64512..=65534).contains(&asn), "{asn}");
      assert!(!RESERVED_ASNS.contains(&asn), "{asn}");
    }
    assert_eq!(aws_asn(0), 65020);
    assert_eq!(aws_asn(1), 65021);
    assert_eq!(aws_asn(10), 65031);
  }

  const THREE: &str = "version: 1\nname: mesh\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  gcp: {project: mesh-project, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  use1: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  usw2: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\n  euw1: {cloud: aws, region: eu-west-1, model: amazon.titan-embed-text-v2:0}\n  gc: {cloud: gcp, model: gemini-3.5-flash}\n";

  #[test]
  fn pairs_come_from_private_chains_only() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az, use1]}}\n  wb: {{failover: [gc], private: true}}\n  wc: {{failover: [usw2, euw1]}}\n  wd: {{failover: [euw1]}}\n"
    ));
    let topology = Topology::of(&bp);
    assert_eq!(topology.pairs, [(Cloud::Azure, Cloud::Aws)]);
    assert!(topology.dns && topology.aws_transit);
    assert_eq!(topology.peers(Cloud::Aws), [Cloud::Azure]);
    assert!(!topology.in_mesh(Cloud::Gcp));
    // Regions: us-east-1, eu-west-1, us-west-2. The chain c starts in us-west-2 (2) and uses
    // eu-west-1 (1): a direct peering besides the two with home.
    assert_eq!(topology.aws_peerings, [(0, 1), (0, 2), (1, 2)]);
    assert_eq!(topology.aws_outbound, BTreeSet::from([0]));
    assert_eq!(topology.aws_zones[&1], BTreeSet::from([0, 1, 2]));
    assert_eq!(topology.aws_zones[&2], BTreeSet::from([0, 2]));
    assert!(!topology.aws_zones.contains_key(&0));

    let public = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az, use1, gc], private: false}}\n  wb: {{failover: [usw2]}}\n  wc: {{failover: [euw1]}}\n"
    ));
    let topology = Topology::of(&public);
    assert!(topology.pairs.is_empty() && !topology.dns && !topology.aws_transit);
    assert!(context(&topology).is_none());
  }

  #[test]
  fn a_non_home_primary_gets_its_own_resolver_and_the_home_name_as_a_zone() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [usw2, use1, gc]}}\n  wb: {{failover: [az]}}\n  wc: {{failover: [euw1]}}\n"
    ));
    let topology = Topology::of(&bp);
    assert_eq!(topology.pairs, [(Cloud::Aws, Cloud::Gcp)]);
    assert_eq!(topology.aws_outbound, BTreeSet::from([0, 2]));
    assert_eq!(topology.aws_zones[&0], BTreeSet::from([0, 2]));
    assert_eq!(topology.aws_peerings, [(0, 1), (0, 2)]);
  }

  #[test]
  fn network_off_builds_nothing_across_clouds() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az]}}\n  wb: {{failover: [use1, usw2]}}\n  wc: {{failover: [euw1, gc], private: false}}\nnetwork: {{vpn: off, dns_forwarding: off}}\n"
    ));
    let topology = Topology::of(&bp);
    assert!(topology.pairs.is_empty() && !topology.dns);
    // Joining AWS regions is not a VPN: it stays.
    assert!(topology.aws_transit);
    assert!(topology.aws_outbound.is_empty());
  }

  #[test]
  fn long_blueprint_names_still_fit_every_cloud_name_rule() {
    let text = format!(
      "{}workloads:\n  wa: {{failover: [usw2, az, gc, euw1]}}\n  wb: {{failover: [use1]}}\n",
      THREE.replace(
        "name: mesh\n",
        "name: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwx\n"
      )
    );
    let plan = crate::plan::Plan::new(blueprint(&text)).unwrap();
    let c = &plan.context;
    let azure = c.azure.as_ref().unwrap();
    let vpn = azure.vpn.as_ref().unwrap();
    let dns = azure.dns.as_ref().unwrap();
    let mut azure_names = vec![&vpn.gateway, &dns.resolver, &dns.ruleset, &dns.inbound_nsg];
    azure_names.extend(vpn.instances.iter().map(|i| &i.public_ip));
    azure_names.extend(
      vpn
        .connections
        .iter()
        .flat_map(|x| [&x.name, &x.local_gateway]),
    );
    assert!(azure_names.iter().all(|n| n.len() <= 80), "{azure_names:?}");
    let gcp = c.gcp.as_ref().unwrap();
    let gvpn = gcp.vpn.as_ref().unwrap();
    let mut gcp_names = vec![&gvpn.gateway, &gvpn.router, &gvpn.egress_firewall];
    gcp_names.extend(gvpn.tunnels.iter().map(|t| &t.name));
    gcp_names.extend(gcp.dns.as_ref().unwrap().zones.iter().map(|z| &z.name));
    for name in &gcp_names {
      assert!(name.len() <= 63, "{name}");
      assert!(name.starts_with(|c: char| c.is_ascii_lowercase()), "{name}");
      assert!(
        name
          .chars()
          .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
      );
    }
    let transit = c.aws.as_ref().unwrap().transit.as_ref().unwrap();
    let outbound = transit.regions.iter().filter_map(|r| r.outbound.as_ref());
    let mut aws_names: Vec<&String> = Vec::new();
    for o in outbound {
      aws_names.push(&o.name);
      aws_names.extend(o.rules.iter().map(|r| &r.name));
    }
    assert!(aws_names.len() > 4);
    assert!(aws_names.iter().all(|n| n.len() <= 64), "{aws_names:?}");
    let unique: BTreeSet<&&String> = aws_names.iter().collect();
    assert_eq!(unique.len(), aws_names.len());
  }

  #[test]
  fn bedrock_mantle_names_are_forwarded_next_to_bedrock_runtime() {
    // Issue 13: a private GPT-5.4 endpoint on Bedrock is reached on bedrock-mantle's own host.
    let bp = blueprint(
      "version: 1\nname: mantle-dns\nenvironment: prod\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-east-2, cidr: 10.20.0.0/16}\nendpoints:\n  ea: {cloud: azure, model: gpt-5.4, sku: GlobalStandard, capacity: 50}\n  eb: {cloud: aws, model: openai.gpt-5.4}\n  ec: {cloud: aws, model: openai.gpt-oss-120b-1:0}\nworkloads:\n  wa: {failover: [ea, eb, ec]}\n",
    );
    let names: Vec<String> = hostnames(&bp, Cloud::Aws)
      .into_iter()
      .map(|h| h.name)
      .collect();
    assert_eq!(
      names,
      [
        "bedrock-runtime.us-east-2.amazonaws.com",
        "bedrock-mantle.us-east-2.api.aws"
      ]
    );
  }

  #[test]
  fn forwarded_names_are_exact_hostnames_of_the_paired_clouds() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az, use1, gc]}}\n  wb: {{failover: [usw2]}}\n  wc: {{failover: [euw1]}}\n"
    ));
    let topology = Topology::of(&bp);
    let names: Vec<String> = forwarded(&bp, &topology, Cloud::Gcp)
      .into_iter()
      .map(|h| h.name)
      .collect();
    assert_eq!(names.len(), 5);
    assert!(
      names[0].ends_with(".openai.azure.com")
        && names[1].ends_with(".privatelink.openai.azure.com")
    );
    assert_eq!(
      &names[2..],
      [
        "bedrock-runtime.us-east-1.amazonaws.com",
        "bedrock-runtime.eu-west-1.amazonaws.com",
        "bedrock-runtime.us-west-2.amazonaws.com"
      ]
    );
    assert!(
      forwarded(&bp, &topology, Cloud::Aws)
        .iter()
        .all(|h| h.cloud != Cloud::Aws)
    );
    assert!(names.iter().all(|n| n.split('.').count() >= 4));
  }

  /// Issue 18: a caller federating into a paired cloud resolves that cloud's token service
  /// privately; nobody else forwards it, and Entra ID (no private endpoint) is never forwarded.
  #[test]
  fn callers_forward_the_token_services_of_the_clouds_they_federate_into() {
    let bp = blueprint(&format!(
      "{THREE}workloads:
  wa: {{failover: [az, use1, gc]}}
  wb: {{failover: [gc, az]}}
"
    ));
    let topology = Topology::of(&bp);
    let names = |cloud| -> Vec<String> {
      forwarded(&bp, &topology, cloud)
        .into_iter()
        .map(|h| h.name)
        .filter(|n| !n.contains("bedrock-runtime") && !n.contains("openai"))
        .collect()
    };
    // Azure callers federate into AWS and GCP.
    assert_eq!(
      names(Cloud::Azure),
      [
        "sts.us-east-1.amazonaws.com",
        "us-central1-aiplatform.googleapis.com",
        "sts.googleapis.com",
        "iamcredentials.googleapis.com"
      ]
    );
    // GCP callers federate into Azure only; AWS callers into nothing.
    assert!(names(Cloud::Gcp).is_empty());
    assert!(names(Cloud::Aws).iter().all(|n| !n.starts_with("sts")));
    assert!(
      !names(Cloud::Aws)
        .iter()
        .any(|n| n.contains("iamcredentials"))
    );
  }
}
