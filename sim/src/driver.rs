//! Runs a scenario through the real runtime, natively: genesis built from
//! the scenario, every event a signed extrinsic of its block, every block
//! through `Executive`. What each block did is handed to a [`Recorder`].

use std::collections::BTreeMap;

use pallet_taoflow::{math::split::split, Params, SubnetInfo};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, Perquintill};
use taoflow_runtime::{
	AccountId, AuraConfig, Balance, BalancesConfig, EmissionConfig, RuntimeCall, RuntimeError,
	RuntimeEvent, RuntimeGenesisConfig, SubnetsConfig, SudoConfig, Taoflow, TaoflowConfig, TAO,
};
use taoflow_runtime_test_utils::{signing::account_of, Chain};

use crate::scenario::{Op, Scenario};

/// What one eligible subnet looked like in one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
	/// The block.
	pub block: u32,
	/// The subnet.
	pub netuid: u16,
	/// Smoothed flow after the block's `on_initialize` (raw 80.48 bits).
	pub ema_bits: i128,
	/// Outflow debt after the block's `on_initialize`, base units.
	pub debt: u64,
	/// The signal the share computation read (raw 80.48 bits).
	pub signal_bits: i128,
	/// Effective share `e_i`.
	pub effective: Perquintill,
	/// Emitted share `f_i`.
	pub share: Perquintill,
	/// Base units credited to the subnet in this block.
	pub emission: u128,
}

/// Receives the run, block by block.
pub trait Recorder {
	/// The rows of one block (eligible subnets, netuid ascending).
	fn block(&mut self, block: u32, rows: &[Row]) -> std::io::Result<()>;
	/// The parameters in force from `block` on.
	fn params_changed(&mut self, block: u32, params: &Params);
	/// An event on `netuid` (the origin of a move; `None` for `set_params`)
	/// paid `fee` base units of transaction fees.
	fn fee_paid(&mut self, netuid: Option<u16>, fee: u128);
}

/// Why a run stopped.
#[derive(Debug)]
pub enum RunError {
	/// The chain rejected an event.
	Chain(String),
	/// Writing the output failed.
	Io(std::io::Error),
	/// The scenario cannot be set up (e.g. funds beyond the supply).
	Setup(String),
}

impl std::fmt::Display for RunError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			RunError::Chain(s) | RunError::Setup(s) => write!(f, "{s}"),
			RunError::Io(e) => write!(f, "writing output: {e}"),
		}
	}
}

impl From<std::io::Error> for RunError {
	fn from(e: std::io::Error) -> Self {
		RunError::Io(e)
	}
}

/// The account that owns every stake of the run.
fn staker() -> sr25519::Pair {
	sr25519::Pair::from_string("//TaoflowSimStaker", None).expect("static seed")
}

/// The owner of `netuid` (genesis subnets and registrations alike).
fn owner(netuid: u16) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//TaoflowSimOwner{netuid}"), None).expect("static seed")
}

/// Free balance of each owner: registration burns, deposits and fees, enough
/// for a few dissolve and re-register cycles at the runtime's burn.
const OWNER_FUNDS: Balance = 100_000 * TAO;
/// Fees the staker may pay over a run, on top of its stake.
const FEE_BUDGET: Balance = 1_000_000 * TAO;

