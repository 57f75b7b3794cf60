//! The share computation on arbitrary input: §2 one fold, §3–§4 one share
//! computation, §5 the split.
//!
//! For every input, valid parameters or not, nothing panics. With
//! parameters that pass `Params::validate` (the only ones the chain ever
//! computes with):
//! - a fold leaves `Q ≤ D` and, with a floor, `S − α·Q ≥ min(floor, 0) − α·D`;
//! - the effective shares number `N` and add up to exactly 1 (in parts of
//!   `10^18`), or to 0 only under the policy `none` in a drought (or `N = 0`);
//! - without smoothing (`β = 1`) no share exceeds `c' = max(c, 1/N)`;
//! - with smoothing, from previous shares that add up to 1, no share moves
//!   by more than `β`;
//! - the split of any emission `E` adds up to `E` exactly, each amount within
//!   one unit of `E·f_i`.

use pallet_taoflow::{
	math::{self, ema, shares::effective_cap, split},
	params::bounds,
	DroughtPolicy, Params, SmoothedFlow,
};
use sp_arithmetic::{FixedU128, Perquintill};

use crate::Bytes;

/// The most subnets a case has: the runtime's `MaxSubnets`.
pub const MAX_SUBNETS: usize = 1024;

const E18: u128 = 1_000_000_000_000_000_000;
const TWO_64: i128 = 1 << 64;

/// Parameters with each field at an edge of its bound, just beyond it, at a
/// typical value, or raw.
pub fn params(b: &mut Bytes) -> Params {
	let h = bounds::MAX_HALF_LIFE;
	Params {
		half_life: b.pick(&[216_000, 0, 1, 2, h, h + 1, u32::MAX], Bytes::u32),
		cutoff: b
			.pick(&[0, -1, -TWO_64, -TWO_64 - 1, TWO_64, TWO_64 + 1, i128::MIN, i128::MAX], |b| {
				b.u128() as i128
			}),
		exponent: FixedU128::from_inner(
			b.pick(&[E18, E18 - 1, E18 + E18 / 2, 2 * E18, 2 * E18 + 1, 0, u128::MAX], Bytes::u128),
		),
		max_share: Perquintill::from_parts(
			b.pick(&[1_000_000_000_000_000_000, 0, 1, 250_000_000_000_000_000], Bytes::u64),
		),
		smoothing: Perquintill::from_parts(
			b.pick(&[1_000_000_000_000_000_000, 0, 1, 10_000_000_000_000_000], Bytes::u64),
		),
		update_interval: b.pick(&[1, 0, 2, 7, 1_000_000, 1_000_001], Bytes::u32),
		transition_blocks: b.pick(&[0, 1, 10, 100_000_000, 100_000_001], Bytes::u32),
		ema_floor: b.pick(
			&[None, Some(0), Some(-1), Some(-32_090_096_000), Some(i128::MIN), Some(1)],
			|b| Some(b.u128() as i128),
		),
		drought: [
			DroughtPolicy::KeepLast,
			DroughtPolicy::None,
			DroughtPolicy::Equal,
			DroughtPolicy::Stake,
		][usize::from(b.u8() % 4)],
		debt_cap: b.pick(&[0, 1, 10_000_000_000_000, u64::MAX], Bytes::u64),
		maturity_half_life: b.pick(&[0, 1, 216_000, h, h + 1], Bytes::u32),
		min_signal: b.pick(&[0, 1, 3_209_010, 1 << 64, (1 << 64) + 1, u128::MAX], Bytes::u128),
	}
}

/// A signal (or smoothed flow) in fixed-point bits: edges or raw.
fn flow_bits(b: &mut Bytes) -> SmoothedFlow {
	let unit = SmoothedFlow::from_units(1).to_bits();
	SmoothedFlow::from_bits(b.pick(
		&[0, unit, -unit, 1, -1, 1_000_000_000 * unit, -1_000_000_000 * unit, i128::MAX, i128::MIN],
		|b| b.u128() as i128,
	))
}

/// Runs one case.
pub fn run(data: &[u8]) {
	let mut b = Bytes::new(data);
	let params = params(&mut b);
	let valid = params.validate().is_ok();
	let n = usize::from(b.u16()) % (MAX_SUBNETS + 1);

	// §2: one fold of an arbitrary state.
	let rules = ema::FoldRules::new(
		params.half_life,
		params.maturity_half_life,
		params.debt_cap,
		params.ema_floor,
	);
	let state =
		ema::FlowState { ema: flow_bits(&mut b), debt: b.u64(), matured: flow_bits(&mut b) };
	let flow = b.pick(&[0, 1, -1, i128::MAX, i128::MIN, 1 << 80], |b| b.u128() as i128);
	let next = ema::step(state, flow, &rules);
	let _ = ema::signal_of(&next, &rules);
	if valid {
		assert!(next.debt <= params.debt_cap, "Q above D");
		if let Some(bound) = rules.bound {
			assert!(ema::debt_adjusted(next.ema, next.debt, rules.flow) >= bound, "S* < B");
		}
	}

	// §3–§4: one share computation.
	let signals: Vec<SmoothedFlow> = (0..n).map(|_| flow_bits(&mut b)).collect();
	let previous: Vec<Perquintill> = match b.u8() % 3 {
		0 => vec![Perquintill::zero(); n],
		1 => {
			let w: Vec<u128> = (0..n).map(|_| u128::from(b.u32())).collect();
			split::normalise(&w)
		}
		_ => (0..n).map(|_| Perquintill::from_parts(b.u64())).collect(),
	};
	let stakes: Vec<u128> = (0..n).map(|_| b.pick(&[0, 1, u128::MAX], Bytes::u128)).collect();
	let (effective, source) = math::effective_shares(&params, &signals, &previous, move || stakes);
	if !valid {
		return;
	}
	assert_eq!(effective.len(), n);
	let sum = split::sum_parts(&effective);
	if n == 0 {
		assert_eq!(sum, 0);
		return;
	}
	if params.drought == DroughtPolicy::None {
		assert!(sum == split::SHARE_ONE || sum == 0, "shares add up to {sum}");
		assert_eq!(
			sum == 0,
			matches!(source, math::shares::TargetSource::Drought(_)),
			"nothing emitted exactly in a drought"
		);
	} else {
		assert_eq!(sum, split::SHARE_ONE, "shares add up to {sum}");
	}
	if params.smoothing == Perquintill::one() {
		let cap = effective_cap(params.max_share, n);
		for e in &effective {
			assert!(split::parts(*e) <= cap.saturating_add(1), "share {e:?} above c' = {cap}");
		}
	} else if split::sum_parts(&previous) == split::SHARE_ONE && sum > 0 {
		let beta = split::parts(params.smoothing);
		for (e, p) in effective.iter().zip(&previous) {
			let moved = split::parts(*e).abs_diff(split::parts(*p));
			assert!(moved <= beta.saturating_add(2), "a share moved {moved} > β = {beta}");
		}
	}

	// §5: the split of an arbitrary emission.
	let emission = u128::from(b.pick(&[1_000_000_000, 0, 1, u64::MAX], Bytes::u64));
	let amounts = split::split(emission, &effective);
	if sum == split::SHARE_ONE {
		assert_eq!(amounts.iter().sum::<u128>(), emission, "the split loses or creates units");
		for (a, f) in amounts.iter().zip(&effective) {
			let exact = emission * split::parts(*f) / split::SHARE_ONE;
			assert!(*a == exact || *a == exact + 1, "amount {a} for exact {exact}");
		}
	} else {
		assert!(amounts.iter().all(|a| *a == 0));
	}
}
