//! The accumulator on plain values: the reserve equation holds exactly after
//! any sequence of credits, settlements and stake changes, and no base unit
//! is created or lost.

use crate::{StakeInfo, SubnetRecord, SCALE};
use proptest::prelude::*;
use sp_arithmetic::Perbill;

#[derive(Clone, Debug)]
enum Op {
	/// Credit this much emission.
	Credit(u64),
	/// Staker `i` settles, then changes its stake to this (0 leaves).
	Restake(usize, u64),
	/// Staker `i` settles.
	Settle(usize),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => prop_oneof![Just(0u64), 1u64..1_000, 1u64..10_000_000_000, Just(u64::MAX / 1_000_000)]
			.prop_map(Op::Credit),
		2 => (0usize..6, prop_oneof![Just(0u64), 1_000u64..1_000_000, 1u64..u64::MAX / 1_000_000])
			.prop_map(|(i, s)| Op::Restake(i, s)),
		1 => (0usize..6).prop_map(Op::Settle),
	]
}

/// `staker_reserve · SCALE = dust + Σ s · (acc − idx)`.
fn assert_reserve_equation(record: &SubnetRecord<u64>, stakes: &[StakeInfo<u64>]) {
	let owed: u128 = stakes
		.iter()
		.map(|s| u128::from(s.stake) * (record.reward_per_stake - s.reward_index))
		.sum();
	assert_eq!(u128::from(record.staker_reserve) * SCALE, record.dust + owed);
	let total: u64 = stakes.iter().map(|s| s.stake).sum();
	assert_eq!(record.total_stake, total);
}

proptest! {
	#[test]
	fn the_reserve_covers_every_payout_exactly(
		cut in 0u32..=1_000_000_000,
		ops in proptest::collection::vec(op(), 1..60),
	) {
		let cut = Perbill::from_parts(cut);
		let mut record = SubnetRecord::<u64>::new(1);
		let mut stakes = vec![StakeInfo::<u64>::new(0); 6];
		let (mut credited, mut paid) = (0u128, 0u128);
		// Settlements since the last credit: each leaves under one base unit
		// of dust, and a credit redistributes the dust.
		let mut settled = 0u64;
		for op in ops {
			match op {
				Op::Credit(amount) => {
					record.accrue(amount, cut);
					credited += u128::from(amount);
					settled = 0;
				},
				Op::Restake(i, stake) => {
					paid += u128::from(record.settle(&mut stakes[i]).unwrap());
					settled += 1;
					record.total_stake = record.total_stake - stakes[i].stake + stake;
					stakes[i].stake = stake;
				},
				Op::Settle(i) => {
					let before = record.owed_to(&stakes[i]);
					let got = record.settle(&mut stakes[i]).unwrap();
					prop_assert_eq!(got, before);
					paid += u128::from(got);
					settled += 1;
				},
			}
			assert_reserve_equation(&record, &stakes);
			// Nothing created, nothing lost.
			prop_assert_eq!(credited, paid + u128::from(record.liabilities()));
		}
		// Everyone settles: what is left for the stakers is less than one base
		// unit per settlement since the last credit.
		for stake in stakes.iter_mut() {
			paid += u128::from(record.settle(stake).unwrap());
			settled += 1;
		}
		assert_reserve_equation(&record, &stakes);
		prop_assert_eq!(credited, paid + u128::from(record.liabilities()));
		prop_assert!(record.staker_reserve <= settled);
	}
}

#[test]
fn a_lone_staker_gets_the_stakers_part_up_to_rounding() {
	let mut record = SubnetRecord::<u64>::new(1);
	let mut stake = StakeInfo::new(0);
	stake.stake = 3_000;
	record.total_stake = 3_000;
	record.accrue(820_000_000, Perbill::zero());
	// 820·10^24 / 3000 leaves a remainder of 1000 / 10^18 of a base unit,
	// and the floor of the payout leaves the staker one base unit short.
	assert_eq!(record.dust, 1_000);
	assert_eq!(record.settle(&mut stake).unwrap(), 819_999_999);
	assert_eq!(record.staker_reserve, 1);
	assert_eq!(record.dust, SCALE);
	// With no stake left, the dust is the reserve exactly.
	record.total_stake = 0;
	assert_eq!(record.take_dust(), 1);
	assert_eq!((record.staker_reserve, record.dust), (0, 0));
}

#[test]
fn an_accumulator_overflow_pays_the_owner_instead() {
	let mut record = SubnetRecord::<u64>::new(1);
	record.total_stake = 1;
	record.reward_per_stake = u128::MAX - 5;
	record.accrue(1_000, Perbill::from_percent(10));
	assert_eq!(record.owner_pending, 1_000);
	assert_eq!(record.reward_per_stake, u128::MAX - 5);
	assert_eq!(record.staker_reserve, 0);
}
