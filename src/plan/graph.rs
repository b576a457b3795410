//! The dependency graph of infrastructure units: what must exist before what.
//!
//! A unit is a group of Terraform resources with one purpose (a cloud's network, the OpenAI
//! account of a region, one model deployment). Edges point from a unit to the units that need
//! it. The order is a topological sort whose ties are broken by unit id, so every run prints
//! and renders the same order. Azure OpenAI accepts one operation per account at a time, so
//! the deployments of an account form a chain here, and the templates turn that chain into
//! `depends_on`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::graphmap::DiGraphMap;

use crate::analysis::blueprint::{Blueprint, Endpoint, EndpointKind, Throughput};
use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::topology::Topology;

/// What a unit is. A unit is named by its id (`Unit`'s `Display`) alone, whose kind segment
/// (`id_segment`) is the one spelling of a kind: `plan` and `graph` print it, and ids order the
/// graph's ties, so changing one reorders output. Nothing serializes a kind any other way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum UnitKind {
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

impl UnitKind {
  /// The kind's segment of a unit id (`azure:<segment>:…`). Some differ from the variant's
  /// name on purpose: `Tunnel` is `vpn` and `Resolver` is `dns-resolver`, as ids always were.
  fn id_segment(self) -> &'static str {
    match self {
      UnitKind::Services => "services",
      UnitKind::Keys => "keys",
      UnitKind::Network => "network",
      UnitKind::Dns => "dns",
      UnitKind::PrivateEndpoint => "private-endpoint",
      UnitKind::Account => "account",
      UnitKind::Deployment => "deployment",
      UnitKind::Throughput => "throughput",
      UnitKind::Model => "model",
      UnitKind::VertexEndpoint => "vertex-endpoint",
      UnitKind::Identity => "identity",
      UnitKind::Logging => "logging",
      UnitKind::VpnGateway => "vpn-gateway",
      UnitKind::TransitGateway => "transit-gateway",
      UnitKind::Peering => "peering",
      UnitKind::Tunnel => "vpn",
      UnitKind::Resolver => "dns-resolver",
      UnitKind::DnsForwarding => "dns-forwarding",
      UnitKind::Workload => "workload",
    }
  }

  /// What the unit is, for `plan` and `graph` output.
  pub(crate) fn describe(self) -> &'static str {
    match self {
      UnitKind::Services => "APIs enabled",
      UnitKind::Keys => "customer-managed encryption keys",
      UnitKind::Network => "private network foundation",
      UnitKind::Dns => "private DNS",
      UnitKind::PrivateEndpoint => "private connectivity",
      UnitKind::Account => "AI account",
      UnitKind::Deployment => "model deployment",
      UnitKind::Throughput => "provisioned throughput",
      UnitKind::Model => "model access",
      UnitKind::VertexEndpoint => "dedicated endpoint",
      UnitKind::Identity => "caller identity",
      UnitKind::Logging => "logging",
      UnitKind::VpnGateway => "VPN gateway with BGP",
      UnitKind::TransitGateway => "transit gateway and route tables",
      UnitKind::Peering => "transit gateway peering",
      UnitKind::Tunnel => "site-to-site VPN tunnels",
      UnitKind::Resolver => "DNS resolver endpoints",
      UnitKind::DnsForwarding => "forwarding of other clouds' names",
      UnitKind::Workload => "failover chain output",
    }
  }
}

/// One node: `cloud:kind[:qualifier]`, e.g. `azure:deployment:gpt-east`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Unit {
  pub(crate) cloud: Option<Cloud>,
  pub(crate) kind: UnitKind,
  pub(crate) qualifier: Option<String>,
}

impl Unit {
  fn new(cloud: Cloud, kind: UnitKind, qualifier: Option<&str>) -> Self {
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
      Some(cloud) => write!(f, "{cloud}:{}", self.kind.id_segment())?,
      None => f.write_str(self.kind.id_segment())?,
    }
    if let Some(qualifier) = &self.qualifier {
      write!(f, ":{qualifier}")?;
    }
    Ok(())
  }
}

