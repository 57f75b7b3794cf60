//! The runtime's base weights, measured on this chain by the node's
//! benchmark commands (`scripts/benchmark.sh` regenerates every file here):
//!
//! - [`block_weights`]: executing an empty block (`benchmark overhead`);
//! - [`extrinsic_weights`]: the base of every extrinsic, a `System::remark`
//!   in a full block (`benchmark overhead`);
//! - [`paritydb_weights`]: one storage read and one write on the node's
//!   database, ParityDB (`benchmark storage`).
//!
//! The generated files multiply constants (the workspace's arithmetic lint
//! would reject that) and document struct fields inside an expression
//! (which rustdoc skips); nothing here runs on chain beyond the constants.

#[allow(clippy::arithmetic_side_effects)]
pub mod block_weights;
#[allow(clippy::arithmetic_side_effects)]
pub mod extrinsic_weights;
#[allow(clippy::arithmetic_side_effects, unused_doc_comments)]
pub mod paritydb_weights;
