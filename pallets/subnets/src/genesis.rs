//! Building the genesis state.

use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate, MutateHold},
};
use sp_arithmetic::Perbill;

use crate::{Config, Error, GenesisSubnetOf, HoldReason, OwnerCut, Pallet, SubnetRecords};

impl<T: Config> Pallet<T> {
	/// Genesis: the owner cut, the subnets with their stake, the pot.
	pub(crate) fn build_genesis(
		subnets: &[GenesisSubnetOf<T>],
		owner_cut: Perbill,
	) -> DispatchResult {
		ensure!(owner_cut <= T::MaxOwnerCut::get(), Error::<T>::OwnerCutTooHigh);
		OwnerCut::<T>::put(owner_cut);
		for (netuid, owner, stakes) in subnets {
			Self::register_at(owner, *netuid)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, *netuid)?;
			for (who, amount) in stakes {
				ensure!(
					*amount >= T::MinStake::get() && !amount.is_zero(),
					DispatchError::Other("genesis stake below MinStake")
				);
				T::Currency::hold(&HoldReason::Stake.into(), who, *amount)?;
				Self::stake_into(record, who, *amount)?;
			}
			SubnetRecords::<T>::put(records);
		}
		let endowment = T::Currency::minimum_balance();
		if !endowment.is_zero() {
			T::Currency::mint_into(&Self::pot_account(), endowment)?;
		}
		Ok(())
	}
}
