//! Issue 16: the arithmetic of a plan's cost, pinned against figures computed by hand from the
//! list prices catalog/prices.yaml cites.

use super::*;
use crate::analysis::cloud::Cloud;
use crate::test_support;

/// Bedrock Provisioned Throughput figures a repository would supply in its overlay (AWS does
/// not publish them: catalog/prices.yaml [bedrock-pt]). Test inputs, not list prices.
const OVERLAY: &str = "prices:
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

/// The built-in list: what the figures below are computed from.
fn built_in() -> Prices {
  prices::read(None).unwrap_or_else(|e| panic!("{e}"))
}

/// The built-in list with a repository's Provisioned Throughput figures over it.
fn prices() -> Prices {
  prices::read(Some(("switchyard-catalog.yaml", OVERLAY))).unwrap_or_else(|e| panic!("{e}"))
}

fn day(text: &str) -> Date {
  Date::parse(text).unwrap_or_else(|| panic!("{text}"))
}

fn cost(before: Option<&str>, after: &str) -> RootCost {
  cost_at(&prices(), before, after)
}

fn cost_at(prices: &Prices, before: Option<&str>, after: &str) -> RootCost {
  let blueprint = test_support::blueprint(after);
  let before = before.map(|b| Summary::of(&test_support::blueprint(b)));
  of(
    prices,
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
  // Issue 16, catalog/prices.yaml: Regional provisioned 2 USD per PTU-hour [ptu-regional],
  // Global provisioned 1 USD [ptu-global]. 50 PTU × 2 × 730 h = 73,000 USD and 15 PTU × 1 ×
  // 730 h = 10,950 USD: 83,950 USD a month.
  let cost = cost(None, AZURE);
  assert_eq!(cost.endpoints.len(), 2);
  let (east, west) = (&cost.endpoints[0], &cost.endpoints[1]);
  assert_eq!((west.endpoint.as_str(), west.units), ("gpt-west", 50));
  close(west.monthly.unwrap_or_default(), 73_000.0);
  close(east.monthly.unwrap_or_default(), 10_950.0);
  assert_eq!(
    west
      .citation
      .as_ref()
      .map(|c| (c.price.as_str(), c.overlay, c.secondary)),
    Some(("azure/ptu/ProvisionedManaged", false, true))
  );
  close(cost.monthly_fixed, 83_950.0);
  assert!(cost.complete);
  assert_eq!(cost.monthly_fixed_before, None);
  let text = show::text(&cost);
  assert!(
    text.contains("50 units × 2/unit-hour × 730 h = 73,000.00/month [azure/ptu/ProvisionedManaged, https://fliphtml5.com/zroi/kpmw/Azure_OpenAI_Essentials/296, read 2026-02-04, secondary source]"),
    "{text}"
  );
}

#[test]
fn a_reservation_month_is_730_hours_at_the_reserved_rate() {
  // [ptu-global]: a one-month reservation costs 260 USD per PTU-month, a one-year one 221:
  // 260 / 730 h = 0.356 and 221 / 730 h = 0.303 of the 1 USD hourly rate, the ~64% and ~70%
  // discounts the cross-checked source states.
  let prices = built_in();
  let Some(global) = prices.get("azure/ptu/GlobalProvisionedManaged") else {
    panic!("no Global PTU price")
  };
  let hourly = global.per_unit_hour.unwrap_or_default();
  close(monthly(1, hourly), 730.0);
  let month = global.reservation_month.unwrap_or_default();
  let year = global.reservation_year.unwrap_or_default();
  assert!((1.0 - month / monthly(1, hourly) - 0.644).abs() < 0.001);
  assert!((1.0 - year / monthly(1, hourly) - 0.697).abs() < 0.001);
}

#[test]
fn a_deployment_type_without_a_read_price_is_left_out_of_the_sum() {
  // Data Zone provisioned has no figure in any source read: the line says why, the sum
  // leaves it out and says it is incomplete.
  let cost = cost(
    None,
    &AZURE.replace(
      "sku: GlobalProvisionedManaged",
      "sku: DataZoneProvisionedManaged",
    ),
  );
  let east = &cost.endpoints[0];
  assert_eq!(east.monthly, None);
  assert!(
    east
      .unpriced
      .as_deref()
      .is_some_and(|why| why.starts_with("not priced (the pricing page shows no figure")),
    "{east:?}"
  );
  close(cost.monthly_fixed, 73_000.0);
  assert!(!cost.complete);
  let headline = show::headline(&cost);
  assert!(
    headline.ends_with("for the priced part (1 not priced)"),
    "{headline}"
  );
}

#[test]
fn a_price_the_cloud_does_not_publish_says_so_with_its_source() {
  // Issue 16: Bedrock Provisioned Throughput of Nova Pro is quoted in the console only; the
  // plan says "not published" and names the page that says so, never a guess.
  let cost = cost_at(&built_in(), None, AWS);
  let ptu = &cost.endpoints[0];
  assert_eq!(ptu.monthly, None);
  let why = ptu.unpriced.as_deref().unwrap_or_default();
  assert!(
    why.starts_with("not published (")
      && why
        .ends_with("https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html)"),
    "{why}"
  );
  assert_eq!(cost.commitments[0].total, None);
  assert_eq!(
    show::headline(&cost),
    "reserved capacity not published (1 endpoint)"
  );
  let text = show::text(&cost);
  assert!(
    text.contains("total not published, ends 2027-06-02"),
    "{text}"
  );
}

#[test]
fn a_capacity_change_shows_before_and_after() {
  // Issue 16: `capacity: 50` → `capacity: 100` at 2 USD per PTU-hour doubles 73,000 to
  // 146,000 USD a month; with the Global deployment's 10,950 USD, 83,950 → 156,950.
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
    headline.contains("83,950.00 → 156,950.00 USD/month (+73,000.00)"),
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
  // catalog/prices.yaml: Nova Lite 0.06 / 0.24 USD and Claude 3.5 Haiku 0.80 / 4.00 USD per
  // million input / output tokens [bedrock-pricing].
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
fn a_bedrock_profile_is_priced_as_itself_before_its_foundation_model() {
  // [litellm]: Claude Haiku 4.5 costs 1.10 / 5.50 USD per million tokens through the `us.`
  // profile and 1.00 / 5.00 through `global.`: 100 M in + 20 M out is 110 + 110 = 220 USD
  // and 100 + 100 = 200 USD. `us.amazon.nova-lite-v1:0` has no entry of its own and is
  // priced as Nova Lite (10.80 USD).
  let with = |model: &str| AWS.replace("anthropic.claude-3-5-haiku-20241022-v1:0", model);
  for (model, expected) in [
    ("us.anthropic.claude-haiku-4-5-20251001-v1:0", 220.0),
    ("global.anthropic.claude-haiku-4-5-20251001-v1:0", 200.0),
  ] {
    let cost = cost(None, &with(model));
    let link = &cost.workloads[0].links[2];
    close(link.monthly.unwrap_or_default(), expected);
    assert_eq!(
      link
        .citation
        .as_ref()
        .map(|c| (c.price.clone(), c.secondary)),
      Some((format!("aws/tokens/{model}"), true))
    );
  }
  // The foundation id of Claude Haiku 4.5 is not priced: LiteLLM gives it the global
  // figure, while AWS prices in-Region calls like the geographic profiles.
  let cost = cost(None, &with("anthropic.claude-haiku-4-5-20251001-v1:0"));
  assert_eq!(cost.workloads[0].links[2].monthly, None);
}

#[test]
fn an_azure_deployment_type_is_priced_by_its_own_entry_or_the_model_s() {
  // [litellm]: gpt-5.1 costs 1.25 / 10 USD per million tokens Global and 1.38 / 11 in a data
  // zone; gpt-5.4-mini's source names no deployment type (0.75 / 4.50) and prices both.
  // 100 M in + 20 M out: 125 + 200 = 325 USD Global, 138 + 220 = 358 USD Data Zone,
  // 75 + 90 = 165 USD for gpt-5.4-mini.
  let blueprint = "version: 1
name: chat
clouds:
  azure: {region: eastus2, cidr: 10.40.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}
endpoints:
  global: {cloud: azure, model: gpt-5.1, sku: GlobalStandard, capacity: 100}
  zone: {cloud: azure, model: gpt-5.1, sku: DataZoneStandard, capacity: 100}
  mini: {cloud: azure, model: gpt-5.4-mini, sku: DataZoneStandard, capacity: 100}
workloads:
  chat:
    failover: [global, zone, mini]
    expected: {input_tokens_per_month: 100000000, output_tokens_per_month: 20000000}
";
  let cost = cost_at(&built_in(), None, blueprint);
  let links = &cost.workloads[0].links;
  let priced: Vec<(f64, String)> = links
    .iter()
    .map(|l| {
      (
        l.monthly.unwrap_or(-1.0),
        l.citation
          .as_ref()
          .map(|c| c.price.clone())
          .unwrap_or_default(),
      )
    })
    .collect();
  close(priced[0].0, 325.0);
  close(priced[1].0, 358.0);
  close(priced[2].0, 165.0);
  assert_eq!(
    [&priced[0].1, &priced[1].1, &priced[2].1],
    [
      "azure/tokens/gpt-5.1/global",
      "azure/tokens/gpt-5.1/data_zone",
      "azure/tokens/gpt-5.4-mini"
    ]
  );
  // The Data Zone link costs more than the Global primary; gpt-5.4-mini less.
  assert_eq!(cost.workloads[0].cheaper_link.as_deref(), Some("mini"));
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
  assert_eq!(day("2026-08-31").add_months(6).to_string(), "2027-02-28");
  assert_eq!(day("2027-11-30").add_months(1).to_string(), "2027-12-30");
  assert_eq!(day("2027-12-15").add_months(1).to_string(), "2028-01-15");
}

#[test]
fn catalog_model_shows_the_same_model_priced_on_every_cloud() {
  // Claude Sonnet 4 is `anthropic.claude-sonnet-4-20250514-v1:0` on Bedrock and
  // `claude-sonnet-4@20250514` on Vertex AI: asked by either id, both are listed at the list
  // prices the price list cites, 3 / 15 USD per million tokens on each.
  let Ok(catalog) = crate::analysis::catalog::get() else {
    panic!("catalog")
  };
  let list = built_in();
  for id in [
    "claude-sonnet-4@20250514",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
  ] {
    let text = listing::prices(&list, catalog, id, None);
    assert!(
      text.contains(
        "aws/tokens/anthropic.claude-sonnet-4-20250514-v1:0: 3 in / 15 out per million tokens"
      ),
      "{text}"
    );
    assert!(
      text.contains(
        "gcp/tokens/claude-sonnet-4@20250514: 3 in / 15 out per million tokens [region not stated by the source; https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json, read 2026-07-24, secondary source]"
      ),
      "{text}"
    );
  }
  let aws_only = listing::prices(&list, catalog, "claude-sonnet-4@20250514", Some(Cloud::Aws));
  assert!(!aws_only.contains("gcp/"), "{aws_only}");
  // Claude Sonnet 4.6 is priced per Bedrock profile: 3.30 / 16.50 through `us.`.
  let sonnet = listing::prices(&list, catalog, "claude-sonnet-4-6", None);
  assert!(
    sonnet.contains("aws/tokens/us.anthropic.claude-sonnet-4-6: 3.3 in / 16.5 out"),
    "{sonnet}"
  );
  // What AWS does not publish reads as such; a price from the overlay reads per unit-hour and
  // per 730-hour month: 20.5 × 730 = 14,965.
  let nova = listing::prices(&built_in(), catalog, "amazon.nova-pro-v1:0", None);
  assert!(
    nova.contains("six_months: not published (AWS quotes it in the Bedrock console"),
    "{nova}"
  );
  let nova = listing::prices(&prices(), catalog, "amazon.nova-pro-v1:0", None);
  assert!(
    nova.contains("six_months: 20.5 per unit-hour (14,965.00 a month)"),
    "{nova}"
  );
}

#[test]
fn every_pay_as_you_go_endpoint_shows_its_token_price_without_a_load() {
  // Issue 16: a blueprint without `expected:` still shows what each on-demand endpoint's
  // tokens cost, with the entry they come from; reserved capacity is not listed again.
  let cost = cost_at(&built_in(), None, AWS);
  let listed: Vec<(&str, Option<f64>, Option<&str>)> = cost
    .tokens
    .iter()
    .map(|t| {
      (
        t.endpoint.as_str(),
        t.input_per_million,
        t.citation.as_ref().map(|c| c.price.as_str()),
      )
    })
    .collect();
  assert_eq!(
    listed,
    [
      (
        "haiku",
        Some(0.8),
        Some("aws/tokens/anthropic.claude-3-5-haiku-20241022-v1:0")
      ),
      (
        "nova-lite",
        Some(0.06),
        Some("aws/tokens/amazon.nova-lite-v1:0")
      ),
    ]
  );
  let text = show::text(&cost);
  assert!(
    text.contains("    tokens nova-lite (aws us-east-1, us.amazon.nova-lite-v1:0, on demand): 0.06 in / 0.24 out per million tokens [aws/tokens/amazon.nova-lite-v1:0, https://aws.amazon.com/bedrock/pricing/, read 2025-07-20, secondary source]"),
    "{text}"
  );
}
