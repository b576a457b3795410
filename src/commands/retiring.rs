//! `switchyard catalog check`: which endpoints of the blueprints retire within N days, for a
//! scheduled pipeline that must hear of a retirement before the failover target stops
//! answering. Exit status 2 when any do, like `plan --detailed-exitcode` for pending changes.

use crate::analysis::blueprint::EndpointKind;
use crate::analysis::catalog::{self, Date};
use crate::commands::workflow::Response;
use crate::input::error::Error;
use crate::plan::load::Loaded;

/// One line per endpoint retiring within `within` days of `today`, each root's file and the
/// endpoint's YAML path first; sorted as the roots and their endpoints are (by name).
pub(crate) fn check(loaded: &[Loaded], within: u32, today: Date) -> Result<Response, Error> {
  let catalog = catalog::get()?;
  let mut lines = Vec::new();
  for root in loaded {
    for endpoint in root.plan.blueprint.endpoints.values() {
      let version = match &endpoint.kind {
        EndpointKind::Azure(deployment) => deployment.version.as_deref(),
        _ => None,
      };
      let Some((what, lifecycle, help)) =
        catalog::lifecycle_of(catalog, endpoint.cloud(), &endpoint.model, version, today)
      else {
        continue;
      };
      let Some(date) = lifecycle.retires else {
        continue;
      };
      let days = today.days_until(date);
      if days > i64::from(within) {
        continue;
      }
      lines.push(format!(
        "{} at endpoints.{}: {what} retires on {date}, in {days} day{}; {help}",
        root.origin(),
        endpoint.name,
        if days == 1 { "" } else { "s" }
      ));
    }
  }
  let pending = !lines.is_empty();
  let mut text = lines.join("\n");
  if pending {
    text.push('\n');
  } else {
    text = format!(
      "ok: no endpoint of {} root{} retires within {within} days\n",
      loaded.len(),
      if loaded.len() == 1 { "" } else { "s" }
    );
  }
  Ok(Response {
    text,
    pending,
    refused: None,
  })
}
