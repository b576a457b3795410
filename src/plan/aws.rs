//! AWS: one Bedrock caller role for the whole blueprint; per region used, a VPC with two
//! private subnets (pinned by Availability Zone ID), VPC flow logs, a customer-managed KMS key
//! for the region's log groups, and a `bedrock-runtime` interface endpoint whose policy admits
//! only that role and only the region's blueprint models. Provisioned endpoints buy model
//! units; on-demand endpoints are IAM grants only. Invocation logging per region is optional
//! (`manage_invocation_logging`), because Bedrock keeps one configuration per account and region.
//!
//! Every ARN is exact. An ARN that contains the account id is passed to the templates as a
//! `format()` pattern with one `%s` for it (`arn:aws:bedrock:us-east-1:%s:inference-profile/…`),
//! because the account is only known to Terraform and template values are always quoted.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::analysis::addressing;
use crate::analysis::aws_iam::{self, Grant, Profile, foundation_model_arn, partition};
use crate::analysis::blueprint::{
  Blueprint, Endpoint as BlueprintEndpoint, EndpointKind, Throughput,
};
use crate::analysis::catalog::{AwsApi, AwsService};
use crate::analysis::cloud::Cloud;
use crate::analysis::models;
use crate::analysis::regions::aws_zone_ids;
use crate::input::error::Error;
use crate::plan::mesh;
use crate::plan::naming;
use crate::plan::naming::aws::{ZonalSubnet, provisioned_name, role_name, security_group_name};
use crate::plan::topology::Topology;

#[derive(Serialize)]
pub(crate) struct AwsContext {
  /// Home region: where the provider sends IAM and STS calls.
  pub(crate) region: String,
  pub(crate) partition: &'static str,
  /// `arn:<partition>:iam::%s:root`, the account as a principal.
  pub(crate) account_root_arn_format: String,
  pub(crate) invoker_role: String,
  pub(crate) flow_logs_role: String,
  pub(crate) logging_role: String,
  pub(crate) flow_log_group: String,
  pub(crate) invocation_log_group: String,
  pub(crate) kms_alias: String,
  /// Every region of the blueprint's AWS layout, home first.
  pub(crate) regions: Vec<Region>,
  /// The AWS endpoints, by name.
  pub(crate) endpoints: Vec<Endpoint>,
  /// Transit gateways, peerings and route tables, when the regions or other clouds join.
  pub(crate) transit: Option<mesh::aws::AwsTransit>,
  /// VPN connections on the home transit gateway, when AWS is in the mesh.
  pub(crate) vpn: Option<mesh::aws::AwsVpn>,
  /// The home VPC's Route 53 Resolver inbound endpoint, when other clouds forward names here.
  pub(crate) resolver_inbound: Option<mesh::aws::Inbound>,
}

#[derive(Serialize)]
pub(crate) struct Region {
  pub(crate) label: String,
  pub(crate) region: String,
  pub(crate) vpc: Ipv4Net,
  pub(crate) subnets: Vec<ZonalSubnet>,
  pub(crate) vpc_name: String,
  /// Whether endpoints use this region. A home region without endpoints keeps its VPC (the
  /// anchor of the blueprint's network) but gets no Bedrock endpoint and no logging setup.
  pub(crate) has_endpoints: bool,
  /// Whether endpoints here are invoked on `bedrock-runtime` (and so get its interface endpoint).
  pub(crate) runtime: bool,
  /// The `bedrock-mantle` interface endpoint and the private hosted zone serving its name,
  /// when endpoints here are invoked on `bedrock-mantle` (issue 13).
  pub(crate) mantle: Option<Mantle>,
  /// Whether the interface endpoint serves its own name (AWS-managed private DNS); false when
  /// a private hosted zone serves it to other VPCs too.
  pub(crate) private_dns: bool,
  /// Whether the VPC gets an STS interface endpoint (issue 18): callers live here (a workload's
  /// primary is in this region) and must assume the invoker role without a NAT, or, in the home
  /// region, callers in other clouds federate into AWS over the VPN.
  pub(crate) sts: bool,
  pub(crate) security_group: String,
  pub(crate) service_name: String,
  pub(crate) vpc_endpoint_name: String,
  pub(crate) logs_principal: String,
  pub(crate) kms_description: String,
  pub(crate) flow_log_group_arn_format: String,
  pub(crate) invocation_log_group_arn_format: String,
  /// `aws:SourceArn` pattern of the region's flow logs (trust of the flow-log role).
  pub(crate) flow_log_source_arn_format: String,
  /// `aws:SourceArn` pattern of Bedrock in this region (trust of the logging role).
  pub(crate) bedrock_source_arn_format: String,
  /// What the interface endpoint's policy admits: provisioned throughputs (resource labels),
  /// inference profiles (ARN formats) and foundation models (ARNs), each sorted and unique.
  pub(crate) provisioned: Vec<String>,
  pub(crate) profile_arn_formats: Vec<String>,
  pub(crate) model_arns: Vec<String>,
}

