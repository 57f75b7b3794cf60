//! The blocking client of one node, on subxt's typed interface.

use std::{
	thread,
	time::{Duration, Instant},
};

use subxt::{
	client::OnlineClientAtBlockImpl,
	config::{DefaultExtrinsicParamsBuilder, RpcConfigFor},
	error::{DispatchError, TransactionEventsError},
	events::Phase,
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	transactions::{Payload, TransactionStatus},
	OnlineClient,
};
use subxt_signer::sr25519::Keypair;

use crate::{convert, taoflow, taoflow::system, AccountId, AtBlock, Config, Transaction, H256};

/// What happened to a submitted transaction.
#[derive(Debug)]
pub struct Included {
	/// Block that included it.
	pub block: H256,
	/// Its number.
	pub number: u32,
	/// Its index in the block.
	pub index: u32,
	/// The events it emitted, decoded as the runtime's events.
	pub events: Vec<taoflow::Event>,
	/// `Err` with the dispatch error, decoded against the metadata, if it
	/// failed.
	pub result: Result<(), DispatchError>,
}

/// A signed transaction on its way: submitted to the pool and watched.
pub struct Pending {
	hash: H256,
	progress: subxt::transactions::TransactionProgress<Config, OnlineClientAtBlockImpl<Config>>,
}

/// A blocking client of one node: subxt's typed interface (legacy JSON-RPC
/// backend over a WebSocket) driven by its own Tokio runtime.
pub struct Client {
	api: OnlineClient<Config>,
	rpc: LegacyRpcMethods<RpcConfigFor<Config>>,
	raw: RpcClient,
	rt: tokio::runtime::Runtime,
}

impl Client {
	/// Connects to `ws://127.0.0.1:<port>`; `Err` with the reason.
	pub fn connect(port: u16) -> Result<Self, String> {
		let rt = tokio::runtime::Builder::new_multi_thread()
			.worker_threads(1)
			.enable_all()
			.build()
			.map_err(|e| e.to_string())?;
		let (api, raw) = rt.block_on(async {
			let rpc = RpcClient::from_insecure_url(format!("ws://127.0.0.1:{port}"))
				.await
				.map_err(|e| e.to_string())?;
			let backend = subxt::backend::LegacyBackend::builder().build(rpc.clone());
			let api = OnlineClient::<Config>::from_backend(std::sync::Arc::new(backend))
				.await
				.map_err(|e| e.to_string())?;
			Ok::<_, String>((api, rpc))
		})?;
		Ok(Self { api, rpc: LegacyRpcMethods::new(raw.clone()), raw, rt })
	}

