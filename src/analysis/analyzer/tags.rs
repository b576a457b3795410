//! `tags:` — string pairs put on every taggable resource (GCP: sanitised into labels).

use std::collections::BTreeMap;

use super::reader::Reader;
use crate::analysis::labels;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// Tag keys Switchyard sets itself; a blueprint may not override them.
pub(crate) const RESERVED: &[&str] = &[
  "managed_by",
  "switchyard_blueprint",
  "switchyard_environment",
];

pub(crate) fn read(reader: &mut Reader, node: &Node, path: &YamlPath) -> BTreeMap<String, String> {
  let mut tags = BTreeMap::new();
  let Node::Mapping(entries) = node else {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!(
          "expected a mapping of tag names to values, found {}",
          node.kind()
        ),
      )
      .help("write tags as `tags: {team: ml-platform, cost-center: \"4711\"}`"),
    );
    return tags;
  };
  if entries.len() > 40 {
    reader.report(
      Diagnostic::error(path.clone(), format!("{} tags are too many", entries.len()))
        .help("use at most 40 tags: AWS allows 50 per resource and Switchyard adds its own"),
    );
  }
  for (key, value) in entries {
    let entry = path.key(key);
    let key_ok = check_key(reader, key, &entry);
    let value = match value {
      Node::String(s) => Some(s.clone()),
      other => {
        reader.report(
          Diagnostic::error(
            entry.clone(),
            format!("tag values must be strings, found {}", other.kind()),
          )
          .help("quote the value, e.g. `cost-center: \"4711\"`"),
        );
        None
      }
    };
    if let Some(value) = value {
      if value.chars().count() > 256 {
        reader.report(
          Diagnostic::error(
            entry,
            format!("the tag value is {} characters long", value.chars().count()),
          )
          .help("tag values may be at most 256 characters (the AWS and Azure limit)"),
        );
      } else if key_ok {
        tags.insert(key.clone(), value);
      }
    }
  }
  tags
}

fn check_key(reader: &mut Reader, key: &str, path: &YamlPath) -> bool {
  let problem = if key.is_empty() || key.chars().count() > 128 {
    Some("tag keys must be 1 to 128 characters long (the AWS limit)".to_owned())
  } else if key.to_ascii_lowercase().starts_with("aws:") {
    Some("the `aws:` prefix is reserved by AWS".to_owned())
  } else if let Some(c) = key
    .chars()
    .find(|c| "<>%&\\?/".contains(*c) || c.is_control())
  {
    Some(format!(
      "tag keys may not contain {c:?} (Azure forbids < > % & \\ ? / and control characters)"
    ))
  } else if RESERVED.contains(&key) {
    Some(format!("`{key}` is set by Switchyard itself"))
  } else {
    None
  };
  match problem {
    Some(why) => {
      reader.report(
        Diagnostic::error(path.clone(), format!("invalid tag key {key:?}"))
          .at_key()
          .help(why),
      );
      false
    }
    None => true,
  }
}

/// Two tags that become the same GCP label after sanitising would silently drop one.
pub(crate) fn check_gcp_labels(
  reader: &mut Reader,
  tags: &BTreeMap<String, String>,
  path: &YamlPath,
) {
  let mut seen: BTreeMap<String, &str> = BTreeMap::new();
  for reserved in RESERVED {
    seen.insert(labels::key(reserved), reserved);
  }
  for key in tags.keys() {
    let label = labels::key(key);
    if let Some(first) = seen.insert(label.clone(), key) {
      reader.report(
        Diagnostic::error(
          path.key(key),
          format!("tags `{first}` and `{key}` both become the GCP label `{label}`"),
        )
        .at_key()
        .help("GCP labels are lowercase letters, digits, `_` and `-`; rename one of the tags"),
      );
    }
  }
}
