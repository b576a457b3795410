//! What Switchyard must know about models to render correct Terraform, before the full
//! catalog exists: Bedrock inference-profile routing (for exact IAM ARNs) and the
//! provisioned-throughput variants of Bedrock base models.

/// A Bedrock cross-region inference profile: its id prefix, the regions a caller may invoke it
/// from, and the regions it routes requests to. `None` routes to any commercial region, and
/// AWS documents region-less foundation-model ARNs for that case.
pub(crate) struct ProfileGeo {
  pub(crate) prefix: &'static str,
  pub(crate) routes_to: Option<&'static [&'static str]>,
}

/// Destinations as AWS lists them for the current Anthropic, Amazon and Meta profiles (2026).
const GEOS: &[ProfileGeo] = &[
  ProfileGeo {
    prefix: "us",
    routes_to: Some(&["us-east-1", "us-east-2", "us-west-2"]),
  },
  ProfileGeo {
    prefix: "us-gov",
    routes_to: Some(&["us-gov-east-1", "us-gov-west-1"]),
  },
  ProfileGeo {
    prefix: "eu",
    routes_to: Some(&[
      "eu-central-1",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-3",
    ]),
  },
  ProfileGeo {
    prefix: "apac",
    routes_to: Some(&[
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-4",
    ]),
  },
  ProfileGeo {
    prefix: "jp",
    routes_to: Some(&["ap-northeast-1", "ap-northeast-3"]),
  },
  ProfileGeo {
    prefix: "au",
    routes_to: Some(&["ap-southeast-2", "ap-southeast-4"]),
  },
  ProfileGeo {
    prefix: "global",
    routes_to: None,
  },
];

/// The inference profile geography of a Bedrock model id such as `us.anthropic.claude-…`,
/// and the foundation model id behind it.
pub(crate) fn inference_profile(model: &str) -> Option<(&'static ProfileGeo, &str)> {
  let (prefix, rest) = model.split_once('.')?;
  // A foundation model id also has a dot (`amazon.nova-pro-v1:0`); only known geo prefixes
  // followed by a provider and a model make a profile.
  if !rest.contains('.') {
    return None;
  }
  GEOS.iter().find(|g| g.prefix == prefix).map(|g| (g, rest))
}

/// Whether `region` may call a profile of `geo` (a `us.` profile is invoked from US regions).
pub(crate) fn geo_admits(geo: &ProfileGeo, region: &str) -> bool {
  match geo.routes_to {
    Some(regions) => regions.contains(&region),
    None => true,
  }
}

/// Bedrock sells provisioned throughput for base models only in a context-length variant,
/// whose id appends `:<context>` to the model id.
const PROVISIONABLE: &[(&str, &str)] = &[
  ("amazon.nova-lite-v1:0", "300k"),
  ("amazon.nova-micro-v1:0", "128k"),
  ("amazon.nova-pro-v1:0", "300k"),
  ("amazon.titan-embed-text-v2:0", "8k"),
  ("anthropic.claude-3-5-sonnet-20240620-v1:0", "200k"),
  ("anthropic.claude-3-haiku-20240307-v1:0", "200k"),
];

/// The provisioned-throughput model id for a base model, if Switchyard knows it.
pub(crate) fn provisioned_variant(model: &str) -> Option<String> {
  PROVISIONABLE
    .iter()
    .find(|(id, _)| *id == model)
    .map(|(id, context)| format!("{id}:{context}"))
}

pub(crate) fn provisionable_models() -> impl Iterator<Item = &'static str> {
  PROVISIONABLE.iter().map(|(id, _)| *id)
}

/// Embedding models are invoked with `InvokeModel`; chat models with `Converse`.
pub(crate) fn is_embedding(model: &str) -> bool {
  model.contains("embed")
}

/// The Vertex AI publisher of a model id (`claude-…` is Anthropic's, `gemini-…` Google's).
pub(crate) fn vertex_publisher(model: &str) -> &'static str {
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
/// first-party models (Gemini, Imagen, the text embeddings) are served by Google only; Model
/// Garden's open models are deployed onto endpoints.
pub(crate) fn vertex_deployable(model: &str) -> bool {
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
    assert!(geo_admits(geo, "us-west-2"));
    assert!(!geo_admits(geo, "eu-west-1"));
  }

  #[test]
  fn only_open_models_are_deployable_on_vertex() {
    assert!(!vertex_deployable("gemini-2.5-pro"));
    assert!(!vertex_deployable("claude-sonnet-4@20250514"));
    assert!(vertex_deployable("gemma-3-12b-it"));
    assert!(vertex_deployable("llama-3.3-70b-instruct"));
  }

  #[test]
  fn knows_provisioned_variants() {
    assert_eq!(
      provisioned_variant("amazon.nova-pro-v1:0").as_deref(),
      Some("amazon.nova-pro-v1:0:300k")
    );
    assert_eq!(provisioned_variant("us.amazon.nova-pro-v1:0"), None);
  }
}
