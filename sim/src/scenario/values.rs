//! The scenario file's number types: each is written as a JSON string or
//! number, and says what it expected and what it found when it is neither.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use sp_arithmetic::Perquintill;

/// `u32::MAX`, as a bound.
pub const U32: u128 = u32::MAX as u128;
/// `u64::MAX`, as a bound.
pub const U64: u128 = u64::MAX as u128;
/// `10^18`: one in 18-digit fixed point.
const ONE_18: u128 = 1_000_000_000_000_000_000;

/// A number's text and how the file wrote it (for the error).
struct NumberText {
	text: String,
	found: String,
}

/// Reads a JSON string or number as text; `what` names the expected kind.
fn number_text<'de, D: Deserializer<'de>>(
	d: D,
	what: &'static str,
) -> Result<NumberText, D::Error> {
	struct V(&'static str);
	impl V {
		fn wrong<E: de::Error>(&self, found: &str) -> E {
			E::custom(format!("expected {} (string or number), found {found}", self.0))
		}
	}
	impl<'de> Visitor<'de> for V {
		type Value = NumberText;
		fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
			write!(f, "{} (string or number)", self.0)
		}
		fn visit_str<E: de::Error>(self, s: &str) -> Result<NumberText, E> {
			Ok(NumberText { text: s.to_string(), found: format!("string \"{s}\"") })
		}
		fn visit_u64<E: de::Error>(self, n: u64) -> Result<NumberText, E> {
			Ok(NumberText { text: n.to_string(), found: format!("number {n}") })
		}
		fn visit_i64<E: de::Error>(self, n: i64) -> Result<NumberText, E> {
			Ok(NumberText { text: n.to_string(), found: format!("number {n}") })
		}
		fn visit_f64<E: de::Error>(self, n: f64) -> Result<NumberText, E> {
			Ok(NumberText { text: n.to_string(), found: format!("number {n}") })
		}
		fn visit_bool<E: de::Error>(self, b: bool) -> Result<NumberText, E> {
			Err(self.wrong(&format!("boolean {b}")))
		}
		fn visit_unit<E: de::Error>(self) -> Result<NumberText, E> {
			Err(self.wrong("null"))
		}
		fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<NumberText, A::Error> {
			Err(self.wrong("an array"))
		}
		fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<NumberText, A::Error> {
			Err(self.wrong("an object"))
		}
	}
	d.deserialize_any(V(what))
}

/// A non-negative integer of at most `MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int<const MAX: u128>(pub u128);

impl<'de, const MAX: u128> Deserialize<'de> for Int<MAX> {
	fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let n = number_text(d, "a non-negative integer")?;
		let value: u128 = n.text.parse().map_err(|_| {
			de::Error::custom(format!("expected a non-negative integer, found {}", n.found))
		})?;
		if value > MAX {
			return Err(de::Error::custom(format!("expected at most {MAX}, found {value}")));
		}
		Ok(Self(value))
	}
}

impl<const MAX: u128> Int<MAX> {
	/// The value as a `u32` (`MAX` ≤ `u32::MAX`).
	pub fn u32(self) -> u32 {
		u32::try_from(self.0).unwrap_or(u32::MAX)
	}

	/// The value as a `u64` (`MAX` ≤ `u64::MAX`).
	pub fn u64(self) -> u64 {
		u64::try_from(self.0).unwrap_or(u64::MAX)
	}
}

/// A signed integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signed(pub i128);

impl<'de> Deserialize<'de> for Signed {
	fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let n = number_text(d, "an integer")?;
		n.text
			.parse()
			.map(Self)
			.map_err(|_| de::Error::custom(format!("expected an integer, found {}", n.found)))
	}
}

/// A non-negative decimal with at most 18 fraction digits, as parts of
/// `10^18`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal(pub u128);

impl<'de> Deserialize<'de> for Decimal {
	fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let n = number_text(d, "a decimal")?;
		decimal(&n).map(Self).map_err(de::Error::custom)
	}
}

/// The parts of `10^18` of a non-negative decimal's text.
fn decimal(n: &NumberText) -> Result<u128, String> {
	let bad = || {
		format!(
			"expected a non-negative decimal with at most 18 fraction digits, found {}",
			n.found
		)
	};
	let (int, frac) = n.text.split_once('.').unwrap_or((&n.text, ""));
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 18 {
		return Err(bad());
	}
	let int: u128 = int.parse().map_err(|_| bad())?;
	let frac: u128 =
		if frac.is_empty() { 0 } else { format!("{frac:0<18}").parse().map_err(|_| bad())? };
	int.checked_mul(ONE_18).and_then(|i| i.checked_add(frac)).ok_or_else(bad)
}

/// A fraction in `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fraction(pub Perquintill);

impl<'de> Deserialize<'de> for Fraction {
	fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let n = number_text(d, "a decimal")?;
		let parts = decimal(&n).map_err(de::Error::custom)?;
		u64::try_from(parts)
			.ok()
			.filter(|p| u128::from(*p) <= ONE_18)
			.map(|p| Self(Perquintill::from_parts(p)))
			.ok_or_else(|| {
				de::Error::custom(format!("expected a fraction in [0, 1], found {}", n.found))
			})
	}
}

/// A subnet's netuid: 1 and up (0 is reserved).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Netuid(pub u16);

impl<'de> Deserialize<'de> for Netuid {
	fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let Int(n) = Int::<{ u16::MAX as u128 }>::deserialize(d)?;
		match u16::try_from(n) {
			Ok(0) | Err(_) => Err(de::Error::custom("netuid 0 is reserved; subnets start at 1")),
			Ok(n) => Ok(Self(n)),
		}
	}
}
