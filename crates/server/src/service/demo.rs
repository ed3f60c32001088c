//! `--demo`: three people with known passwords and proposals among them, so a first run has
//! something real to show.

use crate::db::{self, matches, users};
use crate::service::accounts;
use crate::state::AppState;
use chrono::NaiveDate;
use meetcute_domain::compatibility::compatibility;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::{ProfileUpdate, RegisterRequest};

pub const DEMO_PASSWORD: &str = "meetcute-demo";

struct DemoPerson {
    email: &'static str,
    name: &'static str,
    birth_year: i32,
    gender: Gender,
    interested_in: &'static [Gender],
    bio: &'static str,
    interests: &'static [&'static str],
    city: &'static str,
}

const PEOPLE: [DemoPerson; 3] = [
    DemoPerson {
        email: "ana@demo.meetcute.app",
        name: "Ana",
        birth_year: 1995,
        gender: Gender::Woman,
        interested_in: &[Gender::Man, Gender::Nonbinary],
        bio: "Jazz on vinyl, long hikes, terrible puns.",
        interests: &["jazz", "hiking", "cooking"],
        city: "Lisbon",
    },
    DemoPerson {
        email: "ben@demo.meetcute.app",
        name: "Ben",
        birth_year: 1993,
        gender: Gender::Man,
        interested_in: &[Gender::Woman, Gender::Nonbinary],
        bio: "Cook first, ask questions later.",
        interests: &["cooking", "hiking", "chess"],
        city: "Lisbon",
    },
    DemoPerson {
        email: "cleo@demo.meetcute.app",
        name: "Cleo",
        birth_year: 1997,
        gender: Gender::Nonbinary,
        interested_in: &[Gender::Woman, Gender::Man, Gender::Nonbinary],
        bio: "Film nights and street food.",
        interests: &["film", "jazz", "cooking"],
        city: "Porto",
    },
];

/// Creates the demo people (once) and proposes each pair that is mutually compatible.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let mut ids = Vec::new();
    for person in &PEOPLE {
        let id = match users::by_email(&state.db, person.email).await? {
            Some(existing) => existing.id(),
            None => create(state, person).await?,
        };
        ids.push(id);
        tracing::info!(
            email = person.email,
            password = DEMO_PASSWORD,
            "demo person"
        );
    }
    let now = db::now();
    let today = now.date_naive();
    let mut tx = state.db.begin().await?;
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let (Some(ra), Some(rb)) = (
                users::by_id(&mut tx, *a).await?,
                users::by_id(&mut tx, *b).await?,
            ) else {
                continue;
            };
            if let Some(why) = compatibility(&ra.candidate(today)?, &rb.candidate(today)?, now) {
                matches::insert_proposal(&mut tx, *a, *b, &why, now).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn create(state: &AppState, person: &DemoPerson) -> anyhow::Result<meetcute_domain::UserId> {
    let birthdate = NaiveDate::from_ymd_opt(person.birth_year, 6, 1).unwrap_or_default();
    let request = RegisterRequest {
        email: person.email.into(),
        password: DEMO_PASSWORD.into(),
        display_name: person.name.into(),
        birthdate,
        gender: person.gender,
        interested_in: person.interested_in.to_vec(),
        device_name: "demo seed".into(),
    };
    let registered = accounts::register(state, request)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let update = ProfileUpdate {
        display_name: person.name.into(),
        bio: person.bio.into(),
        interests: person.interests.iter().map(|s| s.to_string()).collect(),
        age_min: 18,
        age_max: 99,
        city: person.city.into(),
    };
    accounts::update_profile(state, registered.user.id, update)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(registered.user.id)
}
