//! Stage 1, input: blueprint files read within limits (`source`), parsed into a `node::Node`
//! tree (`yaml`, the only module that knows the YAML library), environment overlays merged
//! (`overlay`), and the located `diagnostic`s and `error`s every later stage reports with.

pub(crate) mod diagnostic;
pub(crate) mod error;
pub(crate) mod location;
pub(crate) mod name;
pub(crate) mod node;
pub(crate) mod overlay;
pub(crate) mod source;
pub(crate) mod yaml;
pub(crate) mod yaml_path;
