//! §3 target shares and §4 effective and emitted shares.

use super::*;
use crate::{
	math::shares::{blend, equal, lower_limit, smooth, target},
	DroughtPolicy, OnStakeFlow, Params,
};
use frame_support::assert_ok;
use sp_arithmetic::{FixedPointNumber, FixedU128};

fn shares(v: &[f64]) -> Vec<Perquintill> {
	crate::math::split::normalise(&v.iter().map(|x| (x * 1e18) as u128).collect::<Vec<_>>())
}

fn floats(v: &[Perquintill]) -> Vec<f64> {
	v.iter().map(|s| f(*s)).collect()
}

#[test]
fn lower_limit_is_the_cutoff_or_the_lowest_negative_flow() {
	let s = |v: &[i128]| v.iter().map(|x| SmoothedFlow::from_units(*x)).collect::<Vec<_>>();
	let u = SmoothedFlow::from_units;
	assert_eq!(lower_limit(u(0), &s(&[5, 3])), u(0));
	assert_eq!(lower_limit(u(0), &s(&[5, -3])), u(0));
	assert_eq!(lower_limit(u(-10), &s(&[5, -3])), u(-3));
	assert_eq!(lower_limit(u(-10), &s(&[5, -30])), u(-10));
	assert_eq!(lower_limit(u(4), &s(&[5, -30])), u(4));
}

#[test]
fn positive_cutoff_excludes_small_flows() {
	// L = 80: z = 220/20/0.
	let p = Params { cutoff: 80, ..Params::default() };
	assert_close(&pure_shares(&p, &[300, 100, 50]), &[220.0 / 240.0, 20.0 / 240.0, 0.0], 1e-15);
}

#[test]
fn negative_cutoff_admits_mildly_negative_flows() {
	// L = max(−50, min(0, −20)) = −20: z = 30/0.
	let p = Params { cutoff: -50, ..Params::default() };
	assert_close(&pure_shares(&p, &[10, -20]), &[1.0, 0.0], 1e-15);
	// L = −50 when the lowest flow is below the cutoff: z = 60/30/0.
	assert_close(&pure_shares(&p, &[10, -20, -70]), &[2.0 / 3.0, 1.0 / 3.0, 0.0], 1e-15);
}

#[test]
fn exponent_between_one_and_two() {
	let p = Params { exponent: FixedU128::saturating_from_rational(3, 2), ..Params::default() };
	// 400^1.5 = 8000, 100^1.5 = 1000.
	assert_close(&pure_shares(&p, &[400, 100]), &[8.0 / 9.0, 1.0 / 9.0], 1e-6);
	let p = Params { exponent: FixedU128::saturating_from_rational(13, 10), ..Params::default() };
	let (a, b, c) = (7f64.powf(1.3), 3f64.powf(1.3), 1f64.powf(1.3));
	let sum = a + b + c;
	assert_close(&pure_shares(&p, &[7, 3, 1]), &[a / sum, b / sum, c / sum], 1e-6);
}

fn c(x: f64) -> Perquintill {
	Perquintill::from_float(x)
}

#[test]
fn cap_excess_follows_the_fallback_distribution() {
	let one = Perquintill::one();
	// One capped: 0.7 → 0.5; the excess 0.2 follows d = equal over the
	// subnets below the cap: 0.2 + 0.1, 0.1 + 0.1.
	let r = target(&shares(&[0.7, 0.2, 0.1]), one, c(0.5), || equal(3));
	assert_close(&floats(&r), &[0.5, 0.3, 0.2], 1e-15);
	// With d on subnet 3 alone, all of the excess goes there.
	let r = target(&shares(&[0.7, 0.2, 0.1]), one, c(0.5), || shares(&[0.0, 0.0, 1.0]));
	assert_close(&floats(&r), &[0.5, 0.2, 0.3], 1e-15);
	// A cascade: subnet 2 reaches the cap along d, subnet 3 takes the rest.
	let r = target(&shares(&[0.6, 0.3, 0.1]), one, c(0.35), || shares(&[0.1, 0.8, 0.1]));
	assert_close(&floats(&r), &[0.35, 0.35, 0.3], 1e-15);
	// c' = max(c, 1/N): with c = 0.1 and three subnets, all get 1/3.
	let third = 1.0 / 3.0;
	let r = target(&shares(&[0.7, 0.2, 0.1]), one, c(0.1), || equal(3));
	assert_close(&floats(&r), &[third, third, third], 1e-15);
	// Below the cap nothing changes, and the fallback is not even asked.
	let r = target(&shares(&[0.4, 0.35, 0.25]), one, c(0.5), || unreachable!());
	assert_close(&floats(&r), &[0.4, 0.35, 0.25], 1e-15);
}

#[test]
fn infeasible_fallback_falls_back_to_equal() {
	// d puts everything on subnet 1, which is at the cap already: no μ
	// reaches 1, so d = equal takes the excess.
	let r =
		target(&shares(&[1.0, 0.0, 0.0]), Perquintill::one(), c(0.4), || shares(&[1.0, 0.0, 0.0]));
	assert_close(&floats(&r), &[0.4, 0.3, 0.3], 1e-15);
}

