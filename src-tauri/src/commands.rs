//! The commands the UI invokes: each one a thin call into `meetcute-core`. Argument names are
//! snake_case (as the UI's `services/commands.rs` sends them).

use crate::error::{CommandError, CommandResult};
use crate::media::{self, FrameGate, MediaOut};
use crate::state::AppState;
use meetcute_domain::app::{Connectivity, Delivery, MatchCard};
use meetcute_domain::availability::Availability;
use meetcute_domain::call_requests::{CallRequest, NewCallRequest, RequestAnswer};
use meetcute_domain::history::CallHistory;
use meetcute_domain::wire::{
    AcceptCallResponse, Profile, ProfileUpdate, RegisterRequest, SessionView, SignalKind,
    StartCallResponse, User,
};
use meetcute_domain::{CallRequestId, CallRole, Decision, MatchId, SessionId};
use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;
use tauri::ipc::{Channel, InvokeResponseBody};
use tauri::{AppHandle, Runtime, State};

/// The self-preview needs less than the other person's picture.
const PREVIEW_FPS: u32 = 15;
const REMOTE_FPS: u32 = 30;

type AppStateRef<'a> = State<'a, AppState>;

#[tauri::command(rename_all = "snake_case")]
pub async fn current_user(state: AppStateRef<'_>) -> CommandResult<Option<User>> {
    // The UI's first command: when it arrives tells how long the webview took to start.
    tracing::debug!(
        since_start_ms = state.started.elapsed().as_millis(),
        "current_user"
    );
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
pub async fn update_profile(
    state: AppStateRef<'_>,
    update: ProfileUpdate,
) -> CommandResult<Delivery> {
    Ok(state.core().await?.update_profile(update).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn discover(state: AppStateRef<'_>) -> CommandResult<Vec<MatchCard>> {
    Ok(state.core().await?.discover().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn matches(state: AppStateRef<'_>) -> CommandResult<Vec<MatchCard>> {
    tracing::debug!(
        since_start_ms = state.started.elapsed().as_millis(),
        "matches"
    );
    let cards = state.core().await?.matches().await?;
    tracing::debug!(
        since_start_ms = state.started.elapsed().as_millis(),
        "matches answered"
    );
    Ok(cards)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decide(
    state: AppStateRef<'_>,
    match_id: MatchId,
    decision: Decision,
) -> CommandResult<Delivery> {
    Ok(state.core().await?.decide(match_id, decision).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unmatch(state: AppStateRef<'_>, match_id: MatchId) -> CommandResult<Delivery> {
    Ok(state.core().await?.unmatch(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn block(state: AppStateRef<'_>, match_id: MatchId) -> CommandResult<Delivery> {
    Ok(state.core().await?.block(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report(
    state: AppStateRef<'_>,
    match_id: MatchId,
    reason: String,
    details: String,
) -> CommandResult<Delivery> {
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
    let answer = state.core().await?.start_call(match_id).await?;
    state
        .media
        .remember_ice_servers(answer.session_id, answer.ice_servers.clone());
    Ok(answer)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn accept_call(
    state: AppStateRef<'_>,
    session_id: SessionId,
) -> CommandResult<AcceptCallResponse> {
    // Answered: the ring stops now, not when the server's word comes back.
    state.ring.stop(session_id);
    let answer = state.core().await?.accept_call(session_id).await?;
    state
        .media
        .remember_ice_servers(session_id, answer.ice_servers.clone());
    Ok(answer)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decline_call(
    state: AppStateRef<'_>,
    session_id: SessionId,
) -> CommandResult<SessionView> {
    state.ring.stop(session_id);
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

/// Starts the native engine for an active call (webviews without WebRTC). Pictures and
/// media events come back on `frames`, in the layout of `media::packet`.
#[tauri::command(rename_all = "snake_case")]
pub async fn media_start(
    state: AppStateRef<'_>,
    session_id: SessionId,
    role: CallRole,
    frames: Channel<InvokeResponseBody>,
) -> CommandResult<()> {
    let core = state.core().await?;
    let gate = Mutex::new(FrameGate::new(PREVIEW_FPS, REMOTE_FPS));
    let out = move |out: MediaOut| {
        if let MediaOut::Frame(frame) = &out {
            let mut gate = gate.lock().unwrap_or_else(|e| e.into_inner());
            if !gate.admit(frame.source, Instant::now()) {
                return;
            }
        }
        if let Err(error) = frames.send(InvokeResponseBody::Raw(media::encode(&out))) {
            tracing::debug!(%error, "a picture did not reach the UI");
        }
    };
    state
        .media
        .start(core, session_id, role, out)
        .await
        .map_err(CommandError::Media)
}

/// Mutes the microphone and/or turns the camera off or on, for the live native call.
#[tauri::command(rename_all = "snake_case")]
pub fn media_control(state: AppStateRef<'_>, muted: Option<bool>, camera_on: Option<bool>) {
    if let Some(muted) = muted {
        state.media.set_muted(muted);
    }
    if let Some(on) = camera_on {
        state.media.set_camera(on);
    }
}

/// Stops the native engine of `session_id` (the call screen closed or the call ended).
#[tauri::command(rename_all = "snake_case")]
pub fn media_stop(state: AppStateRef<'_>, session_id: SessionId) {
    state.media.stop(session_id);
}

// ---- reaching each other ------------------------------------------------------------------

/// My "Available for calls" switch and "Hide when I'm online" (needs the connection).
#[tauri::command(rename_all = "snake_case")]
pub async fn availability(state: AppStateRef<'_>) -> CommandResult<Availability> {
    Ok(state.core().await?.availability().await?)
}

/// Answers the availability the server now holds; the tray's check mark follows.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_availability<R: Runtime>(
    app: AppHandle<R>,
    state: AppStateRef<'_>,
    availability: Availability,
) -> CommandResult<Availability> {
    let now = state.core().await?.set_availability(availability).await?;
    #[cfg(desktop)]
    crate::tray::availability_changed(&app, &now);
    #[cfg(mobile)]
    let _ = app;
    Ok(now)
}

/// "No calls from this match for now" (`allowed: false`), or calls again; answers the card.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_calls_allowed(
    state: AppStateRef<'_>,
    match_id: MatchId,
    allowed: bool,
) -> CommandResult<MatchCard> {
    Ok(state
        .core()
        .await?
        .set_calls_allowed(match_id, allowed)
        .await?)
}

/// "Ask for a call": sent, or queued in the core's outbox when offline.
#[tauri::command(rename_all = "snake_case")]
pub async fn ask_for_call(
    state: AppStateRef<'_>,
    match_id: MatchId,
    request: NewCallRequest,
) -> CommandResult<Delivery> {
    Ok(state.core().await?.ask_for_call(match_id, request).await?)
}

/// Accepts (a time), declines or cancels a call request.
#[tauri::command(rename_all = "snake_case")]
pub async fn answer_call_request(
    state: AppStateRef<'_>,
    request_id: CallRequestId,
    answer: RequestAnswer,
) -> CommandResult<Delivery> {
    Ok(state
        .core()
        .await?
        .answer_call_request(request_id, answer)
        .await?)
}

/// Every call request of a match, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn call_requests(
    state: AppStateRef<'_>,
    match_id: MatchId,
) -> CommandResult<Vec<CallRequest>> {
    Ok(state.core().await?.call_requests(match_id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_now(state: AppStateRef<'_>) -> CommandResult<()> {
    Ok(state.core().await?.sync_now().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn connectivity(state: AppStateRef<'_>) -> CommandResult<Connectivity> {
    Ok(state.core().await?.connectivity())
}

/// The UI painted `what` (the match cards) — logged with the page's own timeline (`marks`:
/// milliseconds since its navigation started), and appended to `MEETCUTE_PAINT_FILE` when set,
/// so the start-up benchmark can time it from outside.
#[tauri::command(rename_all = "snake_case")]
pub fn ui_painted(
    state: AppStateRef<'_>,
    what: String,
    cards: usize,
    marks: Option<Vec<(String, u32)>>,
) {
    let since_start_ms = state.started.elapsed().as_millis();
    let page_steps: String = marks
        .unwrap_or_default()
        .iter()
        .map(|(step, ms)| format!(" {step}={ms}"))
        .collect();
    tracing::info!(%what, cards, since_start_ms, page_steps = page_steps.trim(), "ui painted");
    if let Some(path) = std::env::var_os("MEETCUTE_PAINT_FILE") {
        let line = format!("{what} {cards} {since_start_ms}{page_steps}\n");
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

/// Whether the app starts at login (always `false` on mobile).
#[tauri::command(rename_all = "snake_case")]
pub async fn autostart_enabled<R: Runtime>(app: AppHandle<R>) -> CommandResult<bool> {
    crate::autostart::enabled(&app)
}

/// Starts the app at login (in the tray), or not; answers whether it does now.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> CommandResult<bool> {
    crate::autostart::set(&app, enabled)
}
