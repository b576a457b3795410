//! Issue 16: what a change costs, end to end: the cost of reserved capacity before and after a
//! capacity change, a commitment and `plan --deny-commitment`, a budget `validate` warns about,
//! and prices a repository supplies in its catalog overlay.

use crate::workspace;

use serde_json::Value;
use workspace::Workspace;

/// What a repository would write in `switchyard-catalog.yaml` for prices the built-in list
/// does not have. Test inputs, not list prices.
const OVERLAY: &str = "prices:
  aws/provisioned/amazon.nova-pro-v1:0/six_months:
    per_unit_hour: 20.5
    source: https://example.com/our-agreement
    read: 2026-05-30
";

const SEARCH: &str = "version: 1
name: search
environment: prod
clouds:
  aws: {region: us-east-1, cidr: 10.50.0.0/16}
endpoints:
  nova-lite: {cloud: aws, model: us.amazon.nova-lite-v1:0}
workloads:
  answer:
    failover: [nova-lite]
    expected: {input_tokens_per_month: 100000000, output_tokens_per_month: 20000000}
";

const PROVISIONED: &str = "  nova-ptu: {cloud: aws, model: amazon.nova-pro-v1:0, throughput: provisioned, capacity: 2, commitment: six_months}\n";

fn workspace(name: &str) -> Workspace {
  let ws = Workspace::new(name, false);
  ws.write("search.yaml", SEARCH);
  ws.write("switchyard-catalog.yaml", OVERLAY);
  ws
}

fn buy(ws: &Workspace, capacity: u32) {
  let text = ws.read("search.yaml");
  let text = match text.find("  nova-ptu:") {
    Some(at) => {
      let end = at + text[at..].find('\n').unwrap() + 1;
      format!("{}{}{}", &text[..at], PROVISIONED, &text[end..])
    }
    None => text.replace("  nova-lite:", &format!("{PROVISIONED}  nova-lite:")),
  };
  let text = text
    .replace("capacity: 2,", &format!("capacity: {capacity},"))
    .replace("failover: [nova-lite]", "failover: [nova-ptu, nova-lite]");
  ws.write("search.yaml", &text);
}

fn json(ws: &Workspace, extra: &[&str], code: i32) -> Value {
  let mut args = vec!["plan", "search.yaml", "--out", "out", "--format", "json"];
  args.extend_from_slice(extra);
  serde_json::from_str(&ws.ok(&args, code)).unwrap()
}

#[test]
fn buying_provisioned_throughput_shows_the_commitment_and_deny_commitment_fails() {
  let ws = workspace("cost-commitment");
  ws.ok(&["render", "search.yaml", "--out", "out"], 0);
  buy(&ws, 2);
  let (code, stdout, stderr) = ws.run(&[
    "plan",
    "search.yaml",
    "--out",
    "out",
    "--deny-commitment",
    "--color",
    "never",
  ]);
  assert_eq!(code, 1, "{stderr}");
  // 2 model units × 20.5 USD × 730 h = 29,930 USD a month, × 6 months = 179,580 USD.
  assert!(
    stdout.contains("reserved capacity 0.00 → 29,930.00 USD/month (+29,930.00)"),
    "{stdout}"
  );
  assert!(
    stdout.contains("COMMITMENT nova-ptu: 2 model units of amazon.nova-pro-v1:0 for 6 months (six_months, bought), total 179,580.00 USD, ends 2026-12-01"),
    "{stdout}"
  );
  assert!(
    stdout.contains("[aws/provisioned/amazon.nova-pro-v1:0/six_months, https://example.com/our-agreement, read 2026-05-30, catalog overlay]"),
    "{stdout}"
  );
  let refusal: Vec<&str> = stderr
    .lines()
    .skip_while(|l| !l.starts_with("error: --deny-commitment"))
    .collect();
  assert_eq!(
    refusal,
    [
      "error: --deny-commitment: the change buys 1 commitment that cannot be cancelled before the term ends:",
      "  search/prod nova-ptu: 2 model units for six_months, 179,580.00 USD, ends 2026-12-01",
    ]
  );
  // Without the flag the same plan passes; the JSON names the commitment.
  let document = json(&ws, &[], 0);
  assert_eq!(document["summary"]["commitments"], 1);
  let commitment = &document["roots"][0]["cost"]["commitments"][0];
  assert_eq!(commitment["total"], 179_580.0);
  assert_eq!(commitment["ends"], "2026-12-01");
}

/// Issue 16: without a price in the overlay, the refusal says why the total is missing, as the
/// review does ("not published" with AWS's page), rather than a bare "not priced".
#[test]
fn deny_commitment_says_why_a_commitment_has_no_total() {
  let ws = Workspace::new("cost-commitment-unpublished", false);
  ws.write("search.yaml", SEARCH);
  ws.ok(&["render", "search.yaml", "--out", "out"], 0);
  buy(&ws, 1);
  let (code, _, stderr) = ws.run(&["plan", "search.yaml", "--out", "out", "--deny-commitment"]);
  assert_eq!(code, 1, "{stderr}");
  let line = stderr
    .lines()
    .find(|l| l.starts_with("  search/prod nova-ptu: 1 model units for six_months, "))
    .unwrap_or_else(|| panic!("{stderr}"));
  assert!(line.contains(", not published ("), "{line}");
  assert!(line.ends_with(", ends 2026-12-01"), "{line}");
}

