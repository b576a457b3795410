//! Turns the parsed node tree into a validated `Blueprint`, or every problem found in it.
//!
//! The analyzer reads each section independently and keeps going after a problem, then runs
//! the cross-section checks (references, address overlap, privacy) on what did parse, so a
//! user fixes a file in one round trip.

mod aws;
pub(crate) mod backend;
pub(crate) mod clouds;
pub(crate) mod cost;
pub(crate) mod endpoints;
pub(crate) mod lifecycle;
mod multi_region;
pub(crate) mod network;
mod parity;
mod reader;
pub(crate) mod tags;
pub(crate) mod workloads;

use std::collections::BTreeMap;

use crate::analysis::addressing;
use crate::analysis::blueprint::{Blueprint, Endpoint};
use crate::analysis::catalog::Date;
use crate::analysis::cloud::Cloud;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::{self, Name};
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

use reader::Reader;

pub(crate) const TOP_KEYS: &[&str] = &[
  "version",
  "name",
  "environment",
  "tags",
  "clouds",
  "endpoints",
  "workloads",
  "network",
  "backend",
  "moved_from",
  "budget",
];

/// The blueprint format version this build reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// What a verdict depends on besides the blueprint: the day retirements are judged on, and
/// whether models the model catalog does not list are only warned about.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
  pub(crate) today: Date,
  pub(crate) allow_unlisted: bool,
}

/// The validated blueprint and its warnings, or every problem found (errors and warnings).
pub(crate) fn analyze(
  node: &Node,
  settings: &Settings,
) -> Result<(Blueprint, Vec<Diagnostic>), Vec<Diagnostic>> {
  let mut reader = Reader::default();
  let root = YamlPath::root();
  if *node == Node::Null {
    reader.report(
      Diagnostic::error(root, "the blueprint is empty")
        .help("start with `version: 1`, `name:`, `clouds:`, `endpoints:` and `workloads:`"),
    );
    return Err(reader.problems);
  }
  let Some(fields) = reader.mapping(node, &root, "the blueprint", TOP_KEYS) else {
    return Err(reader.problems);
  };

  if let Some(version) = reader.required(&fields, "version", "1") {
    check_version(&mut reader, version, &fields.path("version"));
  }
  let name = reader
    .required(&fields, "name", "support-chat")
    .and_then(|node| {
      read_name(
        &mut reader,
        node,
        &fields.path("name"),
        "the blueprint name",
      )
    });
  let moved_from = fields.get("moved_from").and_then(|node| {
    read_name(
      &mut reader,
      node,
      &fields.path("moved_from"),
      "the blueprint's former name",
    )
  });
  let environment = match fields.get("environment") {
    Some(node) => read_name(
      &mut reader,
      node,
      &fields.path("environment"),
      "the environment",
    ),
    None => Name::parse("default").ok(),
  };
  let tags = match fields.get("tags") {
    Some(node) => tags::read(&mut reader, node, &fields.path("tags")),
    None => BTreeMap::new(),
  };
  let backend = fields
    .get("backend")
    .and_then(|node| backend::read(&mut reader, node, &fields.path("backend")));
  let clouds = match reader.required(
    &fields,
    "clouds",
    "{azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 00000000-0000-0000-0000-000000000000}}",
  ) {
    Some(node) => clouds::read(&mut reader, node, &fields.path("clouds")),
    None => clouds::Clouds::default(),
  };
  let (endpoints, releases) = match reader.required(
    &fields,
    "endpoints",
    "{gpt-east: {cloud: azure, model: gpt-4.1}}",
  ) {
    Some(node) => endpoints::read(
      &mut reader,
      node,
      &fields.path("endpoints"),
      &clouds,
      settings,
    ),
    None => (BTreeMap::new(), Vec::new()),
  };
  let workloads = match reader.required(&fields, "workloads", "{chat: {failover: [gpt-east]}}") {
    Some(node) => {
      let declared: Vec<String> = match fields.get("endpoints") {
        Some(Node::Mapping(entries)) => entries.iter().map(|(key, _)| key.clone()).collect(),
        _ => Vec::new(),
      };
      workloads::read(
        &mut reader,
        node,
        &fields.path("workloads"),
        &endpoints,
        &declared,
      )
    }
    None => BTreeMap::new(),
  };
  if clouds.gcp.is_some() {
    tags::check_gcp_labels(&mut reader, &tags, &fields.path("tags"));
  }
  let (endpoints, released) =
    lifecycle::split_released(&mut reader, endpoints, &releases, &workloads);
  let endpoints = workloads::apply_privacy(
    &mut reader,
    endpoints,
    &workloads,
    &fields.path("workloads"),
  );
  check_layout_capacity(&mut reader, &endpoints, &clouds);
  workloads::check_shared_accounts(&mut reader, &endpoints);
  multi_region::check_home(
    &mut reader,
    &endpoints,
    clouds.gcp.as_ref().map(|g| g.region.as_str()),
  );
  let network = match fields.get("network") {
    Some(node) => network::read(&mut reader, node, &fields.path("network")),
    None => Default::default(),
  };
  network::check(&mut reader, &network, &clouds, &endpoints, &workloads);

  let budget = fields
    .get("budget")
    .and_then(|node| cost::budget(&mut reader, node, &fields.path("budget")));

  if reader.problems.iter().any(Diagnostic::is_error) {
    return Err(reader.problems);
  }
  match (name, environment) {
    (Some(name), Some(environment)) => {
      let blueprint = Blueprint {
        moved_from: moved_from.filter(|old| *old != name),
        name,
        environment,
        tags,
        backend,
        azure: clouds.azure,
        aws: clouds.aws,
        gcp: clouds.gcp,
        endpoints,
        released,
        workloads,
        network,
        budget,
      };
      cost::check_budgets(&mut reader, &blueprint, &root, settings.today);
      aws::check(&mut reader, &blueprint);
      if reader.problems.iter().any(Diagnostic::is_error) {
        return Err(reader.problems);
      }
      Ok((blueprint, reader.problems))
    }
    _ => Err(reader.problems),
  }
}

