//! The emission sink and the reward accounting: owner cut, pro-rata staker
//! rewards, carried dust, settlement on every stake change, exact issuance.

use super::*;
use crate::SCALE;
use frame_support::{assert_noop, traits::fungible::Inspect};
use sp_arithmetic::Perbill;
use sp_runtime::DispatchError;

/// Owner cut 0: every base unit goes to the stakers.
fn no_cut() -> ExtBuilder {
	ExtBuilder::default().owner_cut(Perbill::zero())
}

#[test]
fn a_credit_pays_the_owner_cut_and_the_stakers_pro_rata() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 3_000);
		add(CHARLIE, 1, 1_000);
		let issued = issuance();
		credit(&[(1, 1_000_000)]);
		// Minted once into the pot: issuance rises by exactly the credit.
		assert_eq!(issuance(), issued + 1_000_000);
		assert_eq!(free(pot()), ED + 1_000_000);
		// 18% to the owner, 82% split 3:1.
		assert_eq!(claimable(1, ALICE), 180_000);
		assert_eq!(claimable(1, BOB), 615_000);
		assert_eq!(claimable(1, CHARLIE), 205_000);
		assert_eq!(claim(BOB, 1), 615_000);
		assert_eq!(claim(CHARLIE, 1), 205_000);
		assert_eq!(claim(ALICE, 1), 180_000);
		assert!(events().contains(&Event::RewardsPaid { who: BOB, netuid: 1, amount: 615_000 }));
		assert!(events().contains(&Event::OwnerRewardsPaid {
			owner: ALICE,
			netuid: 1,
			amount: 180_000
		}));
		assert_eq!(free(pot()), ED);
		assert_eq!(issuance(), issued + 1_000_000);
	});
}

#[test]
fn an_owner_who_stakes_claims_both_in_one_call() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(ALICE, 1, 1_000);
		add(BOB, 1, 1_000);
		credit(&[(1, 1_000)]);
		// 180 cut; 820 split evenly.
		assert_eq!(claimable(1, ALICE), 180 + 410);
		assert_eq!(claim(ALICE, 1), 590);
		assert_eq!(claim(BOB, 1), 410);
	});
}

#[test]
fn without_stake_everything_goes_to_the_owner() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		credit(&[(1, 1_000)]);
		let r = record(1).unwrap();
		assert_eq!(r.owner_pending, 1_000);
		assert_eq!(r.staker_reserve, 0);
		assert_eq!(r.reward_per_stake, 0);
		assert_eq!(claim(ALICE, 1), 1_000);
	});
}

#[test]
fn the_division_remainder_is_carried_never_created_or_lost() {
	no_cut().build_and_execute(|| {
		register(ALICE);
		for who in [BOB, CHARLIE, DAVE] {
			add(who, 1, 1_000);
		}
		credit(&[(1, 1_000)]);
		// 1000 · 10^18 / 3000 leaves 1000 / 10^18 of a base unit as dust.
		let r = record(1).unwrap();
		assert_eq!(r.reward_per_stake, 333_333_333_333_333_333);
		assert_eq!(r.dust, 1_000);
		assert_eq!(r.staker_reserve, 1_000);
		for who in [BOB, CHARLIE, DAVE] {
			assert_eq!(claim(who, 1), 333);
		}
		// The three floors' fractions went back into the dust: exactly the one
		// base unit still in the reserve.
		let r = record(1).unwrap();
		assert_eq!(r.staker_reserve, 1);
		assert_eq!(r.dust, SCALE);
		// ... and it is paid out with the next credit.
		credit(&[(1, 2)]);
		for who in [BOB, CHARLIE, DAVE] {
			assert_eq!(claim(who, 1), 1);
		}
		let r = record(1).unwrap();
		assert_eq!((r.staker_reserve, r.dust), (0, 0));
		assert_eq!(paid_out(), 1_002);
	});
}

