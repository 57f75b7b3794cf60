use frame_support::parameter_types;
use frame_system::EnsureRoot;

use crate::{AccountId, Balance, Emission, Runtime, Subnets};

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
