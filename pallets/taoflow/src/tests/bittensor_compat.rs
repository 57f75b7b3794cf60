//! The worked examples of Bittensor's flow model under the compatible profile.

use super::*;
use crate::{OnStakeFlow, Params};
use frame_support::assert_ok;
use sp_arithmetic::FixedU128;

fn profile() -> Params {
	Params::bittensor()
}

#[test]
fn compatible_profile_is_the_documented_one() {
	let p = profile();
	assert_eq!(p.half_life, 216_000);
	assert_eq!(p.cutoff, 0);
	assert_eq!(p.exponent, FixedU128::from_u32(1));
	assert_eq!(p.max_share, Perquintill::one());
	assert_eq!(p.smoothing, Perquintill::one());
	assert_eq!((p.update_interval, p.transition_blocks, p.ema_floor), (1, 0, None));
	assert_eq!(p.drought, crate::DroughtPolicy::None);
	assert_eq!((p.debt_cap, p.maturity_half_life, p.min_signal), (0, 0, 0));
}

#[test]
fn positive_and_negative_flows() {
	// +300/+100/−50 → 0.75/0.25/0
	assert_close(&pure_shares(&profile(), &[300, 100, -50]), &[0.75, 0.25, 0.0], 1e-12);
}

#[test]
fn negative_cutoff() {
	// cutoff −100: L = max(−100, −50) = −50, z = 350/150/0 → 0.70/0.30/0
	let p = Params { cutoff: -100, ..profile() };
	assert_close(&pure_shares(&p, &[300, 100, -50]), &[0.7, 0.3, 0.0], 1e-12);
}

#[test]
fn exponent_two() {
	// p = 2 on 300/100/0 → 0.9/0.1/0
	let p = Params { exponent: FixedU128::from_u32(2), ..profile() };
	assert_close(&pure_shares(&p, &[300, 100, -50]), &[0.9, 0.1, 0.0], 1e-12);
}

#[test]
fn all_negative_above_a_deep_cutoff() {
	// −100/−300/−400 with cutoff −1000: L = −400 → 0.75/0.25/0
	let p = Params { cutoff: -1000, ..profile() };
	assert_close(&pure_shares(&p, &[-100, -300, -400]), &[0.75, 0.25, 0.0], 1e-12);
}

#[test]
fn all_negative_flows_emit_nothing() {
	ExtBuilder::default().params(profile()).subnets(&[1, 2, 3]).build_and_execute(|| {
		let issuance = Balances::total_issuance();
		for n in 1..=3 {
			assert_ok!(Taoflow::on_unstake(n, 1_000 * u64::from(n)));
		}
		next_block();
		assert_shares(&emitted(), &[(1, 0.0), (2, 0.0), (3, 0.0)], 0.0);
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(credits_at(1).is_empty());
	});
}

#[test]
fn worked_example_through_the_chain() {
	// Flows of 3:1 into two subnets and an outflow from a third, folded by
	// the pallet: shares 0.75/0.25/0 and the emission split accordingly.
	ExtBuilder::default().params(profile()).subnets(&[1, 2, 3]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 300_000_000_000));
		assert_ok!(Taoflow::on_stake(2, 100_000_000_000));
		assert_ok!(Taoflow::on_unstake(3, 50_000_000_000));
		next_block();
		assert_shares(&emitted(), &[(1, 0.75), (2, 0.25), (3, 0.0)], 1e-12);
		assert_eq!(credits_at(1), vec![(1, 750_000_000), (2, 250_000_000)]);
	});
}
