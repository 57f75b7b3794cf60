//! Benchmarks (`frame_benchmarking::v2`) of every call and of the emission
//! sink. Each call runs its most expensive path: rewards to settle and pay,
//! Taoflow notified, the full record vector where a search walks it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing)]

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::InspectHold;
use frame_system::RawOrigin;
use taoflow_primitives::EmissionSink;

const SEED: u32 = 0;

/// The smallest stake operation.
fn min<T: Config>() -> BalanceOf<T> {
	T::MinStake::get()
}

/// Enough balance for one registration at the highest burn, its deposit,
/// the stakes below and the existential deposit; no more, so that a
/// thousand funded accounts stay far below the balance type's limit.
fn plenty<T: Config>() -> BalanceOf<T> {
	T::MaxRegistrationBurn::get()
		.saturating_add(T::RegistrationDeposit::get())
		.saturating_add(T::MinStake::get().saturating_mul(1_000u32.into()))
		.saturating_add(T::Currency::minimum_balance().saturating_mul(2u32.into()))
}

/// A fresh account holding [`plenty`].
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, plenty::<T>());
	who
}

/// The pot holds its endowment (genesis does this on a real chain).
fn endow_pot<T: Config>() {
	let pot = Pallet::<T>::pot_account();
	let endowment = T::Currency::minimum_balance();
	if T::Currency::balance(&pot) < endowment {
		T::Currency::set_balance(&pot, endowment);
	}
}

/// Registers a subnet owned by a fresh funded account.
fn subnet<T: Config>(index: u32) -> (NetUid, T::AccountId) {
	let owner = funded::<T>("owner", index);
	let netuid = Pallet::<T>::lowest_free_netuid(&SubnetRecords::<T>::get()).unwrap();
	Pallet::<T>::register_network(RawOrigin::Signed(owner.clone()).into()).unwrap();
	(netuid, owner)
}

/// Registers subnets, each with a stake (so Taoflow's flow ledger has an
/// entry for it), until `MaxSubnets − free` exist: the record vector and
/// the ledger as large as the calls can meet while `free` subnets are left
/// to register. Works on a chain that has subnets already.
fn fill<T: Config>(free: u32) {
	let target = T::MaxSubnets::get().saturating_sub(free);
	let mut i = 1_000u32;
	while (SubnetRecords::<T>::decode_len().unwrap_or(0) as u32) < target {
		let (netuid, owner) = subnet::<T>(i);
		stake::<T>(&owner, netuid, min::<T>());
		i += 1;
	}
}

/// `who` stakes `amount` into `netuid`.
fn stake<T: Config>(who: &T::AccountId, netuid: NetUid, amount: BalanceOf<T>) {
	Pallet::<T>::add_stake(RawOrigin::Signed(who.clone()).into(), netuid, amount).unwrap();
}

/// Credits `netuid` so that its owner and stakers have rewards to be paid.
/// (The pot is endowed first.)
fn accrue<T: Config>(netuid: NetUid) {
	endow_pot::<T>();
	let amount = min::<T>().saturating_mul(1_000u32.into()).max(1_000u32.into());
	<Pallet<T> as EmissionSink<BalanceOf<T>>>::credit(&[(netuid, amount)]);
}

