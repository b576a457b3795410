//! The blueprint in reviewers' terms: endpoints, workloads, clouds, tags and the state
//! backend, each with the values that matter, and what changed between two of them.
//!
//! `render` records the summary in each root's manifest; `plan` compares it with the summary
//! of the blueprint being planned, so a review says "endpoint `gpt-east`: capacity 80 → 120"
//! above the Terraform detail, without needing the old blueprint file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::blueprint::{Blueprint, EndpointKind, Throughput};
use crate::cloud::Cloud;

/// section (`cloud`, `endpoint`, `workload`, `backend`, `tag`) → name → attribute → value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Summary(pub(crate) BTreeMap<String, BTreeMap<String, BTreeMap<String, Value>>>);

/// Sections in the order a review lists them: what callers see first.
const SECTIONS: [&str; 5] = ["workload", "endpoint", "cloud", "backend", "tag"];

impl Summary {
  pub(crate) fn of(blueprint: &Blueprint) -> Self {
    let mut sections: BTreeMap<String, BTreeMap<String, BTreeMap<String, Value>>> = BTreeMap::new();
    let mut put = |section: &str, name: &str, attributes: BTreeMap<String, Value>| {
      sections
        .entry(section.to_owned())
        .or_default()
        .insert(name.to_owned(), attributes);
    };
    for cloud in Cloud::ALL {
      let Some(region) = blueprint.home_region(cloud) else {
        continue;
      };
      let mut attributes = BTreeMap::new();
      attributes.insert("region".to_owned(), json!(region));
      if let Some(cidr) = blueprint.cidr(cloud) {
        attributes.insert("cidr".to_owned(), json!(cidr.to_string()));
      }
      if let Some(id) = blueprint
        .azure
        .as_ref()
        .filter(|_| cloud == Cloud::Azure)
        .and_then(|a| a.subscription_id.as_ref())
      {
        attributes.insert("subscription_id".to_owned(), json!(id));
      }
      if let Some(gcp) = blueprint.gcp.as_ref().filter(|_| cloud == Cloud::Gcp) {
        attributes.insert("project".to_owned(), json!(gcp.project));
      }
      put("cloud", cloud.key(), attributes);
    }
    let released = blueprint.released.values().map(|e| (e, true));
    for (endpoint, release) in blueprint
      .endpoints
      .values()
      .map(|e| (e, false))
      .chain(released)
    {
      let mut attributes = BTreeMap::new();
      if release {
        attributes.insert("release".to_owned(), json!(true));
      }
      if let Some(old) = &endpoint.moved_from {
        attributes.insert("moved_from".to_owned(), json!(old.as_str()));
      }
      if let Some(id) = &endpoint.adopt {
        attributes.insert("adopt".to_owned(), json!(id));
      }
      attributes.insert("cloud".to_owned(), json!(endpoint.cloud().key()));
      attributes.insert("region".to_owned(), json!(endpoint.region));
      attributes.insert("model".to_owned(), json!(endpoint.model));
      attributes.insert("private".to_owned(), json!(endpoint.private));
      match &endpoint.kind {
        EndpointKind::Azure(deployment) => {
          attributes.insert("sku".to_owned(), json!(deployment.sku.as_str()));
          attributes.insert("capacity".to_owned(), json!(deployment.capacity));
          if let Some(version) = &deployment.version {
            attributes.insert("version".to_owned(), json!(version));
          }
        }
        EndpointKind::Aws(model) => match model.throughput {
          Throughput::OnDemand => {
            attributes.insert("throughput".to_owned(), json!("on_demand"));
          }
          Throughput::Provisioned { units, commitment } => {
            attributes.insert("throughput".to_owned(), json!("provisioned"));
            attributes.insert("capacity".to_owned(), json!(units));
            attributes.insert("commitment".to_owned(), json!(commitment.key()));
          }
        },
        EndpointKind::Gcp(model) => {
          attributes.insert("dedicated".to_owned(), json!(model.dedicated));
        }
      }
      put("endpoint", endpoint.name.as_str(), attributes);
    }
    for workload in blueprint.workloads.values() {
      let mut attributes = BTreeMap::new();
      let failover: Vec<&str> = workload.failover.iter().map(|n| n.as_str()).collect();
      attributes.insert("failover".to_owned(), json!(failover));
      attributes.insert("private".to_owned(), json!(workload.private));
      put("workload", workload.name.as_str(), attributes);
    }
    if let Some(backend) = &blueprint.backend {
      let settings = backend
        .settings(
          blueprint.identity().as_str(),
          blueprint.environment.as_str(),
        )
        .into_iter()
        .map(|(key, value)| (key.to_owned(), json!(value)))
        .collect();
      put("backend", backend.kind(), settings);
    }
    for (key, value) in &blueprint.tags {
      put(
        "tag",
        key,
        BTreeMap::from([("value".to_owned(), json!(value))]),
      );
    }
    Self(sections)
  }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Action {
  Create,
  Update,
  Delete,
}

impl Action {
  pub(crate) fn sign(self) -> char {
    match self {
      Action::Create => '+',
      Action::Update => '~',
      Action::Delete => '-',
    }
  }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct ValueChange {
  pub(crate) attribute: String,
  pub(crate) before: Option<Value>,
  pub(crate) after: Option<Value>,
}

/// One change in blueprint terms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Intent {
  pub(crate) subject: &'static str,
  pub(crate) name: String,
  pub(crate) action: Action,
  /// Changed attributes; for a created or deleted subject, all of its attributes.
  pub(crate) attributes: Vec<ValueChange>,
  /// The sentence in plain text (`Style::TEXT`), as the text and JSON reports show it.
  pub(crate) description: String,
  /// Whether the root existed before: a backend added to it moves existing state.
  #[serde(skip)]
  existing: bool,
}

/// How a sentence shows the user text in it. Names and values come from blueprints, and the
/// "before" side from a manifest in the committed tree, both written by whoever opened the
/// pull request: each format escapes them so they cannot forge or hide lines (issue 14).
pub(crate) struct Style {
  /// A name, marked as one (a code span).
  pub(crate) name: fn(&str) -> String,
  /// A value in running text.
  pub(crate) value: fn(&str) -> String,
}

/// The longest name or value a sentence shows whole.
const SHOWN: usize = 200;

impl Style {
  /// Plain text: control characters escaped, long values elided, names in backticks.
  pub(crate) const TEXT: Style = Style {
    name: |name| {
      format!(
        "`{}`",
        crate::text::escape_controls(&crate::text::elide(name, SHOWN))
      )
    },
    value: |value| crate::text::escape_controls(&crate::text::elide(value, SHOWN)).into_owned(),
  };
  /// Markdown: names as code spans nothing can close, values with HTML and syntax escaped.
  pub(crate) const MARKDOWN: Style = Style {
    name: |name| crate::text::code(&crate::text::elide(name, SHOWN)),
    value: |value| crate::text::markdown(&crate::text::elide(value, SHOWN)),
  };
}

/// How a value reads in a sentence: strings bare, lists in brackets.
pub(crate) fn show(value: &Value) -> String {
  match value {
    Value::String(s) => s.clone(),
    Value::Array(items) => format!(
      "[{}]",
      items.iter().map(show).collect::<Vec<_>>().join(", ")
    ),
    Value::Null => "none".to_owned(),
    other => other.to_string(),
  }
}

fn label(attribute: &str) -> &str {
  match attribute {
    "failover" => "failover order",
    other => other,
  }
}

/// What changed from `before` to `after`, workloads first.
pub(crate) fn compare(before: &Summary, after: &Summary) -> Vec<Intent> {
  let empty = BTreeMap::new();
  let empty_attributes = BTreeMap::new();
  // A root rendered for the first time has no state to move.
  let existing = !before.0.is_empty();
  let mut intents = Vec::new();
  for section_key in SECTIONS {
    let old = before.0.get(section_key).unwrap_or(&empty);
    let new = after.0.get(section_key).unwrap_or(&empty);
    let subject = section_key;
    // An endpoint renamed with `moved_from:` is one endpoint under a new name, not a removal
    // and an addition.
    let renamed: BTreeMap<&str, &String> = new
      .iter()
      .filter(|(name, _)| !old.contains_key(*name))
      .filter_map(|(name, attributes)| {
        let from = attributes.get("moved_from")?.as_str()?;
        (old.contains_key(from) && !new.contains_key(from)).then_some((from, name))
      })
      .collect();
    for (name, attributes) in new {
      if let Some((from, _)) = renamed.iter().find(|(_, to)| **to == name) {
        let previous = old.get(*from).unwrap_or(&empty_attributes);
        let mut keys: Vec<&String> = previous.keys().chain(attributes.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut change = intent(
          subject,
          name,
          Action::Update,
          existing,
          |k| (previous.get(k).cloned(), attributes.get(k).cloned()),
          keys
            .into_iter()
            .filter(|k| k.as_str() != "moved_from" && previous.get(*k) != attributes.get(*k)),
        );
        change.attributes.insert(
          0,
          ValueChange {
            attribute: "name".to_owned(),
            before: Some(json!(from)),
            after: Some(json!(name)),
          },
        );
        change.description = change.describe(&Style::TEXT);
        intents.push(change);
        continue;
      }
      match old.get(name) {
        None => intents.push(intent(
          subject,
          name,
          Action::Create,
          existing,
          |k| (None, attributes.get(k).cloned()),
          attributes.keys(),
        )),
        Some(previous) if previous != attributes => {
          let mut keys: Vec<&String> = previous.keys().chain(attributes.keys()).collect();
          keys.sort();
          keys.dedup();
          let keys = keys
            .into_iter()
            .filter(|k| previous.get(*k) != attributes.get(*k));
          intents.push(intent(
            subject,
            name,
            Action::Update,
            existing,
            |k| (previous.get(k).cloned(), attributes.get(k).cloned()),
            keys,
          ));
        }
        Some(_) => {}
      }
    }
    for (name, attributes) in old {
      if !new.contains_key(name) && !renamed.contains_key(name.as_str()) {
        intents.push(intent(
          subject,
          name,
          Action::Delete,
          existing,
          |k| (attributes.get(k).cloned(), None),
          attributes.keys(),
        ));
      }
    }
  }
  intents
}

fn intent<'a>(
  subject: &'static str,
  name: &str,
  action: Action,
  existing: bool,
  sides: impl Fn(&str) -> (Option<Value>, Option<Value>),
  keys: impl Iterator<Item = &'a String>,
) -> Intent {
  let attributes = keys
    .map(|k| {
      let (before, after) = sides(k);
      ValueChange {
        attribute: k.clone(),
        before,
        after,
      }
    })
    .collect();
  let mut intent = Intent {
    subject,
    name: name.to_owned(),
    action,
    attributes,
    description: String::new(),
    existing,
  };
  intent.description = intent.describe(&Style::TEXT);
  intent
}

impl Intent {
  /// The change as one sentence, user text shown in `style`.
  pub(crate) fn describe(&self, style: &Style) -> String {
    let title = match self.subject {
      "backend" => format!("state backend {}", (style.name)(&self.name)),
      other => format!("{other} {}", (style.name)(&self.name)),
    };
    let side =
      |v: &Option<Value>| (style.value)(&v.as_ref().map(show).unwrap_or_else(|| "none".to_owned()));
    let (mut description, moves_state) = match self.action {
      Action::Create => {
        let values = self
          .attributes
          .iter()
          .filter_map(|c| Some((c.attribute.as_str(), c.after.as_ref()?)));
        (
          format!("{title} added: {}", phrase(self.subject, values, style)),
          self.existing,
        )
      }
      Action::Delete => {
        let values = self
          .attributes
          .iter()
          .filter_map(|c| Some((c.attribute.as_str(), c.before.as_ref()?)));
        (
          format!(
            "{title} removed (was {})",
            phrase(self.subject, values, style)
          ),
          true,
        )
      }
      Action::Update => {
        let parts: Vec<String> = self
          .attributes
          .iter()
          .map(|change| {
            let name = if self.subject == "tag" {
              "value"
            } else {
              label(&change.attribute)
            };
            format!("{name} {} → {}", side(&change.before), side(&change.after))
          })
          .collect();
        (format!("{title}: {}", parts.join("; ")), true)
      }
    };
    if self.subject == "backend" && moves_state {
      description.push_str(BACKEND_NOTE);
    }
    description
  }
}

/// A subject's attributes as a short phrase: `azure gpt-4.1 in eastus2, sku GlobalStandard`.
fn phrase<'a>(
  subject: &str,
  attributes: impl Iterator<Item = (&'a str, &'a Value)>,
  style: &Style,
) -> String {
  let attributes: BTreeMap<&str, &Value> = attributes.collect();
  let get = |key: &str| attributes.get(key).map(|v| (style.value)(&show(v)));
  match subject {
    "endpoint" => {
      let mut text = format!(
        "{} {} in {}",
        get("cloud").unwrap_or_default(),
        get("model").unwrap_or_default(),
        get("region").unwrap_or_default()
      );
      for key in ["sku", "throughput", "capacity", "commitment", "version"] {
        if let Some(value) = get(key) {
          text.push_str(&format!(", {key} {value}"));
        }
      }
      if attributes.get("dedicated") == Some(&&Value::Bool(true)) {
        text.push_str(", dedicated");
      }
      if attributes.get("private") == Some(&&Value::Bool(false)) {
        text.push_str(", public");
      }
      text
    }
    "workload" => {
      let mut text = format!("failover order {}", get("failover").unwrap_or_default());
      if attributes.get("private") == Some(&&Value::Bool(false)) {
        text.push_str(", public");
      }
      text
    }
    "tag" => get("value").unwrap_or_default(),
    _ => attributes
      .iter()
      .map(|(k, v)| format!("{} {}", (style.value)(k), (style.value)(&show(v))))
      .collect::<Vec<_>>()
      .join(", "),
  }
}

