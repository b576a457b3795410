//! Stage 6, GitOps: a change seen as a reviewer sees it. `review` combines the blueprint's
//! intent, the Terraform objects that change (`tfdiff`, with `refactoring`, `replacement` and
//! `propagation`) and the file changes; `diff` serves `render --check`, `affected` the roots a
//! commit range touches.

pub(crate) mod affected;
pub(crate) mod diff;
pub(crate) mod propagation;
pub(crate) mod refactoring;
pub(crate) mod replacement;
pub(crate) mod review;
pub(crate) mod tfdiff;
