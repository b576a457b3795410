//! A walk of the rendered topology: from a private chain's primary network, every endpoint's
//! hostname must resolve to its private address, a packet must route there hop by hop, and the
//! reply must route back. The walk reads only the template contexts (what the templates print),
//! plus what the clouds do on their own: BGP advertises what the gateways are configured to
//! advertise, transit gateways propagate their VPC and VPN attachments.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::analysis::cloud::Cloud;
use crate::plan::Plan;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Net {
  Azure,
  Aws(usize),
  Gcp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Hop {
  Net(Net),
  Tgw(usize),
}

fn host(net: Ipv4Net, offset: u32) -> Ipv4Addr {
  Ipv4Addr::from(u32::from(net.network()) + offset)
}

/// The address standing for a multi-region's Private Service Connect endpoint: a host of the
/// home subnet past the Cloud DNS inbound forwarder's.
fn multi_region_address(gcp: &crate::plan::gcp::GcpContext, index: usize) -> Option<Ipv4Addr> {
  let offset = u32::try_from(index).ok()?.checked_add(10)?;
  Some(host(gcp.subnets.first()?.cidr, offset))
}

fn longest<'a, T>(routes: impl Iterator<Item = (Ipv4Net, T)>, dest: Ipv4Addr) -> Option<T>
where
  T: 'a,
{
  routes
    .filter(|(net, _)| net.contains(&dest))
    .max_by_key(|(net, _)| net.prefix_len())
    .map(|(_, target)| target)
}

pub(crate) struct Walk<'a> {
  plan: &'a Plan,
}

impl<'a> Walk<'a> {
  pub(crate) fn new(plan: &'a Plan) -> Self {
    Self { plan }
  }

  fn aws_index(&self, region: &str) -> Option<usize> {
    self
      .plan
      .context
      .aws
      .as_ref()?
      .regions
      .iter()
      .position(|r| r.region == region)
  }

  /// The address space a network answers for itself.
  fn local(&self, net: &Net) -> Vec<Ipv4Net> {
    let c = &self.plan.context;
    match net {
      Net::Azure => c.azure.iter().map(|a| a.layout.vnet).collect(),
      Net::Aws(i) => c
        .aws
        .iter()
        .filter_map(|a| a.regions.get(*i))
        .map(|r| r.vpc)
        .collect(),
      Net::Gcp => {
        let Some(gcp) = &c.gcp else {
          return Vec::new();
        };
        let mut nets: Vec<Ipv4Net> = gcp.subnets.iter().map(|s| s.cidr).collect();
        nets.push(Ipv4Net::new(gcp.psc.address, 32).unwrap_or_default());
        nets.push(
          super::CLOUD_DNS_FORWARDING_RANGE
            .parse()
            .unwrap_or_default(),
        );
        nets
      }
    }
  }

  /// What `from` advertises over BGP to `to`.
  fn advertised(&self, from: Cloud, to: Cloud) -> Vec<Ipv4Net> {
    let c = &self.plan.context;
    match from {
      Cloud::Azure => self.local(&Net::Azure),
      Cloud::Gcp => {
        let Some(gcp) = &c.gcp else {
          return Vec::new();
        };
        let mut nets: Vec<Ipv4Net> = gcp.subnets.iter().map(|s| s.cidr).collect();
        if let Some(vpn) = &gcp.vpn {
          nets.extend(
            vpn
              .advertised
              .iter()
              .filter_map(|a| a.range.parse::<Ipv4Net>().ok()),
          );
        }
        nets
      }
      // The home transit gateway advertises its route table: its VPC, the static routes to
      // the peered regions, and what it learned from the other VPNs.
      Cloud::Aws => {
        let mut nets = self.local(&Net::Aws(0));
        if let Some(home) = c
          .aws
          .as_ref()
          .and_then(|a| a.transit.as_ref())
          .and_then(|t| t.regions.first())
        {
          nets.extend(home.tgw_routes.iter().map(|r| r.destination));
        }
        for peer in self.vpn_peers(Cloud::Aws) {
          if peer != to {
            nets.extend(self.advertised(peer, Cloud::Aws));
          }
        }
        nets
      }
    }
  }

