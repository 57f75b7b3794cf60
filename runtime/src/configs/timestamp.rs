use crate::{Aura, Runtime, SLOT_DURATION};

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
	/// The SDK's measurement, priced with this runtime's database weights.
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}
