//! The interfaces between Taoflow's pallets.
//!
//! pallet-taoflow splits each block's emission across subnets; a subnet
//! registry with staking (pallet-subnets in this repository) reports stake
//! flows and lifecycle events to it and receives the split; an emission
//! schedule (pallet-emission) says how much a block mints. None of them
//! depends on another: each depends on this crate, and the runtime wires
//! them together.
//!
//! - Taoflow *reads* the registry ([`SubnetRegistry`]) and the schedule
//!   ([`EmissionSchedule`]) and hands the split to a sink ([`EmissionSink`]).
//! - Taoflow *offers* flow recording ([`OnStakeFlow`]) and lifecycle
//!   notifications ([`SubnetLifecycle`]) to the registry.
//! - Lists kept sorted by netuid are searched with [`SortedByNetUid`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use sp_runtime::DispatchResult;
use sp_weights::Weight;

/// A subnet identifier. 0 is reserved (Bittensor's root); subnets start at 1.
pub type NetUid = u16;

/// Hard upper bound on the number of subnets a chain may allow (`MaxSubnets`
/// of either pallet): Taoflow's per-block arithmetic is `O(N log N)` and must
/// stay far below a block, and netuids are `u16`.
pub const MAX_SUBNETS_BOUND: u32 = 4096;

/// What Taoflow reads about subnets.
pub trait SubnetRegistry<Balance> {
	/// Every registered subnet with whether its emission is enabled, in
	/// ascending netuid order. Used by `try_state` and the migration that
	/// switches a live chain to Taoflow, never on the per-block path.
	fn registered_subnets() -> Vec<(NetUid, bool)>;
	/// The total stake of each of `netuids` (ascending), 0 for a netuid the
	/// registry does not know, read at once: the `stake` drought policy's
	/// distribution, one read whatever the number of subnets.
	fn total_stakes(netuids: &[NetUid]) -> Vec<Balance>;
}

/// The block emission `E_b`.
pub trait EmissionSchedule<Balance> {
	/// Base units to mint and split in the current block.
	fn block_emission() -> Balance;
}

/// Receives Taoflow's split of the block emission. The implementation mints
/// exactly the amounts it is given and credits them to the subnets.
pub trait EmissionSink<Balance> {
	/// Mint and credit `amounts` (netuid ascending, every amount > 0).
	/// Returns what it minted (the sum of the amounts it could credit).
	///
	/// Its weight is part of Taoflow's benchmarked `on_initialize`, which
	/// runs with the runtime's own sink crediting every subnet; the sink
	/// reports none of its own.
	fn credit(amounts: &[(NetUid, Balance)]) -> Balance;
	/// Make the sink ready to receive credits (for example, endow the
	/// account it mints into so that it is never reaped). Idempotent; called
	/// once, by the upgrade that switches a live chain to Taoflow. Returns
	/// the weight it consumed.
	fn prepare() -> Weight;
}

/// Flow recording, offered by Taoflow to the staking side. Each call is one
/// read and one write of the flow ledger, never an iteration over subnets;
/// accumulators saturate.
pub trait OnStakeFlow<Balance> {
	/// `amount` was staked into `netuid` (a flow of `+amount`).
	fn on_stake(netuid: NetUid, amount: Balance) -> DispatchResult;
	/// `amount` was unstaked from `netuid` (a flow of `−amount`).
	fn on_unstake(netuid: NetUid, amount: Balance) -> DispatchResult;
	/// `amount` of stake moved from `from` to `to` (`−amount` on `from`,
	/// `+amount` on `to`; no flow when `from == to`).
	fn on_move(from: NetUid, to: NetUid, amount: Balance) -> DispatchResult;
}

/// Subnet lifecycle, offered by Taoflow to the subnet registry. The registry
/// calls these in the same extrinsic that changes the subnet, so a netuid
/// dissolved and registered again within one block still starts from zero.
pub trait SubnetLifecycle {
	/// The most subnets the listener can track at once. A registry must not
	/// allow more (its `integrity_test` checks it), or registrations beyond
	/// it would fail.
	fn max_subnets() -> u32;
	/// A subnet was registered (emission enabled). Its smoothed flow starts
	/// at 0; it is eligible from the next block on.
	fn on_registered(netuid: NetUid) -> DispatchResult;
	/// A subnet was dissolved: its ledger entry, smoothed flow and shares are
	/// removed.
	fn on_dissolved(netuid: NetUid);
	/// The subnet's emission was switched on or off.
	fn on_emission_enabled(netuid: NetUid, enabled: bool);
}

