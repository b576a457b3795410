//! A 1-based line and column in a source file.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Location {
  pub(crate) line: usize,
  pub(crate) column: usize,
}

impl Location {
  pub(crate) fn new(line: usize, column: usize) -> Self {
    Self { line, column }
  }
}
