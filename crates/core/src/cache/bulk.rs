//! Batched cache writes: one read of what is cached for a whole batch, then multi-row upserts,
//! so a full sync of thousands of rows costs a few dozen statements instead of thousands.

use super::millis;
use crate::error::{CoreError, CoreResult};
use meetcute_domain::wire::{MatchView, SessionView};
use meetcute_domain::{CallStatus, MatchStatus};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// Rows per statement (SQLite allows 32,766 bound values; 6 columns × 400 stays far below).
const CHUNK: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOutcome {
    New,
    StatusChanged,
    Unchanged,
}

/// Which of `views` were written, and whether each just turned `matched` (it was cached and
/// not matched before).
pub async fn upsert_matches(
    tx: &mut SqliteConnection,
    views: &[&MatchView],
) -> CoreResult<Vec<(usize, bool)>> {
    let ids: Vec<i64> = views.iter().map(|v| v.id.0).collect();
    let mut cached: HashMap<i64, (String, i64, String)> = HashMap::new();
    let lookups = if is_empty(tx, "matches").await? {
        [].chunks(CHUNK)
    } else {
        ids.chunks(CHUNK)
    };
    for chunk in lookups {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT id, status, updated_ms, view_json FROM matches WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *tx).await? {
            cached.insert(row.get(0), (row.get(1), row.get(2), row.get(3)));
        }
    }
    let mut written = Vec::new();
    let mut rows = Vec::new();
    for (i, view) in views.iter().enumerate() {
        let json = serde_json::to_string(view)?;
        let updated = millis(view.updated_at);
        let status = status_name(&view.status)?;
        let before = cached.get(&view.id.0);
        if before.is_some_and(|(_, ms, old)| updated < *ms || *old == json) {
            continue;
        }
        let turned = view.status == MatchStatus::Matched
            && before.is_some_and(|(old, _, _)| old != "matched");
        written.push((i, turned));
        cached.insert(view.id.0, (status.clone(), updated, json.clone()));
        rows.push((view.id.0, view.peer.id.0, status, updated, json));
    }
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO matches (id, peer_id, status, updated_ms, view_json) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(&r.2)
                .push_bind(r.3)
                .push_bind(&r.4);
        });
        q.push(
            " ON CONFLICT (id) DO UPDATE SET peer_id = excluded.peer_id, status = excluded.status,
             updated_ms = excluded.updated_ms, view_json = excluded.view_json",
        );
        q.build().execute(&mut *tx).await?;
    }
    let mut peers: HashMap<i64, &MatchView> = HashMap::new();
    for (i, _) in &written {
        peers.insert(views[*i].peer.id.0, views[*i]);
    }
    let peers: Vec<(i64, &MatchView, String)> = peers
        .into_iter()
        .map(|(id, v)| Ok((id, v, serde_json::to_string(&v.peer.interests)?)))
        .collect::<CoreResult<_>>()?;
    for chunk in peers.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO peers (id, display_name, age, bio, interests) ",
        );
        q.push_values(chunk, |mut b, (id, v, interests)| {
            b.push_bind(*id)
                .push_bind(&v.peer.display_name)
                .push_bind(v.peer.age)
                .push_bind(&v.peer.bio)
                .push_bind(interests);
        });
        q.push(
            " ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
             age = excluded.age, bio = excluded.bio, interests = excluded.interests",
        );
        q.build().execute(&mut *tx).await?;
    }
    Ok(written)
}

async fn is_empty(tx: &mut SqliteConnection, table: &str) -> CoreResult<bool> {
    let any: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {table})"))
        .fetch_one(&mut *tx)
        .await?;
    Ok(!any)
}

fn rank(status: CallStatus) -> u8 {
    match status {
        CallStatus::Ringing => 0,
        CallStatus::Active => 1,
        _ => 2,
    }
}

/// Writes the sessions that are news or fresher; a session never goes back (live → terminal
/// only, and a terminal status never changes).
pub async fn upsert_sessions(
    tx: &mut SqliteConnection,
    views: &[&SessionView],
) -> CoreResult<Vec<SessionOutcome>> {
    let ids: Vec<String> = views.iter().map(|v| v.session_id.to_string()).collect();
    let mut cached: HashMap<String, CallStatus> = HashMap::new();
    let lookups = if is_empty(tx, "call_sessions").await? {
        [].chunks(CHUNK) // a first full load: nothing to compare with
    } else {
        ids.chunks(CHUNK)
    };
    for chunk in lookups {
        let mut q =
            QueryBuilder::<Sqlite>::new("SELECT id, status FROM call_sessions WHERE id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id.as_str());
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *tx).await? {
            cached.insert(row.get(0), parse_status(row.get(1))?);
        }
    }
    let mut outcomes = Vec::with_capacity(views.len());
    let mut rows = Vec::new();
    for (view, id) in views.iter().zip(ids) {
        let outcome = match cached.get(&id) {
            None => SessionOutcome::New,
            Some(old) if rank(view.status) < rank(*old) => SessionOutcome::Unchanged,
            Some(old) if rank(*old) == 2 && *old != view.status => SessionOutcome::Unchanged,
            Some(old) if *old == view.status => SessionOutcome::Unchanged,
            Some(_) => SessionOutcome::StatusChanged,
        };
        outcomes.push(outcome);
        let fresher = cached
            .get(&id)
            .is_none_or(|old| rank(view.status) >= rank(*old));
        if !fresher {
            continue;
        }
        cached.insert(id.clone(), view.status);
        rows.push((
            id,
            view.match_id.0,
            status_name(&view.status)?,
            millis(view.created_at),
            view.ended_at.map(millis),
            serde_json::to_string(view)?,
        ));
    }
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO call_sessions (id, match_id, status, created_ms, ended_ms, view_json) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(&r.0)
                .push_bind(r.1)
                .push_bind(&r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(&r.5);
        });
        q.push(
            " ON CONFLICT (id) DO UPDATE SET status = excluded.status,
             ended_ms = excluded.ended_ms, view_json = excluded.view_json",
        );
        q.build().execute(&mut *tx).await?;
    }
    Ok(outcomes)
}

fn status_name<T: serde::Serialize>(status: &T) -> CoreResult<String> {
    match serde_json::to_value(status)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(CoreError::BadResponse(format!("unexpected status {other}"))),
    }
}

fn parse_status(name: &str) -> CoreResult<CallStatus> {
    Ok(serde_json::from_value(serde_json::Value::String(
        name.to_owned(),
    ))?)
}

/// Recounts the completed calls of these matches (kept beside each match for fast listing).
pub async fn refresh_call_counts(tx: &mut SqliteConnection, match_ids: &[i64]) -> CoreResult<()> {
    for chunk in match_ids.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "UPDATE matches SET
             completed_calls = (SELECT COUNT(*) FROM call_sessions c
                 WHERE c.match_id = matches.id AND c.status = 'completed'),
             last_call_ms = (SELECT MAX(ended_ms) FROM call_sessions c
                 WHERE c.match_id = matches.id AND c.status = 'completed'),
             last_completed_json = (SELECT view_json FROM call_sessions c
                 WHERE c.match_id = matches.id AND c.status = 'completed'
                 ORDER BY ended_ms DESC LIMIT 1)
             WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        q.build().execute(&mut *tx).await?;
    }
    Ok(())
}
