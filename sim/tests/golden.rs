//! Golden tests: small scenarios run through the real runtime, checked
//! against values computed by hand from the mechanism's formulas.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::{path::PathBuf, process::Command};

fn sim() -> Command {
	Command::new(env!("CARGO_BIN_EXE_taoflow-sim"))
}

fn temp(name: &str) -> PathBuf {
	let dir = std::env::temp_dir().join(format!("taoflow-sim-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).unwrap();
	dir
}

/// A CSV row: `(block, netuid, ema, share, emission)`.
type Row = (u32, u16, f64, f64, u64);

/// Runs `scenario` and returns the CSV rows, the summary and the directory.
fn run(name: &str, scenario: &str) -> (Vec<Row>, serde_json::Value, PathBuf) {
	let (rows, summary, dir) = run_full(name, scenario);
	let rows = rows.into_iter().map(|r| (r.0, r.1, r.2, r.5, r.6)).collect();
	(rows, summary, dir)
}

/// A full CSV row: `(block, netuid, ema, debt, signal, share, emission)`.
type FullRow = (u32, u16, f64, u64, f64, f64, u64);

/// Runs `scenario` and returns every CSV column.
fn run_full(name: &str, scenario: &str) -> (Vec<FullRow>, serde_json::Value, PathBuf) {
	let dir = temp(name);
	let file = dir.join("scenario.json");
	std::fs::write(&file, scenario).unwrap();
	let out = dir.join("out");
	let status = sim().arg("run").arg(&file).arg("--out").arg(&out).arg("--plot").output().unwrap();
	assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
	let csv = std::fs::read_to_string(out.join("shares.csv")).unwrap();
	let mut lines = csv.lines();
	assert_eq!(lines.next(), Some("block,netuid,ema,debt,signal,share,emission"));
	let rows = lines
		.map(|l| {
			let f: Vec<&str> = l.split(',').collect();
			(
				f[0].parse().unwrap(),
				f[1].parse().unwrap(),
				f[2].parse().unwrap(),
				f[3].parse().unwrap(),
				f[4].parse().unwrap(),
				f[5].parse().unwrap(),
				f[6].parse().unwrap(),
			)
		})
		.collect();
	let summary =
		serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
	for chart in ["shares.svg", "ema.svg", "emission.svg"] {
		let svg = std::fs::read_to_string(out.join(chart)).unwrap();
		assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{chart}");
	}
	(rows, summary, dir)
}

/// Half-life 1 block: α = 1/2, so every smoothed flow is exact.
const COMPATIBLE_H1: &str =
	r#""half_life_blocks": 1, "drought": "none", "max_share": "1", "smoothing": "1""#;

#[test]
fn compatible_profile_by_hand() {
	let scenario = format!(
		r#"{{
		"name": "golden-compatible", "blocks": 4, "block_emission": "1000",
		"subnets": [{{"netuid": 1}}, {{"netuid": 2}}],
		"params": {{ {COMPATIBLE_H1} }},
		"events": [
			{{"block": 1, "op": "stake", "netuid": 1, "amount": "3000000"}},
			{{"block": 1, "op": "stake", "netuid": 2, "amount": 1000000}},
			{{"block": 3, "op": "unstake", "netuid": 1, "amount": "3000000"}}
		]}}"#
	);
	let (rows, summary, _) = run("compatible", &scenario);
	let want: Vec<Row> = vec![
		// Block 1: no flow folded yet; drought `none` emits nothing.
		(1, 1, 0.0, 0.0, 0),
		(1, 2, 0.0, 0.0, 0),
		// Block 2: S = F/2 → 1.5e6 / 0.5e6 → 0.75 / 0.25.
		(2, 1, 1_500_000.0, 0.75, 750),
		(2, 2, 500_000.0, 0.25, 250),
		// Block 3: both halve; the shares stay.
		(3, 1, 750_000.0, 0.75, 750),
		(3, 2, 250_000.0, 0.25, 250),
		// Block 4: S1 = 375,000 − 1,500,000 < 0 → 0; subnet 2 takes all.
		(4, 1, -1_125_000.0, 0.0, 0),
		(4, 2, 125_000.0, 1.0, 1000),
	];
	assert_eq!(rows, want);
	assert_eq!(summary["total_emitted"], "3000");
	assert_eq!(summary["blocks_with_nothing_emitted"], 1);
	assert_eq!(summary["subnets"][1]["total_emission"], "1500");
	assert_eq!(summary["subnets"][1]["largest_one_block_rise"], "0.750000000000000000");
	// Fees: subnet 2's one stake; subnet 1's stake of the same size and its
	// unstake, each with its own benchmarked weight.
	let fee = |i: usize| -> u128 {
		summary["subnets"][i]["fees_paid"].as_str().unwrap().parse().unwrap()
	};
	assert!(fee(1) > 0);
	assert!(fee(0) > fee(1), "{} vs {}", fee(0), fee(1));
	assert_eq!(summary["governance_fees_paid"], "0");
}

#[test]
fn cap_by_hand() {
	let scenario = r#"{
		"name": "golden-cap", "blocks": 2, "block_emission": 1000,
		"subnets": [{"netuid": 1}, {"netuid": 2}, {"netuid": 3}],
		"params": {"half_life_blocks": 1, "max_share": "0.5", "drought": "equal"},
		"events": [
			{"block": 1, "op": "stake", "netuid": 1, "amount": "6000000"},
			{"block": 1, "op": "stake", "netuid": 2, "amount": "3000000"},
			{"block": 1, "op": "stake", "netuid": 3, "amount": "1000000"}
		]}"#;
	let (rows, _, _) = run("cap", scenario);
	// Flow target 0.6/0.3/0.1; subnet 1 capped at 0.5, the excess 0.1
	// follows the fallback distribution (equal) over the other two.
	let block2: Vec<(u16, f64, u64)> =
		rows.iter().filter(|r| r.0 == 2).map(|r| (r.1, r.3, r.4)).collect();
	assert_eq!(block2, vec![(1, 0.5, 500), (2, 0.35, 350), (3, 0.15, 150)]);
}

