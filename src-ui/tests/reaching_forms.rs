//! Reaching each other off the cards, natively: the ask dialog's form, the availability switch,
//! the call history's request lines, and the shell's events for them. Times are read in UTC+1:
//! `at(0)` is Monday Jan 15, 11:30 am local.

mod support;

use chrono::Duration;
use meetcute_domain::availability::Availability;
use meetcute_domain::call_requests::{CallRequestStatus, MAX_SLOTS};
use meetcute_domain::history::{CallHistory, CallHistoryEntry};
use meetcute_domain::{CallStatus, MatchId, MatchStatus};
use meetcute_ui::vm::ask::{AskForm, AskMode, parse_local, quick_picks};
use meetcute_ui::vm::availability::{
    availability_view, next_morning, off_until_morning, switched, with_hidden_presence,
};
use meetcute_ui::vm::history::{RowKind, history_view};
use support::*;

use CallRequestStatus::{Done, Expired, Pending, Scheduled};

// ---- the ask dialog ----------------------------------------------------------------------------

#[test]
fn quick_picks_are_an_hour_ahead_tonight_and_tomorrow_in_local_time() {
    let picks = quick_picks(at(7 * 60 + 33), paris());
    let labels: Vec<&str> = picks.iter().map(|p| p.label).collect();
    assert_eq!(labels, ["In 1 hour", "Tonight 8 pm", "Tomorrow 8 pm"]);
    // 10:37:33 UTC + 1 h, rounded up to five minutes: 11:40 UTC, 12:40 pm local.
    assert_eq!(picks[0].at, at(70 * 60));
    assert_eq!(picks[0].when, "today 12:40 pm");
    assert_eq!(picks[0].hint.as_deref(), Some("Today 12:40 pm"));
    assert_eq!(picks[1].at, tonight());
    assert_eq!(picks[1].hint, None, "the label says the time");
    assert_eq!(picks[1].when, "today 8:00 pm");
    assert_eq!(picks[2].at, tonight() + hours(24));
    assert_eq!(picks[2].when, "tomorrow 8:00 pm");
    // At 7:45 pm local, tonight is too close to offer.
    let late = quick_picks(tonight() - Duration::minutes(15), paris());
    let labels: Vec<&str> = late.iter().map(|p| p.label).collect();
    assert_eq!(labels, ["In 1 hour", "Tomorrow 8 pm"]);
}

#[test]
fn the_form_takes_up_to_three_times_ahead_within_a_week() {
    let now = at(0);
    let mut form = AskForm::default();
    assert_eq!(form.mode, AskMode::Times);
    assert!(
        form.to_request(MatchStatus::Proposed, now).is_err(),
        "no time yet"
    );
    assert_eq!(parse_local("2024-01-15T20:00", paris()), Some(tonight()));
    form.custom = "2024-01-15T20:00".into();
    assert_eq!(form.add_custom(now, paris()), Ok(()));
    assert!(form.custom.is_empty(), "cleared once added");
    form.custom = "2024-01-15T20:00".into();
    assert_eq!(
        form.add_custom(now, paris()),
        Err("You've already picked that time.".into())
    );
    form.custom = "2024-01-15T09:00".into();
    assert_eq!(
        form.add_custom(now, paris()),
        Err("Pick a time in the future.".into())
    );
    form.custom = "2024-01-30T09:00".into();
    assert_eq!(
        form.add_custom(now, paris()),
        Err("Pick a time within the next 7 days.".into())
    );
    form.custom = "soon".into();
    assert_eq!(
        form.add_custom(now, paris()),
        Err("Choose a date and a time.".into())
    );
    // Quick picks toggle; the times stay in order.
    let picks = quick_picks(now, paris());
    assert_eq!(form.toggle(picks[2].at), Ok(()));
    assert_eq!(form.toggle(picks[0].at), Ok(()));
    assert_eq!(form.slots.len(), MAX_SLOTS);
    assert!(form.is_full());
    assert_eq!(
        form.slots,
        vec![picks[0].at, tonight(), picks[2].at],
        "earliest first"
    );
    assert_eq!(
        form.toggle(now + hours(30)),
        Err("You can propose up to 3 times.".into())
    );
    assert_eq!(
        form.slot_labels(now, paris()),
        ["Today 12:30 pm", "Today 8:00 pm", "Tomorrow 8:00 pm"]
    );
    assert_eq!(
        form.toggle(picks[0].at),
        Ok(()),
        "a second press takes it back"
    );
    assert_eq!(form.slots.len(), 2);
    let sent = form
        .to_request(MatchStatus::Matched, now)
        .expect("a request");
    assert_eq!(sent.slots, vec![tonight(), tonight() + hours(24)]);
    assert!(!sent.any_time_today);
    form.remove(0);
    assert_eq!(form.slots, vec![tonight() + hours(24)]);
}

#[test]
fn whenever_you_are_free_today_sends_no_times_and_the_rules_check_the_rest() {
    let mut form = AskForm {
        mode: AskMode::AnyTimeToday,
        slots: vec![tonight()],
        custom: String::new(),
    };
    let sent = form
        .to_request(MatchStatus::Proposed, at(0))
        .expect("a request");
    assert!(sent.any_time_today && sent.slots.is_empty());
    // The domain's own refusals are worded for people.
    assert_eq!(
        form.to_request(MatchStatus::Deciding, at(0)),
        Err("💭 You can call again once you both like each other.".into())
    );
    form.mode = AskMode::Times;
    assert!(
        form.to_request(MatchStatus::Proposed, tonight() + hours(1))
            .is_err_and(|e| e.contains("future")),
        "a time that passed while the dialog was open"
    );
}

