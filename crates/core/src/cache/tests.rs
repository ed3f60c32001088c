//! The cache's own rules: what is news, what is stale, and the buttons it computes offline.

use super::Cache;
use chrono::{DateTime, Duration, TimeZone, Utc};
use meetcute_domain::app::AppEvent;
use meetcute_domain::calls::DenyReason;
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::history::CallSummary;
use meetcute_domain::wire::{MatchView, Peer, SessionView, SyncResponse, User};
use meetcute_domain::{CallRole, CallStatus, Eligibility, MatchId, MatchStatus, SessionId, UserId};

const ME: UserId = UserId(1);

async fn cache() -> (Cache, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path()).await.unwrap();
    let me = User {
        id: ME,
        email: "me@x.test".into(),
        display_name: "Me".into(),
    };
    cache.set_account(&me).await.unwrap();
    (cache, dir)
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 10, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn a_match(id: i64, status: MatchStatus, updated: DateTime<Utc>) -> MatchView {
    MatchView {
        id: MatchId(id),
        status,
        closed_reason: None,
        peer: Peer {
            id: UserId(100 + id),
            display_name: format!("P{id}"),
            age: 30,
            bio: String::new(),
            interests: vec![],
            presence: None,
        },
        compatibility: Compatibility {
            score: 50,
            shared_interests: vec![],
        },
        my_decision: None,
        created_at: at(0),
        updated_at: updated,
        call_summary: CallSummary {
            total_calls: 0,
            last_call_at: None,
        },
        live_session: None,
        calls_allowed: true,
        peer_available: true,
    }
}

fn a_call(n: u128, match_id: i64, status: CallStatus, created: DateTime<Utc>) -> SessionView {
    let ended = status
        .is_terminal()
        .then_some(created + Duration::seconds(40));
    SessionView {
        session_id: SessionId(uuid::Uuid::from_u128(n)),
        match_id: MatchId(match_id),
        status,
        role: CallRole::Callee,
        caller_id: UserId(100 + match_id),
        callee_id: ME,
        created_at: created,
        started_at: (status == CallStatus::Completed).then_some(created + Duration::seconds(5)),
        ended_at: ended,
        end_reason: None,
        max_duration_seconds: None,
    }
}

