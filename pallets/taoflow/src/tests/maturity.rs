//! §2 step 5: the maturity layer `M` and the signal `Ŝ = min(S*, M)`.

use super::*;
use crate::{
	math::ema::{step, EmaFactors, FlowState, FoldRules},
	OnStakeFlow, Params,
};
use frame_support::assert_ok;

const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// The quiet-block closed form of §2 for `k` blocks, with the exact factors
/// the fixed point uses.
fn closed_form(state: FlowState, k: i32, alpha: EmaFactors, maturity: EmaFactors) -> (f64, f64) {
	let a = alpha.alpha as f64 / TWO_64;
	let am = maturity.alpha as f64 / TWO_64;
	let (s0, m0) = (state.ema.to_f64(), state.matured.to_f64());
	let q = state.debt as f64;
	let decay = (1.0 - a).powi(k);
	let decay_m = (1.0 - am).powi(k);
	let g = if alpha == maturity {
		f64::from(k) * am * decay
	} else {
		am * (1.0 - a) * (decay - decay_m) / (am - a)
	};
	(decay * s0, decay_m * m0 + g * s0 - a * q * (1.0 - decay_m))
}

#[test]
fn quiet_blocks_follow_the_closed_form_over_a_million_blocks() {
	let start = FlowState {
		ema: SmoothedFlow::from_units(1_000_000_000_000_000),
		debt: 1_000_000_000_000,
		matured: SmoothedFlow::from_units(500_000_000_000_000),
	};
	for maturity_half_life in [100_000, 216_000, 1_000_000] {
		let rules = FoldRules::new(216_000, maturity_half_life, 10_000_000_000_000, None);
		let maturity = rules.maturity.unwrap();
		let mut state = start;
		for _ in 0..1_000_000 {
			state = step(state, 0, &rules);
		}
		let (s, m) = closed_form(start, 1_000_000, rules.flow, maturity);
		assert_eq!(state.debt, start.debt, "quiet blocks keep Q");
		let rel_s = (state.ema.to_f64() - s).abs() / s.abs();
		let rel_m = (state.matured.to_f64() - m).abs() / m.abs();
		assert!(rel_s < 1e-9, "H_m={maturity_half_life}: S relative error {rel_s}");
		assert!(rel_m < 1e-9, "H_m={maturity_half_life}: M relative error {rel_m}");
	}
}

#[test]
fn the_signal_is_the_lesser_of_the_adjusted_flow_and_its_slow_average() {
	let params = Params { half_life: 100, maturity_half_life: 1_000, ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1_000_000));
		next_block();
		// Rising: M lags behind S*, the signal is M.
		let i = info(1);
		assert!(i.matured < i.ema);
		assert_eq!(i.signal, i.matured);
		// Falling: after an exit S* drops below M at once, the signal is S*.
		assert_ok!(Taoflow::on_unstake(1, 5_000_000));
		next_block();
		let i = info(1);
		assert!(i.ema < i.matured);
		assert_eq!(i.signal, i.ema);
	});
}

#[test]
fn switching_maturity_on_and_off_mid_run_causes_no_jump() {
	// A steady inflow into subnet 1 and a smaller one into subnet 2; the
	// layer is switched on at block 300 and off at block 1,300. No signal
	// moves more at a switch than the largest one-block move of the run.
	let base = Params { half_life: 100, ..Params::default() };
	ExtBuilder::default().params(base.clone()).subnets(&[1, 2]).build_and_execute(|| {
		let mut last: Option<(f64, f64)> = None;
		let mut largest_move = 0f64;
		let mut switch_moves = Vec::new();
		for b in 1..=2_000u64 {
			assert_ok!(Taoflow::on_stake(1, 1_000));
			assert_ok!(Taoflow::on_stake(2, 300));
			if b == 300 {
				let on = Params { maturity_half_life: 400, ..base.clone() };
				assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), on));
			}
			if b == 1_300 {
				assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), base.clone()));
			}
			next_block();
			let now = (info(1).signal.to_f64(), info(2).signal.to_f64());
			if let Some(before) = last {
				let moved = (now.0 - before.0).abs().max((now.1 - before.1).abs());
				if b == 301 || b == 1_301 {
					switch_moves.push(moved);
				} else if b > 1 {
					largest_move = largest_move.max(moved);
				}
			}
			last = Some(now);
		}
		for moved in switch_moves {
			assert!(moved <= largest_move, "a switch moved a signal by {moved} > {largest_move}");
		}
	});
}

#[test]
fn with_maturity_at_the_half_life_it_is_bittensors_matured_ema() {
	// D = 0, H_m = H: S* = S, M = EMA(S), Ŝ = min(S, M) (PR #2704).
	let rules = FoldRules::new(50, 50, 0, None);
	let mut state = FlowState::default();
	let (mut s, mut m) = (0f64, 0f64);
	let a = rules.flow.alpha as f64 / TWO_64;
	for b in 0..2_000i128 {
		let flow = if b < 500 { 1_000_000 } else { -300_000 };
		state = step(state, flow, &rules);
		s = (1.0 - a) * s + a * flow as f64;
		m = (1.0 - a) * m + a * s;
		assert!((state.ema.to_f64() - s).abs() < 1e-6 * s.abs().max(1.0));
		assert!((state.matured.to_f64() - m).abs() < 1e-6 * m.abs().max(1.0));
	}
}
