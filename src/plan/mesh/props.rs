//! Property tests of the mesh over generated blueprints: no two carved blocks overlap, every
//! private chain is reachable in the planned topology, and no pre-shared key is ever a literal.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;
use proptest::prelude::*;

use super::walk::Walk;
use crate::plan::Plan;
use crate::render::{self, Templates};
use crate::test_support::{blueprint, cases};

const AZURE: [&str; 3] = ["eastus2", "westus3", "swedencentral"];
const AWS: [&str; 5] = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-northeast-1",
];
const GCP: [&str; 3] = ["us-central1", "europe-west4", "us-east4"];

/// A blueprint over the `clouds` bitmask (1 Azure, 2 AWS, 4 GCP), one endpoint per seed entry
/// and a private workload per entry whose chain starts there and continues with up to two
/// others (public chains make no mesh; the unit tests cover them).
fn generated(clouds: u8, seed: &[(u8, u8, u8, u8)], aws_prefix: u8) -> String {
  let clouds = if clouds & 7 == 0 { 7 } else { clouds & 7 };
  let used: Vec<u8> = [1u8, 2, 4]
    .into_iter()
    .filter(|c| clouds & c != 0)
    .collect();
  let mut text = String::from("version: 1\nname: mesh-prop\nclouds:\n");
  if clouds & 1 != 0 {
    text.push_str("  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\n");
  }
  if clouds & 2 != 0 {
    text.push_str(&format!(
      "  aws: {{region: us-east-1, cidr: 10.32.0.0/{aws_prefix}}}\n"
    ));
  }
  if clouds & 4 != 0 {
    text.push_str("  gcp: {project: mesh-prop, region: us-central1, cidr: 10.30.0.0/16}\n");
  }
  text.push_str("endpoints:\n");
  for (i, (cloud, region, _, _)) in seed.iter().enumerate() {
    let cloud = used
      .get(usize::from(*cloud) % used.len())
      .copied()
      .unwrap_or(1);
    let r = usize::from(*region);
    let line = match cloud {
      1 => format!(
        "  e{i}: {{cloud: azure, region: {}, model: gpt-4.1}}\n",
        AZURE[r % AZURE.len()]
      ),
      2 => format!(
        "  e{i}: {{cloud: aws, region: {}, model: amazon.titan-embed-text-v2:0}}\n",
        AWS[r % AWS.len()]
      ),
      _ => format!(
        "  e{i}: {{cloud: gcp, region: {}, model: gemini-2.5-flash}}\n",
        GCP[r % GCP.len()]
      ),
    };
    text.push_str(&line);
  }
  text.push_str("workloads:\n");
  let n = seed.len();
  for (i, (_, _, a, b)) in seed.iter().enumerate() {
    let mut chain = vec![i];
    for pick in [a, b] {
      let j = usize::from(*pick) % n;
      if !chain.contains(&j) {
        chain.push(j);
      }
    }
    let names: Vec<String> = chain.iter().map(|j| format!("e{j}")).collect();
    text.push_str(&format!("  w{i}: {{failover: [{}]}}\n", names.join(", ")));
  }
  text
}

fn seeds() -> impl Strategy<Value = Vec<(u8, u8, u8, u8)>> {
  prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 1..9)
}

