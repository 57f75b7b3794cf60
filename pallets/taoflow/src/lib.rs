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
//! (`EmitNothing`, `d = 0`: nothing is emitted without a positive signal),
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
//! Per-block work touches one value for all subnets ([`Subnets`]), one for
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
pub mod traits;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use math::SmoothedFlow;
pub use pallet::*;
pub use params::{DroughtPolicy, Params};
pub use traits::{
	EmissionSchedule, EmissionSink, NetUid, OnStakeFlow, SubnetLifecycle, SubnetRegistry,
};
pub use types::{SubnetInfo, SubnetState, TransitionState};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::BuildGenesisConfig};
use frame_system::pallet_prelude::*;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::{AtLeast32BitUnsigned, Saturating, UniqueSaturatedInto, Zero};

use math::{ema, shares::TargetSource, split};
use params::InvalidParam;

/// What the benchmarks need from the runtime: real subnets in its registry.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers `netuid` in the registry (which notifies Taoflow).
	fn register_subnet(netuid: NetUid);
	/// Removes `netuid` from the registry after Taoflow forgot it.
	fn forget_subnet(netuid: NetUid);
}

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::taoflow";

/// Hard upper bound on `MaxSubnets` (the per-block arithmetic is `O(N log N)`
/// and must stay far below a block; netuids are `u16`).
pub const MAX_SUBNETS_BOUND: u32 = 4096;

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
	pub type Subnets<T: Config> =
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
	pub type CountedSetShrunk<T: Config> = StorageValue<_, bool, ValueQuery>;

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

impl<T: Config> Pallet<T> {
	/// Mechanism §2–§5 for block `now`; returns the weight used.
	pub(crate) fn step(now: BlockNumberFor<T>) -> Weight {
		let mut extra = Weight::zero();
		let params = match PendingParams::<T>::take() {
			Some(params) => {
				Parameters::<T>::put(params.clone());
				extra = extra.saturating_add(T::DbWeight::get().writes(2));
				params
			}
			None => Parameters::<T>::get(),
		};
		let mut subnets = Subnets::<T>::get().into_inner();
		let flows = FlowLedger::<T>::get();
		let n = subnets.len() as u32;
		let k = flows.len() as u32;
		if !flows.is_empty() {
			FlowLedger::<T>::kill();
		}

		// §2: debt, fold and maturity for last block's flows; every tracked
		// subnet decays.
		let rules = Self::fold_rules(&params);
		for s in subnets.iter_mut() {
			let flow = flows
				.binary_search_by_key(&s.netuid, |(netuid, _)| *netuid)
				.ok()
				.and_then(|i| flows.get(i))
				.map_or(0, |(_, f)| *f);
			s.set_flow_state(ema::step(s.flow_state(), flow, &rules));
		}

		// §4: recompute at the interval or when the eligible set changed.
		let shrunk = CountedSetShrunk::<T>::get();
		if shrunk {
			CountedSetShrunk::<T>::kill();
			extra = extra.saturating_add(T::DbWeight::get().writes(1));
		}
		let set_changed = shrunk || subnets.iter().any(|s| s.emission_enabled != s.counted);
		let block: u64 = now.unique_saturated_into();
		let due = block.checked_rem(u64::from(params.update_interval)).unwrap_or(0) == 0;
		if due || set_changed {
			extra = extra.saturating_add(Self::recompute(&params, &rules, &mut subnets));
		}

		// §4: the emitted shares, with the transition blend.
		let effective: Vec<Perquintill> =
			subnets.iter().filter(|s| s.emission_enabled).map(|s| s.effective_share).collect();
		let emitted = Self::emitted_shares(&params, now, &subnets, effective, &mut extra);
		let mut eligible = emitted.into_iter();
		for s in subnets.iter_mut() {
			s.emitted_share = if s.emission_enabled {
				eligible.next().unwrap_or_else(Perquintill::zero)
			} else {
				Perquintill::zero()
			};
		}

		// §5: split and credit.
		let emission: u128 = T::EmissionSchedule::block_emission().into();
		let shares: Vec<Perquintill> =
			subnets.iter().filter(|s| s.emission_enabled).map(|s| s.emitted_share).collect();
		let amounts = split::split(emission, &shares);
		let credits: Vec<(NetUid, T::Balance)> = subnets
			.iter()
			.filter(|s| s.emission_enabled)
			.zip(amounts)
			.filter(|(_, a)| *a > 0)
			.filter_map(|(s, a)| T::Balance::try_from(a).ok().map(|a| (s.netuid, a)))
			.collect();
		if !credits.is_empty() {
			let (minted, weight) = T::EmissionSink::credit(&credits);
			extra = extra.saturating_add(weight);
			if !minted.is_zero() {
				Self::deposit_event(Event::EmissionSplit {
					amount: minted,
					subnets: credits.len() as u32,
				});
			}
		}
		// Same length as read, so nothing is truncated.
		Subnets::<T>::put(BoundedVec::<_, T::MaxSubnets>::truncate_from(subnets));

		T::WeightInfo::on_initialize(n, k).saturating_add(extra)
	}