/// Units are stored in order of addition and named by their position (`NodeIndex`); the
/// edges are petgraph's `DiGraphMap` over those positions, which keeps an edge unique in
/// constant time (`DiGraph::update_edge` looks through every edge of a node, and shared units
/// such as GCP's DNS and caller identity gain one edge per endpoint).
pub(crate) struct Graph {
  units: Vec<Unit>,
  graph: DiGraphMap<NodeIndex, ()>,
  index: HashMap<Unit, NodeIndex>,
}

impl Graph {
  fn new() -> Self {
    Self {
      units: Vec::new(),
      graph: DiGraphMap::new(),
      index: HashMap::new(),
    }
  }

  fn add(&mut self, unit: Unit) -> NodeIndex {
    if let Some(index) = self.index.get(&unit) {
      return *index;
    }
    let index = NodeIndex::new(self.units.len());
    self.graph.add_node(index);
    self.units.push(unit.clone());
    self.index.insert(unit, index);
    index
  }

  /// `before` must exist before `after`; adding an edge twice keeps one.
  fn edge(&mut self, before: NodeIndex, after: NodeIndex) {
    self.graph.add_edge(before, after, ());
  }

  /// The node of a unit, if the graph has it.
  pub(crate) fn find(&self, cloud: Cloud, kind: UnitKind, qualifier: &str) -> Option<NodeIndex> {
    self
      .index
      .get(&Unit::new(cloud, kind, Some(qualifier)))
      .copied()
  }

  pub(crate) fn len(&self) -> usize {
    self.units.len()
  }

  pub(crate) fn edge_count(&self) -> usize {
    self.graph.edge_count()
  }

  pub(crate) fn unit(&self, index: NodeIndex) -> Option<&Unit> {
    self.units.get(index.index())
  }

  /// The units `index` waits for, sorted by id.
  pub(crate) fn dependencies(&self, index: NodeIndex) -> Vec<&Unit> {
    let mut units: Vec<&Unit> = self
      .graph
      .neighbors_directed(index, Direction::Incoming)
      .filter_map(|n| self.unit(n))
      .collect();
    units.sort();
    units
  }

  /// Every edge as (before, after), sorted.
  pub(crate) fn edges(&self) -> Vec<(&Unit, &Unit)> {
    let mut edges: Vec<(&Unit, &Unit)> = self
      .graph
      .all_edges()
      .filter_map(|(a, b, ())| Some((self.unit(a)?, self.unit(b)?)))
      .collect();
    edges.sort();
    edges
  }

