//! Actions that can wait (decisions, unmatch/block/report, profile edits): stored with an
//! idempotency key, sent in order, removed only once the server has acknowledged them. A
//! request whose answer was lost is sent again with the same key; the server dedupes it.

use crate::Inner;
use crate::api::{RawRequest, decode};
use crate::error::{CoreError, CoreResult};
use meetcute_domain::wire::{MatchList, MatchView, Profile};
use reqwest::Method;
use sqlx::Row;
use std::collections::HashMap;

/// A server error (not a lost connection) this many times in a row gives the action up.
const MAX_ATTEMPTS: i64 = 5;

pub struct Pending {
    pub method: Method,
    pub path: String,
    pub body: String,
}

/// What one flush did to each entry it finished (by `seq`); entries not in it still wait.
#[derive(Debug, Default)]
pub struct Flushed {
    pub done: HashMap<i64, Result<(), CoreError>>,
}

pub async fn enqueue(inner: &Inner, action: Pending) -> CoreResult<i64> {
    let key = uuid::Uuid::new_v4().to_string();
    let seq = sqlx::query_scalar(
        "INSERT INTO outbox (idempotency_key, method, path, body, created_ms)
         VALUES (?, ?, ?, ?, ?) RETURNING seq",
    )
    .bind(&key)
    .bind(action.method.as_str())
    .bind(&action.path)
    .bind(&action.body)
    .bind(chrono::Utc::now().timestamp_millis())
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
        "SELECT seq, idempotency_key, method, path, body, attempts FROM outbox ORDER BY seq",
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
            Err(e) if e.is_permanent() || attempts + 1 >= MAX_ATTEMPTS => {
                tracing::warn!(seq, path, error = %e, "outbox: refused, dropped");
                remove(inner, seq).await?;
                flushed.done.insert(seq, Err(e));
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
    if path.starts_with("/api/matches/") {
        let view: MatchView = decode(body)?;
        inner.emit_all(inner.cache.apply_matches(&[view]).await?);
    } else if path == "/api/me/profile" {
        let profile: Profile = decode(body)?;
        inner.cache.set_profile(&profile).await?;
    }
    Ok(())
}
