//! What the catalog says about one endpoint: an unknown model, a model not offered in the
//! endpoint's region or SKU, a retired or soon retired model. The analyzer turns each problem
//! into a located diagnostic; whether an "unlisted" problem is an error or a warning is its
//! decision (`unlisted: true`, `--allow-unlisted-models`).

use super::{AwsApi, AwsService, Catalog, Date, Lifecycle, Status};
use crate::analysis::cloud::{AzureSku, Cloud};
use crate::analysis::suggest;

/// How a problem is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProblemKind {
  /// The catalog does not list the model (version, region, SKU): an error unless the endpoint
  /// is marked unlisted, then a warning. The catalog may be older than the model.
  Unlisted,
  /// Wrong whatever the catalog's age: always an error.
  Invalid,
  /// Past its retirement date: always an error.
  Retired,
  /// Retiring within `RETIREMENT_WARNING_DAYS`: a warning.
  Retiring,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
  /// The endpoint key the problem is about (`model`, `version`, `sku`, `region`).
  pub(crate) key: &'static str,
  pub(crate) kind: ProblemKind,
  pub(crate) message: String,
  pub(crate) help: String,
}

impl Problem {
  fn new(key: &'static str, kind: ProblemKind, message: String, help: String) -> Self {
    Problem {
      key,
      kind,
      message,
      help,
    }
  }
}

/// Up to three ids close to `wrong`, closest first.
pub(crate) fn nearest_ids<'a>(wrong: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
  let mut pool: Vec<&str> = ids.into_iter().collect();
  let mut found = Vec::new();
  while found.len() < 3 {
    let Some(near) = suggest::nearest(wrong, pool.iter().copied()) else {
      break;
    };
    found.push(near);
    pool.retain(|id| *id != near);
  }
  found
}

fn unknown_model(catalog: &Catalog, cloud: Cloud, model: &str, candidates: &[&str]) -> Problem {
  let service = match cloud {
    Cloud::Azure => "an Azure OpenAI model",
    Cloud::Aws => "a Bedrock model",
    Cloud::Gcp => "a Vertex AI model",
  };
  let near = nearest_ids(model, candidates.iter().copied());
  let first = match near.as_slice() {
    [] => format!(
      "the catalog knows {} {cloud} models (`switchyard catalog --cloud {cloud}`)",
      catalog.model_ids(cloud).len()
    ),
    [one] => format!("did you mean `{one}`?"),
    [one, rest @ ..] => format!(
      "did you mean `{one}`? (or {})",
      suggest::list(rest.iter().copied())
    ),
  };
  Problem::new(
    "model",
    ProblemKind::Unlisted,
    format!("`{model}` is not {service} in Switchyard's catalog"),
    first,
  )
}

/// The lifecycle of a successor model as the catalog knows it (Azure: its default version).
type Successors<'a> = dyn Fn(&str) -> Option<&'a Lifecycle> + 'a;

/// "names `x` as its successor", following the chain while a successor is itself retired, so
/// the help never sends a user from one retired model to another.
fn successor_text(
  lifecycle: &Lifecycle,
  publisher: &str,
  today: Date,
  successors: &Successors<'_>,
) -> String {
  let Some(first) = &lifecycle.successor else {
    return format!("{publisher} names no successor; pick a current model (`switchyard catalog`)");
  };
  let mut text = format!("{publisher} names `{first}` as its successor");
  let mut current = first.clone();
  // A bounded walk: a cycle in a catalog (or an overlay) must not hang validation.
  for _ in 0..5 {
    let Some(next) = successors(&current) else {
      break;
    };
    let Some(date) = next.retires.filter(|d| today >= *d) else {
      break;
    };
    match &next.successor {
      Some(successor) => {
        text.push_str(&format!(
          ", itself retired on {date}, whose successor is `{successor}`"
        ));
        current = successor.clone();
      }
      None => {
        text.push_str(&format!(
          ", itself retired on {date} with no successor named; pick a current model (`switchyard catalog`)"
        ));
        break;
      }
    }
  }
  text
}

