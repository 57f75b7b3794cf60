//! Stored records and the reward accounting on them.
//!
//! All of the arithmetic of the reward accumulator lives here, on plain
//! values, so that the pallet's calls only move balances and storage.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AtLeast32BitUnsigned, Zero},
	ArithmeticError, Perbill, Rounding,
};
use taoflow_primitives::{HasNetUid, NetUid};

/// Fixed-point scale of the reward accumulator and of the carried dust:
/// `reward_per_stake` is in units of `1 / SCALE` base unit per base unit of
/// stake, `dust` in units of `1 / SCALE` base unit.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// One subnet's record: its flags and everything the emission sink touches.
///
/// All records live in one netuid-sorted vector ([`crate::SubnetRecords`]) so
/// that crediting every subnet is a single read and a single write.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SubnetRecord<Balance> {
	/// The subnet.
	pub netuid: NetUid,
	/// Whether the subnet's emission is switched on.
	pub emission_enabled: bool,
	/// Whether the subnet was dissolved (its record lives on until it has
	/// paid out everything).
	pub dissolved: bool,
	/// Sum of every staker's stake `S`.
	pub total_stake: Balance,
	/// The accumulator `acc`: rewards per base unit of stake since
	/// registration, scaled by [`SCALE`].
	pub reward_per_stake: u128,
	/// Staker rewards not yet reflected in `acc` (the division's remainder
	/// and the stakers' rounding fractions), scaled by [`SCALE`].
	pub dust: u128,
	/// Base units in the pot owed to this subnet's stakers: their unpaid
	/// rewards plus the dust. Invariant:
	/// `staker_reserve · SCALE = dust + Σ stake · (acc − reward_index)`.
	pub staker_reserve: Balance,
	/// The owner's accrued, unpaid cut, in base units.
	pub owner_pending: Balance,
}

/// The owner of a subnet and the deposit held for it.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SubnetOwner<AccountId, Balance> {
	/// The account that registered the subnet (or the genesis owner).
	pub owner: AccountId,
	/// The deposit held from `owner` (0 at genesis and after dissolution).
	pub deposit: Balance,
}

/// One account's stake in one subnet.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct StakeInfo<Balance> {
	/// The stake (held from the account, always `≥ MinStake`).
	pub stake: Balance,
	/// The subnet's `acc` when this stake was last settled.
	pub reward_index: u128,
}

impl<Balance: AtLeast32BitUnsigned + Copy> StakeInfo<Balance> {
	/// No stake yet, settled at `reward_per_stake`.
	pub fn new(reward_per_stake: u128) -> Self {
		Self { stake: Zero::zero(), reward_index: reward_per_stake }
	}
}

/// What a staker is owed: `floor(stake · (acc − index) / SCALE)` base units
/// and the fraction (in `1 / SCALE` base units) that the floor leaves behind.
fn owed(stake: u128, delta: u128) -> Result<(u128, u128), ArithmeticError> {
	let whole = multiply_by_rational_with_rounding(stake, delta, SCALE, Rounding::Down)
		.ok_or(ArithmeticError::Overflow)?;
	// `stake · delta − whole · SCALE < SCALE`, so the wrapped difference is
	// the exact fraction even when the products themselves overflow.
	let fraction = stake.wrapping_mul(delta).wrapping_sub(whole.wrapping_mul(SCALE));
	Ok((whole, fraction))
}

impl<Balance: AtLeast32BitUnsigned + Copy> SubnetRecord<Balance> {
	/// A newly registered subnet: emission on, no stake, nothing accrued.
	pub fn new(netuid: NetUid) -> Self {
		Self {
			netuid,
			emission_enabled: true,
			dissolved: false,
			total_stake: Zero::zero(),
			reward_per_stake: 0,
			dust: 0,
			staker_reserve: Zero::zero(),
			owner_pending: Zero::zero(),
		}
	}

