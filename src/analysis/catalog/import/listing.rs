//! Reads what the clouds' own CLIs print about their models, recognised by content (a file name
//! says nothing reliable), into the few facts the catalog records. Shapes, as documented:
//!
//! - `az cognitiveservices model list -l REGION` prints an array of
//!   `{kind, skuName, model: {format, name, version, capabilities, deprecation: {inference},
//!   lifecycleStatus, skus: [{name, usageName, capacity}]}}`; the REST call behind it
//!   (`.../locations/{location}/models`) wraps the same array in `{value: [...]}`.
//!   https://learn.microsoft.com/rest/api/aiservices/accountmanagement/models/list
//!   https://learn.microsoft.com/cli/azure/cognitiveservices/model
//! - `aws bedrock list-foundation-models` prints `{modelSummaries: [{modelArn, modelId,
//!   providerName, inputModalities, outputModalities, inferenceTypesSupported,
//!   modelLifecycle: {status}}]}`.
//!   https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
//! - `aws bedrock list-inference-profiles` prints `{inferenceProfileSummaries:
//!   [{inferenceProfileId, models: [{modelArn}], type, status}]}`.
//!   https://docs.aws.amazon.com/bedrock/latest/APIReference/API_InferenceProfileSummary.html
//! - Vertex AI's `publishers.models.list` answers `{publisherModels: [{name:
//!   "publishers/<publisher>/models/<id>", versionId, launchStage}]}`; `gcloud ai model-garden
//!   models list --format=json` prints the array of the same objects.
//!   https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/publishers.models/list

use serde_json::Value;

use crate::analysis::catalog::{Date, ModelKind};
use crate::analysis::cloud::{AzureSku, Cloud};
use crate::analysis::regions;

/// A place in a JSON document, as a JSON pointer (RFC 6901), for located errors.
#[derive(Clone)]
pub(super) struct Json<'a> {
  value: &'a Value,
  pointer: String,
}

/// A located mistake in a listing: the JSON pointer and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ListingError {
  pub(crate) pointer: String,
  pub(crate) message: String,
}

type Result<T> = std::result::Result<T, ListingError>;

fn describe(value: &Value) -> &'static str {
  match value {
    Value::Null => "null",
    Value::Bool(_) => "a boolean",
    Value::Number(_) => "a number",
    Value::String(_) => "a string",
    Value::Array(_) => "an array",
    Value::Object(_) => "an object",
  }
}

impl<'a> Json<'a> {
  pub(super) fn root(value: &'a Value) -> Self {
    Json {
      value,
      pointer: String::new(),
    }
  }

  fn child(&self, key: &str, value: &'a Value) -> Json<'a> {
    let escaped = key.replace('~', "~0").replace('/', "~1");
    Json {
      value,
      pointer: format!("{}/{escaped}", self.pointer),
    }
  }

  fn error(&self, message: impl Into<String>) -> ListingError {
    ListingError {
      pointer: if self.pointer.is_empty() {
        "/".to_owned()
      } else {
        self.pointer.clone()
      },
      message: message.into(),
    }
  }

  fn field(&self, key: &str) -> Option<Json<'a>> {
    let value = self.value.as_object()?.get(key)?;
    (!value.is_null()).then(|| self.child(key, value))
  }

  fn required(&self, key: &str) -> Result<Json<'a>> {
    self
      .field(key)
      .ok_or_else(|| self.error(format!("missing `{key}`")))
  }

  fn str(&self) -> Result<&'a str> {
    self
      .value
      .as_str()
      .ok_or_else(|| self.error(format!("expected a string, found {}", describe(self.value))))
  }

  fn items(&self) -> Result<Vec<Json<'a>>> {
    let Some(items) = self.value.as_array() else {
      return Err(self.error(format!("expected an array, found {}", describe(self.value))));
    };
    Ok(
      items
        .iter()
        .enumerate()
        .map(|(i, item)| self.child(&i.to_string(), item))
        .collect(),
    )
  }

  /// An optional array of strings.
  fn strings(&self, key: &str) -> Result<Vec<&'a str>> {
    match self.field(key) {
      None => Ok(Vec::new()),
      Some(list) => list.items()?.iter().map(Json::str).collect(),
    }
  }
}

