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

	/// Pays `who` the rewards of `netuid` earned as `kind` (nothing, and no
	/// event, for 0).
	pub(crate) fn pay_reward(
		who: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
		kind: Reward,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::pay(who, amount)?;
		let who = who.clone();
		Self::deposit_event(match kind {
			Reward::Stake => Event::RewardsPaid { who, netuid, amount },
			Reward::OwnerCut => Event::OwnerRewardsPaid { owner: who, netuid, amount },
		});
		Ok(())
	}
}

/// What a reward payment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reward {
	/// A staker's share of a subnet's emission.
	Stake,
	/// The owner's cut of a subnet's emission.
	OwnerCut,
}
