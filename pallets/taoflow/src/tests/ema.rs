//! §1 flow ledger and §2 smoothed flow.

use super::*;
use crate::{
	math::ema::{fold, EmaFactors},
	FlowLedger, OnStakeFlow, Params,
};
use frame_support::assert_ok;

/// `α = 1 − 2^(−1/H)`, evaluated without cancellation.
fn alpha(h: u32) -> f64 {
	-(-(2f64.ln()) / f64::from(h)).exp_m1()
}

#[test]
fn fold_matches_the_formula() {
	let sm = EmaFactors::from_half_life(1000);
	let s = fold(SmoothedFlow::from_units(500), 10_000, sm, None);
	let a = alpha(1000);
	let want = (1.0 - a) * 500.0 + a * 10_000.0;
	assert!((s.to_f64() - want).abs() < 1e-9, "{} vs {want}", s.to_f64());
}

#[test]
fn alpha_and_decay_add_up_to_one() {
	for h in [1, 2, 7, 216_000, 100_000_000] {
		let sm = EmaFactors::from_half_life(h);
		assert_eq!(u128::from(sm.decay) + u128::from(sm.alpha), 1u128 << 64);
		let a = sm.alpha as f64 / 2f64.powi(64);
		assert!((a - alpha(h)).abs() / alpha(h) < 1e-12, "H={h}");
	}
}

#[test]
fn quiet_blocks_decay_as_the_per_block_rule_over_a_million_blocks() {
	// Pure math: 10^6 folds with no flow against (1 − α)^k·S in floating point.
	let h = 216_000;
	let sm = EmaFactors::from_half_life(h);
	let start = 1_000_000_000_000_000i128; // 10^6 TAO per block
	let mut s = SmoothedFlow::from_units(start);
	for _ in 0..1_000_000 {
		s = fold(s, 0, sm, None);
	}
	let want = start as f64 * (1.0 - alpha(h)).powi(1_000_000);
	let rel = (s.to_f64() - want).abs() / want;
	assert!(rel < 1e-9, "relative error {rel}");
	// Negative values decay symmetrically.
	let mut n = SmoothedFlow::from_units(-start);
	for _ in 0..1_000_000 {
		n = fold(n, 0, sm, None);
	}
	assert_eq!(n.to_bits(), -s.to_bits());
}

#[test]
fn quiet_blocks_decay_through_the_pallet() {
	ExtBuilder::default()
		.params(Params { half_life: 100, ..Params::default() })
		.subnets(&[1, 2])
		.build_and_execute(|| {
			assert_ok!(Taoflow::on_stake(1, 1_000_000_000));
			next_block();
			let a = alpha(100);
			let after_one = ema_of(1).to_f64();
			assert!((after_one - a * 1e9).abs() < 1e-6);
			run_blocks(1000);
			let want = after_one * (1.0 - a).powi(1000);
			assert!((ema_of(1).to_f64() - want).abs() / want < 1e-9);
			// Subnet 2 never had a flow.
			assert_eq!(ema_of(2), SmoothedFlow::ZERO);
		});
}

#[test]
fn flows_of_a_block_are_folded_at_the_next_block() {
	ExtBuilder::default().subnets(&[1]).build_and_execute(|| {
		next_block();
		assert_ok!(Taoflow::on_stake(1, 500));
		assert_eq!(Taoflow::pending_flow(1), 500);
		assert_eq!(ema_of(1), SmoothedFlow::ZERO);
		next_block();
		assert!(ema_of(1) > SmoothedFlow::ZERO);
		assert!(FlowLedger::<Test>::get().is_empty());
	});
}

#[test]
fn stake_and_unstake_in_one_block_cancel_exactly() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 777));
		assert_ok!(Taoflow::on_unstake(1, 777));
		assert_ok!(Taoflow::on_move(2, 1, 5));
		assert_ok!(Taoflow::on_move(1, 2, 5));
		assert_eq!(Taoflow::pending_flow(1), 0);
		assert_eq!(Taoflow::pending_flow(2), 0);
		next_block();
		assert_eq!(ema_of(1), SmoothedFlow::ZERO);
		assert_eq!(ema_of(2), SmoothedFlow::ZERO);
	});
}

#[test]
fn a_move_is_an_outflow_and_an_inflow_and_within_a_subnet_is_none() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_move(1, 2, 40));
		assert_eq!(Taoflow::pending_flow(1), -40);
		assert_eq!(Taoflow::pending_flow(2), 40);
		assert_ok!(Taoflow::on_move(2, 2, 1_000));
		assert_eq!(Taoflow::pending_flow(2), 40);
		assert_eq!(FlowLedger::<Test>::get().len(), 2);
	});
}

#[test]
fn extreme_flows_saturate_and_keep_their_sign() {
	ExtBuilder::default()
		.params(Params { half_life: 1, ..Params::default() })
		.subnets(&[1, 2])
		.build_and_execute(|| {
			for _ in 0..8 {
				assert_ok!(Taoflow::on_stake(1, u64::MAX));
				assert_ok!(Taoflow::on_unstake(2, u64::MAX));
			}
			assert_eq!(Taoflow::pending_flow(1), 8 * i128::from(u64::MAX));
			next_block();
			// α = 1/2 at H = 1.
			let want = 4.0 * u64::MAX as f64;
			assert!((ema_of(1).to_f64() - want).abs() / want < 1e-12);
			assert!((ema_of(2).to_f64() + want).abs() / want < 1e-12);
			// Far beyond 2^64 per block the fixed point saturates, never wraps.
			let huge = fold(
				SmoothedFlow::from_bits(i128::MAX),
				i128::MAX,
				EmaFactors::from_half_life(1),
				None,
			);
			assert!(huge > SmoothedFlow::ZERO);
			let tiny = fold(
				SmoothedFlow::from_bits(i128::MIN),
				i128::MIN,
				EmaFactors::from_half_life(1),
				None,
			);
			assert!(tiny < SmoothedFlow::ZERO);
		});
}

#[test]
fn ema_floor_bounds_the_smoothed_flow_from_below() {
	ExtBuilder::default()
		.params(Params { half_life: 10, ema_floor: Some(-1_000), ..Params::default() })
		.subnets(&[1, 2])
		.build_and_execute(|| {
			assert_ok!(Taoflow::on_unstake(1, 1_000_000_000));
			assert_ok!(Taoflow::on_unstake(2, 10));
			next_block();
			assert_eq!(ema_of(1), SmoothedFlow::from_units(-1_000));
			// Above the floor the rule is untouched.
			assert!(ema_of(2) > SmoothedFlow::from_units(-1_000));
			assert!(ema_of(2) < SmoothedFlow::ZERO);
			// Recovery starts from the floor, not from the full outflow.
			assert_ok!(Taoflow::on_stake(1, 100_000));
			next_block();
			assert!(ema_of(1) > SmoothedFlow::ZERO);
		});
}

#[test]
fn half_life_extremes_fold_without_panic() {
	for h in [1, 100_000_000] {
		let sm = EmaFactors::from_half_life(h);
		let s = fold(SmoothedFlow::from_units(1_000), i128::from(u64::MAX), sm, None);
		let want = (1.0 - alpha(h)) * 1000.0 + alpha(h) * u64::MAX as f64;
		assert!((s.to_f64() - want).abs() / want < 1e-9, "H={h}: {} vs {want}", s.to_f64());
	}
}
