//! What an AWS account can be planned with: every region in the home region's partition and
//! in the Availability Zone table (`regions::aws_zone_ids`), and an invoker role whose inline
//! policy IAM accepts (measured from the grants `aws_iam` derives, which the plan prints).

use super::reader::Reader;
use crate::analysis::aws_iam::{self, ROLE_INLINE_POLICY_MAX};
use crate::analysis::blueprint::Blueprint;
use crate::analysis::cloud::Cloud;
use crate::analysis::regions;
use crate::input::diagnostic::Diagnostic;
use crate::input::yaml_path::YamlPath;

pub(crate) fn check(reader: &mut Reader, blueprint: &Blueprint) {
  let Some(cloud) = &blueprint.aws else {
    return;
  };
  if !blueprint.used_clouds().contains(&Cloud::Aws) {
    return;
  }
  let partition = aws_iam::partition(&cloud.region);
  for region in blueprint.regions(Cloud::Aws) {
    if aws_iam::partition(&region) != partition {
      reader.report(
        Diagnostic::error(
          region_path(blueprint, &region),
          format!(
            "{region} is in another AWS partition than the home region {}",
            cloud.region
          ),
        )
        .help("one AWS account cannot span partitions: keep GovCloud and commercial regions in separate blueprints"),
      );
      continue;
    }
    if regions::aws_zone_ids(&region).is_none() {
      reader.report(
        Diagnostic::error(
          region_path(blueprint, &region),
          format!(
            "Amazon Bedrock is not offered in {region}, or Switchyard does not know its Availability Zones"
          ),
        )
        .help("use a region where Bedrock is offered, e.g. us-east-1, us-west-2, eu-central-1 or ap-northeast-1"),
      );
    }
  }
  let grants: Vec<aws_iam::Grant> = aws_iam::grants(blueprint, partition)
    .into_iter()
    .map(|(_, grant)| grant)
    .collect();
  let size = aws_iam::invoker_policy_size(&grants);
  if size > ROLE_INLINE_POLICY_MAX {
    reader.report(
      Diagnostic::error(
        YamlPath::root().key("endpoints"),
        format!(
          "the AWS invoker role's policy would be about {size} characters; IAM allows {ROLE_INLINE_POLICY_MAX} per role"
        ),
      )
      .help("split the AWS endpoints over two blueprints, or use fewer inference profiles that route to many regions"),
    );
  }
}

/// Where a region comes from in the blueprint: the first endpoint placing something there, or
/// `clouds.aws.region` for the home region.
fn region_path(blueprint: &Blueprint, region: &str) -> YamlPath {
  let home = blueprint.home_region(Cloud::Aws) == Some(region);
  match blueprint
    .endpoints_of(Cloud::Aws)
    .find(|e| e.region == region && !home)
  {
    Some(endpoint) => YamlPath::root()
      .key("endpoints")
      .key(endpoint.name.as_str())
      .key("region"),
    None => YamlPath::root().key("clouds").key("aws").key("region"),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// The errors the analyzer reports, as `path: message` lines.
  fn errors(text: &str) -> String {
    let node = crate::input::yaml::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
    match crate::analysis::analyzer::analyze(&node, &crate::test_support::settings()) {
      Ok(_) => panic!("expected an error"),
      Err(problems) => problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect::<Vec<_>>()
        .join("\n"),
    }
  }

  const SAMPLE: &str = "version: 1\nname: support-chat\nenvironment: prod\nclouds: {aws: {region: us-east-1, cidr: 10.20.0.0/16}}\nendpoints:\n  nova-use1: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 1, commitment: one_month}\n  claude-us: {cloud: aws, model: us.anthropic.claude-sonnet-4-20250514-v1:0}\n  titan-usw2: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\nworkloads:\n  chat: {failover: [nova-use1, claude-us]}\n  embed: {failover: [titan-usw2]}\n";

  #[test]
  fn regions_without_bedrock_are_a_blueprint_error() {
    let error = errors(
      "version: 1\nname: x1\nenvironment: dev\nclouds: {aws: {region: us-east-1, cidr: 10.20.0.0/16}}\nendpoints: {ep: {cloud: aws, region: af-south-1, model: amazon.titan-embed-text-v2:0}}\nworkloads: {wl: {failover: [ep]}}\n",
    );
    assert!(error.contains("not offered in af-south-1"), "{error}");
    assert!(error.contains("endpoints.ep.region: "), "{error}");
  }

  #[test]
  fn partitions_do_not_mix() {
    let error = errors(
      "version: 1\nname: x1\nenvironment: dev\nclouds: {aws: {region: us-east-1, cidr: 10.20.0.0/16}}\nendpoints: {ep: {cloud: aws, region: us-gov-west-1, model: amazon.titan-embed-text-v2:0}}\nworkloads: {wl: {failover: [ep]}}\n",
    );
    assert!(error.contains("partition"), "{error}");
  }

  #[test]
  fn oversized_invoker_policies_are_refused() {
    let mut text = String::from(
      "version: 1\nname: x1\nenvironment: dev\nclouds: {aws: {region: eu-west-1, cidr: 10.20.0.0/16}}\nendpoints:\n",
    );
    let names: Vec<String> = (0..30).map(|i| format!("claude-{i}")).collect();
    for name in &names {
      text.push_str(&format!(
        "  {name}: {{cloud: aws, model: eu.anthropic.claude-sonnet-4-20250514-v1:0}}\n"
      ));
    }
    text.push_str(&format!(
      "workloads: {{wl: {{failover: [{}]}}}}\n",
      names.join(", ")
    ));
    let error = errors(&text);
    assert!(error.contains("IAM allows 10240"), "{error}");
    let sample = crate::test_support::blueprint(SAMPLE);
    let grants: Vec<aws_iam::Grant> = aws_iam::grants(&sample, "aws")
      .into_iter()
      .map(|(_, grant)| grant)
      .collect();
    assert!(aws_iam::invoker_policy_size(&grants) < 3_000);
  }
}
