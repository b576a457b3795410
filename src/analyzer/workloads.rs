//! `workloads:` — an ordered failover chain of endpoints, and whether it is private.

use std::collections::BTreeMap;

use super::reader::Reader;
use crate::blueprint::{Endpoint, Workload};
use crate::diagnostic::{Diagnostic, Severity};
use crate::name::Name;
use crate::node::Node;
use crate::suggest;
use crate::yaml_path::YamlPath;

const KEYS: &[&str] = &["failover", "private"];

pub(crate) fn read(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  endpoints: &BTreeMap<Name, Endpoint>,
) -> BTreeMap<Name, Workload> {
  let mut workloads = BTreeMap::new();
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!(
          "expected a mapping of workload names, found {}",
          node.kind()
        ),
      )
      .help("write `workloads:` followed by `<name>: {failover: [endpoint, ...]}` entries"),
    );
    return workloads;
  };
  if entries.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "no workload is defined").help("add at least one workload"),
    );
  }
  for (key, value) in entries {
    let entry_path = path.key(key);
    let name = super::check_name(reader, key, &entry_path, "the workload name", true);
    let Some(fields) = reader.mapping(value, &entry_path, "a workload", KEYS) else {
      continue;
    };
    let private = match fields.get("private") {
      Some(node) => reader.boolean(node, &fields.path("private")),
      None => Some(true),
    };
    let failover = reader
      .required(&fields, "failover", "[gpt-east, nova-use1]")
      .and_then(|node| read_chain(reader, node, &fields.path("failover"), endpoints));
    if let (Some(name), Some(private), Some(failover)) = (name, private, failover) {
      workloads.insert(
        name.clone(),
        Workload {
          name,
          failover,
          private,
        },
      );
    }
  }
  workloads
}

fn read_chain(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  endpoints: &BTreeMap<Name, Endpoint>,
) -> Option<Vec<Name>> {
  let items = reader.sequence(
    node,
    path,
    "list the endpoints in failover order: `[primary, secondary, ...]`",
  )?;
  if items.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "the failover chain is empty")
        .help("list at least one endpoint; the first is the primary"),
    );
    return None;
  }
  let mut chain: Vec<Name> = Vec::with_capacity(items.len());
  let mut ok = true;
  for (index, item) in items.iter().enumerate() {
    let item_path = path.index(index);
    let Some(text) = reader.string(item, &item_path) else {
      ok = false;
      continue;
    };
    let Some((name, _)) = endpoints.iter().find(|(name, _)| name.as_str() == text) else {
      let known = endpoints.keys().map(Name::as_str);
      let help = match suggest::nearest(text, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if endpoints.is_empty() => "define the endpoint under `endpoints:`".to_owned(),
        None => format!("the endpoints are {}", suggest::list(known)),
      };
      reader
        .report(Diagnostic::error(item_path, format!("no endpoint is named `{text}`")).help(help));
      ok = false;
      continue;
    };
    if let Some(first) = chain.iter().position(|n| n == name) {
      reader.report(
        Diagnostic::error(
          item_path,
          format!("`{text}` is already in this chain at position {first}"),
        )
        .help("an endpoint appears once in a failover chain; remove the repeat"),
      );
      ok = false;
      continue;
    }
    chain.push(name.clone());
  }
  ok.then_some(chain)
}

/// Decides each endpoint's privacy from the workloads that use it. An endpoint is public only
/// when every workload using it is public; one used by both kinds is an error, because public
/// network access is one switch on the cloud resource.
pub(crate) fn apply_privacy(
  reader: &mut Reader,
  mut endpoints: BTreeMap<Name, Endpoint>,
  workloads: &BTreeMap<Name, Workload>,
  path: &YamlPath,
) -> BTreeMap<Name, Endpoint> {
  for (name, endpoint) in &mut endpoints {
    let users: Vec<&Workload> = workloads
      .values()
      .filter(|w| w.failover.contains(name))
      .collect();
    if users.is_empty() {
      reader.report(Diagnostic {
        severity: Severity::Warning,
        ..Diagnostic::error(
          YamlPath::root().key("endpoints").key(name.as_str()),
          format!("endpoint `{name}` is in no workload's failover chain"),
        )
        .at_key()
        .help("it is still rendered (private); add it to a workload or remove it")
      });
      continue;
    }
    let public: Vec<&Workload> = users.iter().copied().filter(|w| !w.private).collect();
    if !public.is_empty() && public.len() != users.len() {
      let private = users
        .iter()
        .find(|w| w.private)
        .map(|w| w.name.as_str())
        .unwrap_or_default();
      let public_name = public.first().map(|w| w.name.as_str()).unwrap_or_default();
      reader.report(
        Diagnostic::error(
          path.key(public_name).key("private"),
          format!("endpoint `{name}` is used by private workload `{private}` and public workload `{public_name}`"),
        )
        .help("public network access is one setting per endpoint: make both workloads private, or give the public one its own endpoint"),
      );
    }
    endpoint.private = public.len() != users.len();
  }
  endpoints
}
