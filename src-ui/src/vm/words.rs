//! Small wording helpers shared by the view models: plurals, durations, reasons, and times
//! as a person says them ("today 8:00 pm", "in 12 min"). Pure: `now` and the local offset are
//! parameters.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};
use meetcute_domain::calls::DenyReason;

pub fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// 60 → "1 minute", 120 → "2 minutes", 45 → "45 seconds", 90 → "90 seconds".
pub fn duration_words(seconds: u32) -> String {
    if seconds >= 60 && seconds.is_multiple_of(60) {
        let minutes = seconds / 60;
        format!("{minutes} {}", plural(minutes, "minute", "minutes"))
    } else {
        format!("{seconds} {}", plural(seconds, "second", "seconds"))
    }
}

/// A countdown or call clock: 42 → "0:42", 75 → "1:15".
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A call's length in history: 75 → "1 min 15 s", 40 → "40 s", 120 → "2 min".
pub fn call_length(seconds: i64) -> String {
    let seconds = seconds.max(0);
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Why the call button is disabled, as the person reads it.
pub fn deny_reason_text(reason: DenyReason) -> &'static str {
    match reason {
        DenyReason::AwaitingDecision => "You can call again once you both like each other",
        DenyReason::RingLimit => "Too many unanswered calls today. Try again tomorrow",
        DenyReason::AlreadyInCall => "You're already in a call",
        DenyReason::PeerBusy => "They're in another call right now",
        DenyReason::Unavailable => "They're not taking calls right now",
        DenyReason::PeerOffline => "They're not online right now",
        DenyReason::Closed => "This match is closed",
        DenyReason::NotParticipant => "You're not part of this match",
    }
}

/// A time of day in local time: "8:00 pm".
pub fn time_of_day(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset).format("%-I:%M %P").to_string()
}

/// When something happens, in local time, as a person says it: "today 8:00 pm",
/// "tomorrow 8:00 pm", "yesterday 8:00 pm", "Tue 8:00 pm" within six days either way, else
/// "Tue Jan 23, 8:00 pm" (with the year when it is not this year's).
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>, offset: FixedOffset) -> String {
    let local = at.with_timezone(&offset);
    let today = now.with_timezone(&offset).date_naive();
    let time = time_of_day(at, offset);
    match (local.date_naive() - today).num_days() {
        0 => format!("today {time}"),
        1 => format!("tomorrow {time}"),
        -1 => format!("yesterday {time}"),
        -6..=6 => format!("{} {time}", local.format("%a")),
        _ if local.year() == today.year() => format!("{}, {time}", local.format("%a %b %-d")),
        _ => format!("{}, {time}", local.format("%a %b %-d %Y")),
    }
}

/// The same text with its first letter in capitals ("Today 8:00 pm" on a button).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How long until something, rounded up to whole minutes past the first one: "in 42 s",
/// "in 12 min", "in 3 h 20 min", "in 2 days". `None` once it is due.
pub fn countdown_words(left: Duration) -> Option<String> {
    let seconds = left.num_seconds();
    if seconds <= 0 {
        return None;
    }
    if seconds < 60 {
        return Some(format!("in {seconds} s"));
    }
    let minutes = (seconds + 59) / 60;
    Some(match (minutes / 60, minutes % 60) {
        (0, m) => format!("in {m} min"),
        (h @ 1..24, 0) => format!("in {h} h"),
        (h @ 1..24, m) => format!("in {h} h {m} min"),
        (h, _) => {
            let days = u32::try_from(h / 24).unwrap_or(u32::MAX);
            format!("in {days} {}", plural(days, "day", "days"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(60), "1 minute");
        assert_eq!(duration_words(120), "2 minutes");
        assert_eq!(duration_words(5), "5 seconds");
        assert_eq!(duration_words(1), "1 second");
        assert_eq!(duration_words(90), "90 seconds");
    }

    #[test]
    fn countdowns_round_up_to_whole_minutes() {
        let words = |s| countdown_words(Duration::seconds(s));
        assert_eq!(words(0), None);
        assert_eq!(words(-5), None);
        assert_eq!(words(42).as_deref(), Some("in 42 s"));
        assert_eq!(words(60).as_deref(), Some("in 1 min"));
        assert_eq!(words(11 * 60 + 1).as_deref(), Some("in 12 min"));
        assert_eq!(words(59 * 60 + 30).as_deref(), Some("in 1 h"));
        assert_eq!(words(3 * 3600 + 20 * 60).as_deref(), Some("in 3 h 20 min"));
        assert_eq!(words(30 * 3600).as_deref(), Some("in 1 day"));
        assert_eq!(words(3 * 86_400).as_deref(), Some("in 3 days"));
    }

    #[test]
    fn times_read_as_people_say_them() {
        let offset = FixedOffset::east_opt(3600).expect("valid offset");
        // Monday Jan 15, 2024, 10:30 UTC = 11:30 local.
        let now = DateTime::from_timestamp(1_705_314_600, 0).expect("valid time");
        let h = Duration::hours;
        assert_eq!(time_of_day(now, offset), "11:30 am");
        assert_eq!(
            when(now + h(8) + Duration::minutes(30), now, offset),
            "today 8:00 pm"
        );
        assert_eq!(
            when(now + h(32) + Duration::minutes(30), now, offset),
            "tomorrow 8:00 pm"
        );
        assert_eq!(when(now - h(24), now, offset), "yesterday 11:30 am");
        assert_eq!(when(now + h(24 * 3), now, offset), "Thu 11:30 am");
        assert_eq!(when(now + h(24 * 8), now, offset), "Tue Jan 23, 11:30 am");
        assert_eq!(
            when(now - h(24 * 400), now, offset),
            "Sun Dec 11 2022, 11:30 am"
        );
        assert_eq!(capitalized("today 8:00 pm"), "Today 8:00 pm");
        assert_eq!(capitalized(""), "");
    }

    #[test]
    fn clocks_and_lengths() {
        assert_eq!(clock(60), "1:00");
        assert_eq!(clock(42), "0:42");
        assert_eq!(clock(0), "0:00");
        assert_eq!(call_length(75), "1 min 15 s");
        assert_eq!(call_length(40), "40 s");
        assert_eq!(call_length(120), "2 min");
        assert_eq!(call_length(-3), "0 s");
    }
}
