//! Genesis presets: `development` (one validator, Alice) and `local_testnet`
//! (Alice, Bob, Charlie and Dave). Both endow the well-known dev accounts,
//! register three subnets with stake, and set Taoflow's parameters.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_taoflow::Params;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, Balance, BalancesConfig, EmissionConfig, GrandpaConfig,
	RuntimeGenesisConfig, SubnetsConfig, SudoConfig, TaoflowConfig, TAO,
};

/// Free balance of every endowed dev account.
pub const ENDOWMENT: Balance = 100_000 * TAO;
/// Total supply the halvings approach (Bittensor's 21M TAO).
pub const TOTAL_SUPPLY: Balance = 21_000_000 * TAO;
/// Emission per block before the first halving.
pub const INITIAL_EMISSION: Balance = TAO;

/// The subnets of the presets: `(netuid, owner, initial stakes)`. Genesis
/// stake is not a flow, so every subnet starts with a smoothed flow of 0.
///
/// Eight subnets, so that the default share cap `c = 0.25` leaves the flows
/// room to rank them (`c' = max(c, 1/N)`: with four subnets or fewer every
/// share would be capped at `1/N`).
pub fn preset_subnets() -> Vec<pallet_subnets::GenesisSubnetOf<crate::Runtime>> {
	use Sr25519Keyring::*;
	let mut subnets = vec![
		(1, Alice.to_account_id(), vec![(Alice.to_account_id(), 1_000 * TAO)]),
		(
			2,
			Bob.to_account_id(),
			vec![(Bob.to_account_id(), 500 * TAO), (Eve.to_account_id(), 500 * TAO)],
		),
		(3, Charlie.to_account_id(), vec![(Charlie.to_account_id(), 250 * TAO)]),
	];
	for (netuid, owner) in (4..).zip([Dave, Eve, Ferdie, AliceStash, BobStash]) {
		subnets.push((netuid, owner.to_account_id(), vec![(owner.to_account_id(), 100 * TAO)]));
	}
	subnets
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		subnets: SubnetsConfig { subnets: preset_subnets() },
		taoflow: TaoflowConfig { params: Params::recommended() },
		emission: EmissionConfig { initial_emission: INITIAL_EMISSION, total_supply: TOTAL_SUPPLY },
	})
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// Aura (sr25519) and GRANDPA (ed25519) keys of a dev validator.
fn keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// The `development` preset: Alice validates alone.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			keys(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			keys(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The preset called `id`, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	// A JSON value always serialises; `None` (no preset) if it ever did not.
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
