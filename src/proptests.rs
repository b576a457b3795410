//! Property tests of the invariants every blueprint must keep.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;
use proptest::prelude::*;

use crate::analysis::addressing;
use crate::plan::Plan;
use crate::render::{self, Templates, format, hcl};
use crate::test_support::{blueprint, cases};

/// Blueprint text with `n` endpoints spread over the clouds and regions, and workloads over them.
fn generated(seed: &[(u8, u8, u8)], tag: &str) -> String {
  let azure = ["eastus2", "westus3", "swedencentral"];
  let aws = ["us-east-1", "us-west-2", "eu-west-1"];
  let gcp = ["us-central1", "europe-west4"];
  let mut text = format!(
    "version: 1\nname: gen\ntags: {{note: {}}}\nclouds:\n  azure: {{region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}}\n  aws: {{region: us-east-1, cidr: 10.20.0.0/16}}\n  gcp: {{project: gen-project, region: us-central1, cidr: 10.30.0.0/16}}\nendpoints:\n",
    serde_json::to_string(tag).unwrap_or_default()
  );
  for (i, (cloud, region, _)) in seed.iter().enumerate() {
    let line = match cloud % 3 {
      0 => format!(
        "  e{i}: {{cloud: azure, region: {}, model: gpt-4.1}}\n",
        azure[usize::from(*region) % azure.len()]
      ),
      1 => format!(
        "  e{i}: {{cloud: aws, region: {}, model: amazon.titan-embed-text-v2:0}}\n",
        aws[usize::from(*region) % aws.len()]
      ),
      _ => format!(
        "  e{i}: {{cloud: gcp, region: {}, model: gemini-2.5-flash}}\n",
        gcp[usize::from(*region) % gcp.len()]
      ),
    };
    text.push_str(&line);
  }
  text.push_str("workloads:\n");
  for (i, (_, _, pick)) in seed.iter().enumerate() {
    let second = usize::from(*pick) % seed.len();
    if second == i {
      text.push_str(&format!("  w{i}: {{failover: [e{i}]}}\n"));
    } else {
      text.push_str(&format!("  w{i}: {{failover: [e{i}, e{second}]}}\n"));
    }
  }
  text
}

fn private_cidr() -> impl Strategy<Value = Ipv4Net> {
  (12u8..=22, any::<u32>()).prop_map(|(prefix, bits)| {
    let addr = std::net::Ipv4Addr::from(0x0a00_0000 | (bits & 0x00ff_ffff));
    Ipv4Net::new(addr, prefix)
      .map(|n| n.trunc())
      .unwrap_or_default()
  })
}

fn disjoint(nets: &[Ipv4Net]) -> bool {
  nets.iter().enumerate().all(|(i, a)| {
    nets
      .iter()
      .skip(i + 1)
      .all(|b| !a.contains(b) && !b.contains(a))
  })
}

