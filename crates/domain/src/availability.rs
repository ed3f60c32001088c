//! "Available for calls": a person's switch (optionally off until a time), their choice to hide
//! their presence, and the per-match "no calls from this match for now".

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The furthest ahead "off until" may reach.
pub const MAX_OFF_FOR_DAYS: i64 = 30;

/// `GET/PUT /api/me/availability`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Calls may ring me (when `false` and `until` is set: not before `until`).
    pub available: bool,
    #[serde(default, with = "crate::wire_time::option")]
    pub until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub hide_presence: bool,
}

impl Default for Availability {
    fn default() -> Self {
        Self {
            available: true,
            until: None,
            hide_presence: false,
        }
    }
}

/// Why an availability was refused: a sentence about its `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidUntil(pub &'static str);

impl Availability {
    /// Whether calls may ring this person at `now`.
    pub fn takes_calls_at(&self, now: DateTime<Utc>) -> bool {
        self.available || self.until.is_some_and(|until| now >= until)
    }

    /// `until` only says when an "off" ends, and lies ahead within [`MAX_OFF_FOR_DAYS`].
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), InvalidUntil> {
        match self.until {
            None => Ok(()),
            Some(_) if self.available => Err(InvalidUntil("until is only for switching calls off")),
            Some(until) if until <= now => Err(InvalidUntil("until must be in the future")),
            Some(until) if until > now + Duration::days(MAX_OFF_FOR_DAYS) => {
                Err(InvalidUntil("until may be at most 30 days ahead"))
            }
            Some(_) => Ok(()),
        }
    }

    /// As stored once `now` has passed an "off until": plainly on again.
    pub fn settled_at(self, now: DateTime<Utc>) -> Self {
        if !self.available && self.takes_calls_at(now) {
            Self {
                available: true,
                until: None,
                ..self
            }
        } else {
            self
        }
    }
}

/// `PUT /api/matches/{id}/calls`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallsAllowedRequest {
    pub allowed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn off_until(hours: i64) -> Availability {
        Availability {
            available: false,
            until: Some(now() + Duration::hours(hours)),
            hide_presence: false,
        }
    }

    #[test]
    fn off_until_a_time_turns_on_by_itself() {
        let off = off_until(10);
        assert!(!off.takes_calls_at(now()));
        assert!(!off.takes_calls_at(now() + Duration::hours(9)));
        assert!(off.takes_calls_at(now() + Duration::hours(10)));
        assert_eq!(
            off.settled_at(now() + Duration::hours(11)),
            Availability::default()
        );
        assert_eq!(off.settled_at(now()), off);
    }

    #[test]
    fn plain_off_stays_off() {
        let off = Availability {
            available: false,
            ..Availability::default()
        };
        assert!(!off.takes_calls_at(now() + Duration::days(400)));
    }

    #[test]
    fn until_must_lie_ahead_and_only_for_off() {
        assert!(off_until(1).validate(now()).is_ok());
        assert!(off_until(0).validate(now()).is_err());
        assert!(off_until(-1).validate(now()).is_err());
        assert!(off_until(24 * 31).validate(now()).is_err());
        let on_until = Availability {
            available: true,
            ..off_until(1)
        };
        assert!(on_until.validate(now()).is_err());
        assert!(Availability::default().validate(now()).is_ok());
    }
}