/// What an endpoint's model (version) is called in messages and its lifecycle, with the help
/// text naming its successor: for `switchyard catalog check`. `None` for a model the catalog
/// does not know (an unlisted model has no dates to check).
pub(crate) fn lifecycle_of(
  catalog: &Catalog,
  cloud: Cloud,
  model: &str,
  version: Option<&str>,
  today: Date,
) -> Option<(String, Lifecycle, String)> {
  match cloud {
    Cloud::Azure => {
      let entry = catalog.azure.models.get(model)?;
      let (version, details) = match version {
        Some(v) => entry
          .versions
          .get_key_value(v)
          .map(|(k, d)| (k.as_str(), d))?,
        None => entry.default_version()?,
      };
      let successors = |id: &str| {
        catalog
          .azure
          .models
          .get(id)
          .and_then(|m| m.default_version())
          .map(|(_, v)| &v.lifecycle)
      };
      let help = successor_text(&details.lifecycle, "Azure", today, &successors);
      Some((
        format!("`{model}` {version}"),
        details.lifecycle.clone(),
        help,
      ))
    }
    Cloud::Aws => {
      let aws = &catalog.aws;
      let foundation = model
        .split_once('.')
        .filter(|(prefix, rest)| rest.contains('.') && aws.geo(prefix).is_some())
        .map_or(model, |(_, rest)| rest);
      let entry = aws.models.get(foundation)?;
      let successors = |id: &str| aws.models.get(id).map(|m| &m.lifecycle);
      let help = successor_text(&entry.lifecycle, "AWS", today, &successors);
      Some((format!("`{foundation}`"), entry.lifecycle.clone(), help))
    }
    Cloud::Gcp => {
      let entry = catalog.gcp.models.get(model)?;
      let successors = |id: &str| catalog.gcp.models.get(id).map(|m| &m.lifecycle);
      let help = successor_text(&entry.lifecycle, "Google", today, &successors);
      Some((format!("`{model}`"), entry.lifecycle.clone(), help))
    }
  }
}

/// A retirement problem for `what` (e.g. "`gpt-4o` 2024-11-20"), if any.
fn retirement(
  key: &'static str,
  what: &str,
  lifecycle: &Lifecycle,
  publisher: &str,
  today: Date,
  successors: &Successors<'_>,
) -> Option<Problem> {
  let date = lifecycle.retires?;
  let instead = successor_text(lifecycle, publisher, today, successors);
  match lifecycle.status(today) {
    Status::Current => None,
    Status::Retired => Some(Problem::new(
      key,
      ProblemKind::Retired,
      format!("{what} was retired on {date}"),
      format!("{instead}; a retired model answers every request with an error"),
    )),
    Status::Retiring(days) => Some(Problem::new(
      key,
      ProblemKind::Retiring,
      format!(
        "{what} retires on {date}, in {days} day{}",
        if days == 1 { "" } else { "s" }
      ),
      format!("{instead}; move the endpoint before then"),
    )),
  }
}

fn regions_text(regions: &[String]) -> String {
  suggest::list(regions.iter().map(String::as_str))
}

/// An Azure OpenAI deployment: the model, its version (or the default), the SKU and region.
pub(crate) fn check_azure(
  catalog: &Catalog,
  model: &str,
  version: Option<&str>,
  sku: AzureSku,
  region: &str,
  today: Date,
) -> Vec<Problem> {
  let azure = &catalog.azure;
  // A retirement is reported at the version when the blueprint names one.
  let date_key = if version.is_some() {
    "version"
  } else {
    "model"
  };
  let Some(entry) = azure.models.get(model) else {
    let ids = catalog.model_ids(Cloud::Azure);
    return vec![unknown_model(catalog, Cloud::Azure, model, &ids)];
  };
  let (version, details) = match version {
    Some(version) => match entry.versions.get_key_value(version) {
      Some((v, details)) => (v.as_str(), details),
      None => {
        let known = entry.versions.keys().map(|v| format!("\"{v}\""));
        return vec![Problem::new(
          "version",
          ProblemKind::Unlisted,
          format!("`{model}` has no version \"{version}\" in the catalog"),
          format!("its versions are {}", known.collect::<Vec<_>>().join(", ")),
        )];
      }
    },
    None => match entry.default_version() {
      Some(default) => default,
      None => return Vec::new(),
    },
  };
  let what = format!("`{model}` {version}");
  let mut problems = Vec::new();
  match details.skus.get(&sku) {
    None => {
      let offered: Vec<String> = details
        .skus
        .iter()
        .map(|(s, regions)| format!("`{}` ({} regions)", s.as_str(), regions.len()))
        .collect();
      problems.push(Problem::new(
        "sku",
        ProblemKind::Unlisted,
        format!("{what} is not offered with the {} SKU", sku.as_str()),
        format!("it is offered as {}", offered.join(", ")),
      ));
    }
    // An empty list: the catalog does not record the regions (issue 13, gpt-oss-120b).
    Some(regions) if !regions.is_empty() && !regions.iter().any(|r| r == region) => {
      let here: Vec<&str> = details
        .skus
        .iter()
        .filter(|(_, regions)| regions.iter().any(|r| r == region))
        .map(|(s, _)| s.as_str())
        .collect();
      let elsewhere = if here.is_empty() {
        format!("no SKU of it is offered in {region}")
      } else {
        format!("in {region} it is offered as {}", suggest::list(here))
      };
      problems.push(Problem::new(
        "region",
        ProblemKind::Unlisted,
        format!(
          "{what} is not offered with the {} SKU in {region}",
          sku.as_str()
        ),
        format!(
          "{} deployments of it are offered in {}; {elsewhere}",
          sku.as_str(),
          regions_text(regions)
        ),
      ));
    }
    Some(_) => {}
  }
  let successors = |id: &str| {
    azure
      .models
      .get(id)
      .and_then(|m| m.default_version())
      .map(|(_, v)| &v.lifecycle)
  };
  problems.extend(retirement(
    date_key,
    &what,
    &details.lifecycle,
    "Azure",
    today,
    &successors,
  ));
  problems
}

