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
mod cli;
mod cloud;
mod diagnostic;
mod error;
mod failover;
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
  // Clippy forbids unwrap, expect, panic and indexing outside tests, so a panic means a broken
  // invariant: report it as an internal error with exit status 1, never as a panic trace.
  std::panic::set_hook(Box::new(|info| {
    let place = info
      .location()
      .map(|l| format!(" at {}:{}", l.file(), l.line()))
      .unwrap_or_default();
    let message = info
      .payload()
      .downcast_ref::<&str>()
      .map(|s| (*s).to_owned())
      .or_else(|| info.payload().downcast_ref::<String>().cloned())
      .unwrap_or_default();
    let _ = writeln!(
      std::io::stderr().lock(),
      "{}",
      Error::internal(format!("{message}{place}"))
    );
  }));
  let Ok(result) = std::panic::catch_unwind(|| {
    // Debug builds only: lets the test suite prove that a panic becomes an internal error.
    #[cfg(debug_assertions)]
    #[allow(clippy::panic)]
    if std::env::var_os("SWITCHYARD_TEST_PANIC").is_some() {
      panic!("test panic requested by SWITCHYARD_TEST_PANIC");
    }
    run::run(cli)
  }) else {
    return ExitCode::FAILURE;
  };
  match result {
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
