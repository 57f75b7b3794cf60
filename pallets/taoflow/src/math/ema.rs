//! Mechanism §2: the smoothed flow (EMA) of each subnet.

use super::fixed::{alpha_factor, mul_signed_by_factor, SmoothedFlow, FLOW_FRAC_BITS};

/// The per-block smoothing factors of a half-life `H`: the decay `1 − α` and
/// the weight `α` of the new flow, as fractions of `2^64` that add up to
/// exactly `2^64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Smoothing {
	/// `1 − α = 2^(−1/H)`, as `decay / 2^64`.
	pub decay: u64,
	/// `α = 1 − 2^(−1/H)`, as `alpha / 2^64` (the complement of `decay`).
	pub alpha: u64,
}

impl Smoothing {
	/// The factors for a half-life of `half_life` blocks (`H ≥ 1`).
	pub fn from_half_life(half_life: u32) -> Self {
		let alpha = alpha_factor(half_life);
		// α ≤ 1/2, so its complement is a u64 fraction too and the two add
		// up to exactly 2^64.
		let decay = u64::MAX.saturating_sub(alpha).saturating_add(1);
		Self { decay, alpha }
	}
}

/// One block of mechanism §2: `S ← (1 − α)·S + α·F`, then `S ← max(S, floor)`
/// when a floor is set. `flow` is the net flow `F` in base units of the
/// previous block; it saturates into the fixed-point range.
pub fn fold(
	ema: SmoothedFlow,
	flow: i128,
	smoothing: Smoothing,
	floor: Option<SmoothedFlow>,
) -> SmoothedFlow {
	let kept = mul_signed_by_factor(ema.to_bits(), smoothing.decay);
	let flow_bits = flow.saturating_mul(1 << FLOW_FRAC_BITS);
	let added = mul_signed_by_factor(flow_bits, smoothing.alpha);
	let next = SmoothedFlow::from_bits(kept.saturating_add(added));
	match floor {
		Some(floor) => next.max(floor),
		None => next,
	}
}

/// `k` quiet blocks (no flow, no floor) folded one by one: `(1 − α)^k·S`
/// evaluated exactly as the per-block rule does.
pub fn decay_quiet(ema: SmoothedFlow, blocks: u32, smoothing: Smoothing) -> SmoothedFlow {
	let mut s = ema;
	for _ in 0..blocks {
		if s == SmoothedFlow::ZERO {
			break;
		}
		s = fold(s, 0, smoothing, None);
	}
	s
}
