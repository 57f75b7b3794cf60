//! The wasm blob: it exists after the build, and its version, metadata (with
//! docs) and genesis presets can be read by executing it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use codec::{Decode, Encode};
use frame_metadata::{v16::FunctionParamMetadata, RuntimeMetadata, RuntimeMetadataPrefixed};
use sc_executor::WasmExecutor;
use scale_info::form::PortableForm;
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
	// The transaction extensions a signer must know, metadata hash and
	// weight reclaim last.
	let extensions: Vec<&str> =
		md.extrinsic.signed_extensions.iter().map(|e| e.identifier.as_str()).collect();
	assert_eq!(extensions[extensions.len() - 2..], ["CheckMetadataHash", "WeightReclaim"]);
	// Taoflow's records and flag carry the names of version 2.
	assert!(storage.entries.iter().any(|e| e.name == "SubnetStates"));
	assert!(storage.entries.iter().any(|e| e.name == "EligibleSetShrunk"));
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
		assert_eq!(json["taoflow"]["params"]["half_life"], 216_000);
	}
}

#[test]
fn the_runtime_api_and_the_view_functions_declare_the_same_reads() {
	let raw: Option<Vec<u8>> =
		Decode::decode(&mut &call("Metadata_metadata_at_version", &16u32.encode())[..]).unwrap();
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &raw.expect("metadata v16")[..]).unwrap();
	let RuntimeMetadata::V16(md) = prefixed.1 else { panic!("metadata v16 expected") };
	let taoflow = md.pallets.iter().find(|p| p.name == "Taoflow").expect("Taoflow pallet");
	let api = md.apis.iter().find(|a| a.name == "TaoflowApi").expect("TaoflowApi");
	type Read = (String, Vec<(String, u32)>, u32, Vec<String>);
	let read =
		|name: &String, inputs: &[FunctionParamMetadata<PortableForm>], output: u32, docs| {
			let inputs = inputs.iter().map(|i| (i.name.clone(), i.ty.id)).collect();
			(name.clone(), inputs, output, docs)
		};
	let views: Vec<Read> = taoflow
		.view_functions
		.iter()
		.map(|v| read(&v.name, &v.inputs, v.output.id, v.docs.clone()))
		.collect();
	let methods: Vec<Read> =
		api.methods.iter().map(|m| read(&m.name, &m.inputs, m.output.id, m.docs.clone())).collect();
	assert_eq!(views.len(), 5);
	assert_eq!(views, methods);
}
