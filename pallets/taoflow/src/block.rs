//! The per-block mechanism (§2–§5), run from `on_initialize`: put pending
//! parameters in force, fold last block's flows, recompute the shares when
//! due, blend in a transition and credit the split to the emission sink.

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_arithmetic::Perquintill;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto};

use crate::{
	math::{self, ema, shares::TargetSource, split},
	Config, EligibleSetShrunk, EmissionSchedule, EmissionSink, Event, FlowLedger, NetUid, Pallet,
	Parameters, Params, PendingParams, SmoothedFlow, SortedByNetUid, SubnetRegistry, SubnetState,
	SubnetStates, Transition, WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// Mechanism §2–§5 for block `now`; returns the weight used: the
	/// benchmarked weight for `n` subnets and `k` ledger entries, whose
	/// benchmark takes every conditional path but two (pending parameters
	/// put in force, the `stake` policy's read, the sink's credits are all in
	/// it), plus those two when they happen: clearing the shrunk flag and
	/// ending the transition.
	pub(crate) fn step(now: BlockNumberFor<T>) -> Weight {
		let mut extra = Weight::zero();
		let params = match PendingParams::<T>::take() {
			Some(params) => {
				Parameters::<T>::put(params.clone());
				params
			}
			None => Parameters::<T>::get(),
		};
		let mut subnets = SubnetStates::<T>::get().into_inner();
		let flows = FlowLedger::<T>::get();
		let n = subnets.len() as u32;
		let k = flows.len() as u32;
		if !flows.is_empty() {
			FlowLedger::<T>::kill();
		}

		// §2: debt, fold and maturity for last block's flows; every tracked
		// subnet decays.
		let rules = Self::fold_rules(&params);
		for s in subnets.iter_mut() {
			let flow = flows.find_netuid(s.netuid).map_or(0, |(_, f)| *f);
			s.set_flow_state(ema::step(s.flow_state(), flow, &rules));
		}

		// §4: recompute at the interval or when the eligible set changed.
		let shrunk = EligibleSetShrunk::<T>::get();
		if shrunk {
			EligibleSetShrunk::<T>::kill();
			extra = extra.saturating_add(T::DbWeight::get().writes(1));
		}
		let set_changed = shrunk || subnets.iter().any(|s| s.emission_enabled != s.was_eligible);
		let block: u64 = now.unique_saturated_into();
		let due = block.checked_rem(u64::from(params.update_interval)).unwrap_or(0) == 0;
		if due || set_changed {
			Self::recompute(&params, &rules, &mut subnets);
		}

		// §4: the emitted shares, with the transition blend.
		let effective: Vec<Perquintill> =
			subnets.iter().filter(|s| s.emission_enabled).map(|s| s.effective_share).collect();
		let emitted = Self::emitted_shares(&params, now, &subnets, effective, &mut extra);
		let mut eligible = emitted.into_iter();
		for s in subnets.iter_mut() {
			s.emitted_share = if s.emission_enabled {
				eligible.next().unwrap_or_else(Perquintill::zero)
			} else {
				Perquintill::zero()
			};
		}

		// §5: split and credit.
		let emission: u128 = T::EmissionSchedule::block_emission().into();
		let shares: Vec<Perquintill> =
			subnets.iter().filter(|s| s.emission_enabled).map(|s| s.emitted_share).collect();
		let amounts = split::split(emission, &shares);
		let credits: Vec<(NetUid, T::Balance)> = subnets
			.iter()
			.filter(|s| s.emission_enabled)
			.zip(amounts)
			.filter(|(_, a)| *a > 0)
			.filter_map(|(s, a)| T::Balance::try_from(a).ok().map(|a| (s.netuid, a)))
			.collect();
		if !credits.is_empty() {
			// The hook's benchmark runs the runtime's own sink with a credit
			// for every subnet, so `WeightInfo::on_initialize` already holds
			// the sink's work.
			let minted = T::EmissionSink::credit(&credits);
			if !minted.is_zero() {
				Self::deposit_event(Event::EmissionSplit {
					amount: minted,
					subnets: credits.len() as u32,
				});
			}
		}
		// Same length as read, so nothing is truncated.
		SubnetStates::<T>::put(BoundedVec::<_, T::MaxSubnets>::truncate_from(subnets));

		T::WeightInfo::on_initialize(n, k).saturating_add(extra)
	}

	/// §3 and §4 over the eligible subnets; writes the effective shares and
	/// the `was_eligible` flags.
	fn recompute(params: &Params, rules: &ema::FoldRules, subnets: &mut [SubnetState]) {
		let eligible: Vec<&SubnetState> = subnets.iter().filter(|s| s.emission_enabled).collect();
		let signals: Vec<SmoothedFlow> =
			eligible.iter().map(|s| ema::signal_of(&s.flow_state(), rules)).collect();
		let previous: Vec<Perquintill> = eligible.iter().map(|s| s.effective_share).collect();
		// Total stake is read (at once) only when the `stake` policy's
		// distribution is needed.
		let stakes = || {
			let netuids: Vec<NetUid> = eligible.iter().map(|s| s.netuid).collect();
			T::SubnetRegistry::total_stakes(&netuids).into_iter().map(Into::into).collect()
		};
		let (effective, source) = math::effective_shares(params, &signals, &previous, stakes);
		if let TargetSource::Drought(policy) = source {
			Self::deposit_event(Event::Drought { policy });
		}
		let mut next = effective.into_iter();
		for s in subnets.iter_mut() {
			s.was_eligible = s.emission_enabled;
			s.effective_share = if s.emission_enabled {
				next.next().unwrap_or_else(Perquintill::zero)
			} else {
				Perquintill::zero()
			};
		}
	}

	/// §4 transition: blends legacy shares into the effective ones while the
	/// window runs; drops the legacy shares once it has passed (adding that
	/// write to `weight`).
	fn emitted_shares(
		params: &Params,
		now: BlockNumberFor<T>,
		subnets: &[SubnetState],
		effective: Vec<Perquintill>,
		weight: &mut Weight,
	) -> Vec<Perquintill> {
		let Some(transition) = Transition::<T>::get() else { return effective };
		let elapsed = now.saturating_sub(transition.start);
		let window = BlockNumberFor::<T>::from(params.transition_blocks);
		if elapsed >= window {
			Transition::<T>::kill();
			*weight = weight.saturating_add(T::DbWeight::get().writes(1));
			return effective;
		}
		let elapsed: u32 = elapsed.try_into().unwrap_or(u32::MAX);
		let legacy: Vec<Perquintill> = subnets
			.iter()
			.filter(|s| s.emission_enabled)
			.map(|s| {
				transition
					.legacy_shares
					.find_netuid(s.netuid)
					.map_or_else(Perquintill::zero, |(_, share)| *share)
			})
			.collect();
		math::shares::blend(&legacy, &effective, elapsed, params.transition_blocks)
	}

	/// The §2 rules of `params`.
	pub(crate) fn fold_rules(params: &Params) -> ema::FoldRules {
		ema::FoldRules::new(
			params.half_life,
			params.maturity_half_life,
			params.debt_cap,
			params.ema_floor,
		)
	}
}
