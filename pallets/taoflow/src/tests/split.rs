//! §5: the largest-remainder split and the minting of the emission.

use super::*;
use crate::{
	math::split::{apportion, split},
	OnStakeFlow, Params,
};
use frame_support::assert_ok;

fn shares(parts: &[u64]) -> Vec<Perquintill> {
	parts.iter().map(|p| Perquintill::from_parts(*p)).collect()
}

#[test]
fn split_is_exact_and_gives_leftovers_to_the_largest_remainders() {
	// E = 10, f = 0.33/0.33/0.34: floors 3/3/3, remainders .3/.3/.4 → the
	// leftover unit goes to the third.
	let f = shares(&[330_000_000_000_000_000, 330_000_000_000_000_000, 340_000_000_000_000_000]);
	assert_eq!(split(10, &f), vec![3, 3, 4]);
	// E = 100, thirds: 33/33/33 + 1 leftover; remainders tie → lower index.
	let third = 333_333_333_333_333_333;
	let f = shares(&[third + 1, third, third]);
	assert_eq!(split(100, &f), vec![34, 33, 33]);
	let f = shares(&[third, third, third + 1]);
	// Equal remainders except the last's is larger.
	assert_eq!(split(100, &f), vec![33, 33, 34]);
}

#[test]
fn ties_go_to_the_lower_netuid() {
	assert_eq!(apportion(&[1, 1, 1], 2), vec![1, 1, 0]);
	assert_eq!(apportion(&[1, 1, 1, 1], 7), vec![2, 2, 2, 1]);
	assert_eq!(apportion(&[0, 5, 5], 3), vec![0, 2, 1]);
}

#[test]
fn split_of_zero_shares_is_nothing() {
	assert_eq!(split(1_000, &[Perquintill::zero(); 3]), vec![0, 0, 0]);
	assert_eq!(split(0, &shares(&[500_000_000_000_000_000; 2])), vec![0, 0]);
}

#[test]
fn split_sums_to_the_emission_for_awkward_values() {
	for e in [1u128, 7, 999_999_937, u128::from(u64::MAX), u128::MAX / 3] {
		let f = crate::math::split::normalise(&[3, 7, 11, 13, 17, 19, 23]);
		let a = split(e, &f);
		assert_eq!(a.iter().sum::<u128>(), e, "E = {e}");
	}
}

#[test]
fn issuance_rises_by_exactly_the_block_emission() {
	ExtBuilder::default().emission(999_999_937).subnets(&[1, 2, 3]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1));
		assert_ok!(Taoflow::on_stake(2, 1));
		assert_ok!(Taoflow::on_stake(3, 1));
		for b in 1..=20u64 {
			let before = Balances::total_issuance();
			next_block();
			let credited: u64 = credits_at(b).iter().map(|(_, a)| a).sum();
			assert_eq!(credited, 999_999_937);
			assert_eq!(Balances::total_issuance() - before, credited);
		}
		// Thirds: the single leftover unit of each block goes to netuid 1.
		assert_eq!(credits_at(20), vec![(1, 333_333_313), (2, 333_333_312), (3, 333_333_312)]);
	});
}

#[test]
fn nothing_is_minted_without_an_eligible_subnet() {
	ExtBuilder::default().subnets(&[1]).build_and_execute(|| {
		set_emission_enabled(1, false);
		let before = Balances::total_issuance();
		run_blocks(3);
		assert_eq!(Balances::total_issuance(), before);
	});
}

#[test]
fn disabled_subnets_get_nothing_but_keep_smoothing_their_flow() {
	ExtBuilder::default()
		.params(Params { half_life: 10, ..Params::default() })
		.subnets(&[1, 2])
		.build_and_execute(|| {
			set_emission_enabled(2, false);
			assert_ok!(Taoflow::on_stake(1, 100));
			assert_ok!(Taoflow::on_stake(2, 1_000_000));
			next_block();
			assert_eq!(credits_at(1), vec![(1, 1_000_000_000)]);
			assert!(ema_of(2) > SmoothedFlow::ZERO, "flows are folded while disabled");
			let kept = ema_of(2);
			run_blocks(5);
			assert!(ema_of(2) < kept, "and decay while disabled");
			// Re-enabled: no backlog is dumped; its share reflects the decayed EMA.
			set_emission_enabled(2, true);
			next_block();
			let shares = emitted();
			assert!(shares[1].1 > 0.99 && shares[1].1 < 1.0);
		});
}

#[test]
fn weight_scales_with_subnets_and_flows() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		let quiet = next_block();
		assert_ok!(Taoflow::on_stake(1, 1));
		assert_ok!(Taoflow::on_stake(2, 1));
		let busy = next_block();
		// The measured cost of a ledger entry is below the benchmark's
		// resolution (the regression gives it no slope); it never lowers
		// the weight.
		assert!(busy.ref_time() >= quiet.ref_time());
		for n in 3..=40 {
			register(n);
		}
		let many = next_block();
		assert!(many.ref_time() > busy.ref_time());
		// The proof size is the bounded storage's largest encoding, whatever n.
		assert!(many.proof_size() >= busy.proof_size());
	});
}
