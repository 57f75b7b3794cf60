//! The scenario file: parsing with errors that name the file, the JSON path,
//! and what was expected versus found; and a static check of the events
//! (known subnets, stake never negative) before anything runs.

use std::{collections::BTreeMap, fmt, path::Path};

use pallet_taoflow::{params::InvalidParam, DroughtPolicy, Params};
use serde_json::{Map, Value};
use sp_arithmetic::{FixedU128, Perquintill};

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

/// A change of parameters: the keys given, on top of the current ones.
pub type ParamsPatch = Map<String, Value>;

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
		patch: ParamsPatch,
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
}

fn describe(v: &Value) -> String {
	match v {
		Value::Null => "null".into(),
		Value::Bool(b) => format!("boolean {b}"),
		Value::Number(n) => format!("number {n}"),
		Value::String(s) => format!("string \"{s}\""),
		Value::Array(_) => "an array".into(),
		Value::Object(_) => "an object".into(),
	}
}

fn object<'v>(
	ctx: &Ctx,
	path: &str,
	v: &'v Value,
	allowed: &[&str],
) -> Result<&'v Map<String, Value>, ScenarioError> {
	let map = v
		.as_object()
		.ok_or_else(|| ctx.err(path, format!("expected an object, found {}", describe(v))))?;
	if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
		return Err(ctx.err(
			&format!("{path}.{k}"),
			format!("unknown key (expected one of: {})", allowed.join(", ")),
		));
	}
	Ok(map)
}

fn required<'v>(
	ctx: &Ctx,
	path: &str,
	map: &'v Map<String, Value>,
	key: &str,
) -> Result<&'v Value, ScenarioError> {
	map.get(key).ok_or_else(|| ctx.err(&format!("{path}.{key}"), "missing"))
}

/// The text of a number given as a JSON string or number; `what` names the
/// expected kind in the error.
fn number_text(ctx: &Ctx, path: &str, v: &Value, what: &str) -> Result<String, ScenarioError> {
	match v {
		Value::String(s) => Ok(s.clone()),
		Value::Number(n) => Ok(n.to_string()),
		other => Err(
			ctx.err(path, format!("expected {what} (string or number), found {}", describe(other)))
		),
	}
}

/// A non-negative integer given as a JSON string or number.
fn integer(ctx: &Ctx, path: &str, v: &Value, max: u128) -> Result<u128, ScenarioError> {
	let text = number_text(ctx, path, v, "a non-negative integer")?;
	if text.starts_with('-') {
		return Err(
			ctx.err(path, format!("expected a non-negative integer, found {}", describe(v)))
		);
	}
	let n: u128 = text.parse().map_err(|_| {
		ctx.err(path, format!("expected a non-negative integer, found {}", describe(v)))
	})?;
	if n > max {
		return Err(ctx.err(path, format!("expected at most {max}, found {n}")));
	}
	Ok(n)
}

/// A signed integer given as a JSON string or number.
fn signed(ctx: &Ctx, path: &str, v: &Value) -> Result<i128, ScenarioError> {
	let text = number_text(ctx, path, v, "an integer")?;
	text.parse().map_err(|_| ctx.err(path, format!("expected an integer, found {}", describe(v))))
}

/// A decimal in `[0, ∞)` as (integer part, 18-digit fraction).
fn decimal(ctx: &Ctx, path: &str, v: &Value) -> Result<u128, ScenarioError> {
	let text = number_text(ctx, path, v, "a decimal")?;
	let bad = || {
		ctx.err(
			path,
			format!(
				"expected a non-negative decimal with at most 18 fraction digits, found {}",
				describe(v)
			),
		)
	};
	let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
	if int.is_empty()
		|| !int.bytes().all(|b| b.is_ascii_digit())
		|| !frac.bytes().all(|b| b.is_ascii_digit())
		|| frac.len() > 18
	{
		return Err(bad());
	}
	let int: u128 = int.parse().map_err(|_| bad())?;
	let frac_parts: u128 =
		if frac.is_empty() { 0 } else { format!("{frac:0<18}").parse().map_err(|_| bad())? };
	int.checked_mul(1_000_000_000_000_000_000)
		.and_then(|i| i.checked_add(frac_parts))
		.ok_or_else(bad)
}