/// A region's `bedrock-mantle` interface endpoint. Its name (`bedrock-mantle.<region>.api.aws`)
/// is served by a private hosted zone of exactly that name rather than the endpoint's own
/// private DNS, in every VPC that must resolve it (its own, the home VPC whose Resolver inbound
/// endpoint answers the other clouds, and AWS regions whose private chains use it).
#[derive(Serialize)]
pub(crate) struct Mantle {
  pub(crate) label: String,
  pub(crate) service_name: String,
  pub(crate) vpc_endpoint_name: String,
  pub(crate) zone_name: String,
  pub(crate) zone_comment: String,
  pub(crate) zone_vpcs: Vec<mesh::aws::ZoneVpc>,
}

/// An AWS subnet, which lives in one Availability Zone (by ID); GCP's are regional
/// (`gcp::RegionalSubnet`).
#[derive(Serialize)]
pub(crate) struct Endpoint {
  pub(crate) name: String,
  pub(crate) label: String,
  pub(crate) region: String,
  pub(crate) region_label: String,
  pub(crate) model: String,
  /// Reached only through the region's interface endpoint (`aws:SourceVpce` condition).
  pub(crate) private: bool,
  /// Unique among the blueprint's AWS endpoints; letters and digits (IAM `Sid` rules).
  pub(crate) sid: String,
  /// `converse` for chat models, `invoke` for embedding models; on `bedrock-mantle` the
  /// OpenAI-compatible path (`responses`, `chat/completions`).
  pub(crate) api: &'static str,
  /// `bedrock-mantle:CreateInference` on the account's default project in the endpoint's
  /// region (an ARN format with `%s` for the account), for models served on `bedrock-mantle`.
  pub(crate) mantle_project_arn_format: Option<String>,
  /// Invoke URL and SDK model id; `None` for provisioned endpoints, whose URL is built from
  /// the provisioned model ARN by Terraform.
  pub(crate) invoke_url: Option<String>,
  pub(crate) model_id: Option<String>,
  pub(crate) provisioned: Option<Provisioned>,
  pub(crate) profile: Option<Profile>,
  /// The foundation model ARN of an on-demand, single-region endpoint.
  pub(crate) model_arn: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Provisioned {
  pub(crate) name: String,
  /// The context-length variant the units are bought for.
  pub(crate) model_arn: String,
  pub(crate) units: u32,
  pub(crate) commitment: Option<&'static str>,
}

fn endpoint(
  blueprint_endpoint: &BlueprintEndpoint,
  partition: &str,
  stem: &str,
  grant: Grant,
) -> Result<Endpoint, Error> {
  let EndpointKind::Aws(model) = &blueprint_endpoint.kind else {
    return Err(Error::internal(format!(
      "endpoint {} is not an AWS endpoint",
      blueprint_endpoint.name
    )));
  };
  let name = blueprint_endpoint.name.to_string();
  let region = blueprint_endpoint.region.clone();
  let id = blueprint_endpoint.model.clone();
  let (service, openai_api) = models::bedrock_service(&id);
  let api = match (service, openai_api) {
    (AwsService::Mantle, AwsApi::ChatCompletions) => "chat/completions",
    (AwsService::Mantle, _) => "responses",
    _ if models::is_embedding(&id) => "invoke",
    _ => "converse",
  };
  let mut out = Endpoint {
    mantle_project_arn_format: grant.mantle_project_arn_format,
    label: blueprint_endpoint.name.label(),
    region_label: naming::region_label(&region),
    private: blueprint_endpoint.private,
    sid: grant.sid,
    api,
    invoke_url: None,
    model_id: None,
    provisioned: None,
    profile: grant.profile,
    model_arn: grant.model_arn,
    name,
    region,
    model: id.clone(),
  };
  match model.throughput {
    Throughput::Provisioned { units, commitment } => {
      let variant = models::provisioned_variant(&id).ok_or_else(|| {
        Error::internal(format!("no provisioned variant of {id} passed validation"))
      })?;
      out.provisioned = Some(Provisioned {
        // An adopted throughput keeps its name (it cannot change without a new purchase).
        name: match blueprint_endpoint.adopt.as_deref().and_then(|adopt| {
          crate::analysis::analyzer::lifecycle::bedrock_throughput(adopt, &out.region).ok()
        }) {
          Some((_, name)) => name.to_owned(),
          None => provisioned_name(stem, blueprint_endpoint.cloud_name().as_str()),
        },
        model_arn: foundation_model_arn(partition, &out.region, &variant),
        units,
        commitment: commitment.terraform(),
      });
    }
    Throughput::OnDemand if service == AwsService::Mantle => {
      // bedrock-mantle serves the OpenAI GPT-5 models under /openai/v1 (the model cards'
      // "Programmatic access" base URL), with the model id in the request body, authorised by
      // `bedrock-mantle:CreateInference` on a project; requests without a project header go
      // to the account's default project, whose id is `default`
      // (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ProjectSummary.html,
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_bedrock-mantle.html).
      out.invoke_url = Some(format!(
        "https://bedrock-mantle.{}.api.aws/openai/v1/{api}",
        out.region
      ));
      out.model_id = Some(id.clone());
    }
    Throughput::OnDemand => {
      out.invoke_url = Some(format!(
        "https://bedrock-runtime.{}.amazonaws.com/model/{id}/{api}",
        out.region
      ));
      out.model_id = Some(id.clone());
    }
  }
  Ok(out)
}

