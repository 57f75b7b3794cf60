//! Taoflow's storage version 1 → 2 through the runtime's own upgrade path:
//! a chain whose Taoflow state is written in the version-1 layout (as a
//! chain running mechanism version 1 has it) goes through
//! `Executive::execute_on_runtime_upgrade`, keeps every smoothed flow and
//! share, and then runs on under the mechanism.

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
	migrations::v2::v1, DroughtPolicy, Parameters, SmoothedFlow, Subnets as Records,
};
use sp_arithmetic::{FixedU128, Perquintill};
use taoflow_runtime::{testing::Chain, Executive, Runtime, Taoflow};

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
			counted: true,
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
		unhashed::put_raw(&Records::<Runtime>::hashed_key(), &v1_records().encode());
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
