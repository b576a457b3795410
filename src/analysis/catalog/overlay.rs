//! A repository's catalog overlay (`switchyard-catalog.yaml`), applied over the built-in
//! catalog so that what a cloud announced on Monday is honoured on Monday, without a release:
//!
//! - a model the built-in catalog knows gets its lifecycle corrected (`retires`, `not_before`,
//!   `successor`) and may gain regions (`regions`, `profiles`, an Azure version's `skus`):
//!   an overlay adds availability, it never removes it;
//! - a model (or Azure version) the built-in catalog does not know is declared in the built-in
//!   file's own shape (`kind` first of all), and every command then treats it as listed. A
//!   declaration replaces a built-in entry of the same id, so an overlay written before a
//!   release that adds the model keeps loading, and keeps saying what the repository reviewed.
//!
//! Every name is checked: a successor the catalog does not know, a region the cloud does not
//! have, an unknown key, is an error at its place in the overlay file.

use std::collections::BTreeMap;

use super::read::azure_model;
use super::read::{
  At, Result, aws_model, azure_skus, azure_version, check_successors, date, gcp_model, get,
  lifecycle, mapping, names, regions, strings,
};
use super::{AwsModel, AzureModel, Catalog, GcpModel, Lifecycle};
use crate::analysis::cloud::Cloud;
use crate::input::node::Node;
use crate::input::yaml;

/// Keys of a correction to a known model's lifecycle, on every cloud.
const LIFECYCLE: [&str; 3] = ["retires", "not_before", "successor"];

/// Applies the lifecycle keys given over the built-in values, one by one.
fn override_lifecycle(into: &mut Lifecycle, fields: &[(String, Node)], at: &At) -> Result<()> {
  let given = lifecycle(fields, at)?;
  if given.retires.is_some() {
    into.retires = given.retires;
  }
  if given.not_before.is_some() {
    into.not_before = given.not_before;
  }
  if given.successor.is_some() {
    into.successor = given.successor;
  }
  Ok(())
}

/// Adds `more` to a sorted list, keeping it sorted and unique.
fn union(into: &mut Vec<String>, more: Vec<String>) {
  into.extend(more);
  into.sort();
  into.dedup();
}

/// Adds the overlay's `key` list (regions, profiles) to a recorded list. A list the built-in
/// catalog does not record stays unrecorded: adding to "not checked" would start checking it
/// against a partial list.
fn add_list(
  into: &mut Option<Vec<String>>,
  fields: &[(String, Node)],
  key: &str,
  at: &At,
  parse: &dyn Fn(&Node, &At) -> Result<Vec<String>>,
) -> Result<()> {
  if let Some(node) = get(fields, key) {
    let more = parse(node, &at.key(key))?;
    if let Some(list) = into {
      union(list, more);
    }
  }
  Ok(())
}

/// The error for a model the catalog does not know and the overlay does not declare.
fn undeclared(at: &At, id: &str) -> super::CatalogError {
  at.error(format!(
    "`{id}` is not in the built-in {} catalog; to add it, declare it with `kind` and the keys of catalog/{}.yaml",
    at.cloud,
    at.cloud.key()
  ))
}

fn declares(node: &Node) -> bool {
  matches!(node, Node::Mapping(entries) if entries.iter().any(|(k, _)| k == "kind"))
}

