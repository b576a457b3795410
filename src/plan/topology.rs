//! The mesh decided once per blueprint, before any cloud's names are derived: which clouds a
//! VPN joins, the tunnels of each pair and their inside addresses, and how the AWS regions are
//! joined. `plan::mesh` states the rules; the graph, the mesh context and each cloud's context
//! all read the one `Topology` that `Plan::new` computes.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::analysis::blueprint::{self, Blueprint, Mode};
use crate::analysis::cloud::Cloud;

/// The block of tunnel inside addresses: /28 per pair, inside Azure's APIPA range.
const INSIDE_BASE: Ipv4Addr = Ipv4Addr::new(169, 254, 21, 0);

/// The fixed position of a pair in the inside-address block.
fn pair_index(pair: (Cloud, Cloud)) -> u32 {
  match pair {
    (Cloud::Azure, Cloud::Aws) | (Cloud::Aws, Cloud::Azure) => 0,
    (Cloud::Azure, Cloud::Gcp) | (Cloud::Gcp, Cloud::Azure) => 1,
    _ => 2,
  }
}

/// One IPsec tunnel of a pair, with its BGP session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tunnel {
  pub(crate) pair: (Cloud, Cloud),
  pub(crate) index: usize,
  pub(crate) inside: Ipv4Net,
}

impl Tunnel {
  /// The tunnels of a pair: four when AWS is one end (two VPN connections of two tunnels),
  /// two between Azure and GCP.
  pub(crate) fn of(pair: (Cloud, Cloud)) -> Vec<Tunnel> {
    let count: u32 = if pair.0 == Cloud::Aws || pair.1 == Cloud::Aws {
      4
    } else {
      2
    };
    (0..count)
      .map(|n| {
        let start = u32::from(INSIDE_BASE) + 16 * pair_index(pair) + 4 * n;
        Tunnel {
          pair,
          index: usize::try_from(n).unwrap_or_default(),
          inside: Ipv4Net::new(Ipv4Addr::from(start), 30).unwrap_or_default(),
        }
      })
      .collect()
  }

  pub(crate) fn peer(&self, side: Cloud) -> Cloud {
    if self.pair.0 == side {
      self.pair.1
    } else {
      self.pair.0
    }
  }

  /// The BGP address of `side`: AWS takes the first host of every inside /30 it is in, GCP
  /// the first towards Azure, and Azure always the second (its APIPA address).
  pub(crate) fn address(&self, side: Cloud) -> Ipv4Addr {
    let first = match self.pair {
      (a, b) if a == Cloud::Aws || b == Cloud::Aws => Cloud::Aws,
      _ => Cloud::Gcp,
    };
    let offset = if side == first { 1 } else { 2 };
    Ipv4Addr::from(u32::from(self.inside.network()) + offset)
  }

  /// The `random_password` resource of the tunnel's pre-shared key.
  pub(crate) fn key_resource(&self) -> String {
    format!("vpn_{}_{}_{}", self.pair.0, self.pair.1, self.index)
  }

  /// How `side` names the tunnel: the far cloud and the tunnel number (`aws_0`).
  pub(crate) fn label(&self, side: Cloud) -> String {
    format!("{}_{}", self.peer(side), self.index)
  }

  /// The Azure gateway instance that terminates the tunnel (active-active: 0 or 1).
  pub(crate) fn azure_instance(&self) -> usize {
    if self.count() == 4 {
      self.index / 2
    } else {
      self.index
    }
  }

  /// The GCP HA VPN interface that terminates the tunnel.
  pub(crate) fn gcp_interface(&self) -> usize {
    self.azure_instance()
  }

  /// The AWS VPN connection (per far-end address) and its tunnel number (1 or 2).
  pub(crate) fn aws_connection(&self) -> (usize, usize) {
    (self.index / 2, self.index % 2 + 1)
  }

  fn count(&self) -> usize {
    if self.pair.0 == Cloud::Aws || self.pair.1 == Cloud::Aws {
      4
    } else {
      2
    }
  }
}

