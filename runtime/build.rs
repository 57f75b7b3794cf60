//! Builds the runtime's wasm blob. Only with `std`, so that a `no_std` build
//! never pulls in the wasm builder and its C++ optimiser. With the
//! `metadata-hash` feature the blob carries the hash of its metadata
//! (token symbol and decimals included) for `CheckMetadataHash`.

fn main() {
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("TAO", 9)
		.build();
}
