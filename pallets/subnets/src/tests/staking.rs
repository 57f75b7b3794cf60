//! Adding, removing and moving stake: holds, flows reported to Taoflow, and
//! every error path.

use super::*;
use frame_support::{assert_noop, traits::fungible::Inspect};
use sp_runtime::DispatchError;

/// Two subnets owned by Alice and Bob.
fn two_subnets() {
	assert_eq!(register(ALICE), 1);
	assert_eq!(register(BOB), 2);
}

#[test]
fn adding_stake_holds_it_and_reports_an_inflow() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		assert_eq!(held_stake(CHARLIE), 5_000);
		assert_eq!(free(CHARLIE), ENDOWMENT - 5_000);
		assert_eq!(stake(1, CHARLIE), 5_000);
		assert_eq!(record(1).unwrap().total_stake, 5_000);
		assert_eq!(flow(1), 5_000);
		assert!(events().contains(&Event::StakeAdded { who: CHARLIE, netuid: 1, amount: 5_000 }));
		// More stake adds up, in stake and in flow; other subnets see nothing.
		add(CHARLIE, 1, MIN_STAKE);
		add(DAVE, 1, 2_000);
		assert_eq!(stake(1, CHARLIE), 6_000);
		assert_eq!(record(1).unwrap().total_stake, 8_000);
		assert_eq!(flow(1), 8_000);
		assert_eq!(flow(2), 0);
		// Stake is held, not moved: issuance and total balance are unchanged.
		assert_eq!(Balances::total_balance(&CHARLIE), ENDOWMENT);
		assert_eq!(issuance(), 10 * ENDOWMENT + ED);
		// The ledger is per block: Taoflow folds it at the next block.
		next_block();
		assert_eq!(flow(1), 0);
	});
}

#[test]
fn adding_stake_is_refused_for_unknown_dissolved_dust_or_unaffordable_amounts() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		let signed = RuntimeOrigin::signed;
		assert_noop!(Subnets::add_stake(signed(CHARLIE), 9, 5_000), Error::<Test>::SubnetNotFound);
		assert_noop!(Subnets::add_stake(signed(CHARLIE), 0, 5_000), Error::<Test>::SubnetNotFound);
		assert_noop!(Subnets::add_stake(signed(CHARLIE), 1, 0), Error::<Test>::AmountBelowMinimum);
		assert_noop!(
			Subnets::add_stake(signed(CHARLIE), 1, MIN_STAKE - 1),
			Error::<Test>::AmountBelowMinimum
		);
		// The existential deposit must stay free.
		assert_noop!(
			Subnets::add_stake(signed(CHARLIE), 1, ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Subnets::add_stake(signed(CHARLIE), 1, ENDOWMENT - ED + 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Subnets::add_stake(signed(NOBODY), 1, MIN_STAKE),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(Subnets::add_stake(RuntimeOrigin::none(), 1, 5_000), DispatchError::BadOrigin);
		add(CHARLIE, 1, ENDOWMENT - ED);
		assert_eq!(free(CHARLIE), ED);
		// Dissolved (the record lives on while Charlie's stake is in it).
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		assert_noop!(Subnets::add_stake(signed(DAVE), 1, 5_000), Error::<Test>::SubnetDissolved);
		assert_eq!(flow(1), 0);
	});
}

#[test]
fn removing_stake_releases_it_and_reports_an_outflow() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		assert_eq!(remove(CHARLIE, 1, 2_000), 2_000);
		assert_eq!(held_stake(CHARLIE), 3_000);
		assert_eq!(stake(1, CHARLIE), 3_000);
		assert_eq!(record(1).unwrap().total_stake, 3_000);
		assert_eq!(flow(1), 3_000);
		assert!(events().contains(&Event::StakeRemoved { who: CHARLIE, netuid: 1, amount: 2_000 }));
		next_block();
		let reward = claimable(1, CHARLIE);
		assert!(reward > 0);
		// Everything out: stake and rewards in one call; the entry is gone.
		assert_eq!(remove(CHARLIE, 1, 3_000), 3_000 + reward);
		assert_eq!(flow(1), -3_000);
		assert_eq!(held_stake(CHARLIE), 0);
		assert!(crate::Stakes::<Test>::get(1, CHARLIE).is_none());
		assert_eq!(free(CHARLIE), ENDOWMENT + reward);
	});
}

#[test]
fn removing_stake_is_refused_for_unknown_subnets_dust_and_more_than_staked() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		let signed = RuntimeOrigin::signed;
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 9, 1_000),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 1, 0),
			Error::<Test>::AmountBelowMinimum
		);
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 1, MIN_STAKE - 1),
			Error::<Test>::AmountBelowMinimum
		);
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 1, 5_001),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(Subnets::remove_stake(signed(DAVE), 1, 1_000), Error::<Test>::NotEnoughStake);
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 2, 1_000),
			Error::<Test>::NotEnoughStake
		);
		// Leaving 1 .. MinStake − 1 behind is dust.
		assert_noop!(
			Subnets::remove_stake(signed(CHARLIE), 1, 4_500),
			Error::<Test>::RemainderBelowMinimum
		);
		assert_noop!(
			Subnets::remove_stake(RuntimeOrigin::none(), 1, 1_000),
			DispatchError::BadOrigin
		);
		assert_ok!(Subnets::remove_stake(signed(CHARLIE), 1, 4_000));
		assert_eq!(stake(1, CHARLIE), MIN_STAKE);
	});
}

