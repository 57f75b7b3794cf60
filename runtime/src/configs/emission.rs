use crate::{Balances, Runtime};

impl pallet_emission::Config for Runtime {
	type Currency = Balances;
}
