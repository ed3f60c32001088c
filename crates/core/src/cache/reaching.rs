//! Presence and call requests in the cache. Presence lives in the cached match view (`peer.presence`);
//! requests in a table of their own, one row per request, whose status only moves forward (an older
//! answer arriving late does not reopen what was settled).

use super::Cache;
use super::store::Applied;
use crate::error::CoreResult;
use meetcute_domain::app::AppEvent;
use meetcute_domain::call_requests::{CallRequest, CallRequestStatus};
use meetcute_domain::wire::MatchPresence;
use meetcute_domain::{CallRequestId, MatchId};
use sqlx::SqliteConnection;

impl Cache {
    /// The other person of a live match came online or went away.
    pub async fn apply_presence(&self, presence: &[MatchPresence]) -> CoreResult<Applied> {
        let _guard = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        let changed = set_presence(&mut tx, presence).await?;
        tx.commit().await?;
        Ok(Applied {
            events: changed
                .then_some(AppEvent::MatchesChanged)
                .into_iter()
                .collect(),
        })
    }

    /// Requests from the socket or from an answer to one of my own; the ones that changed.
    pub async fn apply_call_requests(
        &self,
        requests: &[CallRequest],
    ) -> CoreResult<Vec<CallRequest>> {
        let _guard = self.write.lock().await;
        let mut tx = self.pool.begin().await?;
        let changed = upsert_call_requests(&mut tx, requests).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Every cached request of a match, oldest first.
    pub async fn call_requests(&self, id: MatchId) -> CoreResult<Vec<CallRequest>> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT view_json FROM call_requests WHERE match_id = ? ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|j| Ok(serde_json::from_str(j)?)).collect()
    }

    /// `call_request.updated` as the UI hears it: with the other person's name.
    pub async fn request_event(&self, request: CallRequest) -> CoreResult<AppEvent> {
        let peer_name = self.peer_name(request.match_id).await?;
        Ok(AppEvent::CallRequestUpdated { request, peer_name })
    }

    /// The name of the other person of a cached match (empty if it is not cached).
    pub async fn peer_name(&self, id: MatchId) -> CoreResult<String> {
        let name: Option<Option<String>> = sqlx::query_scalar(
            "SELECT json_extract(view_json, '$.peer.display_name') FROM matches WHERE id = ?",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(name.flatten().unwrap_or_default())
    }

    /// Every open (pending or scheduled) request I know of.
    pub async fn all_open_requests(&self) -> CoreResult<Vec<CallRequest>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT view_json FROM call_requests WHERE status = 'open'")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|j| Ok(serde_json::from_str(j)?)).collect()
    }

    pub async fn call_request(&self, id: CallRequestId) -> CoreResult<Option<CallRequest>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT view_json FROM call_requests WHERE id = ?")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }
}

/// Writes presence into the cached views of live matches; whether any changed.
pub(super) async fn set_presence(
    tx: &mut SqliteConnection,
    presence: &[MatchPresence],
) -> CoreResult<bool> {
    let mut changed = false;
    for line in presence {
        let json = serde_json::to_string(&line.presence)?;
        let done = sqlx::query(
            "UPDATE matches SET view_json = json_set(view_json, '$.peer.presence', json(?1))
             WHERE id = ?2 AND status <> 'closed'
             AND json_extract(view_json, '$.peer.presence') IS NOT json(?1)",
        )
        .bind(&json)
        .bind(line.match_id.0)
        .execute(&mut *tx)
        .await?;
        changed |= done.rows_affected() > 0;
    }
    Ok(changed)
}

/// Stores requests whose status moves forward (or that are new); returns those.
pub(super) async fn upsert_call_requests(
    tx: &mut SqliteConnection,
    requests: &[CallRequest],
) -> CoreResult<Vec<CallRequest>> {
    let mut changed = Vec::new();
    for request in requests {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT view_json FROM call_requests WHERE id = ?")
                .bind(request.id.0)
                .fetch_optional(&mut *tx)
                .await?;
        let stored: Option<CallRequest> = stored.map(|j| serde_json::from_str(&j)).transpose()?;
        if stored
            .as_ref()
            .is_some_and(|s| s == request || !moves_forward(s.status, request.status))
        {
            continue;
        }
        sqlx::query(
            "INSERT INTO call_requests (id, match_id, status, view_json) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, view_json = excluded.view_json",
        )
        .bind(request.id.0)
        .bind(request.match_id.0)
        .bind(status_name(request.status))
        .bind(serde_json::to_string(request)?)
        .execute(&mut *tx)
        .await?;
        changed.push(request.clone());
    }
    Ok(changed)
}

/// Pending → scheduled → a settled status; a settled one stays.
fn moves_forward(from: CallRequestStatus, to: CallRequestStatus) -> bool {
    let rank = |s: CallRequestStatus| match s {
        CallRequestStatus::Pending => 0,
        CallRequestStatus::Scheduled => 1,
        _ => 2,
    };
    rank(to) > rank(from) || (from == to && from.is_open())
}

fn status_name(status: CallRequestStatus) -> &'static str {
    if status.is_open() { "open" } else { "settled" }
}

#[cfg(test)]
mod tests {
    use super::moves_forward;
    use meetcute_domain::call_requests::CallRequestStatus::*;

    #[test]
    fn a_settled_request_is_never_reopened() {
        assert!(moves_forward(Pending, Scheduled));
        assert!(moves_forward(Scheduled, Done));
        assert!(moves_forward(Pending, Expired));
        assert!(!moves_forward(Expired, Scheduled));
        assert!(!moves_forward(Scheduled, Pending));
        assert!(!moves_forward(Done, Expired));
    }
}
