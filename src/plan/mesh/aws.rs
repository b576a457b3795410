//! AWS's side of the mesh: a transit gateway per region (VPC peering would not carry traffic
//! that arrives over a VPN), peered with the home one; the VPN connections on the home transit
//! gateway; the VPC and transit gateway route tables; Route 53 Resolver endpoints and
//! forwarding rules; private hosted zones that serve a region's `bedrock-runtime` name to the
//! other VPCs.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use super::{Hostname, KeyRef, ResolverAddresses};
use crate::analysis::addressing;
use crate::analysis::blueprint::Blueprint;
use crate::analysis::cloud::Cloud;
use crate::analysis::regions::aws_zone_ids;
use crate::input::error::Error;
use crate::plan::naming;
use crate::plan::naming::aws::{ZonalSubnet, suffixed};
use crate::plan::topology::Topology;

/// Route 53 Resolver endpoint and rule names: at most 64 characters.
const RESOLVER_NAME_MAX: usize = 64;

/// Inbound: the fourth host of each resolver /28 of the home VPC; outbound: the fifth.
const INBOUND_HOST: u32 = 4;
const OUTBOUND_HOST: u32 = 5;

pub(crate) fn resolver_addresses(
  blueprint: &Blueprint,
  topology: &Topology,
) -> Result<ResolverAddresses, Error> {
  let Some(cloud) = &blueprint.aws else {
    return Ok(ResolverAddresses::default());
  };
  if !topology.dns || !topology.in_mesh(Cloud::Aws) {
    return Ok(ResolverAddresses::default());
  }
  let home = transit_layout(cloud.cidr, 0)?;
  let inbound = home
    .resolver
    .iter()
    .map(|net| host(*net, INBOUND_HOST))
    .collect::<Result<_, _>>()?;
  let mut outbound_subnets = Vec::new();
  for index in &topology.aws_outbound {
    outbound_subnets.extend(transit_layout(cloud.cidr, *index)?.resolver);
  }
  Ok(ResolverAddresses {
    inbound,
    outbound_subnets,
  })
}

fn transit_layout(cidr: Ipv4Net, index: usize) -> Result<addressing::AwsTransitLayout, Error> {
  addressing::aws_transit(cidr, index).ok_or_else(|| {
    Error::internal(format!(
      "{cidr} has no room for the transit subnets of AWS region #{index}; the validator should have refused it"
    ))
  })
}

fn host(net: Ipv4Net, offset: u32) -> Result<Ipv4Addr, Error> {
  addressing::host(net, offset)
    .ok_or_else(|| Error::internal(format!("{net} has no host #{offset}")))
}

#[derive(Serialize)]
pub(crate) struct AwsTransit {
  /// One per region of the layout, in the same order as the context's regions.
  pub(crate) regions: Vec<TransitRegion>,
  pub(crate) peerings: Vec<Peering>,
}

#[derive(Serialize)]
pub(crate) struct TransitRegion {
  pub(crate) label: String,
  pub(crate) region: String,
  pub(crate) home: bool,
  pub(crate) asn: u32,
  pub(crate) name: String,
  pub(crate) description: String,
  pub(crate) attachment_subnets: Vec<ZonalSubnet>,
  /// The Route 53 Resolver subnets, when an endpoint lives in this VPC.
  pub(crate) resolver_subnets: Vec<ZonalSubnet>,
  pub(crate) route_table: String,
  /// Every subnet of the VPC the route table serves (Terraform labels).
  pub(crate) associations: Vec<String>,
  pub(crate) vpc_routes: Vec<Route>,
  /// Whether the VPC routes Cloud DNS's forwarding range back over the VPN.
  pub(crate) cloud_dns: bool,
  pub(crate) tgw_routes: Vec<TgwRoute>,
  pub(crate) outbound: Option<Outbound>,
  pub(crate) zone: Option<Zone>,
}

/// A VPC route to the region's transit gateway.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Route {
  pub(crate) label: String,
  pub(crate) destination: Ipv4Net,
}

