//! Mechanism §3 (target shares) and §4 (effective and emitted shares).
//!
//! Every function works on slices aligned with the eligible subnets in
//! ascending netuid order; "lower index" therefore means "lower netuid".

use alloc::vec::Vec;
use sp_arithmetic::{FixedPointNumber, FixedU128, Perquintill};

use super::{
	fixed::{mul_div_floor, pow_unit, Proportion, SmoothedFlow, FLOW_FRAC_BITS, ONE_64},
	split::{apportion, normalise, parts, sum_parts, to_share, SHARE_ONE},
};
use crate::params::DroughtPolicy;

/// §3.1: `L = max(cutoff, min(0, min_i Ŝ_i))`.
pub fn lower_limit(cutoff: SmoothedFlow, signals: &[SmoothedFlow]) -> SmoothedFlow {
	let lowest =
		signals.iter().copied().min().unwrap_or(SmoothedFlow::ZERO).min(SmoothedFlow::ZERO);
	cutoff.max(lowest)
}

/// §3.2: `z_i = Ŝ_i − L` if `Ŝ_i > L`, else 0 (raw bits of the same scale as
/// [`SmoothedFlow`], unsigned so that the full signed range fits).
pub fn offset_flows(signals: &[SmoothedFlow], limit: SmoothedFlow) -> Vec<u128> {
	signals
		.iter()
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
	let Some(unit) = Proportion::new(ONE_64, max) else { return alloc::vec![0; offsets.len()] };
	offsets.iter().map(|z| pow_unit(unit.div_rem(*z).map_or(0, |(x, _)| x), p)).collect()
}

/// Where a target came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetSource {
	/// The signals, at full strength (`g = 1`).
	Flows,
	/// The signals at strength `g` in `(0, 1)`; the rest followed the
	/// drought policy.
	WeakSignal(Perquintill),
	/// No positive signal (`Z = 0`): the drought policy alone.
	Drought(DroughtPolicy),
}

/// Equal shares `1/N` (quantised so that they add up to exactly 1).
pub fn equal(n: usize) -> Vec<Perquintill> {
	normalise(&alloc::vec![1u128; n])
}

/// §3.3: the flow target `q_i = w_i / Σw` (all zero when `Σw = 0`).
pub fn flow_target(weights: &[u128]) -> Vec<Perquintill> {
	normalise(weights)
}

/// §3.4: the signal strength `g` from the offset signals `z` (raw bits of
/// the [`SmoothedFlow`] scale) and the gate `θ` in base units per block:
/// `g = 0` if `Z = Σz = 0`, else `1` if `θ = 0`, else `min(1, Z/θ)`.
pub fn signal_strength(offsets: &[u128], min_signal: u128) -> Perquintill {
	let total = offsets.iter().fold(0u128, |acc, z| acc.saturating_add(*z));
	if total == 0 {
		return Perquintill::zero();
	}
	let gate = min_signal.saturating_mul(1 << FLOW_FRAC_BITS);
	if gate == 0 || total >= gate {
		return Perquintill::one();
	}
	to_share(mul_div_floor(total, SHARE_ONE, gate).unwrap_or(SHARE_ONE))
}

/// §3.5: the fallback distribution `d` of the drought policy over the
/// eligible subnets. `previous` are their current effective shares
/// (`keep_last`); `stakes` is called only by the `stake` policy.
pub fn fallback(
	drought: DroughtPolicy,
	previous: &[Perquintill],
	stakes: impl FnOnce() -> Vec<u128>,
) -> Vec<Perquintill> {
	let n = previous.len();
	match drought {
		DroughtPolicy::None => alloc::vec![Perquintill::zero(); n],
		DroughtPolicy::Equal => equal(n),
		DroughtPolicy::KeepLast => {
			let last: Vec<u128> = previous.iter().map(|s| parts(*s)).collect();
			or_equal(normalise(&last), n)
		}
		DroughtPolicy::Stake => or_equal(normalise(&stakes()), n),
	}
}

fn or_equal(shares: Vec<Perquintill>, n: usize) -> Vec<Perquintill> {
	if sum_parts(&shares) == 0 {
		equal(n)
	} else {
		shares
	}
}

/// §3.6: the effective cap `c' = max(c, 1/N)` in parts of `10^18`, rounded
/// up so that `N` capped shares can always hold the whole.
pub fn effective_cap(max_share: Perquintill, eligible: usize) -> u128 {
	let floor = SHARE_ONE.div_ceil(u128::try_from(eligible.max(1)).unwrap_or(u128::MAX));
	parts(max_share).max(floor)
}

