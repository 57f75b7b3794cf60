//! The pallet's events and errors, a [`pallet_section`] imported into the
//! pallet module: they are expanded there, as if written in place.

use frame_support::pallet_macros::pallet_section;

/// The events and errors of the pallet.
#[pallet_section]
mod events {
	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered.
		SubnetRegistered {
			/// Its netuid.
			netuid: NetUid,
			/// Its owner.
			owner: T::AccountId,
			/// The deposit held from the owner.
			deposit: BalanceOf<T>,
			/// The registration cost burned from the owner.
			burned: BalanceOf<T>,
		},
		/// A subnet was dissolved; its deposit stays held until its record
		/// is removed.
		SubnetDissolved {
			/// The subnet.
			netuid: NetUid,
			/// The deposit still held from the owner.
			deposit: BalanceOf<T>,
		},
		/// A dissolved subnet paid out everything; its record is gone, the
		/// netuid is free and the deposit was released to the owner.
		SubnetRemoved {
			/// The netuid that became free.
			netuid: NetUid,
			/// The deposit released.
			deposit: BalanceOf<T>,
		},
		/// A subnet's emission was switched on or off.
		EmissionEnabledSet {
			/// The subnet.
			netuid: NetUid,
			/// Whether emission is now on.
			enabled: bool,
		},
		/// Stake was added (held).
		StakeAdded {
			/// The staker.
			who: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// The amount added.
			amount: BalanceOf<T>,
		},
		/// Stake was removed (released).
		StakeRemoved {
			/// The staker.
			who: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// The amount removed.
			amount: BalanceOf<T>,
		},
		/// Stake was moved between subnets (it stays held).
		StakeMoved {
			/// The staker.
			who: T::AccountId,
			/// The subnet it left.
			from: NetUid,
			/// The subnet it entered.
			to: NetUid,
			/// The amount moved.
			amount: BalanceOf<T>,
		},
		/// Staker rewards were paid from the pot.
		RewardsPaid {
			/// The staker.
			who: T::AccountId,
			/// The subnet they were earned in.
			netuid: NetUid,
			/// The amount paid.
			amount: BalanceOf<T>,
		},
		/// The owner's accrued cut was paid from the pot.
		OwnerRewardsPaid {
			/// The owner.
			owner: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// The amount paid.
			amount: BalanceOf<T>,
		},
		/// The owner cut was changed.
		OwnerCutSet {
			/// The new cut.
			cut: Perbill,
		},
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// The subnet was dissolved.
		SubnetDissolved,
		/// `MaxSubnets` subnet records exist already.
		TooManySubnets,
		/// The free balance cannot cover the registration burn and deposit,
		/// or the stake (the existential deposit must stay free).
		InsufficientBalance,
		/// The amount is zero or below `MinStake`.
		AmountBelowMinimum,
		/// The account has less stake in the subnet than the amount.
		NotEnoughStake,
		/// The stake left behind would be positive but below `MinStake`.
		RemainderBelowMinimum,
		/// A move needs two different subnets.
		SameSubnet,
		/// Only the subnet's owner or Root may do this.
		NotOwner,
		/// The caller has no rewards to claim in this subnet.
		NothingToClaim,
		/// The owner cut is above `MaxOwnerCut`.
		OwnerCutTooHigh,
		/// The subnet is not dissolved.
		SubnetNotDissolved,
		/// The dissolved subnet's grace period has not passed yet.
		GracePeriodNotOver,
		/// The account has neither stake in the dissolved subnet nor, as its
		/// owner, a cut to collect.
		NothingToFinish,
	}
}
