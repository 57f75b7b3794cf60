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

use crate::params::{DroughtPolicy, Params};
use shares::{DroughtInput, TargetSource};

/// §3 and §4 for one share computation: smoothed flows → lower limit →
/// offset flows → weights → raw target (or drought policy) → cap → smoothing.
///
/// `previous` are the current effective shares of the same subnets (zero for
/// subnets that were not eligible at the last computation); `stakes` is only
/// read by the `stake` drought policy.
pub fn effective_shares(
	params: &Params,
	emas: &[SmoothedFlow],
	previous: &[Perquintill],
	stakes: &[u128],
) -> (Vec<Perquintill>, TargetSource) {
	let limit = shares::lower_limit(SmoothedFlow::from_units(params.cutoff), emas);
	let offsets = shares::offset_flows(emas, limit);
	let weights = shares::flow_weights(&offsets, params.exponent);
	let input = DroughtInput { effective: previous, stakes };
	let (raw, source) = shares::raw_target(&weights, params.drought, &input);
	let target = if source == TargetSource::Drought(DroughtPolicy::Equal) {
		raw
	} else {
		shares::cap(&raw, params.max_share)
	};
	(shares::smooth(previous, &target, params.smoothing), source)
}
