//! `GET /api/sync?cursor=C[&limit=N]`: everything of mine changed after C, in one round trip,
//! or in pages of about N matches or calls when the client asks for them.

use super::extract::{ApiQuery, AuthUser};
use crate::db::{call_requests, changes, matches, sessions};
use crate::error::{AppError, AppResult};
use crate::service::{presence, views};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use meetcute_domain::wire::ErrorBody;
use meetcute_domain::wire::{SessionView, SyncResponse};
use meetcute_domain::{ErrorCode, MatchId};
use serde::Deserialize;

/// The largest page a client may ask for.
const MAX_PAGE: u32 = 10_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/sync", get(sync))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SyncQuery {
    #[serde(default)]
    cursor: i64,
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/sync", params(
    ("cursor" = Option<i64>, Query, description = "Changes after this cursor; 0 for everything"),
    ("limit" = Option<u32>, Query, description = "At most about this many matches or calls (1–10000); `more` then says whether to ask again from the answer's cursor"),
), responses((status = 200, body = SyncResponse), (status = "4XX", description = "Refused, with a stable error code", body = ErrorBody)), security(("bearer" = [])))]
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
    if query.limit.is_some_and(|n| !(1..=MAX_PAGE).contains(&n)) {
        return Err(AppError::with_message(
            ErrorCode::Validation,
            format!("limit must be between 1 and {MAX_PAGE}"),
        ));
    }
    // The end is read before the rows: anything committed later has a higher sequence and is
    // left out here (a row changed since comes whole on the next page or sync).
    let page = changes::page(&state.db, me, query.cursor, query.limit).await?;
    let (after, upto) = (query.cursor, page.end);
    // Matches and calls come from different reader connections (threads), side by side.
    let match_views = async {
        let rows = matches::of_user_changed(&state.db, me, after, upto).await?;
        views::match_views(&state, me, &rows).await
    };
    let sessions =
        async { AppResult::Ok(sessions::of_user_changed(&state.db, me, after, upto).await?) };
    let (matches, sessions) = tokio::try_join!(match_views, sessions)?;
    let calls = sessions
        .iter()
        .filter_map(|s| SessionView::of(s, me))
        .collect();
    let match_ids: Vec<MatchId> = matches.iter().map(|m| m.id).collect();
    let requests = async { AppResult::Ok(call_requests::of_matches(&state.db, &match_ids).await?) };
    let presence = async {
        match page.more {
            true => Ok(Vec::new()),
            false => presence::of_my_matches(&state, me).await,
        }
    };
    let (requests, presence) = tokio::try_join!(requests, presence)?;
    Ok(Json(SyncResponse {
        cursor: page.end.max(query.cursor),
        matches,
        calls,
        more: page.more,
        call_requests: requests.into_iter().map(|r| r.request).collect(),
        presence,
    }))
}
