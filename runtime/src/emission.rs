//! The block emission: Bittensor's schedule.
//!
//! `E_b` starts at `initial_emission` (1 TAO) and halves each time total
//! issuance crosses the next half of the remaining supply: the `k`-th halving
//! happens when issuance reaches `S·(1 − 2^−k)` for the total supply `S`
//! (21M TAO): at 10.5M, 15.75M, 18.375M TAO, and so on. Both values are set at
//! genesis, so a test or the simulator can fix the emission of a run.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::{pallet_prelude::*, traits::fungible::Inspect};

	use super::halved_emission;
	use crate::Balance;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency whose total issuance drives the halvings.
		type Currency: Inspect<Self::AccountId, Balance = Balance>;
	}

	/// Emission per block before the first halving, in base units.
	#[pallet::storage]
	pub type InitialEmission<T: Config> = StorageValue<_, Balance, ValueQuery>;

	/// The total supply `S` the halvings approach, in base units.
	#[pallet::storage]
	pub type TotalSupply<T: Config> = StorageValue<_, Balance, ValueQuery>;

	/// Genesis values of the schedule.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Emission per block before the first halving (base units).
		pub initial_emission: Balance,
		/// Total supply `S` (base units).
		pub total_supply: Balance,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			InitialEmission::<T>::put(self.initial_emission);
			TotalSupply::<T>::put(self.total_supply);
		}
	}

	impl<T: Config> Pallet<T> {
		/// The emission per block at `issuance`.
		pub fn emission_at(issuance: Balance) -> Balance {
			halved_emission(InitialEmission::<T>::get(), TotalSupply::<T>::get(), issuance)
		}
	}

	impl<T: Config> pallet_taoflow::EmissionSchedule<Balance> for Pallet<T> {
		fn block_emission() -> Balance {
			Self::emission_at(T::Currency::total_issuance())
		}
	}
}

/// `initial · 2^−k` where `k` counts the thresholds `S·(1 − 2^−j)`, `j ≥ 1`,
/// that `issuance` has reached; never more than what is left of the supply.
pub fn halved_emission(initial: u64, supply: u64, issuance: u64) -> u64 {
	if issuance >= supply {
		return 0;
	}
	let mut emission = initial;
	let mut halvings = 1u32;
	// Threshold j is S − S/2^j; at most 64 of them are distinct.
	while halvings < 64 && emission > 0 {
		let threshold = supply.saturating_sub(supply.checked_shr(halvings).unwrap_or(0));
		if issuance < threshold {
			break;
		}
		emission = emission.checked_shr(1).unwrap_or(0);
		halvings = halvings.saturating_add(1);
	}
	emission.min(supply.saturating_sub(issuance))
}

#[cfg(test)]
mod tests {
	use super::halved_emission;

	const TAO: u64 = 1_000_000_000;
	const S: u64 = 21_000_000 * TAO;

	#[test]
	fn one_tao_until_half_the_supply() {
		assert_eq!(halved_emission(TAO, S, 0), TAO);
		assert_eq!(halved_emission(TAO, S, S / 2 - 1), TAO);
	}

	#[test]
	fn halves_exactly_at_each_threshold() {
		assert_eq!(halved_emission(TAO, S, S / 2), TAO / 2);
		let second = S - S / 4; // 15.75M TAO
		assert_eq!(halved_emission(TAO, S, second - 1), TAO / 2);
		assert_eq!(halved_emission(TAO, S, second), TAO / 4);
		let third = S - S / 8; // 18.375M TAO
		assert_eq!(halved_emission(TAO, S, third - 1), TAO / 4);
		assert_eq!(halved_emission(TAO, S, third), TAO / 8);
	}

	#[test]
	fn never_exceeds_the_supply() {
		assert_eq!(halved_emission(TAO, S, S), 0);
		assert_eq!(halved_emission(TAO, S, S + 5), 0);
		// Deep in the tail the emission has halved to zero.
		assert_eq!(halved_emission(TAO, S, S - 1), 0);
		// A fixed emission for a run: a supply far away means no halving.
		assert_eq!(halved_emission(7, u64::MAX, 1_000_000), 7);
	}
}
