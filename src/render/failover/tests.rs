//! The runtime files of issue 18: Azure entries get an Entra ID token source and callable URLs,
//! a failed endpoint cools down, and every cloud's URL names the call its publisher serves.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::test_support::blueprint;

const BLUEPRINT: &str = "version: 1\nname: support-chat\nenvironment: prod\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-east-1, cidr: 10.20.0.0/16}\n  gcp: {project: acme-ml-prod, region: us-central1, cidr: 10.30.0.0/16}\nendpoints:\n  gpt-east: {cloud: azure, model: gpt-5.1, version: \"2025-11-13\", sku: GlobalStandard, capacity: 100}\n  embed-east: {cloud: azure, model: text-embedding-3-large, version: \"1\", sku: Standard, capacity: 120}\n  claude-us: {cloud: aws, model: us.anthropic.claude-sonnet-4-6}\n  titan-embed: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  claude-vertex: {cloud: gcp, model: claude-sonnet-4-6, region: us-east5}\n  gemini-usc1: {cloud: gcp, model: gemini-3.5-flash}\n  llama-maas: {cloud: gcp, model: llama-3.3-70b-instruct-maas}\nworkloads:\n  chat: {failover: [gpt-east, claude-us, claude-vertex, gemini-usc1]}\n  embeddings: {failover: [embed-east, titan-embed]}\n  vertex: {failover: [gemini-usc1, llama-maas]}\n";

fn files() -> BTreeMap<String, String> {
  render(&Plan::new(blueprint(BLUEPRINT)).unwrap()).unwrap()
}

fn json(files: &BTreeMap<String, String>, workload: &str) -> serde_json::Value {
  serde_json::from_str(&files[&format!("failover/{workload}.json")]).unwrap()
}

fn router(files: &BTreeMap<String, String>, workload: &str) -> serde_json::Value {
  let text = &files[&format!("failover/{workload}.litellm.yaml")];
  serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(text).unwrap()).unwrap()
}

fn url(chain: &serde_json::Value, name: &str) -> String {
  let endpoints = chain["endpoints"].as_array().unwrap();
  let endpoint = endpoints.iter().find(|e| e["name"] == name).unwrap();
  endpoint["invoke_url"].as_str().unwrap().to_owned()
}

fn params(config: &serde_json::Value, id: &str) -> serde_json::Value {
  let list = config["model_list"].as_array().unwrap();
  list.iter().find(|d| d["model_info"]["id"] == id).unwrap()["litellm_params"].clone()
}

#[test]
fn azure_entries_get_an_entra_id_token_source() {
  // Issue 18, item 1: without the switch LiteLLM sends Azure requests with no credential.
  let files = files();
  let chat = router(&files, "chat");
  assert_eq!(
    chat["litellm_settings"]["enable_azure_ad_token_refresh"],
    true
  );
  let azure = params(&chat, "chat/gpt-east");
  assert_eq!(
    azure["azure_scope"],
    "https://cognitiveservices.azure.com/.default"
  );
  assert_eq!(azure["api_version"], "2024-10-21");
  assert!(azure.get("api_key").is_none());
  // A chain without Azure leaves LiteLLM's global settings alone.
  assert!(router(&files, "vertex").get("litellm_settings").is_none());
  assert!(files["failover/chat.litellm.yaml"].contains("AZURE_CLIENT_ID"));
}

#[test]
fn a_failed_endpoint_cools_down() {
  // Issue 18, item 2 (litellm issue 40405): with one deployment per group LiteLLM cools an
  // endpoint down only when allowed_fails or allowed_fails_policy is set.
  let settings = &router(&files(), "chat")["router_settings"];
  assert_eq!(settings["allowed_fails"], 1);
  assert_eq!(
    settings["allowed_fails_policy"]["RateLimitErrorAllowedFails"],
    0
  );
  assert_eq!(settings["cooldown_time"], 30);
  assert_eq!(settings["num_retries"], 1);
  assert_eq!(settings["retry_policy"]["RateLimitErrorRetries"], 0);
  assert_eq!(settings["timeout"], 120);
  assert_eq!(settings["stream_timeout"], 60);
}

