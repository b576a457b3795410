//! Blueprint loading and validation on arbitrary bytes: no panic, every diagnostic locatable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
  switchyard::fuzzing::load(data);
});
