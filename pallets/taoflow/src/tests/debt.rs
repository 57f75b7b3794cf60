//! §2 steps 1, 2 and 4: the outflow debt ledger `Q ≤ D`.

use super::*;
use crate::{
	math::ema::{cap_debt, settle_debt, step, EmaFactors, FlowState, FoldRules},
	OnStakeFlow, Params,
};
use frame_support::assert_ok;

fn with_debt(debt_cap: u64) -> Params {
	Params { half_life: 10, debt_cap, ..Params::default() }
}

#[test]
fn inflow_repays_debt_first_and_outflow_becomes_debt_up_to_the_cap() {
	// Outflow within the room: all of it becomes debt, nothing reaches S.
	assert_eq!(settle_debt(-600, 0, 1_000), (0, 600));
	// Beyond the room: the cap fills, the rest reaches S.
	assert_eq!(settle_debt(-600, 600, 1_000), (-200, 1_000));
	// Inflow repays first, the rest reaches S.
	assert_eq!(settle_debt(1_500, 1_000, 1_000), (500, 0));
	assert_eq!(settle_debt(300, 1_000, 1_000), (0, 700));
	// No flow, no change; D = 0 is version 1 (G = F).
	assert_eq!(settle_debt(0, 42, 1_000), (0, 42));
	assert_eq!(settle_debt(-7, 0, 0), (-7, 0));
	assert_eq!(settle_debt(7, 0, 0), (7, 0));
	// Extreme flows saturate.
	assert_eq!(settle_debt(i128::MIN, 0, u64::MAX), (i128::MIN + i128::from(u64::MAX), u64::MAX));
	assert_eq!(settle_debt(i128::MAX, u64::MAX, u64::MAX), (i128::MAX - i128::from(u64::MAX), 0));
	// Lowering D forgives the excess.
	assert_eq!(cap_debt(900, 300), 300);
	assert_eq!(cap_debt(200, 300), 200);
}

#[test]
fn debt_accrues_on_outflow_and_is_repaid_by_inflow_through_the_pallet() {
	ExtBuilder::default().params(with_debt(1_000)).subnets(&[1]).build_and_execute(|| {
		assert_ok!(Taoflow::on_unstake(1, 600));
		next_block();
		assert_eq!(record(1).debt, 600);
		assert_eq!(ema_of(1), SmoothedFlow::ZERO, "the outflow went into the debt");
		assert_ok!(Taoflow::on_unstake(1, 600));
		next_block();
		assert_eq!(record(1).debt, 1_000);
		assert!(ema_of(1) < SmoothedFlow::ZERO, "200 beyond the cap reached S");
		assert_ok!(Taoflow::on_stake(1, 1_500));
		next_block();
		assert_eq!(record(1).debt, 0);
		assert!(ema_of(1) > SmoothedFlow::ZERO, "500 after repaying reached S");
	});
}

#[test]
fn the_signal_is_the_smoothed_flow_less_alpha_times_the_debt() {
	ExtBuilder::default().params(with_debt(1_000_000)).subnets(&[1]).build_and_execute(|| {
		assert_ok!(Taoflow::on_stake(1, 2_000_000));
		next_block();
		assert_ok!(Taoflow::on_unstake(1, 500_000));
		next_block();
		let r = record(1);
		assert_eq!(r.debt, 500_000);
		let weighed = EmaFactors::from_half_life(10).weigh(500_000);
		assert_eq!(info(1).signal, r.ema.saturating_sub(weighed));
		assert_eq!(r.matured, info(1).signal, "maturity off: M = S*");
	});
}

#[test]
fn restaking_capital_that_left_is_never_credited_again() {
	// Holding X from block 1 and a round trip out and back in (X ≤ D) leave
	// the same smoothed flow and signal.
	let x = 10_000u64;
	let run = |round_trip: bool| {
		let mut out = (SmoothedFlow::ZERO, 0, SmoothedFlow::ZERO);
		ExtBuilder::default().params(with_debt(x)).subnets(&[1, 2]).build_and_execute(|| {
			assert_ok!(Taoflow::on_stake(1, x));
			next_block();
			for _ in 0..5 {
				if round_trip {
					assert_ok!(Taoflow::on_unstake(1, x));
				}
				next_block();
				if round_trip {
					assert_ok!(Taoflow::on_stake(1, x));
				}
				next_block();
			}
			out = (ema_of(1), record(1).debt, info(1).signal);
		});
		out
	};
	assert_eq!(run(true), run(false));
	assert_eq!(run(true).1, 0);
}

#[test]
fn lowering_the_debt_cap_forgives_the_excess() {
	ExtBuilder::default().params(with_debt(1_000)).subnets(&[1]).build_and_execute(|| {
		assert_ok!(Taoflow::on_unstake(1, 900));
		next_block();
		assert_eq!(record(1).debt, 900);
		assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), with_debt(300)));
		// In force from the next block: the record is untouched until then.
		assert_eq!(record(1).debt, 900);
		next_block();
		assert_eq!(record(1).debt, 300);
		// Repaying the 300 left: nothing reaches S.
		let before = ema_of(1);
		assert_ok!(Taoflow::on_stake(1, 300));
		next_block();
		assert_eq!(record(1).debt, 0);
		assert!(ema_of(1) <= before);
	});
}

#[test]
fn a_netuid_registered_again_starts_without_debt() {
	ExtBuilder::default().params(with_debt(1_000)).subnets(&[1, 2]).build_and_execute(|| {
		assert_ok!(Taoflow::on_unstake(2, 800));
		next_block();
		assert_eq!(record(2).debt, 800);
		dissolve(2);
		register(2);
		let r = record(2);
		assert_eq!((r.ema, r.debt, r.matured), (SmoothedFlow::ZERO, 0, SmoothedFlow::ZERO));
		next_block();
	});
}

#[test]
fn debt_and_maturity_off_is_version_one_bit_for_bit() {
	let rules = FoldRules::new(1_000, 0, 0, Some(-50_000));
	let sm = EmaFactors::from_half_life(1_000);
	let mut state = FlowState::default();
	let mut v1 = SmoothedFlow::ZERO;
	for b in 0..5_000i128 {
		let flow = ((b * 7_919) % 20_001) - 10_000;
		state = step(state, flow, &rules);
		v1 = crate::math::ema::fold(v1, flow, sm, Some(SmoothedFlow::from_units(-50_000)));
		assert_eq!(state.ema, v1);
		assert_eq!(state.debt, 0);
		assert_eq!(state.matured, v1);
	}
}

#[test]
fn the_signal_stays_above_the_floor_less_alpha_times_the_cap() {
	// try_state checks Ŝ ≥ min(floor, 0) − α·D after every test; here the
	// bound is reached: a huge exit fills the debt and floors S.
	let params = Params { ema_floor: Some(-1_000), ..with_debt(1_000_000) };
	ExtBuilder::default().params(params).subnets(&[1]).build_and_execute(|| {
		assert_ok!(Taoflow::on_unstake(1, u64::MAX));
		next_block();
		assert_eq!(record(1).debt, 1_000_000);
		assert_eq!(ema_of(1), SmoothedFlow::from_units(-1_000));
		let bound = SmoothedFlow::from_units(-1_000)
			.saturating_sub(EmaFactors::from_half_life(10).weigh(1_000_000));
		assert_eq!(info(1).signal, bound);
	});
}
