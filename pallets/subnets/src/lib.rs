//! # Subnets: stake, flows and rewards
//!
//! Bittensor-style subnets that people stake TAO into. This pallet keeps the
//! subnets and the stake, drives Taoflow (flow-based emission) through its
//! traits, and receives Taoflow's per-block emission split, which it pays out
//! to subnet owners and stakers.
//!
//! ## Subnets
//! Anyone can [`register_network`](Pallet::register_network): the
//! [`Config::RegistrationDeposit`] is held from the caller
//! ([`HoldReason::SubnetDeposit`]) and the subnet gets the lowest free netuid
//! `≥ 1` (0 is Bittensor's root and reserved). A netuid is free when no record
//! exists for it, live or dissolved. The owner or Root can switch the
//! subnet's emission on and off and
//! [`dissolve_network`](Pallet::dissolve_network) it: the owner's accrued cut
//! is paid, Taoflow forgets the subnet (no more emission) and no stake can be
//! added or moved into it. The record of a dissolved subnet lives on until
//! its last staker has left, so that every staker gets their stake and
//! rewards back with one call of their own (no loop over stakers); after
//! [`Config::DissolveGracePeriod`] anyone may pay a remaining staker out with
//! [`finish_dissolved`](Pallet::finish_dissolved), one per call. When the
//! record is removed the deposit, held all along, is released to the owner
//! and the netuid is free. At most [`Config::MaxSubnets`] records (live or
//! dissolved) exist at once, so occupying every slot costs a deposit each
//! for at least the grace period.
//!
//! ## Registration burn
//! Besides the refundable deposit, `register_network` burns a registration
//! cost that rises with each registration and decays back over time. With
//! `P` the cost paid by the last registration, at block `a`, and
//! `K = RegistrationBurnDecay`, the cost at block `b` is
//!
//! `cost(b) = clamp(2·P·(1 − min(b − a, K)/K), MinRegistrationBurn, MaxRegistrationBurn)`
//!
//! rounded down (`cost = MinRegistrationBurn` before the first registration
//! and when `K = 0`). Each registration doubles the price for the next one,
//! and the surcharge melts away linearly over `K` blocks. `k` registrations
//! in quick succession burn about `Min·(2^k − 1)` until the cap is reached,
//! so filling many slots at once is priced out, and a dissolve/re-register
//! cycle, which erases a subnet's history and outflow debt, always burns at
//! least `MinRegistrationBurn`. The burn leaves total issuance (unlike the
//! deposit, it is not returned). [`Pallet::registration_cost`] reads the
//! current price.
//!
//! ## Stake as holds, flows to Taoflow
//! Stake is the staker's own balance on hold ([`HoldReason::Stake`]), so it
//! stays in their account and in total issuance. Every stake movement is
//! reported to Taoflow as a flow through [`Config::Flows`], in the same
//! extrinsic and with errors propagated, so a refused flow undoes the whole
//! call:
//!
//! | call | flow |
//! |---|---|
//! | `add_stake(i, a)` | `on_stake(i, a)` |
//! | `remove_stake(i, a)` | `on_unstake(i, a)`; none if `i` is dissolved |
//! | `move_stake(i, j, a)` | `on_move(i, j, a)`; `on_stake(j, a)` if `i` is dissolved |
//!
//! Registration deposits, emission and genesis stake are not flows. Amounts
//! below [`Config::MinStake`] are refused ("dust"), and a removal or move must
//! leave either nothing or at least `MinStake` behind, so every stake entry is
//! `≥ MinStake` and a subnet has stakers exactly when its total stake is
//! non-zero.
//!
//! ## Rewards
//! [`EmissionSink::credit`] mints `Σ amounts` once into the pot account
//! ([`Pallet::pot_account`], derived from [`Config::PalletId`]), so total
//! issuance rises by exactly the block emission. For each subnet `i` with
//! amount `a`, owner cut `c` ([`OwnerCut`], 18% by default) and total stake
//! `S`:
//!
//! ```text
//! owner_pending += floor(a · c)
//! r   = a − floor(a · c)                         the stakers' part
//! n   = r · SCALE + dust                          SCALE = 10^18
//! acc += floor(n / S) ;  dust = n mod S          (if S > 0)
//! owner_pending += r + dust / SCALE ; dust = 0   (if S = 0)
//! ```
//!
//! `acc` is the reward per base unit of stake since registration, scaled by
//! `SCALE`; the dust is the division's remainder, kept in `1/SCALE` base
//! units so that no base unit is ever created or lost. A stake `s` last
//! settled at `acc = idx` is owed
//!
//! ```text
//! pending = floor(s · (acc − idx) / SCALE)
//! ```
//!
//! Every stake change and every claim first *settles* the account's stake in
//! the subnets involved: `pending` is paid out from the pot, `idx ← acc`, and
//! the fraction below one base unit that the floor leaves goes back into the
//! dust (and so to all stakers at the next credit). Payouts round down, so the
//! pot can never be short. Nobody loses rewards by moving stake. When a
//! dissolved subnet's last staker leaves, they also take the subnet's
//! remaining dust (less than one base unit per settlement since the last
//! credit).
//!
//! ### Accounting invariant
//! Per subnet, `staker_reserve` counts the base units credited to stakers and
//! not yet paid. Exactly, in `1/SCALE` base units,
//!
//! ```text
//! staker_reserve · SCALE = dust + Σ_stakers s · (acc − idx)
//! ```
//!
//! so the reserve covers every staker's `pending` (whose sum can fall below
//! the reserve by the floors' fractions, fewer than one base unit per staker,
//! plus the dust). Over all subnets, with `ED` the pot's genesis endowment:
//!
//! ```text
//! pot balance = ED + Σ_i (staker_reserve_i + owner_pending_i)
//!             = ED + Σ unpaid staker rewards + Σ owner pending + Σ dust
//! ```
//!
//! `Pallet::do_try_state` checks the first equation exactly and the second
//! as `≥` (anyone can transfer into the pot; the tests check equality).
//!
//! ### The pot's endowment
//! Genesis mints the currency's minimum balance into the pot (so genesis
//! issuance includes it); payouts use `Preservation::Preserve` and never touch
//! it, so the pot is never reaped. A runtime adding this pallet to a live
//! chain must endow the pot the same way in its migration.
//!
//! ## Choices where the brief is silent
//! - Stakers of a dissolved subnet may also move their stake to a live subnet
//!   (`on_stake` on the target, no flow on the dissolved one).
//! - Dissolving pays the owner's cut. If the owner cannot receive it (a
//!   genesis owner without an account and a cut below the existential
//!   deposit) it stays claimable through `claim_rewards`, and the record is
//!   removed once both the stake and the owner's cut are gone.
//! - Staking into a subnet whose emission is disabled is allowed (Taoflow
//!   keeps tracking its flows).
//! - Genesis subnets carry no deposit.
//!
//! ## Storage layout and cost
//! Everything the emission sink touches lives in one netuid-sorted vector
//! ([`SubnetRecords`]): crediting every subnet is one read and one write of
//! it, one read of [`OwnerCut`] and one mint. Stake extrinsics read and write
//! that vector once too, plus one [`Stakes`] entry per subnet involved, so
//! their proof size grows with `MaxSubnets`, not with the number of stakers.
//! Claims are `O(1)` in the number of stakers and blocks.
//!
//! The accumulator is a `u128` in `1/SCALE` units per base unit of stake; it
//! grows by at most `r · 10^18 / MinStake` per block. Should an addition ever
//! overflow, that block's stakers' part goes to the owner instead.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::{StakeInfo, SubnetOwner, SubnetRecord, SCALE};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		BuildGenesisConfig,
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use pallet_taoflow::{EmissionSink, NetUid, OnStakeFlow, SubnetLifecycle, SubnetRegistry};
use sp_arithmetic::{ArithmeticError, Perbill, Perquintill};
use sp_runtime::traits::{
	AccountIdConversion, CheckedAdd, CheckedSub, SaturatedConversion, Saturating, Zero,
};

