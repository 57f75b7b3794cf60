//! Stored records.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::Get;

use crate::{
	math::{ema::FlowState, SmoothedFlow},
	NetUid,
};

/// Taoflow's record of one registered subnet.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SubnetState {
	/// The subnet.
	pub netuid: NetUid,
	/// Whether the subnet's emission is enabled (eligibility, §5).
	pub emission_enabled: bool,
	/// Smoothed flow `S_i` after the latest `on_initialize` (§2).
	pub ema: SmoothedFlow,
	/// Outflow debt `Q_i` in base units, `0 ≤ Q_i ≤ D` (§2).
	pub debt: u64,
	/// Matured signal `M_i` (§2); equals `S_i − α·Q_i` with the maturity
	/// layer off.
	pub matured: SmoothedFlow,
	/// Effective share `e_i` (§4); 0 unless eligible at the last computation.
	pub effective_share: Perquintill,
	/// Emitted share `f_i` of the latest block (§4, transition applied).
	pub emitted_share: Perquintill,
	/// Whether the subnet was in the eligible set of the last share
	/// computation (§4: a change of that set forces a recomputation).
	pub was_eligible: bool,
}

impl SubnetState {
	/// A newly registered subnet: `S = Q = M = 0`, no shares yet.
	pub fn new(netuid: NetUid) -> Self {
		Self {
			netuid,
			emission_enabled: true,
			ema: SmoothedFlow::ZERO,
			debt: 0,
			matured: SmoothedFlow::ZERO,
			effective_share: Perquintill::zero(),
			emitted_share: Perquintill::zero(),
			was_eligible: false,
		}
	}

	/// The §2 state of the record.
	pub fn flow_state(&self) -> FlowState {
		FlowState { ema: self.ema, debt: self.debt, matured: self.matured }
	}

	/// Replaces the §2 state of the record.
	pub fn set_flow_state(&mut self, state: FlowState) {
		self.ema = state.ema;
		self.debt = state.debt;
		self.matured = state.matured;
	}
}

/// What clients read about one subnet: its record and the signal `Ŝ_i` that
/// the share computation reads (§2, under the parameters in force).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SubnetInfo {
	/// The subnet.
	pub netuid: NetUid,
	/// Whether the subnet's emission is enabled.
	pub emission_enabled: bool,
	/// Smoothed flow `S_i`, base units per block.
	pub ema: SmoothedFlow,
	/// Outflow debt `Q_i`, base units.
	pub debt: u64,
	/// Matured signal `M_i`, base units per block.
	pub matured: SmoothedFlow,
	/// Signal `Ŝ_i = min(S_i − α·Q_i, M_i)`, base units per block.
	pub signal: SmoothedFlow,
	/// Effective share `e_i`.
	pub effective_share: Perquintill,
	/// Emitted share `f_i` of the latest block.
	pub emitted_share: Perquintill,
	/// Whether the subnet was in the eligible set of the last share
	/// computation.
	pub eligible: bool,
}

/// The transition from the stake-based model (§4): legacy shares blended out
/// over `Params::transition_blocks` blocks starting at `start`.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxSubnets))]
pub struct TransitionState<BlockNumber, MaxSubnets: Get<u32>>
where
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// Block `A` at which the window starts.
	pub start: BlockNumber,
	/// Legacy shares `o`, netuid ascending.
	pub legacy_shares: BoundedVec<(NetUid, Perquintill), MaxSubnets>,
}

impl taoflow_primitives::HasNetUid for SubnetState {
	fn netuid(&self) -> NetUid {
		self.netuid
	}
}
