//! Fixed-point building blocks: the smoothed-flow number type and the few
//! integer routines the rules need (wide multiplication, `log2`, `exp2`, `x^p`).
//!
//! Everything here is integer arithmetic with explicit rounding, so native and
//! wasm execution give bit-identical results.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// `1.0` in the unsigned 64.64 format used for factors and exponents.
pub const ONE_64: u128 = 1 << 64;

/// Fractional bits of [`SmoothedFlow`].
pub const FLOW_FRAC_BITS: u32 = 48;

/// A smoothed flow `S_i` (mechanism §2): signed fixed point with 80 integer and
/// 48 fractional bits (`I80F48`), in base units per block.
///
/// The integer range (±6·10^23) holds per-block flows far beyond 2^64 base
/// units; arithmetic saturates at the ends of the range instead of wrapping.
/// The wrapped `i128` is the raw bit pattern: `value = bits / 2^48`.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SmoothedFlow(pub i128);

impl SmoothedFlow {
	/// Zero flow.
	pub const ZERO: Self = Self(0);

	/// The raw bits (`value · 2^48`).
	pub const fn to_bits(self) -> i128 {
		self.0
	}

	/// From raw bits (`value · 2^48`).
	pub const fn from_bits(bits: i128) -> Self {
		Self(bits)
	}

	/// A whole number of base units per block, saturating at the range ends.
	pub const fn from_units(units: i128) -> Self {
		Self(units.saturating_mul(1 << FLOW_FRAC_BITS))
	}

	/// The value rounded toward negative infinity, in whole base units.
	pub const fn floor_units(self) -> i128 {
		self.0 >> FLOW_FRAC_BITS
	}

	/// `self − other`, saturating.
	pub const fn saturating_sub(self, other: Self) -> Self {
		Self(self.0.saturating_sub(other.0))
	}

	/// `self + other`, saturating.
	pub const fn saturating_add(self, other: Self) -> Self {
		Self(self.0.saturating_add(other.0))
	}

	/// The value as a float, for reports and tests only (never used on chain).
	#[cfg(feature = "std")]
	pub fn to_f64(self) -> f64 {
		self.0 as f64 / (1u128 << FLOW_FRAC_BITS) as f64
	}
}

/// `a · b / 2^64` for unsigned 64.64 operands, rounded down; `None` if the
/// result does not fit 128 bits.
pub fn mul_64(a: u128, b: u128) -> Option<u128> {
	if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
		// Fractions below one: a single 64×64-bit product.
		return Some(u128::from(a).wrapping_mul(u128::from(b)) >> 64);
	}
	let (ah, al) = (a >> 64, a & u128::from(u64::MAX));
	let (bh, bl) = (b >> 64, b & u128::from(u64::MAX));
	// Every partial product is a 64×64-bit product and fits in 128 bits.
	let high = ah.checked_mul(bh)?.checked_mul(ONE_64)?;
	let mid = ah.checked_mul(bl)?.checked_add(al.checked_mul(bh)?)?;
	let low = al.checked_mul(bl)? >> 64;
	high.checked_add(mid)?.checked_add(low)
}

/// `x · f` for a signed value `x` and a factor `f = f_raw / 2^64` in `[0, 1]`,
/// rounded to nearest (ties away from zero), symmetric in the sign of `x`.
/// Never overflows, since `|x · f| ≤ |x|`.
pub fn mul_signed_by_factor(x: i128, f_raw: u64) -> i128 {
	let magnitude = x.unsigned_abs();
	let (hi, lo) = (magnitude >> 64, magnitude & u128::from(u64::MAX));
	let f = u128::from(f_raw);
	// hi < 2^64 and f < 2^64, so both products fit; the sum is ≤ |x|.
	let hi_part = hi.saturating_mul(f);
	let lo_full = lo.saturating_mul(f);
	let round = (lo_full >> 63) & 1;
	let product = hi_part.saturating_add(lo_full >> 64).saturating_add(round);
	let product = i128::try_from(product).unwrap_or(i128::MAX);
	if x < 0 {
		product.saturating_neg()
	} else {
		product
	}
}

/// `floor(a · b / c)`, or `None` when `c == 0` or the result exceeds 128 bits.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
	match a.checked_mul(b) {
		// One 128-bit division when the product fits.
		Some(product) => product.checked_div(c),
		None => sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
			a,
			b,
			c,
			sp_arithmetic::Rounding::Down,
		),
	}
}

