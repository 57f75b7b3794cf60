//! The registration burn: it doubles with each registration, decays back
//! linearly, is capped, leaves total issuance, and refuses an owner who
//! cannot pay it without changing anything.

use super::*;
use crate::LastRegistration;
use frame_support::{assert_noop, traits::Get};

const MIN: Balance = 10_000;
const MAX: Balance = 1_000_000;
const DECAY: u64 = 100;

/// Sets the mock's burn parameters for this test's thread.
fn burn_params(min: Balance, max: Balance, decay: u64) {
	MinBurn::set(min);
	MaxBurn::set(max);
	BurnDecay::set(decay);
}

/// The `burned` of the last `SubnetRegistered` event.
fn last_burn() -> Balance {
	last_registration().1
}

#[test]
fn the_first_registration_burns_the_minimum_and_issuance_falls_by_it() {
	burn_params(MIN, MAX, DECAY);
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Subnets::registration_cost(), MIN);
		let before = issuance();
		register(ALICE);
		assert_eq!(last_burn(), MIN);
		assert_eq!(issuance(), before - MIN);
		assert_eq!(free(ALICE), ENDOWMENT - DEPOSIT - MIN);
		assert_eq!(held_deposit(ALICE), DEPOSIT);
		assert_eq!(LastRegistration::<Test>::get(), Some((MIN, 1)));
	});
}

#[test]
fn each_registration_doubles_the_price_until_the_cap() {
	burn_params(MIN, MAX, DECAY);
	ExtBuilder::default().build_and_execute(|| {
		let mut paid = vec![];
		for owner in 1..=9 {
			register(owner % 4 + 1);
			paid.push(last_burn());
		}
		// 10k, 20k, ..., 640k, then capped at 1M.
		assert_eq!(
			paid,
			vec![MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 32 * MIN, 64 * MIN, MAX, MAX]
		);
		assert_eq!(Subnets::registration_cost(), MAX);
	});
}

#[test]
fn the_surcharge_decays_linearly_back_to_the_minimum() {
	burn_params(MIN, MAX, DECAY);
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB); // pays 2·MIN at block 1
		assert_eq!(Subnets::registration_cost(), 4 * MIN);
		run_blocks(25); // a quarter of the decay: 4·MIN·3/4
		assert_eq!(Subnets::registration_cost(), 3 * MIN);
		run_blocks(25);
		assert_eq!(Subnets::registration_cost(), 2 * MIN);
		run_blocks(40); // 90 blocks: 4·MIN/10 < MIN
		assert_eq!(Subnets::registration_cost(), MIN);
		run_blocks(1_000);
		assert_eq!(Subnets::registration_cost(), MIN);
		// After the decay the next registration starts from the minimum.
		register(CHARLIE);
		assert_eq!(last_burn(), MIN);
	});
}

#[test]
fn no_decay_period_means_a_flat_minimum() {
	burn_params(MIN, MAX, 0);
	ExtBuilder::default().build_and_execute(|| {
		for owner in [ALICE, BOB, CHARLIE] {
			register(owner);
			assert_eq!(last_burn(), MIN);
		}
	});
}

#[test]
fn an_owner_who_cannot_pay_the_burn_is_refused_and_nothing_changes() {
	burn_params(MIN, MAX, DECAY);
	ExtBuilder::default()
		.balance(20, DEPOSIT + MIN + ED - 1)
		.balance(21, DEPOSIT + MIN + ED)
		.build_and_execute(|| {
			assert_noop!(
				Subnets::register_network(RuntimeOrigin::signed(20)),
				Error::<Test>::InsufficientBalance
			);
			assert_eq!(LastRegistration::<Test>::get(), None);
			register(21);
			assert_eq!(free(21), ED);
			// The next price is 2·MIN: account 21 kept only the ED.
			assert_noop!(
				Subnets::register_network(RuntimeOrigin::signed(21)),
				Error::<Test>::InsufficientBalance
			);
		});
}

/// The slot lockout: taking every free slot in one go burns
/// `MIN·(2^k − 1)` until the cap, then `MAX` per slot.
#[test]
fn filling_every_slot_at_once_burns_a_geometric_sum() {
	burn_params(MIN, MAX, DECAY);
	ExtBuilder::default().build_and_execute(|| {
		let slots = <Test as crate::Config>::MaxSubnets::get();
		let before = issuance();
		for _ in 0..slots {
			register(ALICE);
		}
		let burned = before - issuance();
		// 10k·(1 + 2 + ... + 64) = 1.27M, then 9 slots at 1M each.
		let expected = MIN * 127 + MAX * Balance::from(slots - 7);
		assert_eq!(burned, expected);
		assert_eq!(crate::SubnetRecords::<Test>::get().len() as u32, slots);
	});
}
