//! The blueprint in reviewers' terms: endpoints, workloads, clouds, tags and the state
//! backend, each with the values that matter, and what changed between two of them.
//!
//! `render` records the summary in each root's manifest; `plan` compares it with the summary
//! of the blueprint being planned, so a review says "endpoint `gpt-east`: capacity 80 → 120"
//! above the Terraform detail, without needing the old blueprint file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::analysis::blueprint::{Blueprint, EndpointKind, Throughput};
use crate::analysis::cloud::Cloud;

/// The blueprint's subjects by name, as the manifest records them: each section's JSON key is
/// its `Subject`'s, each entry's attributes are its struct's serde names. The fields are in
/// the order of their JSON keys, so the manifest's bytes stay what they were when this was a
/// map of maps. A summary written by an older Switchyard may lack attributes, so every
/// attribute is optional and an absent one is not written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Summary {
  /// Backend type → its settings (`Backend::settings`), by argument name.
  #[serde(
    rename = "backend",
    default,
    skip_serializing_if = "BTreeMap::is_empty"
  )]
  pub(crate) backends: BTreeMap<String, BTreeMap<String, Value>>,
  #[serde(rename = "cloud", default, skip_serializing_if = "BTreeMap::is_empty")]
  pub(crate) clouds: BTreeMap<String, CloudSummary>,
  /// Endpoints, and those released from management (`release: true`).
  #[serde(
    rename = "endpoint",
    default,
    skip_serializing_if = "BTreeMap::is_empty"
  )]
  pub(crate) endpoints: BTreeMap<String, EndpointSummary>,
  #[serde(rename = "tag", default, skip_serializing_if = "BTreeMap::is_empty")]
  pub(crate) tags: BTreeMap<String, TagSummary>,
  #[serde(
    rename = "workload",
    default,
    skip_serializing_if = "BTreeMap::is_empty"
  )]
  pub(crate) workloads: BTreeMap<String, WorkloadSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CloudSummary {
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) cidr: Option<String>,
  /// GCP's project.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) project: Option<String>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) region: Option<String>,
  /// Azure's subscription.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) subscription_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct EndpointSummary {
  /// The cloud ID of the object adopted by an `import` block.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) adopt: Option<String>,
  /// Azure: the deployment's capacity; AWS provisioned: model units.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) capacity: Option<u64>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) cloud: Option<String>,
  /// AWS provisioned: the commitment term (`Commitment::key`).
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) commitment: Option<String>,
  /// GCP: a dedicated endpoint.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) dedicated: Option<bool>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) model: Option<String>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) moved_from: Option<String>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) private: Option<bool>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) region: Option<String>,
  /// Released from management (`release:`): recorded only when true.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) release: Option<bool>,
  /// Azure: the deployment SKU.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) sku: Option<String>,
  /// AWS: `on_demand` or `provisioned`.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) throughput: Option<String>,
  /// Azure: the model version, when the blueprint pins one.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) version: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct TagSummary {
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct WorkloadSummary {
  /// Endpoint names, primary first.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) failover: Option<Vec<String>>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub(crate) private: Option<bool>,
}

/// What a change is about; a summary's sections. The serde name is the `subject` of an
/// intent in the JSON plan and the section's key in the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Subject {
  Workload,
  Endpoint,
  Cloud,
  Backend,
  Tag,
}

impl Subject {
  /// In the order a review lists them: what callers see first.
  pub(crate) const ALL: [Subject; 5] = [
    Subject::Workload,
    Subject::Endpoint,
    Subject::Cloud,
    Subject::Backend,
    Subject::Tag,
  ];

  /// How a sentence names the subject.
  fn title(self) -> &'static str {
    match self {
      Subject::Workload => "workload",
      Subject::Endpoint => "endpoint",
      Subject::Cloud => "cloud",
      Subject::Backend => "state backend",
      Subject::Tag => "tag",
    }
  }
}

/// One subject's attributes by name: what a comparison walks, in its serde names.
type Attributes = serde_json::Map<String, Value>;

/// A summary entry's attributes, as the manifest records them.
fn attributes(entry: &impl Serialize) -> Attributes {
  match serde_json::to_value(entry) {
    Ok(Value::Object(map)) => map,
    _ => Attributes::new(),
  }
}

fn entries<T: Serialize>(section: &BTreeMap<String, T>) -> BTreeMap<&str, Attributes> {
  section
    .iter()
    .map(|(name, entry)| (name.as_str(), attributes(entry)))
    .collect()
}