  /// The clouds `cloud`'s rendered VPN configuration has tunnels to.
  fn vpn_peers(&self, cloud: Cloud) -> Vec<Cloud> {
    let c = &self.plan.context;
    let mut peers: Vec<Cloud> = match cloud {
      Cloud::Azure => c
        .azure
        .iter()
        .filter_map(|a| a.vpn.as_ref())
        .flat_map(|v| v.connections.iter().map(|x| x.peer))
        .collect(),
      Cloud::Aws => c
        .aws
        .iter()
        .filter_map(|a| a.vpn.as_ref())
        .flat_map(|v| v.connections.iter().map(|x| x.peer))
        .collect(),
      Cloud::Gcp => c
        .gcp
        .iter()
        .filter_map(|g| g.vpn.as_ref())
        .flat_map(|v| v.tunnels.iter().map(|x| x.peer))
        .collect(),
    };
    peers.sort();
    peers.dedup();
    // A tunnel needs both ends configured.
    peers.retain(|peer| match *peer {
      Cloud::Azure => c
        .azure
        .as_ref()
        .and_then(|a| a.vpn.as_ref())
        .is_some_and(|v| v.connections.iter().any(|x| x.peer == cloud)),
      Cloud::Aws => c
        .aws
        .as_ref()
        .and_then(|a| a.vpn.as_ref())
        .is_some_and(|v| v.connections.iter().any(|x| x.peer == cloud)),
      Cloud::Gcp => c
        .gcp
        .as_ref()
        .and_then(|g| g.vpn.as_ref())
        .is_some_and(|v| v.tunnels.iter().any(|x| x.peer == cloud)),
    });
    peers
  }

  fn net_of_cloud(&self, cloud: Cloud) -> Hop {
    match cloud {
      Cloud::Azure => Hop::Net(Net::Azure),
      Cloud::Gcp => Hop::Net(Net::Gcp),
      // VPNs from other clouds land on the home transit gateway.
      Cloud::Aws => Hop::Tgw(0),
    }
  }

  /// Where a packet from `from` to `dest` ends up, following every route table on the way.
  pub(crate) fn route(&self, from: &Net, dest: Ipv4Addr) -> Option<Net> {
    let mut at = Hop::Net(from.clone());
    for _ in 0..16 {
      at = match &at {
        Hop::Net(net) => {
          if self.local(net).iter().any(|n| n.contains(&dest)) {
            return Some(net.clone());
          }
          self.next_from_net(net, dest)?
        }
        Hop::Tgw(index) => self.next_from_tgw(*index, dest)?,
      };
    }
    None
  }

  fn next_from_net(&self, net: &Net, dest: Ipv4Addr) -> Option<Hop> {
    let c = &self.plan.context;
    match net {
      Net::Aws(i) => {
        let transit = c.aws.as_ref()?.transit.as_ref()?;
        let region = transit.regions.get(*i)?;
        longest(
          region
            .vpc_routes
            .iter()
            .map(|r| (r.destination, Hop::Tgw(*i))),
          dest,
        )
      }
      Net::Azure => self.over_vpn(Cloud::Azure, dest),
      Net::Gcp => self.over_vpn(Cloud::Gcp, dest),
    }
  }

  fn over_vpn(&self, cloud: Cloud, dest: Ipv4Addr) -> Option<Hop> {
    let learned = self.vpn_peers(cloud).into_iter().flat_map(|peer| {
      self
        .advertised(peer, cloud)
        .into_iter()
        .map(move |net| (net, self.net_of_cloud(peer)))
    });
    longest(learned, dest)
  }

