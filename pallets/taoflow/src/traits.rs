//! The doors between Taoflow and the rest of the runtime.
//!
//! Taoflow *reads* the subnet registry, the emission schedule and writes the
//! split to an emission sink (all implemented by the runtime); it *offers*
//! flow recording ([`OnStakeFlow`]) and subnet lifecycle notifications
//! ([`SubnetLifecycle`]) to the staking side.

use alloc::vec::Vec;
use frame_support::{pallet_prelude::DispatchResult, weights::Weight};

/// A subnet identifier. 0 is reserved (Bittensor's root); subnets start at 1.
pub type NetUid = u16;

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

/// Receives the split of §5. The implementation mints exactly the amounts it
/// is given and credits them to the subnets.
pub trait EmissionSink<Balance> {
	/// Mint and credit `amounts` (netuid ascending, every amount > 0).
	/// Returns what it minted (the sum of the amounts it could credit) and
	/// the weight it consumed.
	fn credit(amounts: &[(NetUid, Balance)]) -> (Balance, Weight);
	/// Make the sink ready to receive credits (for example, endow the
	/// account it mints into so that it is never reaped). Idempotent; called
	/// once, by the upgrade that switches a live chain to Taoflow. Returns
	/// the weight it consumed.
	fn prepare() -> Weight;
}

/// Flow recording, offered by Taoflow to the staking side (§1). Each call is
/// one read and one write of the flow ledger, never an iteration over
/// subnets; accumulators saturate.
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
	/// The subnet's emission was switched on or off (eligibility, §5).
	fn on_emission_enabled(netuid: NetUid, enabled: bool);
}