	/// §3 and §4 over the eligible subnets; writes the effective shares and
	/// the `counted` flags. Returns the weight of registry reads it made.
	fn recompute(params: &Params, rules: &ema::FoldRules, subnets: &mut [SubnetState]) -> Weight {
		let eligible: Vec<&SubnetState> = subnets.iter().filter(|s| s.emission_enabled).collect();
		let signals: Vec<SmoothedFlow> =
			eligible.iter().map(|s| ema::signal_of(&s.flow_state(), rules)).collect();
		let previous: Vec<Perquintill> = eligible.iter().map(|s| s.effective_share).collect();
		let mut reads = 0u64;
		// Total stake is read (at once) only when the `stake` policy's
		// distribution is needed.
		let stakes = || {
			reads = 1;
			let netuids: Vec<NetUid> = eligible.iter().map(|s| s.netuid).collect();
			T::SubnetRegistry::total_stakes(&netuids).into_iter().map(Into::into).collect()
		};
		let (effective, source) = math::effective_shares(params, &signals, &previous, stakes);
		if let TargetSource::Drought(policy) = source {
			Self::deposit_event(Event::Drought { policy });
		}
		let mut next = effective.into_iter();
		for s in subnets.iter_mut() {
			s.counted = s.emission_enabled;
			s.effective_share = if s.emission_enabled {
				next.next().unwrap_or_else(Perquintill::zero)
			} else {
				Perquintill::zero()
			};
		}
		T::DbWeight::get().reads(reads)
	}

	/// §4 transition: blends legacy shares into the effective ones while the
	/// window runs; drops the legacy shares once it has passed (adding that
	/// write to `weight`).
	fn emitted_shares(
		params: &Params,
		now: BlockNumberFor<T>,
		subnets: &[SubnetState],
		effective: Vec<Perquintill>,
		weight: &mut Weight,
	) -> Vec<Perquintill> {
		let Some(transition) = Transition::<T>::get() else { return effective };
		let elapsed = now.saturating_sub(transition.start);
		let window = BlockNumberFor::<T>::from(params.transition_blocks);
		if elapsed >= window {
			Transition::<T>::kill();
			*weight = weight.saturating_add(T::DbWeight::get().writes(1));
			return effective;
		}
		let elapsed: u32 = elapsed.try_into().unwrap_or(u32::MAX);
		let legacy: Vec<Perquintill> = subnets
			.iter()
			.filter(|s| s.emission_enabled)
			.map(|s| {
				transition
					.legacy_shares
					.binary_search_by_key(&s.netuid, |(netuid, _)| *netuid)
					.ok()
					.and_then(|i| transition.legacy_shares.get(i))
					.map_or_else(Perquintill::zero, |(_, share)| *share)
			})
			.collect();
		math::shares::blend(&legacy, &effective, elapsed, params.transition_blocks)
	}

	/// Adds `delta` to the flow ledger entry of `netuid` (one read, one write).
	fn record(netuid: NetUid, delta: i128) -> DispatchResult {
		FlowLedger::<T>::try_mutate(|ledger| Self::add_flow(ledger, netuid, delta))
	}

