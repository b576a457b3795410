//! The LiteLLM router configuration of one workload: the chain as model groups plus fallbacks,
//! and the settings that make a failed endpoint cool down instead of costing every request a
//! failed attempt (issue 18). docs/failover.md explains each default.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Config {
  pub(super) model_list: Vec<Deployment>,
  pub(super) router_settings: RouterSettings,
  /// Module-wide LiteLLM settings; the proxy applies them itself, a `Router` user sets them on
  /// the `litellm` module before building the router.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(super) litellm_settings: Option<LiteLlmSettings>,
}

#[derive(Serialize)]
pub(super) struct Deployment {
  pub(super) model_name: String,
  pub(super) litellm_params: BTreeMap<&'static str, String>,
  pub(super) model_info: ModelInfo,
}

#[derive(Serialize)]
pub(super) struct ModelInfo {
  pub(super) id: String,
  /// Position in the failover chain, 1 for the primary.
  pub(super) priority: usize,
  pub(super) mode: &'static str,
  /// LiteLLM's flag for a Bedrock Mantle model served under `/openai/v1`.
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  pub(super) use_openai_responses_path: bool,
}

#[derive(Serialize)]
pub(super) struct LiteLlmSettings {
  /// Without it LiteLLM sends Azure requests with no credential at all: it asks azure-identity
  /// for an Entra ID token (managed identity, workload identity) only when this is on
  /// (`get_azure_ad_token` in litellm/llms/azure/common_utils.py, litellm 1.110.2).
  pub(super) enable_azure_ad_token_refresh: bool,
}

/// Retries and cooldown. With one deployment per model group, LiteLLM cools a failed
/// deployment down only when `allowed_fails` or `allowed_fails_policy` is set (litellm PR 8668,
/// issue 40405); without them every request during an outage first retries the dead primary.
#[derive(Serialize)]
pub(super) struct RouterSettings {
  /// Callers ask for the workload's group; on failure the router tries the others in order.
  pub(super) fallbacks: Vec<BTreeMap<String, Vec<String>>>,
  /// Retries on the same endpoint before falling over, where `retry_policy` says nothing.
  pub(super) num_retries: u32,
  pub(super) retry_policy: BTreeMap<&'static str, u32>,
  /// Failures (within `cooldown_time`) an endpoint may have before it is skipped.
  pub(super) allowed_fails: u32,
  pub(super) allowed_fails_policy: BTreeMap<&'static str, u32>,
  /// Seconds a failed endpoint is skipped before real traffic tries it again.
  pub(super) cooldown_time: u32,
  /// Seconds a whole non-streaming answer may take.
  pub(super) timeout: u32,
  /// Seconds a streaming request may wait for the next bytes.
  pub(super) stream_timeout: u32,
}

impl RouterSettings {
  pub(super) fn new(fallbacks: Vec<BTreeMap<String, Vec<String>>>) -> Self {
    Self {
      fallbacks,
      num_retries: 1,
      // A retry on the same endpoint helps only against a transient server error. A quota
      // (429), an overload (503) or a timeout is answered better by the next endpoint of the
      // chain, and a rejected request (400, 401, 404, content filter) fails the same way again.
      retry_policy: BTreeMap::from([
        ("AuthenticationErrorRetries", 0),
        ("BadRequestErrorRetries", 0),
        ("ContentPolicyViolationErrorRetries", 0),
        ("InternalServerErrorRetries", 1),
        ("NotFoundErrorRetries", 0),
        ("RateLimitErrorRetries", 0),
        ("ServiceUnavailableErrorRetries", 0),
        ("TimeoutErrorRetries", 0),
      ]),
      // A 500 cools the endpoint down when its retry fails too; the errors that are not
      // retried cool it down at once.
      allowed_fails: 1,
      allowed_fails_policy: BTreeMap::from([
        ("AuthenticationErrorAllowedFails", 0),
        ("NotFoundErrorAllowedFails", 0),
        ("RateLimitErrorAllowedFails", 0),
        ("ServiceUnavailableErrorAllowedFails", 0),
        ("TimeoutErrorAllowedFails", 0),
      ]),
      cooldown_time: 30,
      timeout: 120,
      stream_timeout: 60,
    }
  }
}
