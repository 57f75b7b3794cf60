//! A plain `f64` model of one block of Taoflow's mechanism, written
//! independently of pallet-taoflow's fixed-point code: the fold of a block's
//! net flow into the smoothed flow `S` with the outflow debt `Q` and the
//! matured signal `M`; the target shares from the signal `min(S − α·Q, M)`
//! with the cutoff, the exponent `p`, the gate `θ` and the cap `c'`; and
//! the smoothing of the emitted shares by `β`. The runtime's tests, the
//! end-to-end tests and the simulator check the real chain's state and
//! shares against it, whatever the parameters. Test support only: it uses
//! floating point and never runs on chain.

// Test support: a model that indexes and asserts where the pallet may not.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use pallet_taoflow::{DroughtPolicy, NetUid, Params, SubnetInfo};
use sp_arithmetic::Perquintill;

/// A share or fraction as a float.
pub fn fraction(x: Perquintill) -> f64 {
	x.deconstruct() as f64 / 1e18
}

/// `1 − 2^(−1/h)`, evaluated without cancellation.
pub fn alpha(half_life: u32) -> f64 {
	-(-(2f64.ln()) / f64::from(half_life)).exp_m1()
}

/// A parameter set as plain numbers.
#[derive(Clone, Debug)]
pub struct Model {
	/// `α` of the half-life.
	pub alpha: f64,
	/// `α_m` of the maturity half-life; `None` with the layer off.
	pub alpha_m: Option<f64>,
	/// Debt cap `D`, base units.
	pub debt_cap: u64,
	/// EMA floor, base units per block.
	pub floor: Option<f64>,
	/// `cutoff`, base units per block.
	pub cutoff: f64,
	/// Exponent `p`.
	pub exponent: f64,
	/// Gate `θ`, base units per block.
	pub min_signal: f64,
	/// Share cap `c`.
	pub max_share: f64,
	/// EmaFactors `β`.
	pub smoothing: f64,
	/// Drought policy (`Stake` is not modelled).
	pub drought: DroughtPolicy,
}

impl From<&Params> for Model {
	fn from(p: &Params) -> Self {
		Self {
			alpha: alpha(p.half_life),
			alpha_m: (p.maturity_half_life > 0).then(|| alpha(p.maturity_half_life)),
			debt_cap: p.debt_cap,
			floor: p.ema_floor.map(|f| f as f64),
			cutoff: p.cutoff as f64,
			exponent: p.exponent.into_inner() as f64 / 1e18,
			min_signal: p.min_signal as f64,
			max_share: fraction(p.max_share),
			smoothing: fraction(p.smoothing),
			drought: p.drought,
		}
	}
}

/// One subnet's §2 state as plain numbers: `S`, `Q` (exact), `M`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flow {
	/// Smoothed flow `S`.
	pub s: f64,
	/// Outflow debt `Q`.
	pub q: u64,
	/// Matured signal `M`.
	pub m: f64,
}

impl From<&SubnetInfo> for Flow {
	fn from(x: &SubnetInfo) -> Self {
		Self { s: x.ema.to_f64(), q: x.debt, m: x.matured.to_f64() }
	}
}

fn normalised(v: &[f64]) -> Option<Vec<f64>> {
	let sum: f64 = v.iter().sum();
	(sum > 0.0).then(|| v.iter().map(|x| x / sum).collect())
}

