//! Four validators (Alice, Bob, Charlie, Dave) on loopback finalize blocks;
//! with one stopped, finality continues (3 of 4 > 2/3); restarted, it
//! catches up to the same finalized head and state root as the others.
//! Each validator's Prometheus endpoint reports its peers and heights, and
//! `promtool check metrics` accepts what it serves.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::{
	process::Command,
	time::{Duration, Instant},
};

use taoflow_e2e::{free_port, node_binary, scenario, Metrics, Node, TempDir};

const TIMEOUT: Duration = Duration::from_secs(120);

/// A fixed node key per validator, so that the bootnode address is known.
fn node_key(i: usize) -> String {
	format!("{:064x}", i + 1)
}

/// The peer id of a node key, from the node's own `key inspect-node-key`.
fn peer_id(key: &str, dir: &TempDir) -> String {
	let file = dir.path().join("node-key");
	std::fs::write(&file, key).unwrap();
	let out = Command::new(node_binary())
		.args(["key", "inspect-node-key", "--file"])
		.arg(&file)
		.output()
		.expect("run key inspect-node-key");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn validator_args(name: &str, i: usize, base: &TempDir, bootnode: &Option<String>) -> Vec<String> {
	let mut args = vec![
		"--chain".into(),
		"local".into(),
		format!("--{name}"),
		"--base-path".into(),
		base.path().display().to_string(),
		"--node-key".into(),
		node_key(i),
	];
	if let Some(b) = bootnode {
		args.push("--bootnodes".into());
		args.push(b.clone());
	}
	args
}

#[test]
fn four_validators_finalize_and_a_restarted_one_catches_up() {
	scenario(|| {
		let started = Instant::now();
		let names = ["alice", "bob", "charlie", "dave"];
		let bases: Vec<TempDir> =
			names.iter().map(|n| TempDir::new(&format!("local-{n}"))).collect();
		let scratch = TempDir::new("keys");
		let alice_p2p = free_port();
		let bootnode =
			Some(format!("/ip4/127.0.0.1/tcp/{alice_p2p}/p2p/{}", peer_id(&node_key(0), &scratch)));

		let mut nodes: Vec<Node> = names
			.iter()
			.enumerate()
			.map(|(i, name)| {
				let boot = if i == 0 { None } else { bootnode.clone() };
				let port = if i == 0 { Some(alice_p2p) } else { None };
				Node::start(name, &validator_args(name, i, &bases[i], &boot), port)
			})
			.collect();
		let clients: Vec<_> = nodes.iter_mut().map(|n| n.wait_rpc(TIMEOUT)).collect();

		// The four are connected to each other before finality is awaited:
		// GRANDPA needs three of the four votes.
		for (name, c) in names.iter().zip(&clients) {
			c.wait_until(TIMEOUT, &format!("{name} to see its 3 peers"), || {
				(c.peers() >= 3).then_some(())
			});
		}
		eprintln!("4 validators connected after {:?}", started.elapsed());

		// All four finalize.
		for (name, c) in names.iter().zip(&clients) {
			c.wait_until(TIMEOUT, &format!("{name} to finalize #3"), || {
				(c.finalized().1 >= 3).then_some(())
			});
		}
		let t_first = started.elapsed();
		let (_, f0) = clients[0].finalized();
		eprintln!("4 validators: finalized #{f0} after {t_first:?}");
		let first: Vec<(f64, f64)> = names
			.iter()
			.zip(&nodes)
			.map(|(name, node)| {
				let m = node.metrics();
				let peers = m.value("substrate_sub_libp2p_peers_count", &[]);
				assert!(peers >= 3.0, "{name}: {peers} peers in its metrics");
				let heights = heights(&m);
				eprintln!(
					"{name} metrics: {peers} peers, best #{}, finalized #{}",
					heights.0, heights.1
				);
				heights
			})
			.collect();
		promtool_check(&nodes[0].metrics());

		// Stop Dave: three of four validators keep finalizing.
		nodes[3].stop();
		let (_, stopped_at) = clients[0].finalized();
		let t_stop = Instant::now();
		let (_, f) = clients[0].wait_finalized(stopped_at + 5, TIMEOUT);
		eprintln!("without dave: finalized #{stopped_at} → #{f} in {:?}", t_stop.elapsed());
		clients[1].wait_finalized(stopped_at + 5, TIMEOUT);

		// Restart Dave on his database: he catches up to the same finalized head.
		nodes[3] = Node::start("dave", &validator_args("dave", 3, &bases[3], &bootnode), None);
		let dave = nodes[3].wait_rpc(TIMEOUT);
		let (_, target) = clients[0].finalized();
		let t_restart = Instant::now();
		dave.wait_finalized(target, TIMEOUT);
		let hash_alice = clients[0].block_hash(target).unwrap();
		let hash_dave = dave.block_hash(target).unwrap();
		assert_eq!(hash_alice, hash_dave, "same block at #{target}");
		assert_eq!(clients[0].state_root(hash_alice), dave.state_root(hash_dave));
		eprintln!("dave caught up to #{target} in {:?}", t_restart.elapsed());

		// And finality goes on with all four.
		for c in clients.iter().take(3).chain(std::iter::once(&dave)) {
			c.wait_finalized(target + 3, TIMEOUT);
		}
		// The heights the metrics report went up with the chain.
		for ((name, node), before) in names.iter().zip(&nodes).zip(&first) {
			let after = heights(&node.metrics());
			assert!(after.0 > before.0 && after.1 > before.1, "{name}: {before:?} → {after:?}");
			eprintln!(
				"{name} metrics: best #{} → #{}, finalized #{} → #{}",
				before.0, after.0, before.1, after.1
			);
		}
		eprintln!("local network test took {:?}", started.elapsed());
	});
}

/// The best and finalized heights a node's metrics report.
fn heights(m: &Metrics) -> (f64, f64) {
	(
		m.value("substrate_block_height", &[("status", "best")]),
		m.value("substrate_block_height", &[("status", "finalized")]),
	)
}

/// `promtool check metrics` on a scrape, when promtool is installed (the
/// set-up installs it; in CI it is required). The exposition must parse
/// (exit 0, or 3 for lint findings only), and the only findings allowed are
/// the naming-suffix conventions that some of the node framework's own
/// counters and gauges do not follow (`_total` on counters, no `_count` or
/// `_total` on gauges); anything else fails.
fn promtool_check(m: &Metrics) {
	use std::io::Write;
	let child = Command::new("promtool")
		.args(["check", "metrics"])
		.stdin(std::process::Stdio::piped())
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.spawn();
	let mut child = match child {
		Ok(child) => child,
		Err(e) if std::env::var_os("CI").is_none() => {
			eprintln!("promtool not run ({e}); scripts/setup.sh installs it");
			return;
		}
		Err(e) => panic!("promtool: {e}"),
	};
	child.stdin.take().unwrap().write_all(m.text.as_bytes()).unwrap();
	let out = child.wait_with_output().unwrap();
	let report =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	let code = out.status.code();
	assert!(matches!(code, Some(0) | Some(3)), "promtool check metrics: {code:?}\n{report}");
	let naming = |l: &str| {
		l.ends_with("counter metrics should have \"_total\" suffix")
			|| l.ends_with(
				"non-histogram and non-summary metrics should not have \"_count\" suffix",
			) || l.ends_with("non-counter metrics should not have \"_total\" suffix")
	};
	let findings: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
	let other: Vec<&&str> = findings.iter().filter(|l| !naming(l)).collect();
	assert!(other.is_empty(), "promtool check metrics found more than naming:\n{report}");
	let series = m.text.lines().filter(|l| !l.starts_with('#')).count();
	eprintln!(
		"promtool check metrics: {series} series parsed, {} naming-suffix findings on the \
		 framework's metrics, nothing else",
		findings.len()
	);
}
