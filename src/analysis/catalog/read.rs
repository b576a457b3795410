//! Reads the catalog files into typed data, strictly: an unknown key, a region the cloud does
//! not have, a dangling set, geography or successor name is an error naming the place.
//!
//! The shape of each file and model (its keys, which are required, their types) is declared
//! as serde types in `shape`, `deny_unknown_fields` on each; what needs the catalog to check
//! (regions known to the cloud, region sets, SKUs, successors, choices) is read here.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::shape::{self, ShapeError};
use super::{
  Aws, AwsApi, AwsModel, AwsService, Azure, AzureAccount, AzureModel, AzureVersion, CatalogError,
  Date, Gcp, GcpModel, Geographies, Lifecycle, ModelKind, ProfileGeo, Provisioned, PtuRules, Step,
  Traits,
};
use crate::analysis::cloud::{AzureSku, Cloud};
use crate::analysis::regions;
use crate::input::node::Node;
use crate::input::yaml;

pub(super) type Entries = [(String, Node)];

/// A place in one catalog file, for error messages.
#[derive(Clone)]
pub(super) struct At {
  pub(super) cloud: Cloud,
  pub(super) path: String,
  /// The overlay file, when the place is in one rather than in `catalog/<cloud>.yaml`.
  pub(super) file: Option<String>,
}

impl At {
  pub(super) fn key(&self, key: &str) -> At {
    let path = if self.path.is_empty() {
      key.to_owned()
    } else {
      format!("{}.{key}", self.path)
    };
    At {
      cloud: self.cloud,
      path,
      file: self.file.clone(),
    }
  }

  pub(super) fn error(&self, message: impl Into<String>) -> CatalogError {
    CatalogError {
      cloud: self.cloud,
      file: self.file.clone(),
      at: if self.path.is_empty() {
        "the top".to_owned()
      } else {
        self.path.clone()
      },
      message: message.into(),
    }
  }

  /// A shape mistake found below this place.
  fn shape(&self, error: ShapeError) -> CatalogError {
    let at = error.below.iter().fold(self.clone(), |at, key| at.key(key));
    at.error(error.message)
  }
}

pub(super) type Result<T> = std::result::Result<T, CatalogError>;

/// `node` read as the shape `T`, mistakes named at their place below `at`.
fn read<'a, T: Deserialize<'a>>(node: &'a Node, at: &At) -> Result<T> {
  shape::read(node).map_err(|e| at.shape(e))
}

fn parse(cloud: Cloud, text: &str) -> Result<(Node, At)> {
  let at = At {
    cloud,
    path: String::new(),
    file: None,
  };
  let node = yaml::parse(text).map_err(|e| at.error(e.message))?;
  Ok((node, at))
}

pub(super) fn mapping<'a>(node: &'a Node, at: &At, allowed: &[&str]) -> Result<&'a Entries> {
  let Node::Mapping(entries) = node else {
    return Err(at.error(format!("expected a mapping, found {}", node.kind())));
  };
  if let Some((key, _)) = entries.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
    return Err(at.key(key).error("unknown key"));
  }
  Ok(entries)
}

/// Any keys allowed: a mapping of names.
pub(super) fn names<'a>(node: &'a Node, at: &At) -> Result<&'a Entries> {
  match node {
    Node::Mapping(entries) => Ok(entries),
    other => Err(at.error(format!("expected a mapping, found {}", other.kind()))),
  }
}

pub(super) fn get<'a>(entries: &'a Entries, key: &str) -> Option<&'a Node> {
  entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(super) fn date(node: &Node, at: &At) -> Result<Date> {
  let text: String = read(node, at)?;
  parse_date(&text, at)
}

fn parse_date(text: &str, at: &At) -> Result<Date> {
  Date::parse(text).ok_or_else(|| at.error(format!("{text:?} is not a YYYY-MM-DD date")))
}

pub(super) fn strings(node: &Node, at: &At) -> Result<Vec<String>> {
  read(node, at)
}

fn kind(text: &str, at: &At) -> Result<ModelKind> {
  ModelKind::parse(text).ok_or_else(|| {
    at.key("kind")
      .error(format!("`{text}` is not `chat` or `embedding`"))
  })
}

