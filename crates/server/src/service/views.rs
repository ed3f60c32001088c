//! Matches and sessions as one participant sees them.

use crate::db::matches::MatchRow;
use crate::db::{Db, sessions, users};
use crate::error::{AppError, AppResult};
use chrono::Utc;
use meetcute_domain::history::{CallSummary, call_summary};
use meetcute_domain::matching::closed_reason_seen_by;
use meetcute_domain::wire::{MatchView, SessionView};
use meetcute_domain::{MatchId, UserId};
use std::collections::HashMap;

/// One match, fresh from the database.
pub async fn match_view(db: &Db, me: UserId, row: &MatchRow) -> AppResult<MatchView> {
    let record = row.record()?;
    let peer_id = record.peer_of(me).ok_or_else(AppError::not_found)?;
    let peer = users::by_id(db, peer_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let calls = sessions::of_match(db, record.id).await?;
    let live = calls
        .iter()
        .find(|s| s.status.is_live())
        .and_then(|s| SessionView::of(s, me));
    assemble(me, row, &peer, call_summary(&calls), live)
}

/// Many matches of `me` at once (a handful of queries, whatever their number).
pub async fn match_views(db: &Db, me: UserId, rows: &[MatchRow]) -> AppResult<Vec<MatchView>> {
    if rows.is_empty() {
        return Ok(Vec::new()); // an empty delta sync must not scan my whole call history
    }
    let records = rows
        .iter()
        .map(MatchRow::record)
        .collect::<Result<Vec<_>, _>>()?;
    let peer_ids: Vec<UserId> = records.iter().filter_map(|r| r.peer_of(me)).collect();
    let match_ids: Vec<MatchId> = records.iter().map(|r| r.id).collect();
    let (peers, summaries, live) = tokio::try_join!(
        users::by_ids(db, &peer_ids),
        sessions::summaries_of_matches(db, &match_ids),
        sessions::live_of_user(db, me),
    )?;
    let peers: HashMap<UserId, users::UserRow> = peers.into_iter().map(|u| (u.id(), u)).collect();
    let mut views = Vec::with_capacity(rows.len());
    for (row, record) in rows.iter().zip(&records) {
        let Some(peer) = record.peer_of(me).and_then(|id| peers.get(&id)) else {
            continue;
        };
        let summary = summaries.get(&record.id).copied().unwrap_or(CallSummary {
            total_calls: 0,
            last_call_at: None,
        });
        let live_here = live
            .as_ref()
            .filter(|s| s.match_id == record.id)
            .and_then(|s| SessionView::of(s, me));
        views.push(assemble(me, row, peer, summary, live_here)?);
    }
    Ok(views)
}

fn assemble(
    me: UserId,
    row: &MatchRow,
    peer: &users::UserRow,
    call_summary: CallSummary,
    live_session: Option<SessionView>,
) -> AppResult<MatchView> {
    let record = row.record()?;
    Ok(MatchView {
        id: record.id,
        status: record.status,
        closed_reason: closed_reason_seen_by(record.closed_reason, row.closed_by.map(UserId), me),
        peer: peer.peer(Utc::now().date_naive()),
        compatibility: row.compatibility(),
        my_decision: record.decision_of(me),
        created_at: row.created_at,
        updated_at: row.updated_at,
        call_summary,
        live_session,
    })
}
