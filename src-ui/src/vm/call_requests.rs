//! Call requests ("Ask for a call") on a card: the request panel (who asked, the times to
//! pick, the agreed time and its countdown), and the toasts when one changes, once I answered,
//! and for reminders. Pure: `now` and the local offset are parameters.
//!
//! Which answers a panel offers is the domain's verdict: the request is handed to
//! [`CallRequestRecord::answer`] (the rule the core and the server apply), and a button is live
//! only when the rules accept it. Nothing here re-decides a rule.

use super::messages::Tone;
use super::words::{capitalized, countdown_words, time_of_day, when};
use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone, Utc};
use meetcute_domain::app::Delivery;
use meetcute_domain::call_requests::{
    CallRequest, CallRequestRecord, CallRequestStatus, RequestAnswer,
};
use meetcute_domain::{Timings, UserId};

/// Said of a request or an answer the core keeps in its outbox until the connection is back.
pub const QUEUED_NOTE: &str = "Queued, sent when you're back online.";
pub const IT_IS_TIME: &str = "It's time! 💕";
pub const CALL_NOW_LABEL: &str = "Call now 📞";
pub const PICK_TODAY_LABEL: &str = "Pick a time today";
pub const DECLINE_LABEL: &str = "Decline";
pub const CANCEL_LABEL: &str = "Cancel";

/// What a button of the request panel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    /// Pick a time (`None`: now, for "whenever you're free today"); `then_call`: "Call now",
    /// which starts the call once the time is set, if the card's button allows it.
    Accept {
        slot: Option<DateTime<Utc>>,
        then_call: bool,
    },
    Decline,
    Cancel,
}

impl RequestAction {
    /// What the core is asked.
    pub fn answer(self) -> RequestAnswer {
        match self {
            RequestAction::Accept { slot, .. } => RequestAnswer::Accept { slot },
            RequestAction::Decline => RequestAnswer::Decline,
            RequestAction::Cancel => RequestAnswer::Cancel,
        }
    }
}

/// One way to accept: a proposed time, or "Call now".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestChoice {
    /// "Tue 8:00 pm", "Call now 📞"
    pub label: String,
    pub action: RequestAction,
    /// The rules take it now (a proposed time long past does not).
    pub enabled: bool,
    /// `request-accept-0`, …, or `request-call-now`.
    pub test_id: String,
}

/// Where the request stands, for me.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// I asked; waiting for them.
    Sent,
    /// They asked me.
    Received,
    /// A time is agreed and it lies ahead.
    Scheduled,
    /// The agreed time has come.
    Due,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPanel {
    pub kind: PanelKind,
    /// "Call request sent · waiting for Alex", "💌 Alex asks for a video call",
    /// "📅 Video call Tue 8:00 pm"
    pub title: String,
    /// "You proposed today 8:00 pm · tomorrow 8:00 pm", "Whenever you're free today", …
    pub detail: Option<String>,
    /// Scheduled: "in 12 min", then "It's time! 💕".
    pub countdown: Option<String>,
    pub choices: Vec<RequestChoice>,
    /// "Pick a time today" (for "whenever you're free today").
    pub pick_today: bool,
    pub decline: bool,
    pub cancel: bool,
}

impl RequestPanel {
    pub fn class(&self) -> &'static str {
        match self.kind {
            PanelKind::Sent => "request-panel sent",
            PanelKind::Received => "request-panel received",
            PanelKind::Scheduled => "request-panel scheduled",
            PanelKind::Due => "request-panel due",
        }
    }
}

/// The request as the rules see it: whom it asks follows from who sent it.
fn record(request: &CallRequest, me: UserId, peer: UserId) -> CallRequestRecord {
    let to_user_id = if request.from_user_id == me { peer } else { me };
    CallRequestRecord {
        request: request.clone(),
        to_user_id,
        reminders_sent: 0,
    }
}

/// Whether the rules take `action` from `me` now.
fn allowed(
    record: &CallRequestRecord,
    me: UserId,
    action: RequestAction,
    now: DateTime<Utc>,
) -> bool {
    record
        .clone()
        .answer(me, action.answer(), now, &Timings::default())
        .is_ok()
}

