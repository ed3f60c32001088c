//! A server that sends garbage: every bad answer is an error (not a panic) and leaves the
//! cache exactly as it was.

use crate::helpers::open;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{TimeZone, Utc};
use meetcute_core::{Core, CoreError};
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::history::CallSummary;
use meetcute_domain::wire::{AuthResponse, MatchView, Peer, SessionView, SyncResponse, User};
use meetcute_domain::{
    CallRole, CallStatus, Eligibility, ErrorCode, MatchId, MatchStatus, SessionId, UserId,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Fake {
    /// What `/api/sync` answers next.
    mode: Arc<Mutex<&'static str>>,
    cursors_asked: Arc<Mutex<Vec<i64>>>,
}

fn a_match(id: i64) -> MatchView {
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 10, 30, 0).unwrap();
    MatchView {
        id: MatchId(id),
        status: MatchStatus::Proposed,
        closed_reason: None,
        peer: Peer {
            id: UserId(100 + id),
            display_name: format!("Peer {id}"),
            age: 30,
            bio: String::new(),
            interests: vec![],
            presence: None,
        },
        compatibility: Compatibility {
            score: 80,
            shared_interests: vec!["hiking".into()],
        },
        my_decision: None,
        created_at: at,
        updated_at: at,
        call_summary: CallSummary {
            total_calls: 0,
            last_call_at: None,
        },
        live_session: None,
        calls_allowed: true,
        peer_available: true,
    }
}

fn a_call(match_id: i64) -> SessionView {
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 10, 31, 0).unwrap();
    SessionView {
        session_id: SessionId(uuid::Uuid::from_u128(7)),
        match_id: MatchId(match_id),
        status: CallStatus::Missed,
        role: CallRole::Callee,
        caller_id: UserId(100 + match_id),
        callee_id: UserId(1),
        created_at: at,
        started_at: None,
        ended_at: Some(at),
        end_reason: None,
        max_duration_seconds: Some(60),
    }
}

async fn login() -> Json<AuthResponse> {
    let user = User {
        id: UserId(1),
        email: "me@fake.test".into(),
        display_name: "Me".into(),
    };
    Json(AuthResponse {
        token: "fake-token".into(),
        user,
    })
}

async fn sync(State(fake): State<Fake>, Query(q): Query<HashMap<String, String>>) -> Response {
    let cursor = q.get("cursor").and_then(|c| c.parse().ok()).unwrap_or(-1);
    fake.cursors_asked.lock().unwrap().push(cursor);
    let mode = *fake.mode.lock().unwrap();
    let valid = |matches, calls| {
        Json(SyncResponse {
            cursor: 10,
            matches,
            calls,
            more: false,
            call_requests: vec![],
            presence: vec![],
        })
        .into_response()
    };
    let json = |text: &'static str| ([("content-type", "application/json")], text).into_response();
    match mode {
        "valid" => valid(vec![a_match(1)], vec![a_call(1)]),
        "garbage" => json("{\"cursor\": 11, \"matches\": [{\"id\": 2, "),
        "wrong types" => json(r#"{"cursor": "eleven", "matches": {}, "calls": 3}"#),
        "html 500" => (StatusCode::INTERNAL_SERVER_ERROR, "<h1>oops</h1>").into_response(),
        "error 500" => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({"error": {"code": "internal", "message": "db down"}})),
        )
            .into_response(),
        "one bad call" => {
            // Valid matches, then a call with an unknown status: nothing of it may be applied.
            let mut body = serde_json::to_value(SyncResponse {
                cursor: 12,
                matches: vec![a_match(2)],
                calls: vec![a_call(2)],
                more: false,
                call_requests: vec![],
                presence: vec![],
            })
            .unwrap();
            body["calls"][0]["status"] = "exploded".into();
            Json(body).into_response()
        }
        "negative cursor" => Json(SyncResponse {
            cursor: -5,
            matches: vec![a_match(3)],
            calls: vec![],
            more: false,
            call_requests: vec![],
            presence: vec![],
        })
        .into_response(),
        "no body" => StatusCode::OK.into_response(),
        "broken gzip" => (
            [
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            "this is not gzip",
        )
            .into_response(),
        "broken zstd" => (
            [
                ("content-type", "application/json"),
                ("content-encoding", "zstd"),
            ],
            "this is not zstd",
        )
            .into_response(),
        "brotli" => (
            [
                ("content-type", "application/json"),
                ("content-encoding", "br"),
            ],
            "the core never asks for brotli",
        )
            .into_response(),
        "paged" | "paged, bad second" if cursor < 10 => Json(SyncResponse {
            cursor: 10,
            matches: vec![a_match(1)],
            calls: vec![],
            more: true,
            call_requests: vec![],
            presence: vec![],
        })
        .into_response(),
        "paged" => Json(SyncResponse {
            cursor: 20,
            matches: vec![a_match(2)],
            calls: vec![a_call(2)],
            more: false,
            call_requests: vec![],
            presence: vec![],
        })
        .into_response(),
        "paged, bad second" => {
            json(r#"{"cursor": 20, "matches": [], "calls": [{}], "more": false}"#)
        }
        "stuck" => Json(SyncResponse {
            cursor,
            matches: vec![],
            calls: vec![],
            more: true,
            call_requests: vec![],
            presence: vec![],
        })
        .into_response(),
        "gzipped" => compressed("gzip"),
        "zstd" => compressed("zstd"),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A good sync answer, compressed with `encoding`.
fn compressed(encoding: &'static str) -> Response {
    use std::io::Write;
    let body = serde_json::to_vec(&SyncResponse {
        cursor: 10,
        matches: vec![a_match(1)],
        calls: vec![a_call(1)],
        more: false,
        call_requests: vec![],
        presence: vec![],
    })
    .unwrap();
    let body = match encoding {
        "gzip" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&body).unwrap();
            gz.finish().unwrap()
        }
        _ => zstd::encode_all(&body[..], 1).unwrap(),
    };
    (
        [
            ("content-type", "application/json"),
            ("content-encoding", encoding),
        ],
        body,
    )
        .into_response()
}

async fn discover() -> Response {
    (
        [("content-type", "application/json")],
        r#"{"matches": [{"id": "not a number"}]}"#,
    )
        .into_response()
}

async fn start_fake() -> (String, Fake) {
    let fake = Fake::default();
    *fake.mode.lock().unwrap() = "valid";
    let app = Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/sync", get(sync))
        .route("/api/matches/discover", post(discover))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), fake)
}