/// Each cloud's address layout has room for a fixed number of regions.
fn check_layout_capacity(
  reader: &mut Reader,
  endpoints: &BTreeMap<Name, Endpoint>,
  clouds: &clouds::Clouds,
) {
  for cloud in Cloud::ALL {
    let Some(home) = clouds.home_region(cloud) else {
      continue;
    };
    let mut regions: Vec<&str> = vec![home];
    for endpoint in endpoints.values().filter(|e| e.cloud() == cloud) {
      if !regions.contains(&endpoint.region.as_str()) {
        regions.push(&endpoint.region);
        if regions.len() == addressing::max_regions(cloud).saturating_add(1) {
          reader.report(
            Diagnostic::error(
              YamlPath::root()
                .key("endpoints")
                .key(endpoint.name.as_str())
                .key("region"),
              format!(
                "{cloud} endpoints use more than {} regions",
                addressing::max_regions(cloud)
              ),
            )
            .help(format!(
              "{}; split the blueprint",
              addressing::layout_summary(cloud)
            )),
          );
        }
      }
    }
  }
}

fn check_version(reader: &mut Reader, node: &Node, path: &YamlPath) {
  match node {
    Node::Integer(v) if *v == i128::from(FORMAT_VERSION) => {}
    Node::Integer(v) => reader.report(
      Diagnostic::error(
        path.clone(),
        format!("blueprint format version {v} is not supported"),
      )
      .help(format!("this Switchyard reads `version: {FORMAT_VERSION}`")),
    ),
    Node::String(s) if s.trim() == FORMAT_VERSION.to_string() => reader.report(
      Diagnostic::error(path.clone(), "expected an integer, found a string")
        .help(format!("write `version: {FORMAT_VERSION}` without quotes")),
    ),
    other => reader.report(
      Diagnostic::error(
        path.clone(),
        format!("expected an integer, found {}", other.kind()),
      )
      .help(format!("write `version: {FORMAT_VERSION}`")),
    ),
  }
}

/// Reads a name and explains the pattern when it does not match.
pub(crate) fn read_name(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  what: &str,
) -> Option<Name> {
  let text = reader.string(node, path)?;
  check_name(reader, text, path, what, false)
}

/// Checks a name that is a mapping key (`at_key` points the caret at the key).
pub(crate) fn check_name(
  reader: &mut Reader,
  text: &str,
  path: &YamlPath,
  what: &str,
  at_key: bool,
) -> Option<Name> {
  match Name::parse(text) {
    Ok(name) => Some(name),
    Err(why) => {
      let mut help = format!("names match {}", name::NAME_PATTERN);
      if let Some(fixed) = name::suggest(text) {
        help.push_str(&format!("; for example `{fixed}`"));
      }
      let mut diagnostic =
        Diagnostic::error(path.clone(), format!("{what} {text:?} {why}")).help(help);
      if at_key {
        diagnostic = diagnostic.at_key();
      }
      reader.report(diagnostic);
      None
    }
  }
}
