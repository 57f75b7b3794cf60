//! Tests by topic; every one runs on the mock and ends with `try_state`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing, clippy::panic)]

mod bittensor_compat;
mod debt;
mod ema;
mod gate;
mod hostile;
mod lifecycle;
mod maturity;
mod migration;
mod params;
mod properties;
mod shares;
mod split;
mod switch;

use sp_arithmetic::Perquintill;

use crate::{mock::*, NetUid, SmoothedFlow, SubnetStates};

/// A share as a float.
pub fn f(share: Perquintill) -> f64 {
	share.deconstruct() as f64 / 1e18
}

/// `(netuid, effective share)` of every tracked subnet.
pub fn effective() -> Vec<(NetUid, f64)> {
	SubnetStates::<Test>::get().iter().map(|s| (s.netuid, f(s.effective_share))).collect()
}

/// `(netuid, emitted share)` of every tracked subnet.
pub fn emitted() -> Vec<(NetUid, f64)> {
	SubnetStates::<Test>::get().iter().map(|s| (s.netuid, f(s.emitted_share))).collect()
}

/// The smoothed flow of `netuid`.
pub fn ema_of(netuid: NetUid) -> SmoothedFlow {
	record(netuid).ema
}

/// The record of `netuid`.
pub fn record(netuid: NetUid) -> crate::SubnetState {
	SubnetStates::<Test>::get().into_iter().find(|s| s.netuid == netuid).unwrap()
}

/// What a client reads about `netuid` (with its signal).
pub fn info(netuid: NetUid) -> crate::SubnetInfo {
	Taoflow::subnets().into_iter().find(|s| s.netuid == netuid).unwrap()
}

/// Asserts two share vectors agree within `tol`.
pub fn assert_shares(got: &[(NetUid, f64)], want: &[(NetUid, f64)], tol: f64) {
	assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
	for ((gn, gs), (wn, ws)) in got.iter().zip(want) {
		assert_eq!(gn, wn);
		assert!((gs - ws).abs() <= tol, "netuid {gn}: {gs} vs {ws} (all: {got:?})");
	}
}

/// The effective shares of one computation from scratch (no previous
/// shares), by the pure math, as floats.
pub fn pure_shares(params: &crate::Params, emas: &[i128]) -> Vec<f64> {
	let emas: Vec<SmoothedFlow> = emas.iter().map(|v| SmoothedFlow::from_units(*v)).collect();
	let previous = vec![Perquintill::zero(); emas.len()];
	let (e, _) = crate::math::effective_shares(params, &emas, &previous, Vec::new);
	e.into_iter().map(f).collect()
}

/// Asserts float vectors agree within `tol`.
pub fn assert_close(got: &[f64], want: &[f64], tol: f64) {
	assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
	for (g, w) in got.iter().zip(want) {
		assert!((g - w).abs() <= tol, "{got:?} vs {want:?}");
	}
}