fn fraction(ctx: &Ctx, path: &str, v: &Value) -> Result<Perquintill, ScenarioError> {
	let parts = decimal(ctx, path, v)?;
	if parts > 1_000_000_000_000_000_000 {
		return Err(ctx.err(path, format!("expected a fraction in [0, 1], found {}", describe(v))));
	}
	Ok(Perquintill::from_parts(parts as u64))
}

fn netuid(ctx: &Ctx, path: &str, v: &Value) -> Result<u16, ScenarioError> {
	let n = integer(ctx, path, v, u128::from(u16::MAX))?;
	if n == 0 {
		return Err(ctx.err(path, "netuid 0 is reserved; subnets start at 1"));
	}
	Ok(n as u16)
}

/// The parameter keys of a scenario, in file names.
pub const PARAM_KEYS: &[&str] = &[
	"half_life_blocks",
	"cutoff",
	"exponent",
	"max_share",
	"smoothing",
	"update_interval",
	"ema_floor",
	"drought",
	"debt_cap",
	"maturity_half_life",
	"min_signal",
	"transition",
];

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

/// Applies the parameter keys of `map` (at `path`) to `params`; returns the
/// transition's legacy shares if given.
pub fn apply_params(
	file: &str,
	path: &str,
	map: &Map<String, Value>,
	params: &mut Params,
	allow_transition: bool,
) -> Result<Option<Vec<(u16, Perquintill)>>, ScenarioError> {
	let ctx = Ctx { file };
	let keys: Vec<&str> =
		PARAM_KEYS.iter().copied().filter(|k| allow_transition || *k != "transition").collect();
	object(&ctx, path, &Value::Object(map.clone()), &keys)?;
	let p = |k: &str| format!("{path}.{k}");
	if let Some(v) = map.get("half_life_blocks") {
		params.half_life = integer(&ctx, &p("half_life_blocks"), v, u128::from(u32::MAX))? as u32;
	}
	if let Some(v) = map.get("cutoff") {
		params.cutoff = signed(&ctx, &p("cutoff"), v)?;
	}
	if let Some(v) = map.get("exponent") {
		params.exponent = FixedU128::from_inner(decimal(&ctx, &p("exponent"), v)?);
	}
	if let Some(v) = map.get("max_share") {
		params.max_share = fraction(&ctx, &p("max_share"), v)?;
	}
	if let Some(v) = map.get("smoothing") {
		params.smoothing = fraction(&ctx, &p("smoothing"), v)?;
	}
	if let Some(v) = map.get("update_interval") {
		params.update_interval =
			integer(&ctx, &p("update_interval"), v, u128::from(u32::MAX))? as u32;
	}
	if let Some(v) = map.get("ema_floor") {
		params.ema_floor = if v.is_null() { None } else { Some(signed(&ctx, &p("ema_floor"), v)?) };
	}
	if let Some(v) = map.get("drought") {
		params.drought = match v.as_str() {
			Some("none") => DroughtPolicy::EmitNothing,
			Some("equal") => DroughtPolicy::Equal,
			Some("keep_last") => DroughtPolicy::KeepLast,
			Some("stake") => DroughtPolicy::Stake,
			_ => {
				return Err(ctx.err(
					&p("drought"),
					format!(
						"expected one of \"none\", \"equal\", \"keep_last\", \"stake\", found {}",
						describe(v)
					),
				))
			}
		};
	}
	if let Some(v) = map.get("debt_cap") {
		params.debt_cap = integer(&ctx, &p("debt_cap"), v, u128::from(u64::MAX))? as u64;
	}
	if let Some(v) = map.get("maturity_half_life") {
		params.maturity_half_life =
			integer(&ctx, &p("maturity_half_life"), v, u128::from(u32::MAX))? as u32;
	}
	if let Some(v) = map.get("min_signal") {
		params.min_signal = integer(&ctx, &p("min_signal"), v, u128::MAX)?;
	}
	let mut legacy = None;
	if let Some(v) = map.get("transition") {
		let tp = p("transition");
		let t = object(&ctx, &tp, v, &["blocks", "legacy_shares"])?;
		params.transition_blocks = integer(
			&ctx,
			&format!("{tp}.blocks"),
			required(&ctx, &tp, t, "blocks")?,
			u128::from(u32::MAX),
		)? as u32;
		let mut shares = Vec::new();
		if let Some(ls) = t.get("legacy_shares") {
			let lp = format!("{tp}.legacy_shares");
			let m = ls.as_object().ok_or_else(|| {
				ctx.err(
					&lp,
					format!("expected an object of netuid → share, found {}", describe(ls)),
				)
			})?;
			for (k, v) in m {
				let kp = format!("{lp}.{k}");
				let n: u16 = k
					.parse()
					.ok()
					.filter(|n| *n > 0)
					.ok_or_else(|| ctx.err(&kp, "expected a netuid ≥ 1 as key"))?;
				shares.push((n, fraction(&ctx, &kp, v)?));
			}
		}
		legacy = Some(shares);
	}
	if let Err(e) = params.validate() {
		let (key, bound) = invalid_param(e);
		return Err(ctx.err(&p(key), format!("{key} {bound}")));
	}
	Ok(legacy)
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
	let root: Value = serde_json::from_str(text).map_err(|e| {
		ctx.err("$", format!("malformed JSON at line {}, column {}: {e}", e.line(), e.column()))
	})?;
	let top = object(
		&ctx,
		"$",
		&root,
		&["name", "blocks", "block_emission", "subnets", "params", "events"],
	)?;

	let name = match top.get("name") {
		None => String::from("unnamed"),
		Some(Value::String(s)) => s.clone(),
		Some(v) => {
			return Err(ctx.err("$.name", format!("expected a string, found {}", describe(v))))
		}
	};
	let blocks = integer(&ctx, "$.blocks", required(&ctx, "$", top, "blocks")?, 10_000_000)? as u32;
	if blocks == 0 {
		return Err(ctx.err("$.blocks", "expected at least 1 block, found 0"));
	}
	let block_emission = integer(
		&ctx,
		"$.block_emission",
		required(&ctx, "$", top, "block_emission")?,
		u128::from(u64::MAX),
	)? as u64;

	let mut subnets = Vec::new();
	let sv = required(&ctx, "$", top, "subnets")?;
	let list = sv.as_array().ok_or_else(|| {
		ctx.err("$.subnets", format!("expected an array, found {}", describe(sv)))
	})?;
	for (i, s) in list.iter().enumerate() {
		let sp = format!("$.subnets[{i}]");
		let m = object(&ctx, &sp, s, &["netuid", "initial_stake"])?;
		let n = netuid(&ctx, &format!("{sp}.netuid"), required(&ctx, &sp, m, "netuid")?)?;
		if subnets.iter().any(|g: &GenesisSubnet| g.netuid == n) {
			return Err(ctx.err(&format!("{sp}.netuid"), format!("netuid {n} is listed twice")));
		}
		let stake = match m.get("initial_stake") {
			Some(v) => {
				integer(&ctx, &format!("{sp}.initial_stake"), v, u128::from(u64::MAX))? as u64
			}
			None => 0,
		};
		subnets.push(GenesisSubnet { netuid: n, initial_stake: stake });
	}

	let mut params = Params::default();
	let mut legacy_shares = Vec::new();
	if let Some(pv) = top.get("params") {
		let m = pv.as_object().ok_or_else(|| {
			ctx.err("$.params", format!("expected an object, found {}", describe(pv)))
		})?;
		if let Some(l) = apply_params(file, "$.params", m, &mut params, true)? {
			legacy_shares = l;
		}
	}

	let mut events = Vec::new();
	if let Some(ev) = top.get("events") {
		let list = ev.as_array().ok_or_else(|| {
			ctx.err("$.events", format!("expected an array, found {}", describe(ev)))
		})?;
		for (i, e) in list.iter().enumerate() {
			let ep = format!("$.events[{i}]");
			let m = e.as_object().ok_or_else(|| {
				ctx.err(&ep, format!("expected an object, found {}", describe(e)))
			})?;
			let op_name = match m.get("op") {
				Some(Value::String(s)) => s.as_str(),
				Some(v) => {
					return Err(ctx.err(
						&format!("{ep}.op"),
						format!("expected a string, found {}", describe(v)),
					))
				}
				None => return Err(ctx.err(&format!("{ep}.op"), "missing")),
			};
			let allowed: &[&str] = match op_name {
				"stake" | "unstake" => &["block", "op", "netuid", "amount"],
				"move" => &["block", "op", "from", "to", "amount"],
				"register" | "dissolve" => &["block", "op", "netuid"],
				"set_params" => &["block", "op", "params"],
				other => return Err(ctx.err(&format!("{ep}.op"), format!("expected one of \"stake\", \"unstake\", \"move\", \"register\", \"dissolve\", \"set_params\", found \"{other}\""))),
			};
			object(&ctx, &ep, e, allowed)?;
			let block = integer(
				&ctx,
				&format!("{ep}.block"),
				required(&ctx, &ep, m, "block")?,
				u128::from(blocks),
			)? as u32;
			if block == 0 {
				return Err(
					ctx.err(&format!("{ep}.block"), "expected a block in 1..=blocks, found 0")
				);
			}
			let f = |k: &str| format!("{ep}.{k}");
			let amount = |ctx: &Ctx| -> Result<u64, ScenarioError> {
				Ok(integer(
					ctx,
					&f("amount"),
					required(ctx, &ep, m, "amount")?,
					u128::from(u64::MAX),
				)? as u64)
			};
			let op = match op_name {
				"stake" => Op::Stake {
					netuid: netuid(&ctx, &f("netuid"), required(&ctx, &ep, m, "netuid")?)?,
					amount: amount(&ctx)?,
				},
				"unstake" => Op::Unstake {
					netuid: netuid(&ctx, &f("netuid"), required(&ctx, &ep, m, "netuid")?)?,
					amount: amount(&ctx)?,
				},
				"move" => Op::Move {
					from: netuid(&ctx, &f("from"), required(&ctx, &ep, m, "from")?)?,
					to: netuid(&ctx, &f("to"), required(&ctx, &ep, m, "to")?)?,
					amount: amount(&ctx)?,
				},
				"register" => Op::Register {
					netuid: netuid(&ctx, &f("netuid"), required(&ctx, &ep, m, "netuid")?)?,
				},
				"dissolve" => Op::Dissolve {
					netuid: netuid(&ctx, &f("netuid"), required(&ctx, &ep, m, "netuid")?)?,
				},
				_ => {
					let pv = required(&ctx, &ep, m, "params")?;
					let pm = pv.as_object().ok_or_else(|| {
						ctx.err(&f("params"), format!("expected an object, found {}", describe(pv)))
					})?;
					Op::SetParams { patch: pm.clone() }
				}
			};
			events.push(Event { block, op, index: i });
		}
	}
	events.sort_by_key(|e| (e.block, e.index));
	let scenario =
		Scenario { name, blocks, block_emission, subnets, params, legacy_shares, events };
	check_events(file, &scenario)?;
	Ok(scenario)
}

