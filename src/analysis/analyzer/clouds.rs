//! `clouds:` — each cloud's home region and private address space.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::reader::Reader;
use crate::analysis::addressing;
use crate::analysis::blueprint::{AwsCloud, AzureCloud, EntraEgress, GcpCloud};
use crate::analysis::cloud::Cloud;
use crate::analysis::regions;
use crate::analysis::suggest;
use crate::input::diagnostic::Diagnostic;
use crate::input::node::Node;
use crate::input::yaml_path::YamlPath;

#[derive(Default)]
pub(crate) struct Clouds {
  pub(crate) azure: Option<AzureCloud>,
  pub(crate) aws: Option<AwsCloud>,
  pub(crate) gcp: Option<GcpCloud>,
  /// Clouds that are configured but failed validation: endpoints on them are not reported
  /// again as "cloud not configured".
  pub(crate) broken: Vec<Cloud>,
}

impl Clouds {
  pub(crate) fn home_region(&self, cloud: Cloud) -> Option<&str> {
    match cloud {
      Cloud::Azure => self.azure.as_ref().map(|c| c.region.as_str()),
      Cloud::Aws => self.aws.as_ref().map(|c| c.region.as_str()),
      Cloud::Gcp => self.gcp.as_ref().map(|c| c.region.as_str()),
    }
  }

  pub(crate) fn configured(&self) -> Vec<Cloud> {
    Cloud::ALL
      .into_iter()
      .filter(|c| self.home_region(*c).is_some())
      .collect()
  }
}

pub(crate) const AZURE_KEYS: &[&str] = &["region", "cidr", "subscription_id", "callers"];
pub(crate) const AWS_KEYS: &[&str] = &["region", "cidr", "entra_id_egress"];
pub(crate) const GCP_KEYS: &[&str] = &["project", "region", "cidr", "entra_id_egress"];

pub(crate) fn read(reader: &mut Reader, node: &Node, path: &YamlPath) -> Clouds {
  let keys: Vec<&str> = Cloud::ALL.iter().map(|c| c.key()).collect();
  let mut clouds = Clouds::default();
  let Some(fields) = reader.mapping(node, path, "`clouds`", &keys) else {
    return clouds;
  };
  if fields.entries.is_empty() {
    reader.report(
      Diagnostic::error(path.clone(), "no cloud is configured")
        .help("configure at least one of `azure`, `aws`, `gcp`"),
    );
  }
  let mut cidrs: Vec<(Cloud, Ipv4Net)> = Vec::new();
  for (key, value) in fields.entries {
    let Some(cloud) = Cloud::parse(key) else {
      continue;
    };
    let path = fields.path(key);
    let problems_before = reader.problems.len();
    let allowed = match cloud {
      Cloud::Azure => AZURE_KEYS,
      Cloud::Aws => AWS_KEYS,
      Cloud::Gcp => GCP_KEYS,
    };
    let what = format!("`clouds.{key}`");
    let Some(entry) = reader.mapping(value, &path, &what, allowed) else {
      clouds.broken.push(cloud);
      continue;
    };
    let region = reader
      .required(&entry, "region", default_region(cloud))
      .and_then(|node| read_region(reader, node, &entry.path("region"), cloud, None))
      .filter(|region| {
        let network = regions::is_network(cloud, region);
        if !network {
          reader.report(
            Diagnostic::error(
              entry.path("region"),
              format!("`{region}` is a Vertex AI location, not a region a network can be in"),
            )
            .help(format!(
              "give the cloud a region (e.g. `{}`) and set `region: {region}` on the endpoints served there",
              default_region(cloud)
            )),
          );
        }
        network
      });
    let cidr = reader
      .required(&entry, "cidr", default_cidr(cloud))
      .and_then(|node| read_cidr(reader, node, &entry.path("cidr"), cloud));
    if let Some(cidr) = cidr {
      for (other, other_cidr) in &cidrs {
        if cidr.contains(&other_cidr.network()) || other_cidr.contains(&cidr.network()) {
          reader.report(
            Diagnostic::error(
              entry.path("cidr"),
              format!("{cidr} overlaps {other_cidr}, the cidr of `clouds.{other}`"),
            )
            .help("each cloud needs its own private address space so the clouds can be joined by VPN; pick ranges that do not overlap, e.g. 10.10.0.0/16, 10.20.0.0/16, 10.30.0.0/16"),
          );
        }
      }
      cidrs.push((cloud, cidr));
    }
    match cloud {
      Cloud::Azure => {
        // Issue 18: Azure OpenAI subdomains and Key Vault names are unique worldwide. They are
        // derived from the blueprint, and the subscription id is the only thing in it that is
        // unique to an organisation; without it two organisations' blueprints of the same name
        // derive the same names and the second apply fails on a name already taken. Names must
        // be known when Switchyard renders (DNS forwarding, the runtime files), so a value kept
        // in Terraform state cannot stand in for it.
        if entry.get("subscription_id").is_none() {
          reader.report(
            Diagnostic::error(
              entry.path.clone(),
              "`clouds.azure` is missing the required key `subscription_id`",
            )
            .help("add `subscription_id: <the subscription to deploy into>`: Azure OpenAI subdomains and Key Vault names are unique worldwide, and the subscription id is what keeps them distinct from another organisation's blueprint of the same name. On a blueprint already applied without it, adding it renames (so replaces) the Azure accounts and key vaults"),
          );
        }
        let subscription_id = entry.get("subscription_id").and_then(|node| {
          let path = entry.path("subscription_id");
          let text = reader.string(node, &path)?;
          if is_uuid(text) {
            Some(text.to_ascii_lowercase())
          } else {
            reader.report(
              Diagnostic::error(path, format!("{text:?} is not an Azure subscription id"))
                .help("a subscription id is a UUID such as 00000000-0000-0000-0000-000000000000"),
            );
            None
          }
        });
        let callers = entry
          .get("callers")
          .and_then(|node| read_callers(reader, node, &entry.path("callers"), cidr?));
        if let (Some(region), Some(cidr)) = (region, cidr) {
          clouds.azure = Some(AzureCloud {
            region,
            cidr,
            subscription_id,
            callers,
          });
        }
      }
      Cloud::Aws => {
        let entra_id_egress = entry
          .get("entra_id_egress")
          .map_or(EntraEgress::Off, |node| {
            read_entra_egress(reader, node, &entry.path("entra_id_egress"), cloud)
          });
        if let (Some(region), Some(cidr)) = (region, cidr) {
          clouds.aws = Some(AwsCloud {
            region,
            cidr,
            entra_id_egress,
          });
        }
      }
      Cloud::Gcp => {
        let project = reader
          .required(&entry, "project", "acme-ml-prod")
          .and_then(|node| read_project(reader, node, &entry.path("project")));
        let entra_id_egress = entry
          .get("entra_id_egress")
          .map_or(EntraEgress::Off, |node| {
            read_entra_egress(reader, node, &entry.path("entra_id_egress"), cloud)
          });
        if let (Some(project), Some(region), Some(cidr)) = (project, region, cidr) {
          clouds.gcp = Some(GcpCloud {
            project,
            region,
            cidr,
            entra_id_egress,
          });
        }
      }
    }
    if reader.problems.len() > problems_before {
      clouds.broken.push(cloud);
    }
  }
  clouds
}

