//! Helpers for end-to-end tests: start `taoflow-node` processes on free
//! loopback ports with temporary base paths, talk to them over JSON-RPC with
//! the runtime's own SCALE types, and always stop them (also on failure).
//!
//! Every wait is bounded; a test that times out fails with what it saw.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::{
	fs,
	io::{BufRead, BufReader},
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{Arc, Mutex},
	thread,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
};
use serde_json::Value;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::DispatchError;
use taoflow_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use taoflow_runtime_test_utils::signing::{signed_extrinsic, ChainContext};

/// Events of a block, as the runtime stores them.
pub type EventRecords = Vec<frame_system::EventRecord<RuntimeEvent, H256>>;

/// The runtime with `spec_version + 1` (its `bump-spec-version` feature),
/// built as wasm by this crate's build script, for `sudo(set_code)`. The
/// wasm builder generates its constants without documentation.
#[allow(missing_docs)]
pub mod upgrade {
	include!(concat!(env!("OUT_DIR"), "/upgrade_wasm_binary.rs"));
}

/// Runs a test body that starts nodes. On failure the nodes' log tails are
/// printed as they stop (see [`Node`]'s `Drop`), and then the failure again,
/// last, so that it is the final thing the output shows.
pub fn scenario(body: impl FnOnce() + std::panic::UnwindSafe) {
	if let Err(panic) = std::panic::catch_unwind(body) {
		let message = panic
			.downcast_ref::<String>()
			.map(String::as_str)
			.or_else(|| panic.downcast_ref::<&str>().copied())
			.unwrap_or("(no message)");
		eprintln!("=== the test failed: {message}");
		std::panic::resume_unwind(panic);
	}
}

/// The `taoflow-node` binary under test: `$TAOFLOW_NODE`, or the one built
/// next to this test binary (`<target>/<profile>/taoflow-node`).
pub fn node_binary() -> PathBuf {
	if let Ok(path) = std::env::var("TAOFLOW_NODE") {
		return PathBuf::from(path);
	}
	let exe = std::env::current_exe().expect("test binary path");
	// <target>/<profile>/deps/<test binary>
	let profile_dir = exe.parent().and_then(Path::parent).expect("target profile dir");
	let node = profile_dir.join("taoflow-node");
	assert!(
		node.exists(),
		"{} not built: run `cargo build --workspace --all-targets`",
		node.display()
	);
	node
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
	let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
	listener.local_addr().expect("local address").port()
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
	/// Creates `<tmp>/taoflow-e2e-<name>-<pid>-<nanos>`.
	pub fn new(name: &str) -> Self {
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos())
			.unwrap_or(0);
		let dir =
			std::env::temp_dir().join(format!("taoflow-e2e-{name}-{}-{nanos}", std::process::id()));
		fs::create_dir_all(&dir).expect("create temp dir");
		Self(dir)
	}

	/// The directory.
	pub fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = fs::remove_dir_all(&self.0);
	}
}

/// A running node; killed when dropped.
pub struct Node {
	name: String,
	child: Option<Child>,
	/// JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// P2P port on 127.0.0.1.
	pub p2p_port: u16,
	/// Prometheus port on 127.0.0.1 (the node serves `/metrics` there).
	pub prometheus_port: u16,
	log: Arc<Mutex<Vec<String>>>,
}

impl Node {
	/// Starts `taoflow-node` with `args` plus loopback RPC, P2P and
	/// Prometheus ports (free ones; P2P as given if given) and no telemetry.
	pub fn start(name: &str, args: &[String], p2p_port: Option<u16>) -> Self {
		let rpc_port = free_port();
		let p2p_port = p2p_port.unwrap_or_else(free_port);
		let prometheus_port = free_port();
		let mut cmd = Command::new(node_binary());
		cmd.args(args)
			.arg("--rpc-port")
			.arg(rpc_port.to_string())
			.arg("--listen-addr")
			.arg(format!("/ip4/127.0.0.1/tcp/{p2p_port}"))
			.arg("--prometheus-port")
			.arg(prometheus_port.to_string())
			.arg("--no-telemetry")
			.arg("--no-mdns")
			.stdin(Stdio::null())
			.stdout(Stdio::null())
			.stderr(Stdio::piped());
		let mut child = cmd.spawn().expect("spawn taoflow-node");
		let log = Arc::new(Mutex::new(Vec::new()));
		let stderr = child.stderr.take().expect("piped stderr");
		let sink = log.clone();
		thread::spawn(move || {
			for line in BufReader::new(stderr).lines().map_while(Result::ok) {
				sink.lock().unwrap().push(line);
			}
		});
		Self {
			name: name.to_string(),
			child: Some(child),
			rpc_port,
			p2p_port,
			prometheus_port,
			log,
		}
	}