#[test]
fn dust_beside_a_capped_inflow_gets_no_more_than_no_flow() {
	// One honest 10,000 TAO inflow, three subnets with 0.001 TAO, four with
	// none; cap 0.25 over N = 8. The excess follows d (equal here), not the
	// dust's flow: the dust subnets get what the no-flow subnets get, plus
	// their own 10^-13.
	let p = Params { max_share: c(0.25), drought: DroughtPolicy::Equal, ..Params::default() };
	let tao = 1_000_000_000i128;
	let got = pure_shares(&p, &[10_000 * tao, tao / 1000, tao / 1000, tao / 1000, 0, 0, 0, 0]);
	assert!((got[0] - 0.25).abs() < 1e-15);
	let no_flow = got[4];
	for dust in &got[1..4] {
		assert!(dust - no_flow < 2e-7, "dust {dust} vs no flow {no_flow}");
	}
	assert!((no_flow - 0.75 / 7.0).abs() < 1e-6);
}

#[test]
fn cap_applies_through_the_pallet() {
	let params = Params { max_share: Perquintill::from_percent(40), ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2, 3]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 8_000));
		assert_ok!(Taoflow::on_stake(2, 1_500));
		assert_ok!(Taoflow::on_stake(3, 500));
		next_block();
		// 0.8 → 0.4; the excess 0.4 follows keep_last, which has no history
		// yet and so is equal: 0.15 + 0.2 and 0.05 + 0.2.
		assert_shares(&emitted(), &[(1, 0.4), (2, 0.35), (3, 0.25)], 1e-12);
	});
}

#[test]
fn drought_none_emits_nothing() {
	let p = Params { drought: DroughtPolicy::None, ..Params::default() };
	assert_close(&pure_shares(&p, &[-5, -1]), &[0.0, 0.0], 0.0);
	assert_close(&pure_shares(&p, &[0, 0]), &[0.0, 0.0], 0.0);
}

#[test]
fn drought_equal_is_never_capped() {
	let p = Params {
		drought: DroughtPolicy::Equal,
		max_share: Perquintill::from_percent(10),
		..Params::default()
	};
	assert_close(&pure_shares(&p, &[-5, -1, -3, 0]), &[0.25; 4], 1e-18);
}

#[test]
fn drought_keep_last_holds_the_previous_shares() {
	let params = Params { drought: DroughtPolicy::KeepLast, half_life: 1, ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2, 3]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 600));
		assert_ok!(Taoflow::on_stake(2, 400));
		next_block();
		assert_shares(&effective(), &[(1, 0.6), (2, 0.4), (3, 0.0)], 1e-12);
		// Everything flows out: all smoothed flows turn negative.
		for n in 1..=3 {
			assert_ok!(Taoflow::on_unstake(n, 10_000));
		}
		next_block();
		assert!(ema_of(1) < SmoothedFlow::ZERO && ema_of(3) < SmoothedFlow::ZERO);
		assert_shares(&emitted(), &[(1, 0.6), (2, 0.4), (3, 0.0)], 1e-12);
		assert_eq!(credits_at(2).iter().map(|(_, a)| a).sum::<u64>(), 1_000_000_000);
		// Subnet 1 leaves: the kept shares renormalise over the rest.
		set_emission_enabled(1, false);
		next_block();
		assert_shares(&emitted(), &[(1, 0.0), (2, 1.0), (3, 0.0)], 1e-12);
	});
}

#[test]
fn drought_keep_last_without_history_is_equal() {
	let p = Params { drought: DroughtPolicy::KeepLast, ..Params::default() };
	assert_close(&pure_shares(&p, &[-1, -2]), &[0.5, 0.5], 1e-18);
}

#[test]
fn drought_stake_follows_total_stake() {
	let params = Params { drought: DroughtPolicy::Stake, ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2]).build_and_execute(|| {
		set_total_stake(1, 300);
		set_total_stake(2, 100);
		next_block();
		assert_shares(&emitted(), &[(1, 0.75), (2, 0.25)], 1e-15);
		// With no stake at all it falls back to equal shares.
		set_total_stake(1, 0);
		set_total_stake(2, 0);
		next_block();
		assert_shares(&emitted(), &[(1, 0.5), (2, 0.5)], 1e-15);
	});
}

