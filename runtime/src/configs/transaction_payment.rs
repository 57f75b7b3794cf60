use frame_support::{
	parameter_types,
	weights::{ConstantMultiplier, Weight},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

use crate::{Balance, Balances, Runtime, RuntimeEvent};

parameter_types! {
	/// Fee per byte of an extrinsic: 1,000 base units (10⁻⁶ TAO). A
	/// 150-byte stake call pays 0.00015 TAO for its length; a block filled
	/// with normal extrinsics (3.75 MiB) pays about 3.9 TAO.
	pub const TransactionByteFee: Balance = 1_000;
	/// Fees do not scale with congestion on this chain.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

/// One base unit per nanosecond of benchmarked execution time: a second of
/// compute costs 1 TAO, a block's normal-class capacity (1.5 s) 1.5 TAO,
/// more than the block's emission, so filling blocks never pays; a stake
/// call costs a few ten-thousandths of a TAO (`docs/performance.md` has the
/// figures). The proof size is not priced: this chain is not a parachain.
pub struct WeightToFee;
impl frame_support::weights::WeightToFee for WeightToFee {
	type Balance = Balance;

	fn weight_to_fee(weight: &Weight) -> Balance {
		Balance::from(weight.ref_time().saturating_div(1_000))
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burned.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = frame_support::traits::ConstU8<5>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = pallet_transaction_payment::ConstFeeMultiplier<FeeMultiplier>;
	/// The SDK's measurement, priced with this runtime's database weights.
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