/// A core signed in to a new fake server (its data dir lives as long as the `TempDir`).
async fn signed_in_to_fake() -> (Core, Fake, tempfile::TempDir) {
    crate::helpers::init_tracing();
    let (url, fake) = start_fake().await;
    let dir = tempfile::tempdir().unwrap();
    let (core, _log) = open(&dir, &url).await;
    core.sign_in("me@fake.test", "whatever1")
        .await
        .expect("signs in");
    (core, fake, dir)
}

#[tokio::test]
async fn bad_answers_are_errors_and_leave_the_cache_as_it_was() {
    let (core, fake, _dir) = signed_in_to_fake().await;
    core.sync_now().await.expect("a valid sync");
    let before = core.matches().await.expect("matches");
    assert_eq!(before.len(), 1);
    assert!(matches!(
        before[0].eligibility,
        Eligibility::FirstCall { .. }
    ));

    for mode in [
        "garbage",
        "wrong types",
        "html 500",
        "error 500",
        "one bad call",
        "negative cursor",
        "no body",
        "broken gzip",
        "broken zstd",
        "brotli",
    ] {
        *fake.mode.lock().unwrap() = mode;
        let error = core.sync_now().await.expect_err(mode);
        assert_eq!(error.code(), ErrorCode::Internal, "{mode}: {error:?}");
        if mode.contains("500") {
            assert!(
                matches!(error, CoreError::Server { status: 500, .. }),
                "{mode}: {error:?}"
            );
        } else {
            assert!(
                matches!(error, CoreError::BadResponse(_)),
                "{mode}: {error:?}"
            );
        }
        assert_eq!(
            core.matches().await.expect("matches"),
            before,
            "{mode} changed the cache"
        );
    }
    let discovered = core.discover().await.expect_err("garbage discover");
    assert!(matches!(discovered, CoreError::BadResponse(_)));
    assert_eq!(core.matches().await.unwrap(), before);

    // The cursor never moved: the next good sync asks from where the last good one ended.
    for mode in ["gzipped", "zstd"] {
        *fake.mode.lock().unwrap() = mode;
        let report = core.sync_report().await.expect(mode);
        assert_eq!(
            (report.matches, report.calls, report.cursor),
            (1, 1, 10),
            "{mode}"
        );
    }
    *fake.mode.lock().unwrap() = "valid";
    core.sync_now().await.expect("valid again");
    assert_eq!(core.matches().await.unwrap(), before);
    let asked = fake.cursors_asked.lock().unwrap().clone();
    assert_eq!(asked.first(), Some(&0));
    assert!(
        asked[1..].iter().all(|c| *c == 10),
        "cursors asked: {asked:?}"
    );
}

#[tokio::test]
async fn pages_are_followed_to_the_end_and_a_bad_page_keeps_the_good_ones_before_it() {
    let (core, fake, _dir) = signed_in_to_fake().await;
    let ids = |cards: Vec<meetcute_core::MatchCard>| -> Vec<i64> {
        let mut ids: Vec<i64> = cards.iter().map(|c| c.view.id.0).collect();
        ids.sort();
        ids
    };

    *fake.mode.lock().unwrap() = "paged, bad second";
    let error = core.sync_now().await.expect_err("a bad second page");
    assert!(matches!(error, CoreError::BadResponse(_)), "{error:?}");
    assert_eq!(
        ids(core.matches().await.unwrap()),
        [1],
        "the good page stays"
    );

    *fake.mode.lock().unwrap() = "paged";
    let report = core.sync_report().await.expect("the rest");
    assert_eq!(
        (report.pages, report.matches, report.calls, report.cursor),
        (1, 1, 1, 20)
    );
    assert_eq!(ids(core.matches().await.unwrap()), [1, 2]);

    *fake.mode.lock().unwrap() = "stuck";
    let error = core.sync_now().await.expect_err("a page that never ends");
    assert!(matches!(error, CoreError::BadResponse(_)), "{error:?}");
    assert_eq!(ids(core.matches().await.unwrap()), [1, 2]);
    assert_eq!(*fake.cursors_asked.lock().unwrap(), [0, 10, 10, 20]);
}