#[test]
fn a_capacity_change_shows_the_delta_and_fewer_units_commit_nothing() {
  let ws = workspace("cost-delta");
  buy(&ws, 2);
  ws.ok(&["render", "search.yaml", "--out", "out"], 0);
  buy(&ws, 4);
  let document = json(&ws, &["--deny-commitment"], 1);
  let cost = &document["roots"][0]["cost"];
  assert_eq!(cost["monthly_fixed_before"], 29_930.0);
  assert_eq!(cost["monthly_fixed"], 59_860.0);
  assert_eq!(cost["commitments"][0]["reason"], "model units 2 → 4");
  buy(&ws, 1);
  let document = json(&ws, &["--deny-commitment"], 0);
  assert_eq!(document["summary"]["commitments"], 0);
  assert_eq!(document["roots"][0]["cost"]["monthly_fixed"], 14_965.0);
}

#[test]
fn the_expected_load_is_priced_from_the_cited_list_price() {
  // Nova Lite: 0.06 / 0.24 USD per million input / output tokens (aws.amazon.com/bedrock/
  // pricing, catalog/prices.yaml): 100 × 0.06 + 20 × 0.24 = 10.80 USD.
  let ws = workspace("cost-load");
  let markdown = ws.ok(
    &[
      "plan",
      "search.yaml",
      "--out",
      "out",
      "--format",
      "markdown",
    ],
    0,
  );
  assert!(
    markdown.contains("tokens for 100,000,000 in + 20,000,000 out a month: nova-lite 10.80"),
    "{markdown}"
  );
  let document = json(&ws, &[], 0);
  let link = &document["roots"][0]["cost"]["workloads"][0]["links"][0];
  assert_eq!(
    link["citation"]["price"],
    "aws/tokens/amazon.nova-lite-v1:0"
  );
  assert_eq!(
    link["citation"]["source"],
    "https://aws.amazon.com/bedrock/pricing/"
  );
  // Read from a transcription of the page, not the page: the JSON says so (issue 16).
  assert_eq!(link["citation"]["secondary"], true);
}

#[test]
fn validate_warns_and_plan_flags_a_budget_the_reserved_capacity_exceeds() {
  let ws = workspace("cost-budget");
  buy(&ws, 2);
  ws.edit(
    "search.yaml",
    "    failover: [nova-ptu, nova-lite]",
    "    failover: [nova-ptu, nova-lite]\n    budget: {monthly: 20000}",
  );
  let (code, _, stderr) = ws.run(&["validate", "search.yaml"]);
  assert_eq!(code, 0, "{stderr}");
  assert!(
    stderr
      .contains("reserved capacity costs 29,930.00 USD a month, over the budget of 20,000.00 USD"),
    "{stderr}"
  );
  assert!(stderr.contains("search.yaml:12:"), "{stderr}");
  let document = json(&ws, &[], 0);
  assert_eq!(
    document["roots"][0]["cost"]["workloads"][0]["over_budget"],
    true
  );
  // Without the overlay's price the capacity is not priced, and nothing is over budget.
  ws.write("switchyard-catalog.yaml", "reviewed: 2026-05-30\n");
  let (_, _, stderr) = ws.run(&["validate", "search.yaml"]);
  assert!(!stderr.contains("over the budget"), "{stderr}");
}

#[test]
fn a_budget_in_another_currency_is_refused_where_it_is_written() {
  let ws = workspace("cost-currency");
  ws.edit(
    "search.yaml",
    "environment: prod\n",
    "environment: prod\nbudget: {monthly: 100, currency: EUR}\n",
  );
  let (code, _, stderr) = ws.run(&["validate", "search.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("search.yaml:4:34 at budget.currency")
      && stderr.contains("`EUR` is not a currency the price list uses"),
    "{stderr}"
  );
}

#[test]
fn a_broken_price_in_the_overlay_is_an_error_where_a_budget_needs_it() {
  let ws = workspace("cost-broken-overlay");
  ws.edit(
    "search.yaml",
    "environment: prod\n",
    "environment: prod\nbudget: {monthly: 100}\n",
  );
  ws.write(
    "switchyard-catalog.yaml",
    "prices:\n  aws/tokens/x:\n    input_per_milion: 1\n    source: s\n    read: 2026-05-30\n",
  );
  let (code, _, stderr) = ws.run(&["validate", "search.yaml"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(
    stderr.contains("search.yaml:4:") && stderr.contains("input_per_milion"),
    "{stderr}"
  );
  // plan refuses it too, naming the overlay.
  let (code, _, stderr) = ws.run(&["plan", "search.yaml", "--out", "out"]);
  assert_eq!(code, 1, "{stderr}");
  assert!(stderr.contains("switchyard-catalog.yaml"), "{stderr}");
}
