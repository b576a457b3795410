//! Changes that reach resources through values: a changed `locals` entry, variable default or
//! module input changes every resource that refers to it, although the resource's own text is
//! the same. Terraform plans those as updates (or replacements, through a forcing argument),
//! so the review does too — a tag edit changes one `local.tags` line and updates every tagged
//! resource in every module.
//!
//! Values are followed by name within a module (`local.X`, `var.X`) and from a module call's
//! arguments into the module's variables; what a resource does with the value is not
//! evaluated, so a resource that reads an unchanged part of a changed map still counts as
//! updated. `terraform plan` has the last word.

use std::collections::{BTreeMap, BTreeSet};

use crate::gitops::replacement;
use crate::gitops::tfdiff::{AttributeChange, BlockKind, Object, ObjectAction, ObjectChange};

/// `module.azure.` of `module.azure.local.tags`; empty in the root module.
fn module_of(address: &str) -> &str {
  let mut end = 0;
  let mut rest = address;
  while let Some(after) = rest.strip_prefix("module.") {
    match after.find('.') {
      Some(dot) if after.get(dot + 1..).is_some_and(|r| r.contains('.')) => {
        end += "module.".len() + dot + 1;
        rest = after.get(dot + 1..).unwrap_or("");
      }
      _ => break,
    }
  }
  address.get(..end).unwrap_or("")
}

/// Marks the resources that refer, through locals, variables and module inputs, to a value
/// the comparison found changed. `after` is the whole new configuration.
pub(crate) fn apply(changes: &mut Vec<ObjectChange>, after: &BTreeMap<String, Object>) {
  // Changed values, as (module prefix, `local.X` / `var.X`).
  let mut changed: BTreeSet<(String, String)> = changes
    .iter()
    .filter(|c| matches!(c.kind, BlockKind::Local | BlockKind::Variable))
    .map(|c| {
      let module = module_of(&c.address).to_owned();
      let local = c
        .address
        .strip_prefix(&module)
        .unwrap_or(&c.address)
        .to_owned();
      (module, local)
    })
    .collect();
  if changed.is_empty() {
    return;
  }
  let refers = |changed: &BTreeSet<(String, String)>, module: &str, value: &str| {
    changed
      .iter()
      .filter(|(m, _)| m == module)
      .find(|(_, name)| replacement::refers_to(value, name))
      .map(|(_, name)| name.clone())
  };
  // Locals that use changed values, and module inputs fed from them, until nothing more.
  loop {
    let mut more = Vec::new();
    for (address, object) in after {
      let module = module_of(address);
      let local = address.strip_prefix(module).unwrap_or(address);
      match object.kind {
        BlockKind::Local
          if !changed.contains(&(module.to_owned(), local.to_owned()))
            && object
              .attributes
              .iter()
              .any(|(_, v)| refers(&changed, module, v).is_some()) =>
        {
          more.push((module.to_owned(), local.to_owned()));
        }
        BlockKind::Module => {
          let inner = format!("{address}.");
          for (argument, value) in &object.attributes {
            let input = format!(
              "var.{}",
              argument.split(['.', '[']).next().unwrap_or(argument)
            );
            if refers(&changed, module, value).is_some()
              && !changed.contains(&(inner.clone(), input.clone()))
            {
              more.push((inner.clone(), input));
            }
          }
        }
        _ => {}
      }
    }
    if more.is_empty() {
      break;
    }
    changed.extend(more);
  }
  for (address, object) in after {
    if object.kind != BlockKind::Resource {
      continue;
    }
    let module = module_of(address);
    let via: Vec<AttributeChange> = object
      .attributes
      .iter()
      .filter(|(path, _)| {
        !matches!(
          path.split(['.', '[']).next(),
          Some("depends_on" | "lifecycle" | "provider")
        )
      })
      .filter_map(|(path, value)| {
        let name = refers(&changed, module, value)?;
        Some(AttributeChange {
          path: path.clone(),
          before: Some(value.clone()),
          after: Some(format!("(changes with {name})")),
        })
      })
      .collect();
    if via.is_empty() {
      continue;
    }
    match changes.iter_mut().find(|c| &c.address == address) {
      Some(change) if change.action == ObjectAction::Update => {
        for attribute in via {
          if !change.attributes.iter().any(|a| a.path == attribute.path) {
            change.attributes.push(attribute);
          }
        }
      }
      Some(_) => {}
      None => changes.push(ObjectChange {
        address: address.clone(),
        kind: BlockKind::Resource,
        action: ObjectAction::Update,
        file: object.file.clone(),
        attributes: via,
        replaced_because: Vec::new(),
        identity: BTreeMap::new(),
        moved_from: None,
      }),
    }
  }
  changes.sort_by(|a, b| a.address.cmp(&b.address));
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::gitops::tfdiff::{compare, objects};

  const MODULE: &str = "resource \"azurerm_resource_group\" \"main\" {\n  name = \"rg\"\n  tags = var.tags\n}\n\nresource \"azurerm_subnet\" \"s\" {\n  name = \"s\"\n}\n";

  fn root(team: &str) -> String {
    format!(
      "locals {{\n  tags = {{ team = \"{team}\" }}\n}}\n\nmodule \"azure\" {{\n  source = \"./modules/azure\"\n  tags   = local.tags\n}}\n"
    )
  }

  #[test]
  fn a_tag_edit_updates_every_resource_that_carries_the_tags() {
    let (before, _) = objects([
      ("main.tf", root("a").as_str()),
      ("modules/azure/main.tf", MODULE),
    ]);
    let (after, _) = objects([
      ("main.tf", root("b").as_str()),
      ("modules/azure/main.tf", MODULE),
    ]);
    let mut changes = compare(&before, &after);
    apply(&mut changes, &after);
    let updated: Vec<(&str, ObjectAction)> = changes
      .iter()
      .filter(|c| c.kind == BlockKind::Resource)
      .map(|c| (c.address.as_str(), c.action))
      .collect();
    assert_eq!(
      updated,
      [(
        "module.azure.azurerm_resource_group.main",
        ObjectAction::Update
      )]
    );
  }

  #[test]
  fn module_prefixes() {
    assert_eq!(module_of("local.tags"), "");
    assert_eq!(module_of("module.azure.var.tags"), "module.azure.");
    assert_eq!(module_of("module.azure.azurerm_x.y"), "module.azure.");
    assert_eq!(module_of("module.azure"), "");
  }
}
