//! Stage 8, commands: the command line (`cli`), its dispatch (`run`), the commands that run the
//! pipeline (`workflow`), CI pipeline files (`engines`), `catalog check` (`retiring`) and
//! `schema`.

pub(crate) mod cli;
pub(crate) mod engines;
pub(crate) mod retiring;
pub(crate) mod run;
pub(crate) mod schema;
pub(crate) mod workflow;
