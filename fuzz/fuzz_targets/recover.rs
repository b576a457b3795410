//! Recovery and writing over an arbitrary journal and manifest in the committed tree: no
//! write outside the output directory, no user file lost, no panic (issue 14).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
  switchyard::fuzzing::recover(data);
});
