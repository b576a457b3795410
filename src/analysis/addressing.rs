//! Carving each cloud's `cidr` into the blocks Switchyard places there.
//!
//! Layouts are fixed offsets, not packed allocations: adding a region or (later) a VPN gateway
//! never renumbers an existing subnet, because renumbering a subnet replaces everything in it.
//!
//! - Azure: the home VNet is the whole cidr. Its first /24 holds private endpoints; the second
//!   /24 starts with the /27 GatewaySubnet; the third holds the DNS resolver's /28s.
//! - AWS: the cidr is cut into 16 equal VPC blocks, one per region (home region first, then the
//!   others by name); each VPC is cut into 4 subnets, the first two used (two zones). The third
//!   is cut into /28s for the transit network: #0 and #1 the transit gateway attachment subnets,
//!   #2 and #3 the Route 53 Resolver endpoints (one per zone each).
//! - GCP: the cidr is cut into 16 equal subnet blocks, one per region as for AWS; the last
//!   block is kept for addresses outside every subnet (the Private Service Connect endpoint).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::analysis::cloud::Cloud;

/// The largest and smallest prefix length a cloud's cidr may have.
pub(crate) fn prefix_bounds(cloud: Cloud) -> (u8, u8) {
  match cloud {
    // An AWS VPC may be at most a /16, and each region gets a sixteenth.
    Cloud::Aws => (12, 22),
    Cloud::Azure | Cloud::Gcp => (8, 22),
  }
}

/// How many regions a cloud's layout has room for.
pub(crate) fn max_regions(cloud: Cloud) -> usize {
  match cloud {
    Cloud::Azure => usize::MAX,
    Cloud::Aws => 16,
    Cloud::Gcp => 15,
  }
}

pub(crate) fn layout_summary(cloud: Cloud) -> &'static str {
  match cloud {
    Cloud::Azure => {
      "Switchyard carves a /24 for private endpoints, a /27 GatewaySubnet and two /28 DNS resolver subnets at fixed offsets"
    }
    Cloud::Aws => {
      "Switchyard cuts the cidr into 16 VPCs (one per region, at most a /16 each) of 4 subnets (at least /28 each)"
    }
    Cloud::Gcp => {
      "Switchyard cuts the cidr into 16 blocks: a subnet per region and one for Private Service Connect"
    }
  }
}

