//! `/api/auth`: register, login, logout.

use super::extract::{ApiJson, AuthUser, BearerToken};
use crate::error::AppResult;
use crate::service::accounts;
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use meetcute_domain::wire::{AuthResponse, LoginRequest, RegisterRequest};
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/register", post(register))
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
}

async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<AuthResponse>)> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::register(&state, req).await?),
    ))
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Json<AuthResponse>> {
    Ok(Json(accounts::login(&state, req, peer.ip()).await?))
}

async fn logout(
    State(state): State<AppState>,
    _: AuthUser,
    BearerToken(token): BearerToken,
) -> AppResult<StatusCode> {
    accounts::logout(&state, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