  fn next_from_tgw(&self, index: usize, dest: Ipv4Addr) -> Option<Hop> {
    let c = &self.plan.context;
    let aws = c.aws.as_ref()?;
    let transit = aws.transit.as_ref()?;
    let region = transit.regions.get(index)?;
    let mut routes: Vec<(Ipv4Net, Hop)> =
      vec![(aws.regions.get(index)?.vpc, Hop::Net(Net::Aws(index)))];
    for route in &region.tgw_routes {
      let peering = transit.peerings.iter().find(|p| p.label == route.peering)?;
      let other = if peering.requester == region.region {
        &peering.accepter
      } else {
        &peering.requester
      };
      routes.push((route.destination, Hop::Tgw(self.aws_index(other)?)));
    }
    if index == 0 {
      for peer in self.vpn_peers(Cloud::Aws) {
        for net in self.advertised(peer, Cloud::Aws) {
          routes.push((net, self.net_of_cloud(peer)));
        }
      }
    }
    longest(routes.into_iter(), dest)
  }

  /// A representative address of a caller in `net` (the first private subnet).
  pub(crate) fn caller(&self, net: &Net, region: &str) -> Option<Ipv4Addr> {
    let c = &self.plan.context;
    match net {
      Net::Azure => Some(host(c.azure.as_ref()?.layout.private_endpoints, 10)),
      Net::Aws(i) => Some(host(
        c.aws.as_ref()?.regions.get(*i)?.subnets.first()?.cidr,
        10,
      )),
      Net::Gcp => {
        let gcp = c.gcp.as_ref()?;
        let subnet = gcp
          .subnets
          .iter()
          .find(|s| s.region == region)
          .or(gcp.subnets.first())?;
        Some(host(subnet.cidr, 10))
      }
    }
  }

  /// The private address of an endpoint, its network and the hostname a caller uses.
  pub(crate) fn endpoint(&self, name: &str) -> Option<(Net, Ipv4Addr, String)> {
    let bp = &self.plan.blueprint;
    let endpoint = bp.endpoints.values().find(|e| e.name.as_str() == name)?;
    let c = &self.plan.context;
    match endpoint.cloud() {
      Cloud::Azure => {
        let azure = c.azure.as_ref()?;
        let account = azure
          .accounts
          .iter()
          .find(|a| a.deployments.iter().any(|d| d.name == name))?;
        Some((
          Net::Azure,
          host(azure.layout.private_endpoints, 4),
          format!("{}.{}", account.name, account.domain),
        ))
      }
      Cloud::Aws => {
        let index = self.aws_index(&endpoint.region)?;
        let region = c.aws.as_ref()?.regions.get(index)?;
        let planned = c.aws.as_ref()?.endpoints.iter().find(|e| e.name == name)?;
        // The bedrock-mantle interface endpoint stands for the sixth host, bedrock-runtime's
        // for the fifth: a name answered by the wrong service's endpoint fails the walk.
        Some(if planned.mantle_project_arn_format.is_some() {
          (
            Net::Aws(index),
            host(region.subnets.first()?.cidr, 6),
            format!("bedrock-mantle.{}.api.aws", endpoint.region),
          )
        } else {
          (
            Net::Aws(index),
            host(region.subnets.first()?.cidr, 5),
            format!("bedrock-runtime.{}.amazonaws.com", endpoint.region),
          )
        })
      }
      Cloud::Gcp => {
        let gcp = c.gcp.as_ref()?;
        // A multi-region host is answered by its own Private Service Connect endpoint, whose
        // address Google allocates in the home subnet (the walk stands for it with a host of
        // that subnet); every other Vertex AI host by the all-apis endpoint.
        if let Some(index) = gcp
          .multi_regions
          .iter()
          .position(|m| m.location == endpoint.region)
        {
          let m = gcp.multi_regions.get(index)?;
          return Some((Net::Gcp, multi_region_address(gcp, index)?, m.host.clone()));
        }
        let name = if endpoint.region == crate::analysis::regions::GCP_GLOBAL {
          "aiplatform.googleapis.com".to_owned()
        } else {
          format!("{}-aiplatform.googleapis.com", endpoint.region)
        };
        Some((Net::Gcp, gcp.psc.address, name))
      }
    }
  }

