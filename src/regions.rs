//! The public regions of each cloud, so a typo is caught at plan time with a suggestion
//! instead of at `terraform apply`. Lists as published by each provider in 2026; append-only
//! (switzerlandwest added with the model catalog, which names it).

use crate::cloud::Cloud;

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
}
