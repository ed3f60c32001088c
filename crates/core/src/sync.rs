//! Delta catch-up: `GET /api/sync?cursor=C&limit=N`, page by page. Each page is applied to the
//! cache in one transaction with its cursor, so a bad answer leaves the cache as the previous
//! page left it and the next sync goes on from there. The next page is fetched while this one
//! is written: the server and the cache work side by side.

use crate::Inner;
use crate::error::{CoreError, CoreResult};
use meetcute_domain::app::AppEvent;
use meetcute_domain::wire::SyncResponse;
use std::time::{Duration, Instant};

/// Matches or calls per page: few enough that writing one page overlaps fetching the next,
/// enough that the requests cost little (a 10,000-call history comes in five).
const PAGE: u32 = 2_000;

/// What one sync brought.
#[derive(Debug, Clone, Copy)]
pub struct SyncReport {
    pub matches: usize,
    pub calls: usize,
    pub pages: usize,
    /// Bytes of the answers' bodies on the wire.
    pub bytes: usize,
    pub cursor: i64,
    /// Waiting for the server with nothing to write (request, server and decoding): the
    /// time the sync took beyond `apply_time`.
    pub fetch_time: Duration,
    /// Writing the pages into the cache.
    pub apply_time: Duration,
}

struct Page {
    response: SyncResponse,
    bytes: usize,
}

pub async fn sync_once(inner: &Inner) -> CoreResult<SyncReport> {
    if !inner.api.has_token() {
        return Err(CoreError::NotSignedIn);
    }
    let _one_at_a_time = inner.sync_lock.lock().await;
    let _syncing = inner.events.begin_sync();
    let from = inner.cache.cursor().await?;
    let mut report = SyncReport {
        matches: 0,
        calls: 0,
        pages: 0,
        bytes: 0,
        cursor: from,
        fetch_time: Duration::ZERO,
        apply_time: Duration::ZERO,
    };
    let mut events = Vec::new();
    // Pages already written stay written, and their news is told, whatever a later one does.
    let outcome = catch_up(inner, from, &mut report, &mut events).await;
    for event in events {
        inner.events.emit(event);
    }
    outcome?;
    if report.matches + report.calls > 500 {
        inner.cache.checkpoint_later();
    }
    tracing::debug!(?report, from, "synced");
    Ok(report)
}

async fn catch_up(
    inner: &Inner,
    from: i64,
    report: &mut SyncReport,
    events: &mut Vec<AppEvent>,
) -> CoreResult<()> {
    let started = Instant::now();
    let mut page = fetch(inner, from).await;
    loop {
        let Page { response, bytes } = page?;
        if response.more && response.cursor <= report.cursor {
            return Err(CoreError::BadResponse(format!(
                "sync page at cursor {} promised more without moving on",
                response.cursor
            )));
        }
        let apply = async {
            let writing = Instant::now();
            let applied = inner.cache.apply_sync(&response, from).await;
            (applied, writing.elapsed())
        };
        let ((applied, writing), next) = if response.more {
            let (applied, next) = tokio::join!(apply, fetch(inner, response.cursor));
            (applied, Some(next))
        } else {
            (apply.await, None)
        };
        let applied = applied?;
        report.apply_time += writing;
        report.fetch_time = started.elapsed().saturating_sub(report.apply_time);
        report.pages += 1;
        report.matches += response.matches.len();
        report.calls += response.calls.len();
        report.bytes += bytes;
        report.cursor = response.cursor.max(report.cursor);
        merge(events, applied.events);
        match next {
            Some(next) => page = next,
            None => return Ok(()),
        }
    }
}

async fn fetch(inner: &Inner, cursor: i64) -> CoreResult<Page> {
    let path = format!("/api/sync?cursor={cursor}&limit={PAGE}");
    let (response, bytes) = inner.api.get_sized::<SyncResponse>(&path).await?;
    Ok(Page { response, bytes })
}

/// A page's events after the earlier pages', with "matches changed" told once.
fn merge(events: &mut Vec<AppEvent>, page: Vec<AppEvent>) {
    for event in page {
        let repeated = event == AppEvent::MatchesChanged && events.contains(&event);
        if !repeated {
            events.push(event);
        }
    }
}
