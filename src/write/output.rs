//! Writing rendered roots under the output directory (`--out`), and nowhere else. What a
//! command prints on the terminal is its `workflow::Response`.
//!
//! Every path is relative, built from validated names and template names, and checked again
//! here: no absolute paths, no `..`, and no symbolic link anywhere between the output
//! directory and the file, so a link planted in the tree cannot redirect a write.
//!
//! What may change: a file the new render makes (created, or replaced when its content
//! differs), and a file the root's previous manifest lists that the render no longer makes and
//! that still has the hash Switchyard wrote (deleted). Nothing else is touched: files a user
//! added (`backend.tf`, a README, `.terraform/`) are invisible here, a generated file edited by
//! hand is replaced only with `--force`, and unchanged files are not rewritten, so their
//! modification times stay.
//!
//! Each root is written as one transaction (see `transaction`): an interrupted render leaves
//! the previous tree byte-identical.
//!
//! The manifest a root holds is read as untrusted input, since the tree may come from a pull
//! request: it is read within a size limit, and a file it lists is only deleted when it is at a
//! path Switchyard could generate (`render::could_generate`) and still has the listed hash.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::Path;

use crate::input::error::Error;
use crate::render::Rendered;
use crate::render::manifest::{self, Manifest};
use crate::write::change::{Change, Conflict, FileChange};
use crate::write::guard::{Guard, Located, read_if_exists, read_limited};
use crate::write::transaction;

/// Reads a located file, if it is there. `expected` is the size it should have (the rendered
/// text's): a buffer of that size, plus one byte to see the end, saves asking the file system.
fn read_located(located: &Located, expected: Option<usize>) -> Result<Option<Vec<u8>>, Error> {
  if !located.exists {
    return Ok(None);
  }
  let Some(expected) = expected else {
    return read_if_exists(&located.path);
  };
  let read = fs::File::open(&located.path).and_then(|file| {
    let mut bytes = Vec::with_capacity(expected + 1);
    // Through `Take`: `File`'s own `read_to_end` asks for the size (`statx`, `lseek`) first,
    // two system calls per file that the buffer above makes useless.
    file.take(u64::MAX).read_to_end(&mut bytes).map(|_| bytes)
  });
  match read {
    Ok(bytes) => Ok(Some(bytes)),
    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
    Err(error) => Err(Error::io("read", &located.path, error)),
  }
}

/// The manifest the last render left in a root, if there is a readable one: read as untrusted
/// input, through the guard and within a size limit.
pub(crate) fn previous_manifest(
  guard: &mut Guard<'_>,
  root: &str,
) -> Result<Option<Manifest>, Error> {
  let located = guard.locate(&format!("{root}/{}", manifest::FILE))?;
  if !located.exists {
    return Ok(None);
  }
  Ok(
    read_limited(&located.path, transaction::MAX_RECORD_BYTES)?
      .and_then(|bytes| String::from_utf8(bytes).ok())
      .and_then(|text| Manifest::parse(&text)),
  )
}

/// What is on disk for one rendered root, read once: what `render` would change, and what
/// `plan` and `render --check` show of it.
pub(crate) struct Survey {
  /// What writing the root would do to each file, sorted by path.
  pub(crate) changes: Vec<FileChange>,
  /// The manifest the last render left, if there is a readable one.
  pub(crate) previous: Option<Manifest>,
  pub(crate) root_exists: bool,
  /// The text on disk of each file that differs from the render or is no longer rendered, by
  /// path relative to the output directory; files the render would leave as they are, are not
  /// kept (their text is the rendered one).
  pub(crate) on_disk: BTreeMap<String, String>,
}

/// What writing `rendered` would do to each file, sorted by path.
pub(crate) fn changes(out: &Path, rendered: &Rendered) -> Result<Vec<FileChange>, Error> {
  survey(out, rendered).map(|survey| survey.changes)
}

