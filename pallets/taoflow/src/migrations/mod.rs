//! Storage migrations: the switch-over of a live chain to Taoflow (guarded by
//! state) and one module per storage version after that.

pub mod switch;
pub mod v2;
