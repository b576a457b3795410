//! Embeds every file under `templates/` into the binary, so adding a template needs no
//! registration and a missing one cannot ship; and names the build by its sources (issue 17).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
  let Ok(entries) = fs::read_dir(dir) else {
    return;
  };
  for entry in entries.flatten() {
    let path = entry.path();
    if path.is_dir() {
      collect(&path, base, out);
    } else if path.extension().is_some_and(|e| e == "j2")
      && let Ok(relative) = path.strip_prefix(base)
    {
      out.push(relative.to_owned());
    }
  }
}

fn main() {
  let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
  let base = manifest.join("templates");
  println!("cargo:rerun-if-changed=templates");
  let mut files = Vec::new();
  collect(&base, &base, &mut files);
  files.sort();
  let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("templates.rs");
  let mut code = String::from("pub(crate) const EMBEDDED: &[(&str, &str)] = &[\n");
  for file in &files {
    let name = file.to_string_lossy().replace('\\', "/");
    println!("cargo:rerun-if-changed=templates/{name}");
    code.push_str(&format!(
      "  ({name:?}, include_str!({:?})),\n",
      base.join(file).to_string_lossy()
    ));
  }
  code.push_str("];\n");
  if let Ok(mut file) = fs::File::create(&out) {
    let _ = file.write_all(code.as_bytes());
  }
  build_id(&manifest);
}

/// Every file under `dir`, recursively, sorted.
fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
  let Ok(entries) = fs::read_dir(dir) else {
    return;
  };
  for entry in entries.flatten() {
    let path = entry.path();
    if path.is_dir() {
      all_files(&path, out);
    } else {
      out.push(path);
    }
  }
}

/// Issue 17: `BUILD`, a name for what this build renders. The render memo (`src/write/memo.rs`)
/// trusts a recorded render only from the same `BUILD`, so it must change whenever anything that
/// decides rendered bytes could: the code, the templates, the catalog, the locked dependencies,
/// the compiler. It hashes all of them (not the version number, which a change to a template
/// does not bump). Not a security boundary: the sources are the builder's own; a collision of
/// two builds' 128 bits by accident is what would mislead it.
fn build_id(manifest: &Path) {
  use std::hash::{DefaultHasher, Hasher as _};
  for watched in ["src", "catalog", "Cargo.lock", "Cargo.toml"] {
    println!("cargo:rerun-if-changed={watched}");
  }
  let mut files = Vec::new();
  for dir in ["src", "templates", "catalog"] {
    all_files(&manifest.join(dir), &mut files);
  }
  files.extend(["Cargo.lock", "Cargo.toml", "build.rs"].map(|f| manifest.join(f)));
  files.sort();
  // Two SipHash states keyed differently: 128 bits.
  let mut second = DefaultHasher::new();
  second.write(b"second half");
  let mut halves = [DefaultHasher::new(), second];
  let mut feed = |bytes: &[u8]| {
    for half in &mut halves {
      half.write_usize(bytes.len());
      half.write(bytes);
    }
  };
  for file in &files {
    let relative = file.strip_prefix(manifest).unwrap_or(file);
    feed(relative.to_string_lossy().as_bytes());
    feed(&fs::read(file).unwrap_or_default());
  }
  let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
  let version = std::process::Command::new(rustc)
    .arg("-vV")
    .output()
    .map(|o| o.stdout)
    .unwrap_or_default();
  feed(&version);
  for variable in [
    "TARGET",
    "PROFILE",
    "CARGO_PKG_VERSION",
    "CARGO_CFG_TARGET_FEATURE",
  ] {
    feed(std::env::var(variable).unwrap_or_default().as_bytes());
  }
  let [first, second] = halves.map(|h| h.finish());
  let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("build_id.rs");
  let code = format!("pub(crate) const BUILD: &str = \"{first:016x}{second:016x}\";\n");
  if let Ok(mut file) = fs::File::create(&out) {
    let _ = file.write_all(code.as_bytes());
  }
}
