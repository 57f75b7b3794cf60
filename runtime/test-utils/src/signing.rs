//! Building signed extrinsics off chain (tests, the simulator, tools).

use codec::Encode;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{generic::Era, traits::IdentifyAccount, MultiSigner};

use taoflow_runtime::{
	AccountId, Nonce, Runtime, RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic,
};

/// What a signature commits to besides the call and the nonce.
#[derive(Clone, Copy, Debug)]
pub struct ChainContext {
	/// Hash of block 0.
	pub genesis_hash: H256,
	/// `spec_version` of the runtime that will check the signature.
	pub spec_version: u32,
	/// `transaction_version` of that runtime.
	pub transaction_version: u32,
}

/// The transaction extensions for an immortal extrinsic with `nonce` and no tip.
pub fn tx_extension(nonce: Nonce) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// The account of an sr25519 key.
pub fn account_of(pair: &sr25519::Pair) -> AccountId {
	MultiSigner::from(pair.public()).into_account()
}

/// `call` signed by `signer` with `nonce`, immortal, no tip.
pub fn signed_extrinsic(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	chain: ChainContext,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	let implicit = (
		(),
		chain.spec_version,
		chain.transaction_version,
		chain.genesis_hash,
		chain.genesis_hash,
		(),
		(),
		(),
		None::<[u8; 32]>,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiAddress::Id(account_of(signer)),
		signature.into(),
		extension,
	)
}
