//! Resolves a parsed command line into work and its printed result.

use std::io::Write as _;
use std::path::PathBuf;

use crate::analyzer::Settings;
use crate::catalog::{self, Date, TODAY_VARIABLE};
use crate::cli::{Cli, CloudArg, Command, GraphFormat, OutputArgs, SchemaFormat};
use crate::cloud::Cloud;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::output;
use crate::render::{self, Rendered, Templates};
use crate::report;
use crate::schema;

fn print_warnings(loaded: &[Loaded]) {
  let stderr = std::io::stderr();
  let mut stderr = stderr.lock();
  for warning in loaded
    .iter()
    .flat_map(|l| &l.warnings)
    .filter(|d: &&Diagnostic| !d.is_error())
  {
    let _ = write!(stderr, "{warning}");
  }
}

fn render_all(loaded: &[Loaded], args: &OutputArgs) -> Result<Vec<Rendered>, Error> {
  let templates = Templates::load(args.templates.as_deref())?;
  loaded
    .iter()
    .map(|l| render::render(&l.plan, &templates))
    .collect()
}

/// "Today" is `SWITCHYARD_TODAY` when set (tests and snapshots pin it), else the system date.
fn today() -> Result<Date, Error> {
  let variable = std::env::var(TODAY_VARIABLE).ok();
  Date::today(variable.as_deref()).map_err(|message| Error::Input {
    path: PathBuf::from(TODAY_VARIABLE),
    message,
  })
}

pub(crate) fn run(cli: Cli) -> Result<String, Error> {
  let settings = || -> Result<Settings, Error> {
    Ok(Settings {
      today: today()?,
      allow_unlisted: cli.allow_unlisted_models,
    })
  };
  match cli.command {
    Command::Validate { blueprints } => {
      let loaded = load::load_all(&blueprints, &settings()?)?;
      print_warnings(&loaded);
      let mut text = String::new();
      for l in &loaded {
        let bp = &l.plan.blueprint;
        text.push_str(&format!(
          "ok: {} ({}): {} endpoints, {} workloads\n",
          l.path.display(),
          l.plan.root(),
          bp.endpoints.len(),
          bp.workloads.len()
        ));
      }
      Ok(text)
    }
    Command::Plan {
      blueprints,
      output: args,
    } => {
      let loaded = load::load_all(&blueprints, &settings()?)?;
      print_warnings(&loaded);
      let rendered = render_all(&loaded, &args)?;
      let mut text = String::new();
      for (l, r) in loaded.iter().zip(&rendered) {
        let changes = output::changes(&args.out, r)?;
        if !text.is_empty() {
          text.push('\n');
        }
        text.push_str(&report::plan(
          l,
          r,
          &changes,
          &args.out.display().to_string(),
        ));
      }
      Ok(text)
    }
    Command::Render {
      blueprints,
      output: args,
    } => {
      let loaded = load::load_all(&blueprints, &settings()?)?;
      print_warnings(&loaded);
      // Everything renders and checks in memory first: an error leaves the tree untouched.
      let rendered = render_all(&loaded, &args)?;
      let mut text = String::new();
      for r in &rendered {
        let changes = output::write(&args.out, r)?;
        let count = |c: output::Change| changes.iter().filter(|(_, x)| *x == c).count();
        text.push_str(&format!(
          "rendered {}/{}: {} files ({} created, {} changed, {} deleted, {} unchanged)\n",
          args.out.display(),
          r.root,
          r.files.len(),
          count(output::Change::Create),
          count(output::Change::Update),
          count(output::Change::Delete),
          count(output::Change::Unchanged)
        ));
        for (path, change) in &changes {
          if *change == output::Change::KeepEdited {
            let _ = writeln!(
              std::io::stderr().lock(),
              "warning: {}/{path} is no longer generated but was edited by hand; it was left in place",
              args.out.display()
            );
          }
        }
      }
      Ok(text)
    }
    Command::Graph { blueprint, format } => {
      let loaded = load::load(&blueprint, &settings()?)?;
      print_warnings(std::slice::from_ref(&loaded));
      Ok(match format {
        GraphFormat::Dot => report::dot(&loaded),
        GraphFormat::Mermaid => report::mermaid(&loaded),
      })
    }
    Command::Catalog { cloud, model } => {
      let cloud = cloud.map(|c| match c {
        CloudArg::Azure => Cloud::Azure,
        CloudArg::Aws => Cloud::Aws,
        CloudArg::Gcp => Cloud::Gcp,
      });
      catalog::print(catalog::get()?, cloud, model.as_deref(), today()?).map_err(|message| {
        Error::Input {
          path: PathBuf::from("--model"),
          message,
        }
      })
    }
    Command::Schema { format } => match format {
      SchemaFormat::Json => schema::json(),
      SchemaFormat::Markdown => schema::markdown(),
    },
  }
}
