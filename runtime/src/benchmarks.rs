//! The runtime's benchmark list, and what the pallets' benchmarks need from it.

use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use sp_storage::TrackedStorageKey;

use crate::*;

type SystemBench = frame_system_benchmarking::Pallet<Runtime>;
impl frame_system_benchmarking::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_subnets, Subnets]
	[pallet_taoflow, Taoflow]
);

/// Lists every benchmark.
pub fn list_all(list: &mut Vec<BenchmarkList>, extra: bool) {
	list_benchmarks!(list, extra);
}

/// Runs the benchmarks `config` selects.
pub fn dispatch_all(
	config: &BenchmarkConfig,
	whitelist: &[TrackedStorageKey],
	batches: &mut Vec<BenchmarkBatch>,
) -> Result<(), String> {
	let whitelist = whitelist.to_vec();
	let params = (config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(())
}
