//! The wasm blob: it exists after the build, and its version, metadata (with
//! docs) and genesis presets can be read by executing it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use sc_executor::WasmExecutor;
use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};
use sp_version::RuntimeVersion;

fn blob() -> &'static [u8] {
	taoflow_runtime::WASM_BINARY.expect("the wasm blob is built with the runtime")
}

/// Calls `method` of the wasm runtime with SCALE-encoded `args`.
fn call(method: &str, args: &[u8]) -> Vec<u8> {
	let executor = WasmExecutor::<sp_io::SubstrateHostFunctions>::builder().build();
	let code = WrappedRuntimeCode(blob().into());
	let runtime_code = RuntimeCode {
		code_fetcher: &code,
		heap_pages: None,
		hash: sp_io::hashing::blake2_256(blob()).to_vec(),
	};
	let mut ext = sp_io::TestExternalities::default();
	let mut ext = ext.ext();
	let (result, _) = executor.call(&mut ext, &runtime_code, method, args, CallContext::Offchain);
	result.unwrap_or_else(|e| panic!("{method}: {e}"))
}

#[test]
fn the_compact_compressed_blob_exists() {
	let path = taoflow_runtime::WASM_BINARY_PATH.expect("the blob's path");
	assert!(path.ends_with("taoflow_runtime.compact.compressed.wasm"), "{path}");
	let on_disk = std::fs::read(path).expect("the blob is on disk");
	let wasm = blob();
	assert_eq!(on_disk, wasm);
	// The blob is zstd-compressed (Substrate's prefix) and unpacks to a wasm
	// module, the compacted one: smaller than the bloaty blob.
	let code = sp_maybe_compressed_blob::decompress(wasm, 16 * 1024 * 1024).expect("unpacks");
	assert!(code.len() > wasm.len(), "the blob is compressed");
	assert_eq!(code[..4], *b"\0asm");
	assert!(code.len() < taoflow_runtime::WASM_BINARY_BLOATY.expect("bloaty").len());
	eprintln!("compact compressed wasm: {} bytes ({} unpacked)", wasm.len(), code.len());
}

#[test]
fn version_from_the_blob_matches_the_native_one() {
	let version = RuntimeVersion::decode(&mut &call("Core_version", &[])[..]).unwrap();
	assert_eq!(version.spec_name, "taoflow");
	assert_eq!(version.spec_version, taoflow_runtime::VERSION.spec_version);
	assert_eq!(version.spec_version, 101);
}

#[test]
fn metadata_from_the_blob_has_the_pallets_and_their_docs() {
	let opaque: Vec<u8> = Decode::decode(&mut &call("Metadata_metadata", &[])[..]).unwrap();
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &opaque[..]).unwrap();
	let RuntimeMetadata::V14(md) = prefixed.1 else { panic!("metadata v14 expected") };
	let taoflow = md.pallets.iter().find(|p| p.name == "Taoflow").expect("Taoflow pallet");
	assert_eq!(taoflow.index, 31);
	let storage = taoflow.storage.as_ref().expect("storage");
	let ledger = storage.entries.iter().find(|e| e.name == "FlowLedger").unwrap();
	assert!(ledger.docs.iter().any(|d| d.contains("flow ledger")), "{:?}", ledger.docs);
	let subnets = md.pallets.iter().find(|p| p.name == "Subnets").expect("Subnets pallet");
	assert_eq!(subnets.index, 30);
	assert!(md.pallets.iter().any(|p| p.name == "Grandpa" && p.index == 3));
	// Call docs reach the metadata.
	let calls = md.types.resolve(taoflow.calls.as_ref().unwrap().ty.id).unwrap();
	let scale_info::TypeDef::Variant(v) = &calls.type_def else { panic!("call enum") };
	let set_params = v.variants.iter().find(|v| v.name == "set_params").unwrap();
	assert!(!set_params.docs.is_empty());
}

#[test]
fn presets_from_the_blob() {
	let names: Vec<sp_genesis_builder::PresetId> =
		Decode::decode(&mut &call("GenesisBuilder_preset_names", &[])[..]).unwrap();
	let names: Vec<String> = names
		.iter()
		.map(|n| {
			let bytes: &[u8] = n.as_ref();
			String::from_utf8_lossy(bytes).to_string()
		})
		.collect();
	assert!(names.contains(&"development".to_string()), "{names:?}");
	assert!(names.contains(&"local_testnet".to_string()), "{names:?}");
	for name in ["development", "local_testnet"] {
		let id = Some(sp_genesis_builder::PresetId::from(name));
		let arg = codec::Encode::encode(&id);
		let json: Option<Vec<u8>> =
			Decode::decode(&mut &call("GenesisBuilder_get_preset", &arg)[..]).unwrap();
		let json: serde_json::Value = serde_json::from_slice(&json.expect(name)).unwrap();
		assert!(json["subnets"]["subnets"].as_array().is_some_and(|s| s.len() == 8), "{json}");
		assert_eq!(json["taoflow"]["params"]["halfLife"], 216_000);
	}
}
