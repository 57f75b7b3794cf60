//! The metadata the typed client interface of these tests is generated from
//! (`tests/metadata/taoflow-runtime.scale`, read by `#[subxt::subxt]`) is the
//! runtime's own: byte for byte what `Runtime::metadata_at_version` returns
//! for the version it was generated at. A change to the runtime's calls,
//! events, storage, errors or runtime APIs fails this test until the file is
//! regenerated:
//!
//! ```sh
//! TAOFLOW_UPDATE_METADATA=1 cargo test -p taoflow-e2e --test metadata
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use subxt::ext::{codec::Decode, frame_metadata::RuntimeMetadataPrefixed};
use taoflow_e2e::{METADATA_FILE, METADATA_VERSION};

#[test]
fn checked_in_metadata_is_the_runtimes() {
	let runtime = taoflow_runtime::Runtime::metadata_at_version(METADATA_VERSION)
		.expect("the runtime serves the metadata version the client is generated from");
	let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(METADATA_FILE);
	if std::env::var_os("TAOFLOW_UPDATE_METADATA").is_some() {
		std::fs::write(&path, &*runtime).unwrap();
		eprintln!("wrote {} ({} bytes)", path.display(), runtime.len());
	}
	let file = std::fs::read(&path).unwrap_or_default();
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &file[..])
		.expect("the checked-in file is SCALE-encoded prefixed metadata");
	assert_eq!(prefixed.1.version(), METADATA_VERSION);
	assert!(
		file == *runtime,
		"{METADATA_FILE} ({} bytes) differs from the runtime's metadata v{METADATA_VERSION} \
		 ({} bytes): regenerate it with TAOFLOW_UPDATE_METADATA=1 cargo test -p taoflow-e2e \
		 --test metadata, and rebuild",
		file.len(),
		runtime.len()
	);
	eprintln!("metadata v{METADATA_VERSION}: {} bytes, equal to the runtime's", file.len());
}
