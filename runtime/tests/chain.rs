//! The real runtime, natively: genesis from the `development` preset, signed
//! extrinsics from several accounts across blocks, every block through
//! `Executive`. Shares follow the mechanism, the emission is minted exactly,
//! and stakers and owners receive exactly their split.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

mod common;

use common::checked_block;
use frame_support::traits::{fungible::Inspect, Get};
use pallet_taoflow::math::split::split;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Ferdie};
use sp_runtime::Perbill;
use taoflow_runtime::{
	AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, Subnets, Taoflow, TAO,
};
use taoflow_runtime_test_utils::{BlockOutcome, Chain};

const E: Balance = TAO;

fn chain() -> Chain {
	Chain::from_preset("development").expect("development preset builds")
}

fn acc(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn add_stake(netuid: u16, amount: Balance) -> RuntimeCall {
	RuntimeCall::Subnets(pallet_subnets::Call::add_stake { netuid, amount })
}

/// Runs a block with `calls` (each signed by its key), asserts they all
/// succeeded and that the block follows the mechanism (`checked_block`).
fn block(chain: &mut Chain, calls: Vec<(Sr25519Keyring, RuntimeCall)>) -> BlockOutcome {
	let xts = calls.into_iter().map(|(k, c)| chain.sign(&k.pair(), c)).collect();
	let out = checked_block(chain, xts);
	for (i, r) in out.results.iter().enumerate() {
		assert!(matches!(r, Ok(Ok(()))), "extrinsic {i} of block {}: {r:?}", out.number);
	}
	out
}

fn fees(out: &BlockOutcome) -> Balance {
	out.events
		.iter()
		.filter_map(|r| match &r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(*actual_fee),
			_ => None,
		})
		.sum()
}

fn issuance(chain: &mut Chain) -> Balance {
	chain.execute_with(Balances::total_issuance)
}

/// `(netuid, smoothed flow, emitted share)` of every tracked subnet.
fn taoflow(chain: &mut Chain) -> Vec<(u16, f64, f64)> {
	chain.execute_with(|| {
		Taoflow::subnets()
			.iter()
			.map(|s| (s.netuid, s.ema.to_f64(), s.emitted_share.deconstruct() as f64 / 1e18))
			.collect()
	})
}

/// The amounts of the last block's split, computed from its emitted shares
/// with the same largest-remainder rule.
fn last_split(chain: &mut Chain) -> Vec<(u16, Balance)> {
	chain.execute_with(|| {
		let subnets: Vec<_> =
			Taoflow::subnets().into_iter().filter(|s| s.emission_enabled).collect();
		let shares: Vec<_> = subnets.iter().map(|s| s.emitted_share).collect();
		subnets
			.iter()
			.zip(split(u128::from(E), &shares))
			.map(|(s, a)| (s.netuid, a as Balance))
			.collect()
	})
}

fn alpha(chain: &mut Chain) -> f64 {
	let h = chain.execute_with(|| Taoflow::params().half_life);
	-(-(2f64.ln()) / f64::from(h)).exp_m1()
}

#[test]
fn genesis_from_the_development_preset() {
	let mut chain = chain();
	let a = alpha(&mut chain);
	chain.execute_with(|| {
		let subnets = Taoflow::subnets();
		assert_eq!(
			subnets.iter().map(|s| s.netuid).collect::<Vec<_>>(),
			(1..=8).collect::<Vec<_>>()
		);
		assert!(subnets.iter().all(|s| s.ema.to_f64() == 0.0), "genesis stake is not a flow");
		assert_eq!(Subnets::stake_of(1, acc(Alice)), 1_000 * TAO);
		assert_eq!(Subnets::stake_of(2, acc(Sr25519Keyring::Eve)), 500 * TAO);
		let params = Taoflow::params();
		assert_eq!(params, pallet_taoflow::Params::recommended());
		assert!(params.validate().is_ok());
		// The floor is minus the smoothed value of a 10,000 TAO outflow.
		assert_eq!(params.ema_floor, Some(-(a * 10_000.0 * TAO as f64).round() as i128));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_subnets::OwnerCut::<Runtime>::get(), Perbill::from_percent(18));
	});
}

