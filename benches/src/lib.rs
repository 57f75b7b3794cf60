//! Inputs for the criterion benchmarks of Taoflow's per-block arithmetic
//! (`benches/per_block.rs`): `N` subnets with spread-out smoothed flows,
//! debts and matured signals, a ledger with a flow for every subnet, and the
//! parameter sets the curves compare (`p = 1` and `p = 1.5`, cap on and off,
//! with the debt ledger, the maturity layer, the gate and smoothing on).
//!
//! Native benchmark support, never on chain: plain arithmetic on inputs.

#![allow(clippy::arithmetic_side_effects)]

use pallet_taoflow::{
	math::{
		ema::{FlowState, FoldRules},
		SmoothedFlow,
	},
	DroughtPolicy, Params,
};
use sp_arithmetic::{FixedPointNumber, FixedU128, Perquintill};

/// The subnet counts of the curves.
pub const SIZES: [usize; 4] = [16, 128, 1_024, 4_096];

/// A deterministic sequence (a 64-bit linear congruential generator), so
/// that every run measures the same inputs.
pub struct Lcg(u64);

impl Lcg {
	/// A generator from `seed`.
	pub fn new(seed: u64) -> Self {
		Self(seed)
	}

	/// The next value.
	pub fn draw(&mut self) -> u64 {
		self.0 =
			self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
		self.0 >> 11
	}
}

/// The parameters of a curve: every rule on, exponent `p`, the cap on or
/// off. The gate `θ` is set so that it binds for the flows of [`inputs`].
pub fn params(exponent: FixedU128, cap: bool) -> Params {
	Params {
		exponent,
		max_share: if cap { Perquintill::from_percent(5) } else { Perquintill::one() },
		smoothing: Perquintill::from_percent(1),
		drought: DroughtPolicy::KeepLast,
		..Params::recommended()
	}
}

/// `p = 1.5`.
pub fn p_three_halves() -> FixedU128 {
	FixedU128::saturating_from_rational(3, 2)
}

/// One block's inputs for `n` subnets.
pub struct Inputs {
	/// Each subnet's §2 state.
	pub states: Vec<FlowState>,
	/// Each subnet's net flow of the block, in base units.
	pub flows: Vec<i128>,
	/// Each subnet's effective share before the block (they sum to 1).
	pub previous: Vec<Perquintill>,
}

/// Inputs for `n` subnets: smoothed flows between −1 and +9 TAO per block,
/// debts up to the debt cap, flows of up to ±100 TAO.
pub fn inputs(n: usize, params: &Params) -> Inputs {
	let mut rng = Lcg::new(n as u64);
	let tao = 1_000_000_000i128;
	let states = (0..n)
		.map(|_| {
			let ema = SmoothedFlow::from_units((rng.draw() % (10 * tao as u64)) as i128 - tao);
			let debt = rng.draw() % params.debt_cap.max(1);
			FlowState { ema, debt, matured: ema }
		})
		.collect();
	let flows = (0..n).map(|_| (rng.draw() % (200 * tao as u64)) as i128 - 100 * tao).collect();
	let previous = pallet_taoflow::math::shares::equal(n);
	Inputs { states, flows, previous }
}

/// The fold rules of `params`.
pub fn rules(params: &Params) -> FoldRules {
	FoldRules::new(params.half_life, params.maturity_half_life, params.debt_cap, params.ema_floor)
}
