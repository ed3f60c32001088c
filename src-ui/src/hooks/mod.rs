//! Custom hooks: the app context, the core's event stream, and the shell's "open this match".

mod use_app;
mod use_core_events;
mod use_open_match;

pub use use_app::{AppContext, use_app};
pub use use_core_events::use_core_events;
pub use use_open_match::use_open_match;
