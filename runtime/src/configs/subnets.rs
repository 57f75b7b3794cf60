use frame_support::{parameter_types, PalletId};

use crate::{Balance, Balances, Runtime, RuntimeHoldReason, Taoflow, MILLI_TAO, TAO};

parameter_types! {
	/// Deposit held while a subnet is registered.
	pub const RegistrationDeposit: Balance = 100 * TAO;
	/// Smallest amount of stake that can be added, removed or moved.
	pub const MinStake: Balance = MILLI_TAO;
	/// The account that holds minted emission until it is claimed.
	pub const SubnetsPalletId: PalletId = PalletId(*b"tf/subnt");
}

impl pallet_subnets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Flows = Taoflow;
	type Lifecycle = Taoflow;
	type MaxSubnets = super::MaxSubnets;
	type RegistrationDeposit = RegistrationDeposit;
	type MinStake = MinStake;
	type PalletId = SubnetsPalletId;
	type WeightInfo = pallet_subnets::weights::SubstrateWeight<Runtime>;
}
