//! "Ask for a call": `/api/matches/{id}/call-requests` and `/api/call-requests/{id}/…`.

use super::extract::{ApiJson, ApiPath, AuthUser, IdempotencyKey};
use crate::error::AppResult;
use crate::service::call_requests;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use meetcute_domain::call_requests::{
    AcceptCallRequest, CallRequest, CallRequestList, NewCallRequest, RequestAnswer,
};
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::{CallRequestId, MatchId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/matches/{id}/call-requests", get(list).post(propose))
        .route("/api/call-requests/{id}/accept", post(accept))
        .route("/api/call-requests/{id}/decline", post(decline))
        .route("/api/call-requests/{id}/cancel", post(cancel))
}

#[utoipa::path(post, path = "/api/matches/{id}/call-requests", params(("id" = i64, Path, description = "Match id"), ("Idempotency-Key" = Option<String>, Header, description = "Replays answer with the request made the first time")), request_body = NewCallRequest, responses((status = 201, body = CallRequest), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn propose(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<NewCallRequest>,
) -> AppResult<(StatusCode, Json<CallRequest>)> {
    let request = call_requests::propose(&state, me, id, &body, key.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(request)))
}

#[utoipa::path(get, path = "/api/matches/{id}/call-requests", params(("id" = i64, Path, description = "Match id")), responses((status = 200, body = CallRequestList), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
) -> AppResult<Json<CallRequestList>> {
    Ok(Json(CallRequestList {
        call_requests: call_requests::of_match(&state, me, id).await?,
    }))
}

#[utoipa::path(post, path = "/api/call-requests/{id}/accept", params(("id" = i64, Path, description = "Call request id"), ("Idempotency-Key" = Option<String>, Header, description = "Replays answer like the first time")), request_body = AcceptCallRequest, responses((status = 200, body = CallRequest), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn accept(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<CallRequestId>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<AcceptCallRequest>,
) -> AppResult<Json<CallRequest>> {
    let answer = RequestAnswer::Accept { slot: body.slot };
    Ok(Json(
        call_requests::answer(&state, me, id, answer, key.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/call-requests/{id}/decline", params(("id" = i64, Path, description = "Call request id"), ("Idempotency-Key" = Option<String>, Header, description = "Replays answer like the first time")), responses((status = 200, body = CallRequest), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn decline(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<CallRequestId>,
    IdempotencyKey(key): IdempotencyKey,
) -> AppResult<Json<CallRequest>> {
    let answer = RequestAnswer::Decline;
    Ok(Json(
        call_requests::answer(&state, me, id, answer, key.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/call-requests/{id}/cancel", params(("id" = i64, Path, description = "Call request id"), ("Idempotency-Key" = Option<String>, Header, description = "Replays answer like the first time")), responses((status = 200, body = CallRequest), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn cancel(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<CallRequestId>,
    IdempotencyKey(key): IdempotencyKey,
) -> AppResult<Json<CallRequest>> {
    let answer = RequestAnswer::Cancel;
    Ok(Json(
        call_requests::answer(&state, me, id, answer, key.as_deref()).await?,
    ))
}
