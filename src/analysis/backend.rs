//! The optional state backend of a root module: where Terraform keeps its state.
//!
//! `analyzer::backend` validates the blueprint's `backend:` section into a `Backend`; this
//! module turns it into the settings `templates/root/versions.tf.j2` prints inside the
//! `terraform {}` block. Without a backend section Terraform keeps local state, its default.
//!
//! Settings that decide whether state is safe are fixed, not options: S3 state is encrypted
//! and locked with a lock file, Azure state is reached with Entra ID instead of storage keys.

use serde::Serialize;

/// The backend types Switchyard writes: the keys under `backend:`, and the label of
/// `backend "<type>"` in Terraform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BackendKind {
  S3,
  Azurerm,
  Gcs,
}

impl BackendKind {
  pub(crate) const ALL: [BackendKind; 3] =
    [BackendKind::S3, BackendKind::Azurerm, BackendKind::Gcs];

  pub(crate) fn key(self) -> &'static str {
    match self {
      BackendKind::S3 => "s3",
      BackendKind::Azurerm => "azurerm",
      BackendKind::Gcs => "gcs",
    }
  }

  pub(crate) fn parse(text: &str) -> Option<Self> {
    Self::ALL.into_iter().find(|k| k.key() == text)
  }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Backend {
  S3 {
    bucket: String,
    region: String,
    /// State object key; default `<name>/<environment>/terraform.tfstate`.
    key: Option<String>,
    kms_key_id: Option<String>,
  },
  Azurerm {
    storage_account_name: String,
    container_name: String,
    /// Blob name; default `<name>/<environment>/terraform.tfstate`.
    key: Option<String>,
    resource_group_name: Option<String>,
    subscription_id: Option<String>,
    tenant_id: Option<String>,
  },
  Gcs {
    bucket: String,
    /// Object prefix; default `<name>/<environment>`.
    prefix: Option<String>,
    kms_encryption_key: Option<String>,
  },
}

/// A setting's value as the template prints it: an HCL string or boolean literal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub(crate) enum Setting {
  Text(String),
  Flag(bool),
}

/// What the root template sees as `backend`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct BackendContext {
  /// The backend type, the label of `backend "<type>"`.
  #[serde(rename = "type")]
  pub(crate) kind: &'static str,
  /// The lowest Terraform version the backend settings need.
  pub(crate) required_version: &'static str,
  /// `(argument, value)` in the order they are printed.
  pub(crate) settings: Vec<(&'static str, Setting)>,
}

impl Backend {
  pub(crate) fn kind(&self) -> BackendKind {
    match self {
      Backend::S3 { .. } => BackendKind::S3,
      Backend::Azurerm { .. } => BackendKind::Azurerm,
      Backend::Gcs { .. } => BackendKind::Gcs,
    }
  }

  /// The backend's settings for a blueprint, defaults applied; also what `plan` compares.
  pub(crate) fn settings(&self, name: &str, environment: &str) -> Vec<(&'static str, Setting)> {
    let text = |value: &str| Setting::Text(value.to_owned());
    let state_key = format!("{name}/{environment}/terraform.tfstate");
    let mut settings = Vec::new();
    match self {
      Backend::S3 {
        bucket,
        region,
        key,
        kms_key_id,
      } => {
        settings.push(("bucket", text(bucket)));
        settings.push(("key", text(key.as_deref().unwrap_or(&state_key))));
        settings.push(("region", text(region)));
        settings.push(("encrypt", Setting::Flag(true)));
        if let Some(kms) = kms_key_id {
          settings.push(("kms_key_id", text(kms)));
        }
        // S3-native locking (Terraform 1.10+): no DynamoDB table to create and pay for.
        settings.push(("use_lockfile", Setting::Flag(true)));
      }
      Backend::Azurerm {
        storage_account_name,
        container_name,
        key,
        resource_group_name,
        subscription_id,
        tenant_id,
      } => {
        if let Some(group) = resource_group_name {
          settings.push(("resource_group_name", text(group)));
        }
        settings.push(("storage_account_name", text(storage_account_name)));
        settings.push(("container_name", text(container_name)));
        settings.push(("key", text(key.as_deref().unwrap_or(&state_key))));
        if let Some(subscription) = subscription_id {
          settings.push(("subscription_id", text(subscription)));
        }
        if let Some(tenant) = tenant_id {
          settings.push(("tenant_id", text(tenant)));
        }
        // Entra ID data-plane access: the runner needs a blob role, never the account key.
        settings.push(("use_azuread_auth", Setting::Flag(true)));
      }
      Backend::Gcs {
        bucket,
        prefix,
        kms_encryption_key,
      } => {
        settings.push(("bucket", text(bucket)));
        let default_prefix = format!("{name}/{environment}");
        settings.push(("prefix", text(prefix.as_deref().unwrap_or(&default_prefix))));
        if let Some(kms) = kms_encryption_key {
          settings.push(("kms_encryption_key", text(kms)));
        }
      }
    }
    settings
  }

  /// What the root template sees for a root named `identity` in `environment` (the
  /// blueprint's identity: a renamed blueprint keeps its state where it was).
  pub(crate) fn context(&self, identity: &str, environment: &str) -> BackendContext {
    BackendContext {
      kind: self.kind().key(),
      required_version: match self {
        // `use_lockfile` arrived in Terraform 1.10.
        Backend::S3 { .. } => ">= 1.10",
        Backend::Azurerm { .. } | Backend::Gcs { .. } => ">= 1.9",
      },
      settings: self.settings(identity, environment),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn defaults_make_one_state_per_root() {
    let s3 = Backend::S3 {
      bucket: "acme-state".to_owned(),
      region: "us-east-1".to_owned(),
      key: None,
      kms_key_id: None,
    };
    let settings = s3.settings("chat", "prod");
    assert!(settings.contains(&(
      "key",
      Setting::Text("chat/prod/terraform.tfstate".to_owned())
    )));
    assert!(settings.contains(&("encrypt", Setting::Flag(true))));
    assert!(settings.contains(&("use_lockfile", Setting::Flag(true))));

    let gcs = Backend::Gcs {
      bucket: "acme-state".to_owned(),
      prefix: None,
      kms_encryption_key: None,
    };
    assert!(
      gcs
        .settings("chat", "staging")
        .contains(&("prefix", Setting::Text("chat/staging".to_owned())))
    );

    let azure = Backend::Azurerm {
      storage_account_name: "acmestate".to_owned(),
      container_name: "tfstate".to_owned(),
      key: Some("custom.tfstate".to_owned()),
      resource_group_name: None,
      subscription_id: None,
      tenant_id: None,
    };
    let settings = azure.settings("chat", "prod");
    assert!(settings.contains(&("key", Setting::Text("custom.tfstate".to_owned()))));
    assert!(settings.contains(&("use_azuread_auth", Setting::Flag(true))));
  }
}
