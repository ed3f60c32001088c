//! Meetcute's shared vocabulary and rules.
//!
//! Pure: no I/O and no clock reads (time is always a parameter), so the server, the core and
//! the wasm UI all evaluate the very same rules. The rules are those of
//! `shared/design/RULES.md`; the payloads those of `shared/design/API.md`.

pub mod app;
pub mod availability;
pub mod call_requests;
pub mod calls;
pub mod compatibility;
pub mod error;
pub mod history;
pub mod ids;
mod match_view;
pub mod matching;
pub mod presence;
pub mod profile;
pub mod report;
pub mod socket;
pub mod start_call;
pub mod timings;
pub mod wire;
pub mod wire_time;

pub use calls::{
    CallEvent, CallRole, CallSession, CallStatus, Eligibility, EndReason, StartCall,
    StartCallContext, eligibility, resolve_start_call,
};
pub use error::ErrorCode;
pub use ids::{CallRequestId, MatchId, SessionId, UserId};
pub use matching::{ClosedReason, Decision, MatchEvent, MatchRecord, MatchStatus};
pub use timings::Timings;
