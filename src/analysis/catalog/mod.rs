//! The model catalog: what each cloud offers, where, and until when, read from the data files
//! under `catalog/` that are compiled into the binary. Reviewed like code, it lets the analyzer
//! reject a model typo, a model not offered in a region or SKU, or a retired model at plan time
//! instead of at `terraform apply` (or during the outage a failover was for).
//!
//! The files are parsed through `yaml` into `node::Node` like blueprints, read into serde types
//! that deny unknown keys (`shape`), and checked strictly: an unknown key, an unknown region or
//! a dangling reference in a catalog file is a bug that the unit tests catch.

mod check;
mod date;
mod import;
mod overlay;
mod print;
mod read;
mod shape;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use crate::analysis::cloud::{AzureSku, Cloud};
use crate::input::error::Error;

pub(crate) use check::{
  Problem, ProblemKind, check_aws, check_azure, check_gcp, lifecycle_of, nearest_ids,
};
pub(crate) use date::{Date, TODAY_VARIABLE};
pub(crate) use import::import;
pub(crate) use print::print;

/// The catalog files, embedded at build time.
const FILES: [(Cloud, &str); 3] = [
  (Cloud::Azure, include_str!("../../../catalog/azure.yaml")),
  (Cloud::Aws, include_str!("../../../catalog/aws.yaml")),
  (Cloud::Gcp, include_str!("../../../catalog/gcp.yaml")),
];

/// Retirements this close are warned about, so a failover target is moved before it stops.
pub(crate) const RETIREMENT_WARNING_DAYS: i64 = 90;

#[derive(Debug)]
pub(crate) struct Catalog {
  pub(crate) azure: Azure,
  pub(crate) aws: Aws,
  pub(crate) gcp: Gcp,
}

/// A data-residency jurisdiction a workload may be confined to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Geography {
  Eu,
  Us,
}

impl Geography {
  pub(crate) const ALL: [Geography; 2] = [Geography::Eu, Geography::Us];

  pub(crate) fn key(self) -> &'static str {
    match self {
      Geography::Eu => "eu",
      Geography::Us => "us",
    }
  }

  /// How the jurisdiction is named in messages.
  pub(crate) fn name(self) -> &'static str {
    match self {
      Geography::Eu => "the EU",
      Geography::Us => "the US",
    }
  }
}

/// The regions of one cloud in each jurisdiction.
#[derive(Debug, Default)]
pub(crate) struct Geographies {
  pub(crate) eu: Vec<String>,
  pub(crate) us: Vec<String>,
}

impl Geographies {
  pub(crate) fn regions(&self, geography: Geography) -> &[String] {
    match geography {
      Geography::Eu => &self.eu,
      Geography::Us => &self.us,
    }
  }

  /// The jurisdiction a region lies in, if any.
  pub(crate) fn of(&self, region: &str) -> Option<Geography> {
    Geography::ALL
      .into_iter()
      .find(|g| self.regions(*g).iter().any(|r| r == region))
  }
}

/// What a model does, as the catalog's `kind:` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModelKind {
  Chat,
  Embedding,
}

impl ModelKind {
  pub(crate) const ALL: [ModelKind; 2] = [ModelKind::Chat, ModelKind::Embedding];

  /// The catalog's word for the kind, read and written.
  pub(crate) fn key(self) -> &'static str {
    match self {
      ModelKind::Chat => "chat",
      ModelKind::Embedding => "embedding",
    }
  }

  pub(crate) fn parse(text: &str) -> Option<Self> {
    Self::ALL.into_iter().find(|k| k.key() == text)
  }
}

/// When a model (version) stops answering, and what its publisher names instead.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lifecycle {
  pub(crate) retires: Option<Date>,
  /// A date the publisher promises the model lives at least until; not a retirement.
  pub(crate) not_before: Option<Date>,
  pub(crate) successor: Option<String>,
}

