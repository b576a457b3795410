//! Terraform's refactoring blocks for the blueprint's `moved_from`, `adopt` and `release`:
//! `moved` takes a renamed endpoint's objects to their new addresses, `import` adopts an
//! existing cloud object, `removed` with `destroy = false` lets one go without destroying it.
//!
//! All three are written in the root module with module-qualified addresses: Terraform allows
//! `import` blocks only there (https://developer.hashicorp.com/terraform/language/import), and
//! `moved`/`removed` may name objects in child modules from the calling module
//! (https://developer.hashicorp.com/terraform/language/modules/develop/refactoring), so one
//! file, `lifecycle.tf`, holds every lifecycle decision of the root for review.
//!
//! A `moved` block stays as long as the blueprint says `moved_from`: the same key keeps the
//! cloud-side names (`Endpoint::cloud_name`), and once the state has the new address the block
//! is a no-op that Terraform reports nothing for. An `import` block likewise is a no-op once the
//! object is in state; `removed` blocks go when the endpoint is deleted from the blueprint.

use serde::Serialize;

use crate::analysis::blueprint::{Blueprint, Endpoint, EndpointKind, Throughput};
use crate::input::diagnostic::Diagnostic;
use crate::input::error::Error;
use crate::input::yaml_path::YamlPath;

#[derive(Serialize, Default)]
pub(crate) struct Lifecycle {
  pub(crate) moved: Vec<Move>,
  pub(crate) imports: Vec<Import>,
  /// Objects released from management.
  pub(crate) removed: Vec<Address>,
}

/// `module.<module>.<resource_type>.<label>`, in parts, so the template writes each through
/// the `ident` filter.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Address {
  pub(crate) module: &'static str,
  pub(crate) resource_type: &'static str,
  pub(crate) label: String,
}

impl std::fmt::Display for Address {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    write!(
      f,
      "module.{}.{}.{}",
      self.module, self.resource_type, self.label
    )
  }
}

#[derive(Serialize)]
pub(crate) struct Move {
  pub(crate) from: Address,
  pub(crate) to: Address,
}

#[derive(Serialize)]
pub(crate) struct Import {
  pub(crate) to: Address,
  pub(crate) id: String,
}

/// The resources that belong to one endpoint alone, by the Terraform label the templates give
/// them: what a rename moves, a release lets go, and (the first) an adoption imports.
fn objects(endpoint: &Endpoint, label: &str) -> Vec<Address> {
  let at = |module, resource_type, label: String| Address {
    module,
    resource_type,
    label,
  };
  match &endpoint.kind {
    EndpointKind::Azure(_) => vec![at(
      "azure",
      "azurerm_cognitive_deployment",
      label.to_owned(),
    )],
    EndpointKind::Aws(model) => match model.throughput {
      Throughput::Provisioned { .. } => vec![at(
        "aws",
        "aws_bedrock_provisioned_model_throughput",
        label.to_owned(),
      )],
      Throughput::OnDemand => Vec::new(),
    },
    EndpointKind::Gcp(model) if model.dedicated => vec![
      at("gcp", "google_vertex_ai_endpoint", label.to_owned()),
      at("gcp", "google_kms_crypto_key", label.to_owned()),
      at(
        "gcp",
        "google_kms_crypto_key_iam_member",
        format!("{label}_vertex_agent"),
      ),
    ],
    EndpointKind::Gcp(_) => Vec::new(),
  }
}

/// The import ID Terraform's importer takes for the endpoint's main object.
fn import_id(endpoint: &Endpoint, adopt: &str) -> String {
  match &endpoint.kind {
    // `ARN NAME` (see analyzer::lifecycle): the resource imports by its ARN.
    EndpointKind::Aws(_) => adopt.split(' ').next().unwrap_or(adopt).to_owned(),
    _ => adopt.to_owned(),
  }
}

pub(crate) fn of(blueprint: &Blueprint) -> Result<Lifecycle, Error> {
  let mut lifecycle = Lifecycle::default();
  for endpoint in blueprint.endpoints.values() {
    let label = endpoint.name.label();
    let now = objects(endpoint, &label);
    if let Some(old) = &endpoint.moved_from {
      let before = objects(endpoint, &old.label());
      for (from, to) in before.into_iter().zip(&now) {
        lifecycle.moved.push(Move {
          from,
          to: to.clone(),
        });
      }
    }
    if let (Some(adopt), Some(to)) = (&endpoint.adopt, now.first()) {
      check_azure_account(blueprint, endpoint, adopt)?;
      lifecycle.imports.push(Import {
        to: to.clone(),
        id: import_id(endpoint, adopt),
      });
    }
  }
  for endpoint in blueprint.released.values() {
    lifecycle
      .removed
      .extend(objects(endpoint, &endpoint.name.label()));
  }
  Ok(lifecycle)
}

/// An adopted Azure deployment must live in the account Switchyard manages for its region;
/// otherwise the import would be followed by a replacement into the managed account.
fn check_azure_account(
  blueprint: &Blueprint,
  endpoint: &Endpoint,
  adopt: &str,
) -> Result<(), Error> {
  let EndpointKind::Azure(_) = endpoint.kind else {
    return Ok(());
  };
  let Ok(id) = crate::analysis::analyzer::lifecycle::azure_deployment(adopt) else {
    return Ok(());
  };
  let account = crate::plan::naming::azure::account_name(
    blueprint,
    &endpoint.region,
    crate::plan::naming::azure::account_of(endpoint),
  );
  let group = crate::plan::naming::azure::resource_group(blueprint);
  let subscription = blueprint
    .azure
    .as_ref()
    .and_then(|a| a.subscription_id.as_deref());
  let problem = if id.account != account {
    Some(format!(
      "the deployment is in account `{}`, but Switchyard manages `{account}` for {}",
      id.account, endpoint.region
    ))
  } else if id.resource_group != group {
    Some(format!(
      "the deployment is in resource group `{}`, but Switchyard's is `{group}`",
      id.resource_group
    ))
  } else if subscription.is_some_and(|s| !s.eq_ignore_ascii_case(id.subscription)) {
    Some(format!(
      "the deployment is in subscription {}, the blueprint's is {}",
      id.subscription,
      subscription.unwrap_or_default()
    ))
  } else {
    None
  };
  match problem {
    None => Ok(()),
    Some(message) => Err(Error::Blueprint {
      diagnostics: vec![
        Diagnostic::error(
          YamlPath::root()
            .key("endpoints")
            .key(endpoint.name.as_str())
            .key("adopt"),
          message,
        )
        .help("only deployments of the account Switchyard manages can be adopted; move the deployment, or deploy anew and retire the old one"),
      ],
    }),
  }
}
