//! Typed reads from the node tree that record a diagnostic instead of failing, so one run
//! reports every problem in the file.

use crate::analysis::suggest;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

#[derive(Default)]
pub(crate) struct Reader {
  pub(crate) problems: Vec<Diagnostic>,
}

/// A mapping being read, with its path.
pub(crate) struct Fields<'a> {
  pub(crate) path: YamlPath,
  pub(crate) entries: &'a [(String, Node)],
}

impl<'a> Fields<'a> {
  pub(crate) fn get(&self, key: &str) -> Option<&'a Node> {
    self
      .entries
      .iter()
      .find(|(k, _)| k == key)
      .map(|(_, value)| value)
  }

  pub(crate) fn path(&self, key: &str) -> YamlPath {
    self.path.key(key)
  }
}

impl Reader {
  pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
    self.problems.push(diagnostic);
  }

  fn wrong_type(&mut self, path: &YamlPath, expected: &str, found: &Node, help: Option<String>) {
    let mut diagnostic = Diagnostic::error(
      path.clone(),
      format!("expected {expected}, found {}", describe(found)),
    );
    if let Some(help) = help {
      diagnostic = diagnostic.help(help);
    }
    self.report(diagnostic);
  }

  /// Reads a mapping and rejects keys outside `allowed`, suggesting the nearest.
  pub(crate) fn mapping<'a>(
    &mut self,
    node: &'a Node,
    path: &YamlPath,
    what: &str,
    allowed: &[&str],
  ) -> Option<Fields<'a>> {
    let Node::Mapping(entries) = node else {
      let help = format!(
        "{what} is a mapping of {}",
        suggest::list(allowed.iter().copied())
      );
      self.wrong_type(path, "a mapping", node, Some(help));
      return None;
    };
    let fields = Fields {
      path: path.clone(),
      entries,
    };
    for (key, _) in entries {
      if !allowed.contains(&key.as_str()) {
        self.unknown_key(&fields.path(key), key, what, allowed);
      }
    }
    Some(fields)
  }

  pub(crate) fn unknown_key(&mut self, path: &YamlPath, key: &str, what: &str, allowed: &[&str]) {
    let mut help = format!(
      "the keys allowed in {what} are {}",
      suggest::list(allowed.iter().copied())
    );
    if let Some(near) = suggest::nearest(key, allowed.iter().copied()) {
      help.push_str(&format!("; did you mean `{near}`?"));
    }
    self.report(
      Diagnostic::error(path.clone(), format!("unknown key `{key}` in {what}"))
        .at_key()
        .help(help),
    );
  }

  /// A key that must be present; reported at the mapping that lacks it.
  pub(crate) fn required<'a>(
    &mut self,
    fields: &Fields<'a>,
    key: &str,
    example: &str,
  ) -> Option<&'a Node> {
    let value = fields.get(key);
    if value.is_none() {
      let help = format!("add `{key}: {example}`");
      let what = if fields.path.is_root() {
        "the blueprint".to_owned()
      } else {
        format!("`{}`", fields.path)
      };
      self.report(
        Diagnostic::error(
          fields.path.clone(),
          format!("{what} is missing the required key `{key}`"),
        )
        .help(help),
      );
    }
    value
  }

  pub(crate) fn string<'a>(&mut self, node: &'a Node, path: &YamlPath) -> Option<&'a str> {
    match node {
      Node::String(s) => Some(s),
      other => {
        let help = scalar_hint(other);
        self.wrong_type(path, "a string", other, help);
        None
      }
    }
  }

  pub(crate) fn boolean(&mut self, node: &Node, path: &YamlPath) -> Option<bool> {
    match node {
      Node::Bool(b) => Some(*b),
      other => {
        self.wrong_type(
          path,
          "`true` or `false`",
          other,
          Some("write `true` or `false` without quotes".to_owned()),
        );
        None
      }
    }
  }

  /// An integer within `min..=max`.
  pub(crate) fn integer(
    &mut self,
    node: &Node,
    path: &YamlPath,
    min: u32,
    max: u32,
  ) -> Option<u32> {
    let value = match node {
      Node::Integer(i) => *i,
      Node::String(s) if s.trim().parse::<i128>().is_ok() => {
        self.wrong_type(
          path,
          "an integer",
          node,
          Some(format!("write the number without quotes: `{}`", s.trim())),
        );
        return None;
      }
      other => {
        self.wrong_type(
          path,
          "an integer",
          other,
          Some(format!("use a whole number from {min} to {max}")),
        );
        return None;
      }
    };
    match u32::try_from(value) {
      Ok(v) if (min..=max).contains(&v) => Some(v),
      _ => {
        self.report(
          Diagnostic::error(path.clone(), format!("{value} is out of range"))
            .help(format!("use a whole number from {min} to {max}")),
        );
        None
      }
    }
  }

  pub(crate) fn sequence<'a>(
    &mut self,
    node: &'a Node,
    path: &YamlPath,
    help: &str,
  ) -> Option<&'a [Node]> {
    match node {
      Node::Sequence(items) => Some(items),
      other => {
        self.wrong_type(path, "a sequence", other, Some(help.to_owned()));
        None
      }
    }
  }

  /// A string that must be one of `choices`.
  pub(crate) fn choice<T: Copy>(
    &mut self,
    node: &Node,
    path: &YamlPath,
    choices: &[(&str, T)],
  ) -> Option<T> {
    let text = self.string(node, path)?;
    if let Some((_, value)) = choices.iter().find(|(key, _)| *key == text) {
      return Some(*value);
    }
    let keys = choices.iter().map(|(key, _)| *key);
    let mut help = format!("use one of {}", suggest::list(keys.clone()));
    if let Some(near) = suggest::nearest(text, keys) {
      help = format!(
        "did you mean `{near}`? The values allowed are {}",
        suggest::list(choices.iter().map(|(k, _)| *k))
      );
    }
    self.report(
      Diagnostic::error(path.clone(), format!("`{text}` is not a valid value here")).help(help),
    );
    None
  }
}

fn describe(node: &Node) -> String {
  match node {
    Node::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
    Node::Integer(i) => format!("the integer {i}"),
    Node::Bool(b) => format!("`{b}`"),
    other => other.kind().to_owned(),
  }
}

fn scalar_hint(node: &Node) -> Option<String> {
  match node {
    Node::Integer(_) | Node::Float(_) | Node::Bool(_) => {
      Some("quote the value to make it a string".to_owned())
    }
    Node::Null => Some("give a value after the colon".to_owned()),
    _ => None,
  }
}
