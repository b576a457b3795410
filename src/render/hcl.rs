//! How template values become HCL: every `{{ value }}` goes through `format_value`, so a
//! template cannot emit an unescaped blueprint value.
//!
//! Strings become quoted HCL string literals with `\`, `"`, control characters, `${` and `%{`
//! escaped; numbers and booleans are written as such; lists and maps become HCL tuples and
//! objects. The one way around quoting is the `ident` filter, which only lets through
//! Terraform identifiers (letters, digits, `_`, `-`), safe anywhere in HCL including inside a
//! quoted string.

use std::fmt;

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, Output, State};

/// Escapes `text` as the body of an HCL quoted string (without the quotes).
#[cfg(test)]
pub(crate) fn escape(text: &str) -> String {
  let mut out = String::with_capacity(text.len() + 2);
  let _ = write_escaped(&mut out, text);
  out
}

/// Writes `text` escaped onto `out`: the runs between special characters go out as slices.
fn write_escaped<W: fmt::Write>(out: &mut W, text: &str) -> fmt::Result {
  let mut plain = 0;
  let mut chars = text.char_indices().peekable();
  while let Some((at, c)) = chars.next() {
    let escaped = match c {
      '\\' => "\\\\",
      '"' => "\\\"",
      '\n' => "\\n",
      '\r' => "\\r",
      '\t' => "\\t",
      // `${` and `%{` start template sequences; doubling the sigil makes them literal.
      '$' if chars.peek().is_some_and(|(_, next)| *next == '{') => "$$",
      '%' if chars.peek().is_some_and(|(_, next)| *next == '{') => "%%",
      c if c.is_control() => "",
      _ => continue,
    };
    out.write_str(text.get(plain..at).unwrap_or_default())?;
    if escaped.is_empty() {
      write!(out, "\\u{:04X}", u32::from(c))?;
    } else {
      out.write_str(escaped)?;
    }
    plain = at + c.len_utf8();
  }
  out.write_str(text.get(plain..).unwrap_or_default())
}

/// `text` as a quoted HCL string literal.
#[cfg(test)]
pub(crate) fn quote(text: &str) -> String {
  let mut out = String::with_capacity(text.len() + 2);
  let _ = write_quoted(&mut out, text);
  out
}

fn write_quoted<W: fmt::Write>(out: &mut W, text: &str) -> fmt::Result {
  out.write_char('"')?;
  write_escaped(out, text)?;
  out.write_char('"')
}

/// True for a Terraform identifier: a letter or `_`, then letters, digits, `_` and `-`. The
/// one definition, for the values written, the structure check and the change review.
/// Bytes, not characters: any byte of a non-ASCII character fails the test either way, and the
/// structure check asks this of every key it formats.
pub(crate) fn is_identifier(text: &str) -> bool {
  let mut bytes = text.bytes();
  bytes
    .next()
    .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Writes `value` as an HCL literal, straight onto the template's output.
fn literal<W: fmt::Write>(out: &mut W, value: &Value) -> Result<(), Error> {
  if value.is_safe() {
    return write!(out, "{value}").map_err(Error::from);
  }
  match value.kind() {
    ValueKind::String => write_quoted(out, value.as_str().unwrap_or_default()).map_err(Error::from),
    ValueKind::Bool => out
      .write_str(if value.is_true() { "true" } else { "false" })
      .map_err(Error::from),
    ValueKind::Number => {
      let text = value.to_string();
      if text.contains(['e', 'E', 'N', 'n']) {
        return Err(Error::new(
          ErrorKind::InvalidOperation,
          format!("{text} is not an HCL number"),
        ));
      }
      out.write_str(&text).map_err(Error::from)
    }
    ValueKind::Seq | ValueKind::Iterable => {
      out.write_char('[')?;
      for (index, item) in value.try_iter()?.enumerate() {
        if index > 0 {
          out.write_str(", ")?;
        }
        literal(out, &item)?;
      }
      out.write_char(']').map_err(Error::from)
    }
    ValueKind::Map => {
      out.write_char('{')?;
      let mut empty = true;
      for key in value.try_iter()? {
        let item = value.get_item(&key)?;
        out.write_str(if empty { " " } else { ", " })?;
        empty = false;
        match key.as_str() {
          Some(text) => write_quoted(out, text)?,
          None => write_quoted(out, &key.to_string())?,
        }
        out.write_str(" = ")?;
        literal(out, &item)?;
      }
      out
        .write_str(if empty { "}" } else { " }" })
        .map_err(Error::from)
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
  literal(out, value)
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
    assert!(!is_identifier("région"));
    assert!(is_identifier("_a-1"));
  }
}
