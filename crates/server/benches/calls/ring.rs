//! The cross-instance ring latency: a start-call answered by one instance until `call.ringing`
//! arrives on the callee's socket on another.

use super::call;
use super::people::mutual_pair;
use futures::StreamExt;
use reqwest::Client;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Rings from a caller on `caller_url` to a callee whose socket is on `callee_url`: the time from
/// the start-call's answer (and from its request) until `call.ringing` arrives, each ring then
/// cancelled.
#[allow(clippy::print_stdout)]
pub async fn ring_latency(caller_url: &str, callee_url: &str, rings: usize) {
    let client = Client::new();
    let (a, b, match_id) = mutual_pair(&client, caller_url, 999_999).await;
    let ws = format!("{}/api/ws", callee_url.replacen("http", "ws", 1));
    let mut request = ws.into_client_request().unwrap();
    let bearer = format!("Bearer {}", b.token).parse().unwrap();
    request.headers_mut().insert("Authorization", bearer);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let mut from_answer = Vec::with_capacity(rings);
    let mut from_request = Vec::with_capacity(rings);
    let body = json!({ "match_id": match_id });
    for _ in 0..rings {
        let sent = Instant::now();
        let start = call(
            &client,
            caller_url,
            &a.token,
            "/api/video/start-call",
            Some(body.clone()),
        );
        let ringing = async {
            loop {
                let Some(Ok(Message::Text(text))) = socket.next().await else {
                    panic!("the callee's socket closed");
                };
                if text.as_str().contains(r#""type":"call.ringing""#) {
                    return Instant::now();
                }
            }
        };
        let ((session, answered), rang) =
            tokio::join!(async { (start.await, Instant::now()) }, ringing);
        from_answer.push(rang.saturating_duration_since(answered));
        from_request.push(rang - sent);
        let id = session["session_id"].as_str().unwrap();
        call(
            &client,
            caller_url,
            &a.token,
            &format!("/api/video/{id}/end"),
            Some(json!({})),
        )
        .await;
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for (label, mut list) in [("answer", from_answer), ("request", from_request)] {
        list.sort();
        let at = |p: f64| ms(list[((list.len() as f64 - 1.0) * p).round() as usize]);
        println!(
            "  ring, start-call {label} → call.ringing on the other instance: {rings} rings, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            at(0.50),
            at(0.99),
            at(1.0)
        );
    }
}
