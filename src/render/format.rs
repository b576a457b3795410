//! Formats HCL the way `terraform fmt` does, for the subset our templates produce.
//!
//! hcl-rs's formatter does not align `=` the way `terraform fmt` does, and generated files are
//! reviewed in pull requests, so they must be byte-identical to what `terraform fmt` would
//! leave. The rules, from hclwrite: indent two spaces per open bracket; a line that starts
//! with closing brackets is indented at the depth they close to; runs of consecutive lines
//! that each hold a whole `key = value` align their `=` one space after the longest key; a
//! line that opens a bracket it does not close (`tags = {`), a blank line, a comment line or
//! a block header ends a run. On top of that (terraform fmt keeps these, so both agree):
//! blank lines are collapsed to one and never follow an opening or precede a closing line.
//!
//! Blanks are ASCII whitespace: HCL's own are space and tab, and any other character is a token
//! to Terraform's lexer (and a byte test is what a scan of every line can afford).
//!
//! The same scan checks the file's structure (`structure`), so no second pass reads it.

use super::structure::{Declared, Malformed, Structure};

/// What the lexer found on one line.
struct Scan {
  /// Net bracket depth change of the line.
  net: i32,
  /// Closing brackets before any other token (the line may follow a blank one to drop).
  leading_closers: i32,
  /// Byte offset of a top-level `=` that makes the line an attribute, if any.
  assign_at: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Frame {
  /// Inside `"..."`.
  String,
  /// Inside `${ ... }` or `%{ ... }` within a string: counts nested `{`.
  Interpolation(u32),
}

/// A byte that, outside strings, only marks that a token was seen: a table, since the scan
/// asks for nearly every byte of a file.
fn is_ordinary(b: u8) -> bool {
  // Built at compile time: an index out of range would fail the build, not a run.
  #[allow(clippy::indexing_slicing)]
  const ORDINARY: [bool; 256] = {
    let mut table = [true; 256];
    let special = *b"#/\"{[(}])= \t";
    let mut i = 0;
    while i < special.len() {
      table[special[i] as usize] = false;
      i += 1;
    }
    table
  };
  ORDINARY.get(usize::from(b)).copied().unwrap_or(true)
}

/// Scans one line. `stack` holds the strings and interpolations open at its start (a quoted
/// string can span lines inside an interpolation) and is left as they are at its end;
/// `brackets` receives the line's brackets outside strings, in order.
fn scan(line: &str, stack: &mut Vec<Frame>, brackets: &mut Vec<u8>) -> Scan {
  brackets.clear();
  let bytes = line.as_bytes();
  let mut net = 0;
  let mut leading_closers = 0;
  let mut seen_token = false;
  let mut assign_at = None;
  let mut depth_in_line = 0;
  let mut i = 0;
  while i < bytes.len() {
    // Skip what cannot change anything: inside a string, all but `\`, `"` and the sigils;
    // outside any string, bytes that only mark that a token was seen. Most bytes of a file
    // are in such runs, so the byte-by-byte work below runs for a few per line.
    match stack.last() {
      Some(Frame::String) => match bytes.get(i..).and_then(|rest| {
        rest
          .iter()
          .position(|b| matches!(b, b'\\' | b'"' | b'$' | b'%'))
      }) {
        Some(skip) => i += skip,
        None => break,
      },
      None => match bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|b| !is_ordinary(*b)))
      {
        Some(0) => {}
        Some(skip) => {
          seen_token = true;
          i += skip;
        }
        // The rest of the line is ordinary: nothing more to find.
        None => break,
      },
      Some(Frame::Interpolation(_)) => {}
    }
    let c = bytes.get(i).copied().unwrap_or(b' ');
    let next = bytes.get(i + 1).copied().unwrap_or(b' ');
    match stack.last().copied() {
      Some(Frame::String) => {
        match c {
          b'\\' => i += 1,
          b'"' => {
            stack.pop();
          }
          b'$' | b'%' if next == b'{' => {
            if bytes.get(i.saturating_sub(1)).copied() == Some(c) && i > 0 {
              // `$${` is a literal; the sigil was doubled.
            } else {
              stack.push(Frame::Interpolation(0));
              i += 1;
            }
          }
          _ => {}
        }
        i += 1;
        continue;
      }
      Some(Frame::Interpolation(open)) => {
        match c {
          b'"' => stack.push(Frame::String),
          b'{' => {
            stack.pop();
            stack.push(Frame::Interpolation(open + 1));
          }
          b'}' => {
            stack.pop();
            if open > 0 {
              stack.push(Frame::Interpolation(open - 1));
            }
          }
          _ => {}
        }
        i += 1;
        continue;
      }
      None => {}
    }
    match c {
      b'#' => break,
      b'/' if next == b'/' => break,
      b'"' => {
        stack.push(Frame::String);
        seen_token = true;
      }
      b'{' | b'[' | b'(' => {
        brackets.push(c);
        net += 1;
        depth_in_line += 1;
        seen_token = true;
      }
      b'}' | b']' | b')' => {
        brackets.push(c);
        net -= 1;
        depth_in_line -= 1;
        if !seen_token {
          leading_closers += 1;
        }
      }
      b'=' => {
        let previous = if i > 0 {
          bytes.get(i - 1).copied()
        } else {
          None
        };
        let is_operator =
          matches!(next, b'=' | b'>') || matches!(previous, Some(b'=' | b'!' | b'<' | b'>'));
        if !is_operator && depth_in_line == 0 && assign_at.is_none() && seen_token {
          assign_at = Some(i);
        }
        seen_token = true;
      }
      b' ' | b'\t' => {}
      _ => seen_token = true,
    }
    i += 1;
  }
  Scan {
    net,
    leading_closers,
    assign_at,
  }
}

