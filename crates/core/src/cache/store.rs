//! Writing server data into the cache, deciding at the same time what the UI must be told.
//! Dedupe rules: a session is announced once per (id, status) and never goes back (live →
//! terminal only); a match older than the cached one (`updated_at`) is ignored; "mutual
//! match" is announced by whichever path first sees the match turn `matched`.

use super::Cache;
use super::bulk::{SessionOutcome, refresh_call_counts, upsert_matches, upsert_sessions};
use super::reaching::{set_presence, upsert_call_requests};
use crate::error::{CoreError, CoreResult};
use meetcute_domain::app::AppEvent;
use meetcute_domain::call_requests::CallRequest;
use meetcute_domain::wire::{CallerInfo, MatchView, SessionView, SyncResponse};
use meetcute_domain::{CallRole, CallStatus, MatchId, UserId};
use sqlx::SqliteConnection;

/// What a write changed, as the events to emit (in order).
#[derive(Debug, Default)]
pub struct Applied {
    pub events: Vec<AppEvent>,
}

#[derive(Debug, Default)]
struct Batch {
    sessions: Vec<AppEvent>,
    matches_changed: bool,
    became_mutual: Vec<MatchId>,
    /// Requests that changed while the socket was down (a catch-up), to announce.
    requests: Vec<CallRequest>,
}

struct Writer<'c> {
    _guard: tokio::sync::MutexGuard<'c, ()>,
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    batch: Batch,
}

impl Cache {
    pub async fn apply_matches(&self, views: &[MatchView]) -> CoreResult<Applied> {
        let mut w = self.writer().await?;
        write_all(&mut w, views, &[], None, true).await?;
        self.finish(w).await
    }

    /// A session from the socket or from an answer to one of my own requests.
    pub async fn apply_session(
        &self,
        view: &SessionView,
        caller: Option<&CallerInfo>,
    ) -> CoreResult<Applied> {
        let mut w = self.writer().await?;
        write_all(&mut w, &[], std::slice::from_ref(view), caller, true).await?;
        self.finish(w).await
    }

    /// One `/api/sync` answer (or page of one), in one transaction with the new cursor: all
    /// or nothing. `from` is the cursor the catch-up started at: the pages of a first full
    /// load (from 0) do not replay old calls as news; later catch-ups do.
    pub async fn apply_sync(&self, response: &SyncResponse, from: i64) -> CoreResult<Applied> {
        if response.cursor < 0 {
            return Err(CoreError::BadResponse("negative sync cursor".into()));
        }
        let mut w = self.writer().await?;
        let catch_up = from > 0;
        write_all(&mut w, &response.matches, &response.calls, None, catch_up).await?;
        let requests = upsert_call_requests(&mut w.tx, &response.call_requests).await?;
        let presence = set_presence(&mut w.tx, &response.presence).await?;
        w.batch.matches_changed |= !requests.is_empty() || presence;
        if catch_up {
            w.batch.requests = requests;
        }
        sqlx::query("UPDATE sync_state SET cursor = MAX(cursor, ?) WHERE id = 1")
            .bind(response.cursor)
            .execute(&mut *w.tx)
            .await?;
        self.finish(w).await
    }

    async fn writer(&self) -> CoreResult<Writer<'_>> {
        let guard = self.write.lock().await;
        Ok(Writer {
            _guard: guard,
            tx: self.pool.begin().await?,
            batch: Batch::default(),
        })
    }

    /// Commits (an error before this rolls everything back), then builds the events.
    async fn finish(&self, w: Writer<'_>) -> CoreResult<Applied> {
        let Writer { _guard, tx, batch } = w;
        tx.commit().await?;
        drop(_guard);
        let mut events = batch.sessions;
        if batch.matches_changed {
            events.push(AppEvent::MatchesChanged);
        }
        for id in batch.became_mutual {
            if let Some(card) = self.card(id).await? {
                events.push(AppEvent::MutualMatch {
                    card: Box::new(card),
                });
            }
        }
        for request in batch.requests {
            events.push(self.request_event(request).await?);
        }
        Ok(Applied { events })
    }
}

/// Matches first (with their live sessions), then sessions; `news` says whether this is news
/// to announce (not the first full load of a fresh cache).
async fn write_all(
    w: &mut Writer<'_>,
    matches: &[MatchView],
    calls: &[SessionView],
    caller: Option<&CallerInfo>,
    news: bool,
) -> CoreResult<()> {
    let refs: Vec<&MatchView> = matches.iter().collect();
    let written = upsert_matches(&mut w.tx, &refs).await?;
    w.batch.matches_changed |= !written.is_empty();
    let mut sessions: Vec<&SessionView> = Vec::with_capacity(calls.len());
    for (i, turned) in written {
        if turned && news {
            w.batch.became_mutual.push(matches[i].id);
        }
        sessions.extend(matches[i].live_session.as_ref());
    }
    sessions.extend(calls.iter());
    let outcomes = upsert_sessions(&mut w.tx, &sessions).await?;
    let mut touched: Vec<i64> = sessions.iter().map(|s| s.match_id.0).collect();
    touched.extend(matches.iter().map(|m| m.id.0));
    touched.sort_unstable();
    touched.dedup();
    refresh_call_counts(&mut w.tx, &touched).await?;
    for (view, outcome) in sessions.into_iter().zip(outcomes) {
        announce(&mut w.tx, &mut w.batch, view, outcome, caller, news).await?;
    }
    Ok(())
}

async fn announce(
    tx: &mut SqliteConnection,
    batch: &mut Batch,
    view: &SessionView,
    outcome: SessionOutcome,
    caller: Option<&CallerInfo>,
    announce_new_terminal: bool,
) -> CoreResult<()> {
    let event = match outcome {
        SessionOutcome::Unchanged => None,
        SessionOutcome::New
            if view.status == CallStatus::Ringing && view.role == CallRole::Callee =>
        {
            let caller = match caller {
                Some(c) => c.clone(),
                None => caller_info(tx, view.caller_id).await?,
            };
            Some(AppEvent::IncomingCall {
                session: view.clone(),
                caller,
            })
        }
        SessionOutcome::New if view.status.is_terminal() && !announce_new_terminal => None,
        SessionOutcome::New | SessionOutcome::StatusChanged => Some(AppEvent::CallUpdated {
            session: view.clone(),
        }),
    };
    if outcome != SessionOutcome::Unchanged {
        batch.matches_changed = true;
    }
    batch.sessions.extend(event);
    Ok(())
}

async fn caller_info(tx: &mut SqliteConnection, id: UserId) -> CoreResult<CallerInfo> {
    let name: Option<String> = sqlx::query_scalar("SELECT display_name FROM peers WHERE id = ?")
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(CallerInfo {
        id,
        display_name: name.unwrap_or_default(),
    })
}
