//! People, on SQLite.

use super::{On, Statement, Tx, packed, to_text};
use crate::db::users::{COLUMNS, NewUser, ProfileChange, UserRow};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;
use meetcute_domain::availability::Availability;
use sqlx::SqlitePool;

pub async fn insert(tx: &mut Tx, new: NewUser<'_>) -> Result<Option<UserRow>, sqlx::Error> {
    let genders: Vec<String> = new.interested_in.iter().map(to_text).collect();
    tx.fetch_optional(
        Statement::new(format!(
            "INSERT INTO users (email, password_hash, display_name, birthdate, gender, interested_in, \
             created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (email) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(new.email)
        .bind(new.password_hash)
        .bind(new.display_name)
        .bind(new.birthdate)
        .bind(to_text(&new.gender))
        .bind(genders.join(","))
        .bind(new.now)
        .bind(new.now),
    )
    .await
}

pub async fn by_email(db: &SqlitePool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = ?"))
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn by_id<'a>(on: impl Into<On<'a>>, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    on.into()
        .fetch_optional(
            Statement::new(format!("SELECT {COLUMNS} FROM users WHERE id = ?")).bind(id.0),
        )
        .await
}

pub async fn recently_active(
    db: &SqlitePool,
    me: UserId,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE id <> ? AND last_active_at >= ? \
         ORDER BY last_active_at DESC LIMIT ?"
    ))
    .bind(me.0)
    .bind(since)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub fn update_profile(tx: &mut Tx, id: UserId, change: ProfileChange<'_>) {
    tx.queue(
        Statement::new(
            "UPDATE users SET display_name = ?, bio = ?, interests = ?, age_min = ?, age_max = ?, city = ? \
             WHERE id = ?",
        )
        .bind(change.display_name)
        .bind(change.bio)
        .bind(change.interests.join(","))
        .bind(change.age_min)
        .bind(change.age_max)
        .bind(change.city)
        .bind(id.0),
    );
}

pub fn touch(tx: &mut Tx, id: UserId, now: DateTime<Utc>) {
    tx.queue(
        Statement::new("UPDATE users SET last_active_at = ? WHERE id = ?")
            .bind(now)
            .bind(id.0),
    );
}

pub async fn by_ids(db: &SqlitePool, ids: &[UserId]) -> Result<Vec<UserRow>, sqlx::Error> {
    let select = packed::select(
        COLUMNS,
        "users WHERE id IN (SELECT value FROM json_each(?))",
    );
    let ids = packed::id_list(ids.iter().map(|id| id.0));
    packed::fetch(db, select.bind(ids)).await
}

pub fn set_availability(tx: &mut Tx, id: UserId, availability: Availability) {
    tx.queue(
        Statement::new(
            "UPDATE users SET available = ?, available_until = ?, hide_presence = ? WHERE id = ?",
        )
        .bind(availability.available)
        .bind(availability.until)
        .bind(availability.hide_presence)
        .bind(id.0),
    );
}