const BACKEND_NOTE: &str = " (run `terraform init -migrate-state` to move the existing state)";

#[cfg(test)]
mod tests {
  use super::*;
  use crate::test_support;

  const BLUEPRINT: &str = "version: 1\nname: chat\nclouds:\n  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f}\nendpoints:\n  gpt-east: {cloud: azure, model: gpt-4.1, sku: GlobalStandard, capacity: 80}\n  mini-east: {cloud: azure, model: gpt-4.1-mini}\nworkloads:\n  chat: {failover: [gpt-east, mini-east]}\n";

  #[test]
  fn says_what_changed_in_blueprint_terms() {
    let before = Summary::of(&test_support::blueprint(BLUEPRINT));
    let after = Summary::of(&test_support::blueprint(
      &BLUEPRINT
        .replace("capacity: 80", "capacity: 120")
        .replace("[gpt-east, mini-east]", "[mini-east, gpt-east]"),
    ));
    let descriptions: Vec<String> = compare(&before, &after)
      .into_iter()
      .map(|i| i.description)
      .collect();
    assert_eq!(
      descriptions,
      [
        "workload `chat`: failover order [gpt-east, mini-east] → [mini-east, gpt-east]",
        "endpoint `gpt-east`: capacity 80 → 120",
      ]
    );
    assert!(compare(&after, &after).is_empty());
  }

