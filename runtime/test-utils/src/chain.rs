//! Driving the runtime natively, block by block, through the real
//! `Executive` (genesis from a preset or a JSON patch, Aura slot digests,
//! the timestamp inherent, signed extrinsics). The runtime's tests, the
//! simulator and the fuzzers use it.

use std::collections::BTreeMap;

use codec::Encode;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::sr25519;
use sp_runtime::{traits::Header as _, ApplyExtrinsicResult, Digest, DigestItem};

use taoflow_runtime::{
	AccountId, BlockNumber, Executive, Header, Nonce, RuntimeCall, RuntimeEvent,
	RuntimeGenesisConfig, System, UncheckedExtrinsic, SLOT_DURATION, VERSION,
};

use crate::signing::{account_of, signed_extrinsic, ChainContext};

/// What one block did.
#[derive(Debug)]
pub struct BlockOutcome {
	/// The block number.
	pub number: BlockNumber,
	/// The result of each extrinsic given to [`Chain::produce_block`], in order.
	pub results: Vec<ApplyExtrinsicResult>,
	/// Every event of the block.
	pub events: Vec<frame_system::EventRecord<RuntimeEvent, taoflow_runtime::Hash>>,
}

/// Merges a genesis patch: objects merge key by key, any other value
/// (`null` included, for `Option` fields) replaces.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// A chain in memory.
pub struct Chain {
	ext: sp_io::TestExternalities,
	pending: BTreeMap<AccountId, Nonce>,
}

impl Chain {
	/// Genesis from the runtime's preset `name` (`development`, `local_testnet`).
	pub fn from_preset(name: &str) -> Result<Self, String> {
		let id = sp_genesis_builder::PresetId::from(name);
		let json = taoflow_runtime::genesis_config_presets::get_preset(&id)
			.ok_or_else(|| format!("no preset {name}"))?;
		Self::from_genesis_json(&json)
	}

	/// Genesis from a JSON patch over the default `RuntimeGenesisConfig`.
	pub fn from_genesis_json(json: &[u8]) -> Result<Self, String> {
		Ok(Self::from_storage(Self::genesis_storage(json)?))
	}

	/// The genesis storage of a JSON patch over the default
	/// `RuntimeGenesisConfig`: build it once and start many chains from it
	/// with [`Self::from_storage`].
	pub fn genesis_storage(json: &[u8]) -> Result<sp_core::storage::Storage, String> {
		use sp_runtime::BuildStorage;
		let patch: serde_json::Value =
			serde_json::from_slice(json).map_err(|e| format!("genesis patch: {e}"))?;
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
			.map_err(|e| format!("default genesis: {e}"))?;
		merge(&mut config, patch);
		let config: RuntimeGenesisConfig =
			serde_json::from_value(config).map_err(|e| format!("genesis: {e}"))?;
		config.build_storage()
	}

	/// A chain whose state is `storage` (e.g. from [`Self::genesis_storage`]).
	pub fn from_storage(storage: sp_core::storage::Storage) -> Self {
		Self { ext: sp_io::TestExternalities::new(storage), pending: BTreeMap::new() }
	}

	/// Runs `f` against the chain's current state.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// The last block's number.
	pub fn block_number(&mut self) -> BlockNumber {
		self.execute_with(System::block_number)
	}

	/// What signatures commit to on this chain.
	pub fn context(&mut self) -> ChainContext {
		ChainContext {
			genesis_hash: self.execute_with(|| System::block_hash(0)),
			spec_version: VERSION.spec_version,
			transaction_version: VERSION.transaction_version,
		}
	}

	/// `call` signed by `signer` with its next nonce (counting extrinsics
	/// signed for the coming block).
	pub fn sign(&mut self, signer: &sr25519::Pair, call: RuntimeCall) -> UncheckedExtrinsic {
		let who = account_of(signer);
		let on_chain = self.execute_with(|| System::account_nonce(&who));
		let pending = self.pending.entry(who).or_insert(0);
		let nonce = on_chain.saturating_add(*pending);
		*pending = pending.saturating_add(1);
		let context = self.context();
		signed_extrinsic(call, signer, nonce, context)
	}

	/// Produces the next block: Aura slot digest, `on_initialize` of every
	/// pallet, the timestamp inherent, `xts` in order, `on_finalize`.
	pub fn produce_block(&mut self, xts: Vec<UncheckedExtrinsic>) -> BlockOutcome {
		self.produce_block_inspect(xts, || ()).0
	}

	/// [`Self::produce_block`], running `inspect` after the block's
	/// `on_initialize` hooks and inherents, before `xts`.
	pub fn produce_block_inspect<R>(
		&mut self,
		xts: Vec<UncheckedExtrinsic>,
		inspect: impl FnOnce() -> R,
	) -> (BlockOutcome, R) {
		self.pending.clear();
		let outcome = self.ext.execute_with(|| {
			let number = System::block_number().saturating_add(1);
			let parent = System::block_hash(number.saturating_sub(1));
			let slot = Slot::from(u64::from(number));
			let digest =
				Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
			let header =
				Header::new(number, Default::default(), Default::default(), parent, digest);
			Executive::initialize_block(&header);
			let now = u64::from(number).saturating_mul(SLOT_DURATION);
			let inherent =
				UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
					now,
				}));
			if let Err(e) = Executive::apply_extrinsic(inherent) {
				panic!("timestamp inherent rejected: {e:?}");
			}
			let inspected = inspect();
			let results = xts.into_iter().map(Executive::apply_extrinsic).collect();
			let events = System::events();
			let _ = Executive::finalize_block();
			(BlockOutcome { number, results, events }, inspected)
		});
		// Keep the overlay small on long runs.
		let _ = self.ext.commit_all();
		outcome
	}
}
