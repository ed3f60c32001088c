//! Custom hooks: the app context and the core's event stream.

mod use_app;
mod use_core_events;

pub use use_app::{AppContext, use_app};
pub use use_core_events::use_core_events;
