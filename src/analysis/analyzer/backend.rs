//! `backend:` — where Terraform keeps the root's state: exactly one of `s3`, `azurerm`, `gcs`.
//!
//! Names are checked against each service's rules here, because Terraform only finds a bad
//! bucket name at `terraform init`, in the pipeline, after the pull request was merged.

use super::reader::{Fields, Reader};
use crate::analysis::backend::{Backend, BackendKind};
use crate::analysis::cloud::Cloud;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

pub(crate) const S3_KEYS: &[&str] = &["bucket", "region", "key", "kms_key_id"];
pub(crate) const AZURERM_KEYS: &[&str] = &[
  "storage_account_name",
  "container_name",
  "key",
  "resource_group_name",
  "subscription_id",
  "tenant_id",
];
pub(crate) const GCS_KEYS: &[&str] = &["bucket", "prefix", "kms_encryption_key"];

pub(crate) fn read(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Backend> {
  let fields = reader.mapping(
    node,
    path,
    "`backend`",
    &BackendKind::ALL.map(BackendKind::key),
  )?;
  let known: Vec<(BackendKind, &String, &Node)> = fields
    .entries
    .iter()
    .filter_map(|(key, node)| Some((BackendKind::parse(key)?, key, node)))
    .collect();
  let [(kind, key, settings)] = known.as_slice() else {
    let message = if known.is_empty() {
      "`backend` names no backend".to_owned()
    } else {
      format!(
        "`backend` names {} backends; a root keeps its state in one",
        known.len()
      )
    };
    reader.report(Diagnostic::error(path.clone(), message).help(
      "use exactly one of `s3: {bucket, region}`, `azurerm: {storage_account_name, container_name}`, `gcs: {bucket}`",
    ));
    return None;
  };
  let path = fields.path(key);
  let before = reader.problems.len();
  let backend = match kind {
    BackendKind::S3 => read_s3(reader, settings, &path),
    BackendKind::Azurerm => read_azurerm(reader, settings, &path),
    BackendKind::Gcs => read_gcs(reader, settings, &path),
  };
  // A backend with any problem is not used, so no half-checked setting reaches a template.
  backend.filter(|_| reader.problems.len() == before)
}

fn read_s3(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Backend> {
  let fields = reader.mapping(node, path, "`backend.s3`", S3_KEYS)?;
  let bucket = required_text(
    reader,
    &fields,
    "bucket",
    "acme-terraform-state",
    check_s3_bucket,
  );
  let region = reader
    .required(&fields, "region", "us-east-1")
    .and_then(|node| {
      super::clouds::read_region(reader, node, &fields.path("region"), Cloud::Aws, None)
    });
  let key = optional_text(reader, &fields, "key", check_state_key);
  let kms_key_id = optional_text(reader, &fields, "kms_key_id", check_kms_key_id);
  Some(Backend::S3 {
    bucket: bucket?,
    region: region?,
    key,
    kms_key_id,
  })
}

fn read_azurerm(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Backend> {
  let fields = reader.mapping(node, path, "`backend.azurerm`", AZURERM_KEYS)?;
  let account = required_text(
    reader,
    &fields,
    "storage_account_name",
    "acmetfstate",
    check_storage_account,
  );
  let container = required_text(
    reader,
    &fields,
    "container_name",
    "tfstate",
    check_container,
  );
  let key = optional_text(reader, &fields, "key", check_state_key);
  let group = optional_text(reader, &fields, "resource_group_name", check_resource_group);
  let subscription = optional_text(reader, &fields, "subscription_id", check_uuid);
  let tenant = optional_text(reader, &fields, "tenant_id", check_uuid);
  Some(Backend::Azurerm {
    storage_account_name: account?,
    container_name: container?,
    key,
    resource_group_name: group,
    subscription_id: subscription.map(|s| s.to_ascii_lowercase()),
    tenant_id: tenant.map(|s| s.to_ascii_lowercase()),
  })
}

fn read_gcs(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<Backend> {
  let fields = reader.mapping(node, path, "`backend.gcs`", GCS_KEYS)?;
  let bucket = required_text(
    reader,
    &fields,
    "bucket",
    "acme-terraform-state",
    check_gcs_bucket,
  );
  let prefix = optional_text(reader, &fields, "prefix", check_state_key);
  let kms = optional_text(reader, &fields, "kms_encryption_key", check_gcp_kms_key);
  Some(Backend::Gcs {
    bucket: bucket?,
    prefix,
    kms_encryption_key: kms,
  })
}

/// A check returns what is wrong and what would be right, or `None` when the value is good.
type Check = fn(&str) -> Option<(String, String)>;

fn required_text(
  reader: &mut Reader,
  fields: &Fields,
  key: &str,
  example: &str,
  check: Check,
) -> Option<String> {
  let node = reader.required(fields, key, example)?;
  text(reader, node, &fields.path(key), check)
}

fn optional_text(reader: &mut Reader, fields: &Fields, key: &str, check: Check) -> Option<String> {
  let node = fields.get(key)?;
  text(reader, node, &fields.path(key), check)
}

fn text(reader: &mut Reader, node: &Node, path: &YamlPath, check: Check) -> Option<String> {
  let value = reader.string(node, path)?;
  match check(value) {
    None => Some(value.to_owned()),
    Some((problem, help)) => {
      reader.report(Diagnostic::error(path.clone(), format!("{value:?} {problem}")).help(help));
      None
    }
  }
}

fn lower_digit(c: char) -> bool {
  c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn ends_ok(text: &str) -> bool {
  text.starts_with(lower_digit) && text.ends_with(lower_digit)
}

fn check_s3_bucket(name: &str) -> Option<(String, String)> {
  let help = "S3 bucket names are 3-63 lowercase letters, digits, `.` and `-`, start and end with a letter or digit, e.g. `acme-terraform-state`".to_owned();
  let chars_ok = name.chars().all(|c| lower_digit(c) || c == '.' || c == '-');
  let looks_like_ip = name.split('.').count() == 4
    && name
      .split('.')
      .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
  if !(3..=63).contains(&name.len()) || !chars_ok || !ends_ok(name) || name.contains("..") {
    return Some(("is not a valid S3 bucket name".to_owned(), help));
  }
  if looks_like_ip || name.starts_with("xn--") || name.ends_with("-s3alias") {
    return Some((
      "is a name S3 reserves (an IP address, `xn--` or `-s3alias`)".to_owned(),
      help,
    ));
  }
  None
}

fn check_gcs_bucket(name: &str) -> Option<(String, String)> {
  let help = "Cloud Storage bucket names are 3-63 lowercase letters, digits, `-`, `_` and `.` (up to 222 with dots, 63 per dot-separated part), start and end with a letter or digit, and do not start with `goog`".to_owned();
  let chars_ok = name
    .chars()
    .all(|c| lower_digit(c) || matches!(c, '-' | '_' | '.'));
  let max = if name.contains('.') { 222 } else { 63 };
  let parts_ok = name.split('.').all(|p| !p.is_empty() && p.len() <= 63);
  if !(3..=max).contains(&name.len()) || !chars_ok || !ends_ok(name) || !parts_ok {
    return Some(("is not a valid Cloud Storage bucket name".to_owned(), help));
  }
  if name.starts_with("goog") || name.contains("google") {
    return Some((
      "is reserved: Cloud Storage bucket names cannot start with `goog` or contain `google`"
        .to_owned(),
      help,
    ));
  }
  None
}

fn check_storage_account(name: &str) -> Option<(String, String)> {
  let ok = (3..=24).contains(&name.len()) && name.chars().all(lower_digit);
  (!ok).then(|| {
    (
      "is not a valid Azure storage account name".to_owned(),
      "storage account names are 3-24 lowercase letters and digits, e.g. `acmetfstate`".to_owned(),
    )
  })
}

fn check_container(name: &str) -> Option<(String, String)> {
  let ok = (3..=63).contains(&name.len())
    && name.chars().all(|c| lower_digit(c) || c == '-')
    && ends_ok(name)
    && !name.contains("--");
  (!ok).then(|| {
    (
      "is not a valid blob container name".to_owned(),
      "container names are 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit, e.g. `tfstate`".to_owned(),
    )
  })
}

fn check_resource_group(name: &str) -> Option<(String, String)> {
  let ok = (1..=90).contains(&name.chars().count())
    && name
      .chars()
      .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'))
    && !name.ends_with('.');
  (!ok).then(|| {
    (
      "is not a valid resource group name".to_owned(),
      "resource group names are 1-90 letters, digits, `-`, `_`, `.`, `(` and `)`, not ending with `.`".to_owned(),
    )
  })
}

/// State keys and prefixes are object names: relative, no empty or `..` segments.
fn check_state_key(key: &str) -> Option<(String, String)> {
  let ok = !key.is_empty()
    && key.len() <= 1024
    && !key.starts_with('/')
    && !key.ends_with('/')
    && key
      .split('/')
      .all(|s| !s.is_empty() && s != "." && s != "..")
    && !key.chars().any(char::is_control);
  (!ok).then(|| {
    (
      "is not a usable state path".to_owned(),
      "use a relative path of non-empty segments such as `support-chat/prod/terraform.tfstate`, or leave it out for that default".to_owned(),
    )
  })
}

fn check_kms_key_id(id: &str) -> Option<(String, String)> {
  let ok = (id.starts_with("arn:aws") && id.contains(":kms:"))
    || (id.starts_with("alias/") && id.len() > "alias/".len())
    || check_uuid(id).is_none();
  (!ok).then(|| {
    (
      "is not a KMS key id".to_owned(),
      "use a key ARN (`arn:aws:kms:us-east-1:111122223333:key/...`), an alias (`alias/terraform-state`) or a key id".to_owned(),
    )
  })
}

fn check_gcp_kms_key(name: &str) -> Option<(String, String)> {
  let parts: Vec<&str> = name.split('/').collect();
  let ok = parts.len() == 8
    && parts
      .iter()
      .step_by(2)
      .eq(["projects", "locations", "keyRings", "cryptoKeys"].iter())
    && parts.iter().all(|p| !p.is_empty());
  (!ok).then(|| {
    (
      "is not a Cloud KMS key name".to_owned(),
      "use the full name: `projects/P/locations/L/keyRings/R/cryptoKeys/K`".to_owned(),
    )
  })
}

fn check_uuid(text: &str) -> Option<(String, String)> {
  let groups: Vec<&str> = text.split('-').collect();
  let ok = groups.len() == 5
    && groups
      .iter()
      .zip([8, 4, 4, 4, 12])
      .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()));
  (!ok).then(|| {
    (
      "is not a UUID".to_owned(),
      "write it as 00000000-0000-0000-0000-000000000000".to_owned(),
    )
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn names_follow_each_service() {
    assert!(check_s3_bucket("acme-terraform-state").is_none());
    assert!(check_s3_bucket("Acme").is_some());
    assert!(check_s3_bucket("ab").is_some());
    assert!(check_s3_bucket("192.168.1.1").is_some());
    assert!(check_s3_bucket("a..b").is_some());
    assert!(check_gcs_bucket("acme_tf-state").is_none());
    assert!(check_gcs_bucket("google-state").is_some());
    assert!(check_gcs_bucket("-state").is_some());
    assert!(check_storage_account("acmetfstate").is_none());
    assert!(check_storage_account("acme-tf-state").is_some());
    assert!(check_container("tfstate").is_none());
    assert!(check_container("tf--state").is_some());
    assert!(check_state_key("chat/prod/terraform.tfstate").is_none());
    assert!(check_state_key("/abs").is_some());
    assert!(check_state_key("a/../b").is_some());
    assert!(check_kms_key_id("alias/tfstate").is_none());
    assert!(check_kms_key_id("tfstate").is_some());
    assert!(check_gcp_kms_key("projects/p/locations/l/keyRings/r/cryptoKeys/k").is_none());
    assert!(check_gcp_kms_key("projects/p/keyRings/r").is_some());
    assert!(check_uuid("00000000-0000-0000-0000-000000000000").is_none());
  }
}
