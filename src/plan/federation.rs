//! Keyless cross-cloud identity (issue 18): which cloud's callers must obtain short-lived
//! credentials on which other cloud, and the names of what is rendered for it.
//!
//! A workload's callers run where its primary endpoint runs (the network that "Failover
//! networking" makes every endpoint of the chain reachable from). Every other cloud in its
//! chain is then called from that cloud, with the caller identity that cloud already has (the
//! Azure user-assigned identity, the AWS invoker role, the GCP service account) exchanged for
//! the target cloud's caller identity: no long-lived key on any side. docs/federation.md has
//! the table of who calls whom with which identity and over which network path.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::blueprint::{Blueprint, EntraEgress};
use crate::analysis::cloud::Cloud;
use crate::plan::naming::gcp::around;
use crate::plan::naming::{self, fit};

/// The audience every federated token carries: the value Microsoft Entra ID requires of an
/// external token (<https://learn.microsoft.com/graph/api/resources/federatedidentitycredential>)
/// and the one resource a managed identity can request a token for without an app
/// registration (<https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity>).
/// One value for all three directions keeps the callers' configuration uniform.
pub(crate) const AUDIENCE: &str = "api://AzureADTokenExchange";

/// The audience a GCP service account requests its ID token for when it calls AWS: distinct
/// from Entra ID's, so a token minted for AWS is not also one Entra ID would exchange.
pub(crate) const AWS_AUDIENCE: &str = "sts.amazonaws.com";

/// Workload identity pool and provider IDs: 4 to 32 lowercase letters, digits and hyphens,
/// starting with a letter.
const POOL_ID_MAX: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Federation {
  /// Which cloud's callers call which other cloud: (calling, called), sorted.
  #[serde(skip)]
  pub(crate) pairs: BTreeSet<(Cloud, Cloud)>,
  pub(crate) azure_to_aws: bool,
  pub(crate) gcp_to_aws: bool,
  pub(crate) aws_to_gcp: bool,
  pub(crate) azure_to_gcp: bool,
  pub(crate) aws_to_azure: bool,
  pub(crate) gcp_to_azure: bool,
  /// The GCP workload identity pool's ID, when another cloud calls GCP.
  pub(crate) pool_id: Option<String>,
  /// The egress path from GCP callers to Entra ID, when callers in GCP call Azure and
  /// `clouds.gcp.entra_id_egress` is `auto`.
  pub(crate) gcp_entra_egress: Option<GcpEntraEgress>,
  pub(crate) audience: &'static str,
  pub(crate) aws_audience: &'static str,
}

/// Microsoft Entra ID's sign-in host: the token endpoint of the client-assertion exchange.
pub(crate) const ENTRA_ID_HOST: &str = "login.microsoftonline.com";

/// Cloud NAT and a network firewall policy that let the caller service account, and nothing
/// else, reach Entra ID over HTTPS (docs/federation.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct GcpEntraEgress {
  /// The regions whose subnets callers of such chains run in (their primaries'), sorted.
  pub(crate) regions: Vec<GcpEgressRegion>,
  pub(crate) policy: String,
  pub(crate) host: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct GcpEgressRegion {
  pub(crate) region: String,
  /// The subnet's label in the GCP module (`google_compute_subnetwork.<label>`).
  pub(crate) label: String,
  pub(crate) router: String,
  pub(crate) nat: String,
}

impl Federation {
  pub(crate) fn of(blueprint: &Blueprint) -> Self {
    let mut pairs = BTreeSet::new();
    let mut egress_regions = BTreeSet::new();
    for workload in blueprint.workloads.values() {
      let chain: Vec<_> = workload
        .failover
        .iter()
        .filter_map(|name| blueprint.endpoints.get(name))
        .collect();
      let clouds: Vec<Cloud> = chain.iter().map(|e| e.cloud()).collect();
      let Some(&caller) = clouds.first() else {
        continue;
      };
      if caller == Cloud::Gcp
        && clouds.contains(&Cloud::Azure)
        && let Some(primary) = chain.first()
      {
        egress_regions.insert(primary.region.clone());
      }
      pairs.extend(
        clouds
          .iter()
          .filter(|&&cloud| cloud != caller)
          .map(|&cloud| (caller, cloud)),
      );
    }
    let has = |from, to| pairs.contains(&(from, to));
    let into_gcp = has(Cloud::Aws, Cloud::Gcp) || has(Cloud::Azure, Cloud::Gcp);
    Self {
      azure_to_aws: has(Cloud::Azure, Cloud::Aws),
      gcp_to_aws: has(Cloud::Gcp, Cloud::Aws),
      aws_to_gcp: has(Cloud::Aws, Cloud::Gcp),
      azure_to_gcp: has(Cloud::Azure, Cloud::Gcp),
      aws_to_azure: has(Cloud::Aws, Cloud::Azure),
      gcp_to_azure: has(Cloud::Gcp, Cloud::Azure),
      pool_id: into_gcp.then(|| pool_id(blueprint)),
      gcp_entra_egress: (blueprint
        .gcp
        .as_ref()
        .is_some_and(|gcp| gcp.entra_id_egress == EntraEgress::Auto)
        && !egress_regions.is_empty())
      .then(|| gcp_entra_egress(blueprint, egress_regions)),
      audience: AUDIENCE,
      aws_audience: AWS_AUDIENCE,
      pairs,
    }
  }
}

