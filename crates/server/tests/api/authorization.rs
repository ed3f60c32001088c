//! A third person can neither see nor touch a pair's match, sessions, events or signals.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_stranger_gets_404_everywhere_and_hears_nothing() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let eve = app.register_as("Eve", "woman", &["man"], &[]).await;
    let mut eve_live = app.socket(&eve).await;
    let mut ben_live = app.socket(&ben).await;

    let (_, call) = app.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();

    let attempts = [
        (
            "POST",
            "/api/video/start-call".to_owned(),
            Some(json!({ "match_id": match_id })),
        ),
        ("POST", format!("/api/video/{session}/accept"), None),
        ("POST", format!("/api/video/{session}/decline"), None),
        ("POST", format!("/api/video/{session}/end"), None),
        ("GET", format!("/api/video/call-history/{match_id}"), None),
        (
            "POST",
            format!("/api/matches/{match_id}/decision"),
            Some(json!({ "decision": "pass" })),
        ),
        ("POST", format!("/api/matches/{match_id}/unmatch"), None),
        ("POST", format!("/api/matches/{match_id}/block"), None),
        (
            "POST",
            format!("/api/matches/{match_id}/report"),
            Some(json!({ "reason": "spam" })),
        ),
    ];
    for (method, path, body) in attempts {
        let (status, answer) = app
            .request(method, &path, Some(&eve.token), body.or(Some(json!({}))))
            .await;
        assert_error(status, &answer, 404, "not_found");
    }
    // A match that does not exist answers exactly the same.
    let (status, answer) = app.get("/api/video/call-history/999999", &eve.token).await;
    assert_error(status, &answer, 404, "not_found");

    eve_live
        .send(json!({ "type": "signal", "session_id": session, "kind": "offer", "payload": { "sdp": "evil" } }))
        .await;
    assert_eq!(eve_live.next_of("error").await["code"], "not_found");
    let heard = ben_live.drain(Duration::from_millis(300)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "signal"),
        "Ben got Eve's signal: {heard:?}"
    );

    // The call goes on; Eve hears none of it.
    app.session_action(&ben, &session, "accept").await;
    app.session_action(&ana, &session, "end").await;
    app.decide(&ana, match_id, "like").await;
    app.decide(&ben, match_id, "like").await;
    let heard = eve_live.drain(Duration::from_millis(300)).await;
    assert!(heard.is_empty(), "Eve heard {heard:?}");
    let (_, eves) = app.get("/api/matches", &eve.token).await;
    assert_eq!(eves["matches"], json!([]));
    let (_, sync) = app.get("/api/sync?cursor=0", &eve.token).await;
    assert_eq!(
        (sync["matches"].clone(), sync["calls"].clone()),
        (json!([]), json!([]))
    );
}
