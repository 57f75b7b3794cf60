//! Weights for `pallet_taoflow`.
//!
//! Hand-derived until the node's `benchmark pallet` command regenerates this
//! file from `benchmarking.rs`: the database operations are counted from the
//! code (listed per function), the ref-time allows 2 µs of arithmetic per
//! tracked subnet (fold, `x^p` and three largest-remainder passes, measured
//! at well under 1 µs per subnet natively) and 0.5 µs per ledger entry, and
//! the proof size is the largest encoding of each value read.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_taoflow`.
pub trait WeightInfo {
	/// `on_initialize` with `n` tracked subnets and `k` flow ledger entries.
	fn on_initialize(n: u32, k: u32) -> Weight;
	/// `set_params`.
	fn set_params() -> Weight;
	/// Recording one flow (one ledger read and write).
	fn record_flow() -> Weight;
	/// A lifecycle notification (register, dissolve, enable).
	fn track_subnet() -> Weight;
}

/// Bytes of one encoded `SubnetState` (netuid 2, flag 1, ema 16, debt 8,
/// matured 16, shares 16, flag 1).
const SUBNET_STATE_BYTES: u64 = 60;
/// Bytes of one flow ledger entry.
const LEDGER_ENTRY_BYTES: u64 = 18;

/// Weights for `pallet_taoflow` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Taoflow::PendingParams` (r:1), `Taoflow::Parameters` (r:1),
	/// `Taoflow::SubnetStates` (r:1 w:1), `Taoflow::FlowLedger` (r:1 w:1),
	/// `Taoflow::EligibleSetShrunk` (r:1), `Taoflow::Transition` (r:1),
	/// `System::Events` (w:1). Putting pending parameters in force adds two
	/// writes, which the hook adds itself.
	fn on_initialize(n: u32, k: u32) -> Weight {
		Weight::from_parts(25_000_000, 2_000)
			.saturating_add(
				Weight::from_parts(2_000_000, SUBNET_STATE_BYTES).saturating_mul(n.into()),
			)
			.saturating_add(
				Weight::from_parts(500_000, LEDGER_ENTRY_BYTES).saturating_mul(k.into()),
			)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Taoflow::PendingParams` (w:1), `System::Events` (w:1).
	fn set_params() -> Weight {
		Weight::from_parts(15_000_000, 0).saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Taoflow::FlowLedger` (r:1 w:1).
	fn record_flow() -> Weight {
		Weight::from_parts(5_000_000, 4_096 * LEDGER_ENTRY_BYTES)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Taoflow::SubnetStates` (r:1 w:1), `Taoflow::FlowLedger` (r:1 w:1),
	/// `Taoflow::EligibleSetShrunk` (w:1).
	fn track_subnet() -> Weight {
		Weight::from_parts(10_000_000, 4_096 * SUBNET_STATE_BYTES)
			.saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
}

/// For tests: the same formulas with RocksDB weights.
impl WeightInfo for () {
	fn on_initialize(n: u32, k: u32) -> Weight {
		Weight::from_parts(25_000_000, 2_000)
			.saturating_add(
				Weight::from_parts(2_000_000, SUBNET_STATE_BYTES).saturating_mul(n.into()),
			)
			.saturating_add(
				Weight::from_parts(500_000, LEDGER_ENTRY_BYTES).saturating_mul(k.into()),
			)
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn set_params() -> Weight {
		Weight::from_parts(15_000_000, 0).saturating_add(RocksDbWeight::get().writes(2))
	}
	fn record_flow() -> Weight {
		Weight::from_parts(5_000_000, 4_096 * LEDGER_ENTRY_BYTES)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn track_subnet() -> Weight {
		Weight::from_parts(10_000_000, 4_096 * SUBNET_STATE_BYTES)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 3))
	}
}
