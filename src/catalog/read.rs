//! Reads the catalog files into typed data, strictly: an unknown key, a region the cloud does
//! not have, a dangling set, geography or successor name is an error naming the place.

use std::collections::BTreeMap;

use super::{
  Aws, AwsApi, AwsModel, AwsService, Azure, AzureAccount, AzureModel, AzureVersion, CatalogError,
  Date, Gcp, GcpModel, Geographies, Kind, Lifecycle, ProfileGeo, Provisioned, PtuRules, Step,
  Traits,
};
use crate::cloud::{AzureSku, Cloud};
use crate::node::Node;
use crate::regions;
use crate::yaml;

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
}

pub(super) type Result<T> = std::result::Result<T, CatalogError>;

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

pub(super) fn required<'a>(entries: &'a Entries, key: &str, at: &At) -> Result<&'a Node> {
  get(entries, key).ok_or_else(|| at.error(format!("missing `{key}`")))
}

pub(super) fn string(node: &Node, at: &At) -> Result<String> {
  match node {
    Node::String(s) => Ok(s.clone()),
    other => Err(at.error(format!("expected a string, found {}", other.kind()))),
  }
}

pub(super) fn date(node: &Node, at: &At) -> Result<Date> {
  let text = string(node, at)?;
  Date::parse(&text).ok_or_else(|| at.error(format!("{text:?} is not a YYYY-MM-DD date")))
}

fn integer(node: &Node, at: &At) -> Result<u32> {
  match node {
    Node::Integer(i) => u32::try_from(*i).map_err(|_| at.error(format!("{i} is out of range"))),
    other => Err(at.error(format!("expected an integer, found {}", other.kind()))),
  }
}

fn boolean(node: &Node, at: &At) -> Result<bool> {
  match node {
    Node::Bool(b) => Ok(*b),
    other => Err(at.error(format!("expected a boolean, found {}", other.kind()))),
  }
}

pub(super) fn strings(node: &Node, at: &At) -> Result<Vec<String>> {
  let Node::Sequence(items) = node else {
    return Err(at.error(format!("expected a sequence, found {}", node.kind())));
  };
  items.iter().map(|item| string(item, at)).collect()
}

fn kind(entries: &Entries, at: &At) -> Result<Kind> {
  match string(required(entries, "kind", at)?, &at.key("kind"))?.as_str() {
    "chat" => Ok(Kind::Chat),
    "embedding" => Ok(Kind::Embedding),
    other => Err(
      at.key("kind")
        .error(format!("`{other}` is not `chat` or `embedding`")),
    ),
  }
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

fn region_sets(entries: &Entries, at: &At) -> Result<BTreeMap<String, Vec<String>>> {
  let mut sets = BTreeMap::new();
  if let Some(node) = get(entries, "region_sets") {
    let at = at.key("region_sets");
    for (name, value) in names(node, &at)? {
      let list = regions(value, &at.key(name), &BTreeMap::new())?;
      sets.insert(name.clone(), list);
    }
  }
  Ok(sets)
}

fn geographies(entries: &Entries, at: &At) -> Result<Geographies> {
  let at = at.key("geographies");
  let fields = mapping(required(entries, "geographies", &at)?, &at, &["eu", "us"])?;
  let none = BTreeMap::new();
  Ok(Geographies {
    eu: regions(required(fields, "eu", &at)?, &at.key("eu"), &none)?,
    us: regions(required(fields, "us", &at)?, &at.key("us"), &none)?,
  })
}

/// The keys every catalog file has, checked; the file's own keys are `extra`.
fn header<'a>(node: &'a Node, at: &At, extra: &[&str]) -> Result<(&'a Entries, Date, Geographies)> {
  let mut keys = vec!["cloud", "reviewed", "geographies", "region_sets", "models"];
  keys.extend_from_slice(extra);
  let entries = mapping(node, at, &keys)?;
  let cloud = string(required(entries, "cloud", at)?, &at.key("cloud"))?;
  if cloud != at.cloud.key() {
    return Err(
      at.key("cloud")
        .error(format!("this is the {} file", at.cloud)),
    );
  }
  let reviewed = date(required(entries, "reviewed", at)?, &at.key("reviewed"))?;
  Ok((entries, reviewed, geographies(entries, at)?))
}

/// The keys every model may have for parity checks.
const TRAITS: [&str; 3] = ["family", "context", "input"];

fn traits(entries: &Entries, at: &At) -> Result<Traits> {
  let input = get(entries, "input")
    .map(|node| strings(node, &at.key("input")))
    .transpose()?;
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
    family: get(entries, "family")
      .map(|node| string(node, &at.key("family")))
      .transpose()?,
    context: get(entries, "context")
      .map(|node| integer(node, &at.key("context")))
      .transpose()?,
    input,
  })
}

