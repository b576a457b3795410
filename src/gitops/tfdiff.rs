//! Terraform objects by address, compared: what a change to the generated files means.
//!
//! Each block becomes an object with its Terraform address
//! (`module.azure.azurerm_cognitive_deployment.gpt_east`, `data.…`, `var.…`, `output.…`,
//! `local.…`, `module.…`, `provider.…`, `terraform`) and its attributes flattened to paths
//! (`sku.capacity`, `tags.team`, `ingress[1].from_port`), so a review names exactly what
//! changed. Moving a block between files is no change; a file that does not parse is reported
//! and left out of the comparison.
//!
//! `objects` parses both sides with hcl-rs: the files under `--out` and the files `render`
//! would write (`review` passes only the files that differ). Created and deleted resources
//! keep the attributes that identify them (`IDENTIFYING`); `replacement` then decides which
//! updates Terraform would plan as replacements. `declared` reads the same addresses from the
//! render's structure check, which the tests and fuzz targets hold to hcl-rs's parse.

use std::collections::BTreeMap;

use hcl::format::{Format, Formatter};
use hcl::{Block, Body, Expression, ObjectKey};
use serde::Serialize;

use crate::render::hcl::is_identifier;
use crate::render::{Declared, Rendered};

/// What kind of Terraform block an object is declared by; the serde name is the `kind` of an
/// object in the JSON plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum BlockKind {
  Resource,
  Data,
  Module,
  Variable,
  Output,
  Local,
  Provider,
  Terraform,
  /// `moved`, `import` and `removed` blocks: decisions about other objects' addresses.
  Lifecycle,
  Other,
}

/// One block, flattened: attribute paths in document order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Object {
  pub(crate) kind: BlockKind,
  /// File that holds it, relative to the root.
  pub(crate) file: String,
  pub(crate) attributes: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AttributeChange {
  pub(crate) path: String,
  pub(crate) before: Option<String>,
  pub(crate) after: Option<String>,
}

/// What happens to an object, in Terraform's terms: a replacement destroys the object and
/// creates a new one (`-/+` in `terraform plan`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ObjectAction {
  Create,
  Update,
  Replace,
  Delete,
  /// To a new address by a `moved` block, unchanged (an update records `moved_from` instead).
  Move,
  /// Adopted by an `import` block instead of created.
  Import,
  /// Let go by a `removed` block with `destroy = false` instead of destroyed.
  Forget,
}

impl ObjectAction {
  /// The sign `terraform plan` prints.
  pub(crate) fn sign(self) -> &'static str {
    match self {
      Self::Create => "+",
      Self::Update => "~",
      Self::Replace => "-/+",
      Self::Delete => "-",
      Self::Move => ">",
      Self::Import => "<",
      Self::Forget => "/",
    }
  }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ObjectChange {
  pub(crate) address: String,
  pub(crate) kind: BlockKind,
  pub(crate) action: ObjectAction,
  /// The file that holds the object after the change (before it, for a deletion).
  pub(crate) file: String,
  /// For an update or replacement, the attributes that differ; empty otherwise.
  pub(crate) attributes: Vec<AttributeChange>,
  /// For a replacement, what forces it (`replacement::mark`).
  #[serde(skip_serializing_if = "Vec::is_empty")]
  pub(crate) replaced_because: Vec<String>,
  /// For a created or deleted resource, the attributes that identify it to a reviewer.
  #[serde(skip_serializing_if = "BTreeMap::is_empty")]
  pub(crate) identity: BTreeMap<String, String>,
  /// The address a `moved` block takes the object from.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub(crate) moved_from: Option<String>,
}

/// The attributes that tell a reviewer which cloud object a resource is: its name, where it
/// is, its size and its address space. Paths as `tfdiff` flattens them.
const IDENTIFYING: &[&str] = &[
  "name",
  "location",
  "region",
  "kind",
  "sku_name",
  "sku.name",
  "sku.capacity",
  "model.name",
  "model.version",
  "model_arn",
  "model_units",
  "commitment_duration",
  "provisioned_model_name",
  "custom_subdomain_name",
  "cidr_block",
  "address_space",
  "address_prefixes",
  "ip_cidr_range",
  "dns_name",
  "display_name",
  "service_name",
];

