//! Calendar dates for retirement checks, and "today", which tests and snapshots pin with
//! `SWITCHYARD_TODAY=YYYY-MM-DD` so a model retiring never changes a committed snapshot.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A proleptic Gregorian date; ordered by year, month, day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
  year: i32,
  month: u8,
  day: u8,
}

/// The environment variable that overrides the system date.
pub(crate) const TODAY_VARIABLE: &str = "SWITCHYARD_TODAY";

impl Date {
  /// Parses `YYYY-MM-DD` exactly, rejecting days a month does not have.
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
    let date = Date {
      year: year.parse().ok()?,
      month: month.parse().ok()?,
      day: day.parse().ok()?,
    };
    let valid = (1..=12).contains(&date.month)
      && (1..=days_in_month(date.year, date.month)).contains(&date.day);
    valid.then_some(date)
  }

  /// Days since 1970-01-01 (negative before), after Howard Hinnant's `days_from_civil`.
  pub(crate) fn days(self) -> i64 {
    let year = i64::from(self.year) - i64::from(self.month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(self.month);
    let day_of_year =
      (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
  }

  /// The date `days` after 1970-01-01, the inverse of `days`.
  pub(crate) fn from_days(days: i64) -> Date {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
      month_index + 3
    } else {
      month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
      year: i32::try_from(year).unwrap_or(i32::MAX),
      month: u8::try_from(month).unwrap_or(1),
      day: u8::try_from(day).unwrap_or(1),
    }
  }

  /// Days from `self` to `later` (negative when `later` is earlier).
  pub(crate) fn days_until(self, later: Date) -> i64 {
    later.days() - self.days()
  }

  /// Today: `SWITCHYARD_TODAY` when set, else the system clock's date in UTC.
  pub(crate) fn today(variable: Option<&str>) -> Result<Date, String> {
    match variable {
      Some(text) => Date::parse(text.trim()).ok_or_else(|| {
        format!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. {TODAY_VARIABLE}=2026-06-01")
      }),
      None => {
        let seconds = SystemTime::now()
          .duration_since(UNIX_EPOCH)
          .map(|d| d.as_secs())
          .unwrap_or(0);
        Ok(Date::from_days(
          i64::try_from(seconds / 86_400).unwrap_or(0),
        ))
      }
    }
  }
}

fn days_in_month(year: i32, month: u8) -> u8 {
  match month {
    2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
    2 => 28,
    4 | 6 | 9 | 11 => 30,
    _ => 31,
  }
}

impl fmt::Display for Date {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use super::*;

  #[test]
  fn parses_only_real_dates() {
    assert_eq!(Date::parse("2026-02-28").unwrap().to_string(), "2026-02-28");
    assert!(Date::parse("2028-02-29").is_some());
    assert!(Date::parse("2026-02-29").is_none());
    assert!(Date::parse("2026-13-01").is_none());
    assert!(Date::parse("26-01-01").is_none());
    assert!(Date::parse("2026-1-01").is_none());
    assert!(Date::parse("2026-01-01T00").is_none());
    assert!(Date::parse("+026-01-01").is_none());
  }

  #[test]
  fn counts_days_across_months_and_leap_years() {
    assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
    let a = Date::parse("2026-11-26").unwrap();
    assert_eq!(a.days_until(Date::parse("2027-02-24").unwrap()), 90);
    assert_eq!(a.days_until(Date::parse("2026-10-20").unwrap()), -37);
    assert_eq!(
      Date::parse("2024-02-28")
        .unwrap()
        .days_until(Date::parse("2024-03-01").unwrap()),
      2
    );
  }

  #[test]
  fn days_round_trip() {
    for days in [-800_000, -1, 0, 1, 20_000, 20_783, 60_000] {
      assert_eq!(Date::from_days(days).days(), days);
    }
    assert_eq!(Date::from_days(20_783).to_string(), "2026-11-26");
  }

  #[test]
  fn today_honours_the_override() {
    assert_eq!(
      Date::today(Some("2026-06-01")).unwrap().to_string(),
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