/// The mesh decided for one blueprint, before any cloud's names are derived.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Topology {
  /// VPN pairs, each in `Cloud` order, sorted.
  pub(crate) pairs: Vec<(Cloud, Cloud)>,
  /// Whether the paired networks forward each other's hostnames.
  pub(crate) dns: bool,
  /// AWS regions in layout order (home first).
  pub(crate) aws_regions: Vec<String>,
  /// Whether the AWS regions get transit gateways.
  pub(crate) aws_transit: bool,
  /// Transit gateway peerings as region indexes (requester, accepter), sorted.
  pub(crate) aws_peerings: Vec<(usize, usize)>,
  /// Regions whose VPC forwards other clouds' names (a Route 53 Resolver outbound endpoint).
  pub(crate) aws_outbound: BTreeSet<usize>,
  /// Regions whose `bedrock-runtime` name is a private hosted zone, with the VPCs (region
  /// indexes) it is associated with.
  pub(crate) aws_zones: BTreeMap<usize, BTreeSet<usize>>,
}

impl Topology {
  pub(crate) fn of(blueprint: &Blueprint) -> Self {
    let pairs: Vec<(Cloud, Cloud)> = if blueprint.network.vpn == Mode::Off {
      Vec::new()
    } else {
      blueprint::private_cloud_pairs(&blueprint.endpoints, &blueprint.workloads)
        .into_iter()
        .collect()
    };
    let dns = blueprint.network.dns_forwarding == Mode::Auto && !pairs.is_empty();
    let aws_regions = blueprint.regions(Cloud::Aws);
    let mut topology = Topology {
      dns,
      aws_transit: pairs.iter().any(|p| p.0 == Cloud::Aws || p.1 == Cloud::Aws)
        || blueprint::private_chain_spans_aws_regions(&blueprint.endpoints, &blueprint.workloads),
      pairs,
      aws_regions,
      ..Topology::default()
    };
    if topology.aws_transit {
      topology.join_aws_regions(blueprint);
    }
    topology
  }

  pub(crate) fn has_pair(&self, a: Cloud, b: Cloud) -> bool {
    self.pairs.contains(&(a.min(b), a.max(b)))
  }

  /// The clouds `cloud` has a VPN to, in `Cloud` order.
  pub(crate) fn peers(&self, cloud: Cloud) -> Vec<Cloud> {
    Cloud::ALL
      .into_iter()
      .filter(|other| *other != cloud && self.has_pair(cloud, *other))
      .collect()
  }

  pub(crate) fn in_mesh(&self, cloud: Cloud) -> bool {
    !self.peers(cloud).is_empty()
  }

  /// The tunnels that end in `cloud`, pair by pair.
  pub(crate) fn tunnels(&self, cloud: Cloud) -> Vec<Tunnel> {
    self
      .peers(cloud)
      .into_iter()
      .flat_map(|peer| Tunnel::of((cloud.min(peer), cloud.max(peer))))
      .collect()
  }

  fn aws_index(&self, region: &str) -> Option<usize> {
    self.aws_regions.iter().position(|r| r == region)
  }

  /// Peerings, outbound resolvers and private hosted zones, from what the private chains whose
  /// primary sits in AWS need.
  fn join_aws_regions(&mut self, blueprint: &Blueprint) {
    let mut peerings: BTreeSet<(usize, usize)> =
      (1..self.aws_regions.len()).map(|i| (0, i)).collect();
    let mut needers: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let aws_in_mesh = self.in_mesh(Cloud::Aws);
    for workload in blueprint.workloads.values().filter(|w| w.private) {
      let mut chain = workload.chain(&blueprint.endpoints);
      let Some(primary) = chain.next() else {
        continue;
      };
      if primary.cloud() != Cloud::Aws {
        continue;
      }
      let Some(from) = self.aws_index(&primary.region) else {
        continue;
      };
      for endpoint in chain {
        if endpoint.cloud() != Cloud::Aws {
          if self.dns && aws_in_mesh {
            self.aws_outbound.insert(from);
          }
          continue;
        }
        let Some(to) = self.aws_index(&endpoint.region) else {
          continue;
        };
        if to == from {
          continue;
        }
        needers.entry(to).or_default().insert(from);
        if from != 0 && to != 0 {
          peerings.insert((from.min(to), from.max(to)));
        }
      }
    }
    if self.dns && aws_in_mesh {
      self.aws_outbound.insert(0);
    }
    self.aws_peerings = peerings.into_iter().collect();
    for (index, region) in self.aws_regions.iter().enumerate() {
      if !blueprint
        .endpoints_of(Cloud::Aws)
        .any(|e| e.region == *region)
      {
        continue;
      }
      let mut vpcs = needers.remove(&index).unwrap_or_default();
      if index != 0 {
        vpcs.insert(0);
      }
      if !vpcs.is_empty() {
        vpcs.insert(index);
        self.aws_zones.insert(index, vpcs);
      }
    }
  }

