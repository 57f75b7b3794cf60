//! Mechanism §2: the smoothed flow `S`, the outflow debt `Q` and the matured
//! signal `M` of each subnet, one function per rule.

use super::fixed::{alpha_factor, mul_signed_by_factor, SmoothedFlow, FLOW_FRAC_BITS};

/// The per-block EMA factors of a half-life `H`: the decay `1 − α` and
/// the weight `α` of the new flow, as fractions of `2^64` that add up to
/// exactly `2^64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmaFactors {
	/// `1 − α = 2^(−1/H)`, as `decay / 2^64`.
	pub decay: u64,
	/// `α = 1 − 2^(−1/H)`, as `alpha / 2^64` (the complement of `decay`).
	pub alpha: u64,
}

impl EmaFactors {
	/// The factors for a half-life of `half_life` blocks (`H ≥ 1`).
	pub fn from_half_life(half_life: u32) -> Self {
		let alpha = alpha_factor(half_life);
		// α ≤ 1/2, so its complement is a u64 fraction too and the two add
		// up to exactly 2^64.
		let decay = u64::MAX.saturating_sub(alpha).saturating_add(1);
		Self { decay, alpha }
	}

	/// `(1 − α)·old + α·new` on raw [`SmoothedFlow`] bits, each product
	/// rounded to nearest; saturates at the ends of the range.
	pub fn average(self, old: SmoothedFlow, new: SmoothedFlow) -> SmoothedFlow {
		let kept = mul_signed_by_factor(old.to_bits(), self.decay);
		let added = mul_signed_by_factor(new.to_bits(), self.alpha);
		SmoothedFlow::from_bits(kept.saturating_add(added))
	}

	/// `α·x` for an amount `x` of base units, as a smoothed flow: the
	/// smoothed value of a one-block flow of `x`.
	pub fn weigh(self, units: u64) -> SmoothedFlow {
		let bits = i128::from(units).saturating_mul(1 << FLOW_FRAC_BITS);
		SmoothedFlow::from_bits(mul_signed_by_factor(bits, self.alpha))
	}
}

/// Everything §2 needs besides a subnet's own state, derived once per block
/// from the parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldRules {
	/// `α` of the half-life `H`: the factors of the smoothed flow.
	pub flow: EmaFactors,
	/// `α_m` of the maturity half-life `H_m`, or `None` when the layer is off.
	pub maturity: Option<EmaFactors>,
	/// The debt cap `D` in base units.
	pub debt_cap: u64,
	/// The EMA floor, if set.
	pub floor: Option<SmoothedFlow>,
	/// The lower bound `B = min(ema_floor, 0) − α·D` of every debt-adjusted
	/// signal `S*` when a floor is set; `None` without a floor (no bound).
	pub bound: Option<SmoothedFlow>,
}

impl FoldRules {
	/// The rules of the given parameters.
	pub fn new(
		half_life: u32,
		maturity_half_life: u32,
		debt_cap: u64,
		ema_floor: Option<i128>,
	) -> Self {
		let flow = EmaFactors::from_half_life(half_life);
		let floor = ema_floor.map(SmoothedFlow::from_units);
		let bound = floor.map(|f| f.min(SmoothedFlow::ZERO).saturating_sub(flow.weigh(debt_cap)));
		Self {
			flow,
			maturity: (maturity_half_life > 0)
				.then(|| EmaFactors::from_half_life(maturity_half_life)),
			debt_cap,
			floor,
			bound,
		}
	}
}

/// A subnet's §2 state: smoothed flow `S`, outflow debt `Q` (base units,
/// `0 ≤ Q ≤ D`) and matured signal `M`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowState {
	/// `S`.
	pub ema: SmoothedFlow,
	/// `Q`.
	pub debt: u64,
	/// `M`.
	pub matured: SmoothedFlow,
}

