//! Mechanism §3 (target shares) and §4 (effective and emitted shares).
//!
//! Every function works on slices aligned with the eligible subnets in
//! ascending netuid order; "lower index" therefore means "lower netuid".

use alloc::vec::Vec;
use sp_arithmetic::{FixedPointNumber, FixedU128, Perquintill};

use super::{
	fixed::{mul_div_floor, pow_unit, SmoothedFlow, ONE_64},
	split::{apportion, normalise, parts, sum_parts, to_share, SHARE_ONE},
};
use crate::params::DroughtPolicy;

/// §3.1: `L = max(cutoff, min(0, min_i S_i))`.
pub fn lower_limit(cutoff: SmoothedFlow, emas: &[SmoothedFlow]) -> SmoothedFlow {
	let lowest = emas.iter().copied().min().unwrap_or(SmoothedFlow::ZERO).min(SmoothedFlow::ZERO);
	cutoff.max(lowest)
}

/// §3.2: `z_i = S_i − L` if `S_i > L`, else 0 (raw bits of the same scale as
/// [`SmoothedFlow`], unsigned so that the full signed range fits).
pub fn offset_flows(emas: &[SmoothedFlow], limit: SmoothedFlow) -> Vec<u128> {
	emas.iter()
		.map(|s| if *s > limit { s.to_bits().abs_diff(limit.to_bits()) } else { 0 })
		.collect()
}

/// The exponent `p` as unsigned 64.64.
pub fn exponent_raw(exponent: FixedU128) -> u128 {
	mul_div_floor(exponent.into_inner(), ONE_64, FixedU128::DIV).unwrap_or(ONE_64)
}

/// §3.3: `w_i = z_i^p`, up to a common positive factor (which normalising
/// cancels). For `p = 1` the offset flows are the weights; otherwise each is
/// divided by the largest first, so `x_i = z_i / max z ∈ [0, 1]` and
/// `w_i = x_i^p` in 64.64.
pub fn flow_weights(offsets: &[u128], exponent: FixedU128) -> Vec<u128> {
	let p = exponent_raw(exponent);
	if p == ONE_64 {
		return offsets.to_vec();
	}
	let max = offsets.iter().copied().max().unwrap_or(0);
	if max == 0 {
		return alloc::vec![0; offsets.len()];
	}
	offsets.iter().map(|z| pow_unit(mul_div_floor(*z, ONE_64, max).unwrap_or(0), p)).collect()
}

/// What the drought policies may need besides the smoothed flows.
pub struct DroughtInput<'a> {
	/// The current effective shares of the eligible subnets (`keep_last`).
	pub effective: &'a [Perquintill],
	/// The total stake of each eligible subnet (`stake`), if the policy needs it.
	pub stakes: &'a [u128],
}

/// Where a raw target came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetSource {
	/// The smoothed flows (`Σ w > 0`).
	Flows,
	/// The drought policy (`Σ w = 0`).
	Drought(DroughtPolicy),
}

/// Equal shares `1/N` (quantised so that they add up to exactly 1).
pub fn equal(n: usize) -> Vec<Perquintill> {
	normalise(&alloc::vec![1u128; n])
}

/// §3.4: the raw target `r_i = w_i / Σw`, or the drought policy's shares when
/// `Σw = 0`.
pub fn raw_target(
	weights: &[u128],
	drought: DroughtPolicy,
	input: &DroughtInput<'_>,
) -> (Vec<Perquintill>, TargetSource) {
	let n = weights.len();
	if weights.iter().any(|w| *w > 0) {
		return (normalise(weights), TargetSource::Flows);
	}
	let shares = match drought {
		DroughtPolicy::EmitNothing => alloc::vec![Perquintill::zero(); n],
		DroughtPolicy::Equal => equal(n),
		DroughtPolicy::KeepLast => {
			let last: Vec<u128> = input.effective.iter().map(|s| parts(*s)).collect();
			or_equal(normalise(&last), n)
		}
		DroughtPolicy::Stake => or_equal(normalise(input.stakes), n),
	};
	(shares, TargetSource::Drought(drought))
}

fn or_equal(shares: Vec<Perquintill>, n: usize) -> Vec<Perquintill> {
	if sum_parts(&shares) == 0 {
		equal(n)
	} else {
		shares
	}
}