/// Reads what is on disk where `rendered` would go; every file at most once.
pub(crate) fn survey(out: &Path, rendered: &Rendered) -> Result<Survey, Error> {
  if rendered.verified {
    return Ok(verified(rendered));
  }
  transaction::check_not_interrupted(out, &rendered.root)?;
  let mut guard = Guard::new(out);
  let root_exists = guard.locate(&rendered.root)?.exists;
  let previous = if root_exists {
    previous_manifest(&mut guard, &rendered.root)?
  } else {
    None
  };
  let none = Manifest::default();
  let known = previous.as_ref().unwrap_or(&none);
  let prefix = format!("{}/", rendered.root);
  let mut changes = Vec::with_capacity(rendered.files.len());
  let mut on_disk = BTreeMap::new();
  for (relative, text) in &rendered.files {
    let located = guard.locate(relative)?;
    let (change, conflict) = match read_located(&located, Some(text.len()))? {
      Some(existing) if existing == text.as_bytes() => (Change::Unchanged, None),
      Some(existing) => {
        let within_root = relative.strip_prefix(&prefix).unwrap_or(relative);
        let conflict = match known.files.get(within_root) {
          _ if within_root == manifest::FILE => None,
          Some(hash) if *hash == manifest::sha256(&existing) => None,
          Some(_) => Some(Conflict::EditedByHand),
          None => Some(Conflict::NotGenerated),
        };
        on_disk.insert(
          relative.clone(),
          String::from_utf8_lossy(&existing).into_owned(),
        );
        (Change::Update, conflict)
      }
      None => (Change::Create, None),
    };
    changes.push(FileChange {
      path: relative.clone(),
      change,
      conflict,
    });
  }
  for (file, hash) in &known.files {
    let relative = format!("{prefix}{file}");
    // The manifest is untrusted: it can only make Switchyard delete a file at a path a render
    // could have written there, never a user's `backend.tf` or `.terraform/` (issue 14).
    if rendered.files.contains_key(&relative) || !crate::render::could_generate(file) {
      continue;
    }
    let located = guard.locate(&relative)?;
    let Some(existing) = read_located(&located, None)? else {
      continue;
    };
    let change = if manifest::sha256(&existing) == *hash {
      Change::Delete
    } else {
      Change::KeepEdited
    };
    on_disk.insert(
      relative.clone(),
      String::from_utf8_lossy(&existing).into_owned(),
    );
    changes.push(FileChange {
      path: relative,
      change,
      conflict: None,
    });
  }
  changes.sort();
  Ok(Survey {
    changes,
    previous,
    root_exists,
    on_disk,
  })
}

/// The survey of a root whose files were read from the tree and verified (issue 17,
/// `memo::recall`): every file is as rendered, and the manifest on disk is the rendered one,
/// so no file it lists is left over.
fn verified(rendered: &Rendered) -> Survey {
  let manifest = format!("{}/{}", rendered.root, manifest::FILE);
  Survey {
    changes: rendered
      .files
      .keys()
      .map(|path| FileChange {
        path: path.clone(),
        change: Change::Unchanged,
        conflict: None,
      })
      .collect(),
    previous: rendered
      .files
      .get(&manifest)
      .and_then(|text| Manifest::parse(text)),
    root_exists: true,
    on_disk: BTreeMap::new(),
  }
}

/// Writes one root: the files that differ, as one transaction. Refuses, before touching
/// anything, when that would overwrite someone's work and `force` is not given.
pub(crate) fn write(
  out: &Path,
  rendered: &Rendered,
  force: bool,
) -> Result<Vec<FileChange>, Error> {
  transaction::recover(out, &rendered.root)?;
  let changes = changes(out, rendered)?;
  let conflicts: Vec<&FileChange> = changes.iter().filter(|c| c.conflict.is_some()).collect();
  if !force && !conflicts.is_empty() {
    return Err(refusal(out, &rendered.root, &conflicts));
  }
  transaction::apply(out, rendered, &changes)?;
  Ok(changes)
}

fn refusal(out: &Path, root: &str, conflicts: &[&FileChange]) -> Error {
  let mut message = String::from("render would overwrite work that is not Switchyard's:");
  for conflict in conflicts {
    message.push_str(&format!(
      "\n  {}/{} (was {})",
      out.display(),
      conflict.path,
      conflict
        .conflict
        .map(Conflict::describe)
        .unwrap_or_default()
    ));
  }
  message.push_str(
    "\nnothing was written. Put the change in the blueprint (or a --templates override) so it \
survives the next render, or run again with --force to replace these files with the rendered ones \
(`switchyard render --check` shows the difference)",
  );
  Error::Input {
    path: out.join(root),
    message,
  }
}
