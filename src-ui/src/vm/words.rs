//! Small wording helpers shared by the view models: plurals, durations, reasons. Pure.

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
        DenyReason::Unavailable => "They're not taking calls right now. Ask for a call instead",
        DenyReason::PeerOffline => "They're not online. Ask for a call instead",
        DenyReason::Closed => "This match is closed",
        DenyReason::NotParticipant => "You're not part of this match",
    }
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
