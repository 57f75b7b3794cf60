//! libFuzzer target: call sequences against the runtime (see
//! `taoflow_fuzz::runtime`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	taoflow_fuzz::runtime::run(data);
});