#[test]
fn staking_drives_shares_and_the_emission_is_minted_exactly() {
	let mut chain = chain();
	let a = alpha(&mut chain);

	// Block 1: no flows yet; the drought policy (keep_last, no history)
	// gives equal shares and the whole emission is minted.
	let before = issuance(&mut chain);
	let b1 = block(&mut chain, vec![]);
	assert_eq!(issuance(&mut chain) - before, E);
	let shares = taoflow(&mut chain);
	for (_, _, f) in &shares {
		assert!((f - 1.0 / 8.0).abs() < 1e-15);
	}
	let eighths: Vec<(u16, Balance)> = (1..=8).map(|n| (n, 125_000_000)).collect();
	assert_eq!(last_split(&mut chain), eighths);
	let mut splits = vec![(b1.number, last_split(&mut chain))];

	// Block 2: Bob stakes 1,000 TAO into subnet 1, Dave 3,000 TAO into 2.
	let before = issuance(&mut chain);
	let b2 = block(
		&mut chain,
		vec![(Bob, add_stake(1, 1_000 * TAO)), (Dave, add_stake(2, 3_000 * TAO))],
	);
	assert_eq!(issuance(&mut chain) + fees(&b2), before + E, "fees are burned");
	splits.push((b2.number, last_split(&mut chain)));

	// Block 3: S = α·X (§2); the target is 0.25 / 0.75 / 0 before the cap
	// (§3), and `block` checks the effective shares against §3–§4. Subnets 1
	// and 2 gain on subnet 3, which had no flow.
	let before = issuance(&mut chain);
	let b3 = block(&mut chain, vec![]);
	assert_eq!(issuance(&mut chain) - before, E);
	let t = taoflow(&mut chain);
	assert!((t[0].1 - a * 1e12).abs() / (a * 1e12) < 1e-9, "S1 = {}", t[0].1);
	assert!((t[1].1 - a * 3e12).abs() / (a * 3e12) < 1e-9, "S2 = {}", t[1].1);
	assert!(t[0].2 > t[2].2 && t[1].2 > t[2].2, "{t:?}");
	splits.push((b3.number, last_split(&mut chain)));

	// Block 4: Ferdie registers subnet 9; Charlie stakes into 3.
	let reg = RuntimeCall::Subnets(pallet_subnets::Call::register_network {});
	let before = issuance(&mut chain);
	let b4 = block(&mut chain, vec![(Ferdie, reg), (Charlie, add_stake(3, 500 * TAO))]);
	// The registration burns the minimum (no registration since genesis).
	let burn: Balance = <<Runtime as pallet_subnets::Config>::MinRegistrationBurn as Get<_>>::get();
	assert_eq!(issuance(&mut chain) + fees(&b4) + burn, before + E, "the registration burn");
	splits.push((b4.number, last_split(&mut chain)));

	// Blocks 5..=24: every block mints exactly E; the new subnet has S = 0.
	let pot = chain.execute_with(Subnets::pot_account);
	for _ in 5..=24 {
		let (i0, p0) = (issuance(&mut chain), chain.execute_with(|| Balances::balance(&pot)));
		let out = block(&mut chain, vec![]);
		assert_eq!(issuance(&mut chain) - i0, E);
		assert_eq!(chain.execute_with(|| Balances::balance(&pot)) - p0, E);
		splits.push((out.number, last_split(&mut chain)));
	}
	let t = taoflow(&mut chain);
	assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
	// The new subnet has no flow and no share; the others' shares are those
	// of the model (checked in every block).
	assert_eq!(t[8].1, 0.0);
	assert_eq!(t[8].2, 0.0);

	// Claims in the next block settle everything credited up to and
	// including that block's own split.
	let claim = RuntimeCall::Subnets(pallet_subnets::Call::claim_rewards { netuid: 1 });
	let bob_before = chain.execute_with(|| Balances::balance(&acc(Bob)));
	let alice_before = chain.execute_with(|| Balances::balance(&acc(Alice)));
	let out = block(&mut chain, vec![(Bob, claim.clone()), (Alice, claim)]);
	splits.push((out.number, last_split(&mut chain)));

	// Rewards of subnet 1: owner Alice takes floor(18%) of each amount; the
	// rest goes to its stakers pro rata — Alice alone (1,000 TAO) before
	// Bob's stake counted, then Alice and Bob half each.
	let cut = Perbill::from_percent(18);
	let mut owner = 0u128;
	let mut alice_staker = 0u128;
	let mut bob_staker = 0u128;
	let mut shared = 0u128;
	for (number, amounts) in &splits {
		let a1 = u128::from(amounts.iter().find(|(n, _)| *n == 1).map_or(0, |x| x.1));
		let c = u128::from(cut.mul_floor(a1 as Balance));
		owner += c;
		if *number <= b2.number {
			alice_staker += a1 - c;
		} else {
			shared += a1 - c;
		}
	}
	// The accumulator keeps fractions exactly: each gets half the sum.
	alice_staker += shared / 2;
	bob_staker += shared / 2;
	let paid = |who: AccountId, owner_cut: bool| -> u128 {
		out.events
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::Subnets(pallet_subnets::Event::RewardsPaid {
					who: w,
					netuid: 1,
					amount,
				}) if *w == who && !owner_cut => Some(u128::from(*amount)),
				RuntimeEvent::Subnets(pallet_subnets::Event::OwnerRewardsPaid {
					owner: w,
					netuid: 1,
					amount,
				}) if *w == who && owner_cut => Some(u128::from(*amount)),
				_ => None,
			})
			.sum()
	};
	// Payouts round down: at most one base unit short per settlement.
	let bob_paid = paid(acc(Bob), false);
	assert!(bob_staker.abs_diff(bob_paid) <= 1, "Bob {bob_paid} vs {bob_staker}");
	let alice_paid = paid(acc(Alice), false);
	assert!(alice_staker.abs_diff(alice_paid) <= 1, "Alice {alice_paid} vs {alice_staker}");
	assert_eq!(paid(acc(Alice), true), owner, "the owner's cut is exact");
	// Balances rise by exactly what was paid, less each one's fee.
	let fee_of = |who: AccountId| -> u128 {
		out.events
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						who: w,
						actual_fee,
						..
					},
				) if *w == who => Some(u128::from(*actual_fee)),
				_ => None,
			})
			.sum()
	};
	let bob_after = chain.execute_with(|| Balances::balance(&acc(Bob)));
	assert_eq!(u128::from(bob_after) + fee_of(acc(Bob)), u128::from(bob_before) + bob_paid);
	let alice_after = chain.execute_with(|| Balances::balance(&acc(Alice)));
	assert_eq!(
		u128::from(alice_after) + fee_of(acc(Alice)),
		u128::from(alice_before) + alice_paid + owner
	);

	// Both pallets' invariants hold on the real runtime.
	chain.execute_with(|| {
		pallet_taoflow::Pallet::<Runtime>::do_try_state().unwrap();
		pallet_subnets::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn a_bad_extrinsic_fails_with_its_error_and_changes_nothing() {
	let mut chain = chain();
	block(&mut chain, vec![]);
	let xt = chain.sign(&Bob.pair(), add_stake(99, TAO));
	let out = chain.produce_block(vec![xt]);
	let err = out.results[0].expect("valid transaction").expect_err("dispatch fails");
	let want: sp_runtime::DispatchError = pallet_subnets::Error::<Runtime>::SubnetNotFound.into();
	assert_eq!(err, want);
	chain.execute_with(|| {
		assert_eq!(Subnets::stake_of(99, acc(Bob)), 0);
		assert_eq!(Taoflow::pending_flow(99), 0);
		assert!(Taoflow::subnets().iter().all(|s| s.netuid != 99));
	});
}

fn remove_stake(netuid: u16, amount: Balance) -> RuntimeCall {
	RuntimeCall::Subnets(pallet_subnets::Call::remove_stake { netuid, amount })
}

/// The genesis stakers of the development preset leave every subnet: all
/// signals turn negative, a drought.
fn drought(chain: &mut Chain) {
	use Sr25519Keyring::{AliceStash, BobStash, Eve};
	block(chain, vec![]);
	block(
		chain,
		vec![
			(Alice, remove_stake(1, 1_000 * TAO)),
			(Bob, remove_stake(2, 500 * TAO)),
			(Charlie, remove_stake(3, 250 * TAO)),
			(Dave, remove_stake(4, 100 * TAO)),
			(Eve, remove_stake(5, 100 * TAO)),
			(Ferdie, remove_stake(6, 100 * TAO)),
			(AliceStash, remove_stake(7, 100 * TAO)),
			(BobStash, remove_stake(8, 100 * TAO)),
		],
	);
}

/// A block in which governance (`sudo`) sets Taoflow's parameters; they are
/// in force from the next block.
fn set_params(chain: &mut Chain, params: pallet_taoflow::Params) {
	let set = RuntimeCall::Taoflow(pallet_taoflow::Call::set_params { params });
	block(chain, vec![(Alice, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(set) }))]);
}

