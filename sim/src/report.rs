//! What a run writes: `shares.csv` as it goes, `summary.json` at the end,
//! and (with `--plot`) the SVG charts.

use std::{
	collections::BTreeMap,
	fs::File,
	io::{BufWriter, Write},
	path::Path,
};

use pallet_taoflow::{math::fixed::FLOW_FRAC_BITS, Params};
use serde_json::{json, Value};
use sp_runtime::Perquintill;

use crate::driver::{Recorder, Row};

/// Most points a chart series keeps (runs are sampled down evenly).
const MAX_POINTS: u32 = 1_000;

/// A share as an exact decimal with 18 fraction digits.
pub fn share_decimal(s: Perquintill) -> String {
	let parts = s.deconstruct();
	format!("{}.{:018}", parts / 1_000_000_000_000_000_000, parts % 1_000_000_000_000_000_000)
}

/// A smoothed flow (80.48 fixed point) as a decimal, rounded to 9 places.
pub fn ema_decimal(bits: i128) -> String {
	let negative = bits < 0;
	let magnitude = bits.unsigned_abs();
	let scale = 1u128 << FLOW_FRAC_BITS;
	let mut int = magnitude >> FLOW_FRAC_BITS;
	let frac = magnitude & (scale - 1);
	// Round the fraction to 9 decimals, half away from zero.
	let mut nine = (frac * 1_000_000_000 + scale / 2) >> FLOW_FRAC_BITS;
	if nine == 1_000_000_000 {
		int += 1;
		nine = 0;
	}
	let sign = if negative && (int > 0 || nine > 0) { "-" } else { "" };
	format!("{sign}{int}.{nine:09}")
}

#[derive(Default)]
struct SubnetStats {
	total: u128,
	min_share: Option<u64>,
	max_share: u64,
	final_share: u64,
	largest_rise: i128,
	last: Option<(u32, u64)>,
	blocks: u32,
	fees: u128,
}

/// One chart series: `(block, value)` at sampled blocks.
type Series = Vec<(u32, f64)>;

/// Writes the CSV while the run goes, and keeps what the summary and the
/// charts need.
pub struct Report {
	csv: BufWriter<File>,
	stats: BTreeMap<u16, SubnetStats>,
	total: u128,
	empty_blocks: u32,
	governance_fees: u128,
	params: Vec<(u32, Params)>,
	stride: u32,
	shares: BTreeMap<u16, Series>,
	emas: BTreeMap<u16, Series>,
	cumulative: BTreeMap<u16, Series>,
}

impl Report {
	/// A report writing `shares.csv` into `dir`, for a run of `blocks` blocks.
	pub fn create(dir: &Path, blocks: u32) -> std::io::Result<Self> {
		let mut csv = BufWriter::new(File::create(dir.join("shares.csv"))?);
		writeln!(csv, "block,netuid,ema,debt,signal,share,emission")?;
		Ok(Self {
			csv,
			stats: BTreeMap::new(),
			total: 0,
			empty_blocks: 0,
			governance_fees: 0,
			params: Vec::new(),
			stride: blocks.div_ceil(MAX_POINTS).max(1),
			shares: BTreeMap::new(),
			emas: BTreeMap::new(),
			cumulative: BTreeMap::new(),
		})
	}

	/// Flushes the CSV and writes `summary.json`.
	pub fn finish(
		&mut self,
		dir: &Path,
		name: &str,
		blocks: u32,
		block_emission: u64,
	) -> std::io::Result<()> {
		self.csv.flush()?;
		let subnets: Vec<Value> = self
			.stats
			.iter()
			.map(|(netuid, s)| {
				json!({
					"netuid": netuid,
					"total_emission": s.total.to_string(),
					"min_share": share_decimal(Perquintill::from_parts(s.min_share.unwrap_or(0))),
					"max_share": share_decimal(Perquintill::from_parts(s.max_share)),
					"final_share": share_decimal(Perquintill::from_parts(s.final_share)),
					"largest_one_block_rise": signed_share(s.largest_rise),
					"blocks_eligible": s.blocks,
					"fees_paid": s.fees.to_string(),
				})
			})
			.collect();
		let params: Vec<Value> = self
			.params
			.iter()
			.map(|(block, p)| json!({ "from_block": block, "params": params_json(p) }))
			.collect();
		let summary = json!({
			"name": name,
			"blocks": blocks,
			"block_emission": block_emission.to_string(),
			"total_emitted": self.total.to_string(),
			"blocks_with_nothing_emitted": self.empty_blocks,
			"governance_fees_paid": self.governance_fees.to_string(),
			"subnets": subnets,
			"params": params,
		});
		let mut f = BufWriter::new(File::create(dir.join("summary.json"))?);
		serde_json::to_writer_pretty(&mut f, &summary)?;
		writeln!(f)?;
		f.flush()
	}

