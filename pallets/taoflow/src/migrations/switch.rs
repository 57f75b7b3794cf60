//! Switching a live chain to Taoflow: the upgrade that adds this pallet to a
//! chain whose subnets already exist and emit by another rule.
//!
//! **Guarded by state, not by storage version.** When a pallet is added to a
//! live chain, FRAME writes its in-code storage version before any migration
//! runs (the pallet has no storage yet), so a migration guarded by version
//! `0 → n` would never run. [`SwitchToTaoflow`] runs exactly when the
//! parameters of §6 are not in storage — a chain where Taoflow never ran,
//! since genesis writes them — and it writes them, so it runs once and can
//! stay in a runtime's migrations for good.
//!
//! It then:
//! 1. takes the runtime's parameters (`P: Get<Params>`), validated; invalid
//!    ones are refused with an error in the log and [`Params::default`] is
//!    used, with the runtime's transition window if that one is valid;
//! 2. tracks every subnet of the registry (`S = Q = M = 0`; emission enabled
//!    as the registry says), at most `MaxSubnets` — more is logged as an
//!    error, never dropped silently;
//! 3. records the legacy shares `o` (`L: Get<Vec<(NetUid, Perquintill)>>`,
//!    for example [`StakeShares`], the stake-based shares the chain emitted
//!    by before); entries for unknown netuids and repeated netuids are
//!    refused with a warning, and shares that do not add up to 1 are noted
//!    (§4 renormalises `o` over the eligible subnets);
//! 4. starts the transition window of §4 at the upgrade block (the block
//!    whose initialisation runs the migration) when `T > 0`
//!    and `o` puts weight on a tracked subnet: the first block emits exactly
//!    `o`, and each block after moves every emitted share by
//!    `|o_i − e_i|/T ≤ 1/T` plus the change of `e` (at most `β` per block,
//!    weighted by `t/T`);
//! 5. has the emission sink prepare itself ([`EmissionSink::prepare`]:
//!    the subnet pallet endows its reward pot), and writes the in-code
//!    storage version.

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{Get, GetStorageVersion, OnRuntimeUpgrade},
};
use sp_arithmetic::Perquintill;
use sp_runtime::traits::{One, Saturating};

use crate::{
	math::split, params::bounds, Config, EmissionSink, NetUid, Pallet, Parameters, Params,
	SortedByNetUid, SubnetRegistry, SubnetState, SubnetStates, Transition, TransitionState,
	LOG_TARGET,
};

/// Stake-based legacy shares: each emission-enabled subnet's total stake over
/// the sum, in parts of `10^18` that add up to exactly 1 (largest
/// remainders); empty when no subnet has stake. The shares a chain that
/// emitted by stake had in its last block.
pub struct StakeShares<T>(PhantomData<T>);

impl<T: Config> Get<Vec<(NetUid, Perquintill)>> for StakeShares<T> {
	fn get() -> Vec<(NetUid, Perquintill)> {
		let netuids: Vec<NetUid> = T::SubnetRegistry::registered_subnets()
			.into_iter()
			.filter(|(_, enabled)| *enabled)
			.map(|(netuid, _)| netuid)
			.collect();
		let stakes: Vec<u128> =
			T::SubnetRegistry::total_stakes(&netuids).into_iter().map(Into::into).collect();
		if stakes.iter().all(|s| *s == 0) {
			return Vec::new();
		}
		netuids.into_iter().zip(split::normalise(&stakes)).collect()
	}
}

/// Legacy shares checked against the tracked subnets: what is kept (netuid
/// ascending) and how many entries were refused.
#[derive(Debug, PartialEq, Eq)]
pub struct CheckedLegacy {
	/// The entries kept: tracked netuids, each once, ascending.
	pub shares: Vec<(NetUid, Perquintill)>,
	/// Entries for netuids that are not tracked.
	pub unknown: usize,
	/// Entries for a netuid that already had one (the first is kept).
	pub repeated: usize,
}

/// Keeps the entries of `legacy` for netuids in `tracked` (ascending), the
/// first of each netuid; counts the rest.
pub fn check_legacy(legacy: Vec<(NetUid, Perquintill)>, tracked: &[NetUid]) -> CheckedLegacy {
	let mut kept: Vec<(NetUid, Perquintill)> = Vec::with_capacity(legacy.len());
	let (mut unknown, mut repeated) = (0usize, 0usize);
	for (netuid, share) in legacy {
		if tracked.binary_search(&netuid).is_err() {
			unknown = unknown.saturating_add(1);
			continue;
		}
		match kept.search_netuid(netuid) {
			Ok(_) => repeated = repeated.saturating_add(1),
			Err(i) => kept.insert(i, (netuid, share)),
		}
	}
	CheckedLegacy { shares: kept, unknown, repeated }
}

/// The parameters the switch puts in force: `P` if valid; otherwise the
/// defaults, with `P`'s transition window when that one is within bounds.
pub fn checked_params(params: Params) -> Params {
	match params.validate() {
		Ok(()) => params,
		Err(e) => {
			log::error!(
				target: LOG_TARGET,
				"the runtime's Taoflow parameters are invalid ({e:?}); using the defaults"
			);
			let window = params.transition_blocks;
			let mut fallback = Params::default();
			if window <= bounds::MAX_TRANSITION_BLOCKS {
				fallback.transition_blocks = window;
			}
			fallback
		}
	}
}

