//! `network:` — whether Switchyard builds the cross-cloud VPN and DNS forwarding that private
//! failover chains need, and the checks that depend on it: a private chain across clouds needs
//! the VPN, and the AWS transit network needs room in the AWS address space.

use std::collections::BTreeMap;

use super::clouds::Clouds;
use super::reader::Reader;
use crate::analysis::addressing;
use crate::analysis::blueprint::{self, Endpoint, EntraEgress, Mode, Network, Workload};
use crate::analysis::cloud::Cloud;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::Name;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

pub(crate) const KEYS: &[&str] = &["vpn", "dns_forwarding"];

pub(crate) fn read(reader: &mut Reader, node: &Node, path: &YamlPath) -> Network {
  let mut network = Network::default();
  let Some(fields) = reader.mapping(node, path, "`network`", KEYS) else {
    return network;
  };
  if let Some(node) = fields.get("vpn") {
    network.vpn = mode(reader, node, &fields.path("vpn")).unwrap_or_default();
  }
  if let Some(node) = fields.get("dns_forwarding") {
    network.dns_forwarding = mode(reader, node, &fields.path("dns_forwarding")).unwrap_or_default();
  }
  network
}

/// `auto` or `off`. YAML 1.2 reads `off` as a string, but a `false` is a likely slip.
fn mode(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Mode> {
  if let Node::Bool(value) = node {
    let word = if *value { Mode::Auto } else { Mode::Off }.key();
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("expected `auto` or `off`, found `{value}`"),
      )
      .help(format!("write `{word}`")),
    );
    return None;
  }
  reader.choice(node, path, &Mode::ALL.map(|m| (m.key(), m)))
}

/// The checks that need the network settings, the endpoints and the workloads together.
pub(crate) fn check(
  reader: &mut Reader,
  network: &Network,
  clouds: &Clouds,
  endpoints: &BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
) {
  if network.vpn == Mode::Off {
    for workload in workloads.values().filter(|w| w.private) {
      check_unreachable(reader, workload, endpoints);
    }
  }
  check_aws_transit_room(reader, network, clouds, endpoints, workloads);
  for workload in workloads.values() {
    check_entra_id_egress(reader, clouds, workload, endpoints);
  }
}

/// Callers in AWS or GCP that call Azure exchange their token at Entra ID
/// (`login.microsoftonline.com`), which has no private endpoint, from networks with no route
/// to the internet (issue 18, docs/federation.md). Warn at the chain unless the calling cloud's
/// `entra_id_egress` says the path exists: `auto` (rendered, GCP) or `external` (the operator's).
fn check_entra_id_egress(
  reader: &mut Reader,
  clouds: &Clouds,
  workload: &Workload,
  endpoints: &BTreeMap<Name, Endpoint>,
) {
  let mut chain = workload.chain(endpoints);
  let Some(primary) = chain.next() else {
    return;
  };
  let home = primary.cloud();
  let Some(azure) = chain.find(|e| e.cloud() == Cloud::Azure) else {
    return;
  };
  let egress = match home {
    Cloud::Gcp => clouds.gcp.as_ref().map(|c| c.entra_id_egress),
    Cloud::Aws => clouds.aws.as_ref().map(|c| c.entra_id_egress),
    Cloud::Azure => return,
  };
  if egress != Some(EntraEgress::Off) {
    return;
  }
  let help = if home == Cloud::Gcp {
    "set `clouds.gcp.entra_id_egress: auto` to render Cloud NAT and a firewall policy rule that lets only the caller service account reach login.microsoftonline.com on 443, or `external` once the callers have another path to it (docs/federation.md)"
  } else {
    "Switchyard renders no AWS egress to Entra ID (docs/federation.md says why): give the callers a path to login.microsoftonline.com (a NAT gateway behind AWS Network Firewall with a domain allow-list, or a proxy) and set `clouds.aws.entra_id_egress: external`"
  };
  reader.report(Diagnostic::warning(
      YamlPath::root()
        .key("workloads")
        .key(workload.name.as_str())
        .key("failover"),
      format!(
        "workload `{}` is called from {home} (its primary `{}`) and falls over to Azure (`{}`): its callers must reach Microsoft Entra ID (login.microsoftonline.com), which has no private endpoint, and the {home} network has no route to the internet",
        workload.name, primary.name, azure.name
      ),
    )
    .help(help));
}

