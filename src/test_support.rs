//! Helpers for unit tests.

use crate::blueprint::Blueprint;

/// Parses and validates `text`, panicking with the diagnostics if it is not valid. Unit tests of
/// later stages judge retirements on a fixed day and accept models outside the catalog (with a
/// warning), so they test planning, not the catalog's current contents.
pub(crate) fn blueprint(text: &str) -> Blueprint {
  let node = crate::yaml::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
  match crate::analyzer::analyze(&node, &settings()) {
    Ok((blueprint, _)) => blueprint,
    Err(problems) => panic!("{problems:#?}"),
  }
}

/// The settings unit tests validate with: a fixed day, and models outside the catalog allowed.
pub(crate) fn settings() -> crate::analyzer::Settings {
  crate::analyzer::Settings {
    today: crate::catalog::Date::parse("2026-06-01").unwrap_or_else(|| panic!("test date")),
    allow_unlisted: true,
  }
}