/// §2 step 1: `Q ← min(Q, D)` (lowering `D` forgives the excess).
pub fn cap_debt(debt: u64, debt_cap: u64) -> u64 {
	debt.min(debt_cap)
}

/// §2 step 2: the debt split of a net flow `F`. Returns the part `G` that
/// reaches the EMA and the new debt: inflow first repays debt
/// (`r = min(F, Q)`, `G = F − r`), outflow first becomes debt up to the cap
/// (`t = min(−F, D − Q)`, `G = F + t`). `Q` must already be `≤ D`.
pub fn settle_debt(flow: i128, debt: u64, debt_cap: u64) -> (i128, u64) {
	if flow > 0 {
		let repaid = flow.unsigned_abs().min(u128::from(debt));
		let repaid_units = u64::try_from(repaid).unwrap_or(debt);
		(flow.saturating_sub_unsigned(repaid), debt.saturating_sub(repaid_units))
	} else if flow < 0 {
		let room = debt_cap.saturating_sub(debt);
		let taken = flow.unsigned_abs().min(u128::from(room));
		let taken_units = u64::try_from(taken).unwrap_or(room);
		(flow.saturating_add_unsigned(taken), debt.saturating_add(taken_units))
	} else {
		(0, debt)
	}
}

/// §2 step 3: `S ← (1 − α)·S + α·G`, then `S ← max(S, floor)` when a floor
/// is set. `flow` is `G` in base units; it saturates into the fixed-point
/// range.
pub fn fold(
	ema: SmoothedFlow,
	flow: i128,
	factors: EmaFactors,
	floor: Option<SmoothedFlow>,
) -> SmoothedFlow {
	let next = factors.average(ema, SmoothedFlow::from_units(flow));
	match floor {
		Some(floor) => next.max(floor),
		None => next,
	}
}

/// §2 step 4: the debt-adjusted signal `S* = S − α·Q`.
pub fn debt_adjusted(ema: SmoothedFlow, debt: u64, factors: EmaFactors) -> SmoothedFlow {
	ema.saturating_sub(factors.weigh(debt))
}

/// §2 step 5, the matured signal: `M ← (1 − α_m)·M + α_m·S*` with the layer
/// on, `M ← S*` with it off.
///
/// Under constant parameters `M` is an average of past values of `S*`, all
/// at or above the bound `B` of [`FoldRules::bound`]. After governance
/// raises `B` (raises the floor, lengthens `H` or lowers `D`), an `M` folded
/// under the old parameters can sit below the new `B` until it catches up.
pub fn mature(
	matured: SmoothedFlow,
	adjusted: SmoothedFlow,
	maturity: Option<EmaFactors>,
) -> SmoothedFlow {
	match maturity {
		Some(m) => m.average(matured, adjusted),
		None => adjusted,
	}
}

/// The signal `Ŝ = min(S*, M)` that §3 reads. With the maturity layer off
/// `M = S*`, so this is `S*`.
pub fn signal(adjusted: SmoothedFlow, matured: SmoothedFlow) -> SmoothedFlow {
	adjusted.min(matured)
}

/// The signal of a stored state under `rules`.
pub fn signal_of(state: &FlowState, rules: &FoldRules) -> SmoothedFlow {
	signal(debt_adjusted(state.ema, state.debt, rules.flow), state.matured)
}

/// One block of §2 for one subnet, steps 1–5: `flow` is its net flow `F`
/// recorded during the previous block.
pub fn step(state: FlowState, flow: i128, rules: &FoldRules) -> FlowState {
	let debt = cap_debt(state.debt, rules.debt_cap);
	let (reaching, debt) = settle_debt(flow, debt, rules.debt_cap);
	let ema = fold(state.ema, reaching, rules.flow, rules.floor);
	let adjusted = debt_adjusted(ema, debt, rules.flow);
	let matured = mature(state.matured, adjusted, rules.maturity);
	FlowState { ema, debt, matured }
}
