//! Several instances on one PostgreSQL database: the rules hold across them, sync never skips a
//! change, and instances started together migrate an empty database once. These always run on
//! PostgreSQL (several instances on one SQLite file is not a supported set-up).

use crate::helpers::*;
use futures::future::join_all;
use meetcute_server::{Config, Server};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

async fn two_instances() -> (TestApp, TestApp) {
    let first = spawn_with(Config::for_tests_on_postgres()).await;
    let second = first.another_instance().await;
    (first, second)
}

#[tokio::test]
async fn thirty_starts_split_over_two_instances_make_one_session() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let starts = (0..30).map(|i| {
        let instance = if i % 2 == 0 { &one } else { &two };
        instance.start_call(if i % 3 == 0 { &ana } else { &ben }, match_id)
    });
    let answers = join_all(starts).await;
    let first = answers[0].1["session_id"].clone();
    for (status, body) in &answers {
        assert_eq!(status.as_u16(), 200, "{body}");
        assert_eq!(body["session_id"], first, "two sessions: {body}");
    }
    let (_, history) = two.history(&ben, match_id).await;
    assert_eq!(history["calls"].as_array().unwrap().len(), 1, "{history}");
}

#[tokio::test]
async fn both_people_calling_at_once_on_different_instances_get_one_session() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    for round in 0..15 {
        let (a, b) = tokio::join!(
            one.start_call(&ana, match_id),
            two.start_call(&ben, match_id)
        );
        assert_eq!(
            (a.0.as_u16(), b.0.as_u16()),
            (200, 200),
            "round {round}: {a:?} {b:?}"
        );
        assert_eq!(
            a.1["session_id"], b.1["session_id"],
            "round {round}: two sessions"
        );
        let caller = if a.1["role"] == "caller" { &ana } else { &ben };
        let session = a.1["session_id"].as_str().unwrap();
        let (_, ended) = one.session_action(caller, session, "end").await;
        assert_eq!(ended["status"], "cancelled", "round {round}: {ended}");
    }
    let (_, history) = two.history(&ana, match_id).await;
    assert_eq!(history["calls"].as_array().unwrap().len(), 15);
}

#[tokio::test]
async fn one_person_rung_in_two_matches_at_once_on_two_instances_is_in_one_call() {
    let (one, two) = two_instances().await;
    let ana = one
        .register_as("Ana", "woman", &["man"], &["jazz", "hiking"])
        .await;
    let ben = one.register_as("Ben", "man", &["woman"], &["jazz"]).await;
    let dan = one.register_as("Dan", "man", &["woman"], &["jazz"]).await;
    let with_ben = one.match_between(&ana, &ben).await;
    let with_dan = one.match_between(&ana, &dan).await;
    for round in 0..10 {
        let (b, d) = tokio::join!(
            two.start_call(&ben, with_ben),
            one.start_call(&dan, with_dan)
        );
        let rung: Vec<&(reqwest::StatusCode, Value)> = [&b, &d]
            .into_iter()
            .filter(|(s, _)| s.as_u16() == 200)
            .collect();
        assert_eq!(rung.len(), 1, "round {round}: Ana rung twice: {b:?} {d:?}");
        let refused = if b.0.as_u16() == 200 { &d } else { &b };
        assert_error(refused.0, &refused.1, 409, "peer_busy");
        let (caller, session) = if b.0.as_u16() == 200 {
            (&ben, &b.1)
        } else {
            (&dan, &d.1)
        };
        let session = session["session_id"].as_str().unwrap();
        let (_, ended) = two.session_action(caller, session, "end").await;
        assert_eq!(ended["status"], "cancelled", "round {round}: {ended}");
    }
}

/// Latest version of each item seen, by id.
fn remember(seen: &mut HashMap<String, Value>, list: &Value, id: &str) {
    let mut in_this_answer = std::collections::HashSet::new();
    for item in list.as_array().unwrap() {
        let key = item[id].to_string();
        assert!(
            in_this_answer.insert(key.clone()),
            "twice in one answer: {item}"
        );
        seen.insert(key, item.clone());
    }
}

