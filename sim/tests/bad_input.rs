//! Bad scenario files: a non-zero exit, one line on stderr naming the field
//! and the problem, and nothing written to the output directory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::process::Command;

fn reject(name: &str, scenario: &str, expect: &[&str]) {
	let dir = std::env::temp_dir().join(format!("taoflow-sim-bad-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).unwrap();
	let file = dir.join("scenario.json");
	std::fs::write(&file, scenario).unwrap();
	let out = dir.join("out");
	let result = Command::new(env!("CARGO_BIN_EXE_taoflow-sim"))
		.arg("run")
		.arg(&file)
		.arg("--out")
		.arg(&out)
		.output()
		.unwrap();
	assert!(!result.status.success(), "{name}: accepted");
	let stderr = String::from_utf8_lossy(&result.stderr);
	let lines: Vec<&str> = stderr.lines().collect();
	assert_eq!(lines.len(), 1, "{name}: one line expected, got {stderr}");
	assert!(lines[0].contains("scenario.json"), "{name}: names the file: {stderr}");
	for e in expect {
		assert!(lines[0].contains(e), "{name}: expected {e:?} in {stderr}");
	}
	assert!(
		!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
		"{name}: wrote output"
	);
	let leftovers: Vec<_> =
		std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
	assert_eq!(leftovers.len(), 1, "{name}: stray files {leftovers:?}");
}

const BASE: &str = r#""name": "bad", "blocks": 3, "block_emission": 1000, "subnets": [{"netuid": 1, "initial_stake": "5000000"}]"#;

#[test]
fn malformed_json() {
	reject("malformed", "{\"blocks\": 3,", &["$", "malformed JSON"]);
}

#[test]
fn unknown_key() {
	reject("unknown-top", &format!("{{{BASE}, \"colour\": 1}}"), &["$.colour", "unknown key"]);
	reject(
		"unknown-param",
		&format!("{{{BASE}, \"params\": {{\"half_life\": 5}}}}"),
		&["$.params.half_life", "unknown key"],
	);
	reject(
		"unknown-event-key",
		&format!("{{{BASE}, \"events\": [{{\"block\": 1, \"op\": \"stake\", \"netuid\": 1, \"amount\": 1000000, \"who\": 1}}]}}"),
		&["$.events[0].who", "unknown key"],
	);
}

#[test]
fn negative_amount() {
	reject(
		"negative",
		&format!("{{{BASE}, \"events\": [{{\"block\": 1, \"op\": \"stake\", \"netuid\": 1, \"amount\": \"-5\"}}]}}"),
		&["$.events[0].amount", "non-negative", "-5"],
	);
}

#[test]
fn event_for_an_unknown_subnet() {
	reject(
		"unknown-subnet",
		&format!("{{{BASE}, \"events\": [{{\"block\": 2, \"op\": \"stake\", \"netuid\": 7, \"amount\": 1000000}}]}}"),
		&["$.events[0].netuid", "unknown subnet 7"],
	);
}

#[test]
fn unstake_above_stake() {
	reject(
		"above-stake",
		&format!("{{{BASE}, \"events\": [{{\"block\": 2, \"op\": \"unstake\", \"netuid\": 1, \"amount\": 9000000}}]}}"),
		&["$.events[0].amount", "exceeds", "5000000"],
	);
}

#[test]
fn wrong_types_and_bounds() {
	reject(
		"blocks-type",
		r#"{"blocks": [], "block_emission": 1, "subnets": []}"#,
		&["$.blocks", "found an array"],
	);
	reject(
		"drought",
		&format!("{{{BASE}, \"params\": {{\"drought\": \"rain\"}}}}"),
		&["$.params.drought", "rain"],
	);
	reject(
		"bounds",
		&format!("{{{BASE}, \"params\": {{\"exponent\": \"3\"}}}}"),
		&["$.params.exponent", "within [1, 2]"],
	);
	reject(
		"register-netuid",
		&format!("{{{BASE}, \"events\": [{{\"block\": 1, \"op\": \"register\", \"netuid\": 5}}]}}"),
		&["$.events[0].netuid", "lowest free netuid, 2"],
	);
}

#[test]
fn version_two_parameters_out_of_bounds() {
	reject(
		"maturity",
		&format!("{{{BASE}, \"params\": {{\"maturity_half_life\": 100000001}}}}"),
		&["$.params.maturity_half_life", "10^8"],
	);
	reject(
		"min-signal",
		&format!("{{{BASE}, \"params\": {{\"min_signal\": \"18446744073709551617\"}}}}"),
		&["$.params.min_signal", "2^64"],
	);
	reject(
		"debt-cap",
		&format!("{{{BASE}, \"params\": {{\"debt_cap\": \"18446744073709551616\"}}}}"),
		&["$.params.debt_cap", "at most 18446744073709551615"],
	);
	reject(
		"cutoff",
		&format!("{{{BASE}, \"params\": {{\"cutoff\": \"-18446744073709551617\"}}}}"),
		&["$.params.cutoff", "2^64"],
	);
}

#[test]
fn none_with_a_cap_or_a_gate() {
	reject(
		"none-cap",
		&format!("{{{BASE}, \"params\": {{\"drought\": \"none\", \"max_share\": \"0.5\"}}}}"),
		&["$.params.drought", "max_share = 1"],
	);
	reject(
		"none-gate",
		&format!("{{{BASE}, \"params\": {{\"drought\": \"none\", \"min_signal\": \"10\"}}}}"),
		&["$.params.drought", "min_signal = 0"],
	);
	// The same combination reached by a later `set_params` is rejected too.
	reject(
		"none-cap-later",
		&format!("{{{BASE}, \"params\": {{\"drought\": \"none\"}}, \"events\": [{{\"block\": 2, \"op\": \"set_params\", \"params\": {{\"max_share\": \"0.5\"}}}}]}}"),
		&["$.events[0].params.drought", "max_share = 1"],
	);
}
