//! What the rest of Switchyard asks about models, answered from the catalog (`catalog/*.yaml`):
//! Bedrock inference-profile routing (for exact IAM ARNs), provisioned-throughput variants,
//! Vertex publishers and which Vertex models can run on a dedicated endpoint.
//!
//! Models newer than the catalog (`unlisted: true`) still render: profiles fall back to their
//! geography's routes, and the Vertex questions to the id's publisher prefix.

use crate::analysis::catalog::{self, AwsApi, AwsService, AzureAccount, ModelKind};
use crate::analysis::cloud::AzureSku;

pub(crate) use crate::analysis::catalog::ProfileGeo;

/// The inference profile geography of a Bedrock model id such as `us.anthropic.claude-…`,
/// and the foundation model id behind it.
pub(crate) fn inference_profile(model: &str) -> Option<(&'static ProfileGeo, &str)> {
  let (prefix, rest) = model.split_once('.')?;
  // A foundation model id also has a dot (`amazon.nova-pro-v1:0`); only known geo prefixes
  // followed by a provider and a model make a profile.
  if !rest.contains('.') {
    return None;
  }
  let geo = catalog::get().ok()?.aws.geo(prefix)?;
  Some((geo, rest))
}

/// Whether `region` may call a profile of `geo` (a `us.` profile is invoked from US regions).
pub(crate) fn geo_admits(geo: &ProfileGeo, region: &str) -> bool {
  match geo.routes_to {
    Some(regions) => regions.contains(&region),
    None => true,
  }
}

/// The provisioned-throughput model id for a base model (`<id>:<context>`), if the catalog
/// knows the context variant Bedrock sells throughput for.
pub(crate) fn provisioned_variant(model: &str) -> Option<String> {
  let entry = catalog::get().ok()?.aws.models.get(model)?;
  let provisioned = entry.provisioned.as_ref()?;
  Some(format!("{model}:{}", provisioned.context))
}

/// Embedding models are invoked with `InvokeModel` (Bedrock) or `predict` (Vertex); chat
/// models with `Converse` or `generateContent`.
pub(crate) fn is_embedding(model: &str) -> bool {
  let foundation = inference_profile(model).map_or(model, |(_, rest)| rest);
  let known = catalog::get().ok().and_then(|c| {
    c.aws
      .models
      .get(foundation)
      .map(|m| m.kind)
      .or_else(|| c.gcp.models.get(model).map(|m| m.kind))
      .or_else(|| c.azure.models.get(model).map(|m| m.kind))
  });
  match known {
    Some(kind) => kind == ModelKind::Embedding,
    None => model.contains("embed"),
  }
}

/// The Bedrock service a model is invoked on and the API it is routed with: the catalog's, or
/// `bedrock-runtime` with Converse for a model the catalog does not know (issue 13).
pub(crate) fn bedrock_service(model: &str) -> (AwsService, AwsApi) {
  let foundation = inference_profile(model).map_or(model, |(_, rest)| rest);
  catalog::get()
    .ok()
    .and_then(|c| c.aws.models.get(foundation))
    .map(|m| (m.service, m.api))
    .unwrap_or_default()
}

/// The kind of account an Azure model is deployed on and its deployment `model.format`: the
/// catalog's, or an Azure OpenAI account and `OpenAI` for a model it does not know (issue 13).
pub(crate) fn azure_deployment(model: &str) -> (AzureAccount, String) {
  catalog::get()
    .ok()
    .and_then(|c| c.azure.models.get(model))
    .map_or((AzureAccount::OpenAi, "OpenAI".to_owned()), |m| {
      (m.account, m.format.clone())
    })
}

/// The Vertex AI publisher of a model id (`claude-…` is Anthropic's, `gemini-…` Google's).
pub(crate) fn vertex_publisher(model: &str) -> &'static str {
  if let Some(entry) = catalog::get().ok().and_then(|c| c.gcp.models.get(model)) {
    return entry.publisher.as_str();
  }
  if model.starts_with("claude-") {
    "anthropic"
  } else if model.starts_with("llama") {
    "meta"
  } else if model.starts_with("mistral") || model.starts_with("codestral") {
    "mistralai"
  } else {
    "google"
  }
}

/// Whether a Vertex AI model can run on a dedicated endpoint of the project's own. Google's
/// first-party models (Gemini, Imagen, the text embeddings) and partner models are served by
/// Google only; Model Garden's open models are deployed onto endpoints.
pub(crate) fn vertex_deployable(model: &str) -> bool {
  if let Some(entry) = catalog::get().ok().and_then(|c| c.gcp.models.get(model)) {
    return entry.dedicated;
  }
  let served_by_google = [
    "gemini",
    "imagen",
    "text-embedding",
    "text-multilingual-embedding",
    "veo",
    "chirp",
  ];
  vertex_publisher(model) != "anthropic" && !served_by_google.iter().any(|p| model.starts_with(p))
}

