//! Taoflow's migrations through the runtime's own upgrade path
//! (`Executive`):
//! - the switch-over of a chain where Taoflow never ran: externalities with
//!   no Taoflow storage at all, built like a pre-Taoflow chain (subnets with
//!   stake, no reward pot), upgrade to this runtime; every subnet is
//!   tracked, the emitted shares start at the stake-based ones and move to
//!   the flow-based ones by at most `1/T` per block plus the change of `e`;
//! - storage version 1 → 2: a chain whose Taoflow state is written in the
//!   version-1 layout keeps every smoothed flow and share, and then runs on
//!   under the mechanism.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

mod common;

use codec::Encode;
use common::checked_block;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, StorageVersion},
};
use pallet_taoflow::{
	migrations::v2::v1, DroughtPolicy, Parameters, SmoothedFlow, SubnetStates as Records,
};
use sp_arithmetic::{FixedU128, Perquintill};
use taoflow_runtime::{Executive, Runtime, Taoflow};
use taoflow_runtime_test_utils::Chain;

mod switch_over {
	use super::*;
	use frame_support::traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		Get, PalletInfoAccess,
	};
	use pallet_taoflow::{
		migrations::switch::StakeShares, Params, PendingParams, Transition, TransitionState,
	};
	use sp_keyring::Sr25519Keyring::{Bob, Charlie};
	use taoflow_runtime::{
		configs::{SwitchOverParams, SWITCH_OVER_WINDOW},
		Balances, RuntimeCall, Subnets, TAO, VERSION,
	};

	fn share(s: Perquintill) -> f64 {
		s.deconstruct() as f64 / 1e18
	}

	/// The emitted share of every tracked subnet.
	fn emitted(chain: &mut Chain) -> Vec<f64> {
		chain.execute_with(|| Taoflow::subnets().iter().map(|s| share(s.emitted_share)).collect())
	}

	/// The effective share of every tracked subnet.
	fn effective(chain: &mut Chain) -> Vec<f64> {
		chain.execute_with(|| Taoflow::subnets().iter().map(|s| share(s.effective_share)).collect())
	}

	/// The development chain as it was before Taoflow: the subnets with
	/// their stake and nothing else — no Taoflow storage under the pallet's
	/// prefix, no reward pot — and a last runtime upgrade one spec version
	/// back, so that the next block runs this runtime's migrations.
	fn pre_taoflow_chain() -> Chain {
		let mut chain = Chain::from_preset("development").unwrap();
		chain.execute_with(|| {
			let prefix = sp_io::hashing::twox_128(Taoflow::name().as_bytes());
			let _ = unhashed::clear_prefix(&prefix, None, None);
			let pot = Subnets::pot_account();
			let endowment = Balances::balance(&pot);
			Balances::burn_from(
				&pot,
				endowment,
				Preservation::Expendable,
				Precision::Exact,
				Fortitude::Force,
			)
			.unwrap();
			let mut previous = VERSION;
			previous.spec_version -= 1;
			frame_system::LastRuntimeUpgrade::<Runtime>::put(
				frame_system::LastRuntimeUpgradeInfo::from(previous),
			);
		});
		chain
	}

	#[test]
	fn a_chain_without_taoflow_storage_switches_over_at_the_upgrade_block() {
		let mut chain = pre_taoflow_chain();
		let (legacy, registered) = chain.execute_with(|| {
			assert!(!Parameters::<Runtime>::exists());
			assert!(Records::<Runtime>::get().is_empty());
			let registered = <Subnets as pallet_taoflow::SubnetRegistry<_>>::registered_subnets();
			(StakeShares::<Runtime>::get(), registered)
		});
		// The preset's stakes: 1,000, 1,000, 250 and five of 100 TAO.
		let want = [1_000.0, 1_000.0, 250.0, 100.0, 100.0, 100.0, 100.0, 100.0];
		let total: f64 = want.iter().sum();
		for ((_, s), w) in legacy.iter().zip(want) {
			assert!((share(*s) - w / total).abs() < 1e-17);
		}

		// The upgrade block: Executive runs the migrations, then the hooks.
		let out = chain.produce_block(vec![]);
		assert_eq!(out.number, 1);
		chain.execute_with(|| {
			assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
			let tracked: Vec<_> =
				Records::<Runtime>::get().iter().map(|s| (s.netuid, s.emission_enabled)).collect();
			assert_eq!(tracked, registered);
			assert_eq!(Parameters::<Runtime>::get(), SwitchOverParams::get());
			assert_eq!(Parameters::<Runtime>::get().transition_blocks, SWITCH_OVER_WINDOW);
			let TransitionState { start, legacy_shares } = Transition::<Runtime>::get().unwrap();
			assert_eq!((start, legacy_shares.into_inner()), (1, legacy.clone()));
			// The reward pot holds its endowment again, and every minted
			// unit of the block is owed to a subnet.
			assert_eq!(
				Balances::balance(&Subnets::pot_account()),
				Balances::minimum_balance() + TAO
			);
			pallet_taoflow::Pallet::<Runtime>::do_try_state().unwrap();
			pallet_subnets::Pallet::<Runtime>::do_try_state().unwrap();
		});
		// No jolt: the upgrade block emits exactly the stake-based shares.
		let first = emitted(&mut chain);
		let legacy: Vec<f64> = legacy.iter().map(|(_, s)| share(*s)).collect();
		assert_eq!(first, legacy);
		// The next blocks follow the mechanism.
		for _ in 0..3 {
			checked_block(&mut chain, vec![]);
		}
	}

	#[test]
	fn emitted_shares_move_from_stake_based_to_flow_based_by_at_most_one_over_t() {
		let mut chain = pre_taoflow_chain();
		chain.produce_block(vec![]);
		let o = emitted(&mut chain);
		// A short window, set by governance, so that the whole transition
		// runs here; flows into subnets 2 and 3 move the effective shares too.
		const T: u32 = 40;
		chain.execute_with(|| {
			PendingParams::<Runtime>::put(Params {
				transition_blocks: T,
				..Parameters::<Runtime>::get()
			});
		});
		let stake = |netuid, amount| {
			RuntimeCall::Subnets(pallet_subnets::Call::add_stake { netuid, amount })
		};
		let mut last = o.clone();
		let mut last_e = effective(&mut chain);
		for t in 1..=T + 2 {
			let xts = if t % 5 == 1 {
				vec![
					chain.sign(&Bob.pair(), stake(2, 2_000 * TAO)),
					chain.sign(&Charlie.pair(), stake(3, 5_000 * TAO)),
				]
			} else {
				vec![]
			};
			let out = checked_block(&mut chain, xts);
			assert!(out.results.iter().all(|r| matches!(r, Ok(Ok(())))), "{:?}", out.results);
			let (f, e) = (emitted(&mut chain), effective(&mut chain));
			let step = f64::from(t.min(T));
			for i in 0..f.len() {
				// f_t − f_{t−1} = (e_{t−1} − o)/T + (t/T)·(e_t − e_{t−1}).
				let bound = if t <= T {
					(last_e[i] - o[i]).abs() / f64::from(T)
						+ step / f64::from(T) * (e[i] - last_e[i]).abs()
				} else {
					(e[i] - last_e[i]).abs()
				};
				let moved = (f[i] - last[i]).abs();
				assert!(moved <= bound + 1e-15, "block {t}, subnet {i}: {moved} > {bound}");
				assert!(
					(f[i] - last[i]).abs() <= 1.0 / f64::from(T) + (e[i] - last_e[i]).abs() + 1e-15
				);
			}
			last = f;
			last_e = e;
		}
		// The window has passed: the emitted shares are the flow-based ones.
		assert_eq!(last, last_e);
		chain.execute_with(|| assert_eq!(Transition::<Runtime>::get(), None));
		assert_ne!(last, o);
	}

	#[test]
	fn a_chain_that_runs_taoflow_is_not_switched_again() {
		let mut chain = Chain::from_preset("development").unwrap();
		chain.produce_block(vec![]);
		let before = chain.execute_with(|| {
			(Records::<Runtime>::get(), Parameters::<Runtime>::get(), Transition::<Runtime>::get())
		});
		chain.execute_with(|| {
			Executive::execute_on_runtime_upgrade();
			let after = (
				Records::<Runtime>::get(),
				Parameters::<Runtime>::get(),
				Transition::<Runtime>::get(),
			);
			assert_eq!(after, before);
		});
	}

	/// The switch's and every other migration's `pre_upgrade` and
	/// `post_upgrade`, and every pallet's `try_state`, through the runtime's
	/// try-runtime entry point on the pre-Taoflow chain.
	#[cfg(feature = "try-runtime")]
	#[test]
	fn try_runtime_checks_pass_on_the_switch_over() {
		let mut chain = pre_taoflow_chain();
		chain.execute_with(|| {
			Executive::try_runtime_upgrade(frame_try_runtime::UpgradeCheckSelect::All).unwrap();
			assert!(Parameters::<Runtime>::exists());
			assert_eq!(Records::<Runtime>::get().len(), 8);
			// It starts with the next block, the first with Taoflow's hook.
			assert_eq!(Transition::<Runtime>::get().unwrap().start, 1);
		});
		for _ in 0..3 {
			checked_block(&mut chain, vec![]);
		}
	}
}

