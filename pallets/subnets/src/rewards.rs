//! Rewards: the pot account, what it owes, what an account can claim, and
//! payouts from it.

use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sp_runtime::traits::{AccountIdConversion, Saturating};
use taoflow_primitives::{NetUid, SortedByNetUid};

use crate::{BalanceOf, Config, Event, Pallet, Stakes, SubnetOwners, SubnetRecords};

impl<T: Config> Pallet<T> {
	/// The pot account: holds minted, unpaid rewards and the endowment.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Everything the pot owes: `Σ (staker_reserve + owner_pending)`.
	pub fn liabilities() -> BalanceOf<T> {
		SubnetRecords::<T>::get()
			.iter()
			.fold(Zero::zero(), |acc: BalanceOf<T>, r| acc.saturating_add(r.liabilities()))
	}

	pub(crate) fn claimable_now(netuid: NetUid, who: &T::AccountId) -> BalanceOf<T> {
		let records = SubnetRecords::<T>::get();
		let Some(record) = records.find_netuid(netuid) else {
			return Zero::zero();
		};
		let staker = Stakes::<T>::get(netuid, who).map_or_else(Zero::zero, |s| record.owed_to(&s));
		let owner = SubnetOwners::<T>::get(netuid)
			.filter(|o| &o.owner == who)
			.map_or_else(Zero::zero, |_| record.owner_pending);
		staker.saturating_add(owner)
	}

	/// Transfers `amount` from the pot, keeping the pot's endowment.
	pub(crate) fn pay(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer(&Self::pot_account(), who, amount, Preservation::Preserve)?;
		}
		Ok(())
	}

	/// Pays a staker's rewards from `netuid` (nothing, and no event, for 0).
	pub(crate) fn pay_staker(
		who: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let event = || Event::RewardsPaid { who: who.clone(), netuid, amount };
		Self::pay_reward(who, amount, event)
	}

	/// Pays an owner's cut from `netuid` (nothing, and no event, for 0).
	pub(crate) fn pay_owner(
		owner: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let event = || Event::OwnerRewardsPaid { owner: owner.clone(), netuid, amount };
		Self::pay_reward(owner, amount, event)
	}

	fn pay_reward(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		event: impl FnOnce() -> Event<T>,
	) -> DispatchResult {
		if !amount.is_zero() {
			Self::pay(who, amount)?;
			Self::deposit_event(event());
		}
		Ok(())
	}
}
