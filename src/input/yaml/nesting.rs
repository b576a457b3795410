//! How deep a document's flow collections (`[…]`, `{…}`) nest, found in one linear pass
//! before the YAML parser sees the text.
//!
//! serde_yaml refuses more than 128 levels, but only after libyaml has parsed the whole
//! document, and libyaml's work grows faster than the nesting: 40,000 `[` took seconds and
//! 1,000,000 never finished (issue 14). Block nesting (indentation) has no such cost, so only
//! flow brackets are counted. The scan knows quoted scalars and comments; inside a flow
//! collection every bracket is syntax, and outside one a bracket opens a collection only
//! where a value can start, so brackets inside plain text (`a[0]`) are not counted there.
//! The count can only be too low inside block scalars' text, where a line may start with `[`;
//! such text would need hundreds of unclosed brackets to matter.

use crate::input::location::Location;

/// Deeper than this, the document is refused before parsing; serde_yaml's own limit is 128.
pub(crate) const MAX_DEPTH: usize = 128;

/// Where the first bracket deeper than `MAX_DEPTH` opens, if one does.
pub(crate) fn too_deep(text: &str) -> Option<Location> {
  let bytes = text.as_bytes();
  let mut depth = 0usize;
  let mut line = 1;
  let mut line_start = 0;
  // Whether a value may start here: after indentation, `- `, `: `, `? `, `,` or a bracket.
  let mut value_start = true;
  let mut i = 0;
  while let Some(&c) = bytes.get(i) {
    match c {
      b'\n' => {
        line += 1;
        line_start = i + 1;
        value_start = true;
      }
      b' ' | b'\t' | b'\r' => {}
      b'#' if i == line_start || matches!(bytes.get(i.wrapping_sub(1)), Some(b' ' | b'\t')) => {
        // A comment: skip to the end of the line.
        while bytes.get(i + 1).is_some_and(|&b| b != b'\n') {
          i += 1;
        }
      }
      b'"' | b'\'' if value_start => {
        i = skip_quoted(bytes, i, &mut line, &mut line_start);
        value_start = false;
      }
      b'[' | b'{' if value_start || depth > 0 => {
        depth += 1;
        if depth > MAX_DEPTH {
          let column = text.get(line_start..i).map_or(0, |s| s.chars().count()) + 1;
          return Some(Location::new(line, column));
        }
        value_start = true;
      }
      b']' | b'}' if depth > 0 => {
        depth -= 1;
        value_start = false;
      }
      b',' if depth > 0 => value_start = true,
      b'-' | b'?' | b':'
        if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
          || (c == b':' && depth > 0) =>
      {
        value_start = true;
      }
      _ => value_start = false,
    }
    i += 1;
  }
  None
}

/// The index of the closing quote of the scalar opening at `start` (or the end of the text).
fn skip_quoted(bytes: &[u8], start: usize, line: &mut usize, line_start: &mut usize) -> usize {
  let quote = bytes.get(start).copied().unwrap_or(b'"');
  let mut i = start + 1;
  while let Some(&c) = bytes.get(i) {
    match c {
      b'\\' if quote == b'"' => i += 1,
      b'\n' => {
        *line += 1;
        *line_start = i + 1;
      }
      // `''` inside single quotes is an escaped quote: skip both.
      b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
      c if c == quote => return i,
      _ => {}
    }
    i += 1;
  }
  i
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn counts_flow_brackets_not_text() {
    assert_eq!(too_deep("a: [[1], {b: [2]}]\n"), None);
    let deep = format!("x: {}\n", "[".repeat(MAX_DEPTH + 1));
    assert_eq!(too_deep(&deep), Some(Location::new(1, 4 + MAX_DEPTH)));
    // Brackets in plain text, quotes and comments are not syntax.
    let text = format!(
      "a: b{0}\nc: \"{0}\"\nd: '{0}'\n# {0}\ne: x # {0}\n",
      "[".repeat(1000)
    );
    assert_eq!(too_deep(&text), None);
    // Exactly the limit is fine; serde_yaml then decides.
    assert_eq!(too_deep(&format!("x: {}", "[".repeat(MAX_DEPTH))), None);
    let second_line = format!("a: 1\nb:\n  - {}", "{a: ".repeat(MAX_DEPTH + 1));
    assert!(too_deep(&second_line).is_some_and(|l| l.line == 3));
  }
}
