//! Inputs no other topic reaches: `set_params` twice in one block, a zero
//! net flow, and a ledger entry for a subnet Taoflow does not track.

use super::*;
use crate::{FlowLedger, OnStakeFlow, Parameters, Params, PendingParams};
use frame_support::{assert_ok, BoundedVec};

#[test]
fn the_later_of_two_set_params_in_one_block_is_the_one_in_force() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		let first = Params { half_life: 10, ..Params::default() };
		let second = Params { half_life: 20, ..Params::default() };
		assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), first));
		assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), second.clone()));
		assert_eq!(PendingParams::<Test>::get(), Some(second.clone()));
		next_block();
		assert_eq!((Parameters::<Test>::get(), PendingParams::<Test>::get()), (second, None));
	});
}

#[test]
fn a_zero_net_flow_is_a_quiet_block() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 1_000));
		assert_ok!(Taoflow::on_stake(2, 1_000));
		next_block();
		// Subnet 1: stake and unstake cancel out; subnet 2: no flow at all.
		assert_ok!(Taoflow::on_stake(1, 500));
		assert_ok!(Taoflow::on_unstake(1, 500));
		assert_eq!(Taoflow::pending_flow(1), 0);
		next_block();
		assert_eq!(record(1).ema, record(2).ema);
		assert_eq!((record(1).debt, record(1).matured), (record(2).debt, record(2).matured));
	});
}

#[test]
fn a_ledger_entry_for_an_untracked_subnet_is_dropped_by_the_hook() {
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		next_block();
		let before = SubnetStates::<Test>::get();
		// Only a wiring bug could put it there: the registry reports flows
		// for live subnets only.
		FlowLedger::<Test>::put(BoundedVec::truncate_from(vec![(9, 1_000_000i128)]));
		next_block();
		assert!(FlowLedger::<Test>::get().is_empty());
		let after = SubnetStates::<Test>::get();
		assert_eq!(after.len(), before.len());
		// Both subnets folded a quiet block, alike.
		assert_eq!(after[0].ema, after[1].ema);
		assert_eq!(emitted(), vec![(1, 0.5), (2, 0.5)]);
	});
}