/// The PTU minimum and increment of a provisioned Azure deployment: the model's own rule from
/// the catalog, or the SKU's general one for a model the catalog does not know.
pub(crate) fn azure_ptu_rule(model: &str, sku: AzureSku) -> Option<(u32, u32)> {
  let own = catalog::get()
    .ok()
    .and_then(|c| c.azure.models.get(model))
    .and_then(|m| m.ptu.as_ref())
    .and_then(|rules| rules.step(sku));
  match own {
    Some(step) => Some((step.minimum, step.increment)),
    None => sku.ptu_rule(),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn tells_profiles_from_foundation_models() {
    let (geo, model) = inference_profile("us.anthropic.claude-sonnet-4-20250514-v1:0").unwrap();
    assert_eq!(geo.prefix, "us");
    assert_eq!(model, "anthropic.claude-sonnet-4-20250514-v1:0");
    assert!(inference_profile("amazon.nova-pro-v1:0").is_none());
    assert!(inference_profile("global.anthropic.claude-sonnet-4-5-20250929-v1:0").is_some());
    assert!(inference_profile("xx.anthropic.claude-sonnet-4-5-20250929-v1:0").is_none());
    assert!(geo_admits(geo, "us-west-2"));
    // Issue 13: the OpenAI GPT-5 models answer only Responses on bedrock-mantle.
    assert_eq!(
      bedrock_service("openai.gpt-5.4"),
      (AwsService::Mantle, AwsApi::Responses)
    );
    assert_eq!(
      bedrock_service("openai.gpt-oss-120b-1:0"),
      (AwsService::Runtime, AwsApi::Converse)
    );
    // ... and gpt-oss-120b on Azure needs a Foundry (AIServices) account and its own format.
    assert_eq!(
      azure_deployment("gpt-oss-120b"),
      (AzureAccount::AiServices, "OpenAI-OSS".to_owned())
    );
    assert_eq!(
      azure_deployment("gpt-5.4"),
      (AzureAccount::OpenAi, "OpenAI".to_owned())
    );
    assert!(!geo_admits(geo, "eu-west-1"));
    // A profile of a model newer than the catalog still routes by its geography.
    let (eu, _) = inference_profile("eu.anthropic.claude-next-v1:0").unwrap();
    assert_eq!(eu.routes_to.unwrap().len(), 6);
  }

  #[test]
  fn only_open_models_are_deployable_on_vertex() {
    assert!(!vertex_deployable("gemini-2.5-pro"));
    assert!(!vertex_deployable("claude-sonnet-4@20250514"));
    assert!(vertex_deployable("gemma-3-12b-it"));
    assert!(vertex_deployable("llama-3.3-70b-instruct"));
    assert!(!vertex_deployable("gemini-9-unlisted"));
    assert_eq!(vertex_publisher("claude-opus-4-6"), "anthropic");
    assert_eq!(vertex_publisher("llama-3.3-70b-instruct"), "meta");
  }

  #[test]
  fn knows_provisioned_variants_and_embeddings() {
    assert_eq!(
      provisioned_variant("amazon.nova-pro-v1:0").as_deref(),
      Some("amazon.nova-pro-v1:0:300k")
    );
    assert_eq!(provisioned_variant("us.amazon.nova-pro-v1:0"), None);
    assert!(is_embedding("amazon.titan-embed-text-v2:0"));
    assert!(is_embedding("text-embedding-005"));
    assert!(!is_embedding("us.amazon.nova-lite-v1:0"));
    assert!(is_embedding("cohere.embed-unlisted-v9"));
  }

  #[test]
  fn ptu_rules_are_per_model_with_the_sku_as_fallback() {
    assert_eq!(
      azure_ptu_rule("gpt-4.1-mini", AzureSku::ProvisionedManaged),
      Some((25, 25))
    );
    assert_eq!(
      azure_ptu_rule("gpt-4.1", AzureSku::ProvisionedManaged),
      Some((50, 50))
    );
    assert_eq!(
      azure_ptu_rule("o1", AzureSku::ProvisionedManaged),
      Some((25, 50))
    );
    assert_eq!(
      azure_ptu_rule("gpt-9", AzureSku::GlobalProvisionedManaged),
      Some((15, 5))
    );
    assert_eq!(azure_ptu_rule("gpt-4.1", AzureSku::Standard), None);
  }
}