	/// Runs `f` to completion on the client's runtime.
	pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
		self.rt.block_on(f)
	}

	/// The transactions in the node's pool.
	pub fn pool_len(&self) -> usize {
		let pending =
			self.raw.request::<Vec<String>>("author_pendingExtrinsics", Default::default());
		self.block_on(pending).expect("author_pendingExtrinsics").len()
	}

	/// A client at block `at`, or at the best block.
	pub fn at(&self, at: Option<H256>) -> AtBlock {
		let hash = at.unwrap_or_else(|| self.best().0);
		self.block_on(self.api.at_block(hash)).unwrap_or_else(|e| panic!("at block {hash:?}: {e}"))
	}

	/// The best block's hash and number.
	pub fn best(&self) -> (H256, u32) {
		let hash = self.block_on(self.rpc.chain_get_block_hash(None)).expect("best hash");
		let hash = hash.expect("a best block");
		(hash, self.number(hash))
	}

	/// The finalized head's hash and number.
	pub fn finalized(&self) -> (H256, u32) {
		let hash = self.block_on(self.rpc.chain_get_finalized_head()).expect("finalized head");
		(hash, self.number(hash))
	}

	fn header(&self, hash: H256) -> <Config as subxt::config::Config>::Header {
		let header = self.block_on(self.rpc.chain_get_header(Some(hash)));
		header.expect("chain_getHeader").unwrap_or_else(|| panic!("no header for {hash:?}"))
	}

	fn number(&self, hash: H256) -> u32 {
		u32::try_from(self.header(hash).number).expect("a u32 block number")
	}

	/// The hash of block `number` on the best chain.
	pub fn block_hash(&self, number: u32) -> Option<H256> {
		let hash = self.rpc.chain_get_block_hash(Some(u64::from(number).into()));
		self.block_on(hash).expect("chain_getBlockHash")
	}

	/// The state root of block `hash`.
	pub fn state_root(&self, hash: H256) -> H256 {
		self.header(hash).state_root
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
	pub fn peers(&self) -> usize {
		self.block_on(self.rpc.system_health()).expect("system_health").peers
	}

	/// Where the node is: best and finalized block, peers (for failures).
	pub fn status(&self) -> String {
		let best = self.block_on(self.rpc.chain_get_header(None)).ok().flatten();
		let finalized = self.block_on(self.rpc.chain_get_finalized_head()).ok();
		let health = self.block_on(self.rpc.system_health()).ok();
		format!(
			"best #{:?}, finalized head {finalized:?}, peers {:?}",
			best.map(|h| h.number),
			health.map(|h| h.peers),
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

	/// Calls a runtime API at `at` (or the best block) through its generated
	/// payload.
	pub fn runtime_api<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
		at: Option<H256>,
	) -> P::ReturnType {
		self.call_at(&self.at(at), payload)
	}

	/// Calls a runtime API at `block`.
	fn call_at<P: subxt::runtime_apis::Payload>(
		&self,
		block: &AtBlock,
		payload: P,
	) -> P::ReturnType {
		let name = format!("{}_{}", payload.trait_name(), payload.method_name());
		self.block_on(block.runtime_apis().call(payload)).unwrap_or_else(|e| panic!("{name}: {e}"))
	}

	/// Calls a view function at `at` (or the best block) through its
	/// generated payload, and decodes its output against the metadata.
	///
	/// The call goes through the runtime API `RuntimeViewFunction`, whose
	/// generated interface frames it as the runtime declares it:
	/// `execute_view_function(id: ViewFunctionId, input: Vec<u8>) ->
	/// Result<Vec<u8>, ViewFunctionDispatchError>`. subxt 0.50.3's own
	/// `view_functions().call` sends the query id and inputs unframed and
	/// decodes the answer without its `Result` and length, which the runtime
	/// rejects ("Codec error"); here subxt encodes the id and inputs and
	/// decodes the output, and the framing is the generated API's.
	pub fn view_function<P: subxt::view_functions::Payload>(
		&self,
		payload: P,
		at: Option<H256>,
	) -> P::ReturnType {
		use subxt::ext::{frame_decode::view_functions, scale_decode::IntoVisitor};
		use taoflow::runtime_types::frame_support::view_functions::ViewFunctionId;
		let name = format!("{}.{}", payload.pallet_name(), payload.function_name());
		let block = self.at(at);
		let views = block.view_functions();
		views.validate(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
		let encoded = views.encode_args(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
		let (id, input) = encoded.split_at(32);
		let (prefix, suffix) = id.split_at(16);
		let id = ViewFunctionId {
			prefix: prefix.try_into().expect("16 bytes"),
			suffix: suffix.try_into().expect("16 bytes"),
		};
		let call = taoflow::runtime_apis()
			.runtime_view_function()
			.execute_view_function(id, input.to_vec());
		let output =
			self.call_at(&block, call).unwrap_or_else(|e| panic!("{name} dispatch: {e:?}"));
		let metadata = block.metadata();
		let cursor = &mut &output[..];
		let value = view_functions::decode_view_function_response(
			payload.pallet_name(),
			payload.function_name(),
			cursor,
			&*metadata,
			metadata.types(),
			P::ReturnType::into_visitor(),
		)
		.unwrap_or_else(|e| panic!("{name} output: {e}"));
		assert!(cursor.is_empty(), "{name}: {} bytes left after the output", cursor.len());
		value
	}

	/// Taoflow's records of every subnet at `at`, with their signals
	/// (runtime API), as the pallet's type.
	pub fn taoflow_subnets(&self, at: Option<H256>) -> Vec<pallet_taoflow::SubnetInfo> {
		let subnets = self.runtime_api(taoflow::runtime_apis().taoflow_api().subnets(), at);
		subnets.into_iter().map(convert::subnet_info).collect()
	}

	/// Taoflow's parameters in force at `at` (runtime API).
	pub fn taoflow_params(&self, at: Option<H256>) -> pallet_taoflow::Params {
		convert::params(self.runtime_api(taoflow::runtime_apis().taoflow_api().params(), at))
	}

	/// The parameters that the block after `at` puts in force: the pending
	/// ones if any, else those in force (runtime API).
	pub fn taoflow_next_params(&self, at: Option<H256>) -> pallet_taoflow::Params {
		let block = self.at(at);
		let api = taoflow::runtime_apis().taoflow_api();
		let params = match self.call_at(&block, api.pending_params()) {
			Some(pending) => pending,
			None => self.call_at(&block, api.params()),
		};
		convert::params(params)
	}

	/// The flow ledger at `at`: `(netuid, F)` of every tracked subnet with a
	/// flow recorded in that block (runtime API).
	pub fn taoflow_flows(&self, at: Option<H256>) -> Vec<(u16, i128)> {
		let block = self.at(at);
		let api = taoflow::runtime_apis().taoflow_api();
		self.call_at(&block, api.subnets())
			.iter()
			.map(|s| (s.netuid, self.call_at(&block, api.pending_flow(s.netuid))))
			.filter(|(_, f)| *f != 0)
			.collect()
	}

	/// The events of block `at` with their phases, decoded as the runtime's
	/// events.
	pub fn events(&self, at: H256) -> Vec<(Phase, taoflow::Event)> {
		let block = self.at(Some(at));
		let events = self.block_on(block.events().fetch()).expect("the block's events");
		events
			.iter()
			.map(|e| {
				let e = e.expect("an event record");
				(e.phase(), runtime_event(&e))
			})
			.collect()
	}

	/// Free balance of `who` at `at`.
	pub fn free_balance(&self, who: &AccountId, at: Option<H256>) -> u64 {
		let block = self.at(at);
		let storage = block.storage();
		let account = storage.fetch(taoflow::storage().system().account(), (*who,));
		let account = self.block_on(account).expect("System.Account");
		account.decode().expect("an account").data.free
	}

	/// Total issuance at `at`.
	pub fn total_issuance(&self, at: Option<H256>) -> u64 {
		let block = self.at(at);
		let storage = block.storage();
		let issuance = storage.fetch(taoflow::storage().balances().total_issuance(), ());
		self.block_on(issuance).expect("Balances.TotalIssuance").decode().expect("a balance")
	}

	/// `(spec_version, transaction_version)` of the best block's runtime.
	pub fn runtime_version(&self) -> (u32, u32) {
		let at = self.at(None);
		(at.spec_version(), at.transaction_version())
	}

	/// The next nonce of `who`, counting the transactions in the pool.
	pub fn next_nonce(&self, who: &AccountId) -> u64 {
		self.block_on(self.rpc.system_account_next_index(who)).expect("system_accountNextIndex")
	}

	/// Signs `call` as `signer` against the best block with `nonce` (the
	/// next one, counting the pool, if `None`), mortal for 64 blocks, no tip.
	pub fn sign(&self, signer: &Keypair, call: &impl Payload, nonce: Option<u64>) -> Transaction {
		let who: AccountId = signer.public_key().into();
		let nonce = nonce.unwrap_or_else(|| self.next_nonce(&who));
		self.sign_at(&self.at(None), signer, call, nonce)
	}

	/// Signs `call` as `signer` against `block` with `nonce`, mortal for 64
	/// blocks from it, no tip.
	pub fn sign_at(
		&self,
		block: &AtBlock,
		signer: &Keypair,
		call: &impl Payload,
		nonce: u64,
	) -> Transaction {
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).mortal(64).build();
		let mut tx = block.transactions();
		self.block_on(tx.create_signed(call, signer, params)).expect("sign the transaction")
	}

	/// Submits a signed transaction and watches it.
	pub fn watch(&self, tx: &Transaction) -> Pending {
		let progress = self.block_on(tx.submit_and_watch()).expect("submit and watch");
		Pending { hash: tx.hash(), progress }
	}

	/// Submits a signed transaction without watching it: its hash, or the
	/// pool's reason for rejecting it.
	pub fn try_submit(&self, tx: &Transaction) -> Result<H256, String> {
		self.block_on(tx.submit()).map_err(|e| e.to_string())
	}

	/// Signs `call` as `signer`, submits it and watches it.
	pub fn submit(&self, signer: &Keypair, call: &impl Payload) -> Pending {
		self.watch(&self.sign(signer, call, None))
	}

	/// Waits (bounded) until `pending` is in a best block, and reports what
	/// it did.
	pub fn included(&self, pending: Pending, timeout: Duration) -> Included {
		let Pending { hash, mut progress } = pending;
		let in_block = self
			.block_on(async {
				let watch = async {
					loop {
						match progress.next().await {
							Some(Ok(TransactionStatus::InBestBlock(b)))
							| Some(Ok(TransactionStatus::InFinalizedBlock(b))) => return Ok(b),
							Some(Ok(TransactionStatus::Error { message }))
							| Some(Ok(TransactionStatus::Invalid { message }))
							| Some(Ok(TransactionStatus::Dropped { message })) => return Err(message),
							Some(Ok(_)) => continue,
							Some(Err(e)) => return Err(e.to_string()),
							None => return Err("the watch ended before inclusion".into()),
						}
					}
				};
				tokio::time::timeout(timeout, watch).await
			})
			.unwrap_or_else(|_| {
				panic!("{hash:?} not in a block after {timeout:?}; node: {}", self.status())
			})
			.unwrap_or_else(|e| panic!("{hash:?}: {e}"));
		let records = self.block_on(in_block.fetch_events()).expect("the transaction's events");
		let events: Vec<taoflow::Event> =
			records.iter().map(|e| runtime_event(&e.expect("an event record"))).collect();
		let failed = events
			.iter()
			.any(|e| matches!(e, taoflow::Event::System(system::Event::ExtrinsicFailed { .. })));
		// Only a failure needs subxt to decode its dispatch error (it fetches
		// the block's events again to do so).
		let result = if !failed {
			Ok(())
		} else {
			match self.block_on(in_block.wait_for_success()) {
				Err(TransactionEventsError::ExtrinsicFailed(e)) => Err(e),
				other => panic!("{hash:?}: ExtrinsicFailed without its dispatch error: {other:?}"),
			}
		};
		let block = in_block.block_hash();
		Included {
			block,
			number: self.number(block),
			index: records.extrinsic_index() as u32,
			events,
			result,
		}
	}

	/// Signs, submits and waits for `call` from `signer`.
	pub fn execute(&self, signer: &Keypair, call: &impl Payload) -> Included {
		let pending = self.submit(signer, call);
		self.included(pending, Duration::from_secs(60))
	}
}

/// An event record's event, decoded as the runtime's.
fn runtime_event(e: &subxt::events::Event<'_, Config>) -> taoflow::Event {
	e.decode_as::<taoflow::Event>().expect("a runtime event")
}

/// The account of a dev key.
pub fn account(k: &Keypair) -> AccountId {
	k.public_key().into()
}
