//! `switchyard catalog import FILE...`: what the clouds' own CLIs print about their models,
//! written into the repository's catalog overlay. The overlay then says what the cloud said,
//! reviewed in a pull request like any change, and every command reads it.
//!
//! Only differences from the built-in catalog are written: a model or Azure version it does not
//! know (declared), Regions it does not record for a known one, an Azure retirement date that
//! differs. The result is merged with the overlay already there, hand edits winning, sorted, and
//! loaded once before it is written, so an import never leaves an overlay that fails to load.

mod listing;
mod tree;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use listing::{Fact, Format};
use tree::{Kept, Tree};

use super::{Catalog, ModelKind};
use crate::analysis::cloud::AzureSku;
use crate::input::error::Error;
use crate::input::yaml;

/// What one import run found, beside the overlay it writes.
struct Found {
  tree: Tree,
  added: usize,
  corrected: usize,
  notes: Vec<String>,
}

fn listing_error(path: &Path, e: &listing::ListingError) -> Error {
  Error::Input {
    path: path.to_owned(),
    message: format!("at {}: {}", e.pointer, e.message),
  }
}

/// Reads each listing; one line per file for the summary.
fn read_all(files: &[PathBuf], location: Option<&str>) -> Result<(Vec<Fact>, String), Error> {
  let mut facts = Vec::new();
  let mut summary = String::new();
  for path in files {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let document: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::Input {
      path: path.clone(),
      message: format!("not JSON: {e}"),
    })?;
    let (format, found) =
      listing::read(&document, location).map_err(|e| listing_error(path, &e))?;
    let noun = match format {
      Format::AzureModels => "model versions",
      Format::BedrockModels | Format::VertexModels => "models",
      Format::BedrockProfiles => "system-defined profiles",
    };
    summary.push_str(&format!(
      "read {}: {}, {} {noun}\n",
      path.display(),
      format.name(),
      found.len()
    ));
    facts.extend(found);
  }
  Ok((facts, summary))
}

/// Azure facts by model and version: kind, retirement, Regions per SKU.
#[derive(Default)]
struct AzureSeen {
  kind: Option<ModelKind>,
  retires: Option<super::Date>,
  skus: BTreeMap<AzureSku, BTreeSet<String>>,
}

/// Bedrock facts by model id.
#[derive(Default)]
struct BedrockSeen {
  kind: Option<ModelKind>,
  listed: bool,
  on_demand: BTreeSet<String>,
  input: BTreeSet<String>,
  profiles: BTreeSet<String>,
}

fn sku_list(skus: &BTreeMap<AzureSku, BTreeSet<String>>, has_ptu: bool) -> Tree {
  let mut tree = Tree::map();
  for (sku, regions) in skus {
    // A provisioned SKU needs the model's PTU minimums, which no listing states.
    if sku.ptu_rule().is_some() && !has_ptu {
      continue;
    }
    if !regions.is_empty() {
      tree.set(sku.as_str(), Tree::strings(regions.iter().cloned()));
    }
  }
  tree
}

fn is_empty(tree: &Tree) -> bool {
  matches!(tree, Tree::Map(entries) if entries.is_empty())
}

fn azure(catalog: &Catalog, seen: BTreeMap<(String, String), AzureSeen>, found: &mut Found) {
  let mut corrected = BTreeSet::new();
  for ((model, version), seen) in seen {
    let Some(known) = catalog.azure.models.get(&model) else {
      let Some(kind) = seen.kind else {
        continue;
      };
      let skus = sku_list(&seen.skus, false);
      if is_empty(&skus) {
        found.notes.push(format!(
          "azure {model} {version}: no SKU Switchyard deploys without PTU rules; not declared"
        ));
        continue;
      }
      let entry = found.tree.at("azure").at(&model);
      if !matches!(entry, Tree::Map(m) if m.contains_key("kind")) {
        found.added += 1;
      }
      entry.set("kind", Tree::Str(kind.key().to_owned()));
      let version_entry = entry.at("versions").at(&version);
      version_entry.set("skus", skus);
      if let Some(date) = seen.retires {
        version_entry.set("retires", Tree::Str(date.to_string()));
      }
      continue;
    };
    let has_ptu = known.ptu.is_some();
    let mut entry = Tree::map();
    match known.versions.get(&version) {
      Some(built_in) => {
        if let Some(date) = seen.retires
          && built_in.lifecycle.retires != Some(date)
        {
          entry.set("retires", Tree::Str(date.to_string()));
        }
        let mut new = seen.skus;
        for (sku, regions) in &mut new {
          if let Some(listed) = built_in.skus.get(sku) {
            regions.retain(|r| !listed.contains(r));
          }
        }
        let skus = sku_list(&new, has_ptu);
        if !is_empty(&skus) {
          entry.set("skus", skus);
        }
      }
      None => {
        let skus = sku_list(&seen.skus, has_ptu);
        if is_empty(&skus) {
          continue;
        }
        entry.set("skus", skus);
        if let Some(date) = seen.retires {
          entry.set("retires", Tree::Str(date.to_string()));
        }
      }
    }
    if !is_empty(&entry) {
      corrected.insert(model.clone());
      found.tree.at("azure").at(&model).set(&version, entry);
    }
  }
  found.corrected += corrected.len();
}