#[test]
fn dust_left_without_stakers_goes_to_the_owner_with_the_next_credit() {
	no_cut().build_and_execute(|| {
		register(ALICE);
		for who in [BOB, CHARLIE, DAVE] {
			add(who, 1, 1_000);
		}
		credit(&[(1, 1_000)]);
		for who in [BOB, CHARLIE, DAVE] {
			assert_eq!(remove(who, 1, 1_000), 1_000 + 333);
		}
		assert_eq!(record(1).unwrap().staker_reserve, 1);
		credit(&[(1, 10)]);
		let r = record(1).unwrap();
		assert_eq!((r.staker_reserve, r.dust, r.owner_pending), (0, 0, 11));
		assert_eq!(claim(ALICE, 1), 11);
	});
}

#[test]
fn claiming_is_refused_with_nothing_to_claim() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		let signed = RuntimeOrigin::signed;
		assert_noop!(Subnets::claim_rewards(signed(BOB), 1), Error::<Test>::NothingToClaim);
		assert_noop!(Subnets::claim_rewards(signed(ALICE), 1), Error::<Test>::NothingToClaim);
		add(BOB, 1, 1_000);
		assert_noop!(Subnets::claim_rewards(signed(BOB), 1), Error::<Test>::NothingToClaim);
		assert_noop!(Subnets::claim_rewards(signed(BOB), 9), Error::<Test>::SubnetNotFound);
		assert_noop!(Subnets::claim_rewards(RuntimeOrigin::none(), 1), DispatchError::BadOrigin);
		credit(&[(1, 1_000)]);
		// Only the owner and the stakers have something.
		assert_noop!(Subnets::claim_rewards(signed(CHARLIE), 1), Error::<Test>::NothingToClaim);
		assert_eq!(claim(BOB, 1), 820);
		assert_noop!(Subnets::claim_rewards(signed(BOB), 1), Error::<Test>::NothingToClaim);
	});
}

#[test]
fn every_stake_change_settles_pending_rewards_first() {
	no_cut().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 1_000);
		credit(&[(1, 1_000)]);
		// Adding stake pays the 1000 earned so far: the free balance only
		// loses the net 0.
		let before = free(BOB);
		add(BOB, 1, 1_000);
		assert_eq!(free(BOB), before);
		assert!(events().contains(&Event::RewardsPaid { who: BOB, netuid: 1, amount: 1_000 }));
		// The new stake earns only from now on, at the new size.
		credit(&[(1, 2_000)]);
		assert_eq!(claimable(1, BOB), 2_000);
		// A late staker earns nothing from earlier credits.
		add(CHARLIE, 1, 2_000);
		assert_eq!(claimable(1, CHARLIE), 0);
		credit(&[(1, 4_000)]);
		assert_eq!(claimable(1, BOB), 4_000);
		assert_eq!(claimable(1, CHARLIE), 2_000);
		// Removing pays the stake and everything earned.
		assert_eq!(remove(BOB, 1, 1_000), 1_000 + 4_000);
		assert_eq!(claimable(1, BOB), 0);
		// Moving pays what was earned in the source (and in the target).
		register(DAVE);
		let before = free(CHARLIE);
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 1, 2, 1_000));
		assert_eq!(free(CHARLIE), before + 2_000);
		credit(&[(1, 2_000), (2, 3_000)]);
		assert_eq!(claimable(1, BOB), 1_000);
		assert_eq!(claimable(1, CHARLIE), 1_000);
		assert_eq!(claimable(2, CHARLIE), 3_000);
		let before = free(CHARLIE);
		assert_ok!(Subnets::move_stake(RuntimeOrigin::signed(CHARLIE), 2, 1, 1_000));
		assert_eq!(free(CHARLIE), before + 1_000 + 3_000);
		assert_eq!(paid_to(CHARLIE), 2_000 + 4_000);
	});
}

