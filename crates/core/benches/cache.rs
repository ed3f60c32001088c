//! Figures for meetcute-core with a big history: 1,000 matches and 10,000 calls.
//!
//! `cargo bench -p meetcute-core --bench cache` prints: a full delta sync of that data from
//! the local (real, in-process) server, with its bytes on the wire; then open + first
//! `matches()` on the filled cache. Targets: sync ≤ 150 ms, open + matches ≤ 20 ms.
#![allow(clippy::print_stdout)]

use chrono::{Duration as Span, Utc};
use meetcute_core::Core;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::RegisterRequest;
use meetcute_server::{Config, Server};
use sqlx::Connection;
use std::time::{Duration, Instant};

const MATCHES: i64 = 1_000;
const CALLS_PER_MATCH: i64 = 10;

#[tokio::main]
async fn main() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .try_init();
    let config = Config::for_tests();
    let server = Server::start(config.clone()).await.expect("server");
    let url = server.url();
    let me = register(&url).await;
    server.shutdown().await;
    let started = Instant::now();
    seed(config.database_url.as_deref().expect("db"), me).await;
    println!(
        "seeded {MATCHES} matches, {} calls in {:?}",
        MATCHES * CALLS_PER_MATCH,
        started.elapsed()
    );
    let server = Server::start(Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..config
    })
    .await
    .expect("server again");
    let url = server.url();

    // Full syncs into fresh caches (one retried if the background catch-up got there first).
    let wanted = std::env::var("MEETCUTE_BENCH_SYNCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5usize)
        .max(1);
    let mut full = Vec::new();
    let mut dir = tempfile::tempdir().expect("dir");
    for _ in 0..wanted * 2 {
        dir = tempfile::tempdir().expect("dir");
        let core = Core::open(dir.path(), &url).await.expect("open");
        core.sign_in("bench@meetcute.app", "bench-password")
            .await
            .expect("sign in");
        let t = Instant::now();
        let report = core.sync_report().await.expect("sync");
        let took = t.elapsed();
        core.shutdown().await;
        if report.matches as i64 == MATCHES {
            full.push((took, report));
        }
        if full.len() == wanted {
            break;
        }
    }
    assert!(!full.is_empty(), "a full sync measured");
    full.sort_by_key(|(took, _)| *took);
    let (took, report) = full[full.len() / 2];
    println!(
        "full delta sync: {} matches + {} calls in {} pages, {} bytes on the wire ({:.1} KiB), median {:.1} ms, best {:.1} ms of {} (target ≤ 150 ms)",
        report.matches,
        report.calls,
        report.pages,
        report.bytes,
        report.bytes as f64 / 1024.0,
        ms(took),
        ms(full[0].0),
        full.len()
    );

    let (server_ms, raw_bytes) = raw_sync(&url).await;
    println!(
        "  of which writing the cache {1:.1} ms, waiting for the server beyond that {0:.1} ms; \
         the server alone (one unpaged GET, {raw_bytes} bytes, best of 3): {server_ms:.1} ms",
        ms(report.fetch_time),
        ms(report.apply_time)
    );

    // Open + first matches() on the filled cache, a few times.
    let mut runs = Vec::new();
    let mut opens = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let core = Core::open(dir.path(), &url).await.expect("open");
        opens.push(t.elapsed());
        let cards = core.matches().await.expect("matches");
        runs.push(t.elapsed());
        assert_eq!(cards.len() as i64, MATCHES);
        assert!(
            cards
                .iter()
                .all(|c| c.view.call_summary.total_calls == CALLS_PER_MATCH as u32)
        );
        core.shutdown().await;
    }
    let first = runs[0];
    runs.sort();
    println!(
        "open + first matches(): first {:.1} ms, median {:.1} ms, best {:.1} ms (target ≤ 20 ms)",
        ms(first),
        ms(runs[runs.len() / 2]),
        ms(runs[0])
    );
    opens.sort();
    println!(
        "  of which open: median {:.1} ms",
        ms(opens[opens.len() / 2])
    );

    // An empty delta: what a reconnect costs when nothing changed.
    let core = Core::open(dir.path(), &url).await.expect("open");
    let t = Instant::now();
    let empty = core.sync_report().await.expect("sync");
    println!(
        "empty delta sync: {} bytes, {:.1} ms",
        empty.bytes,
        ms(t.elapsed())
    );
    core.shutdown().await;
    server.shutdown().await;
}

