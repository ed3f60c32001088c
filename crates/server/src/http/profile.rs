//! `/api/me/profile`.

use super::extract::{ApiJson, AuthUser};
use crate::error::AppResult;
use crate::service::accounts;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{Profile, ProfileUpdate};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/me/profile", get(show).put(update))
}

#[utoipa::path(get, path = "/api/me/profile", responses((status = 200, body = Profile), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn show(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> AppResult<Json<Profile>> {
    Ok(Json(accounts::profile(&state, me).await?))
}

#[utoipa::path(put, path = "/api/me/profile", request_body = ProfileUpdate, responses((status = 200, body = Profile), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn update(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> AppResult<Json<Profile>> {
    Ok(Json(accounts::update_profile(&state, me, update).await?))
}