fn identity(object: &Object) -> BTreeMap<String, String> {
  if object.kind != BlockKind::Resource {
    return BTreeMap::new();
  }
  object
    .attributes
    .iter()
    .filter(|(path, _)| IDENTIFYING.contains(&path.as_str()))
    .map(|(path, value)| (path.clone(), value.clone()))
    .collect()
}

/// A file left out of the comparison because it does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unreadable {
  pub(crate) file: String,
  pub(crate) message: String,
}

/// The objects of one root module tree, from `(path relative to the root, text)` pairs of its
/// `.tf` files (other files are ignored).
pub(crate) fn objects<'a>(
  files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (BTreeMap<String, Object>, Vec<Unreadable>) {
  let mut parsed = Vec::new();
  let mut unreadable = Vec::new();
  for (path, text) in files {
    if !path.ends_with(".tf") {
      continue;
    }
    match hcl::parse(text) {
      Ok(body) => parsed.push((path, body)),
      Err(error) => unreadable.push(Unreadable {
        file: path.to_owned(),
        message: error.to_string(),
      }),
    }
  }
  let modules = ModuleNames::of(parsed.iter().flat_map(|(path, body)| {
    body
      .blocks()
      .filter(|b| b.identifier() == "module")
      .filter_map(move |block| {
        let source = block.body().attributes().find(|a| a.key() == "source");
        match (block.labels().first(), source.map(|a| a.expr())) {
          (Some(name), Some(Expression::String(source))) => {
            Some((*path, name.as_str(), source.as_str()))
          }
          _ => None,
        }
      })
  }));
  let mut objects = BTreeMap::new();
  for (path, body) in &parsed {
    let prefix = modules.prefix(path);
    for block in body.blocks() {
      for (address, kind, attributes) in addresses(block) {
        objects.insert(
          format!("{prefix}{address}"),
          Object {
            kind,
            file: (*path).to_owned(),
            attributes,
          },
        );
      }
    }
  }
  (objects, unreadable)
}

/// Module directories by the name the root's `module` blocks call them.
struct ModuleNames(BTreeMap<String, String>);

impl ModuleNames {
  /// From the `module` blocks of the files: (file, block label, `source` string).
  fn of<'a>(modules: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
    Self(
      modules
        .into_iter()
        .filter(|(path, _, _)| !path.contains('/'))
        .map(|(_, name, source)| {
          let dir = source.trim_start_matches("./").trim_end_matches('/');
          (dir.to_owned(), name.to_owned())
        })
        .collect(),
    )
  }

  /// `module.<name>.` for a file in a module's directory, nothing for a root file.
  fn prefix(&self, path: &str) -> String {
    match path.rsplit_once('/') {
      None => String::new(),
      Some((dir, _)) => {
        let name = self
          .0
          .get(dir)
          .map_or_else(|| dir.rsplit('/').next().unwrap_or(dir), String::as_str);
        format!("module.{name}.")
      }
    }
  }
}

/// The objects of `.tf` files known by their top-level blocks only, as the render's structure
/// check read them (`render::structure`): addresses, kinds and files, no attributes. That is
/// all a comparison in which every object is created shows, and it needs no parse, so `plan`
/// against an empty tree stays linear in the size of the files.
pub(crate) fn declared<'a>(
  files: impl IntoIterator<Item = (&'a str, &'a [Declared])>,
) -> BTreeMap<String, Object> {
  let files: Vec<(&str, &[Declared])> = files
    .into_iter()
    .filter(|(path, _)| path.ends_with(".tf"))
    .collect();
  let modules = ModuleNames::of(files.iter().flat_map(|(path, blocks)| {
    blocks
      .iter()
      .filter(|b| b.identifier == "module")
      .filter_map(move |block| {
        let name = block.labels.first()?;
        let source = plain_string(attribute(block, "source")?)?;
        Some((*path, name.as_str(), source))
      })
  }));
  let mut objects = BTreeMap::new();
  for (path, blocks) in files {
    let prefix = modules.prefix(path);
    for block in blocks {
      let labels: Vec<&str> = block.labels.iter().map(String::as_str).collect();
      let declared: Vec<(String, BlockKind)> =
        if let Some(key) = lifecycle_target(&block.identifier) {
          let target = attribute(block, key).unwrap_or_default();
          vec![(
            format!("{}[{target}]", block.identifier),
            BlockKind::Lifecycle,
          )]
        } else if block.identifier == "locals" {
          block
            .attributes
            .iter()
            .map(|(key, _)| (format!("local.{key}"), BlockKind::Local))
            .collect()
        } else {
          let alias = attribute(block, "alias").map(|value| value.trim_matches('"'));
          vec![address(&block.identifier, &labels, alias)]
        };
      for (address, kind) in declared {
        objects.insert(
          format!("{prefix}{address}"),
          Object {
            kind,
            file: path.to_owned(),
            attributes: Vec::new(),
          },
        );
      }
    }
  }
  objects
}

