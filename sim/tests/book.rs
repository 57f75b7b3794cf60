//! The scenario book's profiles: every `*.default.json` runs the runtime's
//! default parameters (the genesis presets' `taoflow_params`), every
//! `*.bittensor.json` the compatible profile, apart from the half-life and
//! EMA floor of the time-scaled long-horizon scenarios and the transition
//! window, which the book sets per scenario.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use pallet_taoflow::Params;
use taoflow_runtime::genesis_config_presets::taoflow_params;

/// `p` with the per-scenario settings of `of` (half-life, the floor that
/// follows it, the transition window).
fn with_scenario_settings(p: Params, of: &Params) -> Params {
	Params {
		half_life: of.half_life,
		ema_floor: p.ema_floor.map(|_| of.ema_floor.unwrap()),
		transition_blocks: of.transition_blocks,
		..p
	}
}

#[test]
fn every_scenario_runs_its_profile() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
	let mut checked = 0;
	for entry in std::fs::read_dir(&dir).unwrap() {
		let path = entry.unwrap().path();
		let name = path.file_name().unwrap().to_string_lossy().to_string();
		let want = if name.ends_with(".default.json") {
			taoflow_params()
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
	assert_eq!(checked, 24, "twelve scenarios under two profiles");
}
