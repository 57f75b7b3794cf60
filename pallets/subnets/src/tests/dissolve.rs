//! Dissolving subnets: owner cut paid, emission stopped, the stakers leave
//! one call each (anyone may finish them after the grace period), the record
//! and the held deposit go with the last of them.

use super::*;
use crate::{SubnetOwners, SubnetRecords};
use frame_support::{assert_noop, traits::Get};
use sp_runtime::DispatchError;
use taoflow_primitives::SubnetRegistry;

#[test]
fn dissolving_pays_the_owner_stops_emission_and_keeps_the_deposit_held() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 5_000);
		run_blocks(3);
		let cut = claimable(1, ALICE);
		assert_eq!(cut, 3 * 180_000_000);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		// The deposit stays held while the record (Bob's stake) is there.
		assert_eq!(held_deposit(ALICE), DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - DEPOSIT + cut);
		let r = record(1).unwrap();
		assert!(r.dissolved);
		assert_eq!(r.owner_pending, 0);
		assert_eq!(SubnetOwners::<Test>::get(1).unwrap().deposit, DEPOSIT);
		assert!(events().contains(&Event::SubnetDissolved { netuid: 1, deposit: DEPOSIT }));
		assert!(events().contains(&Event::OwnerRewardsPaid {
			owner: ALICE,
			netuid: 1,
			amount: cut
		}));
		// Taoflow forgot it: no more emission, not in the registry.
		assert!(Taoflow::subnets().is_empty());
		assert!(Subnets::registered_subnets().is_empty());
		let (issued, owed) = (issuance(), claimable(1, BOB));
		run_blocks(3);
		assert_eq!(issuance(), issued);
		assert_eq!(claimable(1, BOB), owed);
	});
}

#[test]
fn only_the_owner_or_root_dissolve_and_only_once() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 1, 1_000);
		add(CHARLIE, 2, 1_000);
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::NotOwner
		);
		assert_noop!(Subnets::dissolve_network(RuntimeOrigin::none(), 1), DispatchError::BadOrigin);
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::root(), 9),
			Error::<Test>::SubnetNotFound
		);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
		// Held until the record goes (Charlie's stake keeps it).
		assert_eq!(held_deposit(ALICE), DEPOSIT);
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::root(), 1),
			Error::<Test>::SubnetDissolved
		);
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1),
			Error::<Test>::SubnetDissolved
		);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(BOB), 2));
	});
}

#[test]
fn every_staker_gets_stake_and_rewards_back_with_one_call() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		let stakers: [(AccountId, Balance); 5] =
			[(3, 1_000), (4, 2_500), (5, 4_000), (6, 10_000), (7, 33_333)];
		for (who, amount) in stakers {
			add(who, 1, amount);
		}
		add(8, 2, 1_000);
		run_blocks(4);
		// Some churn before the end.
		assert!(remove(6, 1, 5_000) >= 5_000);
		claim(3, 1);
		run_blocks(3);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		next_block();
		for (i, (who, _)) in stakers.iter().enumerate() {
			let staked = stake(1, *who);
			let owed = claimable(1, *who);
			let dust =
				if i == stakers.len() - 1 { record(1).unwrap().staker_reserve - owed } else { 0 };
			assert!(record(1).is_some());
			// One call: the whole stake, every reward, no flow.
			assert_eq!(remove(*who, 1, staked), staked + owed + dust);
			assert_eq!(flow(1), 0);
			assert_eq!(held_stake(*who), 0);
			assert_eq!(stake(1, *who), 0);
			assert_eq!(Balances::total_balance(who), ENDOWMENT + paid_to(*who));
			assert!(dust <= stakers.len() as Balance);
		}
		// The last one took the record with them.
		assert_eq!(record(1), None);
		assert_eq!(SubnetOwners::<Test>::get(1), None);
		assert!(events().contains(&Event::SubnetRemoved { netuid: 1, deposit: DEPOSIT }));
		assert_eq!(SubnetRecords::<Test>::get().len(), 1);
	});
}

