//! A match's call history → table rows: date, duration, outcome, who called. Pure.

use super::words::{call_length, plural};
use chrono::FixedOffset;
use meetcute_domain::history::{CallHistory, CallHistoryEntry};
use meetcute_domain::{CallStatus, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// "Jan 15, 2024 · 10:30"
    pub date: String,
    /// "1 min 15 s", or "—" for calls never connected.
    pub duration: String,
    /// "Completed", "Missed", "Declined", …
    pub outcome: &'static str,
    /// "You called" / "Alex called"
    pub who: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryView {
    /// "2 video calls together"
    pub summary: String,
    pub mutual: bool,
    /// Newest first.
    pub rows: Vec<HistoryRow>,
}

pub fn history_view(
    history: &CallHistory,
    me: UserId,
    peer: &str,
    offset: FixedOffset,
) -> HistoryView {
    let n = history.total_calls;
    HistoryView {
        summary: format!("{n} {} together", plural(n, "video call", "video calls")),
        mutual: history.is_mutual_match,
        rows: history
            .calls
            .iter()
            .rev()
            .map(|entry| history_row(entry, me, peer, offset))
            .collect(),
    }
}

pub fn history_row(
    entry: &CallHistoryEntry,
    me: UserId,
    peer: &str,
    offset: FixedOffset,
) -> HistoryRow {
    // Calls never connected have no `started_at`; their end time is when they stopped ringing.
    let when = entry.started_at.or(entry.ended_at);
    HistoryRow {
        date: when
            .map(|t| {
                t.with_timezone(&offset)
                    .format("%b %-d, %Y · %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| "—".to_owned()),
        duration: match (entry.status, entry.duration_seconds) {
            (CallStatus::Completed, Some(seconds)) => call_length(seconds),
            _ => "—".to_owned(),
        },
        outcome: outcome_text(entry.status),
        who: if entry.initiated_by == me {
            "You called".to_owned()
        } else {
            format!("{peer} called")
        },
    }
}

pub fn outcome_text(status: CallStatus) -> &'static str {
    match status {
        CallStatus::Completed => "Completed",
        CallStatus::Missed => "Missed",
        CallStatus::Declined => "Declined",
        CallStatus::Cancelled => "Cancelled",
        CallStatus::Ringing => "Ringing",
        CallStatus::Active => "In progress",
    }
}