/// One of `choices` by its key, or an error listing them.
fn choice<T: Copy>(node: &Node, at: &At, choices: &[(&str, T)]) -> Result<T> {
  let text = string(node, at)?;
  choices
    .iter()
    .find(|(key, _)| *key == text)
    .map(|(_, value)| *value)
    .ok_or_else(|| {
      let keys: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
      at.error(format!("`{text}` is not one of {}", keys.join(", ")))
    })
}

pub(super) fn lifecycle(entries: &Entries, at: &At) -> Result<Lifecycle> {
  let optional_date = |key: &str| {
    get(entries, key)
      .map(|node| date(node, &at.key(key)))
      .transpose()
  };
  Ok(Lifecycle {
    retires: optional_date("retires")?,
    not_before: optional_date("not_before")?,
    successor: get(entries, "successor")
      .map(|node| string(node, &at.key("successor")))
      .transpose()?,
  })
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
  let (entries, reviewed, geographies) = header(&node, &at, &[])?;
  let sets = region_sets(entries, &at)?;
  let mut models = BTreeMap::new();
  let models_at = at.key("models");
  for (id, value) in names(required(entries, "models", &at)?, &models_at)? {
    models.insert(
      id.clone(),
      azure_model(id, value, &models_at.key(id), &sets)?,
    );
  }
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
    reviewed,
    geographies,
    models,
  })
}

