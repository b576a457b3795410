//! The dependency graph of infrastructure units: what must exist before what.
//!
//! A unit is a group of Terraform resources with one purpose (a cloud's network, the OpenAI
//! account of a region, one model deployment). Edges point from a unit to the units that need
//! it. The order is a topological sort whose ties are broken by unit id, so every run prints
//! and renders the same order. Azure OpenAI accepts one operation per account at a time, so
//! the deployments of an account form a chain here, and the templates turn that chain into
//! `depends_on`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::blueprint::{Blueprint, Endpoint, EndpointKind, Throughput};
use crate::cloud::Cloud;
use crate::error::Error;
use crate::topology::Topology;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
  Services,
  Keys,
  Network,
  Dns,
  PrivateEndpoint,
  Account,
  Deployment,
  Throughput,
  Model,
  VertexEndpoint,
  Identity,
  Logging,
  VpnGateway,
  TransitGateway,
  Peering,
  Tunnel,
  Resolver,
  DnsForwarding,
  Workload,
}

impl Kind {
  fn key(self) -> &'static str {
    match self {
      Kind::Services => "services",
      Kind::Keys => "keys",
      Kind::Network => "network",
      Kind::Dns => "dns",
      Kind::PrivateEndpoint => "private-endpoint",
      Kind::Account => "account",
      Kind::Deployment => "deployment",
      Kind::Throughput => "throughput",
      Kind::Model => "model",
      Kind::VertexEndpoint => "vertex-endpoint",
      Kind::Identity => "identity",
      Kind::Logging => "logging",
      Kind::VpnGateway => "vpn-gateway",
      Kind::TransitGateway => "transit-gateway",
      Kind::Peering => "peering",
      Kind::Tunnel => "vpn",
      Kind::Resolver => "dns-resolver",
      Kind::DnsForwarding => "dns-forwarding",
      Kind::Workload => "workload",
    }
  }

  /// What the unit is, for `plan` and `graph` output.
  pub(crate) fn describe(self) -> &'static str {
    match self {
      Kind::Services => "APIs enabled",
      Kind::Keys => "customer-managed encryption keys",
      Kind::Network => "private network foundation",
      Kind::Dns => "private DNS",
      Kind::PrivateEndpoint => "private connectivity",
      Kind::Account => "AI account",
      Kind::Deployment => "model deployment",
      Kind::Throughput => "provisioned throughput",
      Kind::Model => "model access",
      Kind::VertexEndpoint => "dedicated endpoint",
      Kind::Identity => "caller identity",
      Kind::Logging => "logging",
      Kind::VpnGateway => "VPN gateway with BGP",
      Kind::TransitGateway => "transit gateway and route tables",
      Kind::Peering => "transit gateway peering",
      Kind::Tunnel => "site-to-site VPN tunnels",
      Kind::Resolver => "DNS resolver endpoints",
      Kind::DnsForwarding => "forwarding of other clouds' names",
      Kind::Workload => "failover chain output",
    }
  }
}

/// One node: `cloud:kind[:qualifier]`, e.g. `azure:deployment:gpt-east`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub(crate) struct Unit {
  pub(crate) cloud: Option<Cloud>,
  pub(crate) kind: Kind,
  pub(crate) qualifier: Option<String>,
}

impl Unit {
  fn new(cloud: Cloud, kind: Kind, qualifier: Option<&str>) -> Self {
    Self {
      cloud: Some(cloud),
      kind,
      qualifier: qualifier.map(str::to_owned),
    }
  }

  pub(crate) fn id(&self) -> String {
    self.to_string()
  }
}

impl fmt::Display for Unit {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self.cloud {
      Some(cloud) => write!(f, "{cloud}:{}", self.kind.key())?,
      None => f.write_str(self.kind.key())?,
    }
    if let Some(qualifier) = &self.qualifier {
      write!(f, ":{qualifier}")?;
    }
    Ok(())
  }
}

pub(crate) struct Graph {
  graph: DiGraph<Unit, ()>,
  index: HashMap<Unit, NodeIndex>,
  /// The edges, to keep them unique in constant time: petgraph's `update_edge` looks through
  /// every edge of the node, and shared units (GCP's DNS and caller identity) gain one edge
  /// per endpoint, which made building quadratic in the endpoints.
  edges: HashSet<(NodeIndex, NodeIndex)>,
}