	/// Accrues `amount` of emission: `floor(amount · cut)` to the owner, the
	/// rest to the stakers through the accumulator. With no stake (or if the
	/// accumulator would overflow) everything, carried dust included, goes
	/// to the owner.
	pub fn accrue(&mut self, amount: Balance, cut: Perbill) {
		let owner_part = cut.mul_floor(amount);
		let rest = amount.saturating_sub(owner_part);
		self.owner_pending = self.owner_pending.saturating_add(owner_part);
		if !self.distribute(rest) {
			let dust = self.take_dust();
			self.owner_pending = self.owner_pending.saturating_add(rest).saturating_add(dust);
		}
	}

	/// `acc += (rest · SCALE + dust) / S`, carrying the remainder as dust.
	/// Returns `false` (and changes nothing) when `S = 0` or on overflow.
	fn distribute(&mut self, rest: Balance) -> bool {
		let stake: u128 = self.total_stake.unique_saturated_into();
		let rest_wide: u128 = rest.unique_saturated_into();
		let Some(numerator) = rest_wide.checked_mul(SCALE).and_then(|n| n.checked_add(self.dust))
		else {
			return false;
		};
		let (Some(delta), Some(dust)) =
			(numerator.checked_div(stake), numerator.checked_rem(stake))
		else {
			return false;
		};
		let (Some(acc), Some(reserve)) =
			(self.reward_per_stake.checked_add(delta), self.staker_reserve.checked_add(&rest))
		else {
			return false;
		};
		self.reward_per_stake = acc;
		self.dust = dust;
		self.staker_reserve = reserve;
		true
	}

	/// Settles `stake`: returns the base units it is owed (to be paid from
	/// the pot) and moves its index to the current `acc`. The fraction below
	/// one base unit is left to the other stakers as dust (payouts round
	/// down, so the pot can never be short).
	pub fn settle(&mut self, stake: &mut StakeInfo<Balance>) -> Result<Balance, ArithmeticError> {
		let delta = self
			.reward_per_stake
			.checked_sub(stake.reward_index)
			.ok_or(ArithmeticError::Underflow)?;
		let (whole, fraction) = owed(stake.stake.unique_saturated_into(), delta)?;
		let whole = Balance::try_from(whole).map_err(|_| ArithmeticError::Overflow)?;
		let reserve = self.staker_reserve.checked_sub(&whole).ok_or(ArithmeticError::Underflow)?;
		let dust = self.dust.checked_add(fraction).ok_or(ArithmeticError::Overflow)?;
		self.staker_reserve = reserve;
		self.dust = dust;
		stake.reward_index = self.reward_per_stake;
		Ok(whole)
	}

	/// What `stake` would be paid if settled now (no change).
	pub fn owed_to(&self, stake: &StakeInfo<Balance>) -> Balance {
		let delta = self.reward_per_stake.saturating_sub(stake.reward_index);
		owed(stake.stake.unique_saturated_into(), delta)
			.ok()
			.and_then(|(whole, _)| Balance::try_from(whole).ok())
			.unwrap_or_else(Zero::zero)
	}

	/// Takes the whole base units of dust out of the staker reserve and
	/// returns them (the part below one base unit stays). Only called with no
	/// stake left, when the invariant makes the dust exactly the reserve.
	pub fn take_dust(&mut self) -> Balance {
		let units = self.dust.checked_div(SCALE).unwrap_or(0);
		let units = Balance::try_from(units).unwrap_or_else(|_| Balance::max_value());
		let units = units.min(self.staker_reserve);
		let wide: u128 = units.unique_saturated_into();
		self.dust = self.dust.saturating_sub(wide.saturating_mul(SCALE));
		self.staker_reserve = self.staker_reserve.saturating_sub(units);
		units
	}

	/// Whether the record of a dissolved subnet has nothing left to pay and
	/// can be removed.
	pub fn is_finished(&self) -> bool {
		self.dissolved && self.total_stake.is_zero() && self.owner_pending.is_zero()
	}

	/// Everything the pot owes on behalf of this subnet.
	pub fn liabilities(&self) -> Balance {
		self.staker_reserve.saturating_add(self.owner_pending)
	}
}

impl<Balance> HasNetUid for SubnetRecord<Balance> {
	fn netuid(&self) -> NetUid {
		self.netuid
	}
}