/// An attribute line waiting for the end of its run, which decides the `=` column.
struct Pending<'a> {
  indent: usize,
  key: &'a str,
  value: &'a str,
}

/// What the last line written (or pending) was: what a blank line after it, or a closing
/// line after a blank one, must know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
  Blank,
  /// Ends with an opening bracket.
  Opens,
  Other,
}

impl Last {
  fn of(line_end: &str) -> Self {
    if line_end.is_empty() {
      Last::Blank
    } else if line_end.ends_with(['{', '[', '(']) {
      Last::Opens
    } else {
      Last::Other
    }
  }
}

/// Formats `text`; the result ends with exactly one newline (or is empty).
pub(crate) fn format(text: &str) -> String {
  format_checked(text).0
}

/// Formats `text` and checks its structure on the way (see `structure`): the formatted text,
/// and its top-level blocks or the first structural problem.
///
/// One pass over the lines into one output buffer: lines are borrowed from `text`, and only a
/// run of attribute lines waits (as slices) until its `=` column is known.
pub(crate) fn format_checked(text: &str) -> (String, Result<Vec<Declared>, Malformed>) {
  let mut out = String::with_capacity(text.len() + text.len() / 4);
  let mut structure = Structure::default();
  let mut brackets = Vec::new();
  let mut levels: Vec<i32> = Vec::new();
  let mut indent;
  let mut carried: Vec<Frame> = Vec::new();
  let mut run: Vec<Pending<'_>> = Vec::new();
  let mut last: Option<Last> = None;

  for raw in text.lines() {
    let inside_string = !carried.is_empty();
    let trimmed = if inside_string { raw } else { raw.trim_ascii() };
    if trimmed.is_empty() && !inside_string {
      structure.line("", None, &[], false, false);
      flush(&mut out, &mut run);
      if last == Some(Last::Other) {
        out.push('\n');
        last = Some(Last::Blank);
      }
      continue;
    }
    let scan = scan(trimmed, &mut carried, &mut brackets);
    structure.line(
      trimmed,
      scan.assign_at,
      &brackets,
      inside_string,
      carried.last() == Some(&Frame::String),
    );
    // hclwrite's indent stack: a line that opens brackets adds one level however many it
    // opens (`jsonencode({`), and the line that closes them takes that level away again.
    match scan.net {
      net if net > 0 => {
        indent = levels.len() * 2;
        levels.push(net);
      }
      net if net < 0 => {
        let mut closed = -net;
        while closed > 0 {
          let Some(top) = levels.last_mut() else { break };
          if closed >= *top {
            closed -= *top;
            levels.pop();
          } else {
            *top -= closed;
            closed = 0;
          }
        }
        indent = levels.len() * 2;
      }
      _ => indent = levels.len() * 2,
    }
    if scan.leading_closers > 0 && last == Some(Last::Blank) {
      // A blank (or empty) line is written but not yet followed by anything: drop it.
      out.pop();
    }
    match scan.assign_at {
      Some(at) if scan.net == 0 => {
        let key = trimmed.get(..at).unwrap_or_default().trim_ascii_end();
        let value = trimmed.get(at + 1..).unwrap_or_default().trim_ascii_start();
        // The line will end with the value, or with the space after `=`.
        last = Some(if value.is_empty() {
          Last::Other
        } else {
          Last::of(value)
        });
        run.push(Pending { indent, key, value });
      }
      _ => {
        flush(&mut out, &mut run);
        if !inside_string {
          push_spaces(&mut out, indent);
        }
        out.push_str(trimmed);
        out.push('\n');
        // Outside a string `trimmed` is not empty here; inside one an empty line is blank.
        last = Some(Last::of(trimmed));
      }
    }
  }
  flush(&mut out, &mut run);
  while out.ends_with("\n\n") {
    out.pop();
  }
  let checked = structure.finish(!carried.is_empty());
  (out, checked)
}

