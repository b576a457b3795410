//! Progress on stderr (issue 15): shown on a terminal, never in JSON runs, never in captured
//! output. The terminal is a real pseudo-terminal from util-linux's `script`; the delay before a
//! bar appears is set to 0 so the runs need no timing.

use crate::common;

use std::process::Command;

/// `args` run on a pseudo-terminal: everything the terminal received, stdout and stderr.
fn on_terminal(args: &[&str], delay: &str) -> String {
  let binary = env!("CARGO_BIN_EXE_switchyard");
  let command = std::iter::once(binary)
    .chain(args.iter().copied())
    .map(|a| format!("'{a}'"))
    .collect::<Vec<_>>()
    .join(" ");
  let output = Command::new("script")
    .args(["-qec", &command, "/dev/null"])
    .current_dir(common::project())
    .env("SWITCHYARD_PROGRESS_DELAY_MS", delay)
    .env("SWITCHYARD_TODAY", common::TODAY)
    .env("TERM", "xterm")
    .output()
    .expect("util-linux `script` is needed for this test");
  assert!(output.status.success(), "{output:?}");
  String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_terminal_sees_each_step_and_the_bar_is_cleared() {
  let out = common::scratch("progress-terminal");
  let transcript = on_terminal(
    &["render", "blueprints", "--out", &out.to_string_lossy()],
    "0",
  );
  assert!(transcript.contains("loading blueprints"), "{transcript}");
  assert!(transcript.contains("rendering roots"), "{transcript}");
  assert!(transcript.contains("writing roots"), "{transcript}");
  // Cleared before the result: the first line of output starts after an erase-line.
  assert!(transcript.contains("\x1b[2Krendered "), "{transcript}");
}

#[test]
fn json_output_and_a_quick_run_stay_silent_on_a_terminal() {
  let out = common::scratch("progress-json");
  let transcript = on_terminal(
    &[
      "plan",
      "blueprints",
      "--out",
      &out.to_string_lossy(),
      "--format",
      "json",
    ],
    "0",
  );
  assert!(!transcript.contains("rendering roots"), "{transcript}");
  assert!(!transcript.contains('\x1b'), "{transcript}");
  assert!(transcript.trim_start().starts_with('{'), "{transcript}");
  // The default delay: the bundled blueprints take far less than a minute.
  let transcript = on_terminal(&["validate", "blueprints"], "60000");
  assert!(!transcript.contains("loading blueprints"), "{transcript}");
}

#[test]
fn captured_stderr_never_gets_progress() {
  let out = common::scratch("progress-captured");
  let (code, _, stderr) = common::run_with(
    &common::project(),
    &["render", "blueprints", "--out", &out.to_string_lossy()],
    &[("SWITCHYARD_PROGRESS_DELAY_MS", "0"), ("TERM", "xterm")],
  );
  assert_eq!(code, 0, "{stderr}");
  assert!(!stderr.contains("rendering roots"), "{stderr}");
  assert!(!stderr.contains('\x1b'), "{stderr}");
}
