//! Largest-remainder apportionment (mechanism §5) and the emission split.
//!
//! The same rule turns real-valued proportions into exact integers wherever
//! the mechanism needs them: shares quantised to parts of `10^18` that add up
//! to exactly `10^18`, and amounts of base units that add up to exactly `E_b`.

use alloc::vec::Vec;
use sp_arithmetic::Perquintill;

use super::fixed::Proportion;

/// Largest weight `apportion` uses as given; larger weight vectors are shifted
/// right first so that their sum cannot overflow (relative precision 2^-100).
const MAX_WEIGHT_BITS: u32 = 100;

/// Splits `total` in proportion to `weights`: each item gets
/// `floor(total · w_i / Σw)`, then the leftover units go one each to the items
/// with the largest fractional remainders, ties to the lower index.
///
/// The result adds up to exactly `total` when `Σw > 0`; it is all zeros when
/// `Σw = 0`.
pub fn apportion(weights: &[u128], total: u128) -> Vec<u128> {
	let max = weights.iter().copied().max().unwrap_or(0);
	let shift = (128u32.saturating_sub(max.leading_zeros())).saturating_sub(MAX_WEIGHT_BITS);
	let scaled: Vec<u128> = weights.iter().map(|w| w.checked_shr(shift).unwrap_or(0)).collect();
	let sum = scaled.iter().fold(0u128, |acc, w| acc.saturating_add(*w));
	if shift == 0 && sum == total {
		// Already in proportion: every quotient is exact (renormalising shares
		// that still add up to one).
		return scaled;
	}
	// No proportion when every weight is 0: all zeros.
	let Some(proportion) = Proportion::new(total, sum) else {
		return alloc::vec![0; weights.len()];
	};
	// Every scaled weight is at most their sum: quotients fit.
	let divided: Vec<(u128, u128)> =
		scaled.iter().map(|w| proportion.div_rem(*w).unwrap_or((0, 0))).collect();
	let mut out: Vec<u128> = divided.iter().map(|(q, _)| *q).collect();
	let given = out.iter().fold(0u128, |acc, a| acc.saturating_add(*a));
	let leftover = total.saturating_sub(given);
	if leftover > 0 {
		let mut order: Vec<(u128, usize)> =
			divided.iter().enumerate().map(|(i, (_, r))| (*r, i)).collect();
		// Largest remainder first; among equal remainders the lower index.
		order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
		let take = usize::try_from(leftover).unwrap_or(usize::MAX);
		for (_, i) in order.into_iter().take(take) {
			if let Some(slot) = out.get_mut(i) {
				*slot = slot.saturating_add(1);
			}
		}
	}
	out
}

/// `10^18`: the denominator of a [`Perquintill`] share.
pub const SHARE_ONE: u128 = 1_000_000_000_000_000_000;

/// Shares proportional to `weights`, quantised to parts of `10^18` that add up
/// to exactly 1 (or all zero when `Σw = 0`).
pub fn normalise(weights: &[u128]) -> Vec<Perquintill> {
	apportion(weights, SHARE_ONE).into_iter().map(to_share).collect()
}

/// A share from its parts of `10^18` (values above 1 saturate at 1).
pub fn to_share(parts: u128) -> Perquintill {
	Perquintill::from_parts(u64::try_from(parts).unwrap_or(u64::MAX))
}

/// The parts of `10^18` of a share.
pub fn parts(share: Perquintill) -> u128 {
	u128::from(share.deconstruct())
}

/// The sum of shares in parts of `10^18` (may exceed `10^18` for bad input).
pub fn sum_parts(shares: &[Perquintill]) -> u128 {
	shares.iter().fold(0u128, |acc, s| acc.saturating_add(parts(*s)))
}

/// Mechanism §5: `a_i = floor(E·f_i)` plus one leftover unit each for the
/// largest fractional remainders (ties: lower index, i.e. lower netuid).
/// `Σ a_i = E` exactly when `Σ f_i = 1`, and `0` when `f` is all zero.
pub fn split(emission: u128, shares: &[Perquintill]) -> Vec<u128> {
	let weights: Vec<u128> = shares.iter().map(|s| parts(*s)).collect();
	let sum = sum_parts(shares);
	if sum == 0 {
		return alloc::vec![0; shares.len()];
	}
	// Shares that add up to exactly one give floor(E·f_i) directly; the
	// apportionment also keeps the total exact if rounding left them short.
	apportion(&weights, emission)
}
