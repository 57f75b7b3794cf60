//! What the runtime's integration tests share: one block, checked against
//! the `f64` model of the mechanism and (with `try-runtime`) every pallet's
//! `try_state`.

use taoflow_reference::deviation;
use taoflow_runtime::{Runtime, Taoflow, UncheckedExtrinsic};
use taoflow_runtime_test_utils::{BlockOutcome, Chain};

/// Produces a block with `xts` and asserts that its §2 state (`S`, `Q`, `M`)
/// and effective shares are those of the mechanism under the parameters in
/// force during its `on_initialize` (an independent `f64` model: `Q`
/// exactly, the rest within 1e-9), and that every pallet's invariants hold.
pub fn checked_block(chain: &mut Chain, xts: Vec<UncheckedExtrinsic>) -> BlockOutcome {
	// The parameters in force during the block's `on_initialize`, the state
	// it starts from and the flows it folds.
	let (params, before, flows) = chain.execute_with(|| {
		let params = Taoflow::pending_params().unwrap_or_else(Taoflow::params);
		(params, Taoflow::subnets(), pallet_taoflow::FlowLedger::<Runtime>::get().into_inner())
	});
	let out = chain.produce_block(xts);
	let after = chain.execute_with(Taoflow::subnets);
	let d = deviation(&params, &before, &flows, &after);
	assert!(d.ok(), "block {}: off the mechanism: {d:?}", out.number);
	#[cfg(feature = "try-runtime")]
	chain.execute_with(|| {
		use frame_support::traits::{TryState, TryStateSelect};
		let n = frame_system::Pallet::<Runtime>::block_number();
		taoflow_runtime::AllPalletsWithSystem::try_state(n, TryStateSelect::All)
			.expect("try_state");
	});
	out
}
