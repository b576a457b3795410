//! GCP names shared by the project context (`plan::gcp`), the mesh and the federation.

use crate::plan::naming::fit;

/// RFC 1035 names (networks, subnets, firewall rules, addresses, DNS zones and policies,
/// KMS key rings and keys): at most 63 characters.
pub(crate) const NAME_MAX: usize = 63;

/// `<prefix>-<stem>-<suffix>` in at most 63 characters: a long stem is shortened (with a hash
/// of it) so that the suffix (a region, an endpoint, a rule's purpose) stays readable.
pub(crate) fn around(prefix: &str, stem: &str, suffix: &str) -> String {
  let full = format!("{prefix}-{stem}-{suffix}");
  if full.len() <= NAME_MAX {
    return full;
  }
  let room = NAME_MAX.saturating_sub(prefix.len() + suffix.len() + 2);
  format!("{prefix}-{}-{suffix}", fit(stem, room))
}
