//! Calendar dates for retirement checks, and "today", which tests and snapshots pin with
//! `SWITCHYARD_TODAY=YYYY-MM-DD` so a model retiring never changes a committed snapshot.
//!
//! The calendar itself (days per month, leap years, day counts) is jiff's: a civil date with
//! no time zone is exactly what a retirement date is.

use std::fmt;

use jiff::civil;
use jiff::tz::TimeZone;

/// A proleptic Gregorian date; ordered by year, month, day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(civil::Date);

/// The environment variable that overrides the system date.
pub(crate) const TODAY_VARIABLE: &str = "SWITCHYARD_TODAY";

impl Date {
  /// Parses `YYYY-MM-DD` exactly, rejecting days a month does not have. The shape is checked
  /// here: jiff's own parser also accepts other ISO 8601 spellings (`2026-06-01T00:00`).
  pub(crate) fn parse(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
      return None;
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !(digits(year) && digits(month) && digits(day)) {
      return None;
    }
    civil::Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
      .ok()
      .map(Date)
  }

  /// Days from `self` to `later` (negative when `later` is earlier).
  pub(crate) fn days_until(self, later: Date) -> i64 {
    // Civil days are 24 hours each, so the duration is a whole number of days.
    self.0.duration_until(later.0).as_secs() / 86_400
  }

  /// `self` plus `months` calendar months, the day clamped to the month's length (jiff's
  /// rule: 2026-08-31 plus 6 months is 2027-02-28). A date past jiff's range stays `self`.
  pub(crate) fn add_months(self, months: u32) -> Date {
    jiff::Span::new()
      .try_months(i64::from(months))
      .and_then(|span| self.0.checked_add(span))
      .map_or(self, Date)
  }

  /// Today: `SWITCHYARD_TODAY` when set, else the system clock's date in UTC.
  pub(crate) fn today(variable: Option<&str>) -> Result<Date, String> {
    match variable {
      Some(text) => Date::parse(text.trim()).ok_or_else(|| {
        format!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. {TODAY_VARIABLE}=2026-06-01")
      }),
      None => Ok(Date(
        jiff::Timestamp::now()
          .to_zoned_datetime(TimeZone::UTC)
          .date(),
      )),
    }
  }
}

impl fmt::Display for Date {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // jiff writes a four-digit year, the only kind `parse` accepts, as `YYYY-MM-DD`.
    write!(f, "{}", self.0)
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use super::*;

  #[test]
  fn parses_only_real_dates() {
    assert_eq!(Date::parse("2026-02-28").unwrap().to_string(), "2026-02-28");
    assert_eq!(Date::parse("0001-01-01").unwrap().to_string(), "0001-01-01");
    assert!(Date::parse("2028-02-29").is_some());
    assert!(Date::parse("2026-02-29").is_none());
    assert!(Date::parse("2100-02-29").is_none());
    assert!(Date::parse("2000-02-29").is_some());
    assert!(Date::parse("2026-04-31").is_none());
    assert!(Date::parse("2026-13-01").is_none());
    assert!(Date::parse("2026-00-01").is_none());
    assert!(Date::parse("2026-01-00").is_none());
    assert!(Date::parse("26-01-01").is_none());
    assert!(Date::parse("2026-1-01").is_none());
    assert!(Date::parse("2026-01-01T00").is_none());
    assert!(Date::parse("+026-01-01").is_none());
    assert!(Date::parse("2026-06-01T00:00").is_none());
    assert!(Date::parse("20260601").is_none());
  }

  #[test]
  fn counts_days_across_months_and_leap_years() {
    let a = Date::parse("2026-11-26").unwrap();
    assert_eq!(a.days_until(Date::parse("2027-02-24").unwrap()), 90);
    assert_eq!(a.days_until(Date::parse("2026-10-20").unwrap()), -37);
    assert_eq!(a.days_until(a), 0);
    assert_eq!(
      Date::parse("2024-02-28")
        .unwrap()
        .days_until(Date::parse("2024-03-01").unwrap()),
      2
    );
    assert_eq!(
      Date::parse("1970-01-01")
        .unwrap()
        .days_until(Date::parse("2026-11-26").unwrap()),
      20_783
    );
    assert!(Date::parse("2026-12-31").unwrap() < Date::parse("2027-01-01").unwrap());
  }

  #[test]
  fn today_honours_the_override() {
    assert_eq!(
      Date::today(Some("2026-06-01")).unwrap().to_string(),
      "2026-06-01"
    );
    assert_eq!(
      Date::today(Some(" 2026-06-01\n")).unwrap().to_string(),
      "2026-06-01"
    );
    assert!(
      Date::today(Some("June 1st"))
        .unwrap_err()
        .contains("YYYY-MM-DD")
    );
    assert!(Date::today(None).unwrap() > Date::parse("2026-01-01").unwrap());
  }
}
