//! The scenario book's profiles: every `*.default.json` runs the recommended
//! parameters (`Params::recommended`, which the genesis presets use), every
//! `*.v1.json` the defaults of mechanism version 1 (for comparison), every
//! `*.bittensor.json` the compatible profile. The time-scaled scenarios set
//! their own half-life and what follows it (the floor and the gate through
//! `α`, the maturity half-life in proportion, `β` to the same lag in
//! half-lives); transitions set their own window.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use pallet_taoflow::Params;
use sp_arithmetic::Perquintill;
use taoflow_reference::fraction;

/// The runtime's defaults under mechanism version 1: those of version 2
/// without the debt ledger, the maturity layer and the gate.
fn v1_defaults() -> Params {
	Params { debt_cap: 0, maturity_half_life: 0, min_signal: 0, ..Params::recommended() }
}

/// `p` with the per-scenario settings of `of`.
fn with_scenario_settings(p: Params, of: &Params) -> Params {
	let mut out = Params { transition_blocks: of.transition_blocks, ..p.clone() };
	if of.half_life == p.half_life {
		return out;
	}
	out.half_life = of.half_life;
	if p.ema_floor.is_some() {
		out.ema_floor = of.ema_floor;
	}
	if p.min_signal > 0 {
		out.min_signal = of.min_signal;
	}
	if p.maturity_half_life > 0 {
		let ratio = f64::from(p.maturity_half_life) / f64::from(p.half_life);
		assert_eq!(of.maturity_half_life, (ratio * f64::from(of.half_life)).round() as u32);
		out.maturity_half_life = of.maturity_half_life;
	}
	if p.smoothing != Perquintill::one() {
		let scale = f64::from(p.half_life) / f64::from(of.half_life);
		let want = 1.0 - (1.0 - fraction(p.smoothing)).powf(scale);
		assert!((fraction(of.smoothing) - want.min(1.0)).abs() < 1e-9, "scaled smoothing");
		out.smoothing = of.smoothing;
	}
	out
}

#[test]
fn every_scenario_runs_its_profile() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
	let mut checked = 0;
	for entry in std::fs::read_dir(&dir).unwrap() {
		let path = entry.unwrap().path();
		let name = path.file_name().unwrap().to_string_lossy().to_string();
		let want = if name.ends_with(".default.json") {
			Params::recommended()
		} else if name.ends_with(".v1.json") {
			v1_defaults()
		} else if name.ends_with(".bittensor.json") {
			Params::bittensor()
		} else {
			continue;
		};
		let got = taoflow_sim::scenario::load(&path).unwrap().params;
		if got.half_life == want.half_life {
			assert_eq!(got.ema_floor, want.ema_floor, "{name}");
		}
		assert_eq!(got, with_scenario_settings(want, &got), "{name}");
		checked += 1;
	}
	assert_eq!(checked, 126, "42 scenarios under three profiles");
}
