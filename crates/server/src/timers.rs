//! Server-owned deadlines: ring timeout, first-call cap, disconnect grace.
//! Each is a sleeping task; all are rebuilt from the database at start-up, so a restart loses none.

use crate::service::calls;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use meetcute_domain::{SessionId, UserId};
use tokio::sync::watch;

#[derive(Clone)]
pub struct Timers {
    stop: watch::Sender<bool>,
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            stop: watch::channel(false).0,
        }
    }
}

impl Timers {
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
        let mut stop = self.stop.subscribe();
        let wait = (at - Utc::now()).to_std().unwrap_or_default();
        tokio::spawn(async move {
            let stopped = async move {
                while !*stop.borrow() {
                    if stop.changed().await.is_err() {
                        break;
                    }
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => work.await,
                _ = stopped => {}
            }
        });
    }

    /// Cancels every pending deadline (they are re-derived from the database at the next start).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}