  /// The AWS regions `index` is peered with, with the peering.
  pub(crate) fn aws_peers(&self, index: usize) -> Vec<(usize, (usize, usize))> {
    self
      .aws_peerings
      .iter()
      .filter_map(|p| match *p {
        (a, b) if a == index => Some((b, *p)),
        (a, b) if b == index => Some((a, *p)),
        _ => None,
      })
      .collect()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// The /30s AWS refuses as tunnel inside cidrs.
  const AWS_RESERVED: &[&str] = &[
    "169.254.0.0/30",
    "169.254.1.0/30",
    "169.254.2.0/30",
    "169.254.3.0/30",
    "169.254.4.0/30",
    "169.254.5.0/30",
    "169.254.169.252/30",
  ];
  const ALL_PAIRS: [(Cloud, Cloud); 3] = [
    (Cloud::Azure, Cloud::Aws),
    (Cloud::Azure, Cloud::Gcp),
    (Cloud::Aws, Cloud::Gcp),
  ];

  #[test]
  fn inside_addresses_are_valid_for_every_pair() {
    let apipa_low = u32::from(Ipv4Addr::new(169, 254, 21, 0));
    let apipa_high = u32::from(Ipv4Addr::new(169, 254, 22, 255));
    let reserved: Vec<Ipv4Net> = AWS_RESERVED.iter().map(|n| n.parse().unwrap()).collect();
    let mut all: Vec<Ipv4Net> = Vec::new();
    let mut addresses = BTreeSet::new();
    for pair in ALL_PAIRS {
      for tunnel in Tunnel::of(pair) {
        let net = tunnel.inside;
        assert_eq!(net.prefix_len(), 30);
        assert!((apipa_low..=apipa_high).contains(&u32::from(net.network())));
        assert!((apipa_low..=apipa_high).contains(&u32::from(net.broadcast())));
        assert!(!reserved.iter().any(|r| r.contains(&net) || net.contains(r)));
        let (a, b) = (tunnel.address(pair.0), tunnel.address(pair.1));
        assert_ne!(a, b);
        for address in [a, b] {
          assert!(net.contains(&address));
          assert!(address != net.network() && address != net.broadcast());
          assert!(addresses.insert(address), "{address} used twice");
        }
        if pair.0 == Cloud::Aws || pair.1 == Cloud::Aws {
          assert_eq!(
            u32::from(tunnel.address(Cloud::Aws)),
            u32::from(net.network()) + 1
          );
        }
        if pair.0 == Cloud::Azure {
          assert_eq!(
            u32::from(tunnel.address(Cloud::Azure)),
            u32::from(net.network()) + 2
          );
        }
        all.push(net);
      }
    }
    for (i, a) in all.iter().enumerate() {
      for b in all.iter().skip(i + 1) {
        assert!(!a.contains(b) && !b.contains(a), "{a} overlaps {b}");
      }
    }
    // The reference layout.
    let tunnels = Tunnel::of((Cloud::Azure, Cloud::Gcp));
    assert_eq!(tunnels[1].inside.to_string(), "169.254.21.20/30");
    assert_eq!(tunnels[1].address(Cloud::Gcp).to_string(), "169.254.21.21");
    assert_eq!(
      tunnels[1].address(Cloud::Azure).to_string(),
      "169.254.21.22"
    );
    let aws_gcp = Tunnel::of((Cloud::Aws, Cloud::Gcp));
    assert_eq!(aws_gcp[3].inside.to_string(), "169.254.21.44/30");
    assert_eq!(aws_gcp[3].aws_connection(), (1, 2));
    assert_eq!(aws_gcp[3].gcp_interface(), 1);
  }

  #[test]
  fn keys_are_shared_by_both_ends_and_named_per_side() {
    let tunnel = &Tunnel::of((Cloud::Azure, Cloud::Aws))[2];
    assert_eq!(tunnel.key_resource(), "vpn_azure_aws_2");
    assert_eq!(tunnel.label(Cloud::Azure), "aws_2");
    assert_eq!(tunnel.label(Cloud::Aws), "azure_2");
    assert_eq!(tunnel.azure_instance(), 1);
    assert_eq!(tunnel.aws_connection(), (1, 1));
  }
}
