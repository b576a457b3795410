//! A problem found in a blueprint: what is wrong, where, and what would be right.
//!
//! Diagnostics are created with a YAML path only; `Source::locate_all` later adds the file,
//! line and column, and the offending line, so every stage can report without knowing
//! anything about YAML positions.

use std::fmt::{self, Write as _};
use std::path::PathBuf;

use crate::input::location::Location;
use crate::input::yaml_path::{Target, YamlPath};
use crate::support::text::elide;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Severity {
  Error,
  Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
  pub(crate) severity: Severity,
  pub(crate) path: YamlPath,
  pub(crate) target: Target,
  pub(crate) message: String,
  pub(crate) help: Option<String>,
  pub(crate) file: Option<PathBuf>,
  pub(crate) location: Option<Location>,
  /// Shared: the diagnostics of one line (20,000 warnings about one long `failover:` line)
  /// hold one copy of it, not one each.
  pub(crate) line_text: Option<std::sync::Arc<str>>,
}

impl Diagnostic {
  pub(crate) fn error(path: YamlPath, message: impl Into<String>) -> Self {
    Self {
      severity: Severity::Error,
      path,
      target: Target::Value,
      message: message.into(),
      help: None,
      file: None,
      location: None,
      line_text: None,
    }
  }

  /// A warning: reported, and the blueprint still renders.
  pub(crate) fn warning(path: YamlPath, message: impl Into<String>) -> Self {
    Self {
      severity: Severity::Warning,
      ..Self::error(path, message)
    }
  }

  pub(crate) fn at_key(mut self) -> Self {
    self.target = Target::Key;
    self
  }

  pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
    self.help = Some(help.into());
    self
  }

  pub(crate) fn is_error(&self) -> bool {
    self.severity == Severity::Error
  }
}

/// The most characters of a source line a diagnostic shows.
const MAX_SHOWN: usize = 100;
/// The longest message, YAML path or help shown whole, in bytes (issue 14).
const MAX_MESSAGE: usize = 600;
/// At most this many diagnostics are printed in one run; a count stands for the rest.
pub(crate) const MAX_PRINTED: usize = 100;

/// How many characters of the line the caret underlines: the scalar or key that starts at
/// the column, or one character for a mapping or sequence.
fn caret_width(line: &str, column: usize) -> usize {
  let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
  let mut chars = rest.chars();
  match chars.next() {
    None => 1,
    Some(quote @ ('"' | '\'')) => {
      let mut width = 1;
      let mut escaped = false;
      for c in chars {
        width += 1;
        if c == quote && !escaped {
          return width;
        }
        escaped = c == '\\' && !escaped && quote == '"';
      }
      width
    }
    Some('{' | '[') => 1,
    Some(_) => {
      let stop = [", ", ",", "]", "}", ": ", " #"]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
      let token = rest.get(..stop).unwrap_or(&rest).trim_end();
      let token = token.strip_suffix(':').unwrap_or(token);
      token.chars().count().max(1)
    }
  }
}

impl fmt::Display for Diagnostic {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let label = match self.severity {
      Severity::Error => "error",
      Severity::Warning => "warning",
    };
    // Messages quote values from the blueprint; a 15 MiB value is shown as its start.
    writeln!(f, "{label}: {}", elide(&self.message, MAX_MESSAGE))?;
    let file = self
      .file
      .as_ref()
      .map(|p| p.display().to_string())
      .unwrap_or_else(|| "<blueprint>".to_owned());
    let mut place = file;
    if let Some(location) = self.location {
      write!(place, ":{}:{}", location.line, location.column)?;
    }
    if !self.path.is_root() {
      write!(place, " at {}", elide(&self.path.to_string(), MAX_MESSAGE))?;
    }
    let number = self
      .location
      .map(|l| l.line.to_string())
      .unwrap_or_default();
    let gutter = " ".repeat(number.len().max(1));
    writeln!(f, "{gutter}--> {place}")?;
    if let (Some(location), Some(line)) = (self.location, &self.line_text) {
      // Long lines (minified or hostile input) show a window around the column.
      let skip = location
        .column
        .saturating_sub(MAX_SHOWN / 2)
        .min(line.chars().count().saturating_sub(MAX_SHOWN));
      let skip = if line.chars().count() > MAX_SHOWN {
        skip
      } else {
        0
      };
      let mut shown: String = line
        .chars()
        .skip(skip)
        .take(MAX_SHOWN)
        .map(|c| if c == '\t' || c.is_control() { ' ' } else { c })
        .collect();
      let lead = if skip > 0 { "…" } else { "" };
      if line.chars().count() > skip + MAX_SHOWN {
        shown.push('…');
      }
      writeln!(f, "{gutter} |")?;
      writeln!(f, "{number} | {lead}{shown}")?;
      let column = location.column.saturating_sub(skip) + lead.chars().count();
      let pad = " ".repeat(column.saturating_sub(1));
      let carets = "^".repeat(caret_width(line, location.column).min(MAX_SHOWN));

      writeln!(f, "{gutter} | {pad}{carets}")?;
    }
    if let Some(help) = &self.help {
      writeln!(f, "{gutter} = help: {}", elide(help, MAX_MESSAGE))?;
    }
    Ok(())
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn carets_cover_the_token() {
    assert_eq!(caret_width("enviroment: prod", 1), 10);
    assert_eq!(caret_width("    failover: [gpt-east, nova]", 16), 8);
    assert_eq!(caret_width("  name: \"a \\\" b\" # c", 9), 8);
    assert_eq!(caret_width("  cidr: 10.0.0.0/33", 9), 11);
    assert_eq!(caret_width("x: {a: 1}", 4), 1);
  }
}
