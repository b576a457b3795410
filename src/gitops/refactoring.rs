//! The new configuration's `moved`, `import` and `removed` blocks applied to a comparison, as
//! Terraform applies them to a plan: a moved object keeps its identity at its new address, an
//! imported one is adopted instead of created, a removed one (`destroy = false`) is forgotten
//! instead of destroyed. Without this the review would show each as a destroy and a create.

use std::collections::BTreeMap;

use crate::gitops::tfdiff::{BlockKind, Object, ObjectAction, ObjectChange};

fn attribute<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
  object
    .attributes
    .iter()
    .find(|(k, _)| k == key)
    .map(|(_, v)| v.as_str())
}

/// The blocks' addresses are written relative to the module that holds them; Switchyard
/// writes them in the root module, so they are the review's addresses as they are.
fn blocks<'a>(
  after: &'a BTreeMap<String, Object>,
  identifier: &'a str,
) -> impl Iterator<Item = &'a Object> {
  let prefix = format!("{identifier}[");
  after
    .iter()
    .filter(move |(address, object)| {
      object.kind == BlockKind::Lifecycle && address.starts_with(&prefix)
    })
    .map(|(_, object)| object)
}

/// Renames the old side's objects that a `moved` block moves, before the comparison; returns
/// each new address with the old one.
pub(crate) fn move_before(
  before: &mut BTreeMap<String, Object>,
  after: &BTreeMap<String, Object>,
) -> BTreeMap<String, String> {
  let mut moved = BTreeMap::new();
  for block in blocks(after, "moved") {
    let (Some(from), Some(to)) = (attribute(block, "from"), attribute(block, "to")) else {
      continue;
    };
    if before.contains_key(to) {
      continue;
    }
    if let Some(object) = before.remove(from) {
      before.insert(to.to_owned(), object);
      moved.insert(to.to_owned(), from.to_owned());
    }
  }
  moved
}

/// `module.aws.` and `aws_x.a` of `module.aws.aws_x.a`.
fn split(address: &str) -> (&str, &str) {
  let mut dots = address.rmatch_indices('.').map(|(i, _)| i);
  let _name = dots.next();
  match dots.next() {
    Some(at) => (
      address.get(..=at).unwrap_or(""),
      address.get(at + 1..).unwrap_or(address),
    ),
    None => ("", address),
  }
}

/// After the comparison: moves, imports and forgets in Terraform's terms.
pub(crate) fn apply(
  changes: &mut Vec<ObjectChange>,
  after: &BTreeMap<String, Object>,
  moved: BTreeMap<String, String>,
) {
  // A reference that names a moved object by its new address is the same value: an attribute
  // that differs only in that is no change (Terraform compares values, not text).
  let renames: Vec<(String, String, String)> = moved
    .iter()
    .map(|(to, from)| {
      let (module, new) = split(to);
      let (_, old) = split(from);
      (module.to_owned(), old.to_owned(), new.to_owned())
    })
    .collect();
  for change in changes.iter_mut() {
    if change.action != ObjectAction::Update {
      continue;
    }
    let (module, _) = split(&change.address);
    change.attributes.retain(|attribute| {
      let (Some(before), Some(after)) = (&attribute.before, &attribute.after) else {
        return true;
      };
      let mut before = before.clone();
      for (_, old, new) in renames.iter().filter(|(m, _, _)| m == module) {
        before = before.replace(&format!("{old}."), &format!("{new}."));
      }
      before != *after
    });
  }
  changes.retain(|c| c.action != ObjectAction::Update || !c.attributes.is_empty());
  for (to, from) in moved {
    match changes.iter_mut().find(|c| c.address == to) {
      Some(change) => change.moved_from = Some(from),
      None => changes.push(ObjectChange {
        kind: BlockKind::Resource,
        action: ObjectAction::Move,
        file: after.get(&to).map(|o| o.file.clone()).unwrap_or_default(),
        address: to,
        attributes: Vec::new(),
        replaced_because: Vec::new(),
        identity: BTreeMap::new(),
        moved_from: Some(from),
      }),
    }
  }
  for block in blocks(after, "import") {
    let Some(to) = attribute(block, "to") else {
      continue;
    };
    if let Some(change) = changes
      .iter_mut()
      .find(|c| c.address == to && c.action == ObjectAction::Create)
    {
      change.action = ObjectAction::Import;
    }
  }
  for block in blocks(after, "removed") {
    let (Some(from), Some("false")) = (
      attribute(block, "from"),
      attribute(block, "lifecycle.destroy"),
    ) else {
      continue;
    };
    if let Some(change) = changes
      .iter_mut()
      .find(|c| c.address == from && c.action == ObjectAction::Delete)
    {
      change.action = ObjectAction::Forget;
    }
  }
  changes.sort_by(|a, b| a.address.cmp(&b.address));
}
