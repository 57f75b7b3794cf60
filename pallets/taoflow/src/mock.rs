//! A mock runtime: System, Balances and Taoflow, with a subnet registry, an
//! emission schedule and a minting emission sink kept in test storage.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Mutate, OnFinalize, OnInitialize},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_arithmetic::Perquintill;
use sp_runtime::BuildStorage;

use crate::{self as pallet_taoflow, NetUid, Params, SubnetLifecycle};

type Block = frame_system::mocking::MockBlock<Test>;
/// Account ids are plain integers.
pub type AccountId = u64;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Taoflow = pallet_taoflow;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	/// `E_b` of the mock: 1 TAO (10^9 base units) unless a test changes it.
	pub static BlockEmission: u64 = 1_000_000_000;
}

thread_local! {
	/// The mock registry: netuid → (emission enabled, total stake).
	static REGISTRY: RefCell<BTreeMap<NetUid, (bool, u64)>> = const { RefCell::new(BTreeMap::new()) };
	/// Every credit the sink received: (block, netuid, amount).
	static CREDITS: RefCell<Vec<(u64, NetUid, u64)>> = const { RefCell::new(Vec::new()) };
	/// How often the sink was asked to prepare itself.
	static SINK_PREPARED: RefCell<u32> = const { RefCell::new(0) };
}

/// How often the sink was asked to prepare itself.
pub fn sink_prepared() -> u32 {
	SINK_PREPARED.with(|p| *p.borrow())
}

/// The registry side of the mock.
pub struct MockRegistry;
impl crate::SubnetRegistry<u64> for MockRegistry {
	fn registered_subnets() -> Vec<(NetUid, bool)> {
		REGISTRY.with(|r| r.borrow().iter().map(|(n, (e, _))| (*n, *e)).collect())
	}
	fn total_stakes(netuids: &[NetUid]) -> Vec<u64> {
		REGISTRY.with(|r| {
			let r = r.borrow();
			netuids.iter().map(|n| r.get(n).map_or(0, |(_, s)| *s)).collect()
		})
	}
}

/// `E_b` from [`BlockEmission`].
pub struct MockSchedule;
impl crate::EmissionSchedule<u64> for MockSchedule {
	fn block_emission() -> u64 {
		BlockEmission::get()
	}
}

/// The account that receives a subnet's emission in the mock.
pub fn subnet_account(netuid: NetUid) -> AccountId {
	10_000 + AccountId::from(netuid)
}

/// Mints every credit into the subnet's account.
pub struct MockSink;
impl crate::EmissionSink<u64> for MockSink {
	fn credit(amounts: &[(NetUid, u64)]) -> u64 {
		let block = System::block_number();
		let mut minted = 0;
		for (netuid, amount) in amounts {
			Balances::mint_into(&subnet_account(*netuid), *amount).expect("mint");
			CREDITS.with(|c| c.borrow_mut().push((block, *netuid, *amount)));
			minted += amount;
		}
		minted
	}

	fn prepare() -> Weight {
		SINK_PREPARED.with(|p| *p.borrow_mut() += 1);
		Weight::zero()
	}
}