	/// Starts a `--dev` node with its base path in `base`, plus `extra`
	/// arguments.
	pub fn start_dev(name: &str, base: &TempDir, extra: &[&str]) -> Self {
		let mut args =
			vec!["--dev".to_string(), "--base-path".into(), base.path().display().to_string()];
		args.extend(extra.iter().map(|a| a.to_string()));
		Self::start(name, &args, None)
	}

	/// The node's process id while it runs.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// A client for this node's RPC.
	pub fn client(&self) -> Client {
		Client::new(self.rpc_port)
	}

	/// The node's Prometheus metrics, scraped from `/metrics`.
	pub fn metrics(&self) -> Metrics {
		Metrics::scrape(self.prometheus_port)
	}

	/// The last `n` lines the node logged.
	pub fn log_tail(&self, n: usize) -> String {
		let log = self.log.lock().unwrap();
		log.iter().rev().take(n).rev().cloned().collect::<Vec<_>>().join("\n")
	}

	/// Kills the process and waits for it.
	pub fn stop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Waits until the RPC answers (bounded); fails at once if the process
	/// exits.
	pub fn wait_rpc(&mut self, timeout: Duration) -> Client {
		let client = self.client();
		let start = Instant::now();
		loop {
			if client.try_call::<Value>("system_health", Vec::new()).is_ok() {
				return client;
			}
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				thread::sleep(Duration::from_millis(200));
				panic!(
					"{}: exited with {status} before its RPC was ready\n{}",
					self.name,
					self.log_tail(40)
				);
			}
			assert!(
				start.elapsed() < timeout,
				"{}: RPC not ready after {timeout:?}\n{}",
				self.name,
				self.log_tail(40)
			);
			thread::sleep(Duration::from_millis(250));
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if thread::panicking() {
			eprintln!("--- {} log tail ---\n{}", self.name, self.log_tail(60));
		}
		self.stop();
	}
}

/// What happened to a submitted extrinsic.
#[derive(Debug)]
pub struct Included {
	/// Block that included it.
	pub block: H256,
	/// Its number.
	pub number: u32,
	/// Its index in the block.
	pub index: u32,
	/// The events it emitted.
	pub events: Vec<RuntimeEvent>,
	/// `Err` with the dispatch error if it failed.
	pub result: Result<(), DispatchError>,
}

/// A blocking JSON-RPC client (jsonrpsee over HTTP) using the runtime's
/// SCALE types.
pub struct Client {
	rt: tokio::runtime::Runtime,
	http: HttpClient,
}

impl Client {
	/// A client for `http://127.0.0.1:<port>`.
	pub fn new(port: u16) -> Self {
		let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
		let http = {
			let _guard = rt.enter();
			HttpClientBuilder::default()
				.request_timeout(Duration::from_secs(30))
				.build(format!("http://127.0.0.1:{port}"))
				.expect("http client")
		};
		Self { rt, http }
	}

