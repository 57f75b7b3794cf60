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
	/// A dissolved subnet's stakers have 50,400 blocks (a week of
	/// Bittensor's 12 s blocks, 42 hours of this runtime's 3 s ones) to leave
	/// by themselves; then anyone may finish the subnet.
	pub const DissolveGracePeriod: crate::BlockNumber = 7 * 24 * 60 * 60 / 12;
	/// The registration burn never falls below 3,000 TAO: a dissolve and
	/// re-register cycle (which erases a subnet's history and outflow debt)
	/// burns at least that much, thirty times the refundable deposit. The
	/// scenario book measures the most such a cycle wins back under the
	/// default parameters at 2,553 TAO of emission; 3,000 TAO clears it with
	/// an 18% margin.
	pub const MinRegistrationBurn: Balance = 3_000 * TAO;
	/// Doubling stops at 1,000,000 TAO: nine registrations in a row reach it,
	/// so taking many slots at once burns more than the supply.
	pub const MaxRegistrationBurn: Balance = 1_000_000 * TAO;
	/// The surcharge after a registration decays over 50,400 blocks, the
	/// grace period: registrations at least 25,200 blocks apart each pay the
	/// minimum.
	pub const RegistrationBurnDecay: crate::BlockNumber = DissolveGracePeriod::get();
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
	type MinRegistrationBurn = MinRegistrationBurn;
	type MaxRegistrationBurn = MaxRegistrationBurn;
	type RegistrationBurnDecay = RegistrationBurnDecay;
	type WeightInfo = pallet_subnets::weights::SubstrateWeight<Runtime>;
}
