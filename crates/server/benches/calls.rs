//! Load benchmark: N pairs of mutual matches loop start-call → accept → end → history against a
//! real server on loopback. Prints throughput and latency percentiles; asserts nothing.
//!
//! `cargo bench -p meetcute-server --bench calls` (env: PAIRS, PACED_PAIRS, SECONDS, ROUNDS, RINGS,
//! BACKENDS=sqlite,postgres). The same load runs on SQLite, on PostgreSQL with one instance (live
//! publishing between instances on, then off), and on two instances sharing one PostgreSQL (a
//! pair's caller on one, its callee on the other); then the cross-instance ring latency: a start-call
//! answered by instance 1 until `call.ringing` on the callee's socket on instance 2. PostgreSQL is
//! the one of `MEETCUTE_TEST_DATABASE_URL` (a database of its own, dropped at the end).
//!
//! The saturated run (PAIRS, default 128: 256 people, at most 128 requests in flight; with 32 the
//! server mostly waits for the next request) is repeated ROUNDS times (default 3) and each is
//! printed with their median: on a shared VM the same binary varies by a quarter from one run to
//! the next. Later rounds are slower by design of the load: every cycle adds a call to its pair's
//! history and the history answer lists them all (32 pairs: ≈ 500 calls a pair after a round).
//! The paced run (1,000 requests/s) has pairs of its own (PACED_PAIRS, default 32), whose
//! histories start empty as the saturated run's did, instead of the hundreds of calls a pair the
//! saturated rounds left.

use meetcute_server::{Config, Server};
use reqwest::Client;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[path = "calls/people.rs"]
mod people;
#[path = "calls/ring.rs"]
mod ring;
use people::{Person, mutual_pair};
use ring::ring_latency;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Sends a request (POST with `body`, else GET) and checks it succeeded.
async fn send(
    client: &Client,
    url: &str,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = match body {
        Some(body) => client.post(format!("{url}{path}")).json(&body),
        None => client.get(format!("{url}{path}")),
    };
    let response = request.bearer_auth(token).send().await.expect("request");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response
}

async fn call(client: &Client, url: &str, token: &str, path: &str, body: Option<Value>) -> Value {
    let response = send(client, url, token, path, body).await;
    response.json().await.unwrap_or(Value::Null)
}

/// A pair of people with a mutual match, and the instance each of them talks to.
struct Pair {
    a: Person,
    b: Person,
    match_id: i64,
    a_url: String,
    b_url: String,
}

/// The four requests of a cycle, as reported.
const KINDS: [&str; 4] = ["start-call", "accept", "end", "history"];

/// A request's latency, and which of [`KINDS`] it was.
type Latency = (Duration, usize);

/// One cycle of four requests; latencies appended.
async fn cycle(client: &Client, pair: &Pair, latencies: &mut Vec<Latency>) {
    let (a, b, match_id) = (&pair.a, &pair.b, pair.match_id);
    let mut kind = 0;
    let mut timed = async |url: &str, token: &str, path: String, body: Option<Value>| {
        let started = Instant::now();
        let answer = call(client, url, token, &path, body).await;
        latencies.push((started.elapsed(), kind));
        kind += 1;
        answer
    };
    let session = timed(
        &pair.a_url,
        &a.token,
        "/api/video/start-call".into(),
        Some(json!({ "match_id": match_id })),
    )
    .await;
    let id = session["session_id"].as_str().unwrap().to_owned();
    let accept = format!("/api/video/{id}/accept");
    timed(&pair.b_url, &b.token, accept, Some(json!({}))).await;
    let end = format!("/api/video/{id}/end");
    timed(&pair.a_url, &a.token, end, Some(json!({}))).await;
    // The history is read whole but not parsed: it grows with every cycle, and parsing it was the
    // load generator's largest cost, on the machine (and the runtime) it shares with the server.
    let started = Instant::now();
    let path = format!("/api/video/call-history/{match_id}");
    let history = send(client, &pair.b_url, &b.token, &path, None).await;
    history.bytes().await.expect("the whole answer");
    latencies.push((started.elapsed(), kind));
}

fn percentile(sorted: &[Latency], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].0
}