/// The panel for the match's open request; `None` once it is settled.
pub fn request_panel(
    request: &CallRequest,
    me: UserId,
    peer_id: UserId,
    peer: &str,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Option<RequestPanel> {
    let record = record(request, me, peer_id);
    let can = |action| allowed(&record, me, action, now);
    let mine = request.from_user_id == me;
    let panel = match (request.status, request.scheduled_at) {
        (CallRequestStatus::Pending, _) if mine => RequestPanel {
            kind: PanelKind::Sent,
            title: format!("Call request sent · waiting for {peer}"),
            detail: Some(if request.any_time_today {
                "Whenever they're free today".to_owned()
            } else {
                format!("You proposed {}", slot_list(&request.slots, now, offset))
            }),
            countdown: None,
            choices: Vec::new(),
            pick_today: false,
            decline: false,
            cancel: can(RequestAction::Cancel),
        },
        (CallRequestStatus::Pending, _) => {
            let choices = if request.any_time_today {
                let action = RequestAction::Accept {
                    slot: None,
                    then_call: true,
                };
                vec![RequestChoice {
                    label: CALL_NOW_LABEL.to_owned(),
                    action,
                    enabled: can(action),
                    test_id: "request-call-now".to_owned(),
                }]
            } else {
                request
                    .slots
                    .iter()
                    .enumerate()
                    .map(|(i, slot)| {
                        let action = RequestAction::Accept {
                            slot: Some(*slot),
                            then_call: false,
                        };
                        RequestChoice {
                            label: capitalized(&when(*slot, now, offset)),
                            action,
                            enabled: can(action),
                            test_id: format!("request-accept-{i}"),
                        }
                    })
                    .collect()
            };
            let any_choice = choices.iter().any(|c| c.enabled);
            RequestPanel {
                kind: PanelKind::Received,
                title: format!("💌 {peer} asks for a video call"),
                detail: Some(
                    if request.any_time_today {
                        "Whenever you're free today"
                    } else {
                        "Pick a time that works for you"
                    }
                    .to_owned(),
                ),
                countdown: None,
                pick_today: request.any_time_today && any_choice,
                choices,
                decline: can(RequestAction::Decline),
                cancel: false,
            }
        }
        (CallRequestStatus::Scheduled, Some(at)) => {
            let countdown = countdown_words(at - now);
            RequestPanel {
                kind: if countdown.is_some() {
                    PanelKind::Scheduled
                } else {
                    PanelKind::Due
                },
                title: format!("📅 Video call {}", when(at, now, offset)),
                detail: Some(format!("With {peer}")),
                countdown: Some(countdown.unwrap_or_else(|| IT_IS_TIME.to_owned())),
                choices: Vec::new(),
                pick_today: false,
                decline: false,
                cancel: can(RequestAction::Cancel),
            }
        }
        _ => return None,
    };
    Some(panel)
}

/// "today 8:00 pm · tomorrow 8:00 pm"
fn slot_list(slots: &[DateTime<Utc>], now: DateTime<Utc>, offset: FixedOffset) -> String {
    slots
        .iter()
        .map(|slot| when(*slot, now, offset))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A time typed for "Pick a time today" (`HH:MM`, local) → the instant, or what is wrong with
/// it: it must lie ahead, and before the request lapses.
pub fn pick_today(
    text: &str,
    request: &CallRequest,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<DateTime<Utc>, String> {
    let time =
        NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| "Choose a time.".to_owned())?;
    let today = now.with_timezone(&offset).date_naive();
    let at = offset
        .from_local_datetime(&today.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| "Choose a time.".to_owned())?;
    if at <= now {
        return Err("That time has passed. Pick a later one.".to_owned());
    }
    if at > request.expires_at {
        return Err(format!(
            "Pick a time before {}.",
            time_of_day(request.expires_at, offset)
        ));
    }
    Ok(at)
}

/// The toast once my "Ask for a call" went through (or waits in the outbox).
pub fn asked_toast(peer: &str, delivery: Delivery) -> String {
    match delivery {
        Delivery::Sent => format!("💌 Call request sent to {peer}"),
        Delivery::Queued => format!("💌 Call request to {peer} saved. {QUEUED_NOTE}"),
    }
}

/// The toast once my answer to a request went through (or waits in the outbox).
pub fn answered_toast(action: RequestAction, peer: &str, delivery: Delivery) -> String {
    let done = match action {
        RequestAction::Accept { .. } => format!("📅 It's a date! Video call with {peer} set"),
        RequestAction::Decline => format!("You declined {peer}'s call request"),
        RequestAction::Cancel => "Call request cancelled".to_owned(),
    };
    match delivery {
        Delivery::Sent => done,
        Delivery::Queued => format!("{done}. {QUEUED_NOTE}"),
    }
}

/// The toast for a call request that changed, seen by the person who did not change it.
pub fn call_request_toast(
    request: &CallRequest,
    from_peer: bool,
    peer_name: &str,
) -> Option<(Tone, String)> {
    match (request.status, from_peer) {
        (CallRequestStatus::Pending, true) => {
            Some((Tone::Info, format!("💌 {peer_name} asks for a video call")))
        }
        (CallRequestStatus::Scheduled, false) => Some((
            Tone::Success,
            format!("📅 {peer_name} picked a time for your video call"),
        )),
        (CallRequestStatus::Declined, false) => {
            Some((Tone::Info, format!("{peer_name} can't make it this time")))
        }
        (CallRequestStatus::Expired, _) if request.scheduled_at.is_some() => Some((
            Tone::Info,
            format!("Your video call with {peer_name} was missed"),
        )),
        _ => None,
    }
}

/// The toast for a reminder of an agreed call.
pub fn reminder_toast(minutes_before: u32, peer_name: &str) -> String {
    match minutes_before {
        0 => format!("⏰ It's time for your video call with {peer_name} 💕"),
        1 => format!("⏰ Video call with {peer_name} in 1 minute"),
        n => format!("⏰ Video call with {peer_name} in {n} minutes"),
    }
}