/// How a caller in one cloud obtains a short-lived credential for an endpoint in another:
/// what `failover/<workload>.json` names per endpoint (docs/failover.schema.json).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Federated {
  /// The calling cloud: where the chain's primary, and so its callers, run.
  pub(crate) from: Cloud,
  /// The token the caller presents, from its own cloud's identity.
  pub(crate) subject_token: &'static str,
  /// The audience to request that token for; `None` where the token has none (AWS signs a
  /// GetCallerIdentity request instead).
  pub(crate) audience: Option<&'static str>,
  /// The exchange that turns it into the endpoint cloud's credential.
  pub(crate) exchange: &'static str,
  /// Where `terraform output -json` of the root has the identity to federate into.
  pub(crate) identity_output: String,
}

/// The federation a caller in `from` uses for an endpoint on `to`; `None` on its own cloud.
pub(crate) fn federated(from: Cloud, to: Cloud) -> Option<Federated> {
  let (subject_token, audience, exchange) = match (from, to) {
    (Cloud::Azure, Cloud::Aws) => (
      "entra-id-managed-identity-token",
      Some(AUDIENCE),
      "sts:AssumeRoleWithWebIdentity",
    ),
    (Cloud::Gcp, Cloud::Aws) => (
      "google-id-token",
      Some(AWS_AUDIENCE),
      "sts:AssumeRoleWithWebIdentity",
    ),
    (Cloud::Aws, Cloud::Gcp) => (
      "aws-signed-get-caller-identity",
      None,
      "google-sts-token-exchange+generateAccessToken",
    ),
    (Cloud::Azure, Cloud::Gcp) => (
      "entra-id-managed-identity-token",
      Some(AUDIENCE),
      "google-sts-token-exchange+generateAccessToken",
    ),
    (Cloud::Aws, Cloud::Azure) => (
      "aws-web-identity-token",
      Some(AUDIENCE),
      "entra-id-client-assertion",
    ),
    (Cloud::Gcp, Cloud::Azure) => (
      "google-id-token",
      Some(AUDIENCE),
      "entra-id-client-assertion",
    ),
    _ => return None,
  };
  Some(Federated {
    from,
    subject_token,
    audience,
    exchange,
    identity_output: format!("federated_identities.{}_to_{}", from.key(), to.key()),
  })
}

fn gcp_entra_egress(blueprint: &Blueprint, regions: BTreeSet<String>) -> GcpEntraEgress {
  let stem = naming::stem(blueprint);
  GcpEntraEgress {
    regions: regions
      .into_iter()
      .map(|region| GcpEgressRegion {
        label: naming::region_label(&region),
        router: around("cr", &stem, &format!("{region}-nat")),
        nat: around("nat", &stem, &region),
        region,
      })
      .collect(),
    policy: around("fwp", &stem, "entra-id"),
    host: ENTRA_ID_HOST,
  }
}