/// `(netuid, signal, emitted share)` of every tracked subnet.
fn signals(chain: &mut Chain) -> Vec<(u16, f64, f64)> {
	chain.execute_with(|| {
		Taoflow::subnets()
			.iter()
			.map(|s| (s.netuid, s.signal.to_f64(), s.emitted_share.deconstruct() as f64 / 1e18))
			.collect()
	})
}

#[test]
fn the_default_parameters_keep_emitting_through_a_drought() {
	let mut chain = chain();
	drought(&mut chain);
	for _ in 0..20 {
		let before = issuance(&mut chain);
		block(&mut chain, vec![]);
		assert_eq!(issuance(&mut chain) - before, E, "keep_last: the whole emission goes on");
		let t = signals(&mut chain);
		assert!(t.iter().all(|(_, s, _)| *s < 0.0), "every signal is negative");
		// The last shares go on: the equal eighths of genesis.
		assert!(t.iter().all(|(_, _, f)| (f - 1.0 / 8.0).abs() < 1e-15), "{t:?}");
	}
}

#[test]
fn the_compatible_profile_follows_the_model_through_a_round_trip() {
	// No debt ledger: a stake and its unstake in the next block leave a
	// small negative smoothed flow, the difference of two large terms; every
	// block is still the model's.
	let mut chain = chain();
	set_params(&mut chain, pallet_taoflow::Params::bittensor());
	block(&mut chain, vec![(Bob, add_stake(1, 1_000 * TAO))]);
	block(&mut chain, vec![(Bob, remove_stake(1, 1_000 * TAO))]);
	for _ in 0..3 {
		block(&mut chain, vec![]);
	}
	assert!(taoflow(&mut chain)[0].1 < 0.0, "S = −α²·X after the round trip");
}

