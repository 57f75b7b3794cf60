//! The generated records of Taoflow's runtime API as the pallet's own types,
//! field by field (the reference model takes those).

use crate::taoflow::runtime_types::{
	pallet_taoflow::{
		math::fixed::SmoothedFlow,
		params::{DroughtPolicy, Params},
		types::SubnetInfo,
	},
	sp_arithmetic::{fixed_point::FixedU128, per_things::Perquintill},
};

fn flow(x: SmoothedFlow) -> pallet_taoflow::SmoothedFlow {
	pallet_taoflow::SmoothedFlow(x.0)
}

fn share(x: Perquintill) -> sp_runtime::Perquintill {
	sp_runtime::Perquintill::from_parts(x.0)
}

/// A subnet's record.
pub fn subnet_info(s: SubnetInfo) -> pallet_taoflow::SubnetInfo {
	pallet_taoflow::SubnetInfo {
		netuid: s.netuid,
		emission_enabled: s.emission_enabled,
		ema: flow(s.ema),
		debt: s.debt,
		matured: flow(s.matured),
		signal: flow(s.signal),
		effective_share: share(s.effective_share),
		emitted_share: share(s.emitted_share),
		eligible: s.eligible,
	}
}

/// The mechanism's parameters.
pub fn params(p: Params) -> pallet_taoflow::Params {
	let FixedU128(exponent) = p.exponent;
	pallet_taoflow::Params {
		half_life: p.half_life,
		cutoff: p.cutoff,
		exponent: sp_runtime::FixedU128::from_inner(exponent),
		max_share: share(p.max_share),
		smoothing: share(p.smoothing),
		update_interval: p.update_interval,
		transition_blocks: p.transition_blocks,
		ema_floor: p.ema_floor,
		drought: match p.drought {
			DroughtPolicy::None => pallet_taoflow::DroughtPolicy::None,
			DroughtPolicy::Equal => pallet_taoflow::DroughtPolicy::Equal,
			DroughtPolicy::KeepLast => pallet_taoflow::DroughtPolicy::KeepLast,
			DroughtPolicy::Stake => pallet_taoflow::DroughtPolicy::Stake,
		},
		debt_cap: p.debt_cap,
		maturity_half_life: p.maturity_half_life,
		min_signal: p.min_signal,
	}
}
