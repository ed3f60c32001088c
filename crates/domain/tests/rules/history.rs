//! Call history in the seed's shape.

use super::support::*;
use meetcute_domain::history::{call_history, call_summary, duration_minutes};
use meetcute_domain::{CallStatus::*, MatchId, MatchStatus};
use serde_json::json;

#[test]
fn minutes_round_down_but_count_at_least_one() {
    for (seconds, minutes) in [
        (0, 1),
        (59, 1),
        (60, 1),
        (75, 1),
        (119, 1),
        (120, 2),
        (179, 2),
        (3600, 60),
    ] {
        assert_eq!(duration_minutes(seconds), minutes, "{seconds} s");
    }
}

#[test]
fn the_seed_example() {
    let mut completed = session(1, Completed);
    completed.started_at = Some(t0());
    completed.ended_at = Some(t0() + secs(75));
    completed.caller_id = BEN;
    completed.callee_id = ANA;
    let history = call_history(&a_match(MatchStatus::Matched), &[completed.clone()]);
    assert_eq!(
        serde_json::to_value(&history).unwrap(),
        json!({
            "match_id": 123, "is_mutual_match": true, "total_calls": 1,
            "calls": [{
                "session_id": completed.id.to_string(), "status": "completed",
                "started_at": "2024-01-15T10:30:00Z", "ended_at": "2024-01-15T10:31:15Z",
                "duration_minutes": 1, "duration_seconds": 75, "initiated_by": 2
            }]
        })
    );
}

#[test]
fn every_session_oldest_first_but_only_completed_ones_count() {
    let at = |n: i64| t0() + secs(n * 1000);
    let sessions = vec![
        created_at(session(3, Completed), at(3)),
        created_at(session(1, Missed), at(1)),
        created_at(session(4, Active), at(4)),
        created_at(session(2, Completed), at(2)),
        created_at(session(9, Completed), at(0)),
    ];
    let mut foreign = sessions[4].clone();
    foreign.match_id = MatchId(7);
    let mut sessions = sessions;
    sessions[4] = foreign;

    let history = call_history(&a_match(MatchStatus::Deciding), &sessions);
    let order: Vec<_> = history.calls.iter().map(|c| c.session_id).collect();
    assert_eq!(
        order,
        vec![session_id(1), session_id(2), session_id(3), session_id(4)]
    );
    assert_eq!(history.total_calls, 2);
    assert!(!history.is_mutual_match);

    let missed = &history.calls[0];
    assert_eq!(
        (
            missed.started_at,
            missed.duration_seconds,
            missed.duration_minutes
        ),
        (None, None, None)
    );
    assert!(missed.ended_at.is_some());
    let live = &history.calls[3];
    assert_eq!((live.duration_seconds, live.duration_minutes), (None, None));
    assert_eq!(history.calls[1].duration_seconds, Some(45));
}

#[test]
fn summary_finds_the_last_completed_call() {
    let mut late = session(2, Completed);
    late.ended_at = Some(t0() + secs(5000));
    let summary = call_summary(&[session(1, Completed), late, session(3, Missed)]);
    assert_eq!(summary.total_calls, 2);
    assert_eq!(summary.last_call_at, Some(t0() + secs(5000)));
    assert_eq!(call_summary(&[session(1, Missed)]).last_call_at, None);
}