/// How close a lifecycle is to its end, relative to "today".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
  Current,
  /// Retires within `RETIREMENT_WARNING_DAYS`; the days left.
  Retiring(i64),
  Retired,
}

impl Lifecycle {
  pub(crate) fn status(&self, today: Date) -> Status {
    match self.retires {
      Some(date) if today >= date => Status::Retired,
      Some(date) if today.days_until(date) <= RETIREMENT_WARNING_DAYS => {
        Status::Retiring(today.days_until(date))
      }
      _ => Status::Current,
    }
  }
}

#[derive(Debug)]
pub(crate) struct Azure {
  pub(crate) reviewed: Date,
  pub(crate) geographies: Geographies,
  pub(crate) models: BTreeMap<String, AzureModel>,
}

/// The kind of Azure account a model is deployed on (issue 13): Azure OpenAI's own `OpenAI`
/// accounts, or a Microsoft Foundry (`AIServices`) account for models such as gpt-oss-120b that
/// "require a Foundry project" and are deployed with another model format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AzureAccount {
  #[default]
  OpenAi,
  AiServices,
}

impl AzureAccount {
  pub(crate) const ALL: [AzureAccount; 2] = [AzureAccount::OpenAi, AzureAccount::AiServices];

  /// The account's `kind` in Azure, also the catalog key.
  pub(crate) fn key(self) -> &'static str {
    match self {
      AzureAccount::OpenAi => "OpenAI",
      AzureAccount::AiServices => "AIServices",
    }
  }
}

#[derive(Debug)]
pub(crate) struct AzureModel {
  pub(crate) id: String,
  pub(crate) kind: ModelKind,
  /// The deployment's `model.format` (`OpenAI` unless the catalog says otherwise).
  pub(crate) format: String,
  pub(crate) account: AzureAccount,
  pub(crate) ptu: Option<PtuRules>,
  pub(crate) default_version: Option<String>,
  pub(crate) versions: BTreeMap<String, AzureVersion>,
  pub(crate) traits: Traits,
}

impl AzureModel {
  /// The version Azure deploys when a blueprint gives none: the published default, else the
  /// newest.
  pub(crate) fn default_version(&self) -> Option<(&str, &AzureVersion)> {
    match &self.default_version {
      Some(version) => self
        .versions
        .get_key_value(version)
        .map(|(k, v)| (k.as_str(), v)),
      None => self
        .versions
        .iter()
        .next_back()
        .map(|(k, v)| (k.as_str(), v)),
    }
  }
}

#[derive(Debug)]
pub(crate) struct AzureVersion {
  pub(crate) lifecycle: Lifecycle,
  /// Regions per SKU, each list sorted; an empty list: regions not recorded, not checked.
  pub(crate) skus: BTreeMap<AzureSku, Vec<String>>,
}

/// Minimum and increment of a provisioned deployment, in PTUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Step {
  pub(crate) minimum: u32,
  pub(crate) increment: u32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct PtuRules {
  /// Global and data-zone provisioned deployments.
  pub(crate) zone: Step,
  /// Regional provisioned deployments.
  pub(crate) regional: Step,
  /// Input tokens per minute one PTU serves: the unit that makes PTUs comparable with
  /// pay-as-you-go capacity.
  pub(crate) input_tpm: u32,
}

impl PtuRules {
  pub(crate) fn step(&self, sku: AzureSku) -> Option<Step> {
    match sku {
      AzureSku::GlobalProvisionedManaged | AzureSku::DataZoneProvisionedManaged => Some(self.zone),
      AzureSku::ProvisionedManaged => Some(self.regional),
      _ => None,
    }
  }
}

/// A Bedrock cross-Region inference profile geography: its id prefix, and the regions a caller
/// may invoke it from and it routes requests to. `None` routes to any commercial region, and
/// AWS documents region-less foundation-model ARNs for that case.
#[derive(Debug)]
pub(crate) struct ProfileGeo {
  pub(crate) prefix: &'static str,
  pub(crate) routes_to: Option<&'static [&'static str]>,
}

