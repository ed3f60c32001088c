//! Matches and sessions as one participant sees them.

use crate::db::matches::MatchRow;
use crate::db::{self, sessions, users};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use meetcute_domain::history::{CallSummary, call_summary};
use meetcute_domain::matching::closed_reason_seen_by;
use meetcute_domain::wire::{MatchView, SessionView};
use meetcute_domain::{MatchId, MatchStatus, UserId};
use std::collections::{HashMap, HashSet};

/// One match, fresh from the database.
pub async fn match_view(state: &AppState, me: UserId, row: &MatchRow) -> AppResult<MatchView> {
    let db = &state.db;
    let record = row.record()?;
    let peer_id = record.peer_of(me).ok_or_else(AppError::not_found)?;
    let (peer, calls, online) = tokio::join!(
        users::by_id(db, peer_id),
        sessions::of_match(db, record.id),
        state.live.connected_among(vec![peer_id]),
    );
    let peer = peer?.ok_or_else(AppError::not_found)?;
    let calls = calls?;
    let live = calls
        .iter()
        .find(|s| s.status.is_live())
        .and_then(|s| SessionView::of(s, me));
    let seen = Seen {
        online: &online,
        now: db::now(),
    };
    assemble(me, row, &peer, call_summary(&calls), live, seen)
}

/// Many matches of `me` at once (a handful of queries, whatever their number).
pub async fn match_views(
    state: &AppState,
    me: UserId,
    rows: &[MatchRow],
) -> AppResult<Vec<MatchView>> {
    let db = &state.db;
    if rows.is_empty() {
        return Ok(Vec::new()); // an empty delta sync must not scan my whole call history
    }
    let records = rows
        .iter()
        .map(MatchRow::record)
        .collect::<Result<Vec<_>, _>>()?;
    let peer_ids: Vec<UserId> = records.iter().filter_map(|r| r.peer_of(me)).collect();
    let match_ids: Vec<MatchId> = records.iter().map(|r| r.id).collect();
    let live_peers: Vec<UserId> = records
        .iter()
        .filter(|r| r.status != MatchStatus::Closed)
        .filter_map(|r| r.peer_of(me))
        .collect();
    let (people, online) = tokio::join!(
        async {
            tokio::try_join!(
                users::by_ids(db, &peer_ids),
                sessions::summaries_of_matches(db, &match_ids),
                sessions::live_of_user(db, me),
            )
        },
        state.live.connected_among(live_peers),
    );
    let (peers, summaries, live) = people?;
    let now = db::now();
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
        let seen = Seen {
            online: &online,
            now,
        };
        views.push(assemble(me, row, peer, summary, live_here, seen)?);
    }
    Ok(views)
}

/// Who is online among the peers, and when it was asked.
#[derive(Clone, Copy)]
struct Seen<'a> {
    online: &'a HashSet<UserId>,
    now: DateTime<Utc>,
}

fn assemble(
    me: UserId,
    row: &MatchRow,
    peer: &users::UserRow,
    call_summary: CallSummary,
    live_session: Option<SessionView>,
    seen: Seen<'_>,
) -> AppResult<MatchView> {
    let record = row.record()?;
    // Nobody outside a live match learns anything of the other person's presence.
    let presence = (record.status != MatchStatus::Closed)
        .then(|| peer.presence(seen.online.contains(&peer.id()), seen.now));
    Ok(MatchView {
        id: record.id,
        status: record.status,
        closed_reason: closed_reason_seen_by(record.closed_reason, row.closed_by.map(UserId), me),
        peer: peer.peer(seen.now.date_naive(), presence),
        compatibility: row.compatibility(),
        my_decision: record.decision_of(me),
        created_at: row.created_at,
        updated_at: row.updated_at,
        call_summary,
        live_session,
        calls_allowed: !row.calls_off_for(me),
        // Like presence, only a live match learns whether the other person takes calls.
        peer_available: record.status != MatchStatus::Closed
            && peer.availability().takes_calls_at(seen.now)
            && !row.calls_off_for(peer.id()),
    })
}
