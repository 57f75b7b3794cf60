//! Random call sequences against the real runtime.
//!
//! A case picks a genesis (the development chain, or a crowded one with
//! 1,020 of the 1,024 subnet slots taken), then reads operations until the
//! input runs out or [`MAX_OPS`] is reached: a signed extrinsic for the next
//! block (any call of pallet-subnets, Taoflow's `set_params`, with or
//! without `sudo` — any call, nested too, from one of six funded or two unfunded accounts, with
//! netuids and amounts at their edges), a block, or a jump past the
//! dissolve grace period. After every block:
//! - both pallets' `try_state` (Taoflow: records, ledger, bounds, shares add
//!   up; subnets: stake sums equal totals, holds equal stakes, the reward
//!   reserve per subnet, pot solvency);
//! - supply: issuance after = issuance before + minted − fees − registration
//!   burns − dust, from the block's events;
//! - the split: the minted amount is exactly `E_b` of the block's issuance,
//!   or nothing exactly when no subnet has an emitted share.

use sp_arithmetic::Perbill;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::sync::OnceLock;
use taoflow_runtime::{
	genesis_config_presets::{development_config_genesis, preset_subnets},
	Balance, Balances, Emission, Runtime, RuntimeCall, RuntimeEvent, System, Taoflow,
	UncheckedExtrinsic, MILLI_TAO, TAO,
};
use taoflow_runtime_test_utils::{signing::account_of, BlockOutcome, Chain};

use crate::{shares, Bytes};

/// The most operations of one case.
pub const MAX_OPS: usize = 64;
/// The most blocks of one case.
pub const MAX_BLOCKS: usize = 12;
/// Subnets of the crowded genesis (of `MaxSubnets = 1,024`).
pub const CROWDED: u16 = 1_020;

/// The genesis storages, built once per process.
fn genesis(crowded: bool) -> sp_core::storage::Storage {
	static DEV: OnceLock<sp_core::storage::Storage> = OnceLock::new();
	static FULL: OnceLock<sp_core::storage::Storage> = OnceLock::new();
	let build = |crowded: bool| {
		let mut patch = development_config_genesis();
		if crowded {
			let owner = Sr25519Keyring::Ferdie.to_account_id();
			let mut subnets = preset_subnets();
			let first = subnets.len() as u16 + 1;
			subnets.extend((first..=CROWDED).map(|netuid| (netuid, owner.clone(), Vec::new())));
			patch["subnets"]["subnets"] = serde_json::to_value(subnets).expect("subnets");
		}
		let json = serde_json::to_vec(&patch).expect("patch");
		Chain::genesis_storage(&json).expect("genesis")
	};
	if crowded {
		FULL.get_or_init(|| build(true)).clone()
	} else {
		DEV.get_or_init(|| build(false)).clone()
	}
}

/// Six funded dev accounts and two that hold nothing.
fn signer(b: &mut Bytes) -> sr25519::Pair {
	use Sr25519Keyring::*;
	match b.u8() % 8 {
		i @ 0..=5 => [Alice, Bob, Charlie, Dave, Eve, Ferdie][usize::from(i)].pair(),
		i => sr25519::Pair::from_string(&format!("//Unfunded{i}"), None).expect("seed"),
	}
}

fn netuid(b: &mut Bytes) -> u16 {
	b.pick(&[1, 2, 3, 0, 8, 9, 10, CROWDED, CROWDED + 1, 1_024, 1_025, u16::MAX], Bytes::u16)
}