	/// Writes `shares.svg`, `ema.svg` and `emission.svg` into `dir`.
	pub fn plot(&self, dir: &Path, name: &str) -> Result<(), String> {
		let top = self.top_subnets(10);
		let pick = |all: &BTreeMap<u16, Series>| -> Vec<(String, Series)> {
			let mut out: Vec<(String, Series)> = top
				.iter()
				.filter_map(|n| all.get(n).map(|s| (format!("subnet {n}"), s.clone())))
				.collect();
			if all.len() > top.len() {
				out.push((
					format!("{} other subnets (sum)", all.len() - top.len()),
					sum_others(all, &top),
				));
			}
			out
		};
		crate::plot::lines(
			&dir.join("shares.svg"),
			&format!("{name}: effective share per subnet"),
			"share",
			&pick(&self.shares),
		)?;
		let emas: Vec<(String, Series)> = top
			.iter()
			.filter_map(|n| self.emas.get(n).map(|s| (format!("subnet {n}"), s.clone())))
			.collect();
		crate::plot::lines(
			&dir.join("ema.svg"),
			&format!("{name}: smoothed flow (base units per block)"),
			"smoothed flow",
			&emas,
		)?;
		crate::plot::lines(
			&dir.join("emission.svg"),
			&format!("{name}: cumulative emission per subnet (base units)"),
			"emission",
			&pick(&self.cumulative),
		)
	}

	fn top_subnets(&self, k: usize) -> Vec<u16> {
		let mut by_total: Vec<(u128, u16)> =
			self.stats.iter().map(|(n, s)| (s.total, *n)).collect();
		by_total.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
		let mut top: Vec<u16> = by_total.into_iter().take(k).map(|x| x.1).collect();
		top.sort_unstable();
		top
	}
}

fn sum_others(all: &BTreeMap<u16, Series>, top: &[u16]) -> Series {
	let mut sums: BTreeMap<u32, f64> = BTreeMap::new();
	for (n, series) in all {
		if top.contains(n) {
			continue;
		}
		for (b, v) in series {
			*sums.entry(*b).or_default() += v;
		}
	}
	sums.into_iter().collect()
}

fn signed_share(parts: i128) -> String {
	let sign = if parts < 0 { "-" } else { "" };
	let m = parts.unsigned_abs();
	format!("{sign}{}.{:018}", m / 1_000_000_000_000_000_000, m % 1_000_000_000_000_000_000)
}

/// Parameters in the scenario file's own names.
pub fn params_json(p: &Params) -> Value {
	let exponent = p.exponent.into_inner();
	json!({
		"half_life_blocks": p.half_life,
		"cutoff": p.cutoff.to_string(),
		"exponent": format!("{}.{:018}", exponent / 1_000_000_000_000_000_000, exponent % 1_000_000_000_000_000_000),
		"max_share": share_decimal(p.max_share),
		"smoothing": share_decimal(p.smoothing),
		"update_interval": p.update_interval,
		"ema_floor": p.ema_floor.map(|f| f.to_string()),
		"drought": p.drought,
		"debt_cap": p.debt_cap.to_string(),
		"maturity_half_life": p.maturity_half_life,
		"min_signal": p.min_signal.to_string(),
		"transition_blocks": p.transition_blocks,
	})
}

impl Recorder for Report {
	fn block(&mut self, block: u32, rows: &[Row]) -> std::io::Result<()> {
		let mut emitted = 0u128;
		let sample = block.is_multiple_of(self.stride) || block == 1;
		for r in rows {
			writeln!(
				self.csv,
				"{},{},{},{},{},{},{}",
				r.block,
				r.netuid,
				ema_decimal(r.ema_bits),
				r.debt,
				ema_decimal(r.signal_bits),
				share_decimal(r.share),
				r.emission
			)?;
			emitted += r.emission;
			let s = self.stats.entry(r.netuid).or_default();
			let share = r.share.deconstruct();
			s.total += r.emission;
			s.min_share = Some(s.min_share.map_or(share, |m| m.min(share)));
			s.max_share = s.max_share.max(share);
			s.final_share = share;
			s.blocks += 1;
			if let Some((last_block, last_share)) = s.last {
				if last_block + 1 == block {
					s.largest_rise = s.largest_rise.max(i128::from(share) - i128::from(last_share));
				}
			}
			s.last = Some((block, share));
			if sample {
				let total = s.total as f64;
				self.shares
					.entry(r.netuid)
					.or_default()
					.push((block, r.effective.deconstruct() as f64 / 1e18));
				self.emas
					.entry(r.netuid)
					.or_default()
					.push((block, r.ema_bits as f64 / (1u128 << FLOW_FRAC_BITS) as f64));
				self.cumulative.entry(r.netuid).or_default().push((block, total));
			}
		}
		self.total += emitted;
		if emitted == 0 {
			self.empty_blocks += 1;
		}
		Ok(())
	}

	fn fee_paid(&mut self, netuid: Option<u16>, fee: u128) {
		match netuid {
			Some(n) => self.stats.entry(n).or_default().fees += fee,
			None => self.governance_fees += fee,
		}
	}

	fn params_changed(&mut self, block: u32, params: &Params) {
		self.params.push((block, params.clone()));
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn decimals_are_exact() {
		assert_eq!(
			share_decimal(Perquintill::from_parts(250_000_000_000_000_000)),
			"0.250000000000000000"
		);
		assert_eq!(share_decimal(Perquintill::one()), "1.000000000000000000");
		assert_eq!(ema_decimal(5i128 << FLOW_FRAC_BITS), "5.000000000");
		assert_eq!(ema_decimal(-(3i128 << FLOW_FRAC_BITS) / 2), "-1.500000000");
		assert_eq!(ema_decimal(0), "0.000000000");
		assert_eq!(ema_decimal(1), "0.000000000");
	}
}
