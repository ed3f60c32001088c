//! `/api/me/availability` and `/api/matches/{id}/calls`: whether calls may ring me.

use super::extract::{ApiJson, ApiPath, AuthUser};
use crate::error::AppResult;
use crate::service::availability;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use meetcute_domain::MatchId;
use meetcute_domain::availability::{Availability, CallsAllowedRequest};
use meetcute_domain::wire::{ErrorBody, MatchView};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/me/availability", get(show).put(update))
        .route("/api/matches/{id}/calls", put(calls_allowed))
}

#[utoipa::path(get, path = "/api/me/availability", responses((status = 200, body = Availability), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn show(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> AppResult<Json<Availability>> {
    Ok(Json(availability::get(&state, me).await?))
}

#[utoipa::path(put, path = "/api/me/availability", request_body = Availability, responses((status = 200, body = Availability), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn update(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(wanted): ApiJson<Availability>,
) -> AppResult<Json<Availability>> {
    Ok(Json(availability::set(&state, me, wanted).await?))
}

#[utoipa::path(put, path = "/api/matches/{id}/calls", params(("id" = i64, Path, description = "Match id")), request_body = CallsAllowedRequest, responses((status = 200, body = MatchView), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn calls_allowed(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<MatchId>,
    ApiJson(body): ApiJson<CallsAllowedRequest>,
) -> AppResult<Json<MatchView>> {
    Ok(Json(
        availability::set_calls_allowed(&state, me, id, body.allowed).await?,
    ))
}
