//! The template set: embedded at build time, optionally overridden file by file.
//!
//! `--templates DIR` replaces an embedded template by relative path (`azure/openai.tf.j2`).
//! Override files are read as text and compiled by minijinja, which has no file or process
//! access, so a template can only shape output, never run anything. A file whose name matches
//! no embedded template is an error, because a typo would otherwise be ignored silently.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::input::error::Error;

mod embedded {
  include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

/// The embedded template sources, by relative name.
#[cfg(test)]
pub(crate) fn embedded_sources() -> impl Iterator<Item = (&'static str, &'static str)> {
  embedded::EMBEDDED.iter().copied()
}

/// The names of the embedded templates: `--templates` can replace one, never add one, so these
/// are every template a render can use.
pub(crate) fn embedded_names() -> impl Iterator<Item = &'static str> {
  embedded::EMBEDDED.iter().map(|(name, _)| *name)
}

/// Templates earlier versions had, by the name they had: issue 19 named the files of a module
/// by resource family, the same in every cloud (`dns.tf`, `keys.tf`, ...; README, "Output layout").
/// A tree rendered before still lists these files in its manifest; they may be deleted like
/// any other file Switchyard generated (`render::could_generate`), and no template has them.
pub(crate) const FORMER_NAMES: &[&str] = &[
  "aws/kms.tf.j2",
  "azure/dns_resolver.tf.j2",
  "azure/keyvault.tf.j2",
];

pub(crate) struct Templates {
  pub(crate) env: Environment<'static>,
  pub(crate) names: Vec<String>,
  /// The names replaced by `--templates`: their output is parsed back with hcl-rs on every
  /// render, since no test of ours has seen them (see `render::structure`).
  pub(crate) overridden: BTreeSet<String>,
}

impl Templates {
  pub(crate) fn load(overrides: Option<&Path>) -> Result<Self, Error> {
    let mut sources: BTreeMap<String, String> = embedded::EMBEDDED
      .iter()
      .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
      .collect();
    let mut overridden = BTreeSet::new();
    if let Some(dir) = overrides {
      for (name, path) in override_files(dir)? {
        if !sources.contains_key(&name) {
          return Err(Error::Input {
            path,
            message: format!(
              "`{name}` overrides no template; the templates are: {}",
              sources.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
          });
        }
        let text = fs::read_to_string(&path).map_err(|source| Error::io("read", &path, source))?;
        overridden.insert(name.clone());
        sources.insert(name, text);
      }
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A macro's output (and a call block's) is template text whose values were already
    // printed as HCL literals inside it: marked safe, it is written as it is instead of being
    // quoted again. Any auto-escape mode other than None does that, and `format_value` below
    // replaces the escaping itself, so the name "hcl" only labels it.
    env.set_auto_escape_callback(|_| AutoEscape::Custom(Cow::Borrowed("hcl")));
    env.set_formatter(super::hcl::format_value);
    env.add_filter("ident", super::hcl::ident);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
      .trim_blocks(true)
      .lstrip_blocks(true)
      .keep_trailing_newline(true)
      .build()
      .map_err(|error| Error::internal(error.to_string()))?;
    env.set_syntax(syntax);
    env.remove_filter("safe");
    let names: Vec<String> = sources.keys().cloned().collect();
    for (name, text) in sources {
      env
        .add_template_owned(name.clone(), text)
        .map_err(|error| Error::Template {
          name,
          message: error.to_string(),
        })?;
    }
    Ok(Self {
      env,
      names,
      overridden,
    })
  }
}

fn override_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
  let mut found = Vec::new();
  let mut pending = vec![dir.to_owned()];
  while let Some(current) = pending.pop() {
    let entries = fs::read_dir(&current).map_err(|source| Error::io("read", &current, source))?;
    for entry in entries {
      let entry = entry.map_err(|source| Error::io("read", &current, source))?;
      let path = entry.path();
      let kind = entry
        .file_type()
        .map_err(|source| Error::io("read", &path, source))?;
      if kind.is_dir() {
        pending.push(path);
      } else if kind.is_file() && path.extension().is_some_and(|e| e == "j2") {
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        found.push((relative.to_string_lossy().replace('\\', "/"), path));
      }
    }
  }
  found.sort();
  Ok(found)
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::analysis::cloud::Cloud;

  /// Issue 19: the macro libraries under `macros/` are imported by the module templates and
  /// render no file of their own; every other template renders one.
  #[test]
  fn macro_libraries_render_no_file() {
    let names: Vec<&str> = embedded_names().collect();
    assert!(names.iter().any(|name| name.starts_with("macros/")));
    for name in names {
      let file = super::super::destination(name, &Cloud::ALL);
      assert_eq!(
        file.is_none(),
        name.starts_with("macros/"),
        "{name}: {file:?}"
      );
    }
  }

  /// Issue 19: a file renamed by resource family is still one a render may delete from a tree
  /// an earlier version wrote, and no current template has its old name.
  #[test]
  fn former_names_are_generated_files_and_no_template_has_them() {
    for former in FORMER_NAMES {
      assert!(!embedded_names().any(|name| name == *former), "{former}");
      let file = super::super::destination(former, &Cloud::ALL).unwrap();
      assert!(super::super::could_generate(&file), "{file}");
    }
    assert!(super::super::could_generate(
      "modules/azure/dns_resolver.tf"
    ));
    assert!(!super::super::could_generate(
      "modules/azure/dns_forwarder.tf"
    ));
  }

  /// Issue 19: what a macro returns is template text, written as it is (not quoted as a
  /// string), while a value printed inside it is still an escaped HCL literal.
  #[test]
  fn macro_output_is_template_text_and_its_values_stay_escaped() {
    let mut templates = Templates::load(None).unwrap();
    templates
      .env
      .add_template_owned(
        "probe.tf.j2",
        r#"{% macro m(v) %}a = {{ v }}{% endmacro %}{{ m("${x} \"y\"") }}"#,
      )
      .unwrap();
    let text = templates
      .env
      .get_template("probe.tf.j2")
      .unwrap()
      .render(())
      .unwrap();
    assert_eq!(text, r#"a = "$${x} \"y\"""#);
  }
}
