//! Genesis presets: `development` (one validator, Alice) and `local_testnet`
//! (Alice, Bob, Charlie and Dave). Both endow the well-known dev accounts,
//! register three subnets with stake, and set Taoflow's parameters.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_taoflow::{DroughtPolicy, Params};
use serde_json::Value;
use sp_arithmetic::{traits::One, FixedU128, Perquintill};
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

/// `α·10,000 TAO` at the default half-life of 216,000 blocks, in base units
/// per block: the EMA floor that caps what a subnet owes at the smoothed
/// value of a 10,000 TAO outflow.
pub const EMA_FLOOR: i128 = -32_090_096;

/// The runtime's default Taoflow parameters, which the presets start with.
/// `docs/mechanism-analysis.md` measures each choice on the scenario book:
///
/// - `H = 216,000` blocks (30 days): recycling capital earns within 6% of
///   holding it for two half-lives (and less, net of the fee of every stake
///   and unstake); a longer `H` only makes shares answer flows more slowly.
/// - `cutoff = 0`, `p = 1`: Bittensor's lower limit and weights; a negative
///   cutoff changed no measured outcome, `p = 2` paid the largest flows 11%
///   more.
/// - `c = 0.25`: no subnet takes more than a quarter of the emission while
///   four or more have a positive flow (herd: mean HHI 0.34 → 0.087).
/// - `β = 0.01` at `U = 1`: no share rises by more than 1% of the emission
///   per block (hype swing: largest one-block rise 0.8 → 0.008); `U > 1`
///   paid a recycler 12–64% more than a holder.
/// - `ema_floor = −α·10,000 TAO`: after an exit of any size a subnet is at
///   most 10,000 TAO of inflow away from earning again (negative lock-in:
///   never → 1,081 blocks).
/// - `drought = keep_last`: when no subnet has a positive offset flow the
///   last shares go on, so every block with an eligible subnet emits (bear
///   drought: 52% of the emission unallocated → 0%).
/// - `T = 0`: a new chain has no stake-based shares to blend from; a live
///   chain switching to Taoflow sets its window through the migration.
pub fn taoflow_params() -> Params {
	Params {
		half_life: 216_000,
		cutoff: 0,
		exponent: FixedU128::one(),
		max_share: Perquintill::from_percent(25),
		smoothing: Perquintill::from_percent(1),
		update_interval: 1,
		transition_blocks: 0,
		ema_floor: Some(EMA_FLOOR),
		drought: DroughtPolicy::KeepLast,
	}
}

/// The subnets of the presets: `(netuid, owner, initial stakes)`. Genesis
/// stake is not a flow, so every subnet starts with a smoothed flow of 0.
pub fn preset_subnets() -> Vec<pallet_subnets::GenesisSubnetOf<crate::Runtime>> {
	use Sr25519Keyring::*;
	vec![
		(1, Alice.to_account_id(), vec![(Alice.to_account_id(), 1_000 * TAO)]),
		(
			2,
			Bob.to_account_id(),
			vec![(Bob.to_account_id(), 500 * TAO), (Eve.to_account_id(), 500 * TAO)],
		),
		(3, Charlie.to_account_id(), vec![(Charlie.to_account_id(), 250 * TAO)]),
	]
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
		taoflow: TaoflowConfig { params: taoflow_params() },
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
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
