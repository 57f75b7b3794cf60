use crate::{Balances, Runtime};

impl crate::emission::Config for Runtime {
	type Currency = Balances;
}
