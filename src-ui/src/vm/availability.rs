//! "Available for calls" on the profile page: the switch, "Off until tomorrow morning", and
//! "Hide when I'm online". Pure: `now` and the local offset are parameters.
//!
//! Whether calls ring now is the domain's [`Availability::settled_at`]; what may be sent is its
//! [`Availability::validate`].

use super::words::when;
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use meetcute_domain::availability::Availability;

/// "Tomorrow morning" is the next 8:00 local.
pub const MORNING_HOUR: u32 = 8;

pub const SWITCH_LABEL: &str = "Available for calls";
pub const UNTIL_SWITCHED_ON_LABEL: &str = "Until I switch them back on";
pub const UNTIL_MORNING_LABEL: &str = "Off until tomorrow morning";
pub const HIDE_PRESENCE_LABEL: &str = "Hide when I'm online";
pub const HIDE_PRESENCE_HINT: &str =
    "Your matches won't see when you're online or when you were last around.";
pub const AUTOSTART_LABEL: &str = "Start Meetcute when I log in";
pub const AUTOSTART_HINT: &str = "Meetcute waits in the tray, so calls and requests reach you.";

/// The next 8:00 local strictly after `now` (this morning's when it is still night).
pub fn next_morning(now: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let morning = NaiveTime::from_hms_opt(MORNING_HOUR, 0, 0).unwrap_or_default();
    let today = now.with_timezone(&offset).date_naive();
    [Some(today), today.succ_opt()]
        .into_iter()
        .flatten()
        .filter_map(|day| offset.from_local_datetime(&day.and_time(morning)).single())
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t > now)
        .unwrap_or(now + Duration::hours(24))
}

/// What the availability section shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityView {
    /// The switch is on: calls may ring me now.
    pub available: bool,
    /// Off until a time (rather than until switched back on).
    pub off_until: bool,
    /// "Your matches can call you", "Calls are off until tomorrow 8:00 am", …
    pub summary: String,
    pub hide_presence: bool,
}

pub fn availability_view(
    availability: &Availability,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> AvailabilityView {
    let settled = availability.settled_at(now);
    let summary = match (settled.available, settled.until) {
        (true, _) => "Your matches can call you.".to_owned(),
        (false, Some(until)) => format!(
            "Calls are off until {}. Your matches can ask for a call instead.",
            when(until, now, offset)
        ),
        (false, None) => "Calls are off. Your matches can ask for a call instead.".to_owned(),
    };
    AvailabilityView {
        available: settled.available,
        off_until: !settled.available && settled.until.is_some(),
        summary,
        hide_presence: settled.hide_presence,
    }
}

/// The switch turned on or off (off: until switched back on).
pub fn switched(availability: &Availability, on: bool) -> Availability {
    Availability {
        available: on,
        until: None,
        ..*availability
    }
}

/// Off until the next morning, or what is wrong with that.
pub fn off_until_morning(
    availability: &Availability,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<Availability, String> {
    let wanted = Availability {
        available: false,
        until: Some(next_morning(now, offset)),
        ..*availability
    };
    wanted
        .validate(now)
        .map(|()| wanted)
        .map_err(|invalid| invalid.0.to_owned())
}

/// "Hide when I'm online" on or off.
pub fn with_hidden_presence(availability: &Availability, hide: bool) -> Availability {
    Availability {
        hide_presence: hide,
        ..*availability
    }
}
