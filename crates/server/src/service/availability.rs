//! "Available for calls": a person's switch and hidden presence, and "no calls from this match for
//! now". Changing either changes what the other people see on their cards, so their matches are
//! marked changed (a sync carries them) and announced.

use crate::db::{self, matches, users};
use crate::error::{AppError, AppResult};
use crate::service::notices::Notices;
use crate::service::{presence, views};
use crate::state::AppState;
use meetcute_domain::availability::Availability;
use meetcute_domain::profile::InvalidField;
use meetcute_domain::wire::MatchView;
use meetcute_domain::{MatchId, UserId};

pub async fn get(state: &AppState, me: UserId) -> AppResult<Availability> {
    let user = users::by_id(&state.db, me)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(user.availability().settled_at(db::now()))
}

pub async fn set(state: &AppState, me: UserId, wanted: Availability) -> AppResult<Availability> {
    let now = db::now();
    wanted.validate(now).map_err(|why| InvalidField {
        field: "until",
        message: why.0.to_owned(),
    })?;
    let before = get(state, me).await?;
    let mut tx = state.db.begin().await?;
    users::set_availability(&mut tx, me, wanted).await?;
    matches::touch_all_of(&mut tx, me, now).await?;
    tx.commit().await?;
    let mut notices = Notices::default();
    for partner in matches::live_partners(&state.db, me).await? {
        notices.match_changed(
            MatchId(partner.match_id),
            vec![UserId(partner.user_id)],
            false,
        );
    }
    notices.deliver(state).await;
    if before.hide_presence != wanted.hide_presence {
        presence::announce(state, me).await?;
    }
    Ok(wanted)
}

/// "No calls from this match for now" (`allowed: false`), or calls again.
pub async fn set_calls_allowed(
    state: &AppState,
    me: UserId,
    id: MatchId,
    allowed: bool,
) -> AppResult<MatchView> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let row = matches::get(&mut tx, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let record = row.record()?;
    let peer = record.peer_of(me).ok_or_else(AppError::not_found)?;
    matches::set_calls_off(&mut tx, &record, me, !allowed, now).await?;
    tx.commit().await?;
    let mut notices = Notices::default();
    notices.match_changed(id, vec![peer], false);
    notices.deliver(state).await;
    let row = matches::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    views::match_view(state, me, &row).await
}