/// The full 256-bit product `a · b` as `(high, low)` 128-bit halves.
pub fn wide_mul(a: u128, b: u128) -> (u128, u128) {
	let half = u128::from(u64::MAX);
	let (a1, a0) = (a >> 64, a & half);
	let (b1, b0) = (b >> 64, b & half);
	// Each partial product is of two 64-bit halves and fits in 128 bits.
	let low = a0.wrapping_mul(b0);
	let (middle, carry_a) = a0.wrapping_mul(b1).overflowing_add(a1.wrapping_mul(b0));
	let (middle, carry_b) = middle.overflowing_add(low >> 64);
	let carries = u128::from(carry_a).wrapping_add(u128::from(carry_b));
	let high = a1.wrapping_mul(b1).wrapping_add(middle >> 64).wrapping_add(carries << 64);
	(high, (middle << 64) | (low & half))
}

/// Largest divisor and multiplier [`Proportion`] takes on its fast path: a
/// remainder off by a few multiples of the divisor must stay below `2^128`.
const PROPORTION_MAX_BITS: u32 = 120;

/// Quotients `floor(w · t / s)` and remainders `(w · t) mod s` for many
/// `w ≤ s` with the same `t` and `s`, with no wide division per item.
///
/// A reciprocal `R = floor(t · 2^k / s)` (`R < 2^128`, `k` as large as that
/// allows) is computed once; each quotient is first estimated as
/// `floor(w · R / 2^k)`, which is at most two below the exact one (the
/// error is below `w / 2^k + 1`), then corrected with the exact remainder
/// `w · t − q · s`: that remainder is below `2^128`, so wrapping arithmetic
/// gives it exactly. Results are identical to [`mul_div_rem`]'s, which
/// serves any case outside these bounds.
#[derive(Clone, Copy, Debug)]
pub struct Proportion {
	total: u128,
	sum: u128,
	/// `(R, k)`, or `None` when `t` or `s` is outside the fast path.
	reciprocal: Option<(u128, u32)>,
}

impl Proportion {
	/// The proportion `total / sum`; `None` when `sum == 0`.
	pub fn new(total: u128, sum: u128) -> Option<Self> {
		if sum == 0 {
			return None;
		}
		let bits = |x: u128| 128u32.saturating_sub(x.leading_zeros());
		let reciprocal = if bits(total) <= PROPORTION_MAX_BITS && bits(sum) <= PROPORTION_MAX_BITS {
			// t / s < 2^(bits t − bits s + 1), so R < 2^127.
			let excess = bits(total).saturating_sub(bits(sum)).saturating_add(1);
			let k = 127u32.saturating_sub(excess);
			mul_div_floor(total, 1u128 << k, sum).map(|r| (r, k))
		} else {
			None
		};
		Some(Self { total, sum, reciprocal })
	}

	/// `(floor(w · total / sum), (w · total) mod sum)`; `None` when the
	/// quotient exceeds 128 bits (never for `w ≤ sum`).
	pub fn div_rem(&self, w: u128) -> Option<(u128, u128)> {
		let (t, s) = (self.total, self.sum);
		if let (Some((r, k)), true) = (self.reciprocal, w <= s) {
			let (high, low) = wide_mul(w, r);
			// 6 ≤ k ≤ 126, and the estimate is at most t, so `high >> k` is 0.
			let mut q = high.checked_shl(128u32.saturating_sub(k)).unwrap_or(0) | (low >> k);
			let mut rem = w.wrapping_mul(t).wrapping_sub(q.wrapping_mul(s));
			for _ in 0..4 {
				if rem < s {
					return Some((q, rem));
				}
				rem = rem.wrapping_sub(s);
				q = q.saturating_add(1);
			}
		}
		mul_div_rem(w, t, s)
	}
}

/// `(floor(a · b / c), (a · b) mod c)`, or `None` when `c == 0` or the
/// quotient exceeds 128 bits.
///
/// The remainder needs no second wide division: it is below `c`, so it
/// equals `a · b − q · c` taken modulo `2^128`, which wrapping arithmetic
/// computes exactly.
pub fn mul_div_rem(a: u128, b: u128, c: u128) -> Option<(u128, u128)> {
	let q = match a.checked_mul(b) {
		Some(product) => product.checked_div(c)?,
		None => mul_div_floor(a, b, c)?,
	};
	Some((q, a.wrapping_mul(b).wrapping_sub(q.wrapping_mul(c))))
}

/// `ln 2` in 64.64 (rounded to nearest).
const LN_2: u128 = 12_786_308_645_202_655_660;