impl Summary {
  pub(crate) fn of(blueprint: &Blueprint) -> Self {
    let mut summary = Summary::default();
    for cloud in Cloud::ALL {
      let Some(region) = blueprint.home_region(cloud) else {
        continue;
      };
      let entry = CloudSummary {
        region: Some(region.to_owned()),
        cidr: blueprint.cidr(cloud).map(|cidr| cidr.to_string()),
        subscription_id: blueprint
          .azure
          .as_ref()
          .filter(|_| cloud == Cloud::Azure)
          .and_then(|a| a.subscription_id.clone()),
        project: blueprint
          .gcp
          .as_ref()
          .filter(|_| cloud == Cloud::Gcp)
          .map(|gcp| gcp.project.clone()),
      };
      summary.clouds.insert(cloud.key().to_owned(), entry);
    }
    let released = blueprint.released.values().map(|e| (e, true));
    for (endpoint, release) in blueprint
      .endpoints
      .values()
      .map(|e| (e, false))
      .chain(released)
    {
      let mut entry = EndpointSummary {
        release: release.then_some(true),
        moved_from: endpoint.moved_from.as_ref().map(|old| old.to_string()),
        adopt: endpoint.adopt.clone(),
        cloud: Some(endpoint.cloud().key().to_owned()),
        region: Some(endpoint.region.clone()),
        model: Some(endpoint.model.clone()),
        private: Some(endpoint.private),
        ..EndpointSummary::default()
      };
      match &endpoint.kind {
        EndpointKind::Azure(deployment) => {
          entry.sku = Some(deployment.sku.as_str().to_owned());
          entry.capacity = Some(u64::from(deployment.capacity));
          entry.version = deployment.version.clone();
        }
        EndpointKind::Aws(model) => match model.throughput {
          Throughput::OnDemand => entry.throughput = Some("on_demand".to_owned()),
          Throughput::Provisioned { units, commitment } => {
            entry.throughput = Some("provisioned".to_owned());
            entry.capacity = Some(u64::from(units));
            entry.commitment = Some(commitment.key().to_owned());
          }
        },
        EndpointKind::Gcp(model) => entry.dedicated = Some(model.dedicated),
      }
      summary.endpoints.insert(endpoint.name.to_string(), entry);
    }
    for workload in blueprint.workloads.values() {
      let entry = WorkloadSummary {
        failover: Some(workload.failover.iter().map(|n| n.to_string()).collect()),
        private: Some(workload.private),
      };
      summary.workloads.insert(workload.name.to_string(), entry);
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
      summary
        .backends
        .insert(backend.kind().key().to_owned(), settings);
    }
    for (key, value) in &blueprint.tags {
      let entry = TagSummary {
        value: Some(value.clone()),
      };
      summary.tags.insert(key.clone(), entry);
    }
    summary
  }

  /// The entries of one section, each as its attributes.
  fn section(&self, subject: Subject) -> BTreeMap<&str, Attributes> {
    match subject {
      Subject::Workload => entries(&self.workloads),
      Subject::Endpoint => entries(&self.endpoints),
      Subject::Cloud => entries(&self.clouds),
      Subject::Backend => entries(&self.backends),
      Subject::Tag => entries(&self.tags),
    }
  }

  /// The endpoints, each as its attributes by serde name (what `cost` prices).
  pub(crate) fn endpoint_attributes(&self) -> BTreeMap<String, BTreeMap<String, Value>> {
    self
      .endpoints
      .iter()
      .map(|(name, endpoint)| (name.clone(), attributes(endpoint).into_iter().collect()))
      .collect()
  }

  /// Whether the summary records nothing (a root rendered for the first time).
  fn is_empty(&self) -> bool {
    self.backends.is_empty()
      && self.clouds.is_empty()
      && self.endpoints.is_empty()
      && self.tags.is_empty()
      && self.workloads.is_empty()
  }
}

