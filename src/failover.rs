//! The failover chain for the runtime: Terraform cannot fail requests over, a router does.
//!
//! For each workload, `failover/<workload>.json` lists the chain's endpoints in order with what a
//! caller needs (invoke URL, auth method, identity, capacity), and
//! `failover/<workload>.litellm.yaml` is a LiteLLM router configuration with the same order.
//! Both derive from the plan that also renders the Terraform, so the order reviewed in a pull
//! request is the order in production. Everything is deterministic from the blueprint; the two
//! values only the cloud assigns at apply time (an AWS provisioned-throughput ARN and the AWS
//! account id in the invoker role ARN) are named by their Terraform output instead.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::blueprint::{EndpointKind, Throughput};
use crate::cloud::Cloud;
use crate::error::Error;
use crate::models;
use crate::name::Name;
use crate::plan::{Plan, aws, azure, gcp};

/// The JSON document's format identifier; docs/failover.schema.json describes it.
pub(crate) const FORMAT: &str = "switchyard.failover/v1";

/// The Azure OpenAI data-plane API version the router config pins (the current GA version).
const AZURE_API_VERSION: &str = "2024-10-21";

#[derive(Serialize)]
pub(crate) struct Chain {
  pub(crate) format: &'static str,
  pub(crate) blueprint: String,
  pub(crate) environment: String,
  pub(crate) workload: String,
  pub(crate) private: bool,
  pub(crate) endpoints: Vec<Link>,
}

#[derive(Serialize)]
pub(crate) struct Link {
  /// 1 for the primary.
  pub(crate) position: usize,
  pub(crate) name: String,
  pub(crate) cloud: Cloud,
  pub(crate) region: String,
  pub(crate) model: String,
  pub(crate) model_version: Option<String>,
  /// The URL a caller posts to; `None` where the cloud assigns part of it at apply time.
  pub(crate) invoke_url: Option<String>,
  /// Where `terraform output -json` has the invoke URL (always present).
  pub(crate) invoke_url_output: String,
  pub(crate) auth: Auth,
  pub(crate) capacity: Capacity,
}

#[derive(Serialize)]
pub(crate) struct Auth {
  /// `entra-id`, `aws-iam-role` or `google-service-account`.
  pub(crate) method: &'static str,
  /// The identity a caller uses: managed identity name, IAM role name, service account email.
  pub(crate) identity: String,
  /// Where `terraform output -json` has the identity's cloud-assigned id.
  pub(crate) identity_output: String,
  /// The OAuth scope to request a token for, where the method uses one.
  pub(crate) scope: Option<&'static str>,
}

#[derive(Serialize)]
pub(crate) struct Capacity {
  /// `thousand-tokens-per-minute`, `provisioned-throughput-units`, `model-units`, `on-demand`
  /// or `dedicated-endpoint`.
  pub(crate) unit: &'static str,
  pub(crate) amount: Option<u32>,
  pub(crate) sku: Option<&'static str>,
  pub(crate) commitment: Option<&'static str>,
}

/// What the LiteLLM router needs of one endpoint.
struct Route {
  params: BTreeMap<&'static str, String>,
  /// The API LiteLLM sends a chat request on, where it is not Chat Completions: `responses`
  /// for a model served only on the OpenAI Responses API (issue 13).
  mode: Option<&'static str>,
  /// Whether the model's OpenAI-compatible base is `/openai/v1` rather than `/v1`.
  openai_path: bool,
}

/// The plan's per-cloud endpoint contexts by endpoint name, built once per root: a chain
/// entry is looked up, not searched for, so a blueprint of thousands of workloads stays linear.
struct Planned<'a> {
  azure: BTreeMap<&'a str, &'a azure::Account>,
  aws: BTreeMap<&'a str, &'a aws::Endpoint>,
  gcp: BTreeMap<&'a str, &'a gcp::GcpEndpoint>,
}

impl<'a> Planned<'a> {
  fn of(plan: &'a Plan) -> Self {
    let context = &plan.context;
    let azure = context.azure.iter().flat_map(|azure| {
      azure.accounts.iter().flat_map(|account| {
        account
          .deployments
          .iter()
          .map(move |d| (d.name.as_str(), account))
      })
    });
    let aws = context.aws.iter().flat_map(|aws| &aws.endpoints);
    let gcp = context.gcp.iter().flat_map(|gcp| &gcp.endpoints);
    Self {
      azure: azure.collect(),
      aws: aws.map(|e| (e.name.as_str(), e)).collect(),
      gcp: gcp.map(|e| (e.name.as_str(), e)).collect(),
    }
  }
}