/// The pool's ID: unique per project and kept for 30 days after deletion, so it carries the
/// blueprint and environment; `sy-` makes it start with a letter and stay clear of the reserved
/// `gcp-` prefix (<https://cloud.google.com/iam/docs/manage-workload-identity-pools-providers>).
fn pool_id(blueprint: &Blueprint) -> String {
  fit(
    &format!("sy-{}", naming::stem(blueprint)).to_ascii_lowercase(),
    POOL_ID_MAX,
  )
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

  const THREE: &str = "version: 1\nname: fed\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  gcp: {project: fed-project, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  use1: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  gc: {cloud: gcp, model: gemini-2.5-flash}\n";

  /// Issue 18: callers live with the primary; only the clouds after it are federated into.
  #[test]
  fn callers_of_a_chain_federate_from_the_primary_cloud_into_the_others() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az, use1]}}\n  wb: {{failover: [gc, az]}}\n"
    ));
    let f = Federation::of(&bp);
    assert_eq!(
      f.pairs,
      BTreeSet::from([(Cloud::Azure, Cloud::Aws), (Cloud::Gcp, Cloud::Azure)])
    );
    assert!(f.azure_to_aws && f.gcp_to_azure);
    assert!(!f.aws_to_azure && !f.aws_to_gcp && !f.azure_to_gcp && !f.gcp_to_aws);
    // Nobody calls GCP: no pool.
    assert_eq!(f.pool_id, None);
  }

  /// What the failover JSON names per endpoint (issue 18): nothing on the caller's own cloud;
  /// Entra ID's exchange audience for tokens Entra ID sees, STS's for Google tokens into AWS, and
  /// no audience for AWS's signed request into GCP.
  #[test]
  fn each_direction_names_its_token_audience_and_output() {
    for cloud in Cloud::ALL {
      assert_eq!(federated(cloud, cloud), None);
    }
    let gcp_aws = federated(Cloud::Gcp, Cloud::Aws).unwrap_or_else(|| panic!("gcp->aws"));
    assert_eq!(gcp_aws.audience, Some(AWS_AUDIENCE));
    assert_eq!(gcp_aws.identity_output, "federated_identities.gcp_to_aws");
    let aws_gcp = federated(Cloud::Aws, Cloud::Gcp).unwrap_or_else(|| panic!("aws->gcp"));
    assert_eq!(aws_gcp.audience, None);
    for (from, to) in [
      (Cloud::Azure, Cloud::Aws),
      (Cloud::Azure, Cloud::Gcp),
      (Cloud::Aws, Cloud::Azure),
      (Cloud::Gcp, Cloud::Azure),
    ] {
      let f = federated(from, to).unwrap_or_else(|| panic!("{from:?}->{to:?}"));
      assert_eq!(f.audience, Some(AUDIENCE), "{from:?}->{to:?}");
      assert_eq!(f.from, from);
    }
  }

  /// Issue 18: Entra ID egress for GCP callers only with `clouds.gcp.entra_id_egress: auto`, and
  /// only in the regions of primaries whose chains reach Azure.
  #[test]
  fn gcp_egress_to_entra_id_follows_the_switch_and_the_callers_regions() {
    let text = format!(
      "{}  gw: {{cloud: gcp, region: europe-west4, model: gemini-2.5-flash}}\nworkloads:\n  wa: {{failover: [gw, az]}}\n  wb: {{failover: [gc, use1]}}\n  wc: {{failover: [az, gc]}}\n",
      THREE
    );
    assert_eq!(Federation::of(&blueprint(&text)).gcp_entra_egress, None);
    let on = text.replace(
      "cidr: 10.30.0.0/16}",
      "cidr: 10.30.0.0/16, entra_id_egress: auto}",
    );
    assert_ne!(on, text);
    let egress = Federation::of(&blueprint(&on))
      .gcp_entra_egress
      .unwrap_or_else(|| panic!("no egress"));
    let regions: Vec<&str> = egress.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions, ["europe-west4"]);
    assert_eq!(egress.regions[0].label, "europe_west4");
    assert_eq!(egress.host, "login.microsoftonline.com");
  }

  #[test]
  fn single_cloud_chains_need_no_federation() {
    let bp = blueprint(&format!(
      "{THREE}workloads:\n  wa: {{failover: [az]}}\n  wb: {{failover: [use1]}}\n  wc: {{failover: [gc]}}\n"
    ));
    let f = Federation::of(&bp);
    assert!(f.pairs.is_empty());
    assert_eq!(
      f,
      Federation {
        audience: AUDIENCE,
        aws_audience: AWS_AUDIENCE,
        ..Federation::default()
      }
    );
  }

  #[test]
  fn the_pool_id_fits_gcp_rules_for_long_names() {
    let bp = blueprint(&format!(
      "{}workloads:\n  wa: {{failover: [use1, gc]}}\n",
      THREE.replace(
        "name: fed\n",
        "name: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwx\n"
      )
    ));
    let id = Federation::of(&bp).pool_id.unwrap_or_default();
    assert!((4..=32).contains(&id.len()), "{id}");
    assert!(id.starts_with("sy-"));
    assert!(
      id.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    );
  }
}
