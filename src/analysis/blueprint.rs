//! The validated blueprint: every value checked, every default applied, every reference
//! resolved. Later stages may rely on all of it without re-checking.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::analysis::backend::Backend;
use crate::analysis::cloud::{AzureSku, Cloud, Commitment};
use crate::input::name::Name;

#[derive(Clone, Debug)]
pub(crate) struct Blueprint {
  pub(crate) name: Name,
  /// The name the blueprint had before a rename (`moved_from:`): cloud-side names and the
  /// default state key keep deriving from it, so renaming a blueprint moves no cloud object.
  pub(crate) moved_from: Option<Name>,
  pub(crate) environment: Name,
  pub(crate) tags: BTreeMap<String, String>,
  /// Where Terraform keeps state; `None` is Terraform's default (local state).
  pub(crate) backend: Option<Backend>,
  pub(crate) azure: Option<AzureCloud>,
  pub(crate) aws: Option<AwsCloud>,
  pub(crate) gcp: Option<GcpCloud>,
  pub(crate) endpoints: BTreeMap<Name, Endpoint>,
  /// Endpoints with `release: true`: their cloud objects leave Terraform's management
  /// (`removed` blocks) and stay in the cloud; nothing else is rendered for them.
  pub(crate) released: BTreeMap<Name, Endpoint>,
  pub(crate) workloads: BTreeMap<Name, Workload>,
  pub(crate) network: Network,
  /// `budget.monthly`: US dollars a month the reserved capacity should stay under (issue 16).
  pub(crate) budget: Option<f64>,
}

/// `network:`: what Switchyard builds between the clouds for private failover chains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Network {
  pub(crate) vpn: Mode,
  pub(crate) dns_forwarding: Mode,
}

/// `auto` builds what the private chains need; `off` builds none of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Mode {
  #[default]
  Auto,
  Off,
}

impl Mode {
  pub(crate) const ALL: [Mode; 2] = [Mode::Auto, Mode::Off];

  /// The blueprint's word for the mode, as the analyzer reads it and the schema lists it.
  pub(crate) fn key(self) -> &'static str {
    match self {
      Mode::Auto => "auto",
      Mode::Off => "off",
    }
  }
}

#[derive(Clone, Debug)]
pub(crate) struct AzureCloud {
  pub(crate) region: String,
  pub(crate) cidr: Ipv4Net,
  pub(crate) subscription_id: Option<String>,
  /// `callers`: the subnet callers run in, when the blueprint names it (issue 18); the
  /// default is the fourth /24 of `cidr` (`addressing::azure`).
  pub(crate) callers: Option<Ipv4Net>,
}

#[derive(Clone, Debug)]
pub(crate) struct AwsCloud {
  pub(crate) region: String,
  pub(crate) cidr: Ipv4Net,
  /// `entra_id_egress`: `off` or `external` (Switchyard renders no AWS path to Entra ID).
  pub(crate) entra_id_egress: EntraEgress,
}

/// `clouds.<aws|gcp>.entra_id_egress`: how that cloud's callers of chains that fall over to
/// Azure reach Microsoft Entra ID, which has no private endpoint (issue 18, docs/federation.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum EntraEgress {
  /// Nothing is rendered and `validate` warns at each such chain.
  #[default]
  Off,
  /// Switchyard renders the path (GCP: Cloud NAT and one FQDN firewall policy rule).
  Auto,
  /// The operator runs the path; nothing is rendered and nothing is warned about.
  External,
}

impl EntraEgress {
  pub(crate) const ALL: [EntraEgress; 3] =
    [EntraEgress::Off, EntraEgress::Auto, EntraEgress::External];
  /// What `clouds.aws` accepts: Switchyard renders no AWS path, so not `auto`.
  pub(crate) const AWS: [EntraEgress; 2] = [EntraEgress::Off, EntraEgress::External];

  /// The blueprint's word for the choice, as the analyzer reads it and the schema lists it.
  pub(crate) fn key(self) -> &'static str {
    match self {
      EntraEgress::Off => "off",
      EntraEgress::Auto => "auto",
      EntraEgress::External => "external",
    }
  }
}

#[derive(Clone, Debug)]
pub(crate) struct GcpCloud {
  pub(crate) project: String,
  pub(crate) region: String,
  pub(crate) cidr: Ipv4Net,
  pub(crate) entra_id_egress: EntraEgress,
}

#[derive(Clone, Debug)]
pub(crate) struct Endpoint {
  pub(crate) name: Name,
  pub(crate) region: String,
  pub(crate) model: String,
  pub(crate) kind: EndpointKind,
  /// Reached only over private networking: true unless every workload using it is public.
  pub(crate) private: bool,
  /// The endpoint's name before a rename (`moved_from:`): its cloud objects keep the names
  /// derived from it, and `moved` blocks take their Terraform addresses to the new name.
  pub(crate) moved_from: Option<Name>,
  /// The cloud ID of an existing object to adopt (`adopt:`), rendered as an `import` block.
  pub(crate) adopt: Option<String>,
}

impl Endpoint {
  /// The name its cloud objects are named after: the name before a rename, or the name.
  pub(crate) fn cloud_name(&self) -> &Name {
    self.moved_from.as_ref().unwrap_or(&self.name)
  }