/// `2^f` for `f = f_raw / 2^64` in `[0, 1)`, as 64.64 in `[1, 2)`.
///
/// Taylor series of `e^(f·ln 2)`; every term is below the previous, so the
/// loop ends after at most ~25 terms once a term rounds to zero.
pub fn exp2_frac(f_raw: u64) -> u128 {
	let t = mul_64(u128::from(f_raw), LN_2).unwrap_or(0);
	let mut sum = ONE_64;
	let mut term = ONE_64;
	let mut i: u64 = 1;
	while term > 0 && i < 64 {
		term = div_small(mul_64(term, t).unwrap_or(0), i);
		sum = sum.saturating_add(term);
		i = i.saturating_add(1);
	}
	sum
}

/// `x / d` rounded down (0 for `d == 0`), by 64-bit division when `x` fits
/// 64 bits (the series' terms after the first always do).
fn div_small(x: u128, d: u64) -> u128 {
	match u64::try_from(x) {
		Ok(x) => u128::from(x.checked_div(d).unwrap_or(0)),
		Err(_) => x.checked_div(u128::from(d)).unwrap_or(0),
	}
}

/// `−log2(x)` for `x = x_raw / 2^64` in `(0, 1]`, as unsigned 64.64.
/// Returns `None` for `x == 0` (the logarithm is −∞) or `x > 1`.
///
/// The integer part comes from the position of the leading bit; the fraction
/// bit by bit from repeated squaring of the mantissa (63 fractional bits).
pub fn neg_log2(x_raw: u128) -> Option<u128> {
	if x_raw == 0 || x_raw > ONE_64 {
		return None;
	}
	if x_raw == ONE_64 {
		return Some(0);
	}
	// x = m · 2^-k with m in [1, 2).
	let k = 64u32.saturating_sub(127u32.saturating_sub(x_raw.leading_zeros()));
	// Mantissa with 63 fractional bits: m_raw in [2^63, 2^64).
	let m_shift = 127u32.saturating_sub(x_raw.leading_zeros());
	let m: u128 = if m_shift >= 63 {
		x_raw >> m_shift.saturating_sub(63)
	} else {
		x_raw << 63u32.saturating_sub(m_shift)
	};
	let mut m = u64::try_from(m).unwrap_or(u64::MAX);
	// log2(m) in [0, 1), built bit by bit: m² / 2^63 is in [2^63, 2^65);
	// at or above 2^64 (m² ≥ 2) it is halved and the bit is set.
	let mut frac: u128 = 0;
	let mut bit: u128 = 1 << 63;
	while bit > 0 {
		let (high, low) = square_64(m);
		m = if high >> 63 == 1 {
			frac |= bit;
			high
		} else {
			(high << 1) | (low >> 63)
		};
		bit >>= 1;
	}
	// −log2(x) = k − log2(m).
	let neg = u128::from(k).saturating_mul(ONE_64).saturating_sub(frac);
	Some(neg)
}

/// `m²` as `(high, low)` 64-bit halves, from 32-bit limbs: three 64-bit
/// multiplications, which wasm executes natively (a 128-bit product is a
/// library call there).
fn square_64(m: u64) -> (u64, u64) {
	let half = u64::from(u32::MAX);
	let (a, b) = (m >> 32, m & half);
	// m² = a²·2^64 + 2ab·2^32 + b²; every partial product fits 64 bits.
	let (high, middle, low) = (a.wrapping_mul(a), a.wrapping_mul(b), b.wrapping_mul(b));
	// The 2^32 column: below 2^32 + 2^33.
	let column = (low >> 32).wrapping_add((middle & half) << 1);
	let high = high.wrapping_add((middle >> 32) << 1).wrapping_add(column >> 32);
	(high, ((column & half) << 32) | (low & half))
}

/// `x^p` for `x = x_raw / 2^64` in `[0, 1]` and `p = p_raw / 2^64 ≥ 1`,
/// as 64.64 in `[0, 1]`. `p = 1` and `p = 2` are computed exactly (up to the
/// final rounding); other exponents through `2^(−p·(−log2 x))`.
pub fn pow_unit(x_raw: u128, p_raw: u128) -> u128 {
	let x_raw = x_raw.min(ONE_64);
	if x_raw == 0 {
		return 0;
	}
	if p_raw == ONE_64 {
		return x_raw;
	}
	if p_raw == 2 * ONE_64 {
		return mul_64(x_raw, x_raw).unwrap_or(0);
	}
	let Some(neg_log) = neg_log2(x_raw) else { return 0 };
	let Some(y) = mul_64(neg_log, p_raw) else { return 0 };
	// 2^-y = 2^-(n + g) = 2^(1 − g) / 2^(n + 1) with g the fraction of y.
	let n = y >> 64;
	let g = y & u128::from(u64::MAX);
	if n >= 64 {
		return 0;
	}
	let n = n as u32;
	if g == 0 {
		return ONE_64 >> n;
	}
	let one_minus_g = ONE_64.saturating_sub(g) as u64;
	exp2_frac(one_minus_g) >> n.saturating_add(1)
}

