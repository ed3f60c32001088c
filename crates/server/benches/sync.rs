//! Sync benchmark: one person with many matches and calls asks `GET /api/sync?cursor=0`, plain,
//! then with `Accept-Encoding: gzip`, then zstd. Prints bytes on the wire and the median time.
//!
//! `cargo bench -p meetcute-server --bench sync` (env: MATCHES, CALLS_PER_MATCH, RUNS)

use chrono::Duration;
use meetcute_domain::compatibility::Compatibility;
use meetcute_domain::profile::Gender;
use meetcute_domain::{
    CallSession, CallStatus, Decision, EndReason, MatchId, MatchStatus, SessionId, UserId,
};
use meetcute_server::db::{self, Db, matches, sessions, users};
use meetcute_server::{Config, Server};
use reqwest::Client;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
use serde_json::json;
use std::time::{Duration as StdDuration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `me` gets `matches` mutual matches, each with `calls_per_match` completed calls.
async fn seed(url: &str, me: UserId, matches_count: u64, calls_per_match: u64) {
    let db = Db::open(url, 1).await.expect("bench database");
    let now = db::now();
    let mut tx = db.begin().await.unwrap();
    let why = Compatibility {
        score: 80,
        shared_interests: vec!["jazz".into(), "hiking".into()],
    };
    for i in 0..matches_count {
        let email = format!("peer{i}@bench.meetcute.app");
        let peer = users::NewUser {
            email: &email,
            password_hash: "not a real hash",
            display_name: "Peer",
            birthdate: chrono::NaiveDate::from_ymd_opt(1992, 3, 4).unwrap(),
            gender: Gender::Man,
            interested_in: &[Gender::Woman],
            now,
        };
        let peer = users::insert(&mut tx, peer).await.unwrap().unwrap().id();
        let row = matches::insert_proposal(&mut tx, me, peer, &why, now)
            .await
            .unwrap()
            .unwrap();
        let mut record = row.record().unwrap();
        record.status = MatchStatus::Matched;
        record.decision_a = Some(Decision::Like);
        record.decision_b = Some(Decision::Like);
        matches::save(&mut tx, &record, now).await.unwrap();
        for c in 0..calls_per_match {
            let created_at =
                now - Duration::hours(24 * 365) + Duration::minutes((i * 100 + c) as i64);
            let session = CallSession {
                id: SessionId(uuid::Uuid::new_v4()),
                match_id: MatchId(row.id),
                caller_id: if c % 2 == 0 { me } else { peer },
                callee_id: if c % 2 == 0 { peer } else { me },
                status: CallStatus::Completed,
                created_at,
                started_at: Some(created_at + Duration::seconds(3)),
                ended_at: Some(created_at + Duration::seconds(75)),
                end_reason: Some(EndReason::Hangup),
                max_duration_seconds: (c == 0).then_some(60),
            };
            sessions::insert(&mut tx, &session, now).await.unwrap();
        }
    }
    tx.commit().await.unwrap();
    db.close().await;
}

/// Bytes received, whether they were compressed, and the time taken, for one sync.
async fn sync_once(
    client: &Client,
    url: &str,
    token: &str,
    encoding: Option<&str>,
) -> (usize, bool, StdDuration) {
    let mut request = client
        .get(format!("{url}/api/sync?cursor=0"))
        .bearer_auth(token);
    if let Some(encoding) = encoding {
        request = request.header(ACCEPT_ENCODING, encoding);
    }
    let started = Instant::now();
    let response = request.send().await.expect("sync");
    assert!(response.status().is_success(), "{}", response.status());
    let encoded = response.headers().get(CONTENT_ENCODING).is_some();
    let body = response.bytes().await.expect("body");
    (body.len(), encoded, started.elapsed())
}

fn median(mut times: Vec<StdDuration>) -> StdDuration {
    times.sort();
    times[times.len() / 2]
}

#[allow(clippy::print_stdout)]
fn main() {
    let matches_count = env_number("MATCHES", 1_000);
    let calls_per_match = env_number("CALLS_PER_MATCH", 10);
    let runs = env_number("RUNS", 7).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let config = Config::for_tests();
        let database_url = config.database_url.clone().expect("test database");
        let server = Server::start(config).await.unwrap();
        let url = server.url();
        let client = Client::new();
        let registered: serde_json::Value = client
            .post(format!("{url}/api/auth/register"))
            .json(&json!({ "email": "me@bench.meetcute.app", "password": "bench-password",
                "display_name": "Me", "birthdate": "1990-01-01", "gender": "woman",
                "interested_in": ["man"], "device_name": "bench" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = registered["token"].as_str().unwrap().to_owned();
        let me = UserId(registered["user"]["id"].as_i64().unwrap());
        seed(&database_url, me, matches_count, calls_per_match).await;
        let calls = matches_count * calls_per_match;
        for encoding in [None, Some("gzip"), Some("zstd")] {
            sync_once(&client, &url, &token, encoding).await; // warm-up
            let (mut bytes, mut encoded) = (0, false);
            let mut times = Vec::new();
            for _ in 0..runs {
                let (size, compressed, took) = sync_once(&client, &url, &token, encoding).await;
                (bytes, encoded) = (size, compressed);
                times.push(took);
            }
            println!(
                "sync cursor=0, {matches_count} matches, {calls} calls, {}: {bytes} bytes, median {:.1} ms over {runs} runs",
                if encoded {
                    encoding.unwrap_or("identity")
                } else {
                    "identity"
                },
                median(times).as_secs_f64() * 1e3,
            );
        }
        server.shutdown().await;
    });
}
