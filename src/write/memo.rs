//! Issue 17: a record of what each root's inputs rendered to, kept outside the rendered tree,
//! so that a root whose inputs did not change is not rendered again.
//!
//! A render reads its blueprint files, the catalog overlay, `--allow-unlisted-models` and the
//! root's blueprint paths (its manifest lists them), and runs this build's code, templates and
//! catalog (`BUILD`); nothing else reaches the rendered bytes (the date reaches diagnostics and
//! the cost review only, which run every time). The *key* of a root is a SHA-256 over all of
//! that. After a root is rendered, its memo records, under the key, the SHA-256 of every file
//! the render made, the manifest included. The next run with the same key reads the root's
//! files from disk (it reads them anyway, to compare) and, when every one has its recorded
//! hash, takes them as the render: they are the bytes rendering would give. Any difference (a
//! file edited by hand, deleted, added to the manifest, an interrupted transaction, a link)
//! and the root is rendered as before, so everything `render` and `plan` report about such a
//! root is unchanged.
//!
//! Why not in the manifest: the committed tree is untrusted (a pull request can change any
//! file in it, issue 14), and a manifest that records its inputs' digest beside its files'
//! hashes proves nothing. Anyone can compute the digest of the real inputs, edit a generated
//! file, and write the edited file's hash into the manifest: every file would match its
//! manifest, and a check that trusts the manifest would report "no changes" for a tree
//! rendering would change. The memo is written only by this program, from its own renders,
//! in a directory of the user's (`$SWITCHYARD_CACHE_DIR`, else `$XDG_CACHE_HOME/switchyard`,
//! else `~/.cache/switchyard`): a tree cannot write it, and a key maps to what its inputs
//! really render to. A fresh CI runner has none and renders everything, as before.
//! `SWITCHYARD_CACHE_DIR=` (empty) turns it off; `--templates` runs never use it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::input::source::Source;
use crate::render::Rendered;
use crate::render::manifest::{self, Manifest};
use crate::write::guard::Guard;

mod build {
  include!(concat!(env!("OUT_DIR"), "/build_id.rs"));
}

/// The environment variable naming the memo's directory; empty turns the memo off.
pub(crate) const VARIABLE: &str = "SWITCHYARD_CACHE_DIR";

/// A memo entry larger than this is not one Switchyard wrote (a root of 10,000 workloads
/// records about 2 MB).
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// The version of the memo's layout, in its directory name.
const LAYOUT: &str = "renders-v1";

/// What one key rendered to: the SHA-256 of every file, by path relative to the root.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Entry {
  root: String,
  files: BTreeMap<String, String>,
}

/// SHA-256 of a root's blueprint files (paths and bytes, base first), as read for this run.
pub(crate) fn inputs(sources: &[&Source]) -> [u8; 32] {
  let mut hash = Sha256::new();
  for source in sources {
    field(&mut hash, source.path.as_os_str().as_encoded_bytes());
    field(&mut hash, source.text.as_bytes());
  }
  hash.finalize().into()
}

/// A length-prefixed field: no two sequences of fields hash the same bytes.
fn field(hash: &mut Sha256, bytes: &[u8]) {
  hash.update((bytes.len() as u64).to_le_bytes());
  hash.update(bytes);
}

/// Everything a root's rendered bytes depend on, besides its blueprint files.
pub(crate) struct Context<'a> {
  /// The catalog overlay's text, when there is one.
  pub(crate) catalog_overlay: Option<&'a str>,
  pub(crate) allow_unlisted: bool,
}

pub(crate) struct Memo {
  dir: PathBuf,
}

