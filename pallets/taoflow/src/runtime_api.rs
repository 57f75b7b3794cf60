//! The runtime API through which clients read Taoflow's state.

use alloc::vec::Vec;

use crate::{NetUid, Params, SubnetState};

sp_api::decl_runtime_apis! {
	/// Reads of Taoflow's state for wallets, explorers and the simulator.
	pub trait TaoflowApi<Balance> where Balance: codec::Codec {
		/// Every tracked subnet: smoothed flow, effective and emitted share.
		fn subnets() -> Vec<SubnetState>;
		/// The current parameters.
		fn params() -> Params;
		/// The net flow recorded for `netuid` in the current block so far.
		fn pending_flow(netuid: NetUid) -> i128;
		/// Base units `netuid` would receive over the next `blocks` blocks at
		/// its current emitted share and the current block emission.
		fn projected_emission(netuid: NetUid, blocks: u32) -> Option<Balance>;
	}
}
