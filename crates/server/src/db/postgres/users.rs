//! People, on PostgreSQL.

use super::{On, Tx};
use crate::db::to_text;
use crate::db::users::{COLUMNS, NewUser, ProfileChange, UserRow};
use chrono::{DateTime, Utc};
use meetcute_domain::UserId;
use meetcute_domain::availability::Availability;
use sqlx::PgPool;

pub async fn insert(tx: &mut Tx, new: NewUser<'_>) -> Result<Option<UserRow>, sqlx::Error> {
    let genders: Vec<String> = new.interested_in.iter().map(to_text).collect();
    sqlx::query_as(&format!(
        "INSERT INTO users (email, password_hash, display_name, birthdate, gender, interested_in, \
         created_at, last_active_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (email) DO NOTHING RETURNING {COLUMNS}"
    ))
    .bind(new.email)
    .bind(new.password_hash)
    .bind(new.display_name)
    .bind(new.birthdate)
    .bind(to_text(&new.gender))
    .bind(genders.join(","))
    .bind(new.now)
    .fetch_optional(&mut *tx.inner)
    .await
}

pub async fn by_email(db: &PgPool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn by_id(on: On<'_>, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    let query = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let query = sqlx::query_as(&query).bind(id.0);
    match on {
        On::Pool(pool) => query.fetch_optional(pool).await,
        On::Tx(tx) => query.fetch_optional(&mut *tx.inner).await,
    }
}

pub async fn by_ids(db: &PgPool, ids: &[UserId]) -> Result<Vec<UserRow>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = ANY($1)"))
        .bind(ids)
        .fetch_all(db)
        .await
}

pub async fn recently_active(
    db: &PgPool,
    me: UserId,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM users WHERE id <> $1 AND last_active_at >= $2 \
         ORDER BY last_active_at DESC LIMIT $3"
    ))
    .bind(me.0)
    .bind(since)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn update_profile(
    tx: &mut Tx,
    id: UserId,
    change: ProfileChange<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $1, bio = $2, interests = $3, age_min = $4, age_max = $5, \
         city = $6 WHERE id = $7",
    )
    .bind(change.display_name)
    .bind(change.bio)
    .bind(change.interests.join(","))
    .bind(i64::from(change.age_min))
    .bind(i64::from(change.age_max))
    .bind(change.city)
    .bind(id.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}

pub async fn touch(tx: &mut Tx, id: UserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_active_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.0)
        .execute(&mut *tx.inner)
        .await
        .map(drop)
}

pub async fn set_availability(
    tx: &mut Tx,
    id: UserId,
    availability: Availability,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET available = $1, available_until = $2, hide_presence = $3 WHERE id = $4",
    )
    .bind(availability.available)
    .bind(availability.until)
    .bind(availability.hide_presence)
    .bind(id.0)
    .execute(&mut *tx.inner)
    .await
    .map(drop)
}
