//! What writing a root would do to each file: decided by `output`, applied by `transaction`,
//! shown by `review`, `diff` and `report`.

/// What writing does to one file: `key` is its word in the JSON plan schema
/// (`docs/plan.schema.json`) and the Markdown file list, `verb` how the text report says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
  Create,
  Update,
  Delete,
  /// Generated earlier, no longer rendered, but edited by hand since: left in place.
  KeepEdited,
  Unchanged,
}

impl serde::Serialize for Change {
  fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(self.key())
  }
}

impl Change {
  pub(crate) fn verb(self) -> &'static str {
    match self {
      Change::Create => "create",
      Change::Update => "change",
      Change::Delete => "delete",
      Change::KeepEdited => "keep (edited by hand, no longer generated)",
      Change::Unchanged => "unchanged",
    }
  }

  /// The word of the JSON plan schema.
  pub(crate) fn key(self) -> &'static str {
    match self {
      Change::Create => "create",
      Change::Update => "update",
      Change::Delete => "delete",
      Change::KeepEdited => "keep",
      Change::Unchanged => "unchanged",
    }
  }
}

/// Why replacing an existing file would lose someone's work. The serde names are the
/// `conflict` words of the JSON plan schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Conflict {
  /// The manifest lists the file, but its content no longer has the hash Switchyard wrote.
  EditedByHand,
  /// The file is where a generated file goes, but Switchyard's manifest does not list it.
  NotGenerated,
}

impl Conflict {
  /// The conflict in two or three words, for a list of files.
  pub(crate) fn short(self) -> &'static str {
    match self {
      Conflict::EditedByHand => "edited by hand",
      Conflict::NotGenerated => "not generated",
    }
  }

  /// The conflict as the end of a sentence about the file.
  pub(crate) fn describe(self) -> &'static str {
    match self {
      Conflict::EditedByHand => "edited by hand after Switchyard wrote it",
      Conflict::NotGenerated => "not written by Switchyard",
    }
  }
}

/// What writing a root would do to one file (path relative to the output directory).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FileChange {
  pub(crate) path: String,
  pub(crate) change: Change,
  /// Set on an `Update` that would overwrite someone's work.
  pub(crate) conflict: Option<Conflict>,
}
