//! A mock runtime: System, Balances, the real Taoflow and Subnets, wired as
//! a runtime wires them (Taoflow reads this pallet's registry and emits into
//! its sink; this pallet reports flows and lifecycle events to Taoflow).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::InspectHold, ConstU64, OnFinalize, OnInitialize},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_arithmetic::Perbill;
use sp_runtime::BuildStorage;

use crate::{self as pallet_subnets, HoldReason, NetUid};

type Block = frame_system::mocking::MockBlock<Test>;
/// Account ids are plain integers.
pub type AccountId = u64;
/// Base units (TAO has 9 decimals).
pub type Balance = u64;

/// Existential deposit.
pub const ED: Balance = 500;
/// Registration deposit.
pub const DEPOSIT: Balance = 1_000_000;
/// Smallest stake operation.
pub const MIN_STAKE: Balance = 1_000;
/// What every default account is endowed with (1000 TAO).
pub const ENDOWMENT: Balance = 1_000_000_000_000;
/// `E_b` unless a test sets another (1 TAO).
pub const EMISSION: Balance = 1_000_000_000;

/// Accounts 1..=10 are endowed by default.
pub const ALICE: AccountId = 1;
/// A second endowed account.
pub const BOB: AccountId = 2;
/// A third endowed account.
pub const CHARLIE: AccountId = 3;
/// A fourth endowed account.
pub const DAVE: AccountId = 4;
/// An account without any balance.
pub const NOBODY: AccountId = 999;

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
	#[runtime::pallet_index(3)]
	pub type Subnets = pallet_subnets;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
}

parameter_types! {
	/// `E_b`, kept in storage so that tests can change it.
	pub storage BlockEmission: Balance = EMISSION;
}

/// `E_b` from [`BlockEmission`].
pub struct StorageSchedule;
impl taoflow_primitives::EmissionSchedule<Balance> for StorageSchedule {
	fn block_emission() -> Balance {
		BlockEmission::get()
	}
}

#[derive_impl(pallet_taoflow::config_preludes::TestDefaultConfig)]
impl pallet_taoflow::Config for Test {
	type Balance = Balance;
	type SubnetRegistry = Subnets;
	type EmissionSchedule = StorageSchedule;
	type EmissionSink = Subnets;
	type AdminOrigin = EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::TaoflowBenchmarkHelper<Test>;
}

#[derive_impl(pallet_subnets::config_preludes::TestDefaultConfig)]
impl pallet_subnets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Flows = Taoflow;
	type Lifecycle = Taoflow;
	type RegistrationDeposit = ConstU64<DEPOSIT>;
	type MinStake = ConstU64<MIN_STAKE>;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxOwnerCut = MaxOwnerCut;
	type DissolveGracePeriod = ConstU64<GRACE>;
	type MinRegistrationBurn = MinBurn;
	type MaxRegistrationBurn = MaxBurn;
	type RegistrationBurnDecay = BurnDecay;
}

/// The mock's grace period after dissolution, in blocks.
pub const GRACE: u64 = 10;

frame_support::parameter_types! {
	/// The mock's smallest registration burn: 0 unless a test sets it, so
	/// that the tests of other topics see the deposit alone.
	pub static MinBurn: u64 = 0;
	/// The mock's largest registration burn.
	pub static MaxBurn: u64 = 0;
	/// The mock's registration burn decay, in blocks.
	pub static BurnDecay: u64 = 100;
	/// The mock's largest owner cut.
	pub const MaxOwnerCut: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
}

/// The pot account.
pub fn pot() -> AccountId {
	Subnets::pot_account()
}

/// Free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// `who`'s balance held as stake.
pub fn held_stake(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Stake.into(), &who)
}

/// `who`'s balance held as subnet deposits.
pub fn held_deposit(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::SubnetDeposit.into(), &who)
}

/// `who`'s stake in `netuid`.
pub fn stake(netuid: NetUid, who: AccountId) -> Balance {
	Subnets::stake_of(netuid, who)
}

