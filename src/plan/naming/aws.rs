//! AWS names: IAM roles, provisioned models, security groups, and names shortened around a
//! fixed suffix (which the transit network in `plan::mesh::aws` uses too), with the subnet as
//! the templates see it.

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::plan::naming::{self, fit};

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

/// IAM role names: at most 64 characters of `[A-Za-z0-9+=,.@_-]`.
pub(crate) const ROLE_NAME_MAX: usize = 64;
/// Provisioned model names: at most 63 characters, letters and digits each optionally
/// followed by one `-` or `_` (no runs of separators).
pub(crate) const PROVISIONED_NAME_MAX: usize = 63;

fn collapse_dashes(text: &str) -> String {
  let mut out = String::with_capacity(text.len());
  for c in text.chars() {
    if !(c == '-' && out.ends_with('-')) {
      out.push(c);
    }
  }
  out
}

/// Provisioned model names are unique per account and region; the stem keeps blueprints apart.
/// Runs of `-` are not allowed, so they are collapsed, and a name that had any gets a hash of
/// the original so that `a--b` and `a-b` stay distinct.
pub(crate) fn provisioned_name(stem: &str, endpoint: &str) -> String {
  let raw = format!("{stem}-{endpoint}");
  let mut tail = collapse_dashes(endpoint);
  if raw.contains("--") {
    tail = format!("{tail}-{}", naming::hex(&raw, 6));
  }
  collapse_dashes(&suffixed(
    &collapse_dashes(stem),
    &tail,
    PROVISIONED_NAME_MAX,
  ))
}

pub(crate) fn role_name(stem: &str, purpose: &str) -> String {
  suffixed(stem, purpose, ROLE_NAME_MAX)
}

/// Security group names may not start with `sg-`.
pub(crate) fn security_group_name(stem: &str) -> String {
  let name = format!("{stem}-bedrock-endpoint");
  if name.starts_with("sg-") {
    format!("switchyard-{name}")
  } else {
    name
  }
}
