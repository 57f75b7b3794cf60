//! Registration, netuid assignment, the subnet limit, emission switches and
//! the owner cut.

use super::*;
use crate::{OwnerCut, SubnetOwner, SubnetOwners};
use frame_support::{assert_noop, traits::Get};
use sp_arithmetic::Perbill;
use sp_runtime::DispatchError;
use taoflow_primitives::SubnetRegistry;

fn tracked_by_taoflow() -> Vec<(NetUid, bool)> {
	Taoflow::subnets().iter().map(|s| (s.netuid, s.emission_enabled)).collect()
}

#[test]
fn registering_holds_the_deposit_and_assigns_the_lowest_free_netuid() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(register(ALICE), 1);
		assert_eq!(held_deposit(ALICE), DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - DEPOSIT);
		assert_eq!(register(BOB), 2);
		assert_eq!(register(ALICE), 3);
		assert_eq!(held_deposit(ALICE), 2 * DEPOSIT);
		assert_eq!(
			SubnetOwners::<Test>::get(3),
			Some(SubnetOwner { owner: ALICE, deposit: DEPOSIT })
		);
		assert!(events().contains(&Event::SubnetRegistered {
			netuid: 2,
			owner: BOB,
			deposit: DEPOSIT,
			burned: 0
		}));
		// Taoflow tracks them (lifecycle hook), and the registry agrees.
		assert_eq!(tracked_by_taoflow(), vec![(1, true), (2, true), (3, true)]);
		assert_eq!(Subnets::registered_subnets(), vec![(1, true), (2, true), (3, true)]);
		// Registration is not a flow and mints nothing.
		assert_eq!(flow(1), 0);
		assert_eq!(issuance(), 10 * ENDOWMENT + ED);
	});
}

#[test]
fn a_freed_netuid_is_assigned_again_lowest_first() {
	ExtBuilder::default().build_and_execute(|| {
		for owner in [ALICE, BOB, CHARLIE, DAVE] {
			register(owner);
		}
		// Without stakers a dissolved subnet's record goes at once.
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(CHARLIE), 3));
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(BOB), 2));
		assert_eq!(record(2), None);
		assert_eq!(register(5), 2);
		assert_eq!(register(6), 3);
		assert_eq!(register(7), 5);
		assert_eq!(Subnets::registered_subnets().len(), 5);
	});
}

#[test]
fn registration_stops_at_the_subnet_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let max = <Test as crate::Config>::MaxSubnets::get();
		for i in 0..max {
			assert_eq!(register(ALICE), (i + 1) as NetUid);
		}
		assert_noop!(
			Subnets::register_network(RuntimeOrigin::signed(BOB)),
			Error::<Test>::TooManySubnets
		);
		// A dissolved subnet that still has stake keeps counting.
		add(BOB, 7, MIN_STAKE);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 7));
		assert_noop!(
			Subnets::register_network(RuntimeOrigin::signed(BOB)),
			Error::<Test>::TooManySubnets
		);
		remove(BOB, 7, MIN_STAKE);
		assert_eq!(register(BOB), 7);
	});
}

#[test]
fn registration_needs_the_deposit_and_the_existential_deposit_free() {
	ExtBuilder::default()
		.balance(20, DEPOSIT + ED - 1)
		.balance(21, DEPOSIT + ED)
		.build_and_execute(|| {
			assert_noop!(
				Subnets::register_network(RuntimeOrigin::signed(NOBODY)),
				Error::<Test>::InsufficientBalance
			);
			assert_noop!(
				Subnets::register_network(RuntimeOrigin::signed(20)),
				Error::<Test>::InsufficientBalance
			);
			assert_eq!(register(21), 1);
			assert_eq!(free(21), ED);
			assert_eq!(held_deposit(21), DEPOSIT);
		});
}

#[test]
fn registration_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Subnets::register_network(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(Subnets::register_network(RuntimeOrigin::root()), DispatchError::BadOrigin);
	});
}

#[test]
fn owner_or_root_switch_emission() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, false));
		assert!(!record(1).unwrap().emission_enabled);
		assert_eq!(tracked_by_taoflow(), vec![(1, false), (2, true)]);
		assert_eq!(Subnets::registered_subnets(), vec![(1, false), (2, true)]);
		assert!(events().contains(&Event::EmissionEnabledSet { netuid: 1, enabled: false }));
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::root(), 1, true));
		assert_eq!(tracked_by_taoflow(), vec![(1, true), (2, true)]);
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::root(), 2, false));
		assert_eq!(Subnets::registered_subnets(), vec![(1, true), (2, false)]);
	});
}

#[test]
fn switching_emission_is_refused_to_others_and_for_unknown_or_dissolved_subnets() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		assert_noop!(
			Subnets::set_emission_enabled(RuntimeOrigin::signed(BOB), 1, false),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Subnets::set_emission_enabled(RuntimeOrigin::none(), 1, false),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Subnets::set_emission_enabled(RuntimeOrigin::root(), 9, false),
			Error::<Test>::SubnetNotFound
		);
		add(CHARLIE, 2, MIN_STAKE);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(BOB), 2));
		assert_noop!(
			Subnets::set_emission_enabled(RuntimeOrigin::signed(BOB), 2, true),
			Error::<Test>::SubnetDissolved
		);
		assert_noop!(
			Subnets::set_emission_enabled(RuntimeOrigin::root(), 2, true),
			Error::<Test>::SubnetDissolved
		);
	});
}

#[test]
fn root_sets_the_owner_cut() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(OwnerCut::<Test>::get(), Perbill::from_percent(18));
		assert_ok!(Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::from_percent(25)));
		assert_eq!(OwnerCut::<Test>::get(), Perbill::from_percent(25));
		assert!(events().contains(&Event::OwnerCutSet { cut: Perbill::from_percent(25) }));
		// The bound is accepted; above it nothing changes.
		assert_ok!(Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::from_percent(50)));
		assert_noop!(
			Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::from_parts(500_000_001)),
			Error::<Test>::OwnerCutTooHigh
		);
		assert_noop!(
			Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::one()),
			Error::<Test>::OwnerCutTooHigh
		);
		assert_noop!(
			Subnets::set_owner_cut(RuntimeOrigin::signed(ALICE), Perbill::zero()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Subnets::set_owner_cut(RuntimeOrigin::none(), Perbill::zero()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_registry_reports_total_stake_and_only_live_subnets() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 1, 5_000);
		add(DAVE, 1, 2_000);
		add(DAVE, 2, 3_000);
		// One read for any set of netuids; unknown ones have no stake.
		assert_eq!(Subnets::total_stakes(&[1, 2, 9]), vec![7_000, 3_000, 0]);
		assert_eq!(Subnets::total_stakes(&[2]), vec![3_000]);
		assert_eq!(Subnets::total_stakes(&[]), Vec::<Balance>::new());
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(Subnets::registered_subnets(), vec![(2, true)]);
		assert_eq!(tracked_by_taoflow(), vec![(2, true)]);
	});
}
