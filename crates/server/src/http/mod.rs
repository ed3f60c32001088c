//! The HTTP surface: one router per area, merged by `app()`, with the cross-cutting layers.

mod auth;
mod availability;
mod call_requests;
pub mod extract;
mod health;
mod matches;
mod openapi;
mod profile;
mod sync;
mod video;

use crate::error::AppError;
use crate::metrics::StatusLabel;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use meetcute_domain::ErrorCode;
use std::time::{Duration, Instant};
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Answers smaller than this go out as they are: compressing them costs more than it saves.
pub const MIN_COMPRESSED_BYTES: u16 = 1024;

pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(auth::router())
        .merge(profile::router())
        .merge(matches::router())
        .merge(availability::router())
        .merge(call_requests::router())
        .merge(video::router())
        .merge(sync::router())
        .merge(health::router())
        .route("/api/ws", get(crate::ws::upgrade))
        .route("/api/openapi.json", get(openapi::document))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(compression())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_metrics,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// zstd or gzip for clients that ask for it (`Accept-Encoding`), on answers worth it (a first
/// sync of a busy person is megabytes of JSON). The fastest level: JSON shrinks nearly as much,
/// for a fraction of the time; zstd's is several times faster than gzip's and smaller.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(MIN_COMPRESSED_BYTES)))
}

async fn not_found() -> AppError {
    AppError::not_found()
}

async fn method_not_allowed() -> Response {
    let mut response =
        AppError::with_message(ErrorCode::Validation, "method not allowed here").into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}

async fn record_metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .http_latency_seconds
        .observe(started.elapsed().as_secs_f64());
    let status = response.status().as_u16().to_string();
    state
        .metrics
        .http_requests
        .get_or_create(&StatusLabel { status })
        .inc();
    response
}
