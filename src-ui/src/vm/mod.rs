//! View models: pure functions from state to what the screen says and which controls are
//! live. Components only lay these out, so the wording and button rules are tested natively.

pub mod ask;
pub mod availability;
pub mod call;
pub mod call_requests;
pub mod card;
pub mod decision;
pub mod history;
pub mod match_actions;
pub mod messages;
pub mod presence;
pub mod words;
