//! `GET /api/sync?cursor=C`: everything of mine changed after C, in one round trip.

use super::extract::{ApiQuery, AuthUser};
use crate::db::{matches, sessions};
use crate::error::{AppError, AppResult};
use crate::service::views;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use meetcute_domain::ErrorCode;
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{SessionView, SyncResponse};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/sync", get(sync))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SyncQuery {
    #[serde(default)]
    cursor: i64,
}

#[utoipa::path(get, path = "/api/sync", params(("cursor" = Option<i64>, Query, description = "Changes after this cursor; 0 for everything")), responses((status = 200, body = SyncResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
pub(super) async fn sync(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> AppResult<Json<SyncResponse>> {
    if query.cursor < 0 {
        return Err(AppError::with_message(
            ErrorCode::Validation,
            "cursor must not be negative",
        ));
    }
    // Read the sequence first: anything committed later has a higher value and comes next time.
    let cursor: i64 = sqlx::query_scalar("SELECT value FROM change_counter WHERE id = 1")
        .fetch_one(state.db.reader())
        .await?;
    // Matches and calls come from different reader connections (threads), side by side.
    let match_views = async {
        let rows = matches::of_user_since(state.db.reader(), me, query.cursor).await?;
        views::match_views(&state.db, me, &rows).await
    };
    let sessions = async {
        AppResult::Ok(sessions::of_user_since(state.db.reader(), me, query.cursor).await?)
    };
    let (matches, sessions) = tokio::try_join!(match_views, sessions)?;
    let calls = sessions
        .iter()
        .filter_map(|s| SessionView::of(s, me))
        .collect();
    Ok(Json(SyncResponse {
        cursor: cursor.max(query.cursor),
        matches,
        calls,
    }))
}