/// Version-1 records of the preset's eight subnets: smoothed flows and
/// shares as a running chain has them.
fn v1_records() -> Vec<v1::SubnetState> {
	(1..=8u16)
		.map(|netuid| v1::SubnetState {
			netuid,
			emission_enabled: true,
			ema: SmoothedFlow::from_units(i128::from(netuid) * 1_000_000 - 3_000_000),
			effective_share: Perquintill::from_rational(1u64, 8),
			emitted_share: Perquintill::from_rational(1u64, 8),
			was_eligible: true,
		})
		.collect()
}

fn v1_params() -> v1::Params {
	v1::Params {
		half_life: 216_000,
		cutoff: 0,
		exponent: FixedU128::from_u32(1),
		max_share: Perquintill::from_percent(25),
		smoothing: Perquintill::from_percent(1),
		update_interval: 1,
		transition_blocks: 0,
		ema_floor: Some(-32_090_096),
		drought: DroughtPolicy::KeepLast,
	}
}

/// The development chain after one block, its Taoflow state rewritten in
/// the version-1 layout at storage version 1.
fn chain_at_v1() -> Chain {
	let mut chain = Chain::from_preset("development").unwrap();
	chain.produce_block(vec![]);
	chain.execute_with(|| {
		Records::<Runtime>::kill();
		unhashed::put_raw(&v1::Subnets::<Runtime>::hashed_key(), &v1_records().encode());
		unhashed::put_raw(&Parameters::<Runtime>::hashed_key(), &v1_params().encode());
		StorageVersion::new(1).put::<Taoflow>();
	});
	chain
}