fn default_region(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => "eastus2",
    Cloud::Aws => "us-east-1",
    Cloud::Gcp => "us-central1",
  }
}

fn default_cidr(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => "10.10.0.0/16",
    Cloud::Aws => "10.20.0.0/16",
    Cloud::Gcp => "10.30.0.0/16",
  }
}

/// Reads a region name of `cloud`; `home` is named in the help when given.
pub(crate) fn read_region(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  cloud: Cloud,
  home: Option<&str>,
) -> Option<String> {
  let text = reader.string(node, path)?;
  if regions::is_known(cloud, text) {
    return Some(text.to_owned());
  }
  let mut help = match suggest::nearest(text, regions::known(cloud).iter().copied()) {
    Some(near) => format!("did you mean `{near}`?"),
    None => format!(
      "{cloud} regions are named like `{}`; see `switchyard` docs for the list",
      default_region(cloud)
    ),
  };
  if let Some(home) = home {
    help.push_str(&format!(
      " Leave `region` out to use the cloud's region, `{home}`."
    ));
  }
  reader.report(
    Diagnostic::error(
      path.clone(),
      format!("`{text}` is not a known {cloud} region"),
    )
    .help(help),
  );
  None
}

/// `clouds.<aws|gcp>.entra_id_egress` (issue 18): `off`, `external`, and on GCP `auto`.
/// Switchyard renders no AWS path to Entra ID (docs/federation.md says why), so `auto` there
/// is an error that says what to write instead.
fn read_entra_egress(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  cloud: Cloud,
) -> EntraEgress {
  let choices = EntraEgress::ALL.map(|e| (e.key(), e));
  let Some(value) = reader.choice(node, path, &choices) else {
    return EntraEgress::Off;
  };
  if cloud == Cloud::Aws && value == EntraEgress::Auto {
    reader.report(
      Diagnostic::error(
        path.clone(),
        "Switchyard renders no AWS egress to Microsoft Entra ID, so `auto` is not available on `clouds.aws`",
      )
      .help("write `external` once the callers in AWS reach login.microsoftonline.com through a path you run (a NAT gateway behind AWS Network Firewall with a domain allow-list, or a proxy; docs/federation.md), or `off`"),
    );
    return EntraEgress::Off;
  }
  value
}

