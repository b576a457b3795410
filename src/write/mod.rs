//! Stage 5, write: a rendered root written under `--out` and nowhere else (`guard`), as one
//! `transaction` that an interruption cannot leave half-done; `output` decides each file's
//! `change`, `orphan` finds roots no blueprint renders any more.

pub(crate) mod change;
pub(crate) mod durability;
pub(crate) mod guard;
pub(crate) mod lock;
pub(crate) mod memo;
pub(crate) mod orphan;
pub(crate) mod output;
pub(crate) mod transaction;