/// A static transit gateway route into a peering (peerings carry no BGP).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TgwRoute {
  pub(crate) label: String,
  pub(crate) destination: Ipv4Net,
  pub(crate) peering: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Peering {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) requester: String,
  pub(crate) requester_label: String,
  pub(crate) accepter: String,
  pub(crate) accepter_label: String,
}

/// A Route 53 Resolver outbound endpoint with the rules that forward other clouds' names.
#[derive(Serialize)]
pub(crate) struct Outbound {
  pub(crate) name: String,
  pub(crate) security_group: String,
  pub(crate) addresses: Vec<EndpointAddress>,
  pub(crate) destinations: Vec<String>,
  pub(crate) rules: Vec<ResolverRule>,
}

#[derive(Serialize)]
pub(crate) struct EndpointAddress {
  pub(crate) subnet: String,
  pub(crate) ip: Ipv4Addr,
}

#[derive(Serialize)]
pub(crate) struct ResolverRule {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) domain: String,
  pub(crate) hostname: Hostname,
  /// Fixed targets, or indexes into `var.gcp_dns_inbound_addresses`.
  pub(crate) ips: Vec<Ipv4Addr>,
  pub(crate) gcp_indexes: Vec<usize>,
}

/// A private hosted zone named exactly like a region's `bedrock-runtime` hostname, aliasing
/// that region's interface endpoint, associated with every VPC that must resolve it.
#[derive(Serialize)]
pub(crate) struct Zone {
  pub(crate) name: String,
  pub(crate) comment: String,
  pub(crate) vpcs: Vec<ZoneVpc>,
}

#[derive(Serialize)]
pub(crate) struct ZoneVpc {
  pub(crate) label: String,
  pub(crate) region: String,
}

/// The home VPC's inbound endpoint, where Azure and GCP send the `bedrock-runtime` names.
#[derive(Serialize)]
pub(crate) struct Inbound {
  pub(crate) name: String,
  pub(crate) security_group: String,
  pub(crate) sources: Vec<String>,
  pub(crate) addresses: Vec<EndpointAddress>,
}

#[derive(Serialize)]
pub(crate) struct AwsVpn {
  pub(crate) region: String,
  pub(crate) label: String,
  pub(crate) log_group: String,
  /// `arn:…:logs:<home>:%s:log-group:<log_group>`, for the home KMS key's policy.
  pub(crate) log_group_arn_format: String,
  pub(crate) connections: Vec<VpnConnection>,
  pub(crate) keys: Vec<KeyRef>,
  pub(crate) azure: bool,
  pub(crate) gcp: bool,
}

/// One VPN connection (two tunnels) per far-end public address.
#[derive(Serialize)]
pub(crate) struct VpnConnection {
  pub(crate) label: String,
  pub(crate) name: String,
  pub(crate) peer: Cloud,
  /// The far end's address: Azure instance or GCP interface number.
  pub(crate) index: usize,
  pub(crate) peer_asn: String,
  pub(crate) address_variable: &'static str,
  pub(crate) address_index: usize,
  pub(crate) tunnels: Vec<VpnTunnel>,
}

#[derive(Serialize)]
pub(crate) struct VpnTunnel {
  pub(crate) number: usize,
  pub(crate) inside: Ipv4Net,
  pub(crate) key: String,
}

/// Everything AWS adds for the mesh; `None` parts are not rendered.
pub(crate) struct AwsMesh {
  pub(crate) transit: Option<AwsTransit>,
  pub(crate) vpn: Option<AwsVpn>,
  pub(crate) inbound: Option<Inbound>,
  /// Per region (layout order): whether the interface endpoint keeps its own private DNS.
  pub(crate) private_dns: Vec<bool>,
}

