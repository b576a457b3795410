//! The structure check the formatter runs on every line it formats.
//!
//! Every rendered `.tf` file used to be parsed back with hcl-rs before anything was written.
//! That parse was half of all the work a render did (about 200 instructions per byte), and for
//! the embedded templates it re-proved, on every run, what the test suite proves once: their
//! values can only reach the output as escaped literals (`render::hcl`), so what can go wrong
//! is the templates' own text — a bracket left open, a string not closed, a stray line. Those
//! are what this check catches, from the formatter's own scan and at no extra pass:
//!
//! - strings and interpolations are closed, and a quoted string never runs past its line;
//! - every bracket is closed by one of its own kind, and none is closed twice;
//! - every line in a body (top level or a block's) is blank, a comment, `key = value` with an
//!   identifier key and a value, a block header (`type "label" ... {`, or `{}` when empty),
//!   or the `}` that closes its block, alone.
//!
//! Expressions themselves are not checked here: hcl-rs parses every file of every bundled
//! blueprint in the test suite and in the fuzz target, Terraform validates them in CI, and a
//! template overridden with `--templates` (which no test of ours has seen) is still parsed
//! back with hcl-rs on every render (`render::render`).

use super::hcl::is_identifier;

/// What a file's structure check found: its top-level blocks, in file order, or the first
/// problem.
#[derive(Debug, Default)]
pub(crate) struct Structure {
  open: Vec<Open>,
  line: usize,
  problem: Option<(usize, &'static str)>,
  blocks: Vec<Declared>,
}

/// A top-level block as its header declares it: what `plan` counts (resources) and what an
/// object's Terraform address is made of, read without parsing the file (see `tfdiff`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Declared {
  /// `resource`, `data`, `module`, `locals`, ...
  pub(crate) identifier: String,
  /// The labels as written between the quotes (templates write no escapes in labels).
  pub(crate) labels: Vec<String>,
  /// For the blocks whose address depends on their body (`locals`, `provider`'s `alias`,
  /// `module`'s `source`), each attribute directly in the body: its key and its value as
  /// written, on the attribute's first line.
  pub(crate) attributes: Vec<(String, String)>,
}

impl Declared {
  /// The resource type, for a `resource` block.
  pub(crate) fn resource_type(&self) -> Option<&str> {
    (self.identifier == "resource")
      .then(|| self.labels.first().map(String::as_str))
      .flatten()
  }
}

/// Whether the address of a block of this type depends on attributes in its body.
fn addressed_by_body(identifier: &str) -> bool {
  matches!(
    identifier,
    "locals" | "provider" | "module" | "moved" | "import" | "removed"
  )
}

/// What an open bracket opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
  /// A block's body: `{` at the end of a block header.
  Body,
  /// A bracket of an expression: `{`, `[` or `(`.
  Expression(u8),
}

/// A structural problem: the line (1-based, in the formatter's input) and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
  pub(crate) line: usize,
  pub(crate) message: &'static str,
}

impl std::fmt::Display for Malformed {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    write!(f, "line {}: {}", self.line, self.message)
  }
}

fn closer_of(open: u8) -> u8 {
  match open {
    b'[' => b']',
    b'(' => b')',
    _ => b'}',
  }
}

fn is_comment(text: &str) -> bool {
  text.is_empty() || text.starts_with('#') || text.starts_with("//")
}

impl Structure {
  fn fail(&mut self, message: &'static str) {
    if self.problem.is_none() {
      self.problem = Some((self.line, message));
    }
  }

  fn at_body_level(&self) -> bool {
    matches!(self.open.last(), None | Some(Open::Body))
  }

  /// Checks one line. `trimmed` is the line without surrounding blanks (or, when the line
  /// began inside a string, the line itself), `assign_at` the offset of its top-level `=`,
  /// `brackets` the brackets outside strings in order, `continues` whether the line began
  /// inside a string, `open_string` whether a quoted string is still open at its end (outside
  /// any interpolation).
  pub(crate) fn line(
    &mut self,
    trimmed: &str,
    assign_at: Option<usize>,
    brackets: &[u8],
    continues: bool,
    open_string: bool,
  ) {
    self.line += 1;
    if self.problem.is_some() {
      return;
    }
    if open_string {
      self.fail("a quoted string is not closed on its line");
      return;
    }
    if continues || !self.at_body_level() {
      self.expression_brackets(brackets);
      return;
    }
    if trimmed.is_empty() || is_comment(trimmed) {
      return;
    }
    if trimmed.starts_with("/*") {
      self.fail("block comments are not supported in templates; use `#`");
      return;
    }
    if let Some(at) = assign_at {
      let key = trimmed.get(..at).unwrap_or_default().trim_ascii_end();
      let value = trimmed.get(at + 1..).unwrap_or_default().trim_ascii();
      if !is_identifier(key) {
        self.fail("an attribute's name must be an identifier");
      } else if is_comment(value) {
        self.fail("an attribute has no value after `=`");
      } else {
        if self.open.len() == 1
          && let Some(block) = self
            .blocks
            .last_mut()
            .filter(|b| addressed_by_body(&b.identifier))
        {
          block.attributes.push((key.to_owned(), value.to_owned()));
        }
        self.expression_brackets(brackets);
      }
      return;
    }
    if let Some(rest) = trimmed.strip_prefix('}') {
      match self.open.pop() {
        Some(Open::Body) if is_comment(rest.trim_ascii_start()) => {}
        Some(Open::Body) => self.fail("a block's closing `}` must be alone on its line"),
        _ => self.fail("`}` closes nothing"),
      }
      return;
    }
    self.block_header(trimmed);
  }

