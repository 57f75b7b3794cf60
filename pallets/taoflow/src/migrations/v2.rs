//! Version 1 → 2: mechanism version 2 (outflow debt, maturity, signal gate).
//!
//! Every subnet record gains its outflow debt `Q = 0` and matured signal
//! `M = S`, so that the signal `Ŝ = min(S − α·Q, M) = S`: no subnet's signal
//! jumps. The parameters gain `debt_cap = 0`, `maturity_half_life = 0` and
//! `min_signal = 0`, i.e. the new rules start switched off; governance turns
//! them on with `set_params`, and the debt ledger and maturity layer then
//! start from this state without a jump either. The shares of the first
//! block after the upgrade are version 1's unless a share cap binds:
//! version 2 sends the cap's excess to the drought policy's distribution
//! with `c' = max(c, 1/N)`, where version 1 spread it over the other
//! positive flows with `c' = max(c, 1/M)`; smoothing (`β`) bounds how fast
//! the shares move to the new targets.
//!
//! Two storage items move to the names of version 2: the subnet records
//! from `Subnets` (the name of the subnets pallet) to `SubnetStates`, and
//! the flag `CountedSetShrunk` to `EligibleSetShrunk`. Both old keys are
//! removed.
//!
//! Version 1 allowed the drought policy `none` together with a share cap,
//! which version 2 rejects (with `none` there is no distribution to take the
//! cap's excess). Such parameters keep `none` — the explicit choice to emit
//! nothing in a drought — and lose the cap; the migration logs it.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	traits::{Get, UncheckedOnRuntimeUpgrade},
};
use sp_arithmetic::{FixedU128, Perquintill};

use crate::{
	params::DroughtPolicy, Config, EligibleSetShrunk, NetUid, Pallet, Parameters, Params,
	SmoothedFlow, SubnetRegistry, SubnetState, SubnetStates, LOG_TARGET,
};

/// The storage layouts of version 1.
pub mod v1 {
	use super::*;
	use scale_info::TypeInfo;

	/// A subnet record of version 1.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct SubnetState {
		/// The subnet.
		pub netuid: NetUid,
		/// Whether its emission is enabled.
		pub emission_enabled: bool,
		/// Smoothed flow `S`.
		pub ema: SmoothedFlow,
		/// Effective share.
		pub effective_share: Perquintill,
		/// Emitted share.
		pub emitted_share: Perquintill,
		/// In the last share computation's eligible set.
		pub was_eligible: bool,
	}

	pub use keys::{CountedSetShrunk, Subnets};

	// The alias macro generates an undocumented prefix type per item.
	#[allow(missing_docs)]
	mod keys {
		use super::*;

		/// Version 1's subnet records, under the key `Taoflow::Subnets`.
		#[frame_support::storage_alias]
		pub type Subnets<T: Config> = StorageValue<
			Pallet<T>,
			BoundedVec<SubnetState, <T as Config>::MaxSubnets>,
			OptionQuery,
		>;

		/// Version 1's flag that the eligible set shrank, under the key
		/// `Taoflow::CountedSetShrunk`.
		#[frame_support::storage_alias]
		pub type CountedSetShrunk<T: Config> = StorageValue<Pallet<T>, bool, ValueQuery>;
	}

	/// The parameters of version 1.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Params {
		/// `H`.
		pub half_life: u32,
		/// `cutoff`.
		pub cutoff: i128,
		/// `p`.
		pub exponent: FixedU128,
		/// `c`.
		pub max_share: Perquintill,
		/// `β`.
		pub smoothing: Perquintill,
		/// `U`.
		pub update_interval: u32,
		/// `T`.
		pub transition_blocks: u32,
		/// The EMA floor.
		pub ema_floor: Option<i128>,
		/// The drought policy.
		pub drought: DroughtPolicy,
	}
}

/// A version-1 record in the version-2 layout: `Q = 0`, `M = S`.
pub fn translate_subnet(old: v1::SubnetState) -> SubnetState {
	SubnetState {
		netuid: old.netuid,
		emission_enabled: old.emission_enabled,
		ema: old.ema,
		debt: 0,
		matured: old.ema,
		effective_share: old.effective_share,
		emitted_share: old.emitted_share,
		was_eligible: old.was_eligible,
	}
}

