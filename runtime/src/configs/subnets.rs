use frame_support::{parameter_types, PalletId};
use sp_runtime::Perbill;

use crate::{Balance, Balances, Runtime, RuntimeHoldReason, Taoflow, MILLI_TAO, TAO};

parameter_types! {
	/// Deposit held while a subnet is registered.
	pub const RegistrationDeposit: Balance = 100 * TAO;
	/// Smallest amount of stake that can be added, removed or moved.
	pub const MinStake: Balance = MILLI_TAO;
	/// The account that holds minted emission until it is claimed.
	pub const SubnetsPalletId: PalletId = PalletId(*b"tf/subnt");
	/// The largest owner cut governance may set: stakers keep at least half
	/// of every subnet's emission (the default cut is Bittensor's 18%).
	pub const MaxOwnerCut: Perbill = Perbill::from_percent(50);
	/// A dissolved subnet's stakers have a week (50,400 blocks of 12 s) to
	/// leave by themselves; then anyone may finish the subnet.
	pub const DissolveGracePeriod: crate::BlockNumber = 7 * 24 * 60 * 60 / 12;
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
	type AdminOrigin = frame_system::EnsureRoot<crate::AccountId>;
	type MaxOwnerCut = MaxOwnerCut;
	type DissolveGracePeriod = DissolveGracePeriod;
	type WeightInfo = pallet_subnets::weights::SubstrateWeight<Runtime>;
}
