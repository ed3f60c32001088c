//! "Ask for a call": proposing, answering, reminders and the outcome, by the rules alone.

use crate::support::{ANA, BEN, CAL, MATCH, t0};
use chrono::{DateTime, Duration, Utc};
use meetcute_domain::call_requests::{
    CallRequest, CallRequestRecord, CallRequestStatus, MAX_OPEN_PER_PERSON, NewCallRequest,
    OpenRequests, Refusal, RequestNews, history_label, propose,
};
use meetcute_domain::{CallRequestId, ErrorCode, MatchStatus, Timings};

const NOTHING_OPEN: OpenRequests = OpenRequests {
    mine: 0,
    in_match: 0,
};

fn hours(n: i64) -> Duration {
    Duration::hours(n)
}

fn times(body: Vec<DateTime<Utc>>) -> NewCallRequest {
    NewCallRequest {
        slots: body,
        any_time_today: false,
    }
}

fn refused_with(result: Result<impl std::fmt::Debug, Refusal>) -> Option<ErrorCode> {
    match result {
        Err(Refusal::Rule(code)) => Some(code),
        Err(Refusal::Invalid(_)) => Some(ErrorCode::Validation),
        Ok(_) => None,
    }
}

/// Ana asks Ben, as the server would store it.
fn asked(body: NewCallRequest) -> CallRequestRecord {
    let timings = Timings::default();
    let proposal = propose(&body, MatchStatus::Matched, NOTHING_OPEN, t0(), &timings).unwrap();
    CallRequestRecord {
        request: CallRequest {
            id: CallRequestId(1),
            match_id: MATCH,
            from_user_id: ANA,
            slots: proposal.slots,
            any_time_today: proposal.any_time_today,
            status: CallRequestStatus::Pending,
            scheduled_at: None,
            expires_at: proposal.expires_at,
            created_at: t0(),
        },
        to_user_id: BEN,
        reminders_sent: 0,
    }
}

#[test]
fn times_are_sorted_and_the_request_lapses_after_the_last() {
    let timings = Timings::default();
    let body = times(vec![t0() + hours(5), t0() + hours(2)]);
    let proposal = propose(&body, MatchStatus::Proposed, NOTHING_OPEN, t0(), &timings).unwrap();
    assert_eq!(proposal.slots, [t0() + hours(2), t0() + hours(5)]);
    assert_eq!(
        proposal.expires_at,
        t0() + hours(5) + timings.call_request_window
    );
    let today = NewCallRequest {
        slots: vec![],
        any_time_today: true,
    };
    let proposal = propose(&today, MatchStatus::Matched, NOTHING_OPEN, t0(), &timings).unwrap();
    assert_eq!(proposal.expires_at, t0() + timings.any_time_window);
}

#[test]
fn bad_times_are_refused_as_invalid() {
    let timings = Timings::default();
    let invalid = |body: NewCallRequest| {
        refused_with(propose(
            &body,
            MatchStatus::Matched,
            NOTHING_OPEN,
            t0(),
            &timings,
        ))
    };
    assert_eq!(invalid(times(vec![])), Some(ErrorCode::Validation));
    assert_eq!(
        invalid(times(vec![t0() - hours(1)])),
        Some(ErrorCode::Validation)
    );
    assert_eq!(
        invalid(times(vec![t0() + hours(24 * 8)])),
        Some(ErrorCode::Validation)
    );
    let four = (1..=4).map(|h| t0() + hours(h)).collect();
    assert_eq!(invalid(times(four)), Some(ErrorCode::Validation));
    let twice = vec![t0() + hours(1), t0() + hours(1)];
    assert_eq!(invalid(times(twice)), Some(ErrorCode::Validation));
    let both = NewCallRequest {
        slots: vec![t0() + hours(1)],
        any_time_today: true,
    };
    assert_eq!(invalid(both), Some(ErrorCode::Validation));
}

#[test]
fn only_callable_matches_take_requests_and_open_ones_are_bounded() {
    let timings = Timings::default();
    let body = times(vec![t0() + hours(1)]);
    let with = |status, open| refused_with(propose(&body, status, open, t0(), &timings));
    assert_eq!(
        with(MatchStatus::Closed, NOTHING_OPEN),
        Some(ErrorCode::Closed)
    );
    assert_eq!(
        with(MatchStatus::Deciding, NOTHING_OPEN),
        Some(ErrorCode::AwaitingDecision)
    );
    let one_here = OpenRequests {
        mine: 0,
        in_match: 1,
    };
    assert_eq!(
        with(MatchStatus::Matched, one_here),
        Some(ErrorCode::RequestOpen)
    );
    let many = OpenRequests {
        mine: MAX_OPEN_PER_PERSON,
        in_match: 0,
    };
    assert_eq!(
        with(MatchStatus::Matched, many),
        Some(ErrorCode::TooManyRequests)
    );
    let fewer = OpenRequests {
        mine: MAX_OPEN_PER_PERSON - 1,
        in_match: 0,
    };
    assert_eq!(with(MatchStatus::Matched, fewer), None);
}