#[derive(Debug)]
pub(crate) struct Aws {
  pub(crate) reviewed: Date,
  pub(crate) geographies: Geographies,
  pub(crate) geos: Vec<ProfileGeo>,
  pub(crate) models: BTreeMap<String, AwsModel>,
}

impl Aws {
  pub(crate) fn geo(&self, prefix: &str) -> Option<&ProfileGeo> {
    self.geos.iter().find(|g| g.prefix == prefix)
  }
}

/// The Bedrock service a model is invoked on: each has its own host name, interface VPC
/// endpoint and IAM actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum AwsService {
  /// `bedrock-runtime.<region>.amazonaws.com`, authorised by `bedrock:InvokeModel*`.
  #[default]
  Runtime,
  /// `bedrock-mantle.<region>.api.aws`, authorised by `bedrock-mantle:CreateInference` on a
  /// project; some OpenAI models and features are served only here.
  Mantle,
}

impl AwsService {
  pub(crate) const ALL: [AwsService; 2] = [AwsService::Runtime, AwsService::Mantle];

  /// The interface VPC endpoint suffix (`com.amazonaws.<region>.<suffix>`), also the catalog key.
  pub(crate) fn key(self) -> &'static str {
    match self {
      AwsService::Runtime => "bedrock-runtime",
      AwsService::Mantle => "bedrock-mantle",
    }
  }
}

/// The API a Bedrock model is routed with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum AwsApi {
  /// Bedrock's own Converse / InvokeModel.
  #[default]
  Converse,
  /// OpenAI-compatible Chat Completions under `/openai/v1`.
  ChatCompletions,
  /// OpenAI-compatible Responses under `/openai/v1`.
  Responses,
}

impl AwsApi {
  pub(crate) const ALL: [AwsApi; 3] =
    [AwsApi::Converse, AwsApi::ChatCompletions, AwsApi::Responses];

  pub(crate) fn key(self) -> &'static str {
    match self {
      AwsApi::Converse => "converse",
      AwsApi::ChatCompletions => "chat_completions",
      AwsApi::Responses => "responses",
    }
  }
}

/// What a model is, for parity along a failover chain: the family (the same model whatever
/// the cloud calls it), its context window and input modalities. Each part may be unrecorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Traits {
  pub(crate) family: Option<String>,
  /// Thousands of tokens.
  pub(crate) context: Option<u32>,
  pub(crate) input: Option<Vec<String>>,
}

#[derive(Debug)]
pub(crate) struct AwsModel {
  pub(crate) id: String,
  pub(crate) kind: ModelKind,
  pub(crate) service: AwsService,
  pub(crate) api: AwsApi,
  /// Read by the chain-parity check (issue 13, item 3); nothing else asks yet.
  #[allow(dead_code)]
  pub(crate) traits: Traits,
  /// Where the foundation model id answers on demand; `Some(empty)`: only through profiles;
  /// `None`: not recorded.
  pub(crate) regions: Option<Vec<String>>,
  /// Geography prefixes the model has an inference profile in; `None`: not recorded.
  pub(crate) profiles: Option<Vec<String>>,
  pub(crate) provisioned: Option<Provisioned>,
  pub(crate) lifecycle: Lifecycle,
}

#[derive(Debug)]
pub(crate) struct Provisioned {
  /// The context-length variant Bedrock sells throughput for: `<model id>:<context>`.
  pub(crate) context: String,
  pub(crate) regions: Option<Vec<String>>,
}

#[derive(Debug)]
pub(crate) struct Gcp {
  pub(crate) reviewed: Date,
  pub(crate) geographies: Geographies,
  pub(crate) models: BTreeMap<String, GcpModel>,
}

