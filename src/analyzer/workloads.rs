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
  declared: &[String],
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
      .and_then(|node| read_chain(reader, node, &fields.path("failover"), endpoints, declared));
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
  declared: &[String],
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
  let mut seen: Vec<&str> = Vec::with_capacity(items.len());
  let mut ok = true;
  for (index, item) in items.iter().enumerate() {
    let item_path = path.index(index);
    let Some(text) = reader.string(item, &item_path) else {
      ok = false;
      continue;
    };
    if let Some(first) = seen.iter().position(|n| *n == text) {
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
    seen.push(text);
    if !declared.iter().any(|d| d == text) {
      let known = declared.iter().map(String::as_str);
      let help = match suggest::nearest(text, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if declared.is_empty() => "define the endpoint under `endpoints:`".to_owned(),
        None => format!("the endpoints are {}", suggest::list(known)),
      };
      reader
        .report(Diagnostic::error(item_path, format!("no endpoint is named `{text}`")).help(help));
      ok = false;
      continue;
    }
    // A declared endpoint with problems of its own is reported there, not here.
    match endpoints.keys().find(|name| name.as_str() == text) {
      Some(name) => chain.push(name.clone()),
      None => ok = false,
    }
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
  // Until the file is otherwise valid, a chain that failed to parse would make its endpoints
  // look unused.
  let has_errors = reader.problems.iter().any(Diagnostic::is_error);
  for (name, endpoint) in &mut endpoints {
    let users: Vec<&Workload> = workloads
      .values()
      .filter(|w| w.failover.contains(name))
      .collect();
    if users.is_empty() && !has_errors {
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

/// Azure endpoints of one region share an account, and public network access is a setting of
/// the account: its endpoints must agree on privacy.
pub(crate) fn check_shared_accounts(reader: &mut Reader, endpoints: &BTreeMap<Name, Endpoint>) {
  let azure: Vec<&Endpoint> = endpoints
    .values()
    .filter(|e| e.cloud() == crate::cloud::Cloud::Azure)
    .collect();
  for endpoint in &azure {
    let conflict = azure.iter().find(|other| {
      other.region == endpoint.region
        && other.private != endpoint.private
        && other.name < endpoint.name
    });
    if let Some(other) = conflict {
      let (private, public) = if endpoint.private {
        (endpoint, other)
      } else {
        (other, endpoint)
      };
      reader.report(
        Diagnostic::error(
          YamlPath::root().key("endpoints").key(endpoint.name.as_str()),
          format!(
            "Azure endpoints `{}` (private) and `{}` (public) share the Azure OpenAI account of {}",
            private.name, public.name, endpoint.region
          ),
        )
        .at_key()
        .help("an account is either private or public; put the public endpoint in another region or make its workloads private"),
      );
    }
  }
}
