//! Where a sync answer ends: the change cursor, and pages of it.
//!
//! Every write stamps the rows it changes with one value per transaction (`change_seq`), and the
//! backends answer a `latest` cursor below which nothing can still appear: "everything after C up
//! to E" is then a consistent cut, and a reader that syncs in a loop never skips a change.

use super::{Db, postgres, sqlite};
use meetcute_domain::UserId;

/// The last settled change, and where a page after `after` holding about `limit` of `user`'s
/// matches or calls (whichever runs out first) ends: a page holds every change of the writes it
/// reaches, so it may hold more. No limit: the page is everything.
pub async fn page(
    db: &Db,
    user: UserId,
    after: i64,
    limit: Option<u32>,
) -> Result<Page, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::changes::page(db.reader(), user, after, limit).await,
        Db::Postgres(db) => postgres::changes::page(db.pool(), user, after, limit).await,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub latest: i64,
    pub end: i64,
    /// Changes of the person are left after `end`.
    pub more: bool,
}
