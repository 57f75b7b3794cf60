//! Genesis: explicit netuids, initial stake held (not a flow), the pot's
//! endowment, the owner cut, and refused chain specs.

use super::*;
use crate::{OwnerCut, SubnetOwner, SubnetOwners};
use sp_arithmetic::Perbill;
use taoflow_primitives::SubnetRegistry;

fn genesis() -> ExtBuilder {
	ExtBuilder::default().subnets(vec![
		(1, ALICE, vec![(BOB, 5_000), (CHARLIE, 7_000)]),
		(3, DAVE, vec![]),
		(4, NOBODY, vec![(BOB, 1_000)]),
	])
}

#[test]
fn genesis_registers_subnets_under_their_netuids_with_stake_held() {
	genesis().build_and_execute(|| {
		assert_eq!(Subnets::registered_subnets(), vec![(1, true), (3, true), (4, true)]);
		assert_eq!(Taoflow::subnets().iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![1, 3, 4]);
		// No deposit at genesis.
		assert_eq!(SubnetOwners::<Test>::get(1), Some(SubnetOwner { owner: ALICE, deposit: 0 }));
		assert_eq!(SubnetOwners::<Test>::get(4), Some(SubnetOwner { owner: NOBODY, deposit: 0 }));
		assert_eq!(held_deposit(ALICE), 0);
		// Stake held from the genesis balances.
		assert_eq!(held_stake(BOB), 6_000);
		assert_eq!(free(BOB), ENDOWMENT - 6_000);
		assert_eq!(stake(1, CHARLIE), 7_000);
		assert_eq!(Subnets::total_stakes(&[1, 3]), vec![12_000, 0]);
		// Genesis stake is not a flow.
		assert_eq!(flow(1), 0);
		assert_eq!(flow(4), 0);
		// The pot holds the existential deposit, minted at genesis.
		assert_eq!(free(pot()), ED);
		assert_eq!(issuance(), 10 * ENDOWMENT + ED);
		// Registration fills the gap.
		assert_eq!(register(5), 2);
		assert_eq!(register(6), 5);
	});
}

#[test]
fn genesis_stake_earns_from_the_first_block() {
	genesis().build_and_execute(|| {
		next_block();
		assert_eq!(issuance(), 10 * ENDOWMENT + ED + EMISSION);
		assert!(claimable(1, BOB) > 0);
		assert!(claimable(1, CHARLIE) > claimable(1, BOB));
	});
}

#[test]
fn genesis_sets_the_owner_cut() {
	ExtBuilder::default().owner_cut(Perbill::from_percent(7)).build_and_execute(|| {
		assert_eq!(OwnerCut::<Test>::get(), Perbill::from_percent(7));
	});
}

#[test]
fn the_default_genesis_config_is_empty_with_the_default_cut() {
	let config = crate::GenesisConfig::<Test>::default();
	assert!(config.subnets.is_empty());
	assert_eq!(config.owner_cut, crate::DEFAULT_OWNER_CUT);
	assert_eq!(crate::DEFAULT_OWNER_CUT, Perbill::from_percent(18));
}

#[test]
#[should_panic(expected = "netuid 0 is reserved")]
fn genesis_refuses_netuid_zero() {
	ExtBuilder::default().subnets(vec![(0, ALICE, vec![])]).build();
}

#[test]
#[should_panic(expected = "netuid already registered")]
fn genesis_refuses_a_duplicate_netuid() {
	ExtBuilder::default().subnets(vec![(2, ALICE, vec![]), (2, BOB, vec![])]).build();
}

#[test]
#[should_panic(expected = "genesis stake below MinStake")]
fn genesis_refuses_dust_stake() {
	ExtBuilder::default().subnets(vec![(1, ALICE, vec![(BOB, MIN_STAKE - 1)])]).build();
}

#[test]
#[should_panic(expected = "invalid pallet-subnets genesis")]
fn genesis_refuses_stake_without_balance() {
	ExtBuilder::default().subnets(vec![(1, ALICE, vec![(NOBODY, MIN_STAKE)])]).build();
}

#[test]
#[should_panic(expected = "TooManySubnets")]
fn genesis_refuses_more_than_max_subnets() {
	let subnets = (1..=17).map(|n| (n, ALICE, vec![])).collect();
	ExtBuilder::default().subnets(subnets).build();
}