  /// What `net` answers for `name` by itself (private zones, endpoint private DNS).
  fn answer(&self, net: &Net, name: &str) -> Option<Ipv4Addr> {
    let c = &self.plan.context;
    match net {
      Net::Azure => {
        let azure = c.azure.as_ref()?;
        azure
          .accounts
          .iter()
          .any(|a| {
            name == format!("{}.{}", a.name, a.domain)
              || name == format!("{}.privatelink.{}", a.name, a.domain)
          })
          .then(|| host(azure.layout.private_endpoints, 4))
      }
      Net::Aws(i) => {
        let aws = c.aws.as_ref()?;
        let mantle = aws.regions.iter().find_map(|region| {
          let m = region.mantle.as_ref()?;
          (name == m.zone_name
            && m
              .zone_vpcs
              .iter()
              .any(|v| self.aws_index(&v.region) == Some(*i)))
          .then(|| {
            host(
              region.subnets.first().map(|s| s.cidr).unwrap_or_default(),
              6,
            )
          })
        });
        if mantle.is_some() {
          return mantle;
        }
        aws.regions.iter().enumerate().find_map(|(index, region)| {
          if name != format!("bedrock-runtime.{}.amazonaws.com", region.region) || !region.runtime {
            return None;
          }
          let served = if region.private_dns {
            index == *i
          } else {
            let zone = aws.transit.as_ref()?.regions.get(index)?.zone.as_ref()?;
            zone
              .vpcs
              .iter()
              .any(|v| self.aws_index(&v.region) == Some(*i))
          };
          served.then(|| {
            host(
              region.subnets.first().map(|s| s.cidr).unwrap_or_default(),
              5,
            )
          })
        })
      }
      Net::Gcp => {
        let gcp = c.gcp.as_ref()?;
        if let Some(index) = gcp.multi_regions.iter().position(|m| m.host == name) {
          return multi_region_address(gcp, index);
        }
        (name.ends_with("-aiplatform.googleapis.com") || name == "aiplatform.googleapis.com")
          .then_some(gcp.psc.address)
      }
    }
  }

  /// Where `net`'s resolver sends queries from, and whom it forwards `name` to.
  fn forwarding(&self, net: &Net, name: &str) -> Option<(Ipv4Addr, Vec<Ipv4Addr>)> {
    let c = &self.plan.context;
    let dotted = format!("{name}.");
    let gcp_forwarder = |i: usize| -> Option<Ipv4Addr> {
      let gcp = c.gcp.as_ref()?;
      let subnet = gcp.subnets.get(i)?;
      Some(host(subnet.cidr, 2))
    };
    match net {
      Net::Azure => {
        let azure = c.azure.as_ref()?;
        let dns = azure.dns.as_ref()?;
        let rule = dns.rules.iter().find(|r| r.domain == dotted)?;
        let targets = rule
          .targets
          .iter()
          .filter_map(|t| t.ip.or_else(|| gcp_forwarder(t.gcp_index?)))
          .collect();
        Some((host(azure.layout.resolver_outbound, 4), targets))
      }
      Net::Aws(i) => {
        let region = c.aws.as_ref()?.transit.as_ref()?.regions.get(*i)?;
        let outbound = region.outbound.as_ref()?;
        let rule = outbound.rules.iter().find(|r| r.domain == name)?;
        let mut targets = rule.ips.clone();
        targets.extend(rule.gcp_indexes.iter().filter_map(|i| gcp_forwarder(*i)));
        Some((outbound.addresses.first()?.ip, targets))
      }
      Net::Gcp => {
        let zone = c
          .gcp
          .as_ref()?
          .dns
          .as_ref()?
          .zones
          .iter()
          .find(|z| z.dns_name == dotted)?;
        let source = "35.199.192.10".parse().ok()?;
        Some((source, zone.targets.clone()))
      }
    }
  }

  fn owner(&self, address: Ipv4Addr) -> Option<Net> {
    let mut nets = vec![Net::Azure, Net::Gcp];
    if let Some(aws) = &self.plan.context.aws {
      nets.extend((0..aws.regions.len()).map(Net::Aws));
    }
    nets
      .into_iter()
      .find(|n| self.local(n).iter().any(|cidr| cidr.contains(&address)))
  }

