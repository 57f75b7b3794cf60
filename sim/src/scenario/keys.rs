//! The scenario file's layout, read by serde: every object rejects unknown
//! keys, and every number says what it expected. The key names are the
//! file format's contract; where one differs from the parameter's name in
//! the runtime (`half_life_blocks` for `half_life`, `transition.blocks` for
//! `transition_blocks`), [`ParamKeys::apply`] is the one place that maps it.

use std::collections::BTreeMap;

use pallet_taoflow::{params::InvalidParam, DroughtPolicy, Params};
use serde::{de::IgnoredAny, Deserialize, Deserializer};
use sp_arithmetic::FixedU128;

use super::values::{Decimal, Fraction, Int, Netuid, Signed, U32, U64};

/// The file's top level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileKeys {
	/// The scenario's name.
	pub name: Option<String>,
	/// Blocks to run.
	pub blocks: Int<10_000_000>,
	/// Emission per block, in base units.
	pub block_emission: Int<{ U64 }>,
	/// Subnets registered at genesis.
	pub subnets: Vec<SubnetKeys>,
	/// Parameters at genesis.
	#[serde(default)]
	pub params: ParamKeys,
	/// The events, each read by its `op` (see [`EventKeys`]).
	#[serde(default)]
	pub events: Vec<serde_json::Value>,
}

/// A subnet registered at genesis.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetKeys {
	/// Its netuid.
	pub netuid: Netuid,
	/// Its stake at genesis, in base units (0 when absent).
	pub initial_stake: Option<Int<{ U64 }>>,
}

/// The parameter keys; every one is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamKeys {
	/// `half_life`, in blocks.
	pub half_life_blocks: Option<Int<{ U32 }>>,
	/// `cutoff`.
	pub cutoff: Option<Signed>,
	/// `exponent`.
	pub exponent: Option<Decimal>,
	/// `max_share`.
	pub max_share: Option<Fraction>,
	/// `smoothing`.
	pub smoothing: Option<Fraction>,
	/// `update_interval`.
	pub update_interval: Option<Int<{ U32 }>>,
	/// `ema_floor`: absent keeps it, `null` removes it.
	#[serde(default, deserialize_with = "present")]
	pub ema_floor: Option<Option<Signed>>,
	/// `drought`.
	pub drought: Option<DroughtPolicy>,
	/// `debt_cap`.
	pub debt_cap: Option<Int<{ U64 }>>,
	/// `maturity_half_life`.
	pub maturity_half_life: Option<Int<{ U32 }>>,
	/// `min_signal`.
	pub min_signal: Option<Int<{ u128::MAX }>>,
	/// A transition from block 0 (genesis only).
	pub transition: Option<TransitionKeys>,
}

/// A key that is present, `null` included.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
	d: D,
) -> Result<Option<Option<T>>, D::Error> {
	Option::<T>::deserialize(d).map(Some)
}

/// A transition from the stake-based model starting at block 0.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionKeys {
	/// Its window `T` in blocks.
	pub blocks: Int<{ U32 }>,
	/// The legacy shares `o`, by netuid.
	#[serde(default)]
	pub legacy_shares: BTreeMap<Netuid, Fraction>,
}

impl ParamKeys {
	/// Applies the keys given to `params` and checks every bound; on a
	/// violation, the key it is about and the bound.
	pub fn apply(&self, params: &mut Params) -> Result<(), (&'static str, String)> {
		let u32_of = |v: &Option<Int<{ U32 }>>| v.map(Int::u32);
		if let Some(v) = u32_of(&self.half_life_blocks) {
			params.half_life = v;
		}
		if let Some(Signed(v)) = self.cutoff {
			params.cutoff = v;
		}
		if let Some(Decimal(v)) = self.exponent {
			params.exponent = FixedU128::from_inner(v);
		}
		if let Some(Fraction(v)) = self.max_share {
			params.max_share = v;
		}
		if let Some(Fraction(v)) = self.smoothing {
			params.smoothing = v;
		}
		if let Some(v) = u32_of(&self.update_interval) {
			params.update_interval = v;
		}
		if let Some(v) = self.ema_floor {
			params.ema_floor = v.map(|Signed(f)| f);
		}
		if let Some(v) = self.drought {
			params.drought = v;
		}
		if let Some(v) = self.debt_cap {
			params.debt_cap = v.u64();
		}
		if let Some(v) = u32_of(&self.maturity_half_life) {
			params.maturity_half_life = v;
		}
		if let Some(Int(v)) = self.min_signal {
			params.min_signal = v;
		}
		if let Some(t) = &self.transition {
			params.transition_blocks = t.blocks.u32();
		}
		params.validate().map_err(|e| {
			let (key, bound) = invalid_param(e);
			(key, format!("{key} {bound}"))
		})
	}

	/// The transition's legacy shares, if a transition is given.
	pub fn legacy_shares(&self) -> Vec<(u16, sp_arithmetic::Perquintill)> {
		self.transition.iter().flat_map(|t| &t.legacy_shares).map(|(n, f)| (n.0, f.0)).collect()
	}
}

/// The scenario key of the parameter a validation error is about, and what
/// the bound is.
fn invalid_param(e: InvalidParam) -> (&'static str, &'static str) {
	match e {
		InvalidParam::HalfLife => ("half_life_blocks", "must be within [1, 10^8] blocks"),
		InvalidParam::Exponent => ("exponent", "must be within [1, 2]"),
		InvalidParam::MaxShare => ("max_share", "must be above 0"),
		InvalidParam::Smoothing => ("smoothing", "must be above 0"),
		InvalidParam::UpdateInterval => ("update_interval", "must be within [1, 10^6] blocks"),
		InvalidParam::TransitionBlocks => ("transition", "blocks must be at most 10^8"),
		InvalidParam::EmaFloor => ("ema_floor", "must be 0 or negative"),
		InvalidParam::Cutoff => ("cutoff", "must be within [-2^64, 2^64]"),
		InvalidParam::MaturityHalfLife => {
			("maturity_half_life", "must be 0 (off) or within [1, 10^8] blocks")
		}
		InvalidParam::MinSignal => ("min_signal", "must be within [0, 2^64]"),
		InvalidParam::NoneWithCap => ("drought", "\"none\" requires max_share = 1"),
		InvalidParam::NoneWithGate => ("drought", "\"none\" requires min_signal = 0"),
	}
}

/// The events, one layout per `op`. Each names `op` so that the key is
/// known; its value chose the layout.
pub mod event {
	use super::*;

	/// An event's layout: its block, its `op` (whose value chose the
	/// layout) and the given fields, nothing else.
	macro_rules! layout {
		($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
			$(#[$doc])*
			#[derive(Debug, Deserialize)]
			#[serde(deny_unknown_fields)]
			pub struct $name {
				/// The block.
				pub block: Int<{ U32 }>,
				#[serde(rename = "op")]
				_op: IgnoredAny,
				$($(#[$fdoc])* pub $field: $ty,)*
			}
		};
	}

	layout!(
		/// `stake` and `unstake`.
		Transfer {
			/// The subnet.
			netuid: Netuid,
			/// Base units.
			amount: Int<{ U64 }>,
		}
	);
	layout!(
		/// `move`.
		Move {
			/// The source subnet.
			from: Netuid,
			/// The target subnet.
			to: Netuid,
			/// Base units.
			amount: Int<{ U64 }>,
		}
	);
	layout!(
		/// `register` and `dissolve`.
		Subnet {
			/// The subnet.
			netuid: Netuid,
		}
	);
	layout!(
		/// `set_params`.
		SetParams {
			/// The keys to change.
			params: ParamKeys,
		}
	);
}
