//! # Taoflow: flow-based subnet emission
//!
//! A chain with many subnets mints an emission `E_b` every block. Taoflow
//! splits it across the subnets by the **net staking flow** into each one
//! (stake in minus stake out), smoothed by an exponential moving average —
//! not by the stake a subnet has piled up. This crate implements the
//! mechanism stated below in full (sections §1–§7) and adds the safeguards
//! Bittensor's flow model lacked: an outflow debt ledger and a maturity
//! layer, so that recycled capital earns no more than held capital; a
//! signal-strength gate, so that a dust stake cannot take the emission in a
//! drought; a share cap whose excess follows a fallback distribution;
//! smoothing of share changes; drought policies; an EMA floor; and a
//! transition window — all set by governance within bounds.
//!
//! ## §1 Flow ledger
//! Every stake movement reports a flow through [`OnStakeFlow`]: stake in
//! `+a`, unstake `−a`, a move from `i` to `j` is `−a` on `i` and `+a` on `j`
//! (a move within one subnet is no flow). Registration deposits, emission and
//! genesis stake are not flows. Flows are summed per subnet per block into a
//! saturating signed accumulator `F_i` ([`FlowLedger`]).
//!
//! ## §2 Smoothed flow, debt and maturity
//! With half-life `H` blocks, `α = 1 − 2^(−1/H)`; debt cap `D` base units
//! (0: no ledger); maturity half-life `H_m` (0: no layer, else
//! `α_m = 1 − 2^(−1/H_m)`). Each subnet keeps the smoothed flow `S`, the
//! unpaid outflow debt `Q` (an integer, `0 ≤ Q ≤ D`) and the matured signal
//! `M`; a new (or re-registered) subnet starts at `S = Q = M = 0`. At
//! `on_initialize` of block `b`, every tracked subnet folds its net flow `F`
//! of block `b − 1`:
//!
//! ```text
//! 1. Q ← min(Q, D)                                   lowering D forgives
//! 2. F > 0: r = min(F, Q); Q ← Q − r; G = F − r      inflow repays debt first
//!    F < 0: t = min(−F, D − Q); Q ← Q + t; G = F + t outflow becomes debt first
//!    F = 0: G = 0
//! 3. S ← (1 − α)·S + α·G;  S ← max(S, ema_floor)    (if a floor is set)
//! 4. S* = S − α·Q                                    debt-adjusted signal
//! 5. H_m > 0: M ← (1 − α_m)·M + α_m·S*;  H_m = 0: M ← S*
//!    signal Ŝ = min(S*, M)
//! ```
//!
//! With `D = 0` and `H_m = 0` this is the plain EMA of the flows (`Q ≡ 0`,
//! `Ŝ = S`); with `D = 0`, `H_m = H` it is Bittensor's "matured" EMA
//! (closed PR #2704). Without a binding floor `S* = α·(X − EMA(C))`, with
//! `X` the stake and `C = min(max stake so far, stake + D)`: inflow that only
//! restores stake that left (up to `D`) is never credited again, so capital
//! up to `D` that is unstaked and restaked earns no more per unit of
//! capital-time than the same capital held. After any exit a subnet with a
//! steady inflow `f` earns again within about `2·D/f` blocks (`D/f` with
//! `H_m = 0`): lock-in is bounded in capital, not in time. A quiet block
//! keeps `Q`, decays `S` by `(1 − α)`, and `k` quiet blocks give
//! `S_k = (1 − α)^k·S_0` and
//! `M_k = (1 − α_m)^k·M_0 + g_k·S_0 − α·Q·(1 − (1 − α_m)^k)` with
//! `g_k = α_m(1 − α)((1 − α)^k − (1 − α_m)^k)/(α_m − α)` (`k·α_m(1 − α)^k`
//! when `α_m = α`); the per-block rule is applied every block.
//!
//! With a floor set, every fold leaves `S* ≥ B = min(ema_floor, 0) − α·D`
//! (since `S ≥ ema_floor` and `Q ≤ D`), and under constant parameters the
//! signal too: `Ŝ ≥ B`, as `M` averages values of `S*` that are all `≥ B`.
//! After governance raises `B` (raises the floor, lengthens `H` or lowers
//! `D`), an `M` folded under the old parameters can sit below the new `B`
//! until it catches up; nothing lifts it.
//!
//! `S` and `M` are [`SmoothedFlow`] (signed 80.48 fixed point, saturating),
//! wide enough for per-block flows and debts far beyond `2^64` base units.
//! Subnets whose emission is disabled keep folding, so re-enabling one never
//! dumps a backlog into one block.
//!
//! ## §3 Target shares
//! Over the eligible subnets `i = 1..N` with signals `Ŝ_i`:
//!
//! ```text
//! L   = max(cutoff, min(0, min_i Ŝ_i))            lower limit
//! z_i = Ŝ_i − L  if Ŝ_i > L, else 0               offset signal
//! w_i = z_i^p                                     weight, p ∈ [1, 2]
//! q_i = w_i / Σw  (0 if Σw = 0)                   flow target
//! Z   = Σ z_i;  g = 0 if Z = 0, 1 if θ = 0, else min(1, Z/θ)   strength
//! c'  = max(c, 1/N)                               effective cap
//! r_i = min(c', g·q_i + μ·d_i)                    target, Σ r_i = 1
//! ```
//!
//! `d` is the fallback distribution of the [`DroughtPolicy`]: `none`
//! (`none`, `d = 0`: nothing is emitted without a positive signal),
//! `equal` (`1/N`), `keep_last` (the current effective shares renormalised
//! over the eligible subnets; equal if they sum to 0) or `stake`
//! (proportional to total stake; equal if all are 0). `μ ≥ 0` is the
//! smallest value for which `Σ r_i = 1`, found by water-filling: subnets
//! saturate at `c'` in ascending order of `(c' − g·q_i)/d_i`. If no `μ`
//! reaches 1 (every subnet with `d_i > 0` is at `c'`), `d = equal` is used,
//! which is always feasible since `N·c' ≥ 1`. With `none` the target is
//! `g·q` (the parameters then have `c = 1`, `θ = 0`, so it sums to 0 or 1).
//! So the part of the emission that the flows do not justify — the
//! weak-signal remainder `1 − g` and the excess above the cap — follows `d`,
//! never a subnet's tiny positive flow, and no target exceeds `c'`.
//!
//! ## §4 Effective and emitted shares
//! ```text
//! e ← e_prev + β·(r − e_prev)                     smoothing, β ∈ (0, 1]
//! f = (1 − t/T)·o + (t/T)·e,  t = min(b − A, T)    transition from legacy o
//! ```
//! `e_prev` and `o` are restricted to the eligible subnets and renormalised;
//! `e ← r` if `e_prev` sums to 0; `e = 0` and `f = 0` when `r = 0`. Shares
//! are recomputed when `b mod U = 0` or the eligible set changed since the
//! last computation; otherwise `e` is kept. With `β < 1` no share rises by
//! more than `β` per update.
//!
//! ## §5 Eligibility and split
//! A subnet is eligible at block `b` when it was registered before `b`, is not
//! dissolved and has emission enabled. Amounts are `a_i = floor(E_b·f_i)` and
//! the `E_b − Σa_i` leftover base units go one each to the largest fractional
//! remainders (ties: lower netuid), so `Σ a_i = E_b` exactly whenever
//! `Σ f_i = 1`. The amounts go to [`EmissionSink`], which mints them.
//!
//! ## §6 Parameters
//! All parameters ([`Params`]) are set together by `AdminOrigin` through
//! [`Pallet::set_params`], which checks every bound: `H ∈ [1, 10^8]`,
//! `p ∈ [1, 2]`, `c ∈ (0, 1]`, `β ∈ (0, 1]`, `U ∈ [1, 10^6]`,
//! `T ∈ [0, 10^8]`, `ema_floor ≤ 0`, `|cutoff| ≤ 2^64`, `D ∈ [0, 2^64 − 1]`,
//! `H_m = 0` or `∈ [1, 10^8]`, `θ ∈ [0, 2^64]`; the policy `none` requires
//! `c = 1` and `θ = 0`. Accepted parameters are in force from the next
//! block's `on_initialize`, which puts them in place before it folds, so
//! every stored value is the result of the parameters in force.
//! [`Params::default`] has `H = 216,000`, cutoff 0, `p = 1`, and everything
//! else off (`c = β = U = 1`, `T = 0`, no floor, `keep_last`,
//! `D = H_m = θ = 0`); [`Params::bittensor`] is the Bittensor-compatible
//! profile (the same with `none`), whose shares equal those of subtensor's
//! flow model (specs 334–410): clip negative smoothed flows to zero, raise
//! to `p`, normalise.
//!
//! ## §7 Precision and determinism
//! Only integer arithmetic with explicit rounding runs on chain. Shares are
//! quantised to parts of `10^18` ([`Perquintill`]) that add up to exactly 1;
//! the decay factors are exact to ~10^-18; `x^p` uses a fixed-point `log2` /
//! `exp2` accurate to ~10^-15; `Q` is exact.
//!
//! ## Choices where the rules are silent
//! - If the legacy shares of a transition put no weight on any eligible
//!   subnet, `f = e`. Once the window has passed, the legacy shares are deleted.
//! - With no eligible subnet nothing is minted in that block.
//! - The `Drought` event is deposited when no subnet has a positive signal
//!   (`g = 0`).
//! - `projected_emission` assumes the current emitted share and block emission
//!   hold for the whole horizon.
//!
//! ## Switching a live chain
//! A chain whose subnets already emit by another rule adds this pallet with
//! [`migrations::switch::SwitchToTaoflow`], guarded by state (it runs only
//! while no parameters are stored, since FRAME writes a new pallet's storage
//! version before migrations run): every subnet of the registry is tracked
//! at `S = Q = M = 0`, the runtime's parameters (validated) are put in force,
//! the legacy shares `o` (for example the stake-based ones,
//! [`migrations::switch::StakeShares`]) are checked against the tracked
//! subnets and start a transition of `T` blocks at the upgrade block, and the
//! emission sink is prepared ([`EmissionSink::prepare`]). The upgrade block
//! emits exactly `o`; by §4 each later block moves every emitted share by
//! `|o_i − e_i|/T ≤ 1/T` plus `(t/T)` times the change of `e_i`.
//!
//! ## Storage layout and cost
//! Per-block work touches one value for all subnets ([`SubnetStates`]), one for
//! the flows of the previous block ([`FlowLedger`]), the parameters and the
//! pending parameters: a constant number of reads and writes whatever the
//! number of subnets `N`; only the arithmetic is `O(N log N)`. Recording a
//! flow is one read and one write of [`FlowLedger`], whose size is bounded by
//! the subnets that had a flow in the current block.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod math;
pub mod migrations;
pub mod params;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod block;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod try_state;
mod views;