#[test]
fn a_new_owner_cut_applies_from_the_next_credit() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 1_000);
		credit(&[(1, 1_000)]);
		assert_ok!(Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::from_percent(50)));
		credit(&[(1, 1_000)]);
		assert_eq!(claimable(1, ALICE), 180 + 500);
		assert_eq!(claimable(1, BOB), 820 + 500);
		// No cut: the stakers take everything from the next credit on.
		assert_ok!(Subnets::set_owner_cut(RuntimeOrigin::root(), Perbill::zero()));
		credit(&[(1, 999)]);
		assert_eq!(claimable(1, ALICE), 180 + 500);
		assert_eq!(claimable(1, BOB), 820 + 500 + 999);
	});
}

#[test]
fn the_owner_cut_is_floored() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		add(BOB, 1, 1_000);
		// 18% of 99 is 17.82: the owner gets 17, the stakers 82.
		credit(&[(1, 99)]);
		assert_eq!(claimable(1, ALICE), 17);
		assert_eq!(claimable(1, BOB), 82);
	});
}

#[test]
fn credits_for_unknown_or_dissolved_subnets_are_not_minted() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 2, 1_000);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::signed(BOB), 2));
		let issued = issuance();
		credit(&[(9, 1_000)]);
		credit(&[(2, 1_000)]);
		assert_eq!(issuance(), issued);
		credit(&[(1, 500), (2, 1_000), (9, 1_000)]);
		assert_eq!(issuance(), issued + 500);
		assert_eq!(claimable(1, ALICE), 500);
		assert_eq!(record(2).unwrap().liabilities(), 0);
	});
}

#[test]
fn the_sink_returns_what_it_minted() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		register(CHARLIE);
		add(DAVE, 1, 1_000);
		let issued = issuance();
		assert_eq!(credit(&[(1, 10), (2, 20), (3, 30)]), 60);
		assert_eq!(credit(&[(1, 10), (9, 10)]), 10);
		assert_eq!(credit(&[(9, 10)]), 0);
		assert_eq!(credit(&[]), 0);
		assert_eq!(issuance(), issued + 70);
	});
}

#[test]
fn issuance_rises_by_exactly_the_block_emission_every_block() {
	ExtBuilder::default().emission(999_999_937).build_and_execute(|| {
		for owner in [ALICE, BOB, CHARLIE] {
			register(owner);
		}
		add(DAVE, 1, 1_000);
		add(DAVE, 2, 3_000);
		add(5, 3, 7_000);
		for _ in 0..30 {
			let (issued, in_pot) = (issuance(), free(pot()));
			next_block();
			assert_eq!(issuance(), issued + 999_999_937);
			assert_eq!(free(pot()), in_pot + 999_999_937);
		}
		// All three subnets received a part.
		for netuid in 1..=3 {
			assert!(record(netuid).unwrap().liabilities() > 0);
		}
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Taoflow(pallet_taoflow::Event::EmissionSplit { amount: 999_999_937, .. })
		)));
	});
}

#[test]
fn nothing_is_minted_without_an_eligible_subnet() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		run_blocks(3);
		assert_eq!(issuance(), issued);
		register(ALICE);
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, false));
		run_blocks(3);
		assert_eq!(issuance(), issued);
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(ALICE), 1, true));
		next_block();
		assert_eq!(issuance(), issued + EMISSION);
	});
}

#[test]
fn a_subnet_with_emission_disabled_earns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		register(BOB);
		add(CHARLIE, 1, 1_000);
		add(DAVE, 2, 1_000);
		assert_ok!(Subnets::set_emission_enabled(RuntimeOrigin::signed(BOB), 2, false));
		run_blocks(5);
		assert_eq!(record(2).unwrap().liabilities(), 0);
		assert_eq!(record(1).unwrap().liabilities(), 5 * EMISSION);
	});
}

