//! Version 0 → 1: switch a live chain from stake-based emission to Taoflow.
//!
//! Tracks every subnet the registry knows (smoothed flow 0), and starts the
//! transition of §4 at the upgrade block: the emitted shares blend from the
//! legacy shares `o` (given by the runtime, e.g. the stake-based shares of the
//! last block before the upgrade) to the flow-based ones over `Window` blocks.

use alloc::vec::Vec;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	traits::{Get, UncheckedOnRuntimeUpgrade},
};
use sp_arithmetic::Perquintill;

use crate::{
	Config, NetUid, Pallet, Parameters, SubnetRegistry, SubnetState, Subnets, Transition,
	TransitionState, LOG_TARGET,
};

/// The unversioned body of the migration; use [`SwitchToTaoflow`].
pub struct InnerSwitchToTaoflow<T, Legacy, Window>(PhantomData<(T, Legacy, Window)>);

impl<T, Legacy, Window> UncheckedOnRuntimeUpgrade for InnerSwitchToTaoflow<T, Legacy, Window>
where
	T: Config,
	Legacy: Get<Vec<(NetUid, Perquintill)>>,
	Window: Get<u32>,
{
	fn on_runtime_upgrade() -> Weight {
		let registered = T::SubnetRegistry::registered_subnets();
		let mut records: Vec<SubnetState> = registered
			.iter()
			.map(|(netuid, enabled)| SubnetState {
				emission_enabled: *enabled,
				..SubnetState::new(*netuid)
			})
			.collect();
		records.sort_by_key(|s| s.netuid);
		records.dedup_by_key(|s| s.netuid);
		let tracked = records.len();
		let subnets = BoundedVec::<_, T::MaxSubnets>::truncate_from(records);
		if subnets.len() < tracked {
			log::error!(target: LOG_TARGET, "more subnets than MaxSubnets; extra ones untracked");
		}
		Subnets::<T>::put(subnets);

		let mut legacy = Legacy::get();
		legacy.sort_by_key(|(netuid, _)| *netuid);
		legacy.dedup_by_key(|(netuid, _)| *netuid);
		let window = Window::get().min(crate::params::bounds::MAX_TRANSITION_BLOCKS);
		Parameters::<T>::mutate(|p| p.transition_blocks = window);
		if window > 0 && !legacy.is_empty() {
			Transition::<T>::put(TransitionState {
				start: frame_system::Pallet::<T>::block_number(),
				legacy_shares: BoundedVec::truncate_from(legacy),
			});
		}
		log::info!(target: LOG_TARGET, "switched to Taoflow: {tracked} subnets, window {window}");
		let n = registered.len() as u64;
		T::DbWeight::get().reads_writes(n.saturating_add(2), 3)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::do_try_state()
	}
}

/// Version-checked migration 0 → 1 (runs once, then bumps the version).
pub type SwitchToTaoflow<T, Legacy, Window> = VersionedMigration<
	0,
	1,
	InnerSwitchToTaoflow<T, Legacy, Window>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
