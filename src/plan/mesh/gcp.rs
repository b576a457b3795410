//! GCP's side of the mesh: one HA VPN gateway and Cloud Router in the home region (the
//! network's routing is global, so every region's subnets are reached and advertised), an
//! external gateway per far cloud, a tunnel, router interface and BGP peer per tunnel; inbound
//! DNS forwarding and forwarding zones for the other clouds' hostnames.

use std::net::Ipv4Addr;

use serde::Serialize;

use super::{Hostname, KeyRef};
use crate::analysis::addressing;
use crate::analysis::blueprint::Blueprint;
use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::naming;
use crate::plan::naming::gcp::around;
use crate::plan::topology::Topology;

#[derive(Serialize)]
pub(crate) struct GcpVpn {
  pub(crate) gateway: String,
  pub(crate) router: String,
  pub(crate) asn: u32,
  pub(crate) advertised: Vec<Advertised>,
  pub(crate) azure: Option<ExternalGateway>,
  pub(crate) aws: Option<ExternalGateway>,
  pub(crate) tunnels: Vec<GcpTunnel>,
  pub(crate) keys: Vec<KeyRef>,
  pub(crate) egress_firewall: String,
  /// The paired clouds' address spaces, which callers here reach over HTTPS.
  pub(crate) egress_destinations: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Advertised {
  pub(crate) range: String,
  pub(crate) description: &'static str,
}

/// The far cloud's public VPN addresses, from a module variable.
#[derive(Serialize)]
pub(crate) struct ExternalGateway {
  pub(crate) name: String,
  pub(crate) description: String,
  pub(crate) redundancy: &'static str,
  pub(crate) variable: &'static str,
  pub(crate) interfaces: Vec<usize>,
}

#[derive(Serialize)]
pub(crate) struct GcpTunnel {
  /// Terraform label and key in `vpn_preshared_keys` (`azure_0`).
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) description: String,
  pub(crate) interface: usize,
  pub(crate) peer: Cloud,
  pub(crate) peer_interface: usize,
  pub(crate) router_interface: String,
  pub(crate) peer_name: String,
  /// `address/30`: the router's side of the inside /30.
  pub(crate) ip_range: String,
  pub(crate) ip: Ipv4Addr,
  pub(crate) peer_ip: Ipv4Addr,
  pub(crate) peer_asn: u32,
}

#[derive(Serialize)]
pub(crate) struct GcpDns {
  /// The subnet whose Cloud DNS inbound forwarder the other clouds target: the home region's,
  /// where the VPN tunnels are.
  pub(crate) forwarders: Vec<Forwarder>,
  pub(crate) zones: Vec<ForwardZone>,
  /// `<region>-aiplatform.googleapis.com` as plain A records to the Private Service Connect
  /// address: the zone's wildcard CNAME would send other clouds' forwarders chasing
  /// `googleapis.com.`, which they do not forward.
  pub(crate) records: Vec<Record>,
}

#[derive(Serialize)]
pub(crate) struct Forwarder {
  pub(crate) label: String,
  pub(crate) region: String,
}

#[derive(Serialize)]
pub(crate) struct ForwardZone {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) dns_name: String,
  pub(crate) hostname: Hostname,
  pub(crate) description: &'static str,
  pub(crate) targets: Vec<Ipv4Addr>,
}

#[derive(Serialize)]
pub(crate) struct Record {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) region: String,
}

/// The GCP subnets whose inbound forwarders the other clouds query: the home region's only.
pub(crate) fn forwarder_subnets(blueprint: &Blueprint) -> Result<Vec<String>, Error> {
  let Some(cloud) = &blueprint.gcp else {
    return Ok(Vec::new());
  };
  (0..super::gcp_forwarder_count(blueprint))
    .map(|i| {
      addressing::gcp_subnet(cloud.cidr, i)
        .map(|net| net.to_string())
        .ok_or_else(|| Error::internal(format!("no GCP subnet #{i}")))
    })
    .collect()
}