/// The genesis of a scenario, as a full `RuntimeGenesisConfig` in JSON.
pub fn genesis(s: &Scenario) -> Result<Vec<u8>, RunError> {
	let staker = account_of(&staker());
	let stake_events: u128 = s
		.events
		.iter()
		.map(|e| match e.op {
			Op::Stake { amount, .. } => u128::from(amount),
			_ => 0,
		})
		.sum();
	let initial: u128 = s.subnets.iter().map(|g| u128::from(g.initial_stake)).sum();
	let mut owners: BTreeMap<u16, AccountId> =
		s.subnets.iter().map(|g| (g.netuid, account_of(&owner(g.netuid)))).collect();
	for e in &s.events {
		if let Op::Register { netuid } = e.op {
			owners.insert(netuid, account_of(&owner(netuid)));
		}
	}
	let staker_funds = initial + stake_events + u128::from(FEE_BUDGET);
	let emitted = u128::from(s.blocks) * u128::from(s.block_emission);
	let issuance = staker_funds + emitted + u128::from(OWNER_FUNDS) * (owners.len() as u128 + 1);
	// The emission schedule halves at half the supply: keep the whole run
	// below it so that the block emission stays fixed.
	if issuance >= u128::from(u64::MAX / 2) {
		return Err(RunError::Setup(format!(
			"the scenario needs {issuance} base units of issuance; the simulator keeps the emission fixed only below {}",
			u64::MAX / 2
		)));
	}
	let mut balances: Vec<(AccountId, Balance)> = vec![
		(staker.clone(), staker_funds as Balance),
		(Sr25519Keyring::Alice.to_account_id(), OWNER_FUNDS),
	];
	balances.extend(owners.values().map(|o| (o.clone(), OWNER_FUNDS)));
	let config = RuntimeGenesisConfig {
		balances: BalancesConfig { balances, ..Default::default() },
		aura: AuraConfig { authorities: vec![Sr25519Keyring::Alice.public().into()] },
		sudo: SudoConfig { key: Some(Sr25519Keyring::Alice.to_account_id()) },
		subnets: SubnetsConfig {
			subnets: s
				.subnets
				.iter()
				.map(|g| {
					let stakes = if g.initial_stake > 0 {
						vec![(staker.clone(), g.initial_stake)]
					} else {
						vec![]
					};
					(g.netuid, owners[&g.netuid].clone(), stakes)
				})
				.collect(),
			..Default::default()
		},
		taoflow: TaoflowConfig {
			params: s.params.clone(),
			legacy_shares: s.legacy_shares.clone(),
			..Default::default()
		},
		emission: EmissionConfig { initial_emission: s.block_emission, total_supply: u64::MAX },
		..Default::default()
	};
	serde_json::to_vec(&config).map_err(|e| RunError::Setup(format!("genesis: {e}")))
}

fn describe(err: &DispatchError) -> String {
	match RuntimeError::from_dispatch_error(*err) {
		Some(e) => format!("{e:?}"),
		None => format!("{err:?}"),
	}
}

