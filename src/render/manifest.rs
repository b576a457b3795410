//! The manifest in each rendered root: which files Switchyard generated, with their SHA-256.
//!
//! It is what lets `render` delete a file it generated earlier and no longer does, without
//! ever touching a file the user added (a `backend.tf`, a README, `.terraform/`), and tell a
//! generated file that someone edited by hand from one it may replace.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::analysis::intent::Summary;

/// File name of the manifest inside each root.
pub(crate) const FILE: &str = ".switchyard-manifest.json";

#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Manifest {
  pub(crate) generator: String,
  pub(crate) format: u32,
  /// Path relative to the root → lowercase hex SHA-256 of the content.
  pub(crate) files: BTreeMap<String, String>,
  /// The blueprint these files were rendered from, in reviewers' terms: what `plan` compares
  /// to say what a change means ("endpoint `gpt-east`: capacity 80 → 120"). Absent in
  /// manifests written before it existed; they are still read. One that is not a summary (the
  /// tree may come from a pull request) reads as absent, and the file hashes still count.
  #[serde(
    default,
    skip_serializing_if = "Option::is_none",
    deserialize_with = "crate::analysis::intent::lenient"
  )]
  pub(crate) blueprint: Option<Summary>,
  /// The blueprint files the root is rendered from (base first), relative to the root's
  /// directory: how `orphan` tells a root whose blueprint renders other roots now. Absent in
  /// manifests written before it existed.
  #[serde(default, skip_serializing_if = "Vec::is_empty")]
  pub(crate) sources: Vec<String>,
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
  let digest = Sha256::digest(bytes);
  let mut hex = String::with_capacity(2 * digest.len());
  for nibble in digest.iter().flat_map(|byte| [byte >> 4, byte & 0xf]) {
    // A nibble is always a hex digit; `from_digit` gives lowercase, like `sha256sum`.
    hex.extend(char::from_digit(u32::from(nibble), 16));
  }
  hex
}

impl Manifest {
  /// The manifest of a root's rendered files (`files` keyed by path relative to the root).
  pub(crate) fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
    Self {
      generator: "switchyard".to_owned(),
      format: 1,
      files: files
        .into_iter()
        .map(|(path, text)| (path.to_owned(), sha256(text.as_bytes())))
        .collect(),
      blueprint: None,
      sources: Vec::new(),
    }
  }

  pub(crate) fn with_sources(mut self, sources: &[String]) -> Self {
    self.sources = sources.to_vec();
    self
  }

  pub(crate) fn with_blueprint(mut self, summary: Summary) -> Self {
    self.blueprint = Some(summary);
    self
  }

  pub(crate) fn to_json(&self) -> String {
    let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
    text.push('\n');
    text
  }

  /// Reads a manifest; anything that is not one Switchyard wrote is `None`.
  pub(crate) fn parse(text: &str) -> Option<Self> {
    serde_json::from_str::<Self>(text)
      .ok()
      .filter(|m| m.generator == "switchyard" && m.format == 1)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn round_trips_and_hashes_like_sha256sum() {
    assert_eq!(
      sha256(b""),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
      sha256(b"abc"),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let manifest = Manifest::of([("main.tf", "abc")]);
    assert_eq!(
      manifest.files.get("main.tf").map(String::as_str),
      Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );

    assert_eq!(Manifest::parse(&manifest.to_json()), Some(manifest));
    assert_eq!(
      Manifest::parse("{\"generator\":\"other\",\"format\":1,\"files\":{}}"),
      None
    );
    // Manifests from before the blueprint summary existed still read.
    let old = Manifest::parse("{\"generator\":\"switchyard\",\"format\":1,\"files\":{}}");
    assert_eq!(old.map(|m| m.blueprint.is_none()), Some(true));
  }
}
