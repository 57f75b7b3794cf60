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

use std::str::FromStr;

use subxt::events::Phase;
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};
use taoflow_e2e::{
	account,
	taoflow::{self, balances, subnets, system, transaction_payment},
	AccountId, Node, TempDir, Transaction, H256,
};
use taoflow_runtime::{Balance, TAO};

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
	pair: Keypair,
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
	let genesis_issuance = client.total_issuance(client.block_hash(0));

	// Fund the load accounts from the six dev accounts.
	let funders =
		[dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie()];
	let mut stakers: Vec<Staker> = (0..ACCOUNTS)
		.map(|i| Staker {
			pair: Keypair::from_uri(&SecretUri::from_str(&format!("//Soak{i}")).unwrap()).unwrap(),
			nonce: 0,
			staked: BTreeMap::new(),
		})
		.collect();
	let mut funder_nonce: BTreeMap<usize, u64> = BTreeMap::new();
	let mut funding = Vec::new();
	for (i, s) in stakers.iter().enumerate() {
		let f = i % funders.len();
		let nonce =
			*funder_nonce.entry(f).or_insert_with(|| client.next_nonce(&account(&funders[f])));
		funder_nonce.insert(f, nonce + 1);
		let call = taoflow::transactions()
			.balances()
			.transfer_keep_alive(account(&s.pair).into(), FUNDING);
		funding.push(client.watch(&client.sign(&funders[f], &call, Some(nonce))));
	}
	for pending in funding {
		let done = client.included(pending, Duration::from_secs(120));
		assert!(done.result.is_ok(), "funding failed: {:?}", done.result);
	}
	let (_, load_start) = client.best();
	eprintln!("soak: {ACCOUNTS} accounts funded by block #{load_start}");

	// The load: `rate` extrinsics per second until `blocks` more blocks.
	let mut sent: Vec<(H256, Fate, usize)> = Vec::new();
	let subnets_tx = || taoflow::transactions().subnets();
	let mut lag: Vec<u32> = Vec::new();
	let mut rss: Vec<f64> = vec![rss_mib(pid)];
	let started = Instant::now();
	let mut k = 0u64;
	let mut last_sample = Instant::now();
	let load_end = load_start + blocks;
	loop {
		let (best_hash, best) = client.best();
		if best >= load_end {
			break;
		}
		let block = client.at(Some(best_hash));
		assert!(started.elapsed() < Duration::from_secs(u64::from(blocks) * 6 + 120), "stalled");
		let due = (started.elapsed().as_secs_f64() * rate as f64) as u64;
		while k < due {
			let i = (k as usize) % ACCOUNTS;
			let s = &mut stakers[i];
			let netuid = SUBNETS[(k as usize / ACCOUNTS + i) % SUBNETS.len()];
			let staked: Vec<(u16, Balance)> =
				s.staked.iter().filter(|(_, v)| **v >= 2 * TAO).map(|(n, v)| (*n, *v)).collect();
			let nonce = u64::from(s.nonce);
			let xt: Transaction = match (k / ACCOUNTS as u64 % 4, staked.first()) {
				(1, Some((n, _))) => {
					*s.staked.get_mut(n).unwrap() -= TAO;
					let call = subnets_tx().remove_stake(*n, TAO);
					client.sign_at(&block, &s.pair, &call, nonce)
				}
				(2, Some((n, _))) if *n != netuid => {
					*s.staked.get_mut(n).unwrap() -= TAO;
					*s.staked.entry(netuid).or_default() += TAO;
					let call = subnets_tx().move_stake(*n, netuid, TAO);
					client.sign_at(&block, &s.pair, &call, nonce)
				}
				(3, Some((n, _))) => {
					let call = subnets_tx().claim_rewards(*n);
					client.sign_at(&block, &s.pair, &call, nonce)
				}
				_ => {
					*s.staked.entry(netuid).or_default() += 3 * TAO;
					let call = subnets_tx().add_stake(netuid, 3 * TAO);
					client.sign_at(&block, &s.pair, &call, nonce)
				}
			};
			let fate = match client.try_submit(&xt) {
				Ok(_) => {
					s.nonce += 1;
					Fate::Pending
				}
				Err(e) => Fate::Rejected(e),
			};
			sent.push((xt.hash(), fate, i));
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
		(client.pool_len() == 0).then_some(())
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
		let at = client.at(Some(hash));
		let extrinsics = client.block_on(at.extrinsics().fetch()).expect("the block's extrinsics");
		let records = client.events(hash);
		let mut included = 0;
		for x in extrinsics.iter() {
			let x = x.expect("an extrinsic");
			if let Some(i) = index.get(&x.hash()) {
				let ok = records.iter().any(|(phase, event)| {
					*phase == Phase::ApplyExtrinsic(x.index() as u32)
						&& matches!(
							event,
							taoflow::Event::System(system::Event::ExtrinsicSuccess { .. })
						)
				});
				sent[*i].1 = Fate::Included { ok };
				included += 1;
			}
		}
		if number > load_start && number <= load_end {
			per_block.push(included);
		}
		for (_, event) in &records {
			match event {
				taoflow::Event::Taoflow(taoflow::taoflow::Event::EmissionSplit {
					amount, ..
				}) => minted += u128::from(*amount),
				taoflow::Event::TransactionPayment(
					transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => removed += u128::from(*actual_fee),
				taoflow::Event::Subnets(subnets::Event::SubnetRegistered { burned, .. }) => {
					removed += u128::from(*burned)
				}
				taoflow::Event::Balances(balances::Event::DustLost { amount, .. }) => {
					removed += u128::from(*amount)
				}
				taoflow::Event::Subnets(subnets::Event::StakeAdded { who, netuid, amount }) => {
					*moved.entry((*who, *netuid)).or_default() += i128::from(*amount)
				}
				taoflow::Event::Subnets(subnets::Event::StakeRemoved { who, netuid, amount }) => {
					*moved.entry((*who, *netuid)).or_default() -= i128::from(*amount)
				}
				taoflow::Event::Subnets(subnets::Event::StakeMoved { who, from, to, amount }) => {
					*moved.entry((*who, *from)).or_default() -= i128::from(*amount);
					*moved.entry((*who, *to)).or_default() += i128::from(*amount);
				}
				_ => {}
			}
		}
		let storage = at.storage();
		let now = storage.fetch(taoflow::storage().timestamp().now(), ());
		times.push(client.block_on(now).expect("Timestamp.Now").decode().expect("a moment"));
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
	let end_block = client.at(Some(end_hash));
	let storage = end_block.storage();
	for s in &stakers {
		let who = account(&s.pair);
		for netuid in SUBNETS {
			let info = storage.try_fetch(taoflow::storage().subnets().stakes(), (netuid, who));
			let on_chain = client
				.block_on(info)
				.expect("Subnets.Stakes")
				.map_or(0, |v| i128::from(v.decode().expect("a stake").stake));
			let from_events = moved.get(&(who, netuid)).copied().unwrap_or(0);
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
