//! Azure's side of the mesh: an active-active, zone-redundant VPN gateway with BGP and one
//! local network gateway and connection per far-end tunnel endpoint; the DNS Private Resolver
//! (inbound endpoint for the other clouds, outbound endpoint and forwarding ruleset for their
//! names).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use super::{Hostname, KeyRef};
use crate::analysis::addressing::{self, AzureLayout};
use crate::analysis::blueprint::Blueprint;
use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::naming::fit;
use crate::plan::topology::{Topology, Tunnel};

/// Azure resource names here (public IPs, gateways, connections, resolvers, rulesets, links,
/// NSGs): 1-80 characters.
const NAME_MAX: usize = 80;

#[derive(Serialize)]
pub(crate) struct AzureVpn {
  pub(crate) gateway: String,
  pub(crate) asn: u32,
  pub(crate) instances: Vec<Instance>,
  pub(crate) connections: Vec<Connection>,
  pub(crate) keys: Vec<KeyRef>,
  /// Which far ends exist (module variables).
  pub(crate) aws: bool,
  pub(crate) gcp: bool,
}

/// One active-active instance: its public IP, IP configuration and APIPA BGP addresses (one
/// per tunnel it terminates).
#[derive(Serialize)]
pub(crate) struct Instance {
  pub(crate) label: String,
  pub(crate) public_ip: String,
  pub(crate) ip_configuration: String,
  pub(crate) apipa: Vec<Ipv4Addr>,
}

#[derive(Serialize)]
pub(crate) struct Connection {
  /// Terraform label and the key in `vpn_preshared_keys` (`aws_0`).
  pub(crate) label: String,
  pub(crate) peer: Cloud,
  /// What terminates the tunnel: the Azure instance, and on the far side the AWS connection
  /// and tunnel number, or the GCP interface.
  pub(crate) instance: usize,
  pub(crate) aws_connection: usize,
  pub(crate) aws_tunnel: usize,
  pub(crate) gcp_interface: usize,
  pub(crate) inside: Ipv4Net,
  pub(crate) local_gateway: String,
  pub(crate) name: String,
  /// The module variable holding the far end's public addresses, and the index into it.
  pub(crate) address_variable: &'static str,
  pub(crate) address_index: usize,
  pub(crate) peer_asn: u32,
  pub(crate) peer_address: Ipv4Addr,
  /// `custom_bgp_addresses`: each instance's APIPA address on this connection. The instance
  /// that terminates the tunnel uses the tunnel's address; the other must still name one of
  /// its own addresses, its first.
  pub(crate) primary: Ipv4Addr,
  pub(crate) secondary: Ipv4Addr,
}

#[derive(Serialize)]
pub(crate) struct AzureDns {
  pub(crate) resolver: String,
  pub(crate) inbound: String,
  pub(crate) outbound: String,
  pub(crate) ruleset: String,
  pub(crate) link: String,
  pub(crate) inbound_address: Ipv4Addr,
  pub(crate) inbound_nsg: String,
  pub(crate) outbound_nsg: String,
  /// Who may query the inbound endpoint: the VNet, the AWS Resolver outbound subnets, Cloud
  /// DNS forwarding.
  pub(crate) inbound_sources: Vec<String>,
  /// Where the outbound endpoint may send queries: the AWS inbound endpoint, the Cloud DNS
  /// inbound forwarders' subnets.
  pub(crate) outbound_destinations: Vec<String>,
  pub(crate) rules: Vec<Rule>,
}

#[derive(Serialize)]
pub(crate) struct Rule {
  pub(crate) label: String,
  pub(crate) name: String,
  /// With the trailing dot Azure requires.
  pub(crate) domain: String,
  pub(crate) hostname: Hostname,
  pub(crate) targets: Vec<Target>,
}

/// A target resolver: a fixed address, or an index into `var.gcp_dns_inbound_addresses`
/// (Cloud DNS picks its inbound forwarder addresses itself).
#[derive(Serialize)]
pub(crate) struct Target {
  pub(crate) ip: Option<Ipv4Addr>,
  pub(crate) gcp_index: Option<usize>,
}

