//! # Fuzz harnesses
//!
//! Each harness takes arbitrary bytes, decodes them into a case and checks
//! the invariants that must hold for every input; a failed check panics.
//! The same functions run under libFuzzer (`fuzz/libfuzzer`, driven by
//! `cargo fuzz`, see `scripts/fuzz.sh`) and as a seeded smoke test in the
//! test command (`tests/smoke.rs`), which also replays every input kept
//! under `regressions/`.
//!
//! - [`shares::run`]: the share computation (§2 fold, §3 targets, §4
//!   smoothing, §5 split) with arbitrary signals, up to `MaxSubnets`
//!   subnets and parameters at and beyond their bounds.
//! - [`runtime::run`]: random sequences of every extrinsic from random
//!   accounts (funded and unfunded), interleaved with blocks, against the
//!   real runtime (`Executive`, signed extrinsics, fees), starting from the
//!   development chain or from a crowded one with 1,020 of its 1,024 subnet
//!   slots taken; every block is followed by both pallets' `try_state` and
//!   the supply checks.

// Harness code: a failed check is meant to panic, and indexing the small
// tables below is checked by construction.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

pub mod runtime;
pub mod shares;

/// A reader of fuzz input: each value takes the next bytes (little endian);
/// once the input runs out every value is 0.
pub struct Bytes<'a> {
	data: &'a [u8],
}

macro_rules! read_int {
	($name:ident, $t:ty) => {
		/// The next value of this width.
		pub fn $name(&mut self) -> $t {
			const N: usize = core::mem::size_of::<$t>();
			let mut buf = [0u8; N];
			let take = N.min(self.data.len());
			buf[..take].copy_from_slice(&self.data[..take]);
			self.data = &self.data[take..];
			<$t>::from_le_bytes(buf)
		}
	};
}

impl<'a> Bytes<'a> {
	/// Reads `data`.
	pub fn new(data: &'a [u8]) -> Self {
		Self { data }
	}

	/// Whether the input is used up.
	pub fn is_empty(&self) -> bool {
		self.data.is_empty()
	}

	read_int!(u8, u8);
	read_int!(u16, u16);
	read_int!(u32, u32);
	read_int!(u64, u64);
	read_int!(u128, u128);

	/// The next `bool`.
	pub fn bool(&mut self) -> bool {
		self.u8() & 1 == 1
	}

	/// A value of `table` (non-empty) for a next byte below 128, else a raw
	/// value from `raw`: edge cases half of the time, anything otherwise.
	/// Once the input runs out it is `table[0]`.
	pub fn pick<T: Copy>(&mut self, table: &[T], raw: impl FnOnce(&mut Self) -> T) -> T {
		let i = usize::from(self.u8());
		if i < 128 {
			table[i % table.len()]
		} else {
			raw(self)
		}
	}
}

/// A deterministic generator (splitmix64) for the smoke test's inputs.
pub struct SplitMix(pub u64);

impl SplitMix {
	/// The next 64 bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// `len` random bytes.
	pub fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.next_u64() as u8).collect()
	}
}