/// The record of `netuid`.
pub fn record(netuid: NetUid) -> Option<crate::SubnetRecord<Balance>> {
	crate::SubnetRecords::<Test>::get().into_iter().find(|r| r.netuid == netuid)
}

std::thread_local! {
	/// This pallet's events of the blocks that ended (a block's start clears
	/// the chain's event list, as the executive does).
	static ENDED: core::cell::RefCell<Vec<crate::Event<Test>>> = const { core::cell::RefCell::new(Vec::new()) };
	/// How many of [`events`] the last [`events_since_last_call`] returned.
	static READ: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// This pallet's events in the current block.
fn block_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Subnets(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Events of this pallet so far in the test, across blocks.
pub fn events() -> Vec<crate::Event<Test>> {
	let mut all = ENDED.with_borrow(Clone::clone);
	all.extend(block_events());
	all
}

/// Events of this pallet since the previous call (or the test's start), in
/// order.
pub fn events_since_last_call() -> Vec<crate::Event<Test>> {
	let all = events();
	let read = READ.replace(all.len());
	all.into_iter().skip(read).collect()
}

/// The accounting invariant with equality: the pot holds exactly its
/// endowment and what it owes.
pub fn assert_pot_exact() {
	assert_eq!(free(pot()), ED + Subnets::liabilities(), "pot = ED + liabilities");
}

/// Ends the current block (every pallet's `on_finalize`) and starts the next
/// one (its event list cleared, then every pallet's `on_initialize`), in the
/// order a block executive runs them; Taoflow's `on_initialize` credits this pallet. Returns the weight
/// the hooks declared: Taoflow's, the only pallet of the mock with an
/// `on_initialize`.
pub fn next_block() -> Weight {
	let now = System::block_number();
	if now > 0 {
		<AllPalletsWithSystem as OnFinalize<u64>>::on_finalize(now);
	}
	let ended = block_events();
	ENDED.with_borrow_mut(|e| e.extend(ended));
	System::reset_events();
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

/// A genesis subnet: netuid, owner, initial stakes.
pub type GenesisSubnet = (NetUid, AccountId, Vec<(AccountId, Balance)>);

/// Builds test externalities; `build_and_execute` checks both pallets'
/// invariants after the test body.
pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	subnets: Vec<GenesisSubnet>,
	owner_cut: Perbill,
	emission: Balance,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			balances: (1..=10).map(|a| (a, ENDOWMENT)).collect(),
			subnets: vec![],
			owner_cut: crate::DEFAULT_OWNER_CUT,
			emission: EMISSION,
		}
	}
}

impl ExtBuilder {
	/// Extra genesis balances (added to the defaults).
	pub fn balance(mut self, who: AccountId, amount: Balance) -> Self {
		self.balances.retain(|(a, _)| *a != who);
		self.balances.push((who, amount));
		self
	}
	/// Genesis subnets.
	pub fn subnets(mut self, subnets: Vec<GenesisSubnet>) -> Self {
		self.subnets = subnets;
		self
	}
	/// The genesis owner cut.
	pub fn owner_cut(mut self, cut: Perbill) -> Self {
		self.owner_cut = cut;
		self
	}
	/// The block emission.
	pub fn emission(mut self, emission: Balance) -> Self {
		self.emission = emission;
		self
	}

	/// The externalities, at block 1 (so that events are recorded).
	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: self.balances,
				..Default::default()
			},
			taoflow: Default::default(),
			subnets: pallet_subnets::GenesisConfig {
				subnets: self.subnets,
				owner_cut: self.owner_cut,
			},
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		let emission = self.emission;
		ENDED.with_borrow_mut(Vec::clear);
		READ.set(0);
		ext.execute_with(|| {
			System::set_block_number(1);
			BlockEmission::set(&emission);
		});
		ext
	}

	/// Runs `test`, then checks both pallets' invariants and the exact pot.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Subnets::do_try_state().expect("Subnets try_state after the test");
			Taoflow::do_try_state().expect("Taoflow try_state after the test");
			assert_pot_exact();
		});
	}
}
