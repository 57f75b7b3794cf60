//! # Taoflow runtime
//!
//! A Bittensor-style chain: subnets that people stake TAO into
//! (`pallet-subnets`), a block emission on Bittensor's halving schedule
//! (`pallet-emission`), and Taoflow (`pallet-taoflow`) splitting that emission
//! across subnets by their smoothed net staking flow. Consensus is Aura block
//! production with GRANDPA finality.
//!
//! Pallet indices are grouped: consensus 0–9, tokens 10–19, governance 20–29,
//! the subnet economy 30–39.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

// The wasm builder generates these constants without documentation; the
// re-export below documents them.
#[cfg(feature = "std")]
#[allow(missing_docs)]
mod wasm_binary {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
}
/// The runtime's wasm blob (compact, compressed) and its uncompressed form.
#[cfg(feature = "std")]
pub use wasm_binary::{WASM_BINARY, WASM_BINARY_BLOATY, WASM_BINARY_PATH};

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use pallet_taoflow::{DroughtPolicy, Params as TaoflowParams};

/// Opaque types for the node: it needs the block format, not the calls.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block id type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The session keys of a validator.
		pub struct SessionKeys {
			/// Aura block production.
			pub aura: super::Aura,
			/// GRANDPA finality.
			pub grandpa: super::Grandpa,
		}
	}
}

/// Declares [`VERSION`] with the given `spec_version` (the attribute macro
/// needs a literal there).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime's version. Bump `spec_version` for every runtime upgrade.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("taoflow"),
			impl_name: alloc::borrow::Cow::Borrowed("taoflow"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

// The feature `bump-spec-version` adds one: the build script compiles a
// second blob that way for the runtime-upgrade test.
#[cfg(not(feature = "bump-spec-version"))]
runtime_version!(101);
#[cfg(feature = "bump-spec-version")]
runtime_version!(102);

/// Block time: a new block every 3 seconds (dev-friendly; the mechanism's
/// parameters are in blocks, so a chain with another block time rescales them).
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
/// Aura slot duration, equal to the block time.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One TAO in base units (9 decimals, like Bittensor's rao).
pub const TAO: Balance = 1_000_000_000;
/// A thousandth of a TAO.
pub const MILLI_TAO: Balance = TAO / 1_000;
/// The existential deposit.
pub const EXISTENTIAL_DEPOSIT: Balance = 500;

/// A signature on the chain.
pub type Signature = MultiSignature;
/// An account id: the public key behind a signature.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances in base units.
pub type Balance = u64;
/// Transaction counter of an account.
pub type Nonce = u32;
/// A hash of some data.
pub type Hash = sp_core::H256;
/// A block number.
pub type BlockNumber = u32;
/// An address format for extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A signed block.
pub type SignedBlock = generic::SignedBlock<Block>;
/// The block id.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions of every signed extrinsic.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	// Checks the metadata hash a signer commits to (when it commits to one;
	// the blob carries the hash when built with `metadata-hash`).
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	// Last: gives back the weight a call did not use, after every extension
	// before it has seen the declared weight.
	frame_system::WeightReclaim<Runtime>,
);

/// An unchecked extrinsic.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run at a runtime upgrade, each of which runs once:
/// - the switch-over of a chain where Taoflow never ran (guarded by
///   Taoflow's state: it runs only while Taoflow has no parameters stored),
///   with the runtime's parameters, a transition window of
///   [`configs::SWITCH_OVER_WINDOW`] blocks from the stake-based shares the
///   chain emitted by, and the reward pot endowed;
/// - Taoflow's storage version 1 → 2 (mechanism version 2: outflow debt,
///   maturity, signal gate), guarded by the storage version.
pub type Migrations = (
	pallet_taoflow::migrations::switch::SwitchToTaoflow<
		Runtime,
		configs::SwitchOverParams,
		pallet_taoflow::migrations::switch::StakeShares<Runtime>,
	>,
	pallet_taoflow::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime and its outer types, as `#[frame_support::runtime]` declares
/// them, and the runtime APIs (which use the macro's private inherent
/// helpers). The macros generate public items without documentation (the
/// outer enums and their variants, the API glue); the lint is allowed on
/// this module alone, and the pallets and API traits carry the
/// documentation.
#[allow(missing_docs)]
#[path = "."]
mod construct {
	use super::*;

	pub mod apis;

	#[frame_support::runtime]
	mod runtime {
		#[runtime::runtime]
		#[runtime::derive(
			RuntimeCall,
			RuntimeEvent,
			RuntimeError,
			RuntimeOrigin,
			RuntimeFreezeReason,
			RuntimeHoldReason,
			RuntimeSlashReason,
			RuntimeLockId,
			RuntimeTask,
			RuntimeViewFunction
		)]
		pub struct Runtime;

		// Consensus.
		#[runtime::pallet_index(0)]
		pub type System = frame_system;
		#[runtime::pallet_index(1)]
		pub type Timestamp = pallet_timestamp;
		#[runtime::pallet_index(2)]
		pub type Aura = pallet_aura;
		#[runtime::pallet_index(3)]
		pub type Grandpa = pallet_grandpa;

		// Tokens.
		#[runtime::pallet_index(10)]
		pub type Balances = pallet_balances;
		#[runtime::pallet_index(11)]
		pub type TransactionPayment = pallet_transaction_payment;

		// Governance.
		#[runtime::pallet_index(20)]
		pub type Sudo = pallet_sudo;

		// The subnet economy.
		#[runtime::pallet_index(30)]
		pub type Subnets = pallet_subnets;
		#[runtime::pallet_index(31)]
		pub type Taoflow = pallet_taoflow;
		#[runtime::pallet_index(32)]
		pub type Emission = pallet_emission;
	}
}
pub use construct::*;

/// Keys of the opaque session keys.
pub type SessionKeys = opaque::SessionKeys;