/// §3.6: the target `r_i = min(c', g·q_i + μ·d_i)` with the smallest
/// `μ ≥ 0` for which `Σ r_i = 1`, found by water-filling; if no `μ` reaches
/// 1 (every subnet with `d_i > 0` is at `c'`), `d = equal` instead. With the
/// `none` policy (`d = 0`; the parameters then have `c = 1`, `θ = 0`) the
/// target is `g·q`, which sums to 0 or 1. `fallback` is called only when
/// some of the emission is left for the fallback distribution.
pub fn target(
	flow_target: &[Perquintill],
	strength: Perquintill,
	max_share: Perquintill,
	fallback: impl FnOnce() -> Vec<Perquintill>,
) -> Vec<Perquintill> {
	let n = flow_target.len();
	let cap = effective_cap(max_share, n);
	let g = parts(strength);
	let base: Vec<u128> = flow_target
		.iter()
		.map(|q| {
			let a = if g == SHARE_ONE {
				parts(*q)
			} else {
				mul_div_floor(parts(*q), g, SHARE_ONE).unwrap_or(0)
			};
			a.min(cap)
		})
		.collect();
	let given = base.iter().fold(0u128, |acc, a| acc.saturating_add(*a));
	let remaining = SHARE_ONE.saturating_sub(given);
	if remaining == 0 || n == 0 {
		return base.into_iter().map(to_share).collect();
	}
	let d: Vec<u128> = fallback().iter().map(|s| parts(*s)).collect();
	if d.iter().all(|x| *x == 0) {
		// `none`: nothing to fill with.
		return base.into_iter().map(to_share).collect();
	}
	let filled = water_fill(&base, &d, cap, remaining).or_else(|| {
		let equal: Vec<u128> = alloc::vec![1; n];
		water_fill(&base, &equal, cap, remaining)
	});
	filled.unwrap_or(base).into_iter().map(to_share).collect()
}

/// Raises `base` by `μ·d`, each entry to at most `cap`, with the smallest
/// `μ` that adds exactly `remaining` (in parts): `None` when even the
/// subnets with `d_i > 0` all at `cap` cannot take it.
///
/// Subnets saturate in ascending order of `(cap − base_i) / d_i`; the rest
/// of `remaining` is apportioned over the unsaturated ones in proportion to
/// `d` (largest remainder), so the result adds up to exactly 1 and no entry
/// exceeds `cap`.
fn water_fill(base: &[u128], d: &[u128], cap: u128, remaining: u128) -> Option<Vec<u128>> {
	let room = |i: usize| cap.saturating_sub(base.get(i).copied().unwrap_or(0));
	let weight = |i: usize| d.get(i).copied().unwrap_or(0);
	let mut open: Vec<usize> = (0..base.len()).filter(|i| weight(*i) > 0 && room(*i) > 0).collect();
	// Ascending room / d; ties to the lower index.
	open.sort_unstable_by(|a, b| {
		room(*a).saturating_mul(weight(*b)).cmp(&room(*b).saturating_mul(weight(*a))).then(a.cmp(b))
	});
	let mut rest: u128 = open.iter().fold(0u128, |acc, i| acc.saturating_add(weight(*i)));
	let mut left = remaining;
	let mut saturated = alloc::vec![false; base.len()];
	for i in open.iter().copied() {
		// μ = left / rest reaches subnet i's room iff μ·d_i ≥ room_i.
		if room(i).saturating_mul(rest) > left.saturating_mul(weight(i)) {
			break;
		}
		if let Some(flag) = saturated.get_mut(i) {
			*flag = true;
		}
		left = left.saturating_sub(room(i));
		rest = rest.saturating_sub(weight(i));
	}
	if left > 0 && rest == 0 {
		return None;
	}
	let free: Vec<u128> = (0..base.len())
		.map(|i| {
			let unsaturated = !saturated.get(i).copied().unwrap_or(false);
			if unsaturated && room(i) > 0 {
				weight(i)
			} else {
				0
			}
		})
		.collect();
	let spread = apportion(&free, left);
	Some(
		(0..base.len())
			.map(|i| {
				if saturated.get(i).copied().unwrap_or(false) {
					cap
				} else {
					base.get(i)
						.copied()
						.unwrap_or(0)
						.saturating_add(spread.get(i).copied().unwrap_or(0))
				}
			})
			.collect(),
	)
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