fn aws(catalog: &Catalog, seen: BTreeMap<String, BedrockSeen>, found: &mut Found) {
  for (id, seen) in seen {
    let geos: Vec<String> = seen
      .profiles
      .iter()
      .filter(|p| {
        let known = catalog.aws.geo(p).is_some();
        if !known {
          found.notes.push(format!(
            "aws {p}.{id}: the profile geography `{p}` is not in the catalog; not recorded"
          ));
        }
        known
      })
      .cloned()
      .collect();
    let mut entry = Tree::map();
    match catalog.aws.models.get(&id) {
      Some(known) => {
        if let Some(listed) = &known.regions {
          let new: Vec<String> = seen
            .on_demand
            .iter()
            .filter(|r| !listed.contains(r))
            .cloned()
            .collect();
          if !new.is_empty() {
            entry.set("regions", Tree::strings(new));
          }
        }
        if let Some(listed) = &known.profiles {
          let new: Vec<String> = geos
            .iter()
            .filter(|p| !listed.contains(p))
            .cloned()
            .collect();
          if !new.is_empty() {
            entry.set("profiles", Tree::strings(new));
          }
        }
        if !is_empty(&entry) {
          found.corrected += 1;
        }
      }
      None => {
        if !seen.listed {
          found.notes.push(format!(
            "aws {id}: only its inference profiles were read; import `aws bedrock list-foundation-models` to declare it"
          ));
          continue;
        }
        // Image and video generators: not a chat or embedding endpoint.
        let Some(kind) = seen.kind else {
          continue;
        };
        entry.set("kind", Tree::Str(kind.key().to_owned()));
        // Empty: the model answers only through an inference profile in the Regions read.
        entry.set("regions", Tree::strings(seen.on_demand));
        if !geos.is_empty() {
          entry.set("profiles", Tree::strings(geos));
        }
        if !seen.input.is_empty() {
          entry.set("input", Tree::strings(seen.input));
        }
        found.added += 1;
      }
    }
    if !is_empty(&entry) {
      found.tree.at("aws").set(&id, entry);
    }
  }
}

fn vertex(catalog: &Catalog, seen: BTreeMap<String, String>, found: &mut Found) {
  let mut guessed = Vec::new();
  for (id, publisher) in seen {
    if catalog.gcp.models.contains_key(&id) {
      continue;
    }
    // The listing does not say what a model does; an id naming embeddings is one, and the
    // rest are declared as chat models, to be reviewed in the pull request.
    let kind = if id.contains("embedding") {
      ModelKind::Embedding
    } else {
      ModelKind::Chat
    };
    let entry = found.tree.at("gcp").at(&id);
    entry.set("publisher", Tree::Str(publisher));
    entry.set("kind", Tree::Str(kind.key().to_owned()));
    guessed.push(id);
    found.added += 1;
  }
  if !guessed.is_empty() {
    found.notes.push(format!(
      "gcp: the publisher-model list does not say a model's kind; declared from the id (review them): {}",
      guessed.join(", ")
    ));
  }
}

