//! People: accounts and profiles.

use super::{On, Statement, Tx, from_text, packed, split_list, to_text};
use chrono::{DateTime, NaiveDate, Utc};
use meetcute_domain::UserId;
use meetcute_domain::compatibility::Candidate;
use meetcute_domain::profile::{Gender, age_on};
use meetcute_domain::wire::{Peer, Profile, User};
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub birthdate: NaiveDate,
    pub gender: String,
    pub interested_in: String,
    pub bio: String,
    pub interests: String,
    pub age_min: i64,
    pub age_max: i64,
    pub city: String,
    #[serde(with = "meetcute_domain::wire_time")]
    pub last_active_at: DateTime<Utc>,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub birthdate: NaiveDate,
    pub gender: Gender,
    pub interested_in: &'a [Gender],
    pub now: DateTime<Utc>,
}

impl UserRow {
    pub fn id(&self) -> UserId {
        UserId(self.id)
    }

    pub fn user(&self) -> User {
        User {
            id: self.id(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
        }
    }

    pub fn genders(&self) -> Result<Vec<Gender>, sqlx::Error> {
        split_list(&self.interested_in)
            .iter()
            .map(|g| from_text(g))
            .collect()
    }

    pub fn profile(&self) -> Result<Profile, sqlx::Error> {
        Ok(Profile {
            user_id: self.id(),
            display_name: self.display_name.clone(),
            bio: self.bio.clone(),
            interests: split_list(&self.interests),
            age_min: self.age_min as u32,
            age_max: self.age_max as u32,
            city: self.city.clone(),
            birthdate: self.birthdate,
            gender: from_text(&self.gender)?,
            interested_in: self.genders()?,
            last_active_at: self.last_active_at,
        })
    }

    pub fn peer(&self, today: NaiveDate) -> Peer {
        Peer {
            id: self.id(),
            display_name: self.display_name.clone(),
            age: age_on(self.birthdate, today),
            bio: self.bio.clone(),
            interests: split_list(&self.interests),
        }
    }

    pub fn candidate(&self, today: NaiveDate) -> Result<Candidate, sqlx::Error> {
        Ok(Candidate {
            id: self.id(),
            age: age_on(self.birthdate, today),
            gender: from_text(&self.gender)?,
            interested_in: self.genders()?,
            age_min: self.age_min as u32,
            age_max: self.age_max as u32,
            interests: split_list(&self.interests),
            last_active_at: self.last_active_at,
        })
    }
}

const COLUMNS: &str = "id, email, password_hash, display_name, birthdate, gender, interested_in, \
                       bio, interests, age_min, age_max, city, last_active_at";

/// Inserts a person; `None` when the e-mail is taken.
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

/// Recently active people other than `me`, most recent first.
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

pub struct ProfileChange<'a> {
    pub display_name: &'a str,
    pub bio: &'a str,
    pub interests: &'a [String],
    pub age_min: u32,
    pub age_max: u32,
    pub city: &'a str,
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

/// Several people by id, in no particular order.
pub async fn by_ids(db: &SqlitePool, ids: &[UserId]) -> Result<Vec<UserRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let select = packed::select(
        COLUMNS,
        "users WHERE id IN (SELECT value FROM json_each(?))",
    );
    let ids = packed::id_list(ids.iter().map(|id| id.0));
    packed::fetch(db, select.bind(ids)).await
}
