//! Builds the runtime's wasm blob. Only with `std`, so that a `no_std` build
//! never pulls in the wasm builder and its C++ optimiser.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
