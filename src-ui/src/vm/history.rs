//! A match's call history → table rows: its calls and its call requests together, newest
//! first: date, what, details (a call's length, a request's agreed time), outcome, who. Pure.

use super::words::{call_length, plural, when};
use chrono::{DateTime, FixedOffset, Utc};
use meetcute_domain::call_requests::{CallRequest, history_label};
use meetcute_domain::history::{CallHistory, CallHistoryEntry};
use meetcute_domain::{CallStatus, UserId};

/// A call, or a call request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Call,
    Request,
}

impl RowKind {
    /// The "What" column: "Video call" / "Call request".
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Call => "Video call",
            RowKind::Request => "Call request",
        }
    }

    /// The row's `data-kind`.
    pub fn key(self) -> &'static str {
        match self {
            RowKind::Call => "call",
            RowKind::Request => "request",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub kind: RowKind,
    /// "Jan 15, 2024 · 10:30"
    pub date: String,
    /// A call's length ("1 min 15 s", "—" for calls never connected); a request's time
    /// ("Scheduled for Tue 8:00 pm") or what was proposed.
    pub duration: String,
    /// "Completed", "Missed", "Declined", … for calls; `history_label` for requests
    /// ("Requested", "Scheduled", "Missed", …).
    pub outcome: &'static str,
    /// "You called" / "Alex called"; "You asked" / "Alex asked"
    pub who: String,
}

impl HistoryRow {
    /// The row's class: its outcome, for the colours.
    pub fn class(&self) -> String {
        self.outcome.to_lowercase()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryView {
    /// "2 video calls together"
    pub summary: String,
    pub mutual: bool,
    /// Calls and requests, newest first.
    pub rows: Vec<HistoryRow>,
}

/// The history of a match: `requests` are the match's call requests (the core's
/// `call_requests`, in any order).
pub fn history_view(
    history: &CallHistory,
    requests: &[CallRequest],
    me: UserId,
    peer: &str,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> HistoryView {
    let n = history.total_calls;
    let calls = history
        .calls
        .iter()
        .map(|entry| (call_time(entry), history_row(entry, me, peer, offset)));
    let asked = requests.iter().map(|request| {
        let row = request_row(request, me, peer, now, offset);
        (Some(request.created_at), row)
    });
    let mut rows: Vec<(Option<DateTime<Utc>>, HistoryRow)> = calls.chain(asked).collect();
    // Newest first; a stable sort keeps the core's order between equal times.
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    HistoryView {
        summary: format!("{n} {} together", plural(n, "video call", "video calls")),
        mutual: history.is_mutual_match,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    }
}

/// Calls never connected have no `started_at`; their end time is when they stopped ringing.
fn call_time(entry: &CallHistoryEntry) -> Option<DateTime<Utc>> {
    entry.started_at.or(entry.ended_at)
}

fn date(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%b %-d, %Y · %H:%M")
        .to_string()
}

pub fn history_row(
    entry: &CallHistoryEntry,
    me: UserId,
    peer: &str,
    offset: FixedOffset,
) -> HistoryRow {
    HistoryRow {
        kind: RowKind::Call,
        date: call_time(entry)
            .map(|t| date(t, offset))
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

/// A call request's row: when it was asked, its agreed time (or what was proposed), and the
/// domain's `history_label`.
pub fn request_row(
    request: &CallRequest,
    me: UserId,
    peer: &str,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> HistoryRow {
    let details = match request.scheduled_at {
        Some(at) => format!("Scheduled for {}", when(at, now, offset)),
        None if request.any_time_today => "Any time that day".to_owned(),
        None => {
            let times: Vec<String> = request
                .slots
                .iter()
                .map(|slot| when(*slot, now, offset))
                .collect();
            format!("Proposed {}", times.join(" · "))
        }
    };
    HistoryRow {
        kind: RowKind::Request,
        date: date(request.created_at, offset),
        duration: details,
        outcome: history_label(request),
        who: if request.from_user_id == me {
            "You asked".to_owned()
        } else {
            format!("{peer} asked")
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
