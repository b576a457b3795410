//! The dependency graph of infrastructure units: what must exist before what.
//!
//! A unit is a group of Terraform resources with one purpose (a cloud's network, the OpenAI
//! account of a region, one model deployment). Edges point from a unit to the units that need
//! it. The order is a topological sort whose ties are broken by unit id, so every run prints
//! and renders the same order. Azure OpenAI accepts one operation per account at a time, so
//! the deployments of an account form a chain here, and the templates turn that chain into
//! `depends_on`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::blueprint::{Blueprint, EndpointKind, Throughput};
use crate::cloud::Cloud;
use crate::error::Error;

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
}

impl Graph {
  fn new() -> Self {
    Self {
      graph: DiGraph::new(),
      index: HashMap::new(),
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
    self.graph.update_edge(before, after, ());
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
          if *count == 0 {
            if let Some(unit) = self.graph.node_weight(after) {
              ready.insert((unit.id(), after));
            }
          }
        }
      }
    }
    if order.len() != self.graph.node_count() {
      let stuck: Vec<String> = self
        .graph
        .node_indices()
        .filter(|n| !order.contains(n))
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

/// Builds the graph of a validated blueprint.
pub(crate) fn build(blueprint: &Blueprint) -> Graph {
  let mut g = Graph::new();
  let mut endpoint_units: HashMap<&str, NodeIndex> = HashMap::new();

  if blueprint.used_clouds().contains(&Cloud::Azure) {
    let network = g.add(Unit::new(Cloud::Azure, Kind::Network, None));
    let dns = g.add(Unit::new(Cloud::Azure, Kind::Dns, None));
    g.edge(network, dns);
    let identity = g.add(Unit::new(Cloud::Azure, Kind::Identity, None));
    let logging = g.add(Unit::new(Cloud::Azure, Kind::Logging, None));
    for region in blueprint.regions(Cloud::Azure) {
      let deployments: Vec<_> = blueprint
        .endpoints_of(Cloud::Azure)
        .filter(|e| e.region == region)
        .collect();
      if deployments.is_empty() {
        continue;
      }
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

  if blueprint.used_clouds().contains(&Cloud::Aws) {
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

  if blueprint.used_clouds().contains(&Cloud::Gcp) {
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
  }
  g
}
