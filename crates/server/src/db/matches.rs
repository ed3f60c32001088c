//! Matches: the rules' `MatchRecord` plus why the pair was proposed.

use super::{Backend, Db, On, Tx, from_text, postgres, split_list, sqlite};
use chrono::{DateTime, Utc};
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::{MatchId, MatchRecord, UserId};

/// The columns of a [`MatchRow`], in field order.
pub(crate) const COLUMNS: &str = "id, user_a, user_b, status, closed_reason, decision_a, decision_b, \
                                  score, shared_interests, created_at, updated_at, change_seq, closed_by, \
                                  calls_off_a, calls_off_b";

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct MatchRow {
    pub id: i64,
    pub user_a: i64,
    pub user_b: i64,
    pub status: String,
    pub closed_reason: Option<String>,
    pub decision_a: Option<String>,
    pub decision_b: Option<String>,
    pub score: i64,
    pub shared_interests: String,
    #[serde(with = "meetcute_domain::wire_time")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "meetcute_domain::wire_time")]
    pub updated_at: DateTime<Utc>,
    pub change_seq: i64,
    pub closed_by: Option<i64>,
    #[serde(deserialize_with = "super::flag")]
    pub calls_off_a: bool,
    #[serde(deserialize_with = "super::flag")]
    pub calls_off_b: bool,
}

impl MatchRow {
    pub fn record(&self) -> Result<MatchRecord, sqlx::Error> {
        Ok(MatchRecord {
            id: MatchId(self.id),
            user_a: UserId(self.user_a),
            user_b: UserId(self.user_b),
            status: from_text(&self.status)?,
            closed_reason: self.closed_reason.as_deref().map(from_text).transpose()?,
            decision_a: self.decision_a.as_deref().map(from_text).transpose()?,
            decision_b: self.decision_b.as_deref().map(from_text).transpose()?,
            created_at: self.created_at,
        })
    }

    /// Whether `user` switched calls from this match off ("No calls from this match for now").
    pub fn calls_off_for(&self, user: UserId) -> bool {
        if user.0 == self.user_a {
            self.calls_off_a
        } else {
            self.calls_off_b
        }
    }

    pub fn compatibility(&self) -> Compatibility {
        Compatibility {
            score: self.score.clamp(0, 100) as u8,
            shared_interests: split_list(&self.shared_interests),
        }
    }
}

/// Proposes a pair; `None` if the two already have a match.
pub async fn insert_proposal(
    tx: &mut Tx,
    one: UserId,
    other: UserId,
    why: &Compatibility,
    now: DateTime<Utc>,
) -> Result<Option<MatchRow>, sqlx::Error> {
    let (a, b) = if one < other {
        (one, other)
    } else {
        (other, one)
    };
    match tx {
        Tx::Sqlite(tx) => sqlite::matches::insert_proposal(tx, a, b, why, now).await,
        Tx::Postgres(tx) => postgres::matches::insert_proposal(tx, a, b, why, now).await,
    }
}

/// A match; read in a transaction, it is the rules' input, and PostgreSQL locks it until the
/// transaction ends.
pub async fn get<'a>(on: impl Into<On<'a>>, id: MatchId) -> Result<Option<MatchRow>, sqlx::Error> {
    match on.into().backend() {
        Backend::Sqlite(on) => sqlite::matches::get(on, id).await,
        Backend::Postgres(on) => postgres::matches::get(on, id).await,
    }
}

/// Stores the rules' new state of a match and marks it changed.
pub async fn save(
    tx: &mut Tx,
    record: &MatchRecord,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, matches::save(record, now))
}

/// Records who closed the match (the change itself is saved by [`save`]).
pub async fn set_closed_by(tx: &mut Tx, id: MatchId, by: UserId) -> Result<(), sqlx::Error> {
    write_on!(tx, matches::set_closed_by(id, by))
}

/// Switches calls from this match off (or on again) for `user`, and marks the match changed.
pub async fn set_calls_off(
    tx: &mut Tx,
    record: &MatchRecord,
    user: UserId,
    off: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let of_a = record.user_a == user;
    write_on!(tx, matches::set_calls_off(record.id, of_a, off, now))
}

/// Marks a match changed without changing it (one of its call requests changed).
pub async fn touch(tx: &mut Tx, id: MatchId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    write_on!(tx, matches::touch(id, now))
}

/// Marks every match of `user` changed (their profile changed).
pub async fn touch_all_of(
    tx: &mut Tx,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, matches::touch_all_of(user, now))
}

/// A report of the other person in a match, as stored.
pub struct Report<'a> {
    pub match_id: MatchId,
    pub reporter: UserId,
    pub reported: UserId,
    pub reason: &'a str,
    pub details: &'a str,
    pub now: DateTime<Utc>,
}

/// Stores `reporter`'s report of the other person in `record`.
pub async fn insert_report(
    tx: &mut Tx,
    record: &MatchRecord,
    reporter: UserId,
    reason: &str,
    details: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let report = Report {
        match_id: record.id,
        reporter,
        reported: record.peer_of(reporter).unwrap_or(reporter),
        reason,
        details,
        now,
    };
    write_on!(tx, matches::insert_report(&report))
}

/// My matches whose last change is after `after` and not after `upto`, newest first.
pub async fn of_user_changed(
    db: &Db,
    user: UserId,
    after: i64,
    upto: i64,
) -> Result<Vec<MatchRow>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::matches::of_user_changed(db.reader(), user, after, upto).await,
        Db::Postgres(db) => postgres::matches::of_user_changed(db.pool(), user, after, upto).await,
    }
}

/// Everyone `user` already has a match with, in any status.
pub async fn partners_of(db: &Db, user: UserId) -> Result<Vec<UserId>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::matches::partners_of(db.reader(), user).await,
        Db::Postgres(db) => postgres::matches::partners_of(db.pool(), user).await,
    }
}

/// The other person of one of `user`'s live (not closed) matches, with what their presence shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LivePartner {
    pub match_id: i64,
    pub user_id: i64,
    pub hide_presence: bool,
    pub last_active_at: DateTime<Utc>,
}

/// Everyone `user` has a live match with: who may see their presence, and whose they may see.
pub async fn live_partners(db: &Db, user: UserId) -> Result<Vec<LivePartner>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::matches::live_partners(db.reader(), user).await,
        Db::Postgres(db) => postgres::matches::live_partners(db.pool(), user).await,
    }
}

/// Open proposals of `user`. On PostgreSQL this locks `user`'s row for the transaction, so two
/// discoveries of one person cannot both see room for a proposal.
pub async fn open_proposals(tx: &mut Tx, user: UserId) -> Result<i64, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::matches::open_proposals(tx, user).await,
        Tx::Postgres(tx) => postgres::matches::open_proposals(tx, user).await,
    }
}

/// Proposals old enough to expire.
pub async fn proposed_before(db: &Db, before: DateTime<Utc>) -> Result<Vec<MatchId>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::matches::proposed_before(db.reader(), before).await,
        Db::Postgres(db) => postgres::matches::proposed_before(db.pool(), before).await,
    }
}