pub(crate) fn vpn(stem: &str, topology: &Topology) -> Option<AzureVpn> {
  let tunnels = topology.tunnels(Cloud::Azure);
  if tunnels.is_empty() {
    return None;
  }
  let mut instances: Vec<Instance> = (0..2)
    .map(|i| Instance {
      label: format!("vpn_gateway_{i}"),
      public_ip: fit(&format!("pip-vgw-{stem}-{i}"), NAME_MAX),
      ip_configuration: format!("ipconfig-{i}"),
      apipa: Vec::new(),
    })
    .collect();
  for tunnel in &tunnels {
    if let Some(instance) = instances.get_mut(tunnel.azure_instance()) {
      instance.apipa.push(tunnel.address(Cloud::Azure));
    }
  }
  let first = |i: usize| {
    instances
      .get(i)
      .and_then(|instance| instance.apipa.first().copied())
  };
  let (first0, first1) = (first(0), first(1));
  let connections = tunnels
    .iter()
    .filter_map(|tunnel| {
      let mine = tunnel.address(Cloud::Azure);
      let (primary, secondary) = if tunnel.azure_instance() == 0 {
        (mine, first1?)
      } else {
        (first0?, mine)
      };
      Some(connection(stem, tunnel, primary, secondary))
    })
    .collect();
  Some(AzureVpn {
    gateway: fit(&format!("vgw-{stem}"), NAME_MAX),
    asn: super::asn(Cloud::Azure),
    instances,
    connections,
    keys: super::key_refs(topology, Cloud::Azure),
    aws: topology.has_pair(Cloud::Azure, Cloud::Aws),
    gcp: topology.has_pair(Cloud::Azure, Cloud::Gcp),
  })
}

fn connection(stem: &str, tunnel: &Tunnel, primary: Ipv4Addr, secondary: Ipv4Addr) -> Connection {
  let peer = tunnel.peer(Cloud::Azure);
  let label = tunnel.label(Cloud::Azure);
  let suffix = label.replace('_', "-");
  let address_variable = if peer == Cloud::Aws {
    "aws_vpn_tunnel_addresses"
  } else {
    "gcp_vpn_interface_addresses"
  };
  let (aws_connection, aws_tunnel) = tunnel.aws_connection();
  Connection {
    peer,
    instance: tunnel.azure_instance(),
    aws_connection,
    aws_tunnel,
    gcp_interface: tunnel.gcp_interface(),
    inside: tunnel.inside,
    local_gateway: fit(&format!("lgw-{stem}-{suffix}"), NAME_MAX),
    name: fit(&format!("cn-{stem}-{suffix}"), NAME_MAX),
    address_variable,
    address_index: tunnel.index,
    peer_asn: super::asn(peer),
    peer_address: tunnel.address(peer),
    primary,
    secondary,
    label,
  }
}

pub(crate) fn dns(
  blueprint: &Blueprint,
  stem: &str,
  layout: &AzureLayout,
  topology: &Topology,
  aws_resolver: &super::ResolverAddresses,
) -> Result<Option<AzureDns>, Error> {
  if !topology.dns || !topology.in_mesh(Cloud::Azure) {
    return Ok(None);
  }
  let inbound_address = addressing::host(layout.resolver_inbound, 4)
    .ok_or_else(|| Error::internal("the Azure resolver subnet has no fourth host"))?;
  let mut inbound_sources = vec![layout.vnet.to_string()];
  let mut outbound_destinations = Vec::new();
  if topology.has_pair(Cloud::Azure, Cloud::Aws) {
    inbound_sources.extend(
      aws_resolver
        .outbound_subnets
        .iter()
        .map(ToString::to_string),
    );
    outbound_destinations.extend(aws_resolver.inbound.iter().map(|ip| format!("{ip}/32")));
  }
  if topology.has_pair(Cloud::Azure, Cloud::Gcp) {
    inbound_sources.push(super::CLOUD_DNS_FORWARDING_RANGE.to_owned());
    outbound_destinations.extend(super::gcp::forwarder_subnets(blueprint)?);
  }
  let rules = super::forwarded(blueprint, topology, Cloud::Azure)
    .into_iter()
    .map(|hostname| {
      rule(
        hostname,
        aws_resolver,
        super::gcp_forwarder_count(blueprint),
      )
    })
    .collect();
  Ok(Some(AzureDns {
    resolver: fit(&format!("dnspr-{stem}"), NAME_MAX),
    inbound: fit(&format!("in-{stem}"), NAME_MAX),
    outbound: fit(&format!("out-{stem}"), NAME_MAX),
    ruleset: fit(&format!("dnsfrs-{stem}"), NAME_MAX),
    link: fit(&format!("link-vnet-{stem}"), NAME_MAX),
    inbound_address,
    inbound_nsg: fit(&format!("nsg-{stem}-dns-inbound"), NAME_MAX),
    outbound_nsg: fit(&format!("nsg-{stem}-dns-outbound"), NAME_MAX),
    inbound_sources,
    outbound_destinations,
    rules,
  }))
}

fn rule(hostname: Hostname, aws: &super::ResolverAddresses, gcp_count: usize) -> Rule {
  let targets = match hostname.cloud {
    Cloud::Aws => aws
      .inbound
      .iter()
      .map(|ip| Target {
        ip: Some(*ip),
        gcp_index: None,
      })
      .collect(),
    _ => (0..gcp_count)
      .map(|i| Target {
        ip: None,
        gcp_index: Some(i),
      })
      .collect(),
  };
  Rule {
    // Forwarding rule names: letters, digits, `_` and `-`, at most 80.
    name: fit(&hostname.label.replace('_', "-"), NAME_MAX),
    domain: format!("{}.", hostname.name),
    label: hostname.label.clone(),
    hostname,
    targets,
  }
}
