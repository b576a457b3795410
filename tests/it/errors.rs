//! Every blueprint under tests/errors/ is invalid: `validate` must exit 1 with located
//! messages, and the whole output is snapshotted so a reviewer reads each message as a user
//! would. `render` of the same file must write nothing.

use crate::common;

#[test]
fn every_bad_blueprint_is_rejected_with_located_messages() {
  insta::glob!("../errors", "*.yaml", |path| {
    let relative = path
      .strip_prefix(common::project())
      .unwrap()
      .to_string_lossy()
      .into_owned();
    let (code, stdout, stderr) = common::run(&["validate", &relative]);
    assert_eq!(code, 1, "{relative} was accepted:\n{stdout}{stderr}");
    assert!(
      stdout.is_empty(),
      "{relative}: nothing goes to stdout on error"
    );
    assert!(
      !stderr.contains("panicked"),
      "{relative} panicked:\n{stderr}"
    );
    assert!(
      stderr.contains(&format!("--> {relative}")),
      "{relative}: message names no file:\n{stderr}"
    );
    insta::assert_snapshot!(stderr);

    let out = common::scratch("errors");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, _, _) = common::run(&["render", &relative, "--out", &out_arg]);
    assert_eq!(code, 1);
    assert!(
      common::tree(&out).is_empty(),
      "{relative}: render wrote files"
    );
  });
}