#[test]
fn version_one_state_migrates_through_the_runtime_upgrade() {
	let mut chain = chain_at_v1();
	chain.execute_with(|| {
		Executive::execute_on_runtime_upgrade();
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
		let records = Records::<Runtime>::get();
		assert_eq!(records.len(), 8);
		for (new, old) in records.iter().zip(v1_records()) {
			assert_eq!(
				(new.netuid, new.ema, new.matured, new.debt),
				(old.netuid, old.ema, old.ema, 0)
			);
			assert_eq!(new.effective_share, old.effective_share);
		}
		// No jump: every signal the next computation reads is the old S.
		for (info, old) in Taoflow::subnets().iter().zip(v1_records()) {
			assert_eq!(info.signal, old.ema);
		}
		let p = Taoflow::params();
		assert_eq!(
			(p.half_life, p.max_share, p.ema_floor),
			(216_000, v1_params().max_share, v1_params().ema_floor)
		);
		assert_eq!((p.debt_cap, p.maturity_half_life, p.min_signal), (0, 0, 0));
		pallet_taoflow::Pallet::<Runtime>::do_try_state().unwrap();
	});
	// The chain runs on under the mechanism, block by block.
	for _ in 0..5 {
		checked_block(&mut chain, vec![]);
	}
}

#[test]
fn the_upgrade_runs_once() {
	let mut chain = chain_at_v1();
	let (first, params) = chain.execute_with(|| {
		Executive::execute_on_runtime_upgrade();
		(Records::<Runtime>::get(), Parameters::<Runtime>::get())
	});
	chain.execute_with(|| {
		Executive::execute_on_runtime_upgrade();
		assert_eq!(Records::<Runtime>::get(), first);
		assert_eq!(Parameters::<Runtime>::get(), params);
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn a_chain_at_version_two_is_left_alone() {
	let mut chain = Chain::from_preset("development").unwrap();
	chain.produce_block(vec![]);
	chain.execute_with(|| {
		let (records, params) = (Records::<Runtime>::get(), Parameters::<Runtime>::get());
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
		Executive::execute_on_runtime_upgrade();
		assert_eq!(Records::<Runtime>::get(), records);
		assert_eq!(Parameters::<Runtime>::get(), params);
	});
}

/// `pre_upgrade` and `post_upgrade` of every migration, and every pallet's
/// `try_state`, through the runtime's try-runtime entry point.
#[cfg(feature = "try-runtime")]
#[test]
fn try_runtime_checks_pass_on_the_upgrade() {
	let mut chain = chain_at_v1();
	chain.execute_with(|| {
		Executive::try_runtime_upgrade(frame_try_runtime::UpgradeCheckSelect::All).unwrap();
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
	});
	for _ in 0..3 {
		checked_block(&mut chain, vec![]);
	}
}
