//! §6: governance of the parameters.

use super::*;
use crate::{DroughtPolicy, Error, Event, Parameters, Params};
use frame_support::{assert_noop, assert_ok};
use sp_arithmetic::{FixedPointNumber, FixedU128};
use sp_runtime::DispatchError;

fn valid() -> Params {
	Params {
		half_life: 7_200,
		cutoff: -1_000,
		exponent: FixedU128::saturating_from_rational(3, 2),
		max_share: Perquintill::from_percent(20),
		smoothing: Perquintill::from_percent(5),
		update_interval: 10,
		transition_blocks: 50_000,
		ema_floor: Some(-5_000),
		drought: DroughtPolicy::Stake,
		debt_cap: 10_000_000_000_000,
		maturity_half_life: 7_200,
		min_signal: 1_000_000,
	}
}

/// Sets `params` through the call and puts them in force with one block.
fn set_and_apply(params: Params) {
	assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), params));
	next_block();
}

#[test]
fn genesis_sets_the_parameters() {
	ExtBuilder::default().params(valid()).build_and_execute(|| {
		assert_eq!(Parameters::<Test>::get(), valid());
		assert_eq!(Taoflow::params(), valid());
	});
}

#[test]
fn defaults_are_the_specified_ones() {
	let p = Params::default();
	assert_eq!(p.half_life, 216_000);
	assert_eq!(p.drought, DroughtPolicy::KeepLast);
	assert_eq!((p.cutoff, p.update_interval, p.transition_blocks, p.ema_floor), (0, 1, 0, None));
	assert_eq!((p.max_share, p.smoothing), (Perquintill::one(), Perquintill::one()));
	assert_eq!((p.debt_cap, p.maturity_half_life, p.min_signal), (0, 0, 0));
}

#[test]
fn root_sets_all_parameters_and_an_event_shows_them() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		assert_ok!(Taoflow::set_params(RuntimeOrigin::root(), valid()));
		System::assert_last_event(Event::<Test>::ParamsSet { params: valid() }.into());
		// Accepted now, in force from the next block's `on_initialize`.
		assert_eq!(Taoflow::pending_params(), Some(valid()));
		assert_eq!(Parameters::<Test>::get(), Params::default());
		next_block();
		assert_eq!(Parameters::<Test>::get(), valid());
		assert_eq!(Taoflow::pending_params(), None);
		// The bounds themselves are accepted.
		let edge = Params {
			half_life: 100_000_000,
			exponent: FixedU128::from_u32(2),
			max_share: Perquintill::from_parts(1),
			smoothing: Perquintill::one(),
			update_interval: 1_000_000,
			transition_blocks: 100_000_000,
			ema_floor: Some(0),
			cutoff: 1 << 64,
			debt_cap: u64::MAX,
			maturity_half_life: 100_000_000,
			min_signal: 1 << 64,
			..valid()
		};
		set_and_apply(edge);
		set_and_apply(Params { cutoff: -(1 << 64), maturity_half_life: 1, ..valid() });
		set_and_apply(Params {
			half_life: 1,
			update_interval: 1,
			transition_blocks: 0,
			maturity_half_life: 0,
			debt_cap: 0,
			min_signal: 0,
			..valid()
		});
		// `none` with the cap and the gate off.
		set_and_apply(Params {
			drought: DroughtPolicy::None,
			max_share: Perquintill::one(),
			min_signal: 0,
			..valid()
		});
	});
}

#[test]
fn only_the_admin_origin_may_set_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Taoflow::set_params(RuntimeOrigin::signed(1), valid()),
			DispatchError::BadOrigin
		);
		assert_noop!(Taoflow::set_params(RuntimeOrigin::none(), valid()), DispatchError::BadOrigin);
	});
}

#[test]
fn every_out_of_range_value_is_rejected_and_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let bad = |p: Params| Taoflow::set_params(RuntimeOrigin::root(), p);
		assert_noop!(bad(Params { half_life: 0, ..valid() }), Error::<Test>::HalfLifeOutOfRange);
		assert_noop!(
			bad(Params { half_life: 100_000_001, ..valid() }),
			Error::<Test>::HalfLifeOutOfRange
		);
		let just_below_one = FixedU128::from_inner(FixedU128::DIV - 1);
		assert_noop!(
			bad(Params { exponent: just_below_one, ..valid() }),
			Error::<Test>::ExponentOutOfRange
		);
		let just_above_two = FixedU128::from_inner(2 * FixedU128::DIV + 1);
		assert_noop!(
			bad(Params { exponent: just_above_two, ..valid() }),
			Error::<Test>::ExponentOutOfRange
		);
		assert_noop!(
			bad(Params { max_share: Perquintill::zero(), ..valid() }),
			Error::<Test>::MaxShareZero
		);
		assert_noop!(
			bad(Params { smoothing: Perquintill::zero(), ..valid() }),
			Error::<Test>::SmoothingZero
		);
		assert_noop!(
			bad(Params { update_interval: 0, ..valid() }),
			Error::<Test>::UpdateIntervalOutOfRange
		);
		assert_noop!(
			bad(Params { update_interval: 1_000_001, ..valid() }),
			Error::<Test>::UpdateIntervalOutOfRange
		);
		assert_noop!(
			bad(Params { transition_blocks: 100_000_001, ..valid() }),
			Error::<Test>::TransitionTooLong
		);
		assert_noop!(
			bad(Params { ema_floor: Some(1), ..valid() }),
			Error::<Test>::EmaFloorPositive
		);
		assert_noop!(
			bad(Params { cutoff: (1 << 64) + 1, ..valid() }),
			Error::<Test>::CutoffOutOfRange
		);
		assert_noop!(
			bad(Params { cutoff: -(1 << 64) - 1, ..valid() }),
			Error::<Test>::CutoffOutOfRange
		);
		assert_noop!(bad(Params { cutoff: i128::MIN, ..valid() }), Error::<Test>::CutoffOutOfRange);
		assert_noop!(
			bad(Params { maturity_half_life: 100_000_001, ..valid() }),
			Error::<Test>::MaturityHalfLifeOutOfRange
		);
		assert_noop!(
			bad(Params { min_signal: (1 << 64) + 1, ..valid() }),
			Error::<Test>::MinSignalOutOfRange
		);
		let none = Params {
			drought: DroughtPolicy::None,
			max_share: Perquintill::one(),
			min_signal: 0,
			..valid()
		};
		assert_noop!(
			bad(Params { max_share: Perquintill::from_percent(99), ..none.clone() }),
			Error::<Test>::NoneDroughtWithCap
		);
		assert_noop!(bad(Params { min_signal: 1, ..none }), Error::<Test>::NoneDroughtWithGate);
		assert_eq!(Parameters::<Test>::get(), Params::default());
		assert_eq!(Taoflow::pending_params(), None);
	});
}

#[test]
#[should_panic(expected = "invalid Taoflow genesis parameters")]
fn invalid_genesis_parameters_do_not_start_a_chain() {
	let _ = ExtBuilder::default().params(Params { half_life: 0, ..valid() }).build();
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	<Taoflow as Hooks<u64>>::integrity_test();
}
