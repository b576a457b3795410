//! Errors are values with a kind; `main` turns them into a message and an exit status.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::input::diagnostic::{Diagnostic, MAX_PRINTED};

#[derive(Debug)]
pub enum Error {
  /// One or more blueprints have problems; each diagnostic is located.
  Blueprint { diagnostics: Vec<Diagnostic> },
  /// A file that cannot be used as a blueprint at all (too large, not text).
  Input { path: PathBuf, message: String },
  /// Reading or writing the file system failed.
  Io {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
  },
  /// A template override or other user-supplied template failed to render.
  Template { name: String, message: String },
  /// A bug in Switchyard: the user can do nothing but report it.
  Internal(String),
}

impl Error {
  pub(crate) fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
    Self::Io {
      action,
      path: path.to_owned(),
      source,
    }
  }

  pub(crate) fn internal(message: impl Into<String>) -> Self {
    Self::Internal(message.into())
  }
}

impl fmt::Display for Error {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Error::Blueprint { diagnostics } => {
        // 100,000 unknown keys printed 28.9 MB (issue 14): the first hundred are enough to
        // start fixing, and the count says how many there are.
        for diagnostic in diagnostics.iter().take(MAX_PRINTED) {
          writeln!(f, "{diagnostic}")?;
        }
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        if diagnostics.len() > MAX_PRINTED {
          writeln!(
            f,
            "… {} more not shown (the first {MAX_PRINTED} are above)\n",
            diagnostics.len() - MAX_PRINTED
          )?;
        }
        let noun = if errors == 1 { "problem" } else { "problems" };
        write!(f, "error: {errors} {noun} found; nothing was written")
      }
      Error::Input { path, message } => write!(f, "error: {}: {message}", path.display()),
      Error::Io {
        action,
        path,
        source,
      } => write!(f, "error: cannot {action} {}: {source}", path.display()),
      Error::Template { name, message } => {
        write!(f, "error: template `{name}` failed: {message}")
      }
      Error::Internal(message) => write!(
        f,
        "error: internal error, please report it with the blueprint that caused it: {message}"
      ),
    }
  }
}

impl std::error::Error for Error {}