/// The smallest `μ ≥ 0` with `Σ min(c, a_i + μ·d_i) = 1`, found by bisection
/// on the monotone sum; `None` when even `μ → ∞` stays below 1.
fn fill(a: &[f64], d: &[f64], c: f64) -> Option<Vec<f64>> {
	let at = |mu: f64| -> Vec<f64> { a.iter().zip(d).map(|(a, d)| c.min(a + mu * d)).collect() };
	let total = |mu: f64| -> f64 { at(mu).iter().sum() };
	if total(0.0) >= 1.0 - 1e-15 {
		return Some(at(0.0));
	}
	let reachable: f64 = a.iter().zip(d).map(|(a, d)| if *d > 0.0 { c } else { c.min(*a) }).sum();
	if reachable < 1.0 - 1e-12 {
		return None;
	}
	let target = 1.0 - 1e-15;
	let (mut lo, mut hi) = (0.0, 1.0);
	while total(hi) < target && hi < 1e300 {
		hi *= 2.0;
	}
	for _ in 0..200 {
		let mid = 0.5 * (lo + hi);
		if total(mid) < target {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	Some(at(hi))
}

impl Model {
	/// §2 for one block: `F` is the net flow recorded during the previous
	/// block.
	pub fn fold(&self, before: Flow, flow: i128) -> Flow {
		let d = self.debt_cap;
		let mut q = before.q.min(d);
		let g = if flow > 0 {
			let r = (flow as u128).min(u128::from(q)) as u64;
			q -= r;
			flow - i128::from(r)
		} else if flow < 0 {
			let t = flow.unsigned_abs().min(u128::from(d - q)) as u64;
			q += t;
			flow + i128::from(t)
		} else {
			0
		};
		let mut s = (1.0 - self.alpha) * before.s + self.alpha * g as f64;
		if let Some(floor) = self.floor {
			s = s.max(floor);
		}
		let adjusted = s - self.alpha * q as f64;
		let m = match self.alpha_m {
			Some(am) => (1.0 - am) * before.m + am * adjusted,
			None => adjusted,
		};
		Flow { s, q, m }
	}

	/// The signal `Ŝ = min(S − α·Q, M)`.
	pub fn signal(&self, x: Flow) -> f64 {
		(x.s - self.alpha * x.q as f64).min(x.m)
	}

	/// The target `r` of §3 for signals `sig`, given the previous effective
	/// shares `prev` of the same subnets (for `keep_last`).
	pub fn target(&self, sig: &[f64], prev: &[f64]) -> Vec<f64> {
		let n = sig.len();
		let min = sig.iter().cloned().fold(f64::INFINITY, f64::min);
		let lower = self.cutoff.max(min.min(0.0));
		let z: Vec<f64> = sig.iter().map(|x| if *x > lower { x - lower } else { 0.0 }).collect();
		let w: Vec<f64> = z.iter().map(|x| x.powf(self.exponent)).collect();
		let q = normalised(&w).unwrap_or_else(|| vec![0.0; n]);
		let total: f64 = z.iter().sum();
		let g = if total <= 0.0 {
			0.0
		} else if self.min_signal == 0.0 {
			1.0
		} else {
			(total / self.min_signal).min(1.0)
		};
		let equal = vec![1.0 / n as f64; n];
		let d = match self.drought {
			DroughtPolicy::None => vec![0.0; n],
			DroughtPolicy::Equal => equal.clone(),
			DroughtPolicy::KeepLast => normalised(prev).unwrap_or_else(|| equal.clone()),
			DroughtPolicy::Stake => unimplemented!("the stake drought policy is not modelled"),
		};
		let a: Vec<f64> = q.iter().map(|x| g * x).collect();
		if self.drought == DroughtPolicy::None {
			return a;
		}
		let c = self.max_share.max(1.0 / n as f64);
		fill(&a, &d, c).or_else(|| fill(&a, &equal, c)).unwrap_or(a)
	}

	/// The effective shares after one update (§4).
	pub fn next_effective(&self, sig: &[f64], prev: &[f64]) -> Vec<f64> {
		let target = self.target(sig, prev);
		if target.iter().all(|x| *x == 0.0) {
			return target;
		}
		match normalised(prev) {
			None => target,
			Some(e) => e.iter().zip(&target).map(|(e, r)| e + self.smoothing * (r - e)).collect(),
		}
	}
}

/// How far one block of the real runtime is from the model.
#[derive(Clone, Copy, Debug, Default)]
pub struct Deviation {
	/// Largest `|S − S_model|` and `|M − M_model|`, relative to the largest
	/// term of the block's fold (`|S|` and `|M|` before and after, `α·|F|`,
	/// `α·Q` before and after, 1 base unit per block): the factor `α` is
	/// quantised to `2^-64`, so a result that is the small difference of two
	/// large terms is only that precise relative to the terms.
	pub state: f64,
	/// Subnets whose debt differs from the model's (`Q` is exact).
	pub debt_mismatches: usize,
	/// Largest deviation of an effective share.
	pub shares: f64,
	/// Number of eligible subnets.
	pub eligible: usize,
}

impl Deviation {
	/// Whether the block matches the model: `Q` exactly, `S` and `M` within
	/// 1e-9 relative, shares within 1e-9, and some subnet eligible.
	pub fn ok(&self) -> bool {
		self.eligible > 0 && self.debt_mismatches == 0 && self.state < 1e-9 && self.shares < 1e-9
	}
}

/// Checks one block of the real runtime: `before` and `after` are what
/// clients read after consecutive blocks (update interval 1, no
/// transition), `flows` the flow ledger at the end of the earlier block
/// (`(netuid, F)`; absent netuids had none), and `params` the parameters in
/// force during the later block's `on_initialize`.
pub fn deviation(
	params: &Params,
	before: &[SubnetInfo],
	flows: &[(NetUid, i128)],
	after: &[SubnetInfo],
) -> Deviation {
	let model = Model::from(params);
	let flow_of = |n: NetUid| flows.iter().find(|(m, _)| *m == n).map_or(0, |(_, f)| *f);
	let mut out = Deviation::default();
	let mut folded = Vec::new();
	for x in after {
		let start =
			before.iter().find(|b| b.netuid == x.netuid).map_or(Flow::default(), Flow::from);
		let flow = flow_of(x.netuid);
		let want = model.fold(start, flow);
		let got = Flow::from(x);
		let terms = [
			want.s,
			start.s,
			want.m,
			start.m,
			model.alpha * flow as f64,
			model.alpha * start.q as f64,
			model.alpha * want.q as f64,
		];
		let scale = terms.iter().fold(1.0f64, |m, t| m.max(t.abs()));
		for (g, w) in [(got.s, want.s), (got.m, want.m)] {
			out.state = out.state.max((g - w).abs() / scale);
		}
		if got.q != want.q {
			out.debt_mismatches += 1;
		}
		folded.push(want);
	}
	let eligible: Vec<usize> = (0..after.len()).filter(|i| after[*i].eligible).collect();
	let sig: Vec<f64> = eligible.iter().map(|i| model.signal(folded[*i])).collect();
	let prev: Vec<f64> = eligible
		.iter()
		.map(|i| {
			before
				.iter()
				.find(|b| b.netuid == after[*i].netuid && b.eligible)
				.map_or(0.0, |b| fraction(b.effective_share))
		})
		.collect();
	let want = model.next_effective(&sig, &prev);
	out.shares = eligible
		.iter()
		.zip(want)
		.map(|(i, w)| (fraction(after[*i].effective_share) - w).abs())
		.fold(0.0, f64::max);
	out.eligible = eligible.len();
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	fn model() -> Model {
		Model {
			alpha: 0.5,
			alpha_m: None,
			debt_cap: 0,
			floor: None,
			cutoff: 0.0,
			exponent: 1.0,
			min_signal: 0.0,
			max_share: 1.0,
			smoothing: 1.0,
			drought: DroughtPolicy::KeepLast,
		}
	}

	#[test]
	fn the_cap_excess_follows_the_fallback() {
		let m = Model { max_share: 0.4, ..model() };
		// d = keep_last = equal (no history): 0.8 → 0.4, 0.15 + 0.2, 0.05 + 0.2.
		let got = m.target(&[8.0, 1.5, 0.5], &[0.0; 3]);
		for (g, w) in got.iter().zip([0.4, 0.35, 0.25]) {
			assert!((g - w).abs() < 1e-12, "{got:?}");
		}
		// d all on the capped subnet: infeasible, so equal takes the excess.
		let got = m.target(&[10.0, 0.0, 0.0], &[1.0, 0.0, 0.0]);
		for (g, w) in got.iter().zip([0.4, 0.3, 0.3]) {
			assert!((g - w).abs() < 1e-12, "{got:?}");
		}
	}

	#[test]
	fn the_gate_scales_the_flow_target() {
		let m = Model { min_signal: 400.0, drought: DroughtPolicy::Equal, ..model() };
		let got = m.target(&[100.0, 0.0], &[0.0; 2]);
		assert!((got[0] - 0.625).abs() < 1e-12 && (got[1] - 0.375).abs() < 1e-12, "{got:?}");
	}

	#[test]
	fn debt_is_repaid_before_inflow_counts() {
		let m = Model { debt_cap: 100, ..model() };
		let out = m.fold(Flow::default(), -150);
		assert_eq!(out.q, 100);
		assert_eq!(out.s, -25.0);
		let back = m.fold(out, 160);
		assert_eq!(back.q, 0);
		assert_eq!(back.s, -12.5 + 30.0);
		assert_eq!(m.signal(back), back.s);
	}

	#[test]
	fn smoothing_moves_part_of_the_way() {
		let m = Model { smoothing: 0.01, ..model() };
		let e = m.next_effective(&[1.0, 3.0, 0.0], &[1.0 / 3.0; 3]);
		assert!((e[0] - (1.0 / 3.0 + 0.01 * (0.25 - 1.0 / 3.0))).abs() < 1e-15);
		assert!((e[2] - (1.0 / 3.0) * 0.99).abs() < 1e-15);
		// A drought keeps the last shares.
		let e = m.next_effective(&[-1.0, -1.0], &[0.2, 0.6]);
		assert!((e[0] - 0.25).abs() < 1e-15 && (e[1] - 0.75).abs() < 1e-15, "{e:?}");
	}
}
