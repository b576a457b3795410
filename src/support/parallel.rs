//! Work on independent roots in parallel, results in input order.
//!
//! Loading, rendering and comparing one root touch nothing another root uses, so each item
//! runs on its own worker; with one item (the common single-blueprint run) no thread starts.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(work)`, spread over the machine's cores; the order of results is the
/// order of `items`, so output stays deterministic.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
  let workers = std::thread::available_parallelism()
    .map_or(1, NonZeroUsize::get)
    .min(items.len());
  if workers <= 1 {
    return items.iter().map(work).collect();
  }
  let next = AtomicUsize::new(0);
  let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
    let handles: Vec<_> = (0..workers)
      .map(|_| {
        scope.spawn(|| {
          let mut done = Vec::new();
          loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
              break;
            };
            done.push((index, work(item)));
          }
          done
        })
      })
      .collect();
    handles
      .into_iter()
      .flat_map(|handle| {
        handle
          .join()
          .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
      })
      .collect()
  });
  results.sort_by_key(|(index, _)| *index);
  results.into_iter().map(|(_, result)| result).collect()
}

/// `map` with a progress bar of items done on a terminal (see `progress`), for the steps
/// over every root that a large run waits on.
pub(crate) fn map_shown<T: Sync, R: Send>(
  items: &[T],
  what: &'static str,
  work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
  let step = crate::support::progress::Step::start(what, items.len());
  map(items, |item| {
    let result = work(item);
    step.inc();
    result
  })
}

/// Frees `value` on a thread of its own, off the path to the result. A large run's data (every
/// root's plan and rendered files: tens of thousands of small allocations) takes longer to free
/// than some whole runs take to print; the command's output does not wait for it, and when
/// the process exits first, the operating system takes the memory back at once.
pub(crate) fn discard<T: Send + 'static>(value: T) {
  // Without a thread (a limit hit), it is freed here, as it would have been anyway.
  let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn keeps_input_order() {
    let items: Vec<u64> = (0..100).collect();
    let squares = map(&items, |n| n * n);
    assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    assert!(map(&Vec::<u64>::new(), |n| *n).is_empty());
  }
}
