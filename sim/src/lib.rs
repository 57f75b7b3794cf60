//! # taoflow-sim
//!
//! Replays a scenario (JSON) through the real Taoflow runtime — its genesis,
//! its extrinsics, its block cycle, natively — and writes what happened block
//! by block: `shares.csv`, `summary.json` and, with `--plot`, SVG charts.
//! The file format and output contract are in the crate's README.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing, clippy::panic)]

pub mod driver;
pub mod plot;
pub mod report;
pub mod scenario;

use std::path::{Path, PathBuf};

/// Runs the scenario at `file` and writes its outputs into `out`. On any
/// error nothing is written to `out`: the outputs are made in a sibling
/// temporary directory and moved in at the end.
pub fn run_file(
	file: &Path,
	out: &Path,
	plot: bool,
	progress: impl FnMut(u32, u32),
) -> Result<(), String> {
	let scenario = scenario::load(file).map_err(|e| e.to_string())?;
	run_scenario(&scenario, &file.display().to_string(), out, plot, progress)
}

/// [`run_file`] for a parsed scenario.
pub fn run_scenario(
	scenario: &scenario::Scenario,
	file: &str,
	out: &Path,
	plot: bool,
	mut progress: impl FnMut(u32, u32),
) -> Result<(), String> {
	let staging = staging_dir(out);
	std::fs::create_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;
	let result = (|| {
		let mut report =
			report::Report::create(&staging, scenario.blocks).map_err(|e| e.to_string())?;
		driver::run(scenario, file, &mut report, |b| progress(b, scenario.blocks))
			.map_err(|e| e.to_string())?;
		report
			.finish(&staging, &scenario.name, scenario.blocks, scenario.block_emission)
			.map_err(|e| e.to_string())?;
		if plot {
			report.plot(&staging, &scenario.name)?;
		}
		std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
		for entry in std::fs::read_dir(&staging).map_err(|e| e.to_string())? {
			let entry = entry.map_err(|e| e.to_string())?;
			let target = out.join(entry.file_name());
			std::fs::rename(entry.path(), &target)
				.map_err(|e| format!("{}: {e}", target.display()))?;
		}
		Ok(())
	})();
	let _ = std::fs::remove_dir_all(&staging);
	result
}

fn staging_dir(out: &Path) -> PathBuf {
	let name =
		out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "out".into());
	let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
	parent.join(format!(".{name}.taoflow-sim-{}", std::process::id()))
}
