//! The LiteLLM parameters that make an endpoint on another cloud than the callers' obtain its
//! credentials through the federation the root renders (issue 18, docs/federation.md): no key,
//! only references to tokens the caller's own cloud issues and to `terraform output` values.
//!
//! Each parameter is one LiteLLM 1.110.2 reads itself (read in its source):
//! - Bedrock (`llms/bedrock/base_aws_llm.py`): `aws_web_identity_token` with `aws_role_name` and
//!   `aws_session_name` selects `AssumeRoleWithWebIdentity`; the token reference goes through
//!   `get_secret`, whose `oidc/azure/<audience>` asks azure-identity (the managed identity) for
//!   a token of that audience and `oidc/google/<audience>` asks the metadata server for an ID
//!   token; `aws_sts_endpoint` is the STS client's endpoint.
//! - Azure (`llms/azure/common_utils.py`): an `azure_ad_token` starting with `oidc/` plus
//!   `tenant_id` and `client_id` is exchanged at Entra ID as a `client_assertion`
//!   (`get_azure_ad_token_from_oidc`); `oidc/file/<absolute path>` reads the token from a file
//!   in `/var/run/secrets` or `/run/secrets` (`secret_managers/main.py`).
//! - Vertex AI (`llms/vertex_ai/vertex_llm_base.py`): `vertex_credentials`, a path to (or the
//!   text of) a credential configuration; `type: external_account` selects workload identity
//!   federation through google-auth.

use std::collections::BTreeMap;

use crate::analysis::cloud::Cloud;
use crate::plan::federation::{AUDIENCE, AWS_AUDIENCE};

/// Where a caller in AWS keeps the token `sts:GetWebIdentityToken` gives it for Entra ID:
/// inside LiteLLM's default allow-list for `oidc/file/` (`/var/run/secrets`), refreshed by the
/// caller before it expires (at most 300 s, the invoker role's policy).
pub(crate) const AWS_SUBJECT_TOKEN_FILE: &str =
  "/var/run/secrets/switchyard/aws-web-identity-token";

/// The environment variables a federated entry names; the header of the file lists them.
pub(crate) const AZURE_TENANT_ENV: &str = "SWITCHYARD_AZURE_TENANT_ID";
pub(crate) const AZURE_CLIENT_ENV: &str = "SWITCHYARD_AZURE_CLIENT_ID";
pub(crate) const GCP_CREDENTIALS_ENV: &str = "SWITCHYARD_GCP_CREDENTIAL_CONFIG";

/// Adds to an entry on cloud `to` what a caller in `from` needs; nothing on its own cloud.
/// `aws_home` is the AWS home region, whose STS interface endpoint the callers of other clouds
/// reach over the VPN.
pub(crate) fn add(
  from: Cloud,
  to: Cloud,
  aws_home: Option<&str>,
  params: &mut BTreeMap<&'static str, String>,
) {
  match (from, to) {
    (Cloud::Azure | Cloud::Gcp, Cloud::Aws) => {
      // The managed identity's token for Entra ID's exchange audience (the AWS OIDC provider's
      // client id), or the service account's Google ID token for STS; aws_role_name and
      // aws_session_name are already set.
      let token = if from == Cloud::Azure {
        format!("oidc/azure/{AUDIENCE}")
      } else {
        format!("oidc/google/{AWS_AUDIENCE}")
      };
      params.insert("aws_web_identity_token", token);
      if let Some(home) = aws_home {
        // The regional name, which Cloud DNS / Azure DNS forward to the STS interface endpoint
        // of the home VPC; the global endpoint is not reachable without internet.
        params.insert(
          "aws_sts_endpoint",
          format!("https://sts.{home}.amazonaws.com"),
        );
      }
    }
    (Cloud::Aws | Cloud::Gcp, Cloud::Azure) => {
      let token = if from == Cloud::Aws {
        // AWS tokens come from sts:GetWebIdentityToken, which LiteLLM does not call itself.
        format!("oidc/file/{AWS_SUBJECT_TOKEN_FILE}")
      } else {
        format!("oidc/google/{AUDIENCE}")
      };
      params.insert("azure_ad_token", token);
      params.insert("tenant_id", format!("os.environ/{AZURE_TENANT_ENV}"));
      params.insert("client_id", format!("os.environ/{AZURE_CLIENT_ENV}"));
    }
    (Cloud::Aws | Cloud::Azure, Cloud::Gcp) => {
      params.insert(
        "vertex_credentials",
        format!("os.environ/{GCP_CREDENTIALS_ENV}"),
      );
    }
    _ => {}
  }
}

/// The header lines that say what to set for the federated entries of a chain called from
/// `from` into `to`s.
pub(crate) fn header(from: Cloud, to: &[Cloud]) -> String {
  let mut text = String::new();
  if from != Cloud::Aws && to.contains(&Cloud::Aws) {
    text.push_str(if from == Cloud::Azure {
      "# Bedrock from Azure: LiteLLM exchanges the managed identity's token for api://AzureADTokenExchange\n\
       # (azure-identity; AZURE_CLIENT_ID = caller_identities.azure) for the invoker role at AWS STS.\n"
    } else {
      "# Bedrock from GCP: LiteLLM exchanges the service account's Google ID token (metadata server)\n\
       # for the invoker role at AWS STS.\n"
    });
  }
  if from != Cloud::Azure && to.contains(&Cloud::Azure) {
    text.push_str(&format!(
      "# Azure from {}: set {AZURE_TENANT_ENV} and {AZURE_CLIENT_ENV} from\n\
       # federated_identities.{}_to_azure; {}.\n",
      if from == Cloud::Aws { "AWS" } else { "GCP" },
      from.key(),
      if from == Cloud::Aws {
        format!(
          "keep {AWS_SUBJECT_TOKEN_FILE} holding a fresh\n\
           # `aws sts get-web-identity-token --audience {AUDIENCE}` token (docs/federation.md)"
        )
      } else {
        "LiteLLM asks the metadata server for the ID token".to_owned()
      }
    ));
  }
  if from != Cloud::Gcp && to.contains(&Cloud::Gcp) {
    text.push_str(&format!(
      "# Vertex AI from {}: set {GCP_CREDENTIALS_ENV} to the path of a file holding\n\
       # federated_identities.{}_to_gcp.credential_configuration (no secret in it).\n",
      if from == Cloud::Aws { "AWS" } else { "Azure" },
      from.key()
    ));
  }
  text
}