async fn run(pairs: &Arc<Vec<Pair>>, seconds: u64, rate: Option<f64>) -> (f64, Vec<Latency>) {
    let all = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for i in 0..pairs.len() {
        let (pairs, all) = (pairs.clone(), all.clone());
        // With a target rate, each pair paces its cycles (4 requests each).
        let pace = rate.map(|r| Duration::from_secs_f64(4.0 * pairs.len() as f64 / r));
        tasks.push(tokio::spawn(async move {
            let client = Client::new();
            let mut latencies = Vec::new();
            // Paced pairs start spread over one pace, as people do, not all in the same instant.
            let mut next =
                Instant::now() + pace.unwrap_or_default() * i as u32 / pairs.len() as u32;
            tokio::time::sleep_until(next.into()).await;
            while Instant::now() < deadline {
                cycle(&client, &pairs[i], &mut latencies).await;
                if let Some(pace) = pace {
                    next += pace;
                    tokio::time::sleep_until(next.into()).await;
                }
            }
            all.lock().await.extend(latencies);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies = std::mem::take(&mut *all.lock().await);
    latencies.sort();
    (latencies.len() as f64 / elapsed, latencies)
}

/// Throughput and latency percentiles, then the p99 of each kind of request.
#[allow(clippy::print_stdout)]
fn report(label: &str, rate: f64, latencies: &[Latency]) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label}: {} requests, {rate:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        ms(percentile(latencies, 0.50)),
        ms(percentile(latencies, 0.99)),
        ms(latencies.last().map(|l| l.0).unwrap_or_default()),
    );
    let by_kind: Vec<String> = KINDS
        .iter()
        .enumerate()
        .map(|(kind, name)| {
            let of_kind: Vec<Latency> = latencies.iter().filter(|l| l.1 == kind).copied().collect();
            match of_kind.is_empty() {
                true => format!("{name} -"),
                false => format!("{name} {:.2}", ms(percentile(&of_kind, 0.99))),
            }
        })
        .collect();
    println!("  p99 ms by request: {}", by_kind.join(", "));
}

/// The rounds' median, and all rounds together (they last the same time: the mean of their rates).
#[allow(clippy::print_stdout)]
fn report_rates(label: &str, sorted: &[f64]) {
    let shown: Vec<String> = sorted.iter().map(|r| format!("{r:.0}")).collect();
    println!(
        "{label}: saturated: median {:.0} requests/s, all {} rounds together {:.0} requests/s ({})",
        sorted[sorted.len() / 2],
        sorted.len(),
        sorted.iter().sum::<f64>() / sorted.len() as f64,
        shown.join(", ")
    );
}

/// One load on servers at `urls` (one, or two sharing a database): saturated rounds, then paced.
async fn load(label: &str, urls: &[String], settings: &Settings) {
    let client = Client::new();
    let mut pairs = Vec::new();
    for i in 0..settings.pairs + settings.paced_pairs {
        let (a_url, b_url) = (&urls[i % urls.len()], &urls[(i + 1) % urls.len()]);
        let (a, b, match_id) = mutual_pair(&client, a_url, i).await;
        let (a_url, b_url) = (a_url.clone(), b_url.clone());
        pairs.push(Pair {
            a,
            b,
            match_id,
            a_url,
            b_url,
        });
    }
    let paced_pairs = Arc::new(pairs.split_off(settings.pairs));
    let pairs = Arc::new(pairs);
    let mut rates = Vec::new();
    for round in 1..=settings.rounds {
        let (rate, latencies) = run(&pairs, settings.seconds, None).await;
        let pairs_count = settings.pairs;
        report(
            &format!("{label}: saturated, {pairs_count} pairs, round {round}"),
            rate,
            &latencies,
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    report_rates(label, &rates);
    let (rate, latencies) = run(&paced_pairs, settings.seconds, Some(1000.0)).await;
    let paced = settings.paced_pairs;
    report(
        &format!("{label}: paced at 1,000 requests/s, {paced} other pairs"),
        rate,
        &latencies,
    );
}

struct Settings {
    pairs: usize,
    paced_pairs: usize,
    seconds: u64,
    rounds: u64,
}

/// The tests' configuration (port 0, a fresh database) with deadlines no cycle reaches.
fn bench_config(mut config: Config) -> Config {
    config.first_call_cap_secs = 60;
    config.ring_timeout_secs = 30.0;
    config
}

async fn start(config: &Config) -> Server {
    Server::start(config.clone())
        .await
        .expect("the server starts")
}

#[allow(clippy::print_stdout)]
fn main() {
    let settings = Settings {
        pairs: env_number("PAIRS", 128) as usize,
        paced_pairs: env_number("PACED_PAIRS", 32) as usize,
        seconds: env_number("SECONDS", 5),
        rounds: env_number("ROUNDS", 3).max(1),
    };
    let rings = env_number("RINGS", 1000) as usize;
    let backends = std::env::var("BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if backends.contains("sqlite") {
            let server = start(&bench_config(Config::for_tests())).await;
            load("sqlite, one instance", &[server.url()], &settings).await;
            server.shutdown().await;
        }
        if !backends.contains("postgres") {
            return;
        }
        for publishing in [true, false] {
            let mut config = bench_config(Config::for_tests_on_postgres());
            config.live_between_instances = publishing;
            let url = config.database_url.clone().unwrap_or_default();
            let server = start(&config).await;
            let label = format!(
                "postgres, one instance, publishing {}",
                if publishing { "on" } else { "off" }
            );
            load(&label, &[server.url()], &settings).await;
            server.shutdown().await;
            meetcute_server::config::drop_test_database(&url)
                .await
                .unwrap();
        }
        let config = bench_config(Config::for_tests_on_postgres());
        let url = config.database_url.clone().unwrap_or_default();
        let one = start(&config).await;
        let two = start(&config).await;
        let urls = [one.url(), two.url()];
        load("postgres, two instances", &urls, &settings).await;
        println!("postgres, two instances:");
        ring_latency(&urls[0], &urls[1], rings).await;
        one.shutdown().await;
        two.shutdown().await;
        meetcute_server::config::drop_test_database(&url)
            .await
            .unwrap();
    });
}