proptest! {
  #![proptest_config(cases(64, 64))]

  #[test]
  fn escaped_strings_round_trip_through_hcl(text in any::<String>()) {
    let source = format!("a = {}\n", hcl::quote(&text));
    let body = ::hcl::parse(&source).map_err(|e| TestCaseError::fail(format!("{e}: {source}")))?;
    let attribute = body.attributes().next().ok_or_else(|| TestCaseError::fail("no attribute"))?;
    prop_assert_eq!(&attribute.expr, &::hcl::Expression::String(text));
  }

  #[test]
  fn carved_blocks_never_overlap_and_stay_inside(cidr in private_cidr()) {
    let mut nets = Vec::new();
    for index in 0..16 {
      let region = addressing::aws(cidr, index).ok_or_else(|| TestCaseError::fail("no aws block"))?;
      prop_assert!(cidr.contains(&region.vpc));
      for subnet in region.subnets {
        prop_assert!(region.vpc.contains(&subnet));
        nets.push(subnet);
      }
      // The transit /28s fit exactly when the cidr is a /20 or larger.
      let transit = addressing::aws_transit(cidr, index);
      prop_assert_eq!(transit.is_some(), cidr.prefix_len() <= addressing::AWS_TRANSIT_MAX_PREFIX);
      for subnet in transit.iter().flat_map(|t| t.attachments.iter().chain(&t.resolver)) {
        prop_assert!(region.vpc.contains(subnet));
        nets.push(*subnet);
      }
    }
    prop_assert!(disjoint(&nets));
    let gcp: Vec<Ipv4Net> = (0..15).filter_map(|i| addressing::gcp_subnet(cidr, i)).collect();
    prop_assert_eq!(gcp.len(), 15);
    prop_assert!(disjoint(&gcp));
    let psc = addressing::gcp_psc_address(cidr);
    prop_assert!(cidr.contains(&psc) && gcp.iter().all(|s| !s.contains(&psc)));
    let azure = addressing::azure(cidr).ok_or_else(|| TestCaseError::fail("no azure layout"))?;
    prop_assert!(disjoint(&[azure.private_endpoints, azure.gateway, azure.resolver_inbound, azure.resolver_outbound]));
  }

  #[test]
  fn the_order_respects_every_edge(seed in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..12)) {
    let plan = Plan::new(blueprint(&generated(&seed, "x"))).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let position: Vec<String> = plan.order.iter().filter_map(|i| plan.graph.unit(*i).map(|u| u.id())).collect();
    prop_assert_eq!(position.len(), plan.graph.len());
    prop_assert_eq!(position.iter().collect::<BTreeSet<_>>().len(), position.len());
    for (before, after) in plan.graph.edges() {
      let b = position.iter().position(|id| *id == before.id());
      let a = position.iter().position(|id| *id == after.id());
      prop_assert!(b < a, "{} must come before {}", before.id(), after.id());
    }
  }
}

proptest! {
  // Two renders and an hcl-rs parse of every file per case: the slowest property (issue 19).
  #![proptest_config(cases(8, 64))]

  #[test]
  fn rendering_is_deterministic_idempotent_and_keeps_values(
    seed in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..6),
    tag in any::<String>(),
  ) {
    let text = generated(&seed, &tag);
    let templates = Templates::load(None).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let first = render::render(&Plan::new(blueprint(&text)).map_err(|e| TestCaseError::fail(e.to_string()))?, &templates, &[])
      .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let second = render::render(&Plan::new(blueprint(&text)).map_err(|e| TestCaseError::fail(e.to_string()))?, &templates, &[])
      .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&first, &second);
    for (path, content) in first.files.iter().filter(|(path, _)| path.ends_with(".tf")) {
      prop_assert_eq!(&format::format(content), content, "{} is not a fixed point of the formatter", path);
      // What the render's structure check leaves to the tests: hcl-rs parses the file, and
      // lists the resource types the check did.
      let body = ::hcl::edit::parser::parse_body(content).map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
      let types: Vec<String> = body.blocks()
        .filter(|block| block.ident.as_str() == "resource")
        .filter_map(|block| block.labels.first())
        .map(|label| label.as_str().to_owned())
        .collect();
      let listed: Option<Vec<String>> = first.blocks.get(path).map(|blocks| {
        blocks.iter().filter_map(|b| b.resource_type()).map(str::to_owned).collect()
      });
      prop_assert_eq!(listed, Some(types));
    }
    // What `plan` lists for a new root, without parsing, is what hcl-rs reads.
    prop_assert_eq!(crate::gitops::tfdiff::declared_agrees_with_parsed(&first), Ok(()));

    // The tag value reaches HCL as exactly that string.
    let main = first.files.get("gen/default/main.tf").ok_or_else(|| TestCaseError::fail("no main.tf"))?;
    let value: ::hcl::Value = ::hcl::from_str(main).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let note = value.as_object()
      .and_then(|o| o.get("locals")).and_then(|l| l.as_object())
      .and_then(|l| l.get("tags")).and_then(|t| t.as_object())
      .and_then(|t| t.get("note")).and_then(|n| n.as_str());
    prop_assert_eq!(note, Some(tag.as_str()));
  }
}