#[test]
fn azure_invoke_urls_name_the_operation_and_api_version() {
  // Issue 18, item 3.
  let files = files();
  assert_eq!(
    url(&json(&files, "chat"), "gpt-east"),
    "https://oai-support-chat-prod-eastus2-0c22f0.openai.azure.com/openai/deployments/gpt-east/chat/completions?api-version=2024-10-21"
  );
  assert_eq!(
    url(&json(&files, "embeddings"), "embed-east"),
    "https://oai-support-chat-prod-eastus2-0c22f0.openai.azure.com/openai/deployments/embed-east/embeddings?api-version=2024-10-21"
  );
}

#[test]
fn vertex_urls_and_routes_follow_the_publisher() {
  // Issue 18, item 8: Claude on Vertex is called with rawPredict, Gemini with generateContent;
  // LiteLLM agrees. (Dedicated endpoints are refused by `validate` since issue 18.)
  let files = files();
  let chain = json(&files, "chat");
  let config = router(&files, "chat");
  assert_eq!(
    url(&chain, "claude-vertex"),
    "https://us-east5-aiplatform.googleapis.com/v1/projects/acme-ml-prod/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-6:rawPredict"
  );
  assert_eq!(
    params(&config, "chat/claude-vertex")["model"],
    "vertex_ai/claude-sonnet-4-6"
  );
  let vertex = json(&files, "vertex");
  assert!(
    url(&vertex, "llama-maas")
      .ends_with("/locations/us-central1/endpoints/openapi/chat/completions")
  );
  assert_eq!(
    params(&router(&files, "vertex"), "vertex/llama-maas")["model"],
    "vertex_ai/meta/llama-3.3-70b-instruct-maas"
  );
  assert!(
    url(&chain, "gemini-usc1")
      .ends_with("/publishers/google/models/gemini-3.5-flash:generateContent")
  );
}

#[test]
fn bedrock_routes_match_the_invoke_url() {
  let files = files();
  let chat = router(&files, "chat");
  assert!(url(&json(&files, "chat"), "claude-us").ends_with("/converse"));
  assert_eq!(
    params(&chat, "chat/claude-us")["model"],
    "bedrock/converse/us.anthropic.claude-sonnet-4-6"
  );
  let embeddings = router(&files, "embeddings");
  assert!(url(&json(&files, "embeddings"), "titan-embed").ends_with("/invoke"));
  assert_eq!(
    params(&embeddings, "embeddings/titan-embed")["model"],
    "bedrock/amazon.titan-embed-text-v2:0"
  );
}

#[test]
fn bedrock_mantle_models_route_to_the_responses_api_under_openai_v1() {
  // Issue 13: GPT-5.4 on Bedrock answers only Responses on bedrock-mantle.
  let plan = Plan::new(blueprint(
    "version: 1\nname: mantle-route\nenvironment: prod\nclouds:\n  aws: {region: us-east-2, cidr: 10.20.0.0/16}\nendpoints:\n  gpt: {cloud: aws, model: openai.gpt-5.4}\n  oss: {cloud: aws, model: openai.gpt-oss-120b-1:0}\nworkloads:\n  ask: {failover: [gpt, oss]}\n",
  ))
  .unwrap();
  let files = render(&plan).unwrap();
  let json: serde_json::Value = serde_json::from_str(&files["failover/ask.json"]).unwrap();
  assert_eq!(
    json["endpoints"][0]["invoke_url"],
    "https://bedrock-mantle.us-east-2.api.aws/openai/v1/responses"
  );
  assert_eq!(
    json["endpoints"][1]["invoke_url"],
    "https://bedrock-runtime.us-east-2.amazonaws.com/model/openai.gpt-oss-120b-1:0/converse"
  );
  let yaml = &files["failover/ask.litellm.yaml"];
  for line in [
    "model: \"bedrock_mantle/openai.gpt-5.4\"",
    "api_base: \"https://bedrock-mantle.us-east-2.api.aws/openai/v1\"",
    "mode: \"responses\"",
    "use_openai_responses_path: true",
    "model: \"bedrock/converse/openai.gpt-oss-120b-1:0\"",
  ] {
    assert!(yaml.contains(line), "{line} missing from\n{yaml}");
  }
  assert_eq!(yaml.matches("use_openai_responses_path").count(), 1);
}