/// Which CLI printed a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
  AzureModels,
  BedrockModels,
  BedrockProfiles,
  VertexModels,
}

impl Format {
  pub(crate) fn name(self) -> &'static str {
    match self {
      Format::AzureModels => "az cognitiveservices model list",
      Format::BedrockModels => "aws bedrock list-foundation-models",
      Format::BedrockProfiles => "aws bedrock list-inference-profiles",
      Format::VertexModels => "the Vertex AI publisher-model list",
    }
  }
}

/// One fact a listing states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fact {
  /// An Azure OpenAI model version, offered with `skus` in `region` (the item's `location`,
  /// else `--location`).
  Azure {
    model: String,
    version: String,
    kind: Option<ModelKind>,
    retires: Option<Date>,
    skus: Vec<AzureSku>,
    region: String,
  },
  /// A Bedrock foundation model listed in `region`.
  Bedrock {
    id: String,
    kind: Option<ModelKind>,
    region: String,
    on_demand: bool,
    input: Vec<String>,
  },
  /// A system-defined cross-Region inference profile of geography `prefix` for model `id`.
  Profile { prefix: String, id: String },
  /// A Vertex AI publisher model.
  Vertex { publisher: String, id: String },
}

/// What a listing reads as, and the facts in it.
pub(crate) fn read(document: &Value, location: Option<&str>) -> Result<(Format, Vec<Fact>)> {
  let root = Json::root(document);
  if let Some(list) = root.field("modelSummaries") {
    return Ok((Format::BedrockModels, bedrock_models(list)?));
  }
  if let Some(list) = root.field("inferenceProfileSummaries") {
    return Ok((Format::BedrockProfiles, bedrock_profiles(list)?));
  }
  if let Some(list) = root.field("publisherModels") {
    return Ok((Format::VertexModels, vertex(list)?));
  }
  let list = match root.field("value") {
    Some(list) => list,
    None => root.clone(),
  };
  if let Value::Array(items) = list.value {
    let looks = |key: &str| items.iter().any(|item| item.get(key).is_some());
    if looks("model") && looks("skuName") {
      return Ok((Format::AzureModels, azure(list, location)?));
    }
    let vertex_name = items.iter().any(|item| {
      item
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.starts_with("publishers/"))
    });
    if vertex_name {
      return Ok((Format::VertexModels, vertex(list)?));
    }
  }
  Err(root.error(
    "not a listing Switchyard reads: expected the JSON printed by `az cognitiveservices model list`, \
`aws bedrock list-foundation-models`, `aws bedrock list-inference-profiles` or Vertex AI's publisher-model list",
  ))
}

fn date_of(node: &Json<'_>) -> Result<Date> {
  let text = node.str()?;
  text
    .get(..10)
    .and_then(Date::parse)
    .ok_or_else(|| node.error(format!("{text:?} is not a date")))
}

fn azure(list: Json<'_>, location: Option<&str>) -> Result<Vec<Fact>> {
  let mut facts = Vec::new();
  for item in list.items()? {
    let model = item.required("model")?;
    // Only Azure OpenAI models: the catalog's Azure section is Azure OpenAI deployments.
    let format = model.field("format");
    if format.as_ref().map(Json::str).transpose()? != Some("OpenAI") {
      continue;
    }
    let capabilities = model.field("capabilities");
    let capability = |key: &str| {
      capabilities
        .as_ref()
        .and_then(|c| c.field(key))
        .and_then(|v| v.value.as_str())
        == Some("true")
    };
    let kind = if capability("embeddings") {
      Some(ModelKind::Embedding)
    } else if capability("chatCompletion") {
      Some(ModelKind::Chat)
    } else {
      None
    };
    let region = match item.field("location") {
      Some(node) => Some(node.str()?.to_owned()),
      None => location.map(str::to_owned),
    };
    let Some(region) = region else {
      return Err(item.error(
        "no `location`: `az cognitiveservices model list` does not repeat its -l; pass --location REGION",
      ));
    };
    // The CLI's locations are lower case without spaces ("eastus2"); the REST sample's "WestUS"
    // is the same location.
    let region = region.to_lowercase().replace(' ', "");
    if !regions::is_known(Cloud::Azure, &region) {
      let at = item.field("location").unwrap_or(item.clone());
      return Err(at.error(format!("`{region}` is not a known azure region")));
    }
    let mut skus = Vec::new();
    if let Some(list) = model.field("skus") {
      for sku in list.items()? {
        let name = sku.required("name")?.str()?;
        // A SKU Switchyard cannot deploy (a new one, a fine-tuning one) is not recorded.
        if let Some(parsed) = AzureSku::ALL.into_iter().find(|s| s.as_str() == name) {
          skus.push(parsed);
        }
      }
    }
    skus.sort();
    skus.dedup();
    facts.push(Fact::Azure {
      model: model.required("name")?.str()?.to_owned(),
      version: model.required("version")?.str()?.to_owned(),
      kind,
      retires: model
        .field("deprecation")
        .and_then(|d| d.field("inference"))
        .as_ref()
        .map(date_of)
        .transpose()?,
      skus,
      region,
    });
  }
  Ok(facts)
}

