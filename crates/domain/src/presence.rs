//! Whether a match's other person is around, as coarse as a card needs and no finer: only people
//! in a live match with someone ever see it, and "last seen" is a bucket, never a time.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceStatus {
    /// A socket open on some instance right now.
    Online,
    Away,
    /// The person keeps their presence to themselves.
    Hidden,
}

/// When the person was last around.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LastSeen {
    Now,
    Today,
    ThisWeek,
    Earlier,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub status: PresenceStatus,
    pub last_seen: Option<LastSeen>,
}

impl Presence {
    pub const HIDDEN: Presence = Presence {
        status: PresenceStatus::Hidden,
        last_seen: None,
    };

    /// Whether a call could ring somewhere now; `None` when the person hides it.
    pub fn is_online(&self) -> Option<bool> {
        match self.status {
            PresenceStatus::Online => Some(true),
            PresenceStatus::Away => Some(false),
            PresenceStatus::Hidden => None,
        }
    }
}

/// What a match's other person sees of someone: `online` if any device is connected, else the
/// bucket of `last_active_at`; nothing at all when they hide it.
pub fn presence_of(
    hidden: bool,
    online: bool,
    last_active_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Presence {
    if hidden {
        return Presence::HIDDEN;
    }
    if online {
        return Presence {
            status: PresenceStatus::Online,
            last_seen: Some(LastSeen::Now),
        };
    }
    let ago = now - last_active_at;
    let last_seen = if ago < Duration::minutes(5) {
        LastSeen::Now
    } else if ago < Duration::hours(24) {
        LastSeen::Today
    } else if ago < Duration::days(7) {
        LastSeen::ThisWeek
    } else {
        LastSeen::Earlier
    };
    Presence {
        status: PresenceStatus::Away,
        last_seen: Some(last_seen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours_ago: i64) -> (DateTime<Utc>, DateTime<Utc>) {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        (now - Duration::hours(hours_ago), now)
    }

    #[test]
    fn hidden_says_nothing_even_when_online() {
        let (seen, now) = at(0);
        assert_eq!(presence_of(true, true, seen, now), Presence::HIDDEN);
        assert_eq!(Presence::HIDDEN.is_online(), None);
    }

    #[test]
    fn online_wins_over_an_old_activity() {
        let (seen, now) = at(500);
        let presence = presence_of(false, true, seen, now);
        assert_eq!(presence.status, PresenceStatus::Online);
        assert_eq!(presence.is_online(), Some(true));
    }

    #[test]
    fn away_is_bucketed() {
        for (hours, bucket) in [
            (0, LastSeen::Now),
            (2, LastSeen::Today),
            (23, LastSeen::Today),
            (30, LastSeen::ThisWeek),
            (24 * 8, LastSeen::Earlier),
        ] {
            let (seen, now) = at(hours);
            let presence = presence_of(false, false, seen, now);
            assert_eq!(presence.status, PresenceStatus::Away);
            assert_eq!(presence.last_seen, Some(bucket), "{hours} h ago");
        }
    }
}
