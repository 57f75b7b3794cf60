//! The schedule's thresholds, and the pallet reading the live issuance.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::halved_emission;
use crate::mock::*;
use frame_support::traits::fungible::Mutate;
use taoflow_primitives::EmissionSchedule;

const TAO: u64 = 1_000_000_000;
const S: u64 = 21_000_000 * TAO;

#[test]
fn one_tao_until_half_the_supply() {
	assert_eq!(halved_emission(TAO, S, 0), TAO);
	assert_eq!(halved_emission(TAO, S, S / 2 - 1), TAO);
}

#[test]
fn halves_exactly_at_each_threshold() {
	assert_eq!(halved_emission(TAO, S, S / 2), TAO / 2);
	let second = S - S / 4; // 15.75M TAO
	assert_eq!(halved_emission(TAO, S, second - 1), TAO / 2);
	assert_eq!(halved_emission(TAO, S, second), TAO / 4);
	let third = S - S / 8; // 18.375M TAO
	assert_eq!(halved_emission(TAO, S, third - 1), TAO / 4);
	assert_eq!(halved_emission(TAO, S, third), TAO / 8);
}

#[test]
fn never_exceeds_the_supply() {
	assert_eq!(halved_emission(TAO, S, S), 0);
	assert_eq!(halved_emission(TAO, S, S + 5), 0);
	// Deep in the tail the emission has halved to zero.
	assert_eq!(halved_emission(TAO, S, S - 1), 0);
	// A fixed emission for a run: a supply far away means no halving.
	assert_eq!(halved_emission(7, u64::MAX, 1_000_000), 7);
	// What is left of the supply caps the emission.
	assert_eq!(halved_emission(1_000u64, 1_000, 400), 600);
}

#[test]
fn generic_over_the_balance_type() {
	let (tao, s) = (u128::from(TAO), u128::from(S));
	assert_eq!(halved_emission(tao, s, s / 2), tao / 2);
	assert_eq!(halved_emission(u128::MAX, u128::MAX, u128::MAX - 1), 1);
	assert_eq!(halved_emission(8u32, 64, 48), 2);
}

#[test]
fn the_block_emission_follows_the_total_issuance() {
	new_test_ext(TAO, S).execute_with(|| {
		assert_eq!(Emission::block_emission(), TAO);
		Balances::mint_into(&1, S / 2).unwrap();
		assert_eq!(Emission::block_emission(), TAO / 2);
		Balances::mint_into(&1, S / 4).unwrap();
		assert_eq!(Emission::block_emission(), TAO / 4);
		Balances::mint_into(&1, S / 4).unwrap();
		assert_eq!(Emission::block_emission(), 0);
	});
}

#[test]
fn genesis_sets_the_schedule() {
	new_test_ext(7, 1_000).execute_with(|| {
		assert_eq!(crate::InitialEmission::<Test>::get(), 7);
		assert_eq!(crate::TotalSupply::<Test>::get(), 1_000);
		assert_eq!(Emission::emission_at(0), 7);
		assert_eq!(Emission::emission_at(500), 3);
	});
}
