//! The runtime API through which clients read Taoflow's state.

use alloc::vec::Vec;

use crate::{NetUid, Params, SubnetInfo};

sp_api::decl_runtime_apis! {
	/// Reads of Taoflow's state for wallets, explorers and the simulator.
	///
	/// The same reads as the pallet's view functions, with the same names,
	/// arguments, results and docs (a runtime test compares the two in the
	/// metadata): clients that call runtime APIs but not view functions,
	/// Polkadot-JS among them, read through this trait.
	///
	/// Version 2 (mechanism version 2): `subnets` returns [`SubnetInfo`]
	/// (with the outflow debt, the matured signal and the signal), `params`
	/// the version-2 [`Params`]; `pending_params` was added. Clients of a
	/// version-1 runtime call the `*_before_version_2` forms.
	#[api_version(2)]
	pub trait TaoflowApi<Balance> where Balance: codec::Codec {
		/// Every tracked subnet: smoothed flow, debt, matured signal, signal,
		/// effective and emitted share.
		fn subnets() -> Vec<SubnetInfo>;
		/// The parameters in force.
		fn params() -> Params;
		/// Parameters accepted by `set_params` and in force from the next
		/// block, if any.
		#[api_version(2)]
		fn pending_params() -> Option<Params>;
		/// The net flow recorded for `netuid` in the current block so far.
		fn pending_flow(netuid: NetUid) -> i128;
		/// Base units `netuid` would receive over the next `blocks` blocks at
		/// its current emitted share and the current block emission; `None`
		/// for an unknown subnet.
		fn projected_emission(netuid: NetUid, blocks: u32) -> Option<Balance>;
		/// Every tracked subnet, as version 1 returned it.
		#[changed_in(2)]
		fn subnets() -> Vec<crate::migrations::v2::v1::SubnetState>;
		/// The parameters, as version 1 returned them.
		#[changed_in(2)]
		fn params() -> crate::migrations::v2::v1::Params;
	}
}