#[test]
fn smoothing_moves_part_of_the_way_and_bounds_each_rise() {
	let beta = Perquintill::from_percent(25);
	let e = smooth(&shares(&[1.0, 0.0]), &shares(&[0.0, 1.0]), beta);
	assert_close(&floats(&e), &[0.75, 0.25], 1e-15);
	// Previous shares of subnets no longer eligible drop out: renormalised.
	let e = smooth(&shares(&[0.5, 0.0]), &shares(&[0.0, 1.0]), beta);
	assert_close(&floats(&e), &[0.75, 0.25], 1e-15);
	// No history: the target directly.
	let e = smooth(&[Perquintill::zero(); 2], &shares(&[0.3, 0.7]), beta);
	assert_close(&floats(&e), &[0.3, 0.7], 1e-15);
	// A zero target (no emission) gives zero shares.
	let e = smooth(&shares(&[0.3, 0.7]), &[Perquintill::zero(); 2], beta);
	assert_close(&floats(&e), &[0.0, 0.0], 0.0);
}

#[test]
fn smoothing_through_the_pallet_caps_the_rise_per_block() {
	let params = Params { smoothing: Perquintill::from_percent(10), ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1_000));
		next_block();
		assert_shares(&effective(), &[(1, 1.0), (2, 0.0)], 1e-15);
		// A huge inflow into subnet 2: its share rises by at most β per block.
		assert_ok!(Taoflow::on_stake(2, 1_000_000_000_000));
		let mut last = 0.0;
		for _ in 0..20 {
			next_block();
			let now = effective()[1].1;
			assert!(now - last <= 0.1 + 1e-15, "rose {} in one block", now - last);
			last = now;
		}
		assert!(last > 0.8);
	});
}

#[test]
fn update_interval_recomputes_every_u_blocks() {
	let params = Params { update_interval: 10, ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2]).build_and_execute(|| {
		// Block 1: the eligible set is new, so shares are computed.
		assert_ok!(Taoflow::on_stake(1, 1_000));
		next_block();
		assert_shares(&effective(), &[(1, 1.0), (2, 0.0)], 0.0);
		// A flow into subnet 2 shows only at block 10.
		assert_ok!(Taoflow::on_stake(2, 1_000_000));
		for b in 2..10 {
			next_block();
			assert_eq!(System::block_number(), b);
			assert_shares(&effective(), &[(1, 1.0), (2, 0.0)], 0.0);
		}
		next_block();
		assert_eq!(System::block_number(), 10);
		assert!(effective()[1].1 > 0.99);
	});
}

#[test]
fn update_interval_yields_to_a_change_of_the_eligible_set() {
	let params = Params { update_interval: 100, ..Params::default() };
	ExtBuilder::default().params(params).subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1_000));
		assert_ok!(Taoflow::on_stake(2, 3_000));
		next_block();
		assert_shares(&effective(), &[(1, 0.25), (2, 0.75)], 1e-12);
		run_blocks(3);
		register(3);
		assert_ok!(Taoflow::on_stake(3, 1_000_000));
		next_block();
		assert!(effective()[2].1 > 0.5, "recomputed when subnet 3 joined");
		let before = effective();
		run_blocks(3);
		assert_eq!(effective(), before);
		dissolve(2);
		next_block();
		let after = effective();
		assert_eq!(after.len(), 2);
		assert!((after[0].1 + after[1].1 - 1.0).abs() < 1e-15, "recomputed when subnet 2 left");
	});
}

#[test]
fn transition_blends_legacy_into_flow_shares() {
	let legacy = shares(&[0.2, 0.8]);
	let e = shares(&[1.0, 0.0]);
	assert_close(&floats(&blend(&legacy, &e, 0, 100)), &[0.2, 0.8], 1e-15);
	assert_close(&floats(&blend(&legacy, &e, 25, 100)), &[0.4, 0.6], 1e-15);
	assert_close(&floats(&blend(&legacy, &e, 100, 100)), &[1.0, 0.0], 1e-15);
	assert_close(&floats(&blend(&legacy, &e, 500, 100)), &[1.0, 0.0], 1e-15);
	assert_close(&floats(&blend(&legacy, &e, 5, 0)), &[1.0, 0.0], 1e-15);
	// A zero effective vector (no emission) stays zero.
	assert_close(&floats(&blend(&legacy, &[Perquintill::zero(); 2], 5, 100)), &[0.0, 0.0], 0.0);
}

#[test]
fn transition_through_the_pallet() {
	let params = Params { transition_blocks: 100, ..Params::default() };
	let legacy = [
		(1, Perquintill::from_percent(10)),
		(2, Perquintill::from_percent(40)),
		(9, Perquintill::from_percent(50)),
	];
	ExtBuilder::default().params(params).legacy(&legacy).subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1_000));
		next_block();
		// o restricted to {1, 2} and renormalised: 0.2/0.8; t = 1.
		let t = 0.01;
		assert_shares(&emitted(), &[(1, 0.2 * (1.0 - t) + t), (2, 0.8 * (1.0 - t))], 1e-15);
		run_blocks(49);
		assert_eq!(System::block_number(), 50);
		assert_shares(&emitted(), &[(1, 0.6), (2, 0.4)], 1e-12);
		run_blocks(50);
		assert_shares(&emitted(), &[(1, 1.0), (2, 0.0)], 1e-12);
		assert!(crate::Transition::<Test>::get().is_none());
	});
}
