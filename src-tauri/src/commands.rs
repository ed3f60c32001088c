//! The commands the UI invokes: each one a thin call into `meetcute-core`. Argument names are
//! snake_case (as the UI's `services/commands.rs` sends them).

use crate::error::CommandResult;
use crate::state::AppState;
use meetcute_domain::app::{Connectivity, MatchCard};
use meetcute_domain::history::CallHistory;
use meetcute_domain::wire::{
    Profile, ProfileUpdate, RegisterRequest, SessionView, SignalKind, StartCallResponse, User,
};
use meetcute_domain::{Decision, MatchId, SessionId};
use std::io::Write;
use tauri::State;

type AppStateRef<'a> = State<'a, AppState>;

#[tauri::command(rename_all = "snake_case")]
pub async fn current_user(state: AppStateRef<'_>) -> CommandResult<Option<User>> {
    Ok(state.core().await?.current_user().await)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn register(state: AppStateRef<'_>, request: RegisterRequest) -> CommandResult<User> {
    Ok(state.core().await?.register(request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sign_in(
    state: AppStateRef<'_>,
    email: String,
    password: String,
) -> CommandResult<User> {
    Ok(state.core().await?.sign_in(&email, &password).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sign_out(state: AppStateRef<'_>) -> CommandResult<()> {
    Ok(state.core().await?.sign_out().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn profile(state: AppStateRef<'_>) -> CommandResult<Profile> {
    Ok(state.core().await?.profile().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_profile(state: AppStateRef<'_>, update: ProfileUpdate) -> CommandResult<()> {
    Ok(state.core().await?.update_profile(update).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn discover(state: AppStateRef<'_>) -> CommandResult<Vec<MatchCard>> {
    Ok(state.core().await?.discover().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn matches(state: AppStateRef<'_>) -> CommandResult<Vec<MatchCard>> {
    Ok(state.core().await?.matches().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decide(
    state: AppStateRef<'_>,
    match_id: MatchId,
    decision: Decision,
) -> CommandResult<()> {
    Ok(state.core().await?.decide(match_id, decision).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unmatch(state: AppStateRef<'_>, match_id: MatchId) -> CommandResult<()> {
    Ok(state.core().await?.unmatch(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn block(state: AppStateRef<'_>, match_id: MatchId) -> CommandResult<()> {
    Ok(state.core().await?.block(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report(
    state: AppStateRef<'_>,
    match_id: MatchId,
    reason: String,
    details: String,
) -> CommandResult<()> {
    Ok(state
        .core()
        .await?
        .report(match_id, reason, details)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_call(
    state: AppStateRef<'_>,
    match_id: MatchId,
) -> CommandResult<StartCallResponse> {
    Ok(state.core().await?.start_call(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn accept_call(
    state: AppStateRef<'_>,
    session_id: SessionId,
) -> CommandResult<SessionView> {
    Ok(state.core().await?.accept_call(session_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decline_call(
    state: AppStateRef<'_>,
    session_id: SessionId,
) -> CommandResult<SessionView> {
    Ok(state.core().await?.decline_call(session_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn end_call(state: AppStateRef<'_>, session_id: SessionId) -> CommandResult<SessionView> {
    Ok(state.core().await?.end_call(session_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn call_history(state: AppStateRef<'_>, match_id: MatchId) -> CommandResult<CallHistory> {
    Ok(state.core().await?.call_history(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn send_signal(
    state: AppStateRef<'_>,
    session_id: SessionId,
    kind: SignalKind,
    payload: serde_json::Value,
) -> CommandResult<()> {
    Ok(state
        .core()
        .await?
        .send_signal(session_id, kind, payload)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_now(state: AppStateRef<'_>) -> CommandResult<()> {
    Ok(state.core().await?.sync_now().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn connectivity(state: AppStateRef<'_>) -> CommandResult<Connectivity> {
    Ok(state.core().await?.connectivity())
}

/// The UI painted `what` (the match cards) — logged, and appended to `MEETCUTE_PAINT_FILE`
/// when set, so the start-up benchmark can time it from outside.
#[tauri::command(rename_all = "snake_case")]
pub fn ui_painted(state: AppStateRef<'_>, what: String, cards: usize) {
    let since_start_ms = state.started.elapsed().as_millis();
    tracing::info!(%what, cards, since_start_ms, "ui painted");
    if let Some(path) = std::env::var_os("MEETCUTE_PAINT_FILE") {
        let line = format!("{what} {cards} {since_start_ms}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(line.as_bytes()));
        if let Err(error) = written {
            tracing::warn!(%error, "could not write the paint mark");
        }
    }
}
