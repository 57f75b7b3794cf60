//! What Taoflow offers the subnet registry: flow recording ([`OnStakeFlow`])
//! and lifecycle notifications ([`SubnetLifecycle`]).

use frame_support::pallet_prelude::*;

use crate::{
	Config, EligibleSetShrunk, Error, FlowLedger, NetUid, OnStakeFlow, Pallet, SortedByNetUid,
	SubnetLifecycle, SubnetState, SubnetStates,
};

impl<T: Config> Pallet<T> {
	/// Adds `delta` to the flow ledger entry of `netuid` (one read, one write).
	fn record(netuid: NetUid, delta: i128) -> DispatchResult {
		FlowLedger::<T>::try_mutate(|ledger| Self::add_flow(ledger, netuid, delta))
	}

	/// Adds `delta` to `netuid`'s entry of `ledger`, inserting it in order.
	fn add_flow(
		ledger: &mut BoundedVec<(NetUid, i128), T::MaxSubnets>,
		netuid: NetUid,
		delta: i128,
	) -> DispatchResult {
		match ledger.search_netuid(netuid) {
			Ok(i) => {
				if let Some((_, flow)) = ledger.get_mut(i) {
					*flow = flow.saturating_add(delta);
				}
			}
			Err(i) => {
				ledger.try_insert(i, (netuid, delta)).map_err(|_| Error::<T>::FlowLedgerFull)?
			}
		}
		Ok(())
	}

	fn amount(balance: T::Balance) -> i128 {
		i128::try_from(balance.into()).unwrap_or(i128::MAX)
	}
}

impl<T: Config> OnStakeFlow<T::Balance> for Pallet<T> {
	fn on_stake(netuid: NetUid, amount: T::Balance) -> DispatchResult {
		Self::record(netuid, Self::amount(amount))
	}

	fn on_unstake(netuid: NetUid, amount: T::Balance) -> DispatchResult {
		Self::record(netuid, Self::amount(amount).saturating_neg())
	}

	fn on_move(from: NetUid, to: NetUid, amount: T::Balance) -> DispatchResult {
		if from == to {
			return Ok(());
		}
		let delta = Self::amount(amount);
		// Both legs in one read and one write of the ledger.
		FlowLedger::<T>::try_mutate(|ledger| {
			Self::add_flow(ledger, from, delta.saturating_neg())?;
			Self::add_flow(ledger, to, delta)
		})
	}
}

impl<T: Config> SubnetLifecycle for Pallet<T> {
	fn max_subnets() -> u32 {
		T::MaxSubnets::get()
	}

	fn on_registered(netuid: NetUid) -> DispatchResult {
		SubnetStates::<T>::try_mutate(|subnets| match subnets.search_netuid(netuid) {
			Ok(_) => Err(Error::<T>::SubnetAlreadyTracked.into()),
			Err(i) => subnets
				.try_insert(i, SubnetState::new(netuid))
				.map_err(|_| Error::<T>::TooManySubnets.into()),
		})
	}

	fn on_dissolved(netuid: NetUid) {
		SubnetStates::<T>::mutate(|subnets| {
			if let Ok(i) = subnets.search_netuid(netuid) {
				let removed = subnets.remove(i);
				if removed.was_eligible {
					EligibleSetShrunk::<T>::put(true);
				}
			}
		});
		FlowLedger::<T>::mutate(|ledger| ledger.retain(|(n, _)| *n != netuid));
	}

	fn on_emission_enabled(netuid: NetUid, enabled: bool) {
		SubnetStates::<T>::mutate(|subnets| {
			if let Some(s) = subnets.find_netuid_mut(netuid) {
				s.emission_enabled = enabled;
			}
		});
	}
}
