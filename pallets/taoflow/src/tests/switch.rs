//! The switch-over of a live chain to Taoflow, guarded by state.

use super::*;
use crate::{
	migrations::switch::{check_legacy, CheckedLegacy, StakeShares, SwitchToTaoflow},
	Parameters, Params, Transition,
};
use frame_support::{
	parameter_types,
	traits::{Get, GetStorageVersion, OnRuntimeUpgrade},
};

const WINDOW: u32 = 10;

parameter_types! {
	pub RuntimeParams: Params = Params { transition_blocks: WINDOW, ..Params::default() };
	pub InvalidParams: Params =
		Params { half_life: 0, transition_blocks: WINDOW, ..Params::default() };
	pub MessyLegacy: Vec<(NetUid, Perquintill)> = vec![
		(2, Perquintill::from_percent(40)),
		(9, Perquintill::from_percent(10)),
		(1, Perquintill::from_percent(50)),
		(2, Perquintill::from_percent(20)),
	];
}

type Switch = SwitchToTaoflow<Test, RuntimeParams, StakeShares<Test>>;

/// A chain before Taoflow at block 100: subnets 1–3 in the registry with
/// stake 100, 300 and 0 (subnet 3's emission off), no Taoflow storage, and
/// the in-code storage version already written, as FRAME does when a pallet
/// is added to a live chain.
fn pre_taoflow_chain() {
	register_untracked(1, true, 100);
	register_untracked(2, true, 300);
	register_untracked(3, false, 0);
	Parameters::<Test>::kill();
	SubnetStates::<Test>::kill();
	Transition::<Test>::kill();
	Taoflow::in_code_storage_version().put::<Taoflow>();
	System::set_block_number(100);
}

/// The upgrade block 101: the switch (with the parent's number in storage,
/// as `Executive` runs migrations), then the block's `on_initialize`.
fn upgrade_block<M: OnRuntimeUpgrade>() {
	M::on_runtime_upgrade();
	next_block();
}

#[test]
fn the_switch_runs_on_a_chain_without_taoflow_storage_at_the_in_code_version() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		let prepared = sink_prepared();
		assert!(Switch::pending());
		upgrade_block::<Switch>();
		assert!(!Switch::pending());
		let tracked: Vec<_> =
			SubnetStates::<Test>::get().iter().map(|s| (s.netuid, s.emission_enabled)).collect();
		assert_eq!(tracked, vec![(1, true), (2, true), (3, false)]);
		assert!(SubnetStates::<Test>::get().iter().all(|s| s.ema == SmoothedFlow::ZERO));
		assert_eq!(Parameters::<Test>::get(), RuntimeParams::get());
		assert_eq!(Taoflow::on_chain_storage_version(), Taoflow::in_code_storage_version());
		assert_eq!(sink_prepared(), prepared + 1);
		let transition = Transition::<Test>::get().unwrap();
		assert_eq!(transition.start, 101);
		assert_eq!(
			transition.legacy_shares.into_inner(),
			vec![(1, Perquintill::from_percent(25)), (2, Perquintill::from_percent(75))]
		);
		// The upgrade block emits the legacy shares exactly: no jolt.
		assert_shares(&emitted(), &[(1, 0.25), (2, 0.75), (3, 0.0)], 0.0);
		assert_eq!(credits_at(101), vec![(1, 250_000_000), (2, 750_000_000)]);
	});
}

#[test]
fn emitted_shares_move_from_legacy_to_flow_based_by_at_most_one_over_t_per_block() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		set_emission_enabled(3, true);
		upgrade_block::<Switch>();
		let o = [0.25, 0.75, 0.0];
		let mut last: Vec<f64> = emitted().iter().map(|(_, s)| *s).collect();
		assert_close(&last, &o, 0.0);
		for t in 1..=WINDOW + 2 {
			next_block();
			let now: Vec<f64> = emitted().iter().map(|(_, s)| *s).collect();
			// No flows: e is the drought policy's (keep_last, no history:
			// equal), so f = (1 − t/T)·o + (t/T)·e moves by |o − e|/T.
			let t = f64::from(t.min(WINDOW)) / f64::from(WINDOW);
			let want: Vec<f64> = o.iter().map(|o| (1.0 - t) * o + t / 3.0).collect();
			assert_close(&now, &want, 1e-15);
			for (a, b) in now.iter().zip(&last) {
				assert!((a - b).abs() <= 1.0 / f64::from(WINDOW) + 1e-15, "{a} after {b}");
			}
			last = now;
		}
		assert_eq!(Transition::<Test>::get(), None);
	});
}

