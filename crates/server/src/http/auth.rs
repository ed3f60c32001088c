//! `/api/auth`: register, login, logout.

use super::extract::{ApiJson, AuthUser, BearerToken};
use crate::error::{AppError, AppResult};
use crate::service::accounts;
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use meetcute_domain::ErrorCode;
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{AuthResponse, LoginRequest, RegisterRequest};
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/register", post(register))
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
}

#[utoipa::path(post, path = "/api/auth/register", request_body = RegisterRequest, responses((status = 201, body = AuthResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)))]
pub(super) async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<AuthResponse>)> {
    // Here, not in the service: the demo seed registers its people through the service.
    if !state.register_limiter.allow(peer.ip()).await? {
        return Err(AppError::code(ErrorCode::RateLimited));
    }
    Ok((
        StatusCode::CREATED,
        Json(accounts::register(&state, req).await?),
    ))
}

#[utoipa::path(post, path = "/api/auth/login", request_body = LoginRequest, responses((status = 200, body = AuthResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)))]
pub(super) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Json<AuthResponse>> {
    Ok(Json(accounts::login(&state, req, peer.ip()).await?))
}

#[utoipa::path(post, path = "/api/auth/logout", responses((status = 204, description = "Token revoked"), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn logout(
    State(state): State<AppState>,
    _: AuthUser,
    BearerToken(token): BearerToken,
) -> AppResult<StatusCode> {
    accounts::logout(&state, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
