//! GCP: placeholder context, filled in by the GCP templates' author.

use serde::Serialize;

use crate::blueprint::Blueprint;
use crate::error::Error;
use crate::graph::Graph;

#[derive(Serialize)]
pub(crate) struct GcpContext {
  pub(crate) project: String,
  pub(crate) region: String,
}

pub(crate) fn context(blueprint: &Blueprint, _graph: &Graph) -> Result<GcpContext, Error> {
  let cloud = blueprint
    .gcp
    .as_ref()
    .ok_or_else(|| Error::internal("GCP endpoints without clouds.gcp"))?;
  Ok(GcpContext {
    project: cloud.project.clone(),
    region: cloud.region.clone(),
  })
}