/// What the tests and the render fuzz target hold `declared` to: for every `.tf` file of a
/// rendered root, the same addresses, kinds and files as hcl-rs's parse (`objects`). The first
/// difference, if any.
pub(crate) fn declared_agrees_with_parsed(rendered: &Rendered) -> Result<(), String> {
  let prefix = format!("{}/", rendered.root);
  let within = |path: &str| path.strip_prefix(&prefix).unwrap_or(path).to_owned();
  let texts: Vec<(String, &str)> = rendered
    .files
    .iter()
    .map(|(path, text)| (within(path), text.as_str()))
    .collect();
  let (parsed, unreadable) = objects(texts.iter().map(|(p, t)| (p.as_str(), *t)));
  if let Some(problem) = unreadable.first() {
    return Err(format!(
      "{} does not parse: {}",
      problem.file, problem.message
    ));
  }
  let blocks: Vec<(String, &[Declared])> = rendered
    .blocks
    .iter()
    .map(|(path, blocks)| (within(path), blocks.as_slice()))
    .collect();
  let declared = declared(blocks.iter().map(|(p, b)| (p.as_str(), *b)));
  let summary = |objects: BTreeMap<String, Object>| -> Vec<(String, BlockKind, String)> {
    objects
      .into_iter()
      .map(|(address, object)| (address, object.kind, object.file))
      .collect()
  };
  let (declared, parsed) = (summary(declared), summary(parsed));
  match declared.iter().zip(&parsed).find(|(d, p)| d != p) {
    Some((d, p)) => Err(format!("structure check: {d:?}, hcl-rs: {p:?}")),
    None if declared.len() != parsed.len() => Err(format!(
      "structure check: {} objects, hcl-rs: {}",
      declared.len(),
      parsed.len()
    )),
    None => Ok(()),
  }
}

fn attribute<'a>(block: &'a Declared, key: &str) -> Option<&'a str> {
  block
    .attributes
    .iter()
    .find(|(k, _)| k == key)
    .map(|(_, value)| value.as_str())
}

/// The text of a quoted string with nothing to unescape or interpolate.
fn plain_string(value: &str) -> Option<&str> {
  let inner = value.strip_prefix('"')?.strip_suffix('"')?;
  let plain = !inner.contains(['"', '\\']) && !inner.contains("${") && !inner.contains("%{");
  plain.then_some(inner)
}

/// Attribute paths and values, in document order.
type Flat = Vec<(String, String)>;

/// The addressable objects a top-level block declares (`locals` declares one per attribute).
fn addresses(block: &Block) -> Vec<(String, BlockKind, Flat)> {
  let flat = || {
    let mut attributes = Vec::new();
    flatten_body(block.body(), "", &mut attributes);
    attributes
  };
  match block.identifier() {
    "locals" => block
      .body()
      .attributes()
      .map(|attribute| {
        let mut attributes = Vec::new();
        flatten_expression(attribute.expr(), "", &mut attributes);
        (
          format!("local.{}", attribute.key()),
          BlockKind::Local,
          attributes,
        )
      })
      .collect(),
    identifier if lifecycle_target(identifier).is_some() => {
      let key = lifecycle_target(identifier).unwrap_or_default();
      let target = block
        .body()
        .attributes()
        .find(|a| a.key() == key)
        .map(|a| expression_text(a.expr()))
        .unwrap_or_default();
      vec![(
        format!("{identifier}[{target}]"),
        BlockKind::Lifecycle,
        flat(),
      )]
    }
    identifier => {
      let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
      let alias = block
        .body()
        .attributes()
        .find(|a| a.key() == "alias")
        .map(|a| expression_text(a.expr()));
      let alias = alias.as_deref().map(|text| text.trim_matches('"'));
      let (address, kind) = address(identifier, &labels, alias);
      vec![(address, kind, flat())]
    }
  }
}

