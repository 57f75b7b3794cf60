//! The invariants of the pallet's storage, checked by `try_state`, the
//! migrations and after every test.

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use sp_arithmetic::Perquintill;

use crate::{
	math::{ema, split},
	Config, EligibleSetShrunk, FlowLedger, NetUid, Pallet, Parameters, PendingParams,
	SortedByNetUid, SubnetRegistry, SubnetStates, LOG_TARGET,
};

impl<T: Config> Pallet<T> {
	/// Checks the invariants of the pallet's storage.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let subnets = SubnetStates::<T>::get();
		ensure!(
			subnets.windows(2).all(|w| matches!(w, [a, b] if a.netuid < b.netuid)),
			TryRuntimeError::Other("subnet records must be sorted by netuid and unique")
		);
		let ledger = FlowLedger::<T>::get();
		ensure!(
			ledger.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)),
			TryRuntimeError::Other("flow ledger must be sorted by netuid and unique")
		);
		ensure!(
			ledger.iter().all(|(n, _)| subnets.has_netuid(*n)),
			TryRuntimeError::Other("flow ledger entry for an untracked subnet")
		);
		let registered = T::SubnetRegistry::registered_subnets();
		let tracked: Vec<(NetUid, bool)> =
			subnets.iter().map(|s| (s.netuid, s.emission_enabled)).collect();
		ensure!(
			registered == tracked,
			TryRuntimeError::Other("tracked subnets differ from the registry's")
		);
		ensure!(
			subnets
				.iter()
				.all(|s| s.was_eligible
					|| (s.effective_share.is_zero() && s.emitted_share.is_zero())),
			TryRuntimeError::Other("share for a subnet outside the last eligible set")
		);
		let tolerance = 1_000_000_000u128; // 1e-9 in parts of 1e18
		let params = Parameters::<T>::get();
		ensure!(params.validate().is_ok(), TryRuntimeError::Other("parameters out of bounds"));
		ensure!(
			PendingParams::<T>::get().is_none_or(|p| p.validate().is_ok()),
			TryRuntimeError::Other("pending parameters out of bounds")
		);
		let rules = Self::fold_rules(&params);
		ensure!(
			subnets.iter().all(|s| s.debt <= params.debt_cap),
			TryRuntimeError::Other("outflow debt above the debt cap")
		);
		// S* ≥ min(ema_floor, 0) − α·D after every fold. With the maturity
		// layer off M = S* (checked below), so the signal min(S*, M) is
		// bounded too; with it on, M may lag a raised bound.
		if let Some(bound) = rules.bound {
			ensure!(
				subnets.iter().all(|s| ema::debt_adjusted(s.ema, s.debt, rules.flow) >= bound),
				TryRuntimeError::Other("S − α·Q below min(ema_floor, 0) − α·D")
			);
		}
		if rules.maturity.is_none() {
			ensure!(
				subnets
					.iter()
					.all(|s| { s.matured == ema::debt_adjusted(s.ema, s.debt, rules.flow) }),
				TryRuntimeError::Other("matured signal differs from S − α·Q with the layer off")
			);
		}
		// A dissolved subnet leaves the others' shares short of 1 until the next
		// `on_initialize` recomputes them (the set changed); only the bounds hold.
		if EligibleSetShrunk::<T>::get() {
			return Ok(());
		}
		let effective: Vec<Perquintill> = subnets.iter().map(|s| s.effective_share).collect();
		let emitted: Vec<Perquintill> = subnets.iter().map(|s| s.emitted_share).collect();
		for (what, sum) in
			[("effective", split::sum_parts(&effective)), ("emitted", split::sum_parts(&emitted))]
		{
			let ok = sum == 0 || sum.abs_diff(split::SHARE_ONE) <= tolerance;
			if !ok {
				log::error!(target: LOG_TARGET, "{what} shares sum to {sum}");
				return Err(TryRuntimeError::Other("shares must sum to 0 or 1"));
			}
		}
		Ok(())
	}
}