  pub(crate) fn cloud(&self) -> Cloud {
    match self.kind {
      EndpointKind::Azure(_) => Cloud::Azure,
      EndpointKind::Aws(_) => Cloud::Aws,
      EndpointKind::Gcp(_) => Cloud::Gcp,
    }
  }
}

#[derive(Clone, Debug)]
pub(crate) enum EndpointKind {
  Azure(AzureDeployment),
  Aws(AwsModel),
  Gcp(GcpModel),
}

#[derive(Clone, Debug)]
pub(crate) struct AzureDeployment {
  pub(crate) version: Option<String>,
  pub(crate) sku: AzureSku,
  pub(crate) capacity: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct AwsModel {
  pub(crate) throughput: Throughput,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Throughput {
  OnDemand,
  Provisioned { units: u32, commitment: Commitment },
}

#[derive(Clone, Debug)]
pub(crate) struct GcpModel {
  pub(crate) dedicated: bool,
}

/// A workload's `expected:` monthly tokens (issue 16), what its token cost is computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Load {
  pub(crate) input_tokens_per_month: u64,
  pub(crate) output_tokens_per_month: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Workload {
  pub(crate) name: Name,
  pub(crate) failover: Vec<Name>,
  pub(crate) private: bool,
  /// `expected:`: the tokens a month the workload expects, for its token cost (issue 16).
  pub(crate) expected: Option<Load>,
  /// `budget.monthly`, in US dollars.
  pub(crate) budget: Option<f64>,
}

impl Workload {
  /// The chain's endpoints in failover order (names that do not resolve are skipped; the
  /// analyzer has rejected them already).
  pub(crate) fn chain<'a>(
    &'a self,
    endpoints: &'a BTreeMap<Name, Endpoint>,
  ) -> impl Iterator<Item = &'a Endpoint> + 'a {
    self.failover.iter().filter_map(|name| endpoints.get(name))
  }
}

/// Every pair of distinct clouds that appear together in a private workload's chain, each pair
/// in `Cloud` order: the pairs a VPN must join.
pub(crate) fn private_cloud_pairs(
  endpoints: &BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
) -> BTreeSet<(Cloud, Cloud)> {
  let mut pairs = BTreeSet::new();
  for workload in workloads.values().filter(|w| w.private) {
    let clouds: BTreeSet<Cloud> = workload.chain(endpoints).map(Endpoint::cloud).collect();
    for a in &clouds {
      for b in clouds.range((std::ops::Bound::Excluded(*a), std::ops::Bound::Unbounded)) {
        pairs.insert((*a, *b));
      }
    }
  }
  pairs
}

/// Whether some private chain uses two or more AWS regions (their VPCs must be joined).
pub(crate) fn private_chain_spans_aws_regions(
  endpoints: &BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
) -> bool {
  workloads.values().filter(|w| w.private).any(|w| {
    let regions: BTreeSet<&str> = w
      .chain(endpoints)
      .filter(|e| e.cloud() == Cloud::Aws)
      .map(|e| e.region.as_str())
      .collect();
    regions.len() > 1
  })
}

impl Blueprint {
  /// The name cloud-side names derive from: the name before a rename, or the name.
  pub(crate) fn identity(&self) -> &Name {
    self.moved_from.as_ref().unwrap_or(&self.name)
  }

  pub(crate) fn home_region(&self, cloud: Cloud) -> Option<&str> {
    match cloud {
      Cloud::Azure => self.azure.as_ref().map(|c| c.region.as_str()),
      Cloud::Aws => self.aws.as_ref().map(|c| c.region.as_str()),
      Cloud::Gcp => self.gcp.as_ref().map(|c| c.region.as_str()),
    }
  }

  pub(crate) fn cidr(&self, cloud: Cloud) -> Option<Ipv4Net> {
    match cloud {
      Cloud::Azure => self.azure.as_ref().map(|c| c.cidr),
      Cloud::Aws => self.aws.as_ref().map(|c| c.cidr),
      Cloud::Gcp => self.gcp.as_ref().map(|c| c.cidr),
    }
  }

  /// The clouds that at least one endpoint uses, in fixed order.
  pub(crate) fn used_clouds(&self) -> Vec<Cloud> {
    Cloud::ALL
      .into_iter()
      .filter(|cloud| self.endpoints.values().any(|e| e.cloud() == *cloud))
      .collect()
  }

  /// Regions of `cloud` that endpoints use: the home region first, then the others sorted.
  pub(crate) fn regions(&self, cloud: Cloud) -> Vec<String> {
    let Some(home) = self.home_region(cloud) else {
      return Vec::new();
    };
    let mut regions = vec![home.to_owned()];
    let mut others: Vec<&str> = self
      .endpoints
      .values()
      .filter(|e| e.cloud() == cloud && e.region != home)
      // Vertex AI's global location has no subnet; its host resolves through the home
      // region's Private Service Connect endpoint like every googleapis.com name.
      .filter(|e| crate::analysis::regions::is_network(cloud, &e.region))
      .map(|e| e.region.as_str())
      .collect();
    others.sort_unstable();
    others.dedup();
    regions.extend(others.into_iter().map(str::to_owned));
    regions
  }

  pub(crate) fn endpoints_of(&self, cloud: Cloud) -> impl Iterator<Item = &Endpoint> {
    self.endpoints.values().filter(move |e| e.cloud() == cloud)
  }
}