/// The attribute that names what a lifecycle block is about: `moved` and `import` by where
/// the object goes, `removed` by what leaves. Their address is `moved[<to>]` and so on.
fn lifecycle_target(identifier: &str) -> Option<&'static str> {
  match identifier {
    "moved" | "import" => Some("to"),
    "removed" => Some("from"),
    _ => None,
  }
}

/// The address and kind of a top-level block other than `locals` (which declares one object
/// per attribute); `alias` is a provider's `alias` attribute, unquoted.
fn address(identifier: &str, labels: &[&str], alias: Option<&str>) -> (String, BlockKind) {
  let label = |index: usize| labels.get(index).copied().unwrap_or("");
  match identifier {
    "resource" => (format!("{}.{}", label(0), label(1)), BlockKind::Resource),
    "data" => (format!("data.{}.{}", label(0), label(1)), BlockKind::Data),
    "module" => (format!("module.{}", label(0)), BlockKind::Module),
    "variable" => (format!("var.{}", label(0)), BlockKind::Variable),
    "output" => (format!("output.{}", label(0)), BlockKind::Output),
    "provider" => {
      let alias = alias.map(|a| format!(".{a}")).unwrap_or_default();
      (format!("provider.{}{alias}", label(0)), BlockKind::Provider)
    }
    "terraform" => ("terraform".to_owned(), BlockKind::Terraform),
    other => {
      let mut address = other.to_owned();
      for label in labels {
        address.push('.');
        address.push_str(label);
      }
      (address, BlockKind::Other)
    }
  }
}

fn join(prefix: &str, key: &str) -> String {
  if prefix.is_empty() {
    key.to_owned()
  } else {
    format!("{prefix}.{key}")
  }
}

fn flatten_body(body: &Body, prefix: &str, out: &mut Vec<(String, String)>) {
  for attribute in body.attributes() {
    flatten_expression(attribute.expr(), &join(prefix, attribute.key()), out);
  }
  // Repeated nested blocks of one type are numbered in order (`ingress[0]`, `ingress[1]`).
  let mut counts: BTreeMap<String, usize> = BTreeMap::new();
  let name = |block: &Block| {
    let mut name = block.identifier().to_owned();
    for l in block.labels() {
      name.push('.');
      name.push_str(l.as_str());
    }
    name
  };
  for block in body.blocks() {
    *counts.entry(name(block)).or_default() += 1;
  }
  let mut seen: BTreeMap<String, usize> = BTreeMap::new();
  for block in body.blocks() {
    let name = name(block);
    let index = seen.entry(name.clone()).or_default();
    let path = if counts.get(&name).copied().unwrap_or(0) > 1 {
      format!("{}[{index}]", join(prefix, &name))
    } else {
      join(prefix, &name)
    };
    *index += 1;
    let before = out.len();
    flatten_body(block.body(), &path, out);
    if out.len() == before {
      // An empty block (`features {}`) is still there, and its absence is a change.
      out.push((path, "{}".to_owned()));
    }
  }
}

/// Objects flatten into their keys, one-argument calls of an object or list into
/// `call(…)` plus the argument, lists holding objects into their elements; anything else is
/// one value, printed as compact HCL.
fn flatten_expression(expression: &Expression, path: &str, out: &mut Vec<(String, String)>) {
  match expression {
    Expression::Object(object) if !object.is_empty() => {
      for (key, value) in object {
        let key = match key {
          ObjectKey::Identifier(identifier) => identifier.as_str().to_owned(),
          ObjectKey::Expression(Expression::String(text)) if is_identifier(text) => text.clone(),
          other => format!("[{}]", compact(other)),
        };
        let path = if key.starts_with('[') {
          format!("{path}{key}")
        } else {
          join(path, &key)
        };
        flatten_expression(value, &path, out);
      }
    }
    Expression::Array(items)
      if items
        .iter()
        .any(|i| matches!(i, Expression::Object(_) | Expression::Array(_))) =>
    {
      for (index, item) in items.iter().enumerate() {
        flatten_expression(item, &format!("{path}[{index}]"), out);
      }
    }
    Expression::FuncCall(call)
      if call.args.len() == 1
        && call
          .args
          .iter()
          .all(|a| matches!(a, Expression::Object(_) | Expression::Array(_))) =>
    {
      out.push((path.to_owned(), format!("{}(…)", call.name)));
      if let Some(argument) = call.args.first() {
        flatten_expression(argument, path, out);
      }
    }
    other => out.push((path.to_owned(), expression_text(other))),
  }
}

