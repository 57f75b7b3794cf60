//! §3.4–3.6: the signal-strength gate `θ` and the fallback distribution.

use super::*;
use crate::{
	math::shares::{fallback, signal_strength},
	DroughtPolicy, OnStakeFlow, Params,
};
use frame_support::assert_ok;

fn bits(units: u128) -> u128 {
	units << crate::math::fixed::FLOW_FRAC_BITS
}

#[test]
fn strength_is_linear_below_the_gate() {
	assert_eq!(signal_strength(&[0, 0], 1_000), Perquintill::zero());
	assert_eq!(signal_strength(&[bits(5)], 0), Perquintill::one());
	for z in [1u128, 10, 250, 999] {
		let g = signal_strength(&[bits(z)], 1_000);
		assert_eq!(g, Perquintill::from_rational(z as u64, 1_000), "Z = {z}");
	}
	// Z sums over subnets; at and above θ the strength is 1.
	assert_eq!(signal_strength(&[bits(400), bits(100)], 1_000), Perquintill::from_percent(50));
	assert_eq!(signal_strength(&[bits(600), bits(400)], 1_000), Perquintill::one());
	assert_eq!(signal_strength(&[u128::MAX, u128::MAX], 1 << 64), Perquintill::one());
}

#[test]
fn the_weak_signal_remainder_follows_the_drought_policy() {
	// Z = 100 of θ = 400: a quarter follows the flow target (all on subnet
	// 1), three quarters follow d = equal (keep_last without history).
	let p = Params { min_signal: 400, ..Params::default() };
	assert_close(&pure_shares(&p, &[100, 0]), &[0.25 + 0.375, 0.375], 1e-15);
	// Above θ the flows alone decide.
	assert_close(&pure_shares(&p, &[300, 100]), &[0.75, 0.25], 1e-15);
}

#[test]
fn fallback_distributions() {
	let prev = [Perquintill::from_percent(30), Perquintill::from_percent(10), Perquintill::zero()];
	let third = Perquintill::from_rational(1u64, 3);
	assert_eq!(fallback(DroughtPolicy::None, &prev, Vec::new), vec![Perquintill::zero(); 3]);
	let eq = fallback(DroughtPolicy::Equal, &prev, Vec::new);
	assert!(eq.iter().all(|s| s.deconstruct().abs_diff(third.deconstruct()) <= 1));
	let last = fallback(DroughtPolicy::KeepLast, &prev, Vec::new);
	assert_eq!(
		last,
		vec![Perquintill::from_percent(75), Perquintill::from_percent(25), Perquintill::zero()]
	);
	let stake = fallback(DroughtPolicy::Stake, &prev, || vec![0, 1, 3]);
	assert_eq!(
		stake,
		vec![Perquintill::zero(), Perquintill::from_percent(25), Perquintill::from_percent(75)]
	);
	// Keep-last with no history and stake with no stake are equal.
	let none = [Perquintill::zero(); 3];
	assert_eq!(fallback(DroughtPolicy::KeepLast, &none, Vec::new), eq);
	assert_eq!(fallback(DroughtPolicy::Stake, &none, || vec![0, 0, 0]), eq);
}

/// Five subnets with history, then a bear market; in block 300 an attacker
/// registers subnet 6 and stakes 0.001 TAO. Returns the attacker's share of
/// the emission over the 2,000 blocks after its stake.
fn dust_in_a_drought(params: Params) -> f64 {
	let tao = 1_000_000_000u64;
	let mut share = 0.0;
	ExtBuilder::default().params(params).subnets(&[1, 2, 3, 4, 5]).build_and_execute(|| {
		for n in 1..=5u16 {
			assert_ok!(Taoflow::on_stake(n, u64::from(n) * 100 * tao));
		}
		next_block();
		for b in 2..300u64 {
			if b % 10 == 0 {
				for n in 1..=5u16 {
					assert_ok!(Taoflow::on_unstake(n, 50 * tao));
				}
			}
			next_block();
		}
		assert!(Taoflow::subnets().iter().all(|s| s.signal <= SmoothedFlow::ZERO));
		register(6);
		assert_ok!(Taoflow::on_stake(6, tao / 1_000));
		let (mut attacker, mut total) = (0u64, 0u64);
		for _ in 0..2_000 {
			let b = next_block_number();
			for (n, a) in credits_at(b) {
				total += a;
				if n == 6 {
					attacker += a;
				}
			}
		}
		share = attacker as f64 / total as f64;
	});
	share
}

fn next_block_number() -> u64 {
	next_block();
	System::block_number()
}

fn defaults_v1() -> Params {
	Params {
		max_share: Perquintill::from_percent(25),
		smoothing: Perquintill::from_percent(1),
		ema_floor: Some(-32_090_096),
		..Params::default()
	}
}

#[test]
fn a_dust_stake_in_a_drought_takes_up_to_the_cap_without_the_gate() {
	// Without debt, maturity and gate the dust subnet is the only positive
	// one: it takes the whole flow target, up to c' = max(c, 1/N) = 0.25
	// (version 1's c' = max(c, 1/M) let it take everything).
	let share = dust_in_a_drought(defaults_v1());
	assert!(share > 0.2, "attacker share {share}");
}

#[test]
fn a_dust_stake_in_a_drought_takes_almost_nothing_with_the_gate() {
	let alpha = crate::math::ema::EmaFactors::from_half_life(216_000).alpha as f64 / 2f64.powi(64);
	let params = Params {
		debt_cap: 10_000_000_000_000,
		maturity_half_life: 216_000,
		min_signal: (alpha * 1e12) as u128,
		..defaults_v1()
	};
	let share = dust_in_a_drought(params);
	assert!(share < 0.01, "attacker share {share}");
}