pub(crate) fn vpn(blueprint: &Blueprint, topology: &Topology) -> Option<GcpVpn> {
  let tunnels = topology.tunnels(Cloud::Gcp);
  if tunnels.is_empty() {
    return None;
  }
  let stem = naming::stem(blueprint);
  let cidr = blueprint.gcp.as_ref()?.cidr;
  let mut advertised = vec![Advertised {
    range: format!("{}/32", addressing::gcp_psc_address(cidr)),
    description: "Private Service Connect endpoint for Google APIs",
  }];
  if topology.dns {
    advertised.push(Advertised {
      range: super::CLOUD_DNS_FORWARDING_RANGE.to_owned(),
      description: "Cloud DNS forwarding source range",
    });
  }
  let external = |peer: Cloud| -> Option<ExternalGateway> {
    if !topology.has_pair(Cloud::Gcp, peer) {
      return None;
    }
    Some(match peer {
      Cloud::Azure => ExternalGateway {
        name: around("peergw", &stem, "azure"),
        description: "Azure active-active VPN gateway: one public IP per instance".to_owned(),
        redundancy: "TWO_IPS_REDUNDANCY",
        variable: "azure_vpn_gateway_addresses",
        interfaces: vec![0, 1],
      },
      _ => ExternalGateway {
        name: around("peergw", &stem, "aws"),
        description: format!(
          "AWS transit gateway ({}) VPN connections gcp-0 and gcp-1, two tunnels each",
          topology
            .aws_regions
            .first()
            .map(String::as_str)
            .unwrap_or_default()
        ),
        redundancy: "FOUR_IPS_REDUNDANCY",
        variable: "aws_vpn_tunnel_addresses",
        interfaces: vec![0, 1, 2, 3],
      },
    })
  };
  let gcp_tunnels = tunnels
    .iter()
    .map(|t| {
      let peer = t.peer(Cloud::Gcp);
      let label = t.label(Cloud::Gcp);
      let suffix = label.replace('_', "-");
      let ip = t.address(Cloud::Gcp);
      let description = match peer {
        Cloud::Azure => format!("Azure gateway instance {}", t.azure_instance()),
        _ => {
          let (connection, number) = t.aws_connection();
          format!("AWS connection gcp-{connection} tunnel {number}")
        }
      };
      GcpTunnel {
        name: around("vpn", &stem, &suffix),
        description,
        interface: t.gcp_interface(),
        peer,
        peer_interface: t.index,
        router_interface: format!("if-{suffix}"),
        peer_name: format!("peer-{suffix}"),
        ip_range: format!("{ip}/30"),
        ip,
        peer_ip: t.address(peer),
        peer_asn: super::asn(peer),
        label,
      }
    })
    .collect();
  Some(GcpVpn {
    gateway: naming::fit(&format!("vpngw-{stem}"), 63),
    router: naming::fit(&format!("cr-{stem}"), 63),
    asn: super::asn(Cloud::Gcp),
    advertised,
    azure: external(Cloud::Azure),
    aws: external(Cloud::Aws),
    tunnels: gcp_tunnels,
    keys: super::key_refs(topology, Cloud::Gcp),
    egress_firewall: around("fw", &stem, "allow-mesh-egress"),
    egress_destinations: topology
      .peers(Cloud::Gcp)
      .into_iter()
      .filter_map(|c| blueprint.cidr(c).map(|n| n.to_string()))
      .collect(),
  })
}

pub(crate) fn dns(
  blueprint: &Blueprint,
  topology: &Topology,
  aws: &super::ResolverAddresses,
) -> Option<GcpDns> {
  if !topology.dns || !topology.in_mesh(Cloud::Gcp) {
    return None;
  }
  let stem = naming::stem(blueprint);
  let azure = super::azure_inbound_address(blueprint);
  let forwarders = blueprint
    .regions(Cloud::Gcp)
    .into_iter()
    .take(super::gcp_forwarder_count(blueprint))
    .map(|region| Forwarder {
      label: naming::region_label(&region),
      region,
    })
    .collect();
  let zones = super::forwarded(blueprint, topology, Cloud::Gcp)
    .into_iter()
    .map(|h| {
      let (targets, description) = match h.cloud {
        Cloud::Azure => (
          azure.into_iter().collect(),
          "Forward to the Azure DNS Private Resolver",
        ),
        _ => (
          aws.inbound.clone(),
          "Forward to the Route 53 Resolver inbound endpoint",
        ),
      };
      ForwardZone {
        name: around("fwd", &stem, &h.label.replace('_', "-")),
        dns_name: format!("{}.", h.name),
        description,
        targets,
        label: h.label.clone(),
        hostname: h,
      }
    })
    .collect();
  // A multi-region host is answered by its own zone (psc.tf), not by the googleapis.com one.
  let records = super::hostnames(blueprint, Cloud::Gcp)
    .into_iter()
    .filter(|h| crate::analysis::regions::gcp_multi_region_host(&h.region).is_none())
    .map(|h| Record {
      label: h.label,
      name: format!("{}.", h.name),
      region: h.region,
    })
    .collect();
  Some(GcpDns {
    forwarders,
    zones,
    records,
  })
}