/// A private chain whose endpoints sit on another cloud than its primary cannot be reached
/// privately without the VPN: name each endpoint the primary's network would not reach.
fn check_unreachable(
  reader: &mut Reader,
  workload: &Workload,
  endpoints: &BTreeMap<Name, Endpoint>,
) {
  let mut chain = workload.chain(endpoints);
  let Some(primary) = chain.next() else {
    return;
  };
  let home = primary.cloud();
  let unreachable: Vec<String> = chain
    .filter(|e| e.cloud() != home)
    .map(|e| format!("`{}` ({}, {})", e.name, e.cloud(), e.region))
    .collect();
  if unreachable.is_empty() {
    return;
  }
  let others: Vec<&str> = {
    let mut clouds: Vec<Cloud> = workload
      .chain(endpoints)
      .map(Endpoint::cloud)
      .filter(|c| *c != home)
      .collect();
    clouds.sort();
    clouds.dedup();
    clouds.into_iter().map(Cloud::key).collect()
  };
  reader.report(
    Diagnostic::error(
      YamlPath::root()
        .key("workloads")
        .key(workload.name.as_str())
        .key("failover"),
      format!(
        "workload `{}` is private and its chain leaves {home}, but `network.vpn` is `off`: from the {home} network of its primary `{}`, {} cannot be reached over a private path",
        workload.name,
        primary.name,
        join(&unreachable)
      ),
    )
    .help(format!(
      "remove `vpn: off` so Switchyard builds the VPN from {home} to {}, keep the chain on {home}, or make the workload `private: false`",
      others.join(" and ")
    )),
  );
}

/// The AWS transit network (transit gateways, their attachment subnets and the Route 53
/// Resolver subnets) lives in /28s of each VPC's third quarter, which needs a /20 or larger cidr.
fn check_aws_transit_room(
  reader: &mut Reader,
  network: &Network,
  clouds: &Clouds,
  endpoints: &BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
) {
  let Some(aws) = &clouds.aws else {
    return;
  };
  let vpn = network.vpn == Mode::Auto
    && blueprint::private_cloud_pairs(endpoints, workloads)
      .iter()
      .any(|(a, b)| *a == Cloud::Aws || *b == Cloud::Aws);
  let regions = blueprint::private_chain_spans_aws_regions(endpoints, workloads);
  if !(vpn || regions) || addressing::aws_transit(aws.cidr, 0).is_some() {
    return;
  }
  let why = if vpn {
    "a private chain joins AWS to another cloud"
  } else {
    "a private chain spans AWS regions"
  };
  reader.report(
    Diagnostic::error(
      YamlPath::root().key("clouds").key("aws").key("cidr"),
      format!(
        "{} is too small for the AWS transit network (transit gateways and Route 53 Resolver endpoints), which is needed because {why}",
        aws.cidr
      ),
    )
    .help(format!(
      "use a /{} or larger: {}",
      addressing::AWS_TRANSIT_MAX_PREFIX,
      addressing::AWS_TRANSIT_SUMMARY
    )),
  );
}

