//! Storage version 1 → 2 on hand-encoded version-1 state.

use super::*;
use crate::{
	migrations::v2::{v1, MigrateV1ToV2},
	DroughtPolicy, EligibleSetShrunk, Parameters, SubnetStates,
};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use sp_arithmetic::FixedU128;

fn v1_params(drought: DroughtPolicy, max_share: Perquintill) -> v1::Params {
	v1::Params {
		half_life: 1_000,
		cutoff: -5,
		exponent: FixedU128::from_u32(1),
		max_share,
		smoothing: Perquintill::from_percent(10),
		update_interval: 1,
		transition_blocks: 0,
		ema_floor: Some(-1_000_000),
		drought,
	}
}

fn v1_records() -> Vec<v1::SubnetState> {
	vec![
		v1::SubnetState {
			netuid: 1,
			emission_enabled: true,
			ema: SmoothedFlow::from_units(3_000),
			effective_share: Perquintill::from_percent(75),
			emitted_share: Perquintill::from_percent(75),
			was_eligible: true,
		},
		v1::SubnetState {
			netuid: 2,
			emission_enabled: true,
			ema: SmoothedFlow::from_units(1_000),
			effective_share: Perquintill::from_percent(25),
			emitted_share: Perquintill::from_percent(25),
			was_eligible: true,
		},
	]
}

/// Writes version-1 state under the pallet's keys, as a chain running
/// version 1 has it.
fn put_v1_state(params: v1::Params) {
	SubnetStates::<Test>::kill();
	unhashed::put_raw(&v1::Subnets::<Test>::hashed_key(), &v1_records().encode());
	unhashed::put_raw(&Parameters::<Test>::hashed_key(), &params.encode());
	StorageVersion::new(1).put::<Taoflow>();
}

#[test]
fn records_gain_no_debt_and_a_matured_signal_equal_to_s() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::KeepLast, Perquintill::from_percent(50)));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
		for (new, old) in SubnetStates::<Test>::get().iter().zip(v1_records()) {
			assert_eq!(
				(new.netuid, new.ema, new.matured, new.debt),
				(old.netuid, old.ema, old.ema, 0)
			);
			assert_eq!(
				(new.effective_share, new.emitted_share),
				(old.effective_share, old.emitted_share)
			);
			// No jump: the signal the next computation reads is S.
			assert_eq!(info(new.netuid).signal, old.ema);
		}
		let p = Parameters::<Test>::get();
		assert_eq!((p.half_life, p.cutoff, p.ema_floor), (1_000, -5, Some(-1_000_000)));
		assert_eq!(p.max_share, Perquintill::from_percent(50));
		assert_eq!((p.debt_cap, p.maturity_half_life, p.min_signal), (0, 0, 0));
		// The chain runs on from the migrated state.
		next_block();
		assert_eq!(emitted().len(), 2);
	});
}

#[test]
fn records_and_the_shrunk_flag_move_to_their_version_two_keys() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::KeepLast, Perquintill::one()));
		v1::CountedSetShrunk::<Test>::put(true);
		EligibleSetShrunk::<Test>::kill();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(!v1::Subnets::<Test>::exists());
		assert!(!v1::CountedSetShrunk::<Test>::exists());
		assert_eq!(SubnetStates::<Test>::get().len(), 2);
		assert!(EligibleSetShrunk::<Test>::get());
		// The next block reads the flag: the set changed, the shares are
		// recomputed and the flag is cleared.
		next_block();
		assert!(!EligibleSetShrunk::<Test>::get());
	});
}

#[test]
fn the_migration_is_idempotent() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::Stake, Perquintill::one()));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let (records, params) = (SubnetStates::<Test>::get(), Parameters::<Test>::get());
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(SubnetStates::<Test>::get(), records);
		assert_eq!(Parameters::<Test>::get(), params);
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn none_with_a_cap_keeps_none_and_drops_the_cap() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::None, Perquintill::from_percent(30)));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let p = Parameters::<Test>::get();
		assert_eq!((p.drought, p.max_share), (DroughtPolicy::None, Perquintill::one()));
		assert!(p.validate().is_ok());
	});
}

#[test]
fn a_cutoff_beyond_the_new_bound_is_clamped() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		let old = v1::Params {
			cutoff: -(1 << 70),
			..v1_params(DroughtPolicy::Equal, Perquintill::one())
		};
		put_v1_state(old);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let p = Parameters::<Test>::get();
		assert_eq!(p.cutoff, -(1 << 64));
		assert!(p.validate().is_ok());
	});
}

#[test]
fn records_that_do_not_decode_are_rebuilt_from_the_registry() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::Equal, Perquintill::one()));
		unhashed::put_raw(&v1::Subnets::<Test>::hashed_key(), &[0xff, 0x01]);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let records = SubnetStates::<Test>::get();
		assert_eq!(records.iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![1, 2]);
		assert!(records.iter().all(|s| s.ema == SmoothedFlow::ZERO && s.debt == 0));
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn pre_and_post_upgrade_checks_pass() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		put_v1_state(v1_params(DroughtPolicy::KeepLast, Perquintill::one()));
		MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true).unwrap();
		assert_eq!(Taoflow::on_chain_storage_version(), StorageVersion::new(2));
	});
}
