//! Tests by topic; every one runs on the mock and ends with both pallets'
//! `try_state` and the exact pot check (`pot = ED + liabilities`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing, clippy::panic)]

mod accounting;
mod burn;
mod dissolve;
mod genesis;
mod hostile;
mod registration;
mod rewards;
mod staking;

use frame_support::{assert_ok, traits::fungible::Inspect};
use taoflow_primitives::EmissionSink;

pub use crate::{mock::*, Error, Event};
pub use taoflow_primitives::NetUid;

/// The netuid and burn of the last `SubnetRegistered` event.
pub fn last_registration() -> (NetUid, Balance) {
	events()
		.iter()
		.rev()
		.find_map(|e| match e {
			Event::SubnetRegistered { netuid, burned, .. } => Some((*netuid, *burned)),
			_ => None,
		})
		.unwrap()
}

/// Registers a subnet owned by `owner`; returns its netuid.
pub fn register(owner: AccountId) -> NetUid {
	assert_ok!(Subnets::register_network(RuntimeOrigin::signed(owner)));
	last_registration().0
}

/// `who` stakes `amount` into `netuid`.
pub fn add(who: AccountId, netuid: NetUid, amount: Balance) {
	assert_ok!(Subnets::add_stake(RuntimeOrigin::signed(who), netuid, amount));
}

/// `who` unstakes `amount` from `netuid`; returns the change of their free
/// balance.
pub fn remove(who: AccountId, netuid: NetUid, amount: Balance) -> Balance {
	let before = free(who);
	assert_ok!(Subnets::remove_stake(RuntimeOrigin::signed(who), netuid, amount));
	free(who) - before
}

/// `who` claims in `netuid`; returns what they received.
pub fn claim(who: AccountId, netuid: NetUid) -> Balance {
	let before = free(who);
	assert_ok!(Subnets::claim_rewards(RuntimeOrigin::signed(who), netuid));
	free(who) - before
}

/// Calls the emission sink directly; returns what it minted.
pub fn credit(amounts: &[(NetUid, Balance)]) -> Balance {
	<Subnets as EmissionSink<Balance>>::credit(amounts)
}

/// Total issuance.
pub fn issuance() -> Balance {
	Balances::total_issuance()
}

/// Taoflow's flow ledger entry of `netuid` for the current block.
pub fn flow(netuid: NetUid) -> i128 {
	Taoflow::pending_flow(netuid)
}

/// What `who` could claim in `netuid` now.
pub fn claimable(netuid: NetUid, who: AccountId) -> Balance {
	Subnets::claimable(netuid, who)
}

/// Sum of every `RewardsPaid` and `OwnerRewardsPaid` so far.
pub fn paid_out() -> Balance {
	events()
		.iter()
		.map(|e| match e {
			Event::RewardsPaid { amount, .. } | Event::OwnerRewardsPaid { amount, .. } => *amount,
			_ => 0,
		})
		.sum()
}

/// The sum of `RewardsPaid` to `who` so far.
pub fn paid_to(who: AccountId) -> Balance {
	events()
		.iter()
		.map(|e| match e {
			Event::RewardsPaid { who: w, amount, .. } if *w == who => *amount,
			_ => 0,
		})
		.sum()
}

#[test]
fn pot_is_endowed_and_issuance_includes_it() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(free(pot()), ED);
		assert_eq!(issuance(), 10 * ENDOWMENT + ED);
		assert_eq!(Balances::minimum_balance(), ED);
	});
}
