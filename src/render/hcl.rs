//! How template values become HCL: every `{{ value }}` goes through `format_value`, so a
//! template cannot emit an unescaped blueprint value.
//!
//! Strings become quoted HCL string literals with `\`, `"`, control characters, `${` and `%{`
//! escaped; numbers and booleans are written as such; lists and maps become HCL tuples and
//! objects. The one way around quoting is the `ident` filter, which only lets through
//! Terraform identifiers (letters, digits, `_`, `-`), safe anywhere in HCL including inside a
//! quoted string.

use std::fmt::Write as _;

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, Output, State};

/// Escapes `text` as the body of an HCL quoted string (without the quotes).
pub(crate) fn escape(text: &str) -> String {
  let mut out = String::with_capacity(text.len() + 2);
  let mut chars = text.chars().peekable();
  while let Some(c) = chars.next() {
    match c {
      '\\' => out.push_str("\\\\"),
      '"' => out.push_str("\\\""),
      '\n' => out.push_str("\\n"),
      '\r' => out.push_str("\\r"),
      '\t' => out.push_str("\\t"),
      // `${` and `%{` start template sequences; doubling the sigil makes them literal.
      '$' | '%' if chars.peek() == Some(&'{') => {
        out.push(c);
        out.push(c);
      }
      c if c.is_control() => {
        let _ = write!(out, "\\u{:04X}", u32::from(c));
      }
      c => out.push(c),
    }
  }
  out
}

/// `text` as a quoted HCL string literal.
pub(crate) fn quote(text: &str) -> String {
  format!("\"{}\"", escape(text))
}

/// True for a Terraform identifier.
pub(crate) fn is_identifier(text: &str) -> bool {
  text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    && text
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn literal(value: &Value) -> Result<String, Error> {
  if value.is_safe() {
    return Ok(value.to_string());
  }
  match value.kind() {
    ValueKind::String => Ok(quote(value.as_str().unwrap_or_default())),
    ValueKind::Bool => Ok(value.is_true().to_string()),
    ValueKind::Number => {
      let text = value.to_string();
      if text.contains(['e', 'E', 'N', 'n']) {
        return Err(Error::new(
          ErrorKind::InvalidOperation,
          format!("{text} is not an HCL number"),
        ));
      }
      Ok(text)
    }
    ValueKind::Seq | ValueKind::Iterable => {
      let items: Result<Vec<String>, Error> =
        value.try_iter()?.map(|item| literal(&item)).collect();
      Ok(format!("[{}]", items?.join(", ")))
    }
    ValueKind::Map => {
      let mut parts = Vec::new();
      for key in value.try_iter()? {
        let item = value.get_item(&key)?;
        let key = key
          .as_str()
          .map(quote)
          .unwrap_or_else(|| quote(&key.to_string()));
        parts.push(format!("{key} = {}", literal(&item)?));
      }
      if parts.is_empty() {
        Ok("{}".to_owned())
      } else {
        Ok(format!("{{ {} }}", parts.join(", ")))
      }
    }
    ValueKind::None | ValueKind::Undefined => Err(Error::new(
      ErrorKind::UndefinedError,
      "a template printed a missing value; guard it with `{% if %}`",
    )),
    other => Err(Error::new(
      ErrorKind::InvalidOperation,
      format!("a {other} value cannot be written as HCL"),
    )),
  }
}

/// The minijinja formatter: every printed value is an HCL literal.
pub(crate) fn format_value(
  out: &mut Output<'_>,
  _state: &mut State<'_, '_>,
  value: &Value,
) -> Result<(), Error> {
  let text = literal(value)?;
  out.write_str(&text).map_err(Error::from)
}

/// `{{ name | ident }}`: a Terraform identifier, printed bare.
pub(crate) fn ident(value: &Value) -> Result<Value, Error> {
  let text = value
    .as_str()
    .map(str::to_owned)
    .unwrap_or_else(|| value.to_string());
  if is_identifier(&text) {
    Ok(Value::from_safe_string(text))
  } else {
    Err(Error::new(
      ErrorKind::InvalidOperation,
      format!("{text:?} is not a Terraform identifier"),
    ))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn escapes_everything_that_means_something_in_hcl() {
    assert_eq!(
      escape(r#"say "hi" ${var.x} %{ if y }"#),
      r#"say \"hi\" $${var.x} %%{ if y }"#
    );
    assert_eq!(escape("a\\b\nc\td\u{7}"), "a\\\\b\\nc\\td\\u0007");
    assert_eq!(escape("$ and % alone"), "$ and % alone");
    assert_eq!(escape("ünïcødé ✓"), "ünïcødé ✓");
  }

  #[test]
  fn identifiers() {
    assert!(is_identifier("gpt_east"));
    assert!(is_identifier("us-east-1"));
    assert!(!is_identifier("1abc"));
    assert!(!is_identifier("a.b"));
    assert!(!is_identifier("a\"b"));
    assert!(!is_identifier(""));
  }
}
