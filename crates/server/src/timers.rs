//! Server-owned deadlines: ring timeout, first-call cap, disconnect grace.
//! Each is a sleeping task; all are rebuilt from the database at start-up, so a restart loses none.
//!
//! With several instances on one database the instance that armed a deadline may be gone, so each
//! instance also sweeps the database for deadlines past due ([`spawn_sweeper`]). Two instances may
//! then handle one deadline, but only one changes anything: handling locks the session's match and
//! applies the rules to what it reads after the lock, and the second finds the session already
//! changed (so each person hears `call.ended` or `call.missed` once).

use crate::db;
use crate::service::calls;
use crate::shutdown::Shutdown;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use meetcute_domain::{SessionId, UserId};
use std::time::Duration;

/// How often each instance looks for deadlines past due: how late one can fire when the instance
/// that armed it died.
const SWEEP_EVERY: Duration = Duration::from_millis(250);

/// Deadlines wait until they are due or the server stops.
#[derive(Clone, Default)]
pub struct Timers {
    shutdown: Shutdown,
}

impl Timers {
    pub fn new(shutdown: Shutdown) -> Self {
        Self { shutdown }
    }

    /// Re-checks `session` at `at` (ring timeout or cap; the rules decide what applies).
    pub fn at_deadline(&self, state: &AppState, session: SessionId, at: DateTime<Utc>) {
        let state = state.clone();
        self.spawn_at(at, async move {
            if let Err(err) = calls::on_deadline(&state, session).await {
                tracing::error!(%session, error = %err, "deadline handling failed");
            }
        });
    }

    /// Completes `session` at `at` unless `user`, gone since `since`, is back.
    pub fn at_disconnect_grace(
        &self,
        state: &AppState,
        session: SessionId,
        user: UserId,
        since: DateTime<Utc>,
        at: DateTime<Utc>,
    ) {
        let state = state.clone();
        self.spawn_at(at, async move {
            if let Err(err) = calls::on_disconnect_grace(&state, session, user, since).await {
                tracing::error!(%session, error = %err, "disconnect handling failed");
            }
        });
    }

    fn spawn_at(&self, at: DateTime<Utc>, work: impl Future<Output = ()> + Send + 'static) {
        let shutdown = self.shutdown.clone();
        let wait = (at - Utc::now()).to_std().unwrap_or_default();
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep(wait) => work.await,
                _ = shutdown.triggered() => {}
            }
        });
    }
}

/// Runs `work` every `period` until the server stops; a late round is not made up for.
pub fn every<F, Fut>(state: &AppState, period: Duration, work: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let state = state.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = state.shutdown.triggered() => break,
            }
            work(state.clone()).await;
        }
    });
}

/// Fires deadlines past due that no timer of this instance fired (see the module's comment).
pub fn spawn_sweeper(state: &AppState) {
    every(state, SWEEP_EVERY, |state| async move {
        let due = match db::sessions::past_deadline(&state.db, db::now(), &state.timings).await {
            Ok(due) => due,
            Err(err) => {
                tracing::warn!(error = %err, "sweeping deadlines failed");
                return;
            }
        };
        for session in due {
            if let Err(err) = calls::on_deadline(&state, session).await {
                tracing::error!(%session, error = %err, "deadline handling failed");
            }
        }
    });
}
