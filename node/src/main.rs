//! `taoflow-node`: a Substrate node running the Taoflow runtime.
//!
//! `taoflow-node --dev` starts a single-validator development chain (Aura with
//! Alice, GRANDPA finality, temporary database, RPC on 127.0.0.1:9944);
//! `--chain local` runs the four-validator local testnet (`--alice`, `--bob`,
//! `--charlie`, `--dave`, peers joined through `--bootnodes`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing, clippy::panic)]
// `sc_cli::Error` is upstream's (large) error type; the node passes it through.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