fn record<T: Config>(netuid: NetUid) -> Option<SubnetRecord<BalanceOf<T>>> {
	SubnetRecords::<T>::get().into_iter().find(|r| r.netuid == netuid)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `MaxSubnets − 1` subnets exist, each with a flow in the ledger: the
	/// search for a free netuid walks the whole vector.
	#[benchmark]
	fn register_network() {
		let max = T::MaxSubnets::get();
		fill::<T>(1);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(SubnetRecords::<T>::get().len() as u32, max);
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::SubnetDeposit.into(), &caller),
			T::RegistrationDeposit::get()
		);
	}

	/// The owner's cut is paid and Taoflow told; a staker keeps the record
	/// (and the deposit) alive.
	#[benchmark]
	fn dissolve_network() {
		fill::<T>(1);
		let (netuid, owner) = subnet::<T>(0);
		let staker = funded::<T>("staker", 0);
		stake::<T>(&staker, netuid, min::<T>());
		accrue::<T>(netuid);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), netuid);

		let r = record::<T>(netuid).unwrap();
		assert!(r.dissolved);
		assert!(r.owner_pending.is_zero());
	}

	/// After the grace period, the last staker of a dissolved subnet is paid
	/// out by a third party: the record goes and the deposit is released.
	#[benchmark]
	fn finish_dissolved() {
		fill::<T>(1);
		let (netuid, owner) = subnet::<T>(0);
		let staker = funded::<T>("staker", 0);
		stake::<T>(&staker, netuid, min::<T>());
		accrue::<T>(netuid);
		Pallet::<T>::dissolve_network(RawOrigin::Signed(owner).into(), netuid).unwrap();
		let later =
			frame_system::Pallet::<T>::block_number().saturating_add(T::DissolveGracePeriod::get());
		frame_system::Pallet::<T>::set_block_number(later);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), netuid, staker);

		assert!(record::<T>(netuid).is_none());
	}

	#[benchmark]
	fn set_emission_enabled() {
		fill::<T>(1);
		let (netuid, _) = subnet::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Root, netuid, false);

		assert!(!record::<T>(netuid).unwrap().emission_enabled);
	}

	/// Adding to an existing stake with rewards to pay.
	#[benchmark]
	fn add_stake() {
		fill::<T>(1);
		let (netuid, _) = subnet::<T>(0);
		let staker = funded::<T>("staker", 0);
		stake::<T>(&staker, netuid, min::<T>());
		accrue::<T>(netuid);

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), netuid, min::<T>());

		assert_eq!(Stakes::<T>::get(netuid, &staker).unwrap().stake, min::<T>() * 2u32.into());
	}

	/// A partial removal from a live subnet (an outflow) with rewards to pay.
	#[benchmark]
	fn remove_stake() {
		fill::<T>(1);
		let (netuid, _) = subnet::<T>(0);
		let staker = funded::<T>("staker", 0);
		stake::<T>(&staker, netuid, min::<T>() * 2u32.into());
		accrue::<T>(netuid);

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), netuid, min::<T>());

		assert_eq!(Stakes::<T>::get(netuid, &staker).unwrap().stake, min::<T>());
	}

	/// A partial move with rewards to pay in both subnets.
	#[benchmark]
	fn move_stake() {
		fill::<T>(2);
		let (from, _) = subnet::<T>(0);
		let (to, _) = subnet::<T>(1);
		let staker = funded::<T>("staker", 0);
		stake::<T>(&staker, from, min::<T>() * 2u32.into());
		stake::<T>(&staker, to, min::<T>());
		accrue::<T>(from);
		accrue::<T>(to);

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), from, to, min::<T>());

		assert_eq!(Stakes::<T>::get(from, &staker).unwrap().stake, min::<T>());
		assert_eq!(Stakes::<T>::get(to, &staker).unwrap().stake, min::<T>() * 2u32.into());
	}

	/// The owner is also a staker: both parts are paid.
	#[benchmark]
	fn claim_rewards() {
		fill::<T>(1);
		let (netuid, owner) = subnet::<T>(0);
		stake::<T>(&owner, netuid, min::<T>());
		accrue::<T>(netuid);
		assert!(!Pallet::<T>::claimable_now(netuid, &owner).is_zero());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), netuid);

		assert!(Pallet::<T>::claimable_now(netuid, &owner).is_zero());
	}

	#[benchmark]
	fn set_owner_cut() {
		let cut = Perbill::from_percent(10);

		#[extrinsic_call]
		_(RawOrigin::Root, cut);

		assert_eq!(OwnerCut::<T>::get(), cut);
	}

	/// The emission sink crediting `n` subnets that all have stakers.
	#[benchmark]
	fn credit(n: Linear<1, { T::MaxSubnets::get() }>) {
		let amount = min::<T>().saturating_mul(1_000u32.into()).max(1_000u32.into());
		let existing = SubnetRecords::<T>::decode_len().unwrap_or(0) as u32;
		for i in existing..n {
			let (netuid, _) = subnet::<T>(i);
			let staker = funded::<T>("staker", i);
			stake::<T>(&staker, netuid, min::<T>());
		}
		// Every subnet is credited (on a chain with more than `n` subnets
		// already, all of them: the heavier case).
		let amounts: Vec<_> =
			SubnetRecords::<T>::get().iter().map(|r| (r.netuid, amount)).collect();
		let n = amounts.len() as u32;
		endow_pot::<T>();
		let issued = T::Currency::total_issuance();

		#[block]
		{
			<Pallet<T> as EmissionSink<BalanceOf<T>>>::credit(&amounts);
		}

		assert_eq!(T::Currency::total_issuance(), issued + amount * n.into());
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
