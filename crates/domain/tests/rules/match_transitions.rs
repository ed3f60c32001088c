//! Every match transition, allowed and refused, in one table.

use super::support::*;
use chrono::Duration;
use meetcute_domain::matching::MatchChange;
use meetcute_domain::{
    ClosedReason::*, Decision::*, ErrorCode, MatchEvent, MatchRecord, MatchStatus::*,
};

/// `Ok(None)` = unchanged; `Ok(Some((status, reason)))` = changed to that.
type Expected = Result<
    Option<(
        meetcute_domain::MatchStatus,
        Option<meetcute_domain::ClosedReason>,
    )>,
    ErrorCode,
>;

fn case(name: &str, before: MatchRecord, event: MatchEvent, expected: Expected) {
    let got = before.apply(event, &timings()).map(|change| match change {
        MatchChange::Unchanged => None,
        MatchChange::Changed(after) => Some((after.status, after.closed_reason)),
    });
    assert_eq!(got, expected, "{name}");
}

fn decide(by: meetcute_domain::UserId, decision: meetcute_domain::Decision) -> MatchEvent {
    MatchEvent::Decide { by, decision }
}

#[test]
fn completed_call_moves_only_a_proposal_to_deciding() {
    case(
        "proposed",
        a_match(Proposed),
        MatchEvent::CallCompleted,
        Ok(Some((Deciding, None))),
    );
    case(
        "deciding",
        a_match(Deciding),
        MatchEvent::CallCompleted,
        Ok(None),
    );
    let mutual = with_decisions(a_match(Matched), Some(Like), Some(Like));
    case("matched", mutual, MatchEvent::CallCompleted, Ok(None));
    case(
        "closed",
        closed(Passed),
        MatchEvent::CallCompleted,
        Ok(None),
    );
}

#[test]
fn decisions() {
    let deciding = a_match(Deciding);
    let ben_liked = with_decisions(a_match(Deciding), None, Some(Like));
    let ana_liked = with_decisions(a_match(Deciding), Some(Like), None);
    let mutual = with_decisions(a_match(Matched), Some(Like), Some(Like));
    let ben_passed = with_decisions(closed(Passed), None, Some(Pass));
    let ana_passed = with_decisions(closed(Passed), Some(Pass), None);

    case(
        "like before the first call",
        a_match(Proposed),
        decide(ANA, Like),
        Err(ErrorCode::FirstCallRequired),
    );
    case(
        "pass before calling",
        a_match(Proposed),
        decide(ANA, Pass),
        Ok(Some((Closed, Some(Passed)))),
    );
    case(
        "first like waits",
        deciding.clone(),
        decide(ANA, Like),
        Ok(Some((Deciding, None))),
    );
    case(
        "second like is mutual",
        ben_liked.clone(),
        decide(ANA, Like),
        Ok(Some((Matched, None))),
    );
    case(
        "pass while deciding",
        deciding,
        decide(BEN, Pass),
        Ok(Some((Closed, Some(Passed)))),
    );
    case(
        "pass after their like",
        ben_liked,
        decide(ANA, Pass),
        Ok(Some((Closed, Some(Passed)))),
    );
    case(
        "same like again",
        ana_liked.clone(),
        decide(ANA, Like),
        Ok(None),
    );
    case(
        "change of mind",
        ana_liked,
        decide(ANA, Pass),
        Err(ErrorCode::DecisionAlreadyMade),
    );
    case(
        "like again when matched",
        mutual.clone(),
        decide(BEN, Like),
        Ok(None),
    );
    case(
        "pass when matched",
        mutual,
        decide(BEN, Pass),
        Err(ErrorCode::DecisionAlreadyMade),
    );
    case(
        "like after their pass",
        ben_passed,
        decide(ANA, Like),
        Err(ErrorCode::Closed),
    );
    case("same pass again", ana_passed, decide(ANA, Pass), Ok(None));
    case(
        "a stranger decides",
        a_match(Deciding),
        decide(CAL, Like),
        Err(ErrorCode::NotParticipant),
    );
}

#[test]
fn the_decision_is_recorded_for_the_person_who_made_it() {
    let after = a_match(Deciding)
        .apply(decide(BEN, Like), &timings())
        .unwrap()
        .into_record(&a_match(Deciding));
    assert_eq!(after.decision_of(BEN), Some(Like));
    assert_eq!(after.decision_of(ANA), None);
}

#[test]
fn unmatch() {
    let mutual = with_decisions(a_match(Matched), Some(Like), Some(Like));
    case(
        "mutual",
        mutual,
        MatchEvent::Unmatch { by: BEN },
        Ok(Some((Closed, Some(Unmatched)))),
    );
    case(
        "proposed",
        a_match(Proposed),
        MatchEvent::Unmatch { by: ANA },
        Err(ErrorCode::NotMatched),
    );
    case(
        "deciding",
        a_match(Deciding),
        MatchEvent::Unmatch { by: ANA },
        Err(ErrorCode::NotMatched),
    );
    case(
        "again",
        closed(Unmatched),
        MatchEvent::Unmatch { by: ANA },
        Ok(None),
    );
    case(
        "after a pass",
        closed(Passed),
        MatchEvent::Unmatch { by: ANA },
        Err(ErrorCode::Closed),
    );
    case(
        "stranger",
        a_match(Matched),
        MatchEvent::Unmatch { by: CAL },
        Err(ErrorCode::NotParticipant),
    );
}

#[test]
fn block_closes_anything() {
    for before in [
        a_match(Proposed),
        a_match(Deciding),
        a_match(Matched),
        closed(Passed),
        closed(Expired),
    ] {
        let name = format!("block from {:?}", before.status);
        case(
            &name,
            before,
            MatchEvent::Block { by: ANA },
            Ok(Some((Closed, Some(Blocked)))),
        );
    }
    case(
        "again",
        closed(Blocked),
        MatchEvent::Block { by: BEN },
        Ok(None),
    );
    case(
        "stranger",
        a_match(Proposed),
        MatchEvent::Block { by: CAL },
        Err(ErrorCode::NotParticipant),
    );
}

#[test]
fn proposals_expire_after_the_ttl_only() {
    let ttl = timings().proposal_ttl;
    let just_before = MatchEvent::Tick {
        now: t0() + ttl - Duration::seconds(1),
    };
    let at_ttl = MatchEvent::Tick { now: t0() + ttl };
    case("before", a_match(Proposed), just_before, Ok(None));
    case(
        "at",
        a_match(Proposed),
        at_ttl,
        Ok(Some((Closed, Some(Expired)))),
    );
    case(
        "deciding never expires",
        a_match(Deciding),
        at_ttl,
        Ok(None),
    );
    case("matched never expires", a_match(Matched), at_ttl, Ok(None));
}

#[test]
fn a_block_is_only_the_blockers_to_know() {
    use meetcute_domain::UserId;
    use meetcute_domain::matching::closed_reason_seen_by;
    let (blocker, blocked) = (UserId(1), UserId(2));
    assert_eq!(
        closed_reason_seen_by(Some(Blocked), Some(blocker), blocker),
        Some(Blocked)
    );
    assert_eq!(
        closed_reason_seen_by(Some(Blocked), Some(blocker), blocked),
        Some(Unmatched)
    );
    assert_eq!(
        closed_reason_seen_by(Some(Blocked), None, blocker),
        Some(Unmatched),
        "not known who blocked: nobody is told"
    );
    for reason in [None, Some(Unmatched), Some(Passed), Some(Expired)] {
        assert_eq!(
            closed_reason_seen_by(reason, Some(blocker), blocked),
            reason
        );
    }
}