/// §3.5: caps every share at `c' = max(c, 1/M)` (M = number of positive
/// shares) and hands the excess to the uncapped shares pro rata
/// (water-filling): `r'_i = min(c', λ·r_i)` with `Σ r'_i = 1`.
pub fn cap(target: &[Perquintill], max_share: Perquintill) -> Vec<Perquintill> {
	let r: Vec<u128> = target.iter().map(|s| parts(*s)).collect();
	let positive = r.iter().filter(|x| **x > 0).count() as u128;
	if positive == 0 {
		return target.to_vec();
	}
	// ceil(1/M) in parts, so that M capped shares can always hold the whole.
	let share_floor = SHARE_ONE.div_ceil(positive);
	let cap = parts(max_share).max(share_floor);
	if cap >= SHARE_ONE {
		return target.to_vec();
	}
	let mut order: Vec<usize> =
		(0..r.len()).filter(|i| r.get(*i).is_some_and(|x| *x > 0)).collect();
	order.sort_unstable_by(|a, b| r.get(*b).cmp(&r.get(*a)).then(a.cmp(b)));
	let mut capped = alloc::vec![false; r.len()];
	let mut remaining = SHARE_ONE;
	let mut rest: u128 = r.iter().fold(0u128, |acc, x| acc.saturating_add(*x));
	for i in order {
		let ri = r.get(i).copied().unwrap_or(0);
		// λ = remaining / rest; the share exceeds the cap iff λ·r_i > c'.
		if rest == 0 || ri.saturating_mul(remaining) <= cap.saturating_mul(rest) {
			break;
		}
		if let Some(flag) = capped.get_mut(i) {
			*flag = true;
		}
		remaining = remaining.saturating_sub(cap);
		rest = rest.saturating_sub(ri);
	}
	if rest == 0 {
		// Every positive share hit the cap: c' = 1/M and all are equal.
		let ones: Vec<u128> = r.iter().map(|x| u128::from(*x > 0)).collect();
		return normalise(&ones);
	}
	let free: Vec<u128> = r.iter().zip(&capped).map(|(x, c)| if *c { 0 } else { *x }).collect();
	let spread = apportion(&free, remaining);
	spread.into_iter().zip(&capped).map(|(x, c)| to_share(if *c { cap } else { x })).collect()
}

/// §4: `e ← e_prev + β·(r' − e_prev)` with `e_prev` renormalised over the
/// eligible subnets; `e ← r'` when `e_prev` sums to 0; `e ← 0` when `r' = 0`.
pub fn smooth(
	previous: &[Perquintill],
	target: &[Perquintill],
	beta: Perquintill,
) -> Vec<Perquintill> {
	if sum_parts(target) == 0 {
		return target.to_vec();
	}
	let prev: Vec<u128> = previous.iter().map(|s| parts(*s)).collect();
	if prev.iter().all(|x| *x == 0) || beta == Perquintill::one() {
		return target.to_vec();
	}
	let prev_n = apportion(&prev, SHARE_ONE);
	let b = parts(beta);
	let keep = SHARE_ONE.saturating_sub(b);
	let weights: Vec<u128> = prev_n
		.iter()
		.zip(target)
		.map(|(p, t)| keep.saturating_mul(*p).saturating_add(b.saturating_mul(parts(*t))))
		.collect();
	normalise(&weights)
}

/// §4 transition: `f = (1 − t/T)·o + (t/T)·e` with `o` renormalised over the
/// eligible subnets, `t = elapsed` clamped to `T = window`. `f = e` when the
/// window is over (or 0) or when no legacy share falls on an eligible subnet;
/// `f = 0` when `e = 0`.
pub fn blend(
	legacy: &[Perquintill],
	effective: &[Perquintill],
	elapsed: u32,
	window: u32,
) -> Vec<Perquintill> {
	if window == 0 || elapsed >= window || sum_parts(effective) == 0 {
		return effective.to_vec();
	}
	let old: Vec<u128> = legacy.iter().map(|s| parts(*s)).collect();
	if old.iter().all(|x| *x == 0) {
		return effective.to_vec();
	}
	let old_n = apportion(&old, SHARE_ONE);
	let t = u128::from(elapsed);
	let rest = u128::from(window.saturating_sub(elapsed));
	let weights: Vec<u128> = old_n
		.iter()
		.zip(effective)
		.map(|(o, e)| rest.saturating_mul(*o).saturating_add(t.saturating_mul(parts(*e))))
		.collect();
	normalise(&weights)
}
