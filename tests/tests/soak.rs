//! Soak: a dev node under sustained transaction load, on loopback, for a
//! bounded number of blocks; it stops by itself.
//!
//! Run by `scripts/soak.sh` (ignored in the ordinary test run: it takes
//! `3 s × SOAK_BLOCKS`). Forty accounts, funded from the dev accounts in the
//! first blocks, submit `add_stake`, `remove_stake`, `move_stake` and
//! `claim_rewards` at `SOAK_RATE` extrinsics per second (round robin,
//! locally tracked nonces) for `SOAK_BLOCKS` blocks. Then:
//! - every submitted extrinsic is accounted for: rejected at submission with
//!   the pool's reason, or included (succeeded, or failed with its dispatch
//!   error) — none is lost;
//! - issuance reconciles exactly: genesis issuance + Σ minted − Σ fees −
//!   Σ burned − Σ dust, over every block's events;
//! - stakes reconcile exactly: each account's on-chain stake per subnet is
//!   its genesis stake plus the stake events of its included extrinsics;
//! - block production kept its slot: the timestamps of consecutive blocks.
//!
//! It prints the sustained extrinsics per block, the finality lag and the
//! node's memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

use codec::Encode;
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use taoflow_e2e::{Node, TempDir};
use taoflow_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, TAO};
use taoflow_runtime_test_utils::signing::{account_of, signed_extrinsic, ChainContext};