fn link(
  plan: &Plan,
  planned: &Planned<'_>,
  name: &Name,
  position: usize,
) -> Result<(Link, Route), Error> {
  let blueprint = &plan.blueprint;
  let endpoint = blueprint
    .endpoints
    .get(name)
    .ok_or_else(|| Error::internal(format!("workload names unknown endpoint {name}")))?;
  let name = name.as_str();
  let context = &plan.context;
  let missing = || Error::internal(format!("no plan context for endpoint {name}"));
  let url_output = format!("endpoints[\"{name}\"].invoke_url");
  let mut params = BTreeMap::new();
  let mut mode = None;
  let mut openai_path = false;
  let (invoke_url, auth, capacity, version) = match &endpoint.kind {
    EndpointKind::Azure(deployment) => {
      let azure = context.azure.as_ref().ok_or_else(missing)?;
      let account = planned.azure.get(name).ok_or_else(missing)?;
      // A Foundry (AIServices) account serves its OpenAI-compatible deployments, gpt-oss among
      // them, on <name>.cognitiveservices.azure.com/openai/deployments/... (issue 13).
      let base = format!("https://{}.{}", account.name, account.domain);
      params.insert("model", format!("azure/{name}"));
      params.insert("api_base", base.clone());
      params.insert("api_version", AZURE_API_VERSION.to_owned());
      let provisioned = deployment.sku.ptu_rule().is_some();
      (
        Some(format!("{base}/openai/deployments/{name}")),
        Auth {
          method: "entra-id",
          identity: azure.identity.clone(),
          identity_output: "caller_identities.azure".to_owned(),
          scope: Some("https://cognitiveservices.azure.com/.default"),
        },
        Capacity {
          unit: if provisioned {
            "provisioned-throughput-units"
          } else {
            "thousand-tokens-per-minute"
          },
          amount: Some(deployment.capacity),
          sku: Some(deployment.sku.as_str()),
          commitment: None,
        },
        deployment.version.clone(),
      )
    }
    EndpointKind::Aws(model) => {
      let aws = context.aws.as_ref().ok_or_else(missing)?;
      let planned = planned.aws.get(name).ok_or_else(missing)?;
      if planned.mantle_project_arn_format.is_some() {
        // LiteLLM's `bedrock_mantle/` provider signs with the role's credentials (SigV4) when
        // no API key is set, and sends Responses requests to `<base>/openai/v1/responses` when
        // the model is marked so (model_info below).
        params.insert("model", format!("bedrock_mantle/{}", endpoint.model));
        params.insert(
          "api_base",
          format!(
            "https://bedrock-mantle.{}.api.aws/openai/v1",
            endpoint.region
          ),
        );
        mode = (planned.api == "responses").then_some("responses");
        openai_path = true;
      } else {
        params.insert("model", format!("bedrock/{}", endpoint.model));
      }
      params.insert("aws_region_name", endpoint.region.clone());
      params.insert(
        "aws_role_name",
        "os.environ/SWITCHYARD_AWS_INVOKER_ROLE_ARN".to_owned(),
      );
      params.insert(
        "aws_session_name",
        format!("switchyard-{}", plan.root().replace('/', "-")),
      );
      let capacity = match model.throughput {
        Throughput::OnDemand => Capacity {
          unit: "on-demand",
          amount: None,
          sku: None,
          commitment: None,
        },
        Throughput::Provisioned { units, commitment } => {
          let variable = format!(
            "SWITCHYARD_MODEL_ARN_{}",
            endpoint.name.label().to_ascii_uppercase()
          );
          params.insert("model_id", format!("os.environ/{variable}"));
          Capacity {
            unit: "model-units",
            amount: Some(units),
            sku: None,
            commitment: commitment.terraform(),
          }
        }
      };
      (
        planned.invoke_url.clone(),
        Auth {
          method: "aws-iam-role",
          identity: aws.invoker_role.clone(),
          identity_output: "caller_identities.aws".to_owned(),
          scope: None,
        },
        capacity,
        None,
      )
    }
    EndpointKind::Gcp(model) => {
      let gcp = context.gcp.as_ref().ok_or_else(missing)?;
      let planned = planned.gcp.get(name).ok_or_else(missing)?;
      let target = match &planned.dedicated {
        Some(dedicated) => dedicated.id.clone(),
        None => endpoint.model.clone(),
      };
      params.insert("model", format!("vertex_ai/{target}"));
      params.insert("vertex_project", gcp.project.clone());
      params.insert("vertex_location", endpoint.region.clone());
      (
        Some(planned.invoke_url.clone()),
        Auth {
          method: "google-service-account",
          identity: format!(
            "{}@{}.iam.gserviceaccount.com",
            gcp.service_account, gcp.project
          ),
          identity_output: "caller_identities.gcp".to_owned(),
          scope: Some("https://www.googleapis.com/auth/cloud-platform"),
        },
        Capacity {
          unit: if model.dedicated {
            "dedicated-endpoint"
          } else {
            "on-demand"
          },
          amount: None,
          sku: None,
          commitment: None,
        },
        None,
      )
    }
  };
  let link = Link {
    position,
    name: name.to_owned(),
    cloud: endpoint.cloud(),
    region: endpoint.region.clone(),
    model: endpoint.model.clone(),
    model_version: version,
    invoke_url,
    invoke_url_output: url_output,
    auth,
    capacity,
  };
  Ok((
    link,
    Route {
      params,
      mode,
      openai_path,
    },
  ))
}