/// Version-1 parameters in the version-2 layout, the new rules off. `none`
/// with a cap loses the cap, and a cutoff beyond version 2's bound
/// `|cutoff| ≤ 2^64` is clamped to it (see the module docs).
pub fn translate_params(old: v1::Params) -> Params {
	let mut params = Params {
		half_life: old.half_life,
		cutoff: old.cutoff,
		exponent: old.exponent,
		max_share: old.max_share,
		smoothing: old.smoothing,
		update_interval: old.update_interval,
		transition_blocks: old.transition_blocks,
		ema_floor: old.ema_floor,
		drought: old.drought,
		debt_cap: 0,
		maturity_half_life: 0,
		min_signal: 0,
	};
	if params.drought == DroughtPolicy::None && params.max_share != Perquintill::one() {
		log::warn!(
			target: LOG_TARGET,
			"drought `none` with a share cap is not allowed in version 2: the cap is dropped"
		);
		params.max_share = Perquintill::one();
	}
	let bound = i128::try_from(crate::params::bounds::MAX_CUTOFF).unwrap_or(i128::MAX);
	if params.cutoff.unsigned_abs() > crate::params::bounds::MAX_CUTOFF {
		log::warn!(target: LOG_TARGET, "cutoff beyond ±2^64 is clamped to the bound");
		params.cutoff = params.cutoff.clamp(bound.saturating_neg(), bound);
	}
	params
}

/// The unversioned body of the migration; use [`MigrateV1ToV2`].
pub struct InnerMigrateV1ToV2<T>(PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut subnets = 0usize;
		let old_key = v1::Subnets::<T>::hashed_key();
		let old = frame_support::storage::unhashed::get_raw(&old_key);
		frame_support::storage::unhashed::kill(&old_key);
		match old.map(|raw| BoundedVec::<v1::SubnetState, T::MaxSubnets>::decode(&mut &raw[..])) {
			Some(Ok(records)) => {
				subnets = records.len();
				let records: Vec<SubnetState> = records.into_iter().map(translate_subnet).collect();
				SubnetStates::<T>::put(BoundedVec::<_, T::MaxSubnets>::truncate_from(records));
			}
			Some(Err(_)) => {
				// Corrupt state: track the registry's subnets afresh
				// (S = Q = M = 0) rather than leave bytes no version decodes.
				log::error!(target: LOG_TARGET, "subnet records do not decode as version 1");
				let fresh: Vec<SubnetState> = T::SubnetRegistry::registered_subnets()
					.into_iter()
					.map(|(netuid, enabled)| SubnetState {
						emission_enabled: enabled,
						..SubnetState::new(netuid)
					})
					.collect();
				subnets = fresh.len();
				SubnetStates::<T>::put(BoundedVec::<_, T::MaxSubnets>::truncate_from(fresh));
			}
			None => {}
		}
		if v1::CountedSetShrunk::<T>::take() {
			EligibleSetShrunk::<T>::put(true);
		}
		let params = Parameters::<T>::translate::<v1::Params, _>(|old| old.map(translate_params));
		if params.is_err() {
			log::error!(target: LOG_TARGET, "parameters do not decode as version 1: defaults");
			Parameters::<T>::put(Params::default());
		}
		log::info!(target: LOG_TARGET, "migrated {subnets} subnet records to version 2");
		// Reads: the old records, the old flag, the parameters (and the
		// registry on corrupt records). Writes: new and old records, the old
		// flag and the new one, the parameters.
		T::DbWeight::get().reads_writes(4, 5)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		let records: Vec<v1::SubnetState> =
			v1::Subnets::<T>::get().map(BoundedVec::into_inner).unwrap_or_default();
		let params: Option<v1::Params> =
			frame_support::storage::unhashed::get(&Parameters::<T>::hashed_key());
		Ok((records, params).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let (records, params): (Vec<v1::SubnetState>, Option<v1::Params>) =
			Decode::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre-upgrade state does not decode"))?;
		let want: Vec<SubnetState> = records.into_iter().map(translate_subnet).collect();
		ensure!(
			!v1::Subnets::<T>::exists() && !v1::CountedSetShrunk::<T>::exists(),
			TryRuntimeError::Other("a version-1 key is left")
		);
		ensure!(
			SubnetStates::<T>::get().into_inner() == want,
			TryRuntimeError::Other("subnet records changed beyond Q = 0, M = S")
		);
		if let Some(old) = params {
			ensure!(
				Parameters::<T>::get() == translate_params(old),
				TryRuntimeError::Other("parameters changed beyond the new rules off")
			);
		}
		Pallet::<T>::do_try_state()
	}
}

/// Version-checked migration 1 → 2 (runs once, then bumps the version).
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	InnerMigrateV1ToV2<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
