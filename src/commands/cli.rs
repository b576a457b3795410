//! The command line: flags are declared and checked here; `run` resolves them into work.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::write::durability::Durability;

#[derive(Parser, Debug)]
#[command(
  name = "switchyard",
  version,
  about = "Plan multi-cloud AI endpoints with failover from a YAML blueprint and render them as Terraform",
  long_about = "Switchyard reads a declarative blueprint (models, clouds, regions, capacity, failover order) \
and renders per-cloud Terraform modules for Azure OpenAI, AWS Bedrock and Google Vertex AI, with the private \
networking that joins them. Commit the rendered tree and review it like code.",
  after_help = "Examples:\n  switchyard validate blueprints/\n  switchyard plan blueprints/three-cloud-chat.yaml --out out\n  switchyard render blueprints/ --out out\n  switchyard render blueprints/ --out out --check\n  switchyard affected blueprints/ --out out --since origin/main\n  switchyard pipeline atlantis blueprints/ --out out > atlantis.yaml\n  switchyard graph blueprints/three-cloud-chat.yaml --format mermaid"
)]
pub(crate) struct Cli {
  #[command(subcommand)]
  pub(crate) command: Command,
  /// Accept models, versions, regions and SKUs the model catalog does not list (a warning
  /// instead of an error), for models newer than the catalog
  #[arg(long, global = true)]
  pub(crate) allow_unlisted_models: bool,
  /// A catalog overlay applied over the built-in model catalog (retirement dates, successors);
  /// default: switchyard-catalog.yaml next to the blueprints, when there is one
  #[arg(long = "catalog", global = true, value_name = "PATH")]
  pub(crate) catalog_overlay: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
  /// Check blueprints and report every problem with its file, line and column
  #[command(
    after_help = "Examples:\n  switchyard validate blueprints/chat.yaml\n  switchyard validate blueprints/"
  )]
  Validate {
    /// Blueprint files, or directories of *.yaml / *.yml blueprints
    #[arg(required = true, value_name = "BLUEPRINT")]
    blueprints: Vec<PathBuf>,
  },
  /// Review what render would change under --out: blueprint changes, Terraform objects by address, files
  #[command(
    after_help = "Exit status: 0 success (with --detailed-exitcode: no changes), 1 error (with --deny-destroy: also a destroyed or replaced stateful object; with --deny-commitment: also a commitment bought), 2 changes pending (with --detailed-exitcode).\n\nExamples:\n  switchyard plan blueprints/chat.yaml\n  switchyard plan blueprints/ --out infra/generated\n  switchyard plan blueprints/ --out infra/generated --format markdown > plan.md\n  switchyard plan blueprints/ --out infra/generated --format json --detailed-exitcode\n  switchyard plan blueprints/ --out infra/generated --deny-destroy\n  switchyard plan blueprints/ --out infra/generated --deny-commitment"
  )]
  Plan {
    #[arg(required = true, value_name = "BLUEPRINT")]
    blueprints: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    /// text for a terminal, json for programs (docs/plan.schema.json), markdown for a pull-request comment
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// Exit 0 when nothing would change, 2 when changes are pending, 1 on error (as `terraform plan`)
    #[arg(long)]
    detailed_exitcode: bool,
    /// Exit 1 (after printing the review) when a stateful or expensive object would be destroyed or replaced: an account, deployment, provisioned throughput, vault, key, VPN gateway or DNS zone
    #[arg(long)]
    deny_destroy: bool,
    /// Exit 1 (after printing the review) when the change buys or extends a commitment that cannot be cancelled: Bedrock Provisioned Throughput for one or six months
    #[arg(long)]
    deny_commitment: bool,
    /// Colour the text format: auto (only on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
  },
  /// Write the Terraform root module of each blueprint to <OUT>/<name>/<environment>/
  #[command(
    after_help = "Exit status: 0 success, 1 error, 2 with --check when the tree differs.\n\nExamples:\n  switchyard render blueprints/chat.yaml\n  switchyard render blueprints/ --out infra/generated\n  switchyard render blueprints/ --templates my-templates/\n  switchyard render blueprints/ --out infra/generated --check"
  )]
  Render {
    #[arg(required = true, value_name = "BLUEPRINT")]
    blueprints: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    /// Write nothing; print a unified diff and exit 2 when the tree under --out differs from what the blueprints render
    #[arg(long)]
    check: bool,
    /// Replace generated files that were edited by hand (or not written by Switchyard) instead of refusing
    #[arg(long, conflicts_with = "check")]
    force: bool,
    /// Remove orphaned roots (rendered from a blueprint that no longer produces them): their generated, unedited files only
    #[arg(long, conflicts_with = "check")]
    prune: bool,
    /// When to make writes durable: none (default; a killed render still leaves the old or the new tree), commit (`--fsync` alone: one sync per root before it switches, so power loss does too), file (sync every file); see docs/durability.md
    #[arg(long, value_enum, value_name = "WHEN", num_args = 0..=1, default_value_t = Durability::None, default_missing_value = "commit", conflicts_with = "check")]
    fsync: Durability,
  },
  /// List the rendered roots whose blueprint, overlay, templates or generated files changed since a git revision
  #[command(
    after_help = "Prints one root directory per line (text) or a JSON document (docs/gitops.md) for CI matrices.\n\nExamples:\n  switchyard affected blueprints/ --out infra/generated --since origin/main\n  switchyard affected blueprints/ --out infra/generated --since HEAD~1 --format json"
  )]
  Affected {
    #[arg(required = true, value_name = "BLUEPRINT")]
    blueprints: Vec<PathBuf>,
    /// The git revision to compare with (a branch, tag or commit)
    #[arg(long, value_name = "GIT_REV")]
    since: String,
    #[command(flatten)]
    output: OutputArgs,
    #[arg(long, value_enum, default_value_t = AffectedFormat::Text)]
    format: AffectedFormat,
  },
  /// Write what a pipeline engine reads: an Atlantis repo config, a GitHub Actions matrix, HCP Terraform workspaces
  #[command(
    after_help = "Prints to stdout; commit the output (or feed it to the engine) and regenerate it when blueprints are added or removed. See docs/gitops.md.\n\nExamples:\n  switchyard pipeline atlantis blueprints/ --out infra/generated > atlantis.yaml\n  switchyard pipeline github-actions blueprints/ --out infra/generated --since origin/main\n  switchyard pipeline tfe blueprints/ --out infra/generated --promotion staging,prod > workspaces/main.tf"
  )]
  Pipeline {
    #[command(subcommand)]
    engine: Engine,
  },
  /// Print the dependency graph of a blueprint as Graphviz dot or Mermaid
  #[command(
    after_help = "Examples:\n  switchyard graph blueprints/chat.yaml | dot -Tsvg > graph.svg\n  switchyard graph blueprints/chat.yaml --format mermaid"
  )]
  Graph {
    #[arg(value_name = "BLUEPRINT")]
    blueprint: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
  },
  /// Print what the model catalog knows: models, versions, SKUs, regions, profiles, retirements
  #[command(
    after_help = "Examples:\n  switchyard catalog\n  switchyard catalog --cloud aws\n  switchyard catalog --model gpt-5.1\n  switchyard catalog --model us.anthropic.claude-sonnet-4-6\n\nRetirement status is judged on SWITCHYARD_TODAY (YYYY-MM-DD) when set, else today's date."
  )]
  #[command(args_conflicts_with_subcommands = true)]
  Catalog {
    #[command(subcommand)]
    action: Option<CatalogAction>,
    /// Only this cloud's models
    #[arg(long, value_enum)]
    cloud: Option<CloudArg>,
    /// One model in detail (an inference profile id shows its foundation model)
    #[arg(long, value_name = "ID")]
    model: Option<String>,
  },
  /// Print the JSON Schema of the blueprint format, for editors (yaml-language-server)
  #[command(
    after_help = "Examples:\n  switchyard schema > switchyard.schema.json\n  switchyard schema --format markdown > docs/blueprint.md\n\nThen start a blueprint with:\n  # yaml-language-server: $schema=./switchyard.schema.json"
  )]
  Schema {
    /// `json` for the JSON Schema, `markdown` for the blueprint reference (docs/blueprint.md)
    #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
    format: SchemaFormat,
  },
}

