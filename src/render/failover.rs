//! The failover chain for the runtime: Terraform cannot fail requests over, a router does.
//!
//! For each workload, `failover/<workload>.json` lists the chain's endpoints in order with what a
//! caller needs (invoke URL, auth method, identity, capacity), and
//! `failover/<workload>.litellm.yaml` is a LiteLLM router configuration with the same order.
//! Both derive from the plan that also renders the Terraform, so the order reviewed in a pull
//! request is the order in production. Everything is deterministic from the blueprint; the two
//! values only the cloud assigns at apply time (an AWS provisioned-throughput ARN and the AWS
//! account id in the invoker role ARN) are named by their Terraform output instead.

mod federated;
mod litellm;
mod yaml_writer;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::blueprint::{EndpointKind, Throughput};
use crate::analysis::cloud::Cloud;
use crate::analysis::models;
use crate::input::error::Error;
use crate::input::name::Name;
use crate::plan::{Plan, aws, azure, federation, gcp};

/// The JSON document's format identifier; docs/failover.schema.json describes it.
pub(crate) const FORMAT: &str = "switchyard.failover/v1";

/// The Entra ID scope of Azure OpenAI (Cognitive Services) tokens.
const AZURE_SCOPE: &str = "https://cognitiveservices.azure.com/.default";

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
  /// For an endpoint on another cloud than the primary's, how its callers federate into
  /// `auth.identity` without a long-lived key (issue 18); absent on the primary's cloud.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) federation: Option<federation::Federated>,
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
  /// By endpoint name: its account and deployment.
  azure: BTreeMap<&'a str, (&'a azure::Account, &'a azure::Deployment)>,
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
          .map(move |d| (d.endpoint.as_str(), (account, d)))
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
      let (account, planned) = planned.azure.get(name).ok_or_else(missing)?;
      // The deployment's name in Azure, which a renamed or adopted endpoint keeps.
      let deployment_name = &planned.name;
      // A Foundry (AIServices) account serves its OpenAI-compatible deployments, gpt-oss among
      // them, on <name>.cognitiveservices.azure.com/openai/deployments/... (issue 13).
      let base = format!("https://{}.{}", account.name, account.domain);
      params.insert("model", format!("azure/{deployment_name}"));
      params.insert("api_base", base.clone());
      params.insert("api_version", azure::API_VERSION.to_owned());
      // The token audience; litellm_settings.enable_azure_ad_token_refresh makes LiteLLM ask
      // azure-identity for it (the accounts accept no keys).
      params.insert("azure_scope", AZURE_SCOPE.to_owned());
      let provisioned = deployment.sku.ptu_rule().is_some();
      (
        Some(format!(
          "{base}/openai/deployments/{deployment_name}/{}",
          azure::operation(&endpoint.model)
        )),
        Auth {
          method: "entra-id",
          identity: azure.identity.clone(),
          identity_output: "caller_identities.azure".to_owned(),
          scope: Some(AZURE_SCOPE),
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
        // `converse/` keeps LiteLLM on the Converse API the invoke URL names (chat models).
        let route = if planned.api == "converse" {
          "bedrock/converse"
        } else {
          "bedrock"
        };
        params.insert("model", format!("{route}/{}", endpoint.model));
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
      // LiteLLM picks the call by the model name: `claude-…` and other partner models go to
      // `rawPredict`, Gemini to `generateContent`; a dedicated endpoint's id under `openai/`
      // goes to the endpoint's OpenAI-compatible chat completions, as the invoke URL does.
      let target = match &planned.dedicated {
        Some(dedicated) if models::is_embedding(&endpoint.model) => dedicated.id.clone(),
        Some(dedicated) => format!("openai/{}", dedicated.id),
        // Llama as a managed API is addressed as `meta/<model>` on the `openapi` endpoint.
        None if models::vertex_publisher(&endpoint.model) == "meta" => {
          format!("meta/{}", endpoint.model)
        }
        // LiteLLM routes Vertex AI's OpenAI models as `vertex_ai/openai/<id>`
        // (https://docs.litellm.ai/docs/providers/vertex_partner).
        None if models::vertex_publisher(&endpoint.model) == "openai" => {
          format!("openai/{}", endpoint.model)
        }
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
    federation: None,
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

/// The model group of the chain endpoint at `position`: the primary answers to the workload's
/// own name, the others to `<workload>/<endpoint>`.
fn group(workload: &str, endpoint: &str, position: usize) -> String {
  if position == 1 {
    workload.to_owned()
  } else {
    format!("{workload}/{endpoint}")
  }
}

/// The comment at the top of a router configuration: what to request and what to set.
fn header(plan: &Plan, workload: &str, azure: bool) -> String {
  let mut text = format!(
    "# LiteLLM router configuration for workload {workload} of {} ({}), generated by Switchyard.\n\
     # Callers request model \"{workload}\"; on failure the router falls back in the blueprint's order\n\
     # and skips a failed endpoint for cooldown_time seconds (docs/failover.md).\n\
     # Set SWITCHYARD_AWS_INVOKER_ROLE_ARN (and SWITCHYARD_MODEL_ARN_* for provisioned Bedrock\n\
     # endpoints) from `terraform output -json`.\n",
    plan.blueprint.name, plan.blueprint.environment
  );
  if azure {
    text.push_str(
      "# Azure: Entra ID tokens from azure-identity; set AZURE_CLIENT_ID to caller_identities.azure\n\
       # (managed identity), or run with workload identity (AZURE_FEDERATED_TOKEN_FILE). A Router\n\
       # built in code needs litellm.enable_azure_ad_token_refresh = True (litellm_settings).\n",
    );
  }
  text
}

/// The failover files of one root, by path relative to the root.
pub(crate) fn render(plan: &Plan) -> Result<BTreeMap<String, String>, Error> {
  let mut files = BTreeMap::new();
  let planned = Planned::of(plan);
  for workload in plan.blueprint.workloads.values() {
    let mut links = Vec::with_capacity(workload.failover.len());
    let mut deployments = Vec::with_capacity(workload.failover.len());
    let mut caller = None;
    for (index, name) in workload.failover.iter().enumerate() {
      let position = index + 1;
      let (mut link, mut route) = link(plan, &planned, name, position)?;
      // Callers run with the primary (docs/federation.md).
      let from = *caller.get_or_insert(link.cloud);
      link.federation = federation::federated(from, link.cloud);
      federated::add(
        from,
        link.cloud,
        plan.blueprint.home_region(Cloud::Aws),
        &mut route.params,
      );
      let embedding = plan
        .blueprint
        .endpoints
        .get(name)
        .is_some_and(|e| models::is_embedding(&e.model));
      deployments.push(litellm::Deployment {
        model_name: group(workload.name.as_str(), name.as_str(), position),
        litellm_params: route.params,
        model_info: litellm::ModelInfo {
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
    let azure = links.iter().any(|l| l.cloud == Cloud::Azure);
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

    let config = litellm::Config {
      model_list: deployments,
      router_settings: litellm::RouterSettings::new(if fallbacks.is_empty() {
        Vec::new()
      } else {
        vec![BTreeMap::from([(workload.name.to_string(), fallbacks)])]
      }),
      litellm_settings: azure.then_some(litellm::LiteLlmSettings {
        enable_azure_ad_token_refresh: true,
      }),
    };
    let yaml = yaml_writer::write(&config)?;

    let clouds: Vec<Cloud> = chain.endpoints.iter().map(|l| l.cloud).collect();
    // The managed identity lines only where the callers run in Azure.
    let azure_callers = clouds.first() == Some(&Cloud::Azure);
    let mut header = header(plan, workload.name.as_str(), azure_callers);
    if let Some(&from) = clouds.first() {
      header.push_str(&federated::header(from, &clouds));
    }
    files.insert(
      format!("failover/{}.litellm.yaml", workload.name),
      header + &yaml,
    );
  }
  Ok(files)
}

#[cfg(test)]
mod tests;