  /// `type "label" label {` (opens a body) or `type "label" {}` (an empty block).
  fn block_header(&mut self, trimmed: &str) {
    let top_level = self.open.is_empty();
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    let mut words = 0;
    let mut declared = Declared::default();
    loop {
      while bytes.get(i).is_some_and(|b| *b == b' ' || *b == b'\t') {
        i += 1;
      }
      match bytes.get(i) {
        Some(b'"') if words > 0 => {
          let start = i + 1;
          let mut end = start;
          while let Some(b) = bytes.get(end) {
            match b {
              b'"' => break,
              b'\\' => end += 2,
              _ => end += 1,
            }
          }
          if top_level {
            let label = trimmed.get(start..end).unwrap_or_default();
            declared.labels.push(label.to_owned());
          }
          i = end + 1;
        }
        Some(b'{') if words > 0 => break,
        Some(_) => {
          let start = i;
          while bytes
            .get(i)
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'"' | b'{'))
          {
            i += 1;
          }
          let word = trimmed.get(start..i).unwrap_or_default();
          if !is_identifier(word) {
            self.fail("a line in a body must be an attribute, a block or a comment");
            return;
          }
          if top_level {
            if words == 0 {
              declared.identifier = word.to_owned();
            } else {
              declared.labels.push(word.to_owned());
            }
          }
        }
        None => {
          self.fail("a line in a body must be an attribute, a block or a comment");
          return;
        }
      }
      words += 1;
    }
    let rest = trimmed.get(i + 1..).unwrap_or_default().trim_ascii_start();
    if let Some(after) = rest.strip_prefix('}') {
      if !is_comment(after.trim_ascii_start()) {
        self.fail("an empty block `{}` must end its line");
      }
    } else if is_comment(rest) {
      self.open.push(Open::Body);
    } else {
      self.fail("a block's body starts on the line after its `{`");
      return;
    }
    if top_level {
      if declared.identifier == "resource" && declared.labels.len() < 2 {
        self.fail("a resource block needs a type and a name");
      }
      self.blocks.push(declared);
    }
  }

  /// Brackets of an expression: each opens one, or closes the one of its kind on top; an
  /// expression never closes a block's body.
  fn expression_brackets(&mut self, brackets: &[u8]) {
    for &bracket in brackets {
      match bracket {
        b'{' | b'[' | b'(' => self.open.push(Open::Expression(bracket)),
        closer => match self.open.last() {
          Some(Open::Expression(open)) if closer_of(*open) == closer => {
            self.open.pop();
          }
          Some(Open::Expression(_)) => {
            self.fail("a bracket is closed by one of another kind");
            return;
          }
          _ => {
            self.fail("an expression closes a bracket it did not open");
            return;
          }
        },
      }
    }
  }

  /// The verdict at the end of the file: `open_string` is whether a string or interpolation
  /// is still open.
  pub(crate) fn finish(mut self, open_string: bool) -> Result<Vec<Declared>, Malformed> {
    if open_string {
      self.fail("a string or interpolation is not closed at the end of the file");
    } else if !self.open.is_empty() {
      self.fail("a bracket is not closed at the end of the file");
    }
    match self.problem {
      Some((line, message)) => Err(Malformed { line, message }),
      None => Ok(self.blocks),
    }
  }
}

#[cfg(test)]
mod tests {
  use std::path::PathBuf;

  use super::Declared;
  use crate::render::format::format_checked;

  fn problem(text: &str) -> String {
    match format_checked(text).1 {
      Ok(blocks) => {
        let types: Vec<&str> = blocks.iter().filter_map(|b| b.resource_type()).collect();
        format!("ok {types:?}")
      }
      Err(malformed) => malformed.to_string(),
    }
  }

