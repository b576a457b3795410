//! The GitOps commands: `plan` as a change review, `render` (with `--check`), `affected`,
//! `pipeline`.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::analysis::analyzer::Settings;
use crate::analysis::catalog;
use crate::commands::cli::{AffectedFormat, ColorChoice, Engine, OutputArgs, PlanFormat};
use crate::commands::engines;
use crate::gitops::affected;
use crate::gitops::diff;
use crate::gitops::review;
use crate::input::diagnostic::{Diagnostic, MAX_PRINTED};
use crate::input::error::Error;
use crate::plan::load::{self, Loaded};
use crate::render::{self, Rendered, Templates};
use crate::report;
use crate::report::markdown;
use crate::support::parallel;
use crate::write::change::Change;
use crate::write::lock;
use crate::write::memo::{self, Memo};
use crate::write::orphan;
use crate::write::output;

/// A command's response on the terminal: what it prints on stdout, and whether it ends with
/// "changes pending" (exit 2). Not to be confused with `output`, which writes the rendered
/// tree under `--out`.
pub(crate) struct Response {
  pub(crate) text: String,
  pub(crate) pending: bool,
  /// A policy the result breaks (`plan --deny-destroy`): printed after the text, exit 1.
  pub(crate) refused: Option<String>,
}

impl From<String> for Response {
  fn from(text: String) -> Self {
    Self {
      text,
      pending: false,
      refused: None,
    }
  }
}

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
      .map(|input| crate::write::orphan::relative(&directory, input))
      .collect();
    let key = memo.as_ref().map(|memo| {
      (
        memo,
        Memo::key(&memo::inputs(&l.sources.files()), &context, &root, &sources),
      )
    });
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

/// What decides `plan`'s exit status besides errors.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PlanExit {
  /// 2 when changes are pending.
  pub(crate) detailed_exitcode: bool,
  /// 1 when a stateful or expensive object would be destroyed or replaced.
  pub(crate) deny_destroy: bool,
  /// 1 when the change buys or extends a commitment (issue 16).
  pub(crate) deny_commitment: bool,
}

/// `--deny-commitment`'s refusal: every commitment the change buys, by root and endpoint.
fn deny_commitment(review: &review::Review) -> Option<String> {
  if review.summary.commitments == 0 {
    return None;
  }
  let mut message = format!(
    "--deny-commitment: the change buys {} {} that cannot be cancelled before the term ends:",
    review.summary.commitments,
    if review.summary.commitments == 1 {
      "commitment"
    } else {
      "commitments"
    }
  );
  for root in &review.roots {
    for c in &root.cost.commitments {
      message.push_str(&format!(
        "\n  {} {}: {} model units for {}, {}, ends {}",
        root.root,
        c.endpoint,
        c.units,
        c.term,
        c.total.map_or_else(
          || c
            .unpriced
            .clone()
            .unwrap_or_else(|| "not priced".to_owned()),
          |t| format!("{} USD", crate::analysis::cost::show::money(t))
        ),
        c.ends
      ));
    }
  }
  Some(message)
}

/// `--deny-destroy`'s refusal: every destruction, by root and address.
fn deny_destroy(review: &review::Review) -> Option<String> {
  if review.summary.destructions == 0 {
    return None;
  }
  let mut message = format!(
    "--deny-destroy: {} stateful or expensive {} would be destroyed or replaced:",
    review.summary.destructions,
    if review.summary.destructions == 1 {
      "object"
    } else {
      "objects"
    }
  );
  for root in &review.roots {
    for d in &root.destructions {
      message.push_str(&format!(
        "\n  {} {} {} ({})",
        root.root,
        d.action.sign(),
        crate::support::text::escape_controls(&d.address),
        crate::support::text::escape_controls(&d.reason)
      ));
    }
  }
  Some(message)
}

/// The root every loaded blueprint renders, in order.
fn root_names(loaded: &[Loaded]) -> Vec<String> {
  loaded.iter().map(|l| l.plan.root()).collect()
}