/// The balance type of the currency (base units).
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A genesis subnet: its netuid, its owner and the initial stakes.
pub type GenesisSubnetOf<T> = (
	NetUid,
	<T as frame_system::Config>::AccountId,
	Vec<(<T as frame_system::Config>::AccountId, BalanceOf<T>)>,
);

/// The record vector's type.
type Records<T> = BoundedVec<SubnetRecord<BalanceOf<T>>, <T as Config>::MaxSubnets>;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::subnets";

/// The owner cut before governance sets one: 18%, as in Bittensor.
pub const DEFAULT_OWNER_CUT: Perbill = Perbill::from_percent(18);

// The pallet macros expand to code that calls `expect` on values they know to
// be present; the module's own code does not.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default config types for tests (`derive_impl`).
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types};

		parameter_types! {
			/// The pot's id in tests.
			pub const TestPalletId: PalletId = PalletId(*b"tf/subnt");
		}

		/// Defaults for a test runtime.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxSubnets = ConstU32<16>;
			type PalletId = TestPalletId;
			type WeightInfo = ();
		}
	}

	/// Configuration of the pallet.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The currency staked and paid out; stake and deposits are holds on it.
		#[pallet::no_default]
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons (includes [`HoldReason`]).
		#[pallet::no_default]
		type RuntimeHoldReason: From<HoldReason>;

		/// Where stake movements are reported as flows (Taoflow).
		#[pallet::no_default]
		type Flows: OnStakeFlow<BalanceOf<Self>>;

		/// Told about registrations, dissolutions and emission switches
		/// (Taoflow).
		#[pallet::no_default]
		type Lifecycle: SubnetLifecycle;

		/// The most subnet records (live, or dissolved and not yet emptied) at
		/// once. Must not exceed Taoflow's `MaxSubnets` (every live subnet is
		/// tracked there); set both equal so that Taoflow's benchmarks can
		/// register its maximum through this pallet.
		#[pallet::constant]
		type MaxSubnets: Get<u32>;

		/// The deposit held from the owner while a subnet is live.
		#[pallet::constant]
		#[pallet::no_default]
		type RegistrationDeposit: Get<BalanceOf<Self>>;

		/// The smallest amount staked, unstaked or moved, and the smallest
		/// stake an account may keep in a subnet ("dust" limit). Must be
		/// positive.
		#[pallet::constant]
		#[pallet::no_default]
		type MinStake: Get<BalanceOf<Self>>;

		/// Derives the pot account that holds minted, unpaid rewards.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The origin that may set the owner cut (Root in the reference
		/// runtime).
		#[pallet::no_default]
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks after a subnet is dissolved during which only its stakers
		/// (and its owner, for the cut) take their funds out. After it
		/// anyone may [`finish_dissolved`](Pallet::finish_dissolved) the
		/// subnet, one staker per call, so that a dissolved record cannot
		/// hold its netuid, and its deposit, for good.
		#[pallet::constant]
		#[pallet::no_default]
		type DissolveGracePeriod: Get<BlockNumberFor<Self>>;

		/// The largest owner cut `set_owner_cut` (and genesis) accepts: what
		/// stakers are guaranteed to keep is at least `1 − MaxOwnerCut`.
		#[pallet::constant]
		#[pallet::no_default]
		type MaxOwnerCut: Get<Perbill>;

		/// The smallest registration burn (the price before any
		/// registration, and after a registration's surcharge has decayed).
		#[pallet::constant]
		#[pallet::no_default]
		type MinRegistrationBurn: Get<BalanceOf<Self>>;

		/// The largest registration burn: doubling stops here, so registering
		/// stays possible for a well-funded owner however busy the chain is.
		/// Must be at least `MinRegistrationBurn`.
		#[pallet::constant]
		#[pallet::no_default]
		type MaxRegistrationBurn: Get<BalanceOf<Self>>;

		/// Blocks over which the doubled price after a registration decays
		/// linearly back to zero surcharge (0 = the price is always
		/// `MinRegistrationBurn`).
		#[pallet::constant]
		#[pallet::no_default]
		type RegistrationBurnDecay: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls and of the emission sink.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a live subnet, held from its owner.
		#[codec(index = 0)]
		SubnetDeposit,
		/// Stake in one or more subnets.
		#[codec(index = 1)]
		Stake,
	}

	/// Every subnet record (live, or dissolved with something left to pay),
	/// netuid ascending: flags, total stake and reward accounting.
	///
	/// One value rather than a map: the emission sink credits every eligible
	/// subnet every block, so one read and one write of a vector is the
	/// cheapest layout (a map would cost a read and a write per subnet per
	/// block). Bounded by `MaxSubnets`.
	#[pallet::storage]
	pub type SubnetRecords<T: Config> = StorageValue<_, Records<T>, ValueQuery>;

	/// Owner and held deposit of every subnet in [`SubnetRecords`].
	///
	/// `Twox64Concat` is safe: netuids are assigned by the chain (lowest
	/// free), not chosen by users, so they cannot be picked to unbalance the
	/// trie.
	#[pallet::storage]
	pub type SubnetOwners<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, SubnetOwner<T::AccountId, BalanceOf<T>>, OptionQuery>;

	/// Stake of an account in a subnet and the accumulator value it was last
	/// settled at. An entry exists exactly while the stake is non-zero.
	///
	/// The netuid comes first so that one subnet's stakers can be iterated
	/// (only `try_state` does). `Twox64Concat` for the chain-assigned netuid;
	/// `Blake2_128Concat` for the account, which users control and could
	/// otherwise choose to unbalance the trie.
	#[pallet::storage]
	pub type Stakes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		StakeInfo<BalanceOf<T>>,
		OptionQuery,
	>;

	/// The block at which each dissolved subnet whose record is still there
	/// was dissolved (the start of its grace period).
	#[pallet::storage]
	pub type DissolvedAt<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BlockNumberFor<T>, OptionQuery>;

	/// The burn paid by the last `register_network` and the block it was
	/// paid in: the state of the registration price (one value, read and
	/// written once per registration). Absent before the first
	/// registration.
	#[pallet::storage]
	pub type LastRegistration<T: Config> =
		StorageValue<_, (BalanceOf<T>, BlockNumberFor<T>), OptionQuery>;

	/// The default of [`OwnerCut`]: [`DEFAULT_OWNER_CUT`].
	#[pallet::type_value]
	pub fn DefaultOwnerCut() -> Perbill {
		DEFAULT_OWNER_CUT
	}

	/// The part of each subnet's emission accrued to its owner.
	#[pallet::storage]
	pub type OwnerCut<T: Config> = StorageValue<_, Perbill, ValueQuery, DefaultOwnerCut>;

	/// Genesis subnets, their initial stake and the owner cut.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// `(netuid, owner, [(staker, stake)])`: each subnet is registered
		/// under its explicit netuid (`≥ 1`, unique) without a deposit; each
		/// stake (`≥ MinStake`) is held from the staker's genesis balance,
		/// which must also leave the existential deposit free. Genesis stake
		/// is not a flow.
		pub subnets: Vec<GenesisSubnetOf<T>>,
		/// The owner cut.
		pub owner_cut: Perbill,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { subnets: Vec::new(), owner_cut: DEFAULT_OWNER_CUT }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with invalid subnets must not start.
			#[allow(clippy::panic)]
			if let Err(e) = Pallet::<T>::build_genesis(&self.subnets, self.owner_cut) {
				panic!("invalid pallet-subnets genesis: {e:?}");
			}
		}
	}

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

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::MinStake::get().is_zero(), "MinStake must be positive");
			let max = T::MaxSubnets::get();
			assert!(max > 0, "MaxSubnets must be positive");
			assert!(
				max <= pallet_taoflow::MAX_SUBNETS_BOUND,
				"MaxSubnets must be at most Taoflow's bound"
			);
			assert!(
				max <= T::Lifecycle::max_subnets(),
				"MaxSubnets must not exceed the subnets the lifecycle listener (Taoflow) tracks"
			);
			assert!(
				DEFAULT_OWNER_CUT <= T::MaxOwnerCut::get(),
				"the default owner cut must be within MaxOwnerCut"
			);
			assert!(
				T::MinRegistrationBurn::get() <= T::MaxRegistrationBurn::get(),
				"MinRegistrationBurn must not exceed MaxRegistrationBurn"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

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
			Self::pay_staker(&who, netuid, reward)?;
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
			Self::pay_staker(&who, from, reward_from)?;
			Self::pay_staker(&who, to, reward_to)?;
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
			Self::pay_staker(&who, netuid, staker_reward)?;
			Self::pay_owner(&who, netuid, owner_reward)
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
			Self::pay_owner(&who, netuid, owner_reward)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// `who`'s stake in `netuid`.
		pub fn stake_of(netuid: NetUid, who: T::AccountId) -> BalanceOf<T> {
			Stakes::<T>::get(netuid, who).map_or_else(Zero::zero, |s| s.stake)
		}

		/// What `register_network` burns if called in this block.
		pub fn registration_cost() -> BalanceOf<T> {
			Self::registration_cost_at(frame_system::Pallet::<T>::block_number())
		}

		/// What `claim_rewards(netuid)` would pay `who` now (staker rewards,
		/// plus the owner's cut if `who` owns the subnet).
		pub fn claimable(netuid: NetUid, who: T::AccountId) -> BalanceOf<T> {
			Self::claimable_now(netuid, &who)
		}
	}
}

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

	fn claimable_now(netuid: NetUid, who: &T::AccountId) -> BalanceOf<T> {
		let records = SubnetRecords::<T>::get();
		let Some(record) =
			records.binary_search_by_key(&netuid, |r| r.netuid).ok().and_then(|i| records.get(i))
		else {
			return Zero::zero();
		};
		let staker = Stakes::<T>::get(netuid, who).map_or_else(Zero::zero, |s| record.owed_to(&s));
		let owner = SubnetOwners::<T>::get(netuid)
			.filter(|o| &o.owner == who)
			.map_or_else(Zero::zero, |_| record.owner_pending);
		staker.saturating_add(owner)
	}

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

	fn ensure_amount(amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero() && amount >= T::MinStake::get(), Error::<T>::AmountBelowMinimum);
		Ok(())
	}

	fn ensure_owner_or_root(
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

	fn record_mut(
		records: &mut Records<T>,
		netuid: NetUid,
	) -> Result<&mut SubnetRecord<BalanceOf<T>>, Error<T>> {
		let i = records
			.binary_search_by_key(&netuid, |r| r.netuid)
			.map_err(|_| Error::<T>::SubnetNotFound)?;
		records.get_mut(i).ok_or(Error::<T>::SubnetNotFound)
	}

	/// The lowest netuid `≥ 1` without a record (`records` is sorted).
	fn lowest_free_netuid(records: &[SubnetRecord<BalanceOf<T>>]) -> Option<NetUid> {
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
	fn insert_record(
		records: &mut Records<T>,
		netuid: NetUid,
		owner: T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		let i = match records.binary_search_by_key(&netuid, |r| r.netuid) {
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
	fn remove_if_finished(records: &mut Records<T>, netuid: NetUid) -> DispatchResult {
		let Ok(i) = records.binary_search_by_key(&netuid, |r| r.netuid) else { return Ok(()) };
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

	/// Takes `amount` of `who`'s stake out of `netuid` (in `records`, which it
	/// stores), removes the record if that finished a dissolved subnet, and
	/// releases the stake to `who` with the rewards it was owed.
	fn release_stake(
		mut records: Records<T>,
		netuid: NetUid,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let reward = Self::unstake_from(Self::record_mut(&mut records, netuid)?, who, amount)?;
		Self::remove_if_finished(&mut records, netuid)?;
		SubnetRecords::<T>::put(records);
		T::Currency::release(&HoldReason::Stake.into(), who, amount, Precision::Exact)?;
		Self::pay_staker(who, netuid, reward)
	}

	/// Settles `who`'s stake in `record` and adds `amount` to it. Returns the
	/// rewards owed (to be paid by the caller).
	fn stake_into(
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
	fn unstake_from(
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

	/// Transfers `amount` from the pot, keeping the pot's endowment.
	fn pay(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer(&Self::pot_account(), who, amount, Preservation::Preserve)?;
		}
		Ok(())
	}

	fn pay_staker(who: &T::AccountId, netuid: NetUid, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			Self::pay(who, amount)?;
			Self::deposit_event(Event::RewardsPaid { who: who.clone(), netuid, amount });
		}
		Ok(())
	}

	fn pay_owner(owner: &T::AccountId, netuid: NetUid, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			Self::pay(owner, amount)?;
			Self::deposit_event(Event::OwnerRewardsPaid { owner: owner.clone(), netuid, amount });
		}
		Ok(())
	}

	/// Genesis: the owner cut, the subnets with their stake, the pot.
	fn build_genesis(subnets: &[GenesisSubnetOf<T>], owner_cut: Perbill) -> DispatchResult {
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

	/// Checks the pallet's invariants: sorted records with owners, stake
	/// sums, holds, the exact reserve equation per subnet and pot solvency.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
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
			Stakes::<T>::iter_keys()
				.all(|(n, _)| records.binary_search_by_key(&n, |r| r.netuid).is_ok()),
			TryRuntimeError::Other("stake in a subnet without a record")
		);

		ensure!(
			DissolvedAt::<T>::iter_keys().all(|netuid| {
				records
					.binary_search_by_key(&netuid, |r| r.netuid)
					.ok()
					.and_then(|i| records.get(i))
					.is_some_and(|r| r.dissolved)
			}),
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

impl<T: Config> SubnetRegistry<BalanceOf<T>> for Pallet<T> {
	fn registered_subnets() -> Vec<(NetUid, bool)> {
		SubnetRecords::<T>::get()
			.iter()
			.filter(|r| !r.dissolved)
			.map(|r| (r.netuid, r.emission_enabled))
			.collect()
	}

	fn total_stakes(netuids: &[NetUid]) -> Vec<BalanceOf<T>> {
		// One read of the records; both sides ascend, so one merge walk.
		let records = SubnetRecords::<T>::get();
		let mut at = records.iter().peekable();
		netuids
			.iter()
			.map(|netuid| {
				while at.next_if(|r| r.netuid < *netuid).is_some() {}
				at.peek().filter(|r| r.netuid == *netuid).map_or_else(Zero::zero, |r| r.total_stake)
			})
			.collect()
	}
}

impl<T: Config> EmissionSink<BalanceOf<T>> for Pallet<T> {
	/// Accrues each amount to its subnet and mints their sum into the pot in
	/// one go; returns that sum. Amounts for subnets without a live record
	/// (a wiring bug) are neither accrued nor minted, and logged.
	fn credit(amounts: &[(NetUid, BalanceOf<T>)]) -> (BalanceOf<T>, Weight) {
		let db = T::DbWeight::get();
		let mut records = SubnetRecords::<T>::get();
		let cut = OwnerCut::<T>::get();
		let mut total: BalanceOf<T> = Zero::zero();
		let mut credited: u32 = 0;
		for (netuid, amount) in amounts {
			let live = records
				.binary_search_by_key(netuid, |r| r.netuid)
				.ok()
				.and_then(|i| records.get_mut(i))
				.filter(|r| !r.dissolved);
			match (live, total.checked_add(amount)) {
				(Some(record), Some(sum)) => {
					record.accrue(*amount, cut);
					total = sum;
					credited = credited.saturating_add(1);
				}
				_ => log::warn!(
					target: LOG_TARGET,
					"emission of {amount:?} for subnet {netuid} was not credited",
				),
			}
		}
		if total.is_zero() {
			return (Zero::zero(), db.reads(2));
		}
		if let Err(e) = T::Currency::mint_into(&Self::pot_account(), total) {
			log::error!(target: LOG_TARGET, "minting {total:?} of emission failed: {e:?}");
			return (Zero::zero(), db.reads(4));
		}
		SubnetRecords::<T>::put(records);
		(total, T::WeightInfo::credit(credited))
	}

	/// Endows the pot with the currency's minimum balance, as genesis does,
	/// if it holds less (a chain that adds Taoflow to a registry that had no
	/// pot): minted emission then never falls below the existential deposit
	/// and the pot is never reaped.
	fn prepare() -> Weight {
		let db = T::DbWeight::get();
		let pot = Self::pot_account();
		let shortfall = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pot));
		if shortfall.is_zero() {
			return db.reads(1);
		}
		match T::Currency::mint_into(&pot, shortfall) {
			Ok(_) => log::info!(target: LOG_TARGET, "endowed the reward pot with {shortfall:?}"),
			Err(e) => log::error!(target: LOG_TARGET, "endowing the reward pot failed: {e:?}"),
		}
		// The pot's account and the total issuance.
		db.reads_writes(2, 2)
	}
}

/// Registers subnets in this pallet for Taoflow's benchmarks (set it as
/// Taoflow's `BenchmarkHelper`).
#[cfg(feature = "runtime-benchmarks")]
pub struct TaoflowBenchmarkHelper<T>(core::marker::PhantomData<T>);

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> pallet_taoflow::BenchmarkHelper for TaoflowBenchmarkHelper<T> {
	// Benchmark set-up: a subnet that cannot be registered is a broken
	// benchmark and must fail loudly.
	#[allow(clippy::expect_used)]
	fn register_subnet(netuid: NetUid) {
		let owner: T::AccountId = frame_benchmarking::account("subnet owner", netuid.into(), 0);
		Pallet::<T>::register_at(&owner, netuid).expect("the benchmark's subnet registers");
	}

	fn forget_subnet(netuid: NetUid) {
		SubnetRecords::<T>::mutate(|records| records.retain(|r| r.netuid != netuid));
		SubnetOwners::<T>::remove(netuid);
	}
}
