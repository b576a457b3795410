//! Switchyard: a planner that turns a YAML blueprint of multi-cloud AI endpoints into Terraform.
//!
//! The pipeline is a sequence of types, one module each, and data only flows forward:
//! `source` (bytes within limits) → `yaml` (a `node::Node` tree; the only module that knows
//! the YAML library) → `analyzer` (a validated `blueprint::Blueprint`, or every problem found)
//! → `plan` (the `graph` of units, derived `naming` and `addressing`, template contexts) →
//! `render` (files in memory, formatted and parsed back) → `output` (written under --out).

mod addressing;
mod analyzer;
mod blueprint;
mod catalog;
mod cli;
mod cloud;
mod diagnostic;
mod error;
mod graph;
mod labels;
mod load;
mod location;
mod manifest;
mod models;
mod name;
mod naming;
mod node;
mod output;
mod plan;
mod regions;
mod render;
mod report;
mod run;
mod schema;
mod source;
mod suggest;
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

/// Runs the command line and returns the process exit status: 0 success, 1 error.
/// (2 is reserved for "changes pending".)
pub fn main() -> ExitCode {
  let cli = cli::Cli::parse();
  match run::run(cli) {
    Ok(text) => {
      let mut stdout = std::io::stdout().lock();
      let _ = stdout.write_all(text.as_bytes());
      ExitCode::SUCCESS
    }
    Err(error) => {
      let _ = writeln!(std::io::stderr().lock(), "{error}");
      ExitCode::FAILURE
    }
  }
}