#[test]
fn a_second_run_and_a_chain_that_runs_taoflow_are_left_alone() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		upgrade_block::<Switch>();
		assert_ok_flow(1, 1_000);
		next_block();
		let (records, transition) = (SubnetStates::<Test>::get(), Transition::<Test>::get());
		let prepared = sink_prepared();
		Switch::on_runtime_upgrade();
		assert_eq!((SubnetStates::<Test>::get(), Transition::<Test>::get()), (records, transition));
		assert_eq!(sink_prepared(), prepared);
	});
	// A chain with Taoflow from genesis.
	ExtBuilder::default().subnets(&[1, 2]).build_and_execute(|| {
		let (records, params) = (SubnetStates::<Test>::get(), Parameters::<Test>::get());
		let prepared = sink_prepared();
		assert!(!Switch::pending());
		Switch::on_runtime_upgrade();
		assert_eq!((SubnetStates::<Test>::get(), Parameters::<Test>::get()), (records, params));
		assert_eq!((Transition::<Test>::get(), sink_prepared()), (None, prepared));
	});
}

fn assert_ok_flow(netuid: NetUid, amount: u64) {
	frame_support::assert_ok!(<Taoflow as crate::OnStakeFlow<u64>>::on_stake(netuid, amount));
}

#[test]
fn invalid_runtime_parameters_are_refused_for_the_defaults() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		upgrade_block::<SwitchToTaoflow<Test, InvalidParams, StakeShares<Test>>>();
		assert_eq!(
			Parameters::<Test>::get(),
			Params { transition_blocks: WINDOW, ..Params::default() }
		);
		assert!(Transition::<Test>::get().is_some());
	});
}

#[test]
fn legacy_shares_for_unknown_or_repeated_netuids_are_refused() {
	assert_eq!(
		check_legacy(MessyLegacy::get(), &[1, 2, 3]),
		CheckedLegacy {
			shares: vec![(1, Perquintill::from_percent(50)), (2, Perquintill::from_percent(40))],
			unknown: 1,
			repeated: 1,
		}
	);
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		upgrade_block::<SwitchToTaoflow<Test, RuntimeParams, MessyLegacy>>();
		// 50% and 40% renormalised over the eligible subnets 1 and 2.
		assert_shares(&emitted(), &[(1, 5.0 / 9.0), (2, 4.0 / 9.0), (3, 0.0)], 1e-15);
	});
}

#[test]
fn no_transition_without_legacy_weight_or_window() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		set_total_stake(1, 0);
		set_total_stake(2, 0);
		assert!(StakeShares::<Test>::get().is_empty());
		upgrade_block::<Switch>();
		assert_eq!(Transition::<Test>::get(), None);
		// keep_last with no history: equal over the eligible subnets.
		assert_shares(&emitted(), &[(1, 0.5), (2, 0.5), (3, 0.0)], 0.0);
	});
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		upgrade_block::<SwitchToTaoflow<Test, (), StakeShares<Test>>>();
		assert_eq!(Parameters::<Test>::get(), Params::default());
		assert_eq!(Transition::<Test>::get(), None);
	});
}

#[test]
fn stake_shares_add_up_to_exactly_one() {
	ExtBuilder::default().build_and_execute(|| {
		for netuid in 1..=3 {
			register_untracked(netuid, true, 1);
		}
		register_untracked(4, false, 1_000);
		let shares = StakeShares::<Test>::get();
		assert_eq!(shares.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2, 3]);
		let parts: Vec<Perquintill> = shares.iter().map(|(_, s)| *s).collect();
		assert_eq!(crate::math::split::sum_parts(&parts), crate::math::split::SHARE_ONE);
		// Leave the registry as Taoflow tracks it (nothing) for try_state.
		for netuid in 1..=4 {
			dissolve(netuid);
		}
	});
}

#[test]
fn subnets_beyond_max_subnets_are_logged_not_tracked() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		let max = <<Test as crate::Config>::MaxSubnets as Get<u32>>::get() as NetUid;
		for netuid in 4..=max + 2 {
			register_untracked(netuid, true, 1);
		}
		upgrade_block::<Switch>();
		let tracked = SubnetStates::<Test>::get();
		assert_eq!(tracked.len(), max as usize);
		assert_eq!(tracked.last().map(|s| s.netuid), Some(max));
		// The untracked ones leave the registry so that try_state holds.
		for netuid in max + 1..=max + 2 {
			dissolve(netuid);
		}
	});
}

/// `pre_upgrade` and `post_upgrade` around the switch.
#[cfg(feature = "try-runtime")]
#[test]
fn try_runtime_checks_pass_on_the_switch() {
	ExtBuilder::default().build_and_execute(|| {
		pre_taoflow_chain();
		Switch::try_on_runtime_upgrade(true).unwrap();
		// And on a second run, which changes nothing.
		Switch::try_on_runtime_upgrade(true).unwrap();
	});
}
