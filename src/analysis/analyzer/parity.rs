//! Model parity along a failover chain. A failover that silently changes what answers is an
//! outage of another kind: the request that fitted the primary's context window fails on a
//! backup with a smaller one, an image the primary read is refused by a text-only backup, and
//! a workload that declared one model (`model: gpt-oss-120b`) gets another.
//!
//! The facts are the catalog's `family`, `context` and `input` of each link (and of models an
//! overlay declares); a fact the catalog does not record is not guessed, and no warning is
//! made from it. Every finding is a warning at the link that differs.

use std::collections::BTreeMap;

use super::reader::Reader;
use crate::analysis::blueprint::Endpoint;
use crate::analysis::catalog::{self, Traits};
use crate::analysis::suggest;
use crate::input::diagnostic::Diagnostic;
use crate::input::name::Name;
use crate::input::yaml_path::YamlPath;

fn warning(path: YamlPath, message: String, help: String) -> Diagnostic {
  Diagnostic::warning(path, message).help(help)
}

/// Checks `chain` (at `path`); `declared` is the workload's `model:` and where it is written.
pub(crate) fn check(
  reader: &mut Reader,
  declared: Option<(&str, YamlPath)>,
  chain: &[Name],
  endpoints: &BTreeMap<Name, Endpoint>,
  path: &YamlPath,
) {
  let Ok(catalog) = catalog::get() else {
    return;
  };
  let links: Vec<(usize, &Name, Option<&Traits>)> = chain
    .iter()
    .enumerate()
    .filter_map(|(index, name)| {
      let endpoint = endpoints.get(name)?;
      Some((
        index,
        name,
        catalog.traits(endpoint.cloud(), &endpoint.model),
      ))
    })
    .collect();
  if let Some((model, model_path)) = &declared {
    let families = catalog.families();
    if !families.contains(model) {
      let help = match suggest::nearest(model, families.iter().copied()) {
        Some(near) => format!(
          "the catalog's model families include `{near}`; `switchyard catalog --model ID` shows a model's family"
        ),
        None => "`switchyard catalog --model ID` shows a model's family".to_owned(),
      };
      reader.report(warning(
        model_path.clone(),
        format!("no model of the catalog is of the family `{model}`; parity is not checked"),
        help,
      ));
    } else {
      for (index, name, traits) in &links {
        match traits.and_then(|t| t.family.as_deref()) {
          Some(family) if family == *model => {}
          Some(family) => reader.report(warning(
            path.index(*index),
            format!("`{name}` serves `{family}`, not the workload's model `{model}`"),
            format!(
              "on failover to `{name}` the workload answers with another model; use an endpoint of `{model}` on that cloud (`switchyard catalog`), or remove `model:` if the chain may change model"
            ),
          )),
          None => reader.report(warning(
            path.index(*index),
            format!("the catalog does not record which model `{name}` serves; it cannot confirm `{model}`"),
            "record the model's `family` in the catalog overlay (switchyard-catalog.yaml) to check it".to_owned(),
          )),
        }
      }
    }
  }
  for pair in links.windows(2) {
    let [(_, before, Some(earlier)), (index, name, Some(later))] = pair else {
      continue;
    };
    if let (Some(had), Some(has)) = (earlier.context, later.context)
      && has < had
    {
      reader.report(warning(
        path.index(*index),
        format!(
          "`{name}` accepts {has}K tokens of context, less than `{before}` before it ({had}K)"
        ),
        format!(
          "a request that fits `{before}` can fail on `{name}` when it takes over; put a backup with at least {had}K first, or keep requests under {has}K"
        ),
      ));
    }
    if let (Some(had), Some(has)) = (&earlier.input, &later.input) {
      let lost: Vec<&str> = had
        .iter()
        .filter(|m| !has.contains(m))
        .map(String::as_str)
        .collect();
      if !lost.is_empty() {
        reader.report(warning(
          path.index(*index),
          format!(
            "`{name}` does not accept {} input, which `{before}` before it does",
            lost.join(" or ")
          ),
          format!(
            "requests with {} fail on `{name}` when it takes over; put a backup that reads them first",
            lost.join(" or ")
          ),
        ));
      }
    }
  }
}
