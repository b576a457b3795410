//! Stage 2, analysis: the `analyzer` turns a node tree into a validated
//! `blueprint::Blueprint` (or every problem found), checked against the model `catalog`, the
//! `regions` and the address layout (`addressing`) and, for AWS, the invoker role's grants
//! (`aws_iam`); `intent` summarizes a blueprint in reviewers' terms and `cost` prices that
//! summary.

pub(crate) mod addressing;
pub(crate) mod analyzer;
pub(crate) mod aws_iam;
pub(crate) mod backend;
pub(crate) mod blueprint;
pub(crate) mod catalog;
pub(crate) mod cloud;
pub(crate) mod cost;
pub(crate) mod intent;
pub(crate) mod labels;
pub(crate) mod models;
pub(crate) mod regions;
pub(crate) mod suggest;