#[test]
fn many_blocks_and_stakers_are_paid_pro_rata_and_exactly() {
	ExtBuilder::default().build_and_execute(|| {
		register(ALICE);
		let stakers: [(AccountId, Balance); 8] = [
			(2, 1_000),
			(3, 2_000),
			(4, 3_000),
			(5, 5_000),
			(6, 7_000),
			(7, 11_000),
			(8, 13_000),
			(9, 17_000),
		];
		for (who, amount) in stakers {
			add(who, 1, amount);
		}
		let issued = issuance();
		run_blocks(100);
		assert_eq!(issuance(), issued + 100 * EMISSION);
		// Per block: floor(18%) to the owner, the rest pro rata.
		let rest = 100 * u128::from(EMISSION - EMISSION * 18 / 100);
		let total: u128 = stakers.iter().map(|(_, s)| u128::from(*s)).sum();
		for (who, amount) in stakers {
			let exact = rest * u128::from(amount) / total;
			let got = u128::from(claim(who, 1));
			assert!(got <= exact && got + 1 >= exact, "{who}: {got} vs {exact}");
		}
		assert_eq!(claim(ALICE, 1), 100 * 180_000_000);
		// Everything minted is paid out or still in the pot (as dust).
		assert_eq!(
			u128::from(paid_out()) + u128::from(free(pot()) - ED),
			100 * u128::from(EMISSION)
		);
		assert!(record(1).unwrap().staker_reserve <= 8);
	});
}

#[test]
fn a_long_run_with_churn_conserves_every_base_unit() {
	ExtBuilder::default().emission(123_456_789).build_and_execute(|| {
		for owner in [ALICE, BOB, CHARLIE] {
			register(owner);
		}
		let stakers: Vec<AccountId> = (4..=10).collect();
		let issued = issuance();
		let mut seed: u64 = 7;
		let mut rnd = move |m: u64| {
			seed = seed
				.wrapping_mul(6_364_136_223_846_793_005)
				.wrapping_add(1_442_695_040_888_963_407);
			(seed >> 33) % m
		};
		let blocks = 200;
		for _ in 0..blocks {
			for _ in 0..3 {
				let who = stakers[rnd(stakers.len() as u64) as usize];
				let netuid = 1 + rnd(3) as NetUid;
				let staked = stake(netuid, who);
				match rnd(5) {
					0 | 1 => add(who, netuid, MIN_STAKE + rnd(100_000)),
					2 if staked >= 2 * MIN_STAKE => {
						remove(who, netuid, staked / 2);
					}
					2 if staked > 0 => {
						remove(who, netuid, staked);
					}
					3 if staked > 0 => {
						let to = 1 + (netuid % 3);
						assert_ok!(Subnets::move_stake(
							RuntimeOrigin::signed(who),
							netuid,
							to,
							staked
						));
					}
					4 if claimable(netuid, who) > 0 => {
						claim(who, netuid);
					}
					_ => {}
				}
			}
			next_block();
		}
		let minted = issuance() - issued;
		assert_eq!(minted, blocks * 123_456_789);
		// Everyone leaves, the owners claim.
		for who in stakers.iter().copied() {
			for netuid in 1..=3 {
				let staked = stake(netuid, who);
				if staked > 0 {
					remove(who, netuid, staked);
				}
			}
		}
		for (owner, netuid) in [(ALICE, 1), (BOB, 2), (CHARLIE, 3)] {
			if claimable(netuid, owner) > 0 {
				claim(owner, netuid);
			}
		}
		assert_eq!(paid_out() + (free(pot()) - ED), minted);
		// What is left is dust: a few base units per subnet at most.
		for netuid in 1..=3 {
			let r = record(netuid).unwrap();
			assert_eq!(r.total_stake, 0);
			assert!(r.liabilities() < 100, "{r:?}");
		}
		// Every account holds its endowment plus exactly what it was paid.
		for who in stakers {
			assert_eq!(held_stake(who), 0);
			assert_eq!(Balances::total_balance(&who), ENDOWMENT + paid_to(who));
		}
	});
}
