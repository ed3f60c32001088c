//! Discover: propose new matches by mutual preferences, shared interests and recent activity.

use crate::db::{self, matches, users};
use crate::error::{AppError, AppResult};
use crate::service::notices::Notices;
use crate::service::views;
use crate::state::AppState;
use chrono::Duration;
use meetcute_domain::UserId;
use meetcute_domain::compatibility::compatibility;
use meetcute_domain::wire::MatchView;
use std::collections::HashSet;

/// Only people active this recently are proposed.
const ACTIVE_WITHIN: Duration = Duration::days(30);
/// How many recently active people one discovery looks at.
const CANDIDATE_POOL: i64 = 500;

pub async fn discover(state: &AppState, me: UserId) -> AppResult<Vec<MatchView>> {
    let now = db::now();
    let today = now.date_naive();
    let me_row = users::by_id(&state.db, me)
        .await?
        .ok_or_else(AppError::not_found)?;
    let me_candidate = me_row.candidate(today)?;
    let partners: HashSet<UserId> = matches::partners_of(&state.db, me)
        .await?
        .into_iter()
        .collect();
    let pool = users::recently_active(&state.db, me, now - ACTIVE_WITHIN, CANDIDATE_POOL).await?;

    let mut ranked = Vec::new();
    for other in pool.iter().filter(|u| !partners.contains(&u.id())) {
        if let Some(why) = compatibility(&me_candidate, &other.candidate(today)?, now) {
            ranked.push((why, other.id()));
        }
    }
    ranked.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(a.1.cmp(&b.1)));

    let limit = i64::from(state.config.max_open_proposals);
    let mut tx = state.db.begin().await?;
    let mut room = limit - matches::open_proposals(&mut tx, me).await?;
    let mut created = Vec::new();
    for (why, other) in ranked {
        if room <= 0 {
            break;
        }
        if matches::open_proposals(&mut tx, other).await? >= limit {
            continue;
        }
        if let Some(row) = matches::insert_proposal(&mut tx, me, other, &why, now).await? {
            created.push((row, other));
            room -= 1;
        }
    }
    tx.commit().await?;

    let mut notices = Notices::default();
    for (row, other) in &created {
        notices.match_changed(meetcute_domain::MatchId(row.id), vec![*other], false);
    }
    notices.deliver(state).await;
    let rows: Vec<_> = created.into_iter().map(|(row, _)| row).collect();
    views::match_views(state, me, &rows).await
}