impl Graph {
  fn new() -> Self {
    Self {
      graph: DiGraph::new(),
      index: HashMap::new(),
      edges: HashSet::new(),
    }
  }

  fn add(&mut self, unit: Unit) -> NodeIndex {
    if let Some(index) = self.index.get(&unit) {
      return *index;
    }
    let index = self.graph.add_node(unit.clone());
    self.index.insert(unit, index);
    index
  }

  /// `before` must exist before `after`.
  fn edge(&mut self, before: NodeIndex, after: NodeIndex) {
    if self.edges.insert((before, after)) {
      self.graph.add_edge(before, after, ());
    }
  }

  /// The node of a unit, if the graph has it.
  pub(crate) fn find(&self, cloud: Cloud, kind: Kind, qualifier: &str) -> Option<NodeIndex> {
    self
      .index
      .get(&Unit::new(cloud, kind, Some(qualifier)))
      .copied()
  }

  pub(crate) fn len(&self) -> usize {
    self.graph.node_count()
  }

  pub(crate) fn edge_count(&self) -> usize {
    self.graph.edge_count()
  }

  pub(crate) fn unit(&self, index: NodeIndex) -> Option<&Unit> {
    self.graph.node_weight(index)
  }

  /// The units `index` waits for, sorted by id.
  pub(crate) fn dependencies(&self, index: NodeIndex) -> Vec<&Unit> {
    let mut units: Vec<&Unit> = self
      .graph
      .neighbors_directed(index, Direction::Incoming)
      .filter_map(|n| self.graph.node_weight(n))
      .collect();
    units.sort();
    units
  }

  /// Every edge as (before, after), sorted.
  pub(crate) fn edges(&self) -> Vec<(&Unit, &Unit)> {
    let mut edges: Vec<(&Unit, &Unit)> = self
      .graph
      .edge_indices()
      .filter_map(|e| self.graph.edge_endpoints(e))
      .filter_map(|(a, b)| Some((self.graph.node_weight(a)?, self.graph.node_weight(b)?)))
      .collect();
    edges.sort();
    edges
  }

  /// Kahn's algorithm with a sorted ready set: deterministic, ties broken by unit id.
  pub(crate) fn order(&self) -> Result<Vec<NodeIndex>, Error> {
    let mut waiting: Vec<usize> = self
      .graph
      .node_indices()
      .map(|n| {
        self
          .graph
          .neighbors_directed(n, Direction::Incoming)
          .count()
      })
      .collect();
    let mut ready: BTreeSet<(String, NodeIndex)> = self
      .graph
      .node_indices()
      .filter(|n| waiting.get(n.index()) == Some(&0))
      .filter_map(|n| Some((self.graph.node_weight(n)?.id(), n)))
      .collect();
    let mut order = Vec::with_capacity(self.graph.node_count());
    while let Some((_, next)) = ready.pop_first() {
      order.push(next);
      for after in self.graph.neighbors_directed(next, Direction::Outgoing) {
        if let Some(count) = waiting.get_mut(after.index()) {
          *count -= 1;
          if *count == 0
            && let Some(unit) = self.graph.node_weight(after)
          {
            ready.insert((unit.id(), after));
          }
        }
      }
    }
    if order.len() != self.graph.node_count() {
      let mut placed = vec![false; self.graph.node_count()];
      for index in &order {
        if let Some(slot) = placed.get_mut(index.index()) {
          *slot = true;
        }
      }
      let stuck: Vec<String> = self
        .graph
        .node_indices()
        .filter(|n| placed.get(n.index()) == Some(&false))
        .filter_map(|n| self.graph.node_weight(n).map(Unit::id))
        .collect();
      return Err(Error::internal(format!(
        "the dependency graph has a cycle through {}",
        stuck.join(", ")
      )));
    }
    Ok(order)
  }
}