  #[test]
  fn accepts_what_the_templates_write_and_lists_top_level_resources() {
    let text = "# a comment\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\" # why\n  tags = {\n    \"a\" = \"}\"\n  }\n  policy = jsonencode({\n    Statement = [{ Effect = \"Allow\" }]\n  })\n  lifecycle {\n    prevent_destroy = true\n  }\n  dynamic \"x\" {\n    for_each = [for k, v in var.m : k if v != \"]\"]\n  }\n}\n\ndata \"aws_caller_identity\" \"current\" {}\nprovider \"azurerm\" {\n  features {}\n}\nresource \"aws_iam_role\" \"r\" {\n  name = \"${var.p}-${join(\",\", [\n    \"a\",\n  ])}\"\n}\n";
    assert_eq!(problem(text), r#"ok ["aws_s3_bucket", "aws_iam_role"]"#);
  }

  #[test]
  fn reads_each_top_level_header_and_the_attributes_an_address_needs() {
    let text = "locals {\n  a = 1\n  b = {\n    c = 2\n  }\n}\nprovider \"aws\" {\n  alias  = \"east\"\n  region = \"us-east-1\"\n}\nresource \"x\" \"y\" {\n  z = 1\n}\nmodule m {\n  source = \"./m\"\n}\n";
    let blocks = format_checked(text).1.unwrap_or_else(|e| panic!("{e}"));
    let read: Vec<(&str, Vec<&str>, Vec<&str>)> = blocks
      .iter()
      .map(|b| {
        let keys = b.attributes.iter().map(|(k, _)| k.as_str()).collect();
        let labels = b.labels.iter().map(String::as_str).collect();
        (b.identifier.as_str(), labels, keys)
      })
      .collect();
    assert_eq!(
      read,
      [
        ("locals", vec![], vec!["a", "b"]),
        ("provider", vec!["aws"], vec!["alias", "region"]),
        ("resource", vec!["x", "y"], vec![]),
        ("module", vec!["m"], vec!["source"]),
      ]
    );
    assert_eq!(blocks[1].attributes[0].1, "\"east\"");
  }

  #[test]
  fn names_the_line_and_the_problem() {
    let cases = [
      (
        "a {\n  b = \"x\n}\n",
        "line 2: a quoted string is not closed on its line",
      ),
      (
        "a {\n  b = [1, 2)\n}\n",
        "line 2: a bracket is closed by one of another kind",
      ),
      (
        "a {\n  b = 1\n",
        "line 2: a bracket is not closed at the end of the file",
      ),
      ("a {\n}\n}\n", "line 3: `}` closes nothing"),
      (
        "a {\n  b = 1\n} c\n",
        "line 3: a block's closing `}` must be alone on its line",
      ),
      (
        "a {\n  b =\n}\n",
        "line 2: an attribute has no value after `=`",
      ),
      (
        "a {\n  \"b\" = 1\n}\n",
        "line 2: an attribute's name must be an identifier",
      ),
      (
        "a {\n  b c\n}\n",
        "line 2: a line in a body must be an attribute, a block or a comment",
      ),
      (
        "a {\n  /* no */\n}\n",
        "line 2: block comments are not supported in templates; use `#`",
      ),
      (
        "a { b = 1 }\n",
        "line 1: a block's body starts on the line after its `{`",
      ),
      ("a {} b\n", "line 1: an empty block `{}` must end its line"),
      (
        "a {\n  b = f(1))\n}\n",
        "line 2: an expression closes a bracket it did not open",
      ),
      (
        "a = \"${b\n",
        "line 1: a string or interpolation is not closed at the end of the file",
      ),
      (
        "resource {\n}\n",
        "line 1: a resource block needs a type and a name",
      ),
      (
        "resource \"x\" {\n}\n",
        "line 1: a resource block needs a type and a name",
      ),
      (
        "{\n}\n",
        "line 1: a line in a body must be an attribute, a block or a comment",
      ),
    ];
    for (text, expected) in cases {
      assert_eq!(problem(text), expected, "{text:?}");
    }
  }

  /// Every `.tf` file of every bundled blueprint: hcl-rs parses it, and reads the same
  /// top-level resource types the structure check listed; and each root's objects, read by
  /// hcl-rs (`tfdiff::objects`), have the addresses, kinds and files the structure check's
  /// blocks give them (`tfdiff::declared`). This, the fuzz target and the property test are
  /// what the runtime check leans on for the expressions it leaves alone.
  #[test]
  fn hcl_rs_parses_every_bundled_blueprint_and_agrees_on_resources_and_addresses() {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let loaded = crate::plan::load::load_all(&[directory], &crate::test_support::settings())
      .unwrap_or_else(|error| panic!("{error}"));
    let templates = crate::render::Templates::load(None).unwrap_or_else(|e| panic!("{e}"));
    let mut files = 0;
    for l in &loaded {
      let rendered =
        crate::render::render(&l.plan, &templates, &[]).unwrap_or_else(|e| panic!("{e}"));
      for (path, text) in rendered.files.iter().filter(|(p, _)| p.ends_with(".tf")) {
        let body = ::hcl::edit::parser::parse_body(text)
          .unwrap_or_else(|error| panic!("{path} does not parse: {error}"));
        let types: Vec<&str> = body
          .blocks()
          .filter(|block| block.ident.as_str() == "resource")
          .filter_map(|block| block.labels.first())
          .map(|label| label.as_str())
          .collect();
        let listed: Vec<&str> = rendered.blocks[path]
          .iter()
          .filter_map(Declared::resource_type)
          .collect();
        assert_eq!(listed, types, "{path}");
        files += 1;
      }
      let agreed = crate::gitops::tfdiff::declared_agrees_with_parsed(&rendered);
      assert_eq!(agreed, Ok(()), "{}", rendered.root);
    }
    assert!(files > 100, "only {files} files rendered");
  }
}