  /// Whether the target resolver's security rules admit queries from `source`, and the
  /// source's rules let them out.
  fn admitted(&self, from: &Net, source: Ipv4Addr, owner: &Net, target: Ipv4Addr) -> bool {
    let c = &self.plan.context;
    let contains = |list: &[String], address: Ipv4Addr| {
      list
        .iter()
        .filter_map(|n| n.parse::<Ipv4Net>().ok())
        .any(|n| n.contains(&address))
    };
    let inbound = match owner {
      Net::Azure => c
        .azure
        .as_ref()
        .and_then(|a| a.dns.as_ref())
        .is_some_and(|d| contains(&d.inbound_sources, source) && d.inbound_address == target),
      Net::Aws(_) => c
        .aws
        .as_ref()
        .and_then(|a| a.resolver_inbound.as_ref())
        .is_some_and(|i| {
          contains(&i.sources, source) && i.addresses.iter().any(|a| a.ip == target)
        }),
      // Cloud DNS inbound forwarding is not subject to VPC firewall rules.
      Net::Gcp => true,
    };
    let outbound = match from {
      Net::Azure => c
        .azure
        .as_ref()
        .and_then(|a| a.dns.as_ref())
        .is_some_and(|d| contains(&d.outbound_destinations, target)),
      Net::Aws(i) => c
        .aws
        .as_ref()
        .and_then(|a| a.transit.as_ref())
        .and_then(|t| t.regions.get(*i))
        .and_then(|r| r.outbound.as_ref())
        .is_some_and(|o| contains(&o.destinations, target)),
      // Cloud DNS forwarding leaves from Google's range, outside the VPC firewall.
      Net::Gcp => true,
    };
    inbound && outbound
  }

  /// What a caller in `net` gets for `name`: its own answer, or a forwarded one whose query and
  /// reply both route and are admitted.
  pub(crate) fn resolve(&self, net: &Net, name: &str) -> Option<Ipv4Addr> {
    if let Some(address) = self.answer(net, name) {
      return Some(address);
    }
    let (source, targets) = self.forwarding(net, name)?;
    targets.into_iter().find_map(|target| {
      let owner = self.owner(target)?;
      let there = self.route(net, target)? == owner;
      let back = self.route(&owner, source)? == *net;
      (there && back && self.admitted(net, source, &owner, target))
        .then(|| self.answer(&owner, name))
        .flatten()
    })
  }