/// Builds the graph of a validated blueprint and its mesh.
pub(crate) fn build(blueprint: &Blueprint, topology: &Topology) -> Graph {
  let mut g = Graph::new();
  let mut endpoint_units: HashMap<&str, NodeIndex> = HashMap::new();
  let used = blueprint.used_clouds();

  if used.contains(&Cloud::Azure) {
    let network = g.add(Unit::new(Cloud::Azure, Kind::Network, None));
    let dns = g.add(Unit::new(Cloud::Azure, Kind::Dns, None));
    g.edge(network, dns);
    let identity = g.add(Unit::new(Cloud::Azure, Kind::Identity, None));
    let logging = g.add(Unit::new(Cloud::Azure, Kind::Logging, None));
    // The deployments of each region, in one pass over the endpoints (name order within a
    // region, as the endpoints are): filtering all endpoints per region would be regions ×
    // endpoints.
    let mut by_region: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
    for endpoint in blueprint.endpoints_of(Cloud::Azure) {
      by_region
        .entry(endpoint.region.as_str())
        .or_default()
        .push(endpoint);
    }
    for region in blueprint.regions(Cloud::Azure) {
      let Some(deployments) = by_region.remove(region.as_str()) else {
        continue;
      };
      let keys = g.add(Unit::new(Cloud::Azure, Kind::Keys, Some(&region)));
      g.edge(dns, keys);
      let account = g.add(Unit::new(Cloud::Azure, Kind::Account, Some(&region)));
      g.edge(keys, account);
      let private = g.add(Unit::new(
        Cloud::Azure,
        Kind::PrivateEndpoint,
        Some(&region),
      ));
      g.edge(account, private);
      g.edge(dns, private);
      g.edge(account, identity);
      g.edge(account, logging);
      let mut previous = private;
      for endpoint in deployments {
        let unit = g.add(Unit::new(
          Cloud::Azure,
          Kind::Deployment,
          Some(endpoint.name.as_str()),
        ));
        g.edge(previous, unit);
        previous = unit;
        endpoint_units.insert(endpoint.name.as_str(), unit);
      }
    }
  }

  if used.contains(&Cloud::Aws) {
    let identity = g.add(Unit::new(Cloud::Aws, Kind::Identity, None));
    for region in blueprint.regions(Cloud::Aws) {
      let keys = g.add(Unit::new(Cloud::Aws, Kind::Keys, Some(&region)));
      let network = g.add(Unit::new(Cloud::Aws, Kind::Network, Some(&region)));
      g.edge(keys, network);
      let private = g.add(Unit::new(Cloud::Aws, Kind::PrivateEndpoint, Some(&region)));
      g.edge(network, private);
      g.edge(private, identity);
      let logging = g.add(Unit::new(Cloud::Aws, Kind::Logging, Some(&region)));
      g.edge(keys, logging);
    }
    for endpoint in blueprint.endpoints_of(Cloud::Aws) {
      let kind = match endpoint.kind {
        EndpointKind::Aws(ref m) if matches!(m.throughput, Throughput::Provisioned { .. }) => {
          Kind::Throughput
        }
        _ => Kind::Model,
      };
      let unit = g.add(Unit::new(Cloud::Aws, kind, Some(endpoint.name.as_str())));
      g.edge(unit, identity);
      endpoint_units.insert(endpoint.name.as_str(), unit);
    }
  }

  if used.contains(&Cloud::Gcp) {
    let services = g.add(Unit::new(Cloud::Gcp, Kind::Services, None));
    let network = g.add(Unit::new(Cloud::Gcp, Kind::Network, None));
    g.edge(services, network);
    let private = g.add(Unit::new(Cloud::Gcp, Kind::PrivateEndpoint, None));
    g.edge(network, private);
    let dns = g.add(Unit::new(Cloud::Gcp, Kind::Dns, None));
    g.edge(private, dns);
    let identity = g.add(Unit::new(Cloud::Gcp, Kind::Identity, None));
    g.edge(services, identity);
    for endpoint in blueprint.endpoints_of(Cloud::Gcp) {
      let dedicated = matches!(endpoint.kind, EndpointKind::Gcp(ref m) if m.dedicated);
      let unit = if dedicated {
        let keys = g.add(Unit::new(Cloud::Gcp, Kind::Keys, Some(&endpoint.region)));
        g.edge(services, keys);
        let unit = g.add(Unit::new(
          Cloud::Gcp,
          Kind::VertexEndpoint,
          Some(endpoint.name.as_str()),
        ));
        g.edge(keys, unit);
        g.edge(private, unit);
        unit
      } else {
        g.add(Unit::new(
          Cloud::Gcp,
          Kind::Model,
          Some(endpoint.name.as_str()),
        ))
      };
      g.edge(dns, unit);
      g.edge(identity, unit);
      endpoint_units.insert(endpoint.name.as_str(), unit);
    }
  }

  let mesh = mesh(&mut g, topology);

  for workload in blueprint.workloads.values() {
    let unit = g.add(Unit {
      cloud: None,
      kind: Kind::Workload,
      qualifier: Some(workload.name.to_string()),
    });
    for name in &workload.failover {
      if let Some(endpoint) = endpoint_units.get(name.as_str()) {
        g.edge(*endpoint, unit);
      }
    }
    if workload.private {
      mesh.wire_workload(&mut g, blueprint, workload, unit);
    }
  }
  g
}