pub(crate) fn context(blueprint: &Blueprint, topology: &Topology) -> Result<AwsContext, Error> {
  let cloud = blueprint
    .aws
    .as_ref()
    .ok_or_else(|| Error::internal("AWS endpoints without clouds.aws"))?;
  let stem = naming::stem(blueprint);
  let partition = partition(&cloud.region);

  let mut endpoints = Vec::new();
  for (e, grant) in aws_iam::grants(blueprint, partition) {
    endpoints.push(endpoint(e, partition, &stem, grant)?);
  }

  let mesh = mesh::aws::build(blueprint, topology, partition)?;
  let flow_log_group = format!("/switchyard/{stem}/vpc-flow-logs");
  let invocation_log_group = format!("/switchyard/{stem}/bedrock-invocations");
  let mut regions = Vec::new();
  let federation = crate::plan::federation::Federation::of(blueprint);
  let primary_regions: BTreeSet<&str> = blueprint
    .workloads
    .values()
    .filter_map(|w| w.failover.first())
    .filter_map(|name| blueprint.endpoints.get(name))
    .filter(|e| e.cloud() == Cloud::Aws)
    .map(|e| e.region.as_str())
    .collect();
  for (index, region) in blueprint.regions(Cloud::Aws).into_iter().enumerate() {
    // The analyzer has refused regions in another partition or without known zones.
    let zones = aws_zone_ids(&region)
      .ok_or_else(|| Error::internal(format!("no Availability Zones known for {region}")))?;
    let layout = addressing::aws(cloud.cidr, index).ok_or_else(|| {
      Error::internal(format!(
        "cannot carve region {index} ({region}) out of {}",
        cloud.cidr
      ))
    })?;
    let label = naming::region_label(&region);
    let here: Vec<&Endpoint> = endpoints.iter().filter(|e| e.region == region).collect();
    let subnets = layout
      .subnets
      .iter()
      .zip(zones)
      .zip(["a", "b"])
      .map(|((cidr, az_id), letter)| ZonalSubnet {
        label: format!("{label}_{letter}"),
        cidr: *cidr,
        az_id,
        name: format!("{stem}-{region}-private-{letter}"),
      })
      .collect();
    let sorted = |items: Vec<String>| -> Vec<String> {
      let set: BTreeSet<String> = items.into_iter().collect();
      set.into_iter().collect()
    };
    let logs_arn = |group: &str| format!("arn:{partition}:logs:{region}:%s:log-group:{group}");
    let mantle = here
      .iter()
      .any(|e| e.mantle_project_arn_format.is_some())
      .then(|| {
        let mut vpcs: BTreeSet<usize> = topology.aws_zones.get(&index).cloned().unwrap_or_default();
        vpcs.insert(index);
        let all = blueprint.regions(Cloud::Aws);
        Mantle {
          label: format!("{label}_mantle"),
          service_name: format!("com.amazonaws.{region}.bedrock-mantle"),
          vpc_endpoint_name: format!("{stem}-bedrock-mantle-{region}"),
          zone_name: format!("bedrock-mantle.{region}.api.aws"),
          zone_comment: format!("{stem}: bedrock-mantle {region} through its interface endpoint"),
          zone_vpcs: vpcs
            .iter()
            .filter_map(|i| all.get(*i))
            .map(|r| mesh::aws::ZoneVpc {
              label: naming::region_label(r),
              region: r.clone(),
            })
            .collect(),
        }
      });
    regions.push(Region {
      sts: primary_regions.contains(region.as_str())
        || (index == 0 && federation.pairs.iter().any(|&(_, to)| to == Cloud::Aws)),
      has_endpoints: !here.is_empty(),
      runtime: here.iter().any(|e| e.mantle_project_arn_format.is_none()),
      mantle,
      private_dns: mesh.private_dns.get(index).copied().unwrap_or(true),
      provisioned: sorted(
        here
          .iter()
          .filter(|e| e.provisioned.is_some())
          .map(|e| e.label.clone())
          .collect(),
      ),
      profile_arn_formats: sorted(
        here
          .iter()
          .filter_map(|e| e.profile.as_ref())
          .map(|p| p.arn_format.clone())
          .collect(),
      ),
      model_arns: sorted(
        here
          .iter()
          .flat_map(|e| {
            let routed = e
              .profile
              .iter()
              .flat_map(|p| p.routed_model_arns.iter().cloned());
            e.model_arn.iter().cloned().chain(routed)
          })
          .collect(),
      ),
      vpc: layout.vpc,
      subnets,
      vpc_name: format!("{stem}-{region}"),
      security_group: security_group_name(&stem),
      service_name: format!("com.amazonaws.{region}.bedrock-runtime"),
      vpc_endpoint_name: format!("{stem}-bedrock-runtime-{region}"),
      logs_principal: format!("logs.{region}.amazonaws.com"),
      kms_description: format!("{stem} CloudWatch Logs encryption ({region})"),
      flow_log_group_arn_format: logs_arn(&flow_log_group),
      invocation_log_group_arn_format: logs_arn(&invocation_log_group),
      flow_log_source_arn_format: format!("arn:{partition}:ec2:{region}:%s:vpc-flow-log/*"),
      bedrock_source_arn_format: format!("arn:{partition}:bedrock:{region}:%s:*"),
      label,
      region,
    });
  }

  Ok(AwsContext {
    region: cloud.region.clone(),
    partition,
    account_root_arn_format: format!("arn:{partition}:iam::%s:root"),
    invoker_role: role_name(&stem, "bedrock-invoker"),
    flow_logs_role: role_name(&stem, "vpc-flow-logs"),
    logging_role: role_name(&stem, "bedrock-invocation-logs"),
    flow_log_group,
    invocation_log_group,
    kms_alias: format!("alias/{stem}-logs"),
    regions,
    endpoints,
    transit: mesh.transit,
    vpn: mesh.vpn,
    resolver_inbound: mesh.inbound,
  })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
  use std::collections::BTreeMap;

  use super::*;
  use crate::analysis::aws_iam::{routed_model_arns, sids};
  use crate::plan::naming::aws::{PROVISIONED_NAME_MAX, ROLE_NAME_MAX};
  use crate::test_support::blueprint;

  fn plan(text: &str) -> AwsContext {
    let bp = blueprint(text);
    context(&bp, &Topology::of(&bp)).unwrap()
  }

  const SAMPLE: &str = "version: 1\nname: support-chat\nenvironment: prod\nclouds: {aws: {region: us-east-1, cidr: 10.20.0.0/16}}\nendpoints:\n  nova-use1: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 1, commitment: one_month}\n  claude-us: {cloud: aws, model: us.anthropic.claude-sonnet-4-20250514-v1:0}\n  titan-usw2: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\nworkloads:\n  chat: {failover: [nova-use1, claude-us]}\n  embed: {failover: [titan-usw2]}\n";

  /// Issue 13: GPT-5.4 on Bedrock is served only on bedrock-mantle.
  const MANTLE: &str = "version: 1\nname: mantle\nenvironment: prod\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}\n  aws: {region: us-west-2, cidr: 10.20.0.0/16}\nendpoints:\n  gpt-azure: {cloud: azure, model: gpt-5.4, sku: GlobalStandard, capacity: 50}\n  gpt-use2: {cloud: aws, region: us-east-2, model: openai.gpt-5.4}\n  oss-usw2: {cloud: aws, model: openai.gpt-oss-120b-1:0}\nworkloads:\n  ask: {failover: [gpt-azure, gpt-use2, oss-usw2]}\n";

  #[test]
  fn mantle_models_get_their_endpoint_zone_and_project_grant() {
    let aws = plan(MANTLE);
    let gpt = aws.endpoints.iter().find(|e| e.name == "gpt-use2").unwrap();
    assert_eq!(
      gpt.invoke_url.as_deref(),
      Some("https://bedrock-mantle.us-east-2.api.aws/openai/v1/responses")
    );
    assert_eq!(gpt.model_id.as_deref(), Some("openai.gpt-5.4"));
    assert_eq!(
      gpt.mantle_project_arn_format.as_deref(),
      Some("arn:aws:bedrock-mantle:us-east-2:%s:project/default")
    );
    assert!(gpt.model_arn.is_none() && gpt.profile.is_none());
    let oss = aws.endpoints.iter().find(|e| e.name == "oss-usw2").unwrap();
    assert!(oss.mantle_project_arn_format.is_none());
    assert_eq!(oss.api, "converse");

    let home = &aws.regions[0];
    assert_eq!(home.region, "us-west-2");
    assert!(home.runtime && home.mantle.is_none());
    let east = &aws.regions[1];
    // No bedrock-runtime endpoint where nothing is invoked on it.
    assert!(east.has_endpoints && !east.runtime);
    let mantle = east.mantle.as_ref().unwrap();
    assert_eq!(
      mantle.service_name,
      "com.amazonaws.us-east-2.bedrock-mantle"
    );
    assert_eq!(mantle.zone_name, "bedrock-mantle.us-east-2.api.aws");
    // Its own VPC and the home VPC, whose inbound resolver answers Azure.
    let vpcs: Vec<&str> = mantle.zone_vpcs.iter().map(|v| v.region.as_str()).collect();
    assert_eq!(vpcs, ["us-west-2", "us-east-2"]);
    // ... and no bedrock-runtime zone that would alias an endpoint that does not exist.
    let transit = aws.transit.as_ref().unwrap();
    assert!(transit.regions[1].zone.is_none());
  }

  #[test]
  fn sample_matches_the_reference() {
    let aws = plan(SAMPLE);
    assert_eq!(aws.partition, "aws");
    assert_eq!(aws.invoker_role, "support-chat-prod-bedrock-invoker");
    let regions: Vec<&str> = aws.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions, ["us-east-1", "us-west-2"]);
    let east = &aws.regions[0];
    assert_eq!(east.vpc.to_string(), "10.20.0.0/20");
    assert_eq!(east.subnets[0].az_id, "use1-az1");
    assert_eq!(east.subnets[1].label, "us_east_1_b");
    assert_eq!(east.provisioned, ["nova_use1"]);
    assert_eq!(
      east.profile_arn_formats,
      ["arn:aws:bedrock:us-east-1:%s:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0"]
    );
    assert_eq!(east.model_arns.len(), 3);
    assert_eq!(aws.regions[1].vpc.to_string(), "10.20.16.0/20");
    assert_eq!(
      aws.regions[1].model_arns,
      ["arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0"]
    );

    let by_name: BTreeMap<&str, &Endpoint> =
      aws.endpoints.iter().map(|e| (e.name.as_str(), e)).collect();
    let nova = by_name["nova-use1"];
    let provisioned = nova.provisioned.as_ref().unwrap();
    assert_eq!(provisioned.name, "support-chat-prod-nova-use1");
    assert_eq!(
      provisioned.model_arn,
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0:300k"
    );
    assert_eq!(provisioned.commitment, Some("OneMonth"));
    assert_eq!(nova.invoke_url, None);
    assert_eq!(nova.api, "converse");

    let claude = by_name["claude-us"];
    assert_eq!(
      claude.invoke_url.as_deref(),
      Some(
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1:0/converse"
      )
    );
    assert_eq!(
      claude.profile.as_ref().unwrap().routed_model_arns,
      [
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
        "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      ]
    );
    assert_eq!(claude.sid, "ClaudeUs");

    let titan = by_name["titan-usw2"];
    assert_eq!(titan.api, "invoke");
    assert!(titan.invoke_url.as_deref().unwrap().ends_with("/invoke"));
    assert_eq!(
      titan.model_arn.as_deref(),
      Some("arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0")
    );
  }

  #[test]
  fn global_profiles_use_region_less_model_arns() {
    let arns = routed_model_arns(
      "aws",
      "eu-west-1",
      models::inference_profile("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
        .unwrap()
        .0,
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
    );
    assert_eq!(
      arns,
      [
        "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
        "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      ]
    );
  }

  #[test]
  fn long_names_fit_aws_rules() {
    let aws = plan(
      "version: 1\nname: abcdefghijklmnopqrstuvwx\nenvironment: abcdefghijklmnopqrstuvwx\nclouds: {aws: {region: eu-west-1, cidr: 10.20.0.0/16}}\nendpoints:\n  a--b---c-d-e-f-g-h-i-j-k: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 1, commitment: six_months}\n  a--b---c-d-e-f-g-h-i-j-l: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 1, commitment: six_months}\nworkloads: {wl: {failover: [a--b---c-d-e-f-g-h-i-j-k, a--b---c-d-e-f-g-h-i-j-l]}}\n",
    );
    for role in [&aws.invoker_role, &aws.flow_logs_role, &aws.logging_role] {
      assert!(role.len() <= ROLE_NAME_MAX, "{role}");
      assert!(
        role
          .chars()
          .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
      );
    }
    assert_ne!(aws.invoker_role, aws.logging_role);
    let names: Vec<&str> = aws
      .endpoints
      .iter()
      .map(|e| e.provisioned.as_ref().unwrap().name.as_str())
      .collect();
    assert_ne!(names[0], names[1]);
    for name in names {
      assert!(name.len() <= PROVISIONED_NAME_MAX, "{name}");
      assert!(!name.contains("--") && !name.ends_with('-'), "{name}");
      assert!(name.starts_with(|c: char| c.is_ascii_alphanumeric()));
    }
    // Stable: the same blueprint derives the same names.
    assert_eq!(
      provisioned_name("x-y", "a--b"),
      provisioned_name("x-y", "a--b")
    );
    assert_eq!(provisioned_name("x-y", "a-b"), "x-y-a-b");
    assert!(provisioned_name("x-y", "a--b").starts_with("x-y-a-b-"));
    assert_ne!(
      provisioned_name("x-y", "a--b"),
      provisioned_name("x-y", "a-b")
    );
    assert_ne!(provisioned_name("x--y", "a"), provisioned_name("x-y", "a"));
    // The endpoint part survives shortening.
    assert!(
      aws.endpoints[0]
        .provisioned
        .as_ref()
        .unwrap()
        .name
        .contains("-a-b-c-d-e-f-g-h-i-j-k-")
    );
    assert!(aws.logging_role.ends_with("-bedrock-invocation-logs"));
    assert!(aws.invoker_role.ends_with("-bedrock-invoker"));
  }

  #[test]
  fn sids_are_alphanumeric_and_unique() {
    let sids = sids(["a-1", "a1", "gpt-east", "a-1x"].into_iter());
    assert_eq!(sids["a-1"], "A1");
    assert_eq!(sids["a1"], "A12");
    assert_eq!(sids["gpt-east"], "GptEast");
    let unique: BTreeSet<&String> = sids.values().collect();
    assert_eq!(unique.len(), 4);
    assert!(
      sids
        .values()
        .all(|s| s.chars().all(|c| c.is_ascii_alphanumeric()))
    );
  }

  #[test]
  fn security_groups_never_start_with_sg() {
    assert_eq!(
      security_group_name("sg-tools-prod"),
      "switchyard-sg-tools-prod-bedrock-endpoint"
    );
    assert_eq!(
      security_group_name("support-chat-prod"),
      "support-chat-prod-bedrock-endpoint"
    );
  }

  #[test]
  fn home_region_without_endpoints_keeps_only_its_network() {
    let aws = plan(
      "version: 1\nname: x1\nenvironment: dev\nclouds: {aws: {region: us-east-1, cidr: 10.20.0.0/16}}\nendpoints: {ep: {cloud: aws, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-20250514-v1:0}}\nworkloads: {wl: {failover: [ep]}}\n",
    );
    assert!(!aws.regions[0].has_endpoints);
    assert!(aws.regions[1].has_endpoints);
    assert_eq!(aws.regions[1].model_arns.len(), 6);
  }

  #[test]
  fn a_gov_cloud_home_region_plans_in_its_partition() {
    let gov = plan(
      "version: 1\nname: x1\nenvironment: dev\nclouds: {aws: {region: us-gov-west-1, cidr: 10.20.0.0/16}}\nendpoints: {ep: {cloud: aws, model: amazon.titan-embed-text-v2:0}}\nworkloads: {wl: {failover: [ep]}}\n",
    );
    assert_eq!(gov.account_root_arn_format, "arn:aws-us-gov:iam::%s:root");
    assert!(
      gov.endpoints[0]
        .model_arn
        .as_deref()
        .unwrap()
        .starts_with("arn:aws-us-gov:bedrock:")
    );
  }
}