  /// Every problem with the private chains of the plan: an empty list means every endpoint of
  /// every private chain resolves, routes and answers from its primary's network.
  pub(crate) fn problems(&self) -> Vec<String> {
    let mut problems = Vec::new();
    let bp = &self.plan.blueprint;
    for workload in bp.workloads.values().filter(|w| w.private) {
      let mut chain = workload.chain(&bp.endpoints);
      let Some(primary) = chain.next() else {
        continue;
      };
      let Some((from, _, _)) = self.endpoint(primary.name.as_str()) else {
        problems.push(format!("{}: primary not planned", workload.name));
        continue;
      };
      let Some(caller) = self.caller(&from, &primary.region) else {
        problems.push(format!("{}: no caller address", workload.name));
        continue;
      };
      for endpoint in workload.chain(&bp.endpoints) {
        let Some((owner, address, hostname)) = self.endpoint(endpoint.name.as_str()) else {
          problems.push(format!("{}: {} not planned", workload.name, endpoint.name));
          continue;
        };
        let what = format!("{}: {} from {from:?}", workload.name, endpoint.name);
        if self.resolve(&from, &hostname) != Some(address) {
          problems.push(format!("{what}: {hostname} does not resolve to {address}"));
        }
        if self.route(&from, address).as_ref() != Some(&owner) {
          problems.push(format!("{what}: no route to {address}"));
        }
        if self.route(&owner, caller).as_ref() != Some(&from) {
          problems.push(format!("{what}: no route back to {caller}"));
        }
        if from == Net::Gcp && owner != Net::Gcp {
          let allowed = self
            .plan
            .context
            .gcp
            .as_ref()
            .and_then(|g| g.vpn.as_ref())
            .is_some_and(|v| {
              v.egress_destinations
                .iter()
                .filter_map(|n| n.parse::<Ipv4Net>().ok())
                .any(|n| n.contains(&address))
            });
          if !allowed {
            problems.push(format!("{what}: the GCP firewall denies {address}"));
          }
        }
        if let Net::Aws(_) = owner {
          let admitted = self
            .plan
            .context
            .private_cidrs
            .iter()
            .any(|n| n.contains(&caller));
          if !admitted {
            problems.push(format!(
              "{what}: the endpoint's security group denies {caller}"
            ));
          }
        }
      }
    }
    problems
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  fn plan(text: &str) -> Plan {
    Plan::new(blueprint(text)).unwrap()
  }

  const CLOUDS: &str = "version: 1\nname: walk\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  gcp: {project: walk-project, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  azw: {cloud: azure, region: westus3, model: gpt-4.1}\n  use1: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  usw2: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\n  euw1: {cloud: aws, region: eu-west-1, model: amazon.titan-embed-text-v2:0}\n  gc: {cloud: gcp, model: gemini-2.5-flash}\n  g4: {cloud: gcp, region: europe-west4, model: gemini-2.5-flash}\n";

  #[test]
  fn every_chain_of_a_full_mesh_is_reachable() {
    let plan = plan(&format!(
      "{CLOUDS}workloads:\n  wa: {{failover: [az, use1, gc, usw2]}}\n  wb: {{failover: [usw2, azw, g4, euw1, use1]}}\n  wc: {{failover: [g4, euw1, az]}}\n"
    ));
    assert_eq!(Walk::new(&plan).problems(), Vec::<String>::new());
  }

  #[test]
  fn a_multi_region_host_resolves_to_its_own_endpoint_from_every_cloud() {
    // Issue 13: `aiplatform.eu.rep.googleapis.com` is answered by its own zone in GCP and
    // forwarded there by Azure and AWS; `global` by the googleapis.com zone.
    let plan = plan(&format!(
      "{CLOUDS}  geu: {{cloud: gcp, region: eu, model: gemini-4-argon}}\n  ggl: {{cloud: gcp, region: global, model: gemini-4-argon}}\nworkloads:\n  wa: {{failover: [az, geu, ggl]}}\n  wb: {{failover: [use1, geu]}}\n"
    ));
    assert_eq!(Walk::new(&plan).problems(), Vec::<String>::new());
    let walk = Walk::new(&plan);
    let (net, address, name) = walk.endpoint("geu").unwrap();
    assert_eq!(name, "aiplatform.eu.rep.googleapis.com");
    assert_ne!(address, plan.context.gcp.as_ref().unwrap().psc.address);
    assert_eq!(walk.resolve(&Net::Azure, &name), Some(address));
    assert_eq!(walk.resolve(&net, &name), Some(address));
  }

  #[test]
  fn the_walk_notices_a_missing_route_or_rule() {
    let mut broken = plan(&format!(
      "{CLOUDS}workloads:\n  wa: {{failover: [usw2, az, euw1]}}\n  wb: {{failover: [gc, g4, use1]}}\n"
    ));
    assert!(Walk::new(&broken).problems().is_empty());
    // Drop us-west-2's route to Azure: its chain breaks there and only there.
    let transit = broken
      .context
      .aws
      .as_mut()
      .unwrap()
      .transit
      .as_mut()
      .unwrap();
    transit.regions[2]
      .vpc_routes
      .retain(|r| !r.label.ends_with("_to_azure"));
    let problems = Walk::new(&broken).problems();
    assert!(!problems.is_empty());
    assert!(
      problems.iter().all(|p| p.starts_with("wa: az")),
      "{problems:?}"
    );

    let mut broken = plan(&format!(
      "{CLOUDS}workloads:\n  wb: {{failover: [gc, use1]}}\n"
    ));
    broken
      .context
      .gcp
      .as_mut()
      .unwrap()
      .dns
      .as_mut()
      .unwrap()
      .zones
      .clear();
    let problems = Walk::new(&broken).problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("does not resolve"));
  }

