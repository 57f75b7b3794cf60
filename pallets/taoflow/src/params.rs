//! The parameter set of mechanism §6 and its validation, in one place.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::{traits::One, FixedPointNumber, FixedU128, Perquintill};

/// The fallback distribution `d` of §3.5: where the part of the emission goes
/// that the flows do not justify (all of it in a drought, the weak-signal
/// remainder `1 − g` and the excess above the cap otherwise).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DroughtPolicy {
	/// `none`: `d = 0`; nothing is emitted when no subnet has a positive
	/// signal (Bittensor's behaviour). Allowed only with the cap and the gate
	/// off.
	None,
	/// `equal`: every eligible subnet gets `1/N`.
	Equal,
	/// `keep_last`: the current effective shares, renormalised over the
	/// eligible subnets (`equal` if they sum to 0).
	KeepLast,
	/// `stake`: proportional to each subnet's total stake (`equal` if all 0).
	Stake,
}

/// Every tunable of the mechanism. All of them live in storage, have genesis
/// values and are changed together by `set_params`.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Params {
	/// Half-life `H` of the smoothed flow, in blocks (§2). Bounds `[1, 10^8]`.
	pub half_life: u32,
	/// `cutoff`: the highest lower limit `L` (§3.1), in base units per block.
	pub cutoff: i128,
	/// Exponent `p` of the weights `w = z^p` (§3.3). Bounds `[1, 2]`.
	pub exponent: FixedU128,
	/// Share cap `c` (§3.5). Bounds `(0, 1]`; 1 turns the cap off.
	pub max_share: Perquintill,
	/// Smoothing `β` of the effective shares (§4). Bounds `(0, 1]`; 1 is off.
	pub smoothing: Perquintill,
	/// Update interval `U` in blocks (§4). Bounds `[1, 10^6]`.
	pub update_interval: u32,
	/// Transition window `T` in blocks (§4). Bounds `[0, 10^8]`; 0 is off.
	pub transition_blocks: u32,
	/// Optional floor of the smoothed flow, in base units per block (§2).
	/// Must be `≤ 0`.
	pub ema_floor: Option<i128>,
	/// Drought policy: the fallback distribution `d` (§3.5).
	pub drought: DroughtPolicy,
	/// Debt cap `D` of the outflow debt ledger, in base units (§2). Bounds
	/// `[0, 2^64 − 1]` (the type's range); 0 turns the ledger off.
	pub debt_cap: u64,
	/// Half-life `H_m` of the maturity layer, in blocks (§2). 0 turns the
	/// layer off; otherwise bounds `[1, 10^8]`.
	pub maturity_half_life: u32,
	/// Signal-strength gate `θ` in base units per block of smoothed flow
	/// (§3.4). Bounds `[0, 2^64]`; 0 turns the gate off.
	pub min_signal: u128,
}

/// Bounds of §6.
pub mod bounds {
	/// Largest half-life in blocks.
	pub const MAX_HALF_LIFE: u32 = 100_000_000;
	/// Largest update interval in blocks.
	pub const MAX_UPDATE_INTERVAL: u32 = 1_000_000;
	/// Longest transition window in blocks.
	pub const MAX_TRANSITION_BLOCKS: u32 = 100_000_000;
	/// Largest maturity half-life in blocks.
	pub const MAX_MATURITY_HALF_LIFE: u32 = 100_000_000;
	/// Largest `|cutoff|`, in base units per block.
	pub const MAX_CUTOFF: u128 = 1 << 64;
	/// Largest signal-strength gate `θ`, in base units per block.
	pub const MAX_MIN_SIGNAL: u128 = 1 << 64;
}

/// Why a parameter set was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidParam {
	/// `half_life` outside `[1, 10^8]`.
	HalfLife,
	/// `exponent` outside `[1, 2]`.
	Exponent,
	/// `max_share` is 0.
	MaxShare,
	/// `smoothing` is 0.
	Smoothing,
	/// `update_interval` outside `[1, 10^6]`.
	UpdateInterval,
	/// `transition_blocks` above `10^8`.
	TransitionBlocks,
	/// `ema_floor` above 0.
	EmaFloor,
	/// `|cutoff|` above `2^64`.
	Cutoff,
	/// `maturity_half_life` neither 0 nor within `[1, 10^8]`.
	MaturityHalfLife,
	/// `min_signal` above `2^64`.
	MinSignal,
	/// Drought policy `none` with a share cap (`max_share < 1`).
	NoneWithCap,
	/// Drought policy `none` with a signal gate (`min_signal > 0`).
	NoneWithGate,
}

impl Default for Params {
	/// The mechanism's defaults (§6): every rule of version 2 off, no cap, no
	/// smoothing, drought `keep_last`. A scenario file's omitted keys take
	/// these values. Chains start from [`Params::recommended`].
	fn default() -> Self {
		Self {
			half_life: 216_000,
			cutoff: 0,
			exponent: FixedU128::one(),
			max_share: Perquintill::one(),
			smoothing: Perquintill::one(),
			update_interval: 1,
			transition_blocks: 0,
			ema_floor: None,
			drought: DroughtPolicy::KeepLast,
			debt_cap: 0,
			maturity_half_life: 0,
			min_signal: 0,
		}
	}
}

