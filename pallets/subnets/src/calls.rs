//! The pallet's calls, a [`pallet_section`] imported into the pallet module:
//! they are expanded there, as if written in place.

use frame_support::pallet_macros::pallet_section;

/// The calls of the pallet.
#[pallet_section]
mod calls {
	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a subnet owned by the caller under the lowest free netuid
		/// `≥ 1`: burn the current [`registration_cost`](Pallet::registration_cost)
		/// and hold `RegistrationDeposit` from the caller's free balance.
		/// Taoflow tracks it from now on (eligible from the next block).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_network())]
		pub fn register_network(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut records = SubnetRecords::<T>::get();
			ensure!((records.len() as u32) < T::MaxSubnets::get(), Error::<T>::TooManySubnets);
			let netuid = Self::lowest_free_netuid(&records).ok_or(Error::<T>::TooManySubnets)?;
			let now = frame_system::Pallet::<T>::block_number();
			let burned = Self::registration_cost_at(now);
			if !burned.is_zero() {
				T::Currency::burn_from(
					&who,
					burned,
					Preservation::Preserve,
					Precision::Exact,
					Fortitude::Polite,
				)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			}
			LastRegistration::<T>::put((burned, now));
			let deposit = T::RegistrationDeposit::get();
			if !deposit.is_zero() {
				T::Currency::hold(&HoldReason::SubnetDeposit.into(), &who, deposit)
					.map_err(|_| Error::<T>::InsufficientBalance)?;
			}
			Self::insert_record(&mut records, netuid, who.clone(), deposit)?;
			SubnetRecords::<T>::put(records);
			T::Lifecycle::on_registered(netuid)?;
			Self::deposit_event(Event::SubnetRegistered { netuid, owner: who, deposit, burned });
			Ok(())
		}

