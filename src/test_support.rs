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

/// The cases a property test runs: proptest's own `PROPTEST_CASES` when it is set (CI sets it,
/// .ci/run), else `quick`, which keeps a plain `cargo test` short (issue 19). Tests whose cases
/// are cheap leave proptest's default (256, or `PROPTEST_CASES`) alone and do not call this.
pub(crate) fn cases(quick: u32) -> proptest::test_runner::Config {
  if std::env::var("PROPTEST_CASES").is_ok_and(|v| !v.trim().is_empty()) {
    proptest::test_runner::Config::default()
  } else {
    proptest::test_runner::Config::with_cases(quick)
  }
}

#[cfg(test)]
mod tests {
  #[test]
  fn property_tests_run_proptest_cases_when_set_and_the_quick_count_otherwise() {
    // Unset or empty: the quick count; a number: that; anything else: proptest's 256.
    let expected = match std::env::var("PROPTEST_CASES").map(|v| v.trim().to_owned()) {
      Err(_) => 5,
      Ok(v) if v.is_empty() => 5,
      Ok(v) => v.parse().unwrap_or(256),
    };
    assert_eq!(super::cases(5).cases, expected);
  }
}