pub use math::SmoothedFlow;
pub use pallet::*;
pub use params::{DroughtPolicy, Params};
#[cfg(feature = "runtime-benchmarks")]
pub use taoflow_primitives::BenchmarkHelper;
pub use taoflow_primitives::{
	EmissionSchedule, EmissionSink, NetUid, OnStakeFlow, SortedByNetUid, SubnetLifecycle,
	SubnetRegistry, MAX_SUBNETS_BOUND,
};
pub use types::{SubnetInfo, SubnetState, TransitionState};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::BuildGenesisConfig};
use frame_system::pallet_prelude::*;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::{AtLeast32BitUnsigned, Zero};

use params::InvalidParam;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::taoflow";

// The pallet macros expand to code that calls `expect` on values they know to
// be present; the module's own code does not (the logic lives outside it).
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default config types for tests (`derive_impl`).
	pub mod config_preludes {
		use super::*;
		use frame_support::derive_impl;

		/// Defaults for a test runtime.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxSubnets = ConstU32<64>;
			type WeightInfo = ();
		}
	}

	/// Configuration of the pallet.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The balance type of emission amounts and stake (base units).
		#[pallet::no_default]
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Copy
			+ MaxEncodedLen
			+ Into<u128>
			+ TryFrom<u128>;

		/// Reads subnets' registration and stake (implemented by the subnet
		/// pallet).
		#[pallet::no_default]
		type SubnetRegistry: SubnetRegistry<Self::Balance>;

		/// The block emission `E_b`.
		#[pallet::no_default]
		type EmissionSchedule: EmissionSchedule<Self::Balance>;

		/// Mints and credits the split.
		#[pallet::no_default]
		type EmissionSink: EmissionSink<Self::Balance>;

		/// The origin allowed to change the parameters (Root in the reference
		/// runtime).
		#[pallet::no_default]
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most subnets that can exist at once; bounds every per-subnet
		/// vector in storage.
		#[pallet::constant]
		type MaxSubnets: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Creates subnets in the runtime's registry for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Every registered subnet's record, netuid ascending.
	///
	/// One value rather than a map: the hook reads and writes all subnets
	/// every block, so one read and one write of a vector is the cheapest
	/// layout (a map would cost a read and a write per subnet per block).
	#[pallet::storage]
	pub type SubnetStates<T: Config> =
		StorageValue<_, BoundedVec<SubnetState, T::MaxSubnets>, ValueQuery>;

	/// The flow ledger `F_i` of the current block: `(netuid, net flow)` for
	/// the subnets that had a flow, netuid ascending.
	///
	/// One value rather than a map: recording is one read and one write, and
	/// the hook drains the whole ledger with one read and one kill instead of
	/// a read and a write per subnet. Entries exist only for tracked subnets,
	/// so `MaxSubnets` bounds it.
	#[pallet::storage]
	pub type FlowLedger<T: Config> =
		StorageValue<_, BoundedVec<(NetUid, i128), T::MaxSubnets>, ValueQuery>;

	/// The mechanism's parameters in force (§6): the ones the latest
	/// `on_initialize` folded and shared with.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, Params, ValueQuery>;

	/// Parameters accepted by `set_params`, put in force by the next block's
	/// `on_initialize` before it folds the flows.
	///
	/// Kept apart from [`Parameters`] so that every stored value is always
	/// the result of folding under the parameters in force; the hook reads it
	/// once per block (an absent key in the common case).
	#[pallet::storage]
	pub type PendingParams<T: Config> = StorageValue<_, Params, OptionQuery>;

	/// The running transition from the stake-based model, if any (§4).
	#[pallet::storage]
	pub type Transition<T: Config> =
		StorageValue<_, TransitionState<BlockNumberFor<T>, T::MaxSubnets>, OptionQuery>;

	/// Set when a subnet that was in the last share computation's eligible
	/// set is dissolved, which changes the set (§4) in a way the remaining
	/// records cannot show.
	#[pallet::storage]
	pub type EligibleSetShrunk<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Genesis: the parameters and an optional transition starting at block 0.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; must satisfy every bound of §6.
		pub params: Params,
		/// Legacy shares `o` of a transition over `params.transition_blocks`
		/// blocks from block 0; empty for none.
		pub legacy_shares: Vec<(NetUid, Perquintill)>,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with invalid parameters must not start.
			#[allow(clippy::panic)]
			if let Err(e) = self.params.validate() {
				panic!("invalid Taoflow genesis parameters: {e:?}");
			}
			Parameters::<T>::put(self.params.clone());
			if !self.legacy_shares.is_empty() {
				let mut legacy = self.legacy_shares.clone();
				legacy.sort_by_key(|(netuid, _)| *netuid);
				legacy.dedup_by_key(|(netuid, _)| *netuid);
				#[allow(clippy::panic)]
				let legacy_shares = BoundedVec::try_from(legacy)
					.unwrap_or_else(|_| panic!("more legacy shares than MaxSubnets"));
				Transition::<T>::put(TransitionState { start: Zero::zero(), legacy_shares });
			}
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `params` were accepted; they are in force from the next block.
		ParamsSet {
			/// The new parameters.
			params: Params,
		},
		/// The block emission was split and minted: `amount` base units (what
		/// the emission sink minted) over `subnets` subnets. Not deposited
		/// when nothing was minted.
		EmissionSplit {
			/// Base units minted and credited in this block.
			amount: T::Balance,
			/// Number of subnets credited.
			subnets: u32,
		},
		/// No subnet had a positive signal; the drought policy's distribution
		/// chose the target.
		Drought {
			/// The policy that was applied.
			policy: DroughtPolicy,
		},
	}

	/// Errors.
	#[pallet::error]
	pub enum Error<T> {
		/// `half_life` must be within `[1, 10^8]` blocks.
		HalfLifeOutOfRange,
		/// `exponent` must be within `[1, 2]`.
		ExponentOutOfRange,
		/// `max_share` must be above 0 (1 turns the cap off).
		MaxShareZero,
		/// `smoothing` must be above 0 (1 turns smoothing off).
		SmoothingZero,
		/// `update_interval` must be within `[1, 10^6]` blocks.
		UpdateIntervalOutOfRange,
		/// `transition_blocks` must be at most `10^8`.
		TransitionTooLong,
		/// `ema_floor` must be 0 or negative.
		EmaFloorPositive,
		/// `|cutoff|` must be at most `2^64` base units per block.
		CutoffOutOfRange,
		/// `maturity_half_life` must be 0 (off) or within `[1, 10^8]` blocks.
		MaturityHalfLifeOutOfRange,
		/// `min_signal` must be at most `2^64` base units per block.
		MinSignalOutOfRange,
		/// The drought policy `none` requires `max_share = 1`: with `none`
		/// there is no distribution to take the cap's excess.
		NoneDroughtWithCap,
		/// The drought policy `none` requires `min_signal = 0`: with `none`
		/// there is no distribution to take the weak-signal remainder.
		NoneDroughtWithGate,
		/// The subnet is already tracked by Taoflow.
		SubnetAlreadyTracked,
		/// `MaxSubnets` subnets are already tracked.
		TooManySubnets,
		/// The flow ledger is full (a flow for a subnet Taoflow does not track).
		FlowLedgerFull,
	}

	impl<T> From<InvalidParam> for Error<T> {
		fn from(e: InvalidParam) -> Self {
			match e {
				InvalidParam::HalfLife => Error::HalfLifeOutOfRange,
				InvalidParam::Exponent => Error::ExponentOutOfRange,
				InvalidParam::MaxShare => Error::MaxShareZero,
				InvalidParam::Smoothing => Error::SmoothingZero,
				InvalidParam::UpdateInterval => Error::UpdateIntervalOutOfRange,
				InvalidParam::TransitionBlocks => Error::TransitionTooLong,
				InvalidParam::EmaFloor => Error::EmaFloorPositive,
				InvalidParam::Cutoff => Error::CutoffOutOfRange,
				InvalidParam::MaturityHalfLife => Error::MaturityHalfLifeOutOfRange,
				InvalidParam::MinSignal => Error::MinSignalOutOfRange,
				InvalidParam::NoneWithCap => Error::NoneDroughtWithCap,
				InvalidParam::NoneWithGate => Error::NoneDroughtWithGate,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::step(now)
		}

		fn integrity_test() {
			let max = T::MaxSubnets::get();
			assert!(max > 0, "MaxSubnets must be positive");
			assert!(max <= MAX_SUBNETS_BOUND, "MaxSubnets must be at most {MAX_SUBNETS_BOUND}");
			assert!(Params::default().validate().is_ok(), "default parameters must be valid");
			assert!(Params::bittensor().validate().is_ok(), "the compatible profile must be valid");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replace all parameters at once (§6). Every bound is checked; an
		/// out-of-range value or a forbidden combination is rejected with its
		/// own error and nothing changes. The parameters are in force from
		/// the next block's `on_initialize` on (a later call in the same
		/// block replaces them).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: Params) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			params.validate().map_err(Error::<T>::from)?;
			PendingParams::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Every tracked subnet: smoothed flow, debt, matured signal, signal,
		/// effective and emitted share.
		pub fn subnets() -> Vec<SubnetInfo> {
			Self::subnet_infos()
		}

		/// The parameters in force.
		pub fn params() -> Params {
			Parameters::<T>::get()
		}

		/// Parameters accepted by `set_params` and in force from the next
		/// block, if any.
		pub fn pending_params() -> Option<Params> {
			PendingParams::<T>::get()
		}

		/// The net flow recorded for `netuid` in the current block so far.
		pub fn pending_flow(netuid: NetUid) -> i128 {
			Self::ledger_flow(netuid)
		}

		/// Base units `netuid` would receive over the next `blocks` blocks at
		/// its current emitted share and the current block emission; `None`
		/// for an unknown subnet.
		pub fn projected_emission(netuid: NetUid, blocks: u32) -> Option<T::Balance> {
			Self::projection(netuid, blocks)
		}
	}
}
