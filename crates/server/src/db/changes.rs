//! Where a sync answer ends: the change sequence, and pages of it.
//!
//! Every write stamps the rows it changes with the same `change_seq` (one value per
//! transaction, rising with each commit), so "everything after C up to E" is a consistent cut
//! as long as E is a value that was read from the counter or from a committed row.

use super::Statement;
use meetcute_domain::UserId;
use sqlx::SqlitePool;

/// The last committed change, and where a page after `after` holding about `limit` of
/// `user`'s matches or calls (whichever runs out first) ends: a page holds every change of
/// the writes it reaches, so it may hold more. No limit: the page is everything.
pub async fn page(
    db: &SqlitePool,
    user: UserId,
    after: i64,
    limit: Option<u32>,
) -> Result<Page, sqlx::Error> {
    let Some(limit) = limit else {
        let (latest,): (i64,) = Statement::new("SELECT value FROM change_counter WHERE id = 1")
            .fetch_optional(db)
            .await?
            .unwrap_or((0,));
        return Ok(Page {
            latest,
            end: latest,
        });
    };
    // The `limit`-th change of each kind after `after`; the page ends at the earlier one.
    let nth = i64::from(limit.max(1)) - 1;
    let (latest, nth_change): (i64, Option<i64>) = Statement::new(
        "SELECT (SELECT value FROM change_counter WHERE id = 1), MIN(seq) FROM (
             SELECT (SELECT change_seq FROM matches
                     WHERE (user_a = ? OR user_b = ?) AND change_seq > ?
                     ORDER BY change_seq LIMIT 1 OFFSET ?) AS seq
             UNION ALL
             SELECT (SELECT change_seq FROM call_sessions
                     WHERE (caller_id = ? OR callee_id = ?) AND change_seq > ?
                     ORDER BY change_seq LIMIT 1 OFFSET ?) AS seq) AS nth",
    )
    .bind(user.0)
    .bind(user.0)
    .bind(after)
    .bind(nth)
    .bind(user.0)
    .bind(user.0)
    .bind(after)
    .bind(nth)
    .fetch_optional(db)
    .await?
    .unwrap_or((0, None));
    Ok(Page {
        latest,
        end: nth_change.map_or(latest, |seq| seq.min(latest)),
    })
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub latest: i64,
    pub end: i64,
}
