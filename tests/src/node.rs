//! Node processes: the binary under test, free loopback ports, temporary
//! base paths, and nodes that are always stopped (also on failure).

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

use crate::{Client, Metrics};

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

	/// A client of this node's RPC; `Err` while it does not answer.
	pub fn client(&self) -> Result<Client, String> {
		Client::connect(self.rpc_port)
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
		let start = Instant::now();
		loop {
			if let Ok(client) = self.client() {
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