#[derive(Serialize)]
struct LiteLlmConfig {
  model_list: Vec<Deployment>,
  router_settings: RouterSettings,
}

#[derive(Serialize)]
struct Deployment {
  model_name: String,
  litellm_params: BTreeMap<&'static str, String>,
  model_info: ModelInfo,
}

#[derive(Serialize)]
struct ModelInfo {
  id: String,
  /// Position in the failover chain, 1 for the primary.
  priority: usize,
  mode: &'static str,
  /// LiteLLM's flag for a Bedrock Mantle model served under `/openai/v1`.
  #[serde(skip_serializing_if = "std::ops::Not::not")]
  use_openai_responses_path: bool,
}

#[derive(Serialize)]
struct RouterSettings {
  /// Callers ask for the workload's group; on failure the router tries the others in order.
  fallbacks: Vec<BTreeMap<String, Vec<String>>>,
  num_retries: u32,
}

/// The model group of the chain endpoint at `position`: the primary answers to the workload's
/// own name, the others to `<workload>/<endpoint>`.
fn group(workload: &str, endpoint: &str, position: usize) -> String {
  if position == 1 {
    workload.to_owned()
  } else {
    format!("{workload}/{endpoint}")
  }
}

/// The failover files of one root, by path relative to the root.
pub(crate) fn render(plan: &Plan) -> Result<BTreeMap<String, String>, Error> {
  let mut files = BTreeMap::new();
  let planned = Planned::of(plan);
  for workload in plan.blueprint.workloads.values() {
    let mut links = Vec::with_capacity(workload.failover.len());
    let mut deployments = Vec::with_capacity(workload.failover.len());
    for (index, name) in workload.failover.iter().enumerate() {
      let position = index + 1;
      let (link, route) = link(plan, &planned, name, position)?;
      let embedding = plan
        .blueprint
        .endpoints
        .get(name)
        .is_some_and(|e| models::is_embedding(&e.model));
      deployments.push(Deployment {
        model_name: group(workload.name.as_str(), name.as_str(), position),
        litellm_params: route.params,
        model_info: ModelInfo {
          id: format!("{}/{name}", workload.name),
          priority: position,
          mode: match route.mode {
            Some(mode) => mode,
            None if embedding => "embedding",
            None => "chat",
          },
          use_openai_responses_path: route.openai_path,
        },
      });
      links.push(link);
    }
    let fallbacks: Vec<String> = deployments
      .iter()
      .skip(1)
      .map(|d| d.model_name.clone())
      .collect();
    let chain = Chain {
      format: FORMAT,
      blueprint: plan.blueprint.name.to_string(),
      environment: plan.blueprint.environment.to_string(),
      workload: workload.name.to_string(),
      private: workload.private,
      endpoints: links,
    };
    let mut json =
      serde_json::to_string_pretty(&chain).map_err(|e| Error::internal(e.to_string()))?;
    json.push('\n');
    files.insert(format!("failover/{}.json", workload.name), json);

    let config = LiteLlmConfig {
      model_list: deployments,
      router_settings: RouterSettings {
        fallbacks: if fallbacks.is_empty() {
          Vec::new()
        } else {
          vec![BTreeMap::from([(workload.name.to_string(), fallbacks)])]
        },
        num_retries: 2,
      },
    };
    let yaml = crate::yaml::write(&config)?;

    let header = format!(
      "# LiteLLM router configuration for workload {} of {} ({}), generated by Switchyard.\n\
       # Callers request model \"{}\"; on failure the router falls back in the blueprint's order.\n\
       # Set SWITCHYARD_AWS_INVOKER_ROLE_ARN (and SWITCHYARD_MODEL_ARN_* for provisioned Bedrock\n\
       # endpoints) from `terraform output -json`.\n",
      workload.name, plan.blueprint.name, plan.blueprint.environment, workload.name
    );
    files.insert(
      format!("failover/{}.litellm.yaml", workload.name),
      header + &yaml,
    );
  }
  Ok(files)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
  use super::*;
  use crate::test_support::blueprint;

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
      "model: \"bedrock/openai.gpt-oss-120b-1:0\"",
    ] {
      assert!(yaml.contains(line), "{line} missing from\n{yaml}");
    }
    assert_eq!(yaml.matches("use_openai_responses_path").count(), 1);
  }
}