/// An expression as one line of HCL.
pub(crate) fn expression_text(expression: &Expression) -> String {
  compact(expression)
}

fn compact(value: &impl Format) -> String {
  let mut formatter = Formatter::builder().compact(true).build_vec();
  value
    .format_string(&mut formatter)
    .unwrap_or_else(|_| "(unprintable)".to_owned())
}

/// Objects added, removed or changed, by address.
pub(crate) fn compare(
  before: &BTreeMap<String, Object>,
  after: &BTreeMap<String, Object>,
) -> Vec<ObjectChange> {
  let mut changes = Vec::new();
  for (address, new) in after {
    match before.get(address) {
      None => changes.push(ObjectChange {
        address: address.clone(),
        kind: new.kind,
        action: ObjectAction::Create,
        file: new.file.clone(),
        attributes: Vec::new(),
        replaced_because: Vec::new(),
        identity: identity(new),
        moved_from: None,
      }),
      Some(old) => {
        let mut attributes = attribute_changes(&old.attributes, &new.attributes);
        if matches!(new.kind, BlockKind::Resource | BlockKind::Data) {
          // Meta-arguments order and steer Terraform; changing them changes no object, and
          // `terraform plan` shows no update for them.
          attributes.retain(|a| !is_meta_argument(&a.path));
        }
        if !attributes.is_empty() {
          changes.push(ObjectChange {
            address: address.clone(),
            kind: new.kind,
            action: ObjectAction::Update,
            file: new.file.clone(),
            attributes,
            replaced_because: Vec::new(),
            identity: BTreeMap::new(),
            moved_from: None,
          });
        }
      }
    }
  }
  for (address, old) in before {
    if !after.contains_key(address) {
      changes.push(ObjectChange {
        address: address.clone(),
        kind: old.kind,
        action: ObjectAction::Delete,
        file: old.file.clone(),
        attributes: Vec::new(),
        replaced_because: Vec::new(),
        identity: identity(old),
        moved_from: None,
      });
    }
  }
  changes.sort_by(|a, b| a.address.cmp(&b.address));
  changes
}

/// `depends_on`, `lifecycle…`, `provider`: the meta-arguments a resource or data block may
/// change without changing the object (`count` and `for_each` do change it: they decide the
/// instances).
fn is_meta_argument(path: &str) -> bool {
  let head = path.split(['.', '[']).next().unwrap_or(path);
  matches!(head, "depends_on" | "lifecycle" | "provider")
}

/// Differing paths: the new document's order first, then paths only the old one has.
fn attribute_changes(
  before: &[(String, String)],
  after: &[(String, String)],
) -> Vec<AttributeChange> {
  let old: BTreeMap<&str, &str> = before
    .iter()
    .map(|(k, v)| (k.as_str(), v.as_str()))
    .collect();
  let new: BTreeMap<&str, &str> = after
    .iter()
    .map(|(k, v)| (k.as_str(), v.as_str()))
    .collect();
  let mut changes = Vec::new();
  for (path, value) in after {
    let previous = old.get(path.as_str()).copied();
    if previous != Some(value.as_str()) {
      changes.push(AttributeChange {
        path: path.clone(),
        before: previous.map(str::to_owned),
        after: Some(value.clone()),
      });
    }
  }
  for (path, value) in before {
    if !new.contains_key(path.as_str()) {
      changes.push(AttributeChange {
        path: path.clone(),
        before: Some(value.clone()),
        after: None,
      });
    }
  }
  changes
}

#[cfg(test)]
mod tests {
  use super::*;

  const ROOT: &str = "module \"azure\" {\n  source = \"./modules/azure\"\n}\n";