/// The Region of a Bedrock ARN (`arn:aws:bedrock:<region>:...`).
fn arn_region(arn: &Json<'_>) -> Result<String> {
  let text = arn.str()?;
  let region = text.split(':').nth(3).unwrap_or_default();
  if !regions::is_known(Cloud::Aws, region) {
    return Err(arn.error(format!("`{text}` names no known aws region")));
  }
  Ok(region.to_owned())
}

fn bedrock_models(list: Json<'_>) -> Result<Vec<Fact>> {
  let mut facts = Vec::new();
  for item in list.items()? {
    let id = item.required("modelId")?.str()?;
    // `<id>:<context>` variants (`...-v1:0:200k`) are what Provisioned Throughput is bought
    // for, not models of their own.
    if id.matches(':').count() > 1 {
      continue;
    }
    let output = item.strings("outputModalities")?;
    let kind = if output.contains(&"EMBEDDING") {
      Some(ModelKind::Embedding)
    } else if output.contains(&"TEXT") {
      Some(ModelKind::Chat)
    } else {
      None
    };
    let mut input: Vec<String> = item
      .strings("inputModalities")?
      .into_iter()
      .map(str::to_lowercase)
      .filter(|m| ["text", "image", "audio", "video"].contains(&m.as_str()))
      .collect();
    input.sort();
    input.dedup();
    facts.push(Fact::Bedrock {
      id: id.to_owned(),
      kind,
      region: arn_region(&item.required("modelArn")?)?,
      on_demand: item
        .strings("inferenceTypesSupported")?
        .contains(&"ON_DEMAND"),
      input,
    });
  }
  Ok(facts)
}

fn bedrock_profiles(list: Json<'_>) -> Result<Vec<Fact>> {
  let mut facts = Vec::new();
  for item in list.items()? {
    // Application profiles are an account's own; only system-defined ones are the cloud's.
    let kind = item.field("type");
    if kind.as_ref().map(Json::str).transpose()? != Some("SYSTEM_DEFINED") {
      continue;
    }
    let node = item.required("inferenceProfileId")?;
    let id = node.str()?;
    let Some((prefix, model)) = id.split_once('.') else {
      return Err(node.error(format!("`{id}` has no geography prefix")));
    };
    facts.push(Fact::Profile {
      prefix: prefix.to_owned(),
      id: model.to_owned(),
    });
  }
  Ok(facts)
}

fn vertex(list: Json<'_>) -> Result<Vec<Fact>> {
  let mut facts = Vec::new();
  for item in list.items()? {
    let node = item.required("name")?;
    let name = node.str()?;
    let parts: Vec<&str> = name.split('/').collect();
    let ["publishers", publisher, "models", id] = parts.as_slice() else {
      return Err(node.error(format!(
        "`{name}` is not publishers/<publisher>/models/<id>"
      )));
    };
    facts.push(Fact::Vertex {
      publisher: (*publisher).to_owned(),
      id: (*id).to_owned(),
    });
  }
  Ok(facts)
}