  #[test]
  fn added_and_removed_subjects_are_described_whole() {
    let before = Summary::of(&test_support::blueprint(BLUEPRINT));
    let after = Summary::of(&test_support::blueprint(
      &BLUEPRINT
        .replace("  mini-east: {cloud: azure, model: gpt-4.1-mini}\n", "")
        .replace("[gpt-east, mini-east]", "[gpt-east]")
        .replace("name: chat\n", "name: chat\ntags: {team: ml}\n"),
    ));
    let intents = compare(&before, &after);
    let descriptions: Vec<&str> = intents.iter().map(|i| i.description.as_str()).collect();
    assert_eq!(
      descriptions,
      [
        "workload `chat`: failover order [gpt-east, mini-east] → [gpt-east]",
        "endpoint `mini-east` removed (was azure gpt-4.1-mini in eastus2, sku Standard, capacity 10)",
        "tag `team` added: ml",
      ]
    );
    assert_eq!(intents.get(1).map(|i| i.action), Some(Action::Delete));
  }

  #[test]
  fn the_summary_round_trips_through_json() {
    let summary = Summary::of(&test_support::blueprint(BLUEPRINT));
    let text = serde_json::to_string(&summary).unwrap_or_default();
    let back: Summary = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, summary);
    assert!(text.contains("\"capacity\":80"), "{text}");
  }
}
