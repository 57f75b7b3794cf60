//! Benchmarks (`frame_benchmarking::v2`) of every call and hook.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing)]

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;
use sp_arithmetic::{FixedPointNumber, FixedU128};

/// Parameters that take every expensive path: the debt ledger and the
/// maturity layer, `x^p` with a fractional `p`, a gate that binds (the
/// flows below stay under `θ`, so the fallback distribution is filled, and
/// the `stake` policy reads every subnet's stake), the cap, smoothing, and a
/// running transition.
fn worst_case_params() -> Params {
	Params {
		half_life: 7_200,
		cutoff: -1_000,
		exponent: FixedU128::saturating_from_rational(3, 2),
		max_share: Perquintill::from_percent(5),
		smoothing: Perquintill::from_percent(50),
		update_interval: 1,
		transition_blocks: 1_000_000,
		ema_floor: Some(-1_000_000_000),
		drought: DroughtPolicy::Stake,
		debt_cap: 1_000,
		maturity_half_life: 21_600,
		min_signal: 1 << 40,
	}
}

/// Registers subnets through the runtime's own registry until `n` are
/// tracked, and returns the tracked netuids. On a chain whose genesis
/// already has more than `n` subnets, all of them (a larger state than `n`:
/// the measurement errs on the heavy side).
fn subnets<T: Config>(n: u32) -> Vec<NetUid> {
	while (SubnetStates::<T>::decode_len().unwrap_or(0) as u32) < n {
		T::BenchmarkHelper::register_subnet();
	}
	SubnetStates::<T>::get().iter().map(|s| s.netuid).collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `on_initialize` with `n` subnets and `k` ledger entries.
	#[benchmark]
	fn on_initialize(
		n: Linear<1, { T::MaxSubnets::get() }>,
		k: Linear<0, { T::MaxSubnets::get() }>,
	) {
		Parameters::<T>::put(worst_case_params());
		let netuids = subnets::<T>(n);
		let legacy: Vec<(NetUid, Perquintill)> = netuids
			.iter()
			.map(|n| (*n, Perquintill::from_rational(1, netuids.len() as u64)))
			.collect();
		Transition::<T>::put(TransitionState {
			start: Zero::zero(),
			legacy_shares: BoundedVec::truncate_from(legacy),
		});
		// One block of history so that smoothing and keep-last have shares.
		for (i, netuid) in netuids.iter().enumerate() {
			Pallet::<T>::on_stake(*netuid, T::Balance::from(1_000u32 + i as u32)).unwrap();
		}
		let now = frame_system::Pallet::<T>::block_number() + One::one();
		frame_system::Pallet::<T>::set_block_number(now);
		Pallet::<T>::on_initialize(now);
		for (i, netuid) in netuids.iter().take(k as usize).enumerate() {
			let amount = T::Balance::from(1_000_000u32 + i as u32);
			if i % 2 == 0 {
				Pallet::<T>::on_stake(*netuid, amount).unwrap();
			} else {
				Pallet::<T>::on_unstake(*netuid, amount).unwrap();
			}
		}
		let next = now + One::one();
		frame_system::Pallet::<T>::set_block_number(next);
		// New parameters to put in force as well.
		PendingParams::<T>::put(worst_case_params());

		#[block]
		{
			Pallet::<T>::on_initialize(next);
		}

		let shares: Vec<Perquintill> =
			SubnetStates::<T>::get().iter().map(|s| s.emitted_share).collect();
		assert_eq!(math::split::sum_parts(&shares), math::split::SHARE_ONE);
	}

	#[benchmark]
	fn set_params() {
		let params = worst_case_params();

		#[extrinsic_call]
		_(RawOrigin::Root, params.clone());

		assert_eq!(PendingParams::<T>::get(), Some(params));
	}

	/// A move into a full ledger: both legs searched, one inserted.
	#[benchmark]
	fn record_flow() {
		let n = T::MaxSubnets::get();
		let netuids = subnets::<T>(n);
		for netuid in netuids.iter().skip(1) {
			Pallet::<T>::on_stake(*netuid, T::Balance::from(7u32)).unwrap();
		}

		#[block]
		{
			Pallet::<T>::on_move(netuids[netuids.len() - 1], netuids[0], T::Balance::from(5u32))
				.unwrap();
		}

		assert_eq!(Pallet::<T>::pending_flow(netuids[0]), 5);
	}

	/// Dissolving the first of `MaxSubnets` subnets (shifts the whole vector).
	#[benchmark]
	fn track_subnet() {
		let n = T::MaxSubnets::get();
		let netuids = subnets::<T>(n);
		Pallet::<T>::on_stake(netuids[0], T::Balance::from(7u32)).unwrap();
		let now = frame_system::Pallet::<T>::block_number() + One::one();
		Pallet::<T>::on_initialize(now);

		#[block]
		{
			Pallet::<T>::on_dissolved(netuids[0]);
		}

		assert_eq!(SubnetStates::<T>::get().len() as u32, n - 1);
		T::BenchmarkHelper::forget_subnet(netuids[0]);
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
