//! Model loading (`Model::from_json`) on arbitrary bytes; a model that loads must also score.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_model(data));