/// `α = 1 − 2^(−1/H)` of mechanism §2 as a fraction `α_raw / 2^64`, for a
/// half-life `H ≥ 1` blocks.
///
/// Evaluated as `−expm1(−x)` with `x = ln 2 / H` (alternating Taylor series),
/// which keeps full relative precision even for `H = 10^8`, where `α ≈ 7e-9`.
pub fn alpha_factor(half_life: u32) -> u64 {
	let x = LN_2.checked_div(u128::from(half_life)).unwrap_or(LN_2);
	// α = x − x²/2! + x³/3! − …; terms shrink since x ≤ ln 2 < 1.
	let (mut plus, mut minus) = (0u128, 0u128);
	let mut term = x;
	let mut i: u64 = 1;
	while term > 0 && i < 64 {
		if i % 2 == 1 {
			plus = plus.saturating_add(term);
		} else {
			minus = minus.saturating_add(term);
		}
		i = i.saturating_add(1);
		term = div_small(mul_64(term, x).unwrap_or(0), i);
	}
	u64::try_from(plus.saturating_sub(minus)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)]
	use super::*;

	const SHARE: u128 = 1_000_000_000_000_000_000;

	fn to_f(x: u128) -> f64 {
		x as f64 / ONE_64 as f64
	}

	#[test]
	fn exp2_matches_float() {
		for i in 0..=1000u64 {
			let f = i as f64 / 1000.0;
			let raw = (f * ONE_64 as f64).min(u64::MAX as f64) as u64;
			let got = to_f(exp2_frac(raw));
			let want = 2f64.powf(raw as f64 / ONE_64 as f64);
			assert!((got - want).abs() < 1e-15, "{f}: {got} vs {want}");
		}
	}

	#[test]
	fn log2_matches_float() {
		for i in 1..=1000u64 {
			let x = i as f64 / 1000.0;
			let raw = (x * ONE_64 as f64) as u128;
			let got = to_f(neg_log2(raw).unwrap());
			let want = -(raw as f64 / ONE_64 as f64).log2();
			assert!((got - want).abs() < 1e-14, "{x}: {got} vs {want}");
		}
		assert_eq!(neg_log2(0), None);
		assert_eq!(neg_log2(ONE_64 + 1), None);
		assert_eq!(neg_log2(1), Some(64 * ONE_64));
	}

	#[test]
	fn pow_matches_float() {
		for pi in 0..=10u32 {
			let p = 1.0 + f64::from(pi) / 10.0;
			let p_raw = (p * ONE_64 as f64) as u128;
			for i in 1..=200u64 {
				let x = i as f64 / 200.0;
				let x_raw = (x * ONE_64 as f64) as u128;
				let got = to_f(pow_unit(x_raw, p_raw));
				let want = (x_raw as f64 / ONE_64 as f64).powf(p_raw as f64 / ONE_64 as f64);
				assert!((got - want).abs() < 1e-13, "x={x} p={p}: {got} vs {want}");
			}
		}
	}

	/// Raw results of the first implementation (bit-by-bit logarithm with
	/// 128-bit products, Taylor series with 128-bit divisions): faster
	/// arithmetic must not change a single bit of the shares.
	#[test]
	fn results_are_pinned_to_the_bit() {
		let cases = [
			(6148914691236517205, 27670116110564327424, 3550077552209447799),
			(18446744073709551615, 27670116110564327424, 18446744073709551609),
			(12345, 23058430092136939520, 1),
			(9223372036854775815, 64563604257983430656, 1630477228166597780),
			(16602069666338596454, 18446744073709551617, 16602069666338596448),
		];
		for (x, p, want) in cases {
			assert_eq!(pow_unit(x, p), want, "{x}^{p}");
		}
		assert_eq!(alpha_factor(3), 3805553599712205802);
		assert_eq!(alpha_factor(216_000), 59195778377306);
	}

	#[test]
	fn alpha_factor_matches_float() {
		for h in [1u32, 2, 3, 10, 1000, 216_000, 100_000_000] {
			let got = alpha_factor(h) as f64 / ONE_64 as f64;
			let want = -(-(2f64.ln()) / f64::from(h)).exp_m1();
			assert!((got - want).abs() / want < 1e-12, "H={h}: {got} vs {want}");
		}
	}

	#[test]
	fn signed_factor_is_symmetric_and_exact_at_one_half() {
		let half = 1u64 << 63;
		assert_eq!(mul_signed_by_factor(10, half), 5);
		assert_eq!(mul_signed_by_factor(-10, half), -5);
		assert_eq!(mul_signed_by_factor(3, half), 2);
		assert_eq!(mul_signed_by_factor(-3, half), -2);
		let near_max = mul_signed_by_factor(i128::MAX, u64::MAX);
		assert!((near_max - (i128::MAX - (i128::MAX >> 64))).abs() <= 1);
		assert!(mul_signed_by_factor(i128::MIN, u64::MAX) < 0);
	}

	/// `(a · b) mod m` by doubling, without any wide division: the oracle
	/// for the remainder `mul_div_rem` derives by wrapping arithmetic.
	fn mul_mod_by_doubling(a: u128, b: u128, m: u128) -> u128 {
		let add_mod = |x: u128, y: u128| if x >= m - y { x - (m - y) } else { x + y };
		let (mut a, mut b, mut acc) = (a % m, b, 0u128);
		while b > 0 {
			if b & 1 == 1 {
				acc = add_mod(acc, a);
			}
			a = add_mod(a, a);
			b >>= 1;
		}
		acc
	}

	#[test]
	fn wide_mul_is_the_full_product() {
		let m = u128::MAX;
		assert_eq!(wide_mul(m, m), (m - 1, 1));
		assert_eq!(wide_mul(1 << 127, 2), (1, 0));
		assert_eq!(wide_mul(u128::from(u64::MAX), 1 << 64), (0, u128::from(u64::MAX) << 64));
		assert_eq!(wide_mul(0, m), (0, 0));
		// (2^64 + 1)^2 = 2^128 + 2^65 + 1.
		assert_eq!(wide_mul((1 << 64) + 1, (1 << 64) + 1), (1, (1 << 65) + 1));
	}

	#[test]
	fn proportion_matches_the_wide_division() {
		let mut seed = 0x0123_4567_89ab_cdef_u128;
		let mut next = || {
			seed = seed.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(1442695040888963407);
			seed ^ (seed >> 59)
		};
		let mut totals =
			vec![1, 2, 7, SHARE, u128::from(u64::MAX), 1 << 119, (1 << 120) - 1, 1 << 120];
		totals.extend([u128::MAX, 1 << 121]);
		let mut sums = vec![1, 3, SHARE, (1 << 100) + 7, (1 << 112) - 1, (1 << 120) - 1, 1 << 120];
		sums.extend([u128::MAX, 1 << 125]);
		for _ in 0..200 {
			totals.push(next() >> (next() % 128));
			sums.push((next() >> (next() % 128)).max(1));
		}
		for (t, s) in totals.iter().flat_map(|t| sums.iter().map(move |s| (*t, *s))) {
			let p = Proportion::new(t, s).unwrap();
			let mut ws = vec![0, 1, s / 2, s - 1, s, s.saturating_add(1)];
			ws.extend((0..8).map(|_| next() % s.saturating_add(1)));
			for w in ws {
				assert_eq!(p.div_rem(w), mul_div_rem(w, t, s), "{w}·{t}/{s}");
			}
		}
		assert!(Proportion::new(1, 0).is_none());
	}

	#[test]
	fn mul_div_rem_is_the_wide_quotient_and_remainder() {
		let m = (1u128 << 127) + 12345;
		let cases = [
			(u128::MAX, 1, m),
			(1 << 100, 1 << 100, 7),
			(0, u128::MAX, 5),
			(1 << 100, 1_000_000_000_000_000_000, (1 << 100) + 3),
			((1 << 100) - 1, u128::from(u64::MAX), (1 << 112) - 5),
			(12_345, 678, 9),
		];
		let mut seed = 0x9e37_79b9_7f4a_7c15_u128;
		let mut next = || {
			seed = seed.wrapping_mul(0x2545_f491_4f6c_dd1d).wrapping_add(1442695040888963407);
			seed ^ (seed >> 61)
		};
		let random: Vec<(u128, u128, u128)> = (0..2_000)
			.map(|_| {
				let c = (next() >> (next() % 100)).max(1);
				let a = next() % c;
				(a, next() >> (next() % 128), c)
			})
			.collect();
		for (a, b, c) in cases.into_iter().chain(random) {
			let Some((q, r)) = mul_div_rem(a, b, c) else {
				assert!(mul_div_floor(a, b, c).is_none(), "{a}·{b}/{c}");
				continue;
			};
			assert_eq!(Some(q), mul_div_floor(a, b, c), "{a}·{b}/{c}");
			assert_eq!(r, mul_mod_by_doubling(a, b, c), "{a}·{b} mod {c}");
		}
		assert_eq!(mul_div_rem(1, 1, 0), None);
	}
}
