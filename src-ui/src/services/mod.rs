//! Everything that is not pure: the shell's commands and events, timers, media.

pub mod clock;
pub mod commands;
pub mod events;
pub mod in_order;
pub mod invoke;
pub mod media;
pub mod timeline;
