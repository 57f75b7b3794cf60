//! Storage migrations, one module per storage version.

pub mod v1;
