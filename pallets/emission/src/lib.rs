//! # Emission: Bittensor's block emission schedule
//!
//! The amount `E_b` a chain mints in every block, which Taoflow splits across
//! the subnets ([`taoflow_primitives::EmissionSchedule`]).
//!
//! `E_b` starts at [`InitialEmission`] and halves each time the total
//! issuance `I` of [`Config::Currency`] crosses the next half of what is left
//! of the total supply `S` ([`TotalSupply`]): the `k`-th halving happens when
//! `I` reaches `S·(1 − 2^−k)`. With Bittensor's values (1 TAO per block,
//! `S` = 21M TAO) that is at 10.5M, 15.75M, 18.375M TAO, and so on:
//!
//! ```text
//! k   = #{ j ≥ 1 : I ≥ S − ⌊S / 2^j⌋ }
//! E_b = min(⌊initial / 2^k⌋, S − I)      (0 once I ≥ S)
//! ```
//!
//! so issuance never exceeds the supply. Both values are set at genesis; a
//! test or a simulation fixes the emission of a run by choosing a supply far
//! above the issuance. Reading `E_b` costs two storage reads and the
//! currency's total issuance.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

use sp_runtime::traits::{AtLeast32BitUnsigned, Zero};

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

// The pallet macros expand to code that calls `expect` on values they know to
// be present; the module's own code does not.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use frame_support::{pallet_prelude::*, traits::fungible::Inspect};

	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The balance type of the currency the emission is minted in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency whose total issuance drives the halvings.
		type Currency: Inspect<Self::AccountId, Balance: MaybeSerializeDeserialize>;
	}

	/// Emission per block before the first halving, in base units.
	#[pallet::storage]
	pub type InitialEmission<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The total supply `S` the halvings approach, in base units.
	#[pallet::storage]
	pub type TotalSupply<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Genesis values of the schedule.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Emission per block before the first halving (base units).
		pub initial_emission: BalanceOf<T>,
		/// Total supply `S` (base units).
		pub total_supply: BalanceOf<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			InitialEmission::<T>::put(self.initial_emission);
			TotalSupply::<T>::put(self.total_supply);
		}
	}

	impl<T: Config> Pallet<T> {
		/// The emission per block at total issuance `issuance`.
		pub fn emission_at(issuance: BalanceOf<T>) -> BalanceOf<T> {
			halved_emission(InitialEmission::<T>::get(), TotalSupply::<T>::get(), issuance)
		}
	}

	impl<T: Config> taoflow_primitives::EmissionSchedule<BalanceOf<T>> for Pallet<T> {
		fn block_emission() -> BalanceOf<T> {
			Self::emission_at(T::Currency::total_issuance())
		}
	}
}

/// `⌊initial / 2^k⌋` where `k` counts the thresholds `S − ⌊S / 2^j⌋`,
/// `j ≥ 1`, that `issuance` has reached; never more than what is left of the
/// supply, and 0 once the supply is reached.
pub fn halved_emission<B: AtLeast32BitUnsigned + Copy>(initial: B, supply: B, issuance: B) -> B {
	if issuance >= supply {
		return Zero::zero();
	}
	// Threshold j is S − S/2^j; at most one per bit of B is distinct.
	let bits = u32::try_from(core::mem::size_of::<B>().saturating_mul(8)).unwrap_or(u32::MAX);
	let mut emission = initial;
	let mut halvings = 1u32;
	while halvings < bits && !emission.is_zero() {
		let threshold =
			supply.saturating_sub(supply.checked_shr(halvings).unwrap_or_else(Zero::zero));
		if issuance < threshold {
			break;
		}
		emission = emission.checked_shr(1).unwrap_or_else(Zero::zero);
		halvings = halvings.saturating_add(1);
	}
	emission.min(supply.saturating_sub(issuance))
}
