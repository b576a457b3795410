//! The three clouds and the per-cloud option values a blueprint may choose.
//!
//! Each enum has one word table (`key`, or `as_str` for the SKUs, whose words are Azure's):
//! the blueprint is read with it, and templates, text and JSON show it, serde included.

use std::fmt;

/// Serializes an enum as the word of its one table.
macro_rules! serialize_as {
  ($type:ty, $word:ident) => {
    impl serde::Serialize for $type {
      fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.$word())
      }
    }
  };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Cloud {
  Azure,
  Aws,
  Gcp,
}

impl Cloud {
  pub(crate) const ALL: [Cloud; 3] = [Cloud::Azure, Cloud::Aws, Cloud::Gcp];

  pub(crate) fn key(self) -> &'static str {
    match self {
      Cloud::Azure => "azure",
      Cloud::Aws => "aws",
      Cloud::Gcp => "gcp",
    }
  }

  pub(crate) fn parse(text: &str) -> Option<Self> {
    Self::ALL.into_iter().find(|c| c.key() == text)
  }
}

serialize_as!(Cloud, key);

impl fmt::Display for Cloud {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(self.key())
  }
}

/// Azure OpenAI deployment SKUs. Provisioned ones are bought in PTUs with a minimum and an
/// increment; the others in thousands of tokens per minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum AzureSku {
  Standard,
  GlobalStandard,
  DataZoneStandard,
  ProvisionedManaged,
  GlobalProvisionedManaged,
  DataZoneProvisionedManaged,
}

serialize_as!(AzureSku, as_str);

impl AzureSku {
  pub(crate) const ALL: [AzureSku; 6] = [
    AzureSku::Standard,
    AzureSku::GlobalStandard,
    AzureSku::DataZoneStandard,
    AzureSku::ProvisionedManaged,
    AzureSku::GlobalProvisionedManaged,
    AzureSku::DataZoneProvisionedManaged,
  ];

  pub(crate) fn as_str(self) -> &'static str {
    match self {
      AzureSku::Standard => "Standard",
      AzureSku::GlobalStandard => "GlobalStandard",
      AzureSku::DataZoneStandard => "DataZoneStandard",
      AzureSku::ProvisionedManaged => "ProvisionedManaged",
      AzureSku::GlobalProvisionedManaged => "GlobalProvisionedManaged",
      AzureSku::DataZoneProvisionedManaged => "DataZoneProvisionedManaged",
    }
  }

  /// Minimum and increment of PTUs for provisioned SKUs, for a model the catalog does not
  /// know (`unlisted: true`). Azure publishes these per model and the catalog records them
  /// (`models::azure_ptu_rule`); the general values are the flagship chat models': global and
  /// data-zone deployments start at 15 PTUs in steps of 5, regional ones at 50 in steps of 50.
  pub(crate) fn ptu_rule(self) -> Option<(u32, u32)> {
    match self {
      AzureSku::GlobalProvisionedManaged | AzureSku::DataZoneProvisionedManaged => Some((15, 5)),
      AzureSku::ProvisionedManaged => Some((50, 50)),
      _ => None,
    }
  }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Commitment {
  OneMonth,
  SixMonths,
  None,
}

serialize_as!(Commitment, key);

impl Commitment {
  pub(crate) const ALL: [Commitment; 3] = [
    Commitment::OneMonth,
    Commitment::SixMonths,
    Commitment::None,
  ];

  pub(crate) fn key(self) -> &'static str {
    match self {
      Commitment::OneMonth => "one_month",
      Commitment::SixMonths => "six_months",
      Commitment::None => "none",
    }
  }

  /// The value of `commitment_duration` in `aws_bedrock_provisioned_model_throughput`.
  pub(crate) fn terraform(self) -> Option<&'static str> {
    match self {
      Commitment::OneMonth => Some("OneMonth"),
      Commitment::SixMonths => Some("SixMonths"),
      Commitment::None => None,
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn json_shows_the_word_the_blueprint_uses() {
    // Issue 19: one table per enum; serde used to have its own (`rename_all`).
    for cloud in Cloud::ALL {
      assert_eq!(serde_json::to_value(cloud).ok(), Some(cloud.key().into()));
    }
    for commitment in Commitment::ALL {
      assert_eq!(
        serde_json::to_value(commitment).ok(),
        Some(commitment.key().into())
      );
    }
    for sku in AzureSku::ALL {
      assert_eq!(serde_json::to_value(sku).ok(), Some(sku.as_str().into()));
    }
    assert_eq!(
      serde_json::to_string(&Commitment::SixMonths)
        .ok()
        .as_deref(),
      Some("\"six_months\"")
    );
  }
}