/// The first block whose `on_initialize` runs after the upgrade: `Executive`
/// runs migrations before it sets the new block's number, so the number in
/// storage is still the parent's.
fn first_block<T: frame_system::Config>() -> frame_system::pallet_prelude::BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(One::one())
}

/// The switch-over to Taoflow; see the [module docs](self).
pub struct SwitchToTaoflow<T, P, L>(PhantomData<(T, P, L)>);

impl<T, P, L> SwitchToTaoflow<T, P, L>
where
	T: Config,
{
	/// Whether the switch has still to run: Taoflow's parameters are absent.
	pub fn pending() -> bool {
		!Parameters::<T>::exists()
	}
}

impl<T, P, L> OnRuntimeUpgrade for SwitchToTaoflow<T, P, L>
where
	T: Config,
	P: Get<Params>,
	L: Get<Vec<(NetUid, Perquintill)>>,
{
	fn on_runtime_upgrade() -> Weight {
		let db = T::DbWeight::get();
		if !Self::pending() {
			log::info!(target: LOG_TARGET, "Taoflow already runs: no switch-over");
			return db.reads(1);
		}
		let params = checked_params(P::get());

		// Every subnet of the registry, at most MaxSubnets.
		let mut registered = T::SubnetRegistry::registered_subnets();
		registered.sort_by_key(|(netuid, _)| *netuid);
		registered.dedup_by_key(|(netuid, _)| *netuid);
		let max = usize::try_from(T::MaxSubnets::get()).unwrap_or(usize::MAX);
		if registered.len() > max {
			log::error!(
				target: LOG_TARGET,
				"{} subnets registered but MaxSubnets is {max}: netuids above {:?} untracked",
				registered.len(),
				registered.get(max.saturating_sub(1)).map(|(n, _)| *n),
			);
			registered.truncate(max);
		}
		let tracked: Vec<NetUid> = registered.iter().map(|(netuid, _)| *netuid).collect();
		let records: Vec<SubnetState> = registered
			.iter()
			.map(|(netuid, enabled)| SubnetState {
				emission_enabled: *enabled,
				..SubnetState::new(*netuid)
			})
			.collect();

		// The legacy shares, checked.
		let legacy = check_legacy(L::get(), &tracked);
		if legacy.unknown > 0 || legacy.repeated > 0 {
			log::warn!(
				target: LOG_TARGET,
				"legacy shares: {} for untracked netuids and {} repeated refused",
				legacy.unknown,
				legacy.repeated
			);
		}
		let sum: Vec<Perquintill> = legacy.shares.iter().map(|(_, s)| *s).collect();
		let sum = split::sum_parts(&sum);
		if sum != split::SHARE_ONE {
			log::warn!(
				target: LOG_TARGET,
				"legacy shares add up to {sum} parts of 10^18; the transition renormalises them"
			);
		}
		let window = params.transition_blocks;
		let transition = window > 0 && sum > 0;
		if transition {
			Transition::<T>::put(TransitionState {
				start: first_block::<T>(),
				// At most one entry per tracked subnet, so within MaxSubnets.
				legacy_shares: BoundedVec::truncate_from(legacy.shares),
			});
		} else {
			log::warn!(target: LOG_TARGET, "no transition: window {window}, legacy weight {sum}");
		}

		let subnets = records.len();
		SubnetStates::<T>::put(BoundedVec::<_, T::MaxSubnets>::truncate_from(records));
		Parameters::<T>::put(params);
		Pallet::<T>::in_code_storage_version().put::<Pallet<T>>();
		let prepared = T::EmissionSink::prepare();
		log::info!(
			target: LOG_TARGET,
			"switched to Taoflow: {subnets} subnets, transition over {} blocks",
			if transition { window } else { 0 }
		);
		// Reads: the guard, the registry (one for the list, one for the
		// stakes of `StakeShares`). Writes: records, parameters, version,
		// transition.
		db.reads_writes(3, 4).saturating_add(prepared)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let pending = Self::pending();
		let registered = if pending { T::SubnetRegistry::registered_subnets() } else { Vec::new() };
		Ok((pending, registered).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		use sp_runtime::TryRuntimeError;
		let (pending, registered): (bool, Vec<(NetUid, bool)>) = Decode::decode(&mut &state[..])
			.map_err(|_| TryRuntimeError::Other("pre-upgrade state does not decode"))?;
		// Not run: nothing changed, and Taoflow's state may still be in an
		// older layout that a later migration translates.
		if !pending {
			return Ok(());
		}
		ensure!(Parameters::<T>::exists(), TryRuntimeError::Other("no parameters stored"));
		ensure!(
			Parameters::<T>::get() == checked_params(P::get()),
			TryRuntimeError::Other("parameters in force are not the runtime's")
		);
		let tracked: Vec<(NetUid, bool)> =
			SubnetStates::<T>::get().iter().map(|s| (s.netuid, s.emission_enabled)).collect();
		ensure!(tracked == registered, TryRuntimeError::Other("a subnet is not tracked"));
		ensure!(
			Pallet::<T>::on_chain_storage_version() == Pallet::<T>::in_code_storage_version(),
			TryRuntimeError::Other("storage version not written")
		);
		if let Some(t) = Transition::<T>::get() {
			ensure!(
				t.start == first_block::<T>(),
				TryRuntimeError::Other("the transition does not start at the upgrade block")
			);
		}
		Pallet::<T>::do_try_state()
	}
}