fn amount(b: &mut Bytes) -> Balance {
	b.pick(&[TAO, MILLI_TAO, 0, 1, MILLI_TAO - 1, 1_000 * TAO, 100_000 * TAO, u64::MAX], Bytes::u64)
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// A call from the input.
fn call(b: &mut Bytes) -> RuntimeCall {
	use pallet_subnets::Call as S;
	let subnets = |c| RuntimeCall::Subnets(c);
	match b.u8() % 15 {
		0 => subnets(S::register_network {}),
		1 => subnets(S::dissolve_network { netuid: netuid(b) }),
		2 => subnets(S::finish_dissolved { netuid: netuid(b), who: account_of(&signer(b)) }),
		3 => subnets(S::add_stake { netuid: netuid(b), amount: amount(b) }),
		4 => subnets(S::remove_stake { netuid: netuid(b), amount: amount(b) }),
		5 => subnets(S::move_stake { from: netuid(b), to: netuid(b), amount: amount(b) }),
		6 => subnets(S::claim_rewards { netuid: netuid(b) }),
		7 => subnets(S::set_emission_enabled { netuid: netuid(b), enabled: b.bool() }),
		8 => sudo(subnets(S::set_emission_enabled { netuid: netuid(b), enabled: b.bool() })),
		9 => subnets(S::set_owner_cut { cut: Perbill::from_parts(b.u32()) }),
		10 => sudo(subnets(S::set_owner_cut { cut: Perbill::from_parts(b.u32()) })),
		11 => RuntimeCall::Taoflow(pallet_taoflow::Call::set_params { params: shares::params(b) }),
		12 => sudo(RuntimeCall::Taoflow(pallet_taoflow::Call::set_params {
			params: shares::params(b),
		})),
		// Any call through sudo: Root where a signed origin is required.
		13 => sudo(call(b)),
		_ => subnets(S::add_stake { netuid: netuid(b), amount: b.u64() % (10 * TAO) }),
	}
}

/// The checks after every block; `before` is the issuance at its start.
fn check_block(chain: &mut Chain, before: Balance, out: &BlockOutcome) {
	let (mut minted, mut removed, mut split) = (0u128, 0u128, None);
	for record in &out.events {
		match &record.event {
			RuntimeEvent::Taoflow(pallet_taoflow::Event::EmissionSplit { amount, .. }) => {
				minted += u128::from(*amount);
				split = Some(*amount);
			}
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => removed += u128::from(*actual_fee),
			RuntimeEvent::Subnets(pallet_subnets::Event::SubnetRegistered { burned, .. }) => {
				removed += u128::from(*burned)
			}
			RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => {
				removed += u128::from(*amount)
			}
			_ => {}
		}
	}
	chain.execute_with(|| {
		let after = Balances::total_issuance();
		assert_eq!(
			u128::from(after) + removed,
			u128::from(before) + minted,
			"block {}: issuance {before} → {after}, minted {minted}, removed {removed}",
			out.number
		);
		let emission = Emission::emission_at(before);
		let emitting = Taoflow::subnets().iter().any(|s| !s.emitted_share.is_zero());
		match split {
			Some(amount) => assert_eq!(amount, emission, "block {}: split ≠ E_b", out.number),
			None => assert!(
				emission == 0 || !emitting,
				"block {}: nothing minted with emitted shares",
				out.number
			),
		}
		if let Err(e) = pallet_taoflow::Pallet::<Runtime>::do_try_state() {
			panic!("block {}: Taoflow try_state: {e:?}", out.number);
		}
		if let Err(e) = pallet_subnets::Pallet::<Runtime>::do_try_state() {
			panic!("block {}: subnets try_state: {e:?}", out.number);
		}
	});
}

/// What one case did, for the smoke test's report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Outcome {
	/// Blocks produced.
	pub blocks: usize,
	/// Extrinsics applied (dispatched, with or without error).
	pub applied: usize,
	/// Extrinsics that dispatched without error.
	pub succeeded: usize,
}

/// Runs one case.
pub fn run(data: &[u8]) -> Outcome {
	let mut b = Bytes::new(data);
	let mut chain = Chain::from_storage(genesis(b.u8() % 4 == 3));
	let mut outcome = Outcome::default();
	let mut xts: Vec<UncheckedExtrinsic> = Vec::new();
	let produce = |chain: &mut Chain, xts: Vec<UncheckedExtrinsic>, outcome: &mut Outcome| {
		let before = chain.execute_with(Balances::total_issuance);
		let out = chain.produce_block(xts);
		check_block(chain, before, &out);
		outcome.blocks += 1;
		outcome.applied += out.results.iter().filter(|r| r.is_ok()).count();
		outcome.succeeded += out.results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
	};
	// The chain's first block.
	produce(&mut chain, Vec::new(), &mut outcome);
	for _ in 0..MAX_OPS {
		if b.is_empty() || outcome.blocks >= MAX_BLOCKS {
			break;
		}
		match b.u8() % 16 {
			0..=2 => produce(&mut chain, std::mem::take(&mut xts), &mut outcome),
			3 => {
				// Past the dissolve grace period (and the burn's decay).
				chain.execute_with(|| System::set_block_number(System::block_number() + 50_400));
				produce(&mut chain, std::mem::take(&mut xts), &mut outcome);
			}
			_ => {
				let who = signer(&mut b);
				let call = call(&mut b);
				xts.push(chain.sign(&who, call));
			}
		}
	}
	produce(&mut chain, xts, &mut outcome);
	outcome
}
