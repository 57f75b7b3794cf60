//! The per-block arithmetic of Taoflow, native, against the number of
//! subnets `N`: the fold of every subnet's flow (debt ledger and maturity
//! layer on), the share computation (lower limit, `x^p`, the gate, the
//! cap's water-filling, smoothing), the split of the block emission into
//! base units, and the three together. Pure CPU cost: no storage, no wasm.
//!
//! `cargo bench -p taoflow-benches`; `scripts/benchmark.sh` runs it and
//! tabulates the results.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pallet_taoflow::math::{self, ema, SmoothedFlow};
use pallet_taoflow::Params;
use sp_arithmetic::{traits::One, FixedU128};
use taoflow_benches::{inputs, p_three_halves, params, rules, Inputs, SIZES};

/// The curves: `p = 1` and `p = 1.5`, each with the cap off and on.
fn curves() -> Vec<(&'static str, FixedU128, bool)> {
	vec![
		("p1", FixedU128::one(), false),
		("p1-cap", FixedU128::one(), true),
		("p1.5", p_three_halves(), false),
		("p1.5-cap", p_three_halves(), true),
	]
}

/// Every subnet's state after the block's flows.
fn fold_all(input: &Inputs, rules: &ema::FoldRules) -> Vec<ema::FlowState> {
	input.states.iter().zip(&input.flows).map(|(s, f)| ema::step(*s, *f, rules)).collect()
}

/// One curve: `work` on the inputs of every size, under `p`.
/// The result of `work` goes through criterion's `black_box`, so the
/// computation cannot be optimised away.
fn curve<I, O>(
	c: &mut Criterion,
	name: &str,
	p: &Params,
	prepare: impl Fn(Inputs) -> I,
	work: impl Fn(&I) -> O,
) {
	let mut group = c.benchmark_group(name);
	for n in SIZES {
		let input = prepare(inputs(n, p));
		group.throughput(Throughput::Elements(n as u64));
		group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
			b.iter(|| work(input))
		});
	}
	group.finish();
}

fn fold(c: &mut Criterion) {
	let p = params(FixedU128::one(), false);
	let rules = rules(&p);
	curve(c, "fold", &p, |i| i, |input| fold_all(input, &rules));
}

fn shares(c: &mut Criterion) {
	for (name, exponent, cap) in curves() {
		let p = params(exponent, cap);
		let rules = rules(&p);
		let prepare = |input: Inputs| {
			let signals: Vec<SmoothedFlow> =
				input.states.iter().map(|s| ema::signal_of(s, &rules)).collect();
			(signals, input.previous)
		};
		curve(c, &format!("shares/{name}"), &p, prepare, |(signals, previous)| {
			math::effective_shares(&p, signals, previous, Vec::new)
		});
	}
}

fn split(c: &mut Criterion) {
	let p = params(FixedU128::one(), false);
	curve(c, "split", &p, |i| i.previous, |shares| math::split::split(1_000_000_000, shares));
}

fn block(c: &mut Criterion) {
	for (name, exponent, cap) in curves() {
		let p = params(exponent, cap);
		let rules = rules(&p);
		curve(
			c,
			&format!("block/{name}"),
			&p,
			|i| i,
			|input| {
				let signals: Vec<_> =
					fold_all(input, &rules).iter().map(|s| ema::signal_of(s, &rules)).collect();
				let (effective, _) =
					math::effective_shares(&p, &signals, &input.previous, Vec::new);
				math::split::split(1_000_000_000, &effective)
			},
		);
	}
}

// The macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
	use super::*;
	criterion_group!(benches, fold, shares, split, block);
}
use group::benches;
criterion_main!(benches);
