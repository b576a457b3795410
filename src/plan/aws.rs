//! AWS: placeholder context, filled in by the AWS templates' author.

use serde::Serialize;

use crate::blueprint::Blueprint;
use crate::error::Error;
use crate::graph::Graph;

#[derive(Serialize)]
pub(crate) struct AwsContext {
  pub(crate) region: String,
}

pub(crate) fn context(blueprint: &Blueprint, _graph: &Graph) -> Result<AwsContext, Error> {
  let cloud = blueprint
    .aws
    .as_ref()
    .ok_or_else(|| Error::internal("AWS endpoints without clouds.aws"))?;
  Ok(AwsContext {
    region: cloud.region.clone(),
  })
}
