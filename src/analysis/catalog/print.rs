//! `switchyard catalog`: what the catalog knows, as text. Without `--model`, one line per
//! model; with it, every version, SKU, region, profile and date of that model.

use std::fmt::Write as _;

use super::{
  Aws, AwsModel, AzureAccount, AzureModel, Catalog, Date, GcpModel, Lifecycle, Status, Traits,
  nearest_ids,
};
use crate::analysis::cloud::Cloud;

/// The catalog as text, for one cloud or all, or one model in detail. `Err` names a model the
/// catalog does not have, with the nearest ids.
pub(crate) fn print(
  catalog: &Catalog,
  cloud: Option<Cloud>,
  model: Option<&str>,
  today: Date,
) -> Result<String, String> {
  let clouds: Vec<Cloud> = match cloud {
    Some(cloud) => vec![cloud],
    None => Cloud::ALL.to_vec(),
  };
  let mut out = String::new();
  let Some(model) = model else {
    for cloud in clouds {
      if !out.is_empty() {
        out.push('\n');
      }
      summary(&mut out, catalog, cloud, today);
    }
    return Ok(out);
  };
  for cloud in &clouds {
    match cloud {
      Cloud::Azure => {
        if let Some(entry) = catalog.azure.models.get(model) {
          azure_detail(&mut out, entry, today);
        }
      }
      Cloud::Aws => {
        let foundation = model
          .split_once('.')
          .filter(|(prefix, rest)| rest.contains('.') && catalog.aws.geo(prefix).is_some())
          .map_or(model, |(_, rest)| rest);
        if let Some(entry) = catalog.aws.models.get(foundation) {
          aws_detail(&mut out, &catalog.aws, entry, today);
        }
      }
      Cloud::Gcp => {
        if let Some(entry) = catalog.gcp.models.get(model) {
          gcp_detail(&mut out, entry, today);
        }
      }
    }
  }
  if out.is_empty() {
    let ids: Vec<&str> = clouds.iter().flat_map(|c| catalog.model_ids(*c)).collect();
    let near = nearest_ids(model, ids);
    let hint = if near.is_empty() {
      "`switchyard catalog` lists every model".to_owned()
    } else {
      format!("did you mean {}?", crate::analysis::suggest::list(near))
    };
    return Err(format!("the catalog has no model `{model}`; {hint}"));
  }
  Ok(out)
}

fn lifecycle_text(lifecycle: &Lifecycle, today: Date) -> String {
  let mut parts = Vec::new();
  if let Some(date) = lifecycle.retires {
    parts.push(match lifecycle.status(today) {
      Status::Retired => format!("RETIRED {date}"),
      Status::Retiring(days) => format!("retires {date}, in {days} days"),
      Status::Current => format!("retires {date}"),
    });
  }
  if let Some(date) = lifecycle.not_before {
    parts.push(format!("available until at least {date}"));
  }
  if let Some(successor) = &lifecycle.successor {
    parts.push(format!("successor {successor}"));
  }
  parts.join(", ")
}

fn line(out: &mut String, id: &str, kind: &str, rest: &str) {
  let text = format!("  {id:<44} {kind:<10} {rest}");
  out.push_str(text.trim_end());
  out.push('\n');
}

fn summary(out: &mut String, catalog: &Catalog, cloud: Cloud, today: Date) {
  let count = catalog.model_ids(cloud).len();
  let _ = writeln!(
    out,
    "{cloud}: {count} models (catalog reviewed {}; `switchyard catalog --model ID` for regions)",
    catalog.reviewed(cloud)
  );
  match cloud {
    Cloud::Azure => {
      for model in catalog.azure.models.values() {
        let versions: Vec<String> = model
          .versions
          .iter()
          .rev()
          .map(|(version, details)| {
            let dates = lifecycle_text(&details.lifecycle, today);
            if dates.is_empty() {
              version.clone()
            } else {
              format!("{version} ({dates})")
            }
          })
          .collect();
        line(out, &model.id, model.kind.key(), &versions.join("; "));
      }
    }
    Cloud::Aws => {
      for model in catalog.aws.models.values() {
        let mut parts = Vec::new();
        if let Some(profiles) = &model.profiles
          && !profiles.is_empty()
        {
          let prefixes: Vec<String> = profiles.iter().map(|p| format!("{p}.")).collect();
          parts.push(format!("profiles {}", prefixes.join(" ")));
        }
        if let Some(provisioned) = &model.provisioned {
          parts.push(format!("provisioned {}", provisioned.context));
        }
        let dates = lifecycle_text(&model.lifecycle, today);
        if !dates.is_empty() {
          parts.push(dates);
        }
        line(out, &model.id, model.kind.key(), &parts.join("; "));
      }
    }
    Cloud::Gcp => {
      for model in catalog.gcp.models.values() {
        let mut parts = vec![format!("publisher {}", model.publisher)];
        if model.dedicated {
          parts.push("dedicated endpoint".to_owned());
        }
        let dates = lifecycle_text(&model.lifecycle, today);
        if !dates.is_empty() {
          parts.push(dates);
        }
        line(out, &model.id, model.kind.key(), &parts.join("; "));
      }
    }
  }
}