const SPACES: &str = "                                                                ";

fn push_spaces(out: &mut String, count: usize) {
  match SPACES.get(..count) {
    Some(spaces) => out.push_str(spaces),
    None => out.push_str(&" ".repeat(count)),
  }
}

/// Writes a run of attribute lines, padding the keys so their `=` align when the run has
/// more than one line.
fn flush(out: &mut String, run: &mut Vec<Pending<'_>>) {
  let width = |p: &Pending<'_>| p.indent + p.key.chars().count();
  let align = run.len() > 1;
  let column = run.iter().map(width).max().unwrap_or(0);
  for pending in run.drain(..) {
    push_spaces(out, pending.indent);
    let pad = if align { column - width(&pending) } else { 0 };
    // The padding goes where the scan found the assignment, never at the first ` = ` of the
    // text: a quoted key may hold ` = ` itself (a tag named "a = b"), and padding inside it
    // would change the key, or make two distinct keys one (issue 14). hclwrite aligns on the
    // `=` token too, not on text.
    out.push_str(pending.key);
    push_spaces(out, pad);
    out.push_str(" = ");
    out.push_str(pending.value);
    out.push('\n');
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use proptest::prelude::*;

  /// The formatter as it was before it wrote into one buffer (a `String` per line, padding by
  /// rewriting lines): `format` must give the same bytes for any input.
  fn reference(text: &str) -> String {
    fn opens(line: &str) -> bool {
      line.ends_with('{') || line.ends_with('[') || line.ends_with('(')
    }
    /// `run` holds each line's index, key width in characters and the byte where its key ends.
    fn flush(lines: &mut [String], run: &mut Vec<(usize, usize, usize)>) {
      if run.len() > 1 {
        let width = run.iter().map(|(_, w, _)| *w).max().unwrap_or(0);
        for (index, key_width, at) in run.iter() {
          if let Some(line) = lines.get_mut(*index) {
            let (key, rest) = line.split_at(*at);
            *line = format!("{key}{}{rest}", " ".repeat(width - key_width));
          }
        }
      }
      run.clear();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut levels: Vec<i32> = Vec::new();
    let mut indent;
    let mut carried: Vec<Frame> = Vec::new();
    let mut run: Vec<(usize, usize, usize)> = Vec::new();
    for raw in text.lines() {
      let inside_string = !carried.is_empty();
      let trimmed = if inside_string { raw } else { raw.trim_ascii() };
      if trimmed.is_empty() && !inside_string {
        flush(&mut lines, &mut run);
        if lines.last().is_some_and(|l| !l.is_empty() && !opens(l)) {
          lines.push(String::new());
        }
        continue;
      }
      let scan = scan(trimmed, &mut carried, &mut Vec::new());
      match scan.net {
        net if net > 0 => {
          indent = levels.len() * 2;
          levels.push(net);
        }
        net if net < 0 => {
          let mut closed = -net;
          while closed > 0 {
            let Some(top) = levels.last_mut() else { break };
            if closed >= *top {
              closed -= *top;
              levels.pop();
            } else {
              *top -= closed;
              closed = 0;
            }
          }
          indent = levels.len() * 2;
        }
        _ => indent = levels.len() * 2,
      }
      if scan.leading_closers > 0 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
      }
      let line = if inside_string {
        trimmed.to_owned()
      } else {
        format!("{}{}", " ".repeat(indent), trimmed)
      };
      match scan.assign_at {
        Some(at) if scan.net == 0 => {
          let key = trimmed.get(..at).unwrap_or_default().trim_ascii_end();
          let value = trimmed.get(at + 1..).unwrap_or_default().trim_ascii_start();
          let line = format!("{}{key} = {value}", " ".repeat(indent));
          run.push((
            lines.len(),
            indent + key.chars().count(),
            indent + key.len(),
          ));
          lines.push(line);
        }
        _ => {
          flush(&mut lines, &mut run);
          lines.push(line);
        }
      }
    }
    flush(&mut lines, &mut run);
    while lines.last().is_some_and(String::is_empty) {
      lines.pop();
    }
    if lines.is_empty() {
      return String::new();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
  }

  /// HCL-ish fragments, including the awkward ones: strings spanning lines, interpolations,
  /// operators next to `=`, keys that contain ` = `, blank and closing lines.
  const PIECES: &[&str] = &[
    "a",
    "key_long",
    "\"k = v\"",
    " = ",
    "=",
    "==",
    "!=",
    "<=",
    "=>",
    " ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "${",
    "$${",
    "%{",
    "\\",
    "#",
    "//",
    ",",
    "\n",
    "\n",
    "\n\n",
    "\n  \n",
    "jsonencode({",
    "}]",
    "ü",
    "1",
    "true",
    "\r\n",
  ];

  proptest! {
    #[test]
    fn writes_the_same_bytes_as_the_line_by_line_reference(
      pieces in prop::collection::vec(prop::sample::select(PIECES), 0..120)
    ) {
      let text = pieces.concat();
      prop_assert_eq!(format(&text), reference(&text));
    }
  }

  #[test]
  fn writes_the_same_bytes_as_the_reference_for_every_template() {
    for (_, text) in crate::render::templates::embedded_sources() {
      assert_eq!(format(text), reference(text));
    }
  }

  /// `scan` before it skipped runs of bytes: the same findings for any line and open state.
  fn scan_reference(line: &str, stack: &mut Vec<Frame>, brackets: &mut Vec<u8>) -> Scan {
    brackets.clear();
    let bytes = line.as_bytes();
    let mut net = 0;
    let mut leading_closers = 0;
    let mut seen_token = false;
    let mut assign_at = None;
    let mut depth_in_line = 0;
    let mut i = 0;
    while i < bytes.len() {
      let c = bytes.get(i).copied().unwrap_or(b' ');
      let next = bytes.get(i + 1).copied().unwrap_or(b' ');
      match stack.last().copied() {
        Some(Frame::String) => {
          match c {
            b'\\' => i += 1,
            b'"' => {
              stack.pop();
            }
            b'$' | b'%' if next == b'{' => {
              if bytes.get(i.saturating_sub(1)).copied() == Some(c) && i > 0 {
                // `$${` is a literal; the sigil was doubled.
              } else {
                stack.push(Frame::Interpolation(0));
                i += 1;
              }
            }
            _ => {}
          }
          i += 1;
          continue;
        }
        Some(Frame::Interpolation(open)) => {
          match c {
            b'"' => stack.push(Frame::String),
            b'{' => {
              stack.pop();
              stack.push(Frame::Interpolation(open + 1));
            }
            b'}' => {
              stack.pop();
              if open > 0 {
                stack.push(Frame::Interpolation(open - 1));
              }
            }
            _ => {}
          }
          i += 1;
          continue;
        }
        None => {}
      }
      match c {
        b'#' => break,
        b'/' if next == b'/' => break,
        b'"' => {
          stack.push(Frame::String);
          seen_token = true;
        }
        b'{' | b'[' | b'(' => {
          brackets.push(c);
          net += 1;
          depth_in_line += 1;
          seen_token = true;
        }
        b'}' | b']' | b')' => {
          brackets.push(c);
          net -= 1;
          depth_in_line -= 1;
          if !seen_token {
            leading_closers += 1;
          }
        }
        b'=' => {
          let previous = if i > 0 {
            bytes.get(i - 1).copied()
          } else {
            None
          };
          let is_operator =
            matches!(next, b'=' | b'>') || matches!(previous, Some(b'=' | b'!' | b'<' | b'>'));
          if !is_operator && depth_in_line == 0 && assign_at.is_none() && seen_token {
            assign_at = Some(i);
          }
          seen_token = true;
        }
        b' ' | b'\t' => {}
        _ => seen_token = true,
      }
      i += 1;
    }
    Scan {
      net,
      leading_closers,
      assign_at,
    }
  }

  proptest! {
    #[test]
    fn scans_like_the_byte_by_byte_reference(
      pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40),
      open in prop::sample::select(vec![
        vec![],
        vec![Frame::String],
        vec![Frame::Interpolation(0)],
        vec![Frame::String, Frame::Interpolation(1)],
        vec![Frame::String, Frame::Interpolation(0), Frame::String],
      ]),
    ) {
      let line = pieces.concat();
      let (mut fast, mut slow) = (open.clone(), open);
      let (mut fast_brackets, mut slow_brackets) = (Vec::new(), Vec::new());
      let a = scan(&line, &mut fast, &mut fast_brackets);
      let b = scan_reference(&line, &mut slow, &mut slow_brackets);
      prop_assert_eq!((a.net, a.leading_closers, a.assign_at), (b.net, b.leading_closers, b.assign_at));
      prop_assert_eq!(fast, slow);
      prop_assert_eq!(fast_brackets, slow_brackets);
    }
  }

  #[test]
  fn aligns_runs_and_indents_blocks() {
    let input = "resource \"a\" \"b\" {\nname = \"x\"\nlocation_long = \"y\"\n\n\ntags = {\n\"team\" = \"ml\"\n\"a\" = \"b\"\n}\nidentity {\ntype = \"SystemAssigned\"\n}\n\n}\n";
    let expected = "resource \"a\" \"b\" {\n  name          = \"x\"\n  location_long = \"y\"\n\n  tags = {\n    \"team\" = \"ml\"\n    \"a\"    = \"b\"\n  }\n  identity {\n    type = \"SystemAssigned\"\n  }\n}\n";
    assert_eq!(format(input), expected);
  }

  /// Issue 14: a tag key holding ` = ` was padded inside its quotes, so `"a = b"` and
  /// `"a  = b"` could both become `"a   = b"`: two keys collapsed into one.
  #[test]
  fn a_quoted_key_holding_an_equals_sign_keeps_its_bytes() {
    let input = "tags = {\n\"a  = b\" = \"two\"\n\"a = b\" = \"one\"\n\"team-name\" = \"x\"\n}\n";
    let expected = "tags = {\n  \"a  = b\"    = \"two\"\n  \"a = b\"     = \"one\"\n  \"team-name\" = \"x\"\n}\n";
    assert_eq!(format(input), expected);
    assert_eq!(reference(input), expected);
  }

  #[test]
  fn only_ascii_blanks_are_trimmed() {
    // A no-break space is a character to Terraform's lexer, not a blank: it stays, and
    // counts in the key's width.
    let input = "a {\n\t  b = 1 \t\n\u{a0}c = 2\u{a0}\n}\n";
    let expected = "a {\n  b  = 1\n  \u{a0}c = 2\u{a0}\n}\n";
    assert_eq!(format(input), expected);
  }

  #[test]
  fn multi_line_values_break_runs() {
    let input = "x {\na = 1\nlist = [\n\"q\",\n]\nlonger = 2\nb = \"=\"\n}\n";
    let expected = "x {\n  a = 1\n  list = [\n    \"q\",\n  ]\n  longer = 2\n  b      = \"=\"\n}\n";
    assert_eq!(format(input), expected);
  }

  #[test]
  fn strings_and_comments_do_not_count_brackets() {
    let input = "a {\nb = \"{ [ ( $${x} ${var.y[0]}\"\n# a { comment\nc = d == e\n}\n";
    let expected = "a {\n  b = \"{ [ ( $${x} ${var.y[0]}\"\n  # a { comment\n  c = d == e\n}\n";
    assert_eq!(format(input), expected);
  }

  #[test]
  fn a_line_opening_two_brackets_indents_one_level_like_terraform_fmt() {
    let input = "a {\npolicy = jsonencode({\nVersion = \"1\"\nStatement = [{\nEffect = \"Allow\"\n}]\n})\n}\n";
    let expected = "a {\n  policy = jsonencode({\n    Version = \"1\"\n    Statement = [{\n      Effect = \"Allow\"\n    }]\n  })\n}\n";
    assert_eq!(format(input), expected);
  }

  #[test]
  fn is_idempotent_on_its_output() {
    let input = "a {\nx = 1\nyy = { k = \"v\" }\n}\n\n\nb {}\n";
    let once = format(input);
    assert_eq!(format(&once), once);
  }
}