/// The networking units of the mesh, to wire private workloads to what they travel over.
struct MeshUnits {
  tunnels: HashMap<(Cloud, Cloud), NodeIndex>,
  forwarding: HashMap<Cloud, NodeIndex>,
  peerings: HashMap<(String, String), NodeIndex>,
  topology: Topology,
}

impl MeshUnits {
  /// A private chain waits for the tunnels from its primary's cloud, that cloud's DNS
  /// forwarding, and the AWS peerings it crosses.
  fn wire_workload(
    &self,
    g: &mut Graph,
    blueprint: &Blueprint,
    workload: &crate::blueprint::Workload,
    unit: NodeIndex,
  ) {
    let mut chain = workload.chain(&blueprint.endpoints);
    let Some(primary) = chain.next() else {
      return;
    };
    let home = primary.cloud();
    let aws_home = blueprint.home_region(Cloud::Aws).unwrap_or_default();
    for endpoint in chain {
      let cloud = endpoint.cloud();
      if cloud != home {
        if let Some(tunnel) = self.tunnels.get(&(home.min(cloud), home.max(cloud))) {
          g.edge(*tunnel, unit);
        }
        if let Some(forwarding) = self.forwarding.get(&home) {
          g.edge(*forwarding, unit);
        }
      }
      // AWS regions the chain crosses: from the primary's region, or from home for traffic
      // arriving over a VPN, to the endpoint's region, or to home for traffic leaving by VPN.
      let (from, to) = match (home, cloud) {
        (Cloud::Aws, Cloud::Aws) => (primary.region.as_str(), endpoint.region.as_str()),
        (Cloud::Aws, _) => (primary.region.as_str(), aws_home),
        (_, Cloud::Aws) => (aws_home, endpoint.region.as_str()),
        _ => continue,
      };
      for peering in self.peerings_between(from, to) {
        g.edge(peering, unit);
      }
    }
  }

  /// The peerings traffic between two AWS regions crosses: a direct one, or both spokes'
  /// peerings with home.
  fn peerings_between(&self, from: &str, to: &str) -> Vec<NodeIndex> {
    let regions = &self.topology.aws_regions;
    let index = |r: &str| regions.iter().position(|x| x == r);
    let (Some(a), Some(b)) = (index(from), index(to)) else {
      return Vec::new();
    };
    let hops: Vec<(usize, usize)> = if a == b {
      Vec::new()
    } else if self.topology.aws_peerings.contains(&(a.min(b), a.max(b))) {
      vec![(a.min(b), a.max(b))]
    } else {
      vec![(0, a), (0, b)]
    };
    hops
      .into_iter()
      .filter_map(|(x, y)| {
        let key = (regions.get(x)?.clone(), regions.get(y)?.clone());
        self.peerings.get(&key).copied()
      })
      .collect()
  }
}

