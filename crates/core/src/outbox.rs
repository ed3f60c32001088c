//! Actions that can wait (decisions, unmatch/block/report, profile edits): stored with an
//! idempotency key, sent in order, removed only once the server has acknowledged them. A
//! request whose answer was lost is sent again with the same key; the server dedupes it.

use crate::Inner;
use crate::api::{RawRequest, decode};
use crate::error::{CoreError, CoreResult};
use meetcute_domain::app::{AppEvent, QueuedAction};
use meetcute_domain::call_requests::CallRequest;
use meetcute_domain::wire::{MatchList, MatchView, Profile};
use meetcute_domain::{ErrorCode, MatchId};
use reqwest::Method;
use sqlx::Row;
use std::collections::HashMap;

/// A server error (not a lost connection) this many times in a row gives the action up.
const MAX_ATTEMPTS: i64 = 5;

pub struct Pending {
    pub action: QueuedAction,
    pub match_id: Option<MatchId>,
    pub method: Method,
    pub path: String,
    pub body: String,
}

/// A queued action the server refused; it has left the outbox.
#[derive(Debug)]
pub struct Refused {
    pub action: Option<QueuedAction>,
    pub match_id: Option<MatchId>,
    pub error: CoreError,
}

/// What one flush did to each entry it finished (by `seq`); entries not in it still wait.
#[derive(Debug, Default)]
pub struct Flushed {
    pub done: HashMap<i64, Result<(), Refused>>,
}

impl Flushed {
    /// Tells the UI of every refused action (take out first any whose caller gets the error).
    pub fn announce_refusals(self, inner: &Inner) {
        for result in self.done.into_values() {
            if let Err(Refused {
                action: Some(action),
                match_id,
                error,
            }) = result
            {
                inner.events.emit(AppEvent::QueuedActionRefused {
                    action,
                    match_id,
                    error: error.to_app_error(),
                });
            }
        }
    }
}

pub async fn enqueue(inner: &Inner, action: Pending) -> CoreResult<i64> {
    let key = uuid::Uuid::new_v4().to_string();
    let seq = sqlx::query_scalar(
        "INSERT INTO outbox (idempotency_key, method, path, body, created_ms, action, match_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq",
    )
    .bind(&key)
    .bind(action.method.as_str())
    .bind(&action.path)
    .bind(&action.body)
    .bind(chrono::Utc::now().timestamp_millis())
    .bind(action.action.as_str())
    .bind(action.match_id.map(|id| id.0))
    .fetch_one(inner.cache.pool())
    .await?;
    tracing::debug!(seq, path = action.path, "outbox: queued");
    Ok(seq)
}

pub async fn pending_count(inner: &Inner) -> CoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(inner.cache.pool())
        .await?)
}

/// Sends every waiting action in order; stops at the first one that cannot go through yet.
pub async fn flush(inner: &Inner) -> CoreResult<Flushed> {
    let _one_at_a_time = inner.outbox_lock.lock().await;
    let mut flushed = Flushed::default();
    let rows = sqlx::query(
        "SELECT seq, idempotency_key, method, path, body, attempts, action, match_id
         FROM outbox ORDER BY seq",
    )
    .fetch_all(inner.cache.pool())
    .await?;
    let mut refresh = false;
    for row in rows {
        let seq: i64 = row.get(0);
        let key: String = row.get(1);
        let method: String = row.get(2);
        let path: String = row.get(3);
        let attempts: i64 = row.get(5);
        let action: Option<String> = row.get(6);
        let match_id: Option<i64> = row.get(7);
        let request = RawRequest {
            method: Method::from_bytes(method.as_bytes()).unwrap_or(Method::POST),
            path: &path,
            body: Some(row.get(4)),
            idempotency_key: Some(&key),
        };
        match inner.api.raw(request).await {
            Ok(body) => {
                if let Err(e) = apply_answer(inner, &path, &body).await {
                    tracing::warn!(seq, error = %e, "outbox: acknowledged, answer unusable");
                    refresh = true;
                }
                remove(inner, seq).await?;
                flushed.done.insert(seq, Ok(()));
            }
            Err(CoreError::Offline) => break,
            // Not a refusal of the action: the token is gone (the core signs out and clears
            // the outbox with everything else of this person).
            Err(e) if e.code() == ErrorCode::Unauthorized => break,
            Err(e) if e.is_permanent() || attempts + 1 >= MAX_ATTEMPTS => {
                tracing::warn!(seq, path, error = %e, "outbox: refused, dropped");
                remove(inner, seq).await?;
                let refused = Refused {
                    action: action.as_deref().and_then(QueuedAction::from_name),
                    match_id: match_id.map(MatchId),
                    error: e,
                };
                flushed.done.insert(seq, Err(refused));
                refresh = true;
            }
            Err(e) => {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                )
                .bind(e.to_string())
                .bind(seq)
                .execute(inner.cache.pool())
                .await?;
                break;
            }
        }
    }
    if refresh {
        // Undo what a refused action showed ahead of time: the server's matches win.
        if let Ok(list) = inner.api.get::<MatchList>("/api/matches").await {
            inner.emit_all(inner.cache.apply_matches(&list.matches).await?);
        }
    }
    Ok(flushed)
}

async fn remove(inner: &Inner, seq: i64) -> CoreResult<()> {
    sqlx::query("DELETE FROM outbox WHERE seq = ?")
        .bind(seq)
        .execute(inner.cache.pool())
        .await?;
    Ok(())
}

async fn apply_answer(inner: &Inner, path: &str, body: &[u8]) -> CoreResult<()> {
    if path.contains("/call-requests") {
        let request: CallRequest = decode(body)?;
        inner.apply_call_requests(vec![request]).await?;
    } else if path.starts_with("/api/matches/") {
        let view: MatchView = decode(body)?;
        inner.emit_all(inner.cache.apply_matches(&[view]).await?);
    } else if path == "/api/me/profile" {
        let profile: Profile = decode(body)?;
        inner.cache.set_profile(&profile).await?;
    }
    Ok(())
}
