//! The scenario file: read with serde into typed keys ([`keys`]), with
//! errors that name the file, the JSON path, and what was expected versus
//! found; then a static check of the events (known subnets, stake never
//! negative) before anything runs ([`check`]).

use std::{fmt, path::Path};

use pallet_taoflow::Params;
use serde::de::DeserializeOwned;
use sp_arithmetic::Perquintill;

mod check;
pub mod keys;
pub mod values;

pub use keys::ParamKeys;

/// A scenario error: `file: $.path: problem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
	/// The file.
	pub file: String,
	/// JSON path of the offending value (`$` is the root).
	pub path: String,
	/// What is wrong.
	pub problem: String,
}

impl fmt::Display for ScenarioError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}: {}: {}", self.file, self.path, self.problem)
	}
}

impl std::error::Error for ScenarioError {}

/// A subnet registered at genesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenesisSubnet {
	/// Its netuid (≥ 1).
	pub netuid: u16,
	/// Stake at genesis (not a flow), owned by the simulator's staker.
	pub initial_stake: u64,
}

/// One event of the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
	/// Stake `amount` into `netuid`.
	Stake {
		/// Subnet.
		netuid: u16,
		/// Base units.
		amount: u64,
	},
	/// Unstake `amount` from `netuid`.
	Unstake {
		/// Subnet.
		netuid: u16,
		/// Base units.
		amount: u64,
	},
	/// Move `amount` of stake from `from` to `to`.
	Move {
		/// Source subnet.
		from: u16,
		/// Target subnet.
		to: u16,
		/// Base units.
		amount: u64,
	},
	/// Register a subnet; the chain must assign `netuid`.
	Register {
		/// The netuid the chain is expected to assign.
		netuid: u16,
	},
	/// Dissolve `netuid`.
	Dissolve {
		/// Subnet.
		netuid: u16,
	},
	/// Change parameters through the governance call.
	SetParams {
		/// The keys to change.
		patch: Box<ParamKeys>,
	},
}

/// An event at a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
	/// Block (1..=blocks) whose extrinsics apply it.
	pub block: u32,
	/// What happens.
	pub op: Op,
	/// Index in the file's `events` array.
	pub index: usize,
}

/// A parsed scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
	/// Name.
	pub name: String,
	/// Number of blocks to run.
	pub blocks: u32,
	/// Emission per block.
	pub block_emission: u64,
	/// Genesis subnets.
	pub subnets: Vec<GenesisSubnet>,
	/// Parameters at genesis.
	pub params: Params,
	/// Legacy shares of a transition from block 0 (with `params.transition_blocks`).
	pub legacy_shares: Vec<(u16, Perquintill)>,
	/// Events, ordered by block then file order.
	pub events: Vec<Event>,
}

/// The operations an event can name.
const OPS: &str = "\"stake\", \"unstake\", \"move\", \"register\", \"dissolve\", \"set_params\"";

/// Builds errors for one file.
struct Ctx<'a> {
	file: &'a str,
}

impl Ctx<'_> {
	fn err(&self, path: &str, problem: impl Into<String>) -> ScenarioError {
		ScenarioError {
			file: self.file.to_string(),
			path: path.to_string(),
			problem: problem.into(),
		}
	}

	/// A serde error at `inner` below `base`, in the file's words: the path
	/// reaches the offending key, and type errors read "expected …, found …".
	fn serde(
		&self,
		base: &str,
		inner: &serde_path_to_error::Path,
		e: &serde_json::Error,
	) -> ScenarioError {
		let mut path = match inner.to_string().as_str() {
			"." => base.to_string(),
			p if p.starts_with('[') => format!("{base}{p}"),
			p => format!("{base}.{p}"),
		};
		let mut message = e.to_string();
		// serde_json appends the position for text input; the path says where.
		if let Some(at) = message.rfind(" at line ") {
			message.truncate(at);
		}
		let key = |m: &str| m.split('`').nth(1).unwrap_or_default().to_string();
		let problem = if let Some(rest) = message.strip_prefix("unknown field ") {
			let k = key(rest);
			if !path.ends_with(&format!(".{k}")) {
				path = format!("{path}.{k}");
			}
			let allowed = rest.split_once("expected one of ").map_or("", |(_, a)| a);
			format!("unknown key (expected one of: {})", allowed.replace('`', ""))
		} else if let Some(rest) = message.strip_prefix("missing field ") {
			path = format!("{path}.{}", key(rest));
			"missing".to_string()
		} else if let Some((found, expected)) =
			message.strip_prefix("invalid type: ").and_then(|m| m.split_once(", expected "))
		{
			format!("expected {expected}, found {found}")
		} else {
			message
		};
		self.err(&path, problem)
	}

	/// Deserialises `value` (at `path`) into `T`.
	fn read<T: DeserializeOwned>(
		&self,
		path: &str,
		value: &serde_json::Value,
	) -> Result<T, ScenarioError> {
		serde_path_to_error::deserialize(value).map_err(|e| self.serde(path, e.path(), e.inner()))
	}
}