pub(crate) fn build(
  blueprint: &Blueprint,
  topology: &Topology,
  partition: &str,
) -> Result<AwsMesh, Error> {
  let Some(cloud) = &blueprint.aws else {
    return Err(Error::internal("AWS mesh without clouds.aws"));
  };
  let stem = naming::stem(blueprint);
  let regions = &topology.aws_regions;
  let private_dns = (0..regions.len())
    .map(|i| !topology.aws_zones.contains_key(&i))
    .collect();
  if !topology.aws_transit {
    return Ok(AwsMesh {
      transit: None,
      vpn: None,
      inbound: None,
      private_dns,
    });
  }
  let home = regions
    .first()
    .ok_or_else(|| Error::internal("AWS without a home region"))?;
  let azure_inbound = super::azure_inbound_address(blueprint);
  let peerings: Vec<Peering> = topology
    .aws_peerings
    .iter()
    .filter_map(|(a, b)| {
      let (requester, accepter) = (regions.get(*a)?, regions.get(*b)?);
      let (rl, al) = (
        naming::region_label(requester),
        naming::region_label(accepter),
      );
      Some(Peering {
        label: format!("{rl}_{al}"),
        name: format!("{stem}-{requester}-{accepter}"),
        requester: requester.clone(),
        requester_label: rl,
        accepter: accepter.clone(),
        accepter_label: al,
      })
    })
    .collect();
  let peering_label = |a: usize, b: usize| -> String {
    let pair = (a.min(b), a.max(b));
    regions
      .get(pair.0)
      .zip(regions.get(pair.1))
      .map(|(x, y)| format!("{}_{}", naming::region_label(x), naming::region_label(y)))
      .unwrap_or_default()
  };
  let other_clouds: Vec<(Cloud, Ipv4Net)> = topology
    .peers(Cloud::Aws)
    .into_iter()
    .filter_map(|c| blueprint.cidr(c).map(|cidr| (c, cidr)))
    .collect();
  let gcp_dns = topology.dns && topology.has_pair(Cloud::Aws, Cloud::Gcp);
  let cloud_dns_range: Ipv4Net = super::CLOUD_DNS_FORWARDING_RANGE
    .parse()
    .map_err(|_| Error::internal("bad Cloud DNS range"))?;

  let mut transit_regions = Vec::new();
  for (index, region) in regions.iter().enumerate() {
    let label = naming::region_label(region);
    let zones = aws_zone_ids(region)
      .ok_or_else(|| Error::internal(format!("no zones known for {region}")))?;
    let layout = transit_layout(cloud.cidr, index)?;
    let vpc = |i: usize| -> Result<Ipv4Net, Error> {
      addressing::aws(cloud.cidr, i)
        .map(|l| l.vpc)
        .ok_or_else(|| Error::internal(format!("no VPC block #{i}")))
    };
    let subnets = |kind: &str, nets: [Ipv4Net; 2]| -> Vec<ZonalSubnet> {
      nets
        .iter()
        .zip(zones)
        .zip(["a", "b"])
        .map(|((cidr, az_id), letter)| ZonalSubnet {
          label: format!("{label}_{kind}_{letter}"),
          cidr: *cidr,
          az_id,
          name: format!("{stem}-{region}-{kind}-{letter}"),
        })
        .collect()
    };
    let attachment_subnets = subnets("tgw", layout.attachments);
    let inbound_here = index == 0 && topology.dns && topology.in_mesh(Cloud::Aws);
    let outbound_here = topology.aws_outbound.contains(&index);
    let resolver_subnets = if inbound_here || outbound_here {
      subnets("resolver", layout.resolver)
    } else {
      Vec::new()
    };

    let mut vpc_routes = Vec::new();
    let mut tgw_routes = Vec::new();
    for (peer, (a, b)) in topology.aws_peers(index) {
      let peer_region = regions.get(peer).cloned().unwrap_or_default();
      let peer_label = naming::region_label(&peer_region);
      let destination = vpc(peer)?;
      vpc_routes.push(Route {
        label: format!("{label}_to_{peer_label}"),
        destination,
      });
      tgw_routes.push(TgwRoute {
        label: format!("{label}_to_{peer_label}"),
        destination,
        peering: peering_label(a, b),
      });
    }
    for (other, cidr) in &other_clouds {
      vpc_routes.push(Route {
        label: format!("{label}_to_{other}"),
        destination: *cidr,
      });
      if index != 0 {
        tgw_routes.push(TgwRoute {
          label: format!("{label}_to_{other}"),
          destination: *cidr,
          peering: peering_label(0, index),
        });
      }
    }
    let cloud_dns = index == 0 && gcp_dns;
    if cloud_dns {
      vpc_routes.push(Route {
        label: format!("{label}_to_gcp_cloud_dns"),
        destination: cloud_dns_range,
      });
    }

    let mut associations: Vec<String> = ["a", "b"].iter().map(|l| format!("{label}_{l}")).collect();
    associations.extend(attachment_subnets.iter().map(|s| s.label.clone()));
    associations.extend(resolver_subnets.iter().map(|s| s.label.clone()));

    let outbound = if outbound_here {
      Some(outbound(
        blueprint,
        topology,
        &stem,
        index,
        region,
        &resolver_subnets,
        azure_inbound,
      )?)
    } else {
      None
    };
    // The bedrock-runtime zone aliases the runtime interface endpoint, which a region whose
    // endpoints are all on bedrock-mantle does not have (plan::aws::Mantle serves that name).
    let runtime_here = blueprint.endpoints_of(Cloud::Aws).any(|e| {
      e.region == *region
        && crate::analysis::models::bedrock_service(&e.model).0
          == crate::analysis::catalog::AwsService::Runtime
    });
    let zone = topology
      .aws_zones
      .get(&index)
      .filter(|_| runtime_here)
      .map(|vpcs| Zone {
        name: format!("bedrock-runtime.{region}.amazonaws.com"),
        comment: format!("{stem}: bedrock-runtime {region} through its interface endpoint"),
        vpcs: vpcs
          .iter()
          .filter_map(|i| regions.get(*i))
          .map(|r| ZoneVpc {
            label: naming::region_label(r),
            region: r.clone(),
          })
          .collect(),
      });
    transit_regions.push(TransitRegion {
      home: index == 0,
      asn: super::aws_asn(index),
      name: format!("{stem}-{region}"),
      description: match (index, topology.in_mesh(Cloud::Aws), regions.len() > 1) {
        (0, true, true) => {
          format!(
            "{stem} hub in {region}: VPNs to the other clouds, peerings to the other AWS regions"
          )
        }
        (0, true, false) => format!("{stem} hub in {region}: VPNs to the other clouds"),
        (0, false, _) => format!("{stem} hub in {region}: peerings to the other AWS regions"),
        _ => format!("{stem} {region}: peered with the {home} hub"),
      },
      route_table: format!("{stem}-{region}-private"),
      attachment_subnets,
      resolver_subnets,
      associations,
      vpc_routes,
      cloud_dns,
      tgw_routes,
      outbound,
      zone,
      label,
      region: region.clone(),
    });
  }

  let inbound = if topology.dns && topology.in_mesh(Cloud::Aws) {
    let home_transit = transit_regions
      .first()
      .ok_or_else(|| Error::internal("no home transit region"))?;
    let mut sources = Vec::new();
    if topology.has_pair(Cloud::Aws, Cloud::Azure)
      && let Some(layout) = blueprint
        .azure
        .as_ref()
        .and_then(|a| addressing::azure(a.cidr))
    {
      sources.push(layout.resolver_outbound.to_string());
    }
    if gcp_dns {
      sources.push(super::CLOUD_DNS_FORWARDING_RANGE.to_owned());
    }
    Some(Inbound {
      name: suffixed(&stem, "inbound", RESOLVER_NAME_MAX),
      security_group: format!("{stem}-resolver-inbound"),
      sources,
      addresses: home_transit
        .resolver_subnets
        .iter()
        .map(|s| {
          Ok(EndpointAddress {
            subnet: s.label.clone(),
            ip: host(s.cidr, INBOUND_HOST)?,
          })
        })
        .collect::<Result<_, Error>>()?,
    })
  } else {
    None
  };

  let vpn = if topology.in_mesh(Cloud::Aws) {
    Some(vpn(topology, &stem, home, partition))
  } else {
    None
  };

  Ok(AwsMesh {
    transit: Some(AwsTransit {
      regions: transit_regions,
      peerings,
    }),
    vpn,
    inbound,
    private_dns,
  })
}