impl Memo {
  /// The memo of this user, unless turned off or unusable (no home directory).
  pub(crate) fn open() -> Option<Self> {
    let base = match std::env::var_os(VARIABLE) {
      Some(dir) if dir.is_empty() => return None,
      Some(dir) => PathBuf::from(dir),
      None => match std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("switchyard"),
        None => PathBuf::from(std::env::var_os("HOME").filter(|d| !d.is_empty())?)
          .join(".cache/switchyard"),
      },
    };
    // Only an absolute directory: a relative one would move with the working directory,
    // possibly into the tree being rendered.
    base.is_absolute().then(|| Self {
      dir: base.join(LAYOUT),
    })
  }

  /// The key of a root: its blueprint files' digest, the context, its root and the blueprint
  /// paths its manifest records, and the build.
  pub(crate) fn key(
    inputs: &[u8; 32],
    context: &Context<'_>,
    root: &str,
    sources: &[String],
  ) -> String {
    let mut hash = Sha256::new();
    field(&mut hash, b"switchyard render memo 1");
    field(&mut hash, build::BUILD.as_bytes());
    field(&mut hash, inputs);
    match context.catalog_overlay {
      Some(text) => {
        field(&mut hash, b"overlay");
        field(&mut hash, text.as_bytes());
      }
      None => field(&mut hash, b"no overlay"),
    }
    field(&mut hash, &[u8::from(context.allow_unlisted)]);
    field(&mut hash, root.as_bytes());
    for source in sources {
      field(&mut hash, source.as_bytes());
    }
    let digest: [u8; 32] = hash.finalize().into();
    digest.iter().map(|b| format!("{b:02x}")).collect()
  }

  fn path(&self, key: &str) -> PathBuf {
    self.dir.join(format!("{key}.json"))
  }

  /// The root as rendering would make it, read from `out`, when the memo has the key and
  /// every file there has the recorded hash; `None` otherwise (render it). The caller holds
  /// the root's lock, so what is verified here stays so until the run ends.
  pub(crate) fn recall(&self, key: &str, out: &Path, root: &str) -> Option<Rendered> {
    let bytes = crate::write::guard::read_limited(&self.path(key), MAX_ENTRY_BYTES).ok()??;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    if entry.root != root || !entry.files.contains_key(manifest::FILE) {
      return None;
    }
    let mut guard = Guard::new(out);
    // An interrupted transaction is `render`'s to roll back and `plan`'s to refuse.
    if guard
      .locate(&format!("{root}/{}", crate::write::transaction::DIR))
      .ok()?
      .exists
    {
      return None;
    }
    // The manifest first: it changes whenever any file's render does.
    let order = entry
      .files
      .iter()
      .filter(|(path, _)| *path == manifest::FILE)
      .chain(
        entry
          .files
          .iter()
          .filter(|(path, _)| *path != manifest::FILE),
      );
    let mut files = BTreeMap::new();
    let mut bytes = Vec::new();
    let mut manifest = None;
    for (relative, hash) in order {
      let path = format!("{root}/{relative}");
      let located = guard.locate(&path).ok()?;
      if !located.exists {
        return None;
      }
      bytes.clear();
      fs::File::open(&located.path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .ok()?;
      if manifest::sha256(&bytes) != *hash {
        return None;
      }
      // Only the manifest's text is kept (`plan` reads the blueprint it records); the other
      // files are in the tree, as verified (see `Rendered::verified`).
      if relative == manifest::FILE {
        manifest = Some(String::from_utf8(bytes.clone()).ok()?);
      }
      files.insert(path, String::new());
    }
    let manifest_path = format!("{root}/{}", manifest::FILE);
    files.insert(manifest_path, manifest?);
    Some(Rendered {
      root: root.to_owned(),
      files,
      blocks: BTreeMap::new(),
      verified: true,
    })
  }

  /// Records what `rendered` (a render, not a recall) holds under `key`, unless recorded
  /// already. A memo that cannot be written only costs the next run a render.
  pub(crate) fn record(&self, key: &str, rendered: &Rendered) {
    let path = self.path(key);
    if rendered.verified || fs::symlink_metadata(&path).is_ok() {
      return;
    }
    let prefix = format!("{}/", rendered.root);
    let manifest_path = format!("{prefix}{}", manifest::FILE);
    // The manifest lists every other file's hash already.
    let Some(manifest_text) = rendered.files.get(&manifest_path) else {
      return;
    };
    let Some(listed) = Manifest::parse(manifest_text) else {
      return;
    };
    let mut files = listed.files;
    files.insert(
      manifest::FILE.to_owned(),
      manifest::sha256(manifest_text.as_bytes()),
    );
    let all_listed = files.len() == rendered.files.len()
      && rendered.files.keys().all(|p| {
        p.strip_prefix(&prefix)
          .is_some_and(|r| files.contains_key(r))
      });
    if !all_listed {
      return;
    }
    let entry = Entry {
      root: rendered.root.clone(),
      files,
    };
    let Ok(text) = serde_json::to_vec(&entry) else {
      return;
    };
    // Written aside and renamed: a reader sees a whole entry or none.
    let temporary = self.dir.join(format!("{key}.{}.tmp", std::process::id()));
    let written = fs::create_dir_all(&self.dir)
      .and_then(|()| fs::write(&temporary, text))
      .and_then(|()| fs::rename(&temporary, &path));
    if written.is_err() {
      let _ = fs::remove_file(&temporary);
    }
  }
}

#[cfg(test)]
mod tests {
  #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

  use super::*;
  use crate::render::{self, Templates};

  fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("switchyard-memo-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
  }

  /// A bundled blueprint rendered as `render` would, and written plainly under `out`.
  fn rendered_into(out: &Path) -> Rendered {
    let text = fs::read_to_string(
      Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/three-cloud-chat.yaml"),
    )
    .unwrap();
    let plan = crate::plan::Plan::new(crate::test_support::blueprint(&text)).unwrap();
    let templates = Templates::load(None).unwrap();
    let rendered = render::render(&plan, &templates, &["../../bp.yaml".to_owned()]).unwrap();
    for (path, text) in &rendered.files {
      let path = out.join(path);
      fs::create_dir_all(path.parent().unwrap()).unwrap();
      fs::write(path, text).unwrap();
    }
    rendered
  }