/// Regions of the cloud: a list, or the name of a `region_sets` entry. Sorted, known, unique.
pub(super) fn regions(
  node: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>> {
  let mut list = match node {
    Node::String(name) => sets
      .get(name)
      .cloned()
      .ok_or_else(|| at.error(format!("no region set is named `{name}`")))?,
    other => strings(other, at)?,
  };
  if let Some(region) = list.iter().find(|r| !regions::is_known(at.cloud, r)) {
    return Err(at.error(format!("`{region}` is not a known {} region", at.cloud)));
  }
  list.sort();
  let before = list.len();
  list.dedup();
  if list.len() != before {
    return Err(at.error("a region is listed twice"));
  }
  Ok(list)
}

/// The keys every catalog file has; Bedrock's adds its profile geographies.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
  cloud: String,
  reviewed: String,
  geographies: GeographiesShape,
  region_sets: Option<BTreeMap<String, Node>>,
  models: BTreeMap<String, Node>,
  /// Only in `aws.yaml`, kept in document order.
  profile_geos: Option<Node>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeographiesShape {
  eu: Node,
  us: Node,
}

/// The file's common keys, checked: its review date, geographies and region sets.
struct Header {
  reviewed: Date,
  geographies: Geographies,
  sets: BTreeMap<String, Vec<String>>,
}

/// Reads every entry under `models:` with `read_model`, located at `models.<id>`.
fn each_model<M>(
  file: &File,
  at: &At,
  read_model: impl Fn(&str, &Node, &At) -> Result<M>,
) -> Result<BTreeMap<String, M>> {
  let models_at = at.key("models");
  file
    .models
    .iter()
    .map(|(id, value)| Ok((id.clone(), read_model(id, value, &models_at.key(id))?)))
    .collect()
}

fn header(file: &File, at: &At) -> Result<Header> {
  if file.cloud != at.cloud.key() {
    return Err(
      at.key("cloud")
        .error(format!("this is the {} file", at.cloud)),
    );
  }
  if file.profile_geos.is_some() && at.cloud != Cloud::Aws {
    return Err(at.key("profile_geos").error("unknown key"));
  }
  let reviewed = parse_date(&file.reviewed, &at.key("reviewed"))?;
  let none = BTreeMap::new();
  let geographies_at = at.key("geographies");
  let geographies = Geographies {
    eu: regions(&file.geographies.eu, &geographies_at.key("eu"), &none)?,
    us: regions(&file.geographies.us, &geographies_at.key("us"), &none)?,
  };
  let mut sets = BTreeMap::new();
  let sets_at = at.key("region_sets");
  for (name, value) in file.region_sets.iter().flatten() {
    sets.insert(name.clone(), regions(value, &sets_at.key(name), &none)?);
  }
  Ok(Header {
    reviewed,
    geographies,
    sets,
  })
}

/// The traits every model may have for parity checks.
fn traits(
  family: Option<String>,
  context: Option<u32>,
  input: Option<Vec<String>>,
  at: &At,
) -> Result<Traits> {
  if let Some(bad) = input
    .iter()
    .flatten()
    .find(|m| !["text", "image", "audio", "video"].contains(&m.as_str()))
  {
    return Err(
      at.key("input")
        .error(format!("`{bad}` is not text, image, audio or video")),
    );
  }
  Ok(Traits {
    family,
    context,
    input,
  })
}

/// One of `choices` by its key, or an error listing them.
fn choice<T: Copy>(text: &str, at: &At, choices: &[(&str, T)]) -> Result<T> {
  choices
    .iter()
    .find(|(key, _)| *key == text)
    .map(|(_, value)| *value)
    .ok_or_else(|| {
      let keys: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
      at.error(format!("`{text}` is not one of {}", keys.join(", ")))
    })
}

/// A lifecycle's dates read; `successor` is checked against the whole catalog later.
fn lifecycle_of(
  retires: Option<&str>,
  not_before: Option<&str>,
  successor: Option<String>,
  at: &At,
) -> Result<Lifecycle> {
  Ok(Lifecycle {
    retires: retires
      .map(|text| parse_date(text, &at.key("retires")))
      .transpose()?,
    not_before: not_before
      .map(|text| parse_date(text, &at.key("not_before")))
      .transpose()?,
    successor,
  })
}

/// The lifecycle keys of a mapping's entries (an overlay's correction).
pub(super) fn lifecycle(entries: &Entries, at: &At) -> Result<Lifecycle> {
  let text = |key: &str| {
    get(entries, key)
      .map(|node| read::<String>(node, &at.key(key)))
      .transpose()
  };
  let (retires, not_before, successor) =
    (text("retires")?, text("not_before")?, text("successor")?);
  lifecycle_of(retires.as_deref(), not_before.as_deref(), successor, at)
}

/// Every successor names a model of the same file.
pub(super) fn check_successors<'a>(
  models: impl Iterator<Item = (&'a str, &'a Lifecycle)>,
  known: &dyn Fn(&str) -> bool,
  at: &At,
) -> Result<()> {
  for (model, lifecycle) in models {
    if let Some(successor) = &lifecycle.successor
      && !known(successor)
    {
      return Err(
        at.key("models")
          .key(model)
          .error(format!("the successor `{successor}` is not in the catalog")),
      );
    }
  }
  Ok(())
}

