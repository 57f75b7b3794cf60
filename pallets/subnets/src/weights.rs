//! Weights for `pallet_subnets`.
//!
//! Hand-derived until the node's `benchmark pallet` command regenerates this
//! file from `benchmarking.rs`: the database operations are counted from the
//! code (listed per function, including those of `pallet-balances` and of
//! Taoflow's flow and lifecycle hooks that the calls trigger), the ref-time
//! allows about 10 µs per balance operation on top of a 20 µs base per call
//! and 1 µs per credited subnet in `credit`, and the proof size is the
//! largest encoding of each value read: the record vector at `MaxSubnets`
//! entries, Taoflow's per-subnet vector when a lifecycle hook or a flow
//! touches it, and one account, hold and stake entry per account touched.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::MaxEncodedLen,
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_subnets`.
pub trait WeightInfo {
	/// `register_network`.
	fn register_network() -> Weight;
	/// `dissolve_network`.
	fn dissolve_network() -> Weight;
	/// `set_emission_enabled`.
	fn set_emission_enabled() -> Weight;
	/// `add_stake`.
	fn add_stake() -> Weight;
	/// `remove_stake`.
	fn remove_stake() -> Weight;
	/// `move_stake`.
	fn move_stake() -> Weight;
	/// `claim_rewards`.
	fn claim_rewards() -> Weight;
	/// `set_owner_cut`.
	fn set_owner_cut() -> Weight;
	/// `finish_dissolved`: one staker's exit, or the owner's cut, and the
	/// record's removal with the deposit's release.
	fn finish_dissolved() -> Weight;
	/// The emission sink crediting `n` subnets.
	fn credit(n: u32) -> Weight;
}

/// Bytes of one `System::Account` entry (key and `AccountInfo`).
const ACCOUNT_BYTES: u64 = 128;
/// Bytes of one `Balances::Holds` entry with both of this pallet's reasons.
const HOLDS_BYTES: u64 = 96;
/// Bytes of one `Subnets::Stakes` entry (keys and value).
const STAKE_BYTES: u64 = 96;
/// Bytes of one `Subnets::SubnetOwners` entry (key and value).
const OWNER_BYTES: u64 = 72;
/// Bytes of one entry of Taoflow's `Subnets` or `FlowLedger` vectors.
const TAOFLOW_ENTRY_BYTES: u64 = 60;
/// Encoded bytes of one `SubnetRecord<u64>` (what the `()` weights assume).
const RECORD_BYTES: u64 = 60;
/// `MaxSubnets` assumed by the `()` weights.
const TEST_MAX_SUBNETS: u64 = 64;

/// Proof size of the record vector and of one Taoflow vector at `T`'s bound.
fn vectors<T: crate::Config>() -> u64 {
	let record = crate::SubnetRecord::<crate::BalanceOf<T>>::max_encoded_len() as u64;
	record.saturating_add(TAOFLOW_ENTRY_BYTES).saturating_mul(T::MaxSubnets::get().into())
}

/// Proof size of the record vector alone at `T`'s bound.
fn records<T: crate::Config>() -> u64 {
	let record = crate::SubnetRecord::<crate::BalanceOf<T>>::max_encoded_len() as u64;
	record.saturating_mul(T::MaxSubnets::get().into())
}

/// Weights for `pallet_subnets` using the runtime's database weights and
/// `MaxSubnets`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Subnets::SubnetRecords` (r:1 w:1), `Subnets::SubnetOwners`
	/// (w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1),
	/// `Taoflow::Subnets` (r:1 w:1), `Subnets::LastRegistration` (r:1 w:1),
	/// `Balances::TotalIssuance` (r:1 w:1, the burn), `System::Events` (w:1).
	fn register_network() -> Weight {
		Weight::from_parts(50_000_000, ACCOUNT_BYTES + HOLDS_BYTES + 64)
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Subnets::SubnetOwners` (r:1 w:1), `Subnets::SubnetRecords`
	/// (r:1 w:1), `System::Account` (r:2 w:2), `Balances::Holds` (r:1 w:1),
	/// `Taoflow::Subnets` (r:1 w:1), `Taoflow::FlowLedger` (r:1 w:1),
	/// `Taoflow::EligibleSetShrunk` (w:1), `System::Events` (w:1).
	fn dissolve_network() -> Weight {
		Weight::from_parts(60_000_000, OWNER_BYTES + 2 * ACCOUNT_BYTES + HOLDS_BYTES)
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(Weight::from_parts(0, TAOFLOW_ENTRY_BYTES))
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(10))
	}
	/// Storage: `Subnets::SubnetOwners` (r:1), `Subnets::SubnetRecords`
	/// (r:1 w:1), `Taoflow::Subnets` (r:1 w:1), `System::Events` (w:1).
	fn set_emission_enabled() -> Weight {
		Weight::from_parts(20_000_000, OWNER_BYTES)
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Subnets::SubnetRecords` (r:1 w:1), `Subnets::Stakes` (r:1
	/// w:1), `System::Account` (r:2 w:2), `Balances::Holds` (r:1 w:1),
	/// `Taoflow::FlowLedger` (r:1 w:1), `System::Events` (w:1).
	fn add_stake() -> Weight {
		Weight::from_parts(50_000_000, STAKE_BYTES + 2 * ACCOUNT_BYTES + HOLDS_BYTES)
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// As `add_stake`, plus `Subnets::SubnetOwners` (r:1 w:1),
	/// `Subnets::DissolvedAt` (w:1) and the owner's deposit hold (r:1 w:1)
	/// when the last stake leaves a dissolved subnet.
	fn remove_stake() -> Weight {
		Weight::from_parts(55_000_000, STAKE_BYTES + 2 * ACCOUNT_BYTES + 2 * HOLDS_BYTES)
			.saturating_add(Weight::from_parts(0, OWNER_BYTES))
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(T::DbWeight::get().reads(8))
			.saturating_add(T::DbWeight::get().writes(11))
	}
	/// Storage: `Subnets::SubnetRecords` (r:1 w:1), `Subnets::Stakes` (r:2
	/// w:2), `System::Account` (r:2 w:2), `Taoflow::FlowLedger` (r:1 w:1),
	/// `Subnets::SubnetOwners` (w:1), `System::Events` (w:1).
	fn move_stake() -> Weight {
		Weight::from_parts(60_000_000, 2 * STAKE_BYTES + 2 * ACCOUNT_BYTES)
			.saturating_add(Weight::from_parts(0, vectors::<T>()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Subnets::SubnetOwners` (r:1 w:1), `Subnets::SubnetRecords`
	/// (r:1 w:1), `Subnets::Stakes` (r:1 w:1), `System::Account` (r:2 w:2),
	/// `System::Events` (w:1).
	fn claim_rewards() -> Weight {
		Weight::from_parts(45_000_000, OWNER_BYTES + STAKE_BYTES + 2 * ACCOUNT_BYTES)
			.saturating_add(Weight::from_parts(0, records::<T>()))
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Subnets::OwnerCut` (w:1), `System::Events` (w:1).
	fn set_owner_cut() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Subnets::SubnetOwners` (r:1 w:1), `Subnets::DissolvedAt`
	/// (r:1 w:1), `Subnets::SubnetRecords` (r:1 w:1), `Subnets::Stakes` (r:1
	/// w:1), `System::Account` (r:3 w:3), `Balances::Holds` (r:2 w:2),
	/// `System::Events` (w:3).
	fn finish_dissolved() -> Weight {
		Weight::from_parts(
			60_000_000,
			OWNER_BYTES + STAKE_BYTES + 3 * ACCOUNT_BYTES + 2 * HOLDS_BYTES,
		)
		.saturating_add(Weight::from_parts(0, records::<T>()))
		.saturating_add(T::DbWeight::get().reads(9))
		.saturating_add(T::DbWeight::get().writes(12))
	}
	/// Storage: `Subnets::SubnetRecords` (r:1 w:1), `Subnets::OwnerCut` (r:1),
	/// `System::Account` of the pot (r:1 w:1), `Balances::TotalIssuance`
	/// (r:1 w:1).
	fn credit(n: u32) -> Weight {
		Weight::from_parts(25_000_000, ACCOUNT_BYTES)
			.saturating_add(Weight::from_parts(0, records::<T>()))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// Proof size of the record vector and one Taoflow vector in the `()` weights.
const TEST_VECTORS: u64 = (RECORD_BYTES + TAOFLOW_ENTRY_BYTES) * TEST_MAX_SUBNETS;
/// Proof size of the record vector alone in the `()` weights.
const TEST_RECORDS: u64 = RECORD_BYTES * TEST_MAX_SUBNETS;

/// For tests: the same formulas with RocksDB weights, `u64` balances and 64
/// subnets.
impl WeightInfo for () {
	fn register_network() -> Weight {
		Weight::from_parts(50_000_000, ACCOUNT_BYTES + HOLDS_BYTES + 64 + TEST_VECTORS)
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(8))
	}
	fn dissolve_network() -> Weight {
		Weight::from_parts(
			60_000_000,
			OWNER_BYTES + 2 * ACCOUNT_BYTES + HOLDS_BYTES + TAOFLOW_ENTRY_BYTES + TEST_VECTORS,
		)
		.saturating_add(RocksDbWeight::get().reads(7))
		.saturating_add(RocksDbWeight::get().writes(10))
	}
	fn set_emission_enabled() -> Weight {
		Weight::from_parts(20_000_000, OWNER_BYTES + TEST_VECTORS)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn add_stake() -> Weight {
		Weight::from_parts(50_000_000, STAKE_BYTES + 2 * ACCOUNT_BYTES + HOLDS_BYTES + TEST_VECTORS)
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn remove_stake() -> Weight {
		Weight::from_parts(
			55_000_000,
			STAKE_BYTES + 2 * ACCOUNT_BYTES + 2 * HOLDS_BYTES + OWNER_BYTES + TEST_VECTORS,
		)
		.saturating_add(RocksDbWeight::get().reads(8))
		.saturating_add(RocksDbWeight::get().writes(11))
	}
	fn move_stake() -> Weight {
		Weight::from_parts(60_000_000, 2 * STAKE_BYTES + 2 * ACCOUNT_BYTES + TEST_VECTORS)
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(8))
	}
	fn claim_rewards() -> Weight {
		Weight::from_parts(45_000_000, OWNER_BYTES + STAKE_BYTES + 2 * ACCOUNT_BYTES + TEST_RECORDS)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(6))
	}
	fn set_owner_cut() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(2))
	}
	fn finish_dissolved() -> Weight {
		Weight::from_parts(
			60_000_000,
			OWNER_BYTES + STAKE_BYTES + 3 * ACCOUNT_BYTES + 2 * HOLDS_BYTES + TEST_RECORDS,
		)
		.saturating_add(RocksDbWeight::get().reads(9))
		.saturating_add(RocksDbWeight::get().writes(12))
	}
	fn credit(n: u32) -> Weight {
		Weight::from_parts(25_000_000, ACCOUNT_BYTES + TEST_RECORDS)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
}