/// What Taoflow's benchmarks need from the registry: real subnets.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers a subnet at the lowest free netuid (which notifies Taoflow)
	/// and returns it. Works on a chain that already has subnets, such as a
	/// genesis preset's.
	fn register_subnet() -> NetUid;
	/// Removes `netuid` from the registry after Taoflow forgot it.
	fn forget_subnet(netuid: NetUid);
}

/// An item of a list kept sorted by netuid, one item per netuid.
pub trait HasNetUid {
	/// The item's netuid.
	fn netuid(&self) -> NetUid;
}

impl<V> HasNetUid for (NetUid, V) {
	fn netuid(&self) -> NetUid {
		self.0
	}
}

/// Lookups in a slice sorted by netuid with no netuid twice (storage keeps
/// such lists in `BoundedVec`s, which dereference to slices). Each is a
/// binary search: `O(log N)` comparisons, no allocation.
pub trait SortedByNetUid<T> {
	/// `Ok(index)` of `netuid`'s item, or `Err(index)` where it would be
	/// inserted to keep the order.
	fn search_netuid(&self, netuid: NetUid) -> Result<usize, usize>;
	/// `netuid`'s item, if any.
	fn find_netuid(&self, netuid: NetUid) -> Option<&T>;
	/// `netuid`'s item, mutably, if any.
	fn find_netuid_mut(&mut self, netuid: NetUid) -> Option<&mut T>;
	/// Whether `netuid` has an item.
	fn has_netuid(&self, netuid: NetUid) -> bool {
		self.search_netuid(netuid).is_ok()
	}
}

impl<T: HasNetUid> SortedByNetUid<T> for [T] {
	fn search_netuid(&self, netuid: NetUid) -> Result<usize, usize> {
		self.binary_search_by_key(&netuid, HasNetUid::netuid)
	}

	fn find_netuid(&self, netuid: NetUid) -> Option<&T> {
		self.search_netuid(netuid).ok().and_then(|i| self.get(i))
	}

	fn find_netuid_mut(&mut self, netuid: NetUid) -> Option<&mut T> {
		self.search_netuid(netuid).ok().and_then(move |i| self.get_mut(i))
	}
}

/// Storage keeps sorted lists in `BoundedVec`s, which give out their items
/// mutably only as a slice.
impl<T: HasNetUid, S> SortedByNetUid<T> for sp_runtime::BoundedVec<T, S> {
	fn search_netuid(&self, netuid: NetUid) -> Result<usize, usize> {
		self.as_slice().search_netuid(netuid)
	}

	fn find_netuid(&self, netuid: NetUid) -> Option<&T> {
		self.as_slice().find_netuid(netuid)
	}

	fn find_netuid_mut(&mut self, netuid: NetUid) -> Option<&mut T> {
		self.as_mut().find_netuid_mut(netuid)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn lookups_in_a_sorted_list() {
		let mut v: Vec<(NetUid, u32)> = vec![(1, 10), (4, 40), (9, 90)];
		assert_eq!(v.search_netuid(4), Ok(1));
		assert_eq!(v.search_netuid(5), Err(2));
		assert_eq!(v.search_netuid(0), Err(0));
		assert_eq!(v.find_netuid(9), Some(&(9, 90)));
		assert_eq!(v.find_netuid(2), None);
		assert!(v.has_netuid(1) && !v.has_netuid(10));
		if let Some(x) = v.find_netuid_mut(4) {
			x.1 = 41;
		}
		assert_eq!(v, vec![(1, 10), (4, 41), (9, 90)]);
		let empty: [(NetUid, u32); 0] = [];
		assert_eq!(empty.search_netuid(1), Err(0));

		let mut bounded =
			sp_runtime::BoundedVec::<(NetUid, u32), sp_runtime::traits::ConstU32<4>>::truncate_from(
				v,
			);
		if let Some(x) = bounded.find_netuid_mut(9) {
			x.1 = 91;
		}
		assert_eq!(bounded.find_netuid(9), Some(&(9, 91)));
		assert_eq!(bounded.search_netuid(2), Err(1));
	}
}