#[test]
fn transition_by_hand() {
	let scenario = r#"{
		"name": "golden-transition", "blocks": 4, "block_emission": 1000,
		"subnets": [{"netuid": 1}, {"netuid": 2}],
		"params": {"half_life_blocks": 1, "drought": "keep_last",
			"transition": {"blocks": 4, "legacy_shares": {"1": "1"}}},
		"events": [{"block": 1, "op": "stake", "netuid": 2, "amount": "1000000"}]}"#;
	let (rows, _, _) = run("transition", scenario);
	let shares: Vec<(u32, u16, f64)> = rows.iter().map(|r| (r.0, r.1, r.3)).collect();
	assert_eq!(
		shares,
		vec![
			// Block 1: e = equal (no history); f = 3/4·(1, 0) + 1/4·(1/2, 1/2).
			(1, 1, 0.875),
			(1, 2, 0.125),
			// From block 2, e = (0, 1); f = (1 − b/4)·(1, 0) + (b/4)·(0, 1).
			(2, 1, 0.5),
			(2, 2, 0.5),
			(3, 1, 0.25),
			(3, 2, 0.75),
			(4, 1, 0.0),
			(4, 2, 1.0),
		]
	);
}

#[test]
fn register_dissolve_and_set_params() {
	let scenario = r#"{
		"name": "golden-lifecycle", "blocks": 5, "block_emission": 1000,
		"subnets": [{"netuid": 1, "initial_stake": "5000000"}],
		"params": {"half_life_blocks": 1, "drought": "equal"},
		"events": [
			{"block": 1, "op": "register", "netuid": 2},
			{"block": 1, "op": "stake", "netuid": 2, "amount": "1000000"},
			{"block": 1, "op": "stake", "netuid": 1, "amount": "1000000"},
			{"block": 2, "op": "set_params", "params": {"max_share": "0.6"}},
			{"block": 3, "op": "unstake", "netuid": 1, "amount": "1000000"},
			{"block": 4, "op": "dissolve", "netuid": 2}
		]}"#;
	let (rows, summary, _) = run("lifecycle", scenario);
	let at = |b: u32| -> Vec<(u16, f64)> {
		rows.iter().filter(|r| r.0 == b).map(|r| (r.1, r.3)).collect()
	};
	// Subnet 2 registered during block 1 is eligible from block 2; at
	// block 1 subnet 1 alone takes the drought's equal share.
	assert_eq!(at(1), vec![(1, 1.0)]);
	assert_eq!(at(2), vec![(1, 0.5), (2, 0.5)]);
	// The cap of 0.6 applies from block 3; equal flows stay at 0.5 each.
	assert_eq!(at(3), vec![(1, 0.5), (2, 0.5)]);
	// Block 4: S1 = 125,000 − 500,000 < 0, subnet 2 alone has a signal:
	// capped at c' = max(0.6, 1/2) = 0.6, the excess follows d (equal).
	assert_eq!(at(4), vec![(1, 0.4), (2, 0.6)]);
	// Dissolved during block 4: gone from block 5.
	assert_eq!(at(5).iter().map(|r| r.0).collect::<Vec<_>>(), vec![1]);
	assert_eq!(summary["params"].as_array().unwrap().len(), 2);
}

#[test]
fn debt_and_signal_by_hand() {
	// H = 1 (α = 1/2), D = 10^7, no maturity: the unstake becomes debt, the
	// later stake repays it, and the signal is S − α·Q.
	let scenario = r#"{
		"name": "golden-debt", "blocks": 4, "block_emission": 1000,
		"subnets": [{"netuid": 1}, {"netuid": 2}],
		"params": {"half_life_blocks": 1, "drought": "none", "debt_cap": "10000000"},
		"events": [
			{"block": 1, "op": "stake", "netuid": 1, "amount": "30000000"},
			{"block": 1, "op": "stake", "netuid": 2, "amount": "10000000"},
			{"block": 2, "op": "unstake", "netuid": 1, "amount": "10000000"},
			{"block": 3, "op": "stake", "netuid": 1, "amount": "5000000"}
		]}"#;
	let (rows, summary, _) = run_full("debt", scenario);
	let want: Vec<FullRow> = vec![
		(1, 1, 0.0, 0, 0.0, 0.0, 0),
		(1, 2, 0.0, 0, 0.0, 0.0, 0),
		// Block 2: S = F/2; no debt.
		(2, 1, 15_000_000.0, 0, 15_000_000.0, 0.75, 750),
		(2, 2, 5_000_000.0, 0, 5_000_000.0, 0.25, 250),
		// Block 3: the outflow of 10^7 is debt, S only halves; signal
		// 7.5·10^6 − 5·10^6.
		(3, 1, 7_500_000.0, 10_000_000, 2_500_000.0, 0.5, 500),
		(3, 2, 2_500_000.0, 0, 2_500_000.0, 0.5, 500),
		// Block 4: the inflow repays half the debt and does not reach S.
		(4, 1, 3_750_000.0, 5_000_000, 1_250_000.0, 0.5, 500),
		(4, 2, 1_250_000.0, 0, 1_250_000.0, 0.5, 500),
	];
	assert_eq!(rows, want);
	assert_eq!(summary["params"][0]["params"]["debt_cap"], "10000000");
}