/// The `index`-th block of `parent` with prefix length `prefix`.
fn block(parent: Ipv4Net, prefix: u8, index: u32) -> Option<Ipv4Net> {
  let size = 1u32.checked_shl(32 - u32::from(prefix))?;
  let start = u32::from(parent.network()).checked_add(size.checked_mul(index)?)?;
  let net = Ipv4Net::new(Ipv4Addr::from(start), prefix).ok()?;
  parent.contains(&net).then_some(net)
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct AzureLayout {
  pub(crate) vnet: Ipv4Net,
  pub(crate) private_endpoints: Ipv4Net,
  pub(crate) gateway: Ipv4Net,
  pub(crate) resolver_inbound: Ipv4Net,
  pub(crate) resolver_outbound: Ipv4Net,
}

pub(crate) fn azure(cidr: Ipv4Net) -> Option<AzureLayout> {
  let third = block(cidr, 24, 2)?;
  Some(AzureLayout {
    vnet: cidr,
    private_endpoints: block(cidr, 24, 0)?,
    gateway: block(block(cidr, 24, 1)?, 27, 0)?,
    resolver_inbound: block(third, 28, 0)?,
    resolver_outbound: block(third, 28, 1)?,
  })
}

/// The blocks Switchyard carves from the Azure space for its own subnets: the first three /24s.
pub(crate) fn azure_carved(cidr: Ipv4Net) -> impl Iterator<Item = Ipv4Net> {
  (0..3).filter_map(move |index| block(cidr, 24, index))
}

/// The default subnet of Azure callers: the fourth /24 (every Azure cidr is a /22 or larger).
pub(crate) fn azure_callers(cidr: Ipv4Net) -> Option<Ipv4Net> {
  block(cidr, 24, 3)
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct AwsRegionLayout {
  pub(crate) vpc: Ipv4Net,
  pub(crate) subnets: [Ipv4Net; 2],
}

/// The VPC of the `index`-th region (0 = home).
pub(crate) fn aws(cidr: Ipv4Net, index: usize) -> Option<AwsRegionLayout> {
  let vpc = block(cidr, cidr.prefix_len() + 4, u32::try_from(index).ok()?)?;
  let prefix = vpc.prefix_len() + 2;
  Some(AwsRegionLayout {
    vpc,
    subnets: [block(vpc, prefix, 0)?, block(vpc, prefix, 1)?],
  })
}

/// The prefix length an AWS cidr may have at most when the transit network is built: the
/// third quarter of each VPC must hold four /28s.
pub(crate) const AWS_TRANSIT_MAX_PREFIX: u8 = 20;

pub(crate) const AWS_TRANSIT_SUMMARY: &str = "each region's VPC is a sixteenth of the cidr, and the transit gateway attachments and Route 53 Resolver endpoints take four /28s of its third quarter";

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct AwsTransitLayout {
  /// Transit gateway attachment subnets, one per zone.
  pub(crate) attachments: [Ipv4Net; 2],
  /// Route 53 Resolver endpoint subnets, one per zone.
  pub(crate) resolver: [Ipv4Net; 2],
}

/// The transit /28s of the `index`-th region's VPC, if the cidr has room for them.
pub(crate) fn aws_transit(cidr: Ipv4Net, index: usize) -> Option<AwsTransitLayout> {
  let vpc = block(cidr, cidr.prefix_len() + 4, u32::try_from(index).ok()?)?;
  let third = block(vpc, vpc.prefix_len() + 2, 2)?;
  if third.prefix_len() > 28 {
    return None;
  }
  Some(AwsTransitLayout {
    attachments: [block(third, 28, 0)?, block(third, 28, 1)?],
    resolver: [block(third, 28, 2)?, block(third, 28, 3)?],
  })
}

/// The `offset`-th address of `net`, if it is a host address both Azure and AWS let a
/// resource have: each keeps the first four and the last address of a subnet.
pub(crate) fn host(net: Ipv4Net, offset: u32) -> Option<Ipv4Addr> {
  let address = u32::from(net.network()).checked_add(offset)?;
  (offset >= 4 && address < u32::from(net.broadcast())).then(|| Ipv4Addr::from(address))
}

/// The subnet of the `index`-th GCP region (0 = home); the last block is never a subnet.
pub(crate) fn gcp_subnet(cidr: Ipv4Net, index: usize) -> Option<Ipv4Net> {
  let index = u32::try_from(index).ok().filter(|i| *i < 15)?;
  block(cidr, cidr.prefix_len() + 4, index)
}

/// The Private Service Connect address for Google APIs: the last usable host of the reserved
/// last block, outside every subnet.
pub(crate) fn gcp_psc_address(cidr: Ipv4Net) -> Ipv4Addr {
  Ipv4Addr::from(u32::from(cidr.broadcast()).saturating_sub(1))
}

#[cfg(test)]
mod tests {
  use super::*;

  fn net(s: &str) -> Ipv4Net {
    s.parse().unwrap()
  }

  #[test]
  fn azure_layout_is_fixed() {
    let layout = azure(net("10.10.0.0/16")).unwrap();
    assert_eq!(layout.private_endpoints, net("10.10.0.0/24"));
    assert_eq!(layout.gateway, net("10.10.1.0/27"));
    assert_eq!(layout.resolver_inbound, net("10.10.2.0/28"));
    assert_eq!(layout.resolver_outbound, net("10.10.2.16/28"));
    assert!(azure(net("10.10.0.0/22")).is_some());
  }

  #[test]
  fn aws_regions_get_sixteenths() {
    let home = aws(net("10.20.0.0/16"), 0).unwrap();
    assert_eq!(home.vpc, net("10.20.0.0/20"));
    assert_eq!(home.subnets, [net("10.20.0.0/22"), net("10.20.4.0/22")]);
    assert_eq!(
      aws(net("10.20.0.0/16"), 1).unwrap().vpc,
      net("10.20.16.0/20")
    );
    assert_eq!(
      aws(net("10.20.0.0/22"), 15).unwrap().subnets[1],
      net("10.20.3.208/28")
    );
    assert!(aws(net("10.20.0.0/16"), 16).is_none());
  }

  #[test]
  fn aws_transit_subnets_fill_the_third_quarter() {
    let transit = aws_transit(net("10.20.0.0/16"), 0).unwrap();
    assert_eq!(
      transit.attachments,
      [net("10.20.8.0/28"), net("10.20.8.16/28")]
    );
    assert_eq!(
      transit.resolver,
      [net("10.20.8.32/28"), net("10.20.8.48/28")]
    );
    assert_eq!(
      aws_transit(net("10.20.0.0/16"), 1).unwrap().attachments[0],
      net("10.20.24.0/28")
    );
    assert!(aws_transit(net("10.20.0.0/20"), 15).is_some());
    assert!(aws_transit(net("10.20.0.0/21"), 0).is_none());
    assert_eq!(
      host(net("10.20.8.32/28"), 4),
      Some(Ipv4Addr::new(10, 20, 8, 36))
    );
    assert_eq!(host(net("10.20.8.32/28"), 3), None);
    assert_eq!(host(net("10.20.8.32/28"), 15), None);
  }

  #[test]
  fn gcp_keeps_the_last_block_free() {
    let cidr = net("10.30.0.0/16");
    assert_eq!(gcp_subnet(cidr, 1), Some(net("10.30.16.0/20")));
    assert_eq!(gcp_subnet(cidr, 15), None);
    let psc = gcp_psc_address(cidr);
    assert_eq!(psc, Ipv4Addr::new(10, 30, 255, 254));
    assert!((0..15).all(|i| !gcp_subnet(cidr, i).unwrap().contains(&psc)));
  }
}
