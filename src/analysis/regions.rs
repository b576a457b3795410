//! The public regions of each cloud, so a typo is caught at plan time with a suggestion
//! instead of at `terraform apply`. Lists as published by each provider in 2026; append-only
//! (switzerlandwest added with the model catalog, which names it).

use crate::analysis::cloud::Cloud;

const AZURE: &[&str] = &[
  "australiacentral",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "denmarkeast",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "switzerlandwest",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

const AWS: &[&str] = &[
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

const GCP: &[&str] = &[
  "africa-south1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast2",
  "asia-northeast3",
  "asia-south1",
  "asia-south2",
  "asia-southeast1",
  "asia-southeast2",
  "australia-southeast1",
  "australia-southeast2",
  // Not a region: Vertex AI's `eu` multi-region endpoint (`aiplatform.eu.rep.googleapis.com`).
  GCP_EU,
  "europe-central2",
  "europe-north1",
  "europe-north2",
  "europe-southwest1",
  "europe-west1",
  "europe-west10",
  "europe-west12",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  // Not a region: Vertex AI's global endpoint (`aiplatform.googleapis.com`), where some models
  // are served only (gpt-oss-120b). An endpoint may be there; a network may not.
  GCP_GLOBAL,
  "me-central1",
  "me-central2",
  "me-west1",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "northamerica-south1",
  "southamerica-east1",
  "southamerica-west1",
  // Not a region: Vertex AI's `us` multi-region endpoint (`aiplatform.us.rep.googleapis.com`).
  GCP_US,
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
];

/// Vertex AI's global location: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations
/// ("Global endpoint"). Requests to it may be processed in any region.
pub(crate) const GCP_GLOBAL: &str = "global";

/// Vertex AI's multi-region locations (issue 13): ML processing stays within the United States
/// or the European Union, and each answers on its own regional-endpoint (REP) host name
/// (https://docs.cloud.google.com/gemini-enterprise-agent-platform/resources/locations,
/// "Multi-region endpoints").
pub(crate) const GCP_US: &str = "us";
pub(crate) const GCP_EU: &str = "eu";

/// The host of a Vertex AI multi-region location (`aiplatform.us.rep.googleapis.com`), `None`
/// for every other location.
pub(crate) fn gcp_multi_region_host(location: &str) -> Option<String> {
  [GCP_US, GCP_EU]
    .contains(&location)
    .then(|| format!("aiplatform.{location}.rep.googleapis.com"))
}

/// Whether a network (subnet, resolver, key ring) can be in `region`: every known region but
/// Vertex AI's global and multi-region locations.
pub(crate) fn is_network(cloud: Cloud, region: &str) -> bool {
  !(cloud == Cloud::Gcp && (region == GCP_GLOBAL || gcp_multi_region_host(region).is_some()))
}

pub(crate) fn known(cloud: Cloud) -> &'static [&'static str] {
  match cloud {
    Cloud::Azure => AZURE,
    Cloud::Aws => AWS,
    Cloud::Gcp => GCP,
  }
}

pub(crate) fn is_known(cloud: Cloud, region: &str) -> bool {
  known(cloud).binary_search(&region).is_ok()
}

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
pub(crate) fn aws_zone_ids(region: &str) -> Option<[&'static str; 2]> {
  AZ_IDS
    .binary_search_by(|(r, _)| (*r).cmp(region))
    .ok()
    .and_then(|i| AZ_IDS.get(i))
    .map(|(_, ids)| *ids)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn lists_are_sorted_for_binary_search() {
    for cloud in Cloud::ALL {
      let list = known(cloud);
      assert!(
        list.windows(2).all(|w| w[0] < w[1]),
        "{cloud} regions not sorted"
      );
    }
    assert!(is_known(Cloud::Aws, "us-west-2"));
    assert!(!is_known(Cloud::Gcp, "us-central2"));
  }

  #[test]
  fn az_table_is_sorted_and_covers_known_regions_only() {
    assert!(AZ_IDS.windows(2).all(|w| w[0].0 < w[1].0));
    for (region, ids) in AZ_IDS {
      assert!(is_known(Cloud::Aws, region), "{region}");
      assert_ne!(ids[0], ids[1]);
      let prefix = ids[0].split("-az").next().unwrap();
      assert!(ids.iter().all(|id| id.starts_with(&format!("{prefix}-az"))));
    }
    assert_eq!(aws_zone_ids("us-east-1"), Some(["use1-az1", "use1-az2"]));
    assert_eq!(aws_zone_ids("us-west-1"), Some(["usw1-az1", "usw1-az3"]));
    assert_eq!(aws_zone_ids("af-south-1"), None);
  }
}