const ACCOUNTS: usize = 40;
const FUNDING: Balance = 2_000 * TAO;
const SUBNETS: [u16; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

fn env_or(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> f64 {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmRSS:"))
		.and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
		.map_or(0.0, |kib| kib / 1024.0)
}

/// One load account: its key, next nonce and the stake it expects per
/// subnet once everything it sent is in.
struct Staker {
	pair: sr25519::Pair,
	nonce: u32,
	staked: BTreeMap<u16, Balance>,
}

/// What happened to a submitted extrinsic.
#[derive(Debug)]
enum Fate {
	Rejected(String),
	Pending,
	Included { ok: bool },
}

fn stake_call(netuid: u16, amount: Balance) -> RuntimeCall {
	RuntimeCall::Subnets(pallet_subnets::Call::add_stake { netuid, amount })
}

#[test]
#[ignore = "a soak of several minutes; run by scripts/soak.sh"]
fn soak_dev_node() {
	let blocks = env_or("SOAK_BLOCKS", 300) as u32;
	let rate = env_or("SOAK_RATE", 8);
	let base = TempDir::new("soak");
	// Archive state: the accounting after the load reads the events of every
	// block, more than the 256 blocks of state a node keeps by default.
	let mut node = Node::start_dev("soak", &base, &["--state-pruning", "archive"]);
	let client = node.wait_rpc(Duration::from_secs(120));
	let pid = node.pid().unwrap();
	client.wait_best(1, Duration::from_secs(60));
	let (spec_version, transaction_version) = client.runtime_version();
	let context = ChainContext {
		genesis_hash: client.block_hash(0).unwrap(),
		spec_version,
		transaction_version,
	};
	let genesis_issuance = client.total_issuance(Some(context.genesis_hash));

	// Fund the load accounts from the six dev accounts.
	let funders: Vec<Sr25519Keyring> = Sr25519Keyring::iter().take(6).collect();
	let mut stakers: Vec<Staker> = (0..ACCOUNTS)
		.map(|i| Staker {
			pair: sr25519::Pair::from_string(&format!("//Soak{i}"), None).unwrap(),
			nonce: 0,
			staked: BTreeMap::new(),
		})
		.collect();
	let mut funder_nonce: BTreeMap<usize, u32> = BTreeMap::new();
	let mut funding = Vec::new();
	for (i, s) in stakers.iter().enumerate() {
		let f = i % funders.len();
		let nonce = *funder_nonce.entry(f).or_insert_with(|| {
			client.call(
				"system_accountNextIndex",
				vec![funders[f].to_account_id().to_string().into()],
			)
		});
		funder_nonce.insert(f, nonce + 1);
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: account_of(&s.pair).into(),
			value: FUNDING,
		});
		let xt = signed_extrinsic(call, &funders[f].pair(), nonce, context);
		client.submit(&xt);
		funding.push(xt);
	}
	let (_, start) = client.best();
	for xt in &funding {
		let done = client.wait_included(xt, start, Duration::from_secs(120));
		assert!(done.result.is_ok(), "funding failed: {:?}", done.result);
	}
	let (_, load_start) = client.best();
	eprintln!("soak: {ACCOUNTS} accounts funded by block #{load_start}");

	// The load: `rate` extrinsics per second until `blocks` more blocks.
	let mut sent: Vec<(H256, Fate, usize)> = Vec::new();
	let mut lag: Vec<u32> = Vec::new();
	let mut rss: Vec<f64> = vec![rss_mib(pid)];
	let started = Instant::now();
	let mut k = 0u64;
	let mut last_sample = Instant::now();
	let load_end = load_start + blocks;
	loop {
		let (_, best) = client.best();
		if best >= load_end {
			break;
		}
		assert!(started.elapsed() < Duration::from_secs(u64::from(blocks) * 6 + 120), "stalled");
		let due = (started.elapsed().as_secs_f64() * rate as f64) as u64;
		while k < due {
			let i = (k as usize) % ACCOUNTS;
			let s = &mut stakers[i];
			let netuid = SUBNETS[(k as usize / ACCOUNTS + i) % SUBNETS.len()];
			let staked: Vec<(u16, Balance)> =
				s.staked.iter().filter(|(_, v)| **v >= 2 * TAO).map(|(n, v)| (*n, *v)).collect();
			let call = match (k / ACCOUNTS as u64 % 4, staked.first()) {
				(1, Some((n, _))) => {
					*s.staked.get_mut(n).unwrap() -= TAO;
					RuntimeCall::Subnets(pallet_subnets::Call::remove_stake {
						netuid: *n,
						amount: TAO,
					})
				}
				(2, Some((n, _))) if *n != netuid => {
					*s.staked.get_mut(n).unwrap() -= TAO;
					*s.staked.entry(netuid).or_default() += TAO;
					RuntimeCall::Subnets(pallet_subnets::Call::move_stake {
						from: *n,
						to: netuid,
						amount: TAO,
					})
				}
				(3, Some((n, _))) => {
					RuntimeCall::Subnets(pallet_subnets::Call::claim_rewards { netuid: *n })
				}
				_ => {
					*s.staked.entry(netuid).or_default() += 3 * TAO;
					stake_call(netuid, 3 * TAO)
				}
			};
			let xt = signed_extrinsic(call, &s.pair, s.nonce, context);
			let fate = match client.try_call::<H256>(
				"author_submitExtrinsic",
				vec![format!("0x{}", hex::encode(xt.encode())).into()],
			) {
				Ok(_) => {
					s.nonce += 1;
					Fate::Pending
				}
				Err(e) => Fate::Rejected(e),
			};
			sent.push((BlakeTwo256::hash(&xt.encode()), fate, i));
			k += 1;
		}
		if last_sample.elapsed() >= Duration::from_secs(1) {
			last_sample = Instant::now();
			let (_, fin) = client.finalized();
			lag.push(best.saturating_sub(fin));
			rss.push(rss_mib(pid));
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	let load_secs = started.elapsed().as_secs_f64();

	// Drain: the pool empties, then two more blocks.
	client.wait_until(Duration::from_secs(120), "an empty pool", || {
		let pending: Vec<String> = client.call("author_pendingExtrinsics", Vec::new());
		pending.is_empty().then_some(())
	});
	let (_, end) = client.best();
	let (_, end) = client.wait_best(end + 2, Duration::from_secs(60));
	client.wait_finalized(end, Duration::from_secs(120));
	let end_hash = client.block_hash(end).unwrap();

	// Every block: what it included, its events, its timestamp.
	let mut index: BTreeMap<H256, usize> = BTreeMap::new();
	for (i, (hash, _, _)) in sent.iter().enumerate() {
		index.insert(*hash, i);
	}
	let (mut minted, mut removed) = (0u128, 0u128);
	let mut moved: BTreeMap<(AccountId, u16), i128> = BTreeMap::new();
	let mut per_block: Vec<usize> = Vec::new();
	let mut times: Vec<u64> = Vec::new();
	for number in 1..=end {
		let hash = client.block_hash(number).unwrap();
		let block: serde_json::Value =
			client.call("chain_getBlock", vec![format!("{hash:?}").into()]);
		let xts = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
		let records = client.events(hash);
		let mut included = 0;
		for (pos, x) in xts.iter().enumerate() {
			let bytes = hex::decode(x.as_str().unwrap().trim_start_matches("0x")).unwrap();
			let h: H256 = BlakeTwo256::hash(&bytes);
			if let Some(i) = index.get(&h) {
				let ok = records.iter().any(|r| {
					r.phase == frame_system::Phase::ApplyExtrinsic(pos as u32)
						&& matches!(
							r.event,
							RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
						)
				});
				sent[*i].1 = Fate::Included { ok };
				included += 1;
			}
		}
		if number > load_start && number <= load_end {
			per_block.push(included);
		}
		for r in &records {
			match &r.event {
				RuntimeEvent::Taoflow(pallet_taoflow::Event::EmissionSplit { amount, .. }) => {
					minted += u128::from(*amount)
				}
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => removed += u128::from(*actual_fee),
				RuntimeEvent::Subnets(pallet_subnets::Event::SubnetRegistered {
					burned, ..
				}) => removed += u128::from(*burned),
				RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => {
					removed += u128::from(*amount)
				}
				RuntimeEvent::Subnets(pallet_subnets::Event::StakeAdded {
					who,
					netuid,
					amount,
				}) => *moved.entry((who.clone(), *netuid)).or_default() += i128::from(*amount),
				RuntimeEvent::Subnets(pallet_subnets::Event::StakeRemoved {
					who,
					netuid,
					amount,
				}) => *moved.entry((who.clone(), *netuid)).or_default() -= i128::from(*amount),
				RuntimeEvent::Subnets(pallet_subnets::Event::StakeMoved {
					who,
					from,
					to,
					amount,
				}) => {
					*moved.entry((who.clone(), *from)).or_default() -= i128::from(*amount);
					*moved.entry((who.clone(), *to)).or_default() += i128::from(*amount);
				}
				_ => {}
			}
		}
		let now_key = frame_support::storage::storage_prefix(b"Timestamp", b"Now");
		times.push(client.storage::<u64>(&now_key, Some(hash)).unwrap());
	}

	// Accounting: nothing lost.
	let rejected: Vec<&String> = sent
		.iter()
		.filter_map(|(_, f, _)| if let Fate::Rejected(e) = f { Some(e) } else { None })
		.collect();
	let lost = sent.iter().filter(|(_, f, _)| matches!(f, Fate::Pending)).count();
	let succeeded =
		sent.iter().filter(|(_, f, _)| matches!(f, Fate::Included { ok: true })).count();
	let failed = sent.iter().filter(|(_, f, _)| matches!(f, Fate::Included { ok: false })).count();
	assert_eq!(lost, 0, "{lost} accepted extrinsics were never included");

	// Issuance reconciles exactly.
	let issuance = client.total_issuance(Some(end_hash));
	assert_eq!(
		u128::from(issuance) + removed,
		u128::from(genesis_issuance) + minted,
		"issuance {genesis_issuance} → {issuance}: minted {minted}, removed {removed}"
	);

	// Stakes reconcile exactly: the load accounts had none at genesis.
	for s in &stakers {
		let who = account_of(&s.pair);
		for netuid in SUBNETS {
			let key = pallet_subnets::Stakes::<Runtime>::hashed_key_for(netuid, &who);
			let on_chain = client
				.storage::<pallet_subnets::StakeInfo<Balance>>(&key, Some(end_hash))
				.map_or(0, |i| i128::from(i.stake));
			let from_events = moved.get(&(who.clone(), netuid)).copied().unwrap_or(0);
			assert_eq!(on_chain, from_events, "stake of {who} on {netuid}");
		}
	}

	// Slot time.
	let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
	let slot = taoflow_runtime::SLOT_DURATION;
	let missed: u64 = gaps.iter().map(|g| (g / slot).saturating_sub(1)).sum();
	let max_gap = gaps.iter().copied().max().unwrap_or(0);

	let mean = |v: &[usize]| v.iter().sum::<usize>() as f64 / v.len().max(1) as f64;
	let lag_max = lag.iter().copied().max().unwrap_or(0);
	let lag_mean = lag.iter().sum::<u32>() as f64 / lag.len().max(1) as f64;
	let rss_peak = rss.iter().copied().fold(0.0, f64::max);
	eprintln!("soak: {blocks} blocks of load (#{load_start}..#{load_end}) in {load_secs:.0} s at {rate} extrinsics/s");
	eprintln!(
		"soak: submitted {}, rejected at submission {}, included {} ({succeeded} succeeded, {failed} failed with a dispatch error), lost {lost}",
		sent.len(),
		rejected.len(),
		succeeded + failed
	);
	if let Some(e) = rejected.first() {
		eprintln!("soak: first rejection: {e}");
	}
	eprintln!(
		"soak: extrinsics per block: mean {:.2}, max {}",
		mean(&per_block),
		per_block.iter().max().unwrap_or(&0)
	);
	eprintln!(
		"soak: slot time {slot} ms: largest gap {max_gap} ms, {missed} slots missed over {} blocks",
		gaps.len()
	);
	eprintln!("soak: finality lag (best − finalized, sampled each second): mean {lag_mean:.2}, max {lag_max} blocks");
	eprintln!(
		"soak: node RSS: start {:.0} MiB, peak {rss_peak:.0} MiB, end {:.0} MiB",
		rss[0],
		rss[rss.len() - 1]
	);
	eprintln!("soak: issuance reconciles: +{minted} minted, −{removed} fees and burns");
	assert_eq!(rejected.len(), 0, "submissions were rejected: {rejected:?}");
	assert_eq!(missed, 0, "block production missed {missed} slots");
	node.stop();
}