/// Every blueprint file of the run, overlays' bases included.
fn inputs(loaded: &[Loaded]) -> Vec<PathBuf> {
  loaded
    .iter()
    .flat_map(|l| l.inputs())
    .map(Path::to_path_buf)
    .collect()
}

fn orphan_warning(orphan: &orphan::Orphan) -> String {
  format!(
    "{} is orphaned: {}; {}",
    orphan.directory,
    orphan.reason,
    orphan::HINT
  )
}

fn warn(message: &str) {
  let _ = writeln!(std::io::stderr().lock(), "warning: {message}");
}

fn use_color(choice: ColorChoice) -> bool {
  match choice {
    ColorChoice::Always => true,
    ColorChoice::Never => false,
    ColorChoice::Auto => {
      std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").as_deref() != Ok("dumb")
    }
  }
}

/// `plan`: the review of every root, in the chosen format.
pub(crate) fn plan(
  blueprints: &[PathBuf],
  args: &OutputArgs,
  format: PlanFormat,
  exit: PlanExit,
  color: ColorChoice,
  settings: &Settings,
) -> Result<Response, Error> {
  let loaded = load::load_all(blueprints, settings)?;
  print_warnings(&loaded);
  // Read nothing while another process writes these roots; rendering reads them too, for
  // roots the render memo knows (issue 17).
  let names = root_names(&loaded);
  let locks = lock::acquire(
    &args.out,
    names.iter().map(String::as_str),
    lock::Mode::Shared,
  )?;
  let rendered = render_all(&loaded, args, settings)?;
  let pairs: Vec<(&Loaded, &Rendered)> = loaded.iter().zip(&rendered).collect();
  let prices = crate::analysis::cost::prices::get()?;
  let reviews = parallel::map_shown(&pairs, "reviewing roots", |(l, r)| {
    review::review(l, r, &args.out, prices, settings.today)
  })
  .into_iter()
  .collect::<Result<Vec<_>, Error>>()?;
  let orphans = orphan::find(
    &args.out,
    names.iter().map(String::as_str),
    &inputs(&loaded),
  )?;
  let document = review::document(reviews, orphans);
  let text = match format {
    PlanFormat::Json => review::to_json(&document),
    PlanFormat::Markdown => markdown::render(&document),
    PlanFormat::Text => {
      let style = report::Style {
        color: use_color(color),
      };
      let out = args.out.display().to_string();
      // Each root's report (its review, graph and resource counts) is text of its own, and
      // a large run has hundreds: they are written in parallel and joined in order.
      let roots: Vec<_> = pairs.iter().zip(&document.roots).collect();
      let reports = parallel::map(&roots, |((l, r), root)| {
        report::plan(l, r, root, &out, style)
      });
      let mut text = String::new();
      for report in reports {
        text.push_str(&report);
        text.push('\n');
      }
      text.push_str(&report::plan_summary(&document));
      text
    }
  };
  drop(locks);
  let pending = exit.detailed_exitcode && document.changes_pending;
  let refusals: Vec<String> = [
    exit.deny_destroy.then(|| deny_destroy(&document)).flatten(),
    exit
      .deny_commitment
      .then(|| deny_commitment(&document))
      .flatten(),
  ]
  .into_iter()
  .flatten()
  .collect();
  let refused = (!refusals.is_empty()).then(|| refusals.join("\n"));
  parallel::discard((loaded, rendered, document));
  Ok(Response {
    text,
    pending,
    refused,
  })
}