#[test]
fn moving_stake_keeps_it_held_and_reports_a_move() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		next_block();
		let reward = claimable(1, CHARLIE);
		let before = free(CHARLIE);
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 2_000));
		// Still held, now split; pending rewards in subnet 1 were paid.
		assert_eq!(held_stake(CHARLIE), 5_000);
		assert_eq!(stake(1, CHARLIE), 3_000);
		assert_eq!(stake(2, CHARLIE), 2_000);
		assert_eq!(record(1).unwrap().total_stake, 3_000);
		assert_eq!(record(2).unwrap().total_stake, 2_000);
		assert_eq!(free(CHARLIE), before + reward);
		// −2000 on the source, +2000 on the target.
		assert_eq!(flow(1), -2_000);
		assert_eq!(flow(2), 2_000);
		assert!(events().contains(&Event::StakeMoved {
			who: CHARLIE,
			from: 1,
			to: 2,
			amount: 2_000
		}));
		// Moving all of it removes the entry.
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 3_000));
		assert!(crate::Stakes::<Test>::get(1, CHARLIE).is_none());
		assert_eq!(stake(2, CHARLIE), 5_000);
		assert_eq!(flow(1), -5_000);
		assert_eq!(flow(2), 5_000);
		assert_eq!(held_stake(CHARLIE), 5_000);
	});
}

#[test]
fn a_move_within_one_subnet_is_refused_and_no_flow() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		assert_noop!(
			Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 1, 2_000),
			Error::<Test>::SameSubnet
		);
		assert_eq!(flow(1), 5_000);
		// Taoflow itself treats such a move as no flow.
		assert_ok!(<Taoflow as taoflow_primitives::OnStakeFlow<Balance>>::on_move(1, 1, 2_000));
		assert_eq!(flow(1), 5_000);
	});
}

#[test]
fn moving_stake_is_refused_for_unknown_or_dissolved_subnets_dust_and_more_than_staked() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		assert_eq!(register(DAVE), 3);
		add(CHARLIE, 1, 5_000);
		add(DAVE, 3, 5_000);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(DAVE), 3));
		let mv = |from, to, amount| {
			Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), from, to, amount)
		};
		assert_noop!(mv(1, 9, 1_000), Error::<Test>::SubnetNotFound);
		assert_noop!(mv(9, 1, 1_000), Error::<Test>::SubnetNotFound);
		assert_noop!(mv(1, 3, 1_000), Error::<Test>::SubnetDissolved);
		assert_noop!(mv(1, 2, 0), Error::<Test>::AmountBelowMinimum);
		assert_noop!(mv(1, 2, MIN_STAKE - 1), Error::<Test>::AmountBelowMinimum);
		assert_noop!(mv(1, 2, 5_001), Error::<Test>::NotEnoughStake);
		assert_noop!(mv(2, 1, 1_000), Error::<Test>::NotEnoughStake);
		assert_noop!(mv(1, 2, 4_001), Error::<Test>::RemainderBelowMinimum);
		assert_noop!(
			Subnets::move_stake(RuntimeOrigin::none(), 1, 2, 1_000),
			DispatchError::BadOrigin
		);
		assert_eq!(flow(1), 5_000);
		assert_eq!(flow(2), 0);
	});
}

#[test]
fn a_refused_flow_undoes_the_whole_call() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, 5_000);
		// Fill Taoflow's ledger with flows of (fake) other subnets so that it
		// refuses the next new entry.
		let fake: Vec<(NetUid, i128)> = (100..164).map(|n| (n, 1)).collect();
		pallet_taoflow::FlowLedger::<Test>::put(frame_support::BoundedVec::truncate_from(fake));
		let err = || pallet_taoflow::Error::<Test>::FlowLedgerFull;
		assert_noop!(Subnets::add_stake(RuntimeOrigin::signed(DAVE), 2, 5_000), err());
		assert_noop!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 1_000), err());
		assert_noop!(Subnets::remove_stake(RuntimeOrigin::signed(CHARLIE), 1, 1_000), err());
		assert_eq!(held_stake(DAVE), 0);
		assert_eq!(stake(1, CHARLIE), 5_000);
		pallet_taoflow::FlowLedger::<Test>::kill();
	});
}

#[test]
fn staked_balance_cannot_be_transferred() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		add(CHARLIE, 1, ENDOWMENT - ED);
		assert!(<Balances as frame_support::traits::fungible::Mutate<AccountId>>::transfer(
			&CHARLIE,
			&DAVE,
			ED,
			frame_support::traits::tokens::Preservation::Expendable,
		)
		.is_err());
		assert_eq!(Balances::total_balance(&CHARLIE), ENDOWMENT);
	});
}

#[test]
fn each_call_emits_exactly_its_event_and_a_new_block_clears_the_chain_list() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		events_since_last_call();
		add(CHARLIE, 1, 5_000);
		assert_eq!(
			events_since_last_call(),
			vec![Event::StakeAdded { who: CHARLIE, netuid: 1, amount: 5_000 }]
		);
		remove(CHARLIE, 1, 2_000);
		assert_eq!(
			events_since_last_call(),
			vec![Event::StakeRemoved { who: CHARLIE, netuid: 1, amount: 2_000 }]
		);
		assert!(events_since_last_call().is_empty());
		// The next block starts with an empty event list, as on a chain; the
		// test's log keeps what the ended block emitted.
		next_block();
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Subnets(Event::StakeAdded { .. }))));
		assert!(events().contains(&Event::StakeAdded { who: CHARLIE, netuid: 1, amount: 5_000 }));
	});
}
