use frame_support::{parameter_types, traits::Get};
use frame_system::EnsureRoot;
use pallet_taoflow::Params;

use crate::{AccountId, Balance, Emission, Runtime, Subnets, TAO};

// The recommended profile's amounts are in units of a 9-decimal token.
const _: () = assert!(TAO == pallet_taoflow::params::recommended::UNIT as Balance);

/// Blocks over which a live chain switching to Taoflow blends its emitted
/// shares from the stake-based ones to the flow-based ones: two smoothing
/// half-lives (15 days at 3 s blocks). By then a steady flow's smoothed
/// value has reached 3/4 of its level, and no emitted share moves by more
/// than `1/432,000` of the emission per block through the blend.
pub const SWITCH_OVER_WINDOW: u32 = 2 * 216_000;

/// The parameters a live chain switches to Taoflow with: the recommended
/// profile and a transition window of [`SWITCH_OVER_WINDOW`] blocks.
pub struct SwitchOverParams;
impl Get<Params> for SwitchOverParams {
	fn get() -> Params {
		Params { transition_blocks: SWITCH_OVER_WINDOW, ..Params::recommended() }
	}
}

parameter_types! {
	/// Subnets that can exist at once (Bittensor runs 128; room to grow).
	pub const MaxSubnets: u32 = 1024;
}

impl pallet_taoflow::Config for Runtime {
	type Balance = Balance;
	type SubnetRegistry = Subnets;
	type EmissionSchedule = Emission;
	type EmissionSink = Subnets;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSubnets = MaxSubnets;
	type WeightInfo = pallet_taoflow::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_subnets::TaoflowBenchmarkHelper<Runtime>;
}
