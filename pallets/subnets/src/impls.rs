//! What this pallet offers other pallets: the subnet registry and the
//! emission sink Taoflow uses, and the helper for Taoflow's benchmarks.

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use sp_runtime::traits::Saturating;
use taoflow_primitives::{EmissionSink, NetUid, SortedByNetUid, SubnetRegistry};

#[cfg(feature = "runtime-benchmarks")]
use crate::SubnetOwners;
use crate::{BalanceOf, Config, OwnerCut, Pallet, SubnetRecords, LOG_TARGET};

impl<T: Config> SubnetRegistry<BalanceOf<T>> for Pallet<T> {
	fn registered_subnets() -> Vec<(NetUid, bool)> {
		SubnetRecords::<T>::get()
			.iter()
			.filter(|r| !r.dissolved)
			.map(|r| (r.netuid, r.emission_enabled))
			.collect()
	}

	fn total_stakes(netuids: &[NetUid]) -> Vec<BalanceOf<T>> {
		// One read of the records; both sides ascend, so one merge walk.
		let records = SubnetRecords::<T>::get();
		let mut at = records.iter().peekable();
		netuids
			.iter()
			.map(|netuid| {
				while at.next_if(|r| r.netuid < *netuid).is_some() {}
				at.peek().filter(|r| r.netuid == *netuid).map_or_else(Zero::zero, |r| r.total_stake)
			})
			.collect()
	}
}

impl<T: Config> EmissionSink<BalanceOf<T>> for Pallet<T> {
	/// Accrues each amount to its subnet and mints their sum into the pot in
	/// one go; returns that sum. Amounts for subnets without a live record
	/// (a wiring bug) are neither accrued nor minted, and logged.
	fn credit(amounts: &[(NetUid, BalanceOf<T>)]) -> BalanceOf<T> {
		let mut records = SubnetRecords::<T>::get();
		let cut = OwnerCut::<T>::get();
		let mut total: BalanceOf<T> = Zero::zero();
		for (netuid, amount) in amounts {
			let live = records.find_netuid_mut(*netuid).filter(|r| !r.dissolved);
			match (live, total.checked_add(amount)) {
				(Some(record), Some(sum)) => {
					record.accrue(*amount, cut);
					total = sum;
				}
				_ => log::warn!(
					target: LOG_TARGET,
					"emission of {amount:?} for subnet {netuid} was not credited",
				),
			}
		}
		if total.is_zero() {
			return Zero::zero();
		}
		if let Err(e) = T::Currency::mint_into(&Self::pot_account(), total) {
			log::error!(target: LOG_TARGET, "minting {total:?} of emission failed: {e:?}");
			return Zero::zero();
		}
		SubnetRecords::<T>::put(records);
		total
	}

	/// Endows the pot with the currency's minimum balance, as genesis does,
	/// if it holds less (a chain that adds Taoflow to a registry that had no
	/// pot): minted emission then never falls below the existential deposit
	/// and the pot is never reaped.
	fn prepare() -> Weight {
		let db = T::DbWeight::get();
		let pot = Self::pot_account();
		let shortfall = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pot));
		if shortfall.is_zero() {
			return db.reads(1);
		}
		match T::Currency::mint_into(&pot, shortfall) {
			Ok(_) => log::info!(target: LOG_TARGET, "endowed the reward pot with {shortfall:?}"),
			Err(e) => log::error!(target: LOG_TARGET, "endowing the reward pot failed: {e:?}"),
		}
		// The pot's account and the total issuance.
		db.reads_writes(2, 2)
	}
}

/// Registers subnets in this pallet for Taoflow's benchmarks (set it as
/// Taoflow's `BenchmarkHelper`).
#[cfg(feature = "runtime-benchmarks")]
pub struct TaoflowBenchmarkHelper<T>(core::marker::PhantomData<T>);

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> taoflow_primitives::BenchmarkHelper for TaoflowBenchmarkHelper<T> {
	// Benchmark set-up: a subnet that cannot be registered is a broken
	// benchmark and must fail loudly.
	#[allow(clippy::expect_used)]
	fn register_subnet() -> NetUid {
		use frame_support::traits::fungible::MutateHold;
		let records = SubnetRecords::<T>::get();
		let netuid = Pallet::<T>::lowest_free_netuid(&records).expect("a free netuid");
		let owner: T::AccountId = frame_benchmarking::account("subnet owner", netuid.into(), 0);
		Pallet::<T>::register_at(&owner, netuid).expect("the benchmark's subnet registers");
		// The owner stakes the minimum, so that crediting the subnet takes
		// the stakers' path (the reward accumulator) as on a live chain. No
		// flow is reported: the benchmark fills the flow ledger itself.
		let stake = T::MinStake::get();
		T::Currency::set_balance(&owner, stake.saturating_add(T::Currency::minimum_balance()));
		let mut records = SubnetRecords::<T>::get();
		let record = records.find_netuid_mut(netuid).expect("the subnet just registered");
		Pallet::<T>::stake_into(record, &owner, stake).expect("a first stake settles");
		SubnetRecords::<T>::put(records);
		T::Currency::hold(&crate::HoldReason::Stake.into(), &owner, stake)
			.expect("the owner was funded for its stake");
		netuid
	}

	fn forget_subnet(netuid: NetUid) {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		SubnetRecords::<T>::mutate(|records| records.retain(|r| r.netuid != netuid));
		SubnetOwners::<T>::remove(netuid);
		for (who, stake) in crate::Stakes::<T>::drain_prefix(netuid) {
			let _ = T::Currency::release(
				&crate::HoldReason::Stake.into(),
				&who,
				stake.stake,
				Precision::BestEffort,
			);
		}
	}
}
