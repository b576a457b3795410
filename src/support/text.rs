//! User text shown in reports and messages, made safe for where it is shown.
//!
//! Blueprints come from pull requests, and so does everything derived from them: names, tag
//! keys and values, model ids, file paths. A report that prints them raw lets a pull request
//! forge or hide lines of its own review (a newline and a fake "No changes", a `</details>`
//! that closes the Markdown comment's fold, a terminal escape that rewrites the screen), and a
//! 15 MiB value echoed whole makes an error message unreadable (issue 14).

use std::fmt::Write as _;

/// `text` with control characters (and the Unicode line and paragraph separators) written as
/// escapes, so one value is always one visible run of characters on one line.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
  if !text.chars().any(needs_escape) {
    return std::borrow::Cow::Borrowed(text);
  }
  let mut out = String::with_capacity(text.len() + 8);
  for c in text.chars() {
    match c {
      '\n' => out.push_str("\\n"),
      '\r' => out.push_str("\\r"),
      '\t' => out.push_str("\\t"),
      c if needs_escape(c) => {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
      }
      c => out.push(c),
    }
  }
  std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
  c.is_control()
    || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// At most `max` bytes of `text` (cut at a character boundary), with how much was left out.
pub(crate) fn elide(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
  if text.len() <= max {
    return std::borrow::Cow::Borrowed(text);
  }
  let mut cut = max;
  while !text.is_char_boundary(cut) {
    cut -= 1;
  }
  let kept = text.get(..cut).unwrap_or_default();
  std::borrow::Cow::Owned(format!("{kept}… ({} more bytes)", text.len() - kept.len()))
}

/// User text for Markdown prose and table cells: control characters escaped, HTML escaped
/// (GitHub renders inline HTML, so `</details>` would end the fold), and every character that
/// Markdown reads as syntax backslash-escaped, so the text is shown as written.
pub(crate) fn markdown(text: &str) -> String {
  let text = escape_controls(text);
  let mut out = String::with_capacity(text.len() + 8);
  for c in text.chars() {
    match c {
      '&' => out.push_str("&amp;"),
      '<' => out.push_str("&lt;"),
      '>' => out.push_str("&gt;"),
      '"' => out.push_str("&quot;"),
      // Newlines are escaped above, so the text never starts a line and line-start syntax
      // (`#`, `-`, `1.`) cannot apply; these are the characters that act anywhere.
      '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
        out.push('\\');
        out.push(c);
      }
      c => out.push(c),
    }
  }
  out
}

/// User text as a Markdown code span that nothing inside can close: the fence is one backtick
/// longer than the longest run of backticks in the text, and control characters are escaped.
/// Markdown reads no HTML inside a code span.
pub(crate) fn code(text: &str) -> String {
  let text = escape_controls(text);
  let mut longest = 0;
  let mut run = 0;
  for c in text.chars() {
    if c == '`' {
      run += 1;
      longest = longest.max(run);
    } else {
      run = 0;
    }
  }
  let fence = "`".repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space so the fence is not read longer.
  let pad = if text.starts_with('`') || text.ends_with('`') {
    " "
  } else {
    ""
  };
  format!("{fence}{pad}{text}{pad}{fence}")
}

/// `code` for a table cell: GitHub's tables split cells at `|` even inside a code span unless
/// it is backslash-escaped, and the table parser removes that backslash again.
pub(crate) fn cell_code(text: &str) -> String {
  code(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn controls_are_escaped_and_plain_text_is_borrowed() {
    assert_eq!(escape_controls("gpt-east"), "gpt-east");
    assert!(matches!(
      escape_controls("a b"),
      std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(escape_controls("a\nb\u{1b}[2J\r"), "a\\nb\\u{1b}[2J\\r");
    assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
  }

  #[test]
  fn long_text_is_elided_at_a_character_boundary() {
    assert_eq!(elide("short", 10), "short");
    assert_eq!(elide("ééééé", 3), "é… (8 more bytes)");
  }

  #[test]
  fn markdown_text_cannot_open_html_or_syntax() {
    assert_eq!(
      markdown("</details>\n# No changes"),
      // `\n` is shown as written: its backslash is escaped for Markdown too.
      "&lt;/details&gt;\\\\n# No changes"
    );
    assert_eq!(markdown("a|b"), "a\\|b");
  }

  #[test]
  fn a_code_span_cannot_be_closed_from_inside() {
    assert_eq!(code("gpt-east"), "`gpt-east`");
    assert_eq!(code("a`b"), "``a`b``");
    assert_eq!(code("``x"), "``` ``x ```");
    assert_eq!(code("a\nb"), "`a\\nb`");
    assert_eq!(cell_code("a|b"), "`a\\|b`");
  }
}