	/// Calls `method`; `Err` with the message on failure.
	pub fn try_call<T: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Vec<Value>,
	) -> Result<T, String> {
		let mut p = jsonrpsee::core::params::ArrayParams::new();
		for v in params {
			p.insert(v).map_err(|e| e.to_string())?;
		}
		self.rt.block_on(self.http.request(method, p)).map_err(|e| e.to_string())
	}

	/// Calls `method`, panicking on failure.
	pub fn call<T: serde::de::DeserializeOwned>(&self, method: &str, params: Vec<Value>) -> T {
		self.try_call(method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
	}

	/// The best block's hash and number.
	pub fn best(&self) -> (H256, u32) {
		let header: Value = self.call("chain_getHeader", Vec::new());
		let hash: H256 = self.call("chain_getBlockHash", Vec::new());
		(hash, number_of(&header))
	}

	/// The finalized head's hash and number.
	pub fn finalized(&self) -> (H256, u32) {
		let hash: H256 = self.call("chain_getFinalizedHead", Vec::new());
		let header: Value = self.call("chain_getHeader", vec![hex_h256(hash)]);
		(hash, number_of(&header))
	}

	/// The hash of block `number` on the best chain.
	pub fn block_hash(&self, number: u32) -> Option<H256> {
		self.call("chain_getBlockHash", vec![number.into()])
	}

	/// The state root of block `hash`.
	pub fn state_root(&self, hash: H256) -> H256 {
		let header: Value = self.call("chain_getHeader", vec![hex_h256(hash)]);
		decode_hex(header["stateRoot"].as_str().unwrap())
	}

	/// Waits until the best block is at least `number`.
	pub fn wait_best(&self, number: u32, timeout: Duration) -> (H256, u32) {
		self.wait_until(timeout, &format!("best block ≥ {number}"), || {
			let b = self.best();
			(b.1 >= number).then_some(b)
		})
	}

	/// Waits until the finalized head is at least `number`.
	pub fn wait_finalized(&self, number: u32, timeout: Duration) -> (H256, u32) {
		self.wait_until(timeout, &format!("finalized ≥ {number}"), || {
			let f = self.finalized();
			(f.1 >= number).then_some(f)
		})
	}

	/// The number of peers the node is connected to.
	pub fn peers(&self) -> u64 {
		let health: Value = self.call("system_health", Vec::new());
		health["peers"].as_u64().unwrap_or(0)
	}

	/// Where the node is: best and finalized block, peers (for failures).
	pub fn status(&self) -> String {
		let best = self.try_call::<Value>("chain_getHeader", Vec::new()).ok();
		let finalized = self.try_call::<Value>("chain_getFinalizedHead", Vec::new()).ok();
		let health = self.try_call::<Value>("system_health", Vec::new()).ok();
		let number = |h: &Option<Value>| h.as_ref().map(number_of);
		format!(
			"best #{:?}, finalized head {}, peers {}",
			number(&best),
			finalized.map_or("?".into(), |f| f.to_string()),
			health.map_or("?".into(), |h| h["peers"].to_string()),
		)
	}

	/// Polls `f` every 200 ms until it returns `Some`, at most `timeout`;
	/// a timeout fails with what was awaited and where the node is.
	pub fn wait_until<T>(
		&self,
		timeout: Duration,
		what: &str,
		mut f: impl FnMut() -> Option<T>,
	) -> T {
		let start = Instant::now();
		loop {
			if let Some(v) = f() {
				return v;
			}
			if start.elapsed() >= timeout {
				panic!("timed out after {timeout:?} waiting for {what}; node: {}", self.status());
			}
			thread::sleep(Duration::from_millis(200));
		}
	}

	/// Raw storage at `key` (best block, or `at`).
	pub fn storage_raw(&self, key: &[u8], at: Option<H256>) -> Option<Vec<u8>> {
		let mut params = vec![Value::String(format!("0x{}", hex::encode(key)))];
		if let Some(at) = at {
			params.push(hex_h256(at));
		}
		let v: Option<String> = self.call("state_getStorage", params);
		v.map(|s| hex::decode(s.trim_start_matches("0x")).unwrap())
	}

	/// Decoded storage at `key`.
	pub fn storage<T: Decode>(&self, key: &[u8], at: Option<H256>) -> Option<T> {
		self.storage_raw(key, at).map(|b| T::decode(&mut &b[..]).expect("decode storage"))
	}

	/// Calls a runtime API function (`state_call`) and decodes its result.
	pub fn runtime_call<T: Decode>(&self, method: &str, args: &[u8], at: Option<H256>) -> T {
		let mut params = vec![method.into(), format!("0x{}", hex::encode(args)).into()];
		if let Some(at) = at {
			params.push(hex_h256(at));
		}
		let out: String = self.call("state_call", params);
		let bytes = hex::decode(out.trim_start_matches("0x")).unwrap();
		T::decode(&mut &bytes[..]).expect("decode runtime call result")
	}

	/// Taoflow's records of every subnet at `at`, with their signals
	/// (runtime API).
	pub fn taoflow_subnets(&self, at: Option<H256>) -> Vec<pallet_taoflow::SubnetInfo> {
		self.runtime_call("TaoflowApi_subnets", &[], at)
	}

	/// Taoflow's parameters in force at `at` (runtime API).
	pub fn taoflow_params(&self, at: Option<H256>) -> pallet_taoflow::Params {
		self.runtime_call("TaoflowApi_params", &[], at)
	}

	/// The parameters that the block after `at` puts in force: the pending
	/// ones if any, else those in force (runtime API).
	pub fn taoflow_next_params(&self, at: Option<H256>) -> pallet_taoflow::Params {
		let pending: Option<pallet_taoflow::Params> =
			self.runtime_call("TaoflowApi_pending_params", &[], at);
		pending.unwrap_or_else(|| self.taoflow_params(at))
	}

	/// The flow ledger at `at`: `(netuid, F)` of every tracked subnet with a
	/// flow recorded in that block (runtime API).
	pub fn taoflow_flows(&self, at: Option<H256>) -> Vec<(u16, i128)> {
		self.taoflow_subnets(at)
			.iter()
			.map(|s| {
				let f: i128 = self.runtime_call("TaoflowApi_pending_flow", &s.netuid.encode(), at);
				(s.netuid, f)
			})
			.filter(|(_, f)| *f != 0)
			.collect()
	}

	/// The events of block `at`.
	pub fn events(&self, at: H256) -> EventRecords {
		// `System::Events` is private to frame-system: its key by hand.
		use frame_support::{StorageHasher, Twox128};
		let key = [Twox128::hash(b"System"), Twox128::hash(b"Events")].concat();
		self.storage(&key, Some(at)).unwrap_or_default()
	}

	/// Free balance of `who` at `at`.
	pub fn free_balance(&self, who: &AccountId, at: Option<H256>) -> Balance {
		let key = frame_system::Account::<Runtime>::hashed_key_for(who);
		self.storage::<frame_system::AccountInfo<u32, pallet_balances::AccountData<Balance>>>(
			&key, at,
		)
		.map_or(0, |a| a.data.free)
	}

	/// Total issuance at `at`.
	pub fn total_issuance(&self, at: Option<H256>) -> Balance {
		let key = pallet_balances::TotalIssuance::<Runtime>::hashed_key();
		self.storage(&key, at).unwrap_or(0)
	}

	/// `(spec_version, transaction_version)` of the best block's runtime.
	pub fn runtime_version(&self) -> (u32, u32) {
		let v: Value = self.call("state_getRuntimeVersion", Vec::new());
		(
			v["specVersion"].as_u64().unwrap() as u32,
			v["transactionVersion"].as_u64().unwrap() as u32,
		)
	}

	/// Signs `call` as `signer` (immortal era, next nonce, no tip).
	pub fn sign(&self, signer: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
		let account = signer.to_account_id();
		let nonce: u32 =
			self.call("system_accountNextIndex", vec![Value::String(account.to_string())]);
		let (spec_version, transaction_version) = self.runtime_version();
		let chain = ChainContext {
			genesis_hash: self.block_hash(0).expect("genesis hash"),
			spec_version,
			transaction_version,
		};
		signed_extrinsic(call, &signer.pair(), nonce, chain)
	}

	/// Submits `xt`; returns its hash.
	pub fn submit(&self, xt: &UncheckedExtrinsic) -> H256 {
		let hex = format!("0x{}", hex::encode(xt.encode()));
		self.call("author_submitExtrinsic", vec![hex.into()])
	}

	/// Waits (bounded) until an extrinsic with the encoding of `xt` is in a
	/// block at or after `from`, and reports what it did.
	pub fn wait_included(&self, xt: &UncheckedExtrinsic, from: u32, timeout: Duration) -> Included {
		let wanted = format!("0x{}", hex::encode(xt.encode()));
		let mut next = from;
		self.wait_until(timeout, "the extrinsic's inclusion", || {
			let (_, best) = self.best();
			while next <= best {
				let hash = self.block_hash(next)?;
				let block: Value = self.call("chain_getBlock", vec![hex_h256(hash)]);
				let xts = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
				if let Some(index) = xts.iter().position(|x| x.as_str() == Some(wanted.as_str())) {
					return Some(self.outcome(hash, next, index as u32));
				}
				next += 1;
			}
			None
		})
	}

	/// Signs, submits and waits for `call` from `signer`.
	pub fn execute(&self, signer: Sr25519Keyring, call: RuntimeCall) -> Included {
		let xt = self.sign(signer, call);
		let (_, best) = self.best();
		self.submit(&xt);
		self.wait_included(&xt, best, Duration::from_secs(60))
	}

	fn outcome(&self, block: H256, number: u32, index: u32) -> Included {
		let records = self.events(block);
		let mine: Vec<RuntimeEvent> = records
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		let result = mine
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) => Some(Err(*dispatch_error)),
				RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => Some(Ok(())),
				_ => None,
			})
			.expect("every applied extrinsic ends with ExtrinsicSuccess or ExtrinsicFailed");
		Included { block, number, index, events: mine, result }
	}
}