/// Reads a manifest's summary, if it is one: a summary the tree's author mangled (the tree may
/// come from a pull request) reads as none recorded, and the rest of the manifest still counts.
pub(crate) fn lenient<'de, D: serde::Deserializer<'de>>(
  deserializer: D,
) -> Result<Option<Summary>, D::Error> {
  let value = Option::<Value>::deserialize(deserializer)?;
  Ok(value.and_then(|v| serde_json::from_value(v).ok()))
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
  pub(crate) subject: Subject,
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
        crate::support::text::escape_controls(&crate::support::text::elide(name, SHOWN))
      )
    },
    value: |value| {
      crate::support::text::escape_controls(&crate::support::text::elide(value, SHOWN)).into_owned()
    },
  };
  /// Markdown: names as code spans nothing can close, values with HTML and syntax escaped.
  pub(crate) const MARKDOWN: Style = Style {
    name: |name| crate::support::text::code(&crate::support::text::elide(name, SHOWN)),
    value: |value| crate::support::text::markdown(&crate::support::text::elide(value, SHOWN)),
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
  let empty_attributes = Attributes::new();
  // A root rendered for the first time has no state to move.
  let existing = !before.is_empty();
  let mut intents = Vec::new();
  for subject in Subject::ALL {
    let old = before.section(subject);
    let new = after.section(subject);
    // An endpoint renamed with `moved_from:` is one endpoint under a new name, not a removal
    // and an addition.
    let renamed: BTreeMap<&str, &str> = match subject {
      Subject::Endpoint => after
        .endpoints
        .iter()
        .filter(|(name, _)| !old.contains_key(name.as_str()))
        .filter_map(|(name, endpoint)| {
          let from = endpoint.moved_from.as_deref()?;
          (old.contains_key(from) && !new.contains_key(from)).then_some((from, name.as_str()))
        })
        .collect(),
      Subject::Workload | Subject::Cloud | Subject::Backend | Subject::Tag => BTreeMap::new(),
    };
    for (name, attributes) in &new {
      if let Some((from, _)) = renamed.iter().find(|(_, to)| **to == *name) {
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
    for (name, attributes) in &old {
      if !new.contains_key(name) && !renamed.contains_key(name) {
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
  subject: Subject,
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
    let title = format!("{} {}", self.subject.title(), (style.name)(&self.name));
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
            let name = if self.subject == Subject::Tag {
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
    if self.subject == Subject::Backend && moves_state {
      description.push_str(BACKEND_NOTE);
    }
    description
  }
}

/// A subject's attributes as a short phrase: `azure gpt-4.1 in eastus2, sku GlobalStandard`.
fn phrase<'a>(
  subject: Subject,
  attributes: impl Iterator<Item = (&'a str, &'a Value)>,
  style: &Style,
) -> String {
  let attributes: BTreeMap<&str, &Value> = attributes.collect();
  let get = |key: &str| attributes.get(key).map(|v| (style.value)(&show(v)));
  match subject {
    Subject::Endpoint => {
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
    Subject::Workload => {
      let mut text = format!("failover order {}", get("failover").unwrap_or_default());
      if attributes.get("private") == Some(&&Value::Bool(false)) {
        text.push_str(", public");
      }
      text
    }
    Subject::Tag => get("value").unwrap_or_default(),
    Subject::Cloud | Subject::Backend => attributes
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
  fn each_subject_names_its_section_of_the_manifest() {
    // Issue 19: the sections are typed fields and the subjects an enum; their JSON names are
    // two serde tables that must agree, or a change would be compared against nothing.
    let summary = Summary::of(&test_support::blueprint(&BLUEPRINT.replace(
      "name: chat\n",
      "name: chat\ntags: {team: ml}\nbackend:\n  azurerm: {storage_account_name: acmetfstate, container_name: tfstate}\n",
    )));
    let json = serde_json::to_value(&summary).unwrap_or_default();
    let sections: Vec<&String> = json
      .as_object()
      .map(|o| o.keys().collect())
      .unwrap_or_default();
    let mut subjects: Vec<String> = Subject::ALL
      .iter()
      .filter_map(|s| serde_json::to_value(s).ok()?.as_str().map(str::to_owned))
      .collect();
    subjects.sort();
    assert_eq!(sections, subjects.iter().collect::<Vec<_>>());
    for subject in Subject::ALL {
      assert!(!summary.section(subject).is_empty(), "{subject:?}");
    }
  }

  #[test]
  fn a_summary_that_is_not_one_reads_as_unrecorded_and_the_files_still_count() {
    // Issue 19: the summary is typed now, so a value of the wrong type in a forged manifest
    // no longer reads; the manifest's file hashes must still protect the user's edits.
    let text = r#"{"generator":"switchyard","format":1,"files":{"main.tf":"ab"},"blueprint":{"endpoint":{"x":{"capacity":"many"}}}}"#;
    let manifest = crate::render::manifest::Manifest::parse(text);
    assert_eq!(manifest.as_ref().map(|m| m.blueprint.is_none()), Some(true));
    assert_eq!(manifest.map(|m| m.files.len()), Some(1));
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
