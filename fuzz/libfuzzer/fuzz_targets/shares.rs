//! libFuzzer target: the share computation (see `taoflow_fuzz::shares`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| taoflow_fuzz::shares::run(data));
