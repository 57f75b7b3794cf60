//! Pure, storage-free implementation of the mechanism (see the crate docs).
//!
//! One function per rule, named after it; the pallet's hook only loads state,
//! calls [`effective_shares`], [`shares::blend`] and [`split::split`], and
//! stores the result. Benchmarks and the simulator call the same functions.

pub mod ema;
pub mod fixed;
pub mod shares;
pub mod split;

use alloc::vec::Vec;
use sp_arithmetic::Perquintill;

pub use fixed::SmoothedFlow;

use crate::params::Params;
use shares::TargetSource;

/// §3 and §4 for one share computation: signals → lower limit → offset
/// signals → weights and flow target → signal strength → target with the
/// fallback distribution and the cap → smoothing.
///
/// `signals` are the eligible subnets' `Ŝ_i` (§2); `previous` their current
/// effective shares (zero for subnets that were not eligible at the last
/// computation); `stakes` is called, at most once, only when the `stake`
/// drought policy's distribution is needed.
pub fn effective_shares(
	params: &Params,
	signals: &[SmoothedFlow],
	previous: &[Perquintill],
	stakes: impl FnOnce() -> Vec<u128>,
) -> (Vec<Perquintill>, TargetSource) {
	let limit = shares::lower_limit(SmoothedFlow::from_units(params.cutoff), signals);
	let offsets = shares::offset_flows(signals, limit);
	let weights = shares::flow_weights(&offsets, params.exponent);
	let flow_target = shares::flow_target(&weights);
	// Σz = 0 exactly when every weight is 0 (the largest offset has weight
	// 1 for any p), so g = 0 exactly when there is no flow target.
	let strength = shares::signal_strength(&offsets, params.min_signal);
	let target = shares::target(&flow_target, strength, params.max_share, || {
		shares::fallback(params.drought, previous, stakes)
	});
	let source = if strength.is_zero() {
		TargetSource::Drought(params.drought)
	} else if strength == Perquintill::one() {
		TargetSource::Flows
	} else {
		TargetSource::WeakSignal(strength)
	};
	(shares::smooth(previous, &target, params.smoothing), source)
}