/// Issue 18 (federation gap 1): an entry on another cloud than the callers' names the token its
/// callers' own cloud issues and the exchange LiteLLM runs with it, never a key.
#[test]
fn entries_on_other_clouds_name_the_federated_token_source() {
  let text = BLUEPRINT.replace(
    "workloads:\n",
    "workloads:\n  from-aws: {failover: [claude-us, gpt-east, gemini-usc1]}\n  from-gcp: {failover: [gemini-usc1, claude-us, gpt-east]}\n",
  );
  let files = render(&Plan::new(blueprint(&text)).unwrap()).unwrap();

  // Callers in Azure: Bedrock through the managed identity's exchange token at the home
  // region's STS (the interface endpoint), Vertex AI through a credential configuration.
  let chat = router(&files, "chat");
  let bedrock = params(&chat, "chat/claude-us");
  assert_eq!(
    bedrock["aws_web_identity_token"],
    "oidc/azure/api://AzureADTokenExchange"
  );
  assert_eq!(
    bedrock["aws_role_name"],
    "os.environ/SWITCHYARD_AWS_INVOKER_ROLE_ARN"
  );
  assert_eq!(bedrock["aws_session_name"], "switchyard-support-chat-prod");
  assert_eq!(
    bedrock["aws_sts_endpoint"],
    "https://sts.us-east-1.amazonaws.com"
  );
  let vertex = params(&chat, "chat/claude-vertex");
  assert_eq!(
    vertex["vertex_credentials"],
    "os.environ/SWITCHYARD_GCP_CREDENTIAL_CONFIG"
  );
  // The callers' own cloud gets nothing extra.
  let azure = params(&chat, "chat/gpt-east");
  assert!(azure.get("azure_ad_token").is_none() && azure.get("tenant_id").is_none());

  // Callers in AWS: Azure through a client assertion read from the token file, Vertex AI as
  // from Azure; the Bedrock primary keeps its own role.
  let aws = router(&files, "from-aws");
  let azure = params(&aws, "from-aws/gpt-east");
  assert_eq!(
    azure["azure_ad_token"],
    "oidc/file//var/run/secrets/switchyard/aws-web-identity-token"
  );
  assert_eq!(azure["tenant_id"], "os.environ/SWITCHYARD_AZURE_TENANT_ID");
  assert_eq!(azure["client_id"], "os.environ/SWITCHYARD_AZURE_CLIENT_ID");
  assert!(
    params(&aws, "from-aws/claude-us")
      .get("aws_web_identity_token")
      .is_none()
  );
  assert!(
    params(&aws, "from-aws/gemini-usc1")
      .get("vertex_credentials")
      .is_some()
  );
  let header = &files["failover/from-aws.litellm.yaml"];
  assert!(
    header.contains("federated_identities.aws_to_azure"),
    "{header}"
  );
  assert!(header.contains("federated_identities.aws_to_gcp.credential_configuration"));

  // Callers in GCP: Google ID tokens from the metadata server, for STS and for Entra ID.
  let gcp = router(&files, "from-gcp");
  assert_eq!(
    params(&gcp, "from-gcp/claude-us")["aws_web_identity_token"],
    "oidc/google/sts.amazonaws.com"
  );
  assert_eq!(
    params(&gcp, "from-gcp/gpt-east")["azure_ad_token"],
    "oidc/google/api://AzureADTokenExchange"
  );
  assert!(
    params(&gcp, "from-gcp/gemini-usc1")
      .get("vertex_credentials")
      .is_none()
  );

  // No key of any kind, anywhere.
  for (path, text) in &files {
    for key in [
      "api_key",
      "aws_access_key_id",
      "aws_secret_access_key",
      "client_secret",
    ] {
      assert!(!text.contains(key), "{path} names {key}");
    }
  }
}
