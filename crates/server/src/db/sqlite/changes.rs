//! The change sequence on SQLite: one counter row, bumped once by each write transaction that
//! changes a match or a session (there is one writer, so commits are in counter order).

use super::Statement;
use crate::db::changes::Page;
use meetcute_domain::UserId;
use sqlx::SqlitePool;

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
            more: false,
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
    let end = nth_change.map_or(latest, |seq| seq.min(latest));
    // The counter moves only with writes: a page that ends before it may end just before others'
    // changes, and the next page is then empty.
    Ok(Page {
        latest,
        end,
        more: end < latest,
    })
}
