//! Hostile inputs that no topic's tests reach: netuid 0 on every call,
//! signed calls on unknown subnets, `u64::MAX` amounts, and repeated calls.
//! Each is refused with its error and leaves the state untouched
//! (`assert_noop!`), or is a no-op by design.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{ArithmeticError, DispatchError};

/// Subnet 1 of ALICE with BOB's stake, and subnet 2 of CHARLIE.
fn two_subnets() {
	assert_eq!(register(ALICE), 1);
	assert_eq!(register(CHARLIE), 2);
	add(BOB, 1, 10 * MIN_STAKE);
}

#[test]
fn netuid_zero_is_an_unknown_subnet_for_every_call() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		let bob = || RuntimeOrigin::signed(BOB);
		let nf = || Error::<Test>::SubnetNotFound;
		assert_noop!(Subnets::add_stake(bob(), 0, MIN_STAKE), nf());
		assert_noop!(Subnets::remove_stake(bob(), 0, MIN_STAKE), nf());
		assert_noop!(Subnets::move_stake(bob(), 0, 1, MIN_STAKE), nf());
		assert_noop!(Subnets::move_stake(bob(), 1, 0, MIN_STAKE), nf());
		assert_noop!(Subnets::claim_rewards(bob(), 0), nf());
		assert_noop!(Subnets::finish_dissolved(bob(), 0, BOB), nf());
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::signed(ALICE)] {
			assert_noop!(Subnets::dissolve_network(origin.clone(), 0), nf());
			assert_noop!(Subnets::set_emission_enabled(origin, 0, false), nf());
		}
	});
}

#[test]
fn owner_calls_on_an_unknown_subnet_are_refused_for_signed_origins_too() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		let nf = || Error::<Test>::SubnetNotFound;
		assert_noop!(Subnets::dissolve_network(RuntimeOrigin::signed(ALICE), 9), nf());
		assert_noop!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 9, false), nf());
	});
}

#[test]
fn u64_max_amounts_are_refused_with_state_unchanged() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		let bob = || RuntimeOrigin::signed(BOB);
		// Onto existing stake the sum overflows; on a fresh subnet it cannot
		// be held.
		assert_noop!(
			Subnets::add_stake(bob(), 1, u64::MAX),
			DispatchError::Arithmetic(ArithmeticError::Overflow)
		);
		assert_noop!(Subnets::add_stake(bob(), 2, u64::MAX), Error::<Test>::InsufficientBalance);
		assert_noop!(Subnets::remove_stake(bob(), 1, u64::MAX), Error::<Test>::NotEnoughStake);
		assert_noop!(Subnets::move_stake(bob(), 1, 2, u64::MAX), Error::<Test>::NotEnoughStake);
		// An account without any balance.
		assert_noop!(
			Subnets::add_stake(RuntimeOrigin::signed(NOBODY), 2, u64::MAX),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!((stake(1, BOB), flow(1), flow(2)), (10 * MIN_STAKE, 10 * MIN_STAKE as i128, 0));
	});
}

#[test]
fn switching_emission_to_its_current_value_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		two_subnets();
		next_block();
		let eligible = || Taoflow::subnets().iter().map(|s| s.emission_enabled).collect::<Vec<_>>();
		// The same value twice in one block, by the owner and by root.
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, true));
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::root(), 1, true));
		assert_eq!(eligible(), vec![true, true]);
		assert!(record(1).unwrap().emission_enabled);
		// Off twice, then the next block sees it off once.
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, false));
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, false));
		assert_eq!(eligible(), vec![false, true]);
		next_block();
		let shares: Vec<_> = Taoflow::subnets().iter().map(|s| s.emitted_share).collect();
		assert_eq!(
			shares,
			vec![sp_arithmetic::Perquintill::zero(), sp_arithmetic::Perquintill::one()]
		);
	});
}
