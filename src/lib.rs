//! Switchyard: a planner that turns a YAML blueprint of multi-cloud AI endpoints into Terraform.
//!
//! The pipeline is a sequence of types, one module each, and data only flows forward:
//! `source` (bytes within limits) → `yaml` (a `node::Node` tree; the only module that knows
//! the YAML library) → `analyzer` (a validated `blueprint::Blueprint`, or every problem found)
//! → `plan` (the `graph` of units, derived `naming` and `addressing`, template contexts) →
//! `render` (files in memory, formatted and parsed back) → `output` (written under --out).
//! `overlay` merges environment overlays before analysis; `output` writes each root as a
//! `transaction`; `workflow` runs the GitOps commands: `review` (plan as a change review from
//! `intent`, `tfdiff` and file changes, printed by `report` and `markdown`), `diff` for
//! `render --check`, and `affected`.

mod addressing;
mod affected;
mod analyzer;
mod backend;
mod blueprint;
mod cli;
mod cloud;
mod diagnostic;
mod diff;
mod error;
mod graph;
mod intent;
mod labels;
mod load;
mod location;
mod manifest;
mod markdown;
mod models;
mod name;
mod naming;
mod node;
mod output;
mod overlay;
mod parallel;
mod plan;
mod regions;
mod render;
mod report;
mod review;
mod run;
mod source;
mod suggest;
mod tfdiff;
mod transaction;
mod workflow;
mod yaml;
mod yaml_path;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

pub use error::Error;

/// Runs the command line and returns the process exit status: 0 success, 1 error, 2 changes
/// pending (`plan --detailed-exitcode`, `render --check`).
pub fn main() -> ExitCode {
  let cli = cli::Cli::parse();
  match run::run(cli) {
    Ok(outcome) => {
      let mut stdout = std::io::stdout().lock();
      let _ = stdout.write_all(outcome.text.as_bytes());
      if outcome.pending {
        ExitCode::from(2)
      } else {
        ExitCode::SUCCESS
      }
    }
    Err(error) => {
      let _ = writeln!(std::io::stderr().lock(), "{error}");
      ExitCode::FAILURE
    }
  }
}
