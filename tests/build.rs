//! Builds the upgrade blob the end-to-end tests enact with `sudo(set_code)`:
//! the runtime again as wasm, with its `bump-spec-version` feature
//! (`spec_version + 1`). Only this crate asks for it, so building the node or
//! the runtime alone builds one blob. The runtime's `links` key makes cargo
//! run this script after the runtime's own build script, which uses the same
//! wasm project directory.

fn main() {
	// The wasm builder finds the project in `cargo metadata` by this path, so
	// it must be canonical. Read when the script runs, not when it was
	// compiled: a target directory shared by two checkouts reuses the
	// compiled script, and a path baked into it would build the other
	// checkout's runtime.
	let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
		println!("cargo::error=CARGO_MANIFEST_DIR is not set");
		return;
	};
	let manifest = std::path::Path::new(&dir).join("../runtime/Cargo.toml");
	let manifest = match manifest.canonicalize() {
		Ok(path) => path,
		Err(e) => {
			println!("cargo::error=the runtime's manifest {}: {e}", manifest.display());
			return;
		}
	};
	let builder = match substrate_wasm_builder::WasmBuilder::new().with_project(manifest) {
		Ok(builder) => builder,
		Err(e) => {
			println!("cargo::error=the runtime's manifest: {e}");
			return;
		}
	};
	builder
		.import_memory()
		.export_heap_base()
		.enable_feature("bump-spec-version")
		.set_file_name("upgrade_wasm_binary.rs")
		.build();
}
