//! Embeds every file under `templates/` into the binary, so adding a template needs no
//! registration and a missing one cannot ship.

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
}