fn compare(catalog: &Catalog, facts: Vec<Fact>) -> Found {
  let mut found = Found {
    tree: Tree::map(),
    added: 0,
    corrected: 0,
    notes: Vec::new(),
  };
  let mut azure_seen: BTreeMap<(String, String), AzureSeen> = BTreeMap::new();
  let mut bedrock_seen: BTreeMap<String, BedrockSeen> = BTreeMap::new();
  let mut vertex_seen = BTreeMap::new();
  for fact in facts {
    match fact {
      Fact::Azure {
        model,
        version,
        kind,
        retires,
        skus,
        region,
      } => {
        let seen = azure_seen.entry((model, version)).or_default();
        seen.kind = seen.kind.or(kind);
        // Listings of several Regions may disagree; the earliest date is the one to plan for.
        seen.retires = match (seen.retires, retires) {
          (Some(a), Some(b)) => Some(a.min(b)),
          (a, b) => a.or(b),
        };
        for sku in skus {
          seen.skus.entry(sku).or_default().insert(region.clone());
        }
      }
      Fact::Bedrock {
        id,
        kind,
        region,
        on_demand,
        input,
      } => {
        let seen = bedrock_seen.entry(id).or_default();
        seen.listed = true;
        seen.kind = seen.kind.or(kind);
        if on_demand {
          seen.on_demand.insert(region);
        }
        seen.input.extend(input);
      }
      Fact::Profile { prefix, id } => {
        bedrock_seen.entry(id).or_default().profiles.insert(prefix);
      }
      Fact::Vertex { publisher, id } => {
        vertex_seen.insert(id, publisher);
      }
    }
  }
  azure(catalog, azure_seen, &mut found);
  aws(catalog, bedrock_seen, &mut found);
  vertex(catalog, vertex_seen, &mut found);
  found
}

const HEADER: &str = "# Switchyard catalog overlay: corrections and additions to the built-in model catalog\n# (README, \"Catalog overlay\"). `switchyard catalog import` merges the clouds' listings into\n# it; values edited by hand are kept.\n";

/// The overlay's leading comment lines, kept as they are; the rest is rewritten sorted.
fn header(text: &str) -> String {
  let lines: String = text
    .lines()
    .take_while(|l| l.starts_with('#'))
    .map(|l| format!("{l}\n"))
    .collect();
  if lines.is_empty() {
    HEADER.to_owned()
  } else {
    lines
  }
}

/// Imports `files` into the overlay at `out`; returns the summary for stdout and the notes
/// for stderr.
pub(crate) fn import(
  files: &[PathBuf],
  out: &Path,
  location: Option<&str>,
) -> Result<(String, Vec<String>), Error> {
  let (facts, mut summary) = read_all(files, location)?;
  let catalog = super::built_in()?;
  let found = compare(&catalog, facts);
  let existing = match std::fs::read_to_string(out) {
    Ok(text) => Some(text),
    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
    Err(e) => return Err(Error::io("read", out, e)),
  };
  let mut tree = match &existing {
    Some(text) => {
      let node = yaml::parse(text).map_err(|e| Error::Input {
        path: out.to_owned(),
        message: e.message,
      })?;
      match Tree::from(&node) {
        Tree::Null => Tree::map(),
        tree => tree,
      }
    }
    None => Tree::map(),
  };
  let mut kept: Vec<Kept> = Vec::new();
  tree.merge(found.tree, "", &mut kept);
  let mut text = header(existing.as_deref().unwrap_or_default());
  tree.write(0, &mut text);
  // Loaded before it is written: an import never leaves an overlay every command would reject.
  let mut check = super::built_in()?;
  super::overlay::apply(&mut check, &text, &out.display().to_string()).map_err(|e| {
    Error::Input {
      path: out.to_owned(),
      message: format!("the merged overlay would not load, nothing was written: {e}"),
    }
  })?;
  let mut notes = found.notes;
  notes.extend(kept.into_iter().map(|k| {
    format!(
      "kept {} = {} from {} (the listing says {}; delete the line to take it)",
      k.path,
      k.kept,
      out.display(),
      k.found
    )
  }));
  if existing.as_deref() == Some(text.as_str()) {
    summary.push_str(&format!("{} is up to date\n", out.display()));
  } else {
    write(out, &text)?;
    summary.push_str(&format!(
      "wrote {}: {} models the built-in catalog lacks, {} corrected\n",
      out.display(),
      found.added,
      found.corrected
    ));
  }
  Ok((summary, notes))
}

/// Writes through a temporary file beside `out` and a rename, so a reader (or a killed import)
/// sees the old overlay or the new one, never half of one.
fn write(out: &Path, text: &str) -> Result<(), Error> {
  let mut name = out.file_name().unwrap_or_default().to_owned();
  name.push(format!(".import-{}", std::process::id()));
  let temporary = out.with_file_name(name);
  std::fs::write(&temporary, text).map_err(|e| Error::io("write", &temporary, e))?;
  std::fs::rename(&temporary, out).map_err(|e| {
    let _ = std::fs::remove_file(&temporary);
    Error::io("rename", out, e)
  })
}
