//! A plain `f64` model of one share update (mechanism §3–§4), written
//! independently of the pallet's fixed-point code, for tests that check the
//! real runtime's shares against the formulas whatever the parameters are.
//! Only with `std`; never used on chain.

use alloc::{vec, vec::Vec};

use pallet_taoflow::{DroughtPolicy, Params, SubnetState};
use sp_arithmetic::Perquintill;

/// A share or fraction as a float.
fn fraction(x: Perquintill) -> f64 {
	x.deconstruct() as f64 / 1e18
}

/// A parameter set as plain numbers.
#[derive(Clone, Debug)]
pub struct Model {
	/// `cutoff`, base units per block.
	pub cutoff: f64,
	/// Exponent `p`.
	pub exponent: f64,
	/// Share cap `c`.
	pub max_share: f64,
	/// Smoothing `β`.
	pub smoothing: f64,
	/// Drought policy (`Stake` is not modelled).
	pub drought: DroughtPolicy,
}

impl From<&Params> for Model {
	fn from(p: &Params) -> Self {
		Self {
			cutoff: p.cutoff as f64,
			exponent: p.exponent.into_inner() as f64 / 1e18,
			max_share: fraction(p.max_share),
			smoothing: fraction(p.smoothing),
			drought: p.drought,
		}
	}
}

fn normalised(v: &[f64]) -> Option<Vec<f64>> {
	let sum: f64 = v.iter().sum();
	(sum > 0.0).then(|| v.iter().map(|x| x / sum).collect())
}

/// Water-filling of §3.5: `min(c', λ·r_i)` summing to 1, `c' = max(c, 1/M)`.
pub fn cap(r: &[f64], c: f64) -> Vec<f64> {
	let m = r.iter().filter(|x| **x > 0.0).count();
	if m == 0 {
		return r.to_vec();
	}
	let c = c.max(1.0 / m as f64);
	let mut capped = vec![false; r.len()];
	loop {
		let fixed = capped.iter().filter(|x| **x).count() as f64 * c;
		let free: f64 = r.iter().zip(&capped).filter(|(_, k)| !**k).map(|(x, _)| x).sum();
		let out: Vec<f64> = r
			.iter()
			.zip(&capped)
			.map(|(x, k)| if *k { c } else { x * (1.0 - fixed) / free })
			.collect();
		let mut changed = false;
		for (i, x) in out.iter().enumerate() {
			if !capped[i] && *x > c * (1.0 + 1e-15) {
				capped[i] = true;
				changed = true;
			}
		}
		if !changed {
			return out;
		}
	}
}

impl Model {
	/// The capped target `r'` of §3 for smoothed flows `s`, given the
	/// previous effective shares `prev` of the same subnets (for `keep_last`).
	pub fn target(&self, s: &[f64], prev: &[f64]) -> Vec<f64> {
		let n = s.len();
		let min = s.iter().cloned().fold(f64::INFINITY, f64::min);
		let lower = self.cutoff.max(min.min(0.0));
		let w: Vec<f64> = s
			.iter()
			.map(|x| if *x > lower { (x - lower).powf(self.exponent) } else { 0.0 })
			.collect();
		let equal = vec![1.0 / n as f64; n];
		let raw = match normalised(&w) {
			Some(r) => r,
			None => match self.drought {
				DroughtPolicy::EmitNothing => return vec![0.0; n],
				DroughtPolicy::Equal => return equal,
				DroughtPolicy::KeepLast => normalised(prev).unwrap_or(equal),
				DroughtPolicy::Stake => unimplemented!("the stake drought policy is not modelled"),
			},
		};
		cap(&raw, self.max_share)
	}

	/// The effective shares after one update (§4).
	pub fn next_effective(&self, s: &[f64], prev: &[f64]) -> Vec<f64> {
		let target = self.target(s, prev);
		if target.iter().all(|x| *x == 0.0) {
			return target;
		}
		match normalised(prev) {
			None => target,
			Some(e) => e.iter().zip(&target).map(|(e, r)| e + self.smoothing * (r - e)).collect(),
		}
	}
}

/// Checks one block of the real runtime: `before` and `after` are the
/// pallet's subnet records after consecutive blocks (update interval 1, no
/// transition). Returns the largest deviation of an effective share from the
/// model, and how many subnets were eligible.
pub fn deviation(params: &Params, before: &[SubnetState], after: &[SubnetState]) -> (f64, usize) {
	let eligible: Vec<&SubnetState> = after.iter().filter(|s| s.counted).collect();
	let s: Vec<f64> = eligible.iter().map(|x| x.ema.to_f64()).collect();
	let prev: Vec<f64> = eligible
		.iter()
		.map(|x| {
			before
				.iter()
				.find(|b| b.netuid == x.netuid && b.counted)
				.map_or(0.0, |b| fraction(b.effective_share))
		})
		.collect();
	let want = Model::from(params).next_effective(&s, &prev);
	let worst = eligible
		.iter()
		.zip(want)
		.map(|(x, w)| (fraction(x.effective_share) - w).abs())
		.fold(0.0, f64::max);
	(worst, eligible.len())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn cap_water_fills() {
		let got = cap(&[0.7, 0.2, 0.1], 0.4);
		assert!((got[0] - 0.4).abs() < 1e-15);
		assert!((got[1] - 0.4).abs() < 1e-15, "{got:?}");
		assert!((got[2] - 0.2).abs() < 1e-15);
		// Below 1/M the cap rises to 1/M.
		let got = cap(&[0.75, 0.25, 0.0], 0.25);
		assert_eq!(got, vec![0.5, 0.5, 0.0]);
	}

	#[test]
	fn smoothing_moves_part_of_the_way() {
		let m = Model {
			cutoff: 0.0,
			exponent: 1.0,
			max_share: 1.0,
			smoothing: 0.01,
			drought: DroughtPolicy::KeepLast,
		};
		let e = m.next_effective(&[1.0, 3.0, 0.0], &[1.0 / 3.0; 3]);
		assert!((e[0] - (1.0 / 3.0 + 0.01 * (0.25 - 1.0 / 3.0))).abs() < 1e-15);
		assert!((e[2] - (1.0 / 3.0) * 0.99).abs() < 1e-15);
		// A drought keeps the last shares.
		let e = m.next_effective(&[-1.0, -1.0], &[0.2, 0.6]);
		assert!((e[0] - 0.25).abs() < 1e-15 && (e[1] - 0.75).abs() < 1e-15, "{e:?}");
	}
}