/// Reads and checks a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
	let file = path.display().to_string();
	let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
		file: file.clone(),
		path: "$".into(),
		problem: format!("cannot read: {e}"),
	})?;
	parse(&file, &text)
}

/// Parses and checks a scenario given as text.
pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
	let ctx = Ctx { file };
	let mut json = serde_json::Deserializer::from_str(text);
	let top: keys::FileKeys = serde_path_to_error::deserialize(&mut json).map_err(|e| {
		let inner = e.inner();
		if inner.is_syntax() || inner.is_eof() {
			let at = format!("line {}, column {}", inner.line(), inner.column());
			ctx.err("$", format!("malformed JSON at {at}: {inner}"))
		} else {
			ctx.serde("$", e.path(), inner)
		}
	})?;
	json.end().map_err(|e| ctx.err("$", format!("malformed JSON: {e}")))?;

	let blocks = top.blocks.u32();
	if blocks == 0 {
		return Err(ctx.err("$.blocks", "expected at least 1 block, found 0"));
	}
	let mut subnets: Vec<GenesisSubnet> = Vec::new();
	for (i, s) in top.subnets.iter().enumerate() {
		let netuid = s.netuid.0;
		if subnets.iter().any(|g| g.netuid == netuid) {
			return Err(ctx.err(
				&format!("$.subnets[{i}].netuid"),
				format!("netuid {netuid} is listed twice"),
			));
		}
		subnets
			.push(GenesisSubnet { netuid, initial_stake: s.initial_stake.map_or(0, |v| v.u64()) });
	}
	let mut params = Params::default();
	top.params
		.apply(&mut params)
		.map_err(|(key, problem)| ctx.err(&format!("$.params.{key}"), problem))?;

	let mut events = Vec::new();
	for (index, value) in top.events.iter().enumerate() {
		let ep = format!("$.events[{index}]");
		let op = match value.get("op") {
			Some(serde_json::Value::String(op)) => op.as_str(),
			Some(other) => {
				return Err(
					ctx.err(&format!("{ep}.op"), format!("expected a string, found {other}"))
				)
			}
			None if value.is_object() => return Err(ctx.err(&format!("{ep}.op"), "missing")),
			None => return Err(ctx.err(&ep, format!("expected an object, found {value}"))),
		};
		let (block, op) = match op {
			"stake" | "unstake" => {
				let e: keys::event::Transfer = ctx.read(&ep, value)?;
				let (netuid, amount) = (e.netuid.0, e.amount.u64());
				let op = if op == "stake" {
					Op::Stake { netuid, amount }
				} else {
					Op::Unstake { netuid, amount }
				};
				(e.block, op)
			}
			"move" => {
				let e: keys::event::Move = ctx.read(&ep, value)?;
				(e.block, Op::Move { from: e.from.0, to: e.to.0, amount: e.amount.u64() })
			}
			"register" | "dissolve" => {
				let e: keys::event::Subnet = ctx.read(&ep, value)?;
				let netuid = e.netuid.0;
				let op = if op == "register" {
					Op::Register { netuid }
				} else {
					Op::Dissolve { netuid }
				};
				(e.block, op)
			}
			"set_params" => {
				let e: keys::event::SetParams = ctx.read(&ep, value)?;
				if e.params.transition.is_some() {
					return Err(ctx.err(
						&format!("{ep}.params.transition"),
						"unknown key (a transition starts at genesis only)",
					));
				}
				(e.block, Op::SetParams { patch: Box::new(e.params) })
			}
			other => {
				return Err(ctx
					.err(&format!("{ep}.op"), format!("expected one of {OPS}, found \"{other}\"")))
			}
		};
		let block = block.u32();
		if block == 0 || block > blocks {
			return Err(ctx.err(
				&format!("{ep}.block"),
				format!("expected a block in 1..={blocks}, found {block}"),
			));
		}
		events.push(Event { block, op, index });
	}
	events.sort_by_key(|e| (e.block, e.index));
	let legacy_shares = top.params.legacy_shares();
	let scenario = Scenario {
		name: top.name.unwrap_or_else(|| "unnamed".into()),
		blocks,
		block_emission: top.block_emission.u64(),
		subnets,
		params,
		legacy_shares,
		events,
	};
	check::events(file, &scenario)?;
	Ok(scenario)
}

/// The smallest stake amount the runtime accepts (and the smallest stake it
/// lets remain).
pub fn min_stake() -> u64 {
	<taoflow_runtime::Runtime as pallet_subnets::Config>::MinStake::get()
}
