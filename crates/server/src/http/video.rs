//! `/api/video`: start a call, answer or end it, and the seed's call history.

use super::extract::{ApiJson, ApiPath, AuthUser};
use crate::db::call_reads;
use crate::error::{AppError, AppResult};
use crate::service::calls::{self, SessionAction};
use crate::state::AppState;
use crate::turn::ice_servers;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use meetcute_domain::history::{CallHistory, call_history};
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{AcceptCallResponse, SessionView, StartCallRequest, StartCallResponse};
use meetcute_domain::{MatchId, SessionId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/video/start-call", post(start_call))
        .route("/api/video/call-history/{match_id}", get(history))
        .route("/api/video/{session_id}/accept", post(accept))
        .route("/api/video/{session_id}/decline", post(decline))
        .route("/api/video/{session_id}/end", post(end))
}

#[utoipa::path(post, path = "/api/video/start-call", request_body = StartCallRequest, responses((status = 200, body = StartCallResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn start_call(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<StartCallRequest>,
) -> AppResult<Json<StartCallResponse>> {
    Ok(Json(calls::start_call(&state, me, body.match_id).await?))
}

#[utoipa::path(post, path = "/api/video/{session_id}/accept", params(("session_id" = String, Path, description = "Call session UUID")), responses((status = 200, body = AcceptCallResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn accept(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<SessionId>,
) -> AppResult<Json<AcceptCallResponse>> {
    let session = calls::act(&state, me, id, SessionAction::Accept).await?;
    let ice_servers = ice_servers(&state.config, me, chrono::Utc::now());
    Ok(Json(AcceptCallResponse {
        session,
        ice_servers,
    }))
}

#[utoipa::path(post, path = "/api/video/{session_id}/decline", params(("session_id" = String, Path, description = "Call session UUID")), responses((status = 200, body = SessionView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn decline(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<SessionId>,
) -> AppResult<Json<SessionView>> {
    Ok(Json(
        calls::act(&state, me, id, SessionAction::Decline).await?,
    ))
}

#[utoipa::path(post, path = "/api/video/{session_id}/end", params(("session_id" = String, Path, description = "Call session UUID")), responses((status = 200, body = SessionView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn end(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<SessionId>,
) -> AppResult<Json<SessionView>> {
    Ok(Json(calls::act(&state, me, id, SessionAction::End).await?))
}

#[utoipa::path(get, path = "/api/video/call-history/{match_id}", params(("match_id" = i64, Path, description = "Match id")), responses((status = 200, body = CallHistory), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn history(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
) -> AppResult<Json<CallHistory>> {
    let (row, calls) = call_reads::history(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let record = row.record()?;
    if !record.is_participant(me) {
        return Err(AppError::not_found());
    }
    Ok(Json(call_history(&record, &calls)))
}