#[test]
fn the_netuid_is_reused_only_after_the_last_staker_left() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 1, 1_000);
		add(DAVE, 1, 2_000);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(register(5), 3);
		remove(CHARLIE, 1, 1_000);
		assert_eq!(register(6), 4);
		remove(DAVE, 1, 2_000);
		assert_eq!(record(1), None);
		// Free again: the next registration gets it, starting from scratch.
		assert_eq!(register(7), 1);
		let r = record(1).unwrap();
		assert!(!r.dissolved);
		assert_eq!((r.total_stake, r.reward_per_stake, r.liabilities()), (0, 0, 0));
		assert_eq!(SubnetOwners::<Test>::get(1).unwrap().owner, 7);
		assert_eq!(
			Taoflow::subnets().iter().map(|s| s.netuid).collect::<Vec<_>>(),
			vec![1, 2, 3, 4]
		);
	});
}

#[test]
fn a_subnet_without_stakers_is_removed_at_once_and_its_dust_goes_to_the_owner() {
	ExtBuilder::default().owner_cut(sp_arithmetic::Perbill::zero()).build_and_execute(|| {
		register(ALICE);
		for who in [BOB, CHARLIE, DAVE] {
			add(who, 1, 1_000);
		}
		credit(&[(1, 1_000)]);
		for who in [BOB, CHARLIE, DAVE] {
			remove(who, 1, 1_000);
		}
		// One base unit of dust is left for nobody but the owner.
		assert_eq!(record(1).unwrap().staker_reserve, 1);
		let before = free(ALICE);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(free(ALICE), before + DEPOSIT + 1);
		assert_eq!(record(1), None);
		assert!(events().contains(&Event::SubnetRemoved { netuid: 1, deposit: DEPOSIT }));
	});
}

#[test]
fn no_stake_enters_a_dissolved_subnet_but_it_can_move_out() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 1, 5_000);
		add(DAVE, 2, 1_000);
		next_block();
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		assert_noop!(
			Subnets::add_stake(RuntimeOrigin::signed(DAVE), 1, 1_000),
			Error::<Test>::SubnetDissolved
		);
		assert_noop!(
			Subnets::move_stake(RuntimeOrigin::signed(DAVE), 2, 1, 1_000),
			Error::<Test>::SubnetDissolved
		);
		// Out of a dissolved subnet: an inflow into the target only.
		let owed = claimable(1, CHARLIE);
		let before = free(CHARLIE);
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 2_000));
		assert_eq!(flow(1), 0);
		assert_eq!(flow(2), 2_000);
		assert_eq!(free(CHARLIE), before + owed);
		assert_eq!(held_stake(CHARLIE), 5_000);
		// Moving the rest out removes the record.
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 3_000));
		assert_eq!(record(1), None);
		assert_eq!(stake(2, CHARLIE), 5_000);
		assert_eq!(flow(2), 5_000);
		// Taoflow renormalises the remaining shares at the next block; its
		// `try_state` does not accept the shares of a block in which a
		// counted subnet was dissolved.
		next_block();
	});
}

#[test]
fn stakers_of_a_dissolved_subnet_can_still_claim() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 1_000);
		add(CHARLIE, 1, 1_000);
		next_block();
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
		assert_eq!(claim(BOB, 1), 410_000_000);
		assert_noop!(
			Subnets::claim_rewards(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(remove(BOB, 1, 1_000), 1_000);
		assert_eq!(remove(CHARLIE, 1, 1_000), 1_000 + 410_000_000);
		assert_eq!(record(1), None);
	});
}

#[test]
fn an_owner_who_cannot_receive_the_cut_can_claim_it_later() {
	// A genesis subnet owned by an account without balance, with a cut below
	// the existential deposit.
	ExtBuilder::default()
		.emission(1_000)
		.subnets(vec![(1, NOBODY, vec![(BOB, 1_000)])])
		.build_and_execute(|| {
			next_block();
			assert_eq!(claimable(1, NOBODY), 180);
			assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
			assert_eq!(record(1).unwrap().owner_pending, 180);
			remove(BOB, 1, 1_000);
			// The stake is gone but the owner's cut is not: the record stays.
			let r = record(1).unwrap();
			assert_eq!((r.total_stake, r.owner_pending), (0, 180));
			assert_noop!(
				Subnets::claim_rewards(RuntimeOrigin::signed(NOBODY), 1),
				sp_runtime::TokenError::BelowMinimum
			);
			assert_ok!(<Balances as frame_support::traits::fungible::Mutate<AccountId>>::transfer(
				&ALICE,
				&NOBODY,
				ED,
				frame_support::traits::tokens::Preservation::Preserve,
			));
			assert_eq!(claim(NOBODY, 1), 180);
			assert_eq!(record(1), None);
			// A genesis subnet holds no deposit.
			assert!(events().contains(&Event::SubnetRemoved { netuid: 1, deposit: 0 }));
		});
}

