//! Resolves a parsed command line into work and its printed result.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::analyzer::Settings;
use crate::catalog::{self, Date, TODAY_VARIABLE};
use crate::cli::{
  AffectedFormat, CatalogAction, Cli, CloudArg, Command, Engine, GraphFormat, OutputArgs,
  PlanFormat, SchemaFormat,
};
use crate::cloud::Cloud;
use crate::diagnostic::{Diagnostic, MAX_PRINTED};
use crate::durability;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::memo::{self, Memo};
use crate::parallel;
use crate::progress;
use crate::render::{self, Rendered, Templates};
use crate::report;
use crate::retiring;
use crate::schema;
use crate::workflow::{self, Outcome};

pub(crate) fn print_warnings(loaded: &[Loaded]) {
  let stderr = std::io::stderr();
  let mut stderr = stderr.lock();
  let mut warnings = loaded
    .iter()
    .flat_map(|l| &l.warnings)
    .filter(|d: &&Diagnostic| !d.is_error());
  for warning in warnings.by_ref().take(MAX_PRINTED) {
    let _ = write!(stderr, "{warning}");
  }
  let more = warnings.count();
  if more > 0 {
    let _ = writeln!(
      stderr,
      "warning: … {more} more warnings not shown (the first {MAX_PRINTED} are above)\n"
    );
  }
}

/// Renders every root in memory, in parallel: templates, formatting and parsing back are the
/// expensive part of a run, and roots share nothing but the read-only template set.
///
/// A root whose inputs the render memo knows, and whose files in the tree still have the
/// hashes recorded for them, is read from the tree instead (issue 17, `memo`). The caller
/// holds the roots' locks.
pub(crate) fn render_all(
  loaded: &[Loaded],
  args: &OutputArgs,
  settings: &Settings,
) -> Result<Vec<Rendered>, Error> {
  // Overrides are files the memo's key does not cover: such runs never use it.
  let memo = match &args.templates {
    Some(_) => None,
    None => Memo::open(),
  };
  let context = memo::Context {
    catalog_overlay: catalog::overlay_text().map(|(_, text)| text),
    allow_unlisted: settings.allow_unlisted,
  };
  // Overrides load first (one that does not is the user's error, reported as it is); the
  // embedded templates on first use: a run whose every root is recalled compiles none.
  let overrides = match &args.templates {
    Some(dir) => Some(Templates::load(Some(dir))?),
    None => None,
  };
  let embedded = OnceLock::new();
  let compiled = || -> Result<&Templates, Error> {
    match &overrides {
      Some(templates) => Ok(templates),
      None => embedded
        .get_or_init(|| Templates::load(None))
        .as_ref()
        .map_err(|error| Error::internal(error.to_string())),
    }
  };
  parallel::map_shown(loaded, "rendering roots", |l| {
    let root = l.plan.root();
    let directory = args.out.join(&root);
    let sources: Vec<String> = l
      .inputs()
      .into_iter()
      .map(|input| crate::orphan::relative(&directory, input))
      .collect();
    let key = memo
      .as_ref()
      .map(|memo| (memo, Memo::key(&l.inputs_digest, &context, &root, &sources)));
    if let Some((memo, key)) = &key
      && let Some(recalled) = memo.recall(key, &args.out, &root)
    {
      return Ok(recalled);
    }
    let rendered = render::render(&l.plan, compiled()?, &sources)?;
    if let Some((memo, key)) = &key {
      memo.record(key, &rendered);
    }
    Ok(rendered)
  })
  .into_iter()
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
  let candidate = dir.join(catalog::OVERLAY_FILE);
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

pub(crate) fn run(cli: Cli) -> Result<Outcome, Error> {
  if let Command::Catalog {
    action: Some(CatalogAction::Import { files, location }),
    ..
  } = &cli.command
  {
    // The overlay is this command's output, not a correction to read first.
    let out = cli
      .catalog_overlay
      .clone()
      .unwrap_or_else(|| PathBuf::from(catalog::OVERLAY_FILE));
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
      print_warnings(&loaded);
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
      print_warnings(std::slice::from_ref(&loaded));
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
      print_warnings(&loaded);
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
        text.push_str(&crate::cost::listing::prices(
          crate::cost::prices::get()?,
          listed,
          model,
          cloud,
        ));
      }
      Ok(Outcome::from(text))
    }
    Command::Schema { format } => match format {
      SchemaFormat::Json => schema::json(),
      SchemaFormat::Markdown => schema::markdown(),
    }
    .map(Outcome::from),
  }
}