  /// Kahn's algorithm with a sorted ready set: deterministic, ties broken by unit id.
  pub(crate) fn order(&self) -> Result<Vec<NodeIndex>, Error> {
    let mut waiting: Vec<usize> = self
      .graph
      .nodes()
      .map(|n| {
        self
          .graph
          .neighbors_directed(n, Direction::Incoming)
          .count()
      })
      .collect();
    let mut ready: BTreeSet<(String, NodeIndex)> = self
      .graph
      .nodes()
      .filter(|n| waiting.get(n.index()) == Some(&0))
      .filter_map(|n| Some((self.unit(n)?.id(), n)))
      .collect();
    let mut order = Vec::with_capacity(self.units.len());
    while let Some((_, next)) = ready.pop_first() {
      order.push(next);
      for after in self.graph.neighbors_directed(next, Direction::Outgoing) {
        if let Some(count) = waiting.get_mut(after.index()) {
          *count -= 1;
          if *count == 0
            && let Some(unit) = self.unit(after)
          {
            ready.insert((unit.id(), after));
          }
        }
      }
    }
    if order.len() != self.units.len() {
      let mut placed = vec![false; self.units.len()];
      for index in &order {
        if let Some(slot) = placed.get_mut(index.index()) {
          *slot = true;
        }
      }
      let stuck: Vec<String> = self
        .graph
        .nodes()
        .filter(|n| placed.get(n.index()) == Some(&false))
        .filter_map(|n| self.unit(n).map(Unit::id))
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
    let network = g.add(Unit::new(Cloud::Azure, UnitKind::Network, None));
    let dns = g.add(Unit::new(Cloud::Azure, UnitKind::Dns, None));
    g.edge(network, dns);
    let identity = g.add(Unit::new(Cloud::Azure, UnitKind::Identity, None));
    let logging = g.add(Unit::new(Cloud::Azure, UnitKind::Logging, None));
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
      let keys = g.add(Unit::new(Cloud::Azure, UnitKind::Keys, Some(&region)));
      g.edge(dns, keys);
      let account = g.add(Unit::new(Cloud::Azure, UnitKind::Account, Some(&region)));
      g.edge(keys, account);
      let private = g.add(Unit::new(
        Cloud::Azure,
        UnitKind::PrivateEndpoint,
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
          UnitKind::Deployment,
          Some(endpoint.name.as_str()),
        ));
        g.edge(previous, unit);
        previous = unit;
        endpoint_units.insert(endpoint.name.as_str(), unit);
      }
    }
  }

  if used.contains(&Cloud::Aws) {
    let identity = g.add(Unit::new(Cloud::Aws, UnitKind::Identity, None));
    for region in blueprint.regions(Cloud::Aws) {
      let keys = g.add(Unit::new(Cloud::Aws, UnitKind::Keys, Some(&region)));
      let network = g.add(Unit::new(Cloud::Aws, UnitKind::Network, Some(&region)));
      g.edge(keys, network);
      let private = g.add(Unit::new(
        Cloud::Aws,
        UnitKind::PrivateEndpoint,
        Some(&region),
      ));
      g.edge(network, private);
      g.edge(private, identity);
      let logging = g.add(Unit::new(Cloud::Aws, UnitKind::Logging, Some(&region)));
      g.edge(keys, logging);
    }
    for endpoint in blueprint.endpoints_of(Cloud::Aws) {
      let kind = match endpoint.kind {
        EndpointKind::Aws(ref m) if matches!(m.throughput, Throughput::Provisioned { .. }) => {
          UnitKind::Throughput
        }
        _ => UnitKind::Model,
      };
      let unit = g.add(Unit::new(Cloud::Aws, kind, Some(endpoint.name.as_str())));
      g.edge(unit, identity);
      endpoint_units.insert(endpoint.name.as_str(), unit);
    }
  }

  if used.contains(&Cloud::Gcp) {
    let services = g.add(Unit::new(Cloud::Gcp, UnitKind::Services, None));
    let network = g.add(Unit::new(Cloud::Gcp, UnitKind::Network, None));
    g.edge(services, network);
    let private = g.add(Unit::new(Cloud::Gcp, UnitKind::PrivateEndpoint, None));
    g.edge(network, private);
    let dns = g.add(Unit::new(Cloud::Gcp, UnitKind::Dns, None));
    g.edge(private, dns);
    let identity = g.add(Unit::new(Cloud::Gcp, UnitKind::Identity, None));
    g.edge(services, identity);
    for endpoint in blueprint.endpoints_of(Cloud::Gcp) {
      let dedicated = matches!(endpoint.kind, EndpointKind::Gcp(ref m) if m.dedicated);
      let unit = if dedicated {
        let keys = g.add(Unit::new(
          Cloud::Gcp,
          UnitKind::Keys,
          Some(&endpoint.region),
        ));
        g.edge(services, keys);
        let unit = g.add(Unit::new(
          Cloud::Gcp,
          UnitKind::VertexEndpoint,
          Some(endpoint.name.as_str()),
        ));
        g.edge(keys, unit);
        g.edge(private, unit);
        unit
      } else {
        g.add(Unit::new(
          Cloud::Gcp,
          UnitKind::Model,
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
      kind: UnitKind::Workload,
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
    workload: &crate::analysis::blueprint::Workload,
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
    Cloud::Aws => g.add(Unit::new(cloud, UnitKind::Network, Some(&home))),
    _ => g.add(Unit::new(cloud, UnitKind::Network, None)),
  };

  let mut gateways: HashMap<Cloud, NodeIndex> = HashMap::new();
  if topology.aws_transit {
    for region in &regions {
      let network = g.add(Unit::new(Cloud::Aws, UnitKind::Network, Some(region)));
      let tgw = g.add(Unit::new(
        Cloud::Aws,
        UnitKind::TransitGateway,
        Some(region),
      ));
      g.edge(network, tgw);
    }
    for (a, b) in &topology.aws_peerings {
      let (Some(x), Some(y)) = (regions.get(*a), regions.get(*b)) else {
        continue;
      };
      let peering = g.add(Unit::new(
        Cloud::Aws,
        UnitKind::Peering,
        Some(&format!("{x}-{y}")),
      ));
      for region in [x, y] {
        let tgw = g.add(Unit::new(
          Cloud::Aws,
          UnitKind::TransitGateway,
          Some(region),
        ));
        g.edge(tgw, peering);
      }
      units.peerings.insert((x.clone(), y.clone()), peering);
    }
    for (index, vpcs) in &topology.aws_zones {
      let Some(region) = regions.get(*index) else {
        continue;
      };
      let zone = g.add(Unit::new(Cloud::Aws, UnitKind::Dns, Some(region)));
      let endpoint = g.add(Unit::new(
        Cloud::Aws,
        UnitKind::PrivateEndpoint,
        Some(region),
      ));
      g.edge(endpoint, zone);
      for vpc in vpcs.iter().filter_map(|i| regions.get(*i)) {
        let network = g.add(Unit::new(Cloud::Aws, UnitKind::Network, Some(vpc)));
        g.edge(network, zone);
      }
    }
  }
  for cloud in Cloud::ALL.into_iter().filter(|c| topology.in_mesh(*c)) {
    let gateway = match cloud {
      Cloud::Aws => g.add(Unit::new(cloud, UnitKind::TransitGateway, Some(&home))),
      _ => {
        let net = network(g, cloud);
        let gateway = g.add(Unit::new(cloud, UnitKind::VpnGateway, None));
        g.edge(net, gateway);
        gateway
      }
    };
    gateways.insert(cloud, gateway);
  }
  for (a, b) in &topology.pairs {
    let tunnel = g.add(Unit {
      cloud: None,
      kind: UnitKind::Tunnel,
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
            let net = g.add(Unit::new(cloud, UnitKind::Network, Some(region)));
            let resolver = g.add(Unit::new(cloud, UnitKind::Resolver, Some(region)));
            g.edge(net, resolver);
            resolver
          })
          .collect(),
        Cloud::Gcp => {
          // Inbound forwarding is switched on in the network's DNS policy.
          let dns = g.add(Unit::new(cloud, UnitKind::Dns, None));
          let resolver = g.add(Unit::new(cloud, UnitKind::Resolver, None));
          g.edge(dns, resolver);
          vec![resolver]
        }
        Cloud::Azure => {
          let net = network(g, cloud);
          let resolver = g.add(Unit::new(cloud, UnitKind::Resolver, None));
          g.edge(net, resolver);
          vec![resolver]
        }
      };
      resolvers.insert(cloud, list);
    }
    for cloud in Cloud::ALL.into_iter().filter(|c| topology.in_mesh(*c)) {
      let forwarding = g.add(Unit::new(cloud, UnitKind::DnsForwarding, None));
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

  /// The order is Kahn's with ties broken by unit id, whatever the order units and edges were
  /// added in; an edge added twice is one edge.
  #[test]
  fn ties_are_broken_by_id_and_edges_are_kept_once() {
    let mut g = Graph::new();
    let model = |q: &str| Unit::new(Cloud::Aws, UnitKind::Model, Some(q));
    let workload = g.add(Unit::new(Cloud::Aws, UnitKind::Workload, Some("chat")));
    let zeta = g.add(model("zeta"));
    let alpha = g.add(model("alpha"));
    let network = g.add(Unit::new(Cloud::Aws, UnitKind::Network, None));
    assert_eq!(g.add(model("alpha")), alpha);
    for (before, after) in [
      (network, zeta),
      (network, alpha),
      (zeta, workload),
      (alpha, workload),
      (network, zeta),
    ] {
      g.edge(before, after);
    }
    assert_eq!((g.len(), g.edge_count()), (4, 4));
    let order: Vec<String> = g
      .order()
      .unwrap()
      .into_iter()
      .map(|i| g.unit(i).unwrap().id())
      .collect();
    assert_eq!(
      order,
      [
        "aws:network",
        "aws:model:alpha",
        "aws:model:zeta",
        "aws:workload:chat"
      ]
    );
    let chat: Vec<String> = g.dependencies(workload).iter().map(|u| u.id()).collect();
    assert_eq!(chat, ["aws:model:alpha", "aws:model:zeta"]);
    g.edge(workload, network);
    let cycle = g.order().unwrap_err().to_string();
    assert!(
      cycle
        .contains("cycle through aws:workload:chat, aws:model:zeta, aws:model:alpha, aws:network"),
      "{cycle}"
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
