//! Who is proposed to whom: mutual preferences, shared interests, recent activity.

use crate::ids::UserId;
use crate::profile::Gender;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What matchmaking knows about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: UserId,
    pub age: u32,
    pub gender: Gender,
    pub interested_in: Vec<Gender>,
    pub age_min: u32,
    pub age_max: u32,
    pub interests: Vec<String>,
    pub last_active_at: DateTime<Utc>,
}

/// Why two people were proposed to each other.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compatibility {
    /// 0–100.
    pub score: u8,
    pub shared_interests: Vec<String>,
}

impl Candidate {
    fn accepts(&self, other: &Candidate) -> bool {
        self.interested_in.contains(&other.gender)
            && (self.age_min..=self.age_max).contains(&other.age)
    }
}

/// Interests weigh 70 points (Jaccard overlap), the other person's recent activity 30
/// (full within a day, nothing after two weeks). `None` unless both accept each other.
pub fn compatibility(
    me: &Candidate,
    other: &Candidate,
    now: DateTime<Utc>,
) -> Option<Compatibility> {
    if me.id == other.id || !me.accepts(other) || !other.accepts(me) {
        return None;
    }
    let shared_interests: Vec<String> = me
        .interests
        .iter()
        .filter(|t| other.interests.contains(t))
        .cloned()
        .collect();
    let union = me.interests.len() + other.interests.len() - shared_interests.len();
    let overlap = if union == 0 {
        0.0
    } else {
        shared_interests.len() as f64 / union as f64
    };
    let idle_hours = (now - other.last_active_at).num_hours().max(0) as f64;
    let activity = if idle_hours <= 24.0 {
        1.0
    } else {
        (1.0 - (idle_hours - 24.0) / (13.0 * 24.0)).max(0.0)
    };
    let score = (overlap * 70.0 + activity * 30.0).round().clamp(0.0, 100.0) as u8;
    Some(Compatibility {
        score,
        shared_interests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn person(id: i64, gender: Gender, into: &[Gender], age: u32, interests: &[&str]) -> Candidate {
        Candidate {
            id: UserId(id),
            age,
            gender,
            interested_in: into.to_vec(),
            age_min: 25,
            age_max: 40,
            interests: interests.iter().map(|s| s.to_string()).collect(),
            last_active_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn preferences_must_be_mutual() {
        let now = DateTime::UNIX_EPOCH;
        let ana = person(1, Gender::Woman, &[Gender::Man], 30, &[]);
        let ben = person(2, Gender::Man, &[Gender::Woman], 31, &[]);
        let cal = person(3, Gender::Man, &[Gender::Man], 31, &[]);
        assert!(compatibility(&ana, &ben, now).is_some());
        assert!(
            compatibility(&ana, &cal, now).is_none(),
            "cal is not interested in women"
        );
        let young = person(4, Gender::Man, &[Gender::Woman], 22, &[]);
        assert!(
            compatibility(&ana, &young, now).is_none(),
            "outside ana's age range"
        );
        assert!(compatibility(&ana, &ana, now).is_none());
    }

    #[test]
    fn shared_interests_and_activity_raise_the_score() {
        let now = DateTime::UNIX_EPOCH + Duration::days(30);
        let ana = person(1, Gender::Woman, &[Gender::Man], 30, &["jazz", "hiking"]);
        let mut ben = person(2, Gender::Man, &[Gender::Woman], 31, &["jazz", "hiking"]);
        let mut dan = person(3, Gender::Man, &[Gender::Woman], 31, &["chess"]);
        ben.last_active_at = now;
        dan.last_active_at = now;
        let with_ben = compatibility(&ana, &ben, now).unwrap();
        let with_dan = compatibility(&ana, &dan, now).unwrap();
        assert_eq!(with_ben.shared_interests, vec!["jazz", "hiking"]);
        assert_eq!(with_ben.score, 100);
        assert_eq!(with_dan.score, 30);
        ben.last_active_at = now - Duration::days(20);
        assert_eq!(compatibility(&ana, &ben, now).unwrap().score, 70);
    }
}
