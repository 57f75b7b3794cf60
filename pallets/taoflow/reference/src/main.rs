//! The model's check of one block, for clients written in other languages:
//!
//! ```text
//! taoflow-reference deviation PARAMS BEFORE FLOWS AFTER
//! ```
//!
//! Each argument is the SCALE encoding, in hex (`0x` optional), of what a
//! client read from the chain: `PARAMS` the parameters in force during the
//! later block (`TaoflowApi::params`), `BEFORE` and `AFTER` the subnets after
//! two consecutive blocks (`TaoflowApi::subnets`), `FLOWS` the flow ledger at
//! the end of the earlier block (`Taoflow::FlowLedger`). It prints one JSON
//! object: the deviation from the model (see [`taoflow_reference::Deviation`])
//! with `ok`, and the `AFTER` subnets as it decoded them, so that the client
//! can compare its own decoding. Exit status 2 on bad input.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use codec::Decode;
use pallet_taoflow::{NetUid, Params, SubnetInfo};
use taoflow_reference::{deviation, fraction};

fn decode<T: Decode>(what: &str, text: &str) -> T {
	let bytes = hex::decode(text.trim_start_matches("0x")).unwrap_or_else(|e| {
		eprintln!("{what}: not hex: {e}");
		std::process::exit(2)
	});
	T::decode(&mut bytes.as_slice()).unwrap_or_else(|e| {
		eprintln!("{what}: not a SCALE-encoded {}: {e}", std::any::type_name::<T>());
		std::process::exit(2)
	})
}

fn main() {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let [command, params, before, flows, after] = args.as_slice() else {
		eprintln!("usage: taoflow-reference deviation PARAMS BEFORE FLOWS AFTER (SCALE hex each)");
		std::process::exit(2)
	};
	if command != "deviation" {
		eprintln!("unknown command {command:?}; the one command is `deviation`");
		std::process::exit(2)
	}
	let params: Params = decode("PARAMS", params);
	let before: Vec<SubnetInfo> = decode("BEFORE", before);
	let flows: Vec<(NetUid, i128)> = decode("FLOWS", flows);
	let after: Vec<SubnetInfo> = decode("AFTER", after);
	let d = deviation(&params, &before, &flows, &after);
	let subnets: Vec<String> = after
		.iter()
		.map(|s| {
			format!(
				"{{\"netuid\":{},\"ema\":{},\"debt\":{},\"matured\":{},\"effective_share\":{},\"emitted_share\":{},\"eligible\":{}}}",
				s.netuid,
				s.ema.to_f64(),
				s.debt,
				s.matured.to_f64(),
				fraction(s.effective_share),
				fraction(s.emitted_share),
				s.eligible
			)
		})
		.collect();
	println!(
		"{{\"ok\":{},\"state\":{},\"debt_mismatches\":{},\"shares\":{},\"eligible\":{},\"after\":[{}]}}",
		d.ok(),
		d.state,
		d.debt_mismatches,
		d.shares,
		d.eligible,
		subnets.join(",")
	);
}
