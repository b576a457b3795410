//! `render --check`: the committed tree against what the blueprints render, as unified diffs.
//!
//! `a/` is the tree under `--out` as it is, `b/` what `render` would write; a file only one
//! side has is diffed against `/dev/null`, as git does.

use std::fmt::Write as _;
use std::path::Path;

use similar::TextDiff;

use crate::render::Rendered;
use crate::write::change::Change;
use crate::write::output::Survey;

/// The diff of one file; empty when both sides are equal.
pub(crate) fn unified(path: &str, before: Option<&str>, after: Option<&str>) -> String {
  let old_name = before.map_or_else(|| "/dev/null".to_owned(), |_| format!("a/{path}"));
  let new_name = after.map_or_else(|| "/dev/null".to_owned(), |_| format!("b/{path}"));
  let diff = TextDiff::from_lines(before.unwrap_or(""), after.unwrap_or(""));
  diff
    .unified_diff()
    .context_radius(3)
    .header(&old_name, &new_name)
    .to_string()
}

/// Diffs of every file of one root that differs; empty when the tree is what renders.
pub(crate) fn check(out: &Path, rendered: &Rendered, survey: &Survey) -> String {
  let mut text = String::new();
  for change in &survey.changes {
    match change.change {
      Change::Unchanged => {}
      Change::KeepEdited => {
        let _ = writeln!(
          text,
          "only in {}: {} (no longer generated, but edited by hand, so render leaves it; delete it or keep it as your own file)",
          out.display(),
          change.path
        );
      }
      Change::Create | Change::Update | Change::Delete => {
        let before = survey.on_disk.get(&change.path).map(String::as_str);
        let after = rendered.files.get(&change.path).map(String::as_str);
        let after = if change.change == Change::Delete {
          None
        } else {
          after
        };
        text.push_str(&unified(&change.path, before, after));
      }
    }
  }
  text
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn diffs_like_git() {
    let diff = unified("r/main.tf", Some("a\nb\nc\n"), Some("a\nB\nc\n"));
    assert_eq!(
      diff,
      "--- a/r/main.tf\n+++ b/r/main.tf\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    );
    let created = unified("r/new.tf", None, Some("x\n"));
    assert!(
      created.starts_with("--- /dev/null\n+++ b/r/new.tf\n"),
      "{created}"
    );
    assert_eq!(unified("same", Some("x\n"), Some("x\n")), "");
  }
}
