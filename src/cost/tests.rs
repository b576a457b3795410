//! Issue 16: the arithmetic of a plan's cost, pinned against figures computed by hand.

use super::*;
use crate::cloud::Cloud;
use crate::test_support;

/// Reserved-capacity figures a repository would supply in its overlay (the built-in list has
/// none: see catalog/prices.yaml). They are test inputs, not list prices.
const OVERLAY: &str = "prices:
  azure/ptu/ProvisionedManaged:
    per_unit_hour: 2
    source: https://example.com/agreement
    read: 2026-11-30
  aws/provisioned/amazon.nova-pro-v1:0/six_months:
    per_unit_hour: 20.5
    source: https://example.com/agreement
    read: 2026-11-30
  aws/provisioned/amazon.nova-pro-v1:0/one_month:
    per_unit_hour: 24
    source: https://example.com/agreement
    read: 2026-11-30
";

const AWS: &str = "version: 1
name: search
clouds:
  aws: {region: us-east-1, cidr: 10.50.0.0/16}
endpoints:
  nova-ptu: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 2, commitment: six_months}
  nova-lite: {cloud: aws, model: us.amazon.nova-lite-v1:0}
  haiku: {cloud: aws, model: anthropic.claude-3-5-haiku-20241022-v1:0}
workloads:
  answer:
    failover: [nova-ptu, nova-lite, haiku]
    expected: {input_tokens_per_month: 100000000, output_tokens_per_month: 20000000}
    budget: {monthly: 20000}
";

const AZURE: &str = "version: 1
name: contracts
clouds:
  azure: {region: eastus2, cidr: 10.40.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}
endpoints:
  gpt-west: {cloud: azure, region: westus3, model: gpt-4.1, sku: ProvisionedManaged, capacity: 50}
  gpt-east: {cloud: azure, model: gpt-4.1, sku: GlobalProvisionedManaged, capacity: 15}
workloads:
  review: {failover: [gpt-west, gpt-east]}
";

fn prices() -> Prices {
  prices::read(Some(("switchyard-catalog.yaml", OVERLAY))).unwrap_or_else(|e| panic!("{e}"))
}

fn day(text: &str) -> Date {
  Date::parse(text).unwrap_or_else(|| panic!("{text}"))
}

fn cost(before: Option<&str>, after: &str) -> RootCost {
  let blueprint = test_support::blueprint(after);
  let before = before.map(|b| Summary::of(&test_support::blueprint(b)));
  of(
    &prices(),
    before.as_ref(),
    &Summary::of(&blueprint),
    &blueprint,
    day("2026-12-02"),
  )
}

fn close(actual: f64, expected: f64) {
  assert!((actual - expected).abs() < 1e-6, "{actual} != {expected}");
}

#[test]
fn reserved_capacity_is_units_times_the_hourly_price_times_730_hours() {
  // 50 PTU × 2 USD × 730 h = 73,000 USD; the Global deployment has no price: left out.
  let cost = cost(None, AZURE);
  assert_eq!(cost.endpoints.len(), 2);
  let west = &cost.endpoints[1];
  assert_eq!((west.endpoint.as_str(), west.units), ("gpt-west", 50));
  close(west.monthly.unwrap_or_default(), 73_000.0);
  assert_eq!(
    west
      .citation
      .as_ref()
      .map(|c| (c.price.as_str(), c.overlay)),
    Some(("azure/ptu/ProvisionedManaged", true))
  );
  assert_eq!(cost.endpoints[0].monthly, None);
  assert!(cost.endpoints[0].unpriced.is_some());
  close(cost.monthly_fixed, 73_000.0);
  assert!(!cost.complete);
  assert_eq!(cost.monthly_fixed_before, None);
}

#[test]
fn a_capacity_change_shows_before_and_after() {
  // Issue 16: `capacity: 50` → `capacity: 100` doubles 73,000 to 146,000 USD a month.
  let cost = cost(Some(AZURE), &AZURE.replace("capacity: 50", "capacity: 100"));
  let west = &cost.endpoints[1];
  assert_eq!(west.units_before, Some(50));
  close(west.monthly_before.unwrap_or_default(), 73_000.0);
  close(west.monthly.unwrap_or_default(), 146_000.0);
  close(
    cost.monthly_fixed - cost.monthly_fixed_before.unwrap_or_default(),
    73_000.0,
  );
  let headline = show::headline(&cost);
  assert!(
    headline.contains("73,000.00 → 146,000.00 USD/month (+73,000.00)"),
    "{headline}"
  );
}

#[test]
fn buying_provisioned_throughput_is_a_commitment_with_its_total_and_end() {
  // 2 MU × 20.5 USD × 730 h = 29,930 USD a month; × 6 months = 179,580 USD, ending six
  // calendar months after today.
  let cost = cost(None, AWS);
  close(cost.monthly_fixed, 29_930.0);
  let [commitment] = cost.commitments.as_slice() else {
    panic!("{:?}", cost.commitments)
  };
  assert_eq!(commitment.reason, "bought");
  assert_eq!((commitment.months, commitment.units), (6, 2));
  close(commitment.total.unwrap_or_default(), 179_580.0);
  assert_eq!(commitment.ends, "2027-06-02");
}

