//! Azure names that more than one part of the plan derives: the accounts (their names are
//! also the DNS names callers reach), the resource group, and an endpoint's kind of account.

use crate::analysis::blueprint::{Blueprint, Endpoint};
use crate::analysis::catalog::AzureAccount;
use crate::analysis::models;
use crate::plan::naming::{self, fit};

// Azure name limits, in characters (Naming rules and restrictions for Azure resources,
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).

/// Resource groups: 1-90.
const RESOURCE_GROUP_NAME_MAX: usize = 90;
/// An account name is also its custom subdomain, a DNS label: at most 63.
const ACCOUNT_NAME_MAX: usize = 63;
/// Hex digits of the scope's hash that end a globally unique name, and the `-` before them.
const HASH: usize = 6;

/// What tells a Foundry account's names from the Azure OpenAI account's of the same region.
pub(crate) fn scope_suffix(account: AzureAccount) -> &'static str {
  match account {
    AzureAccount::OpenAi => "",
    AzureAccount::AiServices => "/ai-services",
  }
}

/// Account names double as the `<name>.openai.azure.com` subdomain (a Foundry account's also
/// `<name>.cognitiveservices.azure.com`): a DNS label of at most 63 characters, globally unique,
/// so they end in a hash of the blueprint's scope.
pub(crate) fn account_name(blueprint: &Blueprint, region: &str, account: AzureAccount) -> String {
  let scope = format!(
    "{}/azure/{region}{}",
    naming::scope(blueprint),
    scope_suffix(account)
  );
  let hash = naming::hex(&scope, HASH);
  let prefix = match account {
    AzureAccount::OpenAi => "oai",
    AzureAccount::AiServices => "ais",
  };
  let head = fit(
    &format!("{prefix}-{}-{region}", naming::stem(blueprint)),
    ACCOUNT_NAME_MAX - HASH - 1,
  );
  format!("{}-{hash}", head.trim_end_matches('-'))
}

/// The resource group that holds everything Switchyard creates on Azure.
pub(crate) fn resource_group(blueprint: &Blueprint) -> String {
  fit(
    &format!("rg-{}", naming::stem(blueprint)),
    RESOURCE_GROUP_NAME_MAX,
  )
}

/// The kind of account an Azure endpoint is deployed on.
pub(crate) fn account_of(endpoint: &Endpoint) -> AzureAccount {
  models::azure_deployment(&endpoint.model).0
}

/// The domain callers reach an account of `kind` on.
pub(crate) fn domain(kind: AzureAccount) -> &'static str {
  match kind {
    AzureAccount::OpenAi => "openai.azure.com",
    AzureAccount::AiServices => "cognitiveservices.azure.com",
  }
}
