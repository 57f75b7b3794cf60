//! The parameter set of mechanism §6 and its validation, in one place.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_arithmetic::{traits::One, FixedPointNumber, FixedU128, Perquintill};

/// What the raw target is when no subnet has a positive weight (§3.4).
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
	/// `none`: nothing is emitted in that block (Bittensor's behaviour).
	EmitNothing,
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
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
	/// Drought policy (§3.4).
	pub drought: DroughtPolicy,
}

/// Bounds of §6.
pub mod bounds {
	/// Largest half-life in blocks.
	pub const MAX_HALF_LIFE: u32 = 100_000_000;
	/// Largest update interval in blocks.
	pub const MAX_UPDATE_INTERVAL: u32 = 1_000_000;
	/// Longest transition window in blocks.
	pub const MAX_TRANSITION_BLOCKS: u32 = 100_000_000;
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
}

impl Default for Params {
	/// The defaults of mechanism §6.
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
		}
	}
}

impl Params {
	/// The Bittensor-compatible profile (§6): the shares equal those of
	/// subtensor's flow-based model (specs 334–410).
	pub fn bittensor() -> Self {
		Self { drought: DroughtPolicy::EmitNothing, ..Self::default() }
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
		Ok(())
	}
}