#[derive_impl(pallet_taoflow::config_preludes::TestDefaultConfig)]
impl pallet_taoflow::Config for Test {
	type Balance = u64;
	type SubnetRegistry = MockRegistry;
	type EmissionSchedule = MockSchedule;
	type EmissionSink = MockSink;
	type AdminOrigin = EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Registers subnets in the mock registry for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockBenchmarkHelper {
	fn register_subnet() -> NetUid {
		let netuid = REGISTRY.with(|r| {
			let r = r.borrow();
			(1..=NetUid::MAX).find(|n| !r.contains_key(n)).expect("a free netuid")
		});
		register(netuid);
		netuid
	}
	fn forget_subnet(netuid: NetUid) {
		REGISTRY.with(|r| r.borrow_mut().remove(&netuid));
	}
}

/// Registers `netuid` in the registry and tells Taoflow.
pub fn register(netuid: NetUid) {
	REGISTRY.with(|r| r.borrow_mut().insert(netuid, (true, 0)));
	Taoflow::on_registered(netuid).expect("register");
}

/// Puts `netuid` with `stake` in the registry without telling Taoflow: a
/// subnet of a chain that ran before Taoflow.
pub fn register_untracked(netuid: NetUid, enabled: bool, stake: u64) {
	REGISTRY.with(|r| r.borrow_mut().insert(netuid, (enabled, stake)));
}

/// Dissolves `netuid` in the registry and tells Taoflow.
pub fn dissolve(netuid: NetUid) {
	REGISTRY.with(|r| r.borrow_mut().remove(&netuid));
	Taoflow::on_dissolved(netuid);
}

/// Switches a subnet's emission on or off.
pub fn set_emission_enabled(netuid: NetUid, enabled: bool) {
	REGISTRY.with(|r| {
		if let Some(entry) = r.borrow_mut().get_mut(&netuid) {
			entry.0 = enabled;
		}
	});
	Taoflow::on_emission_enabled(netuid, enabled);
}

/// Sets a subnet's total stake in the registry (not a flow).
pub fn set_total_stake(netuid: NetUid, stake: u64) {
	REGISTRY.with(|r| {
		if let Some(entry) = r.borrow_mut().get_mut(&netuid) {
			entry.1 = stake;
		}
	});
}

/// Credits of `block`, netuid ascending.
pub fn credits_at(block: u64) -> Vec<(NetUid, u64)> {
	CREDITS.with(|c| {
		c.borrow().iter().filter(|(b, _, _)| *b == block).map(|(_, n, a)| (*n, *a)).collect()
	})
}

/// Ends the current block (every pallet's `on_finalize`) and starts the next
/// one (every pallet's `on_initialize`), in the order a block executive runs
/// them. Returns the weight the hooks declared: Taoflow's, the only pallet
/// of the mock with an `on_initialize`.
pub fn next_block() -> Weight {
	let now = System::block_number();
	if now > 0 {
		<AllPalletsWithSystem as OnFinalize<u64>>::on_finalize(now);
	}
	let b = now + 1;
	System::set_block_number(b);
	<AllPalletsWithSystem as OnInitialize<u64>>::on_initialize(b)
}

/// Runs `n` blocks.
pub fn run_blocks(n: u64) {
	for _ in 0..n {
		next_block();
	}
}

/// Builds test externalities; `build_and_execute` runs `try_state` after the
/// test body.
pub struct ExtBuilder {
	params: Params,
	subnets: Vec<NetUid>,
	legacy: Vec<(NetUid, Perquintill)>,
	emission: u64,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: Params::default(), subnets: vec![], legacy: vec![], emission: 1_000_000_000 }
	}
}

impl ExtBuilder {
	/// The parameters at genesis.
	pub fn params(mut self, params: Params) -> Self {
		self.params = params;
		self
	}
	/// Subnets registered at genesis.
	pub fn subnets(mut self, netuids: &[NetUid]) -> Self {
		self.subnets = netuids.to_vec();
		self
	}
	/// A transition from these legacy shares (window from `params`).
	pub fn legacy(mut self, legacy: &[(NetUid, Perquintill)]) -> Self {
		self.legacy = legacy.to_vec();
		self
	}
	/// The block emission.
	pub fn emission(mut self, emission: u64) -> Self {
		self.emission = emission;
		self
	}

	/// The externalities, at block 0 with the genesis subnets registered.
	pub fn build(self) -> sp_io::TestExternalities {
		REGISTRY.with(|r| r.borrow_mut().clear());
		CREDITS.with(|c| c.borrow_mut().clear());
		BlockEmission::set(self.emission);
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_taoflow::GenesisConfig::<Test> {
			params: self.params,
			legacy_shares: self.legacy,
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		let subnets = self.subnets;
		ext.execute_with(|| {
			for netuid in subnets {
				register(netuid);
			}
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Taoflow::do_try_state().expect("try_state after the test");
		});
	}
}
