//! Builds the runtime's wasm blob, and a second blob of the same runtime with
//! `spec_version + 1` (feature `bump-spec-version`) that the end-to-end tests
//! enact with `sudo(set_code)`. Only with `std`, so that a `no_std` build
//! never pulls in the wasm builder and its C++ optimiser.

fn main() {
	#[cfg(feature = "std")]
	{
		use substrate_wasm_builder::WasmBuilder;
		WasmBuilder::build_using_defaults();
		WasmBuilder::init_with_defaults()
			.enable_feature("bump-spec-version")
			.set_file_name("upgrade_wasm_binary.rs")
			.build();
	}
}
