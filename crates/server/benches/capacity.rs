//! Capacity of one instance: idle live sockets, a sign-in storm, a reconnect storm. The server runs
//! as its own process (the release binary), so what is measured is its memory and CPU alone.
//! Prints figures; asserts nothing.
//!
//! `cargo bench -p meetcute-server --bench capacity` (env: SOCKETS (10,000), SIGN_INS (500),
//! BACKENDS=sqlite,postgres). Every socket and every connection needs a file descriptor on both
//! sides: the bench raises its own open-files limit to the hard one (`ulimit -Hn`; the server
//! raises its own at start), and needs SOCKETS + a few hundred.

use futures::StreamExt;
use futures::future::join_all;
use meetcute_server::Config;
use reqwest::Client;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[path = "capacity/process.rs"]
mod process;
use process::Process;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// People the sockets belong to: many sockets each, as many devices would.
const PEOPLE: usize = 50;
const OPENING_AT_ONCE: usize = 200;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn until_healthy(client: &Client, url: &str) {
    for _ in 0..200 {
        if client.get(format!("{url}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} never answered");
}

async fn post(
    client: &Client,
    url: &str,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut request = client.post(format!("{url}{path}")).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Registers person `i` (women and men alternate, all into each other); their token and id.
async fn register(client: &Client, url: &str, i: usize) -> (String, i64) {
    let (gender, into) = if i.is_multiple_of(2) {
        ("woman", "man")
    } else {
        ("man", "woman")
    };
    let body = json!({ "email": format!("p{i}@capacity.meetcute.app"), "password": "capacity-password",
        "display_name": format!("P{i}"), "birthdate": "1990-01-01", "gender": gender,
        "interested_in": [into], "device_name": "bench" });
    let (status, answer) = post(client, url, "/api/auth/register", None, body).await;
    assert_eq!(status, 201, "{answer}");
    (
        answer["token"].as_str().unwrap().to_owned(),
        answer["user"]["id"].as_i64().unwrap(),
    )
}

/// A socket, or why not: the HTTP status of a refused upgrade (`None`: no answer at all).
async fn open_socket(url: &str, token: &str) -> Result<Socket, Option<u16>> {
    let ws = format!("{}/api/ws", url.replacen("http", "ws", 1));
    let mut request = ws.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|e| match e {
            tokio_tungstenite::tungstenite::Error::Http(response) => {
                Some(response.status().as_u16())
            }
            _ => None,
        })?;
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.as_str().contains("ready") => Ok(socket),
        _ => Err(None),
    }
}

/// Opens `count` sockets, spread over `tokens`, a few hundred at a time.
async fn open_sockets(url: &str, tokens: &[String], count: usize) -> Vec<Socket> {
    let mut sockets = Vec::with_capacity(count);
    for chunk in (0..count).collect::<Vec<_>>().chunks(OPENING_AT_ONCE) {
        let opened = join_all(
            chunk
                .iter()
                .map(|i| open_socket(url, &tokens[i % tokens.len()])),
        )
        .await;
        sockets.extend(
            opened
                .into_iter()
                .map(|s| s.unwrap_or_else(|e| panic!("a socket: {e:?}"))),
        );
    }
    sockets
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Start-call answered → `call.ringing` on the callee's own socket, with everything else open.
async fn ring_latency(
    client: &Client,
    url: &str,
    caller: &str,
    callee: &str,
    rings: usize,
) -> Vec<Duration> {
    let (_, found) = post(
        client,
        url,
        "/api/matches/discover",
        Some(caller),
        json!({}),
    )
    .await;
    let match_id = found["matches"][0]["id"]
        .as_i64()
        .expect("a proposal to ring");
    let mut socket = open_socket(url, callee).await.expect("the callee's socket");
    let mut latencies = Vec::with_capacity(rings);
    for _ in 0..rings {
        let (status, call) = post(
            client,
            url,
            "/api/video/start-call",
            Some(caller),
            json!({ "match_id": match_id }),
        )
        .await;
        let answered = Instant::now();
        assert_eq!(status, 200, "{call}");
        loop {
            let Some(Ok(Message::Text(text))) = socket.next().await else {
                panic!("socket closed")
            };
            if text.as_str().contains("call.ringing") {
                break;
            }
        }
        latencies.push(answered.elapsed());
        let id = call["session_id"].as_str().unwrap();
        post(
            client,
            url,
            &format!("/api/video/{id}/end"),
            Some(caller),
            json!({}),
        )
        .await;
    }
    latencies.sort();
    latencies
}

#[allow(clippy::print_stdout)]
async fn run(label: &str, database_url: &str, sockets_count: usize, sign_ins: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Process::start(database_url, port, sockets_count);
    let client = Client::new();
    let url = server.url.clone();
    until_healthy(&client, &url).await;
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        people.push(register(&client, &url, i).await);
    }
    let tokens: Vec<String> = people.iter().map(|(t, _)| t.clone()).collect();
    // A sign-in storm while others keep using the app.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let quiet = server.rss_kib();
    let storm_started = Instant::now();
    let login = |i: usize| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let body = json!({ "email": format!("p{}@capacity.meetcute.app", i % PEOPLE),
                "password": "capacity-password", "device_name": "storm" });
            post(&client, &url, "/api/auth/login", None, body).await.0
        }
    };
    let storm = tokio::spawn(join_all((0..sign_ins).map(login)));
    let mut peak = server.rss_kib();
    let mut matches_latency = Vec::new();
    while !storm.is_finished() {
        let started = Instant::now();
        let response = client
            .get(format!("{url}/api/matches"))
            .bearer_auth(&tokens[2 + matches_latency.len() % (PEOPLE - 2)])
            .send()
            .await
            .expect("matches");
        assert!(response.status().is_success());
        let _ = response.bytes().await;
        matches_latency.push(started.elapsed());
        peak = peak.max(server.rss_kib());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let statuses = storm.await.unwrap();
    let storm_took = storm_started.elapsed();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let after = server.rss_kib();
    matches_latency.sort();
    let count = |s: u16| statuses.iter().filter(|x| **x == s).count();
    let other = statuses.iter().filter(|s| **s != 200 && **s != 503).count();
    println!(
        "{label}: {sign_ins} concurrent sign-ins in {:.1} s: {} signed in, {} told 503 server_busy, {other} other; \
         RSS {:.1} MiB before, peak {:.1} MiB, {:.1} MiB 10 s after; GET /api/matches meanwhile p99 {:.2} ms ({} requests)",
        storm_took.as_secs_f64(),
        count(200),
        count(503),
        quiet as f64 / 1024.0,
        peak as f64 / 1024.0,
        after as f64 / 1024.0,
        ms(percentile(&matches_latency, 0.99)),
        matches_latency.len()
    );

    let before = server.rss_kib();
    let mut sockets = open_sockets(&url, &tokens, sockets_count).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let with = server.rss_kib();
    println!(
        "{label}: RSS {:.1} MiB before, {:.1} MiB with {sockets_count} idle sockets: {:.1} KiB a socket",
        before as f64 / 1024.0,
        with as f64 / 1024.0,
        (with.saturating_sub(before)) as f64 / sockets_count as f64
    );

    let ticks = server.cpu_ticks();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = (server.cpu_ticks() - ticks) as f64 / 10.0; // 100 ticks a second, over 10 s: % of a core
    println!("{label}: idle CPU {idle:.1} % of one core over 10 s with them open");

    let rings = ring_latency(&client, &url, &tokens[0], &tokens[1], 200).await;
    println!(
        "{label}: ring (start-call answered → call.ringing) p50 {:.2} ms, p99 {:.2} ms over {} rings",
        ms(percentile(&rings, 0.5)),
        ms(percentile(&rings, 0.99)),
        rings.len()
    );

    // A reconnect storm: the server restarts; every client returns over the window it is given.
    let restarted = Instant::now();
    server.interrupt();
    let mut replacement = Process::start(database_url, port, sockets_count);
    let windows: Vec<Duration> = join_all(sockets.iter_mut().map(|s| async move {
        loop {
            match s.next().await {
                Some(Ok(Message::Close(Some(frame)))) => {
                    let secs = frame
                        .reason
                        .as_str()
                        .strip_prefix("spread=")
                        .and_then(|s| s.parse().ok());
                    return Duration::from_secs(secs.unwrap_or(2));
                }
                None | Some(Err(_)) | Some(Ok(Message::Close(None))) => {
                    return Duration::from_secs(2);
                }
                Some(Ok(_)) => {}
            }
        }
    }))
    .await;
    drop(sockets);
    let refused = std::sync::atomic::AtomicUsize::new(0);
    let back = join_all(windows.iter().enumerate().map(|(i, window)| {
        let (url, token, refused) = (&url, &tokens[i % tokens.len()], &refused);
        async move {
            tokio::time::sleep(window.mul_f64(rand::random_range(0.0..=1.0))).await;
            let mut wait = Duration::from_millis(200);
            loop {
                match open_socket(url, token).await {
                    Ok(socket) => return socket,
                    Err(status) => {
                        if status.is_some_and(|s| s >= 500 && s != 503) {
                            refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        tokio::time::sleep(wait.mul_f64(rand::random_range(0.5..=1.0))).await;
                        wait = (wait * 2).min(Duration::from_secs(5));
                    }
                }
            }
        }
    }))
    .await;
    println!(
        "{label}: reconnect storm: all {} back {:.1} s after the restart began (window 10 s); {} other 5xx answers",
        back.len(),
        restarted.elapsed().as_secs_f64(),
        refused.into_inner()
    );
    drop(back);
    replacement.interrupt();
}

fn raise_open_files(needed: u64) {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) if limit < needed => {
            panic!("open files limited to {limit}; {needed} needed (ulimit -Hn)")
        }
        Ok(_) => {}
        Err(error) => panic!("cannot raise the open-files limit: {error}"),
    }
}

fn main() {
    let sockets = env_number("SOCKETS", 10_000) as usize;
    let sign_ins = env_number("SIGN_INS", 500) as usize;
    let backends = std::env::var("BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    raise_open_files(sockets as u64 + 512);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if backends.contains("sqlite") {
            let url = Config::for_tests().database_url.unwrap_or_default();
            run("sqlite", &url, sockets, sign_ins).await;
        }
        if backends.contains("postgres") {
            let url = Config::for_tests_on_postgres()
                .database_url
                .unwrap_or_default();
            run("postgres", &url, sockets, sign_ins).await;
            meetcute_server::config::drop_test_database(&url)
                .await
                .unwrap();
        }
    });
}