/// Runs `s`; `progress` is called after every block.
pub fn run(
	s: &Scenario,
	file: &str,
	recorder: &mut dyn Recorder,
	mut progress: impl FnMut(u32),
) -> Result<(), RunError> {
	let mut chain = Chain::from_genesis_json(&genesis(s)?).map_err(RunError::Setup)?;
	let staker = staker();
	let alice = Sr25519Keyring::Alice.pair();
	recorder.params_changed(0, &s.params);
	let mut next = 0usize;

	// The parameters the latest `set_params` asked for (they are in force
	// from the block after it); later patches apply on top of them.
	let mut latest = s.params.clone();
	for block in 1..=s.blocks {
		// This block's events, as signed extrinsics in file order.
		let mut xts = Vec::new();
		let mut labels = Vec::new();
		let mut subnet_of = Vec::new();
		while let Some(e) = s.events.get(next).filter(|e| e.block == block) {
			next += 1;
			let call = match &e.op {
				Op::Stake { netuid, amount } => (
					&staker,
					RuntimeCall::Subnets(pallet_subnets::Call::add_stake {
						netuid: *netuid,
						amount: *amount,
					}),
				),
				Op::Unstake { netuid, amount } => (
					&staker,
					RuntimeCall::Subnets(pallet_subnets::Call::remove_stake {
						netuid: *netuid,
						amount: *amount,
					}),
				),
				Op::Move { from, to, amount } => (
					&staker,
					RuntimeCall::Subnets(pallet_subnets::Call::move_stake {
						from: *from,
						to: *to,
						amount: *amount,
					}),
				),
				Op::Register { netuid } => {
					let o = owner(*netuid);
					let call = RuntimeCall::Subnets(pallet_subnets::Call::register_network {});
					xts.push(chain.sign(&o, call));
					labels.push((e.index, "register", Some(*netuid)));
					subnet_of.push(Some(*netuid));
					continue;
				}
				Op::Dissolve { netuid } => {
					let o = owner(*netuid);
					let call = RuntimeCall::Subnets(pallet_subnets::Call::dissolve_network {
						netuid: *netuid,
					});
					xts.push(chain.sign(&o, call));
					labels.push((e.index, "dissolve", None));
					subnet_of.push(Some(*netuid));
					continue;
				}
				Op::SetParams { patch } => {
					let mut params = latest.clone();
					patch.apply(&mut params).map_err(|(key, problem)| {
						RunError::Chain(format!(
							"{file}: $.events[{}].params.{key}: {problem}",
							e.index
						))
					})?;
					// In force from the next block's `on_initialize`.
					recorder.params_changed(block.saturating_add(1), &params);
					latest = params.clone();
					let inner = RuntimeCall::Taoflow(pallet_taoflow::Call::set_params { params });
					(&alice, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(inner) }))
				}
			};
			xts.push(chain.sign(call.0, call.1));
			labels.push((e.index, op_name(&e.op), None));
			subnet_of.push(match e.op {
				Op::Stake { netuid, .. } | Op::Unstake { netuid, .. } => Some(netuid),
				Op::Move { from, .. } => Some(from),
				_ => None,
			});
		}

		let (outcome, state) = chain.produce_block_inspect(xts, Taoflow::subnets);
		for (result, (index, op, _)) in outcome.results.iter().zip(&labels) {
			let fail = |why: String| {
				RunError::Chain(format!(
					"{file}: block {block}: $.events[{index}] ({op}): the chain rejected it: {why}"
				))
			};
			match result {
				Err(validity) => return Err(fail(format!("{validity:?}"))),
				Ok(Err(e)) => return Err(fail(describe(e))),
				Ok(Ok(())) => {}
			}
		}
		for record in &outcome.events {
			match &record.event {
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) => {
					return Err(RunError::Chain(format!(
						"{file}: block {block}: set_params rejected: {}",
						describe(e)
					)))
				}
				RuntimeEvent::Subnets(pallet_subnets::Event::SubnetRegistered {
					netuid, ..
				}) => {
					let expected = labels.iter().find_map(|l| l.2.filter(|_| l.1 == "register"));
					if let Some(want) = expected.filter(|w| w != netuid) {
						return Err(RunError::Chain(format!(
							"{file}: block {block}: register: the chain assigned netuid {netuid}, the scenario says {want}"
						)));
					}
				}
				_ => {}
			}
		}
		// Fees by extrinsic: the timestamp inherent is extrinsic 0, the
		// scenario's events follow in order.
		for record in &outcome.events {
			if let (
				frame_system::Phase::ApplyExtrinsic(i),
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				),
			) = (&record.phase, &record.event)
			{
				let netuid = (*i as usize).checked_sub(1).and_then(|k| subnet_of.get(k)).copied();
				recorder.fee_paid(netuid.flatten(), u128::from(*actual_fee));
			}
		}
		let emitted: u128 = outcome
			.events
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::Taoflow(pallet_taoflow::Event::EmissionSplit { amount, .. }) => {
					Some(u128::from(*amount))
				}
				_ => None,
			})
			.sum();
		recorder.block(block, &rows(block, &state, emitted))?;
		progress(block);
	}
	Ok(())
}

fn op_name(op: &Op) -> &'static str {
	match op {
		Op::Stake { .. } => "stake",
		Op::Unstake { .. } => "unstake",
		Op::Move { .. } => "move",
		Op::Register { .. } => "register",
		Op::Dissolve { .. } => "dissolve",
		Op::SetParams { .. } => "set_params",
	}
}

/// The rows of the eligible subnets, with the split of `emitted` base units
/// computed by the pallet's own largest-remainder rule.
fn rows(block: u32, state: &[SubnetInfo], emitted: u128) -> Vec<Row> {
	let eligible: Vec<&SubnetInfo> = state.iter().filter(|s| s.emission_enabled).collect();
	let shares: Vec<Perquintill> = eligible.iter().map(|s| s.emitted_share).collect();
	let amounts = split(emitted, &shares);
	eligible
		.iter()
		.zip(amounts)
		.map(|(s, emission)| Row {
			block,
			netuid: s.netuid,
			ema_bits: s.ema.to_bits(),
			debt: s.debt,
			signal_bits: s.signal.to_bits(),
			effective: s.effective_share,
			share: s.emitted_share,
			emission,
		})
		.collect()
}
