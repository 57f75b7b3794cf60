//! Test support for the Taoflow runtime, kept out of the runtime crate:
//!
//! - [`Chain`] drives the runtime natively, block by block, through its real
//!   `Executive`: genesis from a preset or a JSON patch, Aura slot digests,
//!   the timestamp inherent, signed extrinsics, and every event of a block.
//! - [`signing`] builds signed extrinsics for the dev accounts and for any
//!   chain (genesis hash, spec and transaction version), as a wallet would.
//!
//! The runtime's integration tests, the end-to-end tests, the simulator and
//! the fuzzers use it. It runs natively only and may panic: a test that
//! cannot set up its chain must fail loudly.

// Test support: a chain that cannot be set up is a failed test.
#![allow(clippy::panic)]

pub mod chain;
pub mod signing;

pub use chain::{BlockOutcome, Chain};
