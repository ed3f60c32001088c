//! Whole pages: signing in, the match list, my profile, a match's call history.

pub mod history;
pub mod matches;
pub mod profile;
pub mod register;
pub mod sign_in;
