//! The price list: `catalog/prices.yaml`, compiled in, with the entries of the repository's
//! catalog overlay (`prices:` in `switchyard-catalog.yaml`) over it. Prices are kept apart from
//! the model catalog because they change on their own schedule and are often negotiated: an
//! overlay entry replaces a built-in one whole, so a repository's own figure never mixes with
//! a list price.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::catalog::{self, Date};
use crate::input::error::Error;

const BUILT_IN: &str = include_str!("../../../catalog/prices.yaml");

/// One price as the list records it: a figure, or the note saying why there is none.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
  /// Per unit (PTU, model unit) and hour.
  pub(crate) per_unit_hour: Option<f64>,
  /// Azure Reservations, per PTU and month, for a one-month and a one-year term.
  pub(crate) reservation_month: Option<f64>,
  pub(crate) reservation_year: Option<f64>,
  pub(crate) input_per_million: Option<f64>,
  pub(crate) output_per_million: Option<f64>,
  /// The only regions the figure is known for; `None`: the source did not say.
  pub(crate) regions: Option<Vec<String>>,
  pub(crate) source: String,
  /// When the figure was read, `YYYY-MM-DD`.
  pub(crate) read: String,
  pub(crate) note: Option<String>,
  /// True when `source` is not the cloud's own price list but a copy or a report of it (a
  /// price dataset, an article): the figure is as good as that copy, and a plan says so.
  #[serde(default)]
  pub(crate) secondary: bool,
  /// False when the cloud does not publish the price at all (Bedrock Provisioned Throughput
  /// of most models is quoted in the console or by the account team): `source` is where the
  /// cloud says so, and a plan shows the line as "not published" rather than "not priced".
  #[serde(default = "published")]
  pub(crate) published: bool,
  /// Set when the entry comes from the repository's overlay, not the built-in list.
  #[serde(skip)]
  pub(crate) overlay: bool,
}

fn published() -> bool {
  true
}

impl Entry {
  /// Whether the figure applies to `region`.
  pub(crate) fn covers(&self, region: &str) -> bool {
    self
      .regions
      .as_ref()
      .is_none_or(|list| list.iter().any(|r| r == region))
  }

  /// Why the entry gives no figure, as a plan line ends: "not published (…)" when the cloud
  /// does not publish it, "not priced (…)" when the list has not read it.
  pub(crate) fn missing(&self, what: &str) -> String {
    let why = self.note.clone().unwrap_or_else(|| format!("no {what}"));
    if self.published {
      format!("not priced ({why})")
    } else {
      format!("not published ({why}; {})", self.source)
    }
  }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
  reviewed: String,
  currency: String,
  prices: BTreeMap<String, Entry>,
}

/// The overlay file: only its `prices:` key is read here (the catalog reads the rest).
#[derive(Debug, Deserialize)]
struct OverlayFile {
  #[serde(default)]
  prices: BTreeMap<String, Entry>,
}

#[derive(Debug)]
pub(crate) struct Prices {
  /// When the built-in list was last reviewed.
  pub(crate) reviewed: String,
  pub(crate) currency: String,
  pub(crate) entries: BTreeMap<String, Entry>,
}

impl Prices {
  pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
    self.entries.get(key)
  }
}

/// Every figure is a finite, non-negative amount and every entry says when it was read.
fn check(entries: &BTreeMap<String, Entry>) -> Result<(), String> {
  for (key, entry) in entries {
    let figures = [
      entry.per_unit_hour,
      entry.reservation_month,
      entry.reservation_year,
      entry.input_per_million,
      entry.output_per_million,
    ];
    if figures.iter().flatten().any(|f| !f.is_finite() || *f < 0.0) {
      return Err(format!(
        "prices.{key}: a price must be a non-negative number"
      ));
    }
    if Date::parse(&entry.read).is_none() {
      return Err(format!(
        "prices.{key}.read: {:?} is not a date; write YYYY-MM-DD",
        entry.read
      ));
    }
    if !entry.published && figures.iter().any(Option::is_some) {
      return Err(format!(
        "prices.{key}: an entry with `published: false` has no figure; drop the figures or the flag"
      ));
    }
    if figures.iter().all(Option::is_none) && entry.note.is_none() {
      return Err(format!(
        "prices.{key}: give a figure, or a `note` saying why there is none"
      ));
    }
    let known = [
      "azure/ptu/",
      "aws/provisioned/",
      "azure/tokens/",
      "aws/tokens/",
      "gcp/tokens/",
    ];
    if !known.iter().any(|p| key.starts_with(p)) {
      return Err(format!(
        "prices.{key}: a key starts with one of {}",
        known.join(", ")
      ));
    }
  }
  Ok(())
}