		/// Dissolve a subnet (its owner or Root): pay the owner's accrued cut,
		/// stop its emission and refuse new stake. The stakers then leave with
		/// `remove_stake` (or `move_stake`), each getting their stake and
		/// rewards; after `DissolveGracePeriod` anyone may `finish_dissolved`
		/// the rest. The record is removed, and the deposit released to the
		/// owner, when the last one has left.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::dissolve_network())]
		pub fn dissolve_network(origin: OriginFor<T>, netuid: NetUid) -> DispatchResult {
			let info = Self::ensure_owner_or_root(origin, netuid)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, netuid)?;
			ensure!(!record.dissolved, Error::<T>::SubnetDissolved);
			record.dissolved = true;
			if record.total_stake.is_zero() {
				// No staker is left to take the dust: it is the owner's.
				let dust = record.take_dust();
				record.owner_pending = record.owner_pending.saturating_add(dust);
			}
			let owner_reward = record.owner_pending;
			// An owner that cannot receive the cut (no account, and the cut
			// below the existential deposit) can claim it later instead.
			if !owner_reward.is_zero()
				&& with_storage_layer(|| Self::pay(&info.owner, owner_reward)).is_ok()
			{
				record.owner_pending = Zero::zero();
				Self::deposit_event(Event::OwnerRewardsPaid {
					owner: info.owner.clone(),
					netuid,
					amount: owner_reward,
				});
			}
			DissolvedAt::<T>::insert(netuid, frame_system::Pallet::<T>::block_number());
			T::Lifecycle::on_dissolved(netuid);
			Self::deposit_event(Event::SubnetDissolved { netuid, deposit: info.deposit });
			Self::remove_if_finished(&mut records, netuid)?;
			SubnetRecords::<T>::put(records);
			Ok(())
		}

		/// Switch a live subnet's emission on or off (its owner or Root).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_emission_enabled())]
		pub fn set_emission_enabled(
			origin: OriginFor<T>,
			netuid: NetUid,
			enabled: bool,
		) -> DispatchResult {
			Self::ensure_owner_or_root(origin, netuid)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, netuid)?;
			ensure!(!record.dissolved, Error::<T>::SubnetDissolved);
			record.emission_enabled = enabled;
			SubnetRecords::<T>::put(records);
			T::Lifecycle::on_emission_enabled(netuid, enabled);
			Self::deposit_event(Event::EmissionEnabledSet { netuid, enabled });
			Ok(())
		}

		/// Stake `amount` (`≥ MinStake`) of the caller's free balance into a
		/// live subnet: it is held, and reported to Taoflow as an inflow. The
		/// caller's pending rewards in the subnet are paid first.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_stake())]
		pub fn add_stake(
			origin: OriginFor<T>,
			netuid: NetUid,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_amount(amount)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, netuid)?;
			ensure!(!record.dissolved, Error::<T>::SubnetDissolved);
			let reward = Self::stake_into(record, &who, amount)?;
			SubnetRecords::<T>::put(records);
			Self::pay_reward(&who, netuid, reward, Reward::Stake)?;
			T::Currency::hold(&HoldReason::Stake.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			T::Flows::on_stake(netuid, amount)?;
			Self::deposit_event(Event::StakeAdded { who, netuid, amount });
			Ok(())
		}

		/// Unstake `amount` (`≥ MinStake`, leaving 0 or `≥ MinStake`) from a
		/// subnet: it is released, and reported to Taoflow as an outflow
		/// unless the subnet was dissolved. Pending rewards are paid too; the
		/// last staker of a dissolved subnet also takes its dust.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_stake())]
		pub fn remove_stake(
			origin: OriginFor<T>,
			netuid: NetUid,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_amount(amount)?;
			let mut records = SubnetRecords::<T>::get();
			let dissolved = Self::record_mut(&mut records, netuid)?.dissolved;
			Self::release_stake(records, netuid, &who, amount)?;
			if !dissolved {
				T::Flows::on_unstake(netuid, amount)?;
			}
			Self::deposit_event(Event::StakeRemoved { who, netuid, amount });
			Ok(())
		}

		/// Move `amount` (`≥ MinStake`, leaving 0 or `≥ MinStake`) of stake
		/// from `from` to the live subnet `to`; it stays held. Reported to
		/// Taoflow as a move (an inflow into `to` if `from` was dissolved).
		/// Pending rewards in both subnets are paid first.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::move_stake())]
		pub fn move_stake(
			origin: OriginFor<T>,
			from: NetUid,
			to: NetUid,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(from != to, Error::<T>::SameSubnet);
			Self::ensure_amount(amount)?;
			let mut records = SubnetRecords::<T>::get();
			let from_dissolved = Self::record_mut(&mut records, from)?.dissolved;
			ensure!(!Self::record_mut(&mut records, to)?.dissolved, Error::<T>::SubnetDissolved);
			let reward_from =
				Self::unstake_from(Self::record_mut(&mut records, from)?, &who, amount)?;
			let reward_to = Self::stake_into(Self::record_mut(&mut records, to)?, &who, amount)?;
			Self::remove_if_finished(&mut records, from)?;
			SubnetRecords::<T>::put(records);
			Self::pay_reward(&who, from, reward_from, Reward::Stake)?;
			Self::pay_reward(&who, to, reward_to, Reward::Stake)?;
			if from_dissolved {
				T::Flows::on_stake(to, amount)?;
			} else {
				T::Flows::on_move(from, to, amount)?;
			}
			Self::deposit_event(Event::StakeMoved { who, from, to, amount });
			Ok(())
		}

		/// Pay the caller's accrued staker rewards in a subnet and, if the
		/// caller owns it, the owner's accrued cut. Works on dissolved
		/// subnets too.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>, netuid: NetUid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = SubnetOwners::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, netuid)?;
			let staker_reward = match Stakes::<T>::get(netuid, &who) {
				Some(mut stake) => {
					let reward = record.settle(&mut stake)?;
					Stakes::<T>::insert(netuid, &who, stake);
					reward
				}
				None => Zero::zero(),
			};
			let owner_reward = if who == info.owner {
				core::mem::take(&mut record.owner_pending)
			} else {
				Zero::zero()
			};
			ensure!(
				!staker_reward.is_zero() || !owner_reward.is_zero(),
				Error::<T>::NothingToClaim
			);
			Self::remove_if_finished(&mut records, netuid)?;
			SubnetRecords::<T>::put(records);
			Self::pay_reward(&who, netuid, staker_reward, Reward::Stake)?;
			Self::pay_reward(&who, netuid, owner_reward, Reward::OwnerCut)
		}

		/// Set the part of each subnet's emission that accrues to its owner
		/// (`AdminOrigin`), at most `MaxOwnerCut`. Applies from the next
		/// credit.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_owner_cut())]
		pub fn set_owner_cut(origin: OriginFor<T>, cut: Perbill) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(cut <= T::MaxOwnerCut::get(), Error::<T>::OwnerCutTooHigh);
			OwnerCut::<T>::put(cut);
			Self::deposit_event(Event::OwnerCutSet { cut });
			Ok(())
		}

		/// Finish part of a dissolved subnet once its `DissolveGracePeriod`
		/// has passed (anyone may call): `who`'s whole stake is released to
		/// them with its rewards (no flow, as for any exit from a dissolved
		/// subnet), or, when `who` is the owner without stake, the owner's
		/// cut is paid. One account per call; the record is removed, its
		/// deposit released and its netuid freed when nothing is left.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::finish_dissolved())]
		pub fn finish_dissolved(
			origin: OriginFor<T>,
			netuid: NetUid,
			who: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let info = SubnetOwners::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
			let mut records = SubnetRecords::<T>::get();
			let record = Self::record_mut(&mut records, netuid)?;
			ensure!(record.dissolved, Error::<T>::SubnetNotDissolved);
			// A record dissolved before this rule existed has no start: its
			// grace period is over.
			if let Some(since) = DissolvedAt::<T>::get(netuid) {
				let now = frame_system::Pallet::<T>::block_number();
				ensure!(
					now >= since.saturating_add(T::DissolveGracePeriod::get()),
					Error::<T>::GracePeriodNotOver
				);
			}
			if let Some(stake) = Stakes::<T>::get(netuid, &who) {
				let amount = stake.stake;
				Self::release_stake(records, netuid, &who, amount)?;
				Self::deposit_event(Event::StakeRemoved { who, netuid, amount });
				return Ok(());
			}
			ensure!(
				who == info.owner && !record.owner_pending.is_zero(),
				Error::<T>::NothingToFinish
			);
			let owner_reward = core::mem::take(&mut record.owner_pending);
			Self::remove_if_finished(&mut records, netuid)?;
			SubnetRecords::<T>::put(records);
			Self::pay_reward(&who, netuid, owner_reward, Reward::OwnerCut)
		}
	}
}
