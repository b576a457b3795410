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
        // Outside a string `trimmed` is not empty here; inside one an empty line is blank. A
        // comment line opens nothing, whatever it ends with (terraform fmt keeps a blank line
        // after `# see {`).
        let comment = !inside_string && (trimmed.starts_with('#') || trimmed.starts_with("//"));
        last = Some(if comment {
          Last::Other
        } else {
          Last::of(trimmed)
        });
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
  use proptest::strategy::ValueTree;
  use proptest::test_runner::TestRunner;

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

  /// The text without its ASCII whitespace.
  fn tokens(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
  }

  proptest! {
    /// Whatever the input, even text that is not HCL: formatting moves whitespace only; and
    /// text that passes the structure check (as every render must) is formatted once for all.
    #[test]
    fn changes_only_whitespace_and_is_a_fixed_point(
      pieces in prop::collection::vec(prop::sample::select(PIECES), 0..120)
    ) {
      let text = pieces.concat();
      let (once, checked) = format_checked(&text);
      prop_assert_eq!(tokens(&once), tokens(&text));
      if checked.is_ok() {
        prop_assert_eq!(format(&once), once);
      }
    }
  }

  /// One attribute value, as our templates write them: already spaced the way `terraform fmt`
  /// spaces tokens (it respaces inside lines, which `format` leaves to the templates), on one
  /// line or opening lines of its own.
  fn value(depth: u32) -> BoxedStrategy<Vec<String>> {
    let scalar = prop_oneof![
      Just("\"x\"".to_owned()),
      Just("\"a = b { [ ( ${var.y[0]}\"".to_owned()),
      Just("\"$${literal}\"".to_owned()),
      Just("42".to_owned()),
      Just("true".to_owned()),
      Just("var.name".to_owned()),
      Just("a == b".to_owned()),
      Just("[\"a\", \"b\"]".to_owned()),
      Just("{ k = \"v\" }".to_owned()),
    ]
    .prop_map(|line| vec![line]);
    if depth == 0 {
      return scalar.boxed();
    }
    let object = prop::collection::vec(attribute(depth - 1, true), 0..4).prop_map(|entries| {
      let mut lines = vec!["{".to_owned()];
      lines.extend(entries.into_iter().flatten());
      lines.push("}".to_owned());
      lines
    });
    let list = prop::collection::vec(scalar.clone(), 1..4).prop_map(|items| {
      let mut lines = vec!["[".to_owned()];
      lines.extend(items.into_iter().flatten().map(|item| format!("{item},")));
      lines.push("]".to_owned());
      lines
    });
    let call = prop::collection::vec(attribute(depth - 1, false), 1..3).prop_map(|entries| {
      let mut lines = vec!["jsonencode({".to_owned()];
      lines.extend(entries.into_iter().flatten());
      lines.push("})".to_owned());
      lines
    });
    prop_oneof![4 => scalar, 1 => object, 1 => list, 1 => call].boxed()
  }

  /// `key = value`, the key bare or (in an object) quoted.
  fn attribute(depth: u32, quoted: bool) -> BoxedStrategy<Vec<String>> {
    let key = if quoted {
      prop_oneof!["[a-z]{1,10}", "\"[a-z]{1,3}[ =-][a-z]{1,3}\""].boxed()
    } else {
      "[a-z][a-z_]{0,11}".boxed()
    };
    (key, value(depth))
      .prop_map(|(key, mut lines)| {
        if let Some(first) = lines.first_mut() {
          *first = format!("{key} = {first}");
        }
        lines
      })
      .boxed()
  }

  /// A block's body: attributes, nested blocks, comments, single blank lines between items.
  fn body(depth: u32) -> BoxedStrategy<Vec<String>> {
    let item = if depth == 0 {
      prop_oneof![4 => attribute(1, false), 1 => Just(vec!["# a comment { [".to_owned()])].boxed()
    } else {
      prop_oneof![
        4 => attribute(2, false),
        1 => Just(vec!["# a comment { [".to_owned()]),
        1 => block(depth - 1),
        1 => Just(vec!["lifecycle {}".to_owned()]),
      ]
      .boxed()
    };
    prop::collection::vec((item, any::<bool>()), 0..6)
      .prop_map(|items| {
        let mut lines = Vec::new();
        for (index, (item, blank)) in items.into_iter().enumerate() {
          if blank && index > 0 {
            lines.push(String::new());
          }
          lines.extend(item);
        }
        lines
      })
      .boxed()
  }

  fn block(depth: u32) -> BoxedStrategy<Vec<String>> {
    (
      prop_oneof![
        Just("resource \"azurerm_x\" \"this\" {"),
        Just("identity {"),
        Just("dynamic \"rule\" {"),
      ],
      body(depth),
    )
      .prop_map(|(header, body)| {
        let mut lines = vec![header.to_owned()];
        lines.extend(body);
        lines.push("}".to_owned());
        lines
      })
      .boxed()
  }

  /// A file of blocks, each line then unformatted: indented anyhow, spaces around the first
  /// `=` and at line ends added or removed.
  fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(block(2), 1..4).prop_flat_map(|blocks| {
      let lines: Vec<String> = blocks.join(&String::new());
      let count = lines.len();
      prop::collection::vec((0..4usize, 0..3usize, any::<bool>()), count).prop_map(move |mess| {
        let mut text = String::new();
        for (line, (indent, around, trailing)) in lines.iter().zip(mess) {
          if !line.is_empty() {
            text.push_str(["", "  ", "\t", "      "][indent]);
            // Only a whole `key = value` line is realigned; our templates write an opening
            // line (`tags = {`) and a list item spaced as terraform fmt leaves them.
            let spaced = [" = ", "=", "   =  "][around];
            if line.ends_with(['{', '[', '(']) || line.starts_with(['{', '[']) {
              text.push_str(line);
            } else {
              text.push_str(&line.replacen(" = ", spaced, 1));
            }
            // terraform fmt keeps a comment's trailing blanks (they are in its token); our
            // templates write none.
            if trailing && !line.starts_with('#') {
              text.push_str("  ");
            }
          }
          text.push('\n');
        }
        text
      })
    })
  }

  /// The formatter's reference is Terraform itself: random files in the shapes our templates
  /// write, unformatted, then given to `format` and to `terraform fmt` (one process for all of
  /// them), must come out byte for byte the same.
  #[test]
  fn formats_like_terraform_fmt() {
    let dir = std::env::temp_dir().join(format!("switchyard-fmt-oracle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = document();
    let mut inputs = Vec::new();
    for index in 0..300 {
      let text = strategy.new_tree(&mut runner).unwrap().current();
      std::fs::write(dir.join(format!("case{index:03}.tf")), &text).unwrap();
      inputs.push(text);
    }
    let fmt = std::process::Command::new("terraform")
      .args(["fmt", "-list=false"])
      .arg(&dir)
      .env("CHECKPOINT_DISABLE", "1")
      .output()
      .expect("terraform is needed for this test (on PATH, as in CI)");
    assert!(
      fmt.status.success(),
      "terraform fmt refused a generated file: {}",
      String::from_utf8_lossy(&fmt.stderr)
    );
    for (index, input) in inputs.iter().enumerate() {
      let expected = std::fs::read_to_string(dir.join(format!("case{index:03}.tf"))).unwrap();
      assert_eq!(format(input), expected, "case{index:03}.tf:\n{input}");
    }
    let _ = std::fs::remove_dir_all(&dir);
  }

  /// Every embedded template's own text is a fixed point of its format (the templates are
  /// kept formatted, so a render only has to indent what a loop added).
  #[test]
  fn formatting_a_template_twice_changes_nothing() {
    for (_, text) in crate::render::templates::embedded_sources() {
      let once = format(text);
      assert_eq!(format(&once), once);
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

  /// Found by `formats_like_terraform_fmt`: a comment ending in a bracket was taken for a line
  /// that opens one, and the blank line after it dropped.
  #[test]
  fn a_blank_line_after_a_comment_ending_in_a_bracket_stays() {
    let input = "a {\n# see {\n\nb = 1\n// or [\n\nc = 2\n}\n";
    assert_eq!(
      format(input),
      "a {\n  # see {\n\n  b = 1\n  // or [\n\n  c = 2\n}\n"
    );
  }

  #[test]
  fn is_idempotent_on_its_output() {
    let input = "a {\nx = 1\nyy = { k = \"v\" }\n}\n\n\nb {}\n";
    let once = format(input);
    assert_eq!(format(&once), once);
  }
}
