//! `switchyard catalog --model ID` (issue 16): what the model costs on every cloud that sells
//! it — the same model family, whatever each cloud calls it — side by side, with each price's
//! source and read date, or why there is none.

use std::fmt::Write as _;

use super::prices::{Entry, Prices};
use crate::analysis::catalog::Catalog;
use crate::analysis::cloud::Cloud;

/// The ids, per cloud, of the model `id` names and of every model of its family.
fn same_model(catalog: &Catalog, id: &str) -> Vec<(Cloud, String)> {
  let family = Cloud::ALL
    .iter()
    .find_map(|c| catalog.traits(*c, id).and_then(|t| t.family.clone()));
  let mut ids = Vec::new();
  for cloud in Cloud::ALL {
    for model in catalog.model_ids(cloud) {
      let traits = catalog.traits(cloud, model);
      let same_family =
        family.is_some() && traits.and_then(|t| t.family.as_ref()) == family.as_ref();
      let named = model == id || super::foundation(id) == model;
      if named || same_family {
        ids.push((cloud, model.to_owned()));
      }
    }
  }
  ids
}

fn figures(entry: &Entry) -> String {
  let mut parts = Vec::new();
  if let (Some(input), Some(output)) = (entry.input_per_million, entry.output_per_million) {
    parts.push(format!("{input} in / {output} out per million tokens"));
  }
  if let Some(hour) = entry.per_unit_hour {
    parts.push(format!(
      "{hour} per unit-hour ({} a month)",
      super::show::money(super::monthly(1, hour))
    ));
  }
  if let Some(month) = entry.reservation_month {
    parts.push(format!("{month} per unit-month reserved for a month"));
  }
  if let Some(month) = entry.reservation_year {
    parts.push(format!("{month} per unit-month reserved for a year"));
  }
  if parts.is_empty() && !entry.published {
    // The line's brackets name the source already.
    format!(
      "not published ({})",
      entry.note.as_deref().unwrap_or("no figure")
    )
  } else if parts.is_empty() {
    entry.missing("figure")
  } else {
    parts.join("; ")
  }
}

fn line(out: &mut String, key: &str, entry: &Entry) {
  let scope = match &entry.regions {
    Some(regions) => format!("in {}", regions.join(", ")),
    None => "region not stated by the source".to_owned(),
  };
  let _ = writeln!(
    out,
    "  {key}: {} [{scope}; {}, read {}{}{}]",
    figures(entry),
    entry.source,
    entry.read,
    if entry.overlay {
      ", catalog overlay"
    } else {
      ""
    },
    if entry.secondary {
      ", secondary source"
    } else {
      ""
    }
  );
}

/// The price lines of `id`'s model on every cloud (or `cloud` only), cheapest comparison left
/// to the reader: tokens per million, reserved capacity per unit and month.
pub(crate) fn prices(prices: &Prices, catalog: &Catalog, id: &str, cloud: Option<Cloud>) -> String {
  let mut out = String::new();
  let mut azure_ptu = false;
  for (model_cloud, model) in same_model(catalog, id) {
    if cloud.is_some_and(|c| c != model_cloud) {
      continue;
    }
    let prefixes = match model_cloud {
      Cloud::Azure => {
        azure_ptu |= catalog
          .azure
          .models
          .get(&model)
          .is_some_and(|m| m.ptu.is_some());
        vec![
          format!("azure/tokens/{model}"),
          format!("azure/tokens/{model}/"),
        ]
      }
      Cloud::Aws => vec![
        format!("aws/tokens/{model}"),
        format!("aws/provisioned/{model}/"),
      ],
      Cloud::Gcp => vec![format!("gcp/tokens/{model}")],
    };
    // A Bedrock inference profile of the model (`us.<model>`, `global.<model>`) has its own
    // token price since Claude 4.5.
    let profile = |key: &str| {
      model_cloud == Cloud::Aws
        && key
          .strip_prefix("aws/tokens/")
          .is_some_and(|id| id != model && super::foundation(id) == model)
    };
    let mut found = false;
    for (key, entry) in &prices.entries {
      let exact = profile(key)
        || prefixes
          .iter()
          .any(|p| key == p || (p.ends_with('/') && key.starts_with(p)));
      if exact {
        line(&mut out, key, entry);
        found = true;
      }
    }
    if !found {
      let _ = writeln!(
        out,
        "  {} {model}: not priced (the price list has no entry; supply one in the catalog overlay)",
        model_cloud.key()
      );
    }
  }
  if azure_ptu {
    for (key, entry) in prices.entries.range("azure/ptu/".to_owned()..) {
      if !key.starts_with("azure/ptu/") {
        break;
      }
      line(&mut out, key, entry);
    }
  }
  if out.is_empty() {
    return out;
  }
  format!(
    "\nprices ({}, per million tokens or per unit-hour at 730 hours a month; the same model on every cloud that sells it):\n{out}",
    prices.currency
  )
}
