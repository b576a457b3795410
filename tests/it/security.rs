//! Security properties of what Switchyard writes, checked over the whole template set, every
//! rendered example and every snapshot.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn files_under(dir: &Path, extension: &str) -> Vec<(String, String)> {
  let mut found: Vec<(String, String)> = common::tree(dir)
    .into_iter()
    .filter(|(path, _)| path.ends_with(extension))
    .collect();
  found.sort();
  found
}

/// The `{{ ... }}` expressions of a template that sit inside an HCL quoted string.
fn interpolations_inside_strings(template: &str) -> Vec<String> {
  let mut found = Vec::new();
  let mut in_string = false;
  let mut rest = template;
  while let Some(c) = rest.chars().next() {
    if let Some(after) = rest.strip_prefix("{{") {
      let end = after.find("}}").expect("unclosed {{");
      if in_string {
        found.push(after[..end].trim().to_owned());
      }
      rest = &after[end + 2..];
      continue;
    }
    for (open, close) in [("{%", "%}"), ("{#", "#}")] {
      if let Some(after) = rest.strip_prefix(open) {
        let end = after.find(close).expect("unclosed tag");
        rest = &after[end..];
        break;
      }
    }
    if !in_string && (rest.starts_with('#') || rest.starts_with("//")) {
      rest = rest.find('\n').map_or("", |n| &rest[n..]);
      continue;
    }
    match c {
      '\\' if in_string => rest = &rest[rest.chars().take(2).map(char::len_utf8).sum::<usize>()..],
      '"' => {
        in_string = !in_string;
        rest = &rest[1..];
      }
      '\n' => {
        in_string = false;
        rest = &rest[1..];
      }
      _ => rest = &rest[c.len_utf8()..],
    }
  }
  found
}

#[test]
fn no_template_can_print_a_raw_value() {
  let templates = files_under(&common::project().join("templates"), ".j2");
  assert!(templates.len() > 20);
  for (path, text) in &templates {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(!compact.contains("|safe"), "{path} uses |safe");
    for expression in interpolations_inside_strings(text) {
      let compact: String = expression.chars().filter(|c| !c.is_whitespace()).collect();
      assert!(
        compact.ends_with("|ident"),
        "{path}: `{{{{ {expression} }}}}` sits inside a quoted HCL string; only `|ident` may"
      );
    }
  }
}

#[test]
fn the_lint_itself_catches_a_raw_value_in_a_string() {
  assert_eq!(
    interpolations_inside_strings("a = \"x-{{ name }}\"\n"),
    vec!["name"]
  );
  assert_eq!(
    interpolations_inside_strings("a = {{ name }}\n# \"{{ c }}\n"),
    Vec::<String>::new()
  );
  assert_eq!(
    interpolations_inside_strings("a = \"${x.{{ l|ident }}.id}\"\n"),
    vec!["l|ident"]
  );
}

/// Patterns of credentials that must never appear in generated files.
fn credential(text: &str) -> Option<String> {
  type Check = (&'static str, fn(&str) -> bool);
  let checks: &[Check] = &[
    ("an AWS access key id", |t| {
      t.match_indices("AKIA").any(|(i, _)| {
        t[i + 4..]
          .chars()
          .take(16)
          .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
          .count()
          == 16
      })
    }),
    ("a private key", |t| t.contains("PRIVATE KEY-----")),
    ("a GCP service account key", |t| {
      t.contains("\"private_key\"") || t.contains("\"private_key_id\"")
    }),
    ("an Azure storage or service key", |t| {
      t.contains("AccountKey=") || t.contains("SharedAccessSignature")
    }),
    ("a literal password or key attribute", |t| {
      t.lines().any(|line| {
        let line = line.trim_start();
        [
          "password",
          "shared_key",
          "preshared_key",
          "secret",
          "client_secret",
          "api_key",
          "primary_access_key",
        ]
        .iter()
        .any(|name| {
          line.strip_prefix(name).is_some_and(|r| {
            let r = r.trim_start();
            r.starts_with('=') && r[1..].trim_start().starts_with('"')
          })
        })
      })
    }),
  ];
  checks
    .iter()
    .find(|(_, found)| found(text))
    .map(|(what, _)| (*what).to_owned())
}

#[test]
fn no_rendered_example_and_no_snapshot_holds_a_credential() {
  let out = common::scratch("secrets");
  let (code, _, stderr) = common::run(&["render", "blueprints", "--out", &out.to_string_lossy()]);
  assert_eq!(code, 0, "{stderr}");
  let mut checked = 0;
  for (path, text) in common::tree(&out)
    .into_iter()
    .chain(common::tree(&common::project().join("tests/it/snapshots")))
  {
    if let Some(what) = credential(&text) {
      panic!("{path} holds {what}");
    }
    checked += 1;
  }
  assert!(checked > 50, "only {checked} files checked");
}

#[test]
fn the_credential_scan_recognises_credentials() {
  assert!(credential("id = \"AKIAIOSFODNN7EXAMPLE\"").is_some());
  assert!(credential("-----BEGIN RSA PRIVATE KEY-----").is_some());
  assert!(credential("  shared_key = \"abc\"").is_some());
  assert!(credential("  shared_key = random_password.vpn.result").is_none());
  assert!(credential("AKIA-not-a-key").is_none());
}

/// Every checkov skip in the templates is listed, with the same check id, in the README's
/// security section: one place to review them all.
#[test]
fn every_checkov_skip_is_listed_in_the_readme() {
  let readme = fs::read_to_string(common::project().join("README.md")).unwrap();
  let listed: BTreeSet<String> = readme
    .lines()
    .filter_map(|line| line.strip_prefix("| `"))
    .filter_map(|rest| rest.split('`').next())
    .filter(|id| id.starts_with("CKV"))
    .map(str::to_owned)
    .collect();
  let mut skipped = BTreeSet::new();
  for (path, text) in files_under(&common::project().join("templates"), ".j2") {
    for (_, rest) in text
      .match_indices("checkov:skip=")
      .map(|(i, _)| ((), &text[i + 13..]))
    {
      let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
      assert!(
        rest[id.len()..].starts_with(':') && rest[id.len() + 1..].trim().len() > 20,
        "{path}: {id} has no reason"
      );
      skipped.insert(id);
    }
  }
  assert!(!skipped.is_empty());
  assert_eq!(
    skipped, listed,
    "checkov skips in templates vs. README security section"
  );
}