/// Every block the plan carves or assigns: subnets of every cloud, transit and resolver /28s,
/// the PSC address, and the tunnel inside /30s.
fn carved(plan: &Plan) -> Vec<Ipv4Net> {
  let c = &plan.context;
  let mut nets = Vec::new();
  if let Some(azure) = &c.azure {
    let l = &azure.layout;
    nets.extend([
      l.private_endpoints,
      l.gateway,
      l.resolver_inbound,
      l.resolver_outbound,
    ]);
  }
  if let Some(aws) = &c.aws {
    for region in &aws.regions {
      nets.extend(region.subnets.iter().map(|s| s.cidr));
    }
    if let Some(transit) = &aws.transit {
      for region in &transit.regions {
        nets.extend(region.attachment_subnets.iter().map(|s| s.cidr));
        nets.extend(region.resolver_subnets.iter().map(|s| s.cidr));
      }
    }
  }
  if let Some(gcp) = &c.gcp {
    nets.extend(gcp.subnets.iter().map(|s| s.cidr));
    nets.push(Ipv4Net::new(gcp.psc.address, 32).unwrap_or_default());
  }
  // Both ends of a tunnel name the same /30: count each once.
  let mut inside = BTreeSet::new();
  if let Some(vpn) = c.azure.as_ref().and_then(|a| a.vpn.as_ref()) {
    inside.extend(vpn.connections.iter().map(|x| x.inside));
  }
  if let Some(vpn) = c.aws.as_ref().and_then(|a| a.vpn.as_ref()) {
    inside.extend(
      vpn
        .connections
        .iter()
        .flat_map(|x| x.tunnels.iter().map(|t| t.inside)),
    );
  }
  if let Some(vpn) = c.gcp.as_ref().and_then(|g| g.vpn.as_ref()) {
    inside.extend(
      vpn
        .tunnels
        .iter()
        .filter_map(|t| Ipv4Net::new(t.ip, 30).ok().map(|n| n.trunc())),
    );
  }
  nets.extend(inside);
  nets
}

/// The blocks of every AWS region VPC, every cloud's cidr: each carved block lies inside one.
fn spaces(plan: &Plan) -> Vec<Ipv4Net> {
  let mut spaces = plan.context.private_cidrs.clone();
  spaces.push("169.254.21.0/24".parse().unwrap_or_default());
  spaces
}

fn overlaps(nets: &[Ipv4Net]) -> Option<(Ipv4Net, Ipv4Net)> {
  nets.iter().enumerate().find_map(|(i, a)| {
    nets
      .iter()
      .skip(i + 1)
      .find(|b| a.contains(*b) || b.contains(a))
      .map(|b| (*a, *b))
  })
}

proptest! {
  #![proptest_config(cases(96, 96))]

  #[test]
  fn no_carved_block_overlaps_another(clouds in 1u8..8, seed in seeds(), prefix in 12u8..=20) {
    let plan = Plan::new(blueprint(&generated(clouds, &seed, prefix)))
      .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let nets = carved(&plan);
    prop_assert_eq!(overlaps(&nets), None);
    let spaces = spaces(&plan);
    for net in &nets {
      prop_assert!(spaces.iter().any(|s| s.contains(net)), "{} lies outside every space", net);
    }
  }

  #[test]
  fn every_private_chain_is_reachable_from_its_primary(clouds in 1u8..8, seed in seeds()) {
    let plan = Plan::new(blueprint(&generated(clouds, &seed, 16)))
      .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let problems = Walk::new(&plan).problems();
    prop_assert!(problems.is_empty(), "{:#?}", problems);
  }
}

proptest! {
  // Rendering is the slow part: fewer cases.
  #![proptest_config(cases(6, 12))]

  #[test]
  fn no_pre_shared_key_is_ever_literal(clouds in 1u8..8, seed in seeds()) {
    let plan = Plan::new(blueprint(&generated(clouds, &seed, 16)))
      .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let templates = Templates::load(None).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let rendered = render::render(&plan, &templates, &[]).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let (problems, uses) = secrets::problems(&rendered.files);
    prop_assert!(problems.is_empty(), "{:#?}", problems);
    // Each key is used by exactly the two ends of its tunnel.
    let keys = plan.context.mesh.as_ref().map_or(0, |m| m.keys.len());
    prop_assert_eq!(uses, 2 * keys);
  }
}

/// What "secrets are never literal" means for a rendered tree.
pub(crate) mod secrets {
  use std::collections::BTreeMap;

  use hcl::{Block, Body, Expression};

  /// Attributes that carry a pre-shared key.
  fn is_key_attribute(name: &str) -> bool {
    name == "shared_key"
      || name == "shared_secret"
      || (name.starts_with("tunnel") && name.ends_with("_preshared_key"))
  }

