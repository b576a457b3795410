//! Rendering of whatever validates: no panic, HCL that parses, formatted, deterministic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
  switchyard::fuzzing::render(data);
});
