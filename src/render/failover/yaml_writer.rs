//! Block YAML for the runtime files (the LiteLLM router's configuration).

use std::fmt::Write as _;

use crate::input::error::Error;

/// Writes a value as block YAML for generated configuration (the LiteLLM router's).
///
/// Consumers such as LiteLLM read YAML with YAML 1.1 parsers, where `2024-10-21` is a date and
/// `on` or `no` is a boolean. So every string value is double-quoted (JSON escapes are valid
/// YAML escapes), and a key is left bare only when it is a plain lowercase word that no YAML
/// version reads as anything but a string.
pub(crate) fn write<T: serde::Serialize>(value: &T) -> Result<String, Error> {
  let value = serde_json::to_value(value).map_err(|error| Error::internal(error.to_string()))?;
  let mut out = String::new();
  emit(&value, 0, &mut out);
  Ok(out)
}

const SPACES: &str = "                                ";

fn pad(out: &mut String, count: usize) {
  match SPACES.get(..count) {
    Some(spaces) => out.push_str(spaces),
    None => out.extend(std::iter::repeat_n(' ', count)),
  }
}

/// A string as a JSON string literal, byte for byte what `serde_json` writes (JSON escapes are
/// valid YAML double-quoted escapes).
fn quoted(text: &str, out: &mut String) {
  out.push('"');
  let mut start = 0;
  for (at, c) in text.char_indices() {
    let escape = match c {
      '"' => "\\\"",
      '\\' => "\\\\",
      '\n' => "\\n",
      '\r' => "\\r",
      '\t' => "\\t",
      '\u{8}' => "\\b",
      '\u{c}' => "\\f",
      c if c < ' ' => "",
      _ => continue,
    };
    out.push_str(text.get(start..at).unwrap_or_default());
    if escape.is_empty() {
      let _ = write!(out, "\\u{:04x}", u32::from(c));
    } else {
      out.push_str(escape);
    }
    start = at + c.len_utf8();
  }
  out.push_str(text.get(start..).unwrap_or_default());
  out.push('"');
}

fn key(text: &str, out: &mut String) {
  const AMBIGUOUS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  let plain = !text.is_empty()
    && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    && !AMBIGUOUS.contains(&text);
  if plain {
    out.push_str(text);
  } else {
    quoted(text, out);
  }
}

fn inline(value: &serde_json::Value, out: &mut String) {
  match value {
    serde_json::Value::Object(_) => out.push_str("{}"),
    serde_json::Value::Array(_) => out.push_str("[]"),
    serde_json::Value::String(s) => quoted(s, out),
    serde_json::Value::Null => out.push_str("null"),
    other => {
      let _ = write!(out, "{other}");
    }
  }
}

/// Writes `value` at `indent`. A mapping that is an item of a sequence starts on the dash
/// line: `dash` is where that line's `- ` goes (the first key follows it).
fn emit_at(value: &serde_json::Value, indent: usize, dash: Option<usize>, out: &mut String) {
  match value {
    serde_json::Value::Object(map) if !map.is_empty() => {
      for (index, (k, v)) in map.iter().enumerate() {
        match dash.filter(|_| index == 0) {
          Some(at) => {
            pad(out, at);
            out.push_str("- ");
          }
          None => pad(out, indent),
        }
        key(k, out);
        match v {
          serde_json::Value::Object(m) if !m.is_empty() => {
            out.push_str(":\n");
            emit_at(v, indent + 2, None, out);
          }
          // Sequences in a mapping are not indented, as most YAML writers do.
          serde_json::Value::Array(a) if !a.is_empty() => {
            out.push_str(":\n");
            emit_at(v, indent, None, out);
          }
          other => {
            out.push_str(": ");
            inline(other, out);
            out.push('\n');
          }
        }
      }
    }
    serde_json::Value::Array(items) if !items.is_empty() => {
      for item in items {
        match item {
          serde_json::Value::Object(m) if !m.is_empty() => {
            emit_at(item, indent + 2, Some(indent), out);
          }
          serde_json::Value::Array(a) if !a.is_empty() => {
            pad(out, indent);
            out.push_str("-\n");
            emit_at(item, indent + 2, None, out);
          }
          other => {
            pad(out, indent);
            out.push_str("- ");
            inline(other, out);
            out.push('\n');
          }
        }
      }
    }
    other => {
      pad(out, indent);
      inline(other, out);
      out.push('\n');
    }
  }
}