#[tokio::test]
async fn a_reader_syncing_in_a_loop_while_two_instances_write_ends_with_every_change() {
    let (one, two) = two_instances().await;
    let ana = one
        .register_as("Ana", "woman", &["man"], &["jazz", "hiking"])
        .await;
    let mut peers = Vec::new();
    for i in 0..4 {
        let peer = one
            .register_as(&format!("Peer{i}"), "man", &["woman"], &["jazz"])
            .await;
        let match_id = one.match_between(&ana, &peer).await;
        peers.push((peer, match_id));
    }
    let writing = Arc::new(AtomicBool::new(true));

    // Each peer, on alternating instances: renames themself (every one of Ana's matches with them
    // changes) and rings Ana, hanging up at once (busy refusals are fine: they change nothing).
    let writers = peers.iter().enumerate().map(|(i, (peer, match_id))| {
        let (one, two) = (&one, &two);
        async move {
            for round in 0..12 {
                let app = if (i + round) % 2 == 0 { one } else { two };
                let name = format!("Peer{i} v{round}");
                let (status, body) = app
                    .request(
                        "PUT",
                        "/api/me/profile",
                        Some(&peer.token),
                        Some(json!({ "display_name": name })),
                    )
                    .await;
                assert_eq!(status.as_u16(), 200, "{body}");
                let (status, call) = app.start_call(peer, *match_id).await;
                if status.as_u16() == 200 {
                    let session = call["session_id"].as_str().unwrap();
                    app.session_action(peer, session, "end").await;
                }
            }
        }
    });
    let reader = {
        let (one, two, ana, writing) = (&one, &two, &ana, writing.clone());
        async move {
            let mut cursor = 0;
            let mut matches = HashMap::new();
            let mut calls = HashMap::new();
            let mut turn = 0;
            loop {
                let last_round = !writing.load(Ordering::SeqCst);
                let app = if turn % 2 == 0 { one } else { two };
                turn += 1;
                let (status, delta) = app
                    .get(&format!("/api/sync?cursor={cursor}"), &ana.token)
                    .await;
                assert_eq!(status.as_u16(), 200, "{delta}");
                let next = delta["cursor"].as_i64().unwrap();
                assert!(next >= cursor, "the cursor went back: {cursor} -> {next}");
                cursor = next;
                remember(&mut matches, &delta["matches"], "id");
                remember(&mut calls, &delta["calls"], "session_id");
                if last_round {
                    return (matches, calls, turn);
                }
            }
        }
    };
    let writers = async {
        join_all(writers).await;
        writing.store(false, Ordering::SeqCst);
    };
    let ((matches, calls, syncs), ()) = tokio::join!(reader, writers);
    assert!(
        syncs > 3,
        "the reader synced while the writers wrote ({syncs} syncs)"
    );

    let (_, full) = one.get("/api/sync?cursor=0", &ana.token).await;
    let mut everything = HashMap::new();
    let mut every_call = HashMap::new();
    remember(&mut everything, &full["matches"], "id");
    remember(&mut every_call, &full["calls"], "session_id");
    assert_eq!(matches, everything, "the matches as the deltas left them");
    assert_eq!(calls, every_call, "the calls as the deltas left them");
    assert!(!every_call.is_empty(), "some rings got through");
    for (peer_no, (_, match_id)) in peers.iter().enumerate() {
        assert_eq!(
            everything[&match_id.to_string()]["peer"]["display_name"],
            format!("Peer{peer_no} v11"),
        );
    }
}

#[tokio::test]
async fn instances_started_together_on_an_empty_database_migrate_it_once() {
    let config = Config::for_tests_on_postgres();
    let mut other = config.clone();
    other.listen = "127.0.0.1:0".parse().unwrap();
    let (one, two) = tokio::join!(Server::start(config.clone()), Server::start(other));
    let (one, two) = (
        one.expect("the first starts"),
        two.expect("the second starts"),
    );
    let url = config.database_url.clone().unwrap();
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let applied: Vec<(i64, bool)> =
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    let files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../migrations/server-postgres"
    ))
    .unwrap()
    .count();
    assert_eq!(applied.len(), files, "each migration once: {applied:?}");
    assert!(applied.iter().all(|(_, success)| *success), "{applied:?}");
    pool.close().await;
    one.shutdown().await;
    two.shutdown().await;
    meetcute_server::config::drop_test_database(&url)
        .await
        .unwrap();
}

#[tokio::test]
async fn sign_in_and_sign_up_limits_count_every_instance() {
    let mut config = Config::for_tests_on_postgres();
    config.login_attempts_per_minute = 3;
    config.registrations_per_ip_per_hour = 2;
    let one = spawn_with(config).await;
    let two = one.another_instance().await;
    let wrong =
        json!({ "email": "ana@example.com", "password": "wrong horse", "device_name": "x" });
    for attempt in 0..3 {
        let app = if attempt % 2 == 0 { &one } else { &two };
        let (status, body) = app
            .request("POST", "/api/auth/login", None, Some(wrong.clone()))
            .await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    for app in [&one, &two] {
        let (status, body) = app
            .request("POST", "/api/auth/login", None, Some(wrong.clone()))
            .await;
        assert_error(status, &body, 429, "rate_limited");
    }

    let registration = |n: u32| {
        json!({
            "email": format!("person{n}@example.com"), "password": "correct horse",
            "display_name": "P", "birthdate": "1990-01-01", "gender": "woman",
            "interested_in": ["man"], "device_name": "x"
        })
    };
    assert_eq!(
        one.request("POST", "/api/auth/register", None, Some(registration(1)))
            .await
            .0,
        201
    );
    assert_eq!(
        two.request("POST", "/api/auth/register", None, Some(registration(2)))
            .await
            .0,
        201
    );
    let (status, body) = one
        .request("POST", "/api/auth/register", None, Some(registration(3)))
        .await;
    assert_error(status, &body, 429, "rate_limited");
}