  fn walk<'a>(body: &'a Body, out: &mut Vec<(&'a str, &'a Expression)>) {
    for attribute in body.attributes() {
      out.push((attribute.key.as_str(), &attribute.expr));
    }
    for block in body.blocks() {
      walk(&block.body, out);
    }
  }

  fn blocks<'a>(body: &'a Body, kind: &str) -> Vec<&'a Block> {
    body.blocks().filter(|b| b.identifier() == kind).collect()
  }

  fn attribute<'a>(block: &'a Block, name: &str) -> Option<&'a Expression> {
    block
      .body
      .attributes()
      .find(|a| a.key.as_str() == name)
      .map(|a| &a.expr)
  }

  /// The problems found, and how many attributes carry a key.
  pub(crate) fn problems(files: &BTreeMap<String, String>) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut uses = 0;
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".tf")) {
      let Ok(body) = hcl::parse(text) else {
        problems.push(format!("{path} does not parse"));
        continue;
      };
      let mut attributes = Vec::new();
      walk(&body, &mut attributes);
      for (name, expr) in attributes {
        if is_key_attribute(name) {
          uses += 1;
          let text = expr.to_string();
          if !text.starts_with("var.vpn_preshared_keys[") {
            problems.push(format!("{path}: {name} = {text}"));
          }
        }
      }
      for variable in blocks(&body, "variable") {
        let name = variable
          .labels()
          .first()
          .map(|l| l.as_str())
          .unwrap_or_default();
        if name == "vpn_preshared_keys"
          && attribute(variable, "sensitive") != Some(&Expression::Bool(true))
        {
          problems.push(format!("{path}: variable {name} is not sensitive"));
        }
      }
      for output in blocks(&body, "output") {
        let value = attribute(output, "value")
          .map(ToString::to_string)
          .unwrap_or_default();
        let sensitive = attribute(output, "sensitive") == Some(&Expression::Bool(true));
        if (value.contains("random_password") || value.contains("preshared")) && !sensitive {
          problems.push(format!(
            "{path}: an output carries a key without `sensitive = true`"
          ));
        }
      }
      for resource in blocks(&body, "resource") {
        if resource.labels().first().map(|l| l.as_str()) != Some("random_password") {
          continue;
        }
        // AWS accepts letters, digits, `.` and `_`, not starting with `0`: letters only.
        let letters_only = attribute(resource, "special") == Some(&Expression::Bool(false))
          && attribute(resource, "numeric") == Some(&Expression::Bool(false));
        let length = attribute(resource, "length")
          .map(ToString::to_string)
          .unwrap_or_default();
        let length: u32 = length.parse().unwrap_or_default();
        if !letters_only || !(8..=64).contains(&length) {
          problems.push(format!("{path}: a random_password AWS would refuse"));
        }
      }
      // A key literal anywhere: a quoted string of 32+ letters where a key goes.
      if text.contains("preshared_key = \"")
        || text.contains("shared_key = \"")
        || text.contains("shared_secret = \"")
      {
        problems.push(format!("{path}: a literal key"));
      }
    }
    (problems, uses)
  }
}

#[test]
fn the_secret_check_catches_a_literal_key_and_a_visible_variable() {
  let mut files = std::collections::BTreeMap::new();
  files.insert(
    "x/modules/aws/vpn.tf".to_owned(),
    "resource \"aws_vpn_connection\" \"a\" {\n  tunnel1_preshared_key = \"abcdefghabcdefgh\"\n}\n"
      .to_owned(),
  );
  files.insert(
    "x/modules/aws/variables.tf".to_owned(),
    "variable \"vpn_preshared_keys\" {\n  type = map(string)\n}\n".to_owned(),
  );
  let (problems, uses) = secrets::problems(&files);
  assert_eq!(problems.len(), 3, "{problems:?}");
  assert_eq!(uses, 1);
}
