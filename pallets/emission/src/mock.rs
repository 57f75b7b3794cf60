//! A runtime with balances and the emission schedule.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use frame_support::{derive_impl, sp_runtime::BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Emission = crate;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

impl crate::Config for Test {
	type Currency = Balances;
}

/// Genesis with the schedule `(initial, supply)` and no balances.
pub fn new_test_ext(initial: u64, supply: u64) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		emission: crate::GenesisConfig { initial_emission: initial, total_supply: supply },
		..Default::default()
	}
	.build_storage()
	.unwrap();
	storage.into()
}