fn emit(value: &serde_json::Value, indent: usize, out: &mut String) {
  emit_at(value, indent, None, out);
}

#[cfg(test)]
mod tests {
  use super::*;
  use proptest::prelude::*;

  /// The writer as it was before it wrote in place (a `String` per node): `write` must give
  /// the same bytes for any value.
  fn reference(value: &serde_json::Value, indent: usize, out: &mut String) {
    fn scalar(value: &serde_json::Value) -> String {
      match value {
        serde_json::Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        serde_json::Value::Null => "null".to_owned(),
        other => other.to_string(),
      }
    }
    fn key(text: &str) -> String {
      const AMBIGUOUS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
      let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && !AMBIGUOUS.contains(&text);
      if plain {
        text.to_owned()
      } else {
        scalar(&serde_json::Value::String(text.to_owned()))
      }
    }
    fn inline(value: &serde_json::Value) -> String {
      match value {
        serde_json::Value::Object(_) => "{}".to_owned(),
        serde_json::Value::Array(_) => "[]".to_owned(),
        other => scalar(other),
      }
    }
    let pad = " ".repeat(indent);
    match value {
      serde_json::Value::Object(map) if !map.is_empty() => {
        for (k, v) in map {
          match v {
            serde_json::Value::Object(m) if !m.is_empty() => {
              out.push_str(&format!("{pad}{}:\n", key(k)));
              reference(v, indent + 2, out);
            }
            serde_json::Value::Array(a) if !a.is_empty() => {
              out.push_str(&format!("{pad}{}:\n", key(k)));
              reference(v, indent, out);
            }
            other => out.push_str(&format!("{pad}{}: {}\n", key(k), inline(other))),
          }
        }
      }
      serde_json::Value::Array(items) if !items.is_empty() => {
        for item in items {
          let mut nested = String::new();
          reference(item, indent + 2, &mut nested);
          match item {
            serde_json::Value::Object(m) if !m.is_empty() => {
              let body = nested.get(indent + 2..).unwrap_or_default();
              out.push_str(&format!("{pad}- {body}"));
            }
            serde_json::Value::Array(a) if !a.is_empty() => {
              out.push_str(&format!("{pad}-\n{nested}"));
            }
            other => out.push_str(&format!("{pad}- {}\n", inline(other))),
          }
        }
      }
      other => out.push_str(&format!("{pad}{}\n", inline(other))),
    }
  }

  fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
      Just(serde_json::Value::Null),
      any::<bool>().prop_map(serde_json::Value::from),
      any::<i64>().prop_map(serde_json::Value::from),
      any::<String>().prop_map(serde_json::Value::from),
      "[a-z_]{0,4}|y|on|2024-10-21".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
      prop_oneof![
        prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
        prop::collection::btree_map("[a-z_]{0,3}|\\PC{0,4}", inner, 0..5)
          .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
      ]
    })
  }

  proptest! {
    #[test]
    fn writes_the_same_bytes_as_the_reference(value in json_value()) {
      let mut expected = String::new();
      reference(&value, 0, &mut expected);
      prop_assert_eq!(write(&value).ok(), Some(expected));
    }
  }

  #[test]
  fn writes_strings_quoted_and_ambiguous_keys_quoted() {
    let value = serde_json::json!({
      "list": [{"a": "2024-10-21", "on": true, "n": 3}, "x"],
      "empty": [],
      "model_name": "chat/claude-us",
    });
    let text = write(&value).unwrap();
    assert_eq!(
      text,
      "empty: []\nlist:\n- a: \"2024-10-21\"\n  \"n\": 3\n  \"on\": true\n- \"x\"\nmodel_name: \"chat/claude-us\"\n"
    );
    // And it reads back as the same value.
    let back: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(back, value);
  }
}
