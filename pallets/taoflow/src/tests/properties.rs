//! Property tests over random flows, subnet sets and parameters.

use super::*;
use crate::{
	math::{
		self,
		shares::{effective_cap, target},
		split::{apportion, parts, split, sum_parts, SHARE_ONE},
	},
	DroughtPolicy, OnStakeFlow, Params,
};
use proptest::prelude::*;
use sp_arithmetic::{FixedPointNumber, FixedU128};

fn drought() -> impl Strategy<Value = DroughtPolicy> {
	prop_oneof![
		Just(DroughtPolicy::None),
		Just(DroughtPolicy::Equal),
		Just(DroughtPolicy::KeepLast),
		Just(DroughtPolicy::Stake),
	]
}

prop_compose! {
	fn params()(
		half_life in prop_oneof![Just(1u32), Just(100_000_000u32), 1u32..1_000_000],
		cutoff in prop_oneof![Just(0i128), -1_000_000_000i128..1_000_000_000],
		exponent in prop_oneof![Just(FixedU128::DIV), Just(2 * FixedU128::DIV), FixedU128::DIV..=2 * FixedU128::DIV],
		max_share in prop_oneof![Just(SHARE_ONE as u64), 1u64..=SHARE_ONE as u64],
		smoothing in prop_oneof![Just(SHARE_ONE as u64), 1u64..=SHARE_ONE as u64],
		update_interval in prop_oneof![Just(1u32), 1u32..20],
		transition_blocks in 0u32..50,
		ema_floor in proptest::option::of(-1_000_000_000_000i128..=0),
		drought in drought(),
		debt_cap in prop_oneof![Just(0u64), Just(u64::MAX), 0u64..1_000_000_000_000_000],
		maturity_half_life in
			prop_oneof![Just(0u32), Just(1u32), Just(100_000_000u32), 1u32..1_000_000],
		min_signal in prop_oneof![Just(0u128), Just(1u128 << 64), 0u128..1_000_000_000_000],
	) -> Params {
		let mut p = Params {
			half_life,
			cutoff,
			exponent: FixedU128::from_inner(exponent),
			max_share: Perquintill::from_parts(max_share),
			smoothing: Perquintill::from_parts(smoothing),
			update_interval,
			transition_blocks,
			ema_floor,
			drought,
			debt_cap,
			maturity_half_life,
			min_signal,
		};
		// `none` goes only with the cap and the gate off (§6).
		if p.drought == DroughtPolicy::None {
			p.max_share = Perquintill::one();
			p.min_signal = 0;
		}
		p
	}
}