/// `render`: every root written as its own transaction; with `check`, diffs instead.
pub(crate) fn render(
  blueprints: &[PathBuf],
  args: &OutputArgs,
  check: bool,
  force: bool,
  prune: bool,
  settings: &Settings,
) -> Result<Response, Error> {
  let loaded = load::load_all(blueprints, settings)?;
  print_warnings(&loaded);
  if check {
    return check_tree(&loaded, args, settings);
  }
  let names = root_names(&loaded);
  let orphans = orphan::find(
    &args.out,
    names.iter().map(String::as_str),
    &inputs(&loaded),
  )?;
  // One writer per root: a second render waits here, and nothing interleaves. An orphan to
  // prune is written too, so it is locked with the rest, in one sorted acquisition. Taken
  // before rendering: a root the render memo knows is read from the tree (issue 17).
  let pruned_roots = orphans.iter().filter(|_| prune).map(|o| o.root.as_str());
  let locks = lock::acquire(
    &args.out,
    names.iter().map(String::as_str).chain(pruned_roots),
    lock::Mode::Exclusive,
  )?;
  // Everything renders and checks in memory first: an error leaves the tree untouched.
  let rendered = match render_all(&loaded, args, settings) {
    Ok(rendered) => rendered,
    Err(error) => {
      locks.release_unused();
      return Err(error);
    }
  };
  let results = parallel::map_shown(&rendered, "writing roots", |r| {
    output::write(&args.out, r, force)
  });
  let mut pruned = String::new();
  for orphan in &orphans {
    if !prune {
      warn(&orphan_warning(orphan));
      continue;
    }
    let done = orphan::prune(&args.out, orphan)?;
    pruned.push_str(&format!(
      "pruned {}: {} generated files removed\n",
      orphan.directory, done.removed
    ));
    for file in &done.kept {
      warn(&format!(
        "{}/{file} was edited by hand or is not Switchyard's; it was left in place, and so was the root's manifest",
        orphan.directory
      ));
    }
  }
  drop(locks);
  let mut text = String::new();
  let mut first_error = None;
  for (r, result) in rendered.iter().zip(results) {
    let changes = match result {
      Ok(changes) => changes,
      Err(error) => {
        first_error.get_or_insert(error);
        continue;
      }
    };
    let count = |c: Change| changes.iter().filter(|x| x.change == c).count();
    text.push_str(&format!(
      "rendered {}/{}: {} files ({} created, {} changed, {} deleted, {} unchanged)\n",
      args.out.display(),
      r.root,
      r.files.len(),
      count(Change::Create),
      count(Change::Update),
      count(Change::Delete),
      count(Change::Unchanged)
    ));
    for change in &changes {
      if change.change == Change::KeepEdited {
        warn(&format!(
          "{}/{} is no longer generated but was edited by hand; it was left in place",
          args.out.display(),
          change.path
        ));
      }
      if let Some(conflict) = change.conflict {
        warn(&format!(
          "{}/{} was {}; --force replaced it",
          args.out.display(),
          change.path,
          conflict.describe()
        ));
      }
    }
  }
  parallel::discard((loaded, rendered));
  text.push_str(&pruned);
  match first_error {
    // Each root is its own transaction: report the roots that were written, then fail.
    Some(error) => {
      let _ = std::io::stdout().lock().write_all(text.as_bytes());
      Err(error)
    }
    None => Ok(text.into()),
  }
}

/// `affected`: the roots a change since `since` touches.
pub(crate) fn affected(
  blueprints: &[PathBuf],
  since: &str,
  args: &OutputArgs,
  format: AffectedFormat,
  settings: &Settings,
) -> Result<Response, Error> {
  let loaded = load::load_all(blueprints, settings)?;
  print_warnings(&loaded);
  let result = affected_roots(&loaded, since, args)?;
  Ok(
    match format {
      AffectedFormat::Text => affected::text(&result),
      AffectedFormat::Json => affected::json(&result),
    }
    .into(),
  )
}

