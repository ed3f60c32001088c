//! Presence: who of my live matches' people is around, told to nobody else. A person's presence is
//! announced to their live matches when their first socket on an instance opens and when their last
//! socket anywhere closes; a reconnecting client reads it all in its sync.

use crate::db::{self, matches, users};
use crate::error::AppResult;
use crate::state::AppState;
use meetcute_domain::presence::presence_of;
use meetcute_domain::wire::{MatchPresence, ServerMessage};
use meetcute_domain::{MatchId, UserId};

/// Where the other person of each of `me`'s live matches is now.
pub async fn of_my_matches(state: &AppState, me: UserId) -> AppResult<Vec<MatchPresence>> {
    let partners = matches::live_partners(&state.db, me).await?;
    let ids = partners.iter().map(|p| UserId(p.user_id)).collect();
    let online = state.live.connected_among(ids).await;
    let now = db::now();
    Ok(partners
        .into_iter()
        .map(|p| MatchPresence {
            match_id: MatchId(p.match_id),
            presence: presence_of(
                p.hide_presence,
                online.contains(&UserId(p.user_id)),
                p.last_active_at,
                now,
            ),
        })
        .collect())
}

/// Tells each live match of `user` where `user` is now.
pub async fn announce(state: &AppState, user: UserId) -> AppResult<()> {
    let Some(row) = users::by_id(&state.db, user).await? else {
        return Ok(());
    };
    let (partners, online) = tokio::join!(
        matches::live_partners(&state.db, user),
        state.live.is_connected(user)
    );
    let presence = row.presence(online, db::now());
    for partner in partners? {
        state.live.publish(
            UserId(partner.user_id),
            ServerMessage::PresenceUpdated {
                match_id: MatchId(partner.match_id),
                presence,
            },
        );
    }
    Ok(())
}

/// The person's last socket closed: "last seen" counts from now, not from their last request.
pub async fn seen_now(state: &AppState, user: UserId) {
    let stored = async {
        let mut tx = state.db.begin().await?;
        users::touch(&mut tx, user, db::now()).await?;
        tx.commit().await
    };
    if let Err(error) = stored.await {
        tracing::warn!(%error, user_id = %user, "could not record when a person was last seen");
    }
}

/// [`announce`] in the background: a socket's opening or closing does not wait for it.
pub fn announce_soon(state: &AppState, user: UserId) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = announce(&state, user).await {
            tracing::warn!(%error, user_id = %user, "could not announce a presence change");
        }
    });
}
