//! Limits an operator sets: live sockets (`--max-sockets`) and password hashes in flight
//! (`--hash-workers`, `--hash-queue`). Beyond them: `503 server_busy` with `Retry-After`, never
//! another 5xx, and everything else keeps answering.

use crate::helpers::*;
use futures::future::join_all;
use meetcute_server::Config;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Tries to open a live socket; the refusal's status, `Retry-After` and body if refused.
async fn try_socket(app: &TestApp, who: &Person) -> Result<(), (u16, Option<String>, Value)> {
    let url = format!("{}/api/ws", app.url.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    let bearer = format!("Bearer {}", who.token).parse().unwrap();
    request.headers_mut().insert("Authorization", bearer);
    match tokio_tungstenite::connect_async(request).await {
        Ok((mut stream, _)) => {
            let _ = stream.close(None).await;
            Ok(())
        }
        Err(tungstenite::Error::Http(response)) => {
            let retry = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.body().as_deref().unwrap_or_default();
            Err((
                response.status().as_u16(),
                retry,
                serde_json::from_slice(body).unwrap_or(Value::Null),
            ))
        }
        Err(other) => panic!("not an HTTP refusal: {other}"),
    }
}

#[tokio::test]
async fn beyond_max_sockets_the_upgrade_is_refused_until_one_closes() {
    let mut config = Config::for_tests();
    config.max_sockets = 3;
    let app = spawn_with(config).await;
    let ana = app.register_as("Ana", "woman", &["man"], &[]).await;
    ana.go_offline().await; // the app's own socket would take a place
    let first = app.socket(&ana).await;
    let _second = app.socket(&ana).await;
    let _third = app.socket(&ana).await;

    let (status, retry, body) = try_socket(&app, &ana).await.expect_err("a fourth socket");
    assert_error(
        reqwest::StatusCode::from_u16(status).unwrap(),
        &body,
        503,
        "server_busy",
    );
    assert!(
        retry.is_some_and(|r| r.parse::<u32>().is_ok()),
        "Retry-After in seconds"
    );

    first.close().await;
    let since = Instant::now();
    while try_socket(&app, &ana).await.is_err() {
        assert!(
            since.elapsed() < Duration::from_secs(3),
            "no room after a socket closed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, metrics) = app.request("GET", "/metrics", None, None).await;
    let metrics = metrics.as_str().unwrap_or_default().to_owned();
    assert!(
        metrics.contains("meetcute_socket_upgrades_refused_total"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_sign_in_burst_beyond_the_hash_queue_is_told_to_retry_and_other_requests_answer() {
    let mut config = Config::for_tests();
    config.hash_workers = 1;
    config.hash_queue = 2;
    let app = spawn_with(config).await;
    let registration = json!({
        "email": "burst@example.com", "password": "correct horse", "display_name": "Ana",
        "birthdate": "1994-05-06", "gender": "woman", "interested_in": ["man"], "device_name": "x"
    });
    let (status, registered) = app
        .request("POST", "/api/auth/register", None, Some(registration))
        .await;
    assert_eq!(status, 201, "{registered}");
    let token = registered["token"].as_str().unwrap().to_owned();
    let email = "burst@example.com";
    let sign_in = json!({ "email": email, "password": "correct horse", "device_name": "burst" });
    let burst =
        (0..12).map(|_| app.request("POST", "/api/auth/login", None, Some(sign_in.clone())));
    let during = async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let started = Instant::now();
        let (status, body) = app.get("/api/matches", &token).await;
        (status, body, started.elapsed())
    };
    let (answers, (status, body, took)) = tokio::join!(join_all(burst), during);
    assert_eq!(status, 200, "{body}");
    assert!(
        took < Duration::from_secs(1),
        "matches took {took:?} during the burst"
    );
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let busy: Vec<&(reqwest::StatusCode, Value)> =
        answers.iter().filter(|(s, _)| *s == 503).collect();
    assert_eq!(
        ok + busy.len(),
        12,
        "only sign-ins and refusals: {answers:?}"
    );
    assert!(
        ok >= 1 && !busy.is_empty(),
        "{ok} signed in, {} refused",
        busy.len()
    );
    for (status, body) in busy {
        assert_error(*status, body, 503, "server_busy");
    }
}