/// One Azure model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn azure_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
) -> Result<AzureModel> {
  let mut keys = vec![
    "kind",
    "ptu",
    "default_version",
    "versions",
    "format",
    "account",
  ];
  keys.extend(TRAITS);
  let fields = mapping(value, at, &keys)?;
  let format = get(fields, "format")
    .map(|node| string(node, &at.key("format")))
    .transpose()?
    .unwrap_or_else(|| "OpenAI".to_owned());
  let accounts: Vec<(&str, AzureAccount)> =
    AzureAccount::ALL.iter().map(|a| (a.key(), *a)).collect();
  let account = get(fields, "account")
    .map(|node| choice(node, &at.key("account"), &accounts))
    .transpose()?
    .unwrap_or_default();
  let ptu = get(fields, "ptu")
    .map(|node| ptu_rules(node, &at.key("ptu")))
    .transpose()?;
  let mut versions = BTreeMap::new();
  let versions_at = at.key("versions");
  for (version, value) in names(required(fields, "versions", at)?, &versions_at)? {
    let at = versions_at.key(version);
    versions.insert(
      version.clone(),
      azure_version(value, &at, sets, ptu.is_some())?,
    );
  }
  let default_version = get(fields, "default_version")
    .map(|node| string(node, &at.key("default_version")))
    .transpose()?;
  if let Some(default) = &default_version
    && !versions.contains_key(default)
  {
    return Err(
      at.key("default_version")
        .error(format!("no version `{default}`")),
    );
  }
  Ok(AzureModel {
    id: id.to_owned(),
    kind: kind(fields, at)?,
    format,
    account,
    ptu,
    default_version,
    versions,
    traits: traits(fields, at)?,
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
  let fields = mapping(value, at, &["retires", "not_before", "successor", "skus"])?;
  Ok(AzureVersion {
    lifecycle: lifecycle(fields, at)?,
    skus: azure_skus(
      required(fields, "skus", at)?,
      &at.key("skus"),
      sets,
      has_ptu,
    )?,
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

fn ptu_rules(node: &Node, at: &At) -> Result<PtuRules> {
  let fields = mapping(node, at, &["zone", "regional", "input_tpm"])?;
  let step = |key: &str| -> Result<Step> {
    let at = at.key(key);
    match required(fields, key, &at)? {
      Node::Sequence(pair) => match pair.as_slice() {
        [minimum, increment] => Ok(Step {
          minimum: integer(minimum, &at)?,
          increment: integer(increment, &at)?.max(1),
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
    zone: step("zone")?,
    regional: step("regional")?,
    input_tpm: integer(required(fields, "input_tpm", at)?, &at.key("input_tpm"))?,
  })
}

/// Geography destinations are leaked once into `'static` slices: the catalog lives as long as
/// the process, and the AWS plan borrows them for its whole run.
fn leak(text: String) -> &'static str {
  Box::leak(text.into_boxed_str())
}

pub(super) fn aws(text: &str) -> Result<Aws> {
  let (node, at) = parse(Cloud::Aws, text)?;
  let (entries, reviewed, geographies) = header(&node, &at, &["profile_geos"])?;
  let sets = region_sets(entries, &at)?;
  let mut geos = Vec::new();
  let geos_at = at.key("profile_geos");
  for (prefix, value) in names(required(entries, "profile_geos", &at)?, &geos_at)? {
    let routes_to = match value {
      Node::String(any) if any == "any" => None,
      other => {
        let list = regions(other, &geos_at.key(prefix), &sets)?;
        let list: Vec<&'static str> = list.into_iter().map(leak).collect();
        Some(&*Box::leak(list.into_boxed_slice()))
      }
    };
    geos.push(ProfileGeo {
      prefix: leak(prefix.clone()),
      routes_to,
    });
  }
  let mut models = BTreeMap::new();
  let models_at = at.key("models");
  for (id, value) in names(required(entries, "models", &at)?, &models_at)? {
    models.insert(
      id.clone(),
      aws_model(id, value, &models_at.key(id), &sets, &geos)?,
    );
  }
  check_successors(
    models
      .values()
      .map(|m: &AwsModel| (m.id.as_str(), &m.lifecycle)),
    &|id| models.contains_key(id),
    &at,
  )?;
  Ok(Aws {
    reviewed,
    geographies,
    geos,
    models,
  })
}

/// One Bedrock model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn aws_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
  geos: &[ProfileGeo],
) -> Result<AwsModel> {
  let mut keys = vec![
    "kind",
    "regions",
    "profiles",
    "provisioned",
    "retires",
    "not_before",
    "successor",
    "endpoint",
    "api",
  ];
  keys.extend(TRAITS);
  let fields = mapping(value, at, &keys)?;
  let services: Vec<(&str, AwsService)> = AwsService::ALL.iter().map(|s| (s.key(), *s)).collect();
  let service = get(fields, "endpoint")
    .map(|node| choice(node, &at.key("endpoint"), &services))
    .transpose()?
    .unwrap_or_default();
  let apis: Vec<(&str, AwsApi)> = AwsApi::ALL.iter().map(|a| (a.key(), *a)).collect();
  let api = get(fields, "api")
    .map(|node| choice(node, &at.key("api"), &apis))
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
  let profiles = get(fields, "profiles")
    .map(|node| strings(node, &at.key("profiles")))
    .transpose()?;
  if let Some(unknown) = profiles
    .iter()
    .flatten()
    .find(|p| !geos.iter().any(|g| g.prefix == p.as_str()))
  {
    return Err(
      at.key("profiles")
        .error(format!("no profile geography `{unknown}`")),
    );
  }
  let provisioned = match get(fields, "provisioned") {
    Some(node) => {
      let at = at.key("provisioned");
      let fields = mapping(node, &at, &["context", "regions"])?;
      Some(Provisioned {
        context: string(required(fields, "context", &at)?, &at.key("context"))?,
        regions: get(fields, "regions")
          .map(|node| regions(node, &at.key("regions"), sets))
          .transpose()?,
      })
    }
    None => None,
  };
  Ok(AwsModel {
    id: id.to_owned(),
    kind: kind(fields, at)?,
    service,
    api,
    traits: traits(fields, at)?,
    regions: get(fields, "regions")
      .map(|node| regions(node, &at.key("regions"), sets))
      .transpose()?,
    profiles,
    provisioned,
    lifecycle: lifecycle(fields, at)?,
  })
}

pub(super) fn gcp(text: &str) -> Result<Gcp> {
  let (node, at) = parse(Cloud::Gcp, text)?;
  let (entries, reviewed, geographies) = header(&node, &at, &[])?;
  let sets = region_sets(entries, &at)?;
  let mut models = BTreeMap::new();
  let models_at = at.key("models");
  for (id, value) in names(required(entries, "models", &at)?, &models_at)? {
    models.insert(id.clone(), gcp_model(id, value, &models_at.key(id), &sets)?);
  }
  check_successors(
    models
      .values()
      .map(|m: &GcpModel| (m.id.as_str(), &m.lifecycle)),
    &|id| models.contains_key(id),
    &at,
  )?;
  Ok(Gcp {
    reviewed,
    geographies,
    models,
  })
}

/// One Vertex AI model in the built-in file's shape (also how an overlay declares a new one).
pub(super) fn gcp_model(
  id: &str,
  value: &Node,
  at: &At,
  sets: &BTreeMap<String, Vec<String>>,
) -> Result<GcpModel> {
  let mut keys = vec![
    "publisher",
    "kind",
    "dedicated",
    "regions",
    "retires",
    "not_before",
    "successor",
  ];
  keys.extend(TRAITS);
  let fields = mapping(value, at, &keys)?;
  Ok(GcpModel {
    id: id.to_owned(),
    traits: traits(fields, at)?,
    publisher: string(required(fields, "publisher", at)?, &at.key("publisher"))?,
    kind: kind(fields, at)?,
    dedicated: get(fields, "dedicated")
      .map(|node| boolean(node, &at.key("dedicated")))
      .transpose()?
      .unwrap_or(false),
    regions: get(fields, "regions")
      .map(|node| regions(node, &at.key("regions"), sets))
      .transpose()?,
    lifecycle: lifecycle(fields, at)?,
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