/// A Bedrock endpoint: a foundation model id or an inference profile id, invoked from `region`.
pub(crate) fn check_aws(
  catalog: &Catalog,
  model: &str,
  region: &str,
  provisioned: bool,
  today: Date,
) -> Vec<Problem> {
  let aws = &catalog.aws;
  let profile = model
    .split_once('.')
    .filter(|(prefix, rest)| rest.contains('.') && aws.geo(prefix).is_some());
  let foundation = profile.map_or(model, |(_, rest)| rest);
  let Some(entry) = aws.models.get(foundation) else {
    let mut ids: Vec<String> = aws.models.keys().cloned().collect();
    for entry in aws.models.values() {
      for prefix in entry.profiles.iter().flatten() {
        ids.push(format!("{prefix}.{}", entry.id));
      }
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    return vec![unknown_model(catalog, Cloud::Aws, model, &ids)];
  };
  let profile_ids = |prefixes: &mut dyn Iterator<Item = &String>| {
    suggest::list(
      prefixes
        .map(|p| format!("{p}.{foundation}"))
        .collect::<Vec<_>>()
        .iter()
        .map(String::as_str),
    )
  };
  let mut problems = Vec::new();
  // bedrock-mantle sells no provisioned throughput: its models answer on demand in their own
  // Regions only (https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-openai-gpt-54.html).
  // Everything else about them renders (issue 13): the bedrock-mantle interface endpoint, its
  // private hosted zone, `bedrock-mantle:CreateInference` on the default project, the route.
  if entry.service == AwsService::Mantle && provisioned {
    return vec![Problem::new(
      "model",
      ProblemKind::Invalid,
      format!(
        "`{foundation}` is served on bedrock-mantle (the OpenAI {} API), which has no provisioned throughput",
        match entry.api {
          AwsApi::Responses => "Responses",
          AwsApi::ChatCompletions => "Chat Completions",
          AwsApi::Converse => "Converse",
        }
      ),
      "invoke it on demand: `throughput: on_demand` (the default), without `capacity` and `commitment`".to_owned(),
    )];
  }
  match (profile, provisioned) {
    (Some((prefix, _)), false) => {
      if let Some(prefixes) = &entry.profiles
        && !prefixes.iter().any(|p| p == prefix)
      {
        let help = if prefixes.is_empty() {
          "it has no inference profile; invoke the foundation model id".to_owned()
        } else {
          format!("its profiles are {}", profile_ids(&mut prefixes.iter()))
        };
        problems.push(Problem::new(
          "model",
          ProblemKind::Unlisted,
          format!("`{foundation}` has no `{prefix}.` inference profile in the catalog"),
          help,
        ));
      }
    }
    // A provisioned profile is refused by the analyzer itself.
    (Some(_), true) => {}
    (None, true) => match &entry.provisioned {
      None => problems.push(Problem::new(
        "model",
        ProblemKind::Invalid,
        format!("Switchyard does not know a provisioned-throughput variant of `{model}`"),
        format!(
          "provisioned throughput is known for {}",
          suggest::list(
            aws
              .models
              .values()
              .filter(|m| m.provisioned.is_some())
              .map(|m| m.id.as_str())
          )
        ),
      )),
      Some(provisioned) => {
        if let Some(regions) = &provisioned.regions
          && !regions.iter().any(|r| r == region)
        {
          problems.push(Problem::new(
            "region",
            ProblemKind::Unlisted,
            format!("Bedrock does not sell provisioned throughput for `{model}` in {region}"),
            format!(
              "it is sold in {}; or use on-demand throughput here",
              regions_text(regions)
            ),
          ));
        }
      }
    },
    (None, false) => {
      if let Some(regions) = &entry.regions
        && !regions.iter().any(|r| r == region)
      {
        let usable: Vec<&String> = entry
          .profiles
          .iter()
          .flatten()
          .filter(|p| {
            aws
              .geo(p)
              .and_then(|g| g.routes_to)
              .is_none_or(|routes| routes.contains(&region))
          })
          .collect();
        let through = if usable.is_empty() {
          String::new()
        } else {
          format!("from {region} use {}", profile_ids(&mut usable.into_iter()))
        };
        let (message, help) = if regions.is_empty() {
          (
            format!("`{model}` answers only through cross-Region inference profiles"),
            if through.is_empty() {
              format!(
                "its profiles are {}",
                profile_ids(&mut entry.profiles.iter().flatten())
              )
            } else {
              through
            },
          )
        } else {
          let mut help = format!("it is offered in {}", regions_text(regions));
          if !through.is_empty() {
            help.push_str(&format!("; {through}"));
          }
          (
            format!("`{model}` is not offered on demand in {region}"),
            help,
          )
        };
        // Profile-only is about the model id; a missing region about the region.
        let key = if regions.is_empty() {
          "model"
        } else {
          "region"
        };
        problems.push(Problem::new(key, ProblemKind::Unlisted, message, help));
      }
    }
  }
  let successors = |id: &str| aws.models.get(id).map(|m| &m.lifecycle);
  problems.extend(retirement(
    "model",
    &format!("`{foundation}`"),
    &entry.lifecycle,
    "AWS",
    today,
    &successors,
  ));
  problems
}

/// A Vertex AI endpoint: a publisher model in `region`.
pub(crate) fn check_gcp(catalog: &Catalog, model: &str, region: &str, today: Date) -> Vec<Problem> {
  let Some(entry) = catalog.gcp.models.get(model) else {
    let ids = catalog.model_ids(Cloud::Gcp);
    return vec![unknown_model(catalog, Cloud::Gcp, model, &ids)];
  };
  let mut problems = Vec::new();
  if let Some(regions) = &entry.regions
    && !regions.iter().any(|r| r == region)
  {
    problems.push(Problem::new(
      "region",
      ProblemKind::Unlisted,
      format!("`{model}` is not offered in {region}"),
      format!("it is offered in {}", regions_text(regions)),
    ));
  }
  let successors = |id: &str| catalog.gcp.models.get(id).map(|m| &m.lifecycle);
  problems.extend(retirement(
    "model",
    &format!("`{model}`"),
    &entry.lifecycle,
    "Google",
    today,
    &successors,
  ));
  problems
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::analysis::catalog;

  fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
  }

  fn kinds(problems: &[Problem]) -> Vec<(&str, ProblemKind)> {
    problems.iter().map(|p| (p.key, p.kind)).collect()
  }

  #[test]
  fn unknown_models_get_the_nearest_ids() {
    let c = catalog::get().unwrap();
    let p = check_azure(
      c,
      "gtp-4.1",
      None,
      AzureSku::Standard,
      "eastus2",
      day("2026-06-01"),
    );
    assert_eq!(kinds(&p), [("model", ProblemKind::Unlisted)]);
    assert_eq!(p[0].help, "did you mean `gpt-4.1`?");
    let p = check_azure(
      c,
      "gpt-4.1-min",
      None,
      AzureSku::Standard,
      "eastus2",
      day("2026-06-01"),
    );
    assert_eq!(
      p[0].help,
      "did you mean `gpt-4.1-mini`? (or `gpt-4.1-nano`, `gpt-4o-mini`)"
    );
    let p = check_aws(
      c,
      "us.amazon.nova-pro-v2:0",
      "us-east-1",
      false,
      day("2026-06-01"),
    );
    assert!(
      p[0].help.contains("`us.amazon.nova-pro-v1:0`"),
      "{}",
      p[0].help
    );
    assert!(nearest_ids("zzzzzzzzzzz", c.model_ids(Cloud::Gcp)).is_empty());
  }

  #[test]
  fn azure_regions_and_skus_come_from_the_catalog() {
    let c = catalog::get().unwrap();
    let today = day("2026-06-01");
    assert!(
      check_azure(
        c,
        "gpt-4.1",
        Some("2025-04-14"),
        AzureSku::Standard,
        "eastus2",
        today
      )
      .is_empty()
    );
    let p = check_azure(c, "gpt-5.1", None, AzureSku::Standard, "westeurope", today);
    assert_eq!(kinds(&p), [("region", ProblemKind::Unlisted)]);
    assert!(
      p[0]
        .help
        .contains("in westeurope it is offered as `GlobalStandard`"),
      "{}",
      p[0].help
    );
    let p = check_azure(
      c,
      "gpt-5-nano",
      None,
      AzureSku::ProvisionedManaged,
      "eastus",
      today,
    );
    assert_eq!(kinds(&p), [("sku", ProblemKind::Unlisted)]);
    let p = check_azure(
      c,
      "gpt-4.1",
      Some("2024-01-01"),
      AzureSku::Standard,
      "eastus2",
      today,
    );
    assert_eq!(kinds(&p), [("version", ProblemKind::Unlisted)]);
    assert!(p[0].help.contains("\"2025-04-14\""));
  }

  #[test]
  fn retirement_is_an_error_after_and_a_warning_within_ninety_days() {
    let c = catalog::get().unwrap();
    let check = |today| {
      check_azure(
        c,
        "gpt-4o",
        Some("2024-11-20"),
        AzureSku::GlobalStandard,
        "eastus2",
        day(today),
      )
    };
    assert!(check("2026-07-02").is_empty());
    let soon = check("2026-07-03");
    assert_eq!(kinds(&soon), [("version", ProblemKind::Retiring)]);
    assert_eq!(
      soon[0].message,
      "`gpt-4o` 2024-11-20 retires on 2026-10-01, in 90 days"
    );
    let gone = check("2026-10-01");
    assert_eq!(kinds(&gone), [("version", ProblemKind::Retired)]);
    assert_eq!(
      gone[0].message,
      "`gpt-4o` 2024-11-20 was retired on 2026-10-01"
    );
    assert!(
      gone[0]
        .help
        .starts_with("Azure names `gpt-5.1` as its successor")
    );
    // Without a version, the default version's dates apply.
    let default = check_azure(
      c,
      "gpt-4o",
      None,
      AzureSku::GlobalStandard,
      "eastus2",
      day("2026-10-01"),
    );
    assert!(
      default[0]
        .message
        .contains("2024-08-06 was retired on 2026-10-01"),
      "{default:?}"
    );
  }

  #[test]
  fn a_retired_successor_is_followed_to_a_current_one() {
    let c = catalog::get().unwrap();
    // Microsoft's 2026-07-07 schedule: gpt-4o-mini -> gpt-4.1-mini, itself retired on
    // 2026-10-14; the 2025 page names gpt-5-mini after gpt-4.1-mini.
    let p = check_azure(
      c,
      "gpt-4o-mini",
      Some("2024-07-18"),
      AzureSku::GlobalStandard,
      "eastus2",
      day("2026-12-02"),
    );
    assert_eq!(kinds(&p), [("version", ProblemKind::Retired)]);
    assert!(
      p[0].help.starts_with(
        "Azure names `gpt-4.1-mini` as its successor, itself retired on 2026-10-14, whose successor is `gpt-5-mini`"
      ),
      "{}",
      p[0].help
    );
  }

  #[test]
  fn bedrock_profiles_regions_and_provisioned_variants() {
    let c = catalog::get().unwrap();
    let today = day("2026-06-01");
    assert!(
      check_aws(
        c,
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us-east-1",
        false,
        today
      )
      .is_empty()
    );
    let p = check_aws(
      c,
      "apac.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "ap-south-1",
      false,
      today,
    );
    assert_eq!(kinds(&p), [("model", ProblemKind::Unlisted)]);
    assert!(
      p[0]
        .help
        .contains("`jp.anthropic.claude-sonnet-4-5-20250929-v1:0`")
    );
    let p = check_aws(
      c,
      "anthropic.claude-sonnet-4-20250514-v1:0",
      "eu-west-1",
      false,
      today,
    );
    assert_eq!(
      p[0].message,
      "`anthropic.claude-sonnet-4-20250514-v1:0` answers only through cross-Region inference profiles"
    );
    assert!(
      p[0]
        .help
        .contains("`eu.anthropic.claude-sonnet-4-20250514-v1:0`"),
      "{}",
      p[0].help
    );
    let p = check_aws(c, "amazon.nova-pro-v1:0", "us-west-2", false, today);
    assert!(
      p[0]
        .help
        .ends_with("from us-west-2 use `us.amazon.nova-pro-v1:0`"),
      "{}",
      p[0].help
    );
    assert!(check_aws(c, "amazon.nova-pro-v1:0", "us-east-1", true, today).is_empty());
    let p = check_aws(c, "amazon.nova-pro-v1:0", "eu-west-1", true, today);
    assert_eq!(kinds(&p), [("region", ProblemKind::Unlisted)]);
    let p = check_aws(
      c,
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      "us-east-1",
      true,
      today,
    );
    assert_eq!(kinds(&p), [("model", ProblemKind::Invalid)]);
    let p = check_aws(
      c,
      "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
      "us-east-1",
      false,
      day("2026-04-28"),
    );
    assert_eq!(kinds(&p), [("model", ProblemKind::Retired)]);
  }

  #[test]
  fn bedrock_mantle_models_validate_on_demand_and_refuse_provisioned_throughput() {
    // Issue 13: GPT-5.4 / GPT-5.5 on Bedrock render now; only provisioned throughput is refused.
    let c = catalog::get().unwrap();
    let today = day("2026-12-02");
    assert!(check_aws(c, "openai.gpt-5.4", "us-east-2", false, today).is_empty());
    assert!(check_aws(c, "openai.gpt-5.4", "us-west-2", false, today).is_empty());
    assert!(check_aws(c, "openai.gpt-5.5", "us-east-2", false, today).is_empty());
    let p = check_aws(c, "openai.gpt-5.5", "us-east-1", false, today);
    assert_eq!(kinds(&p), [("region", ProblemKind::Unlisted)]);
    let p = check_aws(c, "openai.gpt-5.4", "us-east-2", true, today);
    assert_eq!(kinds(&p), [("model", ProblemKind::Invalid)]);
    assert!(p[0].message.contains("bedrock-mantle"), "{}", p[0].message);
    assert!(check_aws(c, "openai.gpt-oss-120b-1:0", "us-west-2", false, today).is_empty());
  }

  #[test]
  fn azure_regions_not_recorded_are_not_checked() {
    // Issue 13: the pages read do not list gpt-oss-120b's regions.
    let c = catalog::get().unwrap();
    let today = day("2026-12-02");
    for region in ["eastus2", "swedencentral"] {
      let p = check_azure(
        c,
        "gpt-oss-120b",
        None,
        AzureSku::GlobalStandard,
        region,
        today,
      );
      assert!(p.is_empty(), "{p:?}");
    }
    let p = check_azure(
      c,
      "gpt-oss-120b",
      None,
      AzureSku::Standard,
      "eastus2",
      today,
    );
    assert_eq!(kinds(&p), [("sku", ProblemKind::Unlisted)]);
  }

  #[test]
  fn vertex_regions_and_retirements() {
    let c = catalog::get().unwrap();
    assert!(check_gcp(c, "gemini-2.5-flash", "us-central1", day("2026-06-01")).is_empty());
    let p = check_gcp(c, "gemini-2.5-flash", "africa-south1", day("2026-06-01"));
    assert_eq!(kinds(&p), [("region", ProblemKind::Unlisted)]);
    let p = check_gcp(c, "gemini-2.5-flash", "us-central1", day("2026-11-26"));
    assert_eq!(kinds(&p), [("model", ProblemKind::Retired)]);
    assert!(p[0].help.contains("`gemini-3.8-flash`"));
    // Regions not recorded are not checked.
    assert!(
      check_gcp(
        c,
        "claude-sonnet-4-5@20250929",
        "us-east5",
        day("2026-06-01")
      )
      .is_empty()
    );
  }
}
