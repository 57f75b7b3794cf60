//! A bounded smoke run of each fuzz harness with fixed seeds, plus every
//! input kept under `regressions/` (each one a crash the fuzzer found,
//! fixed since). The long runs are `scripts/fuzz.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::path::Path;
use taoflow_fuzz::{runtime, shares, SplitMix};

/// The inputs kept for `target`.
fn regressions(target: &str) -> Vec<Vec<u8>> {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions").join(target);
	let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
	let mut files: Vec<_> = entries
		.map(|e| e.unwrap().path())
		.filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
		.collect();
	files.sort();
	files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn shares_smoke() {
	let kept = regressions("shares");
	for input in &kept {
		shares::run(input);
	}
	let mut rng = SplitMix(0x7a0f_1057);
	let cases = 4_000;
	for i in 0..cases {
		// Mostly short inputs (few subnets), some long ones (up to 1,024).
		let len = if i % 16 == 0 { 4_000 + (rng.next_u64() % 20_000) as usize } else { 128 };
		shares::run(&rng.bytes(len));
	}
	println!("shares: {cases} seeded cases and {} kept inputs passed", kept.len());
}

#[test]
fn runtime_smoke() {
	let kept = regressions("runtime");
	for input in &kept {
		runtime::run(input);
	}
	let mut rng = SplitMix(0x5eed_0042);
	let cases = 32;
	let mut total = runtime::Outcome::default();
	for _ in 0..cases {
		let out = runtime::run(&rng.bytes(400));
		total.blocks += out.blocks;
		total.applied += out.applied;
		total.succeeded += out.succeeded;
	}
	println!(
		"runtime: {cases} seeded cases and {} kept inputs passed: {} blocks, {} extrinsics \
		 applied, {} of them dispatched without error",
		kept.len(),
		total.blocks,
		total.applied,
		total.succeeded
	);
	assert!(total.succeeded > 0, "no extrinsic ever succeeded: the harness tests nothing");
}
