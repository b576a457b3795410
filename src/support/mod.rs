//! Helpers every stage may use: user text made safe to show, work on roots in parallel, and
//! the progress bar.

pub(crate) mod parallel;
pub(crate) mod progress;
pub(crate) mod text;