/// The model's family, context window and input modalities, for parity along a chain.
fn traits_line(out: &mut String, traits: &Traits) {
  let unknown = "not recorded";
  let family = traits.family.as_deref().unwrap_or(unknown);
  let context = traits
    .context
    .map_or(unknown.to_owned(), |k| format!("{k}K tokens"));
  let input = traits
    .input
    .as_ref()
    .map_or(unknown.to_owned(), |list| list.join(", "));
  let _ = writeln!(
    out,
    "  model family: {family}; context: {context}; input: {input}"
  );
}

fn regions_line(out: &mut String, label: &str, regions: Option<&Vec<String>>) {
  let text = match regions {
    None => "not recorded (not checked)".to_owned(),
    Some(list) if list.is_empty() => "none".to_owned(),
    Some(list) => list.join(", "),
  };
  let _ = writeln!(out, "  {label}: {text}");
}

fn azure_detail(out: &mut String, model: &AzureModel, today: Date) {
  let _ = writeln!(out, "azure {} ({})", model.id, model.kind.key());
  traits_line(out, &model.traits);
  if model.account != AzureAccount::OpenAi || model.format != "OpenAI" {
    let _ = writeln!(
      out,
      "  deployed on an {} account, model format {}",
      model.account.key(),
      model.format
    );
  }
  if let Some(ptu) = &model.ptu {
    let _ = writeln!(
      out,
      "  PTUs: global and data-zone provisioned from {} in steps of {}, regional provisioned from {} in steps of {}; {} input tokens per minute per PTU",
      ptu.zone.minimum,
      ptu.zone.increment,
      ptu.regional.minimum,
      ptu.regional.increment,
      ptu.input_tpm
    );
  }
  let default = model.default_version().map(|(v, _)| v.to_owned());
  for (version, details) in model.versions.iter().rev() {
    let mut head = format!("  version {version}");
    if default.as_deref() == Some(version.as_str()) {
      head.push_str(" (default)");
    }
    let dates = lifecycle_text(&details.lifecycle, today);
    if !dates.is_empty() {
      head.push_str(&format!(": {dates}"));
    }
    let _ = writeln!(out, "{head}");
    for (sku, regions) in &details.skus {
      let regions = if regions.is_empty() {
        "regions not recorded (not checked)".to_owned()
      } else {
        regions.join(", ")
      };
      let _ = writeln!(out, "    {}: {regions}", sku.as_str());
    }
  }
}

fn aws_detail(out: &mut String, aws: &Aws, model: &AwsModel, today: Date) {
  let _ = writeln!(out, "aws {} ({})", model.id, model.kind.key());
  traits_line(out, &model.traits);
  regions_line(out, "on demand in", model.regions.as_ref());
  match &model.profiles {
    None => {
      let _ = writeln!(out, "  inference profiles: not recorded (not checked)");
    }
    Some(profiles) if profiles.is_empty() => {
      let _ = writeln!(out, "  inference profiles: none");
    }
    Some(profiles) => {
      let _ = writeln!(out, "  inference profiles:");
      for prefix in profiles {
        let routes = match aws.geo(prefix).and_then(|g| g.routes_to) {
          Some(regions) => format!("invoked from and routed to {}", regions.join(", ")),
          None => "routed to any commercial region".to_owned(),
        };
        let _ = writeln!(out, "    {prefix}.{}: {routes}", model.id);
      }
    }
  }
  if let Some(provisioned) = &model.provisioned {
    let regions = match &provisioned.regions {
      Some(regions) => format!("sold in {}", regions.join(", ")),
      None => "regions not recorded (not checked)".to_owned(),
    };
    let _ = writeln!(
      out,
      "  provisioned throughput: {}:{} ({regions})",
      model.id, provisioned.context
    );
  }
  let dates = lifecycle_text(&model.lifecycle, today);
  if !dates.is_empty() {
    let _ = writeln!(out, "  lifecycle: {dates}");
  }
}

fn gcp_detail(out: &mut String, model: &GcpModel, today: Date) {
  let _ = writeln!(
    out,
    "gcp {} ({}, publisher {})",
    model.id,
    model.kind.key(),
    model.publisher
  );
  traits_line(out, &model.traits);
  let dedicated = if model.dedicated {
    "can run on a dedicated endpoint"
  } else {
    "served by Google only (no dedicated endpoint)"
  };
  let _ = writeln!(out, "  {dedicated}");
  regions_line(out, "regions", model.regions.as_ref());
  let dates = lifecycle_text(&model.lifecycle, today);
  if !dates.is_empty() {
    let _ = writeln!(out, "  lifecycle: {dates}");
  }
}
