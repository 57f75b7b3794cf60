//! The pallet's invariants, checked by `try_state` and after every test.

use frame_support::{pallet_prelude::*, traits::fungible::Inspect};
use sp_runtime::traits::Saturating;
use taoflow_primitives::SortedByNetUid;

use crate::{
	BalanceOf, Config, DissolvedAt, HoldReason, Pallet, Stakes, SubnetOwners, SubnetRecords,
	LOG_TARGET, SCALE,
};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: sorted records with owners, stake
	/// sums, holds, the exact reserve equation per subnet and pot solvency.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::{traits::UniqueSaturatedInto, TryRuntimeError};

		let records = SubnetRecords::<T>::get();
		ensure!(
			records.windows(2).all(|w| matches!(w, [a, b] if a.netuid < b.netuid)),
			TryRuntimeError::Other("subnet records must be sorted by netuid and unique")
		);
		ensure!(
			records.iter().all(|r| r.netuid != 0),
			TryRuntimeError::Other("netuid 0 is reserved")
		);
		ensure!(
			SubnetOwners::<T>::iter_keys().count() == records.len(),
			TryRuntimeError::Other("owner entries differ from the records")
		);
		ensure!(
			Stakes::<T>::iter_keys().all(|(n, _)| records.has_netuid(n)),
			TryRuntimeError::Other("stake in a subnet without a record")
		);

		ensure!(
			DissolvedAt::<T>::iter_keys()
				.all(|netuid| records.find_netuid(netuid).is_some_and(|r| r.dissolved)),
			TryRuntimeError::Other("a dissolution block without a dissolved record")
		);
		let min = T::MinStake::get();
		let mut staked: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut liabilities: BalanceOf<T> = Zero::zero();
		for r in records.iter() {
			let owner = SubnetOwners::<T>::get(r.netuid)
				.ok_or(TryRuntimeError::Other("record without an owner"))?;
			ensure!(
				owner.deposit == T::RegistrationDeposit::get() || owner.deposit.is_zero(),
				TryRuntimeError::Other("a record's deposit is neither the deposit nor none")
			);
			ensure!(
				r.dissolved || !DissolvedAt::<T>::contains_key(r.netuid),
				TryRuntimeError::Other("a live subnet has a dissolution block")
			);
			ensure!(
				!r.is_finished(),
				TryRuntimeError::Other("a finished dissolved subnet was not removed")
			);
			let held = deposits.entry(owner.owner).or_insert_with(Zero::zero);
			*held = held.saturating_add(owner.deposit);

			let mut total: BalanceOf<T> = Zero::zero();
			let mut owed: u128 = r.dust;
			for (who, s) in Stakes::<T>::iter_prefix(r.netuid) {
				ensure!(
					s.stake >= min && !s.stake.is_zero(),
					TryRuntimeError::Other("stake entry below MinStake")
				);
				let delta = r
					.reward_per_stake
					.checked_sub(s.reward_index)
					.ok_or(TryRuntimeError::Other("stake settled beyond the accumulator"))?;
				let stake: u128 = s.stake.unique_saturated_into();
				owed = stake
					.checked_mul(delta)
					.and_then(|v| owed.checked_add(v))
					.ok_or(TryRuntimeError::Other("staker rewards overflow the reserve"))?;
				total = total.saturating_add(s.stake);
				let held = staked.entry(who).or_insert_with(Zero::zero);
				*held = held.saturating_add(s.stake);
			}
			ensure!(
				total == r.total_stake,
				TryRuntimeError::Other("total stake differs from the sum of stakes")
			);
			let reserve: u128 = r.staker_reserve.unique_saturated_into();
			if reserve.checked_mul(SCALE) != Some(owed) {
				log::error!(
					target: LOG_TARGET,
					"subnet {}: reserve {reserve} · SCALE ≠ dust + owed = {owed}",
					r.netuid
				);
				return Err(TryRuntimeError::Other(
					"staker reserve does not match the rewards owed",
				));
			}
			liabilities = liabilities.saturating_add(r.liabilities());
		}

		for (who, amount) in staked {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Stake.into(), &who) == amount,
				TryRuntimeError::Other("stake hold differs from the stakes")
			);
		}
		for (owner, amount) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::SubnetDeposit.into(), &owner) == amount,
				TryRuntimeError::Other("deposit hold differs from the deposits")
			);
		}
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= T::Currency::minimum_balance().saturating_add(liabilities),
			TryRuntimeError::Other("the pot cannot cover its endowment and liabilities")
		);
		Ok(())
	}
}