fn number_of(header: &Value) -> u32 {
	let n = header["number"].as_str().expect("header number");
	u32::from_str_radix(n.trim_start_matches("0x"), 16).expect("hex block number")
}

fn hex_h256(h: H256) -> Value {
	Value::String(format!("{h:?}"))
}

fn decode_hex(s: &str) -> H256 {
	let bytes = hex::decode(s.trim_start_matches("0x")).expect("hex");
	H256::from_slice(&bytes)
}

/// The account of a dev key.
pub fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

/// One scrape of a node's Prometheus endpoint: the exposition text and its
/// samples.
pub struct Metrics {
	/// The text the node served.
	pub text: String,
	samples: Vec<(String, f64)>,
}

impl Metrics {
	/// `GET /metrics` from 127.0.0.1:`port` (HTTP/1.0, bounded by a timeout).
	pub fn scrape(port: u16) -> Self {
		use std::io::{Read, Write};
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))
			.unwrap_or_else(|e| panic!("connect to the Prometheus port {port}: {e}"));
		stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
		stream.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
		let mut response = String::new();
		stream.read_to_string(&mut response).unwrap();
		let (head, text) = response.split_once("\r\n\r\n").expect("an HTTP response");
		assert!(head.starts_with("HTTP/1.") && head.contains(" 200 "), "scrape: {head}");
		Self::parse(text.to_string())
	}

	/// The samples of exposition text: `name{labels} value` per line,
	/// comments skipped.
	pub fn parse(text: String) -> Self {
		let samples = text
			.lines()
			.filter(|l| !l.starts_with('#') && !l.trim().is_empty())
			.filter_map(|l| {
				let (series, value) = l.rsplit_once(' ')?;
				Some((series.to_string(), value.parse().ok()?))
			})
			.collect();
		Self { text, samples }
	}

	/// The value of the series `name` whose labels include every
	/// `key="value"` of `labels` (the first such series).
	pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
		self.samples.iter().find_map(|(series, value)| {
			let (metric, rest) = series.split_once('{').unwrap_or((series.as_str(), ""));
			let matches = metric == name
				&& labels.iter().all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")));
			matches.then_some(*value)
		})
	}

	/// Like [`Self::get`], failing with the series that exist when it is absent.
	pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
		self.get(name, labels).unwrap_or_else(|| {
			let names: Vec<&str> = self
				.samples
				.iter()
				.map(|(s, _)| s.as_str())
				.filter(|s| s.starts_with(name))
				.collect();
			panic!("no series {name} with {labels:?}; series with that prefix: {names:?}")
		})
	}
}