pub(super) fn azure(text: &str) -> Result<Azure> {
  let (node, at) = parse(Cloud::Azure, text)?;
  let file: File = read(&node, &at)?;
  let header = header(&file, &at)?;
  let models = each_model(&file, &at, |id, value, at| {
    azure_model(id, value, at, &header.sets)
  })?;
  check_successors(
    models.values().flat_map(|m: &AzureModel| {
      m.versions
        .values()
        .map(move |v| (m.id.as_str(), &v.lifecycle))
    }),
    &|id| models.contains_key(id),
    &at,
  )?;
  Ok(Azure {
    reviewed: header.reviewed,
    geographies: header.geographies,
    models,
  })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AzureModelShape {
  kind: String,
  ptu: Option<PtuShape>,
  default_version: Option<String>,
  versions: BTreeMap<String, Node>,
  format: Option<String>,
  account: Option<String>,
  family: Option<String>,
  context: Option<u32>,
  input: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PtuShape {
  zone: Node,
  regional: Node,
  input_tpm: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AzureVersionShape {
  retires: Option<String>,
  not_before: Option<String>,
  successor: Option<String>,
  skus: Node,
}

/// One Azure model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn azure_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
) -> Result<AzureModel> {
  let model: AzureModelShape = read(value, at)?;
  let accounts: Vec<(&str, AzureAccount)> =
    AzureAccount::ALL.iter().map(|a| (a.key(), *a)).collect();
  let account = model
    .account
    .map(|text| choice(&text, &at.key("account"), &accounts))
    .transpose()?
    .unwrap_or_default();
  let ptu = model
    .ptu
    .map(|ptu| ptu_rules(&ptu, &at.key("ptu")))
    .transpose()?;
  let mut versions = BTreeMap::new();
  let versions_at = at.key("versions");
  for (version, value) in &model.versions {
    let at = versions_at.key(version);
    versions.insert(
      version.clone(),
      azure_version(value, &at, sets, ptu.is_some())?,
    );
  }
  if let Some(default) = &model.default_version
    && !versions.contains_key(default)
  {
    return Err(
      at.key("default_version")
        .error(format!("no version `{default}`")),
    );
  }
  Ok(AzureModel {
    id: id.to_owned(),
    kind: kind(&model.kind, at)?,
    format: model.format.unwrap_or_else(|| "OpenAI".to_owned()),
    account,
    ptu,
    default_version: model.default_version,
    versions,
    traits: traits(model.family, model.context, model.input, at)?,
  })
}

/// One version of an Azure model: its lifecycle and the regions of each SKU. `has_ptu`: the
/// model has PTU rules, which a provisioned SKU needs.
pub(super) fn azure_version(
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
  has_ptu: bool,
) -> Result<AzureVersion> {
  let version: AzureVersionShape = read(value, at)?;
  Ok(AzureVersion {
    lifecycle: lifecycle_of(
      version.retires.as_deref(),
      version.not_before.as_deref(),
      version.successor,
      at,
    )?,
    skus: azure_skus(&version.skus, &at.key("skus"), sets, has_ptu)?,
  })
}

/// `skus:` of an Azure version: SKU name -> regions.
pub(super) fn azure_skus(
  node: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
  has_ptu: bool,
) -> Result<BTreeMap<AzureSku, Vec<String>>> {
  let mut skus = BTreeMap::new();
  for (sku, list) in names(node, at)? {
    let parsed = AzureSku::ALL
      .into_iter()
      .find(|s| s.as_str() == sku)
      .ok_or_else(|| at.key(sku).error("not an Azure OpenAI deployment SKU"))?;
    if parsed.ptu_rule().is_some() && !has_ptu {
      return Err(
        at.key(sku)
          .error("a provisioned SKU needs the model's `ptu` rules"),
      );
    }
    skus.insert(parsed, regions(list, &at.key(sku), sets)?);
  }
  Ok(skus)
}

fn ptu_rules(ptu: &PtuShape, at: &At) -> Result<PtuRules> {
  let step = |node: &Node, key: &str| -> Result<Step> {
    let at = at.key(key);
    match node {
      Node::Sequence(pair) => match pair.as_slice() {
        [minimum, increment] => Ok(Step {
          minimum: read(minimum, &at)?,
          increment: read::<u32>(increment, &at)?.max(1),
        }),
        _ => Err(at.error("expected [minimum, increment]")),
      },
      other => Err(at.error(format!(
        "expected [minimum, increment], found {}",
        other.kind()
      ))),
    }
  };
  Ok(PtuRules {
    zone: step(&ptu.zone, "zone")?,
    regional: step(&ptu.regional, "regional")?,
    input_tpm: ptu.input_tpm,
  })
}

/// Geography destinations are leaked once into `'static` slices: the catalog lives as long as
/// the process, and the AWS plan borrows them for its whole run.
fn leak(text: String) -> &'static str {
  Box::leak(text.into_boxed_str())
}

pub(super) fn aws(text: &str) -> Result<Aws> {
  let (node, at) = parse(Cloud::Aws, text)?;
  let file: File = read(&node, &at)?;
  let header = header(&file, &at)?;
  let mut geos = Vec::new();
  let geos_at = at.key("profile_geos");
  let Some(profile_geos) = &file.profile_geos else {
    return Err(at.error("missing `profile_geos`"));
  };
  for (prefix, value) in names(profile_geos, &geos_at)? {
    let routes_to = match value {
      Node::String(any) if any == "any" => None,
      other => {
        let list = regions(other, &geos_at.key(prefix), &header.sets)?;
        let list: Vec<&'static str> = list.into_iter().map(leak).collect();
        Some(&*Box::leak(list.into_boxed_slice()))
      }
    };
    geos.push(ProfileGeo {
      prefix: leak(prefix.clone()),
      routes_to,
    });
  }
  let models = each_model(&file, &at, |id, value, at| {
    aws_model(id, value, at, &header.sets, &geos)
  })?;
  check_successors(
    models
      .values()
      .map(|m: &AwsModel| (m.id.as_str(), &m.lifecycle)),
    &|id| models.contains_key(id),
    &at,
  )?;
  Ok(Aws {
    reviewed: header.reviewed,
    geographies: header.geographies,
    geos,
    models,
  })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AwsModelShape {
  kind: String,
  regions: Option<Node>,
  profiles: Option<Vec<String>>,
  provisioned: Option<ProvisionedShape>,
  retires: Option<String>,
  not_before: Option<String>,
  successor: Option<String>,
  endpoint: Option<String>,
  api: Option<String>,
  family: Option<String>,
  context: Option<u32>,
  input: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvisionedShape {
  context: String,
  regions: Option<Node>,
}

/// One Bedrock model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn aws_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
  geos: &[ProfileGeo],
) -> Result<AwsModel> {
  let model: AwsModelShape = read(value, at)?;
  let services: Vec<(&str, AwsService)> = AwsService::ALL.iter().map(|s| (s.key(), *s)).collect();
  let service = model
    .endpoint
    .map(|text| choice(&text, &at.key("endpoint"), &services))
    .transpose()?
    .unwrap_or_default();
  let apis: Vec<(&str, AwsApi)> = AwsApi::ALL.iter().map(|a| (a.key(), *a)).collect();
  let api = model
    .api
    .map(|text| choice(&text, &at.key("api"), &apis))
    .transpose()?
    .unwrap_or_default();
  // Converse is bedrock-runtime's own API; bedrock-mantle speaks only the OpenAI-compatible
  // ones.
  if service == AwsService::Mantle && api == AwsApi::Converse {
    return Err(
      at.key("api")
        .error("bedrock-mantle serves `chat_completions` or `responses`, not `converse`"),
    );
  }
  if let Some(unknown) = model
    .profiles
    .iter()
    .flatten()
    .find(|p| !geos.iter().any(|g| g.prefix == p.as_str()))
  {
    return Err(
      at.key("profiles")
        .error(format!("no profile geography `{unknown}`")),
    );
  }
  let provisioned = match model.provisioned {
    Some(provisioned) => Some(Provisioned {
      context: provisioned.context,
      regions: provisioned
        .regions
        .map(|node| regions(&node, &at.key("provisioned").key("regions"), sets))
        .transpose()?,
    }),
    None => None,
  };
  Ok(AwsModel {
    id: id.to_owned(),
    kind: kind(&model.kind, at)?,
    service,
    api,
    traits: traits(model.family, model.context, model.input, at)?,
    regions: model
      .regions
      .map(|node| regions(&node, &at.key("regions"), sets))
      .transpose()?,
    profiles: model.profiles,
    provisioned,
    lifecycle: lifecycle_of(
      model.retires.as_deref(),
      model.not_before.as_deref(),
      model.successor,
      at,
    )?,
  })
}

pub(super) fn gcp(text: &str) -> Result<Gcp> {
  let (node, at) = parse(Cloud::Gcp, text)?;
  let file: File = read(&node, &at)?;
  let header = header(&file, &at)?;
  let models = each_model(&file, &at, |id, value, at| {
    gcp_model(id, value, at, &header.sets)
  })?;
  check_successors(
    models
      .values()
      .map(|m: &GcpModel| (m.id.as_str(), &m.lifecycle)),
    &|id| models.contains_key(id),
    &at,
  )?;
  Ok(Gcp {
    reviewed: header.reviewed,
    geographies: header.geographies,
    models,
  })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GcpModelShape {
  publisher: String,
  kind: String,
  dedicated: Option<bool>,
  regions: Option<Node>,
  retires: Option<String>,
  not_before: Option<String>,
  successor: Option<String>,
  family: Option<String>,
  context: Option<u32>,
  input: Option<Vec<String>>,
}

/// One Vertex AI model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn gcp_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
) -> Result<GcpModel> {
  let model: GcpModelShape = read(value, at)?;
  Ok(GcpModel {
    id: id.to_owned(),
    traits: traits(model.family, model.context, model.input, at)?,
    publisher: model.publisher,
    kind: kind(&model.kind, at)?,
    dedicated: model.dedicated.unwrap_or(false),
    regions: model
      .regions
      .map(|node| regions(&node, &at.key("regions"), sets))
      .transpose()?,
    lifecycle: lifecycle_of(
      model.retires.as_deref(),
      model.not_before.as_deref(),
      model.successor,
      at,
    )?,
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  fn error(result: Result<Azure>) -> String {
    match result {
      Ok(_) => panic!("accepted"),
      Err(e) => e.to_string(),
    }
  }

  const HEAD: &str =
    "cloud: azure\nreviewed: 2026-01-01\ngeographies: {eu: [westeurope], us: [eastus]}\n";

  #[test]
  fn mistakes_in_a_catalog_file_are_named_with_their_place() {
    let unknown_key = format!("{HEAD}models: {{m: {{kind: chat, versions: {{}}, colour: red}}}}\n");
    assert_eq!(
      error(azure(&unknown_key)),
      "catalog/azure.yaml at models.m.colour: unknown key"
    );
    let bad_region = format!(
      "{HEAD}models: {{m: {{kind: chat, versions: {{'1': {{skus: {{Standard: [eastus9]}}}}}}}}}}\n"
    );
    assert!(error(azure(&bad_region)).contains("`eastus9` is not a known azure region"));
    let bad_date = format!(
      "{HEAD}models: {{m: {{kind: chat, versions: {{'1': {{retires: 2026-02-30, skus: {{}}}}}}}}}}\n"
    );
    assert!(error(azure(&bad_date)).contains("versions.1.retires"));
    let orphan = format!(
      "{HEAD}models: {{m: {{kind: chat, versions: {{'1': {{successor: n, skus: {{}}}}}}}}}}\n"
    );
    assert!(error(azure(&orphan)).contains("the successor `n` is not in the catalog"));
    let provisioned = format!(
      "{HEAD}models: {{m: {{kind: chat, versions: {{'1': {{skus: {{ProvisionedManaged: [eastus]}}}}}}}}}}\n"
    );
    assert!(error(azure(&provisioned)).contains("needs the model's `ptu` rules"));
  }

  /// The shape's mistakes are named like the checks': the kind found, the key missing or
  /// unknown, at its YAML path.
  #[test]
  fn shape_mistakes_are_named_at_their_place() {
    let model = |body: &str| format!("{HEAD}models: {{m: {{{body}}}}}\n");
    for (body, expected) in [
      (
        "kind: chat",
        "catalog/azure.yaml at models.m: missing `versions`",
      ),
      (
        "kind: {a: 1}, versions: {}",
        "catalog/azure.yaml at models.m.kind: expected a string, found a mapping",
      ),
      (
        "kind: chat, versions: {}, context: 99999999999",
        "catalog/azure.yaml at models.m.context: 99999999999 is out of range",
      ),
      (
        "kind: chat, versions: {}, input: [text, 3]",
        "catalog/azure.yaml at models.m.input: expected a string, found an integer",
      ),
      (
        "kind: chat, versions: {'1': {retires: ~, skus: {}}}",
        "catalog/azure.yaml at models.m.versions.1.retires: expected a string, found null",
      ),
      (
        "kind: chat, versions: {'1': {skus: {}, colour: red}}",
        "catalog/azure.yaml at models.m.versions.1.colour: unknown key",
      ),
      // The path is the mapping's, as for every missing key (the hand reader named
      // `ptu.zone` here, the key itself).
      (
        "kind: chat, versions: {}, ptu: {regional: [50, 50], input_tpm: 1}",
        "catalog/azure.yaml at models.m.ptu: missing `zone`",
      ),
      (
        "kind: chat, versions: {}, ptu: {zone: [1], regional: [50, 50], input_tpm: 1}",
        "catalog/azure.yaml at models.m.ptu.zone: expected [minimum, increment]",
      ),
      (
        "kind: text, versions: {}",
        "catalog/azure.yaml at models.m.kind: `text` is not `chat` or `embedding`",
      ),
      (
        "kind: chat, versions: {}, account: Foundry",
        "catalog/azure.yaml at models.m.account: `Foundry` is not one of OpenAI, AIServices",
      ),
    ] {
      assert_eq!(error(azure(&model(body))), expected, "{body}");
    }
    assert_eq!(
      error(azure("cloud: azure\nreviewed: 2026-01-01\nmodels: {}\n")),
      "catalog/azure.yaml at the top: missing `geographies`"
    );
    assert_eq!(
      error(azure(&format!("{HEAD}models: {{}}\nprofile_geos: {{}}\n"))),
      "catalog/azure.yaml at profile_geos: unknown key"
    );
  }

  #[test]
  fn region_sets_expand_and_lists_are_sorted() {
    let text = format!(
      "{HEAD}region_sets: {{both: [westeurope, eastus]}}\nmodels: {{m: {{kind: chat, versions: {{'1': {{skus: {{GlobalStandard: both, Standard: [westus, eastus]}}}}}}}}}}\n"
    );
    let Ok(azure) = azure(&text) else {
      panic!("rejected")
    };
    let skus = &azure.models["m"].versions["1"].skus;
    assert_eq!(skus[&AzureSku::GlobalStandard], ["eastus", "westeurope"]);
    assert_eq!(skus[&AzureSku::Standard], ["eastus", "westus"]);
  }
}
