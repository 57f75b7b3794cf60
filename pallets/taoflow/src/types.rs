//! Stored records.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::Get;

use crate::{math::SmoothedFlow, traits::NetUid};

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
	/// Effective share `e_i` (§4); 0 unless eligible at the last computation.
	pub effective_share: Perquintill,
	/// Emitted share `f_i` of the latest block (§4, transition applied).
	pub emitted_share: Perquintill,
	/// Whether the subnet was in the eligible set of the last share
	/// computation (§4: a change of that set forces a recomputation).
	pub counted: bool,
}

impl SubnetState {
	/// A newly registered subnet: `S = 0`, no shares yet.
	pub fn new(netuid: NetUid) -> Self {
		Self {
			netuid,
			emission_enabled: true,
			ema: SmoothedFlow::ZERO,
			effective_share: Perquintill::zero(),
			emitted_share: Perquintill::zero(),
			counted: false,
		}
	}
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