/// The recommended profile's amounts, for a token of `10^9` base units
/// (TAO's nine decimals).
pub mod recommended {
	/// Base units of one token.
	pub const UNIT: u64 = 1_000_000_000;
	/// The half-life `H` and the maturity half-life `H_m`: 216,000 blocks,
	/// 30 days of 12-second blocks.
	pub const HALF_LIFE: u32 = 216_000;
	/// `α·10,000` tokens at [`HALF_LIFE`], in base units per block: the EMA
	/// floor caps what a subnet's smoothed flow can owe at the smoothed value
	/// of a 10,000-token outflow.
	pub const EMA_FLOOR: i128 = -32_090_096;
	/// The debt cap `D`: outflows up to 10,000 tokens are remembered as debt
	/// that later inflow repays before it counts.
	pub const DEBT_CAP: u64 = 10_000 * UNIT;
	/// The signal-strength gate `θ = α·1,000` tokens at [`HALF_LIFE`], in
	/// base units per block: below a total positive signal worth a fresh
	/// 1,000-token stake, only that fraction of the emission follows the
	/// flows.
	pub const MIN_SIGNAL: u128 = 3_209_010;
}

impl Params {
	/// The recommended profile, which a new chain starts with. The scenario
	/// book measures each choice (amounts for a token of [`recommended::UNIT`]
	/// base units):
	///
	/// - `H = H_m = 216,000` blocks (30 days): with the debt ledger,
	///   recycling or moving capital earns no more than holding it at every
	///   horizon measured (up to twelve half-lives).
	/// - `D = 10,000` tokens: capital up to `D` that leaves and comes back is
	///   never paid twice; after an exit a subnet with a steady inflow `f`
	///   earns again within about `2·D/f` blocks.
	/// - `θ = α·1,000` tokens: a dust stake in a drought moves a negligible
	///   part of the emission; the rest follows the drought policy.
	/// - `cutoff = 0`, `p = 1`: Bittensor's lower limit and weights.
	/// - `c = 0.25`: no subnet's target exceeds a quarter of the emission (or
	///   `1/N`); the excess follows the drought policy, not other flows.
	/// - `β = 0.01` at `U = 1`: no share rises by more than 1% of the
	///   emission per block; `U > 1` paid a recycler more than a holder.
	/// - `ema_floor = −α·10,000` tokens: the smoothed flow owes at most a
	///   10,000-token outflow beyond the debt, so every signal stays above
	///   `−2·α·D`.
	/// - `drought = keep_last`: when the flows do not carry the emission, the
	///   last shares do, so every block with an eligible subnet emits.
	/// - `T = 0`: a new chain has no stake-based shares to blend from; a live
	///   chain switching over sets its window through the migration.
	pub fn recommended() -> Self {
		Self {
			half_life: recommended::HALF_LIFE,
			cutoff: 0,
			exponent: FixedU128::one(),
			max_share: Perquintill::from_percent(25),
			smoothing: Perquintill::from_percent(1),
			update_interval: 1,
			transition_blocks: 0,
			ema_floor: Some(recommended::EMA_FLOOR),
			drought: DroughtPolicy::KeepLast,
			debt_cap: recommended::DEBT_CAP,
			maturity_half_life: recommended::HALF_LIFE,
			min_signal: recommended::MIN_SIGNAL,
		}
	}

	/// The Bittensor-compatible profile (§6): the shares equal those of
	/// subtensor's flow-based model (specs 334–410). The debt ledger, the
	/// maturity layer and the gate are off.
	pub fn bittensor() -> Self {
		Self { drought: DroughtPolicy::None, ..Self::default() }
	}

	/// Checks every bound of §6; the first violated one is reported.
	pub fn validate(&self) -> Result<(), InvalidParam> {
		use bounds::*;
		if !(1..=MAX_HALF_LIFE).contains(&self.half_life) {
			return Err(InvalidParam::HalfLife);
		}
		let two = FixedU128::saturating_from_integer(2u32);
		if self.exponent < FixedU128::one() || self.exponent > two {
			return Err(InvalidParam::Exponent);
		}
		if self.max_share.is_zero() {
			return Err(InvalidParam::MaxShare);
		}
		if self.smoothing.is_zero() {
			return Err(InvalidParam::Smoothing);
		}
		if !(1..=MAX_UPDATE_INTERVAL).contains(&self.update_interval) {
			return Err(InvalidParam::UpdateInterval);
		}
		if self.transition_blocks > MAX_TRANSITION_BLOCKS {
			return Err(InvalidParam::TransitionBlocks);
		}
		if self.ema_floor.is_some_and(|f| f > 0) {
			return Err(InvalidParam::EmaFloor);
		}
		if self.cutoff.unsigned_abs() > MAX_CUTOFF {
			return Err(InvalidParam::Cutoff);
		}
		if self.maturity_half_life > MAX_MATURITY_HALF_LIFE {
			return Err(InvalidParam::MaturityHalfLife);
		}
		if self.min_signal > MAX_MIN_SIGNAL {
			return Err(InvalidParam::MinSignal);
		}
		if self.drought == DroughtPolicy::None {
			if self.max_share != Perquintill::one() {
				return Err(InvalidParam::NoneWithCap);
			}
			if self.min_signal != 0 {
				return Err(InvalidParam::NoneWithGate);
			}
		}
		Ok(())
	}
}