#[test]
fn dissolved_subnets_cannot_lock_every_slot() {
	// Register, stake dust from a second account, dissolve, again and again:
	// each slot keeps its deposit held, and after the grace period anyone can
	// pay the dust staker out, which removes the record and frees the slot.
	ExtBuilder::default().build_and_execute(|| {
		let max = <<Test as crate::Config>::MaxSubnets as Get<u32>>::get();
		for _ in 0..max {
			let netuid = register(ALICE);
			add(BOB, netuid, MIN_STAKE);
			assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), netuid));
		}
		assert_eq!(held_deposit(ALICE), DEPOSIT * Balance::from(max));
		assert_noop!(
			Subnets::register_network(RuntimeOrigin::signed(CHARLIE)),
			Error::<Test>::TooManySubnets
		);
		// Within the grace period only the staker leaves by itself.
		assert_noop!(
			Subnets::finish_dissolved(RuntimeOrigin::signed(CHARLIE), 1, BOB),
			Error::<Test>::GracePeriodNotOver
		);
		run_blocks(GRACE);
		let bob = free(BOB);
		assert_ok!(Subnets::finish_dissolved(RuntimeOrigin::signed(CHARLIE), 1, BOB));
		// Bob got his stake back, the record went, the deposit was released.
		assert_eq!(free(BOB), bob + MIN_STAKE);
		assert_eq!(stake(1, BOB), 0);
		assert_eq!(record(1), None);
		assert_eq!(held_deposit(ALICE), DEPOSIT * Balance::from(max - 1));
		assert!(events().contains(&Event::SubnetRemoved { netuid: 1, deposit: DEPOSIT }));
		// The slot is free again.
		assert_eq!(register(CHARLIE), 1);
	});
}

#[test]
fn finishing_pays_each_staker_and_then_the_owner() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 5_000);
		add(CHARLIE, 1, 3_000);
		run_blocks(2);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		run_blocks(GRACE);
		let owed = claimable(1, BOB);
		let bob = free(BOB);
		assert_ok!(Subnets::finish_dissolved(RuntimeOrigin::signed(DAVE), 1, BOB));
		assert_eq!(free(BOB), bob + 5_000 + owed);
		assert!(record(1).is_some(), "Charlie is still in");
		// No flow: a dissolved subnet is no longer tracked.
		assert_eq!(flow(1), 0);
		assert_ok!(Subnets::finish_dissolved(RuntimeOrigin::signed(DAVE), 1, CHARLIE));
		assert_eq!(record(1), None);
		assert_eq!(held_deposit(ALICE), 0);
	});
}

#[test]
fn finishing_needs_a_dissolved_subnet_after_its_grace_period_and_something_to_pay() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 5_000);
		let finish = |who| Subnets::finish_dissolved(RuntimeOrigin::signed(DAVE), 1, who);
		assert_noop!(finish(BOB), Error::<Test>::SubnetNotDissolved);
		assert_noop!(
			Subnets::finish_dissolved(RuntimeOrigin::signed(DAVE), 9, BOB),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::finish_dissolved(RuntimeOrigin::none(), 1, BOB),
			DispatchError::BadOrigin
		);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		run_blocks(GRACE - 1);
		assert_noop!(finish(BOB), Error::<Test>::GracePeriodNotOver);
		run_blocks(1);
		// Neither a staker nor an owner with a cut to collect.
		assert_noop!(finish(CHARLIE), Error::<Test>::NothingToFinish);
		assert_noop!(finish(ALICE), Error::<Test>::NothingToFinish);
		assert_ok!(finish(BOB));
	});
}
