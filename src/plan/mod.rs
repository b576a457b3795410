//! The plan: a validated blueprint resolved into its dependency graph, derived names and
//! address blocks, and the context each template renders from.
//!
//! Everything a template prints is decided here, in Rust, where it is typed and tested; the
//! templates only arrange it into HCL.

pub(crate) mod aws;
pub(crate) mod azure;
pub(crate) mod federation;
pub(crate) mod gcp;
pub(crate) mod graph;
pub(crate) mod lifecycle;
pub(crate) mod load;
pub(crate) mod mesh;
pub(crate) mod naming;
pub(crate) mod topology;

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::analysis::blueprint::Blueprint;
use crate::analysis::cloud::Cloud;
use crate::input::error::Error;
use crate::plan::graph::Graph;
use crate::plan::topology::Topology;

pub(crate) struct Plan {
  pub(crate) blueprint: Blueprint,
  pub(crate) graph: Graph,
  pub(crate) order: Vec<NodeIndex>,
  pub(crate) context: Context,
}

/// What every template sees.
#[derive(Serialize)]
pub(crate) struct Context {
  pub(crate) name: String,
  pub(crate) environment: String,
  pub(crate) stem: String,
  /// Blueprint tags plus Switchyard's own, sorted.
  pub(crate) tags: BTreeMap<String, String>,
  /// Every cloud's private space: what security rules let in.
  pub(crate) private_cidrs: Vec<Ipv4Net>,
  pub(crate) azure: Option<azure::AzureContext>,
  pub(crate) aws: Option<aws::AwsContext>,
  pub(crate) gcp: Option<gcp::GcpContext>,
  pub(crate) endpoints: Vec<EndpointContext>,
  pub(crate) workloads: Vec<WorkloadContext>,
  /// The cross-cloud VPN's keys and module wiring; `None` when no VPN is built.
  pub(crate) mesh: Option<mesh::MeshContext>,
  /// The state backend's block; `None` keeps Terraform's local state.
  pub(crate) backend: Option<crate::analysis::backend::BackendContext>,
  /// Which cloud's callers federate into which other cloud (issue 18).
  pub(crate) federation: federation::Federation,
  /// `moved`, `import` and `removed` blocks for renamed, adopted and released endpoints.
  pub(crate) lifecycle: lifecycle::Lifecycle,
}

#[derive(Serialize)]
pub(crate) struct EndpointContext {
  pub(crate) name: String,
  pub(crate) cloud: Cloud,
  pub(crate) region: String,
  pub(crate) model: String,
  pub(crate) private: bool,
}

#[derive(Serialize)]
pub(crate) struct WorkloadContext {
  pub(crate) name: String,
  pub(crate) label: String,
  pub(crate) private: bool,
  /// The chain, primary first, with what the outputs name of each endpoint.
  pub(crate) failover: Vec<ChainLink>,
}

#[derive(Serialize)]
pub(crate) struct ChainLink {
  pub(crate) name: String,
  pub(crate) cloud: Cloud,
}

impl Plan {
  pub(crate) fn new(blueprint: Blueprint) -> Result<Self, Error> {
    // Decided once: the graph, the mesh and every cloud's context read the same topology.
    let topology = Topology::of(&blueprint);
    let graph = graph::build(&blueprint, &topology);
    let order = graph.order()?;
    let used = blueprint.used_clouds();
    let context = Context {
      name: blueprint.name.to_string(),
      environment: blueprint.environment.to_string(),
      stem: naming::stem(&blueprint),
      tags: tags(&blueprint),
      private_cidrs: {
        let mut cidrs: Vec<Ipv4Net> = Cloud::ALL
          .iter()
          .filter_map(|c| blueprint.cidr(*c))
          .collect();
        cidrs.sort();
        cidrs
      },
      azure: if used.contains(&Cloud::Azure) {
        Some(azure::context(&blueprint, &graph, &topology)?)
      } else {
        None
      },
      aws: if used.contains(&Cloud::Aws) {
        Some(aws::context(&blueprint, &topology)?)
      } else {
        None
      },
      gcp: if used.contains(&Cloud::Gcp) {
        Some(gcp::context(&blueprint, &topology)?)
      } else {
        None
      },
      endpoints: blueprint
        .endpoints
        .values()
        .map(|e| EndpointContext {
          name: e.name.to_string(),
          cloud: e.cloud(),
          region: e.region.clone(),
          model: e.model.clone(),
          private: e.private,
        })
        .collect(),
      mesh: mesh::context(&topology),
      workloads: workloads(&blueprint)?,
      backend: blueprint.backend.as_ref().map(|backend| {
        backend.context(
          blueprint.identity().as_str(),
          blueprint.environment.as_str(),
        )
      }),
      federation: federation::Federation::of(&blueprint),
      lifecycle: lifecycle::of(&blueprint)?,
    };
    Ok(Self {
      blueprint,
      graph,
      order,
      context,
    })
  }

  /// The root module's directory, relative to the output directory.
  pub(crate) fn root(&self) -> String {
    format!("{}/{}", self.blueprint.name, self.blueprint.environment)
  }
}

/// Each workload with its chain resolved here, by key, so templates need no search over all
/// endpoints per link (that search made the outputs quadratic in a blueprint's size).
fn workloads(blueprint: &Blueprint) -> Result<Vec<WorkloadContext>, Error> {
  blueprint
    .workloads
    .values()
    .map(|w| {
      let failover = w
        .failover
        .iter()
        .map(|name| {
          let e = blueprint.endpoints.get(name).ok_or_else(|| {
            Error::internal(format!("workload {} names unknown endpoint {name}", w.name))
          })?;
          Ok(ChainLink {
            name: e.name.to_string(),
            cloud: e.cloud(),
          })
        })
        .collect::<Result<_, Error>>()?;
      Ok(WorkloadContext {
        name: w.name.to_string(),
        label: w.name.label(),
        private: w.private,
        failover,
      })
    })
    .collect()
}

fn tags(blueprint: &Blueprint) -> BTreeMap<String, String> {
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
}