/// The same full sync without the core: how long the server takes to answer it.
async fn raw_sync(url: &str) -> (f64, usize) {
    let http = reqwest::Client::new();
    let login = serde_json::json!({
        "email": "bench@meetcute.app", "password": "bench-password", "device_name": "raw"
    });
    let auth: serde_json::Value = http
        .post(format!("{url}/api/auth/login"))
        .json(&login)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("login")
        .json()
        .await
        .expect("auth");
    let token = auth["token"].as_str().expect("token").to_owned();
    let mut best = f64::MAX;
    let mut bytes = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let body = http
            .get(format!("{url}/api/sync?cursor=0"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("sync")
            .bytes()
            .await
            .expect("body");
        best = best.min(ms(t.elapsed()));
        bytes = body.len();
    }
    (best, bytes)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn register(url: &str) -> i64 {
    let dir = tempfile::tempdir().expect("dir");
    let core = Core::open(dir.path(), url).await.expect("open");
    let user = core
        .register(RegisterRequest {
            email: "bench@meetcute.app".into(),
            password: "bench-password".into(),
            display_name: "Bench".into(),
            birthdate: "1990-01-01".parse().unwrap(),
            gender: Gender::Woman,
            interested_in: vec![Gender::Man],
            device_name: "bench".into(),
        })
        .await
        .expect("register");
    core.shutdown().await;
    user.id.0
}

/// Writes the history straight into the stopped server's database (its schema).
async fn seed(database_url: &str, me: i64) {
    let mut db = sqlx::SqliteConnection::connect(database_url)
        .await
        .expect("server db");
    let mut tx = db.begin().await.expect("tx");
    let now = Utc::now();
    let mut seq = 0i64;
    for m in 0..MATCHES {
        let peer: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, display_name, birthdate, gender, interested_in,
             bio, interests, created_at, last_active_at)
             VALUES (?, 'x', ?, '1991-05-05', 'man', 'woman', 'Likes long calls.', 'hiking,films', ?, ?)
             RETURNING id",
        )
        .bind(format!("peer{m}@meetcute.app"))
        .bind(format!("Peer {m}"))
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .expect("peer");
        seq += 1;
        let created = now - Span::days(30) + Span::minutes(m);
        let match_id: i64 = sqlx::query_scalar(
            "INSERT INTO matches (user_a, user_b, status, decision_a, decision_b, score,
             shared_interests, created_at, updated_at, change_seq)
             VALUES (?, ?, 'matched', 'like', 'like', 70, 'hiking', ?, ?, ?) RETURNING id",
        )
        .bind(me.min(peer))
        .bind(me.max(peer))
        .bind(created)
        .bind(created + Span::days(1))
        .bind(seq)
        .fetch_one(&mut *tx)
        .await
        .expect("match");
        for c in 0..CALLS_PER_MATCH {
            seq += 1;
            let start = created + Span::hours(c + 1);
            sqlx::query(
                "INSERT INTO call_sessions (id, match_id, caller_id, callee_id, status, created_at,
                 started_at, ended_at, end_reason, max_duration_seconds, change_seq)
                 VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)",
            )
            .bind(uuid::Uuid::new_v4()) // the server stores a UUID as sqlx does: 16 bytes
            .bind(match_id)
            .bind(if c % 2 == 0 { me } else { peer })
            .bind(if c % 2 == 0 { peer } else { me })
            .bind(start)
            .bind(start + Span::seconds(5))
            .bind(start + Span::seconds(65 + c))
            .bind(if c == 0 { "time_limit" } else { "hangup" })
            .bind(if c == 0 { Some(60) } else { None })
            .bind(seq)
            .execute(&mut *tx)
            .await
            .expect("call");
        }
    }
    sqlx::query("UPDATE change_counter SET value = ? WHERE id = 1")
        .bind(seq)
        .execute(&mut *tx)
        .await
        .expect("counter");
    tx.commit().await.expect("commit");
}
