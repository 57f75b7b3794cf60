//! The dev chain end to end: blocks are produced and finalized, signed
//! staking extrinsics move the smoothed flows and shares exactly as the
//! mechanism predicts, the emission is minted exactly, and a bad extrinsic
//! fails with its pallet error and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::time::{Duration, Instant};

use subxt::error::DispatchError;
use subxt_signer::sr25519::dev;
use taoflow_e2e::{
	account, scenario,
	taoflow::{self, subnets, system, transaction_payment},
	Client, Node, TempDir, H256, METADATA_VERSION,
};
use taoflow_reference::{alpha, deviation};
use taoflow_runtime::TAO;

const TIMEOUT: Duration = Duration::from_secs(90);

fn stake(netuid: u16, amount: u64) -> impl subxt::transactions::Payload {
	taoflow::transactions().subnets().add_stake(netuid, amount)
}

fn ema_at(client: &Client, netuid: u16, at: H256) -> f64 {
	client
		.taoflow_subnets(Some(at))
		.iter()
		.find(|s| s.netuid == netuid)
		.map(|s| s.ema.to_f64())
		.expect("tracked subnet")
}

/// Asserts that the effective shares of block `number` are those of
/// mechanism §3–§4 applied to its smoothed flows and the previous block's
/// shares (an independent `f64` model, within 1e-9).
fn assert_shares_follow_the_mechanism(client: &Client, number: u32) {
	let prev = Some(client.block_hash(number - 1).unwrap());
	let params = client.taoflow_next_params(prev);
	let before = client.taoflow_subnets(prev);
	let flows = client.taoflow_flows(prev);
	let after = client.taoflow_subnets(Some(client.block_hash(number).unwrap()));
	let d = deviation(&params, &before, &flows, &after);
	assert!(d.ok(), "block {number}: off the mechanism: {d:?}");
}

fn debt_at(client: &Client, netuid: u16, at: H256) -> u64 {
	client
		.taoflow_subnets(Some(at))
		.iter()
		.find(|s| s.netuid == netuid)
		.map(|s| s.debt)
		.expect("tracked subnet")
}

fn share_at(client: &Client, netuid: u16, at: H256) -> f64 {
	client
		.taoflow_subnets(Some(at))
		.iter()
		.find(|s| s.netuid == netuid)
		.map(|s| s.emitted_share.deconstruct() as f64 / 1e18)
		.expect("tracked subnet")
}