pub(super) fn apply(catalog: &mut Catalog, text: &str, file: &str) -> Result<()> {
  let top = At {
    cloud: Cloud::Azure,
    path: String::new(),
    file: Some(file.to_owned()),
  };
  let node = yaml::parse(text).map_err(|e| top.error(e.message))?;
  // `prices:` is the price list's (issue 16), read and checked by `cost::prices`.
  let entries = mapping(&node, &top, &["reviewed", "azure", "aws", "gcp", "prices"])?;
  if let Some(node) = get(entries, "reviewed") {
    date(node, &top.key("reviewed"))?;
  }
  let section = |cloud: Cloud| At {
    cloud,
    ..top.key(cloud.key())
  };
  let no_sets = BTreeMap::new();
  if let Some(node) = get(entries, "azure") {
    let at = section(Cloud::Azure);
    for (id, value) in names(node, &at)? {
      azure(catalog, id, value, &at.key(id), &no_sets)?;
    }
  }
  if let Some(node) = get(entries, "aws") {
    let at = section(Cloud::Aws);
    for (id, value) in names(node, &at)? {
      let at = at.key(id);
      if declares(value) {
        let model = aws_model(id, value, &at, &no_sets, &catalog.aws.geos)?;
        catalog.aws.models.insert(id.clone(), model);
        continue;
      }
      match catalog.aws.models.get_mut(id) {
        Some(model) => {
          let mut keys = LIFECYCLE.to_vec();
          keys.extend(["regions", "profiles"]);
          let fields = mapping(value, &at, &keys)?;
          override_lifecycle(&mut model.lifecycle, fields, &at)?;
          add_list(&mut model.regions, fields, "regions", &at, &|n, a| {
            regions(n, a, &no_sets)
          })?;
          let geos = &catalog.aws.geos;
          add_list(&mut model.profiles, fields, "profiles", &at, &|n, a| {
            let list = strings(n, a)?;
            match list
              .iter()
              .find(|p| !geos.iter().any(|g| g.prefix == p.as_str()))
            {
              Some(unknown) => Err(a.error(format!("no profile geography `{unknown}`"))),
              None => Ok(list),
            }
          })?;
        }
        None => return Err(undeclared(&at, id)),
      }
    }
  }
  if let Some(node) = get(entries, "gcp") {
    let at = section(Cloud::Gcp);
    for (id, value) in names(node, &at)? {
      let at = at.key(id);
      if declares(value) {
        let model = gcp_model(id, value, &at, &no_sets)?;
        catalog.gcp.models.insert(id.clone(), model);
        continue;
      }
      match catalog.gcp.models.get_mut(id) {
        Some(model) => {
          let mut keys = LIFECYCLE.to_vec();
          keys.push("regions");
          let fields = mapping(value, &at, &keys)?;
          override_lifecycle(&mut model.lifecycle, fields, &at)?;
          add_list(&mut model.regions, fields, "regions", &at, &|n, a| {
            regions(n, a, &no_sets)
          })?;
        }
        None => return Err(undeclared(&at, id)),
      }
    }
  }
  check_all_successors(catalog, &section)
}

/// An Azure entry: versions of a known model (corrected, or declared when new), or a new model.
fn azure(
  catalog: &mut Catalog,
  id: &str,
  value: &Node,
  at: &At,
  no_sets: &BTreeMap<String, Vec<String>>,
) -> Result<()> {
  if declares(value) {
    let model = azure_model(id, value, at, no_sets)?;
    catalog.azure.models.insert(id.to_owned(), model);
    return Ok(());
  }
  let Some(model) = catalog.azure.models.get_mut(id) else {
    return Err(undeclared(at, id));
  };
  let has_ptu = model.ptu.is_some();
  for (version, value) in names(value, at)? {
    let at = at.key(version);
    match model.versions.get_mut(version) {
      Some(entry) => {
        let mut keys = LIFECYCLE.to_vec();
        keys.push("skus");
        let fields = mapping(value, &at, &keys)?;
        override_lifecycle(&mut entry.lifecycle, fields, &at)?;
        if let Some(node) = get(fields, "skus") {
          for (sku, list) in azure_skus(node, &at.key("skus"), no_sets, has_ptu)? {
            union(entry.skus.entry(sku).or_default(), list);
          }
        }
      }
      None => {
        let declared = match value {
          Node::Mapping(entries) => entries.iter().any(|(k, _)| k == "skus"),
          _ => false,
        };
        if !declared {
          return Err(at.error(format!(
            "`{id}` has no version \"{version}\" in the catalog; to add it, give its `skus`"
          )));
        }
        let entry = azure_version(value, &at, no_sets, has_ptu)?;
        model.versions.insert(version.clone(), entry);
      }
    }
  }
  Ok(())
}

/// Every successor, built-in or from the overlay, names a model of the corrected catalog.
fn check_all_successors(catalog: &Catalog, section: &dyn Fn(Cloud) -> At) -> Result<()> {
  let azure = &catalog.azure.models;
  check_successors(
    azure.values().flat_map(|m: &AzureModel| {
      m.versions
        .values()
        .map(move |v| (m.id.as_str(), &v.lifecycle))
    }),
    &|id| azure.contains_key(id),
    &section(Cloud::Azure),
  )?;
  let aws = &catalog.aws.models;
  check_successors(
    aws
      .values()
      .map(|m: &AwsModel| (m.id.as_str(), &m.lifecycle)),
    &|id| aws.contains_key(id),
    &section(Cloud::Aws),
  )?;
  let gcp = &catalog.gcp.models;
  check_successors(
    gcp
      .values()
      .map(|m: &GcpModel| (m.id.as_str(), &m.lifecycle)),
    &|id| gcp.contains_key(id),
    &section(Cloud::Gcp),
  )
}