fn outbound(
  blueprint: &Blueprint,
  topology: &Topology,
  stem: &str,
  index: usize,
  region: &str,
  subnets: &[ZonalSubnet],
  azure_inbound: Option<Ipv4Addr>,
) -> Result<Outbound, Error> {
  let label = naming::region_label(region);
  let prefix = if index == 0 {
    String::new()
  } else {
    format!("{label}_")
  };
  let name_stem = if index == 0 {
    stem.to_owned()
  } else {
    format!("{stem}-{region}")
  };
  let gcp_count = super::gcp_forwarder_count(blueprint);
  let mut destinations = Vec::new();
  if topology.has_pair(Cloud::Aws, Cloud::Azure)
    && let Some(ip) = azure_inbound
  {
    destinations.push(format!("{ip}/32"));
  }
  if topology.has_pair(Cloud::Aws, Cloud::Gcp) {
    destinations.extend(super::gcp::forwarder_subnets(blueprint)?);
  }
  let rules = super::forwarded(blueprint, topology, Cloud::Aws)
    .into_iter()
    .map(|h| {
      let (ips, gcp_indexes) = match h.cloud {
        Cloud::Azure => (azure_inbound.into_iter().collect(), Vec::new()),
        _ => (Vec::new(), (0..gcp_count).collect()),
      };
      ResolverRule {
        label: format!("{prefix}{}", h.label),
        name: suffixed(&name_stem, &h.label.replace('_', "-"), RESOLVER_NAME_MAX),
        domain: h.name.clone(),
        hostname: h,
        ips,
        gcp_indexes,
      }
    })
    .collect();
  Ok(Outbound {
    name: suffixed(&name_stem, "outbound", RESOLVER_NAME_MAX),
    security_group: format!("{name_stem}-resolver-outbound"),
    addresses: subnets
      .iter()
      .map(|s| {
        Ok(EndpointAddress {
          subnet: s.label.clone(),
          ip: host(s.cidr, OUTBOUND_HOST)?,
        })
      })
      .collect::<Result<_, Error>>()?,
    destinations,
    rules,
  })
}