#[derive(Subcommand, Debug)]
pub(crate) enum CatalogAction {
  /// List the blueprints' endpoints that retire within DAYS; exit status 2 when any do
  #[command(
    after_help = "Examples:\n  switchyard catalog check blueprints/\n  switchyard catalog check blueprints/ --within 30\n\nFor a scheduled pipeline: 0 nothing retires within DAYS, 2 something does, 1 an error (a model\nalready retired is an error, as in `validate`). Dates come from the built-in catalog and the\noverlay (--catalog, or switchyard-catalog.yaml next to the blueprints)."
  )]
  Check {
    /// Blueprint files or directories
    #[arg(required = true, value_name = "BLUEPRINT")]
    blueprints: Vec<PathBuf>,
    /// How many days ahead to look
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    within: u32,
  },
  /// Merge what the clouds' CLIs list (models, Regions, retirements) into the catalog overlay
  #[command(
    after_help = "Reads the JSON printed by\n  az cognitiveservices model list -l REGION\n  aws bedrock list-foundation-models --region REGION\n  aws bedrock list-inference-profiles --region REGION\n  gcloud ai model-garden models list --format=json (or Vertex AI's publishers.models.list)\nrecognised by content, and writes what differs from the built-in catalog into the overlay\n(--catalog PATH, default ./switchyard-catalog.yaml), sorted, keeping values edited by hand.\n\nExamples:\n  az cognitiveservices model list -l eastus2 > azure-eastus2.json\n  aws bedrock list-foundation-models --region us-east-1 > bedrock-us-east-1.json\n  switchyard catalog import azure-eastus2.json --location eastus2\n  switchyard catalog import bedrock-us-east-1.json --catalog blueprints/switchyard-catalog.yaml"
  )]
  Import {
    /// JSON files printed by the clouds' CLIs
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The Azure region of `az cognitiveservices model list` output (its -l), which the
    /// listing does not repeat
    #[arg(long, value_name = "REGION")]
    location: Option<String>,
  },
}