fn ema_value() -> impl Strategy<Value = i128> {
	prop_oneof![
		Just(0i128),
		Just(i128::MAX),
		Just(i128::MIN),
		-(1i128 << 70)..(1i128 << 70),
		-1_000i128..1_000,
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	#[test]
	fn shares_are_fractions_that_sum_to_zero_or_one(
		p in params(),
		emas in proptest::collection::vec(ema_value(), 1..200),
		prev_weights in proptest::collection::vec(0u128..1_000, 200),
		stakes in proptest::collection::vec(0u128..u128::from(u64::MAX), 200),
	) {
		let emas: Vec<SmoothedFlow> = emas.into_iter().map(SmoothedFlow::from_bits).collect();
		let n = emas.len();
		let previous = crate::math::split::normalise(&prev_weights[..n]);
		prop_assert!(p.validate().is_ok());
		let (e, _) = math::effective_shares(&p, &emas, &previous, || stakes[..n].to_vec());
		prop_assert_eq!(e.len(), n);
		let sum = sum_parts(&e);
		prop_assert!(sum == 0 || sum == SHARE_ONE, "sum {}", sum);
		// Same input, same output.
		let (again, _) = math::effective_shares(&p, &emas, &previous, || stakes[..n].to_vec());
		prop_assert_eq!(e.clone(), again);
		// β bounds every rise against the renormalised previous shares.
		let prev_n = apportion(&previous.iter().map(|s| parts(*s)).collect::<Vec<_>>(), SHARE_ONE);
		if sum_parts(&previous) > 0 {
			for (now, before) in e.iter().zip(&prev_n) {
				prop_assert!(parts(*now) <= before + parts(p.smoothing) + 1);
			}
		}
		// Only the none policy (or no subnet) yields zero shares.
		if sum == 0 {
			prop_assert_eq!(p.drought, DroughtPolicy::None);
		}
	}

	#[test]
	fn target_is_capped_and_sums_to_one(
		weights in proptest::collection::vec(0u128..1_000_000, 1..100),
		fallback in proptest::collection::vec(prop_oneof![Just(0u128), 0u128..1_000], 100),
		strength in prop_oneof![Just(0u64), Just(SHARE_ONE as u64), 0u64..=SHARE_ONE as u64],
		c in prop_oneof![Just(SHARE_ONE as u64), 1u64..=SHARE_ONE as u64],
	) {
		let n = weights.len();
		let q = crate::math::split::normalise(&weights);
		let d = crate::math::split::normalise(&fallback[..n]);
		let g = Perquintill::from_parts(strength);
		let r = target(&q, g, Perquintill::from_parts(c), || d.clone());
		let cap = effective_cap(Perquintill::from_parts(c), n);
		prop_assert_eq!(r.len(), n);
		// Whenever there is a fallback (or the flows carry it all), Σr = 1.
		let flows_alone = sum_parts(&q) == SHARE_ONE && strength == SHARE_ONE as u64;
		if sum_parts(&d) > 0 || (flows_alone && cap >= SHARE_ONE) {
			prop_assert_eq!(sum_parts(&r), SHARE_ONE);
		}
		for (i, x) in r.iter().enumerate() {
			prop_assert!(parts(*x) <= cap, "{} > {}", parts(*x), cap);
			// Never below the flows' own part, unless capped.
			let own = (parts(q[i]) * u128::from(strength) / SHARE_ONE).min(cap);
			prop_assert!(parts(*x) + 1 >= own);
		}
		// Deterministic.
		prop_assert_eq!(r, target(&q, g, Perquintill::from_parts(c), || d.clone()));
	}

	#[test]
	fn split_is_exact(
		weights in proptest::collection::vec(0u128..u128::from(u64::MAX), 1..300),
		emission in prop_oneof![Just(0u128), Just(u128::from(u64::MAX)), 0u128..10_000_000_000],
	) {
		let f = crate::math::split::normalise(&weights);
		let a = split(emission, &f);
		let total: u128 = a.iter().sum();
		if sum_parts(&f) == SHARE_ONE {
			prop_assert_eq!(total, emission);
			for (x, s) in a.iter().zip(&f) {
				// Within one unit of the exact product.
				let exact = emission as f64 * s.deconstruct() as f64 / 1e18;
				prop_assert!((*x as f64 - exact).abs() <= 1.0 + exact * 1e-15);
			}
		} else {
			prop_assert_eq!(total, 0);
		}
	}
}

/// A random block: per subnet an optional stake (+) or unstake (−).
fn block_flows() -> impl Strategy<Value = Vec<(u16, i64)>> {
	proptest::collection::vec((1u16..=64, any::<i64>()), 0..20)
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	#[test]
	fn the_chain_keeps_its_invariants_under_random_flows(
		p in params(),
		n in 1u16..=64,
		blocks in proptest::collection::vec(block_flows(), 1..15),
		emission in prop_oneof![Just(1u64), Just(1_000_000_000u64), 0u64..u64::MAX / 1_000],
	) {
		let netuids: Vec<u16> = (1..=n).collect();
		ExtBuilder::default().params(p).subnets(&netuids).emission(emission).build_and_execute(|| {
			for flows in &blocks {
				for (netuid, amount) in flows {
					let netuid = 1 + (netuid - 1) % n;
					let result = if *amount >= 0 {
						Taoflow::on_stake(netuid, amount.unsigned_abs())
					} else {
						Taoflow::on_unstake(netuid, amount.unsigned_abs())
					};
					assert!(result.is_ok());
				}
				let before = Balances::total_issuance();
				next_block();
				let minted = Balances::total_issuance() - before;
				let shares = emitted();
				let sum: f64 = shares.iter().map(|(_, s)| s).sum();
				if sum == 0.0 {
					assert_eq!(minted, 0);
				} else {
					assert!((sum - 1.0).abs() < 1e-9);
					assert_eq!(minted, emission);
				}
				for (_, s) in &shares {
					assert!((0.0..=1.0).contains(s));
				}
				Taoflow::do_try_state().unwrap();
			}
		});
	}
}

#[test]
fn extreme_values_never_panic() {
	for h in [1, 100_000_000] {
		for exponent in
			[FixedU128::from_u32(1), FixedU128::from_u32(2), FixedU128::from_rational(7, 5)]
		{
			let params = Params {
				half_life: h,
				exponent,
				max_share: Perquintill::from_parts(1),
				smoothing: Perquintill::from_parts(1),
				..Params::default()
			};
			let netuids: Vec<u16> = (1..=64).collect();
			ExtBuilder::default()
				.params(params)
				.subnets(&netuids)
				.emission(u64::MAX / 4)
				.build_and_execute(|| {
					for b in 0..3u16 {
						for n in 1..=64u16 {
							let r = if (n + b) % 2 == 0 {
								Taoflow::on_stake(n, u64::MAX)
							} else {
								Taoflow::on_unstake(n, u64::MAX)
							};
							assert!(r.is_ok());
							assert!(Taoflow::on_move(n, 65 - n, u64::MAX).is_ok());
						}
						let before = Balances::total_issuance();
						next_block();
						// Flows of opposite signs keep some subnet positive, so
						// the whole emission is minted, exactly.
						assert_eq!(Balances::total_issuance() - before, u64::MAX / 4);
					}
				});
		}
	}
}
