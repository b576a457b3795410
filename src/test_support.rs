//! Helpers for unit tests.

use crate::analysis::blueprint::Blueprint;

/// Parses and validates `text`, panicking with the diagnostics if it is not valid. Unit tests of
/// later stages judge retirements on a fixed day and accept models outside the catalog (with a
/// warning), so they test planning, not the catalog's current contents.
pub(crate) fn blueprint(text: &str) -> Blueprint {
  let node = crate::input::yaml::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
  match crate::analysis::analyzer::analyze(&node, &settings()) {
    Ok((blueprint, _)) => blueprint,
    Err(problems) => panic!("{problems:#?}"),
  }
}

/// The settings unit tests validate with: a fixed day, and models outside the catalog allowed.
pub(crate) fn settings() -> crate::analysis::analyzer::Settings {
  crate::analysis::analyzer::Settings {
    today: crate::analysis::catalog::Date::parse("2026-06-01")
      .unwrap_or_else(|| panic!("test date")),
    allow_unlisted: true,
  }
}

/// The cases a property test runs (issue 19): `quick` in a plain `cargo test`, which keeps a
/// developer's run short; `full` (the count the test always had) when `SWITCHYARD_PROPTESTS` is
/// `full`, as .ci/run sets it, so CI keeps the coverage without growing; and proptest's own
/// `PROPTEST_CASES` when that is set, to search harder by hand. Tests whose cases are cheap
/// leave proptest's default alone and do not call this.
pub(crate) fn cases(quick: u32, full: u32) -> proptest::test_runner::Config {
  if std::env::var("PROPTEST_CASES").is_ok_and(|v| !v.trim().is_empty()) {
    proptest::test_runner::Config::default()
  } else if std::env::var("SWITCHYARD_PROPTESTS").is_ok_and(|v| v == "full") {
    proptest::test_runner::Config::with_cases(full)
  } else {
    proptest::test_runner::Config::with_cases(quick)
  }
}

#[cfg(test)]
mod tests {
  #[test]
  fn property_tests_run_the_quick_count_unless_told_otherwise() {
    let explicit = std::env::var("PROPTEST_CASES").map(|v| v.trim().to_owned());
    let full = std::env::var("SWITCHYARD_PROPTESTS").is_ok_and(|v| v == "full");
    let expected = match explicit {
      Ok(v) if !v.is_empty() => v.parse().unwrap_or(256),
      _ if full => 9,
      _ => 5,
    };
    assert_eq!(super::cases(5, 9).cases, expected);
  }
}