#[test]
fn only_a_change_that_buys_more_is_a_commitment() {
  assert!(cost(Some(AWS), AWS).commitments.is_empty());
  let fewer = AWS.replace("capacity: 2", "capacity: 1");
  assert!(cost(Some(AWS), &fewer).commitments.is_empty());
  let more = cost(Some(AWS), &AWS.replace("capacity: 2", "capacity: 3"));
  assert_eq!(more.commitments[0].reason, "model units 2 → 3");
  let term = AWS.replace("six_months", "one_month");
  let shorter = cost(Some(AWS), &term);
  assert_eq!(shorter.commitments[0].reason, "term six_months → one_month");
  // 2 MU × 24 USD × 730 h × 1 month = 35,040 USD, ending a month later.
  close(shorter.commitments[0].total.unwrap_or_default(), 35_040.0);
  assert_eq!(shorter.commitments[0].ends, "2027-01-02");
}

#[test]
fn the_expected_load_is_priced_on_every_link_from_the_cited_token_prices() {
  // aws.amazon.com/bedrock/pricing (catalog/prices.yaml): Nova Lite 0.06 / 0.24 USD and
  // Claude 3.5 Haiku 0.80 / 4.00 USD per million input / output tokens.
  // 100 M in + 20 M out: Nova Lite 100 × 0.06 + 20 × 0.24 = 10.80 USD;
  // Claude 3.5 Haiku 100 × 0.80 + 20 × 4.00 = 160.00 USD; the primary's reserved capacity
  // includes its tokens.
  let cost = cost(None, AWS);
  let [answer] = cost.workloads.as_slice() else {
    panic!("{:?}", cost.workloads)
  };
  let monthly: Vec<Option<f64>> = answer.links.iter().map(|l| l.monthly).collect();
  assert!(answer.links[0].reserved);
  close(monthly[0].unwrap_or(-1.0), 0.0);
  close(monthly[1].unwrap_or_default(), 10.8);
  close(monthly[2].unwrap_or_default(), 160.0);
  assert_eq!(
    answer.links[1].citation.as_ref().map(|c| c.price.as_str()),
    Some("aws/tokens/amazon.nova-lite-v1:0")
  );
  // 29,930 USD of reserved capacity against 10.80 USD of Nova Lite tokens.
  assert_eq!(answer.cheaper_link.as_deref(), Some("nova-lite"));
  // The budget of 20,000 USD is below the 29,930 USD of reserved capacity.
  assert!(answer.over_budget);
}

#[test]
fn a_budget_above_the_fixed_cost_is_kept() {
  let cost = cost(None, &AWS.replace("monthly: 20000", "monthly: 30000"));
  assert!(!cost.workloads[0].over_budget);
}

#[test]
fn removing_reserved_capacity_shows_the_saving() {
  let without = AZURE
    .replace("  gpt-west: {cloud: azure, region: westus3, model: gpt-4.1, sku: ProvisionedManaged, capacity: 50}\n", "")
    .replace("[gpt-west, gpt-east]", "[gpt-east]");
  let cost = cost(Some(AZURE), &without);
  let west = &cost.endpoints[1];
  assert_eq!((west.units, west.units_before), (0, Some(50)));
  close(west.monthly.unwrap_or(-1.0), 0.0);
  close(
    cost.monthly_fixed - cost.monthly_fixed_before.unwrap_or_default(),
    -73_000.0,
  );
  assert_eq!(show::delta(-73_000.0), "-73,000.00");
}

#[test]
fn amounts_are_shown_with_separators_and_cents() {
  assert_eq!(show::money(1_234_567.891), "1,234,567.89");
  assert_eq!(show::money(0.004), "0.00");
  assert_eq!(show::money(999.999), "1,000.00");
  assert_eq!(show::delta(0.001), "±0.00");
  assert_eq!(show::delta(12.5), "+12.50");
}

#[test]
fn months_are_added_by_the_calendar() {
  assert_eq!(add_months(day("2026-08-31"), 6).to_string(), "2027-02-28");
  assert_eq!(add_months(day("2027-11-30"), 1).to_string(), "2027-12-30");
  assert_eq!(add_months(day("2027-12-15"), 1).to_string(), "2028-01-15");
}

#[test]
fn catalog_model_shows_the_same_model_priced_on_every_cloud() {
  // Claude Sonnet 4 is `anthropic.claude-sonnet-4-20250514-v1:0` on Bedrock and
  // `claude-sonnet-4@20250514` on Vertex AI: asked by either id, both are listed, the
  // Bedrock one at the list price the price list cites, the Vertex one as not priced.
  let Ok(catalog) = crate::catalog::get() else {
    panic!("catalog")
  };
  let prices = prices();
  for id in [
    "claude-sonnet-4@20250514",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
  ] {
    let text = listing::prices(&prices, catalog, id, None);
    assert!(
      text.contains(
        "aws/tokens/anthropic.claude-sonnet-4-20250514-v1:0: 3 in / 15 out per million tokens"
      ),
      "{text}"
    );
    assert!(
      text.contains("gcp claude-sonnet-4@20250514: not priced"),
      "{text}"
    );
  }
  let aws_only = listing::prices(
    &prices,
    catalog,
    "claude-sonnet-4@20250514",
    Some(Cloud::Aws),
  );
  assert!(!aws_only.contains("gcp "), "{aws_only}");
  // A reserved price reads per unit-hour and per 730-hour month: 20.5 × 730 = 14,965.
  let nova = listing::prices(&prices, catalog, "amazon.nova-pro-v1:0", None);
  assert!(
    nova.contains("six_months: 20.5 per unit-hour (14,965.00 a month)"),
    "{nova}"
  );
}