  #[test]
  fn bedrock_mantle_endpoints_resolve_from_every_cloud_and_region() {
    // Issue 13: GPT-5.4 on bedrock-mantle in us-east-2 and us-west-2 (not the home region),
    // reached from Azure, GCP and another AWS region through the mantle zones.
    let text = format!(
      "{CLOUDS}  m2: {{cloud: aws, region: us-east-2, model: openai.gpt-5.4}}\n  mw: {{cloud: aws, region: us-west-2, model: openai.gpt-5.4}}\nworkloads:\n  wa: {{failover: [az, m2, gc]}}\n  wb: {{failover: [gc, mw, use1]}}\n  wc: {{failover: [euw1, m2]}}\n"
    );
    let plan = plan(&text);
    assert_eq!(Walk::new(&plan).problems(), Vec::<String>::new());
    let (_, _, hostname) = Walk::new(&plan).endpoint("m2").unwrap();
    assert_eq!(hostname, "bedrock-mantle.us-east-2.api.aws");

    // Without the home VPC in its zone, the other clouds' forwarded queries find no answer.
    let mut broken = self::plan(&text);
    for region in &mut broken.context.aws.as_mut().unwrap().regions {
      if let Some(m) = region.mantle.as_mut() {
        m.zone_vpcs.retain(|v| v.region != "us-east-1");
      }
    }
    let problems = Walk::new(&broken).problems();
    assert!(
      problems
        .iter()
        .any(|p| p.starts_with("wa: m2") && p.contains("does not resolve")),
      "{problems:?}"
    );
    assert!(
      problems.iter().any(|p| p.starts_with("wb: mw")),
      "{problems:?}"
    );
  }

  #[test]
  fn a_foundry_account_resolves_from_every_cloud() {
    // Issue 13: gpt-oss-120b on an AIServices account, reached on cognitiveservices.azure.com.
    let text = format!(
      "{CLOUDS}  oss: {{cloud: azure, model: gpt-oss-120b, sku: GlobalStandard}}\nworkloads:\n  wa: {{failover: [usw2, oss]}}\n  wb: {{failover: [gc, oss, az]}}\n"
    );
    let plan = plan(&text);
    assert_eq!(Walk::new(&plan).problems(), Vec::<String>::new());
    let (_, _, hostname) = Walk::new(&plan).endpoint("oss").unwrap();
    assert!(
      hostname.starts_with("ais-") && hostname.ends_with(".cognitiveservices.azure.com"),
      "{hostname}"
    );
    // Without the GCP forwarding zones the Foundry name no longer resolves from GCP.
    let mut broken = self::plan(&text);
    let zones = &mut broken
      .context
      .gcp
      .as_mut()
      .unwrap()
      .dns
      .as_mut()
      .unwrap()
      .zones;
    zones.retain(|z| !z.dns_name.contains("cognitiveservices"));
    let problems = Walk::new(&broken).problems();
    assert!(
      problems
        .iter()
        .any(|p| p.starts_with("wb: oss") && p.contains("does not resolve")),
      "{problems:?}"
    );
  }

  #[test]
  fn without_a_vpn_nothing_crosses_clouds() {
    let plan = plan(&format!(
      "{CLOUDS}workloads:\n  wa: {{failover: [az, use1], private: false}}\n  wb: {{failover: [usw2, euw1]}}\n  wc: {{failover: [gc, g4]}}\n  wd: {{failover: [azw]}}\n"
    ));
    let walk = Walk::new(&plan);
    assert!(walk.problems().is_empty());
    assert!(walk.vpn_peers(Cloud::Azure).is_empty());
    let (net, address, _) = walk.endpoint("use1").unwrap();
    assert_eq!(net, Net::Aws(0));
    assert_eq!(walk.route(&Net::Azure, address), None);
  }
}
