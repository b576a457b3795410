//! AWS names shared by the VPC context (`plan::aws`) and the transit network
//! (`plan::mesh::aws`): a subnet as the templates see it, and names shortened around a fixed
//! suffix.

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::plan::naming::fit;

/// An AWS subnet, which lives in one Availability Zone (by ID); GCP's are regional
/// (`gcp::RegionalSubnet`).
#[derive(Serialize)]
pub(crate) struct ZonalSubnet {
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
