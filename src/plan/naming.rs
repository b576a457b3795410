//! Cloud resource names derived from the blueprint: valid on their cloud, stable across
//! renders, and unique where the cloud requires global uniqueness. (The names a blueprint's
//! author chooses are `name::Name`.)
//!
//! The hash is FNV-1a, written out here so that no dependency update can change it: changing
//! a derived name replaces the cloud resource, so these functions are part of the contract.

pub(crate) mod aws;
pub(crate) mod azure;
pub(crate) mod gcp;

use crate::analysis::blueprint::Blueprint;

/// FNV-1a, 64 bit.
pub(crate) fn hash(text: &str) -> u64 {
  let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
  for byte in text.bytes() {
    hash ^= u64::from(byte);
    hash = hash.wrapping_mul(0x0100_0000_01b3);
  }
  hash
}

/// `length` lowercase hex digits of the hash of `text`.
pub(crate) fn hex(text: &str, length: usize) -> String {
  let full = format!("{:016x}", hash(text));
  full.chars().take(length).collect()
}

/// `text` if it fits in `max` characters; otherwise a prefix of it and a hash of the whole,
/// so two long names that share a prefix stay distinct.
pub(crate) fn fit(text: &str, max: usize) -> String {
  if text.len() <= max {
    return text.to_owned();
  }
  let keep = max.saturating_sub(7);
  let head: String = text.chars().take(keep).collect();
  format!(
    "{}-{}",
    head.trim_end_matches(['-', '_', '.']),
    hex(text, 6)
  )
}

/// Letters and digits only (for names that allow nothing else).
pub(crate) fn alnum(text: &str) -> String {
  text.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// What makes global names distinct between organisations: the blueprint, the environment,
/// and the Azure subscription. Validation requires the subscription whenever Azure is
/// configured (issue 18); it is appended only when present so that blueprints which always
/// named it keep their names.
/// A renamed blueprint keeps its old name here (`Blueprint::identity`).
pub(crate) fn scope(blueprint: &Blueprint) -> String {
  let mut scope = format!("{}/{}", blueprint.identity(), blueprint.environment);
  if let Some(subscription) = blueprint
    .azure
    .as_ref()
    .and_then(|a| a.subscription_id.as_ref())
  {
    scope.push('/');
    scope.push_str(subscription);
  }
  scope
}

/// `name-environment`, the stem of most names.
pub(crate) fn stem(blueprint: &Blueprint) -> String {
  format!("{}-{}", blueprint.identity(), blueprint.environment)
}

/// The Terraform label of a region (`us-east-1` → `us_east_1`).
pub(crate) fn region_label(region: &str) -> String {
  region.replace('-', "_")
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn hash_is_fnv1a() {
    assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
  }

  #[test]
  fn fit_keeps_short_names_and_shortens_long_ones_distinctly() {
    assert_eq!(fit("abc", 10), "abc");
    let a = fit("sa-very-long-blueprint-name-production-one", 30);
    let b = fit("sa-very-long-blueprint-name-production-two", 30);
    assert!(a.len() <= 30 && b.len() <= 30);
    assert_ne!(a, b);
  }
}