/// Reads the built-in list and applies `overlay` (its file name and text) over it.
pub(crate) fn read(overlay: Option<(&str, &str)>) -> Result<Prices, String> {
  let file: File =
    serde_yaml::from_str(BUILT_IN).map_err(|e| format!("catalog/prices.yaml: {e}"))?;
  check(&file.prices).map_err(|e| format!("catalog/prices.yaml: {e}"))?;
  let mut entries = file.prices;
  if let Some((name, text)) = overlay {
    let more: OverlayFile = serde_yaml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    check(&more.prices).map_err(|e| format!("{name}: {e}"))?;
    for (key, mut entry) in more.prices {
      entry.overlay = true;
      entries.insert(key, entry);
    }
  }
  Ok(Prices {
    reviewed: file.reviewed,
    currency: file.currency,
    entries,
  })
}

static PRICES: LazyLock<Result<Prices, String>> = LazyLock::new(|| {
  let overlay = catalog::overlay_text();
  let name = overlay.map(|(path, _)| path.display().to_string());
  read(name.as_deref().zip(overlay.map(|(_, text)| text)))
});

/// The price list of this process: built in, with the catalog overlay's `prices:` applied.
pub(crate) fn get() -> Result<&'static Prices, Error> {
  PRICES
    .as_ref()
    .map_err(|message| match catalog::overlay_text() {
      Some((path, _)) if !message.starts_with("catalog/") => Error::Input {
        path: path.to_owned(),
        // `read` names the file already.
        message: message
          .strip_prefix(&format!("{}: ", path.display()))
          .unwrap_or(message)
          .to_owned(),
      },
      _ => Error::internal(format!("the built-in price list is invalid: {message}")),
    })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn the_built_in_list_reads_and_every_entry_is_sourced() {
    let prices = read(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(prices.currency, "USD");
    let nova = prices.get("aws/tokens/amazon.nova-pro-v1:0");
    assert_eq!(nova.and_then(|e| e.input_per_million), Some(0.8));
    for (key, entry) in &prices.entries {
      assert!(entry.source.starts_with("https://"), "{key}");
    }
    // Issue 16: what AWS does not publish is recorded as such, sourced to AWS's own page.
    let pt = prices.get("aws/provisioned/amazon.nova-pro-v1:0/six_months");
    assert!(pt.is_some_and(|e| !e.published
      && e.per_unit_hour.is_none()
      && e.source.starts_with("https://docs.aws.amazon.com/")));
    // A figure read from a copy of the cloud's list says so.
    let gpt = prices.get("azure/tokens/gpt-5.1/global");
    assert!(gpt.is_some_and(|e| e.secondary && e.input_per_million == Some(1.25)));
  }

  #[test]
  fn a_price_marked_not_published_cannot_carry_a_figure() {
    let bad = "prices:\n  aws/provisioned/m/none:\n    per_unit_hour: 3\n    published: false\n    source: https://example.com\n    read: 2026-11-30\n";
    let error = read(Some(("o.yaml", bad))).err().unwrap_or_default();
    assert!(
      error.contains("`published: false` has no figure"),
      "{error}"
    );
    let good = bad.replace(
      "    per_unit_hour: 3\n",
      "    note: quoted by the account team\n",
    );
    let prices = read(Some(("o.yaml", &good))).unwrap_or_else(|e| panic!("{e}"));
    let entry = prices.get("aws/provisioned/m/none");
    assert_eq!(
      entry.map(|e| e.missing("hourly price")).as_deref(),
      Some("not published (quoted by the account team; https://example.com)")
    );
  }

  #[test]
  fn an_overlay_entry_replaces_the_built_in_one_whole() {
    let overlay = "prices:\n  azure/ptu/GlobalProvisionedManaged:\n    per_unit_hour: 1.5\n    source: https://example.com/contract\n    read: 2026-11-30\n";
    let prices = read(Some(("switchyard-catalog.yaml", overlay))).unwrap_or_else(|e| panic!("{e}"));
    let entry = prices.get("azure/ptu/GlobalProvisionedManaged");
    assert_eq!(entry.and_then(|e| e.per_unit_hour), Some(1.5));
    assert!(entry.is_some_and(|e| e.overlay && e.note.is_none()));
  }

  #[test]
  fn an_overlay_price_without_figure_or_note_or_date_is_refused() {
    let bad = "prices:\n  aws/provisioned/amazon.nova-pro-v1:0/six_months:\n    source: https://example.com\n    read: 2026-11-30\n";
    let error = read(Some(("o.yaml", bad))).err().unwrap_or_default();
    assert!(error.contains("give a figure"), "{error}");
    let bad = "prices:\n  aws/tokens/x:\n    input_per_million: 1\n    source: https://example.com\n    read: yesterday\n";
    let error = read(Some(("o.yaml", bad))).err().unwrap_or_default();
    assert!(error.contains("not a date"), "{error}");
    let bad =
      "prices:\n  aws/tokens/x:\n    input_per_milion: 1\n    source: s\n    read: 2026-11-30\n";
    let error = read(Some(("o.yaml", bad))).err().unwrap_or_default();
    assert!(
      error.contains("o.yaml") && error.contains("input_per_milion"),
      "{error}"
    );
  }
}
