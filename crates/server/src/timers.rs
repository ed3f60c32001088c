//! Server-owned deadlines: ring timeout, first-call cap, disconnect grace.
//! Each is a sleeping task; all are rebuilt from the database at start-up, so a restart loses none.

use crate::service::calls;
use crate::shutdown::Shutdown;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use meetcute_domain::{SessionId, UserId};

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