/// The smallest stake amount the runtime accepts (and the smallest stake it
/// lets remain).
pub fn min_stake() -> u64 {
	<taoflow_runtime::Runtime as pallet_subnets::Config>::MinStake::get()
}

/// Replays the events on a model of the subnets and the simulator's stake,
/// so that an event the chain would reject is reported before anything runs.
fn check_events(file: &str, s: &Scenario) -> Result<(), ScenarioError> {
	let ctx = Ctx { file };
	let min = u128::from(min_stake());
	for (i, g) in s.subnets.iter().enumerate() {
		if g.initial_stake != 0 && u128::from(g.initial_stake) < min {
			return Err(ctx.err(
				&format!("$.subnets[{i}].initial_stake"),
				format!(
					"expected 0 or at least the chain's minimum stake {min}, found {}",
					g.initial_stake
				),
			));
		}
	}
	// netuid → (live, staked by the simulator)
	let mut subnets: BTreeMap<u16, (bool, u128)> =
		s.subnets.iter().map(|g| (g.netuid, (true, u128::from(g.initial_stake)))).collect();
	let mut params = s.params.clone();
	for e in &s.events {
		let ep = format!("$.events[{}]", e.index);
		let live = |subnets: &BTreeMap<u16, (bool, u128)>,
		            n: u16,
		            key: &str|
		 -> Result<(), ScenarioError> {
			match subnets.get(&n) {
				Some((true, _)) => Ok(()),
				Some((false, _)) => Err(ctx.err(
					&format!("{ep}.{key}"),
					format!("subnet {n} is dissolved at block {}", e.block),
				)),
				None => Err(ctx.err(
					&format!("{ep}.{key}"),
					format!("unknown subnet {n} at block {}", e.block),
				)),
			}
		};
		let staked =
			|subnets: &BTreeMap<u16, (bool, u128)>, n: u16| subnets.get(&n).map_or(0, |x| x.1);
		let small = |amount: u64| -> Result<(), ScenarioError> {
			if u128::from(amount) < min {
				return Err(ctx.err(
					&format!("{ep}.amount"),
					format!("expected at least the chain's minimum stake {min}, found {amount}"),
				));
			}
			Ok(())
		};
		let remainder = |have: u128, amount: u64| -> Result<(), ScenarioError> {
			let left = have - u128::from(amount);
			if left != 0 && left < min {
				return Err(ctx.err(&format!("{ep}.amount"), format!("would leave {left} staked, below the chain's minimum stake {min} (leave 0 or at least {min})")));
			}
			Ok(())
		};
		match &e.op {
			Op::Stake { netuid, amount } => {
				live(&subnets, *netuid, "netuid")?;
				small(*amount)?;
			}
			Op::Unstake { netuid, amount } => {
				if !subnets.contains_key(netuid) {
					return Err(ctx.err(
						&format!("{ep}.netuid"),
						format!("unknown subnet {netuid} at block {}", e.block),
					));
				}
				let have = staked(&subnets, *netuid);
				if u128::from(*amount) > have {
					return Err(ctx.err(&format!("{ep}.amount"), format!("unstake of {amount} exceeds the {have} staked in subnet {netuid} at block {}", e.block)));
				}
				small(*amount)?;
				remainder(have, *amount)?;
			}
			Op::Move { from, to, amount } => {
				if from == to {
					return Err(ctx.err(
						&format!("{ep}.to"),
						format!("a move needs two different subnets, found {from} twice"),
					));
				}
				if !subnets.contains_key(from) {
					return Err(ctx.err(
						&format!("{ep}.from"),
						format!("unknown subnet {from} at block {}", e.block),
					));
				}
				live(&subnets, *to, "to")?;
				let have = staked(&subnets, *from);
				if u128::from(*amount) > have {
					return Err(ctx.err(&format!("{ep}.amount"), format!("move of {amount} exceeds the {have} staked in subnet {from} at block {}", e.block)));
				}
				small(*amount)?;
				remainder(have, *amount)?;
			}
			Op::Register { netuid } => {
				let lowest = (1..=u16::MAX).find(|n| !subnets.contains_key(n)).unwrap_or(0);
				if *netuid != lowest {
					return Err(ctx.err(
						&format!("{ep}.netuid"),
						format!("the chain assigns the lowest free netuid, {lowest}, not {netuid}"),
					));
				}
			}
			Op::Dissolve { netuid } => live(&subnets, *netuid, "netuid")?,
			Op::SetParams { patch } => {
				apply_params(file, &format!("{ep}.params"), patch, &mut params, false)?;
			}
		}
		// Apply the event to the model.
		match &e.op {
			Op::Stake { netuid, amount } => {
				if let Some(x) = subnets.get_mut(netuid) {
					x.1 += u128::from(*amount);
				}
			}
			Op::Unstake { netuid, amount } => {
				if let Some(x) = subnets.get_mut(netuid) {
					x.1 -= u128::from(*amount);
					if !x.0 && x.1 == 0 {
						subnets.remove(netuid);
					}
				}
			}
			Op::Move { from, to, amount } => {
				if let Some(x) = subnets.get_mut(from) {
					x.1 -= u128::from(*amount);
				}
				if let Some(x) = subnets.get_mut(to) {
					x.1 += u128::from(*amount);
				}
				if subnets.get(from).is_some_and(|x| !x.0 && x.1 == 0) {
					subnets.remove(from);
				}
			}
			Op::Register { netuid } => {
				subnets.insert(*netuid, (true, 0));
			}
			Op::Dissolve { netuid } => {
				if let Some(x) = subnets.get_mut(netuid) {
					x.0 = false;
					if x.1 == 0 {
						subnets.remove(netuid);
					}
				}
			}
			Op::SetParams { .. } => {}
		}
	}
	Ok(())
}