  fn deployment(capacity: u32) -> String {
    format!(
      "resource \"azurerm_cognitive_deployment\" \"gpt_east\" {{\n  name = \"gpt-east\"\n  sku {{\n    name     = \"GlobalStandard\"\n    capacity = {capacity}\n  }}\n  tags = {{ team = \"ml\", \"cost-center\" = \"1\" }}\n}}\n"
    )
  }

  #[test]
  fn names_the_address_and_the_changed_attribute() {
    let old_text = deployment(80);
    let new_text = deployment(120);
    let (before, _) = objects([
      ("main.tf", ROOT),
      ("modules/azure/openai.tf", old_text.as_str()),
    ]);
    let (after, _) = objects([
      ("main.tf", ROOT),
      ("modules/azure/openai.tf", new_text.as_str()),
    ]);
    let changes = compare(&before, &after);
    assert_eq!(
      changes,
      [ObjectChange {
        address: "module.azure.azurerm_cognitive_deployment.gpt_east".to_owned(),
        kind: BlockKind::Resource,
        action: ObjectAction::Update,
        file: "modules/azure/openai.tf".to_owned(),
        attributes: vec![AttributeChange {
          path: "sku.capacity".to_owned(),
          before: Some("80".to_owned()),
          after: Some("120".to_owned()),
        }],
        replaced_because: Vec::new(),
        identity: BTreeMap::new(),
        moved_from: None,
      }]
    );
  }

  #[test]
  fn a_new_depends_on_is_not_a_change_of_the_object() {
    // Issue 15: `terraform plan` shows no update when only `depends_on` changes.
    let (before, _) = objects([(
      "main.tf",
      "resource \"a\" \"x\" {\n  depends_on = [a.y]\n}\n",
    )]);
    let (after, _) = objects([(
      "main.tf",
      "resource \"a\" \"x\" {\n  depends_on = [a.z]\n}\n",
    )]);
    assert_eq!(compare(&before, &after), []);
  }

  #[test]
  fn every_kind_of_block_has_its_address() {
    let text = "terraform {\n  required_version = \">= 1.9\"\n}\nprovider \"aws\" {\n  region = \"us-east-1\"\n}\nvariable \"x\" {\n  default = 1\n}\noutput \"y\" {\n  value = var.x\n}\nlocals {\n  tags = { a = \"b\" }\n}\ndata \"aws_region\" \"current\" {}\nmodule \"m\" {\n  source = \"./m\"\n}\n";
    let (objects, unreadable) = objects([("main.tf", text), ("m/broken.tf", "resource {")]);
    let addresses: Vec<&str> = objects.keys().map(String::as_str).collect();
    assert_eq!(
      addresses,
      [
        "data.aws_region.current",
        "local.tags",
        "module.m",
        "output.y",
        "provider.aws",
        "terraform",
        "var.x"
      ]
    );
    assert_eq!(unreadable.len(), 1);
    assert_eq!(
      objects.get("local.tags").map(|o| o.attributes.clone()),
      Some(vec![("a".to_owned(), "\"b\"".to_owned())])
    );
  }

  #[test]
  fn creations_deletions_and_flattened_values() {
    let (before, _) = objects([(
      "main.tf",
      "resource \"a\" \"x\" {\n  policy = jsonencode({ Statement = [{ Effect = \"Allow\" }] })\n}\nresource \"a\" \"gone\" {}\n",
    )]);
    let (after, _) = objects([(
      "main.tf",
      "resource \"a\" \"x\" {\n  policy = jsonencode({ Statement = [{ Effect = \"Deny\" }] })\n}\nresource \"a\" \"new\" {}\n",
    )]);
    let changes = compare(&before, &after);
    let summary: Vec<(String, ObjectAction)> = changes
      .iter()
      .map(|c| (c.address.clone(), c.action))
      .collect();
    assert_eq!(
      summary,
      [
        ("a.gone".to_owned(), ObjectAction::Delete),
        ("a.new".to_owned(), ObjectAction::Create),
        ("a.x".to_owned(), ObjectAction::Update)
      ]
    );
    let update = changes
      .get(2)
      .map(|c| c.attributes.clone())
      .unwrap_or_default();
    assert_eq!(
      update,
      [AttributeChange {
        path: "policy.Statement[0].Effect".to_owned(),
        before: Some("\"Allow\"".to_owned()),
        after: Some("\"Deny\"".to_owned()),
      }]
    );
  }
}
