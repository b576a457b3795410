//! What the Bedrock invoker role is granted, endpoint by endpoint: the ARNs of the models,
//! inference profiles and `bedrock-mantle` projects, and each endpoint's `Sid`. The plan's AWS
//! context prints these; the analyzer measures the policy they make against IAM's limit, so an
//! oversized policy is a located blueprint error, not a failed `terraform apply`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::json;

use crate::analysis::blueprint::{Blueprint, Endpoint, EndpointKind, Throughput};
use crate::analysis::catalog::AwsService;
use crate::analysis::cloud::Cloud;
use crate::analysis::models;

/// IAM allows 10,240 characters (whitespace excluded) of inline policies per role.
pub(crate) const ROLE_INLINE_POLICY_MAX: usize = 10_240;

/// The ARN partition of a region.
pub(crate) fn partition(region: &str) -> &'static str {
  if region.starts_with("us-gov-") {
    "aws-us-gov"
  } else {
    "aws"
  }
}

#[derive(Clone, Serialize)]
pub(crate) struct Profile {
  pub(crate) arn_format: String,
  /// The foundation model in every region the profile routes to (region-less for `global.`).
  pub(crate) routed_model_arns: Vec<String>,
}

/// What the invoker policy grants for one AWS endpoint.
pub(crate) struct Grant {
  pub(crate) sid: String,
  pub(crate) region: String,
  /// Only through the region's interface endpoint (`aws:SourceVpce` condition).
  pub(crate) private: bool,
  /// Provisioned throughput: the provisioned model's ARN, which Terraform fills in.
  pub(crate) provisioned: bool,
  pub(crate) model_arn: Option<String>,
  pub(crate) mantle_project_arn_format: Option<String>,
  pub(crate) profile: Option<Profile>,
}

/// Every AWS endpoint of the blueprint with its grant, in name order.
pub(crate) fn grants<'a>(blueprint: &'a Blueprint, partition: &str) -> Vec<(&'a Endpoint, Grant)> {
  let sids = sids(blueprint.endpoints_of(Cloud::Aws).map(|e| e.name.as_str()));
  blueprint
    .endpoints_of(Cloud::Aws)
    .filter_map(|e| {
      let sid = sids.get(e.name.as_str())?.clone();
      Some((e, grant(e, partition, sid)?))
    })
    .collect()
}

/// The grant of `endpoint` (with its `sid`) in `partition`; `None` for another cloud's.
pub(crate) fn grant(endpoint: &Endpoint, partition: &str, sid: String) -> Option<Grant> {
  let EndpointKind::Aws(model) = &endpoint.kind else {
    return None;
  };
  let id = &endpoint.model;
  let region = &endpoint.region;
  let mut grant = Grant {
    sid,
    region: region.clone(),
    private: endpoint.private,
    provisioned: false,
    model_arn: None,
    mantle_project_arn_format: None,
    profile: None,
  };
  let (service, _) = models::bedrock_service(id);
  match model.throughput {
    Throughput::Provisioned { .. } => grant.provisioned = true,
    Throughput::OnDemand if service == AwsService::Mantle => {
      grant.mantle_project_arn_format = Some(format!(
        "arn:{partition}:bedrock-mantle:{region}:%s:project/default"
      ));
    }
    Throughput::OnDemand => match models::inference_profile(id) {
      Some((geo, foundation)) => {
        grant.profile = Some(Profile {
          arn_format: profile_arn_format(partition, region, id),
          routed_model_arns: routed_model_arns(partition, region, geo, foundation),
        });
      }
      None => grant.model_arn = Some(foundation_model_arn(partition, region, id)),
    },
  }
  Some(grant)
}

/// `a-b-1` → `AB1`: the endpoint name as an IAM `Sid` stem.
fn camel(name: &str) -> String {
  let mut out = String::new();
  let mut upper = true;
  for c in name.chars() {
    if c == '-' {
      upper = true;
    } else if upper {
      out.push(c.to_ascii_uppercase());
      upper = false;
    } else {
      out.push(c);
    }
  }
  out
}

/// A `Sid` stem per endpoint, unique: a repeated stem gets a counter.
pub(crate) fn sids<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
  let mut used = BTreeSet::new();
  let mut out = BTreeMap::new();
  for name in names {
    // A `Sid` is letters and digits only.
    let base: String = camel(name)
      .chars()
      .filter(char::is_ascii_alphanumeric)
      .collect();
    let mut sid = base.clone();
    let mut n = 2;
    while !used.insert(sid.clone()) {
      sid = format!("{base}{n}");
      n += 1;
    }
    out.insert(name.to_owned(), sid);
  }
  out
}

pub(crate) fn foundation_model_arn(partition: &str, region: &str, model: &str) -> String {
  format!("arn:{partition}:bedrock:{region}::foundation-model/{model}")
}

pub(crate) fn profile_arn_format(partition: &str, region: &str, profile: &str) -> String {
  format!("arn:{partition}:bedrock:{region}:%s:inference-profile/{profile}")
}

/// The foundation-model ARNs a profile invoked from `region` may route to: the model in every
/// destination region, or for a geography-less (`global.`) profile the model in the source
/// region and the region-less ARN AWS documents for "any commercial region".
pub(crate) fn routed_model_arns(
  partition: &str,
  region: &str,
  geo: &models::ProfileGeo,
  model: &str,
) -> Vec<String> {
  let mut arns: Vec<String> = match geo.routes_to {
    Some(regions) => regions
      .iter()
      .map(|r| foundation_model_arn(partition, r, model))
      .collect(),
    None => vec![
      foundation_model_arn(partition, region, model),
      format!("arn:{partition}:bedrock:::foundation-model/{model}"),
    ],
  };
  arns.sort();
  arns.dedup();
  arns
}

/// The invoker role's policy as IAM will store it, with the longest values Terraform can fill
/// in, to refuse at plan time a blueprint whose policy IAM would reject at apply time.
pub(crate) fn invoker_policy_size(grants: &[Grant]) -> usize {
  let account = "123456789012";
  let vpce = "vpce-0123456789abcdef0";
  let actions = json!([
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream"
  ]);
  let mut statements = Vec::new();
  for e in grants {
    let vpce_condition = if e.private {
      json!({"StringEquals": {"aws:SourceVpce": vpce}})
    } else {
      json!(null)
    };
    let mut direct = Vec::new();
    if e.provisioned {
      direct.push(format!(
        "arn:aws-us-gov:bedrock:{}:{account}:provisioned-model/abcdefghijkl",
        e.region
      ));
    }
    if let Some(arn) = &e.model_arn {
      direct.push(arn.clone());
    }
    if let Some(project) = &e.mantle_project_arn_format {
      statements.push(json!({
        "Sid": format!("{}MantleDefaultProject", e.sid),
        "Effect": "Allow",
        "Action": ["bedrock-mantle:CreateInference"],
        "Resource": project.replace("%s", account),
        "Condition": vpce_condition,
      }));
      continue;
    }
    if let Some(profile) = &e.profile {
      let arn = profile.arn_format.replace("%s", account);
      direct.push(arn.clone());
      statements.push(json!({
        "Sid": format!("{}RoutedFoundationModels", e.sid),
        "Effect": "Allow",
        "Action": actions,
        "Resource": profile.routed_model_arns,
        "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": arn}},
      }));
    }
    statements.push(json!({
      "Sid": format!("{}InferenceProfile", e.sid),
      "Effect": "Allow",
      "Action": actions,
      "Resource": direct,
      "Condition": vpce_condition,
    }));
  }
  json!({"Version": "2012-10-17", "Statement": statements})
    .to_string()
    .len()
}
