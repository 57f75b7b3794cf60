//! A runtime upgrade on the running dev chain: `sudo(set_code)` with the same
//! runtime built with `spec_version + 1` is enacted, blocks continue, and
//! Taoflow's state is preserved.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

use std::time::Duration;

use subxt_signer::sr25519::dev;
use taoflow_e2e::{
	scenario,
	taoflow::{
		self,
		runtime_types::{
			frame_system::pallet::Call as SystemCall, taoflow_runtime::construct::RuntimeCall,
		},
		sudo,
	},
	Node, TempDir,
};
use taoflow_runtime::TAO;

const TIMEOUT: Duration = Duration::from_secs(90);

#[test]
fn set_code_upgrade_keeps_taoflow_state() {
	scenario(|| {
		let code = taoflow_e2e::upgrade::WASM_BINARY.expect("upgrade blob built").to_vec();
		let current = taoflow_runtime::WASM_BINARY.expect("the runtime's blob");
		assert_ne!(code, current, "the upgrade blob differs from the runtime's");
		let base = TempDir::new("upgrade");
		let mut node = Node::start_dev("upgrade", &base, &[]);
		let client = node.wait_rpc(TIMEOUT);
		client.wait_best(2, TIMEOUT);
		let (spec_before, _) = client.runtime_version();

		// Some Taoflow state worth preserving: a flow into subnet 2.
		let st =
			client.execute(&dev::bob(), &taoflow::transactions().subnets().add_stake(2, 500 * TAO));
		assert!(st.result.is_ok(), "{:?}", st.result);
		client.wait_best(st.number + 1, TIMEOUT);
		let subnets_before = client.taoflow_subnets(None);
		let params_before = client.taoflow_params(None);
		assert!(subnets_before.iter().any(|s| s.netuid == 2 && s.ema.to_f64() > 0.0));

		let set_code = RuntimeCall::System(SystemCall::set_code { code });
		let up = client.execute(&dev::alice(), &taoflow::transactions().sudo().sudo(set_code));
		assert!(up.result.is_ok(), "{:?}", up.events);
		let sudid = up
			.events
			.iter()
			.any(|e| matches!(e, taoflow::Event::Sudo(sudo::Event::Sudid { sudo_result: Ok(()) })));
		assert!(sudid, "set_code dispatched without error: {:?}", up.events);

		// Enacted: the next blocks run the new runtime.
		let (_, upgraded_at) = client.wait_best(up.number + 2, TIMEOUT);
		let (spec_after, _) = client.runtime_version();
		assert_eq!(spec_after, spec_before + 1);
		client.wait_best(upgraded_at + 3, TIMEOUT);

		// Taoflow's state survived: the same subnets and parameters, and subnet
		// 2's smoothed flow still positive (decayed, not reset).
		let subnets_after = client.taoflow_subnets(None);
		assert_eq!(
			subnets_before.iter().map(|s| s.netuid).collect::<Vec<_>>(),
			subnets_after.iter().map(|s| s.netuid).collect::<Vec<_>>()
		);
		assert_eq!(client.taoflow_params(None), params_before);
		let ema_before = subnets_before.iter().find(|s| s.netuid == 2).unwrap().ema;
		let ema_after = subnets_after.iter().find(|s| s.netuid == 2).unwrap().ema;
		assert!(ema_after.to_f64() > 0.0 && ema_after < ema_before);
		let (_, best) = client.best();
		client.wait_finalized(best, TIMEOUT);
		eprintln!(
			"set_code in #{}: spec_version {spec_before} → {spec_after}; {} subnets, the \
			 parameters and subnet 2's smoothed flow ({:.3e} → {:.3e}) kept",
			up.number,
			subnets_after.len(),
			ema_before.to_f64(),
			ema_after.to_f64()
		);
	});
}
