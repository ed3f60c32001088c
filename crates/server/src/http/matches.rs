//! `/api/matches`: list, discover, decisions, unmatch, block, report.

use super::extract::{ApiJson, ApiPath, AuthUser, IdempotencyKey};
use crate::error::AppResult;
use crate::service::matches::{self, MatchAction};
use crate::service::matchmaking;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use meetcute_domain::MatchId;
use meetcute_domain::report::clean_report;
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{DecisionRequest, MatchList, MatchView, ReportRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/matches", get(list))
        .route("/api/matches/discover", post(discover))
        .route("/api/matches/{id}/decision", post(decide))
        .route("/api/matches/{id}/unmatch", post(unmatch))
        .route("/api/matches/{id}/block", post(block))
        .route("/api/matches/{id}/report", post(report))
}

#[utoipa::path(get, path = "/api/matches", responses((status = 200, body = MatchList), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn list(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> AppResult<Json<MatchList>> {
    Ok(Json(MatchList {
        matches: matches::list(&state, me).await?,
    }))
}

#[utoipa::path(post, path = "/api/matches/discover", responses((status = 200, body = MatchList), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn discover(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> AppResult<Json<MatchList>> {
    Ok(Json(MatchList {
        matches: matchmaking::discover(&state, me).await?,
    }))
}

#[utoipa::path(post, path = "/api/matches/{id}/decision", params(("id" = i64, Path, description = "Match id"), ("Idempotency-Key" = Option<String>, Header, description = "Replays answer like the first time")), request_body = DecisionRequest, responses((status = 200, body = MatchView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn decide(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> AppResult<Json<MatchView>> {
    let action = MatchAction::Decide(body.decision);
    Ok(Json(
        matches::act(&state, me, id, action, key.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/matches/{id}/unmatch", params(("id" = i64, Path, description = "Match id")), responses((status = 200, body = MatchView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn unmatch(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    IdempotencyKey(key): IdempotencyKey,
) -> AppResult<Json<MatchView>> {
    Ok(Json(
        matches::act(&state, me, id, MatchAction::Unmatch, key.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/matches/{id}/block", params(("id" = i64, Path, description = "Match id")), responses((status = 200, body = MatchView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn block(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    IdempotencyKey(key): IdempotencyKey,
) -> AppResult<Json<MatchView>> {
    Ok(Json(
        matches::act(&state, me, id, MatchAction::Block, key.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/matches/{id}/report", params(("id" = i64, Path, description = "Match id")), request_body = ReportRequest, responses((status = 200, body = MatchView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn report(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<ReportRequest>,
) -> AppResult<Json<MatchView>> {
    let (reason, details) = clean_report(&body.reason, &body.details)?;
    let action = MatchAction::Report { reason, details };
    Ok(Json(
        matches::act(&state, me, id, action, key.as_deref()).await?,
    ))
}
