//! People: accounts and profiles.

use super::{Backend, Db, On, Tx, from_text, postgres, split_list, sqlite};
use chrono::{DateTime, NaiveDate, Utc};
use meetcute_domain::UserId;
use meetcute_domain::availability::Availability;
use meetcute_domain::compatibility::Candidate;
use meetcute_domain::presence::{Presence, presence_of};
use meetcute_domain::profile::{Gender, age_on};
use meetcute_domain::wire::{Peer, Profile, User};

/// The columns of a [`UserRow`], in field order.
pub(crate) const COLUMNS: &str = "id, email, password_hash, display_name, birthdate, gender, \
                                  interested_in, bio, interests, age_min, age_max, city, last_active_at, \
                                  available, available_until, hide_presence";

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
    #[serde(deserialize_with = "super::flag")]
    pub available: bool,
    #[serde(with = "meetcute_domain::wire_time::option")]
    pub available_until: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "super::flag")]
    pub hide_presence: bool,
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

    /// The person as a match's other person sees them; `presence` only while the match is live.
    pub fn peer(&self, today: NaiveDate, presence: Option<Presence>) -> Peer {
        Peer {
            id: self.id(),
            display_name: self.display_name.clone(),
            age: age_on(self.birthdate, today),
            bio: self.bio.clone(),
            interests: split_list(&self.interests),
            presence,
        }
    }

    pub fn availability(&self) -> Availability {
        Availability {
            available: self.available,
            until: self.available_until,
            hide_presence: self.hide_presence,
        }
    }

    /// What a match's other person sees of this person's presence, given whether they are online.
    pub fn presence(&self, online: bool, now: DateTime<Utc>) -> Presence {
        presence_of(self.hide_presence, online, self.last_active_at, now)
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

pub struct ProfileChange<'a> {
    pub display_name: &'a str,
    pub bio: &'a str,
    pub interests: &'a [String],
    pub age_min: u32,
    pub age_max: u32,
    pub city: &'a str,
}

/// Inserts a person; `None` when the e-mail is taken.
pub async fn insert(tx: &mut Tx, new: NewUser<'_>) -> Result<Option<UserRow>, sqlx::Error> {
    match tx {
        Tx::Sqlite(tx) => sqlite::users::insert(tx, new).await,
        Tx::Postgres(tx) => postgres::users::insert(tx, new).await,
    }
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::users::by_email(db.reader(), email).await,
        Db::Postgres(db) => postgres::users::by_email(db.pool(), email).await,
    }
}

pub async fn by_id<'a>(on: impl Into<On<'a>>, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    match on.into().backend() {
        Backend::Sqlite(on) => sqlite::users::by_id(on, id).await,
        Backend::Postgres(on) => postgres::users::by_id(on, id).await,
    }
}

/// Several people by id, in no particular order.
pub async fn by_ids(db: &Db, ids: &[UserId]) -> Result<Vec<UserRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match db {
        Db::Sqlite(db) => sqlite::users::by_ids(db.reader(), ids).await,
        Db::Postgres(db) => postgres::users::by_ids(db.pool(), ids).await,
    }
}

/// Recently active people other than `me`, most recent first.
pub async fn recently_active(
    db: &Db,
    me: UserId,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<UserRow>, sqlx::Error> {
    match db {
        Db::Sqlite(db) => sqlite::users::recently_active(db.reader(), me, since, limit).await,
        Db::Postgres(db) => postgres::users::recently_active(db.pool(), me, since, limit).await,
    }
}

pub async fn update_profile(
    tx: &mut Tx,
    id: UserId,
    change: ProfileChange<'_>,
) -> Result<(), sqlx::Error> {
    write_on!(tx, users::update_profile(id, change))
}

/// Marks `id` active now.
pub async fn touch(tx: &mut Tx, id: UserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    write_on!(tx, users::touch(id, now))
}

pub async fn set_availability(
    tx: &mut Tx,
    id: UserId,
    availability: Availability,
) -> Result<(), sqlx::Error> {
    write_on!(tx, users::set_availability(id, availability))
}
