//! Configuration of every pallet, one file each.

mod aura_grandpa;
mod balances;
mod emission;
mod subnets;
mod sudo;
mod system;
mod taoflow;
mod timestamp;
mod transaction_payment;

pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
pub use taoflow::{MaxSubnets, SwitchOverParams, SWITCH_OVER_WINDOW};
