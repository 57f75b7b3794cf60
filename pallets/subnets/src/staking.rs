//! Stake: adding it to and taking it out of a subnet record, settling the
//! rewards it earned on the way.

use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_arithmetic::ArithmeticError;
use taoflow_primitives::NetUid;

use crate::Reward;

use crate::{
	BalanceOf, Config, Error, HoldReason, Pallet, Records, StakeInfo, Stakes, SubnetRecord,
	SubnetRecords,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn ensure_amount(amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero() && amount >= T::MinStake::get(), Error::<T>::AmountBelowMinimum);
		Ok(())
	}

	/// Takes `amount` of `who`'s stake out of `netuid` (in `records`, which it
	/// stores), removes the record if that finished a dissolved subnet, and
	/// releases the stake to `who` with the rewards it was owed.
	pub(crate) fn release_stake(
		mut records: Records<T>,
		netuid: NetUid,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let reward = Self::unstake_from(Self::record_mut(&mut records, netuid)?, who, amount)?;
		Self::remove_if_finished(&mut records, netuid)?;
		SubnetRecords::<T>::put(records);
		T::Currency::release(&HoldReason::Stake.into(), who, amount, Precision::Exact)?;
		Self::pay_reward(who, netuid, reward, Reward::Stake)
	}

	/// Settles `who`'s stake in `record` and adds `amount` to it. Returns the
	/// rewards owed (to be paid by the caller).
	pub(crate) fn stake_into(
		record: &mut SubnetRecord<BalanceOf<T>>,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut stake = Stakes::<T>::get(record.netuid, who)
			.unwrap_or_else(|| StakeInfo::new(record.reward_per_stake));
		let reward = record.settle(&mut stake)?;
		stake.stake = stake.stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		record.total_stake =
			record.total_stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		Stakes::<T>::insert(record.netuid, who, stake);
		Ok(reward)
	}

	/// Settles `who`'s stake in `record` and takes `amount` out of it.
	/// Returns the rewards owed, including the dust if this was the last
	/// stake of a dissolved subnet.
	pub(crate) fn unstake_from(
		record: &mut SubnetRecord<BalanceOf<T>>,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut stake = Stakes::<T>::get(record.netuid, who).ok_or(Error::<T>::NotEnoughStake)?;
		let left = stake.stake.checked_sub(&amount).ok_or(Error::<T>::NotEnoughStake)?;
		ensure!(left.is_zero() || left >= T::MinStake::get(), Error::<T>::RemainderBelowMinimum);
		let mut reward = record.settle(&mut stake)?;
		stake.stake = left;
		record.total_stake =
			record.total_stake.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		if left.is_zero() {
			Stakes::<T>::remove(record.netuid, who);
		} else {
			Stakes::<T>::insert(record.netuid, who, stake);
		}
		if record.dissolved && record.total_stake.is_zero() {
			reward = reward.checked_add(&record.take_dust()).ok_or(ArithmeticError::Overflow)?;
		}
		Ok(reward)
	}
}
