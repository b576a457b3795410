//! Resolves a parsed command line into work and its printed result.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use crate::analysis::analyzer::Settings;
use crate::analysis::catalog::{self, Date, TODAY_VARIABLE};
use crate::analysis::cloud::Cloud;
use crate::commands::cli::{
  AffectedFormat, CatalogAction, Cli, CloudArg, Command, Engine, GraphFormat, PlanFormat,
  SchemaFormat,
};
use crate::commands::retiring;
use crate::commands::schema;
use crate::commands::workflow::{self, Response};
use crate::input::error::Error;
use crate::plan::load;
use crate::report;
use crate::support::parallel;
use crate::support::progress;
use crate::write::durability;

/// "Today" is `SWITCHYARD_TODAY` when set (tests and snapshots pin it), else the system date.
fn today() -> Result<Date, Error> {
  let variable = std::env::var(TODAY_VARIABLE).ok();
  Date::today(variable.as_deref()).map_err(|message| Error::Input {
    path: PathBuf::from(TODAY_VARIABLE),
    message,
  })
}

/// The catalog overlay of this run: `--catalog PATH`, else `switchyard-catalog.yaml` in the
/// directory of the first blueprint named (or in that directory itself), when there is one.
fn overlay_path(cli: &Cli) -> Option<PathBuf> {
  if let Some(path) = &cli.catalog_overlay {
    return Some(path.clone());
  }
  let first = match &cli.command {
    Command::Validate { blueprints }
    | Command::Plan { blueprints, .. }
    | Command::Render { blueprints, .. }
    | Command::Affected { blueprints, .. }
    | Command::Catalog {
      action: Some(CatalogAction::Check { blueprints, .. }),
      ..
    } => blueprints.first()?,
    Command::Pipeline { engine } => engine.roots().blueprints.first()?,
    Command::Graph { blueprint, .. } => blueprint,
    Command::Catalog { .. } | Command::Schema { .. } => return None,
  };
  let dir = if first.is_dir() {
    first.as_path()
  } else {
    first.parent()?
  };
  let candidate = dir.join(crate::input::source::CATALOG_OVERLAY_FILE);
  candidate.is_file().then_some(candidate)
}

/// Whether the command prints JSON, which keeps stderr free of progress too: a program reads it.
fn json_output(command: &Command) -> bool {
  matches!(
    command,
    Command::Plan {
      format: PlanFormat::Json,
      ..
    } | Command::Affected {
      format: AffectedFormat::Json,
      ..
    } | Command::Pipeline {
      engine: Engine::GithubActions { .. }
    }
  )
}

pub(crate) fn run(cli: Cli) -> Result<Response, Error> {
  if let Command::Catalog {
    action: Some(CatalogAction::Import { files, location }),
    ..
  } = &cli.command
  {
    // The overlay is this command's output, not a correction to read first.
    let out = cli
      .catalog_overlay
      .clone()
      .unwrap_or_else(|| PathBuf::from(crate::input::source::CATALOG_OVERLAY_FILE));
    let (summary, notes) = catalog::import(files, &out, location.as_deref())?;
    let mut stderr = std::io::stderr().lock();
    for note in notes {
      let _ = writeln!(stderr, "note: {note}");
    }
    return Ok(summary.into());
  }
  if let Some(path) = overlay_path(&cli) {
    catalog::use_overlay(&path)?;
  }
  progress::enable(progress::wanted(
    std::io::stderr().is_terminal(),
    json_output(&cli.command),
    std::env::var("TERM").ok().as_deref(),
  ));
  let settings = || -> Result<Settings, Error> {
    Ok(Settings {
      today: today()?,
      allow_unlisted: cli.allow_unlisted_models,
    })
  };
  match cli.command {
    Command::Validate { blueprints } => {
      let loaded = load::load_all(&blueprints, &settings()?)?;
      workflow::print_warnings(&loaded);
      let mut text = String::new();
      for l in &loaded {
        let bp = &l.plan.blueprint;
        text.push_str(&format!(
          "ok: {} ({}): {} endpoints, {} workloads\n",
          l.origin(),
          l.plan.root(),
          bp.endpoints.len(),
          bp.workloads.len()
        ));
      }
      parallel::discard(loaded);
      Ok(text.into())
    }
    Command::Plan {
      blueprints,
      output,
      format,
      detailed_exitcode,
      deny_destroy,
      deny_commitment,
      color,
    } => workflow::plan(
      &blueprints,
      &output,
      format,
      workflow::PlanExit {
        detailed_exitcode,
        deny_destroy,
        deny_commitment,
      },
      color,
      &settings()?,
    ),
    Command::Render {
      blueprints,
      output,
      check,
      force,
      prune,
      fsync,
    } => {
      durability::set(fsync);
      workflow::render(&blueprints, &output, check, force, prune, &settings()?)
    }
    Command::Affected {
      blueprints,
      since,
      output,
      format,
    } => workflow::affected(&blueprints, &since, &output, format, &settings()?),
    Command::Pipeline { engine } => workflow::pipeline(&engine, &settings()?),
    Command::Graph { blueprint, format } => {
      // Through overlay discovery, so an overlay file graphs as the environment it renders.
      let mut all = load::load_all(std::slice::from_ref(&blueprint), &settings()?)?;
      let loaded = match all.len() {
        1 => all.remove(0),
        count => {
          return Err(Error::Input {
            path: blueprint,
            message: format!(
              "makes {count} roots (a base blueprint with overlays, or a directory); name one overlay file"
            ),
          });
        }
      };
      workflow::print_warnings(std::slice::from_ref(&loaded));
      Ok(
        match format {
          GraphFormat::Dot => report::dot(&loaded),
          GraphFormat::Mermaid => report::mermaid(&loaded),
        }
        .into(),
      )
    }
    Command::Catalog {
      action: Some(CatalogAction::Check { blueprints, within }),
      ..
    } => {
      let settings = settings()?;
      let loaded = load::load_all(&blueprints, &settings)?;
      workflow::print_warnings(&loaded);
      retiring::check(&loaded, within, settings.today)
    }
    Command::Catalog { cloud, model, .. } => {
      let cloud = cloud.map(|c| match c {
        CloudArg::Azure => Cloud::Azure,
        CloudArg::Aws => Cloud::Aws,
        CloudArg::Gcp => Cloud::Gcp,
      });
      let listed = catalog::get()?;
      let mut text =
        catalog::print(listed, cloud, model.as_deref(), today()?).map_err(|message| {
          Error::Input {
            path: PathBuf::from("--model"),
            message,
          }
        })?;
      if let Some(model) = &model {
        text.push_str(&crate::analysis::cost::listing::prices(
          crate::analysis::cost::prices::get()?,
          listed,
          model,
          cloud,
        ));
      }
      Ok(Response::from(text))
    }
    Command::Schema { format } => match format {
      SchemaFormat::Json => schema::json(),
      SchemaFormat::Markdown => schema::markdown(),
    }
    .map(Response::from),
  }
}