	/// Adds `delta` to `netuid`'s entry of `ledger`, inserting it in order.
	fn add_flow(
		ledger: &mut BoundedVec<(NetUid, i128), T::MaxSubnets>,
		netuid: NetUid,
		delta: i128,
	) -> DispatchResult {
		match ledger.binary_search_by_key(&netuid, |(n, _)| *n) {
			Ok(i) => {
				if let Some((_, flow)) = ledger.get_mut(i) {
					*flow = flow.saturating_add(delta);
				}
			}
			Err(i) => {
				ledger.try_insert(i, (netuid, delta)).map_err(|_| Error::<T>::FlowLedgerFull)?
			}
		}
		Ok(())
	}

	fn ledger_flow(netuid: NetUid) -> i128 {
		let ledger = FlowLedger::<T>::get();
		ledger
			.binary_search_by_key(&netuid, |(n, _)| *n)
			.ok()
			.and_then(|i| ledger.get(i))
			.map_or(0, |(_, f)| *f)
	}

	/// The §2 rules of `params`.
	fn fold_rules(params: &Params) -> ema::FoldRules {
		ema::FoldRules::new(
			params.half_life,
			params.maturity_half_life,
			params.debt_cap,
			params.ema_floor,
		)
	}

	/// Every tracked subnet with its signal under the parameters in force.
	fn subnet_infos() -> Vec<SubnetInfo> {
		let rules = Self::fold_rules(&Parameters::<T>::get());
		Subnets::<T>::get()
			.into_iter()
			.map(|s| SubnetInfo {
				netuid: s.netuid,
				emission_enabled: s.emission_enabled,
				ema: s.ema,
				debt: s.debt,
				matured: s.matured,
				signal: ema::signal_of(&s.flow_state(), &rules),
				effective_share: s.effective_share,
				emitted_share: s.emitted_share,
				eligible: s.counted,
			})
			.collect()
	}

	fn projection(netuid: NetUid, blocks: u32) -> Option<T::Balance> {
		let subnets = Subnets::<T>::get();
		let i = subnets.binary_search_by_key(&netuid, |s| s.netuid).ok()?;
		let share = subnets.get(i)?.emitted_share;
		let per_block: u128 = T::EmissionSchedule::block_emission().into();
		let total = per_block.saturating_mul(u128::from(blocks));
		let amount = math::fixed::mul_div_floor(total, split::parts(share), split::SHARE_ONE)?;
		T::Balance::try_from(amount).ok()
	}

	fn amount(balance: T::Balance) -> i128 {
		i128::try_from(balance.into()).unwrap_or(i128::MAX)
	}

