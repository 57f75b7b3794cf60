//! What the view functions read: the tracked subnets with their signals,
//! the flow recorded so far and projected emission.

use alloc::vec::Vec;

use crate::{
	math::{self, ema, split},
	Config, EmissionSchedule, FlowLedger, NetUid, Pallet, Parameters, SortedByNetUid, SubnetInfo,
	SubnetStates,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn ledger_flow(netuid: NetUid) -> i128 {
		let ledger = FlowLedger::<T>::get();
		ledger.find_netuid(netuid).map_or(0, |(_, f)| *f)
	}

	/// Every tracked subnet with its signal under the parameters in force.
	pub(crate) fn subnet_infos() -> Vec<SubnetInfo> {
		let rules = Self::fold_rules(&Parameters::<T>::get());
		SubnetStates::<T>::get()
			.into_iter()
			.map(|s| SubnetInfo {
				netuid: s.netuid,
				emission_enabled: s.emission_enabled,
				ema: s.ema,
				debt: s.debt,
				matured: s.matured,
				signal: ema::signal_of(&s.flow_state(), &rules),
				effective_share: s.effective_share,
				emitted_share: s.emitted_share,
				eligible: s.was_eligible,
			})
			.collect()
	}

	pub(crate) fn projection(netuid: NetUid, blocks: u32) -> Option<T::Balance> {
		let subnets = SubnetStates::<T>::get();
		let share = subnets.find_netuid(netuid)?.emitted_share;
		let per_block: u128 = T::EmissionSchedule::block_emission().into();
		let total = per_block.saturating_mul(u128::from(blocks));
		let amount = math::fixed::mul_div_floor(total, split::parts(share), split::SHARE_ONE)?;
		T::Balance::try_from(amount).ok()
	}
}