fn join(items: &[String]) -> String {
  match items {
    [] => String::new(),
    [one] => one.clone(),
    [init @ .., last] => format!("{} and {last}", init.join(", ")),
  }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
  use crate::analysis::blueprint::Mode;
  use crate::input::diagnostic::Diagnostic;

  fn analyze(text: &str) -> Result<crate::analysis::blueprint::Blueprint, Vec<Diagnostic>> {
    let node = crate::input::yaml::parse(text).unwrap();
    crate::analysis::analyzer::analyze(&node, &crate::test_support::settings()).map(|(bp, _)| bp)
  }

  fn errors(text: &str) -> Vec<String> {
    match analyze(text) {
      Ok(_) => Vec::new(),
      Err(problems) => problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect(),
    }
  }

  const CLOUDS: &str = "version: 1\nname: net\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n  aws: {region: us-east-1, cidr: AWS_CIDR}\nendpoints:\n  az: {cloud: azure, model: gpt-4.1}\n  east: {cloud: aws, model: amazon.titan-embed-text-v2:0}\n  west: {cloud: aws, region: us-west-2, model: amazon.titan-embed-text-v2:0}\n";

  fn text(aws: &str, workloads: &str, network: &str) -> String {
    format!(
      "{}workloads:\n{workloads}{network}",
      CLOUDS.replace("AWS_CIDR", aws)
    )
  }

  /// Issue 18: callers in AWS or GCP that fall over to Azure need Entra ID, which is on the
  /// internet only; the chain is warned about, at its `failover`, unless the calling cloud's
  /// `entra_id_egress` says the path exists. `auto` is refused on AWS, where nothing renders it.
  #[test]
  fn chains_called_from_aws_or_gcp_into_azure_are_warned_about_entra_id() {
    let three = |aws: &str, gcp: &str| {
      format!(
        "version: 1\nname: net\nclouds:\n  azure: {{region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}}\n  aws: {{region: us-east-1, cidr: 10.20.0.0/16{aws}}}\n  gcp: {{project: net-project, region: us-central1, cidr: 10.30.0.0/16{gcp}}}\nendpoints:\n  az: {{cloud: azure, model: gpt-4.1}}\n  east: {{cloud: aws, model: us.anthropic.claude-sonnet-4-6}}\n  gc: {{cloud: gcp, model: gemini-2.5-flash}}\nworkloads:\n  from-aws: {{failover: [east, az]}}\n  from-gcp: {{failover: [gc, east, az]}}\n  from-azure: {{failover: [az, east, gc]}}\n"
      )
    };
    let warnings = |text: String| -> Vec<String> {
      let node = crate::input::yaml::parse(&text).unwrap();
      let (_, warnings) =
        crate::analysis::analyzer::analyze(&node, &crate::test_support::settings())
          .unwrap_or_else(|e| panic!("{e:?}"));
      warnings
        .iter()
        .filter(|d| d.message.contains("Entra ID"))
        .map(|d| d.path.to_string())
        .collect()
    };
    assert_eq!(
      warnings(three("", "")),
      ["workloads.from-aws.failover", "workloads.from-gcp.failover"]
    );
    assert_eq!(
      warnings(three("", ", entra_id_egress: auto")),
      ["workloads.from-aws.failover"]
    );
    assert!(
      warnings(three(
        ", entra_id_egress: external",
        ", entra_id_egress: external"
      ))
      .is_empty()
    );
    let refused = errors(&three(", entra_id_egress: auto", ""));
    assert_eq!(
      refused,
      [
        "clouds.aws.entra_id_egress: Switchyard renders no AWS egress to Microsoft Entra ID, so `auto` is not available on `clouds.aws`"
      ]
    );
  }

  #[test]
  fn the_default_is_auto_and_off_is_read() {
    let bp = analyze(&text("10.20.0.0/16", "  ww: {failover: [az]}\n", "")).unwrap();
    assert_eq!(bp.network.vpn, Mode::Auto);
    assert_eq!(bp.network.dns_forwarding, Mode::Auto);
    let bp = analyze(&text(
      "10.20.0.0/16",
      "  ww: {failover: [az]}\n",
      "network: {dns_forwarding: off}\n",
    ))
    .unwrap();
    assert_eq!(bp.network.vpn, Mode::Auto);
    assert_eq!(bp.network.dns_forwarding, Mode::Off);
  }

  #[test]
  fn vpn_off_refuses_private_chains_across_clouds_only() {
    let off = "network: {vpn: off}\n";
    let found = errors(&text(
      "10.20.0.0/16",
      "  ww: {failover: [az, east, west]}\n",
      off,
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("workloads.ww.failover: "), "{found:?}");
    assert!(
      found[0].contains("`east` (aws, us-east-1) and `west` (aws, us-west-2)"),
      "{found:?}"
    );
    // Public across clouds, or private within one cloud's regions: fine without a VPN.
    assert!(
      errors(&text(
        "10.20.0.0/16",
        "  ww: {failover: [az, east], private: false}\n  wx: {failover: [west]}\n",
        off
      ))
      .is_empty()
    );
    assert!(
      errors(&text(
        "10.20.0.0/16",
        "  ww: {failover: [east, west]}\n  wx: {failover: [az]}\n",
        off
      ))
      .is_empty()
    );
  }

  #[test]
  fn a_small_aws_cidr_is_refused_only_when_the_transit_network_is_built() {
    let small = "10.20.0.0/21";
    let found = errors(&text(
      small,
      "  ww: {failover: [az, east]}\n  wx: {failover: [west]}\n",
      "",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
      found[0].starts_with("clouds.aws.cidr: 10.20.0.0/21 is too small"),
      "{found:?}"
    );
    let found = errors(&text(
      small,
      "  ww: {failover: [east, west]}\n  wx: {failover: [az]}\n",
      "",
    ));
    assert!(found[0].contains("spans AWS regions"), "{found:?}");
    // No chain joins AWS to anything: the small cidr is enough.
    assert!(
      errors(&text(
        small,
        "  ww: {failover: [east]}\n  wx: {failover: [west]}\n  wy: {failover: [az]}\n",
        ""
      ))
      .is_empty()
    );
    assert!(
      errors(&text(
        "10.20.0.0/20",
        "  ww: {failover: [az, east, west]}\n",
        ""
      ))
      .is_empty()
    );
  }

  #[test]
  fn bad_modes_are_located() {
    let found = errors(&text(
      "10.20.0.0/16",
      "  ww: {failover: [az]}\n",
      "network: {vpn: true, dns_forwarding: none}\n",
    ));
    assert_eq!(
      found,
      [
        "network.vpn: expected `auto` or `off`, found `true`",
        "network.dns_forwarding: `none` is not a valid value here"
      ]
    );
  }
}