#[test]
fn only_the_person_asked_answers_and_only_a_proposed_time() {
    let timings = Timings::default();
    let slot = t0() + hours(2);
    let mut request = asked(times(vec![slot, t0() + hours(3)]));
    let now = t0() + hours(1);
    assert_eq!(
        refused_with(request.clone().accept(ANA, Some(slot), now, &timings)),
        Some(ErrorCode::Forbidden)
    );
    assert_eq!(
        refused_with(request.clone().accept(CAL, Some(slot), now, &timings)),
        Some(ErrorCode::Forbidden)
    );
    assert_eq!(
        refused_with(
            request
                .clone()
                .accept(BEN, Some(slot + hours(9)), now, &timings)
        ),
        Some(ErrorCode::Validation)
    );
    assert_eq!(
        refused_with(request.clone().accept(BEN, None, now, &timings)),
        Some(ErrorCode::Validation)
    );
    request.accept(BEN, Some(slot), now, &timings).unwrap();
    assert_eq!(request.request.status, CallRequestStatus::Scheduled);
    assert_eq!(request.request.scheduled_at, Some(slot));
    assert_eq!(history_label(&request.request), "Scheduled");
    assert_eq!(
        refused_with(request.clone().decline(BEN, now)),
        Some(ErrorCode::InvalidTransition)
    );
}

#[test]
fn any_time_today_is_taken_now_or_at_a_time_within_it() {
    let timings = Timings::default();
    let today = NewCallRequest {
        slots: vec![],
        any_time_today: true,
    };
    let now = t0() + hours(1);
    let mut now_please = asked(today.clone());
    now_please.accept(BEN, None, now, &timings).unwrap();
    assert_eq!(now_please.request.scheduled_at, Some(now));
    let mut too_late = asked(today.clone());
    assert_eq!(
        refused_with(too_late.accept(BEN, Some(t0() + hours(20)), now, &timings)),
        Some(ErrorCode::Validation)
    );
}

#[test]
fn the_proposer_cancels_a_pending_request_and_either_a_scheduled_one() {
    let timings = Timings::default();
    let slot = t0() + hours(2);
    let pending = asked(times(vec![slot]));
    assert_eq!(
        refused_with(pending.clone().cancel(BEN, t0())),
        Some(ErrorCode::Forbidden)
    );
    let mut cancelled = pending.clone();
    cancelled.cancel(ANA, t0()).unwrap();
    assert_eq!(cancelled.request.status, CallRequestStatus::Cancelled);
    let mut scheduled = pending.clone();
    scheduled.accept(BEN, Some(slot), t0(), &timings).unwrap();
    let mut by_ben = scheduled.clone();
    by_ben.cancel(BEN, t0()).unwrap();
    assert_eq!(by_ben.request.status, CallRequestStatus::Cancelled);
    assert_eq!(
        refused_with(scheduled.clone().cancel(CAL, t0())),
        Some(ErrorCode::Forbidden)
    );
    let mut declined = pending;
    declined.decline(BEN, t0()).unwrap();
    assert_eq!(declined.request.status, CallRequestStatus::Declined);
    assert!(!declined.clone().match_closed());
    assert!(scheduled.match_closed());
}

#[test]
fn an_unanswered_request_expires_at_its_time_and_not_before() {
    let timings = Timings::default();
    let mut request = asked(times(vec![t0() + hours(2)]));
    let due = request.due(&timings).unwrap();
    assert_eq!(
        request.advance(due - Duration::seconds(1), &timings, false),
        None
    );
    assert_eq!(
        request.advance(due, &timings, false),
        Some(RequestNews::Updated)
    );
    assert_eq!(request.request.status, CallRequestStatus::Expired);
    assert_eq!(history_label(&request.request), "Expired");
    assert_eq!(request.due(&timings), None);
    assert_eq!(
        refused_with(request.accept(BEN, Some(t0() + hours(2)), due, &timings)),
        Some(ErrorCode::InvalidTransition)
    );
}

#[test]
fn a_scheduled_call_is_reminded_before_and_at_its_time_then_done_or_missed() {
    let timings = Timings::default();
    let slot = t0() + hours(2);
    let mut request = asked(times(vec![slot]));
    request.accept(BEN, Some(slot), t0(), &timings).unwrap();
    let before = request.due(&timings).unwrap();
    assert_eq!(before, slot - timings.call_request_reminder_lead);
    assert_eq!(request.outcome_counts_calls_from(&timings), None);
    assert_eq!(
        request.advance(before, &timings, false),
        Some(RequestNews::Reminder { minutes_before: 5 })
    );
    assert_eq!(request.due(&timings), Some(slot));
    assert_eq!(
        request.advance(slot, &timings, false),
        Some(RequestNews::Reminder { minutes_before: 0 })
    );
    let end = request.due(&timings).unwrap();
    assert_eq!(end, slot + timings.call_request_window);
    let mut missed = request.clone();
    assert_eq!(
        missed.advance(end, &timings, false),
        Some(RequestNews::Updated)
    );
    assert_eq!(missed.request.status, CallRequestStatus::Expired);
    assert_eq!(history_label(&missed.request), "Missed");
    assert_eq!(request.outcome_counts_calls_from(&timings), Some(before));
    let mut done = request;
    done.advance(end, &timings, true);
    assert_eq!(done.request.status, CallRequestStatus::Done);
}

#[test]
fn a_time_agreed_late_is_reminded_once_with_the_minutes_left() {
    let timings = Timings::default();
    let slot = t0() + hours(2);
    let mut request = asked(times(vec![slot]));
    let late = slot - Duration::seconds(150);
    request.accept(BEN, Some(slot), late, &timings).unwrap();
    assert_eq!(
        request.advance(late, &timings, false),
        Some(RequestNews::Reminder { minutes_before: 3 })
    );
    assert_eq!(request.due(&timings), Some(slot));
}