fn fees<'a>(events: impl IntoIterator<Item = &'a taoflow::Event>) -> u64 {
	events
		.into_iter()
		.filter_map(|e| match e {
			taoflow::Event::TransactionPayment(
				transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => Some(*actual_fee),
			_ => None,
		})
		.sum()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
	(got - want).abs() <= rel * want.abs().max(1e-30)
}

#[test]
fn dev_chain_end_to_end() {
	scenario(|| {
		let started = Instant::now();
		let base = TempDir::new("dev");
		let mut node = Node::start_dev("dev", &base, &[]);
		let client = node.wait_rpc(TIMEOUT);
		eprintln!("RPC ready after {:?}", started.elapsed());

		// The node serves the metadata the typed interface was generated from.
		let served = client.runtime_api(
			taoflow::runtime_apis().metadata().metadata_at_version(METADATA_VERSION),
			None,
		);
		let file = std::fs::read(
			std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(taoflow_e2e::METADATA_FILE),
		)
		.unwrap();
		assert_eq!(served.map(|m| m.0), Some(file), "the node's metadata v{METADATA_VERSION}");
		eprintln!("metadata v{METADATA_VERSION}: the node serves the checked-in file");

		// Blocks are produced and finalized.
		client.wait_best(3, TIMEOUT);
		let (_, finalized) = client.wait_finalized(2, TIMEOUT);
		eprintln!("finalized #{finalized} after {:?}", started.elapsed());

		let params = client.taoflow_params(None);
		let a = alpha(params.half_life);
		let d = 1.0 - a;

		// A new subnet: the lowest free netuid after the genesis subnets 1–8.
		let reg =
			client.execute(&dev::dave(), &taoflow::transactions().subnets().register_network());
		assert!(reg.result.is_ok(), "{:?}", reg.events);
		assert!(client.taoflow_subnets(None).iter().any(|s| s.netuid == 9));
		// The first registration since genesis burns the minimum, 3,000 TAO.
		let burned = reg.events.iter().find_map(|e| match e {
			taoflow::Event::Subnets(subnets::Event::SubnetRegistered { burned, .. }) => {
				Some(*burned)
			}
			_ => None,
		});
		assert_eq!(burned, Some(3_000 * TAO), "{:?}", reg.events);

		// Stake into subnets 1 and 2 from two accounts.
		let x1 = 1_000 * TAO;
		let x2 = 3_000 * TAO;
		let p1 = client.submit(&dev::bob(), &stake(1, x1));
		let p2 = client.submit(&dev::charlie(), &stake(2, x2));
		let in1 = client.included(p1, TIMEOUT);
		let in2 = client.included(p2, TIMEOUT);
		assert!(in1.result.is_ok(), "{:?}", in1.events);
		assert!(in2.result.is_ok(), "{:?}", in2.events);
		let added: Vec<(u16, u64)> = in1
			.events
			.iter()
			.chain(&in2.events)
			.filter_map(|e| match e {
				taoflow::Event::Subnets(subnets::Event::StakeAdded { netuid, amount, .. }) => {
					Some((*netuid, *amount))
				}
				_ => None,
			})
			.collect();
		assert_eq!(added, vec![(1, x1), (2, x2)]);
		eprintln!(
			"signed add_stake by //Bob and //Charlie: included in #{} and #{}, {} and {} events \
			 decoded, StakeAdded {added:?}",
			in1.number,
			in2.number,
			in1.events.len(),
			in2.events.len()
		);

		// From the block after inclusion, S = α·X·(1 − α)^(h − b − 1) (§2).
		let h = in1.number.max(in2.number) + 2;
		let (at, _) = client.wait_best(h, TIMEOUT);
		let at = client.block_hash(h).unwrap_or(at);
		let s1 = ema_at(&client, 1, at);
		let s2 = ema_at(&client, 2, at);
		let want1 = a * x1 as f64 * d.powi((h - in1.number - 1) as i32);
		let want2 = a * x2 as f64 * d.powi((h - in2.number - 1) as i32);
		assert!(close(s1, want1, 1e-9), "S1 {s1} vs {want1}");
		assert!(close(s2, want2, 1e-9), "S2 {s2} vs {want2}");
		// Shares: §3–§4 under the chain's parameters, in every block from the
		// stakes' inclusion on.
		for n in in1.number.min(in2.number)..=h {
			assert_shares_follow_the_mechanism(&client, n);
		}
		let (f1, f2, f3) =
			(share_at(&client, 1, at), share_at(&client, 2, at), share_at(&client, 3, at));
		assert!(f1 > f3 && f2 > f3, "the staked subnets gain: {f1} {f2} {f3}");
		eprintln!("shares after staking: {f1:.9} / {f2:.9} / {f3:.9}");

		// The pallet's view function reads the same records as the runtime API.
		let viewed = client.view_function(taoflow::view_functions().taoflow().subnets(), Some(at));
		let viewed: Vec<_> = viewed.into_iter().map(taoflow_e2e::convert::subnet_info).collect();
		assert_eq!(viewed, client.taoflow_subnets(Some(at)));
		eprintln!(
			"view function Taoflow.subnets at #{h}: {} records, equal to the runtime API's",
			viewed.len()
		);

		// The emission of block h is minted exactly: issuance rises by E minus
		// the fees burned in that block, and Taoflow split exactly E.
		let prev = client.block_hash(h - 1).unwrap();
		let events: Vec<taoflow::Event> = client.events(at).into_iter().map(|(_, e)| e).collect();
		let split: u64 = events
			.iter()
			.filter_map(|e| match e {
				taoflow::Event::Taoflow(taoflow::taoflow::Event::EmissionSplit {
					amount, ..
				}) => Some(*amount),
				_ => None,
			})
			.sum();
		assert_eq!(split, TAO, "one TAO per block before the first halving");
		let delta = client.total_issuance(Some(at)) - client.total_issuance(Some(prev));
		assert_eq!(delta, TAO - fees(&events));

		// Unstaking (within the debt cap) becomes subnet 1's outflow debt: its
		// smoothed flow only decays and its signal drops by α·amount.
		let y = 400 * TAO;
		let un = client.execute(&dev::bob(), &taoflow::transactions().subnets().remove_stake(1, y));
		assert!(un.result.is_ok(), "{:?}", un.events);
		let before = client.block_hash(un.number).unwrap();
		let (after, _) = client.wait_best(un.number + 1, TIMEOUT);
		let after = client.block_hash(un.number + 1).unwrap_or(after);
		assert!(u128::from(y) <= u128::from(params.debt_cap));
		assert!(close(ema_at(&client, 1, after), d * ema_at(&client, 1, before), 1e-9));
		assert_eq!(debt_at(&client, 1, after), y);
		assert_shares_follow_the_mechanism(&client, un.number + 1);

		// A move is an outflow of one subnet (its debt) and an inflow of the
		// other (which has no debt to repay).
		let z = 1_000 * TAO;
		let mv =
			client.execute(&dev::charlie(), &taoflow::transactions().subnets().move_stake(2, 3, z));
		assert!(mv.result.is_ok(), "{:?}", mv.events);
		let before = client.block_hash(mv.number).unwrap();
		client.wait_best(mv.number + 1, TIMEOUT);
		let after = client.block_hash(mv.number + 1).unwrap();
		let want3 = d * ema_at(&client, 3, before) + a * z as f64;
		assert!(close(ema_at(&client, 2, after), d * ema_at(&client, 2, before), 1e-9));
		assert_eq!(debt_at(&client, 2, after), z);
		assert!(close(ema_at(&client, 3, after), want3, 1e-9));
		assert_shares_follow_the_mechanism(&client, mv.number + 1);

		// Staking into an unknown subnet fails with the pallet's error and only
		// the fee leaves Bob's account.
		let bob = account(&dev::bob());
		let free_before = client.free_balance(&bob, None);
		let bad = client.execute(&dev::bob(), &stake(99, TAO));
		let Err(DispatchError::Module(error)) = &bad.result else {
			panic!("expected a module error, got {:?}", bad.result);
		};
		let details = error.details().unwrap();
		assert_eq!(
			(details.pallet.name(), details.variant.name.as_str()),
			("Subnets", "SubnetNotFound")
		);
		assert!(matches!(
			error.as_root_error::<taoflow::Error>(),
			Ok(taoflow::Error::Subnets(subnets::Error::SubnetNotFound))
		));
		let failed = bad
			.events
			.iter()
			.any(|e| matches!(e, taoflow::Event::System(system::Event::ExtrinsicFailed { .. })));
		assert!(failed, "{:?}", bad.events);
		let at = client.block_hash(bad.number).unwrap();
		let free_after = client.free_balance(&bob, Some(at));
		assert_eq!(free_before - free_after, fees(&bad.events));
		eprintln!("add_stake to netuid 99: failed with {}", error.details_string());
		assert!(client.taoflow_subnets(Some(at)).iter().all(|s| s.netuid != 99));

		// Finality keeps up.
		let (_, best) = client.best();
		client.wait_finalized(best, TIMEOUT);
		eprintln!("dev chain test took {:?}", started.elapsed());
	});
}
