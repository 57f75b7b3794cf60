//! `taoflow-sim run SCENARIO.json --out DIR [--plot]`

// A command-line tool, not runtime code: the runtime lints do not apply.
#![allow(clippy::arithmetic_side_effects)]

use std::{io::IsTerminal, path::PathBuf, process::ExitCode, time::Instant};

use clap::{Parser, Subcommand};

/// Replays a scenario through the real Taoflow runtime.
#[derive(Parser)]
#[command(name = "taoflow-sim", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Run a scenario and write shares.csv, summary.json (and charts).
	Run {
		/// The scenario file (JSON).
		scenario: PathBuf,
		/// Where to write the outputs.
		#[arg(long)]
		out: PathBuf,
		/// Also write SVG charts (shares.svg, ema.svg, emission.svg).
		#[arg(long)]
		plot: bool,
	},
}

fn main() -> ExitCode {
	let Command::Run { scenario, out, plot } = Cli::parse().command;
	let started = Instant::now();
	let bar = std::io::stderr().is_terminal();
	let mut last_pct = u32::MAX;
	let result = taoflow_sim::run_file(&scenario, &out, plot, |block, blocks| {
		if !bar || blocks < 200 {
			return;
		}
		let pct = (u64::from(block) * 100 / u64::from(blocks)) as u32;
		if pct != last_pct {
			last_pct = pct;
			let filled = (pct / 2) as usize;
			eprint!(
				"\r[{}{}] {pct:3}% block {block}/{blocks}",
				"#".repeat(filled),
				" ".repeat(50 - filled)
			);
			if block == blocks {
				eprintln!();
			}
		}
	});
	match result {
		Ok(()) => {
			eprintln!("wrote {} in {:.1?}", out.display(), started.elapsed());
			ExitCode::SUCCESS
		}
		Err(e) => {
			eprintln!("{e}");
			ExitCode::FAILURE
		}
	}
}