#[test]
fn the_compatible_profile_emits_nothing_in_a_drought() {
	let mut chain = chain();
	set_params(&mut chain, pallet_taoflow::Params::bittensor());
	drought(&mut chain);
	for _ in 0..5 {
		let before = issuance(&mut chain);
		block(&mut chain, vec![]);
		assert_eq!(issuance(&mut chain), before, "Bittensor's model mints nothing");
		assert!(taoflow(&mut chain).iter().all(|(_, _, f)| *f == 0.0));
	}
}

#[test]
fn smoothing_caps_the_rise_of_a_share_per_block() {
	let mut chain = chain();
	// The defaults with the cap and the gate off, so that a burst's target
	// is the whole emission at once.
	let params = pallet_taoflow::Params {
		max_share: sp_runtime::Perquintill::one(),
		min_signal: 0,
		..pallet_taoflow::Params::recommended()
	};
	set_params(&mut chain, params);
	// A burst of 50,000 TAO into subnet 3: its target jumps to the whole
	// emission, its effective share climbs by at most β per block.
	block(&mut chain, vec![(Dave, add_stake(3, 50_000 * TAO))]);
	let beta = chain.execute_with(|| Taoflow::params().smoothing.deconstruct() as f64 / 1e18);
	let mut last = taoflow(&mut chain)[2].2;
	for _ in 0..100 {
		block(&mut chain, vec![]);
		let now = taoflow(&mut chain)[2].2;
		assert!(now > last && now - last <= beta + 1e-15, "{last} → {now}");
		last = now;
	}
	// A hundred blocks of 1% steps: 1 − (7/8)·0.99^100 of the way.
	let want = 1.0 - (7.0 / 8.0) * (1.0 - beta).powi(100);
	assert!((last - want).abs() < 1e-9, "{last} vs {want}");
}

#[test]
fn the_runtime_passes_its_integrity_tests() {
	use frame_support::traits::{Get, IntegrityTest};
	sp_io::TestExternalities::new_empty()
		.execute_with(taoflow_runtime::AllPalletsWithSystem::integrity_test);
	// Every live subnet is tracked by Taoflow: the two bounds agree.
	assert_eq!(
		<<Runtime as pallet_subnets::Config>::MaxSubnets as Get<u32>>::get(),
		<<Runtime as pallet_taoflow::Config>::MaxSubnets as Get<u32>>::get()
	);
}
