//! AWS names and placement shared by the VPC context (`plan::aws`) and the transit network
//! (`plan::mesh::aws`): the Availability Zones each region's subnets go in, a subnet as the
//! templates see it, and names shortened around a fixed suffix.

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::naming::fit;

/// Two Availability Zone IDs per region where Amazon Bedrock (and its `bedrock-runtime`
/// PrivateLink service) is offered. IDs, not names: an ID is the same physical zone in every
/// account. Zones that AWS marks constrained or closes to new accounts are avoided
/// (`use1-az3`, `usw1-az2`, `apne1-az3`, `apne2-az2`, `cac1-az3`).
const AZ_IDS: &[(&str, [&str; 2])] = &[
  ("ap-east-2", ["ape2-az1", "ape2-az2"]),
  ("ap-northeast-1", ["apne1-az1", "apne1-az2"]),
  ("ap-northeast-2", ["apne2-az1", "apne2-az3"]),
  ("ap-northeast-3", ["apne3-az1", "apne3-az2"]),
  ("ap-south-1", ["aps1-az1", "aps1-az2"]),
  ("ap-south-2", ["aps2-az1", "aps2-az2"]),
  ("ap-southeast-1", ["apse1-az1", "apse1-az2"]),
  ("ap-southeast-2", ["apse2-az1", "apse2-az2"]),
  ("ap-southeast-3", ["apse3-az1", "apse3-az2"]),
  ("ap-southeast-4", ["apse4-az1", "apse4-az2"]),
  ("ap-southeast-5", ["apse5-az1", "apse5-az2"]),
  ("ap-southeast-6", ["apse6-az1", "apse6-az2"]),
  ("ap-southeast-7", ["apse7-az1", "apse7-az2"]),
  ("ca-central-1", ["cac1-az1", "cac1-az2"]),
  ("ca-west-1", ["caw1-az1", "caw1-az2"]),
  ("eu-central-1", ["euc1-az1", "euc1-az2"]),
  ("eu-central-2", ["euc2-az1", "euc2-az2"]),
  ("eu-north-1", ["eun1-az1", "eun1-az2"]),
  ("eu-south-1", ["eus1-az1", "eus1-az2"]),
  ("eu-south-2", ["eus2-az1", "eus2-az2"]),
  ("eu-west-1", ["euw1-az1", "euw1-az2"]),
  ("eu-west-2", ["euw2-az1", "euw2-az2"]),
  ("eu-west-3", ["euw3-az1", "euw3-az2"]),
  ("il-central-1", ["ilc1-az1", "ilc1-az2"]),
  ("me-central-1", ["mec1-az1", "mec1-az2"]),
  ("me-south-1", ["mes1-az1", "mes1-az2"]),
  ("sa-east-1", ["sae1-az1", "sae1-az2"]),
  ("us-east-1", ["use1-az1", "use1-az2"]),
  ("us-east-2", ["use2-az1", "use2-az2"]),
  ("us-gov-east-1", ["usge1-az1", "usge1-az2"]),
  ("us-gov-west-1", ["usgw1-az1", "usgw1-az2"]),
  ("us-west-1", ["usw1-az1", "usw1-az3"]),
  ("us-west-2", ["usw2-az1", "usw2-az2"]),
];

/// The two AZ IDs Switchyard places a region's subnets in, if Bedrock is offered there.
pub(crate) fn az_ids(region: &str) -> Option<[&'static str; 2]> {
  AZ_IDS
    .binary_search_by(|(r, _)| (*r).cmp(region))
    .ok()
    .and_then(|i| AZ_IDS.get(i))
    .map(|(_, ids)| *ids)
}

#[derive(Serialize)]
pub(crate) struct Subnet {
  pub(crate) label: String,
  pub(crate) cidr: Ipv4Net,
  pub(crate) az_id: &'static str,
  pub(crate) name: String,
}

/// `<stem>-<suffix>` in at most `max` characters: the stem is shortened (with a hash of it, so
/// stems stay distinct), never the suffix that tells names apart within a blueprint.
pub(crate) fn suffixed(stem: &str, suffix: &str, max: usize) -> String {
  let keep = max.saturating_sub(suffix.len() + 1);
  format!("{}-{suffix}", fit(stem, keep))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use crate::cloud::Cloud;

  #[test]
  fn az_table_is_sorted_and_covers_known_regions_only() {
    assert!(AZ_IDS.windows(2).all(|w| w[0].0 < w[1].0));
    for (region, ids) in AZ_IDS {
      assert!(crate::regions::is_known(Cloud::Aws, region), "{region}");
      assert_ne!(ids[0], ids[1]);
      let prefix = ids[0].split("-az").next().unwrap();
      assert!(ids.iter().all(|id| id.starts_with(&format!("{prefix}-az"))));
    }
    assert_eq!(az_ids("us-east-1"), Some(["use1-az1", "use1-az2"]));
    assert_eq!(az_ids("us-west-1"), Some(["usw1-az1", "usw1-az3"]));
    assert_eq!(az_ids("af-south-1"), None);
  }
}
