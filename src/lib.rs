//! Switchyard: a planner that turns a YAML blueprint of multi-cloud AI endpoints into Terraform.
//!
//! The pipeline is a sequence of stages, one folder each, and every import points backwards
//! (`tests/it/architecture.rs` checks it; docs/architecture.md draws it): `input` (files within
//! limits, parsed by `yaml` into a `Node` tree, environment overlays merged) → `analysis` (the
//! `analyzer` gives a validated `Blueprint` or every problem found) → `plan` (the topology,
//! computed once; the unit `graph`; derived `naming`; each template's context) → `render`
//! (Terraform from the templates, formatted and checked, with the failover runtime files and
//! the manifest) → `write` (each root under `--out` as one transaction) → `gitops` (a change as
//! a `review`, `render --check`, affected roots) → `report` (text, Markdown, Mermaid) →
//! `commands` (the command line). `support` holds helpers every stage may use.

mod analysis;
mod commands;
mod gitops;
mod input;
mod plan;
mod render;
mod report;
mod support;
mod write;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

pub use input::error::Error;

/// Runs the command line and returns the process exit status: 0 success, 1 error, 2 changes
/// pending (`plan --detailed-exitcode`, `render --check`).
pub fn main() -> ExitCode {
  // Terraform's convention: 2 means only "changes pending" (`plan --detailed-exitcode`,
  // `render --check`), so a usage error must not exit 2 the way clap's own `parse` would: a
  // mistyped flag in a pipeline would read as "changes" (issue 14). Help and version exit 0.
  let cli = match commands::cli::Cli::try_parse() {
    Ok(cli) => cli,
    Err(error) => {
      let _ = error.print();
      return if error.use_stderr() {
        ExitCode::FAILURE
      } else {
        ExitCode::SUCCESS
      };
    }
  };
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
    commands::run::run(cli)
  }) else {
    return ExitCode::FAILURE;
  };
  match result {
    Ok(response) => {
      let mut stdout = std::io::stdout().lock();
      let _ = stdout.write_all(response.text.as_bytes());
      if let Some(refusal) = response.refused {
        let _ = stdout.flush();
        let _ = writeln!(std::io::stderr().lock(), "error: {refusal}");
        ExitCode::FAILURE
      } else if response.pending {
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

/// Entry points for the fuzz targets in `fuzz/`: the pipeline on arbitrary bytes, with the
/// checks a crash would otherwise hide. Not an API.
#[doc(hidden)]
pub mod fuzzing {
  use std::sync::OnceLock;

  use crate::render::{self, Templates};

  /// A fixed day, so a fuzz finding reproduces whatever the date.
  fn settings() -> Option<crate::analysis::analyzer::Settings> {
    Some(crate::analysis::analyzer::Settings {
      today: crate::analysis::catalog::Date::parse("2026-06-01")?,
      allow_unlisted: true,
    })
  }

  /// Source → YAML → analyzer, and every diagnostic located and printed.
  pub fn load(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
      return;
    };
    let source = crate::input::source::Source {
      path: "fuzz.yaml".into(),
      text: text.to_owned(),
    };
    let Ok(node) = crate::input::yaml::parse(&source.text) else {
      return;
    };
    let Some(settings) = settings() else { return };
    let mut diagnostics = match crate::analysis::analyzer::analyze(&node, &settings) {
      Ok((_, warnings)) => warnings,
      Err(problems) => problems,
    };
    source.locate_all(&mut diagnostics);
    for diagnostic in &diagnostics {
      let _ = diagnostic.to_string();
    }
  }

  /// Recovery and writing over an arbitrary committed tree state (issue 14): `bytes` becomes
  /// an interrupted render's journal and the root's manifest (split at the first `0xff`), in a
  /// root that also holds a user's `backend.tf`; then `render` runs on it. Whatever the state,
  /// nothing outside the output directory changes, the user's file survives, and nothing
  /// panics.
  pub fn recover(bytes: &[u8]) {
    use std::collections::BTreeMap;
    use std::fs;
    let (journal, manifest) = match bytes.iter().position(|b| *b == 0xff) {
      Some(at) => (
        bytes.get(..at).unwrap_or_default(),
        bytes.get(at + 1..).unwrap_or_default(),
      ),
      None => (bytes, &[][..]),
    };
    let base = std::env::temp_dir().join(format!("switchyard-fuzz-recover-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let out = base.join("out");
    let root = out.join("chat/prod");
    let txn = root.join(crate::write::transaction::DIR);
    let victim = base.join("victim.txt");
    let setup = fs::create_dir_all(txn.join("old/modules/azure"))
      .and_then(|()| fs::write(&victim, "outside\n"))
      .and_then(|()| fs::write(root.join("backend.tf"), "terraform {}\n"))
      .and_then(|()| fs::write(root.join("main.tf"), "# old\n"))
      .and_then(|()| fs::write(txn.join("old/main.tf"), "# older\n"))
      .and_then(|()| fs::write(txn.join("journal.json"), journal))
      .and_then(|()| fs::write(root.join(crate::render::manifest::FILE), manifest));
    if setup.is_err() {
      return;
    }
    let mut files = BTreeMap::new();
    files.insert("chat/prod/main.tf".to_owned(), "# new\n".to_owned());
    files.insert(
      "chat/prod/modules/azure/main.tf".to_owned(),
      "# azure\n".to_owned(),
    );
    let rendered = crate::render::Rendered {
      root: "chat/prod".to_owned(),
      files,
      blocks: BTreeMap::new(),
      verified: false,
    };
    let _ = crate::write::output::write(&out, &rendered, false);
    assert_eq!(
      fs::read_to_string(&victim).ok().as_deref(),
      Some("outside\n"),
      "a file outside the output directory changed"
    );
    assert_eq!(
      fs::read_to_string(root.join("backend.tf")).ok().as_deref(),
      Some("terraform {}\n"),
      "the user's backend.tf changed"
    );
    let leftovers = fs::read_dir(&base).map_or(0, |d| d.count());
    assert_eq!(
      leftovers, 2,
      "something was created beside the output directory"
    );
    let _ = fs::remove_dir_all(&base);
  }

  /// A valid blueprint all the way to files: each `.tf` passes the render's structure check,
  /// parses with hcl-rs (which the render leaves to tests like this one) and is a fixed point
  /// of the formatter, the objects the structure check declares are the ones hcl-rs reads, and
  /// rendering twice gives the same bytes.
  pub fn render(bytes: &[u8]) {
    static TEMPLATES: OnceLock<Option<Templates>> = OnceLock::new();
    let Some(templates) = TEMPLATES.get_or_init(|| Templates::load(None).ok()) else {
      return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
      return;
    };
    let Ok(node) = crate::input::yaml::parse(text) else {
      return;
    };
    let Some(settings) = settings() else { return };
    let Ok((blueprint, _)) = crate::analysis::analyzer::analyze(&node, &settings) else {
      return;
    };
    let Ok(plan) = crate::plan::Plan::new(blueprint.clone()) else {
      return;
    };
    let first = render::render(&plan, templates, &[]);
    let Ok(again) = crate::plan::Plan::new(blueprint) else {
      return;
    };
    let second = render::render(&again, templates, &[]);
    assert_eq!(first.is_ok(), second.is_ok());
    if let (Ok(first), Ok(second)) = (first, second) {
      assert_eq!(first, second, "rendering is not deterministic");
      for (path, text) in first.files.iter().filter(|(p, _)| p.ends_with(".tf")) {
        assert_eq!(
          &render::format::format(text),
          text,
          "{path} is not formatted"
        );
        let parsed = ::hcl::edit::parser::parse_body(text).map_err(|e| e.to_string());
        assert_eq!(
          parsed.err(),
          None,
          "{path} passed the structure check but does not parse"
        );
      }
      assert_eq!(
        crate::gitops::tfdiff::declared_agrees_with_parsed(&first),
        Ok(()),
        "the objects plan lists for a new root are not hcl-rs's"
      );
    }
  }
}
