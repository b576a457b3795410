//! `tags:` — string pairs put on every taggable resource (GCP: sanitised into labels).

use std::collections::BTreeMap;

use super::reader::Reader;
use crate::analysis::labels;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

/// Tag keys Switchyard sets itself; a blueprint may not override them.
/// At most this many tags: AWS allows 50 per resource, and Switchyard adds its own.
pub(crate) const MAX_TAGS: usize = 40;
/// Tag keys: 1-128 characters (the AWS limit, below Azure's 512).
pub(crate) const KEY_MAX: usize = 128;
/// Tag values: at most 256 characters (the AWS and Azure limit).
pub(crate) const VALUE_MAX: usize = 256;

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
  if entries.len() > MAX_TAGS {
    reader.report(
      Diagnostic::error(path.clone(), format!("{} tags are too many", entries.len())).help(
        format!(
          "use at most {MAX_TAGS} tags: AWS allows 50 per resource and Switchyard adds its own"
        ),
      ),
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
      if value.chars().count() > VALUE_MAX {
        reader.report(
          Diagnostic::error(
            entry,
            format!("the tag value is {} characters long", value.chars().count()),
          )
          .help(format!(
            "tag values may be at most {VALUE_MAX} characters (the AWS and Azure limit)"
          )),
        );
      } else if key_ok {
        tags.insert(key.clone(), value);
      }
    }
  }
  tags
}

fn check_key(reader: &mut Reader, key: &str, path: &YamlPath) -> bool {
  let problem = if key.is_empty() || key.chars().count() > KEY_MAX {
    Some(format!(
      "tag keys must be 1 to {KEY_MAX} characters long (the AWS limit)"
    ))
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
