//! Progress on stderr for long runs (issue 15): 200 blueprints used to mean ten seconds of
//! silence. A step over many roots (loading, rendering, reviewing, writing) shows a bar of
//! roots done, but only when stderr is a terminal, the output is not JSON, and the step has
//! lasted more than a moment (`SWITCHYARD_PROGRESS_DELAY_MS`, default 500): a quick run, a
//! pipe, a CI log and a test's captured stderr get nothing.
//!
//! Off the hot path: when progress is off no bar and no thread exist, and a step costs one
//! branch per root. When on, one thread per step waits for the delay (or for the step's end,
//! whichever comes first) before the bar is drawn; indicatif limits redraws to its refresh rate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// The variable that sets how long a step runs before its bar appears, in milliseconds.
pub(crate) const DELAY_VARIABLE: &str = "SWITCHYARD_PROGRESS_DELAY_MS";
const DEFAULT_DELAY: Duration = Duration::from_millis(500);

/// Whether a run shows progress: only on a terminal that can redraw a line, never for JSON.
pub(crate) fn wanted(stderr_is_terminal: bool, json: bool, term: Option<&str>) -> bool {
  stderr_is_terminal && !json && term != Some("dumb")
}

/// Turns progress on or off for this process (once, before any step).
pub(crate) fn enable(on: bool) {
  ENABLED.store(on, Ordering::Relaxed);
}

fn delay() -> Duration {
  std::env::var(DELAY_VARIABLE)
    .ok()
    .and_then(|text| text.trim().parse::<u64>().ok())
    .map_or(DEFAULT_DELAY, Duration::from_millis)
}

/// One step's bar; `inc` after each item, dropped (cleared) at the step's end.
pub(crate) struct Step {
  shown: Option<Shown>,
}

struct Shown {
  bar: ProgressBar,
  /// Dropped at the end of the step: wakes the thread that waits to draw the bar.
  done: Option<mpsc::Sender<()>>,
  waiter: Option<std::thread::JoinHandle<()>>,
}

impl Step {
  /// A step over `total` items; with progress off, or one item, nothing at all.
  pub(crate) fn start(what: &'static str, total: usize) -> Self {
    if !ENABLED.load(Ordering::Relaxed) || total < 2 {
      return Self { shown: None };
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
    bar.set_style(
      ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what);
    let (done, wait) = mpsc::channel::<()>();
    let drawn = bar.clone();
    let pause = delay();
    // If no thread can start, the step just runs without a bar.
    let waiter = std::thread::Builder::new().spawn(move || {
      // A message never comes: the sender is dropped at the step's end, which is an error
      // here; only a timeout means the step is still running.
      if matches!(
        wait.recv_timeout(pause),
        Err(mpsc::RecvTimeoutError::Timeout)
      ) {
        drawn.set_draw_target(ProgressDrawTarget::stderr());
        drawn.enable_steady_tick(Duration::from_millis(100));
      }
    });
    Self {
      shown: Some(Shown {
        bar,
        done: Some(done),
        waiter: waiter.ok(),
      }),
    }
  }

  pub(crate) fn inc(&self) {
    if let Some(shown) = &self.shown {
      shown.bar.inc(1);
    }
  }
}

impl Drop for Step {
  fn drop(&mut self) {
    if let Some(shown) = &mut self.shown {
      drop(shown.done.take());
      // The waiter may be drawing the bar right now: clear it only after, or it comes back.
      if let Some(waiter) = shown.waiter.take() {
        let _ = waiter.join();
      }
      shown.bar.finish_and_clear();
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn only_a_terminal_without_json_gets_progress() {
    assert!(wanted(true, false, Some("xterm-256color")));
    assert!(wanted(true, false, None));
    assert!(!wanted(false, false, Some("xterm")));
    assert!(!wanted(true, true, Some("xterm")));
    assert!(!wanted(true, false, Some("dumb")));
  }

  #[test]
  fn a_disabled_step_has_no_bar() {
    enable(false);
    let step = Step::start("rendering", 100);
    assert!(step.shown.is_none());
    step.inc();
  }
}
