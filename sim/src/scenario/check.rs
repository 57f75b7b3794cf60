//! A static check of a scenario's events on a model of the subnets and the
//! simulator's stake, so that an event the chain would reject is reported
//! before anything runs.

use std::collections::BTreeMap;

use super::{min_stake, Ctx, Op, Scenario, ScenarioError};

/// Replays the events on a model of the subnets and the simulator's stake,
/// so that an event the chain would reject is reported before anything runs.
pub fn events(file: &str, s: &Scenario) -> Result<(), ScenarioError> {
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
				patch
					.apply(&mut params)
					.map_err(|(key, problem)| ctx.err(&format!("{ep}.params.{key}"), problem))?;
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
