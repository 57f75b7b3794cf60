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
//! ## Choices beyond the rules above
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
mod calls;
mod events;
mod genesis;
mod impls;
#[cfg(test)]
mod mock;
mod registry;
mod rewards;
mod staking;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod try_state;

#[cfg(feature = "runtime-benchmarks")]
pub use impls::TaoflowBenchmarkHelper;
pub use pallet::*;
pub use types::{StakeInfo, SubnetOwner, SubnetRecord, SCALE};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_macros::import_section,
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
use rewards::Reward;
use sp_arithmetic::Perbill;
use sp_runtime::traits::{Saturating, Zero};
use taoflow_primitives::{NetUid, OnStakeFlow, SubnetLifecycle};

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
#[import_section(events::events)]
#[import_section(calls::calls)]
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

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::MinStake::get().is_zero(), "MinStake must be positive");
			let max = T::MaxSubnets::get();
			assert!(max > 0, "MaxSubnets must be positive");
			assert!(
				max <= taoflow_primitives::MAX_SUBNETS_BOUND,
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

	// The calls (`#[pallet::call]`) are in `calls.rs`, a pallet section
	// imported into this module.

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