// ---- availability ------------------------------------------------------------------------------

#[test]
fn tomorrow_morning_is_the_next_eight_oclock_local() {
    // 11:30 am local → tomorrow 8:00 local = 07:00 UTC the next day.
    assert_eq!(
        next_morning(at(0), paris()),
        at(0) + hours(20) + Duration::minutes(30)
    );
    // 2:00 am local (01:00 UTC) → this morning at 8:00.
    let night = at(0) - Duration::minutes(9 * 60 + 30);
    assert_eq!(next_morning(night, paris()), night + hours(6));
}

#[test]
fn the_switch_says_whether_matches_can_call() {
    let on = Availability::default();
    let view = availability_view(&on, at(0), paris());
    assert!(view.available && !view.off_until && !view.hide_presence);
    assert_eq!(view.summary, "Your matches can call you.");

    let off = switched(&on, false);
    assert_eq!(off.until, None);
    let view = availability_view(&off, at(0), paris());
    assert!(!view.available && !view.off_until);
    assert_eq!(
        view.summary,
        "Calls are off. Your matches can ask for a call instead."
    );

    let morning = off_until_morning(&on, at(0), paris()).expect("valid");
    assert!(!morning.available);
    assert_eq!(morning.until, Some(next_morning(at(0), paris())));
    let view = availability_view(&morning, at(0), paris());
    assert!(view.off_until);
    assert_eq!(
        view.summary,
        "Calls are off until tomorrow 8:00 am. Your matches can ask for a call instead."
    );
    // Once the morning came, the domain counts it as on again.
    let view = availability_view(&morning, at(0) + hours(21), paris());
    assert!(view.available && !view.off_until);

    let hidden = with_hidden_presence(&morning, true);
    assert!(hidden.hide_presence && hidden.until == morning.until);
    assert!(availability_view(&hidden, at(0), paris()).hide_presence);
    let back_on = switched(&hidden, true);
    assert!(back_on.available && back_on.until.is_none() && back_on.hide_presence);
}

// ---- history -----------------------------------------------------------------------------------

fn entry(n: u8, status: CallStatus, started: i64, by: meetcute_domain::UserId) -> CallHistoryEntry {
    CallHistoryEntry {
        session_id: sid(n),
        status,
        started_at: Some(at(started)),
        ended_at: Some(at(started + 75)),
        duration_minutes: Some(1),
        duration_seconds: Some(75),
        initiated_by: by,
    }
}

#[test]
fn history_lists_requests_with_the_calls_newest_first() {
    let calls = CallHistory {
        match_id: MatchId(7),
        is_mutual_match: true,
        total_calls: 2,
        calls: vec![
            entry(1, CallStatus::Completed, -3600, ME),
            entry(2, CallStatus::Completed, 9 * 3600, ALEX),
        ],
    };
    let wednesday = tonight() + hours(48);
    let mut asked = request(ME, Scheduled, vec![wednesday], Some(wednesday));
    asked.created_at = at(60);
    let mut missed = request(ALEX, Expired, vec![tonight()], Some(tonight()));
    missed.created_at = at(-7200);
    let mut lapsed = request(ALEX, Expired, vec![tonight()], None);
    lapsed.created_at = at(-100_000);
    let mut called = request(ME, Done, vec![], Some(at(9 * 3600)));
    called.created_at = at(120);
    let mut pending = request(ALEX, Pending, vec![], None);
    pending.created_at = at(180);
    let requests = [asked, missed, lapsed, called, pending];
    let view = history_view(&calls, &requests, ME, "Alex", at(300), paris());
    assert_eq!(view.summary, "2 video calls together");
    let rows: Vec<(RowKind, &str, &str, &str)> = view
        .rows
        .iter()
        .map(|r| (r.kind, r.outcome, r.duration.as_str(), r.who.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (RowKind::Call, "Completed", "1 min 15 s", "Alex called"),
            (
                RowKind::Request,
                "Requested",
                "Any time that day",
                "Alex asked"
            ),
            (
                RowKind::Request,
                "Called",
                "Scheduled for today 8:30 pm",
                "You asked"
            ),
            (
                RowKind::Request,
                "Scheduled",
                "Scheduled for Wed 8:00 pm",
                "You asked"
            ),
            (RowKind::Call, "Completed", "1 min 15 s", "You called"),
            (
                RowKind::Request,
                "Missed",
                "Scheduled for today 8:00 pm",
                "Alex asked"
            ),
            (
                RowKind::Request,
                "Expired",
                "Proposed today 8:00 pm",
                "Alex asked"
            ),
        ]
    );
    assert_eq!(view.rows[3].date, "Jan 15, 2024 · 11:31");
    assert_eq!(view.rows[5].class(), "missed");
    assert_eq!(RowKind::Request.label(), "Call request");
    assert_eq!(RowKind::Call.key(), "call");
}

// ---- the shell's events --------------------------------------------------------------------------

#[test]
fn the_trays_availability_event_is_read_and_a_bad_one_ignored() {
    use meetcute_domain::availability::Availability;
    use meetcute_ui::services::events::{decode_availability, decode_open_match};
    let off = r#"{"available":false,"until":null,"hide_presence":false}"#;
    assert_eq!(
        decode_availability(off),
        Some(Availability {
            available: false,
            until: None,
            hide_presence: false,
        })
    );
    assert_eq!(decode_availability(r#"{"available":"no"}"#), None);
    assert_eq!(
        decode_open_match(r#"{"match_id":12}"#),
        Some(meetcute_domain::MatchId(12))
    );
    assert_eq!(decode_open_match("12"), None);
}
