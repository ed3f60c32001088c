//! Typed wrappers over the shell's commands (`src-tauri/src/commands.rs`), one per command.
//! Argument names are snake_case, as the shell declares them.

use super::invoke::invoke;
use meetcute_domain::app::{AppError, Connectivity, Delivery, MatchCard};
use meetcute_domain::history::CallHistory;
use meetcute_domain::wire::{
    AcceptCallResponse, Profile, ProfileUpdate, RegisterRequest, ReportRequest, SessionView,
    SignalKind, StartCallResponse, User,
};
use meetcute_domain::{Decision, MatchId, SessionId};
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