fn kinds(events: &[AppEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            AppEvent::CallUpdated { session } => format!("call {:?}", session.status),
            AppEvent::IncomingCall { .. } => "incoming".into(),
            AppEvent::MutualMatch { .. } => "mutual".into(),
            AppEvent::MatchesChanged => "matches".into(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn a_session_is_announced_once_per_status_and_never_goes_back() {
    let (cache, _dir) = cache().await;
    let now = Utc::now();
    let ringing = a_call(1, 1, CallStatus::Ringing, now);
    let active = SessionView {
        status: CallStatus::Active,
        ..ringing.clone()
    };
    let done = SessionView {
        status: CallStatus::Completed,
        ..ringing.clone()
    };
    let apply = |s: SessionView| {
        let cache = &cache;
        async move { kinds(&cache.apply_session(&s, None).await.unwrap().events) }
    };
    assert_eq!(apply(ringing.clone()).await, ["incoming", "matches"]);
    assert!(apply(ringing.clone()).await.is_empty());
    assert_eq!(apply(active.clone()).await, ["call Active", "matches"]);
    assert!(
        apply(ringing.clone()).await.is_empty(),
        "stale ringing ignored"
    );
    assert_eq!(apply(done.clone()).await, ["call Completed", "matches"]);
    assert!(apply(active).await.is_empty(), "terminal is final");
    assert!(apply(done).await.is_empty());
    let stored = cache.session(ringing.session_id).await.unwrap().unwrap();
    assert_eq!(stored.status, CallStatus::Completed);
}

#[tokio::test]
async fn older_matches_are_ignored_and_mutual_is_announced_once() {
    let (cache, _dir) = cache().await;
    let proposed = a_match(1, MatchStatus::Deciding, at(10));
    assert_eq!(
        kinds(
            &cache
                .apply_matches(std::slice::from_ref(&proposed))
                .await
                .unwrap()
                .events
        ),
        ["matches"]
    );
    let stale = a_match(1, MatchStatus::Closed, at(5));
    assert!(
        cache
            .apply_matches(&[stale])
            .await
            .unwrap()
            .events
            .is_empty()
    );
    let matched = a_match(1, MatchStatus::Matched, at(20));
    let events = cache
        .apply_matches(std::slice::from_ref(&matched))
        .await
        .unwrap()
        .events;
    assert_eq!(kinds(&events), ["matches", "mutual"]);
    assert!(
        cache
            .apply_matches(&[matched])
            .await
            .unwrap()
            .events
            .is_empty()
    );
    let sync = SyncResponse {
        cursor: 9,
        matches: vec![a_match(1, MatchStatus::Matched, at(20))],
        calls: vec![],
        more: false,
        call_requests: vec![],
        presence: vec![],
    };
    assert!(cache.apply_sync(&sync, 8).await.unwrap().events.is_empty());
}

#[tokio::test]
async fn no_page_of_a_first_full_load_is_news_but_a_catch_up_is() {
    let (cache, _dir) = cache().await;
    let first = SyncResponse {
        cursor: 5,
        matches: vec![a_match(1, MatchStatus::Matched, at(1))],
        calls: vec![a_call(1, 1, CallStatus::Missed, at(2))],
        more: true,
        call_requests: vec![],
        presence: vec![],
    };
    assert_eq!(
        kinds(&cache.apply_sync(&first, 0).await.unwrap().events),
        ["matches"]
    );
    let second_page = SyncResponse {
        cursor: 7,
        matches: vec![],
        calls: vec![a_call(2, 1, CallStatus::Missed, at(3))],
        more: false,
        call_requests: vec![],
        presence: vec![],
    };
    assert_eq!(
        kinds(&cache.apply_sync(&second_page, 0).await.unwrap().events),
        ["matches"]
    );
    assert_eq!(cache.cursor().await.unwrap(), 7);
    let later = SyncResponse {
        cursor: 8,
        matches: vec![],
        calls: vec![a_call(3, 1, CallStatus::Missed, at(4))],
        more: false,
        call_requests: vec![],
        presence: vec![],
    };
    assert_eq!(
        kinds(&cache.apply_sync(&later, 7).await.unwrap().events),
        ["call Missed", "matches"]
    );
    assert_eq!(cache.cursor().await.unwrap(), 8);
    let bad = SyncResponse {
        cursor: -1,
        matches: vec![a_match(2, MatchStatus::Proposed, at(1))],
        calls: vec![],
        more: false,
        call_requests: vec![],
        presence: vec![],
    };
    assert!(cache.apply_sync(&bad, 8).await.is_err());
    assert_eq!(cache.cursor().await.unwrap(), 8);
    assert!(cache.match_view(MatchId(2)).await.unwrap().is_none());
}

#[tokio::test]
async fn buttons_and_counts_come_from_the_cached_data() {
    let (cache, _dir) = cache().await;
    let now = Utc::now();
    let sync = SyncResponse {
        cursor: 3,
        matches: vec![
            a_match(1, MatchStatus::Proposed, at(1)),
            a_match(2, MatchStatus::Matched, at(2)),
            a_match(3, MatchStatus::Deciding, at(3)),
            a_match(4, MatchStatus::Proposed, at(4)),
        ],
        calls: vec![
            // Match 2: two completed calls long ago: "Call Again", 2 calls together.
            a_call(1, 2, CallStatus::Completed, now - Duration::days(9)),
            a_call(2, 2, CallStatus::Completed, now - Duration::days(8)),
            // Match 4: a ring an hour old, never told it ended: aged to missed by the rules.
            a_call(3, 4, CallStatus::Ringing, now - Duration::hours(1)),
        ],
        more: false,
        call_requests: vec![],
        presence: vec![],
    };
    cache.apply_sync(&sync, 0).await.unwrap();
    let cards = cache.cards(ME).await.unwrap();
    let card = |id: i64| {
        cards
            .iter()
            .find(|c| c.view.id == MatchId(id))
            .unwrap()
            .clone()
    };
    assert!(matches!(
        card(1).eligibility,
        Eligibility::FirstCall {
            max_duration_seconds: 60
        }
    ));
    assert_eq!(card(2).eligibility, Eligibility::CallAgain);
    assert_eq!(card(2).view.call_summary.total_calls, 2);
    assert_eq!(
        card(3).eligibility,
        Eligibility::Denied {
            reason: DenyReason::AwaitingDecision
        }
    );
    assert!(matches!(card(4).eligibility, Eligibility::FirstCall { .. }));
    assert_eq!(card(4).view.live_session, None);

    // A live ring now: that match shows "Answer", every other one "already in a call".
    let live = a_call(4, 1, CallStatus::Ringing, now);
    cache.apply_session(&live, None).await.unwrap();
    let cards = cache.cards(ME).await.unwrap();
    let card = |id: i64| {
        cards
            .iter()
            .find(|c| c.view.id == MatchId(id))
            .unwrap()
            .clone()
    };
    assert_eq!(
        card(1).eligibility,
        Eligibility::InCall {
            session_id: live.session_id,
            role: CallRole::Callee
        }
    );
    assert_eq!(
        card(1).view.live_session.map(|s| s.session_id),
        Some(live.session_id)
    );
    assert_eq!(
        card(2).eligibility,
        Eligibility::Denied {
            reason: DenyReason::AlreadyInCall
        }
    );
}