/// The engines `pipeline` writes for. Each has only the flags that mean something to it, so
/// clap rejects the rest (a `--since` for Atlantis, which decides what changed itself).
#[derive(Subcommand, Debug)]
pub(crate) enum Engine {
  /// An Atlantis repo config (atlantis.yaml, version 3): one project per root
  #[command(
    after_help = "Examples:\n  switchyard pipeline atlantis blueprints/ --out infra/generated > atlantis.yaml\n  switchyard pipeline atlantis blueprints/ --out infra/generated --workflow switchyard --promotion staging,prod > atlantis.yaml"
  )]
  Atlantis {
    #[command(flatten)]
    roots: PipelineArgs,
    /// The Atlantis workflow every project runs (defined server-side, in repos.yaml)
    #[arg(long, value_name = "NAME", default_value = "default", value_parser = workflow_name)]
    workflow: String,
  },
  /// A GitHub Actions matrix (JSON for `fromJSON`): every root, or the affected ones with --since
  #[command(
    name = "github-actions",
    after_help = "Examples:\n  switchyard pipeline github-actions blueprints/ --out infra/generated\n  echo \"matrix=$(switchyard pipeline github-actions blueprints/ --out infra/generated --since \"$BEFORE\")\" >> \"$GITHUB_OUTPUT\""
  )]
  GithubActions {
    #[command(flatten)]
    roots: PipelineArgs,
    /// Only the roots affected since this git revision (as `affected`), removed ones left out
    #[arg(long, value_name = "GIT_REV")]
    since: Option<String>,
  },
  /// HCP Terraform / Terraform Cloud workspaces as a Terraform module for the `tfe` provider
  #[command(
    after_help = "Examples:\n  switchyard pipeline tfe blueprints/ --out infra/generated > workspaces/main.tf\n  switchyard pipeline tfe blueprints/ --out infra/generated --promotion staging,prod > workspaces/main.tf"
  )]
  Tfe {
    #[command(flatten)]
    roots: PipelineArgs,
  },
}

impl Engine {
  pub(crate) fn roots(&self) -> &PipelineArgs {
    match self {
      Self::Atlantis { roots, .. } | Self::GithubActions { roots, .. } | Self::Tfe { roots } => {
        roots
      }
    }
  }
}

#[derive(clap::Args, Debug)]
pub(crate) struct PipelineArgs {
  #[arg(required = true, value_name = "BLUEPRINT")]
  pub(crate) blueprints: Vec<PathBuf>,
  #[command(flatten)]
  pub(crate) output: OutputArgs,
  /// Environments in the order a change must be applied, e.g. `staging,prod`: each root waits for the same blueprint's previous environment
  #[arg(long, value_name = "ENV,ENV...", value_parser = promotion)]
  pub(crate) promotion: Option<Promotion>,
}

/// `--promotion`: at least two distinct environment names, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Promotion(pub(crate) Vec<String>);

fn promotion(text: &str) -> Result<Promotion, String> {
  let mut environments: Vec<String> = Vec::new();
  for part in text.split(',') {
    let name = part.trim();
    crate::input::name::Name::parse(name).map_err(|why| format!("environment `{name}` {why}"))?;
    if environments.iter().any(|e| e == name) {
      return Err(format!("environment `{name}` is named twice"));
    }
    environments.push(name.to_owned());
  }
  if environments.len() < 2 {
    return Err("name at least two environments, in the order they are applied".to_owned());
  }
  Ok(Promotion(environments))
}

/// An Atlantis workflow name: a YAML mapping key in repos.yaml; kept to a plain word so it
/// needs no quoting and cannot be confused with a path.
fn workflow_name(text: &str) -> Result<String, String> {
  if !text.is_empty()
    && text
      .chars()
      .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
  {
    Ok(text.to_owned())
  } else {
    Err("may hold only letters, digits, `-` and `_`".to_owned())
  }
}

#[derive(clap::Args, Debug)]
pub(crate) struct OutputArgs {
  /// Directory that holds the rendered root modules
  #[arg(long, value_name = "DIR", default_value = "out")]
  pub(crate) out: PathBuf,
  /// Directory of template overrides, by relative name (e.g. azure/openai.tf.j2)
  #[arg(long, value_name = "DIR")]
  pub(crate) templates: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlanFormat {
  Text,
  Json,
  Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AffectedFormat {
  Text,
  Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColorChoice {
  Auto,
  Always,
  Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GraphFormat {
  Dot,
  Mermaid,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CloudArg {
  Azure,
  Aws,
  Gcp,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SchemaFormat {
  Json,
  Markdown,
}
