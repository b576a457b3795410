//! Mermaid flowcharts: the unit graph (`switchyard graph --format mermaid`) and the changed
//! part of a review (`markdown`), written by one writer so both escape labels the same way.

use std::fmt::Write as _;

/// How an edge is drawn.
pub(crate) enum Arrow<'a> {
  Solid,
  Dotted,
  Labelled(&'a str),
  DottedLabelled(&'a str),
}

/// A left-to-right flowchart, written as nodes and edges are added.
pub(crate) struct Flowchart {
  text: String,
}

impl Flowchart {
  pub(crate) fn new() -> Self {
    Self {
      text: String::from("flowchart LR\n"),
    }
  }

  /// A box; `label` may be any text (its `<br/>` line breaks are kept).
  pub(crate) fn node(&mut self, id: &str, label: &str) {
    let _ = writeln!(self.text, "  {id}[\"{}\"]", mermaid_label(label));
  }

  pub(crate) fn edge(&mut self, from: &str, to: &str, arrow: &Arrow<'_>) {
    let _ = match arrow {
      Arrow::Solid => writeln!(self.text, "  {from} --> {to}"),
      Arrow::Dotted => writeln!(self.text, "  {from} -.-> {to}"),
      Arrow::Labelled(label) => writeln!(self.text, "  {from} -- {label} --> {to}"),
      Arrow::DottedLabelled(label) => writeln!(self.text, "  {from} -. {label} .-> {to}"),
    };
  }

  pub(crate) fn finish(self) -> String {
    self.text
  }
}

/// A Mermaid node label from any text: Mermaid's entity codes for the characters that would
/// end the label, the fence or the Markdown around it, and control characters escaped.
/// The labels' own line breaks (`<br/>`) are kept.
fn mermaid_label(label: &str) -> String {
  label
    .split("<br/>")
    .map(mermaid_text)
    .collect::<Vec<_>>()
    .join("<br/>")
}

fn mermaid_text(label: &str) -> String {
  let label =
    crate::support::text::escape_controls(&crate::support::text::elide(label, 200)).into_owned();
  let mut out = String::with_capacity(label.len());
  for c in label.chars() {
    match c {
      '"' => out.push_str("#quot;"),
      '`' => out.push_str("#96;"),
      '<' => out.push_str("#lt;"),
      '>' => out.push_str("#gt;"),
      '#' => out.push_str("#35;"),
      c => out.push(c),
    }
  }
  out
}

/// A Mermaid identifier from any text.
pub(crate) fn id(prefix: &str, name: &str) -> String {
  let clean: String = name
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
    .collect();
  format!("{prefix}_{clean}")
}