/// `clouds.azure.callers`: a subnet of the Azure space outside the blocks Switchyard carves
/// (the first three /24s), large enough for Azure (a /29 at least: Azure keeps five addresses).
fn read_callers(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  space: Ipv4Net,
) -> Option<Ipv4Net> {
  let example = format!(
    "write a subnet of {space}, e.g. `{}`",
    addressing::azure_callers(space).map_or_else(String::new, |n| n.to_string())
  );
  let net = read_block(reader, node, path, example)?;
  if !space.contains(&net) {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("{net} is not inside `clouds.azure.cidr` {space}"),
      )
      .help("callers run in the Azure virtual network: give a subnet of its address space"),
    );
    return None;
  }
  if net.prefix_len() > 29 {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("{net} is too small for an Azure subnet"),
      )
      .help("Azure keeps five addresses of every subnet; use a /29 or larger"),
    );
    return None;
  }
  if let Some(carved) = addressing::azure_carved(space)
    .find(|b| b.contains(&net.network()) || net.contains(&b.network()))
  {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("{net} overlaps {carved}, which Switchyard carves for its own subnets"),
      )
      .help(format!(
        "{}; the default for callers is the fourth /24, {}",
        addressing::layout_summary(Cloud::Azure),
        addressing::azure_callers(space).map_or_else(String::new, |n| n.to_string())
      )),
    );
    return None;
  }
  Some(net)
}

/// A CIDR block as written: it parses, and has no host bits set. `example` is the help for
/// text that is not a block at all.
fn read_block(
  reader: &mut Reader,
  node: &Node,
  path: &YamlPath,
  example: String,
) -> Option<Ipv4Net> {
  let text = reader.string(node, path)?;
  let Ok(net) = text.trim().parse::<Ipv4Net>() else {
    reader.report(
      Diagnostic::error(path.clone(), format!("{text:?} is not an IPv4 CIDR block")).help(example),
    );
    return None;
  };
  if net.network() != net.addr() {
    reader.report(
      Diagnostic::error(path.clone(), format!("{text} has host bits set"))
        .help(format!("did you mean `{}`?", net.trunc())),
    );
    return None;
  }
  Some(net)
}

fn read_cidr(reader: &mut Reader, node: &Node, path: &YamlPath, cloud: Cloud) -> Option<Ipv4Net> {
  let example = format!(
    "write an address and a prefix length, e.g. `{}`",
    default_cidr(cloud)
  );
  let net = read_block(reader, node, path, example)?;
  if !is_private(&net) {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("{net} is not a private (RFC 1918) address range"),
      )
      .help("use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"),
    );
    return None;
  }
  let (largest, smallest) = addressing::prefix_bounds(cloud);
  if net.prefix_len() > smallest {
    reader.report(
      Diagnostic::error(
        path.clone(),
        format!("{net} is too small for what Switchyard carves from it"),
      )
      .help(format!(
        "{}; use a /{smallest} or larger",
        addressing::layout_summary(cloud)
      )),
    );
    return None;
  }
  if net.prefix_len() < largest {
    reader.report(
      Diagnostic::error(path.clone(), format!("{net} is larger than {cloud} allows")).help(
        format!(
          "{}; use a /{largest} or smaller",
          addressing::layout_summary(cloud)
        ),
      ),
    );
    return None;
  }
  Some(net)
}

fn is_private(net: &Ipv4Net) -> bool {
  let ranges = [
    Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new(Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new(Ipv4Addr::new(192, 168, 0, 0), 16),
  ];
  ranges
    .into_iter()
    .flatten()
    .any(|range| range.contains(net))
}

fn read_project(reader: &mut Reader, node: &Node, path: &YamlPath) -> Option<String> {
  let text = reader.string(node, path)?;
  let length = text.chars().count();
  let charset_ok = text
    .chars()
    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
  let ok = (6..=30).contains(&length)
    && charset_ok
    && text.starts_with(|c: char| c.is_ascii_lowercase())
    && !text.ends_with('-');
  if ok {
    return Some(text.to_owned());
  }
  reader.report(
    Diagnostic::error(path.clone(), format!("{text:?} is not a valid GCP project id"))
      .help("a project id is 6 to 30 lowercase letters, digits or `-`, starts with a letter and does not end with `-` (e.g. `acme-ml-prod`)"),
  );
  None
}

fn is_uuid(text: &str) -> bool {
  let groups: Vec<&str> = text.split('-').collect();
  groups.len() == 5
    && groups
      .iter()
      .zip([8, 4, 4, 4, 12])
      .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}