  fn context() -> Context<'static> {
    Context {
      catalog_overlay: None,
      allow_unlisted: false,
    }
  }

  /// Issue 17: what the memo gives back for an untouched tree is the render, file for file.
  #[test]
  fn a_recalled_root_is_the_render_and_any_edit_falls_back() {
    let base = scratch("recall");
    let out = base.join("out");
    let memo = Memo {
      dir: base.join("memo"),
    };
    let rendered = rendered_into(&out);
    let key = Memo::key(&[7; 32], &context(), &rendered.root, &[]);
    assert_eq!(
      memo.recall(&key, &out, &rendered.root),
      None,
      "nothing recorded yet"
    );
    memo.record(&key, &rendered);
    let recalled = memo.recall(&key, &out, &rendered.root).unwrap();
    assert!(recalled.verified);
    // The same files; their texts stay in the tree, but the manifest's.
    assert!(recalled.files.keys().eq(rendered.files.keys()));
    let manifest_path = format!("{}/{}", rendered.root, manifest::FILE);
    assert_eq!(
      recalled.files[&manifest_path],
      rendered.files[&manifest_path]
    );
    // Another key (other inputs) knows nothing.
    let other = Memo::key(&[8; 32], &context(), &rendered.root, &[]);
    assert_eq!(memo.recall(&other, &out, &rendered.root), None);

    // A generated file edited by hand, and its hash forged into the manifest: the manifest no
    // longer has the recorded hash, the file neither, so the root is rendered again.
    let (main, text) = rendered
      .files
      .iter()
      .find(|(p, _)| p.ends_with("/main.tf"))
      .unwrap();
    let edited = format!("{text}resource \"null_resource\" \"x\" {{}}\n");
    fs::write(out.join(main), &edited).unwrap();
    let manifest_path = out.join(format!("{}/{}", rendered.root, manifest::FILE));
    let mut forged = Manifest::parse(&fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let within = main.strip_prefix(&format!("{}/", rendered.root)).unwrap();
    forged
      .files
      .insert(within.to_owned(), manifest::sha256(edited.as_bytes()));
    fs::write(&manifest_path, forged.to_json()).unwrap();
    assert_eq!(memo.recall(&key, &out, &rendered.root), None);
    // The manifest restored, the edit alone is still caught.
    fs::write(
      &manifest_path,
      &rendered.files[&format!("{}/{}", rendered.root, manifest::FILE)],
    )
    .unwrap();
    assert_eq!(memo.recall(&key, &out, &rendered.root), None);
    // Deleted instead: caught.
    fs::remove_file(out.join(main)).unwrap();
    assert_eq!(memo.recall(&key, &out, &rendered.root), None);
    fs::write(out.join(main), text).unwrap();
    assert!(memo.recall(&key, &out, &rendered.root).is_some());
    // An interrupted transaction is never skipped over.
    fs::create_dir_all(
      out
        .join(&rendered.root)
        .join(crate::write::transaction::DIR),
    )
    .unwrap();
    assert_eq!(memo.recall(&key, &out, &rendered.root), None);
    let _ = fs::remove_dir_all(&base);
  }

  /// Issue 17: everything a render reads is in the key.
  #[test]
  fn the_key_changes_with_every_input() {
    let sources = ["../../bp.yaml".to_owned()];
    let key = |inputs: [u8; 32], context: &Context<'_>, root: &str, sources: &[String]| {
      Memo::key(&inputs, context, root, sources)
    };
    let base = key([1; 32], &context(), "chat/prod", &sources);
    assert_eq!(base, key([1; 32], &context(), "chat/prod", &sources));
    let overlay = Context {
      catalog_overlay: Some("azure: {}\n"),
      allow_unlisted: false,
    };
    let empty_overlay = Context {
      catalog_overlay: Some(""),
      allow_unlisted: false,
    };
    let flag = Context {
      catalog_overlay: None,
      allow_unlisted: true,
    };
    let others = [
      key([2; 32], &context(), "chat/prod", &sources),
      key([1; 32], &overlay, "chat/prod", &sources),
      key([1; 32], &empty_overlay, "chat/prod", &sources),
      key([1; 32], &flag, "chat/prod", &sources),
      key([1; 32], &context(), "chat/dev", &sources),
      key(
        [1; 32],
        &context(),
        "chat/prod",
        &["../../other.yaml".to_owned()],
      ),
      key([1; 32], &context(), "chat/prod", &[]),
    ];
    let mut all: Vec<&String> = others.iter().chain([&base]).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), others.len() + 1, "two inputs share a key");

    // The blueprint files' digest covers their paths and bytes, and where one ends.
    let source = |path: &str, text: &str| Source {
      path: PathBuf::from(path),
      text: text.to_owned(),
    };
    let a = source("bp.yaml", "name: chat\n");
    let b = source("bp.yaml", "name: chat2\n");
    let c = source("bp.prod.yaml", "name: chat\n");
    assert_ne!(inputs(&[&a]), inputs(&[&b]));
    assert_ne!(inputs(&[&a]), inputs(&[&c]));
    assert_ne!(inputs(&[&a, &c]), inputs(&[&c, &a]));
    assert_eq!(inputs(&[&a]), inputs(&[&source("bp.yaml", "name: chat\n")]));
  }
}