/// The roots affected since `since`, orphans included, with a warning for each orphaned or
/// removed one.
fn affected_roots(
  loaded: &[Loaded],
  since: &str,
  args: &OutputArgs,
) -> Result<affected::Affected, Error> {
  let mut result = affected::affected(loaded, since, &args.out, args.templates.as_deref())?;
  let produced: Vec<String> = loaded.iter().map(|l| l.plan.root()).collect();
  for orphan in orphan::find(
    &args.out,
    produced.iter().map(String::as_str),
    &inputs(loaded),
  )? {
    warn(&orphan_warning(&orphan));
    result.roots.retain(|r| r.root != orphan.root);
    result.roots.push(affected::Root {
      root: orphan.root.clone(),
      directory: orphan.directory.clone(),
      status: affected::Status::Orphaned,
      blueprints: Vec::new(),
      reasons: vec![format!("{}; {}", orphan.reason, orphan::HINT)],
    });
  }
  result.roots.sort_by(|a, b| a.root.cmp(&b.root));
  for root in result
    .roots
    .iter()
    .filter(|r| r.status == affected::Status::Removed)
  {
    warn(&format!(
      "{} ({}) is removed: {}",
      root.root,
      root.directory,
      root.reasons.join("; ")
    ));
  }
  Ok(result)
}

/// `pipeline <engine>`: the engine's configuration for every root of the blueprints (for
/// GitHub Actions with `--since`, the affected ones that still render).
pub(crate) fn pipeline(engine: &Engine, settings: &Settings) -> Result<Response, Error> {
  let args = engine.roots();
  let loaded = load::load_all(&args.blueprints, settings)?;
  print_warnings(&loaded);
  let top = affected::top_level()?;
  let mut projects = engines::projects(&top, &loaded, &args.output.out, args.promotion.as_ref())?;
  let templates = match &args.output.templates {
    Some(dir) => Some(
      affected::in_repository(&top, dir).ok_or_else(|| Error::Input {
        path: dir.clone(),
        message: format!("is outside the git repository at {}", top.display()),
      })?,
    ),
    None => None,
  };
  Ok(
    match engine {
      Engine::Atlantis { workflow, .. } => {
        engines::atlantis(&projects, templates.as_deref(), workflow)
      }
      Engine::GithubActions { since, .. } => {
        if let Some(since) = since {
          let result = affected_roots(&loaded, since, &args.output)?;
          let planned: Vec<&str> = result
            .roots
            .iter()
            .filter(|r| {
              matches!(
                r.status,
                affected::Status::Added | affected::Status::Changed
              )
            })
            .map(|r| r.root.as_str())
            .collect();
          projects.retain(|p| planned.contains(&p.root.as_str()));
        }
        engines::github_actions(&projects)
      }
      Engine::Tfe { .. } => engines::tfe(&projects, templates.as_deref()),
    }
    .into(),
  )
}

/// `render --check`: diffs of every root that differs from its rendering; writes nothing.
fn check_tree(
  loaded: &[Loaded],
  args: &OutputArgs,
  settings: &Settings,
) -> Result<Response, Error> {
  let names = root_names(loaded);
  let _locks = lock::acquire(
    &args.out,
    names.iter().map(String::as_str),
    lock::Mode::Shared,
  )?;
  let rendered = &render_all(loaded, args, settings)?;
  let orphans = orphan::find(&args.out, names.iter().map(String::as_str), &inputs(loaded))?;
  let results = parallel::map_shown(rendered, "comparing roots", |r| {
    let survey = output::survey(&args.out, r)?;
    Ok::<_, Error>(diff::check(&args.out, r, &survey))
  });
  let mut diffs = String::new();
  let mut summary = String::new();
  let mut differing = 0;
  for ((l, r), result) in loaded.iter().zip(rendered).zip(results) {
    let text = result?;
    let directory = args.out.join(&r.root);
    if text.is_empty() {
      summary.push_str(&format!(
        "ok: {} is what {} renders\n",
        directory.display(),
        l.origin()
      ));
    } else {
      differing += 1;
      diffs.push_str(&text);
      summary.push_str(&format!(
        "differs: {} is not what {} renders; run `switchyard render` and commit the result\n",
        directory.display(),
        l.origin()
      ));
    }
  }
  for orphan in &orphans {
    summary.push_str(&format!("orphaned: {}\n", orphan_warning(orphan)));
  }
  diffs.push_str(&summary);
  Ok(Response {
    text: diffs,
    pending: differing > 0 || !orphans.is_empty(),
    refused: None,
  })
}