#[derive(Debug)]
pub(crate) struct GcpModel {
  pub(crate) id: String,
  pub(crate) publisher: String,
  pub(crate) kind: ModelKind,
  /// Whether the model can run on a dedicated endpoint of the project's own.
  pub(crate) dedicated: bool,
  pub(crate) regions: Option<Vec<String>>,
  pub(crate) lifecycle: Lifecycle,
  pub(crate) traits: Traits,
}

impl Catalog {
  pub(crate) fn reviewed(&self, cloud: Cloud) -> Date {
    match cloud {
      Cloud::Azure => self.azure.reviewed,
      Cloud::Aws => self.aws.reviewed,
      Cloud::Gcp => self.gcp.reviewed,
    }
  }

  pub(crate) fn geographies(&self, cloud: Cloud) -> &Geographies {
    match cloud {
      Cloud::Azure => &self.azure.geographies,
      Cloud::Aws => &self.aws.geographies,
      Cloud::Gcp => &self.gcp.geographies,
    }
  }

  /// What a blueprint's model id on `cloud` is, for parity along a chain (a Bedrock inference
  /// profile id is its foundation model's); `None` for a model the catalog does not know.
  pub(crate) fn traits(&self, cloud: Cloud, model: &str) -> Option<&Traits> {
    match cloud {
      Cloud::Azure => self.azure.models.get(model).map(|m| &m.traits),
      Cloud::Aws => {
        let foundation = model
          .split_once('.')
          .filter(|(prefix, rest)| rest.contains('.') && self.aws.geo(prefix).is_some())
          .map_or(model, |(_, rest)| rest);
        self.aws.models.get(foundation).map(|m| &m.traits)
      }
      Cloud::Gcp => self.gcp.models.get(model).map(|m| &m.traits),
    }
  }

  /// Every model family the catalog records, sorted: the values of a workload's `model:`.
  pub(crate) fn families(&self) -> Vec<&str> {
    let azure = self.azure.models.values().map(|m| &m.traits);
    let aws = self.aws.models.values().map(|m| &m.traits);
    let gcp = self.gcp.models.values().map(|m| &m.traits);
    let mut families: Vec<&str> = azure
      .chain(aws)
      .chain(gcp)
      .filter_map(|t| t.family.as_deref())
      .collect();
    families.sort_unstable();
    families.dedup();
    families
  }

  /// Every model id of a cloud, for suggestions and the editor schema.
  pub(crate) fn model_ids(&self, cloud: Cloud) -> Vec<&str> {
    match cloud {
      Cloud::Azure => self.azure.models.keys().map(String::as_str).collect(),
      Cloud::Aws => self.aws.models.keys().map(String::as_str).collect(),
      Cloud::Gcp => self.gcp.models.keys().map(String::as_str).collect(),
    }
  }
}

/// An invalid catalog file: which file and where. Only a bug can produce one.
#[derive(Debug)]
pub(crate) struct CatalogError {
  pub(crate) cloud: Cloud,
  /// The overlay file the error is in; `None` for the built-in `catalog/<cloud>.yaml`.
  pub(crate) file: Option<String>,
  pub(crate) at: String,
  pub(crate) message: String,
}

impl fmt::Display for CatalogError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match &self.file {
      Some(file) => write!(f, "{file} at {}: {}", self.at, self.message),
      None => write!(
        f,
        "catalog/{}.yaml at {}: {}",
        self.cloud, self.at, self.message
      ),
    }
  }
}

/// The overlay this process applies (its path and text), set once before the catalog is first
/// read: every command then sees the same corrected catalog.
static OVERLAY: OnceLock<(PathBuf, String)> = OnceLock::new();

/// Applies `path`'s overlay to the catalog of this process. Only the first call counts, and
/// only before the catalog is first read (the CLI calls it before any work).
pub(crate) fn use_overlay(path: &Path) -> Result<(), Error> {
  let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
  // A second call (tests in one process) keeps the first overlay.
  let _ = OVERLAY.set((path.to_owned(), text));
  Ok(())
}

