//! Helpers for unit tests.

use crate::blueprint::Blueprint;

/// Parses and validates `text`, panicking with the diagnostics if it is not valid.
pub(crate) fn blueprint(text: &str) -> Blueprint {
  let node = crate::yaml::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
  match crate::analyzer::analyze(&node) {
    Ok((blueprint, _)) => blueprint,
    Err(problems) => panic!("{problems:#?}"),
  }
}