fn vpn(topology: &Topology, stem: &str, home: &str, partition: &str) -> AwsVpn {
  let tunnels = topology.tunnels(Cloud::Aws);
  let mut connections: Vec<VpnConnection> = Vec::new();
  for tunnel in &tunnels {
    let peer = tunnel.peer(Cloud::Aws);
    let (connection, number) = tunnel.aws_connection();
    let label = format!("{peer}_{connection}");
    if connections.last().is_none_or(|c| c.label != label) {
      let address_variable = match peer {
        Cloud::Azure => "azure_vpn_gateway_addresses",
        _ => "gcp_vpn_interface_addresses",
      };
      connections.push(VpnConnection {
        name: format!("{stem}-{peer}-{connection}"),
        peer,
        index: connection,
        peer_asn: super::asn(peer).to_string(),
        address_variable,
        address_index: connection,
        tunnels: Vec::new(),
        label,
      });
    }
    if let Some(last) = connections.last_mut() {
      last.tunnels.push(VpnTunnel {
        number,
        inside: tunnel.inside,
        key: tunnel.label(Cloud::Aws),
      });
    }
  }
  let log_group = format!("/switchyard/{stem}/site-to-site-vpn");
  AwsVpn {
    region: home.to_owned(),
    label: naming::region_label(home),
    log_group_arn_format: format!("arn:{partition}:logs:{home}:%s:log-group:{log_group}"),
    log_group,
    connections,
    keys: super::key_refs(topology, Cloud::Aws),
    azure: topology.has_pair(Cloud::Aws, Cloud::Azure),
    gcp: topology.has_pair(Cloud::Aws, Cloud::Gcp),
  }
}
