//! Vertex AI's `us`/`eu` multi-regions, privately (issue 13): the Private Service Connect
//! endpoint that reaches a multi-region's host is a regional resource, and Switchyard creates it
//! in the home region. Google's overview creates it in a region of the multi-region
//! (`us-central1` for `us`, https://docs.cloud.google.com/vpc/docs/about-accessing-regional-google-apis-endpoints)
//! and the pages read do not say whether another region is accepted, so a home region outside
//! the multi-region's jurisdiction is warned about rather than rendered silently.

use std::collections::{BTreeMap, BTreeSet};

use super::reader::Reader;
use crate::analysis::blueprint::Endpoint;
use crate::analysis::catalog;
use crate::analysis::cloud::Cloud;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::Name;
use crate::input::yaml_path::YamlPath;

/// Warns once per multi-region, at its first private endpoint (in name order), when the GCP
/// home region lies outside the multi-region's jurisdiction.
pub(crate) fn check_home(
  reader: &mut Reader,
  endpoints: &BTreeMap<Name, Endpoint>,
  home: Option<&str>,
) {
  let (Some(home), Ok(catalog)) = (home, catalog::get()) else {
    return;
  };
  let geographies = catalog.geographies(Cloud::Gcp);
  let home_geography = geographies.of(home);
  let mut seen = BTreeSet::new();
  for endpoint in endpoints.values() {
    let location = endpoint.region.as_str();
    if endpoint.cloud() != Cloud::Gcp
      || !endpoint.private
      || crate::analysis::regions::gcp_multi_region_host(location).is_none()
      || geographies.of(location) == home_geography
      || !seen.insert(location)
    {
      continue;
    }
    reader.report(Diagnostic::warning(
        YamlPath::root()
          .key("endpoints")
          .key(endpoint.name.as_str())
          .key("region"),
        format!(
          "the private path to Vertex AI's `{location}` multi-region is created in the home region {home}, outside it"
        ),
      )
      .help(format!(
        "Google's example creates the Private Service Connect endpoint for a multi-region in a region of it (us-central1 for `us`), and the pages read do not say whether {home} is accepted; a GCP home region in the multi-region stays on the documented case"
      )));
  }
}