	/// Checks the invariants of the pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let subnets = Subnets::<T>::get();
		ensure!(
			subnets.windows(2).all(|w| matches!(w, [a, b] if a.netuid < b.netuid)),
			TryRuntimeError::Other("subnet records must be sorted by netuid and unique")
		);
		let ledger = FlowLedger::<T>::get();
		ensure!(
			ledger.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)),
			TryRuntimeError::Other("flow ledger must be sorted by netuid and unique")
		);
		ensure!(
			ledger.iter().all(|(n, _)| subnets.binary_search_by_key(n, |s| s.netuid).is_ok()),
			TryRuntimeError::Other("flow ledger entry for an untracked subnet")
		);
		let registered = T::SubnetRegistry::registered_subnets();
		let tracked: Vec<(NetUid, bool)> =
			subnets.iter().map(|s| (s.netuid, s.emission_enabled)).collect();
		ensure!(
			registered == tracked,
			TryRuntimeError::Other("tracked subnets differ from the registry's")
		);
		ensure!(
			subnets
				.iter()
				.all(|s| s.counted || (s.effective_share.is_zero() && s.emitted_share.is_zero())),
			TryRuntimeError::Other("share for a subnet outside the last eligible set")
		);
		let tolerance = 1_000_000_000u128; // 1e-9 in parts of 1e18
		let params = Parameters::<T>::get();
		ensure!(params.validate().is_ok(), TryRuntimeError::Other("parameters out of bounds"));
		ensure!(
			PendingParams::<T>::get().is_none_or(|p| p.validate().is_ok()),
			TryRuntimeError::Other("pending parameters out of bounds")
		);
		let rules = Self::fold_rules(&params);
		ensure!(
			subnets.iter().all(|s| s.debt <= params.debt_cap),
			TryRuntimeError::Other("outflow debt above the debt cap")
		);
		// S* ≥ min(ema_floor, 0) − α·D after every fold. With the maturity
		// layer off M = S* (checked below), so the signal min(S*, M) is
		// bounded too; with it on, M may lag a raised bound.
		if let Some(bound) = rules.bound {
			ensure!(
				subnets.iter().all(|s| ema::debt_adjusted(s.ema, s.debt, rules.smoothing) >= bound),
				TryRuntimeError::Other("S − α·Q below min(ema_floor, 0) − α·D")
			);
		}
		if rules.maturity.is_none() {
			ensure!(
				subnets
					.iter()
					.all(|s| { s.matured == ema::debt_adjusted(s.ema, s.debt, rules.smoothing) }),
				TryRuntimeError::Other("matured signal differs from S − α·Q with the layer off")
			);
		}
		// A dissolved subnet leaves the others' shares short of 1 until the next
		// `on_initialize` recomputes them (the set changed); only the bounds hold.
		if CountedSetShrunk::<T>::get() {
			return Ok(());
		}
		let effective: Vec<Perquintill> = subnets.iter().map(|s| s.effective_share).collect();
		let emitted: Vec<Perquintill> = subnets.iter().map(|s| s.emitted_share).collect();
		for (what, sum) in
			[("effective", split::sum_parts(&effective)), ("emitted", split::sum_parts(&emitted))]
		{
			let ok = sum == 0 || sum.abs_diff(split::SHARE_ONE) <= tolerance;
			if !ok {
				log::error!(target: LOG_TARGET, "{what} shares sum to {sum}");
				return Err(TryRuntimeError::Other("shares must sum to 0 or 1"));
			}
		}
		Ok(())
	}
}

impl<T: Config> OnStakeFlow<T::Balance> for Pallet<T> {
	fn on_stake(netuid: NetUid, amount: T::Balance) -> DispatchResult {
		Self::record(netuid, Self::amount(amount))
	}

	fn on_unstake(netuid: NetUid, amount: T::Balance) -> DispatchResult {
		Self::record(netuid, Self::amount(amount).saturating_neg())
	}

	fn on_move(from: NetUid, to: NetUid, amount: T::Balance) -> DispatchResult {
		if from == to {
			return Ok(());
		}
		let delta = Self::amount(amount);
		// Both legs in one read and one write of the ledger.
		FlowLedger::<T>::try_mutate(|ledger| {
			Self::add_flow(ledger, from, delta.saturating_neg())?;
			Self::add_flow(ledger, to, delta)
		})
	}
}

impl<T: Config> SubnetLifecycle for Pallet<T> {
	fn max_subnets() -> u32 {
		T::MaxSubnets::get()
	}

	fn on_registered(netuid: NetUid) -> DispatchResult {
		Subnets::<T>::try_mutate(|subnets| {
			match subnets.binary_search_by_key(&netuid, |s| s.netuid) {
				Ok(_) => Err(Error::<T>::SubnetAlreadyTracked.into()),
				Err(i) => subnets
					.try_insert(i, SubnetState::new(netuid))
					.map_err(|_| Error::<T>::TooManySubnets.into()),
			}
		})
	}

	fn on_dissolved(netuid: NetUid) {
		Subnets::<T>::mutate(|subnets| {
			if let Ok(i) = subnets.binary_search_by_key(&netuid, |s| s.netuid) {
				let removed = subnets.remove(i);
				if removed.counted {
					CountedSetShrunk::<T>::put(true);
				}
			}
		});
		FlowLedger::<T>::mutate(|ledger| ledger.retain(|(n, _)| *n != netuid));
	}

	fn on_emission_enabled(netuid: NetUid, enabled: bool) {
		Subnets::<T>::mutate(|subnets| {
			if let Ok(i) = subnets.binary_search_by_key(&netuid, |s| s.netuid) {
				if let Some(s) = subnets.get_mut(i) {
					s.emission_enabled = enabled;
				}
			}
		});
	}
}
