//! Typed wrappers over the shell's commands (`src-tauri/src/commands.rs`), one per command.
//! Argument names are snake_case, as the shell declares them.

use super::invoke::invoke;
use meetcute_domain::app::{AppError, Connectivity, Delivery, MatchCard};
use meetcute_domain::availability::Availability;
use meetcute_domain::call_requests::{CallRequest, NewCallRequest, RequestAnswer};
use meetcute_domain::history::CallHistory;
use meetcute_domain::wire::{
    AcceptCallResponse, Profile, ProfileUpdate, RegisterRequest, ReportRequest, SessionView,
    SignalKind, StartCallResponse, User,
};
use meetcute_domain::{CallRequestId, Decision, MatchId, SessionId};
use serde_json::json;

pub async fn current_user() -> Result<Option<User>, AppError> {
    invoke("current_user", json!({})).await
}

pub async fn register(request: RegisterRequest) -> Result<User, AppError> {
    invoke("register", json!({ "request": request })).await
}

pub async fn sign_in(email: &str, password: &str) -> Result<User, AppError> {
    invoke("sign_in", json!({ "email": email, "password": password })).await
}

pub async fn sign_out() -> Result<(), AppError> {
    invoke("sign_out", json!({})).await
}

pub async fn profile() -> Result<Profile, AppError> {
    invoke("profile", json!({})).await
}

pub async fn update_profile(update: ProfileUpdate) -> Result<Delivery, AppError> {
    invoke("update_profile", json!({ "update": update })).await
}

pub async fn discover() -> Result<Vec<MatchCard>, AppError> {
    invoke("discover", json!({})).await
}

pub async fn matches() -> Result<Vec<MatchCard>, AppError> {
    invoke("matches", json!({})).await
}

pub async fn decide(match_id: MatchId, decision: Decision) -> Result<Delivery, AppError> {
    invoke(
        "decide",
        json!({ "match_id": match_id, "decision": decision }),
    )
    .await
}

pub async fn unmatch(match_id: MatchId) -> Result<Delivery, AppError> {
    invoke("unmatch", json!({ "match_id": match_id })).await
}

pub async fn block(match_id: MatchId) -> Result<Delivery, AppError> {
    invoke("block", json!({ "match_id": match_id })).await
}

pub async fn report(match_id: MatchId, request: ReportRequest) -> Result<Delivery, AppError> {
    let ReportRequest { reason, details } = request;
    invoke(
        "report",
        json!({ "match_id": match_id, "reason": reason, "details": details }),
    )
    .await
}

pub async fn start_call(match_id: MatchId) -> Result<StartCallResponse, AppError> {
    invoke("start_call", json!({ "match_id": match_id })).await
}

pub async fn accept_call(session_id: SessionId) -> Result<AcceptCallResponse, AppError> {
    invoke("accept_call", json!({ "session_id": session_id })).await
}

pub async fn decline_call(session_id: SessionId) -> Result<SessionView, AppError> {
    invoke("decline_call", json!({ "session_id": session_id })).await
}

pub async fn end_call(session_id: SessionId) -> Result<SessionView, AppError> {
    invoke("end_call", json!({ "session_id": session_id })).await
}

pub async fn call_history(match_id: MatchId) -> Result<CallHistory, AppError> {
    invoke("call_history", json!({ "match_id": match_id })).await
}

pub async fn send_signal(
    session_id: SessionId,
    kind: SignalKind,
    payload: serde_json::Value,
) -> Result<(), AppError> {
    invoke(
        "send_signal",
        json!({ "session_id": session_id, "kind": kind, "payload": payload }),
    )
    .await
}

// ---- reaching each other -------------------------------------------------------------------

/// My "Available for calls" switch and "Hide when I'm online" (needs the connection).
pub async fn availability() -> Result<Availability, AppError> {
    invoke("availability", json!({})).await
}

/// Answers the availability the server now holds.
pub async fn set_availability(availability: Availability) -> Result<Availability, AppError> {
    invoke("set_availability", json!({ "availability": availability })).await
}

/// "No calls from this match for now" (`allowed: false`), or calls again; answers the card.
pub async fn set_calls_allowed(match_id: MatchId, allowed: bool) -> Result<MatchCard, AppError> {
    invoke(
        "set_calls_allowed",
        json!({ "match_id": match_id, "allowed": allowed }),
    )
    .await
}

/// "Ask for a call": sent, or queued in the core's outbox when offline.
pub async fn ask_for_call(
    match_id: MatchId,
    request: NewCallRequest,
) -> Result<Delivery, AppError> {
    invoke(
        "ask_for_call",
        json!({ "match_id": match_id, "request": request }),
    )
    .await
}

/// Accepts (a time), declines or cancels a call request.
pub async fn answer_call_request(
    request_id: CallRequestId,
    answer: RequestAnswer,
) -> Result<Delivery, AppError> {
    invoke(
        "answer_call_request",
        json!({ "request_id": request_id, "answer": answer }),
    )
    .await
}

/// Every call request of a match, oldest first.
pub async fn call_requests(match_id: MatchId) -> Result<Vec<CallRequest>, AppError> {
    invoke("call_requests", json!({ "match_id": match_id })).await
}

/// Whether Meetcute starts when I log in (desktop only; `false` elsewhere).
pub async fn autostart_enabled() -> Result<bool, AppError> {
    invoke("autostart_enabled", json!({})).await
}

/// Starts Meetcute at login (in the tray), or not; answers whether it does now.
pub async fn set_autostart(enabled: bool) -> Result<bool, AppError> {
    invoke("set_autostart", json!({ "enabled": enabled })).await
}

pub async fn sync_now() -> Result<(), AppError> {
    invoke("sync_now", json!({})).await
}

pub async fn connectivity() -> Result<Connectivity, AppError> {
    invoke("connectivity", json!({})).await
}

/// Tells the shell the UI painted something worth timing (the start-up benchmark).
/// `marks` is the page's start-up timeline (`timeline::marks`).
pub async fn ui_painted(
    what: &str,
    cards: usize,
    marks: Vec<(String, u32)>,
) -> Result<(), AppError> {
    invoke(
        "ui_painted",
        json!({ "what": what, "cards": cards, "marks": marks }),
    )
    .await
}
