//! The integration tests, one crate: each module was once its own test binary, and each of
//! those linked the library and the harness again (issue 19). Run one module with
//! `cargo test --test it <module>::`.

// Tests may unwrap, panic and index: a failure is the report.
#![allow(
  clippy::unwrap_used,
  clippy::expect_used,
  clippy::panic,
  clippy::indexing_slicing
)]

mod common;
mod workspace;

mod architecture;
mod catalog;
mod catalog_import;
mod cli;
mod consumers;
mod cost;
mod engines;
mod environments;
mod errors;
mod examples;
mod federation;
mod first_apply;
mod gitops;
mod hostile;
mod lifecycle;
mod parity;
mod plan_formats;
mod progress;
mod scale;
mod security;
mod vertex_global;
mod vertex_multi_region;