fn mesh(g: &mut Graph, topology: &Topology) -> MeshUnits {
  let mut units = MeshUnits {
    tunnels: HashMap::new(),
    forwarding: HashMap::new(),
    peerings: HashMap::new(),
    topology: Topology::default(),
  };
  let regions = topology.aws_regions.clone();
  let home = regions.first().cloned().unwrap_or_default();
  let network = |g: &mut Graph, cloud: Cloud| match cloud {
    Cloud::Aws => g.add(Unit::new(cloud, Kind::Network, Some(&home))),
    _ => g.add(Unit::new(cloud, Kind::Network, None)),
  };

  let mut gateways: HashMap<Cloud, NodeIndex> = HashMap::new();
  if topology.aws_transit {
    for region in &regions {
      let network = g.add(Unit::new(Cloud::Aws, Kind::Network, Some(region)));
      let tgw = g.add(Unit::new(Cloud::Aws, Kind::TransitGateway, Some(region)));
      g.edge(network, tgw);
    }
    for (a, b) in &topology.aws_peerings {
      let (Some(x), Some(y)) = (regions.get(*a), regions.get(*b)) else {
        continue;
      };
      let peering = g.add(Unit::new(
        Cloud::Aws,
        Kind::Peering,
        Some(&format!("{x}-{y}")),
      ));
      for region in [x, y] {
        let tgw = g.add(Unit::new(Cloud::Aws, Kind::TransitGateway, Some(region)));
        g.edge(tgw, peering);
      }
      units.peerings.insert((x.clone(), y.clone()), peering);
    }
    for (index, vpcs) in &topology.aws_zones {
      let Some(region) = regions.get(*index) else {
        continue;
      };
      let zone = g.add(Unit::new(Cloud::Aws, Kind::Dns, Some(region)));
      let endpoint = g.add(Unit::new(Cloud::Aws, Kind::PrivateEndpoint, Some(region)));
      g.edge(endpoint, zone);
      for vpc in vpcs.iter().filter_map(|i| regions.get(*i)) {
        let network = g.add(Unit::new(Cloud::Aws, Kind::Network, Some(vpc)));
        g.edge(network, zone);
      }
    }
  }
  for cloud in Cloud::ALL.into_iter().filter(|c| topology.in_mesh(*c)) {
    let gateway = match cloud {
      Cloud::Aws => g.add(Unit::new(cloud, Kind::TransitGateway, Some(&home))),
      _ => {
        let net = network(g, cloud);
        let gateway = g.add(Unit::new(cloud, Kind::VpnGateway, None));
        g.edge(net, gateway);
        gateway
      }
    };
    gateways.insert(cloud, gateway);
  }
  for (a, b) in &topology.pairs {
    let tunnel = g.add(Unit {
      cloud: None,
      kind: Kind::Tunnel,
      qualifier: Some(format!("{a}-{b}")),
    });
    for cloud in [a, b] {
      if let Some(gateway) = gateways.get(cloud) {
        g.edge(*gateway, tunnel);
      }
    }
    units.tunnels.insert((*a, *b), tunnel);
  }
  if topology.dns {
    let mut resolvers: HashMap<Cloud, Vec<NodeIndex>> = HashMap::new();
    for cloud in Cloud::ALL.into_iter().filter(|c| topology.in_mesh(*c)) {
      let list = match cloud {
        Cloud::Aws => topology
          .aws_outbound
          .iter()
          .filter_map(|i| regions.get(*i))
          .map(|region| {
            let net = g.add(Unit::new(cloud, Kind::Network, Some(region)));
            let resolver = g.add(Unit::new(cloud, Kind::Resolver, Some(region)));
            g.edge(net, resolver);
            resolver
          })
          .collect(),
        Cloud::Gcp => {
          // Inbound forwarding is switched on in the network's DNS policy.
          let dns = g.add(Unit::new(cloud, Kind::Dns, None));
          let resolver = g.add(Unit::new(cloud, Kind::Resolver, None));
          g.edge(dns, resolver);
          vec![resolver]
        }
        Cloud::Azure => {
          let net = network(g, cloud);
          let resolver = g.add(Unit::new(cloud, Kind::Resolver, None));
          g.edge(net, resolver);
          vec![resolver]
        }
      };
      resolvers.insert(cloud, list);
    }
    for cloud in Cloud::ALL.into_iter().filter(|c| topology.in_mesh(*c)) {
      let forwarding = g.add(Unit::new(cloud, Kind::DnsForwarding, None));
      let mut before: Vec<NodeIndex> = resolvers.get(&cloud).cloned().unwrap_or_default();
      for peer in topology.peers(cloud) {
        before.extend(resolvers.get(&peer).cloned().unwrap_or_default());
        if let Some(tunnel) = units.tunnels.get(&(cloud.min(peer), cloud.max(peer))) {
          before.push(*tunnel);
        }
      }
      for unit in before {
        g.edge(unit, forwarding);
      }
      units.forwarding.insert(cloud, forwarding);
    }
  }
  units.topology = topology.clone();
  units
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use super::*;

  fn of(blueprint: &Blueprint) -> Graph {
    build(blueprint, &Topology::of(blueprint))
  }
  use crate::test_support::blueprint;

  fn before(g: &Graph, unit: &str) -> Vec<String> {
    let (_, index) = g.index.iter().find(|(u, _)| u.id() == unit).unwrap();
    let mut ids: Vec<String> = g.dependencies(*index).iter().map(|u| u.id()).collect();
    ids.sort();
    ids
  }

  const MESH: &str = "version: 1\nname: gg\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  gcp: {project: gg-project, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  east: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  west: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\n  gc: {cloud: gcp, model: gemini-2.5-flash}\n";

  #[test]
  fn networking_units_have_real_edges() {
    let g = of(&blueprint(&format!(
      "{MESH}workloads:\n  chat: {{failover: [az, west, gc]}}\n  lone: {{failover: [east]}}\n  spoke: {{failover: [west, az]}}\n"
    )));
    g.order().unwrap();
    // From a non-home AWS region to another cloud: through the peering with home and the VPN.
    assert_eq!(
      before(&g, "workload:spoke"),
      [
        "aws:dns-forwarding",
        "aws:model:west",
        "aws:peering:us-east-1-us-west-2",
        "azure:deployment:az",
        "vpn:azure-aws"
      ]
    );
    assert_eq!(
      before(&g, "vpn:azure-aws"),
      ["aws:transit-gateway:us-east-1", "azure:vpn-gateway"]
    );
    assert_eq!(
      before(&g, "vpn:aws-gcp"),
      ["aws:transit-gateway:us-east-1", "gcp:vpn-gateway"]
    );
    assert_eq!(before(&g, "azure:vpn-gateway"), ["azure:network"]);
    assert_eq!(
      before(&g, "aws:peering:us-east-1-us-west-2"),
      [
        "aws:transit-gateway:us-east-1",
        "aws:transit-gateway:us-west-2"
      ]
    );
    let forwarding = before(&g, "azure:dns-forwarding");
    for unit in [
      "azure:dns-resolver",
      "aws:dns-resolver:us-east-1",
      "gcp:dns-resolver",
      "vpn:azure-aws",
      "vpn:azure-gcp",
    ] {
      assert!(forwarding.contains(&unit.to_owned()), "{forwarding:?}");
    }
    let chat = before(&g, "workload:chat");
    for unit in [
      "vpn:azure-aws",
      "vpn:azure-gcp",
      "azure:dns-forwarding",
      "aws:peering:us-east-1-us-west-2",
    ] {
      assert!(chat.contains(&unit.to_owned()), "{chat:?}");
    }
    assert!(
      before(&g, "workload:lone")
        .iter()
        .all(|u| !u.starts_with("vpn:"))
    );
    // us-west-2's name is a private hosted zone the home VPC resolves too.
    assert_eq!(
      before(&g, "aws:dns:us-west-2"),
      [
        "aws:network:us-east-1",
        "aws:network:us-west-2",
        "aws:private-endpoint:us-west-2"
      ]
    );
  }

  #[test]
  fn a_single_cloud_blueprint_has_no_networking_units() {
    let g = of(&blueprint(&format!(
      "{MESH}workloads:\n  chat: {{failover: [az]}}\n  two: {{failover: [east]}}\n  three: {{failover: [gc, west], private: false}}\n"
    )));
    let ids: Vec<String> = g.index.keys().map(Unit::id).collect();
    assert!(
      ids
        .iter()
        .all(|id| !id.contains("vpn") && !id.contains("transit") && !id.contains("dns-")),
      "{ids:?}"
    );
  }
}
