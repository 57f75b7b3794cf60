//! Subnet records: the registration price, netuids, inserting and removing
//! records, and owner checks.

use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::*;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::{SaturatedConversion, Saturating};
use taoflow_primitives::{NetUid, SortedByNetUid, SubnetLifecycle};

use crate::{
	BalanceOf, Config, DissolvedAt, Error, Event, HoldReason, LastRegistration, Pallet, Records,
	SubnetOwner, SubnetOwners, SubnetRecord, SubnetRecords,
};

impl<T: Config> Pallet<T> {
	/// The registration burn at block `now` (see the crate docs):
	/// `clamp(2·P·(1 − min(now − a, K)/K), Min, Max)`, rounded down.
	pub fn registration_cost_at(now: BlockNumberFor<T>) -> BalanceOf<T> {
		let (min, max) = (T::MinRegistrationBurn::get(), T::MaxRegistrationBurn::get());
		let decay: u64 = T::RegistrationBurnDecay::get().saturated_into();
		let surcharge = match LastRegistration::<T>::get() {
			Some((paid, at)) if decay > 0 => {
				let elapsed: u64 = now.saturating_sub(at).saturated_into();
				let left = Perquintill::from_rational(decay.saturating_sub(elapsed), decay);
				let doubled = paid.saturated_into::<u128>().saturating_mul(2);
				left.mul_floor(doubled).saturated_into::<BalanceOf<T>>()
			}
			_ => Zero::zero(),
		};
		surcharge.max(min).min(max.max(min))
	}

	pub(crate) fn ensure_owner_or_root(
		origin: OriginFor<T>,
		netuid: NetUid,
	) -> Result<SubnetOwner<T::AccountId, BalanceOf<T>>, DispatchError> {
		let caller = ensure_signed_or_root(origin)?;
		let info = SubnetOwners::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		if let Some(who) = caller {
			ensure!(who == info.owner, Error::<T>::NotOwner);
		}
		Ok(info)
	}

	pub(crate) fn record_mut(
		records: &mut Records<T>,
		netuid: NetUid,
	) -> Result<&mut SubnetRecord<BalanceOf<T>>, Error<T>> {
		records.find_netuid_mut(netuid).ok_or(Error::<T>::SubnetNotFound)
	}

	/// The lowest netuid `≥ 1` without a record (`records` is sorted).
	pub(crate) fn lowest_free_netuid(records: &[SubnetRecord<BalanceOf<T>>]) -> Option<NetUid> {
		let mut candidate: NetUid = 1;
		for record in records {
			if record.netuid == candidate {
				candidate = candidate.checked_add(1)?;
			} else if record.netuid > candidate {
				break;
			}
		}
		Some(candidate)
	}

	/// Inserts a fresh record for `netuid` in order and its owner entry.
	pub(crate) fn insert_record(
		records: &mut Records<T>,
		netuid: NetUid,
		owner: T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		let i = match records.search_netuid(netuid) {
			Ok(_) => return Err(DispatchError::Other("netuid already registered")),
			Err(i) => i,
		};
		records.try_insert(i, SubnetRecord::new(netuid)).map_err(|_| Error::<T>::TooManySubnets)?;
		SubnetOwners::<T>::insert(netuid, SubnetOwner { owner, deposit });
		Ok(())
	}

	/// Registers `netuid` for `owner` without a deposit and tells the
	/// lifecycle hook (genesis and benchmarks).
	pub(crate) fn register_at(owner: &T::AccountId, netuid: NetUid) -> DispatchResult {
		ensure!(netuid != 0, DispatchError::Other("netuid 0 is reserved"));
		let mut records = SubnetRecords::<T>::get();
		Self::insert_record(&mut records, netuid, owner.clone(), Zero::zero())?;
		SubnetRecords::<T>::put(records);
		T::Lifecycle::on_registered(netuid)
	}

	/// Removes the record of a dissolved subnet that has paid out everything.
	pub(crate) fn remove_if_finished(records: &mut Records<T>, netuid: NetUid) -> DispatchResult {
		let Ok(i) = records.search_netuid(netuid) else { return Ok(()) };
		if records.get(i).is_some_and(|r| r.is_finished()) {
			records.remove(i);
			DissolvedAt::<T>::remove(netuid);
			let deposit = match SubnetOwners::<T>::take(netuid) {
				Some(info) if !info.deposit.is_zero() => T::Currency::release(
					&HoldReason::SubnetDeposit.into(),
					&info.owner,
					info.deposit,
					Precision::Exact,
				)?,
				_ => Zero::zero(),
			};
			Self::deposit_event(Event::SubnetRemoved { netuid, deposit });
		}
		Ok(())
	}
}