/// The overlay of this process, if any: its path and text (issue 16: its `prices:` key is the
/// price list's, read by `cost::prices`).
pub(crate) fn overlay_text() -> Option<(&'static Path, &'static str)> {
  OVERLAY
    .get()
    .map(|(path, text)| (path.as_path(), text.as_str()))
}

/// A broken built-in file is a bug; a broken overlay is the user's input.
enum Broken {
  BuiltIn(CatalogError),
  Overlay(PathBuf, CatalogError),
}

fn read_built_in() -> Result<Catalog, CatalogError> {
  let [(_, azure), (_, aws), (_, gcp)] = FILES;
  Ok(Catalog {
    azure: read::azure(azure)?,
    aws: read::aws(aws)?,
    gcp: read::gcp(gcp)?,
  })
}

/// A fresh copy of the built-in catalog without any overlay: what `catalog import` compares
/// listings with, and loads the overlay it writes on.
pub(crate) fn built_in() -> Result<Catalog, Error> {
  read_built_in()
    .map_err(|e| Error::internal(format!("the built-in model catalog is invalid: {e}")))
}

static CATALOG: LazyLock<Result<Catalog, Broken>> = LazyLock::new(|| {
  let mut catalog = read_built_in().map_err(Broken::BuiltIn)?;
  if let Some((path, text)) = OVERLAY.get() {
    overlay::apply(&mut catalog, text, &path.display().to_string())
      .map_err(|e| Broken::Overlay(path.clone(), e))?;
  }
  Ok(catalog)
});

/// The catalog: the built-in files with the repository's overlay, if any, applied.
pub(crate) fn get() -> Result<&'static Catalog, Error> {
  CATALOG.as_ref().map_err(|broken| match broken {
    Broken::BuiltIn(e) => Error::internal(format!("the built-in model catalog is invalid: {e}")),
    Broken::Overlay(path, e) => Error::Input {
      path: path.clone(),
      message: e.to_string(),
    },
  })
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::analysis::regions;

  #[test]
  fn the_embedded_catalog_reads_and_names_only_known_regions() {
    let catalog = match get() {
      Ok(catalog) => catalog,
      Err(e) => panic!("{e}"),
    };
    assert!(catalog.azure.models.contains_key("gpt-4.1"));
    assert!(catalog.aws.models.contains_key("amazon.nova-pro-v1:0"));
    assert!(catalog.gcp.models.contains_key("gemini-2.5-flash"));
    let mut named = Vec::new();
    for model in catalog.azure.models.values() {
      for version in model.versions.values() {
        for regions in version.skus.values() {
          named.extend(regions.iter().map(|r| (Cloud::Azure, r)));
        }
      }
    }
    for model in catalog.aws.models.values() {
      named.extend(model.regions.iter().flatten().map(|r| (Cloud::Aws, r)));
    }
    for model in catalog.gcp.models.values() {
      named.extend(model.regions.iter().flatten().map(|r| (Cloud::Gcp, r)));
    }
    assert!(named.len() > 500, "{}", named.len());
    for (cloud, region) in named {
      assert!(regions::is_known(cloud, region), "{cloud} {region}");
    }
  }

  #[test]
  fn every_successor_is_a_model_of_the_catalog() {
    let Ok(catalog) = get() else {
      panic!("catalog")
    };
    let azure = catalog
      .azure
      .models
      .values()
      .flat_map(|m| m.versions.values().map(|v| &v.lifecycle));
    for lifecycle in azure {
      if let Some(s) = &lifecycle.successor {
        assert!(catalog.azure.models.contains_key(s), "{s}");
      }
    }
    for model in catalog.aws.models.values() {
      if let Some(s) = &model.lifecycle.successor {
        assert!(catalog.aws.models.contains_key(s), "{s}");
      }
    }
    for model in catalog.gcp.models.values() {
      if let Some(s) = &model.lifecycle.successor {
        assert!(catalog.gcp.models.contains_key(s), "{s}");
      }
    }
  }
}
